//! The shortest path to a readiness level: the fewest gaps to close, in
//! order, to lift an assessment to `partial` (score ≥ 50) or `ready` (score
//! ≥ 85 and no critical gap), each step with its action, owner, due date and
//! the score after it.
//!
//! Closing a gap means the best answer the question takes (`yes`, or the
//! choice with the most credit) with its required evidence filed. Every
//! step is scored by [`scoring::assess`] over the answers as they would be,
//! so the plan follows the scoring rules exactly, including questions that
//! start or stop applying when another answer changes.
//!
//! How the fewest steps are found: for `ready`, every critical gap must
//! close; the rest close in order of the points each regains, most first,
//! until the target holds; then any step the target does not need is
//! dropped. While closing one gap leaves the others' points as they are
//! (no question starts or stops applying), the largest gains first is the
//! minimum number of steps. The plan first uses only questions already
//! answered; when that cannot reach the target it says which unanswered
//! questions it would also need.

mod render;

use chrono::NaiveDate;
use serde::Serialize;

use crate::assessment::answers::{Answer, Answers, Response};
use crate::assessment::scoring::{self, Options};
use crate::assessment::{Assessment, Gap, PlannedAction, Readiness};
use crate::content::catalog::Catalog;
use crate::content::condition::Condition;
use crate::content::questionnaire::{GapState, Question, Severity};
use crate::content::set::QuestionnaireSet;
use crate::input::source::Pos;

pub use render::render;

/// What stands in for evidence a step says to file.
pub const EVIDENCE_TO_FILE: &str = "(evidence to be filed)";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Target {
    Partial,
    Ready,
}

impl Target {
    pub const WORDS: [(&'static str, Target); 2] =
        [("partial", Target::Partial), ("ready", Target::Ready)];

    pub fn as_str(self) -> &'static str {
        crate::input::doc::word_of(&Target::WORDS, &self)
    }

    pub fn describe(self) -> &'static str {
        match self {
            Target::Partial => "partial (score at least 50)",
            Target::Ready => "ready (score at least 85 and no critical gap)",
        }
    }

