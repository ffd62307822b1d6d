//! The diff as a terminal table, Markdown (for a pull-request comment) or
//! versioned JSON.

use std::fmt::Write as _;

use serde::Serialize;

use super::{Diff, GapChange, GapSide, WaiverChangeKind};
use crate::content::questionnaire::Severity;
use crate::report::score_text;
use crate::text::wrap_hanging;
use crate::workshop::{Format, cell, signed, text_table};

/// The regression check `--fail-on-regression` ran, if it did.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RegressionCheck {
    pub fail_on: Severity,
    pub failed: bool,
    pub reasons: Vec<String>,
}

#[derive(Serialize)]
struct Body<'a> {
    diff: &'a Diff,
    #[serde(skip_serializing_if = "Option::is_none")]
    regression: Option<&'a RegressionCheck>,
}

pub fn render(format: Format, diff: &Diff, check: Option<&RegressionCheck>, width: u16) -> String {
    match format {
        Format::Json => crate::workshop::json(&Body {
            diff,
            regression: check,
        }),
        Format::Table => table(diff, check, width),
        Format::Markdown => markdown(diff, check),
    }
}

fn headline(side: &super::Side) -> String {
    format!(
        "{}, as of {}: {}, {}",
        side.file,
        side.as_of,
        score_text(side.score),
        side.readiness.as_str()
    )
}

/// A line for a diff of two organizations' files, which compares answers
/// that were never meant to match; `name` escapes the names for the format.
fn two_organizations(d: &Diff, name: impl Fn(&str) -> String) -> Option<String> {
    (d.old.organization != d.new.organization).then(|| {
        format!(
            "Note: the files are of two organizations ({} and {}); the changes below are differences between them, not progress.",
            name(&d.old.organization),
            name(&d.new.organization)
        )
    })
}

fn change_text(change: Option<f64>) -> String {
    change.map_or_else(String::new, signed)
}

fn gap_state(side: Option<&GapSide>) -> String {
    match side {
        None => "closed".into(),
        Some(s) => {
            let word = match (&s.answer, s.state) {
                (_, crate::content::questionnaire::GapState::Unanswered) => "unanswered".into(),
                (Some(a), crate::content::questionnaire::GapState::NoEvidence) => {
                    format!("{a}, no evidence")
                }
                (Some(a), _) => a.clone(),
                (None, st) => st.as_str().to_string(),
            };
            if s.waived {
                format!("{word} (waived)")
            } else {
                word
            }
        }
    }
}

fn gap_line(g: &GapChange) -> String {
    let from = g.old.as_ref().map(|s| gap_state(Some(s)));
    let to = g.new.as_ref().map(|s| gap_state(Some(s)));
    let what = match (from, to) {
        (Some(f), Some(t)) => format!("{f} → {t}"),
        (Some(f), None) => format!("was {f}"),
        (None, Some(t)) => t,
        (None, None) => String::new(),
    };
    format!("{} `{}`: {what}", g.severity.as_str(), g.question)
}

/// "wait (decide by 2026-12-11)", "yes", or "(none)".
fn answer_text(word: Option<&String>, decide_by: Option<chrono::NaiveDate>) -> String {
    match (word, decide_by) {
        (None, _) => "(none)".to_string(),
        (Some(w), Some(d)) => format!("{w} (decide by {d})"),
        (Some(w), None) => w.clone(),
    }
}

/// Every section but the areas, as lists: (heading, lines).
fn sections(d: &Diff) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    for (name, gaps) in [
        ("Gaps closed", &d.gaps_closed),
        (
            "Gaps dropped: the questions no longer apply",
            &d.gaps_no_longer_apply,
        ),
        ("Gaps opened", &d.gaps_opened),
        ("Gaps changed", &d.gaps_changed),
    ] {
        if !gaps.is_empty() {
            out.push((
                format!("{name} ({})", gaps.len()),
                gaps.iter().map(gap_line).collect(),
            ));
        }
    }
    if !d.answers_changed.is_empty() {
        let lines = d
            .answers_changed
            .iter()
            .map(|a| {
                format!(
                    "`{}`: {} → {}",
                    a.question,
                    answer_text(a.old.as_ref(), a.old_decide_by),
                    answer_text(a.new.as_ref(), a.new_decide_by)
                )
            })
            .collect();
        out.push((
            format!("Answers changed ({})", d.answers_changed.len()),
            lines,
        ));
    }
    if !d.evidence_went_stale.is_empty() {
        let lines = d
            .evidence_went_stale
            .iter()
            .map(|s| {
                format!(
                    "`{}` ({}): last reviewed {}, {} days before the assessment date",
                    s.question,
                    s.severity.as_str(),
                    s.reviewed,
                    s.age_days
                )
            })
            .collect();
        out.push((
            format!("Evidence that went stale ({})", d.evidence_went_stale.len()),
            lines,
        ));
    }
    if !d.waivers.is_empty() {
        let lines = d
            .waivers
            .iter()
            .map(|w| {
                let what = match w.change {
                    WaiverChangeKind::Added => "added",
                    WaiverChangeKind::Removed => "removed",
                    WaiverChangeKind::Expired => "expired",
                };
                format!("`{}`: {what} (expires {})", w.question, w.expires)
            })
            .collect();
        out.push((format!("Waivers ({})", d.waivers.len()), lines));
    }
    out
}

