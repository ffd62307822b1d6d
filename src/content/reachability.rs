//! Can a question ever apply? For each question, try every combination of
//! the profile facts its conditions mention (and whether each is missing),
//! treating a condition on another question's answer as "maybe" whenever
//! that question can apply. A question that applies under no combination is
//! dead content.

use std::collections::{BTreeMap, BTreeSet};

use crate::content::condition::{Condition, FactTest, FactValue, Tri, eval_fact};
use crate::content::questionnaire::{FactType, Questionnaire};
use crate::content::set::QuestionnaireSet;

/// More combinations than this and the question is not checked.
const MAX_PROFILES: usize = 1 << 16;

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
            let reachable = profiles(&domains).any(|p| {
                let walk = Walk {
                    set,
                    profile: &p,
                    unstated_maybe: false,
                };
                walk.applies(&question.id, &mut BTreeSet::new()) != Tri::No
            });
            if !reachable {
                dead.push(question.id.clone());
            }
        }
    }
    dead
}

/// Whether `id` can apply to a file with this profile, treating each
/// condition on another answer as "maybe" (the answers may change), and a
/// value test on a fact the file does not state as "maybe" too, as scoring
/// does (a file written before a fact existed states nothing about it):
/// what `mera changes` and `mera upgrade` list for a file.
pub fn may_apply(set: &QuestionnaireSet, id: &str, profile: &Profile) -> bool {
    let mut stack = BTreeSet::new();
    Walk {
        set,
        profile,
        unstated_maybe: true,
    }
    .applies(id, &mut stack)
        != Tri::No
}

/// The profile facts whose value decides whether `id` applies (through its
/// own and its area's conditions and the questions those depend on) that
/// `profile` does not state, in name order: what a file written before the
/// fact existed should state so `mera upgrade` and the report stop keeping
/// the question open on its account.
pub fn unstated_facts(set: &QuestionnaireSet, id: &str, profile: &Profile) -> Vec<String> {
    let mut facts = BTreeSet::new();
    collect_facts(set, id, &mut facts, &mut BTreeSet::new());
    facts
        .into_iter()
        .filter(|f| !profile.contains_key(f))
        .collect()
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
            Condition::Declined { decision, .. } => collect_facts(set, decision, facts, seen),
            _ => {}
        });
    }
}

/// The values worth trying for a fact: missing, plus one per distinct
/// outcome of the tests written against it.
pub(crate) fn domain(set: &QuestionnaireSet, fact: &str) -> Vec<Option<FactValue>> {
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

/// One evaluation of conditions against a profile.
struct Walk<'a> {
    set: &'a QuestionnaireSet,
    profile: &'a Profile,
    /// A value test on an unstated fact is "maybe" (for a file's profile)
    /// rather than false (for the profiles tried when looking for dead
    /// content, which include every stated value anyway).
    unstated_maybe: bool,
}

impl Walk<'_> {
    fn applies(&self, id: &str, stack: &mut BTreeSet<String>) -> Tri {
        let Some((area, _)) = self.set.question(id) else {
            return Tri::No;
        };
        if !stack.insert(id.to_string()) {
            return Tri::No; // a cycle; reported by the set checks
        }
        let result = Tri::all(
            conditions(area, id)
                .map(|c| self.eval(c, stack))
                .collect::<Vec<_>>(),
        );
        stack.remove(id);
        result
    }

    fn eval(&self, c: &Condition, stack: &mut BTreeSet<String>) -> Tri {
        match c {
            Condition::All(cs) => {
                Tri::all(cs.iter().map(|c| self.eval(c, stack)).collect::<Vec<_>>())
            }
            Condition::Any(cs) => {
                Tri::any(cs.iter().map(|c| self.eval(c, stack)).collect::<Vec<_>>())
            }
            Condition::Not(c) => self.eval(c, stack).negate(),
            // When looking for dead content a value test holds only for a
            // stated value: a question that applies only while a fact is
            // unstated applies under no profile that says what is true.
            Condition::Fact { fact, test, .. } => {
                let value = self.profile.get(fact);
                if value.is_none() && self.unstated_maybe && !matches!(test, FactTest::Present(_)) {
                    Tri::Maybe
                } else {
                    Tri::from_bool(eval_fact(value, test))
                }
            }
            Condition::Question {
                question, one_of, ..
            } => {
                if one_of.is_empty() || self.applies(question, stack) == Tri::No {
                    Tri::No
                } else {
                    Tri::Maybe
                }
            }
            Condition::Declined { decision, .. } => {
                if self.applies(decision, stack) == Tri::No {
                    Tri::No
                } else {
                    Tri::Maybe
                }
            }
        }
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
    fn a_file_that_does_not_state_a_fact_may_meet_a_question_it_decides() {
        let text = r"
facts:
  - {id: f, type: bool, prompt: F?}
  - {id: g, type: bool, prompt: G?}
id: t
title: T
version: '1'
questions:
  - {id: t.f, text: x, why: x, provisions: [p], severity: low, actions: {}, applies_when: {all: [{fact: f, is: true}, {not: {fact: g, is: true}}]}}
  - {id: t.unset, text: x, why: x, provisions: [p], severity: low, actions: {}, applies_when: {fact: f, present: false}}
";
        let (set, problems) = crate::content::set::load(&[Source::new("t.yaml", text)], &[]);
        assert!(problems.is_empty(), "{problems:#?}");
        let profile = |facts: &[(&str, bool)]| -> Profile {
            facts
                .iter()
                .map(|(k, v)| ((*k).to_string(), FactValue::Bool(*v)))
                .collect()
        };
        assert!(may_apply(&set, "t.f", &profile(&[])));
        assert!(may_apply(&set, "t.f", &profile(&[("f", true)])));
        assert!(!may_apply(&set, "t.f", &profile(&[("f", false)])));
        assert!(!may_apply(&set, "t.f", &profile(&[("g", true)])));
        // `present` is definite either way.
        assert!(may_apply(&set, "t.unset", &profile(&[])));
        assert!(!may_apply(&set, "t.unset", &profile(&[("f", false)])));
        assert_eq!(
            unstated_facts(&set, "t.f", &profile(&[("g", false)])),
            ["f"]
        );
        assert_eq!(
            unstated_facts(&set, "t.f", &profile(&[])),
            ["f".to_string(), "g".to_string()]
        );
    }

    #[test]
    fn every_shipped_question_is_reachable() {
        assert_eq!(
            unreachable(&QuestionnaireSet::builtin()),
            Vec::<String>::new()
        );
    }
}
