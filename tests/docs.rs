//! The README, CONTRIBUTING.md and the book in `docs/` stay true:
//!
//! - every relative link points at a file that exists, and every `#anchor`
//!   at a heading of that file (slugs as GitHub and mdBook make them); a
//!   page of the book links only inside `docs/`, so the built book has it;
//! - every page under `docs/` is listed in `docs/SUMMARY.md`;
//! - the README shows the install, the two commands and a first assessment
//!   in its first 40 lines;
//! - the README's shell commands run: each `mera …` and `cargo run -- …`
//!   line of its `sh` blocks is run with the built binary, in order, in a
//!   scratch folder holding a copy of `examples/`, and must not exit 2 (bad
//!   input or usage) or panic; the lines that cannot run here are listed in
//!   [`README_SKIPPED`] with the reason;
//! - the commands in the book's `sh` blocks name real things: each `mera`
//!   subcommand and long flag is in that subcommand's `--help`, each
//!   `scripts/…` exists.

mod common;

use std::collections::{BTreeSet, HashMap};
use std::path::{Component, Path, PathBuf};
use std::process::Command;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

use common::{TODAY_EPOCH, root, scratch};

/// README lines that are not run, each with the reason. A README `sh` line
/// that is neither run nor listed here fails the test.
const README_SKIPPED: &[(&str, &str)] = &[
    (
        "cargo test",
        "runs this test suite: it would run this test again",
    ),
    (
        "cargo install --locked --path .",
        "installs into ~/.cargo/bin and builds a release binary: minutes, and outside the scratch folder",
    ),
    (
        "mera interview readiness.yaml",
        "needs a terminal (tests/interview_pty.rs drives it); the test answers the file instead, as the README's next paragraph says: the three required profile facts and one answer",
    ),
];

/// One Markdown file, as the checks need it.
struct Page {
    /// Relative to the repository root, with `/`.
    path: String,
    links: Vec<(String, usize)>,
    anchors: BTreeSet<String>,
    /// `sh` code blocks: each line with its line number in the file.
    sh_blocks: Vec<Vec<(String, usize)>>,
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset].bytes().filter(|&b| b == b'\n').count() + 1
}

/// The anchor GitHub and mdBook give a heading's text: lowercase, letters,
/// digits, `-` and `_` kept, whitespace to `-`, everything else dropped.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .chars()
        .filter_map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                Some(c.to_lowercase().next().unwrap_or(c))
            } else if c.is_whitespace() {
                Some('-')
            } else {
                None
            }
        })
        .collect()
}

fn parse(path: &str) -> Page {
    let text = std::fs::read_to_string(root().join(path)).expect("page reads");
    let mut page = Page {
        path: path.to_string(),
        links: Vec::new(),
        anchors: BTreeSet::new(),
        sh_blocks: Vec::new(),
    };
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut heading: Option<String> = None;
    let mut sh: Option<(String, usize)> = None;
    for (event, range) in Parser::new_ext(&text, Options::ENABLE_TABLES).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { .. }) => heading = Some(String::new()),
            Event::End(TagEnd::Heading(_)) => {
                let base = slug(&heading.take().unwrap_or_default());
                // A repeated heading gets -1, -2, … on both sites.
                let n = seen.entry(base.clone()).or_insert(0);
                let id = if *n == 0 {
                    base.clone()
                } else {
                    format!("{base}-{n}")
                };
                *n += 1;
                page.anchors.insert(id);
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(h) = heading.as_mut() {
                    h.push_str(&t);
                }
                if let Some((s, _)) = sh.as_mut() {
                    s.push_str(&t);
                }
            }
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                page.links
                    .push((dest_url.to_string(), line_of(&text, range.start)));
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang))) if &*lang == "sh" => {
                // The code starts on the line after the fence.
                sh = Some((String::new(), line_of(&text, range.start) + 1));
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((code, first)) = sh.take() {
                    page.sh_blocks.push(shell_lines(&code, first));
                }
            }
            _ => {}
        }
    }
    page
}

