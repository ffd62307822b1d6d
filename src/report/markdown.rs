//! Markdown report, for handing over or pasting into a pull request.

use std::fmt::Write as _;

use super::{Report, context_lines, due_text, provisions_text, score_text, state_text};
use crate::assessment::Assessment;

pub fn render(reports: &[Report]) -> String {
    let mut out = String::new();
    for (i, r) in reports.iter().enumerate() {
        if i > 0 {
            out.push_str("\n---\n\n");
        }
        one(&mut out, r);
    }
    out
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

fn one(out: &mut String, r: &Report) {
    let a = r.assessment;
    if a.organization.privileged {
        let _ = writeln!(out, "> **{}**\n", super::PRIVILEGED);
    }
    let _ = writeln!(
        out,
        "# EO 14409 readiness: {}\n",
        cell(&a.organization.name)
    );
    if let Some(by) = &a.organization.assessed_by {
        let _ = writeln!(out, "- Assessed by: {}", cell(by));
    }
    let _ = writeln!(out, "- As of: {}", super::as_of_text(a));
    let _ = writeln!(out, "- Answers file: `{}`", a.file);
    let _ = writeln!(out, "- **Overall: {}**\n", super::summary_line(a));
    if let Some(v) = r.verdict {
        let verdict = if v.passed { "passed" } else { "failed" };
        let _ = writeln!(out, "**Gate {verdict}.**");
        for f in &v.failures {
            let _ = writeln!(out, "- {}", f.describe());
        }
        out.push('\n');
    }
    let _ = writeln!(out, "_{}_\n", super::VOLUNTARY_NOTE);
    areas(out, a);
    gaps(out, a);
    extras(out, a);
}

fn areas(out: &mut String, a: &Assessment) {
    out.push_str("## Areas\n\n| Area | Score | Answered | Gaps |\n|---|---:|---:|---:|\n");
    for area in &a.areas {
        let _ = writeln!(
            out,
            "| {} | {} | {}/{} | {} |",
            cell(&area.title),
            score_text(area.score),
            area.answered,
            area.applicable,
            area.gaps
        );
    }
    out.push('\n');
}

fn gaps(out: &mut String, a: &Assessment) {
    if a.gaps.is_empty() {
        out.push_str("## Gaps\n\nNo gaps.\n\n");
        return;
    }
    out.push_str("## Gaps and recommended actions\n\n");
    out.push_str(
        "| # | Severity | Question | Answer | Provisions (legal force) | Action | Owner | Due |\n",
    );
    out.push_str("|---:|---|---|---|---|---|---|---|\n");
    for (i, g) in a.gaps.iter().enumerate() {
        let _ = writeln!(
            out,
            "| {} | {} | `{}` {} | {} | {} | {} | {} | {} |",
            i + 1,
            g.severity.as_str(),
            g.question,
            cell(g.text.trim()),
            cell(&state_text(g)),
            cell(&provisions_text(g)),
            cell(g.action.text.trim()),
            cell(&g.action.owner),
            cell(&due_text(g)),
        );
    }
    out.push('\n');
    let notes: Vec<_> = a
        .gaps
        .iter()
        .filter_map(|g| g.note.as_ref().map(|n| (g, n)))
        .collect();
    if !notes.is_empty() {
        out.push_str("### Notes on the answers\n\n");
        for (g, n) in notes {
            let _ = writeln!(out, "- `{}`: {}", g.question, cell(n.trim()));
        }
        out.push('\n');
    }
}

fn extras(out: &mut String, a: &Assessment) {
    let dated = [
        super::pending_decisions_line(a),
        super::undated_line(a),
        super::inferred_line(a),
    ];
    for line in dated.iter().flatten() {
        let _ = writeln!(out, "{}\n", cell(line));
    }
    if !a.waivers.is_empty() {
        out.push_str("## Waivers\n\n");
        for w in &a.waivers {
            let status = cell(&super::waiver_text(w, "**expired**"));
            let _ = writeln!(
                out,
                "- `{}`: {status}. Reason: {}",
                w.question,
                cell(&w.reason)
            );
        }
        out.push('\n');
    }
    if !a.stale_evidence.is_empty() {
        let _ = writeln!(
            out,
            "## Stale evidence (older than {} days)\n",
            a.max_evidence_age_days
        );
        for s in &a.stale_evidence {
            let _ = writeln!(
                out,
                "- `{}` ({}): last reviewed {}, {} days before the assessment date",
                s.question,
                s.severity.as_str(),
                s.reviewed,
                s.age_days
            );
        }
        out.push('\n');
    }
    let context = context_lines(a);
    if !context.is_empty() {
        out.push_str("## Context\n\n");
        for line in context {
            let _ = writeln!(out, "- {line}");
        }
        out.push('\n');
    }
}
