//! Scoring: answers in, [`Assessment`] out. No I/O, no clock: every date
//! comes from `Options::as_of`. The rules are in the README, word for word.

use std::cell::RefCell;
use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};

use crate::answers::{Answer, Answers, Response};
use crate::assessment::{
    AreaResult, AsOfSource, Assessment, Context, Gap, PlannedAction, ProvisionRef, Readiness, ReferenceComparison,
    StaleEvidence, WaiverStatus,
};
use crate::catalog::Catalog;
use crate::condition::{FactValue, Facts};
use crate::questionnaire::{Action, DueRule, GapState, Question, Questionnaire, Severity};
use crate::set::QuestionnaireSet;

pub const READY_SCORE: f64 = 85.0;
pub const PARTIAL_SCORE: f64 = 50.0;
pub const EVIDENCE_CAP: f64 = 0.5;
pub const DEFAULT_MAX_EVIDENCE_AGE_DAYS: u32 = 365;

#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    pub as_of: NaiveDate,
    pub as_of_source: AsOfSource,
    pub max_evidence_age_days: u32,
    /// Leave out notes of answers marked `confidential`.
    pub redact: bool,
}

/// Decides which questions apply, following `applies_when` through profile
/// facts and other answers (memoized; cycles are rejected by validation and
/// treated as "does not apply" here).
struct Applicability<'a> {
    set: &'a QuestionnaireSet,
    answers: &'a Answers,
    memo: RefCell<BTreeMap<String, Option<bool>>>,
}

impl Facts for Applicability<'_> {
    fn fact(&self, id: &str) -> Option<&FactValue> {
        self.answers.profile.get(id)
    }

    fn answer_word(&self, question: &str) -> Option<String> {
        if !self.applies(question) {
            return None;
        }
        self.answers.answers.get(question).map(|a| a.response.word().to_string())
    }
}

impl Applicability<'_> {
    fn applies(&self, id: &str) -> bool {
        if let Some(known) = self.memo.borrow().get(id) {
            return known.unwrap_or(false);
        }
        self.memo.borrow_mut().insert(id.to_string(), None);
        let result = self.set.question(id).is_some_and(|(area, q)| {
            area.applies_when.as_ref().is_none_or(|c| c.eval(self)) && q.applies_when.as_ref().is_none_or(|c| c.eval(self))
        });
        self.memo.borrow_mut().insert(id.to_string(), Some(result));
        result
    }
}

/// Credit for an answer before the evidence cap; `None` for `n/a`.
pub fn base_credit(question: &Question, response: &Response) -> Option<f64> {
    match response {
        Response::Yes => Some(1.0),
        Response::Partial => Some(0.5),
        Response::No | Response::Unknown => Some(0.0),
        Response::NotApplicable => None,
        Response::Choice(id) => Some(question.choices.iter().find(|c| &c.id == id).map_or(0.0, |c| c.credit)),
    }
}

/// Credit after the evidence cap, and the gap state when below 1.
fn score_answer(question: &Question, answer: &Answer) -> Option<(f64, Option<GapState>)> {
    let base = base_credit(question, &answer.response)?;
    let capped = question.evidence_required && answer.evidence.is_empty() && base > EVIDENCE_CAP;
    let credit = if capped { EVIDENCE_CAP } else { base };
    let state = if credit >= 1.0 {
        None
    } else if capped {
        Some(GapState::NoEvidence)
    } else {
        Some(match answer.response {
            Response::Partial => GapState::Partial,
            Response::Unknown => GapState::Unknown,
            Response::Choice(_) if credit > 0.0 => GapState::Partial,
            _ => GapState::No,
        })
    };
    Some((credit, state))
}

