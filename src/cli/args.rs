//! Command-line arguments (clap).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Exit codes for commands that can gate.
pub const GATE_EXIT_CODES: &str = "Exit codes:
  0  success, and the gate passed if one ran
  1  the gate failed (a threshold was not met)
  2  bad input or usage: what is wrong and the fix, at file:line:column
     when the problem is in a file";

/// Exit codes for commands that only read or write.
pub const DIFF_EXIT_CODES: &str = "Exit codes:
  0  success (and no regression, with --fail-on-regression)
  1  --fail-on-regression: the score dropped or a gap at or above the severity opened
  2  bad input or usage: what is wrong and the fix, at file:line:column
     when the problem is in a file";

pub const EXIT_CODES: &str = "Exit codes:
  0  success
  2  bad input or usage: what is wrong and the fix, at file:line:column
     when the problem is in a file";

/// The words `--format` takes on `assess` and `check`.
pub const REPORT_FORMATS: [&str; 9] = [
    "table", "markdown", "md", "json", "jsonl", "html", "sarif", "junit", "github",
];

#[derive(Parser, Debug)]
#[command(
    name = "mera",
    version,
    about = "Readiness assessment for Executive Order 14409 (AI innovation and security)",
    after_help = GATE_EXIT_CODES
)]
#[command(propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// When to use colour: auto honours NO_COLOR, CLICOLOR_FORCE and whether stdout is a terminal
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Score answers files and print a gap report with recommended actions
    #[command(after_help = GATE_EXIT_CODES)]
    Assess(AssessArgs),
    /// CI gate: score answers files and exit 1 when a threshold from mera.toml or the flags is not met
    #[command(after_help = GATE_EXIT_CODES)]
    Check(CheckArgs),
    /// One row per answers file: score, level, open gaps, overdue actions, expiring waivers
    #[command(after_help = EXIT_CODES)]
    Summary(crate::cli::commands::summary::SummaryArgs),
    /// Check questionnaires, answers files and configs; report every problem
    #[command(after_help = EXIT_CODES)]
    Validate(ValidateArgs),
    /// Write an answers template with every question as a comment, and its JSON Schema beside it
    #[command(after_help = EXIT_CODES)]
    Init(InitArgs),
    /// Ask the open questions at a terminal, saving after every answer; resumes where it stopped
    #[command(after_help = EXIT_CODES)]
    Interview(super::commands::interview::InterviewArgs),
    /// Compare two answers files: score, gaps, answers, evidence and waivers that changed
    #[command(after_help = DIFF_EXIT_CODES)]
    Diff(super::commands::diff::DiffArgs),
    /// Combine respondents' answers files; disagreements stay open as conflicts
    #[command(after_help = EXIT_CODES)]
    Merge(super::commands::merge::MergeArgs),
    /// Dated milestones, due actions, waiver expiries and stale evidence; --format ics for calendars
    #[command(after_help = EXIT_CODES)]
    Timeline(super::commands::timeline::TimelineArgs),
    /// The fewest gaps to close, in order, to reach partial or ready
    #[command(after_help = EXIT_CODES)]
    Plan(super::commands::plan::PlanArgs),
    /// What changed in the content, by version: new, revised, replaced and removed questions
    #[command(after_help = EXIT_CODES)]
    Changes(super::commands::changes::ChangesArgs),
    /// Bring an answers file up to the current content in place: renames, new questions to answer, answers to review
    #[command(after_help = EXIT_CODES)]
    Upgrade(super::commands::upgrade::UpgradeArgs),
    /// List the questionnaires
    #[command(after_help = EXIT_CODES)]
    Questionnaires(ListArgs),
    /// Show one questionnaire's questions
    #[command(after_help = EXIT_CODES)]
    Show(ShowArgs),
    /// Explain one question: why it matters, its provisions and sources, its actions
    #[command(after_help = EXIT_CODES)]
    Explain(ExplainArgs),
    /// Print the JSON Schema (draft-07) of the answers file, for editor completion
    #[command(after_help = EXIT_CODES)]
    Schema(super::commands::schema::SchemaArgs),
    /// Print a shell completion script (bash, zsh, fish or powershell)
    #[command(after_help = EXIT_CODES)]
    Completions(super::commands::packaging::CompletionsArgs),
    /// Print the man page (roff), e.g. `mera man > mera.1`; --dir writes one per subcommand
    #[command(after_help = EXIT_CODES)]
    Man(super::commands::packaging::ManArgs),
}

/// `text` for people, `json` for programs.
#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum, Default)]
pub enum BrowseFormat {
    #[default]
    Text,
    Json,
}

/// Where settings and extra questionnaires come from.
#[derive(Args, Debug, Clone, Default)]
pub struct ContentArgs {
    /// Config file to use instead of searching for mera.toml / .mera.toml
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Ignore any config file
    #[arg(long, conflicts_with = "config")]
    pub isolated: bool,
    /// Extra questionnaire file or folder; one with a built-in id replaces it (repeatable)
    #[arg(long = "questionnaires", value_name = "PATH")]
    pub questionnaires: Vec<PathBuf>,
}

/// How inputs are read.
#[derive(Args, Debug, Clone, Default)]
pub struct InputArgs {
    #[command(flatten)]
    pub stdin: StdinArgs,
    /// No warnings, notes or progress bar on standard error (errors still)
    #[arg(long, short)]
    pub quiet: bool,
}

