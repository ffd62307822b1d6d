//! `mera diff OLD NEW`: what improved and what regressed between two answers
//! files; `--fail-on-regression` makes it a CI check.

use std::path::PathBuf;

use clap::Args;
use mera::content::questionnaire::Severity;
use mera::workshop::Format;
use mera::workshop::diff::{self, Assessed, RegressionCheck};

use super::answers_file;
use crate::cli::args::{ContentArgs, ScoreArgs};
use crate::cli::{Failure, Outcome, Ui, content, files};

#[derive(Args, Debug)]
pub struct DiffArgs {
    /// The earlier answers file, or - for standard input
    #[arg(value_name = "OLD")]
    pub old: PathBuf,
    /// The later answers file
    #[arg(value_name = "NEW")]
    pub new: PathBuf,
    /// Format for standard output
    #[arg(long, short, value_name = "FORMAT", default_value = "table", value_parser = ["table", "markdown", "md", "json"])]
    pub format: String,
    /// Exit 1 when the overall score drops or an unwaived gap at or above SEVERITY opens [default: high]
    #[arg(long, value_name = "SEVERITY", num_args = 0..=1, default_missing_value = "high", value_parser = ["critical", "high", "medium", "low"])]
    pub fail_on_regression: Option<String>,
    #[command(flatten)]
    pub score: ScoreArgs,
    #[command(flatten)]
    pub stdin: crate::cli::args::StdinArgs,
    #[command(flatten)]
    pub content: ContentArgs,
}

pub fn diff(args: DiffArgs, ui: &mut Ui) -> Result<Outcome, Failure> {
    let format = Format::parse(&args.format).unwrap_or(Format::Table);
    let content = content::load(&args.content, &files::parent_dir(&args.new), ui)?;
    let scored = answers_file::score(
        &[&args.old, &args.new],
        &args.score,
        args.stdin.stdin_format.syntax(),
        &content,
        ui,
    )?;
    let (old, new) = (&scored[0], &scored[1]);
    let d = diff::diff(
        Assessed {
            assessment: &old.assessment,
            answers: &old.answers,
        },
        Assessed {
            assessment: &new.assessment,
            answers: &new.answers,
        },
    );
    let check = args.fail_on_regression.as_deref().map(|word| {
        let fail_on = Severity::WORDS
            .iter()
            .find(|(w, _)| *w == word)
            .map_or(Severity::High, |(_, s)| *s);
        let reasons = diff::regressions(&d, fail_on);
        RegressionCheck {
            fail_on,
            failed: !reasons.is_empty(),
            reasons,
        }
    });
    ui.out(&diff::render(
        format,
        &d,
        check.as_ref(),
        answers_file::width(),
    ));
    Ok(if check.is_some_and(|c| c.failed) {
        Outcome::GateFailed
    } else {
        Outcome::Success
    })
}
