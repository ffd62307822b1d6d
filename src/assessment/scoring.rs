//! Scoring: answers in, [`Assessment`] out. No I/O, no clock: every date
//! comes from `Options::dates`. The rules are in the docs, word for word.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

use chrono::{Days, NaiveDate};

use crate::assessment::answers::{Answer, Answers, Response};
use crate::assessment::schedule::{self, Bound, Schedule, Slot};
use crate::assessment::{
    AnswerRecord, AreaResult, Assessment, ComesBefore, Context, Dates, Gap, InapplicableAnswer,
    Passed, PendingDecision, PlannedAction, ProvisionRef, Readiness, ReferenceComparison,
    ScheduledEvent, ShortOfTime, StaleEvidence, UndatedRule, UnstatedFact, WaiverStatus,
};
use crate::content::catalog::Catalog;
use crate::content::condition::{Condition, FactTest, FactValue, Facts, Tri};
use crate::content::questionnaire::{
    Action, DueRule, EventDate, GapState, Question, Questionnaire, Severity,
};
use crate::content::set::QuestionnaireSet;

pub const READY_SCORE: f64 = 85.0;
pub const PARTIAL_SCORE: f64 = 50.0;
pub const EVIDENCE_CAP: f64 = 0.5;
pub const DEFAULT_MAX_EVIDENCE_AGE_DAYS: u32 = 365;
/// Days to file missing evidence, when the question gives no `no-evidence` action.
pub const EVIDENCE_DUE_DAYS: u32 = 14;
/// Share of a dated choice's credit kept once its `decide_by` date has
/// passed, or from the start when that date is later than the day the
/// schedule needs the decision.
pub const PASSED_DECISION_SHARE: f64 = 0.5;

#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    /// The assessment date (due rules count from it) and the run date (the
    /// calendar is judged on it).
    pub dates: Dates,
    pub max_evidence_age_days: u32,
    /// Leave out notes of answers marked `confidential`.
    pub redact: bool,
}

impl Options {
    /// Both dates on `as_of`, the default evidence age, nothing redacted.
    pub fn on(as_of: NaiveDate) -> Options {
        Options {
            dates: Dates::on(as_of),
            max_evidence_age_days: DEFAULT_MAX_EVIDENCE_AGE_DAYS,
            redact: false,
        }
    }
}

/// Decides which questions apply, following `applies_when` through profile
/// facts, other answers and complete declines (memoized; cycles are
/// rejected by validation and treated as "does not apply" here). A test of
/// an unstated fact may hold either way, so it never switches a question
/// off.
struct Applicability<'a> {
    set: &'a QuestionnaireSet,
    answers: &'a Answers,
    /// Declines lapse once their `decide_by` date has passed on this date.
    run_date: NaiveDate,
    /// The day each question with a dated choice is needed by: a choice
    /// dated later is not in force either.
    needed: BTreeMap<String, NaiveDate>,
    /// Values tried for unstated facts (to find what they keep open).
    trial: Vec<(&'a str, FactValue)>,
    /// Per questionnaire, per question: `None` unknown, `Some(None)` being
    /// decided (a cycle), `Some(Some(b))` decided.
    memo: RefCell<Vec<Vec<Option<Option<bool>>>>>,
    declined: RefCell<BTreeMap<String, Option<bool>>>,
}

impl Facts for Applicability<'_> {
    fn fact(&self, id: &str) -> Option<&FactValue> {
        match self.trial.iter().find(|(fact, _)| *fact == id) {
            Some((_, value)) => Some(value),
            None => self.answers.profile.get(id),
        }
    }

    fn answer_word(&self, question: &str) -> Option<String> {
        if !self.applies(question) {
            return None;
        }
        self.answers
            .answers
            .get(question)
            .map(|a| a.settled().word().to_string())
    }

    fn declined(&self, decision: &str) -> bool {
        if let Some(known) = self.declined.borrow().get(decision) {
            return known.unwrap_or(false);
        }
        self.declined
            .borrow_mut()
            .insert(decision.to_string(), None);
        let result = self.decline_complete(decision);
        self.declined
            .borrow_mut()
            .insert(decision.to_string(), Some(result));
        result
    }
}

impl<'a> Applicability<'a> {
    fn new(set: &'a QuestionnaireSet, answers: &'a Answers, dates: Dates) -> Self {
        let memo = set
            .questionnaires
            .iter()
            .map(|q| vec![None; q.questions.len()])
            .collect();
        Applicability {
            set,
            answers,
            run_date: dates.run_date,
            needed: schedule::needed_dates(set, &answers.profile, dates.as_of),
            trial: Vec::new(),
            memo: RefCell::new(memo),
            declined: RefCell::new(BTreeMap::new()),
        }
    }

    fn applies(&self, id: &str) -> bool {
        let Some((qi, xi)) = self.set.position(id) else {
            return false;
        };
        if let Some(known) = self.memo.borrow()[qi][xi] {
            return known.unwrap_or(false);
        }
        self.memo.borrow_mut()[qi][xi] = Some(None);
        let area = &self.set.questionnaires[qi];
        let q = &area.questions[xi];
        let result = area.applies_when.as_ref().is_none_or(|c| c.eval(self))
            && q.applies_when.as_ref().is_none_or(|c| c.eval(self));
        self.memo.borrow_mut()[qi][xi] = Some(Some(result));
        result
    }

    /// Whether `answer` to `question` is in force: anything but a dated
    /// choice whose date has passed on the run date or is later than the
    /// day the decision is needed.
    fn in_force(&self, question: &str, answer: &Answer) -> bool {
        let dated = match answer.settled() {
            Response::Choice(c) => self
                .set
                .question(question)
                .and_then(|(_, q)| q.choice(c))
                .is_some_and(|c| c.needs_decide_by),
            _ => false,
        };
        !dated
            || answer.decide_by.is_some_and(|by| {
                !decision_date_passed(by, self.run_date)
                    && self.needed.get(question).is_none_or(|n| by <= *n)
            })
    }

    /// A decline closes questions only when it is complete and current:
    /// recorded (see [`Self::decline_recorded`]) and in force (its date to
    /// revisit neither passed nor later than the day it is needed).
    fn decline_complete(&self, id: &str) -> bool {
        let in_force = self
            .answers
            .answers
            .get(id)
            .is_some_and(|a| self.in_force(id, a));
        in_force && self.decline_recorded(id)
    }

    /// A decline is recorded when the decision applies and is answered with
    /// one of its declines (no open conflict), its record question is
    /// answered `yes` with evidence, and each path question `yes` (with
    /// evidence where it requires it). Until then it earns no credit.
    fn decline_recorded(&self, id: &str) -> bool {
        let Some((_, q)) = self.set.question(id) else {
            return false;
        };
        let Some(d) = &q.decision else {
            return false;
        };
        let Some(a) = self.answers.answers.get(id).filter(|_| self.applies(id)) else {
            return false;
        };
        let declining = matches!(a.settled(), Response::Choice(c) if q.is_decline(c));
        // The path is judged as if the decline were in force, so that a
        // recorded decline whose date has passed still counts as recorded.
        let done = |x: &str| {
            let need_evidence = x == d.record
                || self
                    .set
                    .question(x)
                    .is_some_and(|(_, x)| x.evidence_required);
            let question = self.set.question(x).map(|(_, q)| q);
            self.answers.answers.get(x).is_some_and(|a| {
                *a.settled() == Response::Yes
                    && (!need_evidence
                        || question.map_or(a.has_real_evidence(), |q| a.has_evidence_for(q)))
            })
        };
        declining && done(&d.record) && d.path.iter().all(|p| done(p))
    }
}

/// The ids of the questions that apply to `answers` on `run_date` (a lapsed
/// decline no longer closes anything), by the rule [`assess`] uses (for the
/// interview, which asks only those).
pub fn applicable_questions(
    set: &QuestionnaireSet,
    answers: &Answers,
    dates: Dates,
) -> BTreeSet<String> {
    let ctx = Applicability::new(set, answers, dates);
    set.question_ids()
        .filter(|id| ctx.applies(id))
        .map(str::to_string)
        .collect()
}

/// Whether a decision date has gone by on `run_date`: it holds through
/// `decide_by` and has passed from the next day. The one place that
/// compares it with a date.
pub fn decision_date_passed(decide_by: NaiveDate, run_date: NaiveDate) -> bool {
    run_date > decide_by
}

/// Credit for an answer before the evidence cap; `None` for `n/a`. A choice
/// that waits on a date keeps its credit through `decide_by`, and half of it
/// once the date has passed, or from the start when `late` (the date is
/// after the day the schedule needs the decision).
pub fn base_credit(
    question: &Question,
    answer: &Answer,
    options: &Options,
    late: bool,
) -> Option<f64> {
    let response = answer.settled();
    let credit = response_credit(question, response)?;
    let dated = match response {
        Response::Choice(id) => question.choice(id).is_some_and(|c| c.needs_decide_by),
        _ => false,
    };
    let halved = dated
        && (late
            || answer
                .decide_by
                .is_none_or(|d| decision_date_passed(d, options.dates.run_date)));
    Some(if halved {
        credit * PASSED_DECISION_SHARE
    } else {
        credit
    })
}

