//! The real `mera interview` binary driven through a pseudo-terminal, as a
//! person would: a new file, ten answers, `kill -9` in the middle of the
//! eleventh, a resume at the first open question, one area finished.

#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::Command;

use rexpect::process::Signal;
use rexpect::session::PtySession;

const TIMEOUT_MS: u64 = 20_000;

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn command(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_mera"));
    cmd.current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "80")
        .env_remove("CLICOLOR_FORCE");
    cmd
}

fn spawn(dir: &Path, args: &[&str]) -> PtySession {
    rexpect::session::spawn_command(command(dir, args), Some(TIMEOUT_MS)).expect("spawn mera")
}

/// Wait for `needle`, then type `line` and Enter; returns what came before.
fn answer(p: &mut PtySession, needle: &str, line: &str) -> String {
    let before = p
        .exp_string(needle)
        .unwrap_or_else(|e| panic!("waiting for {needle:?}: {e}"));
    p.send_line(line).unwrap();
    before
}

/// The question id on the screen shown before an answer prompt.
fn question_id(screen: &str) -> String {
    let lines: Vec<&str> = screen.lines().collect();
    let at = lines
        .iter()
        .rposition(|l| l.starts_with("== area "))
        .unwrap_or_else(|| panic!("no question on screen: {screen}"));
    lines[at + 1].split_whitespace().next().unwrap().to_string()
}

/// Answer a question `no` and skip its note and owner (an answer without
/// evidence is not asked for a reviewed date).
fn answer_no(p: &mut PtySession) -> String {
    let screen = answer(p, "Answer (", "n");
    answer(p, "Note (Enter skips): ", "");
    answer(p, "Owner (Enter skips): ", "");
    screen
}

