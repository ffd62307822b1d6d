//! Markdown report, for handing over or pasting into a pull request. Text
//! from the answers file is escaped: raw HTML shows as text, and emphasis,
//! link and table characters are escaped.

use std::fmt::Write as _;

use super::{Report, context_lines, due_text, provisions_text, score_text, state_text};
use crate::assessment::Assessment;

/// What goes between two files' reports.
pub const SEPARATOR: &str = "\n---\n\n";

/// One file's report.
pub fn render_one(report: &Report) -> String {
    let mut out = String::new();
    one(&mut out, report);
    out
}

/// Text as inline Markdown that renders as itself: HTML special characters
/// become entities, Markdown punctuation is backslash-escaped, and line
/// breaks become spaces (so it is safe in a table cell or a list item).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            // Only where it could start an entity such as `&lt;`.
            '&' if chars
                .peek()
                .is_some_and(|n| n.is_ascii_alphanumeric() || *n == '#') =>
            {
                out.push_str("&amp;");
            }
            '\n' | '\r' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// A code span for an id or a path: backticks in it are replaced, since a
/// code span cannot escape them.
pub(crate) fn code(text: &str) -> String {
    format!("`{}`", text.replace('`', "'").replace(['\n', '\r'], " "))
}

fn one(out: &mut String, r: &Report) {
    let a = r.assessment;
    if let Some(legend) = super::legend(a) {
        let _ = writeln!(out, "> **{}**\n", escape(legend));
    }
    let _ = writeln!(
        out,
        "# EO 14409 readiness: {}\n",
        escape(&a.organization.name)
    );
    if let Some(by) = &a.organization.assessed_by {
        let _ = writeln!(out, "- Assessed by: {}", escape(by));
    }
    let _ = writeln!(out, "- As of: {}", super::as_of_text(a));
    let _ = writeln!(out, "- Answers file: {}", code(&a.file));
    let _ = writeln!(out, "- **Overall: {}**", super::summary_line(a));
    if let Some(line) = super::redaction_line(a) {
        let _ = writeln!(out, "- {}", escape(&line));
    }
    out.push('\n');
    if let Some(v) = r.verdict {
        let verdict = if v.passed { "passed" } else { "failed" };
        let _ = writeln!(out, "**Gate {verdict}.**");
        for f in &v.failures {
            let place = f
                .pos()
                .map(|p| format!("{} ", code(&format!("{}:{p}", a.file))))
                .unwrap_or_default();
            let _ = writeln!(out, "- {place}{}", f.describe());
        }
        out.push('\n');
    }
    let _ = writeln!(out, "_{}_\n", super::VOLUNTARY_NOTE);
    areas(out, a);
    gaps(out, a);
    passed(out, a);
    evidence(out, a);
    extras(out, a);
}

fn areas(out: &mut String, a: &Assessment) {
    out.push_str(
        "## Areas\n\n| Area | Score | Answered | In place | Gaps |\n|---|---:|---:|---:|---:|\n",
    );
    for area in &a.areas {
        let _ = writeln!(
            out,
            "| {} | {} | {}/{} | {} | {} |",
            escape(&area.title),
            score_text(area.score),
            area.answered,
            area.applicable,
            area.passed(),
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
            "| {} | {} | {} {} | {} | {} | {} | {} | {} |",
            i + 1,
            g.severity.as_str(),
            code(&g.question),
            escape(g.text.trim()),
            escape(&match super::expired_waiver(a, g) {
                Some(w) => format!("{}; waiver expired after {}", state_text(g), w.expires),
                None => state_text(g),
            }),
            escape(&provisions_text(g)),
            escape(g.action.text.trim()),
            escape(&super::owner_text(g)),
            escape(&due_text(g)),
        );
    }
    out.push('\n');
    let notes: Vec<_> = a
        .gaps
        .iter()
        .filter_map(|g| super::note_text(&g.record).map(|n| (g, n)))
        .collect();
    if !notes.is_empty() {
        out.push_str("### Notes on the answers\n\n");
        for (g, n) in notes {
            let _ = writeln!(out, "- {}: {}", code(&g.question), escape(&n));
        }
        out.push('\n');
    }
}

