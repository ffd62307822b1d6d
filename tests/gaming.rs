//! The search for answers that remove work and raise the score (the
//! scoring rules in docs/scoring.md and docs/engagement-decisions.md).
//! Over every shipped example, the answers-file example of the docs, and
//! files drawn like the portfolio generator's, each single work-removing
//! edit is applied and scored against what it is compared with:
//!
//! - a decline of any decision, alone (its record and path unanswered),
//!   with an incomplete record (evidence `tbd`, the path answered `no`), or
//!   lapsed (complete, but its date to revisit passed), never scores above
//!   the same file with that decision taken the engaging way (`engage`,
//!   `join`);
//! - `n/a` where the stated facts rule it out is refused;
//! - a profile fact left out, placeholder evidence, or a `decide_by` pushed
//!   past the day the decision is needed never scores above the file as it
//!   was;
//! - a waiver, however long, changes no score.
//!
//! Every edit is written out as a file and read by the real loader.

#[path = "support/draft.rs"]
mod draft;

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::LazyLock;

use chrono::{Days, NaiveDate};
use draft::{Draft, DraftWaiver, Seeded};
use mera::assessment::Assessment;
use mera::assessment::answers::{self, Answers};
use mera::assessment::scoring::{self, Options};
use mera::content::catalog::Catalog;
use mera::content::questionnaire::{GapState, Question};
use mera::content::set::QuestionnaireSet;
use mera::input::diagnostic::Code;
use mera::input::source::Source;

static SET: LazyLock<QuestionnaireSet> = LazyLock::new(QuestionnaireSet::builtin);
static CATALOG: LazyLock<Catalog> = LazyLock::new(Catalog::builtin);

const EXAMPLES: [&str; 4] = [
    "frontier-lab.yaml",
    "agent-retailer.yaml",
    "community-bank.toml",
    "nonus-developer.yaml",
];

/// How many drawn files join the shipped ones (`GAMING_DRAWN=400 cargo
/// test --test gaming` searches more).
fn drawn() -> u64 {
    std::env::var("GAMING_DRAWN")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(40)
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every file searched, as drafts to edit: the shipped examples, the
/// docs' answers-file example, and drawn files.
fn files() -> Vec<(String, Draft)> {
    let mut out = Vec::new();
    let shipped = EXAMPLES.iter().map(|n| {
        let text = std::fs::read_to_string(root().join("examples").join(n)).unwrap();
        (n.to_string(), text)
    });
    for (name, text) in shipped.chain([("docs example".to_string(), docs_example())]) {
        let answers = answers::load(&Source::new(name.clone(), text), &SET)
            .unwrap_or_else(|e| panic!("{name}: {e:#?}"))
            .0;
        out.push((name, Draft::of(&answers)));
    }
    for seed in 0..drawn() {
        out.push((
            format!("drawn #{seed}"),
            Draft::draw(&SET, &mut Seeded(seed)),
        ));
    }
    out
}

/// The answers file shown in docs/answers-file.md.
fn docs_example() -> String {
    let page = std::fs::read_to_string(root().join("docs/answers-file.md")).unwrap();
    let start = page.find("```yaml\nmera: 1").expect("the example") + "```yaml\n".len();
    let end = start + page[start..].find("```").expect("its end");
    page[start..end].to_string()
}

/// Load a draft through the real loader (as YAML).
fn load(draft: &Draft) -> Result<Answers, Vec<mera::input::diagnostic::Diagnostic>> {
    answers::load(&Source::new("edited.yaml", draft.yaml()), &SET).map(|(a, _)| a)
}

fn as_of(draft: &Draft) -> NaiveDate {
    draft
        .as_of
        .expect("every file searched has an assessment date")
}

fn assess(draft: &Draft) -> Assessment {
    let answers = load(draft).unwrap_or_else(|e| panic!("{e:#?}\n{}", draft.yaml()));
    scoring::assess(&SET, &CATALOG, &answers, &Options::on(as_of(draft)))
}

/// The score as a number to compare (nothing applicable counts as 0).
fn score(a: &Assessment) -> f64 {
    a.score.unwrap_or(0.0)
}

/// The decisions that apply to the file.
fn decisions(draft: &Draft) -> Vec<&'static Question> {
    let answers = load(draft).expect("loads");
    let applicable =
        scoring::applicable_questions(&SET, &answers, mera::assessment::Dates::on(as_of(draft)));
    SET.questionnaires
        .iter()
        .flat_map(|q| &q.questions)
        .filter(|q| q.decision.is_some() && applicable.contains(&q.id))
        .collect()
}

