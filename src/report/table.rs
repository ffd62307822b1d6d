//! Terminal report: the area table, then one block per gap, wrapped on word
//! boundaries at the terminal's width. Colour only when asked, and never as
//! the only carrier of meaning: every coloured word is also written out.

use std::fmt::Write as _;

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Cell, CellAlignment, ContentArrangement, Table};

use super::{Report, Style, context_lines, provisions_text, score_text, state_text};
use crate::assessment::{Assessment, Gap, Readiness};
use crate::content::questionnaire::Severity;
use crate::text::{wrap_hanging, wrap_prefixed};

/// One file's report.
pub fn render_one(report: &Report, style: Style) -> String {
    let mut out = String::new();
    one(&mut out, report, style);
    out
}

/// `text` in bold `code` colour when colouring, plain otherwise.
fn paint(style: Style, code: &str, text: &str) -> String {
    if style.color {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

fn severity_code(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "1;31",
        Severity::High => "1;33",
        Severity::Medium => "1;36",
        Severity::Low => "1",
    }
}

fn readiness_code(r: Readiness) -> &'static str {
    match r {
        Readiness::Ready => "1;32",
        Readiness::Partial => "1;33",
        Readiness::NotReady => "1;31",
        Readiness::NotApplicable => "2",
    }
}

fn one(out: &mut String, r: &Report, style: Style) {
    let a = r.assessment;
    let width = usize::from(style.width);
    if let Some(legend) = super::legend(a) {
        out.push_str(&paint(style, "1", &wrap_prefixed(legend, width, "")));
        out.push('\n');
    }
    // Every header line continues with the same two-space indent.
    out.push_str(&wrap_hanging(
        &format!("EO 14409 readiness: {}", a.organization.name),
        width,
        "",
        "  ",
    ));
    if let Some(by) = &a.organization.assessed_by {
        out.push_str(&wrap_hanging(&format!("Assessed by {by}"), width, "", "  "));
    }
    out.push_str(&wrap_hanging(&super::as_of_text(a), width, "As of ", "  "));
    let _ = writeln!(out, "Answers: {}", a.file);
    let summary = wrap_hanging(&super::summary_line(a), width, "Overall: ", "  ");
    out.push_str(&paint(
        style,
        readiness_code(a.readiness),
        summary.trim_end(),
    ));
    out.push('\n');
    if let Some(line) = super::redaction_line(a) {
        out.push_str(&wrap_hanging(&line, width, "", "  "));
    }
    out.push('\n');
    areas(out, a, style);
    gaps(out, a, style);
    extras(out, a, width);
    if let Some(v) = r.verdict {
        let word = if v.passed { "passed" } else { "FAILED" };
        let code = if v.passed { "1;32" } else { "1;31" };
        let _ = writeln!(out, "Gate: {}", paint(style, code, word));
        for f in &v.failures {
            let place = f
                .pos()
                .map(|p| format!("{}:{p}: ", a.file))
                .unwrap_or_default();
            out.push_str(&wrap_hanging(
                &format!("{place}{}", f.describe()),
                width,
                "  - ",
                "    ",
            ));
        }
        out.push('\n');
    }
    out.push_str(&wrap_prefixed(super::VOLUNTARY_NOTE, width, ""));
}

