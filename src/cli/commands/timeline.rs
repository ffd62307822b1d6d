//! `mera timeline FILE`: the order's milestones and the organization's own
//! dates, as a table, Markdown, JSON or an iCalendar file.

use std::path::PathBuf;

use clap::Args;
use mera::workshop::{Format, timeline};

use super::answers_file;
use crate::cli::args::{ContentArgs, ScoreArgs};
use crate::cli::{Failure, Outcome, Ui, content, files};

#[derive(Args, Debug)]
pub struct TimelineArgs {
    /// Answers file (YAML, or TOML by the .toml extension), or - for standard input
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Format: ics is an iCalendar file for calendar apps
    #[arg(long, short, value_name = "FORMAT", default_value = "table", value_parser = ["table", "markdown", "md", "json", "ics"])]
    pub format: String,
    /// Write to PATH (through a temporary file) instead of standard output
    #[arg(long, short, value_name = "PATH")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub score: ScoreArgs,
    #[command(flatten)]
    pub stdin: crate::cli::args::StdinArgs,
    #[command(flatten)]
    pub content: ContentArgs,
}

pub fn timeline(args: TimelineArgs, ui: &mut Ui) -> Result<Outcome, Failure> {
    let content = content::load(&args.content, &files::parent_dir(&args.file), ui)?;
    if let Some(output) = &args.output {
        let read: Vec<&std::path::Path> = std::iter::once(args.file.as_path())
            .chain(content.read.iter().map(PathBuf::as_path))
            .collect();
        files::refuse_inputs_as_outputs(&[output], &read, "the timeline")
            .map_err(Failure::Usage)?;
    }
    let s = answers_file::score_one(
        &args.file,
        &args.score,
        args.stdin.stdin_format.syntax(),
        &content,
        ui,
    )?;
    let t = mera::assessment::timeline::build(&s.assessment, &content.catalog);
    let text = match Format::parse(&args.format) {
        Some(format) => {
            // A file gets the 80 columns any output off a terminal gets.
            let width = if args.output.is_some() {
                80
            } else {
                answers_file::width()
            };
            timeline::render(format, &t, width)
        }
        None => timeline::ics(&t),
    };
    match &args.output {
        Some(path) => {
            files::write_atomic(path, &text).map_err(Failure::Usage)?;
            ui.out(&format!(
                "Wrote {} with {} dated items.\n",
                path.display(),
                t.items.len()
            ));
        }
        None => ui.out(&text),
    }
    Ok(Outcome::Success)
}
