//! `mera assess` and `mera check`: load answers, score, render, gate.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use mera::assessment::answers::{self, Answers};
use mera::assessment::config::FAIL_ON_WORDS;
use mera::assessment::gate::{self, Gate, Verdict};
use mera::assessment::scoring::{self, DEFAULT_MAX_EVIDENCE_AGE_DAYS, Options};
use mera::assessment::{AsOfSource, Assessment};
use mera::content::questionnaire::Severity;
use mera::report::{self, Format, Report, Style};

use crate::cli::args::{AssessArgs, CheckArgs, GateArgs, ScoreArgs};
use crate::cli::content::{self, Content};
use crate::cli::{Failure, Outcome, Ui, files};

pub fn assess(args: AssessArgs, ui: &mut Ui) -> Result<Outcome, Failure> {
    let stdout_format = parse_format(&args.format)?;
    ui.problems_as_json = stdout_format == Format::Json;
    let outputs = parse_outputs(&args.output)?;
    let content = content::load(&args.content, &files::parent_dir(&args.files[0]), ui)?;
    let assessments = score_files(&args.files, &args.score, &content, ui)?;
    let gated = args.gate.fail_under.is_some() || args.gate.fail_on.is_some();
    let (fail_under, fail_on) = gate_flags(&args.gate)?;
    let gate = Gate::default().with(fail_under, fail_on);
    let verdicts: Vec<Option<Verdict>> = assessments
        .iter()
        .map(|a| gated.then(|| gate::evaluate(&gate, a)))
        .collect();
    let reports = reports(&assessments, &verdicts);
    ui.out(&report::render(stdout_format, &reports, terminal_style(ui)));
    write_outputs(&outputs, &reports)?;
    Ok(outcome(&verdicts, args.gate.exit_zero))
}

pub fn check(args: CheckArgs, ui: &mut Ui) -> Result<Outcome, Failure> {
    let stdout_format = args.format.as_deref().map(parse_format).transpose()?;
    ui.problems_as_json = stdout_format == Some(Format::Json);
    let outputs = parse_outputs(&args.output)?;
    let near = args
        .files
        .first()
        .map_or_else(|| PathBuf::from("."), |f| files::parent_dir(f));
    let content = content::load(&args.content, &near, ui)?;
    let files: Vec<PathBuf> = if args.files.is_empty() {
        content
            .config
            .files
            .iter()
            .map(|f| files::join(&content.config_dir, f))
            .collect()
    } else {
        args.files.clone()
    };
    if files.is_empty() {
        return Err(Failure::Usage(
            "no answers files to check: name them (`mera check readiness.yaml`) or list them under `[check] files` in mera.toml".into(),
        ));
    }
    let assessments = score_files(&files, &args.score, &content, ui)?;
    // Defaults, then mera.toml, then flags.
    let (fail_under, fail_on) = gate_flags(&args.gate)?;
    let gate = Gate::CHECK_DEFAULT
        .with(content.config.fail_under, content.config.fail_on)
        .with(fail_under, fail_on);
    let verdicts: Vec<Option<Verdict>> = assessments
        .iter()
        .map(|a| Some(gate::evaluate(&gate, a)))
        .collect();
    let reports = reports(&assessments, &verdicts);
    match stdout_format {
        Some(format) => ui.out(&report::render(format, &reports, terminal_style(ui))),
        None => ui.out(&gate_summary(&assessments, &verdicts, &gate)),
    }
    write_outputs(&outputs, &reports)?;
    Ok(outcome(&verdicts, args.gate.exit_zero))
}

/// `mera check`'s own output: PASS or FAIL per file, each failure at its
/// file:line:column, and the thresholds that applied.
fn gate_summary(assessments: &[Assessment], verdicts: &[Option<Verdict>], gate: &Gate) -> String {
    let mut out = String::new();
    for (a, v) in assessments.iter().zip(verdicts.iter().flatten()) {
        let word = if v.passed { "PASS" } else { "FAIL" };
        out.push_str(&format!(
            "{word} {}: {} ({})\n",
            a.file,
            report::summary_line(a),
            a.organization.name
        ));
        for f in &v.failures {
            let place = f
                .pos()
                .map_or_else(|| a.file.clone(), |p| format!("{}:{p}", a.file));
            out.push_str(&format!("  - {place}: {}\n", f.describe()));
        }
    }
    let failed = verdicts.iter().flatten().filter(|v| !v.passed).count();
    let max_age = assessments
        .first()
        .map_or(DEFAULT_MAX_EVIDENCE_AGE_DAYS, |a| a.max_evidence_age_days);
    out.push_str(&format!(
        "\n{} of {} failed the gate (fail_under {}, fail_on {}, evidence older than {max_age} days is stale).\n",
        failed,
        report::plural(assessments.len(), "file", "files"),
        gate.fail_under.map_or_else(|| "none".to_string(), |s| s.to_string()),
        gate.fail_on.map_or("none", |s| s.as_str()),
    ));
    out
}

fn reports<'a>(assessments: &'a [Assessment], verdicts: &'a [Option<Verdict>]) -> Vec<Report<'a>> {
    assessments
        .iter()
        .zip(verdicts)
        .map(|(a, v)| Report {
            repo_path: files::repo_relative(Path::new(&a.file)),
            ..Report::new(a, v.as_ref())
        })
        .collect()
}

