//! Content rules that hold across the shipped questionnaires and examples:
//! answering `decline` alone never raises the score (a complete decline may,
//! and the report shows it), window prerequisites fall due before the
//! window, every gap has a due date, each question has one owner unless the
//! task changes hands, and `init` never claims privilege. The whole search
//! for answers that remove work is `tests/gaming.rs`.

use std::path::PathBuf;

use chrono::{Days, NaiveDate};
use mera::assessment::answers::{self, Answer, Answers, Response};
use mera::assessment::scoring::{self, Options};
use mera::assessment::{Assessment, Dates};
use mera::content::catalog::Catalog;
use mera::content::condition::FactValue;
use mera::content::questionnaire::GapState;
use mera::content::set::QuestionnaireSet;
use mera::input::source::Source;

const EXAMPLES: [&str; 4] = [
    "frontier-lab.yaml",
    "agent-retailer.yaml",
    "community-bank.toml",
    "nonus-developer.yaml",
];

/// The three choices of the voluntary framework (§3(b)(i)–(iii)).
const DECISIONS: [&str; 3] = [
    "cme.engagement-decision",
    "cme.access-decision",
    "cme.partner-decision",
];

/// The questions a decline adds; `cme.decline-record` answered `yes` is
/// what records it.
const DECLINE_PATH: [&str; 3] = [
    "cme.decline-record",
    "cme.approach-response",
    "cme.nonparticipation-costs",
];

const RELEASE: &str = "planned_trusted_partner_release";

fn date(s: &str) -> NaiveDate {
    mera::input::doc::parse_date(s).unwrap()
}

fn example(name: &str) -> Answers {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    answers::load(&Source::new(name, text), &QuestionnaireSet::builtin())
        .unwrap_or_else(|e| panic!("{name}: {e:#?}"))
        .0
}

fn options() -> Options {
    Options::on(date("2026-11-20"))
}

fn assess(answers: &Answers) -> Assessment {
    scoring::assess(
        &QuestionnaireSet::builtin(),
        &Catalog::builtin(),
        answers,
        &options(),
    )
}

/// The answers with `question` set to `choice` (a decline or wait gets a
/// decision date two weeks after the assessment date, within the day the
/// schedule needs the frontier lab's decisions).
fn with_choice(answers: &Answers, question: &str, choice: &str) -> Answers {
    let mut out = answers.clone();
    let pos = answers.answers_pos;
    let dated = matches!(choice, "decline" | "wait");
    out.answers.insert(
        question.to_string(),
        Answer {
            decide_by: dated.then(|| date("2026-12-04")),
            ..Answer::new(Response::Choice(choice.to_string()), pos)
        },
    );
    out
}

/// The answers with `question` answered `yes`, with evidence.
fn with_yes(answers: &Answers, question: &str) -> Answers {
    let mut out = with_choice(answers, question, "engage");
    let answer = out.answers.get_mut(question).unwrap();
    answer.response = Response::Yes;
    answer.evidence = vec!["board/decline-minutes.pdf".to_string()];
    out
}

#[test]
fn answering_decline_alone_never_scores_higher_than_engaging_with_the_same_other_answers() {
    let mut compared = 0;
    for name in EXAMPLES {
        let mut base = example(name);
        if base.profile.get("develops_frontier_models") != Some(&FactValue::Bool(true)) {
            continue;
        }
        // "Alone": nothing on the decline path is answered, so nothing is
        // recorded and nothing closes.
        for q in DECLINE_PATH {
            base.answers.remove(q);
        }
        // Every mix of engage and decline over the three decisions; each
        // single flip from engage to decline must not raise the score.
        for mask in 0..8u8 {
            let mut engaged = base.clone();
            for (i, q) in DECISIONS.iter().enumerate() {
                let choice = if mask & (1 << i) == 0 {
                    "engage"
                } else {
                    "decline"
                };
                engaged = with_choice(&engaged, q, choice);
            }
            for (i, q) in DECISIONS.iter().enumerate() {
                if mask & (1 << i) != 0 {
                    continue;
                }
                let declined = with_choice(&engaged, q, "decline");
                let (e, d) = (assess(&engaged), assess(&declined));
                assert!(
                    d.score <= e.score,
                    "{name}: declining {q} (mask {mask:03b}) raised the score from {:?} to {:?}",
                    e.score,
                    d.score
                );
                compared += 1;
            }
        }
    }
    assert_eq!(compared, 24, "two frontier examples, twelve flips each");
}

