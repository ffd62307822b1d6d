//! `mera assess` and `mera check`: load answers, score, render, gate.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use mera::assessment::config::FAIL_ON_WORDS;
use mera::assessment::gate::{self, Gate, Layer, Verdict};
use mera::assessment::scoring::DEFAULT_MAX_EVIDENCE_AGE_DAYS;
use mera::assessment::timeline::{self, Timeline};
use mera::assessment::{Assessment, Judge};
use mera::report::{self, Format, Report, Style};

use crate::cli::args::{AssessArgs, CheckArgs, GateArgs, InputArgs, ScoreArgs};
use crate::cli::batch::{self, Scoring};
use crate::cli::content::{self, Content};
use crate::cli::inputs::{self, Input};
use crate::cli::write::{Access, PendingFile};
use crate::cli::{Failure, Outcome, Ui};
use crate::cli::{files, output};

pub fn assess(args: AssessArgs, ui: &mut Ui) -> Result<Outcome, Failure> {
    let stdout_format = parse_format(&args.format)?;
    ui.problems_as_json = stdout_format == Format::Json;
    let outputs = parse_outputs(&args.output)?;
    let inputs = inputs::expand(
        &args.files,
        args.input.stdin.stdin_format.syntax(),
        "assess",
        false,
    )?
    .warned(ui, args.input.quiet);
    let content = content::load(&args.content, &near(&args.files), ui)?;
    let scoring = scoring(&args.score, &args.input, &content, Judge::OnAsOf)?;
    refuse_overwriting(&outputs, &inputs, &content)?;
    let gated = args.gate.fail_under.is_some() || args.gate.fail_on.is_some();
    let gate = Gate::default().with(&gate_flags(&args.gate, false)?);
    let mut sinks = vec![Sink::stdout(stdout_format, ui.color)];
    for (format, path) in outputs {
        sinks.push(Sink::file(format, &path)?);
    }
    let run = report_all(
        &inputs,
        &content,
        &scoring,
        gated.then_some(&gate),
        sinks,
        false,
        ui,
    )?;
    Ok(outcome(run.failed > 0, args.gate.exit_zero))
}

pub fn check(args: CheckArgs, ui: &mut Ui) -> Result<Outcome, Failure> {
    let stdout_format = args.format.as_deref().map(parse_format).transpose()?;
    ui.problems_as_json = stdout_format == Some(Format::Json);
    let outputs = parse_outputs(&args.output)?;
    let content = content::load(&args.content, &near(&args.files), ui)?;
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
    let inputs = inputs::expand(
        &files,
        args.input.stdin.stdin_format.syntax(),
        "check",
        false,
    )?
    .warned(ui, args.input.quiet);
    refuse_overwriting(&outputs, &inputs, &content)?;
    let scoring = Scoring {
        warn_expiring: true,
        ..scoring(&args.score, &args.input, &content, Judge::OnToday)?
    };
    // Defaults, then mera.toml, then flags.
    let gate = Gate::CHECK_DEFAULT
        .with(&content.config.gate_layer())
        .with(&gate_flags(&args.gate, args.allow_unanswered)?);
    let mut sinks = Vec::new();
    if let Some(format) = stdout_format {
        sinks.push(Sink::stdout(format, ui.color));
    }
    for (format, path) in outputs {
        sinks.push(Sink::file(format, &path)?);
    }
    let lines = stdout_format.is_none();
    let run = report_all(&inputs, &content, &scoring, Some(&gate), sinks, lines, ui)?;
    if lines {
        ui.out(&format!(
            "\n{} of {} failed the gate ({}).\n",
            run.failed,
            mera::text::plural(run.assessed, "file", "files"),
            gate_text(&gate, &scoring),
        ));
    }
    Ok(outcome(run.failed > 0, args.gate.exit_zero))
}

