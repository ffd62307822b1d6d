//! `mera upgrade FILE [--dry-run]`: bring an answers file up to the content
//! it is read against, in place (`mera::workshop::upgrade`); `--dry-run`
//! prints the change as a unified diff and writes nothing.

use std::path::PathBuf;

use clap::Args;
use mera::workshop::upgrade;

use crate::cli::args::ContentArgs;
use crate::cli::{Failure, Outcome, Ui, content, files};

#[derive(Args, Debug)]
pub struct UpgradeArgs {
    /// Answers file to upgrade in place (YAML, or TOML by the .toml extension)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Print the change as a unified diff and write nothing
    #[arg(long)]
    pub dry_run: bool,
    #[command(flatten)]
    pub content: ContentArgs,
}

pub fn upgrade(args: UpgradeArgs, ui: &mut Ui) -> Result<Outcome, Failure> {
    if args.file.as_os_str() == "-" {
        return Err(Failure::Usage(
            "`mera upgrade` rewrites a file in place, so it cannot read standard input: name the file".into(),
        ));
    }
    let content = content::load(&args.content, &files::parent_dir(&args.file), ui)?;
    let source = files::read(&args.file)?;
    ui.remember(&source);
    let outcome = upgrade::upgrade(&source, &content.set, &content.catalog)?;
    let name = files::display(&args.file);
    if args.dry_run {
        if outcome.changed {
            ui.out(&upgrade::diff(&name, &source.text, &outcome.text));
        }
        ui.err(&report(&outcome, &name, true));
        return Ok(Outcome::Success);
    }
    if outcome.changed {
        crate::cli::write::write_atomic(&args.file, &outcome.text).map_err(Failure::Usage)?;
        let back = files::read(&args.file)?;
        if back.text != outcome.text {
            return Err(Failure::Usage(format!(
                "`{name}` changed while it was being upgraded; check it and run `mera upgrade` again"
            )));
        }
    }
    ui.out(&report(&outcome, &name, false));
    Ok(Outcome::Success)
}

/// What was done (or would be) and what is left, in lines for the terminal.
fn report(o: &upgrade::Outcome, name: &str, dry_run: bool) -> String {
    let width = crate::cli::terminal_width().into();
    let wrap = |text: &str, first: &str, rest: &str| {
        mera::report::text::wrap_hanging(text, width, first, rest)
    };
    let mut out = String::new();
    if !o.changed {
        out.push_str(&wrap(
            &format!(
                "{name} is answered against content {}: nothing to change.",
                o.to
            ),
            "",
            "",
        ));
    } else {
        let head = if dry_run {
            format!(
                "Dry run: nothing written. `mera upgrade {name}` would bring it from content {} to {}:",
                o.from, o.to
            )
        } else {
            format!("Upgraded {name} from content {} to {}:", o.from, o.to)
        };
        out.push_str(&wrap(&head, "", ""));
        for d in &o.done {
            out.push_str(&wrap(d, "  - ", "    "));
        }
    }
    if !o.left.is_empty() {
        out.push_str(if o.changed {
            "\nLeft for you:\n"
        } else {
            "Left for you:\n"
        });
        for l in &o.left {
            out.push_str(&wrap(l, "  - ", "    "));
        }
    }
    out
}
