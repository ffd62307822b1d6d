//! The command line: the only place that reads files, writes output and
//! decides exit codes. Everything else is the `mera` library.

mod args;
mod batch;
mod commands;
mod content;
mod files;
mod inputs;
mod output;
mod write;

use std::io::{IsTerminal, Write as _};
use std::process::ExitCode;

use clap::Parser;
use mera::input::diagnostic::{self, Diagnostic};

pub use args::{Cli, ColorChoice, Command};

/// What a command achieved when its input was good.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Success,
    GateFailed,
}

/// Why a command could not do its job.
#[derive(Debug)]
pub enum Failure {
    /// Problems in input files, each with its place.
    Input(Vec<Diagnostic>),
    /// A bad flag or argument, or an output that could not be written.
    Usage(String),
}

impl From<Vec<Diagnostic>> for Failure {
    fn from(d: Vec<Diagnostic>) -> Self {
        Failure::Input(d)
    }
}

impl From<Diagnostic> for Failure {
    fn from(d: Diagnostic) -> Self {
        Failure::Input(vec![d])
    }
}

/// 0 success, 1 the gate failed, 2 bad input or usage.
pub fn exit_code(result: &Result<Outcome, Failure>) -> u8 {
    match result {
        Ok(Outcome::Success) => 0,
        Ok(Outcome::GateFailed) => 1,
        Err(_) => 2,
    }
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // clap prints help and version to stdout (exit 0), misuse to
            // stderr (exit 2); under `--format json`, misuse is a JSON problem.
            let args: Vec<String> = std::env::args().collect();
            if e.use_stderr() && asks_for_json(&args) {
                let (message, help) = clap_message(&e.to_string());
                Ui::new(false).out(&mera::report::json::usage_problem(
                    &message,
                    help.as_deref(),
                ));
            } else {
                let _ = e.print();
            }
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let color = use_color(cli.color);
    let mut ui = Ui::new(color);
    let result = run(cli, &mut ui);
    if let Err(failure) = &result {
        ui.failure(failure);
    }
    ExitCode::from(exit_code(&result))
}

/// Whether the command line asks for JSON on standard output (`--format
/// json`, `-f json`, `--format=json`, or jsonl), read before clap has
/// parsed it, so that a bad flag can be reported as JSON too.
fn asks_for_json(args: &[String]) -> bool {
    let json = |v: &str| v == "json" || v == "jsonl";
    args.iter().enumerate().any(|(i, a)| {
        let next = || args.get(i + 1).is_some_and(|v| json(v));
        match a.as_str() {
            "--format" | "-f" => next(),
            other => other
                .strip_prefix("--format=")
                .or_else(|| other.strip_prefix("-f"))
                .is_some_and(|v| json(v.trim_start_matches('='))),
        }
    })
}

/// clap's error text as a message and a help line: "unexpected argument
/// …", then its tips and the usage line.
fn clap_message(text: &str) -> (String, Option<String>) {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let message = lines
        .next()
        .unwrap_or_default()
        .trim_start_matches("error: ")
        .to_string();
    let help: Vec<String> = lines
        .filter(|l| !l.starts_with("For more information"))
        .map(|l| l.trim_start_matches("tip: ").to_string())
        .collect();
    (message, (!help.is_empty()).then(|| help.join("; ")))
}

fn run(cli: Cli, ui: &mut Ui) -> Result<Outcome, Failure> {
    match cli.command {
        Command::Assess(a) => commands::assess::assess(a, ui),
        Command::Check(a) => commands::assess::check(a, ui),
        Command::Summary(a) => commands::summary::summary(a, ui),
        Command::Validate(a) => commands::validate::validate(a, ui),
        Command::Init(a) => commands::browse::init(a, ui),
        Command::Questionnaires(a) => commands::browse::list(a, ui),
        Command::Show(a) => commands::browse::show(a, ui),
        Command::Explain(a) => commands::browse::explain(a, ui),
        Command::Schema(a) => commands::schema::schema(a, ui),
        Command::Completions(a) => commands::packaging::completions(a, ui),
        Command::Man(a) => commands::packaging::man(a, ui),
        Command::Interview(a) => commands::interview::interview(a, ui),
        Command::Diff(a) => commands::diff::diff(a, ui),
        Command::Merge(a) => commands::merge::merge(a, ui),
        Command::Timeline(a) => commands::timeline::timeline(a, ui),
        Command::Plan(a) => commands::plan::plan(a, ui),
        Command::Changes(a) => commands::changes::changes(a, ui),
        Command::Upgrade(a) => commands::upgrade::upgrade(a, ui),
    }
}

/// Today's date: the one place mera reads the clock. `SOURCE_DATE_EPOCH`
/// (seconds since 1970, the reproducible-builds convention) pins it, so
/// tests and reproducible runs can fix "today".
pub fn today() -> chrono::NaiveDate {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0))
        .map_or_else(|| chrono::Local::now().date_naive(), |t| t.date_naive())
}

/// The terminal's width, or 80 columns when output is not a terminal, so
/// files and pipes get the same text every time.
pub fn terminal_width() -> u16 {
    terminal_columns().unwrap_or(80)
}

/// The terminal's width when standard output is one.
pub fn terminal_columns() -> Option<u16> {
    comfy_table::Table::new()
        .width()
        .filter(|_| std::io::stdout().is_terminal())
}

