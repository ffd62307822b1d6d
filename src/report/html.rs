//! HTML board pack: one self-contained file with no script, no external
//! font, style or image. The page is a minijinja template
//! (`templates/report.html`) with HTML auto-escaping, fed with a view built
//! here; charts are inline SVG drawn from `chart` geometry.
//!
//! Adding a section: add a field to [`View`], fill it in [`view`], and add
//! a `<section>` to the template (with `class="page"` if it should start a
//! printed page).

use chrono::Days;
use minijinja::{AutoEscape, Environment};
use serde::Serialize;

use super::chart::{self, Bar, DatedItem, Gantt, Gauge};
use super::{Report, score_text, state_text};
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
    gantt: Option<Gantt>,
    waivers: Vec<WaiverRow<'a>>,
    evidence: Vec<EvidenceRow<'a>>,
    passed: Vec<PassedGroup<'a>>,
    passed_count: usize,
    context: Vec<String>,
    max_evidence_age_days: u32,
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
    waived: bool,
    record: Option<String>,
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
    question: &'a str,
    action: &'a str,
    owner: &'a str,
    /// The owner is the questionnaire's suggestion, not the answers file's.
    suggested: bool,
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
        gantt: chart::gantt(&dated_items(a), a.run_date),
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
                        note: note(&p.record),
                        note_mark: note_mark(&p.record),
                    })
                    .collect(),
            })
            .collect(),
        passed_count: a.passed.len(),
        context: super::context_lines(a),
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
        waived: g.waived,
        record: super::record_text(&g.record),
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
                question: &g.question,
                action: g.action.text.trim(),
                owner: g.record.owner.as_deref().unwrap_or(&g.action.owner),
                suggested: g.record.owner.is_none(),
            };
            (g.action.due, row)
        })
        .collect();
    rows.sort_by_key(|(due, _)| (due.is_none(), *due));
    rows.into_iter().map(|(_, r)| r).collect()
}

/// The dates this assessment knows: action due dates, waiver expiries and
/// the day each piece of reviewed evidence goes stale. A timeline from the
/// workshop module can add its own items here.
pub fn dated_items(a: &Assessment) -> Vec<DatedItem> {
    let mut items: Vec<DatedItem> = a
        .gaps
        .iter()
        .filter_map(|g| {
            Some(DatedItem {
                label: g.question.clone(),
                start: g.action.due?,
                end: None,
                kind: if g.action.overdue { "overdue" } else { "due" }.to_string(),
            })
        })
        .collect();
    items.extend(a.waivers.iter().map(|w| DatedItem {
        label: format!("{} waiver ends", w.question),
        start: w.expires,
        end: None,
        kind: "waiver".to_string(),
    }));
    // Evidence that is stale, or goes stale within the next 180 days.
    let max_age = Days::new(u64::from(a.max_evidence_age_days) + 1);
    let horizon = a.run_date.checked_add_days(Days::new(180));
    items.extend(a.evidence_register().into_iter().filter_map(|(q, _, r)| {
        let stale_from = r.reviewed?.checked_add_days(max_age)?;
        horizon.is_some_and(|h| stale_from <= h).then(|| DatedItem {
            label: format!("{q} evidence stale"),
            start: stale_from,
            end: None,
            kind: "review".to_string(),
        })
    }));
    items
}
