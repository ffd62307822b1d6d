//! The workshop commands end to end: `diff`, `merge`, `timeline` and `plan`
//! over fixed inputs with a fixed as-of date, every format pinned with
//! insta snapshots. (`interview` is driven through a pty in
//! `tests/interview_pty.rs`.)

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use insta_cmd::{assert_cmd_snapshot, get_cargo_bin};
use mera::assessment::Assessment;
use mera::assessment::answers::{self, Answers};
use mera::assessment::scoring::{self, Options};
use mera::content::catalog::Catalog;
use mera::content::set::QuestionnaireSet;
use mera::input::source::Source;
use mera::workshop::{self, Format};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn mera(args: &[&str]) -> Command {
    let mut cmd = Command::new(get_cargo_bin("mera"));
    cmd.current_dir(root())
        .args(args)
        .env_remove("CLICOLOR_FORCE")
        .env("NO_COLOR", "1");
    cmd
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = mera(args).output().expect("mera runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("utf-8 stdout"),
        String::from_utf8(out.stderr).expect("utf-8 stderr"),
    )
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A file scored through the library as the commands score it with
/// `--isolated --as-of 2026-11-20` (the shipped files are dated that day).
fn scored(path: &str) -> (Assessment, Answers) {
    let set = QuestionnaireSet::builtin();
    let text = std::fs::read_to_string(root().join(path)).unwrap();
    let (answers, _) =
        answers::load(&Source::new(path, text), &set).unwrap_or_else(|e| panic!("{e:#?}"));
    let date = mera::input::doc::parse_date("2026-11-20").unwrap();
    let a = scoring::assess(&set, &Catalog::builtin(), &answers, &Options::on(date));
    (a, answers)
}

/// The terminal layout at `width`: no line wider (a single word longer than
/// a line, such as a path, may run over), no word split; pinned.
fn pin_terminal(name: &str, width: u16, text: &str) {
    for line in text.lines() {
        assert!(
            line.chars().count() <= usize::from(width) || !line.trim().contains(' '),
            "{name} at {width}: {line:?}"
        );
    }
    for broken in ["Severi ty", "partia l", "Provis ions", "2026- 11"] {
        assert!(!text.contains(broken), "{name} at {width}: {broken}");
    }
    insta::assert_snapshot!(format!("{name}_terminal_{width}"), text);
}

const BEFORE: &str = "examples/frontier-lab.yaml";
const AFTER: &str = "tests/fixtures/workshop/frontier-lab-after.yaml";
const CISO: &str = "tests/fixtures/workshop/ciso.yaml";
const COUNSEL: &str = "tests/fixtures/workshop/counsel.yaml";

// ---- diff ------------------------------------------------------------------

#[test]
fn diff_formats_are_pinned() {
    let (old, new) = (scored(BEFORE), scored(AFTER));
    let d = workshop::diff::diff(
        workshop::diff::Assessed {
            assessment: &old.0,
            answers: &old.1,
        },
        workshop::diff::Assessed {
            assessment: &new.0,
            answers: &new.1,
        },
    );
    for width in [80, 120] {
        let text = workshop::diff::render(Format::Table, &d, None, width);
        pin_terminal("diff", width, &text);
    }
    // Off a terminal the command writes the 80-column layout.
    let (code, stdout, _) = run(&["diff", "--isolated", "--as-of", "2026-11-20", BEFORE, AFTER]);
    assert_eq!(code, 0);
    assert_eq!(stdout, workshop::diff::render(Format::Table, &d, None, 80));
    for format in ["markdown", "json"] {
        let (code, stdout, stderr) = run(&[
            "diff",
            "--isolated",
            "--as-of",
            "2026-11-20",
            "--format",
            format,
            BEFORE,
            AFTER,
        ]);
        assert_eq!(code, 0, "{stderr}");
        insta::assert_snapshot!(format!("diff_{format}"), stdout);
    }
}

#[test]
fn diff_fails_on_regression_at_the_severity_asked() {
    // AFTER improves the score but opens a high gap (tp.access-revocation).
    let base = ["diff", "--isolated", "--as-of", "2026-11-20", BEFORE, AFTER];
    let (code, stdout, _) = run(&[&base[..], &["--fail-on-regression"]].concat());
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stdout.contains("Regression check (score drop, or a new gap at high or above): FAILED")
    );
    // The terminal shows ids without Markdown's code marks.
    assert!(stdout.contains("  - a high gap opened: tp.access-revocation"));
    let (code, _, _) = run(&[&base[..], &["--fail-on-regression=critical"]].concat());
    assert_eq!(code, 0);
    // The other way round the score drops and a critical gap opens.
    let (code, stdout, _) = run(&[
        "diff",
        "--isolated",
        AFTER,
        BEFORE,
        "--fail-on-regression",
        "critical",
        "--format",
        "json",
    ]);
    assert_eq!(code, 1);
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["format_version"], 1);
    assert_eq!(json["regression"]["failed"], true);
    assert_eq!(json["regression"]["fail_on"], "critical");
    assert_eq!(
        json["regression"]["reasons"][0],
        "the score dropped from 66.5 to 62.7"
    );
}

