//! `mera init`, `mera questionnaires`, `mera show` and `mera explain`.

use mera::input::diagnostic::suggestion;

use super::assess::parse_date_flag;
use crate::cli::args::{ContentArgs, ExplainArgs, InitArgs, ShowArgs};
use crate::cli::{Failure, Outcome, Ui, content, files};

fn load(args: &ContentArgs, ui: &mut Ui) -> Result<content::Content, Failure> {
    content::load(args, std::path::Path::new("."), ui)
}

pub fn list(args: ContentArgs, ui: &mut Ui) -> Result<Outcome, Failure> {
    let c = load(&args, ui)?;
    ui.out(&mera::content::browse::list(&c.set));
    Ok(Outcome::Success)
}

pub fn show(args: ShowArgs, ui: &mut Ui) -> Result<Outcome, Failure> {
    let c = load(&args.content, ui)?;
    let Some(q) = c.set.questionnaire(&args.id) else {
        let hint = suggestion(&args.id, c.set.questionnaires.iter().map(|q| q.id.as_str()))
            .unwrap_or_else(|| "run `mera questionnaires` to list them".into());
        return Err(Failure::Usage(format!(
            "unknown questionnaire `{}`: {hint}",
            args.id
        )));
    };
    ui.out(&mera::content::browse::show(q, &c.catalog));
    Ok(Outcome::Success)
}

pub fn explain(args: ExplainArgs, ui: &mut Ui) -> Result<Outcome, Failure> {
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
    ui.out(&mera::content::browse::explain(area, q, &c.catalog));
    Ok(Outcome::Success)
}

pub fn init(args: InitArgs, ui: &mut Ui) -> Result<Outcome, Failure> {
    let c = load(&args.content, ui)?;
    let today = crate::cli::today();
    let as_of = match &args.as_of {
        Some(text) => parse_date_flag(text, today)?,
        None => today,
    };
    let syntax = mera::input::source::Syntax::of_name(&args.file.to_string_lossy());
    let text = mera::content::template::answers_template(&c.set, &c.catalog, as_of, syntax);
    files::write_new(&args.file, &text).map_err(Failure::Usage)?;
    let count: usize = c.set.questionnaires.iter().map(|q| q.questions.len()).sum();
    ui.out(&format!(
        "Wrote {} with {count} questions as comments. Fill in the profile, answer what applies, then run `mera assess {}`.\n",
        args.file.display(),
        args.file.display()
    ));
    Ok(Outcome::Success)
}