#[test]
fn a_complete_decline_closes_the_participation_questions() {
    let mut declined = example("frontier-lab.yaml");
    for q in DECISIONS {
        declined = with_choice(&declined, q, "decline");
    }
    let open = assess(&declined);
    assert!(
        open.areas
            .iter()
            .any(|a| a.id == "thirty-day-window" && a.applicable > 0)
    );
    // The record alone is not enough: the path must be answered too.
    let record_only = with_yes(&declined, "cme.decline-record");
    assert!(
        assess(&record_only)
            .areas
            .iter()
            .any(|a| a.id == "thirty-day-window" && a.applicable > 0)
    );
    let mut recorded = declined.clone();
    for q in DECLINE_PATH {
        recorded = with_yes(&recorded, q);
    }
    let closed = assess(&recorded);
    let window = closed
        .areas
        .iter()
        .find(|a| a.id == "thirty-day-window")
        .unwrap();
    assert_eq!(window.score, None);
    for q in ["tp.government-collaboration", "tp.release-sequence"] {
        assert!(
            closed.gaps.iter().all(|g| g.question != q),
            "{q} still asked after a complete decline"
        );
    }
    // A declining company may still face the government's view of a model:
    // those questions stay, at a lower severity.
    for q in ["cme.cleared-personnel", "cme.disagreement-plan"] {
        let g = closed.gaps.iter().find(|g| g.question == q).unwrap();
        assert_eq!(
            g.severity,
            mera::content::questionnaire::Severity::Low,
            "{q}"
        );
    }
}

#[test]
fn a_recorded_decline_may_score_higher_than_engaging_and_the_report_shows_it() {
    let base = example("frontier-lab.yaml");
    let (mut engaged, mut declined) = (base.clone(), base);
    for q in DECISIONS {
        engaged = with_choice(&engaged, q, "engage");
        declined = with_choice(&declined, q, "decline");
    }
    for q in DECLINE_PATH {
        declined = with_yes(&declined, q);
    }
    let (e, d) = (assess(&engaged), assess(&declined));
    // The design: the participation-only questions close once the decline
    // is recorded, so it can outscore an engagement still being prepared.
    assert!(
        d.score > e.score,
        "recorded decline {:?}, engaging {:?}",
        d.score,
        e.score
    );
    // The report says why: the record and each decline are in place, and
    // each decline is listed with its date to revisit.
    let answer_in_place = |id: &str| {
        d.passed
            .iter()
            .find(|p| p.question == id)
            .map(|p| p.answer.as_str())
    };
    assert_eq!(answer_in_place("cme.decline-record"), Some("yes"));
    for q in DECISIONS {
        assert_eq!(answer_in_place(q), Some("decline"), "{q}");
        assert!(
            d.pending_decisions
                .iter()
                .any(|p| p.question == q && p.answer == "decline" && !p.passed),
            "{q} is not listed with its date to revisit"
        );
    }
    // And so does the JSON a CI job keeps.
    let json = mera::report::render(
        mera::report::Format::Json,
        &[mera::report::Report::new(&d, None)],
        mera::report::Style {
            color: false,
            width: 80,
        },
    );
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let a = &json["assessments"][0];
    let listed = |key: &str, id: &str, answer: &str| {
        a[key]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["question"] == id && x["answer"] == answer)
    };
    assert!(listed("passed", "cme.decline-record", "yes"));
    for q in DECISIONS {
        assert!(listed("passed", q, "decline"), "{q} not in JSON passed");
        assert!(
            listed("pending_decisions", q, "decline"),
            "{q} not in JSON pending_decisions"
        );
    }
}

