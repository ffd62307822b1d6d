//! Reading and scoring answers files for the workshop commands (`diff`,
//! `timeline`, `plan`): a path, or `-` for standard input.

use std::path::Path;

use mera::assessment::answers::{self, Answers};
use mera::assessment::scoring::{self, DEFAULT_MAX_EVIDENCE_AGE_DAYS, Options};
use mera::assessment::{Assessment, Dates, Judge};
use mera::input::diagnostic::Diagnostic;
use mera::input::source::{Source, Syntax};

use super::assess::parse_date_flag;
use crate::cli::args::ScoreArgs;
use crate::cli::content::Content;
use crate::cli::{Failure, Ui, files};

/// Read a file, or standard input for `-` (within the same size limit)
/// read as `stdin`.
pub fn read(path: &Path, stdin: Syntax) -> Result<Source, Diagnostic> {
    if path == Path::new("-") {
        files::read_stdin().map(|s| s.with_syntax(stdin))
    } else {
        files::read(path)
    }
}

pub struct Scored {
    pub answers: Answers,
    pub assessment: Assessment,
    /// What the assessment was scored with, for a caller that scores again
    /// (`plan` re-scores each step).
    pub options: Options,
}

/// Load and score each file against the set; every input problem from
/// every file is reported at once.
pub fn score(
    paths: &[&Path],
    args: &ScoreArgs,
    stdin: Syntax,
    content: &Content,
    ui: &mut Ui,
) -> Result<Vec<Scored>, Failure> {
    if paths.iter().filter(|p| **p == Path::new("-")).count() > 1 {
        return Err(Failure::Usage(
            "only one file can come from standard input (`-`)".into(),
        ));
    }
    let today = crate::cli::today();
    let flag_as_of = args
        .as_of
        .as_deref()
        .map(|t| parse_date_flag(t, today))
        .transpose()?;
    let max_age = args
        .max_evidence_age_days
        .or(content.config.max_evidence_age_days)
        .unwrap_or(DEFAULT_MAX_EVIDENCE_AGE_DAYS);
    let mut loaded = Vec::new();
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    for path in paths {
        let source = match read(path, stdin) {
            Ok(s) => s,
            Err(d) => {
                problems.push(d);
                continue;
            }
        };
        ui.remember(&source);
        match answers::load(&source, &content.set) {
            Ok((mut a, mut w)) => {
                content.fill_in(&mut a);
                loaded.push(a);
                warnings.append(&mut w);
            }
            Err(mut e) => problems.append(&mut e),
        }
    }
    if !problems.is_empty() {
        problems.append(&mut warnings);
        return Err(Failure::Input(problems));
    }
    let scored: Vec<Scored> = loaded
        .into_iter()
        .map(|answers| {
            // Like `assess`: each file is judged on its own as_of unless --as-of.
            let dates =
                Dates::resolve(flag_as_of, answers.organization.as_of, today, Judge::OnAsOf);
            let options = Options {
                dates,
                max_evidence_age_days: max_age,
                redact: args.redact,
            };
            let assessment = scoring::assess(&content.set, &content.catalog, &answers, &options);
            Scored {
                answers,
                assessment,
                options,
            }
        })
        .collect();
    for s in &scored {
        use mera::assessment::warnings;
        let a = &s.assessment;
        warnings.extend(warnings::dates(&s.answers, a.as_of, a.as_of_source, today));
        warnings.extend(warnings::placeholders(&s.answers));
        warnings.extend(warnings::privileged_unredacted(
            &s.answers,
            args.redact,
            crate::cli::in_ci(),
        ));
    }
    ui.diagnostics(&warnings);
    Ok(scored)
}

/// Load and score the one file `timeline` and `plan` take.
pub fn score_one(
    path: &Path,
    args: &ScoreArgs,
    stdin: Syntax,
    content: &Content,
    ui: &mut Ui,
) -> Result<Scored, Failure> {
    let mut scored = score(&[path], args, stdin, content, ui)?;
    Ok(scored.remove(0))
}

/// The terminal's width, or 80 columns off a terminal (the same rule as
/// `assess`), so files and pipes always get the same text.
pub fn width() -> u16 {
    crate::cli::terminal_width()
}