pub fn assess(set: &QuestionnaireSet, catalog: &Catalog, answers: &Answers, options: &Options) -> Assessment {
    let ctx = Applicability { set, answers, memo: RefCell::new(BTreeMap::new()) };
    let mut areas = Vec::new();
    let mut gaps: Vec<(usize, Gap)> = Vec::new();
    let mut stale_evidence = Vec::new();
    for q in &set.questionnaires {
        let mut area = AreaResult {
            id: q.id.clone(),
            title: q.title.clone(),
            version: q.version.clone(),
            applicable: 0,
            answered: 0,
            gaps: 0,
            points: 0.0,
            possible: 0.0,
            score: None,
        };
        for question in q.questions.iter().filter(|x| ctx.applies(&x.id)) {
            let answer = answers.answers.get(&question.id);
            let (credit, state) = match answer {
                Some(a) => match score_answer(question, a) {
                    Some(scored) => scored,
                    None => continue, // n/a where allowed: excluded
                },
                None => (0.0, Some(GapState::Unanswered)),
            };
            let weight = question.severity.weight();
            area.applicable += 1;
            area.answered += usize::from(answer.is_some());
            area.points += weight * credit;
            area.possible += weight;
            if let Some(a) = answer
                && let Some(stale) = stale(question, a, options)
            {
                stale_evidence.push(stale);
            }
            if let Some(state) = state {
                area.gaps += 1;
                let gap = build_gap(q, question, answer, state, credit, catalog, answers, options);
                gaps.push((gaps.len(), gap));
            }
        }
        area.score = ratio(area.points, area.possible);
        areas.push(area);
    }
    let points: f64 = areas.iter().map(|a| a.points).sum();
    let possible: f64 = areas.iter().map(|a| a.possible).sum();
    let score = ratio(points, possible);
    gaps.sort_by(|(ia, a), (ib, b)| {
        b.severity
            .cmp(&a.severity)
            .then(b.points_lost.total_cmp(&a.points_lost))
            .then(ia.cmp(ib))
    });
    let mut gaps: Vec<Gap> = gaps.into_iter().map(|(_, g)| g).collect();
    let waivers = waiver_statuses(answers, &gaps, options.as_of);
    for gap in &mut gaps {
        gap.waived = waivers.iter().any(|w| w.question == gap.question && !w.expired);
    }
    let readiness = readiness(score, &gaps);
    Assessment {
        file: answers.file.clone(),
        organization: answers.organization.clone(),
        as_of: options.as_of,
        as_of_source: options.as_of_source,
        score,
        points,
        possible,
        readiness,
        areas,
        gaps,
        stale_evidence,
        max_evidence_age_days: options.max_evidence_age_days,
        waivers,
        context: context(set, answers),
        redacted: options.redact,
    }
}

/// 100 × points / possible, rounded to one decimal place; thresholds are
/// compared with the rounded figure, so the report and the gate agree.
fn ratio(points: f64, possible: f64) -> Option<f64> {
    (possible > 0.0).then(|| (1000.0 * points / possible).round() / 10.0)
}

pub fn readiness(score: Option<f64>, gaps: &[Gap]) -> Readiness {
    let Some(score) = score else { return Readiness::NotApplicable };
    let critical_gap = gaps.iter().any(|g| g.severity == Severity::Critical);
    if score >= READY_SCORE && !critical_gap {
        Readiness::Ready
    } else if score >= PARTIAL_SCORE {
        Readiness::Partial
    } else {
        Readiness::NotReady
    }
}

#[allow(clippy::too_many_arguments)]
fn build_gap(
    area: &Questionnaire,
    question: &Question,
    answer: Option<&Answer>,
    state: GapState,
    credit: f64,
    catalog: &Catalog,
    answers: &Answers,
    options: &Options,
) -> Gap {
    let provisions = question
        .provisions
        .iter()
        .filter_map(|id| catalog.provision(id))
        .map(|p| ProvisionRef { id: p.id.clone(), section: p.section.clone(), title: p.title.clone(), force: p.force })
        .collect();
    let action = question.action(state).cloned().unwrap_or_else(|| fallback_action(question, answer));
    let note = answer.filter(|a| !(options.redact && a.confidential)).and_then(|a| a.note.clone());
    Gap {
        question: question.id.clone(),
        area: area.id.clone(),
        text: question.text.clone(),
        severity: question.severity,
        state,
        answer: answer.map(|a| a.response.word().to_string()),
        credit,
        points_lost: question.severity.weight() * (1.0 - credit),
        provisions,
        action: plan(&action, answers, options.as_of),
        waived: false,
        note,
        pos: answer.map_or(answers.answers_pos, |a| a.pos),
    }
}