/// Write every `--output FORMAT:PATH` (plain text, 80 columns for the table).
fn write_outputs(outputs: &[(Format, PathBuf)], reports: &[Report]) -> Result<(), Failure> {
    for (format, path) in outputs {
        let text = report::render(*format, reports, Style::default());
        files::write_atomic(path, &text).map_err(Failure::Usage)?;
    }
    Ok(())
}

fn outcome(verdicts: &[Option<Verdict>], exit_zero: bool) -> Outcome {
    if !exit_zero && verdicts.iter().flatten().any(|v| !v.passed) {
        Outcome::GateFailed
    } else {
        Outcome::Success
    }
}

/// The gate's thresholds from the flags, checked. `Some(None)` is `--fail-on none`.
fn gate_flags(flags: &GateArgs) -> Result<(Option<f64>, Option<Option<Severity>>), Failure> {
    if let Some(s) = flags.fail_under
        && !(0.0..=100.0).contains(&s)
    {
        return Err(Failure::Usage(format!(
            "--fail-under must be between 0 and 100, not {s}"
        )));
    }
    let fail_on = flags.fail_on.as_ref().and_then(|word| {
        FAIL_ON_WORDS
            .iter()
            .find(|(w, _)| w == word)
            .map(|(_, s)| *s)
    });
    Ok((flags.fail_under, fail_on))
}

/// Load and score every file; report all input problems from all files at once.
fn score_files(
    paths: &[PathBuf],
    args: &ScoreArgs,
    content: &Content,
    ui: &mut Ui,
) -> Result<Vec<Assessment>, Failure> {
    let flag_as_of = args.as_of.as_deref().map(parse_date_flag).transpose()?;
    let max_age = args
        .max_evidence_age_days
        .or(content.config.max_evidence_age_days)
        .unwrap_or(DEFAULT_MAX_EVIDENCE_AGE_DAYS);
    let mut loaded: Vec<Answers> = Vec::new();
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    for path in paths {
        match load_answers(path, content, ui) {
            Ok((mut a, mut w)) => {
                // The answers file's legend wins over the project's.
                if a.organization.privilege_legend.is_none() {
                    a.organization
                        .privilege_legend
                        .clone_from(&content.config.privilege_legend);
                }
                loaded.push(a);
                warnings.append(&mut w);
            }
            Err(mut e) => problems.append(&mut e),
        }
    }
    if !problems.is_empty() {
        problems.append(&mut warnings);
        return Err(Failure::Input(problems));
    }
    ui.diagnostics(&warnings);
    Ok(loaded
        .iter()
        .map(|answers| {
            let (as_of, as_of_source) =
                AsOfSource::resolve(flag_as_of, answers.organization.as_of, || {
                    chrono::Local::now().date_naive()
                });
            let options = Options {
                as_of,
                as_of_source,
                max_evidence_age_days: max_age,
                redact: args.redact,
            };
            scoring::assess(&content.set, &content.catalog, answers, &options)
        })
        .collect())
}

fn load_answers(
    path: &Path,
    content: &Content,
    ui: &mut Ui,
) -> Result<
    (Answers, Vec<mera::input::diagnostic::Diagnostic>),
    Vec<mera::input::diagnostic::Diagnostic>,
> {
    let source = files::read(path).map_err(|d| vec![d])?;
    ui.remember(&source);
    answers::load(&source, &content.set)
}

pub fn parse_date_flag(text: &str) -> Result<NaiveDate, Failure> {
    mera::input::doc::parse_date(text).ok_or_else(|| {
        Failure::Usage(format!(
            "`{text}` is not a date: write --as-of YYYY-MM-DD, e.g. --as-of 2026-11-20"
        ))
    })
}

fn parse_format(word: &str) -> Result<Format, Failure> {
    Format::parse(word).ok_or_else(|| {
        let names = Format::names();
        let hint = mera::input::diagnostic::suggestion(word, names.iter().copied())
            .unwrap_or_else(|| format!("use {}", names.join(", ")));
        Failure::Usage(format!("unknown format `{word}`: {hint}"))
    })
}

fn parse_outputs(specs: &[String]) -> Result<Vec<(Format, PathBuf)>, Failure> {
    specs.iter().map(|o| parse_output(o)).collect()
}

fn parse_output(spec: &str) -> Result<(Format, PathBuf), Failure> {
    let Some((format, path)) = spec.split_once(':') else {
        return Err(Failure::Usage(format!(
            "--output `{spec}` needs FORMAT:PATH, e.g. --output json:report.json"
        )));
    };
    if path.is_empty() {
        return Err(Failure::Usage(format!("--output `{spec}` names no file")));
    }
    Ok((parse_format(format)?, PathBuf::from(path)))
}

/// Colour as decided for this run, and the terminal's width, or 80
/// columns when output is not a terminal, so files and pipes get the same
/// text every time.
fn terminal_style(ui: &Ui) -> Style {
    let width = comfy_table::Table::new()
        .width()
        .filter(|_| std::io::IsTerminal::is_terminal(&std::io::stdout()))
        .unwrap_or(80);
    Style {
        color: ui.color,
        width,
    }
}
