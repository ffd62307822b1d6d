//! When the content changes: stamps, the warning, `mera changes` and
//! `mera upgrade`, end to end on the examples as they were under content
//! 2026.11.1 (`tests/fixtures/content-2026.11.1/`, copied from the
//! project's git history), YAML and TOML.

mod common;

use std::path::{Path, PathBuf};

use common::{mera_in, root, run, scratch};
use mera::assessment::answers;
use mera::assessment::stamp::Stamp;
use mera::content::set::QuestionnaireSet;
use mera::input::source::Source;

const OLD: &str = "tests/fixtures/content-2026.11.1";

/// Every 2026.11.1 example, YAML and TOML.
fn old_examples() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join(OLD))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "toml"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 6, "{files:?}");
    files
}

/// Text with its line breaks and runs of spaces as single spaces, to find
/// a sentence however the terminal width wrapped it.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn current() -> String {
    Stamp::current(&QuestionnaireSet::builtin()).describe()
}

/// A copy of `file` in a fresh scratch folder, and its path there.
fn copy(test: &str, file: &Path) -> (PathBuf, PathBuf) {
    let dir = scratch(test);
    let to = dir.join(file.file_name().unwrap());
    std::fs::copy(file, &to).unwrap();
    (dir, to)
}

fn out(cmd: &mut std::process::Command) -> (i32, String, String) {
    let o = cmd.output().expect("mera runs");
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8(o.stdout).unwrap(),
        String::from_utf8(o.stderr).unwrap(),
    )
}

fn load_lenient(path: &Path) -> (answers::Answers, Vec<mera::input::diagnostic::Diagnostic>) {
    let text = std::fs::read_to_string(path).unwrap();
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    answers::load_lenient(&Source::new(name, text), &QuestionnaireSet::builtin()).unwrap()
}

#[test]
fn init_writes_the_current_content_version_on_a_non_comment_line() {
    let dir = scratch("upgrade-init");
    for name in ["r.yaml", "r.toml"] {
        let (code, _, stderr) = out(&mut mera_in(&dir, &["init", name]));
        assert_eq!(code, 0, "{stderr}");
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        let line = text
            .lines()
            .find(|l| l.starts_with("content"))
            .unwrap_or_else(|| panic!("no stamp line in {name}:\n{text}"));
        assert!(!line.trim_start().starts_with('#'));
        let parsed = mera::input::parse(&Source::new(name, text.clone())).unwrap();
        let stamp = parsed.root.get("content").and_then(|n| n.scalar_text());
        assert_eq!(stamp.as_deref(), Some(current().as_str()), "{name}");
    }
}

