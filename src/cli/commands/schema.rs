//! `mera schema`: the JSON Schema of the answers file for the loaded set.

use clap::Args;

use crate::cli::args::ContentArgs;
use crate::cli::{Failure, Outcome, Ui, content};

#[derive(Args, Debug)]
pub struct SchemaArgs {
    #[command(flatten)]
    pub content: ContentArgs,
}

/// The schema as pretty JSON with a final newline.
pub fn schema_text(set: &mera::content::set::QuestionnaireSet) -> String {
    let value = mera::content::schema::answers_schema(set);
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

pub fn schema(args: SchemaArgs, ui: &mut Ui) -> Result<Outcome, Failure> {
    let c = content::load(&args.content, std::path::Path::new("."), ui)?;
    ui.out(&schema_text(&c.set));
    Ok(Outcome::Success)
}