/// A block's commands: comments dropped, `\` continuations joined.
fn shell_lines(code: &str, first_line: usize) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = Vec::new();
    let mut pending: Option<(String, usize)> = None;
    for (i, raw) in code.lines().enumerate() {
        let line = strip_comment(raw);
        let (mut text, start) = pending.take().unwrap_or((String::new(), first_line + i));
        let trimmed = line.trim_end();
        if let Some(head) = trimmed.strip_suffix('\\') {
            text.push_str(head);
            text.push(' ');
            pending = Some((text, start));
            continue;
        }
        text.push_str(trimmed);
        let text = text.trim().to_string();
        if !text.is_empty() {
            out.push((text, start));
        }
    }
    out
}

/// The line without a `#` comment (a `#` at the start of a word, outside
/// quotes).
fn strip_comment(line: &str) -> &str {
    let mut quote: Option<char> = None;
    let mut prev = ' ';
    for (i, c) in line.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '\'' || c == '"' => quote = Some(c),
            None if c == '#' && prev.is_whitespace() => return &line[..i],
            None => {}
        }
        prev = c;
    }
    line
}

/// README.md, CONTRIBUTING.md and every page of the book (not its build
/// output), sorted.
fn pages() -> Vec<String> {
    let mut out = vec!["README.md".to_string(), "CONTRIBUTING.md".to_string()];
    out.extend(book_pages());
    out
}

fn book_pages() -> Vec<String> {
    fn walk(dir: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).expect("docs/ reads") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                if path != root().join("docs/book") {
                    walk(&path, out);
                }
            } else if path.extension().is_some_and(|e| e == "md") {
                let rel = path.strip_prefix(root()).expect("under the root");
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let mut out = Vec::new();
    walk(&root().join("docs"), &mut out);
    out.sort();
    out
}

