//! `mera completions SHELL` and `mera man [--dir DIR]`: generated from the
//! same clap definition as the parser, so they never drift from it.

use std::path::PathBuf;

use clap::{Args, CommandFactory, ValueEnum};

use crate::cli::write::write_atomic;
use crate::cli::{Cli, Failure, Outcome, Ui};

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Powershell,
}

#[derive(Args, Debug)]
pub struct CompletionsArgs {
    /// The shell to complete in
    #[arg(value_enum)]
    pub shell: Shell,
}

pub fn completions(args: CompletionsArgs, ui: &mut Ui) -> Result<Outcome, Failure> {
    let shell = match args.shell {
        Shell::Bash => clap_complete::Shell::Bash,
        Shell::Zsh => clap_complete::Shell::Zsh,
        Shell::Fish => clap_complete::Shell::Fish,
        Shell::Powershell => clap_complete::Shell::PowerShell,
    };
    let mut buffer = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "mera", &mut buffer);
    ui.out(&String::from_utf8_lossy(&buffer));
    Ok(Outcome::Success)
}

#[derive(Args, Debug)]
pub struct ManArgs {
    /// Write mera.1 and a page per subcommand (mera-assess.1, …) into DIR
    /// instead of printing mera.1
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

fn render(man: &clap_mangen::Man) -> Result<String, Failure> {
    let mut buffer = Vec::new();
    man.render(&mut buffer)
        .map_err(|e| Failure::Usage(format!("cannot render the man page: {e}")))?;
    Ok(String::from_utf8_lossy(&buffer).into_owned())
}

/// Every page: the command's, then each subcommand's (hidden ones left
/// out), named as `man` looks them up: `mera.1`, `mera-assess.1`, ….
fn pages(cmd: &clap::Command, out: &mut Vec<(String, String)>) -> Result<(), Failure> {
    let man = clap_mangen::Man::new(cmd.clone());
    out.push((man.get_filename(), render(&man)?));
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        pages(sub, out)?;
    }
    Ok(())
}

/// The command the pages describe: built, so that subcommands know their
/// full names (`mera-assess`), and without clap's `help` subcommand, which
/// has no page of its own.
fn documented() -> clap::Command {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    cmd
}

pub fn man(args: ManArgs, ui: &mut Ui) -> Result<Outcome, Failure> {
    let cmd = documented();
    let Some(dir) = args.dir else {
        ui.out(&render(&clap_mangen::Man::new(cmd))?);
        return Ok(Outcome::Success);
    };
    if dir.exists() && !dir.is_dir() {
        return Err(Failure::Usage(format!(
            "`{}` is not a folder: name a folder for the man pages (it is created if missing)",
            dir.display()
        )));
    }
    std::fs::create_dir_all(&dir).map_err(|e| {
        Failure::Usage(format!(
            "cannot create the folder `{}`: {e}; create it yourself or choose another",
            dir.display()
        ))
    })?;
    let mut all = Vec::new();
    pages(&cmd, &mut all)?;
    for (name, text) in &all {
        write_atomic(&dir.join(name), text).map_err(Failure::Usage)?;
    }
    let names: Vec<&str> = all.iter().map(|(n, _)| n.as_str()).collect();
    ui.out(&format!(
        "Wrote {} to {}: {}. Read one with `man -l {}/mera-assess.1`, or put the folder on MANPATH.\n",
        mera::text::plural(all.len(), "man page", "man pages"),
        dir.display(),
        names.join(", "),
        dir.display()
    ));
    Ok(Outcome::Success)
}
