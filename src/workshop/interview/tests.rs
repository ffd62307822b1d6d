//! The interview driven by scripted input, over text in memory: the same
//! state machine the CLI drives from a terminal.

use super::*;
use crate::assessment::answers::Answers;
use crate::input::doc::parse_date;

fn set() -> QuestionnaireSet {
    QuestionnaireSet::builtin()
}

fn today() -> NaiveDate {
    parse_date("2026-11-22").unwrap()
}

fn template() -> String {
    crate::content::template::answers_template(
        &set(),
        &Catalog::builtin(),
        today(),
        crate::input::source::Syntax::Yaml,
    )
}

/// What a run did: the final text, and every prompt asked (in order).
struct Run {
    text: String,
    asked: Vec<Ask>,
    said: Vec<String>,
    screens: Vec<String>,
}

/// Feed `inputs` one line per prompt until they run out or the session ends.
/// The detail prompts after an answer, in order.
fn details(question: &str) -> [Ask; 4] {
    let id = || question.to_string();
    [
        Ask::Evidence(id()),
        Ask::Note(id()),
        Ask::Owner(id()),
        Ask::Reviewed(id()),
    ]
}

fn drive(text: &str, scope: Scope, inputs: &[&str]) -> Run {
    let mut inputs = inputs.iter();
    drive_by(text, scope, |_| inputs.next().map(|s| (*s).to_string()))
}

/// Answer each prompt with what `respond` types for it, until it types
/// nothing more or the session ends.
fn drive_by(text: &str, scope: Scope, mut respond: impl FnMut(&Prompt) -> Option<String>) -> Run {
    let (set, catalog) = (set(), Catalog::builtin());
    let mut session = Session::new(&set, &catalog, scope, today()).unwrap();
    let mut run = Run {
        text: text.to_string(),
        asked: Vec::new(),
        said: Vec::new(),
        screens: Vec::new(),
    };
    loop {
        let source = Source::new("r.yaml", run.text.clone());
        let Some(prompt) = session.next(&source).unwrap_or_else(|e| panic!("{e:#?}")) else {
            break;
        };
        let Some(input) = respond(&prompt) else {
            break;
        };
        run.asked.push(prompt.ask.clone());
        run.screens.push(session.screen(&prompt));
        match session.reply(&source, &prompt, &input).unwrap() {
            Outcome::Save(t) => run.text = t,
            Outcome::Keep => {}
            Outcome::Say(s) => run.said.push(s),
            Outcome::Quit => break,
        }
    }
    run
}

fn load(text: &str) -> Answers {
    crate::assessment::answers::load(&Source::new("r.yaml", text), &set())
        .unwrap_or_else(|e| panic!("{text}\n{e:#?}"))
        .0
}

/// The optional facts, left empty (asked before, skipped).
const OPTIONAL: &str = "  seeks_trusted_partner_access:\n  agents_touch_third_party_systems:\n  agents_make_purchases:\n  planned_trusted_partner_release:\n  training_compute_flop:\n  headquartered_outside_us:\n  federal_contractor:\n  considering_clearinghouse:\n  builds_ai_security_tools:\n  frontier_models_in_eu_or_uk:\n  relies_on_vendor_frontier_models:\n  eu_high_risk_ai_uses:\n  public_or_raising_capital:\n";

/// Organization, then the profile of a retailer running agents: three
/// required facts, then the thirteen optional ones (the two dated or
/// counted ones skipped with Enter).
const SETUP: [&str; 19] = [
    "Parcelwise",
    "General Counsel",
    "",
    "n",
    "y",
    "n",
    // The optional facts: stated `n` (an unstated fact keeps questions
    // open), but for the release date and the compute figure, skipped.
    "n",
    "n",
    "n",
    "",
    "",
    "n",
    "n",
    "n",
    "n",
    "n",
    "n",
    "n",
    "n",
];

/// The prompt the first question comes at, after the setup.
const FIRST_QUESTION: usize = SETUP.len();

fn with(extra: &[&str]) -> Vec<&'static str> {
    let mut v: Vec<&str> = SETUP.to_vec();
    v.extend(
        extra
            .iter()
            .map(|s| -> &'static str { Box::leak(s.to_string().into_boxed_str()) }),
    );
    v
}

