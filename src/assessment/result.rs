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
    /// `--as-of` on the command line (the answers file gives no `as_of`).
    Flag,
    /// `organization.as_of` in the answers file.
    AnswersFile,
    /// Neither was given: today's date from the system clock.
    Clock,
}

/// Where the run date came from: the date the calendar is judged on
/// (waiver expiry, stale evidence, overdue actions and decision dates).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RunDateSource {
    /// `--as-of` on the command line.
    Flag,
    /// Today's date: what `mera check` uses when no `--as-of` is given.
    Clock,
    /// The assessment date: what `mera assess` uses when no `--as-of` is
    /// given, so a report of a dated file is the same on any day.
    AsOf,
}

/// The two dates an assessment uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dates {
    /// The date the answers speak for; due rules count from it.
    pub as_of: NaiveDate,
    pub as_of_source: AsOfSource,
    /// The date the calendar is judged on.
    pub run_date: NaiveDate,
    pub run_date_source: RunDateSource,
}

/// Which date a command judges the calendar on when `--as-of` is not given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Judge {
    /// The assessment date (`mera assess`: reproducible reports).
    OnAsOf,
    /// Today (`mera check`: the gate sees time pass).
    OnToday,
}

impl Dates {
    /// The assessment date is the file's `as_of`, else `--as-of`, else
    /// today. The run date is `--as-of`, else (by command) the assessment
    /// date or today. `today` is the only way the clock comes in.
    pub fn resolve(
        flag: Option<NaiveDate>,
        file: Option<NaiveDate>,
        today: NaiveDate,
        judge: Judge,
    ) -> Dates {
        let (as_of, as_of_source) = match (file, flag) {
            (Some(d), _) => (d, AsOfSource::AnswersFile),
            (None, Some(d)) => (d, AsOfSource::Flag),
            (None, None) => (today, AsOfSource::Clock),
        };
        let (run_date, run_date_source) = match (flag, judge) {
            (Some(d), _) => (d, RunDateSource::Flag),
            (None, Judge::OnToday) => (today, RunDateSource::Clock),
            (None, Judge::OnAsOf) => (as_of, RunDateSource::AsOf),
        };
        Dates {
            as_of,
            as_of_source,
            run_date,
            run_date_source,
        }
    }

    /// Both dates on one date, from the answers file (tests and examples).
    pub fn on(as_of: NaiveDate) -> Dates {
        Dates {
            as_of,
            as_of_source: AsOfSource::AnswersFile,
            run_date: as_of,
            run_date_source: RunDateSource::AsOf,
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

impl AreaResult {
    /// Applicable questions answered in full.
    pub fn passed(&self) -> usize {
        self.applicable - self.gaps
    }
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
    /// Why the question matters, from the questionnaire (SARIF's rule
    /// full description); kept out of the JSON report, whose shape is pinned.
    #[serde(skip)]
    pub why: String,
    pub severity: Severity,
    pub state: GapState,
    /// The answer given, if any (`yes`, `partial`, a choice id…).
    pub answer: Option<String>,
    pub credit: f64,
    pub points_lost: f64,
    pub provisions: Vec<ProvisionRef>,
    pub action: PlannedAction,
    pub waived: bool,
    /// What the respondent wrote beside the answer (empty when unanswered).
    #[serde(flatten)]
    pub record: AnswerRecord,
    /// The answer's decision date, for a choice that waits on one.
    pub decide_by: Option<NaiveDate>,
    /// Where the answer is, or where `answers:` is when there is none.
    pub pos: Pos,
}

/// What the respondent wrote beside an answer: their own owner, evidence,
/// review date and note, and whether the note is confidential.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct AnswerRecord {
    /// The owner the answers file names (not the questionnaire's suggested role).
    pub owner: Option<String>,
    pub evidence: Vec<String>,
    pub reviewed: Option<NaiveDate>,
    /// `None` when there is no note, or when it was withheld.
    pub note: Option<String>,
    /// The answer is marked `confidential: true`.
    pub confidential: bool,
    /// A confidential note was left out of this copy (`--redact`).
    pub note_withheld: bool,
}

impl AnswerRecord {
    /// Whether there is anything to put in an evidence register.
    pub fn has_evidence(&self) -> bool {
        !self.evidence.is_empty() || self.reviewed.is_some()
    }
}

/// An applicable question answered in full: what is in place.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Passed {
    pub question: String,
    pub area: String,
    pub text: String,
    pub severity: Severity,
    pub answer: String,
    #[serde(flatten)]
    pub record: AnswerRecord,
    pub pos: Pos,
}

/// A choice that puts a decision off (or up for review) to a date: full
/// credit through `decide_by`, half from the day after.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PendingDecision {
    pub question: String,
    /// The choice made, e.g. `wait`.
    pub answer: String,
    /// The choice's label, e.g. "Waiting for the framework's terms, with a
    /// date to decide".
    pub label: String,
    pub severity: Severity,
    pub provisions: Vec<ProvisionRef>,
    /// The owner the answers file names for the answer, if any.
    pub owner: Option<String>,
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

/// One respondent's side of an open conflict.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ConflictSide {
    pub by: String,
    pub answer: String,
    /// The respondent's date to decide by, for a choice that puts the
    /// decision off.
    pub decide_by: Option<NaiveDate>,
}

impl ConflictSide {
    /// "CISO answered wait (decide by 2026-12-11)".
    pub fn describe(&self) -> String {
        match self.decide_by {
            Some(d) => format!("{} answered {} (decide by {d})", self.by, self.answer),
            None => format!("{} answered {}", self.by, self.answer),
        }
    }
}