#[test]
fn a_missing_release_date_keeps_the_window_questions_and_says_which_dates_were_not_computed() {
    let with_date = example("frontier-lab.yaml");
    let mut without = with_date.clone();
    without.profile.remove(RELEASE);
    let (a, b) = (assess(&with_date), assess(&without));
    assert_eq!(a.score, b.score);
    assert_eq!(a.applicable(), b.applicable());
    assert!(b.gaps.iter().any(|g| g.question == "tdw.release-buffer"));
    assert!(a.undated_rules.is_empty());
    assert!(
        b.undated_rules
            .iter()
            .any(|u| u.question == "tdw.release-buffer" && u.fact == RELEASE)
    );
}

#[test]
fn every_window_prerequisite_falls_due_before_the_window_opens() {
    let set = QuestionnaireSet::builtin();
    let area = set.questionnaire("thirty-day-window").unwrap();
    let as_of = date("2026-11-20");
    let mut checked = 0;
    // Every gap state a window question can be in, over the whole area at
    // once: no, partial, unknown, unanswered and yes without evidence.
    let words = ["no", "partial", "unknown", "", "yes"];
    // Near (lead time already lost), the frontier-lab example, and far.
    for release in ["2026-12-20", "2027-03-01", "2027-09-01"] {
        let release = date(release);
        let window_opens = release.checked_sub_days(Days::new(30)).unwrap();
        for word in words {
            let mut answers = example("frontier-lab.yaml");
            answers
                .profile
                .insert(RELEASE.to_string(), FactValue::Date(release));
            for q in &area.questions {
                answers.answers.remove(&q.id);
                let response = match word {
                    "" => continue,
                    "no" => Response::No,
                    "partial" => Response::Partial,
                    "unknown" => Response::Unknown,
                    _ => Response::Yes,
                };
                let pos = answers.answers_pos;
                answers
                    .answers
                    .insert(q.id.clone(), Answer::new(response, pos));
            }
            let a = assess(&answers);
            for g in a.gaps.iter().filter(|g| g.area == "thirty-day-window") {
                let d = g
                    .action
                    .due
                    .unwrap_or_else(|| panic!("{} {word}", g.question));
                let lost = g.action.lead_time_lost_days.is_some();
                assert!(
                    d <= window_opens || (lost && d == as_of),
                    "{} ({word}) is due {d}, but the window opens {window_opens}",
                    g.question
                );
                assert!(
                    d >= as_of,
                    "{} is due {d}, before the assessment",
                    g.question
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "{checked}");
}

#[test]
fn every_action_has_a_due_date_with_or_without_profile_dates() {
    let set = QuestionnaireSet::builtin();
    let as_of = date("2026-11-20");
    let no_dates = Answers::default();
    for q in set.questionnaires.iter().flat_map(|a| &a.questions) {
        for state in [
            GapState::No,
            GapState::Partial,
            GapState::Unknown,
            GapState::Unanswered,
            GapState::NoEvidence,
        ] {
            if state == GapState::Partial && q.action(state).is_none() {
                continue; // a choice question with no partial credit
            }
            let action = scoring::action_for(q, state, None);
            let unscheduled = mera::assessment::schedule::Slot {
                date: None,
                bound: None,
            };
            let planned = scoring::plan(&action, &no_dates, Dates::on(as_of), &unscheduled, &set);
            assert!(planned.due.is_some(), "{} {state:?} has no due date", q.id);
        }
    }
}

#[test]
fn every_gap_in_every_example_has_a_due_date() {
    for name in EXAMPLES {
        let base = example(name);
        let mut undated = base.clone();
        undated.profile.remove(RELEASE);
        for answers in [base, undated] {
            let a = assess(&answers);
            for g in &a.gaps {
                assert!(
                    g.action.due.is_some(),
                    "{name}: {} has no due date",
                    g.question
                );
            }
        }
    }
}

#[test]
fn finding_out_and_answering_have_one_owner() {
    for q in QuestionnaireSet::builtin()
        .questionnaires
        .iter()
        .flat_map(|a| &a.questions)
    {
        let owner = |s| q.action(s).map(|a| a.owner.as_str());
        assert_eq!(
            owner(GapState::Unknown),
            owner(GapState::Unanswered),
            "{}: the task does not change hands between unknown and unanswered",
            q.id
        );
    }
}

/// The questions whose task changes hands between answer states, and why.
/// Every other question has one owner in every state. None does today: the
/// chief executive both names the engagement lead and confirms the lead's
/// authority, and a facility security officer exists only where a cleared
/// facility does, so the chief security officer tracks clearances.
const HAND_OVERS: [(&str, &str); 0] = [];

#[test]
fn each_question_has_one_owner_unless_the_task_changes_hands() {
    for q in QuestionnaireSet::builtin()
        .questionnaires
        .iter()
        .flat_map(|a| &a.questions)
    {
        let mut owners: Vec<&str> = q.actions.iter().map(|(_, a)| a.owner.as_str()).collect();
        owners.sort_unstable();
        owners.dedup();
        for owner in &owners {
            assert!(
                !owner.contains(" with "),
                "{}: name one owner, not {owner:?}",
                q.id
            );
        }
        let hands_over = HAND_OVERS.iter().any(|(id, _)| *id == q.id);
        assert_eq!(
            owners.len() > 1,
            hands_over,
            "{}: owners {owners:?}; list a real hand-over in HAND_OVERS",
            q.id
        );
    }
    // No owner is a role that exists only in some companies' answers: a
    // facility security officer is appointed only with a facility
    // clearance, so an action may name the role but not make it the owner.
    for q in QuestionnaireSet::builtin()
        .questionnaires
        .iter()
        .flat_map(|a| &a.questions)
    {
        for (_, a) in &q.actions {
            assert_ne!(a.owner, "Facility Security Officer", "{}", q.id);
        }
    }
}

#[test]
fn init_never_claims_privilege() {
    let text = mera::content::template::answers_template(
        &QuestionnaireSet::builtin(),
        &Catalog::builtin(),
        date("2026-11-20"),
        mera::input::source::Syntax::Yaml,
    );
    let live: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .filter(|l| l.contains("privileged"))
        .collect();
    assert_eq!(live, ["  privileged: false"]);
}

#[test]
fn the_frontier_labs_plan_holds_together_around_its_release() {
    let lab = example("frontier-lab.yaml");
    let release = match lab.profile.get(RELEASE) {
        Some(FactValue::Date(d)) => *d,
        _ => panic!("the example states its release"),
    };
    let a = assess(&lab);
    let prepares = [
        "covered-model-engagement",
        "thirty-day-window",
        "trusted-partners",
    ];
    for g in a
        .gaps
        .iter()
        .filter(|g| prepares.contains(&g.area.as_str()))
    {
        let due = g.action.due.unwrap();
        assert!(
            due <= release,
            "{} is due {due}, after the release",
            g.question
        );
    }
    assert!(a.gaps.iter().all(|g| g.action.due >= Some(a.as_of)));
    assert!(
        a.gaps
            .iter()
            .any(|g| g.action.lead_time_lost_days.is_some()),
        "the example shows lead time already lost"
    );
    // With the three decisions undecided, each falls due no later than the
    // first of the window's prerequisites.
    let mut undecided = lab.clone();
    for q in DECISIONS {
        undecided = with_choice(&undecided, q, "undecided");
    }
    let u = assess(&undecided);
    let first = u
        .gaps
        .iter()
        .filter(|g| g.area == "thirty-day-window")
        .filter_map(|g| g.action.due)
        .min()
        .unwrap();
    for q in DECISIONS {
        let g = u.gaps.iter().find(|g| g.question == q).unwrap();
        assert!(g.action.due.unwrap() <= first, "{q} due after {first}");
    }
    // The timeline calls release − 30 the day a full window opens.
    let t = mera::assessment::timeline::build(&a, &Catalog::builtin());
    let window = t
        .items
        .iter()
        .find(|i| i.event.as_deref() == Some("window-opens"))
        .unwrap();
    assert_eq!(
        window.date,
        release.checked_sub_days(Days::new(30)).unwrap()
    );
    assert!(window.label.contains("full 30-day"));
    assert!(!window.label.to_lowercase().contains("latest"));
}
