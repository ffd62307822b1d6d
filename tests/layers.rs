//! The library is built in floors: `text` and `input` at the bottom, then
//! `content`, then `assessment`, then the renderers and the workshop. A
//! module may import from its own floor and the floors below, never from
//! above, so that arrows run one way. This test reads every source file of
//! the lower floors and fails on an import from a higher one.

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
            for (line, name) in crate_paths(&text) {
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