/// The terminal's width when standard error is one (80 columns when it
/// reports none, or an unusable one: a pseudo-terminal may say 0).
fn stderr_width() -> Option<u16> {
    std::io::stderr().is_terminal().then(|| {
        comfy_table::Table::new()
            .width()
            .filter(|w| *w >= 40)
            .unwrap_or(80)
    })
}

fn use_color(choice: ColorChoice) -> bool {
    let env = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty());
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            if env("NO_COLOR").is_some() {
                false
            } else if env("CLICOLOR_FORCE").is_some_and(|v| v != "0") {
                true
            } else {
                std::io::stdout().is_terminal()
            }
        }
    }
}

/// Standard output and error, and the sources read so far (for snippets).
pub struct Ui {
    pub color: bool,
    /// Print input problems to stdout as JSON (`--format json`) instead of
    /// as text on stderr.
    pub problems_as_json: bool,
    sources: Vec<mera::input::source::Source>,
}

impl Ui {
    fn new(color: bool) -> Self {
        Ui {
            color,
            problems_as_json: false,
            sources: Vec::new(),
        }
    }

    pub fn remember(&mut self, source: &mera::input::source::Source) {
        if !self.sources.iter().any(|s| s.name == source.name) {
            self.sources.push(source.clone());
        }
    }

    #[allow(clippy::print_stdout)]
    pub fn out(&self, text: &str) {
        let mut stdout = std::io::stdout().lock();
        let _ = stdout.write_all(text.as_bytes());
        let _ = stdout.flush();
    }

    /// Standard error; on a terminal, messages and help are wrapped to its
    /// width (snippets are not).
    #[allow(clippy::print_stderr)]
    pub fn err(&self, text: &str) {
        let wrapped = stderr_width()
            .map(|w| mera::input::diagnostic::wrap_for_terminal(text, usize::from(w)));
        let mut stderr = std::io::stderr().lock();
        let _ = stderr.write_all(wrapped.as_deref().unwrap_or(text).as_bytes());
    }

    /// Print diagnostics in a stable order, each with its source line.
    pub fn diagnostics(&self, list: &[Diagnostic]) {
        let mut list = list.to_vec();
        diagnostic::sort(&mut list);
        for d in &list {
            let source = self.sources.iter().find(|s| s.name == d.file);
            self.err(&d.render(source));
        }
    }

    fn failure(&self, failure: &Failure) {
        if self.problems_as_json {
            let text = match failure {
                Failure::Usage(message) => mera::report::json::problems(&[], Some(message)),
                Failure::Input(list) => {
                    let mut list = list.clone();
                    diagnostic::sort(&mut list);
                    mera::report::json::problems(&list, None)
                }
            };
            self.out(&text);
            return;
        }
        match failure {
            Failure::Usage(message) => self.err(&format!("error: {message}\n")),
            Failure::Input(list) => {
                self.diagnostics(list);
                let errors = list.iter().filter(|d| d.is_error()).count();
                let warnings = list.len() - errors;
                let mut files: Vec<&str> = list.iter().map(|d| d.file.as_str()).collect();
                files.sort_unstable();
                files.dedup();
                let mut summary = mera::text::plural(errors, "error", "errors");
                if warnings > 0 {
                    summary.push_str(&format!(
                        " and {}",
                        mera::text::plural(warnings, "warning", "warnings")
                    ));
                }
                self.err(&format!(
                    "{summary} in {}\n",
                    mera::text::plural(files.len(), "file", "files")
                ));
            }
        }
    }
}

/// Whether mera runs under CI (`CI` set, and not empty or `false`), where
/// what it prints is read by everyone with access to the repository.
pub fn in_ci() -> bool {
    std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_is_asked_for_in_every_spelling() {
        let args = |s: &str| -> Vec<String> { s.split(' ').map(String::from).collect() };
        for yes in [
            "mera assess --format json x",
            "mera assess -f jsonl x",
            "mera assess --format=json x",
            "mera assess -fjson x",
            "mera check -f=json",
        ] {
            assert!(asks_for_json(&args(yes)), "{yes}");
        }
        for no in [
            "mera assess x",
            "mera assess --format table x",
            "mera assess json",
        ] {
            assert!(!asks_for_json(&args(no)), "{no}");
        }
        let (message, help) = clap_message(
            "error: unexpected argument '--bogus' found\n\n  tip: to pass '--bogus' as a value, use '-- --bogus'\n\nUsage: mera assess [OPTIONS] <FILE|DIR|->...\n\nFor more information, try '--help'.\n",
        );
        assert_eq!(message, "unexpected argument '--bogus' found");
        assert_eq!(
            help.as_deref(),
            Some(
                "to pass '--bogus' as a value, use '-- --bogus'; Usage: mera assess [OPTIONS] <FILE|DIR|->..."
            )
        );
    }

    #[test]
    fn exit_codes_follow_the_contract() {
        assert_eq!(exit_code(&Ok(Outcome::Success)), 0);
        assert_eq!(exit_code(&Ok(Outcome::GateFailed)), 1);
        assert_eq!(exit_code(&Err(Failure::Usage("x".into()))), 2);
        assert_eq!(exit_code(&Err(Failure::Input(Vec::new()))), 2);
    }
}