/// How `-` is read, for the commands that take one.
#[derive(Args, Debug, Clone, Default)]
pub struct StdinArgs {
    /// How to read `-` (standard input)
    #[arg(long, value_enum, value_name = "SYNTAX", default_value_t = StdinFormat::Yaml)]
    pub stdin_format: StdinFormat,
}

#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum StdinFormat {
    #[default]
    Yaml,
    Toml,
}

impl StdinFormat {
    pub fn syntax(self) -> mera::input::source::Syntax {
        match self {
            StdinFormat::Yaml => mera::input::source::Syntax::Yaml,
            StdinFormat::Toml => mera::input::source::Syntax::Toml,
        }
    }
}

#[derive(Args, Debug, Clone, Default)]
pub struct ScoreArgs {
    /// Judge waiver expiry, evidence age and overdue actions on DATE
    /// (YYYY-MM-DD or `today`) [default: today for check and summary; the answers' as_of
    /// for the other commands]
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Evidence reviewed longer ago than this is reported as stale [default: 365]
    #[arg(long, value_name = "DAYS")]
    pub max_evidence_age_days: Option<u32>,
    /// Leave out the notes of answers marked `confidential: true`
    #[arg(long)]
    pub redact: bool,
}

#[derive(Args, Debug, Clone, Default)]
pub struct GateArgs {
    /// Fail (exit 1) when the overall score is below SCORE
    #[arg(long, value_name = "SCORE")]
    pub fail_under: Option<f64>,
    /// Fail (exit 1) on an unwaived gap at or above this severity
    #[arg(long, value_name = "SEVERITY", value_parser = ["critical", "high", "medium", "low", "none"])]
    pub fail_on: Option<String>,
    /// Report, but always exit 0 when the input is valid
    #[arg(long)]
    pub exit_zero: bool,
}

#[derive(Args, Debug)]
pub struct AssessArgs {
    /// Answers files (YAML, or TOML by the .toml extension), folders to walk
    /// for them, or `-` for standard input
    #[arg(required = true, value_name = "FILE|DIR|-")]
    pub files: Vec<PathBuf>,
    /// Format for standard output (jsonl: one compact JSON object per file); with json or
    /// jsonl, input problems are printed as JSON too
    #[arg(long, short, value_name = "FORMAT", default_value = "table", value_parser = REPORT_FORMATS)]
    pub format: String,
    /// Also write a report to a file: FORMAT:PATH (e.g. html:board.html), or a PATH whose
    /// extension names the format (.html, .json, .jsonl, .md, .sarif, .xml, .txt); repeatable
    #[arg(long, short, value_name = "FORMAT:PATH")]
    pub output: Vec<String>,
    #[command(flatten)]
    pub score: ScoreArgs,
    #[command(flatten)]
    pub gate: GateArgs,
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub content: ContentArgs,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Answers files, folders or `-`; default: `[check] files` in the config
    #[arg(value_name = "FILE|DIR|-")]
    pub files: Vec<PathBuf>,
    /// Pass even when applicable questions are unanswered (`allow_unanswered` in [check])
    #[arg(long)]
    pub allow_unanswered: bool,
    /// Print this report format instead of the pass/fail summary; with json, input problems are printed as JSON too
    #[arg(long, short, value_name = "FORMAT", value_parser = REPORT_FORMATS)]
    pub format: Option<String>,
    /// Also write a report to a file: FORMAT:PATH (e.g. sarif:mera.sarif), or a PATH whose
    /// extension names the format (.html, .json, .jsonl, .md, .sarif, .xml, .txt); repeatable
    #[arg(long, short, value_name = "FORMAT:PATH")]
    pub output: Vec<String>,
    #[command(flatten)]
    pub score: ScoreArgs,
    #[command(flatten)]
    pub gate: GateArgs,
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub content: ContentArgs,
}

#[derive(Args, Debug)]
pub struct ValidateArgs {
    /// Files or folders (walked): questionnaires, answers files and mera.toml; `-` for standard input
    #[arg(required = true, value_name = "PATH|-")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub content: ContentArgs,
}

#[derive(Args, Debug)]
pub struct InitArgs {
    /// Where to write the template
    #[arg(default_value = "readiness.yaml", value_name = "FILE")]
    pub file: PathBuf,
    /// Where to write the JSON Schema the template points to [default: mera.schema.json beside FILE]
    #[arg(long, value_name = "PATH")]
    pub schema: Option<PathBuf>,
    /// Date to put in `as_of` [default: today]
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    #[command(flatten)]
    pub content: ContentArgs,
}

#[derive(Args, Debug)]
pub struct ListArgs {
    /// Output format
    #[arg(long, short, value_enum, default_value_t = BrowseFormat::Text)]
    pub format: BrowseFormat,
    #[command(flatten)]
    pub content: ContentArgs,
}

#[derive(Args, Debug)]
pub struct ShowArgs {
    /// Questionnaire id, e.g. thirty-day-window
    pub id: String,
    /// Output format
    #[arg(long, short, value_enum, default_value_t = BrowseFormat::Text)]
    pub format: BrowseFormat,
    #[command(flatten)]
    pub content: ContentArgs,
}

#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// Question id, e.g. tdw.release-buffer
    pub question: String,
    /// Output format
    #[arg(long, short, value_enum, default_value_t = BrowseFormat::Text)]
    pub format: BrowseFormat,
    #[command(flatten)]
    pub content: ContentArgs,
}
