//! `mera completions SHELL` and `mera man`: generated from the same clap
//! definition as the parser, so they never drift from it.

use clap::{Args, CommandFactory, ValueEnum};

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

pub fn man(ui: &mut Ui) -> Result<Outcome, Failure> {
    let mut buffer = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut buffer)
        .map_err(|e| Failure::Usage(format!("cannot render the man page: {e}")))?;
    ui.out(&String::from_utf8_lossy(&buffer));
    Ok(Outcome::Success)
}
