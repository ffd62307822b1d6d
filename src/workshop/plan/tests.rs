//! The plan against brute force: on small hand-made sets, no subset of
//! gaps smaller than the plan reaches the target.

use super::*;
use crate::input::doc::parse_date;
use crate::input::source::Source;

const SET: &str = r"
facts:
  - {id: frontier, type: bool, required: true, prompt: Frontier?}
id: area-a
title: Area A
version: '1'
questions:
  - id: a.crit
    text: Critical?
    why: w
    provisions: [eo14409.3a]
    severity: critical
    evidence: required
    actions: &acts
      no: {do: Fix it., owner: GC, due: {days: 30}}
      partial: {do: Finish it., owner: GC, due: {days: 60}}
      unknown: {do: Find out., owner: GC}
      unanswered: {do: Answer it., owner: GC}
  - {id: a.high, text: High?, why: w, provisions: [eo14409.3a], severity: high, actions: *acts}
  - {id: a.high2, text: High 2?, why: w, provisions: [eo14409.3a], severity: high, actions: *acts}
  - {id: a.med, text: Med?, why: w, provisions: [eo14409.3a], severity: medium, actions: *acts}
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
    severity: medium
    choices: [{id: best, label: Best, credit: 1}, {id: some, label: Some, credit: 0.25}, {id: none, label: None, credit: 0}]
    actions: *acts
  - id: a.capped
    text: Capped?
    why: w
    provisions: [eo14409.3a]
    severity: high
    choices: [{id: half, label: Half, credit: 0.5}, {id: zero, label: Zero, credit: 0}]
    actions: *acts
";

fn set() -> QuestionnaireSet {
    crate::content::set::load_checked(&[Source::new("set.yaml", SET)], &[], &Catalog::builtin())
        .unwrap_or_else(|e| panic!("{e:#?}"))
}

fn options() -> Options {
    Options::on(parse_date("2026-11-20").unwrap())
}

fn answers(set: &QuestionnaireSet, body: &str) -> Answers {
    let text = format!(
        "mera: 1\norganization: {{name: Org}}\nprofile: {{frontier: true}}\nanswers:\n{body}"
    );
    crate::assessment::answers::load(&Source::new("a.yaml", text), set)
        .unwrap_or_else(|e| panic!("{body}\n{e:#?}"))
        .0
}

/// The size of the smallest subset of `candidates` whose closing reaches
/// `target`, by trying every subset.
fn brute_force(s: Scoring, a: &Answers, candidates: &[&Gap], target: Target) -> Option<usize> {
    let n = candidates.len();
    (0u32..(1 << n))
        .filter(|mask| {
            let chosen: Vec<&Gap> = (0..n)
                .filter(|i| mask & (1 << i) != 0)
                .map(|i| candidates[i])
                .collect();
            target.reached(&s.assess(&close_all(s, a, &chosen)))
        })
        .map(|mask| mask.count_ones() as usize)
        .min()
}

fn check(set: &QuestionnaireSet, body: &str, target: Target) -> Plan {
    let options = options();
    let catalog = Catalog::builtin();
    let s = Scoring {
        set,
        catalog: &catalog,
        options: &options,
    };
    let a = answers(set, body);
    let p = plan(s, &a, target);
    let base = s.assess(&a);
    let answered: Vec<&Gap> = base
        .gaps
        .iter()
        .filter(|g| g.state != GapState::Unanswered)
        .collect();
    let all: Vec<&Gap> = base.gaps.iter().collect();
    match &p.outcome {
        Outcome::AlreadyThere => {
            assert!(target.reached(&base));
            assert!(p.steps.is_empty());
        }
        Outcome::Reached => {
            assert_eq!(
                Some(p.steps.len()),
                brute_force(s, &a, &answered, target),
                "{body}"
            );
            assert!(target.reached(&s.assess(&close_all(s, &a, &step_gaps(&base, &p)))));
        }
        Outcome::NeedsAnswers { questions } => {
            assert_eq!(brute_force(s, &a, &answered, target), None, "{body}");
            assert_eq!(
                Some(p.steps.len()),
                brute_force(s, &a, &all, target),
                "{body}"
            );
            assert!(!questions.is_empty());
        }
        Outcome::Unreachable { .. } => {
            assert_eq!(brute_force(s, &a, &all, target), None, "{body}");
        }
    }
    if let Some(last) = p.steps.last() {
        let reached = match target {
            Target::Ready => last.readiness_after == Readiness::Ready,
            Target::Partial => last.readiness_after >= Readiness::Partial,
        };
        assert!(reached, "{body}: the last step reaches the target");
    }
    p
}

fn step_gaps<'a>(base: &'a Assessment, p: &Plan) -> Vec<&'a Gap> {
    p.steps
        .iter()
        .filter_map(|s| base.gaps.iter().find(|g| g.question == s.question))
        .collect()
}