/// The choice that takes part: the first with the most credit that neither
/// declines nor puts the decision off.
fn engaging(q: &Question) -> &str {
    q.choices
        .iter()
        .filter(|c| !c.needs_decide_by && !q.is_decline(&c.id))
        .fold(
            None::<&mera::content::questionnaire::Choice>,
            |b, c| match b {
                Some(b) if b.credit >= c.credit => Some(b),
                _ => Some(c),
            },
        )
        .map(|c| c.id.as_str())
        .expect("a decision has a choice that takes part")
}

fn decline_of(q: &Question) -> &str {
    &q.decision.as_ref().unwrap().declines[0]
}

fn shift(d: NaiveDate, days: i64) -> NaiveDate {
    if days >= 0 {
        d.checked_add_days(Days::new(days.unsigned_abs())).unwrap()
    } else {
        d.checked_sub_days(Days::new(days.unsigned_abs())).unwrap()
    }
}

/// The applicable question ids of an assessment.
fn applicable(a: &Assessment) -> std::collections::BTreeSet<String> {
    a.gaps
        .iter()
        .map(|g| g.question.clone())
        .chain(a.passed.iter().map(|p| p.question.clone()))
        .collect()
}

/// The file with every decision taken the engaging way.
fn taking_part(draft: &Draft) -> Draft {
    let mut out = draft.clone();
    for q in SET.questionnaires.iter().flat_map(|q| &q.questions) {
        if q.decision.is_some() && out.answer_mut(&q.id).is_some() {
            answer(&mut out, &q.id, engaging(q), None);
        }
    }
    out
}

/// An edit raises nothing: it scores no higher than the file as it was or,
/// when it undoes a complete decline (the questions the decline closed
/// apply again, with whatever answers they have), no higher than the file
/// with its decisions taken the engaging way: undoing a decline never
/// beats taking part.
fn raises_nothing(name: &str, what: &str, file: &Draft, before: &Assessment, after: &Assessment) {
    if score(after) <= score(before) {
        return;
    }
    let reopened = applicable(after).difference(&applicable(before)).count() > 0;
    let part = score(&assess(&taking_part(file)));
    assert!(
        reopened && score(after) <= part,
        "{name}: {what} raised {} to {} (taking part: {part})",
        score(before),
        score(after)
    );
}

/// Answer `question` with `word` (and the date, for a dated choice).
fn answer(draft: &mut Draft, question: &str, word: &str, decide_by: Option<NaiveDate>) {
    draft.set_answer(question, word, &[]);
    draft.answer_mut(question).unwrap().decide_by = decide_by;
}