/// The credit a response earns on its own (rule 2), before any decision
/// date or evidence cap; `None` for `n/a`.
pub fn response_credit(question: &Question, response: &Response) -> Option<f64> {
    match response {
        Response::Yes => Some(1.0),
        Response::Partial => Some(0.5),
        Response::No | Response::Unknown => Some(0.0),
        Response::NotApplicable => None,
        Response::Choice(id) => Some(question.choice(id).map_or(0.0, |c| c.credit)),
    }
}

/// Credit after the evidence cap, and the gap state when below 1.
fn score_answer(
    question: &Question,
    answer: &Answer,
    options: &Options,
    late: bool,
) -> Option<(f64, Option<GapState>)> {
    let base = base_credit(question, answer, options, late)?;
    let capped =
        question.evidence_required && !answer.has_evidence_for(question) && base > EVIDENCE_CAP;
    let credit = if capped { EVIDENCE_CAP } else { base };
    let state = if credit >= 1.0 {
        None
    } else if capped {
        Some(GapState::NoEvidence)
    } else {
        Some(match answer.settled() {
            Response::Partial => GapState::Partial,
            Response::Unknown => GapState::Unknown,
            Response::Choice(_) if credit > 0.0 => GapState::Partial,
            _ => GapState::No,
        })
    };
    Some((credit, state))
}

/// The severity a question counts at: lowered while its `lower_severity`
/// condition surely holds (a stated fact, a complete decline).
fn severity(question: &Question, ctx: &Applicability) -> Severity {
    match &question.lower_severity {
        Some(l) if l.when.eval3(ctx) == Tri::Yes => l.to,
        _ => question.severity,
    }
}

/// One applicable question, scored.
struct Line<'a> {
    area: usize,
    question: &'a Question,
    answer: Option<&'a Answer>,
    severity: Severity,
    credit: f64,
    state: Option<GapState>,
    /// For a decision put off past the day the schedule needs it: that day.
    late: Option<NaiveDate>,
    /// A decline that is not yet recorded: it earns nothing until it is.
    unrecorded_decline: bool,
}

impl Line<'_> {
    /// The action for the line's gap state, if it is a gap.
    fn action(&self, answer_owner: Option<&str>) -> Option<Action> {
        let state = self.state?;
        Some(if self.unrecorded_decline {
            unrecorded_decline_action(self.question, answer_owner)
        } else if let Some(needed) = self.late {
            late_action(self.question, needed, answer_owner)
        } else {
            action_for(self.question, state, self.answer)
        })
    }
}

