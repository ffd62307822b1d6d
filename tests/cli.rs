//! End-to-end tests of the `mera` binary: arguments, exit status, stdout and
//! stderr, pinned with insta-cmd snapshots. Inputs live in `tests/fixtures`
//! and `examples`; hostile files are generated into a scratch folder.

mod common;

use std::io::Write as _;

use common::{mera, mera_in, root, run, scratch};
use insta_cmd::assert_cmd_snapshot;

// ---- gate ---------------------------------------------------------------

#[test]
fn check_passes_a_ready_organization() {
    assert_cmd_snapshot!(mera(&[
        "check",
        "--config",
        "examples/mera.toml",
        "examples/agent-retailer.yaml"
    ]));
}

#[test]
fn check_fails_with_reasons_from_the_config_files_list() {
    let mut cmd = mera(&["check"]);
    cmd.current_dir(root().join("examples"));
    assert_cmd_snapshot!(cmd);
}

#[test]
fn check_exit_zero_reports_without_failing() {
    let (code, stdout, _) = run(&["check", "--config", "examples/mera.toml", "--exit-zero"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("FAIL examples/frontier-lab.yaml"));
}

#[test]
fn flags_override_the_config() {
    let args = [
        "check",
        "--config",
        "examples/mera.toml",
        "--fail-under",
        "50",
        "--fail-on",
        "none",
    ];
    // With the thresholds lowered, only the lab's unanswered question fails.
    let (code, stdout, _) = run(&args);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("fail_under 50, fail_on none"));
    assert!(stdout.contains("1 applicable question is unanswered (`tdw.customer-messaging`)"));
    assert_eq!(stdout.matches("\n  - ").count(), 1, "{stdout}");
    let (code, stdout, _) = run(&[&args[..], &["--allow-unanswered"]].concat());
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("unanswered questions allowed"));
}

#[test]
fn an_expired_waiver_fails_the_gate() {
    assert_cmd_snapshot!(mera(&[
        "check",
        "--isolated",
        "--fail-on",
        "none",
        "tests/fixtures/expired-waiver.yaml"
    ]));
}

#[test]
fn assess_fail_flags_gate_the_report() {
    let (code, stdout, _) = run(&[
        "assess",
        "examples/frontier-lab.yaml",
        "--fail-under",
        "90",
        "--format",
        "markdown",
    ]);
    assert_eq!(code, 1);
    assert!(stdout.contains("**Gate failed.**"));
    assert!(stdout.contains("score 62.7 is below the threshold 90"));
}

#[test]
fn check_without_files_is_a_usage_error() {
    let dir = scratch("no-files");
    std::fs::write(dir.join(".git"), "").unwrap();
    assert_cmd_snapshot!(mera_in(&dir, &["check"]));
}

// ---- bad input -------------------------------------------------------------

#[test]
fn malformed_yaml_names_the_place() {
    assert_cmd_snapshot!(mera(&["assess", "tests/fixtures/malformed.yaml"]));
}

#[test]
fn misspelled_ids_and_keys_get_did_you_mean() {
    assert_cmd_snapshot!(mera(&["assess", "tests/fixtures/misspelled.yaml"]));
}

#[test]
fn duplicate_keys_are_errors_at_the_duplicate() {
    assert_cmd_snapshot!(mera(&["assess", "tests/fixtures/duplicate-key.yaml"]));
}

#[test]
fn a_wait_without_a_decision_date_is_an_error_with_the_fix() {
    assert_cmd_snapshot!(mera(&["validate", "tests/fixtures/missing-decide-by.yaml"]));
}

#[test]
fn answer_words_are_checked_and_booleans_accepted() {
    assert_cmd_snapshot!(mera(&["validate", "tests/fixtures/na-and-booleans.yaml"]));
}