#[test]
fn a_new_template_asks_organization_then_profile_then_questions() {
    let run = drive(
        &template(),
        Scope::default(),
        &with(&["y", "docs/inventory.xlsx", "", "Head of AI", ""]),
    );
    assert_eq!(run.asked[0], Ask::Name);
    assert_eq!(run.asked[1], Ask::AssessedBy);
    assert_eq!(run.asked[2], Ask::AsOf);
    assert_eq!(run.asked[3], Ask::Fact("develops_frontier_models".into()));
    assert_eq!(
        run.asked[FIRST_QUESTION],
        Ask::Answer("agt.inventory".into())
    );
    assert_eq!(
        run.asked[FIRST_QUESTION + 1..],
        [
            Ask::Evidence("agt.inventory".into()),
            Ask::Note("agt.inventory".into()),
            Ask::Owner("agt.inventory".into()),
            Ask::Reviewed("agt.inventory".into()),
        ]
    );
    let a = load(&run.text);
    assert_eq!(a.organization.name, "Parcelwise");
    assert_eq!(a.organization.as_of, Some(today()));
    let inv = &a.answers["agt.inventory"];
    assert_eq!(inv.response, Response::Yes);
    assert_eq!(inv.evidence, vec!["docs/inventory.xlsx".to_string()]);
    assert_eq!(inv.owner.as_deref(), Some("Head of AI"));
    assert_eq!(inv.reviewed, Some(today()));
    // The template's comments survive, and the answer sits where its
    // placeholder was, under the question's text.
    assert!(run.text.starts_with("# mera answers file"));
    let at = run.text.find("  agt.inventory:").unwrap();
    assert!(run.text[..at].ends_with("unknown\n") || run.text[..at].contains("AI agent"));
    assert!(!run.text.contains("# agt.inventory:"));
    assert!(
        run.text
            .contains("  # agt.authorization-basis: yes | partial | no | unknown")
    );
}

/// `reviewed` dates the evidence: an answer without evidence is not asked
/// for one and gets none, so it never goes stale as "evidence" a year on.
#[test]
fn only_an_answer_with_evidence_is_asked_for_a_reviewed_date() {
    let run = drive(
        &template(),
        Scope::default(),
        &with(&["n", "", "", "p", "", "", "", "y", "docs/x.pdf", "", "", ""]),
    );
    let after = |at: usize| &run.asked[FIRST_QUESTION + at];
    assert_eq!(*after(0), Ask::Answer("agt.inventory".into()));
    assert_eq!(*after(1), Ask::Note("agt.inventory".into()));
    assert_eq!(*after(2), Ask::Owner("agt.inventory".into()));
    // `partial` earns credit: evidence is asked, left empty, so no date.
    assert_eq!(*after(3), Ask::Answer("agt.authorization-basis".into()));
    assert_eq!(
        run.asked[FIRST_QUESTION + 4..FIRST_QUESTION + 7],
        details("agt.authorization-basis")[..3]
    );
    assert_eq!(*after(7), Ask::Answer("agt.least-privilege".into()));
    assert_eq!(
        run.asked[FIRST_QUESTION + 8..FIRST_QUESTION + 12],
        details("agt.least-privilege")
    );
    let a = load(&run.text);
    assert_eq!(a.answers["agt.inventory"].reviewed, None);
    assert_eq!(a.answers["agt.authorization-basis"].reviewed, None);
    assert_eq!(a.answers["agt.least-privilege"].reviewed, Some(today()));
}

#[test]
fn the_screen_shows_progress_why_provision_and_evidence_hint() {
    let run = drive(&template(), Scope::default(), &with(&["q"]));
    let screen = run.screens.last().unwrap();
    assert!(screen.contains("== area 1 of "), "{screen}");
    assert!(screen.contains(", question 1 of "), "{screen}");
    assert!(screen.contains("agt.inventory (high)") || screen.contains("agt.inventory ("));
    assert!(screen.contains("Why: "));
    assert!(screen.contains("Provision: §4"));
    assert!(screen.contains("Evidence ("));
    assert!(screen.ends_with(": "));
    assert!(screen.lines().all(|l| l.chars().count() <= 80), "{screen}");
}

