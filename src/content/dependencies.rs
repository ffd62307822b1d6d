//! The schedule's graph, as data: what each question must come before
//! (`precedes`, its own and its questionnaire's, with the days of lead it
//! needs), and each decision before every question it gates (those whose
//! conditions test `{declined: ID}`). The set checks reject unknown ids and
//! cycles; `assessment::schedule` turns the graph into dates.

use std::collections::{BTreeMap, BTreeSet};

use crate::content::condition::Condition;
use crate::content::questionnaire::{Question, Questionnaire, Target};
use crate::content::set::QuestionnaireSet;
use crate::input::diagnostic::{Code, Diagnostic, suggestion};

/// What an edge points at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum To {
    Question(String),
    Event(String),
}

/// Why one question comes before another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Why {
    /// A `precedes` entry of the question or its questionnaire.
    Declared,
    /// The question is a decision and decides whether the other applies.
    Gates,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edge {
    pub to: To,
    /// Days between the question's date and the target's.
    pub lead: u32,
    pub why: Why,
}

/// Every question's outgoing edges, by question id, in questionnaire
/// order; targets that are not in the set are left out (the checks report
/// them).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Graph {
    pub edges: BTreeMap<String, Vec<Edge>>,
    /// Decision id → the questions it gates, in questionnaire order.
    pub gates: BTreeMap<String, Vec<String>>,
    /// The questions a decision's answer adds: those that apply only when a
    /// decision is declined or put off (the decline path, what waiting
    /// costs). They are the cost of not taking part: see [`Graph::adds`].
    pub added_by_decision: BTreeSet<String>,
}

impl Graph {
    pub fn build(set: &QuestionnaireSet) -> Graph {
        let mut graph = Graph::default();
        for area in &set.questionnaires {
            for q in &area.questions {
                let mut out = Vec::new();
                for p in area.precedes.iter().chain(&q.precedes) {
                    match &p.target {
                        Target::Question(id) if set.question(id).is_some() => {
                            push(&mut out, To::Question(id.clone()), p.lead, Why::Declared);
                        }
                        Target::Event(id) if set.event(id).is_some() => {
                            push(&mut out, To::Event(id.clone()), p.lead, Why::Declared);
                        }
                        Target::Area(id) => {
                            for x in set.questionnaire(id).iter().flat_map(|a| &a.questions) {
                                if x.id != q.id {
                                    push(
                                        &mut out,
                                        To::Question(x.id.clone()),
                                        p.lead,
                                        Why::Declared,
                                    );
                                }
                            }
                        }
                        _ => {}
                    }
                }
                graph.edges.insert(q.id.clone(), out);
            }
        }
        for area in &set.questionnaires {
            for q in &area.questions {
                let conditions = [area.applies_when.as_ref(), q.applies_when.as_ref()];
                for c in conditions.into_iter().flatten() {
                    c.visit(&mut |leaf| {
                        if let Condition::Question { question, .. } = leaf
                            && set
                                .question(question)
                                .is_some_and(|(_, d)| d.decision.is_some())
                        {
                            graph.added_by_decision.insert(q.id.clone());
                        }
                    });
                }
                for decision in deciding(area, q) {
                    let Some((_, d)) = set.question(&decision) else {
                        continue;
                    };
                    let Some(spec) = &d.decision else {
                        continue;
                    };
                    if decision == q.id {
                        continue;
                    }
                    let gated = graph.gates.entry(decision.clone()).or_default();
                    if !gated.contains(&q.id) {
                        gated.push(q.id.clone());
                    }
                    if let Some(out) = graph.edges.get_mut(&decision) {
                        push(out, To::Question(q.id.clone()), spec.lead, Why::Gates);
                    }
                }
            }
        }
        graph
    }

    pub fn edges(&self, question: &str) -> &[Edge] {
        self.edges.get(question).map_or(&[], Vec::as_slice)
    }

    /// Whether `question` applies only through a decision's answer (a
    /// decline or a choice that puts the decision off).
    pub fn adds(&self, question: &str) -> bool {
        self.added_by_decision.contains(question)
    }
}

