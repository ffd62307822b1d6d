//! `mera validate`: check questionnaires, answers files and configs
//! together, and report every problem at once.

use std::path::PathBuf;

use mera::input::diagnostic::{Code, Diagnostic};
use mera::input::file_kind::{FileKind, UNKNOWN_HELP};
use mera::input::source::Source;

use crate::cli::args::ValidateArgs;
use crate::cli::{Failure, Outcome, Ui, content, files};

enum Kind {
    Questionnaire,
    Answers,
    Config,
}

pub fn validate(args: ValidateArgs, ui: &mut Ui) -> Result<Outcome, Failure> {
    let mut paths: Vec<PathBuf> = Vec::new();
    let mut problems: Vec<Diagnostic> = Vec::new();
    for p in &args.paths {
        match files::expand(p, &["yaml", "yml", "toml"]) {
            Ok(mut list) => paths.append(&mut list),
            Err(d) => problems.push(d),
        }
    }
    let mut questionnaires = Vec::new();
    let mut answers = Vec::new();
    let mut configs = Vec::new();
    for path in &paths {
        let source = match files::read(path) {
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
                Ok((_, mut warnings)) => problems.append(&mut warnings),
                Err(mut d) => problems.append(&mut d),
            }
        }
    }
    let checked = paths.len();
    if problems.iter().any(Diagnostic::is_error) {
        return Err(Failure::Input(problems));
    }
    ui.diagnostics(&problems);
    ui.out(&format!(
        "{} checked: {} questionnaire, {} answers, {} config; no errors\n",
        mera::report::plural(checked, "file", "files"),
        questionnaires.len(),
        answers.len(),
        configs.len()
    ));
    Ok(Outcome::Success)
}

fn classify(source: &Source) -> Result<Kind, Vec<Diagnostic>> {
    let file_name = std::path::Path::new(&source.name)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    if mera::assessment::config::FILE_NAMES.contains(&file_name) {
        return Ok(Kind::Config);
    }
    let root = if mera::assessment::answers::is_toml(&source.name) {
        mera::input::toml_doc::parse(source)?
    } else {
        mera::input::yaml::parse(source)?
    };
    match FileKind::detect(&root) {
        Some(FileKind::Answers) => Ok(Kind::Answers),
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
