//! Rules the source keeps, checked by reading it.
//!
//! - The library is built in floors: `text` and `input` at the bottom, then
//!   `content`, then `assessment`, then the renderers and the workshop. A
//!   module may import from its own floor and the floors below, never from
//!   above, so that arrows run one way.
//! - Every problem mera reports says how to fix it: each `Diagnostic` built
//!   in the code gets its help where it is built.

use std::path::{Path, PathBuf};

/// Each floor, the modules it is made of, and the modules above it.
const FLOORS: [(&str, &[&str], &[&str]); 4] = [
    (
        "text",
        &["text.rs"],
        &["input", "content", "assessment", "report", "workshop"],
    ),
    (
        "input",
        &["input"],
        &["content", "assessment", "report", "workshop"],
    ),
    (
        "content",
        &["content"],
        &["assessment", "report", "workshop"],
    ),
    ("assessment", &["assessment"], &["report", "workshop"]),
];

fn rust_files(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for e in entries {
            rust_files(&e, out);
        }
    } else if path.extension().is_some_and(|e| e == "rs") {
        out.push(path.to_path_buf());
    }
}

/// `crate::NAME` paths in code (comments left out), with their line numbers.
fn crate_paths(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or_default();
        for (at, _) in code.match_indices("crate::") {
            let name: String = code[at + "crate::".len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            found.push((i + 1, name));
        }
    }
    found
}

/// Imports from above that came in with other changes, to move down in a
/// change of their own (file, the module it imports): the answers' content
/// stamp is written by `mera init`'s template (content) and formats its
/// version with the workshop's YAML text helper (assessment).
const KNOWN_UPWARD: [(&str, &str); 2] = [
    ("content/template.rs", "assessment"),
    ("assessment/stamp.rs", "workshop"),
];

#[test]
fn lower_floors_never_import_from_higher_ones() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut wrong = Vec::new();
    let mut checked = 0;
    for (floor, parts, above) in FLOORS {
        let mut files = Vec::new();
        for part in parts {
            rust_files(&src.join(part), &mut files);
        }
        assert!(!files.is_empty(), "no source files for the {floor} floor");
        for file in files {
            checked += 1;
            let text = std::fs::read_to_string(&file).unwrap();
            let rel = file
                .strip_prefix(&src)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            for (line, name) in crate_paths(&text) {
                if KNOWN_UPWARD.contains(&(rel.as_str(), name.as_str())) {
                    continue;
                }
                if above.contains(&name.as_str()) {
                    wrong.push(format!(
                        "{}:{line}: the {floor} floor imports `crate::{name}`",
                        file.strip_prefix(&src).unwrap().display()
                    ));
                }
            }
        }
    }
    assert!(checked > 20, "only {checked} files checked");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_check_sees_an_import_from_above() {
    let found = crate_paths("use crate::report::text::wrap; // crate::workshop\n");
    assert_eq!(found, [(1, "report".to_string())]);
}

/// Files whose diagnostics get their help elsewhere, or not yet: the
/// constructors themselves (`input/diagnostic.rs`), and the
/// questionnaire-set checks (`content/set.rs`), another change's at the
/// time this rule came in; take that off the list once they all carry help.
const HELP_EXEMPT: [&str; 2] = ["input/diagnostic.rs", "content/set.rs"];

/// The text of the balanced `( … )` starting at `open`, and what follows.
fn balanced(text: &str, open: usize) -> Option<(&str, &str)> {
    let mut depth = 0;
    for (i, c) in text[open..].char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    let end = open + i + 1;
                    return Some((&text[open..end], &text[end..]));
                }
            }
            _ => {}
        }
    }
    None
}

/// `Diagnostic::error(…)` and `Diagnostic::warning(…)` in `text` (code
/// before any `#[cfg(test)]`) not followed by `.with_help(`, by line.
fn without_help(text: &str) -> Vec<usize> {
    let code = text.split("#[cfg(test)]").next().unwrap_or_default();
    let mut lines = Vec::new();
    for call in ["Diagnostic::error(", "Diagnostic::warning("] {
        for (at, _) in code.match_indices(call) {
            let open = at + call.len() - 1;
            let Some((_, after)) = balanced(code, open) else {
                continue;
            };
            let next: String = after
                .chars()
                .filter(|c| !c.is_whitespace())
                .take(11)
                .collect();
            if next != ".with_help(" {
                lines.push(code[..at].lines().count());
            }
        }
    }
    lines
}

#[test]
fn every_diagnostic_is_built_with_its_fix() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut missing = Vec::new();
    for file in files {
        let rel = file
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if HELP_EXEMPT.contains(&rel.as_str()) {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        for line in without_help(&text) {
            missing.push(format!(
                "src/{rel}:{line}: a diagnostic without `.with_help(…)`"
            ));
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn the_help_check_sees_a_diagnostic_without_help() {
    let text = "fn f() { v.push(Diagnostic::error(c, f, None, format!(\"x {}\", y))); }\nfn g() { Diagnostic::warning(c, f, None, \"m\")\n    .with_help(\"h\") }\n";
    assert_eq!(without_help(text), [1]);
}
