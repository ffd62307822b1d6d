//! Properties of the scoring rules (README, "Scoring, exactly as
//! implemented") over generated answers files against the built-in
//! questionnaire set. Each file is drawn by `support/draft.rs`, written as
//! YAML or TOML, and goes through the real loader, so every case is a file a
//! user could have written. Case counts are modest to keep `cargo test` fast;
//! `PROPTEST_CASES=2000 cargo test --test properties` runs more.

#[path = "support/draft.rs"]
mod draft;

use std::collections::BTreeSet;
use std::sync::LazyLock;

use draft::{Draft, DraftWaiver, Numbers};
use mera::assessment::gate::{self, Failure, Gate};
use mera::assessment::scoring::{self, Options};
use mera::assessment::{Assessment, Readiness};
use mera::content::catalog::Catalog;
use mera::content::condition::Condition;
use mera::content::questionnaire::{GapState, Question, Severity};
use mera::content::set::QuestionnaireSet;
use mera::input::source::Source;
use mera::report::{self, Format, Report, Style};
use proptest::prelude::*;

static SET: LazyLock<QuestionnaireSet> = LazyLock::new(QuestionnaireSet::builtin);
static CATALOG: LazyLock<Catalog> = LazyLock::new(Catalog::builtin);

/// Questions whose answer some condition reads: changing them can change
/// which other questions apply, or at what severity. A complete decline
/// reads its decision, record and path.
static READ_BY_CONDITIONS: LazyLock<BTreeSet<String>> = LazyLock::new(|| {
    let mut ids = BTreeSet::new();
    let mut visit = |c: &Condition| match c {
        Condition::Question { question, .. } => {
            ids.insert(question.clone());
        }
        Condition::Declined { decision, .. } => {
            ids.insert(decision.clone());
            if let Some(d) = SET
                .question(decision)
                .and_then(|(_, q)| q.decision.as_ref())
            {
                ids.insert(d.record.clone());
                ids.extend(d.path.iter().cloned());
            }
        }
        _ => {}
    };
    for q in &SET.questionnaires {
        if let Some(c) = &q.applies_when {
            c.visit(&mut visit);
        }
        for question in &q.questions {
            let conditions = [
                question.applies_when.as_ref(),
                question.lower_severity.as_ref().map(|l| &l.when),
            ];
            for c in conditions.into_iter().flatten() {
                c.visit(&mut visit);
            }
        }
    }
    ids
});

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(24),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// A drawn answers file and whether to write it as TOML.
fn drafts() -> impl Strategy<Value = (Draft, bool)> {
    (prop::collection::vec(any::<u32>(), 1..400), any::<bool>()).prop_map(|(numbers, toml)| {
        let mut picks = Numbers {
            numbers: &numbers,
            next: 0,
        };
        (Draft::draw(&SET, &mut picks), toml)
    })
}

fn text(draft: &Draft, toml: bool) -> Source {
    let mut draft = draft.clone();
    draft.date_decisions(&SET);
    if toml {
        Source::new("drawn.toml", draft.toml())
    } else {
        Source::new("drawn.yaml", draft.yaml())
    }
}

fn assess(draft: &Draft, toml: bool) -> Assessment {
    let source = text(draft, toml);
    let (answers, _) = mera::assessment::answers::load(&source, &SET)
        .unwrap_or_else(|e| panic!("a valid file was refused: {e:#?}\n{}", source.text));
    let options = Options::on(draft.as_of.expect("drawn with a date"));
    scoring::assess(&SET, &CATALOG, &answers, &options)
}

fn question(id: &str) -> &'static Question {
    SET.question(id).expect("a built-in question").1
}

/// The best answer a question takes (see [`draft::best_word`]).
fn best_word(q: &Question) -> String {
    draft::best_word(q).to_string()
}