/// A question respondents answered differently (`conflict:` in the answers
/// file, written by `mera merge`); it scores as answered until settled.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Conflict {
    pub question: String,
    pub area: String,
    pub severity: Severity,
    pub sides: Vec<ConflictSide>,
    pub pos: Pos,
}

impl Conflict {
    /// "`tdw.release-buffer`: CISO answered yes; General Counsel answered no".
    pub fn describe(&self) -> String {
        format!("`{}`: {}", self.question, self.sides_text())
    }

    /// "CISO answered yes; General Counsel answered no", with a dated
    /// choice's date: "CISO answered wait (decide by 2026-12-11)".
    pub fn sides_text(&self) -> String {
        let sides: Vec<String> = self.sides.iter().map(ConflictSide::describe).collect();
        sides.join("; ")
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Assessment {
    pub file: String,
    pub organization: Organization,
    pub as_of: NaiveDate,
    pub as_of_source: AsOfSource,
    /// The date waivers, evidence age, overdue actions and decision dates
    /// were judged on.
    pub run_date: NaiveDate,
    pub run_date_source: RunDateSource,
    pub score: Option<f64>,
    pub points: f64,
    pub possible: f64,
    pub readiness: Readiness,
    pub areas: Vec<AreaResult>,
    pub gaps: Vec<Gap>,
    /// Applicable questions with full credit, in questionnaire order.
    pub passed: Vec<Passed>,
    pub stale_evidence: Vec<StaleEvidence>,
    pub max_evidence_age_days: u32,
    pub waivers: Vec<WaiverStatus>,
    pub context: Vec<Context>,
    /// Confidential notes were left out (`--redact`).
    pub redacted: bool,
    /// How many confidential notes this copy leaves out.
    pub withheld_notes: usize,
    /// Answers to questions that do not apply to this profile: kept in the
    /// file, not scored.
    pub inapplicable_answers: Vec<InapplicableAnswer>,
    /// Questions respondents disagree on, until someone settles them.
    pub conflicts: Vec<Conflict>,
    /// Answers that wait on a decision date, passed or not.
    pub pending_decisions: Vec<PendingDecision>,
    /// Dated rules that could not be computed for lack of a profile date.
    pub undated_rules: Vec<UndatedRule>,
    /// Content changes since the file's stamp, and answers to review
    /// (`content_changes` and `to_review` in JSON).
    #[serde(flatten)]
    pub content: crate::assessment::review::ContentReview,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct InapplicableAnswer {
    pub question: String,
    pub pos: Pos,
}

impl Assessment {
    pub fn applicable(&self) -> usize {
        self.areas.iter().map(|a| a.applicable).sum()
    }

    pub fn answered(&self) -> usize {
        self.areas.iter().map(|a| a.answered).sum()
    }

    /// Every answer with evidence or a review date, gaps and passed alike,
    /// by area, then question id: the evidence register.
    pub fn evidence_register(&self) -> Vec<(&str, &str, &AnswerRecord)> {
        let mut rows: Vec<(&str, &str, &AnswerRecord)> = self
            .gaps
            .iter()
            .map(|g| (g.question.as_str(), g.area.as_str(), &g.record))
            .chain(
                self.passed
                    .iter()
                    .map(|p| (p.question.as_str(), p.area.as_str(), &p.record)),
            )
            .filter(|(_, _, r)| r.has_evidence())
            .collect();
        let order = |area: &str| self.areas.iter().position(|a| a.id == area);
        rows.sort_by(|a, b| (order(a.1), a.0).cmp(&(order(b.1), b.0)));
        rows
    }

    /// Whether `question`'s evidence is older than the limit.
    pub fn is_stale(&self, question: &str) -> bool {
        self.stale_evidence.iter().any(|s| s.question == question)
    }

    pub fn open_gaps(&self, at_least: Severity) -> impl Iterator<Item = &Gap> {
        self.gaps.iter().filter(move |g| g.severity >= at_least)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_dates_the_answers_and_the_command_dates_the_calendar() {
        let d = |s| crate::input::doc::parse_date(s).unwrap();
        let (flag, file, today) = (d("2026-12-01"), d("2026-11-20"), d("2026-11-23"));
        // assess: the file's as_of, judged on the same date unless --as-of.
        let a = Dates::resolve(None, Some(file), today, Judge::OnAsOf);
        assert_eq!((a.as_of, a.as_of_source), (file, AsOfSource::AnswersFile));
        assert_eq!((a.run_date, a.run_date_source), (file, RunDateSource::AsOf));
        // check: judged on today, the answers still speak for their as_of.
        let c = Dates::resolve(None, Some(file), today, Judge::OnToday);
        assert_eq!((c.as_of, c.run_date), (file, today));
        assert_eq!(c.run_date_source, RunDateSource::Clock);
        // --as-of sets the run date for both commands.
        let f = Dates::resolve(Some(flag), Some(file), today, Judge::OnToday);
        assert_eq!((f.as_of, f.run_date), (file, flag));
        assert_eq!(f.run_date_source, RunDateSource::Flag);
        // A file without as_of is dated by the flag, else by the clock.
        let n = Dates::resolve(Some(flag), None, today, Judge::OnAsOf);
        assert_eq!((n.as_of, n.as_of_source), (flag, AsOfSource::Flag));
        let n = Dates::resolve(None, None, today, Judge::OnAsOf);
        assert_eq!(
            (n.as_of, n.as_of_source, n.run_date),
            (today, AsOfSource::Clock, today)
        );
    }
}
