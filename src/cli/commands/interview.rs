//! `mera interview FILE`: ask the open questions at a terminal, one at a
//! time, saving the file after every confirmed answer. The questions, the
//! order and the meaning of each typed word are the library's
//! (`mera::workshop::interview`); this reads lines and writes files.

use std::io::{BufRead as _, IsTerminal as _};
use std::path::PathBuf;

use clap::Args;
use mera::content::set::QuestionnaireSet;
use mera::input::source::Source;
use mera::workshop::interview::{Outcome as Step, Progress, Scope, Session, fit};

use crate::cli::args::ContentArgs;
use crate::cli::{Failure, Outcome, Ui, content, files};

#[derive(Args, Debug)]
pub struct InterviewArgs {
    /// Answers file to fill in; created from the `mera init` template when absent or empty
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Walk answered questions too, with the current answer as the default;
    /// `--revisit changed`: only the open questions and the answers given before their question's last revision
    #[arg(long, value_name = "WHICH", num_args = 0..=1, default_missing_value = "all", value_parser = ["all", "changed"])]
    pub revisit: Option<String>,
    /// Only this questionnaire's questions, e.g. agent-cfaa
    #[arg(long, value_name = "ID")]
    pub area: Option<String>,
    #[command(flatten)]
    pub content: ContentArgs,
}

pub fn interview(args: InterviewArgs, ui: &mut Ui) -> Result<Outcome, Failure> {
    let name = files::display(&args.file);
    if !std::io::stdin().is_terminal() {
        let instead = if args.file.exists() {
            format!("edit `{name}` in an editor (`mera explain ID` tells more about a question)")
        } else {
            format!("run `mera init {name}` and edit it")
        };
        return Err(Failure::Usage(format!(
            "`mera interview` asks its questions at a terminal, and standard input is not one; nothing was written. To fill in an answers file without a terminal, {instead}"
        )));
    }
    if mera::input::source::Syntax::of_name(&name) == mera::input::source::Syntax::Toml {
        return Err(Failure::Usage(format!(
            "`{name}` is TOML; the interview edits YAML answers files only, so that comments and layout survive every save. Interview a `.yaml` file, or edit the TOML file by hand"
        )));
    }
    let content = content::load(&args.content, &files::parent_dir(&args.file), ui)?;
    let changed = args.revisit.as_deref() == Some("changed");
    let scope = Scope {
        revisit: args.revisit.as_deref() == Some("all"),
        area: args.area.clone(),
    };
    let today = crate::cli::today();
    let mut session =
        Session::new(&content.set, &content.catalog, scope, today).map_err(Failure::Usage)?;
    if changed {
        session = session.revisit_changed();
    }
    // A file that is there but empty is as good as missing; anything else
    // must load (but for what the interview asks), checked before asking.
    let created = if !args.file.exists() {
        super::browse::write_template(&content, &args.file, None, today)?;
        Some(format!("Created {name} from the `mera init` template."))
    } else if files::read(&args.file)?.text.trim().is_empty() {
        super::browse::fill_template(&content, &args.file, None, today)?;
        Some(format!(
            "{name} was empty: wrote the `mera init` template into it."
        ))
    } else {
        None
    };
    if let Some(created) = created {
        say(
            ui,
            &format!(
                "{created} Every answer is saved as soon as you confirm it; `q` stops, and running this again resumes."
            ),
        );
    }
    // Resuming keeps the flags this session was started with.
    let again = resume_command(&args, &name);
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    loop {
        let source = files::read(&args.file)?;
        ui.remember(&source);
        let Some(prompt) = session.next(&source)? else {
            ui.out("\n");
            say(
                ui,
                &format!(
                    "Every applicable question in scope is answered. Next: `mera assess {name}`."
                ),
            );
            return Ok(Outcome::Success);
        };
        ui.out(&session.screen(&prompt));
        let mut line = String::new();
        let read = input
            .read_line(&mut line)
            .map_err(|e| Failure::Usage(format!("cannot read the terminal: {e}")))?;
        if read == 0 {
            ui.out("\n");
            say(
                ui,
                &format!(
                    "Input closed. Everything confirmed is saved in {name}; run `{again}` to go on."
                ),
            );
            return Ok(Outcome::Success);
        }
        match session.reply(&source, &prompt, &line)? {
            Step::Save(text) => save(&source, &text, &content.set)?,
            Step::Keep => {}
            Step::Say(message) => ui.out(&message),
            Step::Quit => {
                say(
                    ui,
                    &format!("Saved {name}. Run `{again}` to go on where you stopped."),
                );
                return Ok(Outcome::Success);
            }
        }
    }
}

/// The command that resumes this session: the same file and scope. The
/// revisit mode is always spelled out (`--revisit all`), so that the file
/// after it is never read as the mode.
fn resume_command(args: &InterviewArgs, name: &str) -> String {
    let mut command = String::from("mera interview");
    if let Some(which) = &args.revisit {
        command.push_str(&format!(" --revisit {which}"));
    }
    if let Some(area) = &args.area {
        command.push_str(&format!(" --area {area}"));
    }
    format!("{command} {name}")
}

/// One of the interview's own messages, fitted to its screen.
fn say(ui: &mut Ui, message: &str) {
    ui.out(&fit(message));
}

/// Write through a temporary file renamed into place, then read the file
/// back to prove it holds the text and still loads.
fn save(source: &Source, text: &str, set: &QuestionnaireSet) -> Result<(), Failure> {
    let path = PathBuf::from(&source.name);
    crate::cli::write::write_atomic(&path, text).map_err(Failure::Usage)?;
    let back = files::read(&path)?;
    if back.text != text {
        return Err(Failure::Usage(format!(
            "`{}` changed while it was being saved; check it and run the interview again",
            source.name
        )));
    }
    Progress::read(&back, set)?;
    Ok(())
}
