//! `mera summary`: one row per answers file, for a portfolio review.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use mera::assessment::Judge;
use mera::report::summary::{self, Row, SortKey};

use crate::cli::args::{ContentArgs, InputArgs, ScoreArgs};
use crate::cli::commands::assess::scoring;
use crate::cli::{Failure, Outcome, Ui, batch, content, inputs};

#[derive(Args, Debug)]
pub struct SummaryArgs {
    /// Answers files, folders to walk for them, or `-` for standard input
    #[arg(required = true, value_name = "FILE|DIR|-")]
    pub files: Vec<PathBuf>,
    /// Row order: file (as given), score (lowest first), level (furthest from ready first),
    /// overdue (most first) or name
    #[arg(long, value_name = "KEY", default_value = "file", value_parser = ["file", "score", "level", "overdue", "name"])]
    pub sort: String,
    /// Format for standard output
    #[arg(long, short, value_enum, default_value_t = SummaryFormat::Table)]
    pub format: SummaryFormat,
    #[command(flatten)]
    pub score: ScoreArgs,
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub content: ContentArgs,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum SummaryFormat {
    Table,
    Markdown,
    Csv,
    Json,
}

pub fn summary(args: SummaryArgs, ui: &mut Ui) -> Result<Outcome, Failure> {
    let inputs = inputs::expand(
        &args.files,
        args.input.stdin.stdin_format.syntax(),
        "summarize",
        false,
    )?
    .warned(ui, args.input.quiet);
    let near = match args.files.first() {
        Some(p) if p.is_dir() => p.clone(),
        Some(p) if p.as_os_str() != "-" => crate::cli::files::parent_dir(p),
        _ => PathBuf::from("."),
    };
    let content = content::load(&args.content, &near, ui)?;
    // A portfolio review asks what is overdue or expiring now: judge on today.
    let scoring = scoring(&args.score, &args.input, &content, Judge::OnToday)?;
    let mut rows: Vec<Row> = Vec::with_capacity(inputs.len());
    let tally = batch::run(
        &inputs,
        &content,
        &scoring,
        ui,
        |a, _| Row::of(&a),
        |row, _| {
            rows.push(row);
            Ok(())
        },
    )?;
    let key = SortKey::WORDS
        .iter()
        .find(|(w, _)| *w == args.sort)
        .map_or(SortKey::File, |(_, k)| *k);
    summary::sort(&mut rows, key);
    let text = match args.format {
        SummaryFormat::Table => summary::table(
            &rows,
            crate::cli::terminal_width(),
            crate::cli::terminal_columns(),
        ),
        SummaryFormat::Markdown => summary::markdown(&rows),
        SummaryFormat::Csv => summary::csv(&rows),
        SummaryFormat::Json => summary::json(&rows),
    };
    // A bad file does not stop the others: the good rows come first, then
    // the bad files' problems, and the run exits 2.
    if !rows.is_empty() {
        ui.out(&text);
    }
    tally.finish()?;
    Ok(Outcome::Success)
}