#[test]
fn help_shows_explain_within_80_columns() {
    let run = drive(&template(), Scope::default(), &with(&["?", "q"]));
    let help = &run.said[0];
    assert!(help.contains("Recommended actions:"), "{help}");
    // Only a word longer than a line (a source's URL) may run over.
    assert!(
        help.lines()
            .all(|l| l.chars().count() <= 80 || l.split_whitespace().count() == 1),
        "{help}"
    );
}

#[test]
fn quitting_and_resuming_starts_at_the_first_open_question() {
    let first = drive(
        &template(),
        Scope::default(),
        &with(&["y", "", "", "", "", "n", "q"]),
    );
    let a = load(&first.text);
    assert_eq!(a.answers.len(), 2);
    let second = drive(&first.text, Scope::default(), &["p"]);
    let third_question = second.asked[0].clone();
    assert!(matches!(&third_question, Ask::Answer(id) if !a.answers.contains_key(id)));
    assert_eq!(load(&second.text).answers.len(), 3);
}

#[test]
fn typed_words_are_checked_and_asked_again() {
    let run = drive(
        &template(),
        Scope::default(),
        &with(&["maybe", "na", "yess", "y"]),
    );
    assert_eq!(run.said.len(), 3);
    assert!(run.said[0].contains("`maybe` is not an answer here"));
    assert!(run.said[1].contains("does not take n/a"));
    assert!(
        run.said[2].contains("did you mean `yes`?"),
        "{}",
        run.said[2]
    );
    assert_eq!(
        load(&run.text).answers["agt.inventory"].response,
        Response::Yes
    );
}

#[test]
fn required_facts_cannot_be_skipped_and_dates_are_checked() {
    let run = drive(
        &template(),
        Scope::default(),
        &["X", "GC", "20/11/2026", "2026-11-20", "", "y"],
    );
    assert!(run.said[0].contains("is not a date"));
    assert!(run.said[1].contains("required"));
    assert_eq!(
        run.asked.last(),
        Some(&Ask::Fact("develops_frontier_models".into()))
    );
    assert!(run.text.contains("as_of: 2026-11-20"));
    assert!(
        run.text
            .contains("develops_frontier_models: true    # required")
    );
}

#[test]
fn revisit_shows_the_current_answer_and_enter_keeps_it() {
    let answered = drive(
        &template(),
        Scope::default(),
        &with(&["y", "", "", "", "", "q"]),
    )
    .text;
    let scope = Scope {
        revisit: true,
        area: Some("agent-cfaa".into()),
    };
    let run = drive(&answered, scope, &["", "q"]);
    assert_eq!(run.asked[0], Ask::Answer("agt.inventory".into()));
    assert_eq!(run.text, answered, "Enter keeps the answer and the file");
    let scope = Scope {
        revisit: true,
        area: Some("agent-cfaa".into()),
    };
    let session_set = set();
    let catalog = Catalog::builtin();
    let session = Session::new(&session_set, &catalog, scope, today()).unwrap();
    let p = session
        .next(&Source::new("r.yaml", answered))
        .unwrap()
        .unwrap();
    assert_eq!(p.default.as_deref(), Some("yes"));
}

#[test]
fn area_limits_the_questions() {
    let scope = Scope {
        revisit: false,
        area: Some("governance".into()),
    };
    let run = drive(&template(), scope, &with(&["y"]));
    assert!(
        matches!(&run.asked[FIRST_QUESTION], Ask::Answer(id) if id.starts_with("gov.")),
        "{:?}",
        run.asked[FIRST_QUESTION]
    );
    let (set, catalog) = (set(), Catalog::builtin());
    let bad = Scope {
        revisit: false,
        area: Some("governence".into()),
    };
    let err = Session::new(&set, &catalog, bad, today()).err().unwrap();
    assert!(err.contains("did you mean `governance`?"));
    // A word from the area's name finds it too.
    for word in ["agents", "agent", "Clearinghouse"] {
        let scope = Scope {
            revisit: false,
            area: Some(word.into()),
        };
        let err = Session::new(&set, &catalog, scope, today()).err().unwrap();
        let expected = if word == "Clearinghouse" {
            "`clearinghouse`"
        } else {
            "`agent-cfaa`"
        };
        assert!(
            err.contains(&format!("did you mean {expected}")),
            "{word}: {err}"
        );
    }
}