/// No `--output` may replace an input of the run: an answers file, the
/// config or a questionnaire.
fn refuse_overwriting(
    outputs: &[(Format, PathBuf)],
    inputs: &[Input],
    content: &Content,
) -> Result<(), Failure> {
    let outputs: Vec<&Path> = outputs.iter().map(|(_, p)| p.as_path()).collect();
    let read: Vec<&Path> = inputs
        .iter()
        .filter_map(Input::path)
        .chain(content.read.iter().map(PathBuf::as_path))
        .collect();
    files::refuse_inputs_as_outputs(&outputs, &read, "the report").map_err(Failure::Usage)
}

/// An assessment kept for a format written as one document, with its
/// gate verdict, its path from the repository root (SARIF) and its dated
/// timeline (HTML).
struct Kept {
    assessment: Assessment,
    verdict: Option<Verdict>,
    repo_path: Option<String>,
    timeline: Option<Timeline>,
}

impl Kept {
    fn report(&self) -> Report<'_> {
        Report {
            repo_path: self.repo_path.clone(),
            timeline: self.timeline.as_ref(),
            ..Report::new(&self.assessment, self.verdict.as_ref())
        }
    }
}

/// What a run of reports came to.
struct Run {
    assessed: usize,
    /// Files whose gate failed.
    failed: usize,
}

/// Score every input, gate it when a gate is given, and write each sink;
/// `lines` prints `check`'s PASS/FAIL lines to standard output.
fn report_all(
    inputs: &[Input],
    content: &Content,
    scoring: &Scoring,
    gate: Option<&Gate>,
    mut sinks: Vec<Sink>,
    lines: bool,
    ui: &mut Ui,
) -> Result<Run, Failure> {
    let formats: Vec<(Format, Style)> = sinks.iter().map(|s| (s.format, s.style)).collect();
    let keep = sinks.iter().any(|s| !s.format.streams());
    // Code-scanning formats need the path from the repository root.
    let located = sinks
        .iter()
        .any(|s| matches!(s.format, Format::Sarif | Format::Github));
    // The board pack's Gantt chart draws the whole timeline, which needs the
    // catalog (the order's milestones).
    let dated = sinks.iter().any(|s| s.format == Format::Html);
    let mut kept = Vec::new();
    let mut run = Run {
        assessed: 0,
        failed: 0,
    };
    let mut privileged = false;
    batch::run(
        inputs,
        content,
        scoring,
        ui,
        |a, _answers| {
            let verdict = gate.map(|g| gate::evaluate(g, &a));
            let repo_path = located
                .then(|| files::repo_relative(Path::new(&a.file)))
                .flatten();
            let report = Report {
                repo_path: repo_path.clone(),
                ..Report::new(&a, verdict.as_ref())
            };
            let texts: Vec<Option<String>> = formats
                .iter()
                .map(|(f, style)| f.streams().then(|| report::render_one(*f, &report, *style)))
                .collect();
            let line = match (&verdict, lines) {
                (Some(v), true) => Some(verdict_text(&a, v)),
                _ => None,
            };
            let failed = verdict.as_ref().is_some_and(|v| !v.passed);
            let private = a.organization.privileged && !a.redacted;
            let timeline = dated.then(|| timeline::build(&a, &content.catalog));
            let kept = keep.then_some(Kept {
                assessment: a,
                verdict,
                repo_path,
                timeline,
            });
            (kept, texts, line, failed, private)
        },
        |(file_kept, texts, line, failed, private), ui| {
            run.assessed += 1;
            run.failed += usize::from(failed);
            privileged |= private;
            if let Some(line) = line {
                ui.out(&line);
            }
            for (sink, text) in sinks.iter_mut().zip(texts) {
                if let Some(text) = text {
                    sink.stream(&text, ui)?;
                }
            }
            kept.extend(file_kept);
            Ok(())
        },
    )?
    .finish()?;
    let access = if privileged {
        Access::Private
    } else {
        Access::Usual
    };
    for sink in sinks {
        sink.finish(ui, access, &kept)?;
    }
    Ok(run)
}

