//! `mera merge FILE… --output OUT`: combine several respondents' answers
//! files into a new one, keeping disagreements open.

use std::path::{Path, PathBuf};

use clap::Args;
use mera::assessment::answers;
use mera::input::source::Source;
use mera::workshop::merge::{self, Respondent};

use crate::cli::args::ContentArgs;
use crate::cli::{Failure, Outcome, Ui, content, files, output};

#[derive(Args, Debug)]
pub struct MergeArgs {
    /// Respondents' answers files, two or more (YAML or TOML)
    #[arg(required = true, num_args = 2.., value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Where to write the merged answers file: a .yaml (or .yml) PATH, or yaml:PATH;
    /// never one of the inputs
    #[arg(long, short, value_name = "OUT")]
    pub output: String,
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

/// Merge writes YAML only; `yaml:` may name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Yaml;

const OUTPUTS: output::Choices<Yaml> = output::Choices {
    words: &[("yaml", Yaml), ("yml", Yaml)],
    extensions: &[("yaml", Yaml), ("yml", Yaml)],
};

/// The merged file's path: `yaml:PATH`, a `.yaml` or `.yml` PATH, or a
/// PATH without an extension; any other extension names another format.
fn output_path(spec: &str) -> Result<PathBuf, Failure> {
    let parsed = output::parse(spec, &OUTPUTS).map_err(Failure::Usage)?;
    let out = files::display(&parsed.path);
    let extension = parsed
        .path
        .extension()
        .map(|e| e.to_string_lossy().into_owned());
    if parsed.named.is_none() && parsed.inferred.is_none() && extension.is_some() {
        let toml = mera::input::source::Syntax::of_name(&out) == mera::input::source::Syntax::Toml;
        return Err(Failure::Usage(format!(
            "`{out}` is {} name; merge writes YAML, so name the output `.yaml`",
            if toml { "a TOML" } else { "not a YAML" }
        )));
    }
    Ok(parsed.path)
}

pub fn merge(args: MergeArgs, ui: &mut Ui) -> Result<Outcome, Failure> {
    let output = output_path(&args.output)?;
    let out = files::display(&output);
    refuse_a_file_named_twice(&args.files)?;
    let content = content::load(&args.content, &files::parent_dir(&output), ui)?;
    // Never an input, even with --force.
    let read: Vec<&Path> = args
        .files
        .iter()
        .chain(&content.read)
        .map(PathBuf::as_path)
        .collect();
    files::refuse_inputs_as_outputs(&[&output], &read, "the merged file")
        .map_err(Failure::Usage)?;
    // A file there is replaced only with --force; a device or FIFO
    // (`/dev/stdout`) is written through, never replaced.
    let a_file_there = std::fs::metadata(&output).is_ok_and(|m| m.is_file());
    let something_there = std::fs::symlink_metadata(&output).is_ok();
    if a_file_there && !args.force {
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
    if args.force || (something_there && !a_file_there) {
        crate::cli::write::write_atomic(&output, &merged.text)
    } else {
        crate::cli::write::write_new(&output, &merged.text)
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