fn assess_json(dir: &Path) -> serde_json::Value {
    let out = command(dir, &["assess", "--isolated", "--format", "json", "r.yaml"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn kill_9_mid_answer_loses_only_that_answer_and_resume_finishes_the_area() {
    let dir = scratch("interview-pty");
    let mut p = spawn(&dir, &["interview", "--isolated", "r.yaml"]);
    let intro = answer(&mut p, "Organization name: ", "Acme Retail");
    assert!(intro.contains("Created r.yaml from the `mera init` template"));
    assert!(
        intro
            .lines()
            .all(|l| l.trim_end_matches('\r').chars().count() <= 80),
        "the interview's own messages fit 80 columns:\n{intro}"
    );
    answer(
        &mut p,
        "Assessed by (your role or name): ",
        "General Counsel",
    );
    answer(&mut p, "Assessment date, YYYY-MM-DD", "2026-11-20");
    for fact in ["n", "y", "n"] {
        answer(&mut p, "Your answer (required; y or n): ", fact);
    }
    // The optional facts stated (an unstated one keeps questions open),
    // but for the release date and the compute figure, skipped.
    for fact in [
        "n", "n", "n", "", "", "n", "n", "n", "n", "n", "n", "n", "n",
    ] {
        answer(&mut p, "Your answer (optional, Enter skips", fact);
    }
    let mut asked = Vec::new();
    for _ in 0..10 {
        asked.push(question_id(&answer_no(&mut p)));
    }
    // The eleventh: half a word typed, no Enter, then kill -9.
    let screen = p.exp_string("Answer (").unwrap();
    let eleventh = question_id(&screen);
    p.send("ye").unwrap();
    p.flush().unwrap();
    p.process_mut().signal(Signal::SIGKILL).unwrap();
    let _ = p.process().wait();

    let report = assess_json(&dir);
    let a = &report["assessments"][0];
    assert_eq!(a["organization"]["name"], "Acme Retail");
    assert_eq!(a["organization"]["as_of"], "2026-11-20");
    let answered: Vec<String> = a["gaps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| g["state"] == "no")
        .map(|g| g["question"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(answered.len(), 10, "{answered:?}");
    for id in &asked {
        assert!(answered.contains(id), "{id} was saved");
    }
    assert!(!answered.contains(&eleventh));

    // Resume: the first open question is the eleventh.
    let mut p = spawn(&dir, &["interview", "--isolated", "r.yaml"]);
    let screen = answer(&mut p, "Answer (", "y");
    assert_eq!(question_id(&screen), eleventh);
    answer(&mut p, "Evidence: ", "docs/evidence.pdf");
    answer(&mut p, "Note (Enter skips): ", "Checked in the workshop");
    answer(&mut p, "Owner (Enter skips): ", "Head of AI");
    answer(&mut p, "Reviewed on", "");
    // Finish the first area, then stop at the second one's first question.
    loop {
        let screen = p.exp_string("Answer (").unwrap();
        if screen.contains("== area 2 of ") {
            p.send_line("q").unwrap();
            break;
        }
        p.send_line("u").unwrap();
        answer(&mut p, "Note (Enter skips): ", "");
        answer(&mut p, "Owner (Enter skips): ", "");
    }
    p.exp_string("Saved r.yaml.").unwrap();
    p.exp_eof().unwrap();

    let report = assess_json(&dir);
    let area = report["assessments"][0]["areas"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "agent-cfaa")
        .unwrap()
        .clone();
    assert_eq!(area["answered"], area["applicable"], "{area}");
    let text = std::fs::read_to_string(dir.join("r.yaml")).unwrap();
    // The file was created as `mera init` writes it; its comments survive.
    let (schema_line, rest) = text.split_once('\n').unwrap();
    assert!(
        schema_line.starts_with("# yaml-language-server: $schema="),
        "{text}"
    );
    assert!(schema_line.ends_with("mera.schema.json"), "{text}");
    assert!(rest.starts_with("# mera answers file"), "{text}");
    assert!(text.contains("    evidence:\n      - docs/evidence.pdf\n"));
    assert!(text.contains("    reviewed: 2026-11-20\n"));
    // `reviewed` dates evidence: the answers without any carry no date.
    let dated = text
        .lines()
        .filter(|l| l.starts_with("    reviewed: "))
        .count();
    assert_eq!(dated, 1, "{text}");
}

const OPTIONAL: &str = "  seeks_trusted_partner_access:\n  agents_touch_third_party_systems:\n  agents_make_purchases:\n  planned_trusted_partner_release:\n  training_compute_flop:\n  headquartered_outside_us:\n  federal_contractor:\n  considering_clearinghouse:\n  builds_ai_security_tools:\n  frontier_models_in_eu_or_uk:\n  relies_on_vendor_frontier_models:\n  eu_high_risk_ai_uses:\n  public_or_raising_capital:\n";

#[test]
fn a_decision_put_off_is_saved_with_its_date_or_not_at_all() {
    let dir = scratch("interview-pty-decide-by");
    // The optional facts are there but empty: asked before, skipped.
    std::fs::write(
        dir.join("r.yaml"),
        "mera: 1\norganization:\n  name: Lab\n  assessed_by: GC\n  as_of: 2026-11-20\nprofile:\n  develops_frontier_models: true\n  deploys_ai_agents: false\n  critical_infrastructure_operator: false\n{OPTIONAL}answers:\n  cme.capability-evals: yes\n  cme.test-targets: yes\n  cme.exploit-handling: yes\n  cme.designation-assessment: yes\n"
            .replace("{OPTIONAL}", OPTIONAL),
    )
    .unwrap();
    let args = [
        "interview",
        "--isolated",
        "--area",
        "covered-model-engagement",
        "r.yaml",
    ];
    let answers = |dir: &Path| {
        let text = std::fs::read_to_string(dir.join("r.yaml")).unwrap();
        (text.contains("cme.engagement-decision"), text)
    };
    // `wait`, then the process is killed at the date prompt: nothing of
    // the answer is on disk, and the file still loads.
    let mut p = spawn(&dir, &args);
    let screen = answer(&mut p, "Answer (", "wait");
    assert_eq!(question_id(&screen), "cme.engagement-decision");
    p.exp_string("Decide by, YYYY-MM-DD (required").unwrap();
    p.process_mut().signal(Signal::SIGKILL).unwrap();
    let _ = p.process().wait();
    assert!(!answers(&dir).0, "{}", answers(&dir).1);
    assess_json(&dir);
    // Again: a non-date and Enter are refused (the message wrapped on
    // words at 80 columns), a date saves the answer and the date at once.
    let mut p = spawn(&dir, &args);
    answer(&mut p, "Answer (", "wait");
    answer(&mut p, "Decide by, YYYY-MM-DD", "next month");
    let refused = answer(&mut p, "Decide by, YYYY-MM-DD", "");
    // The typed line is not echoed here, so the message follows the prompt.
    let (_, message) = refused.split_once("`next month` is not a date").unwrap();
    assert!(
        format!("`next month` is not a date{message}")
            .lines()
            .all(|l| l.trim_end_matches('\r').chars().count() <= 80),
        "{refused}"
    );
    answer(
        &mut p,
        "needs the date to decide or revisit by",
        "2026-12-11",
    );
    p.exp_string("Evidence: ").unwrap();
    p.process_mut().signal(Signal::SIGKILL).unwrap();
    let _ = p.process().wait();
    let report = assess_json(&dir);
    let pending = &report["assessments"][0]["pending_decisions"][0];
    assert_eq!(pending["question"], "cme.engagement-decision");
    assert_eq!(pending["answer"], "wait");
    assert_eq!(pending["decide_by"], "2026-12-11");
}

#[test]
fn without_a_terminal_it_exits_2_and_creates_nothing() {
    let dir = scratch("interview-no-tty");
    let without_terminal = || {
        let out = command(&dir, &["interview", "r.yaml"])
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        String::from_utf8(out.stderr).unwrap()
    };
    let stderr = without_terminal();
    assert!(stderr.contains("standard input is not one"), "{stderr}");
    assert!(stderr.contains("`mera init r.yaml`"), "{stderr}");
    assert!(!dir.join("r.yaml").exists());
    // A file that exists is edited, not initialised again.
    std::fs::write(dir.join("r.yaml"), "mera: 1\n").unwrap();
    let stderr = without_terminal();
    assert!(stderr.contains("edit `r.yaml` in an editor"), "{stderr}");
    assert!(!stderr.contains("mera init"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(dir.join("r.yaml")).unwrap(),
        "mera: 1\n"
    );
}

#[test]
fn toml_answers_files_are_refused_clearly() {
    let dir = scratch("interview-toml");
    let mut p = spawn(&dir, &["interview", "bank.toml"]);
    p.exp_string("is TOML; the interview edits YAML answers files only")
        .unwrap();
    p.exp_eof().unwrap();
    assert!(!dir.join("bank.toml").exists());
}

#[test]
fn an_empty_file_gets_the_template_and_the_interview_goes_on() {
    for (name, blank) in [("empty", ""), ("blank", "  \n\n\t\n")] {
        let dir = scratch(&format!("interview-{name}"));
        std::fs::write(dir.join("r.yaml"), blank).unwrap();
        let mut p = spawn(&dir, &["interview", "--isolated", "r.yaml"]);
        let intro = answer(&mut p, "Organization name: ", "Acme Retail");
        assert!(
            intro.contains("r.yaml was empty: wrote the `mera init` template into it"),
            "{name}: {intro}"
        );
        answer(&mut p, "Assessed by (your role or name): ", "q");
        p.exp_string("Saved r.yaml.").unwrap();
        p.exp_eof().unwrap();
        let text = std::fs::read_to_string(dir.join("r.yaml")).unwrap();
        assert!(
            text.starts_with("# yaml-language-server: $schema="),
            "{name}: {text}"
        );
        assert!(text.contains("# mera answers file"), "{name}: {text}");
        assert!(text.contains("  name: Acme Retail\n"), "{name}: {text}");
        assert!(dir.join("mera.schema.json").exists(), "{name}");
    }
}

#[test]
fn a_file_that_is_not_an_answers_file_is_refused_before_any_question() {
    let cases = [
        (
            "broken",
            "mera: 1\norganization:\n  name: [Acme\n",
            "yaml-syntax]: r.yaml:",
        ),
        (
            "comments",
            "# the CISO's notes, to fill in later\n",
            "`mera: 1` is missing",
        ),
    ];
    for (name, text, says) in cases {
        let dir = scratch(&format!("interview-{name}"));
        std::fs::write(dir.join("r.yaml"), text).unwrap();
        let mut p = spawn(&dir, &["interview", "--isolated", "r.yaml"]);
        let out = p.exp_eof().unwrap();
        assert!(out.contains(says), "{name}: {out}");
        // The parser's place, `FILE:LINE:COL:`.
        if let Some((_, at)) = out.split_once("yaml-syntax]: r.yaml:") {
            let place: Vec<&str> = at.splitn(3, ':').collect();
            assert!(
                place.len() == 3 && place[..2].iter().all(|n| n.parse::<u32>().is_ok()),
                "{name}: {out}"
            );
        }
        assert!(!out.contains("Organization name"), "{name}: {out}");
        let status = p.process().wait().unwrap();
        // `Exited(pid, 2)`: exit status 2, bad input.
        let status = format!("{status:?}");
        assert!(
            status.starts_with("Exited(") && status.ends_with(", 2)"),
            "{name}: {status}"
        );
        assert_eq!(std::fs::read_to_string(dir.join("r.yaml")).unwrap(), text);
    }
}

#[test]
fn settling_a_merged_conflict_keeps_both_respondents_evidence() {
    let dir = scratch("interview-pty-settle");
    for (who, answer, evidence) in [
        ("CISO", "yes", "[docs/inventory.xlsx, wiki/agents]"),
        ("GC", "partial", "[wiki/agents, audit/2026-q3.pdf]"),
    ] {
        std::fs::write(
            dir.join(format!("{who}.yaml")),
            format!("mera: 1\norganization:\n  name: Acme\n  assessed_by: {who}\n  as_of: 2026-11-20\nprofile:\n  develops_frontier_models: false\n  deploys_ai_agents: true\n  critical_infrastructure_operator: false\n{OPTIONAL}answers:\n  agt.inventory:\n    answer: {answer}\n    evidence: {evidence}\n    owner: Head of AI\n"),
        )
        .unwrap();
    }
    let merged = command(
        &dir,
        &[
            "merge",
            "--isolated",
            "CISO.yaml",
            "GC.yaml",
            "-o",
            "r.yaml",
        ],
    )
    .output()
    .unwrap();
    assert_eq!(merged.status.code(), Some(0), "{merged:?}");
    // No --revisit: the conflict is open, so it is the first question.
    let args = ["interview", "--isolated", "--area", "agent-cfaa", "r.yaml"];
    let mut p = spawn(&dir, &args);
    // The merged file keeps the optional facts both skipped, empty: none is
    // asked again, and the conflict is the first thing on the screen.
    let screen = answer(&mut p, "Answer (", "y");
    assert!(!screen.contains("Profile, fact"), "{screen}");
    assert_eq!(question_id(&screen), "agt.inventory");
    assert!(screen.contains("CISO answered yes"), "{screen}");
    assert!(
        screen.contains("Evidence: wiki/agents, audit/2026-q3.pdf"),
        "{screen}"
    );
    answer(
        &mut p,
        "[docs/inventory.xlsx, wiki/agents, audit/2026-q3.pdf]: ",
        "",
    );
    answer(&mut p, "Note (Enter skips): ", "");
    answer(&mut p, "Owner (Enter keeps, - for none) [Head of AI]: ", "");
    answer(&mut p, "Reviewed on", "");
    answer(&mut p, "Answer (", "q");
    // Resuming keeps the scope the session was started with.
    let end = p.exp_eof().unwrap();
    let end = end.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        end.contains("Run `mera interview --area agent-cfaa r.yaml` to go on where you stopped."),
        "{end}"
    );

    let a = &assess_json(&dir)["assessments"][0];
    assert_eq!(a["conflicts"], serde_json::json!([]));
    let passed = a["passed"].as_array().unwrap();
    assert!(
        passed.iter().any(|q| q["question"] == "agt.inventory"),
        "{}",
        a["gaps"]
    );
    let text = std::fs::read_to_string(dir.join("r.yaml")).unwrap();
    assert!(
        text.contains("    answer: yes\n    evidence:\n      - docs/inventory.xlsx\n      - wiki/agents\n      - audit/2026-q3.pdf\n    owner: Head of AI\n    reviewed: 2026-11-20\n    by: CISO, GC\n"),
        "{text}"
    );
    assert!(!text.contains("conflict:"), "{text}");
}
