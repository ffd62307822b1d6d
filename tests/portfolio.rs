//! Issue 8 end to end: many files, folders and standard input; a gate that
//! sees time pass; hostile inputs that used to hang or mislead; and every
//! input defect a new user hit, each pinned by a test that fails without
//! its fix.

mod common;

use std::io::Write as _;
use std::path::Path;
use std::process::Stdio;

use common::{mera, mera_in, run, scratch};

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Run with `stdin` piped in.
fn run_with_stdin(args: &[&str], stdin: &str) -> (i32, String, String) {
    let mut child = mera(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // mera may stop reading at its size limit: a broken pipe is expected then.
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

const PROFILE: &str = "profile: {develops_frontier_models: false, deploys_ai_agents: true, critical_infrastructure_operator: false}\n";

// ---- hostile inputs -----------------------------------------------------

#[test]
fn devices_and_fifos_are_refused_not_read_forever() {
    let started = std::time::Instant::now();
    let (code, _, stderr) = run(&["assess", "/dev/zero"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("`/dev/zero` is not a regular file"),
        "{stderr}"
    );
    assert!(stderr.contains("pass `-`"), "{stderr}");
    assert!(started.elapsed().as_secs() < 10);
    let dir = scratch("fifo");
    let fifo = dir.join("answers.yaml");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if made.is_ok_and(|s| s.success()) {
        let (code, _, stderr) = run(&["validate", fifo.to_str().unwrap()]);
        assert_eq!(code, 2, "{stderr}");
        assert!(stderr.contains("is not a regular file"), "{stderr}");
    }
}

#[test]
fn standard_input_is_read_within_the_size_limit() {
    let big = "#".repeat(5 * 1024 * 1024);
    let (code, _, stderr) = run_with_stdin(&["assess", "-"], &big);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("`<stdin>` is larger than the limit"),
        "{stderr}"
    );
}

#[test]
fn an_empty_folder_has_nothing_to_validate_or_assess() {
    let dir = scratch("empty-folder");
    write(&dir, "notes.txt", "not yaml");
    let name = dir.to_str().unwrap();
    let (code, stdout, stderr) = run(&["validate", name]);
    assert_eq!((code, stdout.as_str()), (2, ""), "{stderr}");
    assert!(
        stderr.contains(&format!("nothing to validate in {name}/")),
        "{stderr}"
    );
    let (code, _, stderr) = run(&["assess", name]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains(&format!("nothing to assess in {name}/")),
        "{stderr}"
    );
}

// ---- many files ----------------------------------------------------------

#[test]
fn folders_are_walked_and_stdin_is_named() {
    let dir = scratch("walk");
    for (name, file) in [
        ("a/lab.yaml", "frontier-lab.yaml"),
        ("b/retailer.yaml", "agent-retailer.yaml"),
        ("bank.toml", "community-bank.toml"),
    ] {
        let text = std::fs::read_to_string(common::root().join("examples").join(file)).unwrap();
        write(&dir, name, &text);
    }
    // A questionnaire and an unrelated YAML file in the folder are skipped.
    write(
        &dir,
        "extra/questions.yaml",
        "id: x\ntitle: X\nversion: '1'\nquestions: []\n",
    );
    write(&dir, "ci.yml", "on: push\n");
    let (code, stdout, stderr) = run(&["assess", "--format", "jsonl", dir.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    let files: Vec<String> = stdout
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["file"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(files.len(), 3, "{stdout}");
    assert!(files[0].ends_with("a/lab.yaml") && files[1].ends_with("b/retailer.yaml"));
    assert!(files[2].ends_with("bank.toml"));
    assert!(stderr.contains("note: skipped 2 files"), "{stderr}");
    let (code, stdout, _) = run_with_stdin(
        &["assess", "--format", "jsonl", "-"],
        &std::fs::read_to_string(common::root().join("examples/agent-retailer.yaml")).unwrap(),
    );
    assert_eq!(code, 0);
    assert!(stdout.contains("\"file\":\"<stdin>\""), "{stdout}");
    let toml =
        std::fs::read_to_string(common::root().join("examples/community-bank.toml")).unwrap();
    let (code, stdout, stderr) = run_with_stdin(&["summary", "--stdin-format", "toml", "-"], &toml);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("First Prairie"), "{stdout}");
}

#[test]
fn a_bad_file_is_reported_at_the_end_without_stopping_the_others() {
    let dir = scratch("one-bad");
    let retailer =
        std::fs::read_to_string(common::root().join("examples/agent-retailer.yaml")).unwrap();
    write(&dir, "1.yaml", &retailer);
    write(
        &dir,
        "2.yaml",
        "mera: 1\norganization: {name: Bad}\nprofile: {}\n",
    );
    write(&dir, "3.yaml", &retailer);
    let (code, stdout, stderr) = run(&["assess", "--format", "jsonl", dir.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert_eq!(stdout.lines().count(), 2, "{stdout}");
    assert!(stderr.contains("2.yaml:3:10"), "{stderr}");
}

#[test]
fn output_is_byte_identical_whatever_the_thread_count() {
    let dir = scratch("threads");
    for i in 0..150 {
        let example = [
            "frontier-lab.yaml",
            "agent-retailer.yaml",
            "nonus-developer.yaml",
        ][i % 3];
        let text = std::fs::read_to_string(common::root().join("examples").join(example)).unwrap();
        write(&dir, &format!("f{i:03}.yaml"), &text);
    }
    let name = dir.to_str().unwrap();
    let outputs: Vec<Vec<u8>> = ["1", "2", "4"]
        .iter()
        .map(|threads| {
            let out = mera(&["assess", "--format", "jsonl", name])
                .env("RAYON_NUM_THREADS", threads)
                .output()
                .unwrap();
            assert!(out.status.success());
            out.stdout
        })
        .collect();
    assert_eq!(outputs[0].len(), outputs[1].len());
    assert!(outputs[0] == outputs[1] && outputs[1] == outputs[2]);
    let summary = |threads: &str| {
        mera(&["summary", "--sort", "score", "--format", "csv", name])
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .unwrap()
            .stdout
    };
    assert_eq!(summary("1"), summary("4"));
}

#[test]
fn summary_sorts_a_portfolio_in_every_format() {
    insta::assert_snapshot!(
        "summary_table_by_score",
        run(&["summary", "--sort", "score", "examples"]).1
    );
    insta::assert_snapshot!(
        "summary_markdown_by_level",
        run(&[
            "summary", "--sort", "level", "--format", "markdown", "examples"
        ])
        .1
    );
    insta::assert_snapshot!(
        "summary_csv_by_name",
        run(&["summary", "--sort", "name", "--format", "csv", "examples"]).1
    );
    let (code, json, _) = run(&["summary", "--format", "json", "examples"]);
    assert_eq!(code, 0);
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(doc["format_version"], 1);
    assert_eq!(doc["rows"].as_array().unwrap().len(), 4);
}

// ---- the gate sees time pass ---------------------------------------------

#[test]
fn a_waiver_expires_for_check_on_todays_date() {
    // Answers as of 2026-11-20, waiver good through 2026-11-22, "today"
    // 2026-11-23 (SOURCE_DATE_EPOCH in the tests).
    let dir = scratch("waiver-expiry");
    write(
        &dir,
        "readiness.yaml",
        &format!(
            "mera: 1\norganization: {{name: Acme, as_of: 2026-11-20}}\n{PROFILE}answers:\n  agt.inventory: no\nwaivers:\n  - question: agt.inventory\n    reason: Tooling lands in December.\n    approved_by: General Counsel\n    expires: 2026-11-22\n"
        ),
    );
    let file = dir.join("readiness.yaml");
    let file = file.to_str().unwrap();
    let gate = ["--isolated", "--fail-on", "none", "--allow-unanswered"];
    let (code, stdout, _) = run(&[&["check"], &gate[..], &[file]].concat());
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("the waiver for `agt.inventory` expired after 2026-11-22"));
    assert!(stdout.contains("judged on 2026-11-23, today"), "{stdout}");
    // --as-of moves the run date: the day before expiry it still holds.
    let (code, stdout, _) =
        run(&[&["check", "--as-of", "2026-11-21"], &gate[..], &[file]].concat());
    assert_eq!(code, 0, "{stdout}");
    // assess judges a dated file on its own date unless told otherwise.
    let (_, stdout, _) = run(&["assess", "--isolated", file]);
    assert!(stdout.contains("judged on the same date"), "{stdout}");
    assert!(stdout.contains("Waiver agt.inventory: active"), "{stdout}");
    let (_, stdout, _) = run(&["assess", "--isolated", "--as-of", "today", file]);
    assert!(
        stdout.contains("judged on 2026-11-23 (from --as-of)"),
        "{stdout}"
    );
    assert!(stdout.contains("Waiver agt.inventory: EXPIRED"), "{stdout}");
}

#[test]
fn evidence_goes_stale_and_actions_go_overdue_against_the_run_date() {
    let dir = scratch("run-date");
    write(
        &dir,
        "r.yaml",
        &format!(
            "mera: 1\norganization: {{name: Acme, as_of: 2026-01-10}}\n{PROFILE}answers:\n  agt.inventory:\n    answer: yes\n    evidence: [inv.xlsx]\n    reviewed: 2025-11-01\n  agt.stop-control: no\n"
        ),
    );
    let file = dir.join("r.yaml");
    let (code, stdout, stderr) = run(&[
        "check",
        "--isolated",
        "--fail-on",
        "low",
        "--allow-unanswered",
        file.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    // Reviewed 2025-11-01: 387 days before the run date, 70 before as_of.
    assert!(
        stdout.contains("`agt.inventory` was last reviewed 2025-11-01"),
        "{stdout}"
    );
    // The answers speak for 2026-01-10: more than 90 days ago.
    assert!(stderr.contains("warning[old-assessment]"), "{stderr}");
    assert!(stderr.contains("r.yaml:2:28"), "{stderr}");
    let (_, json, _) = run(&[
        "assess",
        "--isolated",
        "--as-of",
        "today",
        "--format",
        "json",
        file.to_str().unwrap(),
    ]);
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    let a = &doc["assessments"][0];
    assert_eq!(a["as_of"], "2026-01-10");
    assert_eq!(a["run_date"], "2026-11-23");
    let stop = a["gaps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["question"] == "agt.stop-control")
        .unwrap();
    assert_eq!(stop["action"]["overdue"], true, "{stop}");
}

// ---- input defects -----------------------------------------------------

#[test]
fn a_fresh_template_points_at_the_empty_fact_with_the_fix() {
    let dir = scratch("init-empty");
    let (code, _, _) = run(&[
        "init",
        dir.join("r.yaml").to_str().unwrap(),
        "--as-of",
        "2026-11-20",
    ]);
    assert_eq!(code, 0);
    let (code, _, stderr) = mera_in(&dir, &["assess", "r.yaml"])
        .output()
        .map(|o| {
            (
                o.status.code().unwrap(),
                String::new(),
                String::from_utf8(o.stderr).unwrap(),
            )
        })
        .unwrap();
    assert_eq!(code, 2);
    let text = std::fs::read_to_string(dir.join("r.yaml")).unwrap();
    let line = text
        .lines()
        .position(|l| l.trim_start().starts_with("develops_frontier_models:"))
        .unwrap()
        + 1;
    let col = text.lines().nth(line - 1).unwrap().find(':').unwrap() + 1;
    let place = format!("r.yaml:{line}:{col}: `develops_frontier_models` must be");
    assert!(stderr.contains(&place), "{place}\n{stderr}");
    assert!(
        stderr.contains("help: write true or false after the colon"),
        "{stderr}"
    );
    // The snippet shows the key's own line, not the next one.
    assert!(
        stderr.contains(&format!("{line} |   develops_frontier_models:")),
        "{stderr}"
    );
}

#[test]
fn an_empty_answer_at_the_end_of_the_file_is_shown_on_its_line() {
    let dir = scratch("empty-last");
    write(
        &dir,
        "r.yaml",
        &format!("mera: 1\norganization: {{name: Acme}}\n{PROFILE}answers:\n  agt.inventory:"),
    );
    let (code, _, stderr) = mera_in(&dir, &["assess", "r.yaml"])
        .output()
        .map(|o| {
            (
                o.status.code().unwrap(),
                (),
                String::from_utf8(o.stderr).unwrap(),
            )
        })
        .unwrap();
    assert_eq!(code, 2);
    assert!(stderr.contains("r.yaml:5:16"), "{stderr}");
    assert!(stderr.contains("5 |   agt.inventory:"), "{stderr}");
}

#[test]
fn a_byte_order_mark_is_ignored() {
    let dir = scratch("bom");
    let text =
        std::fs::read_to_string(common::root().join("examples/agent-retailer.yaml")).unwrap();
    write(&dir, "r.yaml", &format!("\u{feff}{text}"));
    let (code, stdout, stderr) = run(&["assess", dir.join("r.yaml").to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    let (_, plain, _) = run(&["assess", "examples/agent-retailer.yaml"]);
    let overall = |s: &str| {
        s.lines()
            .find(|l| l.starts_with("Overall:"))
            .map(str::to_string)
    };
    assert!(overall(&stdout).is_some());
    assert_eq!(overall(&stdout), overall(&plain));
}

#[test]
fn a_duplicate_key_does_not_hide_the_other_errors() {
    let dir = scratch("dup-and-more");
    write(
        &dir,
        "r.yaml",
        &format!(
            "mera: 1\norganization: {{name: Acme}}\n{PROFILE}answers:\n  agt.inventory: yes\n  agt.inventory: no\n  agt.stop-contrl: yes\nwaivers:\n  - question: agt.inventory\n    expires: next year\n"
        ),
    );
    let (code, _, stderr) = run(&["validate", dir.join("r.yaml").to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("error[duplicate-key]"), "{stderr}");
    assert!(stderr.contains("error[unknown-question]"), "{stderr}");
    assert!(stderr.contains("error[invalid-date]"), "{stderr}");
    // The caret underlines the whole value, not its first word.
    assert!(stderr.contains("|              ^^^^^^^^^"), "{stderr}");
}

#[test]
fn init_writes_toml_for_a_toml_name() {
    let dir = scratch("init-toml");
    let path = dir.join("new.toml");
    let (code, _, stderr) = run(&["init", path.to_str().unwrap(), "--as-of", "2026-11-20"]);
    assert_eq!(code, 0, "{stderr}");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("mera = 1\n"), "{text}");
    assert!(text.contains("[answers]\n"));
    // It is TOML: the only errors are the facts left to fill in.
    let (code, _, stderr) = run(&["validate", path.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(!stderr.contains("toml-syntax"), "{stderr}");
    assert_eq!(stderr.matches("error[missing-fact]").count(), 3, "{stderr}");
}

#[test]
fn answers_to_questions_that_do_not_apply_are_named() {
    let dir = scratch("inapplicable");
    write(
        &dir,
        "r.yaml",
        &format!(
            "mera: 1\norganization: {{name: Acme, as_of: 2026-11-20}}\n{PROFILE}answers:\n  agt.inventory: yes\n  tdw.release-buffer: yes\n  cme.capability-evals: partial\n"
        ),
    );
    let (code, _, stderr) = run(&["assess", "--isolated", dir.join("r.yaml").to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(stderr.contains("warning[inapplicable-answer]"), "{stderr}");
    assert!(
        stderr.contains("2 answers are to questions that do not apply to this profile and are not scored: `tdw.release-buffer` and `cme.capability-evals`")
            || stderr.contains("`cme.capability-evals` and `tdw.release-buffer`"),
        "{stderr}"
    );
    let (_, _, quiet) = run(&[
        "assess",
        "--quiet",
        "--isolated",
        dir.join("r.yaml").to_str().unwrap(),
    ]);
    assert_eq!(quiet, "");
}

#[test]
fn a_review_after_the_assessment_date_is_flagged() {
    let dir = scratch("reviewed-later");
    write(
        &dir,
        "r.yaml",
        &format!(
            "mera: 1\norganization: {{name: Acme, as_of: 2026-11-20}}\n{PROFILE}answers:\n  agt.inventory: {{answer: yes, reviewed: 2026-12-01}}\n"
        ),
    );
    let (code, _, stderr) = run(&["validate", dir.join("r.yaml").to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("warning[reviewed-after-as-of]"), "{stderr}");
    assert!(stderr.contains("r.yaml:5:3"), "{stderr}");
}

#[test]
fn write_errors_name_the_target_and_reports_get_the_usual_mode() {
    let dir = scratch("write-errors");
    let missing = dir.join("no/such/folder/report.json");
    let (code, _, stderr) = run(&[
        "assess",
        "examples/agent-retailer.yaml",
        "--output",
        &format!("json:{}", missing.display()),
    ]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains(&format!("cannot write `{}`", missing.display())),
        "{stderr}"
    );
    assert!(
        !stderr.contains(".tmp") && !stderr.contains(".mera-"),
        "{stderr}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let public = dir.join("retailer.md");
        let private = dir.join("lab.md");
        for (example, out) in [("agent-retailer", &public), ("frontier-lab", &private)] {
            let (code, _, _) = run(&[
                "assess",
                &format!("examples/{example}.yaml"),
                "--output",
                &format!("markdown:{}", out.display()),
            ]);
            assert_eq!(code, 0);
        }
        // The test process's umask decides the usual mode; 0600 is kept for
        // the privileged assessment only.
        assert_ne!(mode(&public), 0o600);
        assert_eq!(mode(&public) & 0o600, 0o600);
        assert_eq!(mode(&private), 0o600);
    }
}

#[test]
fn a_privileged_report_in_ci_draws_a_warning_unless_redacted() {
    let (_, _, stderr) = run(&["assess", "examples/frontier-lab.yaml"]);
    assert!(!stderr.contains("privileged-unredacted"));
    let out = mera(&["assess", "examples/frontier-lab.yaml"])
        .env("CI", "true")
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("warning[privileged-unredacted]"),
        "{stderr}"
    );
    let out = mera(&["assess", "--redact", "examples/frontier-lab.yaml"])
        .env("CI", "true")
        .output()
        .unwrap();
    assert!(
        !String::from_utf8(out.stderr)
            .unwrap()
            .contains("privileged-unredacted")
    );
}

#[test]
fn an_empty_readiness_file_fails_check_by_default() {
    let dir = scratch("empty-readiness");
    write(
        &dir,
        "readiness.yaml",
        &format!(
            "mera: 1\norganization: {{name: Acme, as_of: 2026-11-20}}\n{PROFILE}answers: {{}}\n"
        ),
    );
    let (code, stdout, _) = mera_in(&dir, &["check", "readiness.yaml"])
        .output()
        .map(|o| {
            (
                o.status.code().unwrap(),
                String::from_utf8(o.stdout).unwrap(),
                (),
            )
        })
        .unwrap();
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stdout.contains("applicable questions are unanswered"),
        "{stdout}"
    );
    write(
        &dir,
        "mera.toml",
        "[check]\nallow_unanswered = true\nfail_on = \"none\"\n",
    );
    let status = mera_in(&dir, &["check", "readiness.yaml"])
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(0));
}

// ---- nothing a user typed is lost ------------------------------------------

/// Every file in `dir` with its text, to prove a run changed nothing.
fn snapshot_dir(dir: &Path) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    files.sort();
    files
}

#[test]
fn no_output_replaces_an_input_of_the_run() {
    let dir = scratch("output-is-input");
    let retailer =
        std::fs::read_to_string(common::root().join("examples/agent-retailer.yaml")).unwrap();
    write(&dir, "in.yaml", &retailer);
    write(&dir, "other.yaml", &retailer);
    write(&dir, "mera.toml", "[check]\nfail_under = 10\n");
    #[cfg(unix)]
    std::os::unix::fs::symlink("in.yaml", dir.join("link.yaml")).unwrap();
    #[cfg(not(unix))]
    write(&dir, "link.yaml", &retailer);
    let before = snapshot_dir(&dir);
    let runs: [&[&str]; 7] = [
        &["assess", "in.yaml", "-o", "html:in.yaml"],
        &["assess", "in.yaml", "--output", "json:./in.yaml"],
        &["assess", "link.yaml", "-o", "markdown:in.yaml"],
        // The config is an input too.
        &[
            "check",
            "in.yaml",
            "-o",
            "json:out.json",
            "-o",
            "sarif:mera.toml",
        ],
        // So is a file found in a folder.
        &["assess", ".", "-o", "jsonl:other.yaml"],
        &["timeline", "in.yaml", "-o", "in.yaml"],
        &[
            "merge",
            "in.yaml",
            "other.yaml",
            "-o",
            "./other.yaml",
            "--force",
        ],
    ];
    for args in runs {
        let out = mera_in(&dir, args).output().unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("is an input of this run"),
            "{args:?}: {stderr}"
        );
        assert!(stderr.contains("to another path"), "{args:?}: {stderr}");
        // Refused before anything was written: no report, no file touched.
        assert!(out.stdout.is_empty(), "{args:?}");
        assert_eq!(snapshot_dir(&dir), before, "{args:?}");
    }
    let out = mera_in(&dir, &["assess", "in.yaml", "-o", "html:in.yaml"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "error: `in.yaml` is an input of this run; write the report to another path\n"
    );
}

#[test]
fn a_file_named_twice_is_read_once() {
    let dir = scratch("named-twice");
    let retailer =
        std::fs::read_to_string(common::root().join("examples/agent-retailer.yaml")).unwrap();
    write(&dir, "f.yaml", &retailer);
    write(&dir, "sub/g.yaml", &retailer);
    let run_in = |args: &[&str]| {
        let out = mera_in(&dir, args).output().unwrap();
        (
            out.status.code(),
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    // The same output as naming each file once, and a warning that names it.
    let cases: [(&[&str], &[&str], &str); 4] = [
        (
            &["assess", "f.yaml", "f.yaml"],
            &["assess", "f.yaml"],
            "f.yaml",
        ),
        (
            &["check", "sub/g.yaml", "f.yaml", "sub", "./f.yaml"],
            &["check", "sub/g.yaml", "f.yaml"],
            "sub/g.yaml",
        ),
        (
            &["summary", "sub", "f.yaml", "sub/g.yaml"],
            &["summary", "sub", "f.yaml"],
            "sub/g.yaml",
        ),
        (
            &["validate", "f.yaml", "./f.yaml"],
            &["validate", "f.yaml"],
            "f.yaml",
        ),
    ];
    for (twice, once, name) in cases {
        let (code, stdout, stderr) = run_in(twice);
        let (code_once, stdout_once, _) = run_in(once);
        assert_eq!(code, code_once, "{twice:?}: {stderr}");
        assert_eq!(stdout, stdout_once, "{twice:?}");
        assert!(
            stderr.contains(&format!("`{name}` is named twice; read once")),
            "{twice:?}: {stderr}"
        );
    }
    let (_, stdout, _) = run_in(&["check", "f.yaml", "./f.yaml"]);
    assert!(stdout.contains("0 of 1 file failed"), "{stdout}");
    let (_, _, stderr) = run_in(&["assess", "--quiet", "f.yaml", "f.yaml"]);
    assert_eq!(stderr, "");
    // Merge would count one respondent as two: an error, and nothing written.
    let (code, _, stderr) = run_in(&["merge", "f.yaml", "./f.yaml", "-o", "m.yaml"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("`f.yaml` is named twice"), "{stderr}");
    assert!(!dir.join("m.yaml").exists());
}
