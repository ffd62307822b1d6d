//! HTML board pack: one self-contained file with no script, no external
//! font, style or image. The page is a minijinja template
//! (`templates/report.html`) with HTML auto-escaping, fed with a view built
//! here; charts are inline SVG drawn from `chart` geometry. The Gantt
//! chart draws the workshop timeline's dated items (one source of dates for
//! `mera timeline` and the board pack).
//!
//! Adding a section: add a field to [`View`], fill it in [`view`], and add
//! a `<section>` to the template (with `class="page"` if it should start a
//! printed page).

use chrono::Days;
use minijinja::{AutoEscape, Environment};
use serde::Serialize;

use super::chart::{self, Bar, DatedItem, Gantt, Gauge};
use super::{Report, score_text, state_text};
use crate::assessment::timeline::{self, Kind, Timeline};
use crate::assessment::{AnswerRecord, Assessment, Gap};

const TEMPLATE: &str = include_str!("templates/report.html");

#[derive(Serialize)]
struct Page<'a> {
    title: String,
    tool: &'static str,
    notice: &'static str,
    reports: Vec<View<'a>>,
}

/// Everything one assessment shows, already worded.
#[derive(Serialize)]
struct View<'a> {
    legend: Option<&'a str>,
    name: &'a str,
    assessed_by: Option<&'a str>,
    as_of: String,
    file: &'a str,
    summary: String,
    readiness: &'static str,
    redaction: Option<String>,
    gate: Option<GateView>,
    gauge: Gauge,
    bars: Vec<Bar>,
    bars_height: f64,
    areas: Vec<AreaRow<'a>>,
    gaps: Vec<GapCard<'a>>,
    actions: Vec<ActionRow<'a>>,
    /// The Gantt chart in the wide layout (screens and print) and the
    /// narrow one (phones); the style sheet shows one of them.
    gantts: Vec<GanttView>,
    /// The date the Gantt's dashed line marks: overdue is judged on it.
    run_date: String,
    decisions: Vec<DecisionRow<'a>>,
    conflicts: Vec<ConflictRow<'a>>,
    /// What changed in the content since the file's stamp, in one line.
    content_changes: Option<String>,
    /// Answers given before their question's last revision.
    to_review: Vec<String>,
    review_note: &'static str,
    waivers: Vec<WaiverRow<'a>>,
    evidence: Vec<EvidenceRow<'a>>,
    passed: Vec<PassedGroup<'a>>,
    passed_count: usize,
    context: Vec<String>,
    /// Events the work before them no longer fits, and facts not stated.
    schedule_notes: Vec<String>,
    unstated_facts: Vec<String>,
    max_evidence_age_days: u32,
}

#[derive(Serialize)]
struct GanttView {
    /// "wide" or "narrow", the class the style sheet picks by.
    layout: &'static str,
    chart: Gantt,
}

#[derive(Serialize)]
struct GateView {
    passed: bool,
    failures: Vec<String>,
}

#[derive(Serialize)]
struct AreaRow<'a> {
    title: &'a str,
    score: String,
    answered: String,
    passed: usize,
    gaps: usize,
}

#[derive(Serialize)]
struct GapCard<'a> {
    rank: usize,
    severity: &'static str,
    question: &'a str,
    text: &'a str,
    answer: String,
    provisions: Vec<ProvisionView>,
    action: &'a str,
    owner: String,
    due: Option<String>,
    overdue: bool,
    /// What brought the due date forward, from the schedule.
    schedule: Option<String>,
    waived: bool,
    record: Option<String>,
    /// The answer's evidence is stale, as the evidence register says.
    stale: bool,
    note: Option<String>,
    note_mark: &'static str,
    place: String,
}

#[derive(Serialize)]
struct ProvisionView {
    cites: String,
    force: &'static str,
}

