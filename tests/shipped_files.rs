//! Every YAML and TOML file the project ships parses: the GitHub action,
//! the sample workflow, the pre-commit hooks, the examples, the
//! questionnaires and the catalog (and any such file added later, since the
//! repository is walked rather than listed). The test fixtures, which are
//! broken on purpose, and the fuzz corpus are left out. Each file is read
//! by an independent parser (serde_yaml, toml) and, for YAML, by mera's own
//! (which also refuses duplicate keys). The files GitHub and pre-commit read
//! are then checked for the keys those tools need.

mod common;

use std::path::{Path, PathBuf};

use serde_yaml::Value;

/// Folders that hold no shipped file.
const NOT_SHIPPED: [&str; 4] = ["target", "fuzz", "tests/fixtures", "node_modules"];

fn walk(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        let rel = path.strip_prefix(root).unwrap();
        let rel_text = rel.to_string_lossy().replace('\\', "/");
        if rel_text == ".git" || NOT_SHIPPED.contains(&rel_text.as_str()) {
            continue;
        }
        let meta = std::fs::symlink_metadata(&path).unwrap();
        if meta.is_dir() {
            walk(root, &path, out);
        } else if meta.is_file() {
            out.push(rel.to_path_buf());
        }
    }
}

fn shipped(extensions: &[&str]) -> Vec<PathBuf> {
    let root = common::root();
    let mut all = Vec::new();
    walk(&root, &root, &mut all);
    all.into_iter()
        .filter(|p| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| extensions.contains(&e))
        })
        .collect()
}

fn load_yaml(rel: &Path) -> Value {
    let text = std::fs::read_to_string(common::root().join(rel)).unwrap();
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", rel.display()))
}