#[test]
fn diff_reads_old_from_standard_input() {
    let mut child = mera(&[
        "diff",
        "--isolated",
        "-",
        AFTER,
        "--fail-on-regression=critical",
    ])
    .stdin(Stdio::piped())
    .stdout(Stdio::piped())
    .spawn()
    .unwrap();
    let text = std::fs::read(root().join(BEFORE)).unwrap();
    child.stdin.take().unwrap().write_all(&text).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("Old: <stdin>, as of 2026-11-20: 62.7, partial"),
        "{stdout}"
    );
    assert!(stdout.contains("New: tests/fixtures/workshop/frontier-lab-after.yaml"));
}

#[test]
fn diff_compares_renamed_questions_under_their_new_ids() {
    let dir = scratch("diff-renamed");
    let old = root().join("tests/fixtures/renamed.yaml");
    let text = std::fs::read_to_string(&old).unwrap();
    assert!(text.contains("cst.old-name"));
    std::fs::write(
        dir.join("new.yaml"),
        text.replace("cst.old-name: yes", "cst.new-name: no"),
    )
    .unwrap();
    let questionnaires = root().join("tests/fixtures/custom");
    let out = mera(&[
        "diff",
        "--isolated",
        "--questionnaires",
        questionnaires.to_str().unwrap(),
        "--format",
        "json",
        old.to_str().unwrap(),
        dir.join("new.yaml").to_str().unwrap(),
    ])
    .output()
    .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("question `cst.old-name` is now `cst.new-name`"));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let changed = &json["diff"]["answers_changed"];
    assert_eq!(changed[0]["question"], "cst.new-name");
    assert_eq!(changed[0]["old"], "yes");
    assert_eq!(changed[0]["new"], "no");
    assert_eq!(json["diff"]["gaps_opened"][0]["question"], "cst.new-name");
}

#[test]
fn diff_lists_gaps_whose_questions_stopped_applying_apart_from_closed_ones() {
    let dir = scratch("diff-profile-flip");
    let text = std::fs::read_to_string(root().join("examples/frontier-lab.yaml")).unwrap();
    assert!(text.contains("deploys_ai_agents: true"));
    let flipped = dir.join("no-agents.yaml");
    std::fs::write(
        &flipped,
        text.replace("deploys_ai_agents: true", "deploys_ai_agents: false"),
    )
    .unwrap();
    let (code, stdout, stderr) = run(&[
        "diff",
        "--isolated",
        "--format",
        "json",
        "examples/frontier-lab.yaml",
        flipped.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let ids = |key: &str| -> Vec<String> {
        json["diff"][key]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g["question"].as_str().unwrap().to_string())
            .collect()
    };
    let dropped = ids("gaps_no_longer_apply");
    assert!(!dropped.is_empty());
    assert!(dropped.iter().all(|q| q.starts_with("agt.")), "{dropped:?}");
    assert!(ids("gaps_closed").iter().all(|q| !q.starts_with("agt.")));
    let (_, table, _) = run(&[
        "diff",
        "--isolated",
        "examples/frontier-lab.yaml",
        flipped.to_str().unwrap(),
    ]);
    assert!(table.contains(&format!(
        "Gaps dropped: the questions no longer apply ({}):",
        dropped.len()
    )));
    assert!(!table.contains("two organizations"));
}

#[test]
fn diff_of_two_organizations_says_so() {
    for format in ["table", "markdown"] {
        let (code, stdout, _) = run(&[
            "diff",
            "--isolated",
            "--format",
            format,
            "examples/frontier-lab.yaml",
            "examples/nonus-developer.yaml",
        ]);
        assert_eq!(code, 0);
        let flat = stdout.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            flat.contains(
                "the files are of two organizations (Halcyon Frontier Labs, Inc. and Nordlys AI AS)"
            ),
            "{format}: {stdout}"
        );
    }
}