#[derive(Serialize)]
struct ActionRow<'a> {
    due: String,
    when: String,
    overdue: bool,
    /// "21 days of lead time lost".
    lost: Option<String>,
    question: &'a str,
    action: &'a str,
    owner: &'a str,
    /// The owner is the questionnaire's suggestion, not the answers file's.
    suggested: bool,
    /// The gap is waived: out of the gate while the waiver holds.
    waived: bool,
}

/// A decision put off to a date.
#[derive(Serialize)]
struct DecisionRow<'a> {
    question: &'a str,
    severity: &'static str,
    answer: &'a str,
    label: &'a str,
    decide_by: String,
    /// "in 21 days", "due today", "passed 3 days ago".
    when: String,
    passed: bool,
    /// The day the schedule needs the decision, when `decide_by` is later.
    late: Option<String>,
    owner: Option<&'a str>,
}

/// A question respondents answered differently.
#[derive(Serialize)]
struct ConflictRow<'a> {
    question: &'a str,
    severity: &'static str,
    /// "CISO: yes", "General Counsel: wait (decide by 2026-12-11)".
    sides: Vec<String>,
    place: String,
}

#[derive(Serialize)]
struct WaiverRow<'a> {
    question: &'a str,
    status: String,
    expired: bool,
    reason: &'a str,
}

#[derive(Serialize)]
struct EvidenceRow<'a> {
    question: &'a str,
    evidence: &'a [String],
    /// "held by counsel", "held by counsel (withheld)".
    held: Option<String>,
    owner: Option<&'a str>,
    reviewed: Option<String>,
    stale: bool,
}

#[derive(Serialize)]
struct PassedGroup<'a> {
    title: &'a str,
    items: Vec<PassedRow<'a>>,
}

#[derive(Serialize)]
struct PassedRow<'a> {
    question: &'a str,
    text: &'a str,
    severity: &'static str,
    answer: &'a str,
    record: Option<String>,
    /// The answer's evidence is stale, as the evidence register says.
    stale: bool,
    note: Option<String>,
    note_mark: &'static str,
}

pub fn render(reports: &[Report]) -> String {
    let mut env = Environment::new();
    env.set_auto_escape_callback(|_| AutoEscape::Html);
    let title = match reports {
        [one] => format!("EO 14409 readiness: {}", one.assessment.organization.name),
        _ => "EO 14409 readiness".to_string(),
    };
    let page = Page {
        title,
        tool: concat!("mera ", env!("CARGO_PKG_VERSION")),
        notice: super::VOLUNTARY_NOTE,
        reports: reports.iter().map(view).collect(),
    };
    // The template is part of the binary and tested; a failure here is a bug,
    // and the message says so rather than writing half a page.
    env.add_template("report.html", TEMPLATE)
        .and_then(|()| env.get_template("report.html"))
        .and_then(|t| t.render(minijinja::value::Serde(&page)))
        .unwrap_or_else(|e| format!("mera: the HTML template failed: {e}\n"))
}

fn note_mark(record: &AnswerRecord) -> &'static str {
    match (record.note_withheld, record.confidential) {
        (true, _) => "withheld",
        (false, true) => "confidential",
        _ => "",
    }
}

fn note(record: &AnswerRecord) -> Option<String> {
    record.note.as_deref().map(|n| n.trim().to_string())
}

