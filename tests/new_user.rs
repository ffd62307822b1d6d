//! What a new user and an independent scorer hit (issue 16), end to end:
//! a portfolio with a bad file, folders with broken readiness files, empty
//! input, dates that look wrong wherever the assessment date comes from,
//! repeated warnings over many files, and waivers about to expire.

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

fn example(name: &str) -> String {
    std::fs::read_to_string(common::root().join("examples").join(name)).unwrap()
}

fn run_with_stdin(args: &[&str], stdin: &str) -> (i32, String, String) {
    let mut child = mera(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

const PROFILE: &str = "profile: {develops_frontier_models: false, deploys_ai_agents: true, critical_infrastructure_operator: false}\n";

#[test]
fn summary_prints_the_good_rows_and_reports_the_bad_file() {
    let dir = scratch("summary-one-bad");
    write(&dir, "1.yaml", &example("agent-retailer.yaml"));
    write(
        &dir,
        "2.yaml",
        "mera: 1\norganization: {name: Bad}\nprofile: {}\n",
    );
    write(&dir, "3.yaml", &example("nonus-developer.yaml"));
    let folder = dir.to_str().unwrap();
    for format in ["table", "markdown", "csv", "json"] {
        let (code, stdout, stderr) = run(&["summary", "--format", format, folder]);
        assert_eq!(code, 2, "{format}: {stderr}");
        assert!(stdout.contains("Parcelwise Commerce"), "{format}: {stdout}");
        assert!(stdout.contains("Nordlys AI AS"), "{format}: {stdout}");
        assert!(!stdout.contains("Bad"), "{format}: {stdout}");
        assert!(stderr.contains("2.yaml:3:10"), "{format}: {stderr}");
        assert!(stderr.contains("error"), "{format}: {stderr}");
    }
}

/// A folder's broken readiness files are errors: emptied, or without
/// `mera: 1` but with the answers file's sections. Other YAML is skipped.
#[test]
fn a_folder_check_fails_on_a_broken_readiness_file_never_skips_it() {
    let good = format!(
        "mera: 1\norganization: {{name: Acme, as_of: 2026-11-20}}\n{PROFILE}answers: {{}}\n"
    );
    let cases = [
        ("empty.yaml", String::new(), "the input is empty"),
        (
            "comments.yaml",
            "# to be filled in\n".to_string(),
            "the input is empty",
        ),
        ("empty.toml", String::new(), "the input is empty"),
        (
            "no-version.yaml",
            good.replace("mera: 1\n", ""),
            "this looks like an answers file, but `mera: 1` is missing",
        ),
        (
            "only-answers.yaml",
            "answers:\n  agt.inventory: yes\n".to_string(),
            "this looks like an answers file, but `mera: 1` is missing",
        ),
    ];
    for (name, text, message) in cases {
        let dir = scratch(&format!("broken-{name}"));
        write(&dir, "team/readiness.yaml", &good);
        write(&dir, &format!("team/{name}"), &text);
        write(&dir, "ci.yml", "on: push\n");
        write(
            &dir,
            "mera.toml",
            "[check]\nallow_unanswered = true\nfail_on = \"none\"\n",
        );
        for command in [
            &["check", "."][..],
            &["assess", "."],
            &["summary", "."],
            &["validate", "."],
        ] {
            let out = mera_in(&dir, command).output().unwrap();
            let stderr = String::from_utf8(out.stderr).unwrap();
            assert_eq!(out.status.code(), Some(2), "{name} {command:?}: {stderr}");
            assert!(
                stderr.contains(&format!("team/{name}")),
                "{name} {command:?}: {stderr}"
            );
            assert!(stderr.contains(message), "{name} {command:?}: {stderr}");
            assert!(
                !stderr.contains(&format!("not an answers file: team/{name}")),
                "{stderr}"
            );
        }
        // Without it, the folder passes; the workflow is skipped with a note.
        std::fs::remove_file(dir.join("team").join(name)).unwrap();
        let out = mera_in(&dir, &["check", "."]).output().unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(0), "{name}: {stderr}");
        assert!(stderr.contains("note: skipped 1 file"), "{stderr}");
    }
}

#[test]
fn empty_input_says_so_once() {
    for args in [
        &["assess", "-"][..],
        &["check", "--isolated", "-"],
        &["diff", "-", "examples/agent-retailer.yaml"],
        &["timeline", "-"],
        &["validate", "-"],
    ] {
        for input in ["", "\n\n", "# nothing yet\n"] {
            let (code, stdout, stderr) = run_with_stdin(args, input);
            assert_eq!(code, 2, "{args:?} {input:?}: {stderr}");
            assert_eq!(stderr.matches("error").count(), 2, "{args:?}: {stderr}");
            assert!(
                stderr.starts_with("error[empty-input]: <stdin>:1:1: the input is empty\n"),
                "{args:?} {input:?}: {stderr}"
            );
            assert!(
                stderr.ends_with("1 error in 1 file\n"),
                "{args:?}: {stderr}"
            );
            assert!(stdout.is_empty(), "{args:?}: {stdout}");
        }
    }
}

/// The scorer's finding: the warning came only when `as_of` was in the file.
#[test]
fn a_review_after_the_assessment_date_is_warned_wherever_the_date_comes_from() {
    let dir = scratch("reviewed-after");
    let body = format!(
        "{PROFILE}answers:\n  agt.inventory: {{answer: yes, evidence: [a.csv], reviewed: 2026-12-01}}\n"
    );
    write(
        &dir,
        "in-file.yaml",
        &format!("mera: 1\norganization: {{name: A, as_of: 2026-11-20}}\n{body}"),
    );
    write(
        &dir,
        "no-date.yaml",
        &format!("mera: 1\norganization: {{name: A}}\n{body}"),
    );
    let file = |n: &str| dir.join(n).display().to_string();
    let cases = [
        (
            vec!["assess".to_string(), file("in-file.yaml")],
            "after the assessment date 2026-11-20\n",
        ),
        (
            vec![
                "assess".into(),
                "--as-of".into(),
                "2026-11-20".into(),
                file("no-date.yaml"),
            ],
            "after the assessment date 2026-11-20 (from --as-of)\n",
        ),
        // Today is 2026-11-23 in the tests.
        (
            vec!["assess".into(), file("no-date.yaml")],
            "after the assessment date 2026-11-23 (today: the file gives no as_of)\n",
        ),
        (
            vec!["timeline".into(), file("no-date.yaml")],
            "after the assessment date 2026-11-23 (today: the file gives no as_of)\n",
        ),
        (
            vec!["validate".into(), file("no-date.yaml")],
            "after the assessment date 2026-11-23 (today: the file gives no as_of)\n",
        ),
    ];
    for (args, expected) in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, _, stderr) = run(&args);
        assert_eq!(code, 0, "{args:?}: {stderr}");
        assert!(
            stderr.contains(&format!("warning[reviewed-after-as-of]: {}:5:3: `agt.inventory` was reviewed 2026-12-01, {expected}", args.last().unwrap())),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn a_portfolio_names_a_repeated_warning_once_after_the_first_files() {
    let dir = scratch("repeated-warnings");
    for i in 0..12 {
        write(
            &dir,
            &format!("f{i:02}.yaml"),
            &format!(
                "mera: 1\norganization: {{name: Org {i}, as_of: 2026-01-05}}\n{PROFILE}answers: {{}}\n"
            ),
        );
    }
    let (code, _, stderr) = run(&["summary", dir.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stderr.matches("warning[old-assessment]").count(),
        4,
        "{stderr}"
    );
    assert_eq!(
        stderr.matches("the answers speak for 2026-01-05").count(),
        3,
        "{stderr}"
    );
    assert!(
        stderr.contains("warning[old-assessment]: the same in 9 more files: "),
        "{stderr}"
    );
    assert!(
        stderr.contains("f03.yaml, ") && stderr.contains(" and 6 more\n"),
        "{stderr}"
    );
    let (_, _, quiet) = run(&["summary", "--quiet", dir.to_str().unwrap()]);
    assert!(quiet.is_empty(), "{quiet}");
}

#[test]
fn check_warns_about_waivers_expiring_within_30_days() {
    let dir = scratch("expiring-waiver");
    write(
        &dir,
        "readiness.yaml",
        &format!(
            "mera: 1\norganization: {{name: Acme, as_of: 2026-11-20}}\n{PROFILE}answers:\n  agt.inventory: no\n  agt.stop-control: no\nwaivers:\n  - question: agt.inventory\n    reason: Tooling lands in December.\n    approved_by: General Counsel\n    expires: 2026-12-10\n  - question: agt.stop-control\n    reason: Next year.\n    approved_by: General Counsel\n    expires: 2027-06-30\n"
        ),
    );
    let gate = ["--isolated", "--fail-on", "none", "--allow-unanswered"];
    let (code, _, stderr) = mera_in(&dir, &[&["check"], &gate[..], &["readiness.yaml"]].concat())
        .output()
        .map(|o| (o.status.code(), (), String::from_utf8(o.stderr).unwrap()))
        .unwrap();
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains("warning[waiver-expiring]: readiness.yaml:8:5: the waiver for `agt.inventory` expires 2026-12-10 (in 17 days)"),
        "{stderr}"
    );
    assert!(stderr.contains("renew it with General Counsel"), "{stderr}");
    assert!(!stderr.contains("agt.stop-control"), "{stderr}");
    // `assess` reports the waiver in its report; only the gate warns.
    let out = mera_in(&dir, &["assess", "--isolated", "readiness.yaml"])
        .output()
        .unwrap();
    assert!(
        !String::from_utf8(out.stderr)
            .unwrap()
            .contains("waiver-expiring")
    );
}

#[test]
fn template_placeholders_and_a_future_date_draw_warnings() {
    let dir = scratch("placeholders");
    let out = mera_in(&dir, &["init", "--as-of", "2027-01-10"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = std::fs::read_to_string(dir.join("readiness.yaml")).unwrap();
    let filled = text
        .replace(
            "develops_frontier_models:",
            "develops_frontier_models: false",
        )
        .replace("deploys_ai_agents:", "deploys_ai_agents: true")
        .replace(
            "critical_infrastructure_operator:",
            "critical_infrastructure_operator: false",
        );
    std::fs::write(dir.join("readiness.yaml"), filled).unwrap();
    let out = mera_in(&dir, &["assess", "readiness.yaml"])
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("warning[template-placeholder]: readiness.yaml:")
            && stderr.contains("(`name: Your organization` and `assessed_by: Your role`)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("warning[future-as-of]: readiness.yaml:")
            && stderr.contains("48 days after today (2026-11-23)"),
        "{stderr}"
    );
}

/// An expired waiver fails the gate, so every summary layout counts it.
#[test]
fn every_summary_layout_shows_expired_waivers() {
    let file = "tests/fixtures/expired-waiver.yaml";
    let (code, table, _) = run(&["summary", file]);
    assert_eq!(code, 0);
    let header = table.lines().nth(1).unwrap();
    assert!(header.contains("┆ Expired ┆ Expiring ┆"), "{table}");
    let row = table.lines().nth(3).unwrap();
    assert!(row.contains("┆       1 ┆        0 ┆"), "{table}");
    let (_, markdown, _) = run(&["summary", "--format", "markdown", file]);
    assert!(
        markdown.contains("| 0 | 0 | 1 | 0 | `tests/fixtures/expired-waiver.yaml` |"),
        "{markdown}"
    );
    let (_, csv, _) = run(&["summary", "--format", "csv", file]);
    assert!(
        csv.lines().nth(1).unwrap().contains(",0,1,2026-11-20,"),
        "{csv}"
    );
    let (_, json, _) = run(&["summary", "--format", "json", file]);
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(doc["rows"][0]["waivers_expired"], 1);
    assert_eq!(doc["tool"]["name"], "mera");
    assert!(doc["notice"].as_str().unwrap().contains("not a violation"));
}

/// `check --format github` says why it exits 1: one `::error` per failure
/// of the gate, the expired waiver at its line.
#[test]
fn github_annotations_carry_every_gate_failure() {
    let (code, stdout, _) = run(&[
        "check",
        "--isolated",
        "--fail-on",
        "none",
        "--allow-unanswered",
        "--format",
        "github",
        "tests/fixtures/expired-waiver.yaml",
    ]);
    assert_eq!(code, 1);
    let errors: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("::error "))
        .collect();
    assert_eq!(errors.len(), 1, "{stdout}");
    assert_eq!(
        errors[0],
        "::error file=tests/fixtures/expired-waiver.yaml,line=20,col=5,title=mera gate%3A expired waiver::the waiver for `agt.data-use` expired after 2026-11-19."
    );
    // The gap the waiver covered does not fail the gate (fail_on = none):
    // a warning, not an error.
    assert!(
        stdout.contains("::warning file=tests/fixtures/expired-waiver.yaml,line=18,col=3,title=medium readiness gap (not failing the gate)%3A agt.data-use::"),
        "{stdout}"
    );
    assert!(
        stdout
            .lines()
            .last()
            .unwrap()
            .contains("the gate failed: 1 failure")
    );
}

/// The gated machine formats, pinned: `check` over the sample config.
#[test]
fn gated_machine_formats_are_pinned() {
    for format in ["github", "junit", "sarif"] {
        let (code, stdout, stderr) = run(&[
            "check",
            "--config",
            "examples/mera.toml",
            "--as-of",
            "2026-11-20",
            "--format",
            format,
            "examples/frontier-lab.yaml",
        ]);
        assert_eq!(code, 1, "{stderr}");
        insta::assert_snapshot!(format!("gated_frontier-lab_{format}"), stdout);
    }
}

/// Under `--format json`, a bad flag is a JSON problem on standard output,
/// like every other problem, not clap's text.
#[test]
fn a_bad_flag_under_format_json_is_a_json_problem() {
    for args in [
        &[
            "assess",
            "--format",
            "json",
            "--bogus",
            "examples/agent-retailer.yaml",
        ][..],
        &["check", "--format=json", "--fail-on", "sever"],
        &["explain", "-f", "json", "agt.inventory", "--extra"],
    ] {
        let (code, stdout, stderr) = run(args);
        assert_eq!(code, 2, "{args:?}");
        assert!(stderr.is_empty(), "{args:?}: {stderr}");
        let doc: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(doc["problems"][0]["code"], "usage", "{stdout}");
        assert!(doc["problems"][0]["message"].as_str().unwrap().len() > 10);
    }
    // Text otherwise, and help still goes to standard output with exit 0.
    let (code, _, stderr) = run(&["assess", "--bogus", "examples/agent-retailer.yaml"]);
    assert_eq!(code, 2);
    assert!(
        stderr.starts_with("error: unexpected argument '--bogus'"),
        "{stderr}"
    );
    let (code, stdout, _) = run(&["assess", "--format", "json", "--help"]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("Score answers files"), "{stdout}");
}

/// Wrong indentation, each reported at the line to fix with what to do:
/// the exact inputs a new user wrote.
#[test]
fn wrong_indentation_is_reported_where_it_is_with_the_fix() {
    let dir = scratch("indentation");
    let head =
        format!("mera: 1\norganization: {{name: X, as_of: 2026-11-20}}\n{PROFILE}answers:\n");
    let cases = [
        (
            "un-indented answer, reported at its own line (not the next answer's)",
            "  agt.inventory: yes\nagt.stop-control: no\n  agt.identity-use: yes\n",
            "6:1: `agt.stop-control` is indented less than the lines around it, so it ended `answers`",
            "help: indent it by 2 spaces more, like the entries of `answers` around it",
        ),
        (
            "un-indented last answer",
            "  agt.inventory: yes\nagt.stop-control: no\n",
            "6:1: `agt.stop-control` is a question id, but it is not indented under `answers:`",
            "help: indent `agt.stop-control` like the other answers (2 spaces)",
        ),
        (
            "over-indented under a short answer",
            "  agt.inventory: yes\n    agt.stop-control: no\n  agt.identity-use: yes\n",
            "6:5: `agt.stop-control` is indented under `agt.inventory`, which already has a value (line 5)",
            "help: indent `agt.stop-control` like `agt.inventory` (2 spaces)",
        ),
        (
            "over-indented under a long form's value",
            "  agt.inventory:\n    answer: yes\n      agt.stop-control: no\n",
            "7:7: `agt.stop-control` is indented under `answer`, which already has a value (line 6)",
            "help: indent `agt.stop-control` like `agt.inventory` (2 spaces)",
        ),
        (
            "over-indented into a long form: a question id, not a long-form key",
            "  agt.inventory:\n    answer: yes\n    agt.stop-control: no\n",
            "7:5: `agt.stop-control` is a question id, but it is indented as part of the answer to `agt.inventory`",
            "help: indent `agt.stop-control` like the other answers (2 spaces)",
        ),
        (
            "a tab after the colon",
            "  agt.inventory:\tyes\n",
            "5:17: a tab follows the colon",
            "help: YAML needs a space after `key:`, not a tab: replace the tab with a space",
        ),
        (
            "a tab as indentation",
            "  agt.inventory: yes\n\tagt.stop-control: no\n",
            "6:1: this line is indented with a tab",
            "help: this line holds a tab, and YAML indents with spaces only",
        ),
    ];
    for (what, answers, error, help) in cases {
        std::fs::write(dir.join("r.yaml"), format!("{head}{answers}")).unwrap();
        let out = mera_in(&dir, &["validate", "--isolated", "r.yaml"])
            .output()
            .unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(2), "{what}: {stderr}");
        assert!(
            stderr.contains(&format!("r.yaml:{error}\n")),
            "{what}: {stderr}"
        );
        assert!(stderr.contains(help), "{what}: {stderr}");
        assert_eq!(stderr.matches("error[").count(), 1, "{what}: {stderr}");
    }
}

/// A gap whose waiver expired says so on its own line; the area table says
/// "n/a" so area names keep their room; every header line continues indented.
#[test]
fn the_terminal_report_says_a_waiver_expired_and_keeps_names_whole() {
    let (_, table, _) = run(&[
        "assess",
        "--as-of",
        "2026-11-23",
        "tests/fixtures/expired-waiver.yaml",
    ]);
    let lines: Vec<&str> = table.lines().collect();
    let gap = lines
        .iter()
        .position(|l| l.contains("· agt.data-use ·"))
        .unwrap();
    assert!(
        lines[gap + 1]
            .starts_with("    Waiver EXPIRED after 2026-11-19 (approved by General Counsel):"),
        "{table}"
    );
    assert!(
        table.contains("│ Covered frontier model engagement    ┆   n/a ┆"),
        "{table}"
    );
    assert!(!table.contains("not applicable ┆"), "{table}");
    let (_, md, _) = run(&[
        "assess",
        "--as-of",
        "2026-11-23",
        "--format",
        "markdown",
        "tests/fixtures/expired-waiver.yaml",
    ]);
    assert!(
        md.contains("| no; waiver expired after 2026-11-19 |"),
        "{md}"
    );
    let (_, lab, _) = run(&["assess", "examples/frontier-lab.yaml"]);
    let lines: Vec<&str> = lab.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with("Unredacted copy:"))
        .unwrap();
    assert!(lines[at + 1].starts_with("  before sharing"), "{lab}");
}

/// Typos a new user makes get the fix: answer words one slip away, `na`
/// for `n/a`, and dates with the year first but the wrong separators.
#[test]
fn typos_get_did_you_mean() {
    let dir = scratch("typos");
    let text = format!(
        "mera: 1\norganization: {{name: X, as_of: 2027/04/01}}\n{PROFILE}answers:\n  agt.inventory: yse\n  agt.stop-control: na\n  gov.national-security-customers: na\n  agt.identity-use: {{answer: yes, evidence: [a.pdf], reviewed: 2027-4-1}}\n"
    );
    std::fs::write(dir.join("r.yaml"), text).unwrap();
    let out = mera_in(&dir, &["validate", "--isolated", "r.yaml"])
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    for expected in [
        "r.yaml:2:32: `as_of` `2027/04/01` is not a valid date",
        "help: did you mean 2027-04-01? Write dates as YYYY-MM-DD",
        "r.yaml:5:18: `yse` is not an answer to `agt.inventory`\n  |\n5 |   agt.inventory: yse\n  |                  ^^^\n  = help: did you mean `yes`?",
        "r.yaml:6:21: `agt.stop-control` cannot be answered `n/a`",
        "r.yaml:7:36: `na` is not an answer to `gov.national-security-customers`\n  |\n7 |   gov.national-security-customers: na\n  |                                    ^^\n  = help: did you mean `n/a`?",
        "`reviewed` `2027-4-1` is not a valid date",
    ] {
        assert!(stderr.contains(expected), "{expected}\n---\n{stderr}");
    }
    let (code, _, stderr) = run(&[
        "assess",
        "--as-of",
        "2026/11/20",
        "examples/agent-retailer.yaml",
    ]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("did you mean --as-of 2026-11-20?"),
        "{stderr}"
    );
}

/// The errors that had no fix have one; YAML in a `.toml` file is named.
#[test]
fn errors_that_had_no_fix_have_one() {
    let dir = scratch("fixes");
    let text = format!(
        "mera: 1\norganization: {{name: X, as_of: 2026-11-20}}\n{PROFILE}answers:\n  agt.inventory: no\nwaivers:\n  - question: agt.inventory\n    reason: Later.\n    expires: 2027-01-31\n"
    );
    std::fs::write(dir.join("r.yaml"), &text).unwrap();
    std::fs::write(dir.join("r.toml"), &text).unwrap();
    std::fs::write(dir.join("mera.toml"), "[check]\nfail_under = 170\n").unwrap();
    let stderr = |args: &[&str]| {
        let out = mera_in(&dir, args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        String::from_utf8(out.stderr).unwrap()
    };
    let e = stderr(&["validate", "--isolated", "r.yaml"]);
    assert!(e.contains("a waiver is missing `approved_by`"), "{e}");
    assert!(
        e.contains("help: add `approved_by: General Counsel` to the waiver: who approved it"),
        "{e}"
    );
    let e = stderr(&["validate", "--isolated", "r.toml"]);
    assert!(
        e.starts_with("error[wrong-type]: r.toml:1:1: this is YAML read as TOML\n"),
        "{e}"
    );
    assert!(e.contains("help: name the file `.yaml`"), "{e}");
    let e = stderr(&["validate", "mera.toml"]);
    assert!(e.contains("`fail_under` must be between 0 and 100"), "{e}");
    assert!(
        e.contains("help: write the lowest overall score that passes, from 0 to 100"),
        "{e}"
    );
    let e = stderr(&["check", "--isolated", "--fail-under", "150", "r.yaml"]);
    assert!(e.contains("e.g. --fail-under 70"), "{e}");
}

/// `mera man --dir DIR` writes the top page and one per subcommand, named
/// as the top page refers to them.
#[test]
fn man_dir_writes_a_page_per_subcommand() {
    let dir = scratch("man-pages");
    let out_dir = dir.join("man1");
    let (code, stdout, stderr) = run(&["man", "--dir", out_dir.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    let top = std::fs::read_to_string(out_dir.join("mera.1")).unwrap();
    let (_, help, _) = run(&["--help"]);
    let subcommands: Vec<&str> = help
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter(|l| !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|s| *s != "help")
        .collect();
    assert!(subcommands.len() >= 16, "{help}");
    assert!(
        stdout.starts_with(&format!("Wrote {} man pages to ", subcommands.len() + 1)),
        "{stdout}"
    );
    for sub in subcommands {
        let page = std::fs::read_to_string(out_dir.join(format!("mera-{sub}.1")))
            .unwrap_or_else(|e| panic!("mera-{sub}.1: {e}"));
        assert!(
            page.starts_with(&format!(
                ".ie \\n(.g .ds Aq \\(aq\n.el .ds Aq '\n.TH mera-{sub} 1"
            )),
            "{sub}: {}",
            &page[..80]
        );
        assert!(
            top.contains(&format!("mera\\-{sub}(1)")),
            "the top page names mera-{sub}(1)"
        );
    }
    // Without --dir, the top page is printed, as before.
    let (code, printed, _) = run(&["man"]);
    assert_eq!(code, 0);
    assert_eq!(printed, top);
    // A file where the folder should be is refused.
    let (code, _, stderr) = run(&["man", "--dir", out_dir.join("mera.1").to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("is not a folder"), "{stderr}");
}
