//! Load and score many answers files at once. Files are read, checked,
//! scored and rendered in parallel (rayon) a chunk at a time; results are
//! handed on in input order, so the output is byte-identical to a sequential
//! run and memory stays flat however many files there are. A bad file is
//! reported at the end and does not stop the others.

use std::io::IsTerminal as _;

use chrono::NaiveDate;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use mera::assessment::{Assessment, Dates, Judge, answers, scoring};
use mera::input::diagnostic::{Code, Diagnostic};
use mera::input::file_kind::FileKind;
use mera::input::source::Source;
use rayon::prelude::*;

use crate::cli::content::Content;
use crate::cli::inputs::Input;
use crate::cli::{Failure, Ui};

/// Files scored together before their results are handed on: enough to
/// keep both cores busy, few enough that memory does not grow with the run.
const CHUNK: usize = 64;

/// Batches larger than this show a progress bar (on a terminal, outside CI).
const PROGRESS_FROM: usize = 200;

/// An `as_of` older than this (against today or `--as-of`) draws a warning.
pub const STALE_AS_OF_DAYS: i64 = 90;

/// How to date and score every file of a run.
#[derive(Clone, Debug)]
pub struct Scoring {
    /// `--as-of`: the run date.
    pub flag_date: Option<NaiveDate>,
    /// Today, from the one clock function.
    pub today: NaiveDate,
    /// What the run date is without `--as-of`.
    pub judge: Judge,
    pub max_evidence_age_days: u32,
    pub redact: bool,
    /// No warnings, notes or progress bar.
    pub quiet: bool,
    /// Running under CI (`CI` is set): privileged reports get a warning.
    pub ci: bool,
}

/// One input's result.
enum Processed<T> {
    Done {
        value: T,
        warnings: String,
    },
    /// Found by a folder walk but not an answers file.
    Skipped,
    Failed {
        problems: Vec<Diagnostic>,
        source: Option<Source>,
    },
}

/// What a run met, beside the values handed on.
#[derive(Debug, Default)]
pub struct Tally {
    pub assessed: usize,
    pub skipped: Vec<String>,
}

/// Score every input; `render` turns each assessment (with the answers it
/// was scored from) into what the command keeps (in parallel), `sink`
/// receives those in input order.
pub fn run<T: Send>(
    inputs: &[Input],
    content: &Content,
    scoring: &Scoring,
    ui: &mut Ui,
    render: impl Fn(Assessment, &answers::Answers) -> T + Sync,
    mut sink: impl FnMut(T, &mut Ui) -> Result<(), Failure>,
) -> Result<Tally, Failure> {
    let progress = progress_bar(inputs.len(), scoring);
    let mut tally = Tally::default();
    let mut problems = Vec::new();
    for chunk in inputs.chunks(CHUNK) {
        let results: Vec<Processed<T>> = chunk
            .par_iter()
            .map(|input| process(input, content, scoring, &render))
            .collect();
        for (input, result) in chunk.iter().zip(results) {
            match result {
                Processed::Done { value, warnings } => {
                    tally.assessed += 1;
                    if !warnings.is_empty() {
                        progress.suspend(|| ui.err(&warnings));
                    }
                    sink(value, ui)?;
                }
                Processed::Skipped => tally.skipped.push(input.name()),
                Processed::Failed {
                    problems: mut p,
                    source,
                } => {
                    if let Some(s) = &source {
                        ui.remember(s);
                    }
                    problems.append(&mut p);
                }
            }
        }
        progress.inc(chunk.len() as u64);
    }
    progress.finish_and_clear();
    if !scoring.quiet && !tally.skipped.is_empty() {
        ui.err(&skipped_note(&tally.skipped));
    }
    if problems.iter().any(Diagnostic::is_error) {
        return Err(Failure::Input(problems));
    }
    if tally.assessed == 0 {
        return Err(Failure::Usage(format!(
            "no answers files to read: {} found in the folders given, none starting with `mera: 1`",
            mera::text::plural(tally.skipped.len(), "file was", "files were")
        )));
    }
    Ok(tally)
}

