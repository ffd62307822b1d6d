//! `mera merge FILE… --output OUT`: combine several respondents' answers
//! files into a new one, keeping disagreements open.

use std::path::{Path, PathBuf};

use clap::Args;
use mera::assessment::answers;
use mera::input::source::Source;
use mera::workshop::merge::{self, Respondent};

use crate::cli::args::ContentArgs;
use crate::cli::{Failure, Outcome, Ui, content, files};

#[derive(Args, Debug)]
pub struct MergeArgs {
    /// Respondents' answers files, two or more (YAML or TOML)
    #[arg(required = true, num_args = 2.., value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Where to write the merged answers file (YAML); never one of the inputs
    #[arg(long, short, value_name = "OUT")]
    pub output: PathBuf,
    /// Replace OUT when it exists
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub content: ContentArgs,
}

/// Each respondent's file once: the same file twice (however spelled or
/// linked) would count one respondent as two.
fn refuse_a_file_named_twice(paths: &[PathBuf]) -> Result<(), Failure> {
    let mut seen: Vec<(files::FileId, &PathBuf)> = Vec::new();
    for path in paths {
        let id = files::file_id(path);
        if let Some((_, first)) = seen.iter().find(|(i, _)| *i == id) {
            let (first, again) = (files::display(first), files::display(path));
            let also = if first == again {
                String::new()
            } else {
                format!(" (also as `{again}`)")
            };
            return Err(Failure::Usage(format!(
                "`{first}` is named twice{also}; merge combines different respondents' files, so name each file once"
            )));
        }
        seen.push((id, path));
    }
    Ok(())
}

pub fn merge(args: MergeArgs, ui: &mut Ui) -> Result<Outcome, Failure> {
    let out = files::display(&args.output);
    if mera::input::source::Syntax::of_name(&out) == mera::input::source::Syntax::Toml {
        return Err(Failure::Usage(format!(
            "`{out}` is a TOML name; merge writes YAML, so name the output `.yaml`"
        )));
    }
    refuse_a_file_named_twice(&args.files)?;
    let content = content::load(&args.content, &files::parent_dir(&args.output), ui)?;
    // Never an input, even with --force.
    let read: Vec<&Path> = args
        .files
        .iter()
        .chain(&content.read)
        .map(PathBuf::as_path)
        .collect();
    files::refuse_inputs_as_outputs(&[&args.output], &read, "the merged file")
        .map_err(Failure::Usage)?;
    if args.output.exists() && !args.force {
        return Err(Failure::Usage(format!(
            "`{out}` already exists; pass --force to replace it, or name a new file"
        )));
    }
    let mut sources: Vec<Source> = Vec::new();
    let mut loaded = Vec::new();
    let mut problems = Vec::new();
    for path in &args.files {
        let source = match files::read(path) {
            Ok(s) => s,
            Err(d) => {
                problems.push(d);
                continue;
            }
        };
        ui.remember(&source);
        match answers::load(&source, &content.set) {
            Ok((a, w)) => {
                ui.diagnostics(&w);
                loaded.push(a);
                sources.push(source);
            }
            Err(mut e) => problems.append(&mut e),
        }
    }
    if !problems.is_empty() {
        return Err(Failure::Input(problems));
    }
    let respondents: Vec<Respondent> = sources
        .iter()
        .zip(&loaded)
        .map(|(source, answers)| Respondent { source, answers })
        .collect();
    let merged = merge::merge(&respondents, &content.set)?;
    // Prove the merged file loads before it is written.
    answers::load(&Source::new(out.clone(), merged.text.clone()), &content.set)?;
    if args.force {
        files::write_atomic(&args.output, &merged.text)
    } else {
        files::write_new(&args.output, &merged.text)
    }
    .map_err(Failure::Usage)?;
    let mut report = format!(
        "Merged {} files ({}) into {out}: {} answered.\n",
        args.files.len(),
        merged.respondents.join(", "),
        mera::text::plural(merged.answered, "question", "questions"),
    );
    if merged.conflicts.is_empty() {
        report.push_str("The respondents agree on every question both answered.\n");
    } else {
        let ids: Vec<String> = merged.conflicts.iter().map(|c| format!("`{c}`")).collect();
        report.push_str(&format!(
            "{} left `unknown` where respondents disagree: {}. `mera assess {out}` lists them; settle each with `mera interview {out}`.\n",
            mera::text::plural(merged.conflicts.len(), "question", "questions"),
            ids.join(", ")
        ));
    }
    ui.out(&report);
    Ok(Outcome::Success)
}