/// A frontier lab with its organization and profile filled in; no answers.
fn lab() -> String {
    crate::assessment::stamp::stamped(&format!(
        "mera: 1\norganization:\n  name: Lab\n  assessed_by: GC\n  as_of: 2026-11-20\nprofile:\n  develops_frontier_models: true\n  deploys_ai_agents: false\n  critical_infrastructure_operator: false\n{}answers:\n",
        OPTIONAL.replace(
            "  planned_trusted_partner_release:\n",
            "  planned_trusted_partner_release: 2027-09-01\n"
        )
    ))
}

#[test]
fn a_question_that_depends_on_an_answer_comes_when_it_applies() {
    // A recorded decision not to offer access (`decline`, its date, and
    // `cme.decline-record` yes) takes the thirty-day-window area away;
    // `engage` keeps it. Every other question is answered `n`.
    for (access, expect_tdw) in [("2", false), ("engage", true)] {
        let mut next_area = None;
        let run = drive_by(&lab(), Scope::default(), |p| {
            let word = match &p.ask {
                Ask::Answer(id) if !id.starts_with("cme.") => {
                    next_area.get_or_insert_with(|| id.clone());
                    "q"
                }
                Ask::Answer(id) if id == "cme.access-decision" => access,
                Ask::Answer(id) if id.ends_with("-decision") => "engage",
                // A complete decline: the record and the decline path.
                Ask::Answer(id)
                    if id == "cme.decline-record"
                        || id == "cme.approach-response"
                        || id == "cme.nonparticipation-costs" =>
                {
                    "y"
                }
                Ask::Answer(_) => "n",
                Ask::DecideBy(_) => "2026-12-31",
                Ask::Evidence(_) => "board/decline-minutes.pdf",
                _ => "",
            };
            Some(word.to_string())
        });
        let next = next_area.unwrap();
        assert_eq!(next.starts_with("tdw."), expect_tdw, "{access}: {next}");
        let asked_record = run
            .asked
            .contains(&Ask::Answer("cme.decline-record".into()));
        assert_eq!(asked_record, !expect_tdw, "{access}");
        let a = load(&run.text);
        let want = if expect_tdw { "engage" } else { "decline" };
        let access = &a.answers["cme.access-decision"];
        assert_eq!(access.response.word(), want);
        assert_eq!(
            access.decide_by,
            (!expect_tdw).then(|| parse_date("2026-12-31").unwrap())
        );
    }
}