fn areas(out: &mut String, a: &Assessment, style: Style) {
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(style.width)
        .set_header(vec!["Area", "Score", "Answered", "In place", "Gaps"]);
    // The table itself is never coloured: its meaning is all in the text.
    t.force_no_tty();
    for area in &a.areas {
        t.add_row(vec![
            Cell::new(&area.title),
            // "n/a" rather than "not applicable", so that area names keep
            // their room at 80 columns.
            Cell::new(
                area.score
                    .map_or_else(|| "n/a".to_string(), |s| score_text(Some(s))),
            )
            .set_alignment(CellAlignment::Right),
            Cell::new(format!("{}/{}", area.answered, area.applicable))
                .set_alignment(CellAlignment::Right),
            Cell::new(area.passed()).set_alignment(CellAlignment::Right),
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
    let _ = writeln!(out, "Gaps and recommended actions, most urgent first:\n");
    for (i, g) in a.gaps.iter().enumerate() {
        block(out, i + 1, g, a, style);
        out.push('\n');
    }
}

/// One gap: header line, the question, the action with its owner, the
/// provisions with their legal force, and what the respondent wrote.
fn block(out: &mut String, rank: usize, g: &Gap, a: &Assessment, style: Style) {
    let width = usize::from(style.width);
    let number = format!("{rank:>2}. ");
    let indent = " ".repeat(number.len());
    let severity = paint(style, severity_code(g.severity), g.severity.as_str());
    let mut header = vec![
        format!("{number}{severity}"),
        g.question.clone(),
        state_text(g),
    ];
    if let Some(due) = super::due_line(g, a.run_date) {
        let due = if g.action.overdue {
            paint(style, "1;31", &due)
        } else {
            due
        };
        header.push(due);
    }
    // Colour codes take no columns, so wrap the plain words and paint after.
    let plain_width = header.iter().map(|h| visible_len(h)).sum::<usize>() + 3 * (header.len() - 1);
    if plain_width <= width {
        let _ = writeln!(out, "{}", header.join(" · "));
    } else {
        let _ = writeln!(out, "{}", header[..3].join(" · "));
        for extra in &header[3..] {
            let _ = writeln!(out, "{indent}{extra}");
        }
    }
    if let Some(w) = super::expired_waiver(a, g) {
        let text = format!(
            "Waiver EXPIRED after {} (approved by {}): this gap counts against the gate again",
            w.expires, w.approved_by
        );
        out.push_str(&paint(
            style,
            "1;31",
            wrap_hanging(&text, width, &indent, &format!("{indent}  ")).trim_end(),
        ));
        out.push('\n');
    }
    out.push_str(&wrap_prefixed(g.text.trim(), width, &indent));
    out.push_str(&wrap_hanging(
        &format!("{} ({})", g.action.text.trim(), super::owner_text(g)),
        width,
        &format!("{indent}→ "),
        &format!("{indent}  "),
    ));
    if let Some(schedule) = super::schedule_text(g) {
        out.push_str(&wrap_hanging(
            &schedule,
            width,
            &format!("{indent}Scheduled: "),
            &format!("{indent}           "),
        ));
    }
    out.push_str(&wrap_hanging(
        &provisions_text(g),
        width,
        &format!("{indent}Provisions: "),
        &format!("{indent}            "),
    ));
    if let Some(record) = super::record_text(&g.record) {
        out.push_str(&wrap_hanging(
            &format!("Answer: {record}"),
            width,
            &indent,
            &format!("{indent}  "),
        ));
    }
    if let Some(note) = super::note_text(&g.record) {
        out.push_str(&wrap_hanging(
            &format!("Note: {note}"),
            width,
            &indent,
            &format!("{indent}  "),
        ));
    }
}

/// Characters a terminal shows, leaving out colour codes.
fn visible_len(text: &str) -> usize {
    let mut n = 0;
    let mut in_escape = false;
    for c in text.chars() {
        match (in_escape, c) {
            (false, '\x1b') => in_escape = true,
            (true, 'm') => in_escape = false,
            (true, _) => {}
            (false, _) => n += 1,
        }
    }
    n
}

fn extras(out: &mut String, a: &Assessment, width: usize) {
    let mut any = false;
    for c in &a.conflicts {
        let text = format!(
            "Open conflict {} (settle it with `mera interview`)",
            c.describe()
        );
        out.push_str(&wrap_hanging(&text, width, "", "  "));
        any = true;
    }
    for w in &a.waivers {
        let text = format!(
            "Waiver {}: {}. Reason: {}",
            w.question,
            super::waiver_text(w, "EXPIRED"),
            w.reason
        );
        out.push_str(&wrap_hanging(&text, width, "", "  "));
        any = true;
    }
    for s in &a.stale_evidence {
        let text = format!(
            "Stale evidence {}: last reviewed {} ({} days; limit {})",
            s.question, s.reviewed, s.age_days, a.max_evidence_age_days
        );
        out.push_str(&wrap_hanging(&text, width, "", "  "));
        any = true;
    }
    for line in context_lines(a) {
        out.push_str(&wrap_hanging(&format!("Context: {line}"), width, "", "  "));
        any = true;
    }
    for line in super::short_of_time_lines(a)
        .into_iter()
        .chain(super::unstated_fact_lines(a))
    {
        out.push_str(&wrap_hanging(&line, width, "", "  "));
        any = true;
    }
    let dated = [
        super::pending_decisions_line(a),
        super::undated_line(a),
        super::inferred_line(a),
        super::content_changes_line(a),
    ];
    for line in dated.iter().flatten() {
        out.push_str(&wrap_hanging(line, width, "", "  "));
        any = true;
    }
    let review = super::review_lines(a);
    for line in &review {
        out.push_str(&wrap_hanging(&format!("To review {line}"), width, "", "  "));
    }
    if !review.is_empty() {
        out.push_str(&wrap_hanging(super::REVIEW_NOTE, width, "  ", "  "));
        any = true;
    }
    if any {
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_codes_take_no_columns() {
        assert_eq!(visible_len("\x1b[1;31mcritical\x1b[0m"), 8);
        assert_eq!(visible_len("plain"), 5);
    }
}
