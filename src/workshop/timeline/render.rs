//! The timeline as a terminal table, Markdown or versioned JSON.

use std::fmt::Write as _;

use serde::Serialize;

use super::{Item, Timeline};
use crate::workshop::{Format, cell, text_table};

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

fn table(t: &Timeline, width: u16) -> String {
    let mut out = String::new();
    if t.privileged {
        let _ = writeln!(out, "{}\n", crate::report::PRIVILEGED);
    }
    let _ = writeln!(out, "{}\n", heading(t));
    let mut table = text_table(
        &[
            "Date",
            "Kind",
            "Question",
            "What",
            "Owner",
            "Provisions",
            "",
        ],
        width,
    );
    for i in &t.items {
        table.add_row(vec![
            i.date.to_string(),
            i.kind.as_str().to_string(),
            i.question.clone().unwrap_or_default(),
            i.label.clone(),
            i.owner.clone().unwrap_or_default(),
            i.provisions.join(", "),
            status(i).to_string(),
        ]);
    }
    let id_width = t
        .items
        .iter()
        .filter_map(|i| i.question.as_ref())
        .map(String::len)
        .max()
        .unwrap_or(8)
        + 2;
    if let Some(column) = table.column_mut(2) {
        column.set_constraint(comfy_table::ColumnConstraint::LowerBoundary(
            comfy_table::Width::Fixed(u16::try_from(id_width).unwrap_or(u16::MAX)),
        ));
    }
    let _ = writeln!(out, "{table}");
    if !t.undated.is_empty() {
        out.push_str("\nNo due date:\n");
        for u in &t.undated {
            let rule = u
                .due_rule
                .as_ref()
                .map(|r| format!(" ({r})"))
                .unwrap_or_default();
            let _ = writeln!(out, "  - {} ({}): {}{rule}", u.question, u.owner, u.label);
        }
    }
    out
}

fn markdown(t: &Timeline) -> String {
    let mut out = String::new();
    if t.privileged {
        let _ = writeln!(out, "> **{}**\n", crate::report::PRIVILEGED);
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
    out
}