fn passed(out: &mut String, a: &Assessment) {
    if a.passed.is_empty() {
        return;
    }
    let _ = writeln!(out, "## In place ({})\n", a.passed.len());
    for area in a.areas.iter().filter(|x| x.passed() > 0) {
        let _ = writeln!(out, "### {}\n", escape(&area.title));
        for p in a.passed.iter().filter(|p| p.area == area.id) {
            let mut line = format!(
                "- {} ({}): {}",
                code(&p.question),
                p.severity.as_str(),
                escape(&p.answer)
            );
            if let Some(record) = super::record_text(&p.record) {
                let _ = write!(line, "; {}", escape(&record));
            }
            if let Some(note) = super::note_text(&p.record) {
                let _ = write!(line, ". Note: {}", escape(&note));
            }
            let _ = writeln!(out, "{line}");
        }
        out.push('\n');
    }
}

fn evidence(out: &mut String, a: &Assessment) {
    let rows = a.evidence_register();
    if rows.is_empty() {
        return;
    }
    out.push_str(
        "## Evidence register\n\n| Question | Evidence | Owner | Reviewed |\n|---|---|---|---|\n",
    );
    for (question, _, record) in rows {
        let reviewed = match record.reviewed {
            Some(d) if a.is_stale(question) => format!("{d} **stale**"),
            Some(d) => d.to_string(),
            None => "not recorded".to_string(),
        };
        let listed = record
            .evidence
            .iter()
            .map(|e| code(e))
            .collect::<Vec<_>>()
            .join(", ");
        let evidence = match (&record.evidence_held_by, record.evidence_withheld) {
            (Some(holder), true) => format!("held by {} (withheld)", escape(holder)),
            (Some(holder), false) if listed.is_empty() => format!("held by {}", escape(holder)),
            (Some(holder), false) => format!("{listed} (held by {})", escape(holder)),
            (None, _) if listed.is_empty() => "none on file".to_string(),
            (None, _) => listed,
        };
        let _ = writeln!(
            out,
            "| {} | {evidence} | {} | {reviewed} |",
            code(question),
            escape(record.owner.as_deref().unwrap_or("not named"))
        );
    }
    out.push('\n');
}

fn extras(out: &mut String, a: &Assessment) {
    for c in &a.conflicts {
        let _ = writeln!(
            out,
            "- **Open conflict** {}: {}\n",
            code(&c.question),
            escape(&c.sides_text())
        );
    }
    let dated = [
        super::pending_decisions_line(a),
        super::undated_line(a),
        super::inferred_line(a),
        super::content_changes_line(a),
    ];
    for line in dated.iter().flatten() {
        let _ = writeln!(out, "{}\n", escape(line));
    }
    for line in super::short_of_time_lines(a)
        .iter()
        .chain(&super::unstated_fact_lines(a))
    {
        let _ = writeln!(out, "{}\n", escape(line));
    }
    let scheduled: Vec<(&crate::assessment::Gap, String)> = a
        .gaps
        .iter()
        .filter_map(|g| super::schedule_text(g).map(|t| (g, t)))
        .collect();
    if !scheduled.is_empty() {
        out.push_str("### Due dates brought forward by the schedule\n\n");
        for (g, t) in scheduled {
            let _ = writeln!(out, "- {}: {}", code(&g.question), escape(&t));
        }
        out.push('\n');
    }
    let review = super::review_lines(a);
    if !review.is_empty() {
        out.push_str("## Answers to review\n\n");
        for line in review {
            let _ = writeln!(out, "- {}", escape(&line));
        }
        let _ = writeln!(out, "\n{}\n", escape(super::REVIEW_NOTE));
    }
    if !a.waivers.is_empty() {
        out.push_str("## Waivers\n\n");
        for w in &a.waivers {
            let status = escape(&super::waiver_text(w, "expired"));
            let _ = writeln!(
                out,
                "- {}: {status}. Reason: {}",
                code(&w.question),
                escape(&w.reason)
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
                "- {} ({}): last reviewed {}, {} days before the assessment date",
                code(&s.question),
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
            let _ = writeln!(out, "- {}", escape(&line));
        }
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_and_emphasis_in_user_text_render_as_text() {
        assert_eq!(
            escape("<img src=x onerror=alert(1)>"),
            "&lt;img src=x onerror=alert(1)&gt;"
        );
        assert_eq!(
            escape("*bold* _it_ [x](javascript:y)"),
            "\\*bold\\* \\_it\\_ \\[x\\](javascript:y)"
        );
        assert_eq!(escape("a | b\nc"), "a \\| b c");
        assert_eq!(code("a`b"), "`a'b`");
        assert_eq!(escape("A & B &lt;x&gt;"), "A & B &amp;lt;x&amp;gt;");
    }
}