fn render_all(a: &Assessment, verdict: Option<&gate::Verdict>) -> Vec<String> {
    let reports = [Report::new(a, verdict)];
    [Format::Table, Format::Markdown, Format::Json]
        .into_iter()
        .map(|f| report::render(f, &reports, Style::default()))
        .collect()
}

proptest! {
    #![proptest_config(config())]

    /// The one schedule: no action falls due before the assessment date;
    /// none after an event it must come before, nor after a question it
    /// comes before (decisions before the questions they gate), less the
    /// lead it needs, unless that date is already past and it is due on the
    /// assessment date with its lead time lost.
    #[test]
    fn every_due_date_keeps_the_schedule((draft, toml) in drafts()) {
        use mera::content::dependencies::To;
        let a = assess(&draft, toml);
        let due: std::collections::BTreeMap<&str, chrono::NaiveDate> = a
            .gaps
            .iter()
            .filter_map(|g| Some((g.question.as_str(), g.action.due?)))
            .collect();
        let events: std::collections::BTreeMap<&str, chrono::NaiveDate> =
            a.events.iter().map(|e| (e.id.as_str(), e.date)).collect();
        for g in &a.gaps {
            let Some(d) = g.action.due else { continue };
            prop_assert!(d >= a.as_of, "{} due {d}, before {}", g.question, a.as_of);
            if let Some(lost) = g.action.lead_time_lost_days {
                prop_assert_eq!(d, a.as_of);
                prop_assert!(lost > 0);
            }
            for e in SET.graph().edges(&g.question) {
                let limit = match &e.to {
                    To::Event(id) => events.get(id.as_str()).copied(),
                    To::Question(id) => due.get(id.as_str()).copied(),
                };
                let Some(limit) = limit else { continue };
                let bound = limit - chrono::Duration::days(i64::from(e.lead));
                prop_assert!(
                    d <= bound.max(a.as_of),
                    "{} due {d}, after {:?} less {} days ({bound})",
                    g.question, e.to, e.lead
                );
            }
        }
    }

    /// Rule 7: every score is a percentage with one decimal, or "not
    /// applicable" exactly when no question applies.
    #[test]
    fn scores_are_percentages_or_not_applicable((draft, toml) in drafts()) {
        let a = assess(&draft, toml);
        let round = |p: f64, q: f64| (1000.0 * p / q).round() / 10.0;
        for (score, points, possible) in std::iter::once((a.score, a.points, a.possible))
            .chain(a.areas.iter().map(|x| (x.score, x.points, x.possible)))
        {
            match score {
                None => prop_assert_eq!(possible, 0.0),
                Some(s) => {
                    prop_assert!((0.0..=100.0).contains(&s), "score {}", s);
                    prop_assert_eq!(s, round(points, possible));
                }
            }
        }
        prop_assert_eq!(a.score.is_none(), a.readiness == Readiness::NotApplicable);
        // Rule 9, as the README words it.
        let critical = a.gaps.iter().any(|g| g.severity == Severity::Critical);
        let level = match a.score {
            None => Readiness::NotApplicable,
            Some(s) if s >= 85.0 && !critical => Readiness::Ready,
            Some(s) if s >= 50.0 => Readiness::Partial,
            Some(_) => Readiness::NotReady,
        };
        prop_assert_eq!(a.readiness, level);
        let area_points: f64 = a.areas.iter().map(|x| x.points).sum();
        prop_assert!((area_points - a.points).abs() < 1e-9);
    }

    /// Rules 2–3: answering a question `yes` with evidence (or choosing its
    /// best option) never lowers the overall score or any area's. This holds
    /// for every question no condition reads; a question that decides whether
    /// others apply (`cme.engagement-decision`, `ch.participation-decision`)
    /// can, by design, bring new unanswered questions in and lower a score.
    #[test]
    fn answering_yes_with_evidence_never_lowers_a_score((draft, toml) in drafts()) {
        let before = assess(&draft, toml);
        for q in SET.questionnaires.iter().flat_map(|q| &q.questions) {
            if READ_BY_CONDITIONS.contains(&q.id) {
                continue;
            }
            let mut better = draft.clone();
            better.set_answer(&q.id, &best_word(q), &["evidence/on-file.pdf"]);
            let after = assess(&better, toml);
            prop_assert!(after.score >= before.score, "{}: {:?} -> {:?}", q.id, before.score, after.score);
            for (x, y) in before.areas.iter().zip(&after.areas) {
                prop_assert!(y.score >= x.score, "{} in {}: {:?} -> {:?}", q.id, x.id, x.score, y.score);
            }
            prop_assert!(after.readiness >= before.readiness || after.readiness == Readiness::NotApplicable);
        }
    }

    /// Rule 9: one open critical gap keeps an otherwise excellent
    /// organization from `ready`, waived or not.
    #[test]
    fn a_critical_gap_keeps_an_organization_from_ready(
        (draft, toml) in drafts(),
        pick in any::<prop::sample::Index>(),
        word in prop::sample::select(vec!["no", "partial", "unknown"]),
        waive in any::<bool>(),
    ) {
        let mut best = draft.clone();
        for q in SET.questionnaires.iter().flat_map(|q| &q.questions) {
            best.set_answer(&q.id, &best_word(q), &["evidence/on-file.pdf"]);
        }
        let perfect = assess(&best, toml);
        prop_assert!(perfect.gaps.is_empty());
        prop_assert!(matches!(perfect.readiness, Readiness::Ready | Readiness::NotApplicable));
        let critical: Vec<&Question> = SET
            .questionnaires
            .iter()
            .flat_map(|q| &q.questions)
            .filter(|q| q.severity == Severity::Critical && !q.is_choice())
            .collect();
        let q = critical[pick.index(critical.len())];
        best.set_answer(&q.id, word, &["evidence/on-file.pdf"]);
        if waive {
            best.waivers = vec![DraftWaiver {
                question: q.id.clone(),
                reason: "Accepted for now.".into(),
                approved_by: "General Counsel".into(),
                expires: best.as_of.expect("drawn with a date") + chrono::Duration::days(30),
            }];
        }
        let a = assess(&best, toml);
        if a.gaps.iter().any(|g| g.question == q.id) {
            prop_assert_ne!(a.readiness, Readiness::Ready, "{} {} scored {:?}", q.id, word, a.score);
        } else {
            prop_assert_eq!(a.readiness, perfect.readiness);
        }
    }

    /// Rule 10: waivers, active or expired, leave every score, the gaps and
    /// the readiness level as they are.
    #[test]
    fn a_waiver_never_changes_a_score_or_the_level(
        (draft, toml) in drafts(),
        waived in prop::collection::vec((any::<prop::sample::Index>(), -90i64..90), 1..6),
    ) {
        let mut without = draft.clone();
        without.waivers.clear();
        let mut with = without.clone();
        let ids: Vec<&str> = SET.question_ids().collect();
        let as_of = draft.as_of.expect("drawn with a date");
        for (i, days) in waived {
            let id = ids[i.index(ids.len())];
            if with.waivers.iter().any(|w| w.question == id) {
                continue;
            }
            with.waivers.push(DraftWaiver {
                question: id.to_string(),
                reason: "Accepted for now.".into(),
                approved_by: "General Counsel".into(),
                expires: as_of + chrono::Duration::days(days),
            });
        }
        let a = assess(&without, toml);
        let b = assess(&with, toml);
        prop_assert_eq!(a.score, b.score);
        prop_assert_eq!(a.readiness, b.readiness);
        prop_assert_eq!(&a.areas, &b.areas);
        let gaps = |x: &Assessment| x.gaps.iter().map(|g| (g.question.clone(), g.state, g.credit)).collect::<Vec<_>>();
        prop_assert_eq!(gaps(&a), gaps(&b));
    }

    /// Rule 2: `n/a` takes an applicable question out of both sides of the
    /// ratio: against leaving it unanswered, the possible points drop by its
    /// weight and the points stay; against `yes` with evidence, both drop by
    /// its weight.
    #[test]
    fn na_removes_a_question_from_both_sides_of_the_ratio((draft, toml) in drafts()) {
        let profile: std::collections::BTreeMap<String, mera::content::condition::FactValue> =
            draft.profile.iter().cloned().collect();
        let na_takers = SET
            .questionnaires
            .iter()
            .flat_map(|q| &q.questions)
            .filter(|q| mera::assessment::answers::na_allowed(q, &profile));
        for q in na_takers {
            let mut unanswered = draft.clone();
            unanswered.answers.retain(|a| a.question != q.id);
            let base = assess(&unanswered, toml);
            let applies = base
                .gaps
                .iter()
                .any(|g| g.question == q.id && g.state == GapState::Unanswered);
            let mut na = unanswered.clone();
            na.set_answer(&q.id, "n/a", &[]);
            let mut yes = unanswered.clone();
            yes.set_answer(&q.id, "yes", &["evidence/on-file.pdf"]);
            let (na, yes) = (assess(&na, toml), assess(&yes, toml));
            let w = if applies { q.severity.weight() } else { 0.0 };
            prop_assert!((base.possible - na.possible - w).abs() < 1e-9, "{}", q.id);
            prop_assert!((base.points - na.points).abs() < 1e-9, "{}", q.id);
            prop_assert!((yes.possible - na.possible - w).abs() < 1e-9, "{}", q.id);
            prop_assert!((yes.points - na.points - w).abs() < 1e-9, "{}", q.id);
            prop_assert!(na.gaps.iter().all(|g| g.question != q.id));
            let area = |a: &Assessment| {
                let (area, _) = SET.question(&q.id).expect("built-in");
                let r = a.areas.iter().find(|x| x.id == area.id).expect("area").clone();
                (r.applicable, r.points, r.possible)
            };
            let (n_base, p_base, max_base) = area(&base);
            let (n_na, p_na, max_na) = area(&na);
            prop_assert_eq!(n_base - n_na, usize::from(applies));
            prop_assert!((p_base - p_na).abs() < 1e-9);
            prop_assert!((max_base - max_na - w).abs() < 1e-9);
        }
    }

    /// The gate and the report agree: the gate fails on the score exactly
    /// when the score the report prints is below the threshold; an open
    /// critical gap keeps an organization from `ready`; an unwaived gap at or
    /// above `fail_on`, and an expired waiver, fail the gate; the JSON report
    /// carries the same verdict.
    #[test]
    fn the_gate_and_the_report_agree(
        (draft, toml) in drafts(),
        tenths in 0u32..=1000,
        fail_on in prop::sample::select(vec![None, Some(Severity::Low), Some(Severity::Medium), Some(Severity::High), Some(Severity::Critical)]),
    ) {
        let a = assess(&draft, toml);
        let printed: Option<f64> = a.score.map(|_| {
            let text = report::score_text(a.score);
            text.parse().expect("a printed score")
        });
        let mut thresholds = vec![f64::from(tenths) / 10.0];
        thresholds.extend(a.score);
        thresholds.extend(a.score.map(|s| s + 0.1));
        for threshold in thresholds {
            let gate = Gate { fail_under: Some(threshold), fail_on, fail_on_unanswered: false, fail_on_review: false };
            let verdict = gate::evaluate(&gate, &a);
            let below = verdict.failures.iter().any(|f| matches!(f, Failure::ScoreBelow { .. }));
            prop_assert_eq!(below, printed.is_some_and(|s| s < threshold), "threshold {}", threshold);
            prop_assert_eq!(verdict.passed, verdict.failures.is_empty());
            let open = a.gaps.iter().filter(|g| !g.waived && fail_on.is_some_and(|s| g.severity >= s)).count();
            let open_failures = verdict.failures.iter().filter(|f| matches!(f, Failure::OpenGap { .. })).count();
            prop_assert_eq!(open, open_failures);
            if a.waivers.iter().any(|w| w.expired) {
                prop_assert!(!verdict.passed);
            }
            let json = &render_all(&a, Some(&verdict))[2];
            let doc: serde_json::Value = serde_json::from_str(json).expect("JSON report");
            prop_assert_eq!(doc["assessments"][0]["gate"]["passed"].as_bool(), Some(verdict.passed));
            prop_assert_eq!(doc["assessments"][0]["score"].as_f64(), a.score);
        }
        if a.gaps.iter().any(|g| g.severity == Severity::Critical) {
            prop_assert_ne!(a.readiness, Readiness::Ready);
        }
        // Rule 10: a waiver holds through its `expires` date.
        for w in &a.waivers {
            prop_assert_eq!(w.expired, a.as_of > w.expires);
        }
    }

    /// The loader reads every drawn answer as written (any case, `true` and
    /// `false` for yes and no), and the YAML and TOML forms of one file score
    /// the same.
    #[test]
    fn yaml_and_toml_forms_load_and_score_the_same((draft, _toml) in drafts()) {
        for toml in [false, true] {
            let source = text(&draft, toml);
            let (answers, _) = mera::assessment::answers::load(&source, &SET)
                .unwrap_or_else(|e| panic!("refused: {e:#?}\n{}", source.text));
            prop_assert_eq!(answers.answers.len(), draft.answers.len());
            for d in &draft.answers {
                prop_assert_eq!(&answers.answers[&d.question].response, &d.response());
            }
        }
        let (y, t) = (assess(&draft, false), assess(&draft, true));
        prop_assert_eq!(y.score, t.score);
        prop_assert_eq!(y.readiness, t.readiness);
        prop_assert_eq!(&y.areas, &t.areas);
        let gaps = |x: &Assessment| x.gaps.iter().map(|g| (g.question.clone(), g.state, g.waived)).collect::<Vec<_>>();
        prop_assert_eq!(gaps(&y), gaps(&t));
    }

    /// Same inputs, byte-identical output: two runs from the same text, and
    /// a run on another thread, render every format the same.
    #[test]
    fn rendering_is_byte_identical_across_runs_and_threads((draft, toml) in drafts()) {
        let run = || {
            let a = assess(&draft, toml);
            let verdict = gate::evaluate(&Gate::CHECK_DEFAULT, &a);
            render_all(&a, Some(&verdict))
        };
        let first = run();
        prop_assert_eq!(&first, &run());
        let other = std::thread::scope(|s| s.spawn(run).join().expect("no panic"));
        prop_assert_eq!(&first, &other);
    }
}

