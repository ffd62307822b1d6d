//! What changed between two assessments of the same organization: score
//! and level overall and per area, gaps closed, opened and changed, answers
//! changed, evidence that went stale, and waivers added, removed or expired.
//!
//! Both files are loaded against the current questionnaire set, so an
//! answer written under a renamed question's old id is compared under its
//! new id (`replaces`).

mod render;

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::Serialize;

use crate::assessment::answers::Answers;
use crate::assessment::{Assessment, Gap, Readiness};
use crate::content::questionnaire::{GapState, Severity};

pub use render::{RegressionCheck, render};

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Side {
    pub file: String,
    pub organization: String,
    pub as_of: NaiveDate,
    pub score: Option<f64>,
    pub readiness: Readiness,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AreaChange {
    pub id: String,
    pub title: String,
    /// The questionnaire version both files were scored against.
    pub version: String,
    pub old_score: Option<f64>,
    pub new_score: Option<f64>,
    /// New minus old, when both apply.
    pub change: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GapSide {
    pub state: GapState,
    pub answer: Option<String>,
    pub points_lost: f64,
    pub waived: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GapChange {
    pub question: String,
    pub area: String,
    pub severity: Severity,
    pub old: Option<GapSide>,
    pub new: Option<GapSide>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AnswerChange {
    pub question: String,
    pub old: Option<String>,
    pub new: Option<String>,
    /// The dates to decide by, for choices that put the decision off: a
    /// date that moved is a change even when the choice stayed.
    pub old_decide_by: Option<NaiveDate>,
    pub new_decide_by: Option<NaiveDate>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum WaiverChangeKind {
    Added,
    Removed,
    Expired,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WaiverChange {
    pub question: String,
    pub change: WaiverChangeKind,
    pub expires: NaiveDate,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StaleChange {
    pub question: String,
    pub severity: Severity,
    pub reviewed: NaiveDate,
    pub age_days: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Diff {
    /// The privilege legend, when either file is privileged (the new
    /// file's, else the old one's): a diff of privileged answers is itself
    /// privileged.
    pub legend: Option<String>,
    pub old: Side,
    pub new: Side,
    /// New score minus old, when both apply.
    pub score_change: Option<f64>,
    pub areas: Vec<AreaChange>,
    /// Gaps of the old file whose questions the new file answers well
    /// enough (or `n/a`).
    pub gaps_closed: Vec<GapChange>,
    /// Gaps of the old file whose questions no longer apply to the new one
    /// (a profile fact changed): nothing was done about them.
    pub gaps_no_longer_apply: Vec<GapChange>,
    pub gaps_opened: Vec<GapChange>,
    pub gaps_changed: Vec<GapChange>,
    pub answers_changed: Vec<AnswerChange>,
    /// Evidence stale in the new file that was not stale in the old one.
    pub evidence_went_stale: Vec<StaleChange>,
    pub waivers: Vec<WaiverChange>,
}

/// One assessed file: the scored result and the answers it came from.
#[derive(Clone, Copy, Debug)]
pub struct Assessed<'a> {
    pub assessment: &'a Assessment,
    pub answers: &'a Answers,
}

pub fn diff(old: Assessed, new: Assessed) -> Diff {
    let (o, n) = (old.assessment, new.assessment);
    Diff {
        legend: n
            .organization
            .legend()
            .or_else(|| o.organization.legend())
            .map(str::to_string),
        old: side(o),
        new: side(n),
        score_change: change(o.score, n.score),
        areas: areas(o, n),
        gaps_closed: only_in(&o.gaps, &n.gaps)
            .filter(|g| applies(new, &g.question))
            .map(|g| gap_change(g, Some(g), None))
            .collect(),
        gaps_no_longer_apply: only_in(&o.gaps, &n.gaps)
            .filter(|g| !applies(new, &g.question))
            .map(|g| gap_change(g, Some(g), None))
            .collect(),
        gaps_opened: only_in(&n.gaps, &o.gaps)
            .map(|g| gap_change(g, None, Some(g)))
            .collect(),
        gaps_changed: n
            .gaps
            .iter()
            .filter_map(|g| {
                let before = o.gaps.iter().find(|x| x.question == g.question)?;
                let differs = before.state != g.state
                    || before.answer != g.answer
                    || before.credit.to_bits() != g.credit.to_bits()
                    || before.severity != g.severity
                    || before.waived != g.waived;
                differs.then(|| gap_change(g, Some(before), Some(g)))
            })
            .collect(),
        answers_changed: answers_changed(old.answers, new.answers),
        evidence_went_stale: n
            .stale_evidence
            .iter()
            .filter(|s| !o.stale_evidence.iter().any(|x| x.question == s.question))
            .map(|s| StaleChange {
                question: s.question.clone(),
                severity: s.severity,
                reviewed: s.reviewed,
                age_days: s.age_days,
            })
            .collect(),
        waivers: waivers(o, n),
    }
}

fn side(a: &Assessment) -> Side {
    Side {
        file: a.file.clone(),
        organization: a.organization.name.clone(),
        as_of: a.as_of,
        score: a.score,
        readiness: a.readiness,
    }
}

fn change(old: Option<f64>, new: Option<f64>) -> Option<f64> {
    Some(((new? - old?) * 10.0).round() / 10.0)
}

fn areas(o: &Assessment, n: &Assessment) -> Vec<AreaChange> {
    let mut ids: Vec<&str> = n.areas.iter().map(|a| a.id.as_str()).collect();
    ids.extend(
        o.areas
            .iter()
            .map(|a| a.id.as_str())
            .filter(|id| !n.areas.iter().any(|a| a.id == *id)),
    );
    ids.into_iter()
        .map(|id| {
            let before = o.areas.iter().find(|a| a.id == id);
            let after = n.areas.iter().find(|a| a.id == id);
            let title = after
                .or(before)
                .map(|a| a.title.clone())
                .unwrap_or_default();
            let version = after
                .or(before)
                .map(|a| a.version.clone())
                .unwrap_or_default();
            let old_score = before.and_then(|a| a.score);
            let new_score = after.and_then(|a| a.score);
            AreaChange {
                id: id.to_string(),
                title,
                version,
                old_score,
                new_score,
                change: change(old_score, new_score),
            }
        })
        .collect()
}

/// Whether `question` applies to the file `a`, given it is not one of its
/// gaps: it passed, or it was answered (`n/a`) and is not listed among the
/// answers to questions that do not apply. An unanswered applicable
/// question would be a gap.
fn applies(a: Assessed, question: &str) -> bool {
    a.assessment.passed.iter().any(|p| p.question == question)
        || (a.answers.answers.contains_key(question)
            && !a
                .assessment
                .inapplicable_answers
                .iter()
                .any(|x| x.question == question))
}

fn only_in<'a>(these: &'a [Gap], not: &'a [Gap]) -> impl Iterator<Item = &'a Gap> {
    these
        .iter()
        .filter(move |g| !not.iter().any(|x| x.question == g.question))
}

fn gap_side(g: &Gap) -> GapSide {
    GapSide {
        state: g.state,
        answer: g.answer.clone(),
        points_lost: g.points_lost,
        waived: g.waived,
    }
}

fn gap_change(g: &Gap, old: Option<&Gap>, new: Option<&Gap>) -> GapChange {
    GapChange {
        question: g.question.clone(),
        area: g.area.clone(),
        severity: g.severity,
        old: old.map(gap_side),
        new: new.map(gap_side),
    }
}

fn answers_changed(old: &Answers, new: &Answers) -> Vec<AnswerChange> {
    type Given = (String, Option<NaiveDate>);
    let words = |a: &Answers| -> BTreeMap<String, Given> {
        a.answers
            .iter()
            .map(|(id, x)| (id.clone(), (x.response.word().to_string(), x.decide_by)))
            .collect()
    };
    let (o, n) = (words(old), words(new));
    let ids: BTreeSet<&String> = o.keys().chain(n.keys()).collect();
    ids.into_iter()
        .filter(|id| o.get(*id) != n.get(*id))
        .map(|id| AnswerChange {
            question: id.clone(),
            old: o.get(id).map(|(w, _)| w.clone()),
            new: n.get(id).map(|(w, _)| w.clone()),
            old_decide_by: o.get(id).and_then(|(_, d)| *d),
            new_decide_by: n.get(id).and_then(|(_, d)| *d),
        })
        .collect()
}

fn waivers(o: &Assessment, n: &Assessment) -> Vec<WaiverChange> {
    let mut out = Vec::new();
    for w in &n.waivers {
        let before = o.waivers.iter().find(|x| x.question == w.question);
        if before.is_none() {
            out.push((w.question.clone(), WaiverChangeKind::Added, w.expires));
        }
        if w.expired && before.is_none_or(|b| !b.expired) {
            out.push((w.question.clone(), WaiverChangeKind::Expired, w.expires));
        }
    }
    for w in &o.waivers {
        if !n.waivers.iter().any(|x| x.question == w.question) {
            out.push((w.question.clone(), WaiverChangeKind::Removed, w.expires));
        }
    }
    out.into_iter()
        .map(|(question, change, expires)| WaiverChange {
            question,
            change,
            expires,
        })
        .collect()
}

/// Why the new file counts as a regression against the old: the overall
/// score dropped, or an unwaived gap at or above `at_least` opened.
pub fn regressions(diff: &Diff, at_least: Severity) -> Vec<String> {
    let mut out = Vec::new();
    if let (Some(old), Some(new)) = (diff.old.score, diff.new.score)
        && new < old
    {
        out.push(format!("the score dropped from {old:.1} to {new:.1}"));
    }
    for g in &diff.gaps_opened {
        if g.severity >= at_least && !g.new.as_ref().is_some_and(|s| s.waived) {
            out.push(format!(
                "a {} gap opened: `{}`",
                g.severity.as_str(),
                g.question
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests;
