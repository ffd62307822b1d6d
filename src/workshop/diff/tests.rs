use super::*;
use crate::assessment::scoring::{self, Options};
use crate::content::catalog::Catalog;
use crate::content::set::QuestionnaireSet;
use crate::input::doc::parse_date;
use crate::input::source::Source;

const SET: &str = r"
facts:
  - {id: frontier, type: bool, required: true, prompt: Frontier?}
id: area-a
title: Area A
version: '2'
questions:
  - id: a.crit
    text: Critical?
    why: w
    provisions: [eo14409.3a]
    severity: critical
    actions: &acts
      no: {do: Fix it., owner: GC, due: {days: 30}}
      partial: {do: Finish it., owner: GC}
      unknown: {do: Find out., owner: GC}
      unanswered: {do: Answer it., owner: GC}
  - {id: a.high, text: High?, why: w, provisions: [eo14409.3a], severity: high, actions: *acts}
  - {id: a.med, text: Med?, why: w, provisions: [eo14409.3a], severity: medium, actions: *acts}
  - {id: a.low, text: Low?, why: w, provisions: [eo14409.3a], severity: low, actions: *acts}
replaces: {a.old-high: a.high}
";

fn set() -> QuestionnaireSet {
    crate::content::set::load_checked(&[Source::new("set.yaml", SET)], &[], &Catalog::builtin())
        .unwrap_or_else(|e| panic!("{e:#?}"))
}

fn scored(name: &str, as_of: &str, body: &str) -> (Assessment, Answers) {
    let text = format!(
        "mera: 1\norganization: {{name: Org, as_of: {as_of}}}\nprofile: {{frontier: true}}\n{body}"
    );
    let (answers, _) = crate::assessment::answers::load(&Source::new(name, text), &set())
        .unwrap_or_else(|e| panic!("{e:#?}"));
    let options = Options::on(parse_date(as_of).unwrap());
    (
        scoring::assess(&set(), &Catalog::builtin(), &answers, &options),
        answers,
    )
}

fn run(old: &(Assessment, Answers), new: &(Assessment, Answers)) -> Diff {
    diff(
        Assessed {
            assessment: &old.0,
            answers: &old.1,
        },
        Assessed {
            assessment: &new.0,
            answers: &new.1,
        },
    )
}

fn ids(changes: &[GapChange]) -> Vec<&str> {
    changes.iter().map(|g| g.question.as_str()).collect()
}

#[test]
fn improvements_close_and_change_gaps_and_raise_the_score() {
    let old = scored(
        "old.yaml",
        "2026-08-20",
        "answers: {a.crit: no, a.high: no, a.med: partial}\n",
    );
    let new = scored(
        "new.yaml",
        "2026-11-20",
        "answers: {a.crit: yes, a.high: partial, a.med: partial, a.low: yes}\n",
    );
    let d = run(&old, &new);
    assert_eq!(d.old.score, Some(6.7)); // 1 of 15 points
    assert_eq!(d.new.score, Some(80.0)); // 8 + 2 + 1 + 1 of 15
    assert_eq!(d.score_change, Some(73.3));
    assert_eq!(ids(&d.gaps_closed), ["a.crit", "a.low"]);
    assert!(d.gaps_opened.is_empty());
    assert_eq!(ids(&d.gaps_changed), ["a.high"]);
    let changed: Vec<(&str, Option<&str>, Option<&str>)> = d
        .answers_changed
        .iter()
        .map(|a| (a.question.as_str(), a.old.as_deref(), a.new.as_deref()))
        .collect();
    assert_eq!(
        changed,
        [
            ("a.crit", Some("no"), Some("yes")),
            ("a.high", Some("no"), Some("partial")),
            ("a.low", None, Some("yes")),
        ]
    );
    assert!(regressions(&d, Severity::High).is_empty());
}

