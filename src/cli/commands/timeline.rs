//! `mera timeline FILE`: the order's milestones and the organization's own
//! dates, as a table, Markdown, JSON or an iCalendar file.

use std::path::PathBuf;

use clap::Args;
use mera::workshop::{Format, timeline};

use super::answers_file;
use crate::cli::args::{ContentArgs, ScoreArgs};
use crate::cli::write::{Access, PendingFile};
use crate::cli::{Failure, Outcome, Ui, content, files, output};

#[derive(Args, Debug)]
pub struct TimelineArgs {
    /// Answers file (YAML, or TOML by the .toml extension), or - for standard input
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Format: ics is an iCalendar file for calendar apps; an --output without FORMAT: gets
    /// this format when given, else the one its extension names [default: table]
    #[arg(long, short, value_name = "FORMAT", value_parser = ["table", "markdown", "md", "json", "ics"])]
    pub format: Option<String>,
    /// Write to a file instead of standard output: FORMAT:PATH, or a PATH whose
    /// extension names the format (cal.ics, plan.md, t.json, t.txt); repeatable
    #[arg(long, short, value_name = "FORMAT:PATH")]
    pub output: Vec<String>,
    #[command(flatten)]
    pub score: ScoreArgs,
    #[command(flatten)]
    pub stdin: crate::cli::args::StdinArgs,
    #[command(flatten)]
    pub content: ContentArgs,
}

/// What the timeline is written as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Written {
    Report(Format),
    Ics,
}

const OUTPUTS: output::Choices<Written> = output::Choices {
    words: &[
        ("table", Written::Report(Format::Table)),
        ("markdown", Written::Report(Format::Markdown)),
        ("md", Written::Report(Format::Markdown)),
        ("json", Written::Report(Format::Json)),
        ("ics", Written::Ics),
    ],
    extensions: &[
        ("ics", Written::Ics),
        ("ical", Written::Ics),
        ("md", Written::Report(Format::Markdown)),
        ("markdown", Written::Report(Format::Markdown)),
        ("json", Written::Report(Format::Json)),
        ("txt", Written::Report(Format::Table)),
    ],
};

fn parse_format(word: &str) -> Written {
    OUTPUTS
        .words
        .iter()
        .find(|(w, _)| *w == word)
        .map_or(Written::Report(Format::Table), |(_, f)| *f)
}

pub fn timeline(args: TimelineArgs, ui: &mut Ui) -> Result<Outcome, Failure> {
    // An output's format: its FORMAT: prefix, else --format, else its
    // extension, else the table.
    let flag = args.format.as_deref().map(parse_format);
    let outputs: Vec<(Written, PathBuf)> = output::parse_all(&args.output, &OUTPUTS)
        .map_err(Failure::Usage)?
        .into_iter()
        .map(|s| {
            let format = s
                .named
                .or(flag)
                .or(s.inferred)
                .unwrap_or(Written::Report(Format::Table));
            (format, s.path)
        })
        .collect();
    let content = content::load(&args.content, &files::parent_dir(&args.file), ui)?;
    let paths: Vec<&std::path::Path> = outputs.iter().map(|(_, p)| p.as_path()).collect();
    let read: Vec<&std::path::Path> = std::iter::once(args.file.as_path())
        .chain(content.read.iter().map(PathBuf::as_path))
        .collect();
    files::refuse_inputs_as_outputs(&paths, &read, "the timeline").map_err(Failure::Usage)?;
    let s = answers_file::score_one(
        &args.file,
        &args.score,
        args.stdin.stdin_format.syntax(),
        &content,
        ui,
    )?;
    let t = mera::assessment::timeline::build(&s.assessment, &content.catalog);
    // A file gets the 80 columns any output off a terminal gets.
    let text = |format: Written, width: u16| match format {
        Written::Report(f) => timeline::render(f, &t, width),
        Written::Ics => timeline::ics(&t),
    };
    if outputs.is_empty() {
        ui.out(&text(
            flag.unwrap_or(Written::Report(Format::Table)),
            answers_file::width(),
        ));
        return Ok(Outcome::Success);
    }
    // Every refusal comes before the first file is written.
    let mut pending = Vec::new();
    for (format, path) in &outputs {
        let mut file = PendingFile::create(path).map_err(Failure::Usage)?;
        file.write(&text(*format, 80)).map_err(Failure::Usage)?;
        pending.push((file, path));
    }
    for (file, path) in pending {
        let stream = file.is_stream();
        file.commit(Access::Usual).map_err(Failure::Usage)?;
        if stream {
            continue;
        }
        ui.out(&format!(
            "Wrote {} with {} dated items.\n",
            path.display(),
            t.items.len()
        ));
    }
    Ok(Outcome::Success)
}