#[test]
fn the_plan_is_minimal_on_hand_made_cases() {
    let set = set();
    let cases = [
        // Critical first, then the largest gains.
        "  a.crit: no\n  a.high: yes\n  a.high2: no\n  a.med: no\n  a.low: yes\n  a.pick: none\n  a.capped: half\n",
        // Answered well but without evidence: filing it is the step.
        "  a.crit: yes\n  a.high: yes\n  a.high2: partial\n  a.med: yes\n  a.low: no\n  a.pick: some\n  a.capped: half\n",
        // Closing a.high makes a.low apply, unanswered: it costs a point.
        "  a.crit: {answer: yes, evidence: [e]}\n  a.high: no\n  a.high2: no\n  a.med: partial\n  a.pick: best\n  a.capped: zero\n",
        // Already ready.
        "  a.crit: {answer: yes, evidence: [e]}\n  a.high: yes\n  a.high2: yes\n  a.med: yes\n  a.low: yes\n  a.pick: best\n  a.capped: half\n",
    ];
    for body in cases {
        for target in [Target::Ready, Target::Partial] {
            check(&set, body, target);
        }
    }
    let p = check(&set, cases[0], Target::Ready);
    assert_eq!(p.steps[0].question, "a.crit", "critical gaps come first");
    assert_eq!(p.steps[0].to, "yes, with evidence filed");
    assert_eq!(p.steps[0].action.owner, "GC");
    assert!(
        p.steps
            .windows(2)
            .all(|w| w[0].score_after <= w[1].score_after)
    );
}

#[test]
fn the_plan_is_minimal_over_many_generated_answer_files() {
    let set = set();
    let words: [&[&str]; 7] = [
        &[
            "",
            "no",
            "partial",
            "yes",
            "{answer: yes, evidence: [e]}",
            "unknown",
        ],
        &["", "no", "partial", "yes"],
        &["", "no", "partial", "yes", "unknown"],
        &["", "no", "yes"],
        &["", "no", "yes"],
        &["", "none", "some", "best"],
        &["", "zero", "half"],
    ];
    let ids = [
        "a.crit", "a.high", "a.high2", "a.med", "a.low", "a.pick", "a.capped",
    ];
    let mut seed: u64 = 0x5eed;
    let mut seen = [0usize; 4];
    for _ in 0..60 {
        let mut body = String::new();
        for (id, choices) in ids.iter().zip(words) {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let w = choices[(seed >> 33) as usize % choices.len()];
            if !w.is_empty() {
                body.push_str(&format!("  {id}: {w}\n"));
            }
        }
        for target in [Target::Ready, Target::Partial] {
            let p = check(&set, &body, target);
            seen[match p.outcome {
                Outcome::AlreadyThere => 0,
                Outcome::Reached => 1,
                Outcome::NeedsAnswers { .. } => 2,
                Outcome::Unreachable { .. } => 3,
            }] += 1;
        }
    }
    assert!(seen[1] > 0 && seen[2] > 0, "cases of each kind: {seen:?}");
}

#[test]
fn unanswered_questions_are_named_when_the_target_needs_them() {
    let set = set();
    let p = check(
        &set,
        "  a.high: yes\n  a.high2: yes\n  a.med: yes\n  a.low: yes\n  a.pick: best\n  a.capped: half\n",
        Target::Ready,
    );
    assert_eq!(
        p.outcome,
        Outcome::NeedsAnswers {
            questions: vec!["a.crit".into()]
        }
    );
}

#[test]
fn a_target_no_answer_can_reach_is_unreachable() {
    // a.capped is worth at most half its points; with the rest unanswered
    // and not in the plan's reach, nothing reaches ready.
    let mut set = set();
    set.questionnaires[0]
        .questions
        .retain(|q| q.id == "a.capped");
    set.questionnaires[0].questions[0].severity = Severity::Critical;
    let p = check(&set, "  a.capped: zero\n", Target::Ready);
    assert!(
        matches!(&p.outcome, Outcome::Unreachable { reason } if reason.contains("50.0, partial")),
        "{:?}",
        p.outcome
    );
    assert!(p.steps.is_empty());
}