#[test]
fn diff_input_errors_are_exit_2_with_a_place() {
    let (code, _, stderr) = run(&["diff", BEFORE, "tests/fixtures/misspelled.yaml"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("error[unknown-question]: tests/fixtures/misspelled.yaml:"));
    let (code, _, stderr) = run(&["diff", "-", "-"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("only one file can come from standard input"));
}

// ---- merge -----------------------------------------------------------------

#[test]
fn merge_keeps_authors_and_disagreements_and_assess_lists_them() {
    let dir = scratch("merge");
    let out = dir.join("merged.yaml");
    let (code, stdout, stderr) = run(&[
        "merge",
        "--isolated",
        CISO,
        COUNSEL,
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    let stdout = stdout.replace(out.to_str().unwrap(), "merged.yaml");
    insta::assert_snapshot!("merge_stdout", stdout);
    let merged = std::fs::read_to_string(&out).unwrap();
    insta::assert_snapshot!("merge_file", merged);
    for format in ["table", "markdown", "json"] {
        let (code, report, _) = run(&[
            "assess",
            "--isolated",
            "--format",
            format,
            out.to_str().unwrap(),
        ]);
        assert_eq!(code, 0);
        match format {
            "json" => {
                let json: serde_json::Value = serde_json::from_str(&report).unwrap();
                let c = &json["assessments"][0]["conflicts"][0];
                assert_eq!(c["question"], "agt.stop-control");
                assert_eq!(c["sides"][0]["by"], "CISO");
                assert_eq!(c["sides"][1]["answer"], "no");
            }
            // The terminal report wraps at 80 columns: compare words.
            _ => assert!(
                report
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .contains("`agt.stop-control`: CISO answered yes; General Counsel answered no"),
                "{format}: {report}"
            ),
        }
    }
}

#[test]
fn merge_refuses_to_overwrite_and_names_both_places_of_a_disagreement() {
    let dir = scratch("merge-refuse");
    let out = dir.join("merged.yaml");
    std::fs::write(&out, "mine\n").unwrap();
    let (code, _, stderr) = run(&["merge", CISO, COUNSEL, "-o", out.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("already exists; pass --force"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "mine\n");
    let (code, _, _) = run(&[
        "merge",
        CISO,
        COUNSEL,
        "-o",
        out.to_str().unwrap(),
        "--force",
    ]);
    assert_eq!(code, 0);
    assert!(std::fs::read_to_string(&out).unwrap().contains("conflict:"));
    // Never an input, even with --force.
    let copy = dir.join("ciso.yaml");
    std::fs::copy(root().join(CISO), &copy).unwrap();
    let before = std::fs::read_to_string(&copy).unwrap();
    let (code, _, stderr) = run(&[
        "merge",
        copy.to_str().unwrap(),
        COUNSEL,
        "-o",
        copy.to_str().unwrap(),
        "--force",
    ]);
    assert_eq!(code, 2);
    assert!(stderr.contains("is an input of this run"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&copy).unwrap(), before);
    assert_cmd_snapshot!(
        "merge_profile_disagreement",
        mera(&[
            "merge",
            "--isolated",
            CISO,
            "tests/fixtures/workshop/counsel-other-profile.yaml",
            "-o",
            "tests/never-written.yaml",
        ])
    );
    assert!(!root().join("tests/never-written.yaml").exists());
}

// ---- timeline --------------------------------------------------------------

#[test]
fn timeline_formats_are_pinned() {
    let (a, _) = scored(BEFORE);
    let t = mera::assessment::timeline::build(&a, &Catalog::builtin());
    for width in [80, 120] {
        pin_terminal(
            "timeline",
            width,
            &workshop::timeline::render(Format::Table, &t, width),
        );
    }
    let (code, stdout, _) = run(&["timeline", "--isolated", "--as-of", "2026-11-20", BEFORE]);
    assert_eq!(code, 0);
    assert_eq!(stdout, workshop::timeline::render(Format::Table, &t, 80));
    for format in ["markdown", "json", "ics"] {
        let (code, stdout, stderr) = run(&[
            "timeline",
            "--isolated",
            "--as-of",
            "2026-11-20",
            "--format",
            format,
            BEFORE,
        ]);
        assert_eq!(code, 0, "{stderr}");
        insta::assert_snapshot!(format!("timeline_{format}"), stdout.replace("\r\n", "⏎\n"));
    }
}

#[test]
fn timeline_ics_written_to_a_file_imports_back() {
    let dir = scratch("timeline-ics");
    let path = dir.join("readiness.ics");
    let (code, stdout, _) = run(&[
        "timeline",
        "--isolated",
        "-f",
        "ics",
        "-o",
        path.to_str().unwrap(),
        "examples/community-bank.toml",
    ]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("Wrote "));
    let text = std::fs::read_to_string(&path).unwrap();
    let cal: icalendar::Calendar = text.parse().expect("valid iCalendar");
    use icalendar::Component as _;
    let events: Vec<_> = cal.events().collect();
    assert!(events.len() >= 5);
    assert!(events.iter().all(|e| {
        e.get_uid()
            .is_some_and(|u| u.starts_with("first-prairie-community-bank-"))
    }));
}

// ---- plan ------------------------------------------------------------------

#[test]
fn plan_formats_are_pinned() {
    let set = QuestionnaireSet::builtin();
    let catalog = Catalog::builtin();
    let options = Options::on(mera::input::doc::parse_date("2026-11-20").unwrap());
    let s = workshop::plan::Scoring {
        set: &set,
        catalog: &catalog,
        options: &options,
    };
    for (name, file) in [
        ("plan", "examples/community-bank.toml"),
        ("plan_frontier-lab", BEFORE),
    ] {
        let p = workshop::plan::plan(s, &scored(file).1, workshop::plan::Target::Ready);
        for width in [80, 120] {
            pin_terminal(
                name,
                width,
                &workshop::plan::render(Format::Table, &p, width),
            );
        }
        let (code, stdout, _) = run(&["plan", "--isolated", "--as-of", "2026-11-20", file]);
        assert_eq!(code, 0);
        assert_eq!(stdout, workshop::plan::render(Format::Table, &p, 80));
    }
    for format in ["markdown", "json"] {
        let (code, stdout, stderr) = run(&[
            "plan",
            "--isolated",
            "--as-of",
            "2026-11-20",
            "--format",
            format,
            "examples/community-bank.toml",
        ]);
        assert_eq!(code, 0, "{stderr}");
        insta::assert_snapshot!(format!("plan_{format}"), stdout);
    }
    let (_, stdout, _) = run(&[
        "plan",
        "--isolated",
        "--target",
        "partial",
        "examples/agent-retailer.yaml",
    ]);
    assert!(stdout.contains("Already partial: nothing to do."));
}

#[test]
fn workshop_help_is_pinned() {
    for command in ["interview", "diff", "merge", "timeline", "plan"] {
        assert_cmd_snapshot!(format!("{command}_help"), mera(&[command, "--help"]));
    }
}