#[test]
fn no_decline_scores_above_taking_part_unless_it_is_complete_and_current() {
    let mut compared = 0;
    for (name, file) in files() {
        let day = as_of(&file);
        for q in decisions(&file) {
            let d = q.decision.as_ref().unwrap();
            let decline = decline_of(q);
            // Each edit of the decline path, made to both files compared:
            // the record and the path serve every decision that declines,
            // so the same answers go on the file that takes part.
            // Alone: the record and the path left unanswered.
            let mut alone = file.clone();
            for id in std::iter::once(&d.record).chain(&d.path) {
                alone.answers.retain(|a| a.question != *id);
            }
            // Incomplete: the record "yes" with placeholder evidence, the
            // path answered "no".
            let mut incomplete = alone.clone();
            incomplete.set_answer(&d.record, "yes", &["tbd"]);
            for id in &d.path {
                incomplete.set_answer(id, "no", &[]);
            }
            // Lapsed: recorded, but its date to revisit has passed.
            let mut recorded = alone.clone();
            recorded.set_answer(&d.record, "yes", &["board/decline-minutes.pdf"]);
            for id in &d.path {
                recorded.set_answer(id, "yes", &["board/decline-paper.pdf"]);
            }
            let cases = [
                ("alone", alone, Some(day)),
                ("incomplete", incomplete, Some(day)),
                ("lapsed", recorded, Some(shift(day, -1))),
            ];
            for (how, edited, revisit) in cases {
                let mut declined = edited.clone();
                answer(&mut declined, &q.id, decline, revisit);
                let mut engaged = edited;
                answer(&mut engaged, &q.id, engaging(q), None);
                let (ds, es) = (score(&assess(&declined)), score(&assess(&engaged)));
                assert!(
                    ds <= es,
                    "{name}: a decline of {} {how} scores {ds}, above taking part ({es})",
                    q.id
                );
                compared += 1;
            }
        }
    }
    // Each frontier file has four decisions; the others at least the
    // clearinghouse's.
    assert!(compared >= 3 * 20, "{compared} comparisons");
}

#[test]
fn a_complete_decline_closes_until_its_date_to_revisit_passes() {
    let (_, lab) = files().remove(0);
    let day = as_of(&lab);
    let q = SET.question("cme.access-decision").unwrap().1;
    let d = q.decision.as_ref().unwrap();
    let mut complete = lab.clone();
    answer(&mut complete, &q.id, "decline", Some(shift(day, 10)));
    complete.set_answer(&d.record, "yes", &["board/decline-minutes.pdf"]);
    for id in &d.path {
        complete.set_answer(id, "yes", &[]);
    }
    let window = |a: &Assessment| {
        a.areas
            .iter()
            .find(|x| x.id == "thirty-day-window")
            .unwrap()
            .applicable
    };
    let closed = assess(&complete);
    assert_eq!(
        window(&closed),
        0,
        "a complete, current decline closes the window"
    );
    // Judged after its date to revisit, everything it closed applies again.
    let answers = load(&complete).unwrap();
    let mut options = Options::on(day);
    options.dates.run_date = shift(day, 11);
    let lapsed = scoring::assess(&SET, &CATALOG, &answers, &options);
    assert!(window(&lapsed) > 0, "a lapsed decline closes nothing");
    let g = lapsed.gaps.iter().find(|g| g.question == q.id).unwrap();
    assert_eq!((g.credit, g.state), (0.5, GapState::Partial));
}

#[test]
fn na_that_the_stated_facts_rule_out_is_refused_at_its_line() {
    let mut refused = 0;
    for (name, file) in files() {
        let profile: std::collections::BTreeMap<_, _> = file.profile.iter().cloned().collect();
        for q in SET.questionnaires.iter().flat_map(|q| &q.questions) {
            if !q.allow_na || answers::na_allowed(q, &profile) {
                continue;
            }
            let mut edited = file.clone();
            edited.set_answer(&q.id, "n/a", &[]);
            let problems = load(&edited).expect_err(&format!("{name}: n/a on {} loaded", q.id));
            let p = problems
                .iter()
                .find(|p| p.code == Code::NotApplicableContradicts)
                .unwrap_or_else(|| panic!("{name}: {problems:#?}"));
            assert!(p.message.contains(&q.id), "{}", p.message);
            assert!(
                p.message.contains("(line "),
                "names the fact's line: {}",
                p.message
            );
            refused += 1;
        }
    }
    assert!(refused >= 3, "{refused}");
}

