//! `mera init`, `mera questionnaires`, `mera show` and `mera explain`.

use mera::input::diagnostic::suggestion;

use std::path::{Component, Path};

use super::assess::parse_date_flag;
use crate::cli::args::{BrowseFormat, ContentArgs, ExplainArgs, InitArgs, ListArgs, ShowArgs};
use crate::cli::{Failure, Outcome, Ui, content, files};

fn json(value: &serde_json::Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

fn load(args: &ContentArgs, ui: &mut Ui) -> Result<content::Content, Failure> {
    content::load(args, std::path::Path::new("."), ui)
}

pub fn list(args: ListArgs, ui: &mut Ui) -> Result<Outcome, Failure> {
    ui.problems_as_json = args.format == BrowseFormat::Json;
    let c = load(&args.content, ui)?;
    ui.out(&match args.format {
        BrowseFormat::Text => mera::content::browse::list(&c.set),
        BrowseFormat::Json => json(&mera::content::browse::list_json(&c.set)),
    });
    Ok(Outcome::Success)
}

pub fn show(args: ShowArgs, ui: &mut Ui) -> Result<Outcome, Failure> {
    ui.problems_as_json = args.format == BrowseFormat::Json;
    let c = load(&args.content, ui)?;
    let Some(q) = c.set.questionnaire(&args.id) else {
        let hint = suggestion(&args.id, c.set.questionnaires.iter().map(|q| q.id.as_str()))
            .unwrap_or_else(|| "run `mera questionnaires` to list them".into());
        return Err(Failure::Usage(format!(
            "unknown questionnaire `{}`: {hint}",
            args.id
        )));
    };
    ui.out(&match args.format {
        BrowseFormat::Text => mera::content::browse::show(q, &c.catalog),
        BrowseFormat::Json => json(&mera::content::browse::show_json(q, &c.catalog)),
    });
    Ok(Outcome::Success)
}

pub fn explain(args: ExplainArgs, ui: &mut Ui) -> Result<Outcome, Failure> {
    ui.problems_as_json = args.format == BrowseFormat::Json;
    let c = load(&args.content, ui)?;
    let id = c
        .set
        .replacement(&args.question)
        .unwrap_or(&args.question)
        .to_string();
    let Some((area, q)) = c.set.question(&id) else {
        let hint = suggestion(&args.question, c.set.question_ids())
            .unwrap_or_else(|| "run `mera show ID` to list a questionnaire's questions".into());
        return Err(Failure::Usage(format!(
            "unknown question `{}`: {hint}",
            args.question
        )));
    };
    ui.out(&match args.format {
        BrowseFormat::Text => mera::content::browse::explain(
            area,
            q,
            &c.catalog,
            usize::from(crate::cli::terminal_width()),
        ),
        BrowseFormat::Json => json(&mera::content::browse::explain_json(area, q, &c.catalog)),
    });
    Ok(Outcome::Success)
}

pub fn init(args: InitArgs, ui: &mut Ui) -> Result<Outcome, Failure> {
    let c = load(&args.content, ui)?;
    let today = crate::cli::today();
    let as_of = match &args.as_of {
        Some(text) => parse_date_flag(text, today)?,
        None => today,
    };
    // A file that is there but empty is as good as missing (as for `mera
    // interview`); anything else is never overwritten.
    let empty =
        args.file.is_file() && files::read(&args.file).is_ok_and(|s| s.text.trim().is_empty());
    let (schema_path, wrote) = if empty {
        let path = fill_template(&c, &args.file, args.schema.clone(), as_of)?;
        (path, "Filled the empty file")
    } else {
        let path = write_template(&c, &args.file, args.schema.clone(), as_of)?;
        (path, "Wrote")
    };
    let count: usize = c.set.questionnaires.iter().map(|q| q.questions.len()).sum();
    ui.out(&format!(
        "{wrote} {} with {count} questions as comments, and its schema {} for editor completion. Fill in the profile, answer what applies, then run `mera assess {}`.\n",
        args.file.display(),
        schema_path.display(),
        args.file.display()
    ));
    Ok(Outcome::Success)
}

/// Write a new answers template at `file` (refusing to replace one) with the
/// editor's schema line, and the JSON Schema beside it (or at `schema`),
/// refreshing a schema mera wrote but refusing any other file there, or the
/// answers file itself; a refusal comes before anything is written.
/// `mera init` and `mera interview` (for a file that does not exist yet)
/// write the same thing. Returns where the schema went.
pub fn write_template(
    c: &content::Content,
    file: &std::path::Path,
    schema: Option<std::path::PathBuf>,
    as_of: chrono::NaiveDate,
) -> Result<std::path::PathBuf, Failure> {
    put_template(c, file, schema, as_of, crate::cli::write::write_new)
}

/// The same template written over a file that is there but empty (only
/// white space), through a temporary file renamed into place: `mera
/// interview` and `mera init` treat such a file as a missing one.
pub fn fill_template(
    c: &content::Content,
    file: &std::path::Path,
    schema: Option<std::path::PathBuf>,
    as_of: chrono::NaiveDate,
) -> Result<std::path::PathBuf, Failure> {
    put_template(c, file, schema, as_of, crate::cli::write::write_atomic)
}

fn put_template(
    c: &content::Content,
    file: &std::path::Path,
    schema: Option<std::path::PathBuf>,
    as_of: chrono::NaiveDate,
    write: fn(&std::path::Path, &str) -> Result<(), String>,
) -> Result<std::path::PathBuf, Failure> {
    refuse_other_formats(file)?;
    let syntax = mera::input::source::Syntax::of_name(&file.to_string_lossy());
    let schema_path = schema.unwrap_or_else(|| files::parent_dir(file).join("mera.schema.json"));
    if files::same_file(&schema_path, file) {
        return Err(Failure::Usage(format!(
            "the schema path `{}` is the answers file; nothing was written. Pick another --schema path",
            schema_path.display()
        )));
    }
    refuse_foreign_schema(&schema_path)?;
    let schema_ref = relative_from(&files::parent_dir(file), &schema_path);
    // yaml-language-server reads the first form; Taplo (TOML) the second.
    let directive = match syntax {
        mera::input::source::Syntax::Yaml => "# yaml-language-server: $schema=",
        mera::input::source::Syntax::Toml => "#:schema ",
    };
    let text = format!(
        "{directive}{schema_ref}\n{}",
        mera::content::template::answers_template(&c.set, &c.catalog, as_of, syntax)
    );
    write(file, &text).map_err(Failure::Usage)?;
    // A schema mera wrote is generated: rewriting it keeps it in step with the set.
    crate::cli::write::create_parent(&schema_path).map_err(Failure::Usage)?;
    crate::cli::write::write_atomic(&schema_path, &super::schema::schema_text(&c.set))
        .map_err(Failure::Usage)?;
    Ok(schema_path)
}

/// An answers file is YAML or TOML: a name with another extension
/// (`e.json`) would get YAML under a name that promises something else.
fn refuse_other_formats(file: &Path) -> Result<(), Failure> {
    let Some(ext) = file
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
    else {
        return Ok(());
    };
    if ["yaml", "yml", "toml"].contains(&ext.as_str()) {
        return Ok(());
    }
    let stem = file.with_extension("yaml");
    Err(Failure::Usage(format!(
        "`{}` is a `.{ext}` name, but an answers file is YAML or TOML; nothing was written. Name it `.yaml` (`{}`) or `.toml`",
        file.display(),
        stem.display()
    )))
}

/// Refuse a schema path that holds anything but a schema mera wrote itself
/// (recognized by its content): that file is the user's, and is never
/// replaced.
fn refuse_foreign_schema(path: &Path) -> Result<(), Failure> {
    if std::fs::symlink_metadata(path).is_err() {
        return Ok(());
    }
    let ours = files::read(path).is_ok_and(|s| mera::content::schema::is_generated(&s.text));
    if ours {
        return Ok(());
    }
    Err(Failure::Usage(format!(
        "`{}` exists and is not a schema mera wrote; mera never overwrites it, and nothing was written. Pick another schema path (`mera init FILE --schema PATH`), or remove the file",
        path.display()
    )))
}

/// `target` as a path from the folder `from`, with forward slashes, for the
/// `$schema=` line (which the editor resolves against the answers file).
fn relative_from(from: &Path, target: &Path) -> String {
    let (Ok(from), Ok(target)) = (std::path::absolute(from), std::path::absolute(target)) else {
        return target.display().to_string();
    };
    let clean = |p: &Path| -> Vec<String> {
        let mut parts: Vec<String> = Vec::new();
        for c in p.components() {
            match c {
                Component::ParentDir => {
                    parts.pop();
                }
                Component::Normal(n) => parts.push(n.to_string_lossy().into_owned()),
                _ => {}
            }
        }
        parts
    };
    let (from, target) = (clean(&from), clean(&target));
    let common = from.iter().zip(&target).take_while(|(a, b)| a == b).count();
    let mut rel: Vec<String> = vec!["..".to_string(); from.len() - common];
    rel.extend(target[common..].iter().cloned());
    rel.join("/")
}
