//! Loading what every command needs: the config, the catalog and the
//! questionnaire set (built-in plus files from the config and flags).

use std::path::{Path, PathBuf};

use mera::assessment::config::Config;
use mera::content::catalog::Catalog;
use mera::content::set::{self, QuestionnaireSet};

use super::args::ContentArgs;
use super::{Failure, Ui, files};

pub struct Content {
    pub config: Config,
    /// The folder the config's relative paths are resolved against.
    pub config_dir: PathBuf,
    pub catalog: Catalog,
    pub set: QuestionnaireSet,
    /// Questionnaire files read from the config and `--questionnaires`.
    pub extra: Vec<mera::input::source::Source>,
    /// Every file read to load this: the config and the questionnaire files
    /// (inputs of the run, which no output may replace).
    pub read: Vec<PathBuf>,
}

impl Content {
    /// What the project's config supplies to an answers file that does not
    /// say it itself: the privilege legend (the file's own wins).
    pub fn fill_in(&self, answers: &mut mera::assessment::answers::Answers) {
        if answers.organization.privilege_legend.is_none() {
            answers
                .organization
                .privilege_legend
                .clone_from(&self.config.privilege_legend);
        }
    }
}

/// Load config (unless `--isolated`), catalog and questionnaire set.
/// `near` is where to start looking for mera.toml.
pub fn load(args: &ContentArgs, near: &Path, ui: &mut Ui) -> Result<Content, Failure> {
    let config_path = if args.isolated {
        None
    } else {
        args.config.clone().or_else(|| files::find_config(near))
    };
    let (config, config_dir) = match &config_path {
        Some(path) => {
            let source = files::read(path)?;
            ui.remember(&source);
            (
                mera::assessment::config::load(&source)?,
                files::parent_dir(path),
            )
        }
        None => (Config::default(), PathBuf::from(".")),
    };
    let mut extra_paths: Vec<PathBuf> = config
        .questionnaire_paths
        .iter()
        .map(|p| files::join(&config_dir, p))
        .collect();
    extra_paths.extend(args.questionnaires.iter().cloned());
    let extra = read_all(&extra_paths, ui)?;
    let builtin = QuestionnaireSet::builtin_sources();
    for s in &builtin {
        ui.remember(s);
    }
    // The catalog and the questionnaires parse at the same time.
    let (catalog, loaded) = rayon::join(Catalog::builtin, || set::load(&builtin, &extra));
    let set = set::checked(loaded, !extra.is_empty(), &catalog)?;
    let read = config_path
        .into_iter()
        .chain(extra.iter().map(|s| PathBuf::from(&s.name)))
        .collect();
    Ok(Content {
        config,
        config_dir,
        catalog,
        set,
        extra,
        read,
    })
}

pub fn read_all(
    paths: &[PathBuf],
    ui: &mut Ui,
) -> Result<Vec<mera::input::source::Source>, Failure> {
    let mut sources = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        match files::expand(path, &["yaml", "yml"]) {
            Ok(list) => {
                for file in list {
                    match files::read(&file) {
                        Ok(s) => {
                            ui.remember(&s);
                            sources.push(s);
                        }
                        Err(d) => problems.push(d),
                    }
                }
            }
            Err(d) => problems.push(d),
        }
    }
    if problems.is_empty() {
        Ok(sources)
    } else {
        Err(Failure::Input(problems))
    }
}

/// The built-in set with `extra` layered on, checked as a whole.
pub fn load_set(
    extra: &[mera::input::source::Source],
    catalog: &Catalog,
    ui: &mut Ui,
) -> Result<QuestionnaireSet, Failure> {
    let builtin = QuestionnaireSet::builtin_sources();
    for s in &builtin {
        ui.remember(s);
    }
    Ok(set::load_checked(&builtin, extra, catalog)?)
}