#[test]
fn a_fact_left_out_never_raises_the_score_and_is_listed_with_what_it_keeps_open() {
    let mut compared = 0;
    for (name, file) in files() {
        let before = assess(&file);
        for (fact, _) in &file.profile {
            // Required facts cannot be left out; a date fact left out says
            // there is no such date (the profile's prompt says to leave the
            // release date out when no release is planned), which mera
            // cannot tell from an omission: see docs/scoring.md.
            let kind = SET.fact(fact).map(|f| (f.required, f.kind));
            if kind.is_some_and(|(required, k)| {
                required || k == mera::content::questionnaire::FactType::Date
            }) {
                continue;
            }
            let mut edited = file.clone();
            edited.profile.retain(|(f, _)| f != fact);
            let after = assess(&edited);
            // Nothing is switched off...
            let (was, now) = (applicable(&before), applicable(&after));
            assert!(
                was.is_subset(&now),
                "{name}: leaving out {fact} switched off {:?}",
                was.difference(&now).collect::<Vec<_>>()
            );
            // ...and the score rises only when questions it keeps open were
            // answered in the file already: answers that now count.
            if score(&after) > score(&before) {
                let added: Vec<&String> = now.difference(&was).collect();
                assert!(
                    added
                        .iter()
                        .any(|q| file.answers.iter().any(|a| a.question == **q)),
                    "{name}: leaving out {fact} raised {} to {}",
                    score(&before),
                    score(&after)
                );
            }
            // Every question it kept open now applies, and is listed
            // against it: the report says why each is open.
            let listed: BTreeSet<&String> = after
                .unstated_facts
                .iter()
                .filter(|u| u.fact == *fact)
                .flat_map(|u| u.questions.iter())
                .collect();
            for q in now.difference(&was) {
                assert!(
                    listed.contains(q),
                    "{name}: leaving out {fact} opened {q}, not listed against it"
                );
            }
            compared += 1;
        }
        // Every such fact left out at once: a question an area opens for
        // either of two facts is listed, though stating one alone would not
        // close it.
        let optional = |f: &str| {
            SET.fact(f).is_some_and(|d| {
                !d.required && d.kind != mera::content::questionnaire::FactType::Date
            })
        };
        let mut edited = file.clone();
        edited.profile.retain(|(f, _)| !optional(f));
        let after = assess(&edited);
        let listed: BTreeSet<&String> = after
            .unstated_facts
            .iter()
            .flat_map(|u| u.questions.iter())
            .collect();
        for q in applicable(&after).difference(&applicable(&before)) {
            assert!(
                listed.contains(q),
                "{name}: leaving out every optional fact opened {q}, not listed"
            );
        }
    }
    assert!(compared > 100, "{compared}");
}

#[test]
fn placeholder_evidence_earns_nothing() {
    // (An empty entry is refused by the loader.)
    let placeholders = ["tbd", "TODO", "n/a", "-", "?", "pending", "...", "None."];
    let mut compared = 0;
    for (name, file) in files() {
        let before = assess(&file);
        for (i, a) in file.answers.iter().enumerate() {
            let Some((_, q)) = SET.question(&a.question) else {
                continue;
            };
            let word = placeholders[i % placeholders.len()];
            let mut edited = file.clone();
            let answer = edited.answer_mut(&a.question).unwrap();
            // Evidence given is replaced; required evidence missing from a
            // `yes` is stood in for.
            let missing = q.evidence_required && a.word.eq_ignore_ascii_case("yes");
            if answer.evidence.is_empty() && !missing {
                continue;
            }
            answer.evidence = vec![word.to_string()];
            let after = assess(&edited);
            let what = format!("placeholder evidence on {}", a.question);
            raises_nothing(&name, &what, &file, &before, &after);
            if q.evidence_required
                && a.word.eq_ignore_ascii_case("yes")
                && let Some(g) = after.gaps.iter().find(|g| g.question == a.question)
            {
                assert_eq!(g.state, GapState::NoEvidence, "{name}: {}", a.question);
                assert!(g.record.evidence.is_empty());
            }
            compared += 1;
        }
    }
    assert!(compared > 100, "{compared}");
}