#[test]
fn alias_bombs_are_refused_quickly() {
    let start = std::time::Instant::now();
    let (code, _, stderr) = run(&["assess", "tests/fixtures/alias-bomb.yaml"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("error[too-many-nodes]: tests/fixtures/alias-bomb.yaml:"),
        "{stderr}"
    );
    assert!(start.elapsed().as_secs() < 5);
}

#[test]
fn hostile_files_exit_2_with_a_place() {
    let dir = scratch("hostile");
    std::fs::write(
        dir.join("deep.yaml"),
        format!("mera: 1\nx: {}{}\n", "[".repeat(5000), "]".repeat(5000)),
    )
    .unwrap();
    let block: String = (0..300)
        .map(|i| format!("{}k{i}:\n", "  ".repeat(i)))
        .collect();
    std::fs::write(dir.join("deep-block.yaml"), block).unwrap();
    std::fs::write(
        dir.join("latin1.yaml"),
        b"mera: 1\norganization:\n  name: Caf\xe9\n",
    )
    .unwrap();
    std::fs::write(dir.join("huge.yaml"), "# padding\n".repeat(500_000)).unwrap();
    std::fs::create_dir(dir.join("folder.yaml")).unwrap();
    for (file, code) in [
        ("deep.yaml", "error[yaml-syntax]: deep.yaml:2:"),
        ("deep-block.yaml", "error[too-deep]: deep-block.yaml:"),
        ("latin1.yaml", "error[not-utf8]: latin1.yaml:3:12"),
        ("huge.yaml", "error[too-large]: huge.yaml"),
        ("folder.yaml", "error[unreadable]: folder.yaml"),
        ("missing.yaml", "error[unreadable]: missing.yaml"),
    ] {
        let out = mera_in(&dir, &["assess", file]).output().unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(2), "{file}: {stderr}");
        assert!(stderr.starts_with(code), "{file}: {stderr}");
        assert!(!stderr.contains("panicked"), "{file}: {stderr}");
    }
}

#[test]
fn bad_flags_are_usage_errors() {
    let (code, _, stderr) = run(&[
        "assess",
        "examples/agent-retailer.yaml",
        "--as-of",
        "20/11/2026",
    ]);
    assert_eq!(
        (code, stderr.as_str()),
        (
            2,
            "error: `20/11/2026` is not a date: write --as-of YYYY-MM-DD (e.g. --as-of 2026-11-20) or --as-of today\n"
        )
    );
    let (code, _, stderr) = run(&[
        "assess",
        "examples/agent-retailer.yaml",
        "--output",
        "pdf:x.pdf",
    ]);
    assert_eq!(
        (code, stderr.as_str()),
        (
            2,
            "error: unknown format `pdf`: use table, markdown, json, jsonl, html, sarif, junit, github\n"
        )
    );
}

// ---- questionnaires ----------------------------------------------------------

#[test]
fn validate_accepts_the_shipped_content_and_examples() {
    assert_cmd_snapshot!(mera(&["validate", "questionnaires", "examples"]));
}

#[test]
fn validate_reports_every_problem_in_a_custom_questionnaire() {
    assert_cmd_snapshot!(mera(&["validate", "tests/fixtures/bad-questionnaire"]));
}

#[test]
fn renamed_question_ids_load_with_a_warning() {
    assert_cmd_snapshot!(mera(&[
        "assess",
        "--isolated",
        "--questionnaires",
        "tests/fixtures/custom",
        "--format",
        "json",
        "tests/fixtures/renamed.yaml"
    ]));
}

#[test]
fn browse_commands() {
    assert_cmd_snapshot!("questionnaires", mera(&["questionnaires"]));
    assert_cmd_snapshot!("show", mera(&["show", "thirty-day-window"]));
    assert_cmd_snapshot!("explain", mera(&["explain", "tdw.release-buffer"]));
    assert_cmd_snapshot!("explain_typo", mera(&["explain", "tdw.release-bufer"]));
    // Short citations, each once: both §4 entries read as one "§4".
    let (_, cfaa, _) = run(&["show", "agent-cfaa"]);
    assert!(cfaa.contains("agt.inventory [high; §4]\n"), "{cfaa}");
    assert!(cfaa.contains("[critical; 18 U.S.C. §1030 (CFAA), §4, Van Buren (2021)‡]"));
    assert!(!cfaa.contains("§4, §4"));
    let (_, grant, _) = run(&["explain", "gov.grant-funding"]);
    assert!(
        grant.contains("Subsection inferred from secondary sources; confirm against the text.")
    );
}

#[test]
fn a_missing_release_date_is_reported_not_hidden() {
    let dir = scratch("no-release-date");
    let original = std::fs::read_to_string(root().join("examples/frontier-lab.yaml")).unwrap();
    let edited = original.replace("  planned_trusted_partner_release: 2027-03-01\n", "");
    assert_ne!(edited, original);
    std::fs::write(dir.join("lab.yaml"), edited).unwrap();
    for format in ["table", "markdown"] {
        let out = mera_in(
            &dir,
            &["assess", "--isolated", "--format", format, "lab.yaml"],
        )
        .output()
        .unwrap();
        // The terminal report wraps at 80 columns, and Markdown escapes `_`:
        // compare words, unescaped.
        let stdout = String::from_utf8(out.stdout).unwrap();
        let words = stdout
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .replace('\\', "");
        assert!(
            words.contains(
                "Dates not computed: planned_trusted_partner_release is not in the profile (tdw.release-buffer, "
            ),
            "{format}: {stdout}"
        );
        assert!(
            stdout.contains("62.7/100"),
            "{format}: the score does not move"
        );
    }
}

