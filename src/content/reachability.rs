//! Can a question ever apply? For each question, try every combination of
//! the profile facts its conditions mention (and whether each is missing),
//! treating a condition on another question's answer as "maybe" whenever
//! that question can apply. A question that applies under no combination is
//! dead content.

use std::collections::{BTreeMap, BTreeSet};

use crate::content::condition::{Condition, FactTest, FactValue, eval_fact};
use crate::content::questionnaire::{FactType, Questionnaire};
use crate::content::set::QuestionnaireSet;

/// More combinations than this and the question is not checked.
const MAX_PROFILES: usize = 1 << 16;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Tri {
    Yes,
    No,
    Maybe,
}

type Profile = BTreeMap<String, FactValue>;

/// Ids of the questions that apply under no profile.
pub fn unreachable(set: &QuestionnaireSet) -> Vec<String> {
    let mut dead = Vec::new();
    for q in &set.questionnaires {
        for question in &q.questions {
            let mut facts = BTreeSet::new();
            collect_facts(set, &question.id, &mut facts, &mut BTreeSet::new());
            let domains: Vec<(String, Vec<Option<FactValue>>)> = facts
                .into_iter()
                .map(|f| (f.clone(), domain(set, &f)))
                .collect();
            let combos = domains
                .iter()
                .try_fold(1usize, |n, (_, d)| n.checked_mul(d.len()));
            if combos.is_none_or(|n| n > MAX_PROFILES) {
                continue;
            }
            let reachable = profiles(&domains)
                .any(|p| applies(set, &question.id, &p, &mut BTreeSet::new()) != Tri::No);
            if !reachable {
                dead.push(question.id.clone());
            }
        }
    }
    dead
}

/// Whether `id` can apply to a file with this profile, treating each
/// condition on another answer as "maybe" (the answers may change): what
/// `mera changes` and `mera upgrade` list for a file.
pub fn may_apply(set: &QuestionnaireSet, id: &str, profile: &Profile) -> bool {
    applies(set, id, profile, &mut BTreeSet::new()) != Tri::No
}

fn conditions<'a>(area: &'a Questionnaire, id: &str) -> impl Iterator<Item = &'a Condition> {
    let own = area
        .questions
        .iter()
        .find(|q| q.id == id)
        .and_then(|q| q.applies_when.as_ref());
    area.applies_when.iter().chain(own)
}

fn collect_facts(
    set: &QuestionnaireSet,
    id: &str,
    facts: &mut BTreeSet<String>,
    seen: &mut BTreeSet<String>,
) {
    if !seen.insert(id.to_string()) {
        return;
    }
    let Some((area, _)) = set.question(id) else {
        return;
    };
    for c in conditions(area, id) {
        c.visit(&mut |leaf| match leaf {
            Condition::Fact { fact, .. } => {
                facts.insert(fact.clone());
            }
            Condition::Question { question, .. } => collect_facts(set, question, facts, seen),
            _ => {}
        });
    }
}

/// The values worth trying for a fact: missing, plus one per distinct
/// outcome of the tests written against it.
fn domain(set: &QuestionnaireSet, fact: &str) -> Vec<Option<FactValue>> {
    let mut values = vec![None];
    let mut thresholds = Vec::new();
    let mut texts = BTreeSet::new();
    for q in &set.questionnaires {
        let all = q
            .applies_when
            .iter()
            .chain(q.questions.iter().filter_map(|x| x.applies_when.as_ref()));
        for c in all {
            c.visit(&mut |leaf| {
                if let Condition::Fact { fact: f, test, .. } = leaf
                    && f == fact
                {
                    match test {
                        FactTest::AtLeast(n) | FactTest::AtMost(n) => thresholds.push(*n),
                        FactTest::Is(node) => {
                            if let Some(t) = node.scalar_text() {
                                texts.insert(t);
                            }
                        }
                        FactTest::Present(_) => {}
                    }
                }
            });
        }
    }
    match set.fact(fact).map(|f| &f.kind) {
        Some(FactType::Bool) => {
            values.extend([Some(FactValue::Bool(true)), Some(FactValue::Bool(false))])
        }
        Some(FactType::Number) => {
            values.push(Some(FactValue::Number(0.0)));
            for t in thresholds {
                values
                    .extend([t * 0.5 - 1.0, t, t * 2.0 + 1.0].map(|v| Some(FactValue::Number(v))));
            }
        }
        Some(FactType::Date) => {
            values.push(crate::input::doc::parse_date("2000-01-01").map(FactValue::Date));
            values.extend(
                texts
                    .iter()
                    .filter_map(|t| crate::input::doc::parse_date(t))
                    .map(|d| Some(FactValue::Date(d))),
            );
        }
        Some(FactType::Text) => values.extend(texts.into_iter().map(|t| Some(FactValue::Text(t)))),
        None => {}
    }
    values
}