#[test]
fn a_decision_put_off_past_the_day_it_is_needed_never_scores_higher() {
    let mut compared = 0;
    for (name, file) in files() {
        let before = assess(&file);
        for a in &file.answers {
            let pending = before
                .pending_decisions
                .iter()
                .any(|p| p.question == a.question);
            if a.decide_by.is_none() || !pending {
                continue;
            }
            let mut edited = file.clone();
            edited.answer_mut(&a.question).unwrap().decide_by = Some(draft::day("2099-12-31"));
            let after = assess(&edited);
            let what = format!("{} put off to 2099", a.question);
            raises_nothing(&name, &what, &file, &before, &after);
            let late = after
                .pending_decisions
                .iter()
                .find(|p| p.question == a.question)
                .unwrap();
            assert!(late.late, "{name}: {} to 2099 is not late", a.question);
            compared += 1;
        }
    }
    assert!(compared > 10, "{compared}");
}

#[test]
fn a_waiver_however_long_changes_no_score() {
    for (name, file) in files() {
        let before = assess(&file);
        let mut edited = file.clone();
        edited.waivers = before
            .gaps
            .iter()
            .map(|g| DraftWaiver {
                question: g.question.clone(),
                reason: "Accepted.".into(),
                approved_by: "General Counsel".into(),
                expires: draft::day("2099-12-31"),
            })
            .collect();
        let after = assess(&edited);
        assert_eq!(after.score, before.score, "{name}");
        assert_eq!(after.readiness, before.readiness, "{name}");
    }
}

/// The issue's own cases on the shipped examples, measured.
#[test]
fn the_reported_cases_raise_nothing() {
    let all = files();
    let lab = &all[0].1;
    let bank = &all[2].1;
    let shipped = score(&assess(lab));
    // Waiting until 2099 on all three decisions scores below the file.
    let mut forever = lab.clone();
    for q in [
        "cme.engagement-decision",
        "cme.access-decision",
        "cme.partner-decision",
    ] {
        forever.answer_mut(q).unwrap().decide_by = Some(draft::day("2099-12-31"));
    }
    assert!(score(&assess(&forever)) < shipped);
    // A one-word clearinghouse decline is refused: a decline needs its date.
    let mut one_word = bank.clone();
    answer(&mut one_word, "ch.participation-decision", "decline", None);
    let problems = load(&one_word).expect_err("a decline without a date loads");
    assert!(
        problems
            .iter()
            .any(|p| p.message.contains("needs a `decide_by` date"))
    );
    // n/a on the release buffer while the release date is stated.
    let mut na = lab.clone();
    na.set_answer("tdw.release-buffer", "n/a", &[]);
    let problems = load(&na).expect_err("n/a with a release date loads");
    assert!(problems[0].message.contains("tdw.release-buffer"));
    assert!(
        problems[0]
            .message
            .contains("planned_trusted_partner_release")
    );
    // The bank without `seeks_trusted_partner_access`: nothing gained, and
    // the fact is listed with the questions it keeps open.
    let mut unstated = bank.clone();
    unstated
        .profile
        .retain(|(f, _)| f != "seeks_trusted_partner_access");
    let (b, u) = (assess(bank), assess(&unstated));
    assert!(score(&u) <= score(&b));
    let listed = u
        .unstated_facts
        .iter()
        .find(|x| x.fact == "seeks_trusted_partner_access")
        .expect("listed");
    assert!(
        listed
            .questions
            .contains(&"tp.recipient-controls".to_string())
    );
    // Placeholder evidence on a required-evidence question.
    let mut tbd = lab.clone();
    tbd.set_answer("cme.designation-assessment", "yes", &["tbd"]);
    let g = assess(&tbd)
        .gaps
        .into_iter()
        .find(|g| g.question == "cme.designation-assessment")
        .unwrap();
    assert_eq!(g.state, GapState::NoEvidence);
}