/// `a/b/../c` → `a/c`, without touching the disk.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// The problem with one link, if any.
fn check_link(page: &Page, target: &str, all: &HashMap<String, Page>) -> Option<String> {
    if target.contains("://") || target.starts_with("mailto:") {
        return None;
    }
    let (file, anchor) = target.split_once('#').unwrap_or((target, ""));
    let dir = Path::new(&page.path).parent().unwrap_or(Path::new(""));
    let resolved = if file.is_empty() {
        PathBuf::from(&page.path)
    } else {
        normalize(&dir.join(file))
    };
    let rel = resolved.to_string_lossy().replace('\\', "/");
    if !root().join(&resolved).exists() {
        return Some(format!("`{target}`: no file `{rel}`"));
    }
    if page.path.starts_with("docs/") && !rel.starts_with("docs/") {
        return Some(format!(
            "`{target}`: the book has only `docs/`; link to the page on the repository's site, or move it"
        ));
    }
    if anchor.is_empty() {
        return None;
    }
    let Some(target_page) = all.get(&rel) else {
        return Some(format!(
            "`{target}`: an anchor into `{rel}`, which is not a checked page"
        ));
    };
    (!target_page.anchors.contains(anchor)).then(|| {
        format!(
            "`{target}`: no heading `#{anchor}` in `{rel}` (it has {})",
            target_page
                .anchors
                .iter()
                .map(|a| format!("#{a}"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    })
}

#[test]
fn every_relative_link_and_anchor_resolves() {
    let all: HashMap<String, Page> = pages()
        .into_iter()
        .map(|p| (p.clone(), parse(&p)))
        .collect();
    let mut problems = Vec::new();
    let mut checked = 0;
    for name in pages() {
        let page = &all[&name];
        for (target, line) in &page.links {
            checked += 1;
            if let Some(p) = check_link(page, target, &all) {
                problems.push(format!("{name}:{line}: {p}"));
            }
        }
    }
    assert!(
        checked > 40,
        "only {checked} links found: is the parser reading the pages?"
    );
    assert!(
        problems.is_empty(),
        "broken links:\n{}",
        problems.join("\n")
    );
}

#[test]
fn slugs_follow_github_and_mdbook() {
    assert_eq!(
        slug("Scoring, exactly as implemented"),
        "scoring-exactly-as-implemented"
    );
    assert_eq!(
        slug("Workshop mode: interview, diff, merge, timeline, plan"),
        "workshop-mode-interview-diff-merge-timeline-plan"
    );
    assert_eq!(slug("mera interview"), "mera-interview");
    assert_eq!(
        slug("Compare a branch's readiness file with main's in CI"),
        "compare-a-branchs-readiness-file-with-mains-in-ci"
    );
    assert_eq!(slug("Pre-commit"), "pre-commit");
    let page = parse("docs/workshop.md");
    assert!(
        page.anchors.contains("mera-interview"),
        "{:?}",
        page.anchors
    );
}

#[test]
fn a_broken_link_and_a_missing_anchor_are_found() {
    let all: HashMap<String, Page> = pages()
        .into_iter()
        .map(|p| (p.clone(), parse(&p)))
        .collect();
    let page = &all["docs/commands.md"];
    assert!(check_link(page, "scoring.md#scoring-exactly-as-implemented", &all).is_none());
    assert!(check_link(page, "scoring.md#no-such-rule", &all).is_some());
    assert!(check_link(page, "no-such-page.md", &all).is_some());
    assert!(
        check_link(page, "../CONTRIBUTING.md", &all).is_some(),
        "outside the book"
    );
    assert!(check_link(&all["README.md"], "CONTRIBUTING.md#development", &all).is_none());
}

#[test]
fn every_book_page_is_in_the_summary() {
    let summary = parse("docs/SUMMARY.md");
    let listed: BTreeSet<String> = summary
        .links
        .iter()
        .map(|(t, _)| format!("docs/{}", t.split('#').next().unwrap_or(t)))
        .collect();
    let missing: Vec<String> = book_pages()
        .into_iter()
        .filter(|p| p != "docs/SUMMARY.md" && !listed.contains(p))
        .collect();
    assert!(
        missing.is_empty(),
        "pages not in docs/SUMMARY.md: {missing:?}"
    );
}

#[test]
fn the_readme_shows_install_and_a_first_assessment_in_its_first_40_lines() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let top: String = readme.lines().take(40).collect::<Vec<_>>().join("\n");
    for needle in [
        "cargo run -- assess examples/frontier-lab.yaml",
        "cargo test",
        "cargo install --locked --path .",
        "mera init",
        "mera assess readiness.yaml",
        "mera check readiness.yaml",
    ] {
        assert!(
            top.contains(needle),
            "`{needle}` is not in the README's first 40 lines"
        );
    }
}

/// The README's answering step, done as its text says: the three required
/// profile facts filled in and one question answered.
fn answer_template(dir: &Path) {
    let path = dir.join("readiness.yaml");
    let template = std::fs::read_to_string(&path).expect("mera init wrote readiness.yaml");
    let fill = [
        (
            "develops_frontier_models:",
            "develops_frontier_models: false",
        ),
        ("deploys_ai_agents:", "deploys_ai_agents: true"),
        (
            "critical_infrastructure_operator:",
            "critical_infrastructure_operator: false",
        ),
        ("# agt.inventory:", "agt.inventory: yes"),
    ];
    let mut filled = 0;
    let text: Vec<String> = template
        .lines()
        .map(|line| {
            let indent = &line[..line.len() - line.trim_start().len()];
            match fill
                .iter()
                .find(|(key, _)| line.trim_start().starts_with(key))
            {
                Some((_, with)) => {
                    filled += 1;
                    format!("{indent}{with}")
                }
                None => line.to_string(),
            }
        })
        .collect();
    assert_eq!(filled, fill.len(), "the template changed: {template}");
    std::fs::write(&path, text.join("\n") + "\n").unwrap();
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// `mera` arguments of a README line, or `None` when it is not a mera
/// command. `cd DIR && …` changes `cwd` (for the rest of the block, as in a
/// shell).
fn mera_args(line: &str, cwd: &mut PathBuf) -> Option<Vec<String>> {
    let mut rest = line;
    if let Some(after) = rest.strip_prefix("cd ") {
        let (dir, next) = after.split_once("&&")?;
        cwd.push(dir.trim());
        rest = next.trim();
    }
    let words = shlex::split(rest)
        .unwrap_or_else(|| panic!("README: `{line}` does not split as a shell line"));
    for w in &words {
        assert!(
            !["|", ">", ">>", "<", ";", "&&"].contains(&w.as_str()),
            "README: `{line}` uses `{w}`; run it in this test or list it in README_SKIPPED"
        );
    }
    match words.first().map(String::as_str) {
        Some("mera") => Some(words[1..].to_vec()),
        Some("cargo") if words.get(1).map(String::as_str) == Some("run") => {
            let dashes = words.iter().position(|w| w == "--")?;
            Some(words[dashes + 1..].to_vec())
        }
        _ => None,
    }
}

#[test]
fn the_readmes_commands_run() {
    let readme = parse("README.md");
    let dir = scratch("docs-readme-commands");
    copy_dir(&root().join("examples"), &dir.join("examples"));
    let mut ran = Vec::new();
    for block in &readme.sh_blocks {
        let mut cwd = dir.clone();
        for (line, at) in block {
            if README_SKIPPED.iter().any(|(l, _)| l == line) {
                if line.starts_with("mera interview") {
                    answer_template(&cwd);
                }
                continue;
            }
            let args = mera_args(line, &mut cwd).unwrap_or_else(|| {
                panic!("README.md:{at}: `{line}` is neither a mera command nor listed in README_SKIPPED")
            });
            let out = Command::new(env!("CARGO_BIN_EXE_mera"))
                .args(&args)
                .current_dir(&cwd)
                .env_remove("CI")
                .env_remove("CLICOLOR_FORCE")
                .env("NO_COLOR", "1")
                .env("SOURCE_DATE_EPOCH", TODAY_EPOCH)
                .output()
                .expect("mera runs");
            let stderr = String::from_utf8_lossy(&out.stderr);
            let code = out.status.code();
            assert!(
                matches!(code, Some(0 | 1)),
                "README.md:{at}: `{line}` exited {code:?}:\n{stderr}"
            );
            ran.push(line.clone());
        }
    }
    // Every README line is either run or skipped with a reason; make sure
    // the ones that matter ran.
    for must in [
        "mera init",
        "mera assess readiness.yaml",
        "mera check readiness.yaml",
    ] {
        assert!(
            ran.iter().any(|l| l == must),
            "`{must}` did not run: {ran:?}"
        );
    }
    assert!(
        dir.join("board-pack.html").is_file(),
        "the README's --output wrote nothing"
    );
    for (skipped, _) in README_SKIPPED {
        assert!(
            readme.sh_blocks.iter().flatten().any(|(l, _)| l == skipped),
            "README_SKIPPED lists `{skipped}`, which the README no longer has"
        );
    }
}

/// Long flags a subcommand's `--help` lists.
fn help_of(sub: &str, cache: &mut HashMap<String, String>) -> String {
    cache
        .entry(sub.to_string())
        .or_insert_with(|| {
            let out = Command::new(env!("CARGO_BIN_EXE_mera"))
                .args([sub, "--help"])
                .output()
                .expect("mera runs");
            assert!(out.status.success(), "`mera {sub}` is not a subcommand");
            String::from_utf8_lossy(&out.stdout).into_owned()
        })
        .clone()
}

#[test]
fn the_books_commands_name_real_subcommands_flags_and_scripts() {
    let mut help = HashMap::new();
    let mut problems = Vec::new();
    let mut checked = 0;
    for name in pages() {
        let page = parse(&name);
        for (line, at) in page.sh_blocks.iter().flatten() {
            let words = shlex::split(line).unwrap_or_default();
            for command in words.split(|w| w == "|" || w == "&&") {
                match command.first().map(String::as_str) {
                    Some("mera") => {
                        checked += 1;
                        let sub = &command[1];
                        let text = help_of(sub, &mut help);
                        for flag in command.iter().filter(|w| w.starts_with("--")) {
                            let flag = flag.split('=').next().unwrap_or(flag);
                            if !text.contains(&format!("{flag} "))
                                && !text.contains(&format!("{flag}\n"))
                                && !text.contains(&format!("{flag}["))
                            {
                                problems.push(format!("{name}:{at}: `mera {sub}` has no `{flag}`"));
                            }
                        }
                    }
                    Some(script) if script.starts_with("scripts/") => {
                        checked += 1;
                        if !root().join(script).is_file() {
                            problems.push(format!("{name}:{at}: no `{script}`"));
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    assert!(checked > 10, "only {checked} commands found");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
