//! `mera changes [--since VERSION] [FILE]`: what changed in the content, by
//! version; with FILE, since the version it is answered against and only
//! what may apply to its profile.

use std::path::PathBuf;

use clap::Args;
use mera::content::history::Version;
use mera::workshop::{Format, changes};

use super::answers_file;
use crate::cli::args::{ContentArgs, StdinArgs};
use crate::cli::{Failure, Outcome, Ui, content, files};

#[derive(Args, Debug)]
pub struct ChangesArgs {
    /// Answers file: list what changed since the content version it is answered against, for its profile
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// List what changed after this content version (e.g. 2026.11.1) [default: the file's stamp, or the first version]
    #[arg(long, value_name = "VERSION")]
    pub since: Option<String>,
    /// Output format
    #[arg(long, short, value_name = "FORMAT", default_value = "table", value_parser = ["table", "markdown", "md", "json"])]
    pub format: String,
    #[command(flatten)]
    pub stdin: StdinArgs,
    #[command(flatten)]
    pub content: ContentArgs,
}

pub fn changes(args: ChangesArgs, ui: &mut Ui) -> Result<Outcome, Failure> {
    let near = args
        .file
        .as_deref()
        .map_or_else(|| PathBuf::from("."), files::parent_dir);
    let content = content::load(&args.content, &near, ui)?;
    let since = args
        .since
        .as_deref()
        .map(|t| {
            Version::parse(t).ok_or_else(|| {
                Failure::Usage(format!(
                    "`{t}` is not a content version: write --since with whole numbers separated by dots, e.g. --since 2026.11.1"
                ))
            })
        })
        .transpose()?;
    let format = Format::parse(&args.format).unwrap_or(Format::Table);
    let list = match &args.file {
        Some(path) => {
            let source = answers_file::read(path, args.stdin.stdin_format.syntax())?;
            ui.remember(&source);
            // The file need not load: a rule newer than its stamp is what
            // this command is for.
            let (answers, _) = mera::assessment::answers::load_lenient(&source, &content.set)?;
            changes::for_file(&content.set, &answers, since.as_ref())
        }
        None => changes::since(&content.set, since.as_ref()),
    };
    ui.out(&changes::render(format, &list, answers_file::width()));
    Ok(Outcome::Success)
}