/// A question that applies: unanswered, it is a gap of state `unanswered`.
/// (Checks the helper the `n/a` property relies on.)
#[test]
fn an_applicable_unanswered_question_is_an_unanswered_gap() {
    let draft = Draft {
        content: None,
        name: "X".into(),
        assessed_by: None,
        as_of: Some(draft::day("2026-11-20")),
        privileged: false,
        profile: vec![
            (
                "develops_frontier_models".into(),
                mera::content::condition::FactValue::Bool(false),
            ),
            (
                "deploys_ai_agents".into(),
                mera::content::condition::FactValue::Bool(true),
            ),
            (
                "critical_infrastructure_operator".into(),
                mera::content::condition::FactValue::Bool(false),
            ),
        ],
        answers: Vec::new(),
        waivers: Vec::new(),
    };
    let a = assess(&draft, false);
    let na_questions: Vec<&Question> = SET
        .questionnaires
        .iter()
        .flat_map(|q| &q.questions)
        .filter(|q| q.allow_na)
        .collect();
    assert!(
        !na_questions.is_empty(),
        "the built-in set has questions that allow n/a"
    );
    assert!(a.gaps.iter().all(|g| g.state == GapState::Unanswered));
    assert_eq!(a.applicable(), a.gaps.len());
    let _ = question(&a.gaps[0].question);
}
