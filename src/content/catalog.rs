//! The provision catalog: what each part of Executive Order 14409 (and each
//! outside reference point) directs, its legal force, and where that is
//! stated. Shipped in `seeds/provisions.yaml` and compiled in.

use chrono::NaiveDate;
use serde::Serialize;

use crate::input::diagnostic::{Code, Diagnostic};
use crate::input::doc::{Decoder, Node};
use crate::input::source::{Pos, Source};

pub const BUILTIN_NAME: &str = "seeds/provisions.yaml";
pub const BUILTIN: &str = include_str!("../../seeds/provisions.yaml");

/// What kind of legal weight a provision carries. Reports print it beside
/// each gap so nobody mistakes a voluntary framework for a mandate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Force {
    PolicyStatement,
    VoluntaryFramework,
    AgencyDirective,
    CriminalEnforcement,
    Disclaimer,
    Reference,
}

impl Force {
    pub const WORDS: [(&'static str, Force); 6] = [
        ("policy-statement", Force::PolicyStatement),
        ("voluntary-framework", Force::VoluntaryFramework),
        ("agency-directive", Force::AgencyDirective),
        ("criminal-enforcement", Force::CriminalEnforcement),
        ("disclaimer", Force::Disclaimer),
        ("reference", Force::Reference),
    ];

    pub fn as_str(self) -> &'static str {
        crate::input::doc::word_of(&Force::WORDS, &self)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SourceDoc {
    pub id: String,
    pub publisher: String,
    pub title: String,
    pub date: Option<NaiveDate>,
    pub url: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Provision {
    pub id: String,
    pub section: String,
    /// A short citation for tables, e.g. "Van Buren (2021)"; the section otherwise.
    pub short: Option<String>,
    pub title: String,
    pub directs: String,
    pub to: Option<String>,
    pub deadline: Option<NaiveDate>,
    pub force: Force,
    pub sources: Vec<String>,
    pub note: Option<String>,
    /// The subsection letters come from secondary sources (the order of one
    /// alert's footnotes), not from the text of the order.
    pub inferred: bool,
    /// The entry carries general law the sources do not state (a holding,
    /// a statute's elements): counsel should confirm it.
    pub general_law: bool,
    #[serde(skip)]
    pub pos: Pos,
}

/// What reports and `mera explain` say beside an inferred citation.
pub const INFERRED_NOTE: &str =
    "subsection inferred from secondary sources; confirm against the text";

/// The mark after an inferred subsection letter.
pub const INFERRED_MARK: &str = "†";

/// What reports say beside a citation carrying general law.
pub const GENERAL_LAW_NOTE: &str =
    "general law not drawn from the sources on the order; confirm with counsel";

/// The mark after a citation carrying general law.
pub const GENERAL_LAW_MARK: &str = "‡";

/// A citation with its marks: "§2(d)†", "Van Buren (2021)‡".
pub fn cite(short: &str, inferred: bool, general_law: bool) -> String {
    let mut out = short.to_string();
    if inferred {
        out.push_str(INFERRED_MARK);
    }
    if general_law {
        out.push_str(GENERAL_LAW_MARK);
    }
    out
}

/// The legend lines for the marks `citations` carry ("† subsection
/// inferred…."), each once, for every output that prints them.
pub fn mark_notes<'a>(citations: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let (mut inferred, mut general) = (false, false);
    for c in citations {
        inferred |= c.contains(INFERRED_MARK);
        general |= c.contains(GENERAL_LAW_MARK);
    }
    let mut out = Vec::new();
    if inferred {
        out.push(format!("{INFERRED_MARK} {INFERRED_NOTE}."));
    }
    if general {
        out.push(format!("{GENERAL_LAW_MARK} {GENERAL_LAW_NOTE}."));
    }
    out
}

impl Provision {
    /// The short citation used in reports and listings.
    pub fn label(&self) -> &str {
        self.short.as_deref().unwrap_or(&self.section)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Catalog {
    pub sources: Vec<SourceDoc>,
    pub provisions: Vec<Provision>,
}

impl Catalog {
    pub fn builtin() -> Catalog {
        let source = Source::new(BUILTIN_NAME, BUILTIN);
        // The shipped catalog is checked by the test suite; a broken one is a
        // build defect, not user input.
        load(&source).unwrap_or_default()
    }

    pub fn provision(&self, id: &str) -> Option<&Provision> {
        self.provisions.iter().find(|p| p.id == id)
    }

    pub fn source(&self, id: &str) -> Option<&SourceDoc> {
        self.sources.iter().find(|s| s.id == id)
    }

    /// The short citation of each known provision in `ids`, each once, in
    /// order, with its marks (see [`cite`]): `["§3(a)", "§4", "Van Buren
    /// (2021)‡"]`.
    pub fn labels(&self, ids: &[String]) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for label in ids
            .iter()
            .filter_map(|p| self.provision(p))
            .map(|p| cite(p.label(), p.inferred, p.general_law))
        {
            if !out.contains(&label) {
                out.push(label);
            }
        }
        out
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.provisions.iter().map(|p| p.id.as_str())
    }
}

pub fn load(source: &Source) -> Result<Catalog, Vec<Diagnostic>> {
    let parsed = crate::input::yaml::parse_recovering(source)?;
    let root = parsed.root;
    let mut dec = Decoder::new(&source.name);
    dec.problems = parsed.problems;
    let catalog = decode(&mut dec, &root);
    check_references(&mut dec, &catalog);
    if dec.has_errors() {
        Err(dec.problems)
    } else {
        Ok(catalog)
    }
}

fn decode(dec: &mut Decoder, root: &Node) -> Catalog {
    let mut catalog = Catalog::default();
    let Some(mut f) = dec.fields(root, "the catalog") else {
        return catalog;
    };
    catalog.sources = f.items(dec, "sources", decode_source);
    catalog.provisions = f.items(dec, "provisions", decode_provision);
    f.take("catalog");
    f.finish(dec, &["catalog", "sources", "provisions"]);
    catalog
}

fn decode_source(dec: &mut Decoder, node: &Node) -> Option<SourceDoc> {
    let mut f = dec.fields(node, "a source")?;
    let id = f.req_text(dec, "id");
    let publisher = f.req_text(dec, "publisher");
    let title = f.req_text(dec, "title");
    let date = f.date(dec, "date");
    let url = f.text(dec, "url");
    f.take("seed");
    f.finish(dec, &["id", "publisher", "title", "date", "url", "seed"]);
    Some(SourceDoc {
        id: id?,
        publisher: publisher?,
        title: title?,
        date,
        url,
    })
}

fn decode_provision(dec: &mut Decoder, node: &Node) -> Option<Provision> {
    const KEYS: [&str; 12] = [
        "id",
        "section",
        "short",
        "title",
        "directs",
        "to",
        "deadline",
        "force",
        "sources",
        "note",
        "inferred",
        "general_law",
    ];
    let mut f = dec.fields(node, "a provision")?;
    let id = f.req_text(dec, "id");
    let section = f.req_text(dec, "section");
    let short = f.text(dec, "short");
    let title = f.req_text(dec, "title");
    let directs = f.req_text(dec, "directs");
    let to = f.text(dec, "to");
    let deadline = f.date(dec, "deadline");
    let force = f
        .require(dec, "force")
        .and_then(|n| dec.word(n, "`force`", &Force::WORDS));
    let sources = f
        .require(dec, "sources")
        .map(|n| dec.texts(n, "`sources`"))
        .unwrap_or_default();
    let note = f.text(dec, "note");
    let inferred = f.bool(dec, "inferred").unwrap_or(false);
    let general_law = f.bool(dec, "general_law").unwrap_or(false);
    f.finish(dec, &KEYS);
    Some(Provision {
        id: id?,
        section: section?,
        short,
        title: title?,
        directs: directs?,
        to,
        deadline,
        force: force?,
        sources,
        note,
        inferred,
        general_law,
        pos: node.pos,
    })
}

fn check_references(dec: &mut Decoder, catalog: &Catalog) {
    for p in &catalog.provisions {
        if p.sources.is_empty() {
            dec.error_help(
                Code::MissingKey,
                p.pos,
                format!("provision `{}` cites no source", p.id),
                "add `sources:` with the id of at least one source under `sources` that states it",
            );
        }
        for s in &p.sources {
            if catalog.source(s).is_none() {
                let help = crate::input::diagnostic::suggestion(
                    s,
                    catalog.sources.iter().map(|s| s.id.as_str()),
                )
                .unwrap_or_else(|| "add it under `sources`".to_string());
                dec.error_help(
                    Code::UnknownProvision,
                    p.pos,
                    format!("provision `{}` cites unknown source `{s}`", p.id),
                    help,
                );
            }
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    for p in &catalog.provisions {
        if !seen.insert(p.id.as_str()) {
            dec.error_help(
                Code::DuplicateId,
                p.pos,
                format!("provision `{}` is listed twice", p.id),
                "remove one of the two, or give it an id of its own",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_catalog_loads_and_every_provision_cites_known_sources() {
        let catalog =
            load(&Source::new(BUILTIN_NAME, BUILTIN)).unwrap_or_else(|e| panic!("{e:#?}"));
        assert!(catalog.provisions.len() >= 15);
        for p in &catalog.provisions {
            assert!(!p.sources.is_empty(), "{}", p.id);
            for s in &p.sources {
                assert!(catalog.source(s).is_some(), "{} cites {s}", p.id);
            }
        }
    }

    #[test]
    fn labels_are_short_and_each_given_once() {
        let catalog = Catalog::builtin();
        let ids: Vec<String> = [
            "eo14409.4",
            "eo14409.4-agents",
            "usc18.1030",
            "ref.van-buren",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(
            catalog.labels(&ids),
            ["§4", "18 U.S.C. §1030 (CFAA)", "Van Buren (2021)‡"]
        );
    }

    #[test]
    fn section_two_letters_and_the_lettered_parts_of_three_b_are_marked_inferred() {
        let catalog = Catalog::builtin();
        let inferred: Vec<&str> = catalog
            .provisions
            .iter()
            .filter(|p| p.inferred)
            .map(|p| p.id.as_str())
            .collect();
        assert_eq!(
            inferred,
            [
                "eo14409.2a",
                "eo14409.2b",
                "eo14409.2c",
                "eo14409.2d",
                "eo14409.2e",
                "eo14409.2f",
                "eo14409.3b-i",
                "eo14409.3b-iii"
            ]
        );
    }

    #[test]
    fn order_deadlines_match_the_thirty_and_sixty_day_marks() {
        let catalog = Catalog::builtin();
        let signed = NaiveDate::from_ymd_opt(2026, 6, 2).unwrap();
        for p in catalog.provisions.iter().filter(|p| p.deadline.is_some()) {
            let days = (p.deadline.unwrap() - signed).num_days();
            assert!(
                days == 30 || days == 60,
                "{} deadline is {days} days after signing",
                p.id
            );
        }
    }
}