fn profiles(domains: &[(String, Vec<Option<FactValue>>)]) -> impl Iterator<Item = Profile> + '_ {
    let total: usize = domains.iter().map(|(_, d)| d.len()).product();
    (0..total).map(move |mut n| {
        let mut p = Profile::new();
        for (fact, values) in domains {
            if let Some(v) = &values[n % values.len()] {
                p.insert(fact.clone(), v.clone());
            }
            n /= values.len();
        }
        p
    })
}

fn applies(
    set: &QuestionnaireSet,
    id: &str,
    profile: &Profile,
    stack: &mut BTreeSet<String>,
) -> Tri {
    let Some((area, _)) = set.question(id) else {
        return Tri::No;
    };
    if !stack.insert(id.to_string()) {
        return Tri::No; // a cycle; reported by the set checks
    }
    let result = all(conditions(area, id)
        .map(|c| eval(set, c, profile, stack))
        .collect());
    stack.remove(id);
    result
}

fn eval(
    set: &QuestionnaireSet,
    c: &Condition,
    profile: &Profile,
    stack: &mut BTreeSet<String>,
) -> Tri {
    match c {
        Condition::All(cs) => all(cs.iter().map(|c| eval(set, c, profile, stack)).collect()),
        Condition::Any(cs) => {
            let parts: Vec<Tri> = cs.iter().map(|c| eval(set, c, profile, stack)).collect();
            if parts.contains(&Tri::Yes) {
                Tri::Yes
            } else if parts.iter().all(|t| *t == Tri::No) {
                Tri::No
            } else {
                Tri::Maybe
            }
        }
        Condition::Not(c) => match eval(set, c, profile, stack) {
            Tri::Yes => Tri::No,
            Tri::No => Tri::Yes,
            Tri::Maybe => Tri::Maybe,
        },
        Condition::Fact { fact, test, .. } => {
            if eval_fact(profile.get(fact), test) {
                Tri::Yes
            } else {
                Tri::No
            }
        }
        Condition::Question {
            question, one_of, ..
        } => {
            if one_of.is_empty() || applies(set, question, profile, stack) == Tri::No {
                Tri::No
            } else {
                Tri::Maybe
            }
        }
    }
}

fn all(parts: Vec<Tri>) -> Tri {
    if parts.contains(&Tri::No) {
        Tri::No
    } else if parts.iter().all(|t| *t == Tri::Yes) {
        Tri::Yes
    } else {
        Tri::Maybe
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::source::Source;

    #[test]
    fn finds_questions_no_profile_can_reach() {
        let text = r"
facts:
  - {id: f, type: bool, prompt: F?}
  - {id: n, type: number, prompt: N?}
id: t
title: T
version: '1'
questions:
  - {id: t.never, text: x, why: x, provisions: [p], severity: low, actions: {}, applies_when: {all: [{fact: f, is: true}, {fact: f, is: false}]}}
  - {id: t.follows-never, text: x, why: x, provisions: [p], severity: low, actions: {}, applies_when: {question: t.never, in: [yes]}}
  - {id: t.big, text: x, why: x, provisions: [p], severity: low, actions: {}, applies_when: {all: [{fact: n, at_least: 1e25}, {not: {fact: n, at_least: 1e26}}]}}
  - {id: t.absent, text: x, why: x, provisions: [p], severity: low, actions: {}, applies_when: {not: {fact: f, present: true}}}
  - {id: t.maybe, text: x, why: x, provisions: [p], severity: low, actions: {}, applies_when: {question: t.big, in: [no]}}
";
        let (set, problems) = crate::content::set::load(&[Source::new("t.yaml", text)], &[]);
        assert!(problems.is_empty(), "{problems:#?}");
        assert_eq!(unreachable(&set), vec!["t.never", "t.follows-never"]);
    }

    #[test]
    fn every_shipped_question_is_reachable() {
        assert_eq!(
            unreachable(&QuestionnaireSet::builtin()),
            Vec::<String>::new()
        );
    }
}
