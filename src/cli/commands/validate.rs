//! `mera validate`: check questionnaires, answers files and configs
//! together, and report every problem at once.

use std::path::PathBuf;

use mera::input::diagnostic::{Code, Diagnostic};
use mera::input::file_kind::{FileKind, UNKNOWN_HELP};
use mera::input::source::Source;

use crate::cli::args::ValidateArgs;
use crate::cli::{Failure, Outcome, Ui, content, files, inputs};

enum Kind {
    Questionnaire,
    Answers,
    Config,
}

pub fn validate(args: ValidateArgs, ui: &mut Ui) -> Result<Outcome, Failure> {
    let inputs = inputs::expand(
        &args.paths,
        args.input.stdin.stdin_format.syntax(),
        "validate",
        true,
    )?
    .warned(ui, args.input.quiet);
    let mut problems: Vec<Diagnostic> = Vec::new();
    let mut questionnaires = Vec::new();
    let mut answers = Vec::new();
    let mut configs = Vec::new();
    let mut skipped = Vec::new();
    for input in &inputs {
        let source = match input.read() {
            Ok(s) => s,
            Err(d) => {
                problems.push(d);
                continue;
            }
        };
        ui.remember(&source);
        match classify(&source) {
            Ok(Kind::Questionnaire) => questionnaires.push(source),
            Ok(Kind::Answers) => answers.push(source),
            Ok(Kind::Config) => configs.push(source),
            // A folder may hold other YAML (CI workflows, say): not ours.
            Err(_) if input.walked() && is_foreign(&source) => skipped.push(source.name),
            Err(mut d) => problems.append(&mut d),
        }
    }
    for c in &configs {
        if let Err(mut d) = mera::assessment::config::load(c) {
            problems.append(&mut d);
        }
    }
    let near = args
        .paths
        .first()
        .map_or_else(|| PathBuf::from("."), |p| files::parent_dir(p));
    let base = content::load(&args.content, &near, ui)?;
    let extra = [base.extra.clone(), questionnaires.clone()].concat();
    let set = match content::load_set(&extra, &base.catalog, ui) {
        Ok(set) => Some(set),
        Err(Failure::Input(mut d)) => {
            problems.append(&mut d);
            None
        }
        Err(other) => return Err(other),
    };
    if let Some(set) = &set {
        if !questionnaires.is_empty() {
            problems.extend(mera::content::set::unused_provisions(set, &base.catalog));
        }
        for a in &answers {
            match mera::assessment::answers::load(a, set) {
                Ok((loaded, mut warnings)) => {
                    problems.append(&mut warnings);
                    problems.extend(dated_warnings(&loaded));
                }
                Err(mut d) => problems.append(&mut d),
            }
        }
    }
    let checked = inputs.len() - skipped.len();
    if problems.iter().any(Diagnostic::is_error) {
        return Err(Failure::Input(problems));
    }
    if checked == 0 {
        let first = args.paths.first().cloned().unwrap_or_default();
        return Err(Failure::Input(vec![inputs::nothing_in(&first, "validate")]));
    }
    if !args.input.quiet {
        ui.diagnostics(&problems);
        if !skipped.is_empty() {
            ui.err(&format!(
                "note: skipped {} that {}: {}\n",
                mera::text::plural(skipped.len(), "file", "files"),
                if skipped.len() == 1 {
                    "is not a mera file"
                } else {
                    "are not mera files"
                },
                skipped.join(", ")
            ));
        }
    }
    ui.out(&format!(
        "{} checked: {}, {}, {}; no errors\n",
        mera::text::plural(checked, "file", "files"),
        mera::text::plural(questionnaires.len(), "questionnaire", "questionnaires"),
        mera::text::plural(answers.len(), "answers file", "answers files"),
        mera::text::plural(configs.len(), "config", "configs")
    ));
    Ok(Outcome::Success)
}

/// The date and placeholder warnings `assess` gives, against the file's
/// `as_of` (or today, when it has none).
fn dated_warnings(answers: &mera::assessment::answers::Answers) -> Vec<Diagnostic> {
    use mera::assessment::{AsOfSource, warnings};
    let today = crate::cli::today();
    let (as_of, source) = match answers.organization.as_of {
        Some(d) => (d, AsOfSource::AnswersFile),
        None => (today, AsOfSource::Clock),
    };
    let mut out = warnings::dates(answers, as_of, source, today);
    out.extend(warnings::placeholders(answers));
    out
}

/// Parses, but is neither an answers file nor a questionnaire.
fn is_foreign(source: &Source) -> bool {
    mera::input::parse(source).is_ok_and(|p| FileKind::detect(&p.root).is_none())
}

fn classify(source: &Source) -> Result<Kind, Vec<Diagnostic>> {
    let file_name = std::path::Path::new(&source.name)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    if mera::assessment::config::FILE_NAMES.contains(&file_name) {
        return Ok(Kind::Config);
    }
    let root = mera::input::parse(source)?.root;
    match FileKind::detect(&root) {
        // An empty file is an answers file not yet written (or emptied by
        // mistake): the answers loader says so.
        Some(FileKind::Answers | FileKind::Empty) => Ok(Kind::Answers),
        Some(FileKind::Questionnaire) => Ok(Kind::Questionnaire),
        None => Err(vec![
            Diagnostic::error(
                Code::UnknownFileKind,
                &source.name,
                Some(root.pos),
                "not a questionnaire, answers file or mera.toml",
            )
            .with_help(UNKNOWN_HELP),
        ]),
    }
}