#[test]
fn help_is_pinned_for_every_command() {
    assert_cmd_snapshot!("help", mera(&["--help"]));
    for command in [
        "assess",
        "check",
        "summary",
        "validate",
        "init",
        "questionnaires",
        "show",
        "explain",
        "schema",
        "completions",
        "man",
    ] {
        assert_cmd_snapshot!(format!("{command}_help"), mera(&[command, "--help"]));
    }
}

#[test]
fn show_offers_did_you_mean() {
    assert_cmd_snapshot!(mera(&["show", "thirty-day-windw"]));
}

#[test]
fn browse_commands_print_json() {
    for args in [
        vec!["questionnaires", "--format", "json"],
        vec!["show", "thirty-day-window", "--format", "json"],
        vec!["explain", "tdw.release-buffer", "--format", "json"],
    ] {
        let (code, stdout, stderr) = run(&args);
        assert_eq!(code, 0, "{args:?}: {stderr}");
        let v: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
        assert!(v.is_object(), "{args:?}");
    }
    let (_, stdout, _) = run(&["explain", "tdw.release-buffer", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["question"]["id"], "tdw.release-buffer");
    assert_eq!(
        v["question"]["provisions"][0]["force"],
        "voluntary-framework"
    );
}

#[test]
fn completions_and_man_page_are_generated() {
    for (shell, marker) in [
        ("bash", "_mera()"),
        ("zsh", "#compdef mera"),
        ("fish", "complete -c mera"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let (code, stdout, _) = run(&["completions", shell]);
        assert_eq!(code, 0, "{shell}");
        assert!(stdout.contains(marker), "{shell}");
        assert!(stdout.contains("assess"), "{shell}");
    }
    let (code, stdout, _) = run(&["man"]);
    assert_eq!(code, 0);
    assert!(
        stdout.starts_with(".ie"),
        "{}",
        &stdout[..40.min(stdout.len())]
    );
    assert!(stdout.contains(".TH mera 1"));
    assert!(stdout.contains("Exit codes"));
}

// ---- init ----------------------------------------------------------------

#[test]
fn init_writes_a_template_that_lists_every_question_and_never_overwrites() {
    let dir = scratch("init");
    let (code, _, _) = {
        let out = mera_in(&dir, &["init", "--as-of", "2026-11-20"])
            .output()
            .unwrap();
        (out.status.code(), (), ())
    };
    assert_eq!(code, Some(0));
    let text = std::fs::read_to_string(dir.join("readiness.yaml")).unwrap();
    let (_, listing, _) = run(&["questionnaires"]);
    let shown: usize = listing
        .lines()
        .filter_map(|l| l.split_whitespace().nth(2)?.parse::<usize>().ok())
        .sum();
    let commented = text
        .lines()
        .filter(|l| l.trim_start().starts_with("# ") && l.contains(": ") && l.contains(" | "))
        .count();
    assert_eq!(commented, shown);
    insta::assert_snapshot!("init_template", text);
    // A second run refuses and leaves the file as it was.
    std::fs::write(dir.join("readiness.yaml"), "mine\n").unwrap();
    let out = mera_in(&dir, &["init"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(dir.join("readiness.yaml")).unwrap(),
        "mine\n"
    );
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("never overwrites")
    );
}

#[test]
fn init_fills_an_empty_file_and_refuses_any_other() {
    let dir = scratch("init-empty");
    let fresh = scratch("init-empty-fresh");
    assert!(
        mera_in(&fresh, &["init", "--as-of", "2026-11-20", "e.yaml"])
            .status()
            .unwrap()
            .success()
    );
    let template = std::fs::read_to_string(fresh.join("e.yaml")).unwrap();
    // Empty, or only white space: as if it were missing.
    for blank in ["", " \n\n\t\n"] {
        std::fs::write(dir.join("e.yaml"), blank).unwrap();
        let out = mera_in(&dir, &["init", "--as-of", "2026-11-20", "e.yaml"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert!(
            stdout.starts_with("Filled the empty file e.yaml"),
            "{stdout}"
        );
        assert_eq!(
            std::fs::read_to_string(dir.join("e.yaml")).unwrap(),
            template
        );
        assert!(dir.join("mera.schema.json").is_file());
    }
    // Anything else is never overwritten.
    std::fs::write(dir.join("e.yaml"), "\n# mine\n").unwrap();
    let out = mera_in(&dir, &["init", "e.yaml"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("never overwrites")
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("e.yaml")).unwrap(),
        "\n# mine\n"
    );
}

#[test]
fn a_filled_in_template_assesses() {
    let dir = scratch("init-fill");
    assert!(
        mera_in(&dir, &["init", "--as-of", "2026-11-20", "r.yaml"])
            .status()
            .unwrap()
            .success()
    );
    let text = std::fs::read_to_string(dir.join("r.yaml")).unwrap();
    let empty = mera_in(&dir, &["assess", "r.yaml"]).output().unwrap();
    assert_eq!(
        empty.status.code(),
        Some(2),
        "the profile must be filled in first"
    );
    let filled = text
        .replace(
            "develops_frontier_models:    # required",
            "develops_frontier_models: false   # required",
        )
        .replace(
            "deploys_ai_agents:    # required",
            "deploys_ai_agents: true   # required",
        )
        .replace(
            "critical_infrastructure_operator:    # required",
            "critical_infrastructure_operator: false   # required",
        )
        .replace(
            "  # agt.inventory: yes | partial | no | unknown",
            "  agt.inventory: yes",
        );
    std::fs::write(dir.join("r.yaml"), filled).unwrap();
    let out = mera_in(&dir, &["assess", "r.yaml", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("\"question\": \"agt.authorization-basis\"")
    );
}

// ---- reports -------------------------------------------------------------

#[test]
fn every_format_over_every_example_is_pinned() {
    for example in [
        "frontier-lab.yaml",
        "agent-retailer.yaml",
        "community-bank.toml",
        "nonus-developer.yaml",
    ] {
        for format in ["table", "markdown", "json"] {
            let path = format!("examples/{example}");
            let (code, stdout, stderr) = run(&[
                "assess",
                "--isolated",
                "--as-of",
                "2026-11-20",
                "--format",
                format,
                &path,
            ]);
            assert_eq!(code, 0, "{stderr}");
            let name = format!("report_{}_{format}", example.split('.').next().unwrap());
            insta::assert_snapshot!(name, stdout);
        }
    }
}

#[test]
fn machine_and_board_formats_are_pinned() {
    for format in ["html", "sarif", "junit", "github"] {
        let (code, stdout, stderr) = run(&[
            "assess",
            "--isolated",
            "--as-of",
            "2026-11-20",
            "--format",
            format,
            "examples/frontier-lab.yaml",
        ]);
        assert_eq!(code, 0, "{stderr}");
        insta::assert_snapshot!(format!("report_frontier-lab_{format}"), stdout);
    }
}

#[test]
fn a_redacted_copy_says_what_was_withheld_and_marks_each_place() {
    let (_, md, _) = run(&[
        "assess",
        "--format",
        "markdown",
        "--redact",
        "examples/frontier-lab.yaml",
    ]);
    // In a privileged file every note is confidential unless it says not:
    // all eleven of the frontier lab's.
    assert!(md.contains("Redacted copy: 11 confidential notes withheld"));
    // Once in the summary line, then at each of the eleven places.
    assert_eq!(md.matches("\\[confidential note withheld\\]").count(), 12);
    let (_, open, _) = run(&[
        "assess",
        "--format",
        "markdown",
        "examples/frontier-lab.yaml",
    ]);
    assert!(open.contains("11 confidential notes are marked \\[confidential\\]"));
    assert!(open.contains("\\[confidential\\] Weights and system prompts covered"));
}

#[test]
fn one_command_writes_html_sarif_junit_and_markdown() {
    let dir = scratch("all-formats");
    let path = |f: &str| dir.join(f).display().to_string();
    let (code, _, stderr) = run(&[
        "assess",
        "examples/frontier-lab.yaml",
        "--output",
        &format!("html:{}", path("r.html")),
        "--output",
        &format!("sarif:{}", path("r.sarif")),
        "--output",
        &format!("junit:{}", path("r.xml")),
        "--output",
        &format!("markdown:{}", path("r.md")),
    ]);
    assert_eq!(code, 0, "{stderr}");
    let read = |f: &str| std::fs::read_to_string(dir.join(f)).unwrap();
    assert!(read("r.html").starts_with("<!DOCTYPE html>"));
    let sarif: serde_json::Value = serde_json::from_str(&read("r.sarif")).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    assert!(read("r.xml").starts_with("<?xml"));
    assert!(read("r.md").contains("# EO 14409 readiness"));
}

#[test]
fn check_takes_formats_and_places_failures_at_file_line_col() {
    let (code, stdout, _) = run(&["check", "--config", "examples/mera.toml"]);
    assert_eq!(code, 1);
    assert!(
        stdout.contains(
            "  - examples/frontier-lab.yaml:81:3: open critical gap `tdw.release-buffer`"
        ),
        "{stdout}"
    );
    let (code, stdout, _) = run(&[
        "check",
        "--config",
        "examples/mera.toml",
        "--format",
        "junit",
    ]);
    assert_eq!(code, 1);
    assert!(stdout.starts_with("<?xml"));
    let (code, stdout, _) = run(&[
        "check",
        "--config",
        "examples/mera.toml",
        "--format",
        "github",
    ]);
    assert_eq!(code, 1);
    let lab = std::fs::read_to_string(root().join("examples/frontier-lab.yaml")).unwrap();
    let line = lab
        .lines()
        .position(|l| l.starts_with("  tdw.release-buffer:"))
        .unwrap()
        + 1;
    let place = format!("::error file=examples/frontier-lab.yaml,line={line},col=3,");
    assert!(stdout.contains(&place), "{place}\n{stdout}");
}

#[test]
fn input_problems_print_as_json_with_format_json() {
    for command in ["assess", "check"] {
        let (code, stdout, stderr) = run(&[
            command,
            "--isolated",
            "--format",
            "json",
            "tests/fixtures/misspelled.yaml",
        ]);
        assert_eq!(code, 2, "{command}");
        assert_eq!(stderr, "", "{command}");
        let v: serde_json::Value = serde_json::from_str(&stdout).expect("JSON problems");
        assert_eq!(v["format_version"], 1);
        let first = &v["problems"][0];
        assert_eq!(first["file"], "tests/fixtures/misspelled.yaml");
        assert!(first["line"].as_u64().unwrap() > 0);
        assert!(first["column"].as_u64().unwrap() > 0);
        assert!(first["code"].is_string() && first["message"].is_string());
    }
    let (code, stdout, _) = run(&[
        "assess",
        "--format",
        "json",
        "--as-of",
        "soon",
        "examples/frontier-lab.yaml",
    ]);
    assert_eq!(code, 2);
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["problems"][0]["code"], "usage");
}

#[test]
fn the_privilege_legend_comes_from_the_answers_file_then_the_config() {
    let dir = scratch("legend");
    let text = std::fs::read_to_string(root().join("examples/frontier-lab.yaml")).unwrap();
    std::fs::write(dir.join(".git"), "").unwrap();
    std::fs::write(dir.join("a.yaml"), &text).unwrap();
    std::fs::write(
        dir.join("b.yaml"),
        text.replace(
            "  privileged: true\n",
            "  privileged: true\n  privilege_legend: Attorney–Client Privileged / Matter 2026-114\n",
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("mera.toml"),
        "[report]\nprivilege_legend = \"Attorney Work Product / Matter 77\"\n",
    )
    .unwrap();
    let out = |f: &str| {
        let o = mera_in(&dir, &["assess", "--format", "markdown", f])
            .output()
            .unwrap();
        String::from_utf8(o.stdout).unwrap()
    };
    assert!(out("a.yaml").starts_with("> **Attorney Work Product / Matter 77**"));
    assert!(out("b.yaml").starts_with("> **Attorney–Client Privileged / Matter 2026-114**"));
}

#[test]
fn sarif_locations_are_relative_to_the_repository_root() {
    let dir = scratch("sarif-root");
    std::fs::create_dir_all(dir.join("compliance")).unwrap();
    std::fs::write(dir.join(".git"), "").unwrap();
    std::fs::copy(
        root().join("examples/frontier-lab.yaml"),
        dir.join("compliance/readiness.yaml"),
    )
    .unwrap();
    // Run from a subfolder: the path is still from the repository root.
    let out = mera_in(
        &dir.join("compliance"),
        &["assess", "--format", "sarif", "readiness.yaml"],
    )
    .output()
    .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let uri =
        &v["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
    assert_eq!(uri, "compliance/readiness.yaml");
}

#[test]
fn init_writes_the_schema_and_points_the_editor_at_it() {
    let dir = scratch("init-schema");
    let out = mera_in(&dir, &["init", "--as-of", "2026-11-20"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = std::fs::read_to_string(dir.join("readiness.yaml")).unwrap();
    assert!(text.starts_with("# yaml-language-server: $schema=mera.schema.json\n"));
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("mera.schema.json")).unwrap())
            .unwrap();
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    let out = mera_in(
        &dir,
        &[
            "init",
            "--as-of",
            "2026-11-20",
            "--schema",
            "schemas/answers.json",
            "sub/r.yaml",
        ],
    )
    .output()
    .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(dir.join("sub/r.yaml")).unwrap();
    assert!(text.starts_with("# yaml-language-server: $schema=../schemas/answers.json\n"));
    assert!(dir.join("schemas/answers.json").is_file());
}

/// `mera init` in `dir`: exit code and standard error.
fn init_in(dir: &std::path::Path, args: &[&str]) -> (Option<i32>, String) {
    let out = mera_in(dir, &[&["init", "--as-of", "2026-11-20"], args].concat())
        .output()
        .unwrap();
    (out.status.code(), String::from_utf8(out.stderr).unwrap())
}

#[test]
fn init_refreshes_only_a_schema_mera_wrote() {
    let dir = scratch("init-schema-safety");
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
    // Someone's own file at --schema is refused, and nothing is written.
    std::fs::write(dir.join("precious.yaml"), "precious\n").unwrap();
    let (code, stderr) = init_in(&dir, &["b.yaml", "--schema", "precious.yaml"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("`precious.yaml` exists and is not a schema mera wrote"),
        "{stderr}"
    );
    assert!(stderr.contains("--schema PATH"), "{stderr}");
    assert_eq!(read("precious.yaml"), "precious\n");
    assert!(!dir.join("b.yaml").exists());
    // The schema never goes over the answers file, however it is spelled.
    let (code, stderr) = init_in(&dir, &["c.yaml", "--schema", "./c.yaml"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("is the answers file"), "{stderr}");
    assert!(!dir.join("c.yaml").exists());
    // Nor over a mera.schema.json mera did not write.
    std::fs::write(dir.join("mera.schema.json"), "{\"title\": \"ours\"}\n").unwrap();
    let (code, stderr) = init_in(&dir, &["a.yaml"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("mera.schema.json` exists"), "{stderr}");
    assert_eq!(read("mera.schema.json"), "{\"title\": \"ours\"}\n");
    assert!(!dir.join("a.yaml").exists());
    // A stale schema mera wrote is brought in step with the questionnaires.
    let (_, schema, _) = run(&["schema", "--isolated"]);
    let mut stale: serde_json::Value = serde_json::from_str(&schema).unwrap();
    stale["properties"]["answers"] = serde_json::json!({});
    std::fs::write(dir.join("mera.schema.json"), stale.to_string()).unwrap();
    let (code, stderr) = init_in(&dir, &["--isolated", "a.yaml"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(read("mera.schema.json"), schema);
    assert!(dir.join("a.yaml").is_file());
}

#[test]
fn same_inputs_give_byte_identical_output() {
    let args = [
        "assess",
        "--format",
        "json",
        "examples/frontier-lab.yaml",
        "examples/nonus-developer.yaml",
    ];
    assert_eq!(run(&args), run(&args));
}

#[test]
fn output_flag_writes_several_formats_at_once() {
    let dir = scratch("outputs");
    let json = dir.join("r.json");
    let md = dir.join("r.md");
    let (code, stdout, _) = run(&[
        "assess",
        "examples/agent-retailer.yaml",
        "--format",
        "json",
        "--output",
        &format!("json:{}", json.display()),
        "--output",
        &format!("markdown:{}", md.display()),
    ]);
    assert_eq!(code, 0);
    assert_eq!(std::fs::read_to_string(json).unwrap(), stdout);
    assert!(
        std::fs::read_to_string(md)
            .unwrap()
            .starts_with("# EO 14409 readiness: Parcelwise Commerce, Inc.")
    );
}

#[test]
fn privileged_files_carry_the_banner_in_every_human_format() {
    for format in ["table", "markdown"] {
        let (_, stdout, _) = run(&["assess", "--format", format, "examples/frontier-lab.yaml"]);
        assert!(stdout.contains("PRIVILEGED & CONFIDENTIAL"), "{format}");
        let (_, stdout, _) = run(&["assess", "--format", format, "examples/agent-retailer.yaml"]);
        assert!(!stdout.contains("PRIVILEGED"), "{format}");
    }
}

#[test]
fn redact_leaves_out_confidential_notes() {
    let (_, open, _) = run(&[
        "assess",
        "--format",
        "markdown",
        "examples/frontier-lab.yaml",
    ]);
    let (_, redacted, _) = run(&[
        "assess",
        "--format",
        "markdown",
        "--redact",
        "examples/frontier-lab.yaml",
    ]);
    let secret = "Weights and system prompts covered";
    assert!(open.contains(secret));
    assert!(!redacted.contains(secret));
}

#[test]
fn colour_only_when_asked() {
    let (_, plain, _) = run(&["assess", "examples/frontier-lab.yaml"]);
    assert!(!plain.contains('\x1b'));
    let (_, forced, _) = run(&["assess", "--color", "always", "examples/frontier-lab.yaml"]);
    assert!(forced.contains("\x1b["));
    let out = mera(&["assess", "examples/frontier-lab.yaml"])
        .env_remove("NO_COLOR")
        .env("CLICOLOR_FORCE", "1")
        .output()
        .unwrap();
    assert!(String::from_utf8(out.stdout).unwrap().contains("\x1b["));
}

#[test]
fn changing_an_answer_changes_score_gap_and_action() {
    let dir = scratch("edit");
    let original = std::fs::read_to_string(root().join("examples/agent-retailer.yaml")).unwrap();
    std::fs::write(dir.join("before.yaml"), &original).unwrap();
    std::fs::write(
        dir.join("after.yaml"),
        original.replace("agt.identity-use: yes", "agt.identity-use: no"),
    )
    .unwrap();
    let json = |f: &str| {
        let out = mera_in(&dir, &["assess", "--format", "json", f])
            .output()
            .unwrap();
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    let (before, after) = (json("before.yaml"), json("after.yaml"));
    let score = |v: &serde_json::Value| v["assessments"][0]["score"].as_f64().unwrap();
    assert!(score(&after) < score(&before));
    let gaps = after["assessments"][0]["gaps"].as_array().unwrap();
    let gap = gaps
        .iter()
        .find(|g| g["question"] == "agt.identity-use")
        .expect("new gap");
    assert_eq!(gap["answer"], "no");
    assert_eq!(gap["action"]["owner"], "Head of Engineering");
}

/// Every error a new user meets carries a fix, written in the file's own
/// syntax (TOML advice for a TOML file).
#[test]
fn every_help_line_speaks_the_files_syntax() {
    let dir = scratch("help-lines");
    let write = |name: &str, text: &str| std::fs::write(dir.join(name), text).unwrap();
    let stderr = |args: &[&str]| {
        let out = mera_in(&dir, args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        String::from_utf8(out.stderr).unwrap()
    };
    write(
        "short.toml",
        "mera = 1\n[organization]\nname = \"X\"\nassessed_by = \"GC\"\nas_of = 2026-11-20\n[profile]\ndevelops_frontier_models = false\n",
    );
    let e = stderr(&["validate", "--isolated", "short.toml"]);
    assert!(
        e.contains("help: add `deploys_ai_agents = true` or `false` under `[profile]`"),
        "{e}"
    );
    assert!(!e.contains("deploys_ai_agents:"), "{e}");
    write("short.yaml", "mera: 1\n");
    let e = stderr(&["validate", "--isolated", "short.yaml"]);
    assert!(
        e.contains("help: add `organization:` with `name`, `assessed_by` and `as_of`"),
        "{e}"
    );
    assert!(e.contains("help: add `profile:` with"), "{e}");
    write("tab.yaml", "mera: 1\norganization:\n\tname: X\n");
    let e = stderr(&["validate", "--isolated", "tab.yaml"]);
    assert!(e.contains("help: this line holds a tab"), "{e}");
    write(
        "bare.toml",
        "mera = 1\n[answers]\n\"gov.board-briefing\" = yes\n",
    );
    let e = stderr(&["validate", "--isolated", "bare.toml"]);
    assert!(e.contains("error[toml-syntax]: bare.toml:3:"), "{e}");
    assert!(e.contains("help: in TOML, words are quoted"), "{e}");
    let mut child = mera_in(&dir, &["assess", "--isolated", "-"])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(&std::fs::read(dir.join("short.toml")).unwrap())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let e = String::from_utf8(out.stderr).unwrap();
    assert!(e.contains("<stdin>:1:1: this is TOML read as YAML"), "{e}");
    assert!(e.contains("add `--stdin-format toml`"), "{e}");
    // A TOML file with comments first: the same, at the first TOML line,
    // and the workshop commands read TOML from `-` with the flag.
    let bank = std::fs::read(root().join("examples/community-bank.toml")).unwrap();
    let piped = |args: &[&str]| {
        let mut child = mera(args)
            .stdin(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(&bank).unwrap();
        child.wait_with_output().unwrap()
    };
    let out = piped(&["plan", "--isolated", "-"]);
    assert_eq!(out.status.code(), Some(2));
    let e = String::from_utf8(out.stderr).unwrap();
    assert!(e.contains("this is TOML read as YAML"), "{e}");
    for args in [
        &["plan", "--isolated", "--stdin-format", "toml", "-"][..],
        &["timeline", "--isolated", "--stdin-format", "toml", "-"],
        &[
            "diff",
            "--isolated",
            "--stdin-format",
            "toml",
            "-",
            "examples/community-bank.toml",
        ],
    ] {
        let out = piped(args);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // A dated choice without its date, and values of the wrong type.
    write(
        "dated.toml",
        "mera = 1\n[organization]\nname = \"X\"\nassessed_by = \"GC\"\nas_of = 2026-11-20\n[profile]\ndevelops_frontier_models = true\ndeploys_ai_agents = false\ncritical_infrastructure_operator = false\ntraining_compute_flop = \"lots\"\n[answers]\n\"cme.engagement-decision\" = \"decline\"\n",
    );
    let e = stderr(&["validate", "--isolated", "dated.toml"]);
    assert!(
        e.contains(
            "`\"cme.engagement-decision\" = { answer = \"decline\", decide_by = YYYY-MM-DD }`"
        ),
        "{e}"
    );
    assert!(
        e.contains("help: write a plain number, without quotes or units"),
        "{e}"
    );
}

/// Every command that reads an answers file, in every format it writes:
/// a privileged file's output carries the legend in force (here the file's
/// own), an unprivileged one's never does, and in CI an unredacted
/// privileged output draws the `privileged-unredacted` warning.
#[test]
fn every_output_of_a_privileged_file_carries_its_legend() {
    let dir = scratch("legend-everywhere");
    let text = std::fs::read_to_string(root().join("examples/frontier-lab.yaml")).unwrap();
    let legend = "Attorney–Client Privileged / Matter 2026-114";
    std::fs::write(
        dir.join("lab.yaml"),
        text.replace(
            "  privileged: true\n",
            &format!("  privileged: true\n  privilege_legend: {legend}\n"),
        ),
    )
    .unwrap();
    std::fs::copy(
        root().join("examples/agent-retailer.yaml"),
        dir.join("retailer.yaml"),
    )
    .unwrap();
    let mut runs: Vec<Vec<&str>> = Vec::new();
    for f in [
        "table", "markdown", "json", "html", "sarif", "junit", "github",
    ] {
        runs.push(vec!["assess", "--format", f, "FILE"]);
    }
    for f in ["table", "markdown", "json"] {
        runs.push(vec!["plan", "--format", f, "FILE"]);
        runs.push(vec!["diff", "--format", f, "FILE", "FILE"]);
    }
    for f in ["table", "markdown", "json", "ics"] {
        runs.push(vec!["timeline", "--format", f, "FILE"]);
    }
    for f in ["table", "markdown", "csv", "json"] {
        runs.push(vec!["summary", "--format", f, "FILE"]);
    }
    for args in &runs {
        for (file, privileged) in [("lab.yaml", true), ("retailer.yaml", false)] {
            let args: Vec<&str> = args
                .iter()
                .map(|a| if *a == "FILE" { file } else { a })
                .chain(["--as-of", "2026-11-20"])
                .collect();
            let out = mera_in(&dir, &args).env("CI", "true").output().unwrap();
            let stdout = String::from_utf8(out.stdout).unwrap();
            let stderr = String::from_utf8(out.stderr).unwrap();
            assert!(stdout.len() > 100, "{args:?}: {stderr}");
            // HTML escapes the slash; iCalendar folds long lines.
            let stdout = stdout.replace("&#x2f;", "/").replace("\r\n ", "");
            assert_eq!(stdout.contains(legend), privileged, "{args:?}");
            assert!(!stdout.contains(mera::assessment::answers::DEFAULT_LEGEND));
            assert_eq!(
                stderr.contains("warning[privileged-unredacted]"),
                privileged,
                "{args:?}: {stderr}"
            );
        }
    }
    assert_eq!(runs.len(), 21);
}
