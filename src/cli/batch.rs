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

/// Files whose warnings of one kind are printed in full; past this, the
/// rest of the run's files with that warning are named in one line.
const WARN_IN_FULL: usize = 3;

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
    /// Warn about active waivers expiring within 30 days (`check`).
    pub warn_expiring: bool,
}

/// One input's result.
enum Processed<T> {
    Done {
        value: T,
        /// Each warning's code and its text, rendered with its snippet.
        warnings: Vec<(Code, String)>,
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
    /// The bad files' problems: the good files were handed on all the same.
    pub problems: Vec<Diagnostic>,
}

impl Tally {
    /// The run as a result: the bad files' problems (exit 2), or "nothing
    /// to read" when every file was skipped.
    pub fn finish(self) -> Result<Tally, Failure> {
        if self.problems.iter().any(Diagnostic::is_error) {
            return Err(Failure::Input(self.problems));
        }
        if self.assessed == 0 {
            return Err(Failure::Usage(format!(
                "no answers files to read: {} found in the folders given, none starting with `mera: 1`",
                mera::text::plural(self.skipped.len(), "file was", "files were")
            )));
        }
        Ok(self)
    }
}

/// Warnings of one kind seen in many files: the first files' in full, the
/// others named in one line at the end.
#[derive(Default)]
struct Repeated {
    /// Per code: the files whose warnings were printed, then the others.
    seen: std::collections::BTreeMap<Code, (usize, Vec<String>)>,
}

impl Repeated {
    /// The text to print now for one file's warnings.
    fn take(&mut self, file: &str, warnings: Vec<(Code, String)>) -> String {
        let mut out = String::new();
        let mut counted: Vec<Code> = Vec::new();
        for (code, text) in warnings {
            let (shown, rest) = self.seen.entry(code).or_default();
            if !counted.contains(&code) {
                counted.push(code);
                if *shown >= WARN_IN_FULL {
                    rest.push(file.to_string());
                } else {
                    *shown += 1;
                }
            }
            if rest.last().is_none_or(|f| f != file) {
                out.push_str(&text);
            }
        }
        out
    }

    /// One line per kind of warning that more files had.
    fn summary(&self) -> String {
        let mut out = String::new();
        for (code, (_, rest)) in &self.seen {
            if rest.is_empty() {
                continue;
            }
            let shown: Vec<&str> = rest.iter().take(3).map(String::as_str).collect();
            let more = if rest.len() > shown.len() {
                format!(" and {} more", rest.len() - shown.len())
            } else {
                String::new()
            };
            out.push_str(&format!(
                "warning[{}]: the same in {}: {}{more}\n  = help: the first {WARN_IN_FULL} are shown in full above; `mera validate FILE` shows one file's warnings\n",
                code.as_str(),
                mera::text::plural(rest.len(), "more file", "more files"),
                shown.join(", "),
            ));
        }
        out
    }
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
    let mut repeated = Repeated::default();
    for chunk in inputs.chunks(CHUNK) {
        let results: Vec<Processed<T>> = chunk
            .par_iter()
            .map(|input| process(input, content, scoring, &render))
            .collect();
        for (input, result) in chunk.iter().zip(results) {
            match result {
                Processed::Done { value, warnings } => {
                    tally.assessed += 1;
                    let text = repeated.take(&input.name(), warnings);
                    if !text.is_empty() {
                        progress.suspend(|| ui.err(&text));
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
                    tally.problems.append(&mut p);
                }
            }
        }
        progress.inc(chunk.len() as u64);
    }
    progress.finish_and_clear();
    ui.err(&repeated.summary());
    if !scoring.quiet && !tally.skipped.is_empty() {
        ui.err(&skipped_note(&tally.skipped));
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
    // A folder may hold other YAML (a CI workflow, a questionnaire): that is
    // skipped. An empty file, or one that has lost `mera: 1` but keeps
    // `organization`, `profile` or `answers`, is a broken answers file and
    // an error, never skipped.
    if input.walked()
        && !matches!(
            FileKind::detect(&parsed.root),
            Some(FileKind::Answers | FileKind::Empty)
        )
    {
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
        Vec::new()
    } else {
        warnings.extend(run_warnings(&assessment, &answers, scoring));
        mera::input::diagnostic::sort(&mut warnings);
        warnings
            .iter()
            .map(|d| (d.code, d.render(Some(&source))))
            .collect()
    };
    Processed::Done {
        value: render(assessment, &answers),
        warnings,
    }
}

/// Warnings about the assessment as a whole: answers that are not scored,
/// dates that look wrong, placeholders left in, waivers about to expire
/// (`check`), a privileged report rendered in full in CI.
fn run_warnings(a: &Assessment, answers: &answers::Answers, scoring: &Scoring) -> Vec<Diagnostic> {
    use mera::assessment::warnings;
    let mut out = warnings::inapplicable(a);
    out.extend(warnings::dates(
        answers,
        a.as_of,
        a.as_of_source,
        scoring.today,
    ));
    out.extend(warnings::placeholders(answers));
    out.extend(warnings::old_assessment(
        answers,
        scoring.flag_date.unwrap_or(scoring.today),
    ));
    if scoring.warn_expiring {
        out.extend(warnings::expiring_waivers(a));
    }
    out.extend(warnings::privileged_unredacted(
        answers,
        scoring.redact,
        scoring.ci,
    ));
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
