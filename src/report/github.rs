//! GitHub Actions workflow commands: one `::error`, `::warning` or
//! `::notice` line per gap, at the answer's file, line and column, so the
//! gaps show as annotations on the pull request. Critical and high gaps are
//! errors, medium warnings, low and waived gaps notices. The Markdown
//! report is what belongs in `$GITHUB_STEP_SUMMARY`.
//!
//! The command syntax is one line with two escaping rules (below); it is
//! written here rather than through a crate.

use std::fmt::Write as _;

use super::{Report, provisions_text, state_text};
use crate::content::questionnaire::Severity;

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
        for g in &a.gaps {
            let command = match (g.waived, g.severity) {
                (true, _) | (false, Severity::Low) => "notice",
                (false, Severity::Medium) => "warning",
                (false, Severity::Critical | Severity::High) => "error",
            };
            let title = format!("{} readiness gap: {}", g.severity.as_str(), g.question);
            let mut message = format!(
                "{} Answer: {}. Action: {} ({})",
                g.text.trim(),
                state_text(g),
                g.action.text.trim(),
                super::owner_text(g)
            );
            if let Some(due) = super::due_line(g, a.run_date) {
                let _ = write!(message, ", {due}");
            }
            let _ = write!(message, ". Provisions: {}.", provisions_text(g));
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
        let _ = writeln!(
            out,
            "::notice file={},title={}::{}",
            property(file),
            property("EO 14409 readiness"),
            data(&format!(
                "{}: {}",
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