#[test]
fn every_shipped_yaml_file_parses() {
    let files = shipped(&["yaml", "yml"]);
    let names: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
    for expected in [
        "action.yml",
        ".pre-commit-hooks.yaml",
        "examples/ci/github-workflow.yml",
        "examples/frontier-lab.yaml",
        "questionnaires/profile.yaml",
        "seeds/provisions.yaml",
    ] {
        assert!(
            names.contains(&expected.to_string()),
            "{expected} not found in {names:?}"
        );
    }
    let mut problems = Vec::new();
    for rel in &files {
        let text = std::fs::read_to_string(common::root().join(rel)).unwrap();
        if let Err(e) = serde_yaml::from_str::<Value>(&text) {
            problems.push(format!("{}: {e}", rel.display()));
        }
        let source = mera::input::source::Source::new(rel.display().to_string(), text);
        if let Err(list) = mera::input::yaml::parse(&source) {
            for d in list {
                problems.push(d.render(Some(&source)));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_shipped_toml_file_parses() {
    let files = shipped(&["toml"]);
    assert!(files.iter().any(|p| p == Path::new("examples/mera.toml")));
    for rel in files {
        let text = std::fs::read_to_string(common::root().join(&rel)).unwrap();
        if let Err(e) = text.parse::<toml::Table>() {
            panic!("{}: {e}", rel.display());
        }
    }
}

fn get<'a>(v: &'a Value, key: &str) -> &'a Value {
    v.get(key).unwrap_or(&Value::Null)
}

fn text_of(v: &Value) -> String {
    serde_yaml::to_string(v).unwrap()
}

/// `${{ inputs.NAME }}` references in a text.
fn input_references(text: &str) -> Vec<String> {
    text.match_indices("inputs.")
        .map(|(at, _)| {
            text[at + "inputs.".len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect()
        })
        .collect()
}

#[test]
fn the_action_has_what_github_needs() {
    let action = load_yaml(Path::new("action.yml"));
    for key in ["name", "description"] {
        assert!(
            get(&action, key).is_string(),
            "action.yml needs a string `{key}`"
        );
    }
    let runs = get(&action, "runs");
    assert_eq!(get(runs, "using").as_str(), Some("composite"));
    let steps = get(runs, "steps").as_sequence().expect("runs.steps");
    assert!(!steps.is_empty());
    for step in steps {
        assert!(
            get(step, "run").is_string() || get(step, "uses").is_string(),
            "a step needs `run` or `uses`: {step:?}"
        );
        if get(step, "run").is_string() {
            assert!(
                get(step, "shell").is_string(),
                "a composite run step needs `shell`: {step:?}"
            );
        }
    }
    let inputs = get(&action, "inputs").as_mapping().expect("inputs");
    for (name, input) in inputs {
        assert!(
            get(input, "description").is_string(),
            "input {name:?} needs a description"
        );
    }
    for used in input_references(&text_of(runs)) {
        assert!(
            inputs.contains_key(Value::String(used.clone())),
            "action.yml uses `inputs.{used}`, which it does not declare"
        );
    }
}

#[test]
fn the_sample_workflow_has_what_github_needs() {
    let workflow = load_yaml(Path::new("examples/ci/github-workflow.yml"));
    assert!(get(&workflow, "on").is_mapping(), "the workflow needs `on`");
    let jobs = get(&workflow, "jobs").as_mapping().expect("jobs");
    assert!(!jobs.is_empty());
    for (name, job) in jobs {
        assert!(
            get(job, "runs-on").is_string(),
            "job {name:?} needs `runs-on`"
        );
        let steps = get(job, "steps").as_sequence().expect("steps");
        for step in steps {
            assert!(
                get(step, "run").is_string() || get(step, "uses").is_string(),
                "a step needs `run` or `uses`: {step:?}"
            );
        }
    }
}

#[test]
fn the_pre_commit_hooks_have_what_pre_commit_needs() {
    let hooks = load_yaml(Path::new(".pre-commit-hooks.yaml"));
    let hooks = hooks.as_sequence().expect("a list of hooks");
    assert!(!hooks.is_empty());
    for hook in hooks {
        for key in ["id", "name", "entry", "language"] {
            assert!(get(hook, key).is_string(), "a hook needs `{key}`: {hook:?}");
        }
        let entry = get(hook, "entry").as_str().unwrap();
        assert!(entry.starts_with("mera "), "{entry}");
    }
}

/// Each `mera SUBCOMMAND …` line in the files GitHub and pre-commit run
/// names a subcommand that exists, and its flags are ones `--help` lists.
#[test]
fn commands_in_the_ci_files_use_real_subcommands_and_flags() {
    let mut checked = 0;
    for file in [
        "action.yml",
        "examples/ci/github-workflow.yml",
        ".pre-commit-hooks.yaml",
    ] {
        let text = std::fs::read_to_string(common::root().join(file)).unwrap();
        for line in text.lines() {
            let line = line
                .trim()
                .trim_start_matches("- ")
                .trim_start_matches("entry: ");
            let Some(rest) = line
                .split("| mera ")
                .nth(1)
                .or_else(|| line.strip_prefix("mera "))
                .or_else(|| line.strip_prefix("args=("))
            else {
                continue;
            };
            let words: Vec<&str> = rest.split_whitespace().collect();
            let sub = words[0];
            if !sub.chars().all(|c| c.is_ascii_lowercase()) {
                continue; // `mera "${args[@]}"`: the words were checked where the array is built
            }
            let (code, help, _) = common::run(&[sub, "--help"]);
            assert_eq!(code, 0, "{file}: `mera {sub}` is not a subcommand");
            for flag in words.iter().filter(|w| w.starts_with("--")) {
                let flag = flag.split('=').next().unwrap();
                assert!(
                    help.contains(flag),
                    "{file}: `mera {sub}` has no flag {flag}"
                );
            }
            checked += 1;
        }
    }
    assert!(checked >= 5, "only {checked} commands found");
}

/// The `run` script of the step named `name` in a workflow or action.
fn step_script(file: &str, name: &str) -> String {
    let doc = load_yaml(Path::new(file));
    let steps = match get(&doc, "jobs").as_mapping() {
        Some(jobs) => jobs
            .values()
            .flat_map(|j| get(j, "steps").as_sequence().unwrap().clone())
            .collect::<Vec<_>>(),
        None => get(get(&doc, "runs"), "steps")
            .as_sequence()
            .unwrap()
            .clone(),
    };
    let step = steps
        .iter()
        .find(|s| get(s, "name").as_str() == Some(name))
        .unwrap_or_else(|| panic!("{file}: no step `{name}`"));
    get(step, "run").as_str().unwrap().to_string()
}

fn git(dir: &Path, args: &[&str]) {
    let status = std::process::Command::new("git")
        .args([
            "-c",
            "user.name=mera tests",
            "-c",
            "user.email=tests@example.org",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&status.stderr)
    );
}

/// The sample workflow's and the action's comparison with the base branch,
/// run as GitHub would run them (bash -eo pipefail) in a real clone: on the
/// pull request that first adds the file it says so and passes; after, it
/// writes the diff and fails on a regression.
#[test]
fn the_base_branch_comparison_runs_on_a_first_readiness_file_and_after() {
    if std::process::Command::new("git")
        .arg("--version")
        .output()
        .is_err()
    {
        return; // no git here: nothing to run the steps against
    }
    let bin = insta_cmd::get_cargo_bin("mera");
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let retailer =
        std::fs::read_to_string(common::root().join("examples/agent-retailer.yaml")).unwrap();
    for (file, step, extra_env) in [
        (
            "examples/ci/github-workflow.yml",
            "Readiness against the base branch",
            None,
        ),
        (
            "action.yml",
            "Readiness against the base branch (redacted)",
            Some(("COMPARE", "readiness.yaml")),
        ),
    ] {
        let script = step_script(file, step);
        let dir = common::scratch(&format!("base-diff-{}", file.replace('/', "-")));
        let origin = dir.join("origin");
        let work = dir.join("work");
        std::fs::create_dir_all(&origin).unwrap();
        git(&origin, &["init", "-q"]);
        std::fs::write(origin.join("README.md"), "x\n").unwrap();
        git(&origin, &["add", "."]);
        git(&origin, &["commit", "-qm", "start"]);
        git(&dir, &["clone", "-q", "origin", "work"]);
        std::fs::write(work.join("readiness.yaml"), &retailer).unwrap();
        let summary = dir.join("summary.md");
        let run = || {
            std::fs::write(&summary, "").unwrap();
            let mut cmd = std::process::Command::new("bash");
            cmd.args(["--noprofile", "--norc", "-eo", "pipefail", "-c", &script])
                .current_dir(&work)
                .env("PATH", &path)
                .env("BASE_REF", "main")
                .env("GITHUB_STEP_SUMMARY", &summary)
                .env("SOURCE_DATE_EPOCH", common::TODAY_EPOCH)
                .env("NO_COLOR", "1");
            if let Some((k, v)) = extra_env {
                cmd.env(k, v);
            }
            let out = cmd.output().unwrap();
            (
                out.status.code(),
                String::from_utf8_lossy(&out.stderr).into_owned(),
                std::fs::read_to_string(&summary).unwrap(),
            )
        };
        // The pull request that first adds the file.
        let (code, stderr, text) = run();
        assert_eq!(code, Some(0), "{file}: {stderr}");
        assert_eq!(
            text, "The base branch has no readiness.yaml yet: nothing to compare.\n",
            "{file}"
        );
        assert!(!stderr.contains("missing"), "{file}: {stderr}");
        // Merged; the next pull request regresses an answer.
        std::fs::write(origin.join("readiness.yaml"), &retailer).unwrap();
        git(&origin, &["add", "."]);
        git(&origin, &["commit", "-qm", "readiness"]);
        git(&work, &["fetch", "-q", "origin"]);
        std::fs::write(
            work.join("readiness.yaml"),
            retailer.replace("agt.identity-use: yes", "agt.identity-use: no"),
        )
        .unwrap();
        let (code, stderr, text) = run();
        assert_eq!(code, Some(1), "{file}: {stderr}\n{text}");
        assert!(text.contains("agt.identity-use"), "{file}: {text}");
        std::fs::write(work.join("readiness.yaml"), &retailer).unwrap();
        let (code, stderr, _) = run();
        assert_eq!(code, Some(0), "{file}: {stderr}");
    }
}