    fn reached(self, a: &Assessment) -> bool {
        match self {
            Target::Partial => a.readiness >= Readiness::Partial,
            Target::Ready => a.readiness == Readiness::Ready,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Step {
    pub question: String,
    pub area: String,
    pub text: String,
    pub severity: Severity,
    pub state: GapState,
    /// The answer now, if any.
    pub answer: Option<String>,
    /// The answer that closes the gap, e.g. "yes, with evidence filed".
    pub to: String,
    pub action: PlannedAction,
    /// The question's citations, with their marks ("§2(d)†").
    pub provisions: Vec<String>,
    pub score_after: Option<f64>,
    pub readiness_after: Readiness,
    /// The decision questions this step's question (or its questionnaire)
    /// applies only while they stay open: its applicability condition tests
    /// their answer, and each is a step in this plan or still open. Their
    /// steps come before this one.
    pub depends_on: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Outcome {
    /// The assessment is at the target already.
    AlreadyThere,
    /// The steps reach the target.
    Reached,
    /// The target needs these unanswered questions answered too; the steps
    /// assume they are answered as well as they can be.
    NeedsAnswers { questions: Vec<String> },
    /// Not even closing every gap reaches the target.
    Unreachable { reason: String },
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Plan {
    pub organization: String,
    pub file: String,
    pub as_of: NaiveDate,
    /// The privilege legend, for a privileged assessment.
    pub legend: Option<String>,
    /// What the marks on the steps' citations mean, each once.
    pub notes: Vec<String>,
    pub target: Target,
    pub score: Option<f64>,
    pub readiness: Readiness,
    pub outcome: Outcome,
    pub steps: Vec<Step>,
}

/// What the plan needs to re-score answers.
#[derive(Clone, Copy)]
pub struct Scoring<'a> {
    pub set: &'a QuestionnaireSet,
    pub catalog: &'a Catalog,
    pub options: &'a Options,
}

impl Scoring<'_> {
    fn assess(&self, answers: &Answers) -> Assessment {
        scoring::assess(self.set, self.catalog, answers, self.options)
    }
}

pub fn plan(s: Scoring, answers: &Answers, target: Target) -> Plan {
    let base = s.assess(answers);
    let mut plan = Plan {
        organization: base.organization.name.clone(),
        file: base.file.clone(),
        as_of: base.as_of,
        legend: base.organization.legend().map(str::to_string),
        notes: Vec::new(),
        target,
        score: base.score,
        readiness: base.readiness,
        outcome: Outcome::AlreadyThere,
        steps: Vec::new(),
    };
    if target.reached(&base) {
        return plan;
    }
    if base.readiness == Readiness::NotApplicable {
        plan.outcome = Outcome::Unreachable {
            reason: "no question applies to this profile".into(),
        };
        return plan;
    }
    let answered: Vec<&Gap> = base
        .gaps
        .iter()
        .filter(|g| g.state != GapState::Unanswered)
        .collect();
    let pool = every_gap(s, answers, &base);
    let all: Vec<&Gap> = pool.iter().collect();
    let (chosen, outcome) = match choose(s, answers, &answered, target) {
        Some(c) => (c, Outcome::Reached),
        None => match choose(s, answers, &all, target) {
            Some(c) => {
                let questions: Vec<String> = c
                    .iter()
                    .filter(|g| g.state == GapState::Unanswered)
                    .map(|g| g.question.clone())
                    .collect();
                if questions.is_empty() {
                    (c, Outcome::Reached)
                } else {
                    (c, Outcome::NeedsAnswers { questions })
                }
            }
            None => {
                let best = s.assess(&close_all(s, answers, &all));
                let reason = format!(
                    "even with every gap closed the assessment would be {}, {}",
                    crate::report::score_text(best.score),
                    best.readiness.as_str()
                );
                plan.outcome = Outcome::Unreachable { reason };
                return plan;
            }
        },
    };
    plan.outcome = outcome;
    let depends: Vec<Vec<String>> = chosen
        .iter()
        .map(|g| depends_on(s, answers, &base, &chosen, &g.question))
        .collect();
    let (chosen, depends) = decisions_first(&chosen, &depends);
    let (chosen, depends) = by_schedule(s, &chosen, depends);
    plan.steps = steps(s, answers, &chosen, depends);
    plan.notes = crate::content::catalog::mark_notes(
        plan.steps
            .iter()
            .flat_map(|st| &st.provisions)
            .map(String::as_str),
    );
    plan
}

/// A decision question: one that declares its declines, record and path.
fn is_decision(q: &Question) -> bool {
    q.decision.is_some()
}

/// The steps in the schedule's order: decisions first, then by due date
/// (undated last), keeping the order among equals.
fn by_schedule<'g>(
    s: Scoring,
    chosen: &[&'g Gap],
    depends: Vec<Vec<String>>,
) -> (Vec<&'g Gap>, Vec<Vec<String>>) {
    let decision = |g: &Gap| {
        s.set
            .question(&g.question)
            .is_some_and(|(_, q)| is_decision(q))
    };
    let mut order: Vec<usize> = (0..chosen.len()).collect();
    order.sort_by_key(|&i| {
        let g = chosen[i];
        (!decision(g), g.action.due.is_none(), g.action.due)
    });
    (
        order.iter().map(|&i| chosen[i]).collect(),
        order.iter().map(|&i| depends[i].clone()).collect(),
    )
}

/// The decisions whose complete decline would close `question` (its or its
/// questionnaire's applicability condition tests `declined`), and which
/// are a step among `chosen` or still open: a gap now, or answered with a
/// choice that puts the decision off or declines without closing it.
fn depends_on(
    s: Scoring,
    answers: &Answers,
    base: &Assessment,
    chosen: &[&Gap],
    question: &str,
) -> Vec<String> {
    let Some((questionnaire, q)) = s.set.question(question) else {
        return Vec::new();
    };
    let mut out: Vec<String> = Vec::new();
    for cond in [&questionnaire.applies_when, &q.applies_when]
        .into_iter()
        .flatten()
    {
        cond.visit(&mut |leaf| {
            let Condition::Declined { decision: d, .. } = leaf else {
                return;
            };
            let Some((_, dq)) = s.set.question(d) else {
                return;
            };
            if d == question || !is_decision(dq) || out.contains(d) {
                return;
            }
            let step = chosen.iter().any(|g| g.question == *d);
            let gap = base.gaps.iter().any(|g| g.question == *d);
            let put_off = match answers.answers.get(d).map(|a| &a.response) {
                Some(Response::Choice(c)) => {
                    dq.choices.iter().any(|x| x.id == *c && x.needs_decide_by)
                }
                _ => false,
            };
            if step || gap || put_off {
                out.push(d.clone());
            }
        });
    }
    out
}

/// The steps in their order, except that a decision step moves up to just
/// before the first step that depends on it.
fn decisions_first<'g>(
    chosen: &[&'g Gap],
    depends: &[Vec<String>],
) -> (Vec<&'g Gap>, Vec<Vec<String>>) {
    fn place(
        i: usize,
        chosen: &[&Gap],
        depends: &[Vec<String>],
        placed: &mut [bool],
        order: &mut Vec<usize>,
    ) {
        if placed[i] {
            return;
        }
        placed[i] = true;
        for d in &depends[i] {
            if let Some(j) = chosen.iter().position(|g| g.question == *d) {
                place(j, chosen, depends, placed, order);
            }
        }
        order.push(i);
    }
    let mut placed = vec![false; chosen.len()];
    let mut order = Vec::new();
    for i in 0..chosen.len() {
        place(i, chosen, depends, &mut placed, &mut order);
    }
    (
        order.iter().map(|&i| chosen[i]).collect(),
        order.iter().map(|&i| depends[i].clone()).collect(),
    )
}

/// The assessment's gaps, and those that open when closing them makes more
/// questions apply (unanswered, until someone answers them).
fn every_gap(s: Scoring, answers: &Answers, base: &Assessment) -> Vec<Gap> {
    let mut pool = base.gaps.clone();
    loop {
        let refs: Vec<&Gap> = pool.iter().collect();
        let after = s.assess(&close_all(s, answers, &refs));
        let new: Vec<Gap> = after
            .gaps
            .into_iter()
            .filter(|g| !pool.iter().any(|p| p.question == g.question))
            .collect();
        if new.is_empty() {
            return pool;
        }
        pool.extend(new);
    }
}

/// The fewest of `candidates` to close to reach `target`, in gap order; `None`
/// when closing all of them does not reach it.
fn choose<'g>(
    s: Scoring,
    answers: &Answers,
    candidates: &[&'g Gap],
    target: Target,
) -> Option<Vec<&'g Gap>> {
    let base = s.assess(answers);
    // Closing some gaps makes more questions apply (and open as gaps):
    // those go last, used only when the others are not enough.
    let opens = |g: &Gap| {
        s.assess(&close_all(s, answers, &[g]))
            .gaps
            .iter()
            .any(|x| !base.gaps.iter().any(|b| b.question == x.question))
    };
    let mut order: Vec<(bool, bool, f64, &Gap)> = candidates
        .iter()
        .copied()
        .map(|g| {
            let critical = target == Target::Ready && g.severity == Severity::Critical;
            (critical, opens(g), gain(s.set, answers, g), g)
        })
        .filter(|(_, _, gain, _)| *gain > 0.0)
        .collect();
    order.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(b.2.total_cmp(&a.2)));
    let order: Vec<&Gap> = order.into_iter().map(|(_, _, _, g)| g).collect();
    let mut chosen: Vec<&Gap> = Vec::new();
    for g in order {
        if target.reached(&s.assess(&close_all(s, answers, &chosen))) {
            break;
        }
        chosen.push(g);
    }
    if !target.reached(&s.assess(&close_all(s, answers, &chosen))) {
        return None;
    }
    // Drop any step the target does not need (possible when closing one gap
    // changes which questions apply).
    let mut i = chosen.len();
    while i > 0 {
        i -= 1;
        let mut without = chosen.clone();
        without.remove(i);
        if target.reached(&s.assess(&close_all(s, answers, &without))) {
            chosen = without;
        }
    }
    let position = |g: &Gap| candidates.iter().position(|c| c.question == g.question);
    chosen.sort_by_key(|g| position(g));
    Some(chosen)
}

/// Points a gap regains when closed (weight × credit gained).
fn gain(set: &QuestionnaireSet, answers: &Answers, gap: &Gap) -> f64 {
    let Some((_, q)) = set.question(&gap.question) else {
        return 0.0;
    };
    let best = closing(q, answers.answers.get(&gap.question));
    let credit = scoring::response_credit(q, &best.response).unwrap_or(0.0);
    q.severity.weight() * (credit - gap.credit)
}

/// The best answer `question` takes, with its evidence filed.
pub fn closing(question: &Question, current: Option<&Answer>) -> Answer {
    let mut a = current
        .cloned()
        .unwrap_or_else(|| Answer::new(Response::Unknown, Pos::default()));
    a.response = if question.is_choice() {
        // Never a choice that only puts the decision off to a date.
        let best = question.choices.iter().filter(|c| !c.needs_decide_by).fold(
            None::<&crate::content::questionnaire::Choice>,
            |b, c| match b {
                Some(b) if b.credit >= c.credit => Some(b),
                _ => Some(c),
            },
        );
        best.map_or(Response::Unknown, |c| Response::Choice(c.id.clone()))
    } else {
        Response::Yes
    };
    if question.evidence_required && a.evidence.is_empty() {
        a.evidence.push(EVIDENCE_TO_FILE.to_string());
    }
    a.conflict.clear();
    // A decided answer has no date to decide by.
    a.decide_by = None;
    a
}

fn close_all(s: Scoring, answers: &Answers, gaps: &[&Gap]) -> Answers {
    let mut out = answers.clone();
    for g in gaps {
        if let Some((_, q)) = s.set.question(&g.question) {
            let closed = closing(q, answers.answers.get(&g.question));
            out.answers.insert(g.question.clone(), closed);
        }
    }
    out
}

fn steps(s: Scoring, answers: &Answers, chosen: &[&Gap], depends: Vec<Vec<String>>) -> Vec<Step> {
    let mut out = Vec::new();
    for ((i, g), depends_on) in chosen.iter().enumerate().zip(depends) {
        let after = s.assess(&close_all(s, answers, &chosen[..=i]));
        let to = match s.set.question(&g.question) {
            Some((_, q)) => {
                let closed = closing(q, answers.answers.get(&g.question));
                let word = closed.response.word().to_string();
                let filing = closed.evidence.iter().any(|e| e == EVIDENCE_TO_FILE);
                // A decision question also closes with a choice that puts the
                // decision off to a date (full credit until then): name those
                // too, so the plan does not seem to recommend one decision.
                // The answer given now is never offered again.
                let best = q.choices.iter().map(|c| c.credit).fold(0.0, f64::max);
                let now = g.answer.as_deref();
                let dated: Vec<&str> = q
                    .choices
                    .iter()
                    .filter(|c| c.credit >= best && c.needs_decide_by)
                    .map(|c| c.id.as_str())
                    .filter(|id| *id != word && Some(*id) != now)
                    .collect();
                let word = if dated.is_empty() {
                    word
                } else {
                    format!("a decision: {word}, or {} with a date", dated.join(" or "))
                };
                if filing {
                    format!("{word}, with evidence filed")
                } else {
                    word
                }
            }
            None => String::new(),
        };
        out.push(Step {
            question: g.question.clone(),
            area: g.area.clone(),
            text: g.text.trim().to_string(),
            severity: g.severity,
            state: g.state,
            answer: g.answer.clone(),
            to,
            action: g.action.clone(),
            provisions: {
                let mut cites: Vec<String> = Vec::new();
                for c in g
                    .provisions
                    .iter()
                    .map(crate::assessment::ProvisionRef::cite)
                {
                    if !cites.contains(&c) {
                        cites.push(c);
                    }
                }
                cites
            },
            score_after: after.score,
            readiness_after: after.readiness,
            depends_on,
        });
    }
    out
}

#[cfg(test)]
mod tests;
