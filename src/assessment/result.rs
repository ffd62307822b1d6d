//! The result of scoring one answers file: plain data every report renders.

use chrono::NaiveDate;
use serde::Serialize;

use crate::assessment::answers::Organization;
use crate::content::catalog::Force;
use crate::content::questionnaire::{GapState, Severity};
use crate::input::source::Pos;

/// Where the assessment date came from; reports say which.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AsOfSource {
    /// `--as-of` on the command line.
    Flag,
    /// `organization.as_of` in the answers file.
    AnswersFile,
    /// Neither was given: today's date from the system clock.
    Clock,
}

impl AsOfSource {
    /// The assessment date: `--as-of`, else the file's `as_of`, else today
    /// (the only place the clock may be read, through `today`).
    pub fn resolve(
        flag: Option<NaiveDate>,
        file: Option<NaiveDate>,
        today: impl FnOnce() -> NaiveDate,
    ) -> (NaiveDate, AsOfSource) {
        match (flag, file) {
            (Some(d), _) => (d, AsOfSource::Flag),
            (None, Some(d)) => (d, AsOfSource::AnswersFile),
            (None, None) => (today(), AsOfSource::Clock),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Readiness {
    NotApplicable,
    NotReady,
    Partial,
    Ready,
}

impl Readiness {
    pub fn as_str(self) -> &'static str {
        match self {
            Readiness::Ready => "ready",
            Readiness::Partial => "partial",
            Readiness::NotReady => "not-ready",
            Readiness::NotApplicable => "not-applicable",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AreaResult {
    pub id: String,
    pub title: String,
    pub version: String,
    /// Applicable questions (those answered `n/a` excluded).
    pub applicable: usize,
    pub answered: usize,
    pub gaps: usize,
    pub points: f64,
    pub possible: f64,
    /// `None` when no question in the area applies.
    pub score: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ProvisionRef {
    pub id: String,
    pub section: String,
    pub short: String,
    pub title: String,
    pub force: Force,
    /// The subsection letters come from secondary sources; reports say so.
    pub inferred: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlannedAction {
    #[serde(rename = "do")]
    pub text: String,
    pub owner: String,
    pub due: Option<NaiveDate>,
    /// The rule, in words, e.g. "45 days before planned_trusted_partner_release".
    pub due_rule: Option<String>,
    pub overdue: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WaiverStatus {
    pub question: String,
    pub reason: String,
    pub approved_by: String,
    pub expires: NaiveDate,
    pub expired: bool,
    /// Whether the waived question is currently a gap.
    pub covers_gap: bool,
    pub pos: Pos,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Gap {
    pub question: String,
    pub area: String,
    pub text: String,
    pub severity: Severity,
    pub state: GapState,
    /// The answer given, if any (`yes`, `partial`, a choice id…).
    pub answer: Option<String>,
    pub credit: f64,
    pub points_lost: f64,
    pub provisions: Vec<ProvisionRef>,
    pub action: PlannedAction,
    pub waived: bool,
    pub note: Option<String>,
    /// The answer's decision date, for a choice that waits on one.
    pub decide_by: Option<NaiveDate>,
    /// Where the answer is, or where `answers:` is when there is none.
    pub pos: Pos,
}

/// A choice that puts a decision off (or up for review) to a date: full
/// credit through `decide_by`, half from the day after.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PendingDecision {
    pub question: String,
    /// The choice made, e.g. `wait`.
    pub answer: String,
    pub decide_by: NaiveDate,
    pub passed: bool,
    pub pos: Pos,
}

/// A gap's due rule that counts back from a profile date the profile does
/// not give; the action falls back to the part that can be computed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UndatedRule {
    pub question: String,
    /// The missing profile date, e.g. `planned_trusted_partner_release`.
    pub fact: String,
    /// The whole rule, in words.
    pub rule: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StaleEvidence {
    pub question: String,
    pub severity: Severity,
    pub reviewed: NaiveDate,
    pub age_days: i64,
    pub pos: Pos,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReferenceComparison {
    pub label: String,
    pub threshold: f64,
    pub above: bool,
    pub provision: String,
}

/// A profile number set beside outside reference points (e.g. training
/// compute against the 10^25 and 10^26 thresholds): context, not a score.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Context {
    pub fact: String,
    pub prompt: String,
    pub value: f64,
    pub comparisons: Vec<ReferenceComparison>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Assessment {
    pub file: String,
    pub organization: Organization,
    pub as_of: NaiveDate,
    pub as_of_source: AsOfSource,
    pub score: Option<f64>,
    pub points: f64,
    pub possible: f64,
    pub readiness: Readiness,
    pub areas: Vec<AreaResult>,
    pub gaps: Vec<Gap>,
    pub stale_evidence: Vec<StaleEvidence>,
    pub max_evidence_age_days: u32,
    pub waivers: Vec<WaiverStatus>,
    pub context: Vec<Context>,
    pub redacted: bool,
    /// Answers that wait on a decision date, passed or not.
    pub pending_decisions: Vec<PendingDecision>,
    /// Dated rules that could not be computed for lack of a profile date.
    pub undated_rules: Vec<UndatedRule>,
}

impl Assessment {
    pub fn applicable(&self) -> usize {
        self.areas.iter().map(|a| a.applicable).sum()
    }

    pub fn answered(&self) -> usize {
        self.areas.iter().map(|a| a.answered).sum()
    }

    pub fn open_gaps(&self, at_least: Severity) -> impl Iterator<Item = &Gap> {
        self.gaps.iter().filter(move |g| g.severity >= at_least)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn as_of_comes_from_the_flag_then_the_file_then_the_clock() {
        let d = |s| crate::input::doc::parse_date(s).unwrap();
        let clock = || d("2030-01-01");
        assert_eq!(
            AsOfSource::resolve(Some(d("2026-01-01")), Some(d("2026-02-02")), clock),
            (d("2026-01-01"), AsOfSource::Flag)
        );
        assert_eq!(
            AsOfSource::resolve(None, Some(d("2026-02-02")), clock),
            (d("2026-02-02"), AsOfSource::AnswersFile)
        );
        assert_eq!(
            AsOfSource::resolve(None, None, clock),
            (d("2030-01-01"), AsOfSource::Clock)
        );
    }
}