#[test]
fn a_drop_or_a_new_gap_at_the_severity_is_a_regression() {
    let old = scored(
        "old.yaml",
        "2026-11-20",
        "answers: {a.crit: yes, a.high: yes, a.med: yes, a.low: yes}\n",
    );
    let new = scored(
        "new.yaml",
        "2026-11-20",
        "answers: {a.crit: yes, a.high: yes, a.med: no, a.low: yes}\n",
    );
    let d = run(&old, &new);
    assert_eq!(ids(&d.gaps_opened), ["a.med"]);
    let at_high = regressions(&d, Severity::High);
    assert_eq!(at_high, ["the score dropped from 100.0 to 86.7"]);
    let at_medium = regressions(&d, Severity::Medium);
    assert_eq!(at_medium.len(), 2);
    assert_eq!(at_medium[1], "a medium gap opened: `a.med`");
    // A waived gap that opens is not a regression by itself.
    let waived = scored(
        "new.yaml",
        "2026-11-20",
        "answers: {a.crit: yes, a.high: yes, a.med: no, a.low: yes}\nwaivers:\n  - {question: a.med, reason: r, approved_by: GC, expires: 2027-01-01}\n",
    );
    let d = run(&old, &waived);
    assert_eq!(regressions(&d, Severity::Medium).len(), 1);
    assert_eq!(d.waivers[0].change, WaiverChangeKind::Added);
}

#[test]
fn old_ids_are_compared_under_their_new_names() {
    let old = scored("old.yaml", "2026-11-20", "answers: {a.old-high: no}\n");
    let new = scored("new.yaml", "2026-11-20", "answers: {a.high: yes}\n");
    let d = run(&old, &new);
    assert_eq!(ids(&d.gaps_closed), ["a.high"]);
    assert_eq!(d.answers_changed[0].question, "a.high");
    assert_eq!(d.answers_changed[0].old.as_deref(), Some("no"));
}

#[test]
fn waivers_that_expire_or_go_and_evidence_that_goes_stale_are_listed() {
    let waiver = "waivers:\n  - {question: a.high, reason: r, approved_by: GC, expires: 2026-10-01}\n  - {question: a.med, reason: r, approved_by: GC, expires: 2027-10-01}\n";
    let old = scored(
        "old.yaml",
        "2026-09-01",
        &format!(
            "answers: {{a.high: no, a.med: no, a.low: {{answer: yes, reviewed: 2025-10-01}}}}\n{waiver}"
        ),
    );
    let new = scored(
        "new.yaml",
        "2026-11-20",
        "answers: {a.high: no, a.med: no, a.low: {answer: yes, reviewed: 2025-10-01}}\nwaivers:\n  - {question: a.high, reason: r, approved_by: GC, expires: 2026-10-01}\n",
    );
    let d = run(&old, &new);
    let w: Vec<(&str, WaiverChangeKind)> = d
        .waivers
        .iter()
        .map(|w| (w.question.as_str(), w.change))
        .collect();
    assert_eq!(
        w,
        [
            ("a.high", WaiverChangeKind::Expired),
            ("a.med", WaiverChangeKind::Removed)
        ]
    );
    assert_eq!(d.evidence_went_stale.len(), 1);
    assert_eq!(d.evidence_went_stale[0].question, "a.low");
    assert_eq!(d.evidence_went_stale[0].age_days, 415);
}

#[test]
fn a_decision_date_that_moves_is_an_answer_changed() {
    let set = QuestionnaireSet::builtin();
    let catalog = Catalog::builtin();
    let before = include_str!("../../../examples/frontier-lab.yaml");
    let after = before.replacen(
        "  cme.engagement-decision:\n    answer: wait\n    decide_by: 2026-11-30\n",
        "  cme.engagement-decision:\n    answer: wait\n    decide_by: 2027-01-31\n",
        1,
    );
    assert_ne!(before, after);
    let load = |name: &str, text: &str| {
        let (answers, _) = crate::assessment::answers::load(&Source::new(name, text), &set)
            .unwrap_or_else(|e| panic!("{e:#?}"));
        let options = Options::on(parse_date("2026-11-20").unwrap());
        (scoring::assess(&set, &catalog, &answers, &options), answers)
    };
    let (old, new) = (load("old.yaml", before), load("new.yaml", &after));
    let d = run(&old, &new);
    assert_eq!(
        d.answers_changed,
        [AnswerChange {
            question: "cme.engagement-decision".into(),
            old: Some("wait".into()),
            new: Some("wait".into()),
            old_decide_by: parse_date("2026-11-30"),
            new_decide_by: parse_date("2027-01-31"),
        }]
    );
    // Put off past the day the schedule needs it (2026-12-09), the
    // decision drops to half credit from the start: a gap opens.
    assert!(
        d.gaps_opened
            .iter()
            .any(|g| g.question == "cme.engagement-decision")
    );
    let text = render(crate::workshop::Format::Table, &d, None, 80);
    assert!(
        text.contains(
            // The terminal shows ids without Markdown's code marks.
            "  - cme.engagement-decision: wait (decide by 2026-11-30) → wait (decide by\n    2027-01-31)\n"
        ),
        "{text}"
    );
}