/// "PASS file: 95.6/100, ready: … (Org)", then each failure at its
/// file:line:column.
fn verdict_text(a: &Assessment, v: &Verdict) -> String {
    let word = if v.passed { "PASS" } else { "FAIL" };
    let mut out = format!(
        "{word} {}: {} ({})\n",
        a.file,
        report::summary_line(a),
        a.organization.name
    );
    for f in &v.failures {
        let place = f
            .pos()
            .map_or_else(|| a.file.clone(), |p| format!("{}:{p}", a.file));
        out.push_str(&format!("  - {place}: {}\n", f.describe()));
    }
    let gated = v
        .failures
        .iter()
        .any(|f| matches!(f, gate::Failure::ToReview { .. }));
    if let (false, Some(first)) = (gated, a.content.to_review.first()) {
        let ids: Vec<&str> = a
            .content
            .to_review
            .iter()
            .map(|r| r.question.as_str())
            .collect();
        out.push_str(&format!(
            "  note: {}:{}: {} to review, given before {} question's last revision: {}\n",
            a.file,
            first.pos,
            report::plural(ids.len(), "answer", "answers"),
            if ids.len() == 1 { "its" } else { "their" },
            mera::input::diagnostic::all_of(&ids)
        ));
    }
    out
}

/// The gate's settings and the date it judged on, in words.
fn gate_text(gate: &Gate, scoring: &Scoring) -> String {
    let run_date = match scoring.flag_date {
        Some(d) => format!("judged on {d}, from --as-of"),
        None => format!("judged on {}, today", scoring.today),
    };
    let review = if gate.fail_on_review {
        ", answers to review fail"
    } else {
        ""
    };
    format!(
        "fail_under {}, fail_on {}, unanswered questions {}{review}, evidence older than {} days is stale; {run_date}",
        gate.fail_under
            .map_or_else(|| "none".to_string(), |s| s.to_string()),
        gate.fail_on.map_or("none", |s| s.as_str()),
        if gate.fail_on_unanswered {
            "fail"
        } else {
            "allowed"
        },
        scoring.max_evidence_age_days,
    )
}

fn outcome(failed: bool, exit_zero: bool) -> Outcome {
    if failed && !exit_zero {
        Outcome::GateFailed
    } else {
        Outcome::Success
    }
}

/// Where to look for mera.toml: beside the first named file or folder.
fn near(paths: &[PathBuf]) -> PathBuf {
    match paths.first() {
        Some(p) if p.as_os_str() == "-" => PathBuf::from("."),
        Some(p) if p.is_dir() => p.clone(),
        Some(p) => files::parent_dir(p),
        None => PathBuf::from("."),
    }
}

/// How this run dates and scores its files, from flags, config and the clock.
pub fn scoring(
    args: &ScoreArgs,
    input: &InputArgs,
    content: &Content,
    judge: Judge,
) -> Result<Scoring, Failure> {
    let today = crate::cli::today();
    Ok(Scoring {
        flag_date: args
            .as_of
            .as_deref()
            .map(|t| parse_date_flag(t, today))
            .transpose()?,
        today,
        judge,
        max_evidence_age_days: args
            .max_evidence_age_days
            .or(content.config.max_evidence_age_days)
            .unwrap_or(DEFAULT_MAX_EVIDENCE_AGE_DAYS),
        redact: args.redact,
        quiet: input.quiet,
        ci: crate::cli::in_ci(),
        warn_expiring: false,
    })
}

