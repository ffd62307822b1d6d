//! Reading and scoring answers files for the workshop commands (`diff`,
//! `timeline`, `plan`): a path, or `-` for standard input.

use std::io::Read as _;
use std::path::Path;

use mera::assessment::answers::{self, Answers};
use mera::assessment::scoring::{self, DEFAULT_MAX_EVIDENCE_AGE_DAYS, Options};
use mera::assessment::{AsOfSource, Assessment};
use mera::input::diagnostic::{Code, Diagnostic};
use mera::input::source::{MAX_FILE_BYTES, Source};

use super::assess::parse_date_flag;
use crate::cli::args::ScoreArgs;
use crate::cli::content::Content;
use crate::cli::{Failure, Ui, files};

/// The name standard input is reported under.
pub const STDIN: &str = "<stdin>";

pub struct Scored {
    pub answers: Answers,
    pub assessment: Assessment,
}

/// Read a file, or standard input for `-` (within the same size limit).
pub fn read(path: &Path) -> Result<Source, Diagnostic> {
    if path != Path::new("-") {
        return files::read(path);
    }
    let mut bytes = Vec::new();
    let limit = u64::try_from(MAX_FILE_BYTES).unwrap_or(u64::MAX) + 1;
    std::io::stdin()
        .take(limit)
        .read_to_end(&mut bytes)
        .map_err(|e| {
            Diagnostic::error(
                Code::Unreadable,
                STDIN,
                None,
                format!("cannot read standard input: {e}"),
            )
        })?;
    if bytes.len() > MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            Code::TooLarge,
            STDIN,
            None,
            format!("standard input is over the {MAX_FILE_BYTES}-byte limit"),
        ));
    }
    String::from_utf8(bytes)
        .map(|text| Source::new(STDIN, text))
        .map_err(|_| {
            Diagnostic::error(
                Code::NotUtf8,
                STDIN,
                None,
                "standard input is not valid UTF-8 text",
            )
            .with_help("pipe a UTF-8 answers file")
        })
}

/// Load and score each file against the set; every input problem from
/// every file is reported at once.
pub fn score(
    paths: &[&Path],
    args: &ScoreArgs,
    content: &Content,
    ui: &mut Ui,
) -> Result<Vec<Scored>, Failure> {
    if paths.iter().filter(|p| **p == Path::new("-")).count() > 1 {
        return Err(Failure::Usage(
            "only one file can come from standard input (`-`)".into(),
        ));
    }
    let flag_as_of = args.as_of.as_deref().map(parse_date_flag).transpose()?;
    let max_age = args
        .max_evidence_age_days
        .or(content.config.max_evidence_age_days)
        .unwrap_or(DEFAULT_MAX_EVIDENCE_AGE_DAYS);
    let mut loaded = Vec::new();
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    for path in paths {
        let source = match read(path) {
            Ok(s) => s,
            Err(d) => {
                problems.push(d);
                continue;
            }
        };
        ui.remember(&source);
        match answers::load(&source, &content.set) {
            Ok((a, mut w)) => {
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
    ui.diagnostics(&warnings);
    Ok(loaded
        .into_iter()
        .map(|answers| {
            let (as_of, as_of_source) =
                AsOfSource::resolve(flag_as_of, answers.organization.as_of, || {
                    chrono::Local::now().date_naive()
                });
            let options = Options {
                as_of,
                as_of_source,
                max_evidence_age_days: max_age,
                redact: args.redact,
            };
            let assessment = scoring::assess(&content.set, &content.catalog, &answers, &options);
            Scored {
                answers,
                assessment,
            }
        })
        .collect())
}

/// The terminal's width, or 120 columns off a terminal (the same rule as
/// `assess`), so files and pipes always get the same text.
pub fn width() -> u16 {
    comfy_table::Table::new()
        .width()
        .filter(|_| std::io::IsTerminal::is_terminal(&std::io::stdout()))
        .unwrap_or(120)
}
