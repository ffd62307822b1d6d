//! `mera plan FILE`: the fewest gaps to close, in order, to reach a
//! readiness level.

use std::path::PathBuf;

use clap::Args;
use mera::workshop::Format;
use mera::workshop::plan::{self, Scoring, Target};

use super::answers_file;
use crate::cli::args::{ContentArgs, ScoreArgs};
use crate::cli::{Failure, Outcome, Ui, content, files};

#[derive(Args, Debug)]
pub struct PlanArgs {
    /// Answers file (YAML, or TOML by the .toml extension), or - for standard input
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The readiness level to reach
    #[arg(long, value_name = "LEVEL", default_value = "ready", value_parser = ["partial", "ready"])]
    pub target: String,
    /// Format for standard output
    #[arg(long, short, value_name = "FORMAT", default_value = "table", value_parser = ["table", "markdown", "md", "json"])]
    pub format: String,
    #[command(flatten)]
    pub score: ScoreArgs,
    #[command(flatten)]
    pub stdin: crate::cli::args::StdinArgs,
    #[command(flatten)]
    pub content: ContentArgs,
}

pub fn plan(args: PlanArgs, ui: &mut Ui) -> Result<Outcome, Failure> {
    let format = Format::parse(&args.format).unwrap_or(Format::Table);
    let target = Target::WORDS
        .iter()
        .find(|(w, _)| *w == args.target)
        .map_or(Target::Ready, |(_, t)| *t);
    let content = content::load(&args.content, &files::parent_dir(&args.file), ui)?;
    let s = answers_file::score_one(
        &args.file,
        &args.score,
        args.stdin.stdin_format.syntax(),
        &content,
        ui,
    )?;
    let scoring = Scoring {
        set: &content.set,
        catalog: &content.catalog,
        options: &s.options,
    };
    let p = plan::plan(scoring, &s.answers, target);
    ui.out(&plan::render(format, &p, answers_file::width()));
    Ok(Outcome::Success)
}