/// The gate's thresholds from the flags, checked.
fn gate_flags(flags: &GateArgs, allow_unanswered: bool) -> Result<Layer, Failure> {
    if let Some(s) = flags.fail_under
        && !(0.0..=100.0).contains(&s)
    {
        return Err(Failure::Usage(format!(
            "--fail-under must be between 0 and 100, not {s}: give the lowest overall score that passes, e.g. --fail-under 70"
        )));
    }
    let fail_on = flags.fail_on.as_ref().and_then(|word| {
        FAIL_ON_WORDS
            .iter()
            .find(|(w, _)| w == word)
            .map(|(_, s)| *s)
    });
    Ok(Layer {
        fail_under: flags.fail_under,
        fail_on,
        allow_unanswered: allow_unanswered.then_some(true),
        fail_on_review: None,
    })
}

/// A date flag: `YYYY-MM-DD`, or `today`.
pub fn parse_date_flag(text: &str, today: NaiveDate) -> Result<NaiveDate, Failure> {
    if text.eq_ignore_ascii_case("today") {
        return Ok(today);
    }
    mera::input::doc::parse_date(text).ok_or_else(|| {
        Failure::Usage(match mera::input::doc::guess_date(text) {
            Some(d) => format!(
                "`{text}` is not a date: did you mean --as-of {d}? Write YYYY-MM-DD or today"
            ),
            None => format!(
                "`{text}` is not a date: write --as-of YYYY-MM-DD (e.g. --as-of 2026-11-20) or --as-of today"
            ),
        })
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

/// What `--output` takes on `assess` and `check`.
const OUTPUTS: output::Choices<Format> = output::Choices {
    words: &Format::WORDS,
    extensions: &Format::EXTENSIONS,
};

fn parse_outputs(specs: &[String]) -> Result<Vec<(Format, PathBuf)>, Failure> {
    output::parse_all(specs, &OUTPUTS)
        .and_then(|all| {
            all.into_iter()
                .map(|s| Ok((s.format(&OUTPUTS)?, s.path)))
                .collect()
        })
        .map_err(Failure::Usage)
}

/// Where one format goes: standard output or a file. Streaming formats are
/// written file by file as they are scored; the others render once, from
/// the assessments kept, at the end.
struct Sink {
    format: Format,
    style: Style,
    file: Option<PendingFile>,
    written: usize,
}

impl Sink {
    fn stdout(format: Format, color: bool) -> Sink {
        Sink {
            format,
            style: Style {
                color,
                width: crate::cli::terminal_width(),
            },
            file: None,
            written: 0,
        }
    }

    fn file(format: Format, path: &Path) -> Result<Sink, Failure> {
        Ok(Sink {
            format,
            style: Style {
                color: false,
                ..Style::default()
            },
            file: Some(PendingFile::create(path).map_err(Failure::Usage)?),
            written: 0,
        })
    }

    fn stream(&mut self, text: &str, ui: &Ui) -> Result<(), Failure> {
        if self.written > 0 {
            self.put(self.format.separator(), ui)?;
        }
        self.written += 1;
        self.put(text, ui)
    }

    fn put(&mut self, text: &str, ui: &Ui) -> Result<(), Failure> {
        match &mut self.file {
            Some(file) => file.write(text).map_err(Failure::Usage),
            None => {
                ui.out(text);
                Ok(())
            }
        }
    }

    fn finish(mut self, ui: &Ui, access: Access, kept: &[Kept]) -> Result<(), Failure> {
        if !self.format.streams() {
            let reports: Vec<Report> = kept.iter().map(Kept::report).collect();
            let text = report::render(self.format, &reports, self.style);
            self.put(&text, ui)?;
        }
        match self.file {
            Some(file) => file.commit(access).map_err(Failure::Usage),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_flags_take_today_or_a_date() {
        let today = mera::input::doc::parse_date("2026-11-23").unwrap();
        assert_eq!(parse_date_flag("today", today).unwrap(), today);
        assert_eq!(parse_date_flag("TODAY", today).unwrap(), today);
        assert_eq!(
            parse_date_flag("2026-01-02", today).unwrap().to_string(),
            "2026-01-02"
        );
        assert!(parse_date_flag("yesterday", today).is_err());
    }
}