pub fn assess(
    set: &QuestionnaireSet,
    catalog: &Catalog,
    answers: &Answers,
    options: &Options,
) -> Assessment {
    let as_of = options.dates.as_of;
    let ctx = Applicability::new(set, answers, options.dates);
    let applies = |id: &str| ctx.applies(id);
    let event_dates = schedule::event_dates(set, &answers.profile);
    let mut lines: Vec<Line> = Vec::new();
    let mut pending_decisions = Vec::new();
    for (ai, area) in set.questionnaires.iter().enumerate() {
        for question in area.questions.iter().filter(|x| ctx.applies(&x.id)) {
            let answer = answers.answers.get(&question.id);
            let mut late = None;
            if let Some(a) = answer
                && let Some(mut p) = pending(question, a, catalog, options)
            {
                p.needed_by = ctx.needed.get(&question.id).copied();
                if let Some(n) = p.needed_by
                    && p.decide_by > n
                {
                    p.late = true;
                    late = Some(n);
                }
                pending_decisions.push(p);
            }
            let unrecorded_decline = answer.is_some_and(|a| {
                matches!(a.settled(), Response::Choice(c) if question.is_decline(c))
                    && !ctx.decline_recorded(&question.id)
            });
            let (credit, state) = match answer {
                Some(_) if unrecorded_decline => (0.0, Some(GapState::No)),
                Some(a) => match score_answer(question, a, options, late.is_some()) {
                    Some(scored) => scored,
                    None => continue, // n/a where allowed: excluded
                },
                None => (0.0, Some(GapState::Unanswered)),
            };
            // A question a decision's decline or deferral adds is the cost
            // of not taking part: it earns no credit, so until it is
            // answered in full it loses its whole weight, and once it is it
            // leaves the score. It never lifts a decline or a wait above
            // taking part.
            let added = set.graph().adds(&question.id);
            if added && state.is_none() {
                lines.push(Line {
                    area: ai,
                    question,
                    answer,
                    severity: severity(question, &ctx),
                    credit: 0.0,
                    state: None,
                    late: None,
                    unrecorded_decline: false,
                });
                continue;
            }
            let credit = if added { 0.0 } else { credit };
            lines.push(Line {
                area: ai,
                question,
                answer,
                severity: severity(question, &ctx),
                credit,
                state,
                late: late.filter(|_| state.is_some() && !unrecorded_decline),
                unrecorded_decline,
            });
        }
    }
    // Each open gap's own due date, then the one schedule over them.
    let own: BTreeMap<&str, NaiveDate> = lines
        .iter()
        .filter_map(|l| {
            let date = match l.late {
                Some(needed) => needed,
                None => {
                    let action = l.action(l.answer.and_then(|a| a.owner.as_deref()))?;
                    due_date(action.due.as_ref()?, answers, as_of)?
                }
            };
            Some((l.question.id.as_str(), date))
        })
        .collect();
    let own_of = |id: &str| own.get(id).copied();
    // A decision put off to a date in time is taken on that date: what comes
    // before it comes before that date.
    let put_off: BTreeMap<&str, NaiveDate> = pending_decisions
        .iter()
        .filter(|p| !p.passed && !p.late && !own.contains_key(p.question.as_str()))
        .map(|p| (p.question.as_str(), p.decide_by))
        .collect();
    let decide_by = |id: &str| put_off.get(id).copied();
    let sched = Schedule::new(set, &event_dates, &applies, &own_of).fixing(&decide_by);
    let mut areas: Vec<AreaResult> = set
        .questionnaires
        .iter()
        .map(|q| AreaResult {
            id: q.id.clone(),
            title: q.title.clone(),
            version: q.version.clone(),
            applicable: 0,
            answered: 0,
            gaps: 0,
            points: 0.0,
            possible: 0.0,
            score: None,
        })
        .collect();
    let mut gaps: Vec<(usize, Gap)> = Vec::new();
    let mut stale_evidence = Vec::new();
    let mut passed = Vec::new();
    for line in &lines {
        let area = &mut areas[line.area];
        let counted = line.state.is_some() || !set.graph().adds(&line.question.id);
        let weight = if counted { line.severity.weight() } else { 0.0 };
        area.applicable += 1;
        area.answered += usize::from(line.answer.is_some());
        area.points += weight * line.credit;
        area.possible += weight;
        if let Some(a) = line.answer
            && let Some(stale) = stale(line.question, line.severity, a, options)
        {
            stale_evidence.push(stale);
        }
        if line.state.is_some() {
            area.gaps += 1;
            let gap = build_gap(
                &set.questionnaires[line.area],
                line,
                &sched,
                set,
                catalog,
                answers,
                options,
            );
            gaps.push((gaps.len(), gap));
        } else if let Some(a) = line.answer {
            passed.push(Passed {
                question: line.question.id.clone(),
                area: set.questionnaires[line.area].id.clone(),
                text: line.question.text.clone(),
                severity: line.severity,
                answer: a.settled().word().to_string(),
                record: record(line.question, Some(a), options.redact),
                pos: a.pos,
            });
        }
    }
    for area in &mut areas {
        area.score = ratio(area.points, area.possible);
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
    let waivers = waiver_statuses(answers, &gaps, options.dates.run_date);
    for gap in &mut gaps {
        gap.waived = waivers
            .iter()
            .any(|w| w.question == gap.question && !w.expired);
    }
    let readiness = readiness(score, &gaps);
    let withheld_notes = gaps
        .iter()
        .map(|g| &g.record)
        .chain(passed.iter().map(|p| &p.record))
        .filter(|r| r.note_withheld)
        .count();
    let undated_rules = undated_rules(set, answers, &event_dates, &gaps);
    let short_of_time = short_of_time(set, &sched, &gaps);
    Assessment {
        file: answers.file.clone(),
        organization: answers.organization.clone(),
        as_of,
        as_of_source: options.dates.as_of_source,
        run_date: options.dates.run_date,
        run_date_source: options.dates.run_date_source,
        score,
        points,
        possible,
        readiness,
        areas,
        gaps,
        passed,
        stale_evidence,
        max_evidence_age_days: options.max_evidence_age_days,
        waivers,
        context: context(set, answers),
        redacted: options.redact,
        withheld_notes,
        inapplicable_answers: inapplicable(&ctx, answers),
        conflicts: conflicts(set, answers, |id| ctx.applies(id)),
        pending_decisions,
        undated_rules,
        unstated_facts: unstated_facts(set, answers, &ctx),
        events: scheduled_events(set, catalog, &event_dates),
        short_of_time,
        content: crate::assessment::review::review(set, answers, |id| ctx.applies(id)),
    }
}

/// What to do about a decline not yet recorded: record it and answer its
/// path, or take another decision.
fn unrecorded_decline_action(question: &Question, owner: Option<&str>) -> Action {
    let owner = owner
        .map(str::to_string)
        .or_else(|| question.action(GapState::No).map(|a| a.owner.clone()))
        .unwrap_or_else(|| "Question owner".to_string());
    let text = match &question.decision {
        Some(d) if !d.path.is_empty() => format!(
            "Complete the decline: answer `{}` yes with the record as evidence, and {} yes; until then the decline counts as no decision.",
            d.record,
            d.path
                .iter()
                .map(|p| format!("`{p}`"))
                .collect::<Vec<_>>()
                .join(" and ")
        ),
        Some(d) => format!(
            "Complete the decline: answer `{}` yes with the record as evidence; until then the decline counts as no decision.",
            d.record
        ),
        None => "Record the decline.".to_string(),
    };
    Action {
        text,
        owner,
        due: Some(DueRule::AfterAsOf { days: 14 }),
    }
}

/// What to do about a decision put off past the day it is needed.
fn late_action(question: &Question, needed: NaiveDate, owner: Option<&str>) -> Action {
    let owner = owner
        .map(str::to_string)
        .or_else(|| question.action(GapState::Partial).map(|a| a.owner.clone()))
        .unwrap_or_else(|| "Question owner".to_string());
    Action {
        text: format!(
            "The date set to decide or revisit is later than the schedule allows: take the decision by {needed}, or set `decide_by` no later than that and record why."
        ),
        owner,
        due: None,
    }
}

/// What the respondent wrote beside an answer; a confidential note is
/// withheld (and marked as such) when redacting, and so is evidence counsel
/// holds (what is shown is that it exists and who holds it). Placeholder
/// evidence is left out: it is not evidence.
fn record(question: &Question, answer: Option<&Answer>, redact: bool) -> AnswerRecord {
    let Some(a) = answer else {
        return AnswerRecord::default();
    };
    let withheld = redact && a.confidential && a.note.is_some();
    let holder = a.evidence_holder(question).map(str::to_string);
    let evidence_withheld = redact && holder.is_some() && a.has_real_evidence();
    AnswerRecord {
        owner: a.owner.clone(),
        evidence: if evidence_withheld {
            Vec::new()
        } else {
            a.real_evidence().cloned().collect()
        },
        evidence_held_by: holder,
        evidence_withheld,
        reviewed: a.reviewed,
        note: if withheld { None } else { a.note.clone() },
        confidential: a.confidential,
        note_withheld: withheld,
    }
}

/// Answers whose questions do not apply to this profile, in file order.
fn inapplicable(ctx: &Applicability, answers: &Answers) -> Vec<InapplicableAnswer> {
    let mut list: Vec<InapplicableAnswer> = answers
        .answers
        .iter()
        .filter(|(id, _)| !ctx.applies(id))
        .map(|(id, a)| InapplicableAnswer {
            question: id.clone(),
            pos: a.pos,
        })
        .collect();
    list.sort_by_key(|a| a.pos);
    list
}

/// More value combinations than this for one question's unstated facts and
/// each fact is tried alone.
const MAX_TRIALS: usize = 4096;

/// Profile facts left unstated, each with the applicable questions it
/// keeps open. A question is kept open when some values of the unstated
/// facts its conditions test would switch it off; it is listed under each
/// of those facts whose value can change the outcome, alone or together
/// with another (a question an area opens for either of two unstated facts
/// is listed under both, though stating one alone may not close it).
fn unstated_facts<'a>(
    set: &'a QuestionnaireSet,
    answers: &'a Answers,
    ctx: &Applicability<'a>,
) -> Vec<UnstatedFact> {
    let mut tested: BTreeSet<&str> = BTreeSet::new();
    for area in &set.questionnaires {
        let conditions = area.applies_when.iter().chain(
            area.questions
                .iter()
                .filter_map(|q| q.applies_when.as_ref()),
        );
        for c in conditions {
            c.visit(&mut |leaf| {
                if let Condition::Fact { fact, test, .. } = leaf
                    && !matches!(test, FactTest::Present(_))
                    && !answers.profile.contains_key(fact)
                {
                    tested.insert(fact);
                }
            });
        }
    }
    let trial = |values: Vec<(&'a str, FactValue)>| Applicability::<'a> {
        trial: values,
        memo: RefCell::new(
            set.questionnaires
                .iter()
                .map(|q| vec![None; q.questions.len()])
                .collect(),
        ),
        declined: RefCell::new(BTreeMap::new()),
        needed: ctx.needed.clone(),
        ..*ctx
    };
    let mut kept: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for id in set.question_ids().filter(|id| ctx.applies(id)) {
        let facts: Vec<String> =
            crate::content::reachability::unstated_facts(set, id, &answers.profile)
                .into_iter()
                .filter(|f| tested.contains(f.as_str()))
                .collect();
        if facts.is_empty() {
            continue;
        }
        let domains: Vec<(&str, Vec<FactValue>)> = facts
            .iter()
            .filter_map(|f| tested.get(f.as_str()).copied())
            .map(|f| {
                let values = crate::content::reachability::domain(set, f)
                    .into_iter()
                    .flatten()
                    .collect();
                (f, values)
            })
            .collect();
        let combos = domains
            .iter()
            .try_fold(1usize, |n, (_, d)| n.checked_mul(d.len().max(1)));
        match combos.filter(|n| *n <= MAX_TRIALS) {
            Some(total) => {
                // The outcome under every combination, then each fact whose
                // value alone changes it somewhere.
                let radix: Vec<usize> = domains.iter().map(|(_, d)| d.len().max(1)).collect();
                let outcome: Vec<bool> = (0..total)
                    .map(|mut n| {
                        let mut values = Vec::new();
                        for (fact, d) in &domains {
                            if let Some(v) = d.get(n % d.len().max(1)) {
                                values.push((*fact, v.clone()));
                            }
                            n /= d.len().max(1);
                        }
                        trial(values).applies(id)
                    })
                    .collect();
                if outcome.iter().all(|a| *a) {
                    continue;
                }
                let mut stride = 1;
                for (i, (fact, _)) in domains.iter().enumerate() {
                    let matters = (0..total).any(|n| {
                        let digit = (n / stride) % radix[i];
                        (0..radix[i]).any(|other| {
                            let m = n - digit * stride + other * stride;
                            outcome[m] != outcome[n]
                        })
                    });
                    if matters {
                        kept.entry(fact).or_default().insert(id);
                    }
                    stride *= radix[i];
                }
            }
            None => {
                for (fact, d) in &domains {
                    if d.iter()
                        .any(|v| !trial(vec![(*fact, v.clone())]).applies(id))
                    {
                        kept.entry(fact).or_default().insert(id);
                    }
                }
            }
        }
    }
    let mut out: Vec<UnstatedFact> = kept
        .into_iter()
        .map(|(fact, ids)| UnstatedFact {
            fact: fact.to_string(),
            prompt: set
                .fact(fact)
                .map(|f| f.prompt.trim().to_string())
                .unwrap_or_default(),
            questions: set
                .question_ids()
                .filter(|id| ids.contains(id))
                .map(str::to_string)
                .collect(),
        })
        .collect();
    out.sort_by(|a, b| a.fact.cmp(&b.fact));
    out
}

/// Open conflicts on questions that apply, in questionnaire order.
fn conflicts(
    set: &QuestionnaireSet,
    answers: &Answers,
    applies: impl Fn(&str) -> bool,
) -> Vec<crate::assessment::Conflict> {
    set.questionnaires
        .iter()
        .flat_map(|q| q.questions.iter().map(move |x| (q, x)))
        .filter_map(|(q, x)| {
            let a = answers.answers.get(&x.id)?;
            (!a.conflict.is_empty() && applies(&x.id)).then(|| crate::assessment::Conflict {
                question: x.id.clone(),
                area: q.id.clone(),
                severity: x.severity,
                sides: a
                    .conflict
                    .iter()
                    .map(|c| crate::assessment::ConflictSide {
                        by: c.by.clone(),
                        answer: c.response.word().to_string(),
                        decide_by: c.decide_by,
                    })
                    .collect(),
                pos: a.pos,
            })
        })
        .collect()
}

fn pending(
    question: &Question,
    answer: &Answer,
    catalog: &Catalog,
    options: &Options,
) -> Option<PendingDecision> {
    let Response::Choice(id) = answer.settled() else {
        return None;
    };
    let decide_by = answer.decide_by?;
    let choice = question.choice(id).filter(|c| c.needs_decide_by)?;
    Some(PendingDecision {
        question: question.id.clone(),
        answer: id.clone(),
        label: choice.label.clone(),
        severity: question.severity,
        provisions: provision_refs(question, catalog),
        owner: answer.owner.clone(),
        decide_by,
        passed: decision_date_passed(decide_by, options.dates.run_date),
        needed_by: None,
        late: false,
        pos: answer.pos,
    })
}

/// A question's provisions as reports cite them.
fn provision_refs(question: &Question, catalog: &Catalog) -> Vec<ProvisionRef> {
    refs(&question.provisions, catalog)
}

fn refs(ids: &[String], catalog: &Catalog) -> Vec<ProvisionRef> {
    ids.iter()
        .filter_map(|id| catalog.provision(id))
        .map(|p| ProvisionRef {
            id: p.id.clone(),
            section: p.section.clone(),
            short: p.label().to_string(),
            title: p.title.clone(),
            force: p.force,
            inferred: p.inferred,
            general_law: p.general_law,
        })
        .collect()
}

/// The events the profile dates, in date order, with their provisions.
fn scheduled_events(
    set: &QuestionnaireSet,
    catalog: &Catalog,
    dates: &BTreeMap<String, NaiveDate>,
) -> Vec<ScheduledEvent> {
    let mut out: Vec<ScheduledEvent> = set
        .events
        .iter()
        .filter_map(|e| {
            Some(ScheduledEvent {
                id: e.id.clone(),
                label: e.label.trim().to_string(),
                date: *dates.get(&e.id)?,
                provisions: refs(&e.provisions, catalog),
            })
        })
        .collect();
    out.sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
    out
}

/// The gaps whose date would count back from a profile date that is
/// missing: a due rule's part, or a `precedes` entry naming an event that
/// takes its date from the missing fact. The action keeps what can be
/// computed.
fn undated_rules(
    set: &QuestionnaireSet,
    answers: &Answers,
    event_dates: &BTreeMap<String, NaiveDate>,
    gaps: &[Gap],
) -> Vec<UndatedRule> {
    let mut out = Vec::new();
    for gap in gaps {
        let Some((area, question)) = set.question(&gap.question) else {
            continue;
        };
        if let Some(rule) = question.action(gap.state).and_then(|a| a.due.as_ref()) {
            for part in rule.parts() {
                if let DueRule::BeforeFact { fact, .. } = part
                    && !answers.profile.contains_key(fact)
                {
                    out.push(UndatedRule {
                        question: gap.question.clone(),
                        fact: fact.clone(),
                        rule: rule.describe(),
                    });
                }
            }
        }
        for p in area.precedes.iter().chain(&question.precedes) {
            let crate::content::questionnaire::Target::Event(id) = &p.target else {
                continue;
            };
            let Some(event) = set.event(id).filter(|_| !event_dates.contains_key(id)) else {
                continue;
            };
            if let EventDate::Fact { fact, .. } = &event.date {
                out.push(UndatedRule {
                    question: gap.question.clone(),
                    fact: fact.clone(),
                    rule: format!("{} days before {}", p.lead, event.label.trim()),
                });
            }
        }
    }
    out
}

/// Per event, the open actions whose lead time before it is already lost
/// (the schedule wanted them before the assessment date), so reports can
/// say once that the work no longer fits and what the sources allow.
fn short_of_time(set: &QuestionnaireSet, sched: &Schedule, gaps: &[Gap]) -> Vec<ShortOfTime> {
    let mut out: Vec<ShortOfTime> = Vec::new();
    for gap in gaps.iter().filter(|g| !g.waived) {
        let Some(lost) = gap.action.lead_time_lost_days else {
            continue;
        };
        if gap.action.comes_before.is_none() {
            continue;
        }
        let Some((id, date)) = sched.root_event(&gap.question) else {
            continue;
        };
        let Some(event) = set.event(&id) else {
            continue;
        };
        match out.iter_mut().find(|s| s.event == id) {
            Some(s) => {
                s.questions.push(gap.question.clone());
                s.most_days_lost = s.most_days_lost.max(lost);
            }
            None => out.push(ShortOfTime {
                event: id.clone(),
                label: event.label.trim().to_string(),
                date,
                questions: vec![gap.question.clone()],
                most_days_lost: lost,
                options: event.when_short.as_ref().map(|t| t.trim().to_string()),
            }),
        }
    }
    out.sort_by(|a, b| (a.date, &a.event).cmp(&(b.date, &b.event)));
    out
}

/// 100 × points / possible, rounded to one decimal place; thresholds are
/// compared with the rounded figure, so the report and the gate agree.
fn ratio(points: f64, possible: f64) -> Option<f64> {
    (possible > 0.0).then(|| (1000.0 * points / possible).round() / 10.0)
}

pub fn readiness(score: Option<f64>, gaps: &[Gap]) -> Readiness {
    let Some(score) = score else {
        return Readiness::NotApplicable;
    };
    let critical_gap = gaps.iter().any(|g| g.severity == Severity::Critical);
    if score >= READY_SCORE && !critical_gap {
        Readiness::Ready
    } else if score >= PARTIAL_SCORE {
        Readiness::Partial
    } else {
        Readiness::NotReady
    }
}

fn build_gap(
    area: &Questionnaire,
    line: &Line,
    sched: &Schedule,
    set: &QuestionnaireSet,
    catalog: &Catalog,
    answers: &Answers,
    options: &Options,
) -> Gap {
    let question = line.question;
    let answer = line.answer;
    let state = line.state.unwrap_or(GapState::Unanswered);
    let action = line
        .action(answer.and_then(|a| a.owner.as_deref()))
        .unwrap_or_else(|| action_for(question, state, answer));
    let slot = sched.slot(&question.id);
    let planned = match line.late {
        Some(needed) => planned(
            &action,
            Some(needed),
            Some(format!(
                "the day the schedule needs the decision ({needed})"
            )),
            options.dates,
            &slot,
            set,
        ),
        None => plan(&action, answers, options.dates, &slot, set),
    };
    Gap {
        question: question.id.clone(),
        area: area.id.clone(),
        text: question.text.clone(),
        why: question.why.clone(),
        severity: line.severity,
        state,
        answer: answer.map(|a| a.settled().word().to_string()),
        credit: line.credit,
        points_lost: line.severity.weight() * (1.0 - line.credit),
        provisions: provision_refs(question, catalog),
        action: planned,
        waived: false,
        record: record(question, answer, options.redact),
        decide_by: answer.and_then(|a| a.decide_by),
        pos: answer.map_or(answers.answers_pos, |a| a.pos),
    }
}

/// The action for a gap state: the question's own, or for missing evidence
/// the fallback "file the evidence" action.
pub fn action_for(question: &Question, state: GapState, answer: Option<&Answer>) -> Action {
    question
        .action(state)
        .cloned()
        .unwrap_or_else(|| fallback_action(question, answer))
}

/// The action for required evidence that is missing, when the question does
/// not give its own: due [`EVIDENCE_DUE_DAYS`] after the assessment date.
fn fallback_action(question: &Question, answer: Option<&Answer>) -> Action {
    let text = match &question.evidence_hint {
        Some(hint) => format!("File the evidence behind this answer: {hint}"),
        None => "File the evidence behind this answer.".to_string(),
    };
    let owner = answer
        .and_then(|a| a.owner.clone())
        .or_else(|| question.action(GapState::Partial).map(|a| a.owner.clone()))
        .unwrap_or_else(|| "Question owner".to_string());
    Action {
        text,
        owner,
        due: Some(DueRule::AfterAsOf {
            days: EVIDENCE_DUE_DAYS,
        }),
    }
}

/// A due rule's date against `as_of` and the profile; `None` when it counts
/// back from a profile date that is not given. An earlier-of rule takes the
/// earliest of the parts that can be computed.
fn due_date(rule: &DueRule, answers: &Answers, as_of: NaiveDate) -> Option<NaiveDate> {
    match rule {
        DueRule::AfterAsOf { days } => as_of.checked_add_days(Days::new(u64::from(*days))),
        DueRule::BeforeFact { fact, days } => match answers.profile.get(fact) {
            Some(FactValue::Date(d)) => d.checked_sub_days(Days::new(u64::from(*days))),
            _ => None,
        },
        DueRule::EarlierOf(rules) => rules
            .iter()
            .filter_map(|r| due_date(r, answers, as_of))
            .min(),
    }
}

/// The rule in words, saying which part could not be computed, if any.
fn due_rule_text(rule: &DueRule, answers: &Answers, as_of: NaiveDate) -> String {
    let (kept, dropped): (Vec<&DueRule>, Vec<&DueRule>) = rule
        .parts()
        .iter()
        .partition(|p| due_date(p, answers, as_of).is_some());
    if dropped.is_empty() {
        return rule.describe();
    }
    if kept.is_empty() {
        return format!("{} (not set in the profile)", rule.describe());
    }
    let kept = match kept.as_slice() {
        [one] => (*one).clone(),
        many => DueRule::EarlierOf(many.iter().map(|r| (*r).clone()).collect()),
    };
    let dropped: Vec<String> = dropped.iter().map(|r| r.describe()).collect();
    format!(
        "{} ({} could not be computed: not set in the profile)",
        kept.describe(),
        dropped.join(" and ")
    )
}

/// An action's due date: the earlier of its own rule (counting from the
/// assessment date or back from a profile date) and its slot in the
/// schedule, never before the assessment date (the days the schedule wanted
/// before it are lead time lost). It is overdue when it falls before the
/// run date.
pub fn plan(
    action: &Action,
    answers: &Answers,
    dates: Dates,
    slot: &Slot,
    set: &QuestionnaireSet,
) -> PlannedAction {
    let own = action
        .due
        .as_ref()
        .and_then(|rule| due_date(rule, answers, dates.as_of));
    let due_rule = action
        .due
        .as_ref()
        .map(|rule| due_rule_text(rule, answers, dates.as_of));
    planned(action, own, due_rule, dates, slot, set)
}

/// [`plan`] with the action's own date and rule in words already worked out.
fn planned(
    action: &Action,
    own: Option<NaiveDate>,
    due_rule: Option<String>,
    dates: Dates,
    slot: &Slot,
    set: &QuestionnaireSet,
) -> PlannedAction {
    let as_of = dates.as_of;
    let by_schedule = match (slot.date, own) {
        (Some(s), Some(o)) => s < o,
        (Some(_), None) => true,
        _ => false,
    };
    let ideal = if by_schedule { slot.date } else { own };
    let (due, lost) = match ideal {
        Some(d) => {
            let (due, lost) = schedule::hold(d, as_of);
            (Some(due), lost)
        }
        None => (None, None),
    };
    PlannedAction {
        text: action.text.clone(),
        owner: action.owner.clone(),
        overdue: due.is_some_and(|d| d < dates.run_date),
        due,
        due_rule,
        lead_time_lost_days: lost,
        comes_before: if by_schedule {
            slot.bound.as_ref().map(|b| comes_before(b, set))
        } else {
            None
        },
    }
}

fn comes_before(bound: &Bound, set: &QuestionnaireSet) -> ComesBefore {
    match bound {
        Bound::Event { id, date, lead } => ComesBefore {
            event: Some(id.clone()),
            question: None,
            label: set
                .event(id)
                .map_or_else(|| id.clone(), |e| e.label.trim().to_string()),
            date: *date,
            lead_days: *lead,
            gates: false,
            dated_by: None,
        },
        Bound::Question {
            id,
            date,
            lead,
            gates,
            settled,
        } => ComesBefore {
            event: None,
            question: Some(id.clone()),
            label: format!("`{id}`"),
            date: *date,
            lead_days: *lead,
            gates: *gates,
            dated_by: Some(*settled),
        },
    }
}

fn stale(
    question: &Question,
    severity: Severity,
    answer: &Answer,
    options: &Options,
) -> Option<StaleEvidence> {
    let reviewed = answer.reviewed?;
    let age_days = (options.dates.run_date - reviewed).num_days();
    (age_days > i64::from(options.max_evidence_age_days)).then(|| StaleEvidence {
        question: question.id.clone(),
        severity,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::source::Source;

    const SET: &str = r"
facts:
  - {id: frontier, type: bool, required: true, prompt: Frontier?}
  - {id: release, type: date, prompt: Release date}
id: area-a
title: Area A
version: '1'
applies_when: {fact: frontier, is: true}
questions:
  - id: a.crit
    text: Critical?
    why: w
    provisions: [eo14409.3a]
    severity: critical
    evidence: required
    actions: &acts
      no: {do: Fix it., owner: GC, due: {days: 30}}
      partial: {do: Finish it., owner: GC, due: {before: release, days: 45}}
      unknown: {do: Find out., owner: GC, due: {earlier_of: [{days: 30}, {before: release, days: 60}]}}
      unanswered: {do: Answer it., owner: GC}
  - {id: a.high, text: High?, why: w, provisions: [eo14409.3a], severity: high, actions: *acts}
  - {id: a.med, text: Med?, why: w, provisions: [eo14409.3a], severity: medium, allow_na: true, actions: *acts}
  - id: a.low
    text: Low?
    why: w
    provisions: [eo14409.3a]
    severity: low
    applies_when: {question: a.high, in: [yes, partial]}
    actions: *acts
  - id: a.pick
    text: Pick?
    why: w
    provisions: [eo14409.3a]
    severity: low
    choices:
      - {id: best, label: Best, credit: 1}
      - {id: some, label: Some, credit: 0.25}
      - {id: later, label: Later, credit: 1, decide_by: required}
    actions: *acts
";

    fn set() -> QuestionnaireSet {
        crate::content::set::load_checked(&[Source::new("set.yaml", SET)], &[], &Catalog::builtin())
            .unwrap_or_else(|e| panic!("{e:#?}"))
    }

    fn answers(yaml: &str) -> Answers {
        let text = format!("mera: 1\norganization: {{name: Org}}\n{yaml}");
        crate::assessment::answers::load(&Source::new("a.yaml", text), &set())
            .unwrap_or_else(|e| panic!("{e:#?}"))
            .0
    }

    /// A custom questionnaire set from one file, or the test fails with
    /// its problems.
    fn custom_set(name: &str, text: &str) -> QuestionnaireSet {
        crate::content::set::load_checked(&[Source::new(name, text)], &[], &Catalog::builtin())
            .unwrap_or_else(|e| panic!("{e:#?}"))
    }

    /// An answers file read against `set`, or the test fails.
    fn custom_answers(set: &QuestionnaireSet, text: impl Into<String>) -> Answers {
        crate::assessment::answers::load(&Source::new("a.yaml", text), set)
            .unwrap_or_else(|e| panic!("{e:#?}"))
            .0
    }

    /// `assess` of a custom set's answers on 2026-11-20.
    fn assess_on_the_day(set: &QuestionnaireSet, answers: &Answers) -> Assessment {
        assess(
            set,
            &Catalog::builtin(),
            answers,
            &Options::on(date("2026-11-20")),
        )
    }

    fn date(s: &str) -> NaiveDate {
        crate::input::doc::parse_date(s).unwrap()
    }

    fn run(yaml: &str) -> Assessment {
        run_on(yaml, "2026-11-20")
    }

    fn run_on(yaml: &str, as_of: &str) -> Assessment {
        let options = Options::on(date(as_of));
        assess(&set(), &Catalog::builtin(), &answers(yaml), &options)
    }

    fn gap<'a>(a: &'a Assessment, id: &str) -> Option<&'a crate::assessment::Gap> {
        a.gaps.iter().find(|g| g.question == id)
    }

    #[test]
    fn scores_round_half_up_to_one_decimal() {
        assert_eq!(ratio(289.0, 400.0), Some(72.3)); // 72.25
        assert_eq!(ratio(1.0, 3.0), Some(33.3));
        assert_eq!(ratio(2.0, 3.0), Some(66.7));
        assert_eq!(ratio(0.0, 0.0), None);
    }

    #[test]
    fn full_credit_everywhere_scores_100_and_is_ready() {
        let a = run(
            "profile: {frontier: true}\nanswers: {a.crit: {answer: yes, evidence: [e.pdf]}, a.high: yes, a.med: yes, a.low: yes, a.pick: best}\n",
        );
        assert_eq!(a.score, Some(100.0));
        assert_eq!(a.readiness, Readiness::Ready);
        assert!(a.gaps.is_empty());
    }

    #[test]
    fn weights_and_credits_follow_the_formula() {
        // crit yes+evidence 8, high partial 2/4, med no 0/2, low (applies: high partial) unknown 0/1, pick some 0.25/1
        let a = run(
            "profile: {frontier: true}\nanswers: {a.crit: {answer: yes, evidence: [e]}, a.high: partial, a.med: no, a.low: unknown, a.pick: some}\n",
        );
        assert_eq!(a.possible, 16.0);
        assert_eq!(a.points, 10.25);
        assert_eq!(a.score, Some(64.1)); // 100 * 10.25 / 16 = 64.0625
        assert_eq!(a.readiness, Readiness::Partial);
        assert_eq!(gap(&a, "a.pick").unwrap().state, GapState::Partial);
    }

    #[test]
    fn required_evidence_caps_credit_at_half() {
        let a = run(
            "profile: {frontier: true}\nanswers: {a.crit: yes, a.high: yes, a.med: yes, a.low: yes, a.pick: best}\n",
        );
        let g = gap(&a, "a.crit").unwrap();
        assert_eq!(g.credit, 0.5);
        assert_eq!(g.state, GapState::NoEvidence);
        assert_eq!(g.points_lost, 4.0);
        // A critical gap keeps the organization from `ready` even above 85.
        assert_eq!(a.score, Some(75.0));
        assert_eq!(a.readiness, Readiness::Partial);
    }

    #[test]
    fn unanswered_questions_score_zero_and_are_reported() {
        let a = run("profile: {frontier: true}\n");
        assert_eq!(a.score, Some(0.0));
        assert_eq!(a.readiness, Readiness::NotReady);
        assert_eq!(gap(&a, "a.crit").unwrap().state, GapState::Unanswered);
        // a.low depends on a.high being yes/partial, so it does not apply.
        assert!(gap(&a, "a.low").is_none());
        assert_eq!(a.gaps.len(), 4);
    }

    #[test]
    fn na_is_excluded_where_allowed() {
        let with = run(
            "profile: {frontier: true}\nanswers: {a.crit: {answer: yes, evidence: [e]}, a.high: yes, a.med: n/a, a.low: yes, a.pick: best}\n",
        );
        assert_eq!(with.possible, 14.0);
        assert_eq!(with.score, Some(100.0));
        assert!(gap(&with, "a.med").is_none());
    }

    #[test]
    fn na_where_not_allowed_is_an_input_error() {
        let text = "mera: 1\norganization: {name: O}\nprofile: {frontier: true}\nanswers:\n  a.high: n/a\n";
        let errs =
            crate::assessment::answers::load(&Source::new("a.yaml", text), &set()).unwrap_err();
        assert_eq!(
            errs[0].code,
            crate::input::diagnostic::Code::NotApplicableRefused
        );
        assert_eq!(errs[0].pos.map(|p| p.line), Some(5));
    }

    #[test]
    fn nothing_applicable_means_not_applicable_not_zero() {
        let a = run("profile: {frontier: false}\n");
        assert_eq!(a.score, None);
        assert_eq!(a.readiness, Readiness::NotApplicable);
        assert_eq!(a.areas[0].score, None);
    }

    #[test]
    fn all_na_answers_make_an_area_not_applicable() {
        let mut set = set();
        set.questionnaires[0]
            .questions
            .iter_mut()
            .for_each(|q| q.allow_na = true);
        let text = "mera: 1\norganization: {name: O}\nprofile: {frontier: true}\nanswers: {a.crit: n/a, a.high: n/a, a.med: n/a, a.pick: n/a}\n";
        let (ans, _) =
            crate::assessment::answers::load(&Source::new("a.yaml", text), &set).unwrap();
        let options = Options::on(date("2026-11-20"));
        let a = assess(&set, &Catalog::builtin(), &ans, &options);
        assert_eq!(a.areas[0].score, None);
        assert_eq!(a.readiness, Readiness::NotApplicable);
    }

    #[test]
    fn gaps_are_ordered_by_severity_then_points_lost_then_questionnaire_order() {
        let a = run(
            "profile: {frontier: true}\nanswers: {a.crit: {answer: partial, evidence: [e]}, a.high: partial, a.med: no, a.low: partial, a.pick: some}\n",
        );
        let order: Vec<&str> = a.gaps.iter().map(|g| g.question.as_str()).collect();
        // Both low: a.pick lost 0.75 and comes before a.low (lost 0.5),
        // although a.low comes first in the questionnaire.
        assert_eq!(order, vec!["a.crit", "a.high", "a.med", "a.pick", "a.low"]);
    }

    #[test]
    fn readiness_thresholds() {
        assert_eq!(readiness(Some(85.0), &[]), Readiness::Ready);
        assert_eq!(readiness(Some(84.9), &[]), Readiness::Partial);
        assert_eq!(readiness(Some(50.0), &[]), Readiness::Partial);
        assert_eq!(readiness(Some(49.9), &[]), Readiness::NotReady);
        assert_eq!(readiness(None, &[]), Readiness::NotApplicable);
    }

    #[test]
    fn a_waiver_holds_through_its_expiry_day_and_lapses_the_day_after() {
        let yaml = "profile: {frontier: true}\nanswers: {a.high: no}\nwaivers:\n  - {question: a.high, reason: r, approved_by: GC, expires: 2026-11-20}\n";
        let on_the_day = run_on(yaml, "2026-11-20");
        assert!(!on_the_day.waivers[0].expired);
        assert!(gap(&on_the_day, "a.high").unwrap().waived);
        let after = run_on(yaml, "2026-11-21");
        assert!(after.waivers[0].expired);
        assert!(!gap(&after, "a.high").unwrap().waived);
        // The waiver leaves the score as it is.
        assert_eq!(
            on_the_day.score,
            run_on(
                "profile: {frontier: true}\nanswers: {a.high: no}\n",
                "2026-11-20"
            )
            .score
        );
    }

    #[test]
    fn due_dates_count_from_as_of_or_back_from_a_profile_date() {
        let a = run(
            "profile: {frontier: true, release: 2027-01-15}\nanswers: {a.crit: {answer: partial, evidence: [e]}, a.high: no}\n",
        );
        let partial = &gap(&a, "a.crit").unwrap().action;
        assert_eq!(partial.due, Some(date("2026-12-01")));
        assert!(!partial.overdue);
        let no = &gap(&a, "a.high").unwrap().action;
        assert_eq!(no.due, Some(date("2026-12-20")));
    }

    #[test]
    fn a_date_before_the_assessment_is_held_to_it_and_the_lost_lead_counted() {
        let yaml = "profile: {frontier: true, release: 2026-10-01}\nanswers: {a.crit: {answer: partial, evidence: [e]}}\n";
        let a = run(yaml);
        let action = &gap(&a, "a.crit").unwrap().action;
        // 45 days before 2026-10-01 is 2026-08-17: 95 days before the
        // assessment date, which is when it is now due.
        assert_eq!(action.due, Some(date("2026-11-20")));
        assert_eq!(action.lead_time_lost_days, Some(95));
        assert!(!action.overdue);
        // Judged a week later, it is overdue.
        let options = Options {
            dates: Dates {
                run_date: date("2026-11-27"),
                ..Dates::on(date("2026-11-20"))
            },
            ..Options::on(date("2026-11-20"))
        };
        let later = assess(&set(), &Catalog::builtin(), &answers(yaml), &options);
        assert!(gap(&later, "a.crit").unwrap().action.overdue);
    }

    #[test]
    fn a_due_rule_on_a_missing_date_says_so_instead_of_guessing() {
        let a =
            run("profile: {frontier: true}\nanswers: {a.crit: {answer: partial, evidence: [e]}}\n");
        let action = &gap(&a, "a.crit").unwrap().action;
        assert_eq!(action.due, None);
        assert_eq!(
            action.due_rule.as_deref(),
            Some("45 days before release (not set in the profile)")
        );
    }

    #[test]
    fn evidence_reviewed_longer_ago_than_the_limit_is_stale() {
        let yaml = |d: &str| {
            format!(
                "profile: {{frontier: true}}\nanswers:\n  a.high: {{answer: yes, reviewed: {d}}}\n"
            )
        };
        assert!(run(&yaml("2025-11-20")).stale_evidence.is_empty()); // exactly 365 days
        let a = run(&yaml("2025-11-19"));
        assert_eq!(a.stale_evidence[0].age_days, 366);
    }

    #[test]
    fn confidential_notes_are_left_out_when_redacting_and_counted() {
        let ans = answers(
            "profile: {frontier: true}\nanswers:\n  a.high: {answer: no, note: secret, confidential: true, owner: Me}\n  a.med: {answer: yes, note: also secret, confidential: true}\n  a.pick: {answer: best, note: open}\n",
        );
        let mut options = Options::on(date("2026-11-20"));
        let open = assess(&set(), &Catalog::builtin(), &ans, &options);
        let record = &gap(&open, "a.high").unwrap().record;
        assert_eq!(record.note.as_deref(), Some("secret"));
        assert!(record.confidential && !record.note_withheld);
        assert_eq!(record.owner.as_deref(), Some("Me"));
        assert_eq!(open.withheld_notes, 0);
        options.redact = true;
        let redacted = assess(&set(), &Catalog::builtin(), &ans, &options);
        let record = &gap(&redacted, "a.high").unwrap().record;
        assert_eq!(record.note, None);
        assert!(record.note_withheld);
        // Passed questions are redacted too; a note that is not confidential stays.
        let passed = |id: &str| redacted.passed.iter().find(|p| p.question == id).unwrap();
        assert!(passed("a.med").record.note_withheld);
        assert_eq!(passed("a.pick").record.note.as_deref(), Some("open"));
        assert_eq!(redacted.withheld_notes, 2);
    }

    #[test]
    fn passed_questions_are_listed_with_what_the_respondent_wrote() {
        let a = run(
            "profile: {frontier: true}\nanswers:\n  a.crit: {answer: yes, evidence: [e.pdf], owner: CISO, reviewed: 2026-10-01}\n  a.high: no\n",
        );
        let ids: Vec<&str> = a.passed.iter().map(|p| p.question.as_str()).collect();
        assert_eq!(ids, vec!["a.crit"]);
        assert_eq!(a.passed[0].record.owner.as_deref(), Some("CISO"));
        assert_eq!(a.passed[0].record.evidence, vec!["e.pdf"]);
        assert_eq!(a.areas[0].passed(), 1);
        let register: Vec<&str> = a.evidence_register().iter().map(|r| r.0).collect();
        assert_eq!(register, vec!["a.crit"]);
    }

    #[test]
    fn a_dated_choice_earns_full_credit_through_its_date_and_half_after() {
        let yaml = "profile: {frontier: true}\nanswers: {a.pick: {answer: later, decide_by: 2026-12-01}}\n";
        let before = run_on(yaml, "2026-12-01");
        assert!(gap(&before, "a.pick").is_none());
        assert_eq!(before.pending_decisions.len(), 1);
        assert!(!before.pending_decisions[0].passed);
        let after = run_on(yaml, "2026-12-02");
        let g = gap(&after, "a.pick").unwrap();
        assert_eq!((g.credit, g.state), (0.5, GapState::Partial));
        assert_eq!(g.decide_by, Some(date("2026-12-01")));
        assert!(after.pending_decisions[0].passed);
    }

    #[test]
    fn a_dated_choice_without_its_date_is_an_error_at_the_answer() {
        let text = "mera: 1\norganization: {name: O}\nprofile: {frontier: true}\nanswers:\n  a.pick: later\n";
        let errs =
            crate::assessment::answers::load(&Source::new("a.yaml", text), &set()).unwrap_err();
        assert_eq!(errs[0].code, crate::input::diagnostic::Code::MissingKey);
        assert_eq!(errs[0].pos.map(|p| (p.line, p.col)), Some((5, 11)));
        assert!(errs[0].message.contains("needs a `decide_by` date"));
        assert!(
            errs[0]
                .help
                .as_deref()
                .unwrap()
                .contains("{answer: later, decide_by: YYYY-MM-DD}")
        );
        // A date on an answer that takes none is pointed out, not an error.
        let text = "mera: 1\norganization: {name: O}\nprofile: {frontier: true}\nanswers:\n  a.pick: {answer: best, decide_by: 2027-01-01}\n";
        let (_, warnings) =
            crate::assessment::answers::load(&Source::new("a.yaml", text), &set()).unwrap();
        assert!(warnings[0].message.contains("has no effect"));
    }

    #[test]
    fn an_earlier_of_rule_takes_the_earlier_date_and_falls_back_when_the_profile_date_is_missing() {
        let yaml = |release: &str| {
            format!("profile: {{frontier: true{release}}}\nanswers: {{a.high: unknown}}\n")
        };
        // 30 days after 2026-11-20 is 2026-12-20; 60 days before 2027-01-15 is 2026-11-16.
        let near = run(&yaml(", release: 2027-01-15"));
        let action = &gap(&near, "a.high").unwrap().action;
        assert_eq!(action.due, Some(date("2026-11-20")));
        assert_eq!(action.lead_time_lost_days, Some(4));
        assert!(!action.overdue);
        assert_eq!(
            action.due_rule.as_deref(),
            Some("the earlier of 30 days after the assessment date and 60 days before release")
        );
        assert!(near.undated_rules.is_empty());
        let far = run(&yaml(", release: 2027-12-01"));
        assert_eq!(
            gap(&far, "a.high").unwrap().action.due,
            Some(date("2026-12-20"))
        );
        let missing = run(&yaml(""));
        let action = &gap(&missing, "a.high").unwrap().action;
        assert_eq!(action.due, Some(date("2026-12-20")));
        assert_eq!(
            action.due_rule.as_deref(),
            Some(
                "30 days after the assessment date (60 days before release could not be computed: not set in the profile)"
            )
        );
        assert_eq!(missing.undated_rules.len(), 1);
        assert_eq!(missing.undated_rules[0].question, "a.high");
        assert_eq!(missing.undated_rules[0].fact, "release");
    }

    #[test]
    fn missing_evidence_without_its_own_action_is_due_in_fourteen_days() {
        let a = run("profile: {frontier: true}\nanswers: {a.crit: yes}\n");
        let g = gap(&a, "a.crit").unwrap();
        assert_eq!(g.state, GapState::NoEvidence);
        assert_eq!(g.action.due, Some(date("2026-12-04")));
        assert!(g.action.text.starts_with("File the evidence"));
    }

    #[test]
    fn booleans_are_read_as_yes_and_no() {
        let a = run("profile: {frontier: true}\nanswers: {a.high: true, a.med: false}\n");
        assert_eq!(gap(&a, "a.med").unwrap().answer.as_deref(), Some("no"));
        assert!(gap(&a, "a.high").is_none());
    }

    const DECLINING: &str = r"
id: d
title: D
version: '1'
questions:
  - id: d.decision
    text: x
    why: x
    provisions: [eo14409.3a]
    severity: low
    choices:
      - {id: go, label: Go, credit: 1}
      - {id: decline, label: Decline, credit: 1, decide_by: required}
    decision: {declines: [decline], record: d.record, path: [d.path, d.plain]}
    actions: &a {no: {do: x, owner: o}, partial: {do: x, owner: o}, unknown: {do: x, owner: o}, unanswered: {do: x, owner: o}}
  - {id: d.record, text: x, why: x, provisions: [eo14409.3a], severity: low, actions: *a, applies_when: {question: d.decision, in: [decline]}}
  - {id: d.path, text: x, why: x, provisions: [eo14409.3a], severity: low, evidence: required, actions: *a, applies_when: {question: d.decision, in: [decline]}}
  - {id: d.plain, text: x, why: x, provisions: [eo14409.3a], severity: low, actions: *a, applies_when: {question: d.decision, in: [decline]}}
  - {id: d.gated, text: x, why: x, provisions: [eo14409.3a], severity: low, actions: *a, applies_when: {not: {declined: d.decision}}}
";

    #[test]
    fn a_decline_closes_only_with_evidence_on_its_record_and_on_path_questions_that_require_it() {
        // The record question does not itself say `evidence: required`: the
        // rule asks evidence of the record anyway, and of each path question
        // that requires it, but not of the others.
        let set = custom_set("d.yaml", DECLINING);
        let closes = |record: &str, path: &str, plain: &str| {
            let text = format!(
                "mera: 1\norganization: {{name: Org}}\nanswers:\n  d.decision: {{answer: decline, decide_by: 2026-12-31}}\n  d.record: {record}\n  d.path: {path}\n  d.plain: {plain}\n"
            );
            let answers = custom_answers(&set, text);
            let dates = Options::on(date("2026-11-20")).dates;
            !applicable_questions(&set, &answers, dates).contains("d.gated")
        };
        let with = "{answer: yes, evidence: [e.pdf]}";
        assert!(closes(with, with, "yes"));
        assert!(closes(with, with, with));
        assert!(!closes("yes", with, "yes"), "the record needs evidence");
        assert!(
            !closes(with, "yes", "yes"),
            "a path question that requires evidence needs it"
        );
        assert!(
            !closes(with, with, "no"),
            "every path question is answered yes"
        );
        assert!(
            !closes("{answer: yes, evidence: [tbd]}", with, "yes"),
            "a placeholder is not evidence"
        );
    }

    #[test]
    fn an_unrecorded_decline_says_which_questions_complete_it() {
        let action = |set_text: &str| {
            let set = custom_set("d.yaml", set_text);
            let text = "mera: 1\norganization: {name: Org}\nanswers:\n  d.decision: {answer: decline, decide_by: 2026-12-31}\n";
            let answers = custom_answers(&set, text);
            let a = assess_on_the_day(&set, &answers);
            let g = gap(&a, "d.decision").expect("an unrecorded decline is a gap");
            assert_eq!(g.action.due, Some(date("2026-12-04")));
            g.action.text.clone()
        };
        assert_eq!(
            action(DECLINING),
            "Complete the decline: answer `d.record` yes with the record as evidence, and `d.path` and `d.plain` yes; until then the decline counts as no decision."
        );
        let without_path = DECLINING.replace(", path: [d.path, d.plain]", "");
        assert_eq!(
            action(&without_path),
            "Complete the decline: answer `d.record` yes with the record as evidence; until then the decline counts as no decision."
        );
    }

    const UNSTATED: &str = r"
facts:
  - {id: a, type: bool, prompt: A?}
  - {id: b, type: bool, prompt: B?}
  - {id: c, type: bool, prompt: C?}
id: u
title: U
version: '1'
questions:
  - {id: u.either, text: x, why: x, provisions: [eo14409.3a], severity: low, actions: &a {no: {do: x, owner: o}, partial: {do: x, owner: o}, unknown: {do: x, owner: o}, unanswered: {do: x, owner: o}}, applies_when: {any: [{fact: a, is: true}, {fact: b, is: true}]}}
  - {id: u.only-a, text: x, why: x, provisions: [eo14409.3a], severity: low, actions: *a, applies_when: {all: [{fact: a, is: true}, {any: [{fact: b, is: true}, {fact: a, is: true}]}]}}
  - {id: u.only-b, text: x, why: x, provisions: [eo14409.3a], severity: low, actions: *a, applies_when: {all: [{any: [{fact: a, is: true}, {fact: b, is: true}]}, {fact: b, is: true}]}}
  - {id: u.only-c, text: x, why: x, provisions: [eo14409.3a], severity: low, actions: *a, applies_when: {all: [{any: [{fact: a, is: true}, {fact: c, is: true}]}, {any: [{fact: b, is: true}, {fact: c, is: true}]}, {fact: c, is: true}]}}
";

    #[test]
    fn an_unstated_fact_is_listed_only_with_the_questions_its_value_alone_can_close() {
        let set = custom_set("u.yaml", UNSTATED);
        let text = "mera: 1\norganization: {name: Org}\nanswers: {}\n";
        let answers = custom_answers(&set, text);
        let a = assess_on_the_day(&set, &answers);
        let listed: Vec<(String, Vec<String>)> = a
            .unstated_facts
            .iter()
            .map(|u| (u.fact.clone(), u.questions.clone()))
            .collect();
        let ids = |v: &[&str]| v.iter().map(|s| (*s).to_string()).collect::<Vec<_>>();
        assert_eq!(
            listed,
            vec![
                ("a".to_string(), ids(&["u.either", "u.only-a"])),
                ("b".to_string(), ids(&["u.either", "u.only-b"])),
                ("c".to_string(), ids(&["u.only-c"])),
            ]
        );
        // Unstated, every question applies on the conservative side.
        assert_eq!(a.gaps.len(), 4);
    }

    #[test]
    fn past_the_trial_limit_a_fact_is_listed_where_one_of_its_values_closes_the_question() {
        // 13 unstated facts, 8,192 combinations: each fact is tried alone.
        let text = format!(
            "facts:\n{}\nid: m\ntitle: M\nversion: '1'\nquestions:\n  - {{id: m.q, text: x, why: x, provisions: [eo14409.3a], severity: low, actions: {{no: {{do: x, owner: o}}, partial: {{do: x, owner: o}}, unknown: {{do: x, owner: o}}, unanswered: {{do: x, owner: o}}}}, applies_when: {{all: [{{fact: f1, is: true}}, {{any: [{}]}}]}}}}\n",
            FACTS13, ANYS13
        );
        let set = custom_set("m.yaml", &text);
        let answers = custom_answers(&set, "mera: 1\norganization: {name: Org}\nanswers: {}\n");
        let a = assess_on_the_day(&set, &answers);
        let listed: Vec<&str> = a.unstated_facts.iter().map(|u| u.fact.as_str()).collect();
        // f1 false closes it alone; no single fact of the `any` does.
        assert_eq!(listed, vec!["f1"]);
        assert_eq!(a.unstated_facts[0].questions, vec!["m.q".to_string()]);
    }

    const FACTS13: &str = "  - {id: f1, type: bool, prompt: F1?}
  - {id: f2, type: bool, prompt: F2?}
  - {id: f3, type: bool, prompt: F3?}
  - {id: f4, type: bool, prompt: F4?}
  - {id: f5, type: bool, prompt: F5?}
  - {id: f6, type: bool, prompt: F6?}
  - {id: f7, type: bool, prompt: F7?}
  - {id: f8, type: bool, prompt: F8?}
  - {id: f9, type: bool, prompt: F9?}
  - {id: f10, type: bool, prompt: F10?}
  - {id: f11, type: bool, prompt: F11?}
  - {id: f12, type: bool, prompt: F12?}
  - {id: f13, type: bool, prompt: F13?}";
    const ANYS13: &str = "{fact: f2, is: true}, {fact: f3, is: true}, {fact: f4, is: true}, {fact: f5, is: true}, {fact: f6, is: true}, {fact: f7, is: true}, {fact: f8, is: true}, {fact: f9, is: true}, {fact: f10, is: true}, {fact: f11, is: true}, {fact: f12, is: true}, {fact: f13, is: true}";

    const SHORT: &str = r"
facts:
  - {id: release, type: date, prompt: Release}
events:
  - {id: release, fact: release, label: the release, when_short: Release later.}
  - {id: window, fact: release, days_before: 30, label: the window opens, when_short: Open a shorter window.}
id: s
title: S
version: '1'
questions:
  - {id: s.a, text: x, why: x, provisions: [eo14409.3a], severity: critical, actions: &a {no: {do: x, owner: o, due: {days: 60}}, partial: {do: x, owner: o}, unknown: {do: x, owner: o}, unanswered: {do: x, owner: o}}, precedes: [{event: window, lead: 14}]}
  - {id: s.b, text: x, why: x, provisions: [eo14409.3a], severity: high, actions: *a, precedes: [{question: s.a, lead: 7}]}
  - {id: s.c, text: x, why: x, provisions: [eo14409.3a], severity: high, actions: *a, precedes: [{event: window, lead: 14}]}
  - {id: s.d, text: x, why: x, provisions: [eo14409.3a], severity: medium, actions: *a}
  - {id: s.e, text: x, why: x, provisions: [eo14409.3a], severity: low, actions: *a, precedes: [{event: release, lead: 30}]}
  - {id: s.f, text: x, why: x, provisions: [eo14409.3a], severity: low, actions: *a, precedes: [{event: release, lead: 5}]}
";

    #[test]
    fn work_that_no_longer_fits_before_an_event_is_listed_once_per_event() {
        let set = custom_set("s.yaml", SHORT);
        // The window opens 2026-11-10, before the assessment; the release
        // is 2026-12-10. s.c is waived; s.d and s.f still fit.
        let text = "mera: 1\norganization: {name: Org}\nprofile: {release: 2026-12-10}\nanswers: {s.a: no, s.b: no, s.c: no, s.d: no, s.e: no, s.f: no}\nwaivers:\n  - {question: s.c, reason: r, approved_by: GC, expires: 2026-11-30}\n";
        let answers = custom_answers(&set, text);
        let a = assess_on_the_day(&set, &answers);
        type Row<'r> = (&'r str, NaiveDate, Vec<&'r str>, u32, Option<&'r str>);
        let got: Vec<Row> = a
            .short_of_time
            .iter()
            .map(|s| {
                (
                    s.event.as_str(),
                    s.date,
                    s.questions.iter().map(String::as_str).collect(),
                    s.most_days_lost,
                    s.options.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                // s.a wanted 2026-10-27 (24 days lost); s.b a week before it (31).
                (
                    "window",
                    date("2026-11-10"),
                    vec!["s.a", "s.b"],
                    31,
                    Some("Open a shorter window.")
                ),
                // s.e wanted 2026-11-10 (10 days lost).
                (
                    "release",
                    date("2026-12-10"),
                    vec!["s.e"],
                    10,
                    Some("Release later.")
                ),
            ]
        );
        assert_eq!(gap(&a, "s.a").unwrap().action.lead_time_lost_days, Some(24));
        assert_eq!(gap(&a, "s.c").unwrap().action.lead_time_lost_days, Some(24));
        assert_eq!(gap(&a, "s.d").unwrap().action.lead_time_lost_days, None);
    }

    #[test]
    fn a_fact_of_many_values_that_cannot_change_the_outcome_is_not_listed() {
        // `n` takes seven trial values and every one satisfies the `any`;
        // only `a` decides. (Pins the stride arithmetic for a domain wider
        // than two values behind another fact.)
        let text = "facts:\n  - {id: a, type: bool, prompt: A?}\n  - {id: n, type: number, prompt: N?}\nid: w\ntitle: W\nversion: '1'\nquestions:\n  - {id: w.q, text: x, why: x, provisions: [eo14409.3a], severity: low, actions: {no: {do: x, owner: o}, partial: {do: x, owner: o}, unknown: {do: x, owner: o}, unanswered: {do: x, owner: o}}, applies_when: {all: [{fact: a, is: true}, {any: [{fact: n, at_least: 5}, {fact: n, at_most: 7}]}]}}\n";
        let set = custom_set("w.yaml", text);
        let answers = custom_answers(&set, "mera: 1\norganization: {name: Org}\nanswers: {}\n");
        let a = assess_on_the_day(&set, &answers);
        let listed: Vec<&str> = a.unstated_facts.iter().map(|u| u.fact.as_str()).collect();
        assert_eq!(listed, vec!["a"]);
    }
}