fn process<T>(
    input: &Input,
    content: &Content,
    scoring: &Scoring,
    render: &impl Fn(Assessment, &answers::Answers) -> T,
) -> Processed<T> {
    let source = match input.read() {
        Ok(s) => s,
        Err(d) => {
            return Processed::Failed {
                problems: vec![d],
                source: None,
            };
        }
    };
    let parsed = match mera::input::parse(&source) {
        Ok(p) => p,
        Err(problems) => {
            return Processed::Failed {
                problems,
                source: Some(source),
            };
        }
    };
    if input.walked() && FileKind::detect(&parsed.root) != Some(FileKind::Answers) {
        return Processed::Skipped;
    }
    let (mut answers, mut warnings) = match answers::load_parsed(&source, parsed, &content.set) {
        Ok(loaded) => loaded,
        Err(problems) => {
            return Processed::Failed {
                problems,
                source: Some(source),
            };
        }
    };
    content.fill_in(&mut answers);
    let dates = Dates::resolve(
        scoring.flag_date,
        answers.organization.as_of,
        scoring.today,
        scoring.judge,
    );
    let options = scoring::Options {
        dates,
        max_evidence_age_days: scoring.max_evidence_age_days,
        redact: scoring.redact,
    };
    let assessment = scoring::assess(&content.set, &content.catalog, &answers, &options);
    let warnings = if scoring.quiet {
        String::new()
    } else {
        warnings.extend(run_warnings(&assessment, &answers, scoring));
        mera::input::diagnostic::sort(&mut warnings);
        warnings.iter().map(|d| d.render(Some(&source))).collect()
    };
    Processed::Done {
        value: render(assessment, &answers),
        warnings,
    }
}

/// Warnings about the assessment as a whole: answers that are not scored,
/// answers that have grown old, a privileged report rendered in full in CI.
fn run_warnings(a: &Assessment, answers: &answers::Answers, scoring: &Scoring) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if let Some(first) = a.inapplicable_answers.first() {
        let ids: Vec<&str> = a
            .inapplicable_answers
            .iter()
            .map(|i| i.question.as_str())
            .collect();
        let n = ids.len();
        out.push(
            Diagnostic::warning(
                Code::InapplicableAnswer,
                &a.file,
                Some(first.pos),
                format!(
                    "{} not apply to this profile and {} not scored: {}",
                    mera::text::plural(n, "answer is to a question that does", "answers are to questions that do"),
                    if n == 1 { "is" } else { "are" },
                    mera::input::diagnostic::all_of(&ids)
                ),
            )
            .with_help("they are kept in the file; check the profile facts that decide which questions apply, or remove them"),
        );
    }
    let reference = scoring.flag_date.unwrap_or(scoring.today);
    if let Some(as_of) = answers.organization.as_of
        && (reference - as_of).num_days() > STALE_AS_OF_DAYS
    {
        out.push(
            Diagnostic::warning(
                Code::OldAssessment,
                &a.file,
                Some(answers.organization.as_of_pos),
                format!(
                    "the answers speak for {as_of}, {} days before {reference}",
                    (reference - as_of).num_days()
                ),
            )
            .with_help(format!(
                "answers older than {STALE_AS_OF_DAYS} days may no longer hold: review them and update `as_of`"
            )),
        );
    }
    if scoring.ci && a.organization.privileged && !scoring.redact {
        out.push(
            Diagnostic::warning(
                Code::PrivilegedUnredacted,
                &a.file,
                Some(answers.organization.privileged_pos),
                "a privileged assessment is being rendered in full under CI",
            )
            .with_help("CI logs and job summaries are read by everyone with access to the repository: add `--redact`, and keep legal analysis out of answers files that live in a repository"),
        );
    }
    out
}

fn skipped_note(skipped: &[String]) -> String {
    let shown: Vec<&str> = skipped.iter().take(5).map(String::as_str).collect();
    let more = if skipped.len() > shown.len() {
        format!(" and {} more", skipped.len() - shown.len())
    } else {
        String::new()
    };
    let (what, are) = if skipped.len() == 1 {
        ("an answers file", "is")
    } else {
        ("answers files", "are")
    };
    format!(
        "note: skipped {} in the folders given that {are} not {what}: {}{more}\n",
        mera::text::plural(skipped.len(), "file", "files"),
        shown.join(", ")
    )
}

/// A bar on standard error for large batches, only on a terminal, never in
/// CI or with `--quiet`; otherwise a hidden bar that draws nothing.
fn progress_bar(len: usize, scoring: &Scoring) -> ProgressBar {
    let show =
        len > PROGRESS_FROM && !scoring.quiet && !scoring.ci && std::io::stderr().is_terminal();
    if !show {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len as u64), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed}") {
        bar.set_style(style);
    }
    bar
}