fn verdict(check: &RegressionCheck) -> String {
    let result = if check.failed { "FAILED" } else { "passed" };
    format!(
        "Regression check (score drop, or a new gap at {} or above): {result}",
        check.fail_on.as_str()
    )
}

/// The terminal layout: the two files and the change, the areas as a small
/// table (four columns that fit in 80), then each section as a list whose
/// items wrap on word boundaries under a hanging indent.
fn table(d: &Diff, check: Option<&RegressionCheck>, width: u16) -> String {
    let cols = usize::from(width);
    let mut out = String::new();
    let line = |out: &mut String, text: &str, first: &str, rest: &str| {
        out.push_str(&wrap_hanging(text, cols, first, rest));
    };
    if let Some(legend) = &d.legend {
        line(&mut out, legend, "", "");
    }
    line(
        &mut out,
        &format!("Readiness diff: {}", d.new.organization),
        "",
        "  ",
    );
    line(&mut out, &headline(&d.old), "Old: ", "  ");
    line(&mut out, &headline(&d.new), "New: ", "  ");
    if let Some(note) = two_organizations(d, str::to_string) {
        line(&mut out, &note, "", "  ");
    }
    let _ = writeln!(
        out,
        "Change: {}\n",
        change_text(d.score_change).if_empty("not applicable")
    );
    let mut t = text_table(&["Area", "Old", "New", "Change"], width);
    for a in &d.areas {
        t.add_row(vec![
            a.title.clone(),
            score_text(a.old_score),
            score_text(a.new_score),
            change_text(a.change),
        ]);
    }
    for i in 1..4 {
        if let Some(c) = t.column_mut(i) {
            c.set_cell_alignment(comfy_table::CellAlignment::Right);
        }
    }
    let _ = writeln!(out, "{t}\n");
    let sections = sections(d);
    if sections.is_empty() {
        out.push_str("No gaps, answers, evidence or waivers changed.\n\n");
    }
    // The lists are written for Markdown; a terminal shows ids plain.
    for (heading, lines) in sections {
        let _ = writeln!(out, "{heading}:");
        for l in lines {
            line(&mut out, &plain(&l), "  - ", "    ");
        }
        out.push('\n');
    }
    if let Some(c) = check {
        line(&mut out, &verdict(c), "", "  ");
        for r in &c.reasons {
            line(&mut out, &plain(r), "  - ", "    ");
        }
    }
    out
}

/// Markdown's code marks taken out, for the terminal.
fn plain(text: &str) -> String {
    text.replace('`', "")
}

fn markdown(d: &Diff, check: Option<&RegressionCheck>) -> String {
    let mut out = String::new();
    if let Some(legend) = &d.legend {
        let _ = writeln!(out, "> **{}**\n", cell(legend));
    }
    let _ = writeln!(out, "## Readiness diff: {}\n", cell(&d.new.organization));
    let _ = writeln!(
        out,
        "| | File | As of | Score | Level |\n|---|---|---|---:|---|"
    );
    for (label, s) in [("Old", &d.old), ("New", &d.new)] {
        let _ = writeln!(
            out,
            "| {label} | `{}` | {} | {} | {} |",
            s.file,
            s.as_of,
            score_text(s.score),
            s.readiness.as_str()
        );
    }
    if let Some(note) = two_organizations(d, cell) {
        let _ = writeln!(out, "\n{note}");
    }
    let _ = writeln!(
        out,
        "\n**Change: {}**\n",
        change_text(d.score_change).if_empty("not applicable")
    );
    if let Some(c) = check {
        let _ = writeln!(out, "**{}**\n", verdict(c));
        for r in &c.reasons {
            let _ = writeln!(out, "- {r}");
        }
        if !c.reasons.is_empty() {
            out.push('\n');
        }
    }
    out.push_str("| Area | Old | New | Change |\n|---|---:|---:|---:|\n");
    for a in &d.areas {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            cell(&a.title),
            score_text(a.old_score),
            score_text(a.new_score),
            change_text(a.change)
        );
    }
    out.push('\n');
    let sections = sections(d);
    if sections.is_empty() {
        out.push_str("No gaps, answers, evidence or waivers changed.\n");
    }
    for (heading, lines) in sections {
        let _ = writeln!(out, "### {heading}\n");
        for l in lines {
            let _ = writeln!(out, "- {}", cell(&l));
        }
        out.push('\n');
    }
    out
}

trait IfEmpty {
    fn if_empty(self, other: &str) -> String;
}

impl IfEmpty for String {
    fn if_empty(self, other: &str) -> String {
        if self.is_empty() {
            other.to_string()
        } else {
            self
        }
    }
}