/// One edge per target: the largest lead wins.
fn push(out: &mut Vec<Edge>, to: To, lead: u32, why: Why) {
    match out.iter_mut().find(|e| e.to == to) {
        Some(e) if e.lead < lead => {
            e.lead = lead;
            e.why = why;
        }
        Some(_) => {}
        None => out.push(Edge { to, lead, why }),
    }
}

/// The decisions whose complete decline a question's conditions test (its
/// questionnaire's and its own `applies_when`, and its `lower_severity`).
pub fn deciding(area: &Questionnaire, q: &Question) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let conditions = [
        area.applies_when.as_ref(),
        q.applies_when.as_ref(),
        q.lower_severity.as_ref().map(|l| &l.when),
    ];
    for c in conditions.into_iter().flatten() {
        c.visit(&mut |leaf| {
            if let Condition::Declined { decision, .. } = leaf
                && !out.contains(decision)
            {
                out.push(decision.clone());
            }
        });
    }
    out
}

/// Unknown targets in `precedes`, and cycles through the graph.
pub fn check(set: &QuestionnaireSet) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for area in &set.questionnaires {
        let owned = area.precedes.iter().map(|p| (p, area.pos)).chain(
            area.questions
                .iter()
                .flat_map(|q| q.precedes.iter().map(|p| (p, q.pos))),
        );
        for (p, _) in owned {
            let (known, kind, ids): (bool, &str, Vec<&str>) = match &p.target {
                Target::Question(id) => (
                    set.question(id).is_some(),
                    "question",
                    set.question_ids().collect(),
                ),
                Target::Event(id) => (
                    set.event(id).is_some(),
                    "event",
                    set.events.iter().map(|e| e.id.as_str()).collect(),
                ),
                Target::Area(id) => (
                    set.questionnaire(id).is_some(),
                    "questionnaire",
                    set.questionnaires.iter().map(|q| q.id.as_str()).collect(),
                ),
            };
            if !known {
                let id = p.target.id();
                let help = suggestion(id, ids.iter().copied())
                    .unwrap_or_else(|| format!("name a {kind} the set declares"));
                let code = if kind == "event" {
                    Code::UnknownEvent
                } else {
                    Code::UnknownQuestion
                };
                out.push(
                    Diagnostic::error(
                        code,
                        &area.file,
                        Some(p.pos),
                        format!("`precedes` names unknown {kind} `{id}`"),
                    )
                    .with_help(help),
                );
            }
        }
    }
    cycles(set, &Graph::build(set), &mut out);
    out
}

/// A question that must come before itself can never be scheduled; report
/// each cycle once, at its first question.
fn cycles(set: &QuestionnaireSet, graph: &Graph, out: &mut Vec<Diagnostic>) {
    let mut done: BTreeSet<&str> = BTreeSet::new();
    for start in graph.edges.keys() {
        let mut path: Vec<&str> = Vec::new();
        if let Some(cycle) = find_cycle(start, graph, &mut done, &mut path) {
            for node in &path {
                done.insert(node);
            }
            let Some((area, q)) = set.question(cycle[0]) else {
                continue;
            };
            out.push(
                Diagnostic::error(
                    Code::ScheduleCycle,
                    &area.file,
                    Some(q.pos),
                    format!("questions must come before each other in a cycle: {}", cycle.join(" → ")),
                )
                .with_help("remove one `precedes` entry of the cycle (a decision also comes before every question that tests `declined` on it)"),
            );
        }
    }
}

fn find_cycle<'a>(
    node: &'a str,
    graph: &'a Graph,
    done: &mut BTreeSet<&'a str>,
    path: &mut Vec<&'a str>,
) -> Option<Vec<&'a str>> {
    if done.contains(node) {
        return None;
    }
    if let Some(start) = path.iter().position(|n| *n == node) {
        let mut cycle = path[start..].to_vec();
        cycle.push(node);
        return Some(cycle);
    }
    path.push(node);
    for e in graph.edges(node) {
        if let To::Question(next) = &e.to
            && let Some(c) = find_cycle(next, graph, done, path)
        {
            return Some(c);
        }
    }
    path.pop();
    done.insert(node);
    None
}