fn view<'a>(r: &Report<'a>) -> View<'a> {
    let a = r.assessment;
    let bars = chart::bars(
        &a.areas
            .iter()
            .map(|x| (x.title.clone(), x.score))
            .collect::<Vec<_>>(),
    );
    View {
        legend: super::legend(a),
        name: &a.organization.name,
        assessed_by: a.organization.assessed_by.as_deref(),
        as_of: super::as_of_text(a),
        file: &a.file,
        summary: super::summary_line(a),
        readiness: a.readiness.as_str(),
        redaction: super::redaction_line(a),
        gate: r.verdict.map(|v| GateView {
            passed: v.passed,
            failures: v
                .failures
                .iter()
                .map(|f| match f.pos() {
                    Some(p) => format!("{}:{p}: {}", a.file, f.describe()),
                    None => f.describe(),
                })
                .collect(),
        }),
        gauge: chart::gauge(a.score, a.readiness.as_str()),
        bars_height: bars.len() as f64 * chart::BAR_ROW,
        bars,
        areas: a
            .areas
            .iter()
            .map(|x| AreaRow {
                title: &x.title,
                score: score_text(x.score),
                answered: format!("{}/{}", x.answered, x.applicable),
                passed: x.passed(),
                gaps: x.gaps,
            })
            .collect(),
        gaps: a
            .gaps
            .iter()
            .enumerate()
            .map(|(i, g)| gap_card(i + 1, g, a))
            .collect(),
        actions: actions(a),
        gantts: {
            let items = gantt_items(r);
            [("wide", chart::GANTT_WIDE), ("narrow", chart::GANTT_NARROW)]
                .into_iter()
                .filter_map(|(layout, geometry)| {
                    chart::gantt_in(&items, a.run_date, &geometry)
                        .map(|chart| GanttView { layout, chart })
                })
                .collect()
        },
        run_date: a.run_date.to_string(),
        decisions: a
            .pending_decisions
            .iter()
            .map(|d| DecisionRow {
                question: &d.question,
                severity: d.severity.as_str(),
                answer: &d.answer,
                label: &d.label,
                decide_by: d.decide_by.to_string(),
                when: if d.passed {
                    let days = (a.run_date - d.decide_by).num_days().unsigned_abs();
                    format!(
                        "passed {} ago: half credit",
                        crate::text::plural(days as usize, "day", "days")
                    )
                } else {
                    super::days_text(d.decide_by, a.run_date)
                },
                passed: d.passed,
                late: d
                    .needed_by
                    .filter(|_| d.late)
                    .map(|n| format!("later than {n}, the day the schedule needs it: half credit")),
                owner: d.owner.as_deref(),
            })
            .collect(),
        conflicts: a
            .conflicts
            .iter()
            .map(|c| ConflictRow {
                question: &c.question,
                severity: c.severity.as_str(),
                sides: c
                    .sides
                    .iter()
                    .map(|s| match s.decide_by {
                        Some(d) => format!("{}: {} (decide by {d})", s.by, s.answer),
                        None => format!("{}: {}", s.by, s.answer),
                    })
                    .collect(),
                place: format!("{}:{}", a.file, c.pos),
            })
            .collect(),
        content_changes: super::content_changes_line(a),
        to_review: super::review_lines(a),
        review_note: super::REVIEW_NOTE,
        waivers: a
            .waivers
            .iter()
            .map(|w| WaiverRow {
                question: &w.question,
                status: super::waiver_text(w, "expired"),
                expired: w.expired,
                reason: &w.reason,
            })
            .collect(),
        evidence: a
            .evidence_register()
            .into_iter()
            .map(|(question, _, record)| EvidenceRow {
                question,
                evidence: &record.evidence,
                held: record.evidence_held_by.as_ref().map(|h| {
                    if record.evidence_withheld {
                        format!("held by {h} (withheld)")
                    } else {
                        format!("held by {h}")
                    }
                }),
                owner: record.owner.as_deref(),
                reviewed: record.reviewed.map(|d| d.to_string()),
                stale: a.is_stale(question),
            })
            .collect(),
        passed: a
            .areas
            .iter()
            .filter(|x| x.passed() > 0)
            .map(|x| PassedGroup {
                title: &x.title,
                items: a
                    .passed
                    .iter()
                    .filter(|p| p.area == x.id)
                    .map(|p| PassedRow {
                        question: &p.question,
                        text: p.text.trim(),
                        severity: p.severity.as_str(),
                        answer: &p.answer,
                        record: super::record_text(&p.record),
                        stale: a.is_stale(&p.question),
                        note: note(&p.record),
                        note_mark: note_mark(&p.record),
                    })
                    .collect(),
            })
            .collect(),
        passed_count: a.passed.len(),
        context: super::context_lines(a),
        schedule_notes: super::short_of_time_lines(a),
        unstated_facts: super::unstated_fact_lines(a),
        max_evidence_age_days: a.max_evidence_age_days,
    }
}

