//! Load: text in, a spanned document tree out, and problems as data with
//! their places. The only modules that know the YAML and TOML parsers.

pub mod diagnostic;
pub mod doc;
pub mod file_kind;
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
    if source.syntax == source::Syntax::Toml {
        toml_doc::parse(source).map(|root| Parsed {
            root,
            problems: Vec::new(),
        })
    } else {
        yaml::parse_recovering(source)
    }
}