#[test]
fn a_choice_that_puts_the_decision_off_is_saved_with_its_date_in_one_write() {
    let (set, catalog) = (set(), Catalog::builtin());
    let scope = Scope {
        revisit: false,
        area: Some("covered-model-engagement".into()),
    };
    let mut session = Session::new(&set, &catalog, scope, today()).unwrap();
    let mut text = lab();
    let step = |session: &mut Session, text: &mut String, input: &str| {
        let source = Source::new("r.yaml", text.clone());
        let prompt = session.next(&source).unwrap().unwrap();
        let outcome = session.reply(&source, &prompt, input).unwrap();
        if let Outcome::Save(t) = &outcome {
            *text = t.clone();
        }
        (prompt, outcome)
    };
    // Answer every question before the decision `n`, with no details.
    loop {
        let (prompt, _) = step(&mut session, &mut text, "n");
        if prompt.ask == Ask::Answer("cme.designation-assessment".into()) {
            for _ in 0..3 {
                step(&mut session, &mut text, "");
            }
            break;
        }
        if matches!(prompt.ask, Ask::Answer(_)) {
            for _ in 0..3 {
                step(&mut session, &mut text, "");
            }
        }
    }
    let before = text.clone();
    let (prompt, outcome) = step(&mut session, &mut text, "wait");
    assert_eq!(prompt.ask, Ask::Answer("cme.engagement-decision".into()));
    // Nothing is written until the date is given.
    assert_eq!(outcome, Outcome::Keep);
    assert_eq!(text, before);
    let date_prompt = |session: &Session, text: &str| {
        session.next(&Source::new("r.yaml", text)).unwrap().unwrap()
    };
    let p = date_prompt(&session, &text);
    assert_eq!(p.ask, Ask::DecideBy("cme.engagement-decision".into()));
    assert_eq!(p.default, None);
    assert!(
        session
            .screen(&p)
            .contains("Decide by, YYYY-MM-DD (required")
    );
    assert!(p.position.is_some());
    // Required: Enter, `-` and a non-date are refused; the prompt stays.
    for input in ["", "-", "next month"] {
        let (p, outcome) = step(&mut session, &mut text, input);
        assert_eq!(p.ask, Ask::DecideBy("cme.engagement-decision".into()));
        assert!(
            matches!(&outcome, Outcome::Say(m) if m.contains("puts the decision off, so it needs")),
            "{input}: {outcome:?}"
        );
        assert_eq!(text, before);
    }
    let (_, outcome) = step(&mut session, &mut text, "2026-12-11");
    assert!(matches!(outcome, Outcome::Save(_)));
    let a = load(&text);
    let decision = &a.answers["cme.engagement-decision"];
    assert_eq!(decision.response, Response::Choice("wait".into()));
    assert_eq!(decision.decide_by, parse_date("2026-12-11"));
    assert!(
        text.contains("  cme.engagement-decision:\n    answer: wait\n    decide_by: 2026-12-11\n"),
        "{text}"
    );
    // Then the details of the typed answer, as for any other.
    let p = date_prompt(&session, &text);
    assert_eq!(p.ask, Ask::Evidence("cme.engagement-decision".into()));

    // Revisit: the current date is the default; Enter keeps the answer and
    // then the date, and a new date is saved with the answer again.
    let scope = Scope {
        revisit: true,
        area: Some("covered-model-engagement".into()),
    };
    let answered = text.clone();
    let until_decision = |inputs: [&str; 2]| {
        let mut typed = inputs.into_iter();
        drive_by(&answered, scope.clone(), |p| match &p.ask {
            Ask::Answer(id) | Ask::DecideBy(id) if id == "cme.engagement-decision" => {
                typed.next().map(String::from)
            }
            // Stop at the first question still open.
            Ask::Answer(_) if p.default.is_none() => None,
            _ => Some(String::new()),
        })
    };
    let kept = until_decision(["", ""]);
    assert_eq!(kept.text, answered);
    let at = kept
        .asked
        .iter()
        .position(|a| *a == Ask::DecideBy("cme.engagement-decision".into()))
        .unwrap();
    assert!(
        kept.screens[at].contains("[2026-12-11]: "),
        "{}",
        kept.screens[at]
    );
    let moved = until_decision(["", "2027-01-08"]);
    assert_eq!(
        load(&moved.text).answers["cme.engagement-decision"].decide_by,
        parse_date("2027-01-08")
    );
    // Another choice that waits keeps the date shown as its default.
    let declined = until_decision(["decline", ""]);
    let d = &load(&declined.text).answers["cme.engagement-decision"];
    assert_eq!(d.response, Response::Choice("decline".into()));
    assert_eq!(d.decide_by, parse_date("2026-12-11"));
    // A choice that decides drops the date, leaving nothing to warn about.
    let engaged = until_decision(["engage", "q"]);
    assert!(!engaged.text.contains("decide_by"), "{}", engaged.text);
    let (_, warnings) =
        crate::assessment::answers::load(&Source::new("r.yaml", engaged.text), &set).unwrap();
    assert!(warnings.is_empty(), "{warnings:#?}");
    // `q` at the date drops the held choice; the file keeps its answer.
    let quit = until_decision(["decline", "q"]);
    assert_eq!(quit.text, answered);
}

