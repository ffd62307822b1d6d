//! Load: text in, a spanned document tree out, and problems as data with
//! their places. The only modules that know the YAML and TOML parsers.

pub mod diagnostic;
pub mod doc;
pub mod file_kind;
pub mod invisible;
pub mod source;
pub mod toml_doc;
pub mod yaml;

use diagnostic::Diagnostic;
use doc::Node;
use source::Source;

/// A parsed document and the problems found on the way that still left a
/// usable tree (such as a duplicate key: the first one is kept), so the
/// decoder can go on and report everything else in the same run.
#[derive(Debug)]
pub struct Parsed {
    pub root: Node,
    pub problems: Vec<Diagnostic>,
}

/// Parse YAML or TOML (by the source's syntax). `Err` when no tree could be built.
pub fn parse(source: &Source) -> Result<Parsed, Vec<Diagnostic>> {
    let invisible = invisible::check(source);
    if !invisible.is_empty() {
        return Err(invisible);
    }
    if source.syntax == source::Syntax::Toml {
        toml_doc::parse(source)
            .map(|root| Parsed {
                root,
                problems: Vec::new(),
            })
            .map_err(|problems| match yaml_line(&source.text) {
                // YAML in a `.toml` file: say so, not where TOML gave up.
                Some(line) => vec![
                    Diagnostic::error(
                        diagnostic::Code::WrongType,
                        &source.name,
                        Some(source::Pos::new(line, 1)),
                        "this is YAML read as TOML",
                    )
                    .with_help(
                        "name the file `.yaml`; on standard input, leave out `--stdin-format toml` (YAML is the default)",
                    ),
                ],
                None => problems,
            })
    } else if let Some(line) = toml_line(&source.text) {
        Err(vec![
            Diagnostic::error(
                diagnostic::Code::WrongType,
                &source.name,
                Some(source::Pos::new(line, 1)),
                "this is TOML read as YAML",
            )
            .with_help("name the file `.toml`; on standard input, add `--stdin-format toml`"),
        ])
    } else {
        yaml::parse_recovering(source)
    }
}

/// The line (from 1) of a line only a YAML answers file writes: `mera: 1`,
/// or one of its sections opened the YAML way (`answers:`). TOML cannot
/// parse either, so a `.toml` file holding them is YAML.
fn yaml_line(text: &str) -> Option<u32> {
    const SECTIONS: [&str; 5] = ["mera:", "organization:", "profile:", "answers:", "waivers:"];
    text.lines()
        .position(|l| {
            let l = l.trim_end();
            SECTIONS.iter().any(|s| l.starts_with(s))
        })
        .map(|i| u32::try_from(i + 1).unwrap_or(u32::MAX))
}

/// The line (from 1) of a line only TOML writes, `mera = 1` or a
/// `[organization]`-style table header: no YAML answers file or
/// questionnaire has one, and read as YAML, TOML gives a syntax error far
/// from the cause or a document of one string.
fn toml_line(text: &str) -> Option<u32> {
    const TABLES: [&str; 5] = [
        "[organization]",
        "[profile]",
        "[answers]",
        "[[waivers]]",
        "[check]",
    ];
    text.lines()
        .position(|l| {
            let l = l.trim();
            TABLES.contains(&l)
                || l.strip_prefix("mera")
                    .is_some_and(|r| r.trim_start().starts_with('='))
        })
        .map(|i| u32::try_from(i + 1).unwrap_or(u32::MAX))
}
