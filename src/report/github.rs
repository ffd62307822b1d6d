//! GitHub Actions workflow commands: one `::error`, `::warning` or
//! `::notice` line per gap, at the answer's file, line and column, so the
//! gaps show as annotations on the pull request. When a gate ran, its
//! failures are the errors: a gap at or above `fail_on`, and one `::error`
//! for each other failure (the score against the threshold, each expired
//! waiver and stale evidence at its line, unanswered questions at
//! `answers:`); a gap below `fail_on` is a warning (a notice when low). With
//! no gate, critical and high gaps are errors, medium warnings, low
//! notices. Waived gaps are notices. A last notice gives the summary and
//! the verdict. The Markdown report is what belongs in
//! `$GITHUB_STEP_SUMMARY`.
//!
//! The command syntax is one line with two escaping rules (below); it is
//! written here rather than through a crate.

use std::fmt::Write as _;

use super::{Loudness, Report, Standing, provisions_text, state_text};

/// Escape a command's message: `%`, CR and LF.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a property value: as a message, plus `:` and `,`.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(reports: &[Report]) -> String {
    let mut out = String::new();
    for r in reports {
        let a = r.assessment;
        let file = r.repo_path.as_deref().unwrap_or(&a.file);
        // Every annotation of a privileged file carries its legend: the pull
        // request shows each one on its own, away from the log.
        let marking = a
            .organization
            .legend()
            .map(|l| format!("[{l}] "))
            .unwrap_or_default();
        for g in &a.gaps {
            let standing = Standing::of(r, g);
            let command = match super::loudness(standing, g.severity) {
                Loudness::Error => "error",
                Loudness::Warning => "warning",
                Loudness::Note => "notice",
            };
            let title = match standing {
                Standing::Fails => format!(
                    "{} readiness gap fails the gate: {}",
                    g.severity.as_str(),
                    g.question
                ),
                Standing::Below => format!(
                    "{} readiness gap (not failing the gate): {}",
                    g.severity.as_str(),
                    g.question
                ),
                _ => format!("{} readiness gap: {}", g.severity.as_str(), g.question),
            };
            let mut message = format!(
                "{}{} Answer: {}. Action: {} ({})",
                marking,
                g.text.trim(),
                state_text(g),
                g.action.text.trim(),
                super::owner_text(g)
            );
            if let Some(due) = super::due_line(g, a.run_date) {
                let _ = write!(message, ", {due}");
            }
            let _ = write!(message, ". Provisions: {}.", provisions_text(g));
            if let Some(record) = super::respondent_text(&g.record) {
                let _ = write!(message, " {record}");
            }
            let _ = writeln!(
                out,
                "::{command} file={},line={},col={},title={}::{}",
                property(file),
                g.pos.line.max(1),
                g.pos.col.max(1),
                property(&title),
                data(&message)
            );
        }
        if let Some(v) = r.verdict {
            for f in v.other_failures() {
                let place = f.pos().map_or_else(
                    || ",line=1".to_string(),
                    |p| format!(",line={},col={}", p.line.max(1), p.col.max(1)),
                );
                let _ = writeln!(
                    out,
                    "::error file={}{place},title={}::{}",
                    property(file),
                    property(&format!("mera gate: {}", f.title())),
                    data(&format!("{marking}{}.", f.describe()))
                );
            }
        }
        let verdict = r
            .verdict
            .map(|v| format!("; {}", v.summary()))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "::notice file={},title={}::{}",
            property(file),
            property("EO 14409 readiness"),
            data(&format!(
                "{marking}{}: {}{verdict}",
                a.organization.name,
                super::summary_line(a)
            ))
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_and_properties_are_escaped() {
        assert_eq!(data("50% done\nnext"), "50%25 done%0Anext");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
    }
}