#[test]
fn an_answer_settles_a_merged_conflict() {
    let text = "mera: 1\norganization: \n  name: Lab\n  assessed_by: GC\n  as_of: 2026-11-20\nprofile:\n  develops_frontier_models: false\n  deploys_ai_agents: true\n  critical_infrastructure_operator: false\n{OPTIONAL}answers:\n  agt.inventory:\n    answer: unknown\n    conflict:\n      - by: CISO\n        answer: yes\n      - by: GC\n        answer: no\n"
        .replace("{OPTIONAL}", OPTIONAL);
    let text = text.as_str();
    let scope = Scope {
        revisit: true,
        area: Some("agent-cfaa".into()),
    };
    let run = drive(text, scope, &["p", "", "", "", "", "q"]);
    let screen = &run.screens[0];
    assert!(screen.contains("Respondents disagree; your answer settles it:"));
    assert!(
        screen.contains("    CISO answered yes\n    GC answered no\n"),
        "{screen}"
    );
    let a = load(&run.text);
    assert_eq!(a.answers["agt.inventory"].response, Response::Partial);
    assert!(a.answers["agt.inventory"].conflict.is_empty());
    assert!(!run.text.contains("conflict:"));
}

/// A screen's words, one space apart: what a prompt says, however wrapped.
fn words(screen: &str) -> String {
    screen.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A retailer running agents, its organization and profile filled in, with
/// `answers` (lines under `answers:`).
fn agents(answers: &str) -> String {
    format!(
        "mera: 1\norganization:\n  name: Parcelwise\n  assessed_by: CISO and GC\n  as_of: 2026-11-20\nprofile:\n  develops_frontier_models: false\n  deploys_ai_agents: true\n  critical_infrastructure_operator: false\n{OPTIONAL}answers:\n{answers}"
    )
}

/// `agt.inventory` as `mera merge` leaves it when the CISO and counsel
/// disagree, each with evidence, a note and `owner`s.
fn inventory_conflict(owners: [&str; 2]) -> String {
    agents(&format!(
        "  agt.inventory:\n    answer: unknown\n    conflict:\n      - by: CISO\n        answer: yes\n        evidence:\n          - docs/inventory.xlsx\n          - wiki/agents\n        note: Covers production.\n        owner: {}\n      - by: GC\n        answer: partial\n        evidence:\n          - wiki/agents\n          - audit/2026-q3.pdf\n        note: Staging is missing.\n        owner: {}\n",
        owners[0], owners[1]
    ))
}

fn revisit_agents() -> Scope {
    Scope {
        revisit: true,
        area: Some("agent-cfaa".into()),
    }
}

#[test]
fn settling_a_conflict_offers_what_the_respondents_gave() {
    let text = inventory_conflict(["Head of AI", "Head of AI"]);
    let run = drive(&text, revisit_agents(), &["y", "", "", "", "", "q"]);
    // Each respondent's answer, by whom, with evidence and note.
    let screen = &run.screens[0];
    for side in [
        "CISO answered yes",
        "Evidence: docs/inventory.xlsx, wiki/agents",
        "Note: Covers production.",
        "GC answered partial",
        "Evidence: wiki/agents, audit/2026-q3.pdf",
        "Note: Staging is missing.",
    ] {
        assert!(screen.contains(side), "{side}: {screen}");
    }
    assert_eq!(run.asked[1..5], details("agt.inventory"));
    // The details offer the respondents' evidence (all of it, once each)
    // and their owner, and say how to clear them.
    assert!(
        words(&run.screens[1]).ends_with(
            "(Enter keeps, - for none) [docs/inventory.xlsx, wiki/agents, audit/2026-q3.pdf]:"
        ),
        "{}",
        run.screens[1]
    );
    assert!(
        run.screens[3].ends_with("[Head of AI]: "),
        "{}",
        run.screens[3]
    );
    // Enter took them all: nothing either respondent gave is lost.
    let a = &load(&run.text).answers["agt.inventory"];
    assert_eq!(a.response, Response::Yes);
    assert_eq!(
        a.evidence,
        ["docs/inventory.xlsx", "wiki/agents", "audit/2026-q3.pdf"]
    );
    assert_eq!(
        a.note.as_deref(),
        Some("CISO: Covers production. / GC: Staging is missing.")
    );
    assert_eq!(a.owner.as_deref(), Some("Head of AI"));
    assert_eq!(a.reviewed, parse_date("2026-11-20"));
    assert_eq!(a.by.as_deref(), Some("CISO, GC"));
    assert!(a.conflict.is_empty());
    assert!(!run.text.contains("conflict:"), "{}", run.text);
}

#[test]
fn a_settled_conflict_takes_no_owner_they_disagree_on_and_dash_clears() {
    let text = inventory_conflict(["Head of AI", "Platform lead"]);
    let run = drive(&text, revisit_agents(), &["n", "-", "-", "", "", "q"]);
    let screen = &run.screens[0];
    assert!(screen.contains("Owner: Head of AI"), "{screen}");
    assert!(screen.contains("Owner: Platform lead"), "{screen}");
    // A `no` earns no credit, but the evidence drawn in is still shown.
    assert_eq!(run.asked[1], Ask::Evidence("agt.inventory".into()));
    assert_eq!(run.asked[3], Ask::Owner("agt.inventory".into()));
    assert!(
        run.screens[3].ends_with("Owner (Enter skips): "),
        "{}",
        run.screens[3]
    );
    let a = &load(&run.text).answers["agt.inventory"];
    assert_eq!(a.response, Response::No);
    assert!(a.evidence.is_empty());
    assert_eq!(a.note, None);
    assert_eq!(a.owner, None);
    assert_eq!(a.by.as_deref(), Some("CISO, GC"));
    assert!(a.conflict.is_empty());
}

#[test]
fn a_settled_conflict_offers_the_date_a_respondent_gave_its_choice() {
    let text = lab().replace(
        "answers:\n",
        "answers:\n  cme.engagement-decision:\n    answer: unknown\n    conflict:\n      - by: CISO\n        answer: wait\n        decide_by: 2026-12-11\n      - by: GC\n        answer: engage\n",
    );
    let scope = Scope {
        revisit: true,
        area: Some("covered-model-engagement".into()),
    };
    let decision = "cme.engagement-decision";
    let run = drive_by(&text, scope, |p| {
        let word = match &p.ask {
            Ask::Answer(id) if id == decision => "wait",
            Ask::Answer(_) => "n",
            Ask::DecideBy(_) => {
                assert_eq!(p.default.as_deref(), Some("2026-12-11"));
                ""
            }
            Ask::Evidence(id) | Ask::Note(id) if id == decision => return None,
            _ => "",
        };
        Some(word.to_string())
    });
    assert!(run.asked.contains(&Ask::DecideBy(decision.into())));
    let a = &load(&run.text).answers[decision];
    assert_eq!(a.response, Response::Choice("wait".into()));
    assert_eq!(a.decide_by, parse_date("2026-12-11"));
    assert_eq!(a.by.as_deref(), Some("CISO, GC"));
    assert!(a.conflict.is_empty());
}

#[test]
fn revisit_offers_the_answers_details_and_enter_keeps_them() {
    let text = agents(
        "  agt.inventory:\n    answer: yes\n    evidence:\n      - docs/inventory.xlsx\n    note: Checked in October.\n    owner: Head of AI\n    reviewed: 2026-11-01\n",
    );
    for word in ["y", "p", "n"] {
        let run = drive(&text, revisit_agents(), &[word, "", "", "", "", "q"]);
        assert_eq!(run.asked[1..5], details("agt.inventory"), "{word}");
        for (screen, shown) in run.screens[1..5].iter().zip([
            "(Enter keeps, - for none) [docs/inventory.xlsx]:",
            "(Enter keeps, - for none) [Checked in October.]:",
            "(Enter keeps, - for none) [Head of AI]:",
            "[2026-11-01]:",
        ]) {
            assert!(words(screen).ends_with(shown), "{word}: {screen}");
        }
        let a = &load(&run.text).answers["agt.inventory"];
        assert_eq!(&a.response.word()[..1], word);
        assert_eq!(a.evidence, ["docs/inventory.xlsx"], "{word}");
        assert_eq!(a.note.as_deref(), Some("Checked in October."), "{word}");
        assert_eq!(a.owner.as_deref(), Some("Head of AI"), "{word}");
        assert_eq!(a.reviewed, parse_date("2026-11-01"), "{word}");
    }
}

#[test]
fn every_save_loads_or_only_lacks_facts_still_to_ask() {
    // `drive` reads every saved text back through `Session::next`, which
    // fails on anything but facts still to ask; here the setup alone.
    let run = drive(&template(), Scope::default(), &SETUP);
    assert_eq!(run.asked.len(), SETUP.len());
    let p = Progress::read(&Source::new("r.yaml", run.text), &set()).unwrap();
    assert!(p.pending.is_empty());
    assert!(p.answers.is_some());
}

/// Why `text` does not fit the screen: a line over 80 columns that is more
/// than one word, or one long word that lost the indentation of the line
/// it continues.
fn misfits(text: &str) -> Vec<String> {
    let indent = |l: &str| l.len() - l.trim_start().len();
    let mut bad = Vec::new();
    let mut previous = "";
    for line in text.lines() {
        if line.chars().count() > WIDTH {
            let lone = line.split_whitespace().count() == 1;
            if !lone || indent(line) < indent(previous) {
                bad.push(line.to_string());
            }
        }
        previous = line;
    }
    bad
}

#[test]
fn every_message_and_screen_fits_80_columns() {
    let scope = Scope {
        revisit: false,
        area: Some("covered-model-engagement".into()),
    };
    let mut at_decision = ["?", "maybee", "wait"].into_iter();
    let mut at_date = ["next month", "", "?", "2026-12-11"].into_iter();
    let run = drive_by(&lab(), scope, |p| {
        let word = match &p.ask {
            Ask::Answer(id) if id == "cme.engagement-decision" => at_decision.next()?,
            Ask::DecideBy(_) => at_date.next()?,
            Ask::Answer(_) => "n",
            Ask::Evidence(_) => return None,
            _ => "",
        };
        Some(word.to_string())
    });
    assert!(
        run.asked
            .contains(&Ask::DecideBy("cme.engagement-decision".into()))
    );
    // The help, the refused word, the refused dates and the date's help.
    assert_eq!(run.said.len(), 5, "{:#?}", run.said);
    assert!(run.said[2].contains("is not a date"), "{}", run.said[2]);
    for text in run.said.iter().chain(&run.screens) {
        assert_eq!(misfits(text), Vec::<String>::new(), "{text}");
    }
    // The help's source links are longer than a line: each keeps the
    // indentation of the source it belongs to.
    assert!(
        run.said[0]
            .lines()
            .any(|l| l.starts_with("      https://") && l.chars().count() > WIDTH),
        "{}",
        run.said[0]
    );
}

#[test]
fn a_merged_conflict_is_open_without_revisit() {
    // Every applicable question for a retailer running agents.
    let all = drive_by(&agents(""), Scope::default(), |p| {
        Some(
            if matches!(p.ask, Ask::Answer(_)) {
                "u"
            } else {
                ""
            }
            .into(),
        )
    });
    let ids: Vec<&str> = all
        .asked
        .iter()
        .filter_map(|a| match a {
            Ask::Answer(id) => Some(id.as_str()),
            _ => None,
        })
        .collect();
    // As `mera merge` leaves it: all answered, one question (not the
    // first) in conflict.
    let id = "agt.stop-control";
    assert!(
        ids.len() > 2 && ids[0] != id && ids.contains(&id),
        "{ids:?}"
    );
    let lines: String = ids
        .iter()
        .filter(|q| **q != id)
        .map(|q| format!("  {q}: unknown\n"))
        .collect();
    let conflict = inventory_conflict(["Head of AI", "Head of AI"]);
    let (_, block) = conflict.split_once("answers:\n").unwrap();
    let block = block.replace("agt.inventory:", &format!("{id}:"));
    let text = agents(&format!("{lines}{block}"));
    let run = drive(&text, Scope::default(), &["p", "", "", "", "", ""]);
    // The first prompt is the conflict, with each respondent's answer.
    assert_eq!(run.asked[0], Ask::Answer(id.into()));
    assert!(
        run.screens[0].contains("Respondents disagree; your answer settles it:"),
        "{}",
        run.screens[0]
    );
    // Settled, nothing is open: the session ends after its details.
    assert_eq!(run.asked.len(), 5, "{:?}", run.asked);
    let a = &load(&run.text).answers[id];
    assert_eq!(a.response, Response::Partial);
    assert!(a.conflict.is_empty());
    // Enter keeps `unknown`: the conflict stays for the next session.
    let kept = drive(&text, Scope::default(), &["", "q"]);
    assert_eq!(kept.asked, [Ask::Answer(id.into())]);
    assert_eq!(kept.text, text);
}