fn gap_card<'a>(rank: usize, g: &'a Gap, a: &'a Assessment) -> GapCard<'a> {
    GapCard {
        rank,
        severity: g.severity.as_str(),
        question: &g.question,
        text: g.text.trim(),
        answer: state_text(g),
        provisions: super::provision_groups(g)
            .into_iter()
            .map(|(force, cites)| ProvisionView {
                cites: cites.join(", "),
                force: force.as_str(),
            })
            .collect(),
        action: g.action.text.trim(),
        owner: super::owner_text(g),
        due: super::due_line(g, a.run_date),
        overdue: g.action.overdue,
        schedule: super::schedule_text(g),
        waived: g.waived,
        record: super::record_text(&g.record),
        stale: a.is_stale(&g.question),
        note: note(&g.record),
        note_mark: note_mark(&g.record),
        place: format!("{}:{}", a.file, g.pos),
    }
}

/// The recommended actions in date order (undated last), as a plan.
fn actions(a: &Assessment) -> Vec<ActionRow<'_>> {
    let mut rows: Vec<(Option<chrono::NaiveDate>, ActionRow)> = a
        .gaps
        .iter()
        .map(|g| {
            let row = ActionRow {
                due: g.action.due.map_or_else(
                    || g.action.due_rule.clone().unwrap_or_default(),
                    |d| d.to_string(),
                ),
                when: g
                    .action
                    .due
                    .map(|d| super::days_text(d, a.run_date))
                    .unwrap_or_default(),
                overdue: g.action.overdue,
                lost: super::lost_text(g),
                question: &g.question,
                action: g.action.text.trim(),
                owner: g.record.owner.as_deref().unwrap_or(&g.action.owner),
                suggested: g.record.owner.is_none(),
                waived: g.waived,
            };
            (g.action.due, row)
        })
        .collect();
    rows.sort_by_key(|(due, _)| (due.is_none(), *due));
    rows.into_iter().map(|(_, r)| r).collect()
}

/// Days ahead of the run date within which evidence going stale is drawn.
const STALE_HORIZON_DAYS: u64 = 180;

/// The Gantt chart's rows: the timeline's dated items (the one given with
/// the report, else those the assessment alone holds), evidence going
/// stale only up to [`STALE_HORIZON_DAYS`] ahead.
fn gantt_items(r: &Report) -> Vec<DatedItem> {
    let a = r.assessment;
    let built: Timeline;
    let t = match r.timeline {
        Some(t) => t,
        None => {
            built = timeline::from_assessment(a);
            &built
        }
    };
    let horizon = a.run_date.checked_add_days(Days::new(STALE_HORIZON_DAYS));
    t.items
        .iter()
        .filter(|i| i.kind != Kind::EvidenceStale || horizon.is_some_and(|h| i.date <= h))
        .map(|i| {
            let q = i.question.as_deref().unwrap_or_default();
            let (label, kind) = match i.kind {
                Kind::OrderSigned | Kind::OrderDeadline => (i.label.clone(), "milestone"),
                Kind::Event => (i.label.clone(), "release"),
                Kind::Decision => (format!("{q}: decide by"), "decision"),
                Kind::Action if i.overdue => (q.to_string(), "overdue"),
                Kind::Action => (q.to_string(), "due"),
                Kind::WaiverExpires => (format!("{q} waiver ends"), "waiver"),
                Kind::EvidenceStale => (format!("{q} evidence stale"), "review"),
            };
            let note = match (i.overdue, i.kind) {
                (true, Kind::Decision) => Some("passed".to_string()),
                (true, Kind::WaiverExpires) => Some("expired".to_string()),
                (true, Kind::EvidenceStale) => Some("stale".to_string()),
                (true, _) => Some("overdue".to_string()),
                (false, _) => None,
            };
            DatedItem {
                label,
                start: i.date,
                end: None,
                kind: kind.to_string(),
                note,
            }
        })
        .collect()
}
