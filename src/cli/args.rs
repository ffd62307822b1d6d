//! Command-line arguments (clap).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Parser, Debug)]
#[command(
    name = "mera",
    version,
    about = "Readiness assessment for Executive Order 14409 (AI innovation and security)"
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
    Assess(AssessArgs),
    /// CI gate: score the files named in mera.toml (or given) and fail on regressions
    Check(CheckArgs),
    /// Check questionnaires, answers files and configs; report every problem
    Validate(ValidateArgs),
    /// Write an answers template with every question as a comment
    Init(InitArgs),
    /// List the questionnaires
    Questionnaires(ContentArgs),
    /// Show one questionnaire's questions
    Show(ShowArgs),
    /// Explain one question: why it matters, its provisions and sources, its actions
    Explain(ExplainArgs),
    /// Ask the open questions at a terminal, saving after every answer; resumes where it stopped
    Interview(super::commands::interview::InterviewArgs),
    /// Compare two answers files: score, gaps, answers, evidence and waivers that changed
    Diff(super::commands::diff::DiffArgs),
    /// Combine respondents' answers files; disagreements stay open as conflicts
    Merge(super::commands::merge::MergeArgs),
    /// Dated milestones, due actions, waiver expiries and stale evidence; --format ics for calendars
    Timeline(super::commands::timeline::TimelineArgs),
    /// The fewest gaps to close, in order, to reach partial or ready
    Plan(super::commands::plan::PlanArgs),
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

#[derive(Args, Debug, Clone, Default)]
pub struct ScoreArgs {
    /// Assessment date (YYYY-MM-DD); overrides `organization.as_of`
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
    /// Answers files (YAML, or TOML by the .toml extension)
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Format for standard output
    #[arg(long, short, value_name = "FORMAT", default_value = "table", value_parser = ["table", "markdown", "md", "json"])]
    pub format: String,
    /// Also write FORMAT to PATH, e.g. json:report.json (repeatable)
    #[arg(long, short, value_name = "FORMAT:PATH")]
    pub output: Vec<String>,
    #[command(flatten)]
    pub score: ScoreArgs,
    #[command(flatten)]
    pub gate: GateArgs,
    #[command(flatten)]
    pub content: ContentArgs,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Answers files; default: `[check] files` in the config
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub score: ScoreArgs,
    #[command(flatten)]
    pub gate: GateArgs,
    #[command(flatten)]
    pub content: ContentArgs,
}

#[derive(Args, Debug)]
pub struct ValidateArgs {
    /// Files or folders: questionnaires, answers files and mera.toml
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub content: ContentArgs,
}

#[derive(Args, Debug)]
pub struct InitArgs {
    /// Where to write the template
    #[arg(default_value = "readiness.yaml", value_name = "FILE")]
    pub file: PathBuf,
    /// Date to put in `as_of` [default: today]
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    #[command(flatten)]
    pub content: ContentArgs,
}

#[derive(Args, Debug)]
pub struct ShowArgs {
    /// Questionnaire id, e.g. thirty-day-window
    pub id: String,
    #[command(flatten)]
    pub content: ContentArgs,
}

#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// Question id, e.g. tdw.release-buffer
    pub question: String,
    #[command(flatten)]
    pub content: ContentArgs,
}