/// The action for required evidence that is missing, when the question does
/// not give its own.
fn fallback_action(question: &Question, answer: Option<&Answer>) -> Action {
    let text = match &question.evidence_hint {
        Some(hint) => format!("File the evidence behind this answer: {hint}"),
        None => "File the evidence behind this answer.".to_string(),
    };
    let owner = answer
        .and_then(|a| a.owner.clone())
        .or_else(|| question.action(GapState::Partial).map(|a| a.owner.clone()))
        .unwrap_or_else(|| "Question owner".to_string());
    Action { text, owner, due: None }
}

/// Turn an action's due rule into a date against `as_of` and the profile.
pub fn plan(action: &Action, answers: &Answers, as_of: NaiveDate) -> PlannedAction {
    let (due, due_rule) = match &action.due {
        None => (None, None),
        Some(DueRule::AfterAsOf { days }) => {
            (as_of.checked_add_days(Days::new(u64::from(*days))), Some(format!("{days} days after the assessment date")))
        }
        Some(DueRule::BeforeFact { fact, days }) => {
            let due = match answers.profile.get(fact) {
                Some(FactValue::Date(d)) => d.checked_sub_days(Days::new(u64::from(*days))),
                _ => None,
            };
            let rule = if due.is_some() {
                format!("{days} days before {fact}")
            } else {
                format!("{days} days before {fact} (not set in the profile)")
            };
            (due, Some(rule))
        }
    };
    PlannedAction {
        text: action.text.clone(),
        owner: action.owner.clone(),
        overdue: due.is_some_and(|d| d < as_of),
        due,
        due_rule,
    }
}

fn stale(question: &Question, answer: &Answer, options: &Options) -> Option<StaleEvidence> {
    let reviewed = answer.reviewed?;
    let age_days = (options.as_of - reviewed).num_days();
    (age_days > i64::from(options.max_evidence_age_days)).then(|| StaleEvidence {
        question: question.id.clone(),
        severity: question.severity,
        reviewed,
        age_days,
        pos: answer.pos,
    })
}

/// A waiver is good through its `expires` date and expired from the day after.
pub fn waiver_statuses(answers: &Answers, gaps: &[Gap], as_of: NaiveDate) -> Vec<WaiverStatus> {
    answers
        .waivers
        .iter()
        .map(|w| WaiverStatus {
            question: w.question.clone(),
            reason: w.reason.clone(),
            approved_by: w.approved_by.clone(),
            expires: w.expires,
            expired: as_of > w.expires,
            covers_gap: gaps.iter().any(|g| g.question == w.question),
            pos: w.pos,
        })
        .collect()
}

fn context(set: &QuestionnaireSet, answers: &Answers) -> Vec<Context> {
    set.facts
        .iter()
        .filter(|f| !f.reference_points.is_empty())
        .filter_map(|f| match answers.profile.get(&f.id) {
            Some(FactValue::Number(value)) => Some(Context {
                fact: f.id.clone(),
                prompt: f.prompt.clone(),
                value: *value,
                comparisons: f
                    .reference_points
                    .iter()
                    .map(|p| ReferenceComparison {
                        label: p.label.clone(),
                        threshold: p.value,
                        above: *value > p.value,
                        provision: p.provision.clone(),
                    })
                    .collect(),
            }),
            _ => None,
        })
        .collect()
}
