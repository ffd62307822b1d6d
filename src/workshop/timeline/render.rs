//! The timeline as a terminal table, Markdown or versioned JSON.

use std::fmt::Write as _;

use serde::Serialize;

use crate::assessment::timeline::{Item, Timeline};
use crate::report::text::wrap_hanging;
use crate::workshop::{Format, block_header, block_line, cell};

#[derive(Serialize)]
struct Body<'a> {
    timeline: &'a Timeline,
}

fn status(item: &Item) -> &'static str {
    if item.overdue {
        "OVERDUE"
    } else if item.past {
        "past"
    } else {
        ""
    }
}

pub fn render(format: Format, t: &Timeline, width: u16) -> String {
    match format {
        Format::Json => crate::workshop::json(&Body { timeline: t }),
        Format::Table => table(t, width),
        Format::Markdown => markdown(t),
    }
}

fn heading(t: &Timeline) -> String {
    format!(
        "Timeline: {}, as of {} ({})",
        t.organization, t.as_of, t.file
    )
}

/// The terminal layout of the gap report: one block per dated item, a
/// header line (date, kind, severity, question, OVERDUE or past), then
/// what is due and its owner and provisions, wrapped on word boundaries.
fn table(t: &Timeline, width: u16) -> String {
    let width = usize::from(width);
    let mut out = String::new();
    if let Some(legend) = &t.legend {
        out.push_str(&wrap_hanging(legend, width, "", ""));
        out.push('\n');
    }
    out.push_str(&wrap_hanging(&heading(t), width, "", "  "));
    out.push('\n');
    let indent = "  ";
    for i in &t.items {
        let parts = [
            i.date.to_string(),
            i.kind.as_str().to_string(),
            i.severity
                .map(|s| s.as_str().to_string())
                .unwrap_or_default(),
            i.question.clone().unwrap_or_default(),
            status(i).to_string(),
        ];
        out.push_str(&block_header(&parts, width, indent));
        out.push_str(&block_line(&i.label, width, indent, ""));
        let mut who = Vec::new();
        if let Some(owner) = &i.owner {
            who.push(format!("Owner: {owner}"));
        }
        if !i.provisions.is_empty() {
            who.push(format!("Provisions: {}", i.provisions.join(", ")));
        }
        if !who.is_empty() {
            out.push_str(&block_line(&who.join(" · "), width, indent, ""));
        }
        out.push('\n');
    }
    if !t.undated.is_empty() {
        out.push_str("No due date:\n");
        for u in &t.undated {
            let rule = u
                .due_rule
                .as_ref()
                .map(|r| format!(" ({r})"))
                .unwrap_or_default();
            out.push_str(&wrap_hanging(
                &format!("{} ({}): {}{rule}", u.question, u.owner, u.label),
                width,
                "  - ",
                "    ",
            ));
        }
    }
    for note in &t.notes {
        out.push_str(&wrap_hanging(note, width, "", "  "));
    }
    out
}

fn markdown(t: &Timeline) -> String {
    let mut out = String::new();
    if let Some(legend) = &t.legend {
        let _ = writeln!(out, "> **{}**\n", cell(legend));
    }
    let _ = writeln!(out, "## {}\n", cell(&heading(t)));
    out.push_str("| Date | Kind | Question | What | Owner | Provisions | Status |\n|---|---|---|---|---|---|---|\n");
    for i in &t.items {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} |",
            i.date,
            i.kind.as_str(),
            i.question
                .as_ref()
                .map(|q| format!("`{q}`"))
                .unwrap_or_default(),
            cell(&i.label),
            cell(i.owner.as_deref().unwrap_or("")),
            cell(&i.provisions.join(", ")),
            status(i)
        );
    }
    if !t.undated.is_empty() {
        out.push_str("\n### No due date\n\n");
        for u in &t.undated {
            let rule = u
                .due_rule
                .as_ref()
                .map(|r| format!(" ({r})"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "- `{}` ({}): {}{rule}",
                u.question,
                cell(&u.owner),
                cell(&u.label)
            );
        }
    }
    if !t.notes.is_empty() {
        out.push('\n');
        for note in &t.notes {
            let _ = writeln!(out, "{}", cell(note));
        }
    }
    out
}
