//! What every fuzz target shares: the built-in content, loaded once, and the
//! checks run on whatever a loader accepts or refuses.

use std::sync::LazyLock;

use chrono::NaiveDate;
use mera::assessment::answers::Answers;
use mera::assessment::gate::{self, Failure, Gate};
use mera::assessment::scoring::{self, Options};
use mera::assessment::{Assessment, Readiness};
use mera::content::catalog::Catalog;
use mera::content::questionnaire::Severity;
use mera::content::set::QuestionnaireSet;
use mera::input::diagnostic::Diagnostic;
use mera::input::source::{MAX_FILE_BYTES, Source};
use mera::report::{self, Format, Report, Style};

#[path = "../../tests/support/draft.rs"]
pub mod draft;

pub static SET: LazyLock<QuestionnaireSet> = LazyLock::new(QuestionnaireSet::builtin);
pub static CATALOG: LazyLock<Catalog> = LazyLock::new(Catalog::builtin);

/// The input as the CLI would pass it on: UTF-8 text within the size limit.
pub fn source(name: &str, data: &[u8]) -> Option<Source> {
    if data.len() > MAX_FILE_BYTES {
        return None;
    }
    std::str::from_utf8(data).ok().map(|t| Source::new(name, t))
}

/// The answers-loader targets: any bytes as an answers file named `name`
/// (YAML or TOML by its extension), loaded against the built-in set; every
/// problem rendered; whatever loads scored, checked and rendered.
pub fn load_any_answers(name: &str, data: &[u8]) {
    let Some(src) = source(name, data) else {
        return;
    };
    match mera::assessment::answers::load(&src, &SET) {
        Ok((answers, warnings)) => {
            render_all(&src, &warnings);
            let as_of = answers
                .organization
                .as_of
                .unwrap_or_else(|| draft::day("2026-11-20"));
            assess_and_check(&answers, as_of, How::default());
        }
        Err(problems) => {
            assert!(problems.iter().any(|d| d.is_error()));
            render_all(&src, &problems);
        }
    }
}

/// Every diagnostic names its file and renders with its snippet and carets,
/// as the CLI prints it.
pub fn render_all(source: &Source, problems: &[Diagnostic]) {
    for d in problems {
        assert_eq!(d.file, source.name, "diagnostic for another file: {d:?}");
        assert!(!d.message.is_empty(), "empty message: {d:?}");
        let text = d.render(Some(source));
        assert!(text.contains(&d.location()));
    }
}

/// Score loaded answers the ways the CLI can, render every format, and check
/// what must hold for any input.
pub fn assess_and_check(answers: &Answers, as_of: NaiveDate, how: How) {
    let options = Options {
        max_evidence_age_days: how.max_age,
        redact: how.redact,
        ..Options::on(as_of)
    };
    let a = scoring::assess(&SET, &CATALOG, answers, &options);
    check_assessment(&a);
    check_gates(&a);
    render_every_format(&a, how.with_verdict, how.style);
}

/// The options a run is scored and rendered with.
#[derive(Clone, Copy, Debug)]
pub struct How {
    pub max_age: u32,
    pub redact: bool,
    pub with_verdict: bool,
    /// The table's style; `None` leaves the table out.
    pub style: Option<Style>,
}

impl Default for How {
    fn default() -> Self {
        How {
            max_age: 365,
            redact: false,
            with_verdict: true,
            style: Some(Style::default()),
        }
    }
}

pub fn check_assessment(a: &Assessment) {
    let in_range = |s: Option<f64>| s.is_none_or(|s| (0.0..=100.0).contains(&s));
    assert!(in_range(a.score), "score {:?}", a.score);
    assert!(a.points >= 0.0 && a.points <= a.possible + 1e-9);
    assert_eq!(a.score.is_none(), a.possible == 0.0);
    for area in &a.areas {
        assert!(
            in_range(area.score),
            "area {} score {:?}",
            area.id,
            area.score
        );
        assert!(area.points <= area.possible + 1e-9);
        assert!(area.answered <= area.applicable);
    }
    for gap in &a.gaps {
        assert!((0.0..1.0).contains(&gap.credit), "{gap:?}");
        assert!(gap.points_lost > 0.0);
        assert!(
            !(gap.waived
                && a.waivers
                    .iter()
                    .any(|w| w.question == gap.question && w.expired))
        );
    }
    let critical = a.gaps.iter().any(|g| g.severity == Severity::Critical);
    match a.readiness {
        Readiness::NotApplicable => assert!(a.score.is_none()),
        Readiness::Ready => assert!(a.score >= Some(85.0) && !critical),
        Readiness::Partial => assert!(a.score >= Some(50.0)),
        Readiness::NotReady => assert!(a.score.is_some_and(|s| s < 50.0)),
    }
}

pub fn check_gates(a: &Assessment) {
    let mut thresholds = vec![0.0, 49.9, 50.0, 85.0, 100.0];
    thresholds.extend(a.score);
    for fail_under in thresholds {
        let v = gate::evaluate(
            &Gate {
                fail_under: Some(fail_under),
                fail_on: None,
                fail_on_unanswered: false,
                fail_on_review: false,
            },
            a,
        );
        let below = v
            .failures
            .iter()
            .any(|f| matches!(f, Failure::ScoreBelow { .. }));
        assert_eq!(below, a.score.is_some_and(|s| s < fail_under));
    }
    let v = gate::evaluate(&Gate::CHECK_DEFAULT, a);
    let open_critical = a
        .gaps
        .iter()
        .any(|g| g.severity == Severity::Critical && !g.waived);
    if open_critical || a.waivers.iter().any(|w| w.expired) {
        assert!(!v.passed);
    }
    assert_eq!(v.passed, v.failures.is_empty());
}

/// Render every format once, with or without the gate's verdict; the JSON
/// must parse and carry the score. The table, slower than the rest together,
/// is rendered when a style is given.
pub fn render_every_format(a: &Assessment, with_verdict: bool, style: Option<Style>) {
    let verdict = gate::evaluate(&Gate::CHECK_DEFAULT, a);
    let reports = [Report::new(a, with_verdict.then_some(&verdict))];
    if let Some(style) = style {
        assert!(!report::render(Format::Table, &reports, style).is_empty());
    }
    assert!(!report::render(Format::Markdown, &reports, Style::default()).is_empty());
    let json = report::render(Format::Json, &reports, Style::default());
    let value: serde_json::Value = serde_json::from_str(&json).expect("the JSON report parses");
    assert_eq!(value["assessments"][0]["score"].as_f64(), a.score);
}