#[test]
fn a_decision_put_off_closes_by_deciding_never_by_putting_it_off_again() {
    let set = QuestionnaireSet::builtin();
    let dated: Vec<&Question> = set
        .questionnaires
        .iter()
        .flat_map(|q| &q.questions)
        .filter(|q| q.choices.iter().any(|c| c.needs_decide_by))
        .collect();
    assert_eq!(
        dated.len(),
        4,
        "the three engagement decisions and the clearinghouse"
    );
    for q in &dated {
        let closed = closing(q, None);
        let Response::Choice(id) = &closed.response else {
            panic!("{}: {:?}", q.id, closed.response);
        };
        let choice = q.choice(id).unwrap();
        assert!(!choice.needs_decide_by, "{}: {id}", q.id);
        assert_eq!(choice.credit, 1.0, "{}: {id}", q.id);
    }
    // Even when a choice that waits is listed first with full credit.
    let mut reversed = (*dated[0]).clone();
    reversed.choices.reverse();
    assert!(reversed.choices[1].needs_decide_by && reversed.choices[1].credit == 1.0);
    let mut waiting = closing(dated[0], None);
    waiting.response = Response::Choice("wait".into());
    waiting.decide_by = parse_date("2026-12-11");
    let closed = closing(&reversed, Some(&waiting));
    assert_eq!(closed.response, Response::Choice("engage".into()));
    assert_eq!(closed.decide_by, None);
    // The frontier lab judged after its decision dates: the three waits have
    // passed (half credit each); the plan closes them by deciding.
    let text = include_str!("../../../examples/frontier-lab.yaml");
    let (answers, _) =
        crate::assessment::answers::load(&Source::new("lab.yaml", text), &set).unwrap();
    let mut options = Options::on(parse_date("2026-11-20").unwrap());
    options.dates.run_date = parse_date("2026-12-20").unwrap();
    let s = Scoring {
        set: &set,
        catalog: &Catalog::builtin(),
        options: &options,
    };
    let p = plan(s, &answers, Target::Ready);
    let decisions: Vec<(&str, &str, &str)> = p
        .steps
        .iter()
        .filter(|st| st.question.ends_with("-decision"))
        .map(|st| {
            (
                st.question.as_str(),
                st.answer.as_deref().unwrap(),
                st.to.as_str(),
            )
        })
        .collect();
    assert!(
        decisions.contains(&(
            "cme.engagement-decision",
            "wait",
            "a decision: engage, or decline with a date"
        )),
        "{decisions:?}"
    );
    for (_, _, to) in &decisions {
        assert!(
            !["wait", "decline", "monitor"].contains(to),
            "{decisions:?}"
        );
    }
}

#[test]
fn steps_that_apply_only_until_a_decline_name_the_open_decision_and_follow_it() {
    let set = QuestionnaireSet::builtin();
    let text = include_str!("../../../examples/nonus-developer.yaml");
    let (answers, _) =
        crate::assessment::answers::load(&Source::new("nonus.yaml", text), &set).unwrap();
    let s = Scoring {
        set: &set,
        catalog: &Catalog::builtin(),
        options: &options(),
    };
    let p = plan(s, &answers, Target::Ready);
    let at = |id: &str| p.steps.iter().position(|st| st.question == id);
    let access = at("cme.access-decision").expect("the access decision is a step");
    let tdw: Vec<&Step> = p
        .steps
        .iter()
        .filter(|st| st.question.starts_with("tdw."))
        .collect();
    assert!(!tdw.is_empty());
    for st in tdw {
        assert_eq!(st.depends_on, ["cme.access-decision"], "{}", st.question);
        assert!(at(&st.question).unwrap() > access, "{}", st.question);
    }
    // Every dependency comes before the step that names it.
    for (i, st) in p.steps.iter().enumerate() {
        for d in &st.depends_on {
            assert!(at(d).is_some_and(|j| j < i), "{} after {d}", st.question);
        }
    }
    // A question gated on no answer has no dependency.
    for id in ["cme.capability-evals", "gov.board-oversight"] {
        let st = &p.steps[at(id).unwrap_or_else(|| panic!("{id} is a step"))];
        assert!(st.depends_on.is_empty(), "{id}: {:?}", st.depends_on);
    }
    let table = render(crate::workshop::Format::Table, &p, 200);
    let line = format!(
        "Only if leadership does not decline: `cme.access-decision` (step {}) is still open.",
        access + 1
    );
    assert!(table.contains(&line), "{table}");
    // A decision listed after a step that depends on it moves up to just
    // before that step; the rest keep their order.
    let base = s.assess(&answers);
    let gap = |id: &str| base.gaps.iter().find(|g| g.question == id).unwrap();
    let chosen = [
        gap("gov.board-oversight"),
        gap("tdw.release-buffer"),
        gap("cme.capability-evals"),
        gap("cme.access-decision"),
    ];
    let depends = [
        vec![],
        vec!["cme.access-decision".to_string()],
        vec![],
        vec![],
    ];
    let (order, moved) = decisions_first(&chosen, &depends);
    let ids: Vec<&str> = order.iter().map(|g| g.question.as_str()).collect();
    assert_eq!(
        ids,
        [
            "gov.board-oversight",
            "cme.access-decision",
            "tdw.release-buffer",
            "cme.capability-evals"
        ]
    );
    assert_eq!(moved[2], ["cme.access-decision"]);
}