#[test]
fn an_old_file_is_told_what_changed_and_to_run_upgrade() {
    for file in old_examples() {
        let path = file.to_string_lossy().to_string();
        for command in ["assess", "validate"] {
            let (_, _, stderr) = run(&[command, &path]);
            assert!(
                stderr.contains("warning[content-changed]"),
                "{command} {path}\n{stderr}"
            );
            assert!(
                stderr.contains("given against content 2026.11.1"),
                "{stderr}"
            );
            assert!(
                stderr.contains(&format!("run `mera upgrade {path}`")),
                "{command} {path}\n{stderr}"
            );
            assert_eq!(
                stderr.matches("content-changed").count(),
                1,
                "once: {stderr}"
            );
        }
    }
    // The first frontier-lab file fails on a rule newer than it (`wait`
    // needs a date since 2026.12.1), and the error says so.
    let (code, _, stderr) = run(&["assess", &format!("{OLD}/frontier-lab-first.yaml")]);
    assert_eq!(code, 2);
    assert!(stderr.contains("needs a `decide_by` date"), "{stderr}");
    assert!(
        stderr.contains(
            "this rule is newer than the answer: `cme.engagement-decision` was revised in 2026.12.1"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("`mera upgrade tests/fixtures/content-2026.11.1/frontier-lab-first.yaml` brings the file up to date"), "{stderr}");
    // `check` fails for the unanswered new questions, and says why first.
    let (code, stdout, stderr) = run(&["check", &format!("{OLD}/agent-retailer.yaml")]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stderr.contains("mera upgrade"), "{stderr}");
}

#[test]
fn changes_since_the_first_version_lists_new_and_revised_questions() {
    let (code, stdout, stderr) = run(&["changes", "--since", "2026.11.1", "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let doc: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let versions = doc["changes"]["versions"].as_array().unwrap();
    let ids = |kind: &str| -> Vec<String> {
        versions
            .iter()
            .flat_map(|v| v[kind].as_array().unwrap().iter())
            .map(|x| x["question"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(ids("new").contains(&"cme.access-decision".into()));
    assert!(ids("revised").contains(&"cme.engagement-decision".into()));
    assert!(ids("replaced").contains(&"gov.insurance-and-disclosure".into()));
    for format in ["table", "markdown"] {
        let (code, stdout, _) = run(&["changes", "--since", "2026.11.1", "--format", format]);
        assert_eq!(code, 0);
        insta::assert_snapshot!(format!("changes_since_2026_11_1_{format}"), stdout);
    }
    // For a file: since its stamp (none: 2026.11.1), what may apply to it.
    let (code, stdout, _) = run(&["changes", &format!("{OLD}/frontier-lab-first.yaml")]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains("cme.engagement-decision (answered: wait)"),
        "{stdout}"
    );
    insta::assert_snapshot!("changes_for_the_first_frontier_lab", stdout);
    // A file the agent-only retailer: no frontier questions.
    let (_, stdout, _) = run(&[
        "changes",
        &format!("{OLD}/agent-retailer.yaml"),
        "--format",
        "json",
    ]);
    assert!(!stdout.contains("cme.access-decision"), "{stdout}");
    // Nothing after the newest version.
    let (_, stdout, _) = run(&["changes", "--since", &current()]);
    assert!(stdout.contains("Nothing changed."), "{stdout}");
    let (code, _, stderr) = run(&["changes", "--since", "next"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--since 2026.11.1"), "{stderr}");
}

#[test]
fn a_dry_run_prints_a_unified_diff_and_leaves_the_file_byte_identical() {
    for file in old_examples() {
        let (dir, copy) = copy("upgrade-dry-run", &file);
        let before = std::fs::read(&copy).unwrap();
        let name = copy.file_name().unwrap().to_str().unwrap();
        let (code, stdout, stderr) = out(&mut mera_in(&dir, &["upgrade", name, "--dry-run"]));
        assert_eq!(code, 0, "{stderr}");
        assert_eq!(std::fs::read(&copy).unwrap(), before, "{name} changed");
        assert!(
            stdout.starts_with(&format!("--- {name}\n+++ {name} (upgraded)\n@@ ")),
            "{stdout}"
        );
        assert!(
            stdout.lines().any(|l| l.starts_with("+content")),
            "{stdout}"
        );
        assert!(stderr.starts_with("Dry run: nothing written."), "{stderr}");
        // Nothing else was left in the folder (no temporary file).
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
    }
    let (_, stdout, stderr) = run(&[
        "upgrade",
        &format!("{OLD}/frontier-lab-first.yaml"),
        "--dry-run",
    ]);
    insta::assert_snapshot!("upgrade_dry_run_first_frontier_lab_diff", stdout);
    insta::assert_snapshot!("upgrade_dry_run_first_frontier_lab_report", stderr);
}

/// The new questions `mera changes FILE` lists for a file.
fn new_for(file: &Path) -> Vec<String> {
    let (_, stdout, _) = run(&["changes", &file.to_string_lossy(), "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    doc["changes"]["versions"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|v| v["new"].as_array().unwrap().iter())
        .map(|n| n["question"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn an_upgrade_keeps_every_comment_adds_the_new_questions_and_runs_once() {
    for file in old_examples() {
        let (dir, copy) = copy("upgrade-run", &file);
        let name = copy.file_name().unwrap().to_str().unwrap().to_string();
        let toml = name.ends_with(".toml");
        let before = std::fs::read_to_string(&copy).unwrap();
        let (code, stdout, stderr) = out(&mut mera_in(&dir, &["upgrade", &name]));
        assert_eq!(code, 0, "{name}: {stderr}");
        assert!(
            flat(&stdout).starts_with(&format!(
                "Upgraded {name} from content 2026.11.1 (no stamp) to {}:",
                current()
            )),
            "{stdout}"
        );
        let after = std::fs::read_to_string(&copy).unwrap();
        // Every comment line of the original is still there, as it was.
        for line in before.lines().filter(|l| l.trim_start().starts_with('#')) {
            assert!(
                after.lines().any(|l| l == line),
                "{name} lost {line:?}\n{after}"
            );
        }
        // The stamp is current.
        let (upgraded, problems) = load_lenient(&copy);
        assert_eq!(upgraded.content.describe(), current(), "{name}");
        assert!(upgraded.content.is_written());
        // Every new question that may apply is there to answer.
        let new = new_for(&file);
        assert!(!new.is_empty(), "{name}");
        for id in &new {
            let placeholder = if toml {
                format!("# \"{id}\" = ")
            } else {
                format!("  # {id}: ")
            };
            assert!(
                after.contains(&placeholder) || upgraded.answers.contains_key(id),
                "{name}: no block for {id}\n{after}"
            );
        }
        // The only errors left ask for a `decide_by` date.
        for p in problems.iter().filter(|p| p.is_error()) {
            assert!(
                p.message.contains("needs a `decide_by` date"),
                "{name}: {p:?}"
            );
        }
        // A second run changes nothing.
        let (code, stdout, _) = out(&mut mera_in(&dir, &["upgrade", &name]));
        assert_eq!(code, 0);
        assert!(flat(&stdout).contains("nothing to change"), "{stdout}");
        assert_eq!(
            std::fs::read_to_string(&copy).unwrap(),
            after,
            "{name}: second run"
        );
        let (_, diff, _) = out(&mut mera_in(&dir, &["upgrade", &name, "--dry-run"]));
        assert_eq!(diff, "", "{name}");
    }
}

#[test]
fn the_frontier_lab_gets_the_split_decision_and_its_decline_path() {
    let file = root().join(OLD).join("frontier-lab-first.yaml");
    let (dir, copy) = copy("upgrade-frontier", &file);
    let (code, stdout, _) = out(&mut mera_in(&dir, &["upgrade", "frontier-lab-first.yaml"]));
    assert_eq!(code, 0);
    let after = std::fs::read_to_string(&copy).unwrap();
    for id in [
        "cme.access-decision",
        "cme.partner-decision",
        "cme.decline-record",
    ] {
        assert!(after.contains(&format!("  # {id}: ")), "{id}\n{after}");
    }
    assert!(after.contains("  # split in 2026.12.1 from cme.engagement-decision, which this file answers:\n  # wait\n"), "{after}");
    assert!(
        after.contains("  # revised in 2026.12.1: now only the §3(b)(i) choice"),
        "{after}"
    );
    assert!(stdout.contains("Left for you:"), "{stdout}");
    let said = flat(&stdout);
    assert!(
        said.contains("`cme.engagement-decision` now needs a `decide_by` date"),
        "{stdout}"
    );
    assert!(
        said.contains("mera interview frontier-lab-first.yaml --revisit changed"),
        "{stdout}"
    );
    // Only the date is missing: with it, the file loads.
    let (_, problems) = load_lenient(&copy);
    let errors: Vec<_> = problems.iter().filter(|p| p.is_error()).collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0]
            .help
            .as_deref()
            .unwrap()
            .contains("beside `answer: wait`")
    );
}

#[test]
fn the_upgraded_files_report_lists_answers_to_review_until_re_confirmed() {
    let file = root().join(OLD).join("frontier-lab-first.yaml");
    let (dir, copy) = copy("upgrade-review", &file);
    let (code, _, _) = out(&mut mera_in(&dir, &["upgrade", "frontier-lab-first.yaml"]));
    assert_eq!(code, 0);
    let text = std::fs::read_to_string(&copy).unwrap().replace(
        "    answer: wait\n",
        "    answer: wait\n    decide_by: 2026-12-11\n",
    );
    std::fs::write(&copy, &text).unwrap();
    let json = |dir: &Path| {
        let (code, stdout, stderr) = out(&mut mera_in(
            dir,
            &["assess", "frontier-lab-first.yaml", "--format", "json"],
        ));
        assert_eq!(code, 0, "{stderr}");
        assert!(!stderr.contains("content-changed"), "{stderr}");
        let doc: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        doc["assessments"][0].clone()
    };
    let a = json(&dir);
    assert!(a["content_changes"].is_null());
    let review = a["to_review"].as_array().unwrap();
    let decision = review
        .iter()
        .find(|r| r["question"] == "cme.engagement-decision")
        .expect("the revised engagement decision is to review");
    assert_eq!(decision["revised_in"], "2026.12.1");
    assert_eq!(decision["answered_in"], "2026.11.1");
    assert!(
        decision["what_changed"]
            .as_str()
            .unwrap()
            .contains("§3(b)(i)")
    );
    // Every answer marked `answered_in` is listed, and nothing else.
    assert_eq!(review.len(), text.matches("answered_in: 2026.11.1").count());
    // Every human report lists them too.
    for format in ["table", "markdown", "html"] {
        let (_, stdout, _) = out(&mut mera_in(
            &dir,
            &["assess", "frontier-lab-first.yaml", "--format", format],
        ));
        assert!(
            flat(&stdout).contains("cme.engagement-decision: revised in 2026.12.1"),
            "{format}"
        );
    }
    // `check` does not fail for it alone, but says so; `fail_on_review` makes it fail.
    let (_, stdout, _) = out(&mut mera_in(
        &dir,
        &[
            "check",
            "frontier-lab-first.yaml",
            "--isolated",
            "--allow-unanswered",
            "--fail-on",
            "none",
        ],
    ));
    assert!(stdout.starts_with("PASS"), "{stdout}");
    assert!(flat(&stdout).contains("answers to review"), "{stdout}");
    std::fs::write(
        dir.join("mera.toml"),
        "[check]\nfail_on = \"none\"\nallow_unanswered = true\nfail_on_review = true\n",
    )
    .unwrap();
    let (code, stdout, _) = out(&mut mera_in(&dir, &["check", "frontier-lab-first.yaml"]));
    assert_eq!(code, 1, "{stdout}");
    assert!(
        flat(&stdout).contains(&format!("{} answers are to review", review.len())),
        "{stdout}"
    );
    assert!(flat(&stdout).contains("answers to review fail"), "{stdout}");
    // Re-confirmed: the `answered_in` lines deleted, nothing is to review.
    let confirmed: String = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("answered_in:"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&copy, confirmed).unwrap();
    assert_eq!(json(&dir)["to_review"], serde_json::json!([]));
}

#[test]
fn a_toml_answer_under_a_dotted_key_is_refused_with_the_reason() {
    let dir = scratch("upgrade-dotted");
    let text = "mera = 1\n\n[organization]\nname = \"Bank\"\n\n[profile]\ndevelops_frontier_models = false\ndeploys_ai_agents = false\ncritical_infrastructure_operator = true\n\n[answers]\ngov.insurance-and-disclosure = \"yes\"\n";
    std::fs::write(dir.join("b.toml"), text).unwrap();
    let (code, stdout, stderr) = out(&mut mera_in(&dir, &["upgrade", "b.toml"]));
    assert_eq!(code, 2, "{stdout}");
    assert!(stderr.contains("is written as a dotted key"), "{stderr}");
    assert!(stderr.contains("quote it"), "{stderr}");
    assert_eq!(std::fs::read_to_string(dir.join("b.toml")).unwrap(), text);
}

#[test]
fn a_file_at_the_current_content_is_left_alone() {
    for example in ["examples/frontier-lab.yaml", "examples/community-bank.toml"] {
        let (code, stdout, stderr) = run(&["upgrade", example, "--dry-run"]);
        assert_eq!(code, 0, "{stderr}");
        assert_eq!(stdout, "");
        assert!(flat(&stderr).contains("nothing to change"), "{stderr}");
    }
    let (code, _, stderr) = run(&["upgrade", "-"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("cannot read standard input"), "{stderr}");
}

/// Drive an interview over `text`, answering each prompt with `answer`;
/// returns the final text and the questions whose answer was asked.
fn interview(
    text: &str,
    changed: bool,
    answer: impl Fn(&mera::workshop::interview::Prompt) -> String,
) -> (String, Vec<String>) {
    use mera::workshop::interview::{Ask, Outcome, Scope, Session};
    let set = QuestionnaireSet::builtin();
    let catalog = mera::content::catalog::Catalog::builtin();
    let today = mera::input::doc::parse_date("2026-11-23").unwrap();
    let mut session = Session::new(&set, &catalog, Scope::default(), today).unwrap();
    if changed {
        session = session.revisit_changed();
    }
    let mut text = text.to_string();
    let mut asked = Vec::new();
    for _ in 0..2_000 {
        let source = Source::new("r.yaml", text.clone());
        let Some(prompt) = session
            .next(&source)
            .unwrap_or_else(|e| panic!("{e:#?}\n{text}"))
        else {
            return (text, asked);
        };
        if let Ask::Answer(id) = &prompt.ask {
            asked.push(id.clone());
        }
        match session.reply(&source, &prompt, &answer(&prompt)).unwrap() {
            Outcome::Save(t) => text = t,
            Outcome::Keep => {}
            Outcome::Quit => return (text, asked),
            other => panic!("{:?}: {other:?}", prompt.ask),
        }
    }
    panic!("the interview did not end");
}

#[test]
fn revisit_changed_asks_the_new_questions_and_the_answers_to_review_and_confirms_them() {
    use mera::workshop::interview::Ask;
    let set = QuestionnaireSet::builtin();
    let catalog = mera::content::catalog::Catalog::builtin();
    let old = std::fs::read_to_string(root().join(OLD).join("frontier-lab-first.yaml")).unwrap();
    let upgraded =
        mera::workshop::upgrade::upgrade(&Source::new("r.yaml", old.clone()), &set, &catalog)
            .unwrap()
            .text;
    let (before, _) =
        answers::load_lenient(&Source::new("r.yaml", upgraded.clone()), &set).unwrap();
    let review: Vec<String> = mera::workshop::changes::to_review(&set, &before)
        .into_iter()
        .map(|r| r.question)
        .collect();
    assert!(review.contains(&"cme.engagement-decision".to_string()));
    // Enter keeps (and so confirms) an answer; a new question is answered
    // `unknown`; the decision gets its date.
    let (text, asked) = interview(&upgraded, true, |p| match &p.ask {
        Ask::Answer(_) if p.current.is_some() => String::new(),
        Ask::Answer(_) => "u".into(),
        Ask::DecideBy(_) => "2026-12-11".into(),
        _ => String::new(),
    });
    for id in &review {
        assert!(asked.contains(id), "{id} was not asked: {asked:?}");
    }
    // The new parts of the split decision are asked; the decline path does
    // not apply while nothing is declined.
    assert!(
        asked.contains(&"cme.access-decision".to_string()),
        "{asked:?}"
    );
    assert!(
        asked.contains(&"cme.partner-decision".to_string()),
        "{asked:?}"
    );
    assert!(
        !asked.contains(&"cme.decline-record".to_string()),
        "{asked:?}"
    );
    // An answer neither new nor revised is not asked.
    assert!(
        !asked.contains(&"cme.capability-evals".to_string()),
        "{asked:?}"
    );
    // The file now loads, with nothing left to review and no `answered_in`.
    let (after, problems) = answers::load(&Source::new("r.yaml", text.clone()), &set)
        .unwrap_or_else(|e| panic!("{e:#?}\n{text}"));
    assert!(problems.iter().all(|p| !p.is_error()));
    assert!(mera::workshop::changes::to_review(&set, &after).is_empty());
    assert!(!text.contains("answered_in"), "{text}");
    assert_eq!(
        after.answers["cme.engagement-decision"].decide_by,
        mera::input::doc::parse_date("2026-12-11")
    );
    // The comments the upgrade wrote stay, as the history of the change.
    assert!(text.contains("# revised in 2026.12.1: now only the §3(b)(i) choice"));
    // A second pass has nothing left to ask.
    let (_, again) = interview(&text, true, |_| String::new());
    assert_eq!(again, Vec::<String>::new());
}

#[test]
fn an_answer_typed_into_an_old_file_says_it_answers_the_question_as_it_is_now() {
    use mera::workshop::interview::Ask;
    let set = QuestionnaireSet::builtin();
    let old = std::fs::read_to_string(root().join(OLD).join("frontier-lab-first.yaml")).unwrap();
    // Not upgraded: the interview still asks the undated decision first,
    // and the answer written says which content it answers.
    let (text, asked) = interview(&old, false, |p| match &p.ask {
        Ask::Answer(_) if p.current.is_some() => String::new(),
        Ask::Answer(_) => "u".into(),
        Ask::DecideBy(_) => "2026-12-11".into(),
        _ => String::new(),
    });
    assert!(
        asked.contains(&"cme.engagement-decision".to_string()),
        "{asked:?}"
    );
    assert!(
        !text.contains("content:"),
        "the interview leaves the stamp to `mera upgrade`"
    );
    let (after, _) = answers::load_lenient(&Source::new("r.yaml", text.clone()), &set).unwrap();
    let decision = &after.answers["cme.engagement-decision"];
    assert_eq!(
        decision.decide_by,
        mera::input::doc::parse_date("2026-12-11")
    );
    assert_eq!(
        decision.answered_in.as_ref().map(|v| v.to_string()),
        Some(current())
    );
    let review: Vec<String> = mera::workshop::changes::to_review(&set, &after)
        .into_iter()
        .map(|r| r.question)
        .collect();
    assert!(
        !review.contains(&"cme.engagement-decision".to_string()),
        "{review:?}"
    );
    // A part split from it, answered now, is not taken for an old answer.
    let access = &after.answers["cme.access-decision"];
    assert_eq!(
        access.answered_in.as_ref().map(|v| v.to_string()),
        Some(current())
    );
    assert!(
        !review.contains(&"cme.access-decision".to_string()),
        "{review:?}"
    );
    // A question new since the file's content needs no such note.
    assert_eq!(after.answers["cme.test-targets"].answered_in, None);
}

#[test]
fn merge_keeps_the_stamp_and_refuses_files_answered_against_different_content() {
    let dir = scratch("upgrade-merge");
    let ciso = root().join("tests/fixtures/workshop/ciso.yaml");
    let counsel =
        std::fs::read_to_string(root().join("tests/fixtures/workshop/counsel.yaml")).unwrap();
    let old: String = counsel
        .lines()
        .filter(|l| !l.starts_with("content:"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(dir.join("counsel.yaml"), old).unwrap();
    let (code, _, stderr) = out(&mut mera_in(
        &dir,
        &[
            "merge",
            ciso.to_str().unwrap(),
            "counsel.yaml",
            "-o",
            "merged.yaml",
        ],
    ));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("error[disagreement]"), "{stderr}");
    assert!(
        flat(&stderr).contains("run `mera upgrade counsel.yaml` first, then merge again"),
        "{stderr}"
    );
    assert!(!dir.join("merged.yaml").exists());
    // Upgraded, they merge, and the merged file carries the stamp.
    let (code, _, stderr) = out(&mut mera_in(&dir, &["upgrade", "counsel.yaml"]));
    assert_eq!(code, 0, "{stderr}");
    let (code, _, stderr) = out(&mut mera_in(
        &dir,
        &[
            "merge",
            ciso.to_str().unwrap(),
            "counsel.yaml",
            "-o",
            "merged.yaml",
        ],
    ));
    assert_eq!(code, 0, "{stderr}");
    let merged = std::fs::read_to_string(dir.join("merged.yaml")).unwrap();
    assert!(
        merged.contains(&format!("\ncontent: {}\n", current())),
        "{merged}"
    );
}

#[test]
fn the_changelog_lists_the_question_changes_of_every_content_version() {
    let changelog = std::fs::read_to_string(root().join("CHANGELOG.md")).unwrap();
    let set = QuestionnaireSet::builtin();
    let mut checked = 0;
    for q in &set.questionnaires {
        // The first version is where the questions were first shipped.
        for r in q.history.releases.iter().skip(1) {
            let head = format!("#### {}\n", r.version);
            let start = changelog.find(&head).unwrap_or_else(|| {
                panic!(
                    "CHANGELOG.md has no `{}` for content {}",
                    head.trim(),
                    r.version
                )
            });
            let rest = &changelog[start + head.len()..];
            let end = rest
                .find("\n#### ")
                .or_else(|| rest.find("\n## "))
                .unwrap_or(rest.len());
            let section = &rest[..end];
            let ids = r
                .added
                .iter()
                .map(|a| &a.id)
                .chain(r.revised.iter().map(|c| &c.id))
                .chain(r.replaced.iter().map(|x| &x.old))
                .chain(r.removed.iter().map(|c| &c.id));
            for id in ids {
                assert!(
                    section.contains(&format!("`{id}`")),
                    "CHANGELOG.md's content {} does not list `{id}` ({})",
                    r.version,
                    q.id
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 40, "{checked}");
}

#[test]
fn a_custom_questionnaire_keeps_its_own_versions_in_the_stamp() {
    let dir = scratch("upgrade-custom");
    let question = |id: &str| {
        format!(
            "  - id: {id}\n    text: Is it in place?\n    why: It matters.\n    provisions: [eo14409.1]\n    severity: low\n    actions:\n      no: {{do: Do it., owner: Compliance}}\n      partial: {{do: Finish it., owner: Compliance}}\n      unknown: {{do: Find out., owner: Compliance}}\n      unanswered: {{do: Answer it., owner: Compliance}}\n"
        )
    };
    let custom = format!(
        "id: vendor-risk\ntitle: Vendor risk\nversion: \"2\"\nquestions:\n{}{}history:\n  - version: \"1\"\n    added: [vr.register]\n  - version: \"2\"\n    added: [vr.contracts]\n    revised:\n      vr.register: the register must cover AI vendors too\n",
        question("vr.register"),
        question("vr.contracts")
    );
    std::fs::write(dir.join("vendor-risk.yaml"), custom).unwrap();
    let q = ["--questionnaires", "vendor-risk.yaml"];
    // `init` writes both lines of the stamp.
    let (code, _, stderr) = out(&mut mera_in(
        &dir,
        &[&["init", "fresh.yaml"][..], &q[..]].concat(),
    ));
    assert_eq!(code, 0, "{stderr}");
    let fresh = std::fs::read_to_string(dir.join("fresh.yaml")).unwrap();
    assert!(
        fresh.contains(&format!(
            "\ncontent: {{mera: {}, vendor-risk: \"2\"}}",
            current()
        )),
        "{fresh}"
    );
    // A file answered against version 1 of the custom questionnaire.
    let text = format!(
        "mera: 1\ncontent: {{mera: {}, vendor-risk: \"1\"}}\norganization: {{name: Acme, as_of: 2026-11-20}}\nprofile:\n  develops_frontier_models: false\n  deploys_ai_agents: false\n  critical_infrastructure_operator: false\nanswers:\n  vr.register: yes  # from the 2025 audit\n",
        current()
    );
    std::fs::write(dir.join("acme.yaml"), &text).unwrap();
    let (_, stdout, stderr) = out(&mut mera_in(
        &dir,
        &[&["assess", "acme.yaml", "--format", "json"][..], &q[..]].concat(),
    ));
    assert!(
        flat(&stderr).contains(&format!(
            "given against content {}, vendor-risk 1",
            current()
        )),
        "{stderr}"
    );
    let doc: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let review = &doc["assessments"][0]["to_review"][0];
    assert_eq!(review["question"], "vr.register");
    assert_eq!(review["revised_in"], "2");
    let (code, _, stderr) = out(&mut mera_in(
        &dir,
        &[&["upgrade", "acme.yaml"][..], &q[..]].concat(),
    ));
    assert_eq!(code, 0, "{stderr}");
    let after = std::fs::read_to_string(dir.join("acme.yaml")).unwrap();
    assert!(
        after.contains(&format!(
            "content: {{mera: {}, vendor-risk: \"2\"}}",
            current()
        )),
        "{after}"
    );
    assert!(after.contains("  # revised in 2: the register must cover AI vendors too\n  vr.register:  # from the 2025 audit\n    answer: yes\n    answered_in: \"1\"\n"), "{after}");
    assert!(
        after.contains("  # vr.contracts: yes | partial | no | unknown"),
        "{after}"
    );
    let (_, _, stderr) = out(&mut mera_in(
        &dir,
        &[&["validate", "acme.yaml"][..], &q[..]].concat(),
    ));
    assert!(!stderr.contains("content-changed"), "{stderr}");
}

#[test]
fn a_file_stamped_with_newer_content_says_so() {
    let dir = scratch("upgrade-newer");
    std::fs::write(
        dir.join("n.yaml"),
        "mera: 1\ncontent: 2099.1.1\norganization: {name: X, as_of: 2026-11-20}\nprofile: {develops_frontier_models: false, deploys_ai_agents: true, critical_infrastructure_operator: false}\nanswers: {agt.inventory: yes}\n",
    )
    .unwrap();
    let (code, _, stderr) = out(&mut mera_in(&dir, &["validate", "n.yaml"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        flat(&stderr).contains("given against content 2099.1.1, newer than this mera's"),
        "{stderr}"
    );
    assert!(stderr.contains("install a newer mera"), "{stderr}");
    // And a stamp that is not a version is an error with the fix.
    std::fs::write(dir.join("b.yaml"), "mera: 1\ncontent: latest\norganization: {name: X}\nprofile: {develops_frontier_models: false, deploys_ai_agents: true, critical_infrastructure_operator: false}\n").unwrap();
    let (code, _, stderr) = out(&mut mera_in(&dir, &["validate", "b.yaml"]));
    assert_eq!(code, 2);
    assert!(stderr.contains("`latest` is not a version"), "{stderr}");
}

/// A file written before a profile fact existed states nothing about it:
/// the questions that fact decides are listed as may-apply (as scoring
/// keeps them open), the fact is named with the fix in `changes` and in
/// `upgrade`'s report, and stating it narrows the list. Checked for every
/// 2026.11.1 example.
#[test]
fn a_fact_added_after_a_file_was_written_keeps_its_questions_listed_until_stated() {
    let set = QuestionnaireSet::builtin();
    for file in old_examples() {
        let (dir, copy) = copy("unstated-facts", &file);
        let name = copy.file_name().unwrap().to_str().unwrap().to_string();
        let (answers, _) = load_lenient(&copy);
        let (_, stdout, _) = out(&mut mera_in(&dir, &["changes", &name, "--format", "json"]));
        let doc: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        let facts: Vec<String> = doc["changes"]["unstated_facts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap().to_string())
            .collect();
        // The new facts of 2026.12.3 are unstated in a 2026.11.1 file and
        // each decides a question listed for it, unless a stated fact rules
        // that question out (the EU question is for U.S. companies).
        let abroad = answers.profile.get("headquartered_outside_us")
            == Some(&mera::content::condition::FactValue::Bool(true));
        for (fact, listed) in [
            ("relies_on_vendor_frontier_models", true),
            ("eu_high_risk_ai_uses", !abroad),
        ] {
            assert!(!answers.profile.contains_key(fact));
            assert_eq!(facts.iter().any(|f| f == fact), listed, "{name}: {facts:?}");
        }
        for f in &facts {
            assert!(set.fact(f).is_some() && !answers.profile.contains_key(f));
        }
        assert!(new_for(&copy).contains(&"gov.vendor-release-delay".to_string()));
        let (_, table, _) = out(&mut mera_in(&dir, &["changes", &name]));
        let said = flat(&table);
        let said = &said[said.find("profile does not state").expect(&table)..];
        assert!(
            said.contains("`relies_on_vendor_frontier_models`"),
            "{table}"
        );
        let (code, _, report) = out(&mut mera_in(&dir, &["upgrade", &name, "--dry-run"]));
        assert_eq!(code, 0, "{report}");
        assert!(
            flat(&report).contains("the profile does not state `relies_on_vendor_frontier_models`"),
            "{report}"
        );
        // Stated, it narrows the list: the question no longer may apply.
        let text = std::fs::read_to_string(&copy).unwrap();
        let stated = if name.ends_with(".toml") {
            text.replacen(
                "[profile]\n",
                "[profile]\nrelies_on_vendor_frontier_models = false\n",
                1,
            )
        } else {
            text.replacen(
                "profile:\n",
                "profile:\n  relies_on_vendor_frontier_models: false\n",
                1,
            )
        };
        assert_ne!(stated, text, "{name}: no profile to add to");
        std::fs::write(&copy, stated).unwrap();
        assert!(!new_for(&copy).contains(&"gov.vendor-release-delay".to_string()));
        let (_, stdout, _) = out(&mut mera_in(&dir, &["changes", &name, "--format", "json"]));
        assert!(!stdout.contains("\"relies_on_vendor_frontier_models\""));
    }
}
