//! Terminal report: comfy-table tables, coloured only when asked.

use std::fmt::Write as _;

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Cell, CellAlignment, Color, ContentArrangement, Table};

use super::{Report, Style, context_lines, due_text, provisions_text, score_text, state_text};
use crate::assessment::{Assessment, Readiness};
use crate::content::questionnaire::Severity;

pub fn render(reports: &[Report], style: Style) -> String {
    let mut out = String::new();
    for (i, r) in reports.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        one(&mut out, r, style);
    }
    out
}

fn table(style: Style, header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(style.width)
        .set_header(header.to_vec());
    if style.color {
        t.enforce_styling();
    } else {
        t.force_no_tty();
    }
    t
}

fn severity_cell(s: Severity, style: Style) -> Cell {
    let cell = Cell::new(s.as_str());
    if !style.color {
        return cell;
    }
    match s {
        Severity::Critical => cell.fg(Color::Red),
        Severity::High => cell.fg(Color::Yellow),
        Severity::Medium => cell.fg(Color::Cyan),
        Severity::Low => cell,
    }
}

fn readiness_paint(r: Readiness, style: Style, text: String) -> String {
    if !style.color {
        return text;
    }
    let code = match r {
        Readiness::Ready => "32",
        Readiness::Partial => "33",
        Readiness::NotReady => "31",
        Readiness::NotApplicable => "2",
    };
    format!("\x1b[1;{code}m{text}\x1b[0m")
}

fn one(out: &mut String, r: &Report, style: Style) {
    let a = r.assessment;
    if a.organization.privileged {
        let _ = writeln!(out, "{}\n", super::PRIVILEGED);
    }
    let _ = writeln!(out, "EO 14409 readiness: {}", a.organization.name);
    if let Some(by) = &a.organization.assessed_by {
        let _ = writeln!(out, "Assessed by {by}");
    }
    let _ = writeln!(out, "As of {}", super::as_of_text(a));
    let _ = writeln!(out, "Answers: {}", a.file);
    let _ = writeln!(
        out,
        "Overall: {}\n",
        readiness_paint(a.readiness, style, super::summary_line(a))
    );
    areas(out, a, style);
    gaps(out, a, style);
    extras(out, a);
    if let Some(v) = r.verdict {
        let _ = writeln!(out, "Gate: {}", if v.passed { "passed" } else { "FAILED" });
        for f in &v.failures {
            let _ = writeln!(out, "  - {}", f.describe());
        }
        out.push('\n');
    }
    let _ = writeln!(out, "{}", super::VOLUNTARY_NOTE);
}

fn areas(out: &mut String, a: &Assessment, style: Style) {
    let mut t = table(style, &["Area", "Score", "Answered", "Gaps"]);
    for area in &a.areas {
        t.add_row(vec![
            Cell::new(&area.title),
            Cell::new(score_text(area.score)).set_alignment(CellAlignment::Right),
            Cell::new(format!("{}/{}", area.answered, area.applicable))
                .set_alignment(CellAlignment::Right),
            Cell::new(area.gaps).set_alignment(CellAlignment::Right),
        ]);
    }
    let _ = writeln!(out, "{t}\n");
}

fn gaps(out: &mut String, a: &Assessment, style: Style) {
    if a.gaps.is_empty() {
        out.push_str("No gaps.\n\n");
        return;
    }
    let mut t = table(
        style,
        &[
            "#",
            "Severity",
            "Question",
            "Answer",
            "Provisions",
            "Recommended action (owner)",
            "Due",
        ],
    );
    for (i, g) in a.gaps.iter().enumerate() {
        t.add_row(vec![
            Cell::new(i + 1),
            severity_cell(g.severity, style),
            Cell::new(&g.question),
            Cell::new(state_text(g)),
            Cell::new(provisions_text(g)),
            Cell::new(format!("{} ({})", g.action.text.trim(), g.action.owner)),
            Cell::new(due_text(g)),
        ]);
    }
    // Keep question ids on one line: their width plus the cell's padding.
    let id_width = a.gaps.iter().map(|g| g.question.len()).max().unwrap_or(8) + 2;
    if let Some(column) = t.column_mut(2) {
        let width = u16::try_from(id_width).unwrap_or(u16::MAX);
        column.set_constraint(comfy_table::ColumnConstraint::LowerBoundary(
            comfy_table::Width::Fixed(width),
        ));
    }
    let _ = writeln!(
        out,
        "Gaps and recommended actions, most urgent first:\n{t}\n"
    );
}

fn extras(out: &mut String, a: &Assessment) {
    for w in &a.waivers {
        let _ = writeln!(
            out,
            "Waiver {}: {}",
            w.question,
            super::waiver_text(w, "EXPIRED")
        );
    }
    for s in &a.stale_evidence {
        let _ = writeln!(
            out,
            "Stale evidence {}: last reviewed {} ({} days; limit {})",
            s.question, s.reviewed, s.age_days, a.max_evidence_age_days
        );
    }
    for line in context_lines(a) {
        let _ = writeln!(out, "Context: {line}");
    }
    let dated = [
        super::pending_decisions_line(a),
        super::undated_line(a),
        super::inferred_line(a),
    ];
    for line in dated.iter().flatten() {
        let _ = writeln!(out, "{line}");
    }
    if !a.waivers.is_empty()
        || !a.stale_evidence.is_empty()
        || !a.context.is_empty()
        || dated.iter().any(Option::is_some)
    {
        out.push('\n');
    }
}
