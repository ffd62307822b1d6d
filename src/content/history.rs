//! Content history as data: what each content version of a questionnaire
//! added, revised in substance, replaced (renamed or split) and removed.
//! It lives in a `history:` list at the end of each questionnaire file,
//! oldest version first, apart from the questions themselves:
//!
//! ```yaml
//! history:
//!   - version: 2026.11.1
//!     added: [tdw.release-buffer, tdw.window-placement]
//!   - version: 2026.12.1
//!     added: [tdw.exposed-assets]
//!     revised:
//!       tdw.release-buffer: applies without a release date; n/a when none is planned
//!     replaced:
//!       tdw.old-id: tdw.new-id                   # renamed
//!       gov.two-in-one: [gov.first, gov.second]  # split, the old id gone
//!       tdw.ip-protection: [tdw.exposed-assets, tdw.ip-protection]  # split, the id kept (and revised)
//!     removed:
//!       tdw.gone: why it went
//! ```
//!
//! Each question's added and last-revised versions are derived from it.
//! [`check`] walks the history of every questionnaire that has one and
//! proves it ends at the questionnaire's current questions.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::Serialize;

use crate::content::questionnaire::Questionnaire;
use crate::content::set::QuestionnaireSet;
use crate::input::diagnostic::{Code, Diagnostic, all_of, suggestion};
use crate::input::doc::{Decoder, Node, Value};
use crate::input::source::Pos;

/// The content version an answers file without a stamp is taken to be
/// answered against: the first version of the built-in content.
pub const UNSTAMPED: &str = "2026.11.1";

/// A content version: whole numbers separated by dots (`2026.12.2`, `3`,
/// `1.10`), compared number by number.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Version {
    text: String,
    parts: Vec<u64>,
}

impl Version {
    pub fn parse(text: &str) -> Option<Version> {
        let text = text.trim();
        let parts: Option<Vec<u64>> = text
            .split('.')
            .map(|p| {
                (!p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
                    .then(|| p.parse().ok())
                    .flatten()
            })
            .collect();
        Some(Version {
            text: text.to_string(),
            parts: parts?,
        })
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The version an unstamped answers file is taken to be answered against.
    pub fn unstamped() -> Version {
        Version::parse(UNSTAMPED).unwrap_or_else(|| Version {
            text: UNSTAMPED.into(),
            parts: Vec::new(),
        })
    }
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        // 1.2 and 1.2.0 are the same version; the text breaks the tie so
        // that the order stays total.
        let len = self.parts.len().max(other.parts.len());
        let at = |v: &Version, i: usize| v.parts.get(i).copied().unwrap_or(0);
        (0..len)
            .map(|i| at(self, i).cmp(&at(other, i)))
            .find(|o| o.is_ne())
            .unwrap_or_else(|| self.text.cmp(&other.text))
    }
}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Serialize for Version {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

/// A question id as written in the history, with its place.
#[derive(Clone, Debug, PartialEq)]
pub struct Named {
    pub id: String,
    pub pos: Pos,
}

/// A question revised (or removed), with the one line that says what changed.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    pub id: String,
    pub what: String,
    pub pos: Pos,
}

/// A question that gave way to others: renamed (one id) or split (several);
/// a split may keep the old id for one of its parts.
#[derive(Clone, Debug, PartialEq)]
pub struct Replacement {
    pub old: String,
    pub by: Vec<String>,
    pub pos: Pos,
}

impl Replacement {
    /// The old id is still a question: one part of a split kept it.
    pub fn keeps_id(&self) -> bool {
        self.by.contains(&self.old)
    }

    /// One new id for one old id.
    pub fn is_rename(&self) -> bool {
        self.by.len() == 1 && !self.keeps_id()
    }
}

/// What one content version changed in one questionnaire.
#[derive(Clone, Debug, PartialEq)]
pub struct Release {
    pub version: Version,
    pub added: Vec<Named>,
    pub revised: Vec<Change>,
    pub replaced: Vec<Replacement>,
    pub removed: Vec<Change>,
    pub pos: Pos,
}

impl Release {
    pub fn revision(&self, id: &str) -> Option<&Change> {
        self.revised.iter().find(|c| c.id == id)
    }

    /// The replacement that produced `id` as one of its new parts.
    pub fn replacement_into(&self, id: &str) -> Option<&Replacement> {
        self.replaced
            .iter()
            .find(|r| r.by.iter().any(|b| b == id) && r.old != id)
    }
}

/// A questionnaire's history, oldest version first; empty when its file
/// has none (a custom questionnaire may do without).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct History {
    pub releases: Vec<Release>,
    /// Where `history:` is, for problems with the history as a whole.
    pub pos: Option<Pos>,
}

/// One substantive change to one question since some version, for reports.
#[derive(Clone, Debug, PartialEq)]
pub struct Revision<'a> {
    pub version: &'a Version,
    pub what: &'a str,
}

impl History {
    pub fn is_declared(&self) -> bool {
        self.pos.is_some()
    }

    pub fn first(&self) -> Option<&Version> {
        self.releases.first().map(|r| &r.version)
    }

    pub fn latest(&self) -> Option<&Version> {
        self.releases.last().map(|r| &r.version)
    }

    /// The releases after `version`, oldest first.
    pub fn since(&self, version: &Version) -> impl Iterator<Item = &Release> + '_ {
        let version = version.clone();
        self.releases.iter().filter(move |r| r.version > version)
    }

    /// The version that added `id`.
    pub fn added_in(&self, id: &str) -> Option<&Version> {
        self.releases
            .iter()
            .find(|r| r.added.iter().any(|a| a.id == id))
            .map(|r| &r.version)
    }

    /// Every substantive revision of `id` after `version`, oldest first.
    pub fn revisions_since(&self, id: &str, version: &Version) -> Vec<Revision<'_>> {
        self.since(version)
            .filter_map(|r| {
                r.revision(id).map(|c| Revision {
                    version: &r.version,
                    what: &c.what,
                })
            })
            .collect()
    }

    /// The last substantive revision of `id`, if it was ever revised.
    pub fn last_revised(&self, id: &str) -> Option<&Version> {
        self.releases
            .iter()
            .rev()
            .find(|r| r.revision(id).is_some())
            .map(|r| &r.version)
    }

    /// The split that created `id` as one of several parts after
    /// `version`, with its version. A rename is not a split.
    pub fn split_into(&self, id: &str, version: &Version) -> Option<(&Version, &Replacement)> {
        self.since(version).find_map(|r| {
            r.replacement_into(id)
                .filter(|x| !x.is_rename())
                .map(|x| (&r.version, x))
        })
    }

    /// Old ids whose answers load under a new id: every rename, and every
    /// split whose old id is gone (its answer goes to the first part).
    pub fn renames(&self) -> impl Iterator<Item = (&str, &str)> {
        self.releases.iter().flat_map(|r| {
            r.replaced
                .iter()
                .filter(|x| !x.keeps_id())
                .filter_map(|x| x.by.first().map(|b| (x.old.as_str(), b.as_str())))
        })
    }

    /// The questionnaire's `replaces` with what the history adds: a
    /// replacement the history records loads old answers without being
    /// written twice.
    pub fn extend_replaces(&self, replaces: &mut Vec<(String, String)>) {
        for (old, new) in self.renames() {
            if !replaces.iter().any(|(o, _)| o == old) {
                replaces.push((old.to_string(), new.to_string()));
            }
        }
    }

    /// Where `id` was removed, with why.
    pub fn removal(&self, id: &str) -> Option<(&Version, &Change)> {
        self.releases.iter().find_map(|r| {
            r.removed
                .iter()
                .find(|c| c.id == id)
                .map(|c| (&r.version, c))
        })
    }

    /// Where `id` was replaced by other questions (renamed or split away).
    pub fn replacement_of(&self, id: &str) -> Option<(&Version, &Replacement)> {
        self.releases.iter().find_map(|r| {
            r.replaced
                .iter()
                .find(|x| x.old == id)
                .map(|x| (&r.version, x))
        })
    }
}

const RELEASE_KEYS: [&str; 5] = ["version", "added", "revised", "replaced", "removed"];

/// Decode `history:`; every problem is reported, a bad entry skipped.
pub fn decode(dec: &mut Decoder, node: &Node) -> History {
    History {
        releases: dec.items(node, "`history`", decode_release),
        pos: Some(node.pos),
    }
}

fn decode_release(dec: &mut Decoder, node: &Node) -> Option<Release> {
    let mut f = dec.fields(node, "a `history` entry")?;
    let version_node = f.require(dec, "version");
    let version = version_node.and_then(|n| version(dec, n, "`version`"));
    let added = f
        .take("added")
        .map(|n| names(dec, n, "`added`"))
        .unwrap_or_default();
    let revised = f
        .take("revised")
        .map(|n| changes(dec, n, "`revised`"))
        .unwrap_or_default();
    let replaced = f
        .take("replaced")
        .map(|n| replacements(dec, n))
        .unwrap_or_default();
    let removed = f
        .take("removed")
        .map(|n| changes(dec, n, "`removed`"))
        .unwrap_or_default();
    f.finish(dec, &RELEASE_KEYS);
    Some(Release {
        version: version?,
        added,
        revised,
        replaced,
        removed,
        pos: version_node.map_or(node.pos, |n| n.pos),
    })
}

/// A version written as text or as a number (`1.2` reads as a number in
/// YAML); dotted whole numbers only.
pub fn version(dec: &mut Decoder, node: &Node, what: &str) -> Option<Version> {
    let text = match &node.value {
        Value::Str(s) => s.clone(),
        Value::Int(_) | Value::Float(_) => node.scalar_text()?,
        _ => {
            dec.error_help(
                Code::WrongType,
                node.pos,
                format!("{what} must be a version, found {}", node.kind()),
                "write a version such as 2026.12.2",
            );
            return None;
        }
    };
    let parsed = Version::parse(&text);
    if parsed.is_none() {
        dec.error_help(
            Code::InvalidValue,
            node.pos,
            format!("`{text}` is not a version"),
            "write whole numbers separated by dots, such as 2026.12.2 (quote one like \"1.10\" so it stays text)",
        );
    }
    parsed
}

fn names(dec: &mut Decoder, node: &Node, what: &str) -> Vec<Named> {
    let items: Vec<Node> = match &node.value {
        Value::Str(_) => vec![node.clone()],
        _ => dec.list(node, what).to_vec(),
    };
    items
        .iter()
        .filter_map(|n| dec.text(n, what).map(|id| Named { id, pos: n.pos }))
        .collect()
}

fn changes(dec: &mut Decoder, node: &Node, what: &str) -> Vec<Change> {
    dec.entries(node, what)
        .iter()
        .filter_map(|(k, v)| {
            let text = dec.text(v, &format!("what changed in `{}`", k.name))?;
            Some(Change {
                id: k.name.clone(),
                what: text,
                pos: k.pos,
            })
        })
        .collect()
}

fn replacements(dec: &mut Decoder, node: &Node) -> Vec<Replacement> {
    dec.entries(node, "`replaced`")
        .iter()
        .filter_map(|(k, v)| {
            let by: Vec<String> = names(dec, v, &format!("the ids replacing `{}`", k.name))
                .into_iter()
                .map(|n| n.id)
                .collect();
            (!by.is_empty()).then(|| Replacement {
                old: k.name.clone(),
                by,
                pos: k.pos,
            })
        })
        .collect()
}

/// Check the history of every questionnaire that declares one: versions
/// in order and not past the questionnaire's own; every id known when it
/// is revised, replaced or removed; every current question added exactly
/// once; `replaces` and the history agreeing.
pub fn check(set: &QuestionnaireSet) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for q in &set.questionnaires {
        if q.history.is_declared() {
            check_one(q, &mut out);
        }
    }
    out
}

fn check_one(q: &Questionnaire, out: &mut Vec<Diagnostic>) {
    let file = q.file.as_str();
    let err = |pos: Pos, message: String, help: String| {
        Diagnostic::error(Code::InvalidValue, file, Some(pos), message).with_help(help)
    };
    let current: BTreeSet<&str> = q.questions.iter().map(|x| x.id.as_str()).collect();
    let own = Version::parse(&q.version);
    if own.is_none() {
        out.push(err(
            q.pos,
            format!(
                "questionnaire `{}` has a history, but its version `{}` is not a version",
                q.id, q.version
            ),
            "write whole numbers separated by dots, such as 2026.12.2".into(),
        ));
    }
    if q.history.releases.is_empty() {
        out.push(err(
            q.history.pos.unwrap_or(q.pos),
            format!("the history of `{}` is empty", q.id),
            "list at least the version that added its questions, e.g. `- version: 1` with `added: [...]`".into(),
        ));
        return;
    }
    let mut live: BTreeSet<String> = BTreeSet::new();
    let mut ever: BTreeSet<String> = BTreeSet::new();
    let mut previous: Option<&Version> = None;
    for release in &q.history.releases {
        let v = &release.version;
        if let Some(p) = previous
            && v <= p
        {
            out.push(err(
                release.pos,
                format!("history version {v} comes after {p}"),
                "list versions oldest first, each newer than the one before".into(),
            ));
        }
        if let Some(own) = &own
            && v > own
        {
            out.push(err(
                release.pos,
                format!("history version {v} is newer than the questionnaire's version {own}"),
                format!("raise `version` to {v}, or correct the history entry"),
            ));
        }
        previous = Some(v);
        walk_release(q, release, &current, &mut live, &mut ever, out);
    }
    for x in &q.questions {
        if !live.contains(&x.id) {
            out.push(
                Diagnostic::error(
                    Code::UnknownQuestion,
                    file,
                    Some(x.pos),
                    format!("question `{}` is not in the history of `{}`", x.id, q.id),
                )
                .with_help("add it under `added` (or as a part under `replaced`) of the version that introduces it"),
            );
        }
    }
    for id in live.iter().filter(|id| !current.contains(id.as_str())) {
        out.push(err(
            q.history.pos.unwrap_or(q.pos),
            format!(
                "the history of `{}` ends with `{id}`, which is not one of its questions",
                q.id
            ),
            format!("record under `removed` or `replaced` the version that took `{id}` out"),
        ));
    }
    for (old, new) in &q.replaces {
        match q.history.replacement_of(old) {
            Some((_, r)) if !r.by.contains(new) => out.push(err(
                q.pos,
                format!("`replaces` maps `{old}` to `{new}`, but the history replaces it with {}", all_of(&ids(&r.by))),
                format!("map `{old}` to one of {}", all_of(&ids(&r.by))),
            )),
            Some(_) => {}
            None => out.push(err(
                q.pos,
                format!("`replaces` maps `{old}` to `{new}`, but the history records no replacement of `{old}`"),
                format!("add `{old}: {new}` under `replaced` of the version that renamed it"),
            )),
        }
    }
}

fn ids(list: &[String]) -> Vec<&str> {
    list.iter().map(String::as_str).collect()
}

/// Apply one release to the ids alive before it, reporting each id that
/// cannot be where the release puts it.
fn walk_release(
    q: &Questionnaire,
    release: &Release,
    current: &BTreeSet<&str>,
    live: &mut BTreeSet<String>,
    ever: &mut BTreeSet<String>,
    out: &mut Vec<Diagnostic>,
) {
    let v = &release.version;
    let file = q.file.as_str();
    let unknown = |id: &str,
                   pos: Pos,
                   message: String,
                   out: &mut Vec<Diagnostic>,
                   known: &BTreeSet<String>| {
        let help = suggestion(
            id,
            known
                .iter()
                .map(String::as_str)
                .chain(current.iter().copied()),
        )
        .unwrap_or_else(|| {
            format!(
                "`{id}` must be a question of `{}` when {v} changes it",
                q.id
            )
        });
        out.push(
            Diagnostic::error(Code::UnknownQuestion, file, Some(pos), message).with_help(help),
        );
    };
    let before = live.clone();
    let mut seen: BTreeMap<&str, Pos> = BTreeMap::new();
    for a in &release.added {
        if let Some(first) = seen.insert(&a.id, a.pos) {
            out.push(
                Diagnostic::error(
                    Code::DuplicateId,
                    file,
                    Some(a.pos),
                    format!(
                        "`{}` is added twice in {v} (first at line {})",
                        a.id, first.line
                    ),
                )
                .with_help("list each added question once"),
            );
            continue;
        }
        if ever.contains(&a.id) {
            out.push(
                Diagnostic::error(
                    Code::DuplicateId,
                    file,
                    Some(a.pos),
                    format!("`{}` is added in {v}, but it was a question before", a.id),
                )
                .with_help(
                    "a question id is added once; to bring back an old question, give it a new id",
                ),
            );
            continue;
        }
        live.insert(a.id.clone());
        ever.insert(a.id.clone());
    }
    for c in &release.revised {
        if !before.contains(&c.id) {
            let message = if live.contains(&c.id) {
                format!("`{}` is revised in {v}, the version that adds it", c.id)
            } else {
                format!(
                    "`{}` is revised in {v}, but it is not a question then",
                    c.id
                )
            };
            unknown(&c.id, c.pos, message, out, &before);
        }
    }
    for r in &release.replaced {
        if !before.contains(&r.old) {
            unknown(
                &r.old,
                r.pos,
                format!(
                    "`{}` is replaced in {v}, but it is not a question then",
                    r.old
                ),
                out,
                &before,
            );
            continue;
        }
        if r.keeps_id() && release.revision(&r.old).is_none() {
            out.push(Diagnostic::error(
                Code::MissingKey,
                file,
                Some(r.pos),
                format!("`{}` is split in {v} and keeps its id, but {v} does not say how it changed", r.old),
            ).with_help(format!("add `{}: what changed` under `revised` of {v}", r.old)));
        }
        for part in r.by.iter().filter(|b| **b != r.old) {
            if !live.contains(part) {
                let message = format!(
                    "`{}` is replaced in {v} by `{part}`, which is not a question then",
                    r.old
                );
                unknown(part, r.pos, message, out, live);
            }
        }
        if !r.keeps_id() {
            live.remove(&r.old);
        }
    }
    for c in &release.removed {
        if live.remove(&c.id) {
            continue;
        }
        unknown(
            &c.id,
            c.pos,
            format!(
                "`{}` is removed in {v}, but it is not a question then",
                c.id
            ),
            out,
            &before,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::catalog::Catalog;
    use crate::input::source::Source;

    const QUESTION: &str = "    text: Is it in place?\n    why: It matters.\n    provisions: [eo14409.1]\n    severity: low\n    actions:\n      no: {do: Do it., owner: Compliance}\n      partial: {do: Finish it., owner: Compliance}\n      unknown: {do: Find out., owner: Compliance}\n      unanswered: {do: Answer it., owner: Compliance}\n";

    /// A custom questionnaire with questions `ids`, and `rest` (its
    /// history and anything else) after them.
    fn custom(version: &str, ids: &[&str], rest: &str) -> String {
        let mut text = format!("id: custom-area\ntitle: Custom\nversion: {version}\nquestions:\n");
        for id in ids {
            text.push_str(&format!("  - id: {id}\n{QUESTION}"));
        }
        text.push_str(rest);
        text
    }

    /// The set checks' problems with the history, as messages.
    fn problems(text: &str) -> Vec<String> {
        let extra = Source::new("custom.yaml", text);
        let (set, loaded) =
            crate::content::set::load(&QuestionnaireSet::builtin_sources(), &[extra]);
        assert!(loaded.is_empty(), "{loaded:#?}");
        let q = set.questionnaire("custom-area").unwrap();
        assert!(q.history.is_declared());
        crate::content::set::check(&set, &Catalog::builtin())
            .into_iter()
            .map(|d| {
                assert_eq!(d.file, "custom.yaml");
                format!("{}: {}", d.pos.map_or(0, |p| p.line), d.message)
            })
            .collect()
    }

    #[test]
    fn a_custom_history_that_adds_revises_and_splits_passes() {
        let text = custom(
            "3",
            &["cst.a", "cst.b", "cst.c"],
            "history:\n  - version: 1\n    added: [cst.a, cst.old]\n  - version: 2\n    added: [cst.b, cst.c]\n    revised: {cst.a: asks more}\n    replaced: {cst.old: [cst.b, cst.c]}\n",
        );
        assert_eq!(problems(&text), Vec::<String>::new());
        let (set, _) = crate::content::set::load(&[], &[Source::new("custom.yaml", text)]);
        let q = set.questionnaire("custom-area").unwrap();
        // The split's old id loads under its first part.
        assert_eq!(
            q.replaces,
            vec![("cst.old".to_string(), "cst.b".to_string())]
        );
        assert_eq!(q.history.added_in("cst.b"), Some(&v("2")));
        assert_eq!(q.history.last_revised("cst.a"), Some(&v("2")));
        assert!(q.history.last_revised("cst.b").is_none());
        let since_one = q.history.revisions_since("cst.a", &v("1"));
        assert_eq!(since_one.len(), 1);
        assert_eq!(since_one[0].what, "asks more");
        assert!(q.history.revisions_since("cst.a", &v("2")).is_empty());
        assert!(q.history.split_into("cst.c", &v("1")).is_some());
    }

    #[test]
    fn every_kind_of_history_problem_is_reported_with_its_place() {
        let text = custom(
            "2",
            &["cst.a", "cst.b", "cst.c"],
            "replaces:\n  cst.x: cst.a\nhistory:\n  - version: 2\n    added: [cst.a, cst.a]\n  - version: 1\n    added: [cst.b]\n    revised: {cst.nope: typo, cst.b: same version}\n    removed: {cst.ghost: never was}\n  - version: 3\n    replaced: {cst.a: [cst.a, cst.new]}\n",
        );
        let found = problems(&text);
        let expect = [
            "added twice in 2",
            "history version 1 comes after 2",
            "`cst.nope` is revised in 1, but it is not a question then",
            "`cst.b` is revised in 1, the version that adds it",
            "`cst.ghost` is removed in 1, but it is not a question then",
            "history version 3 is newer than the questionnaire's version 2",
            "`cst.a` is split in 3 and keeps its id, but 3 does not say how it changed",
            "`cst.a` is replaced in 3 by `cst.new`, which is not a question then",
            "question `cst.c` is not in the history of `custom-area`",
            "`replaces` maps `cst.x` to `cst.a`, but the history records no replacement of `cst.x`",
        ];
        for e in expect {
            assert!(
                found.iter().any(|f| f.contains(e)),
                "{e}\nnot in {found:#?}"
            );
        }
        assert_eq!(found.len(), expect.len(), "{found:#?}");
        // Each points into the file: the typo at its own line.
        assert!(
            found.iter().any(|f| f.starts_with("42: `cst.nope`")),
            "{found:#?}"
        );
    }

    #[test]
    fn a_history_left_with_a_question_the_file_no_longer_has_is_an_error() {
        let text = custom(
            "1",
            &["cst.a"],
            "history:\n  - version: 1\n    added: [cst.a, cst.gone]\n",
        );
        let found = problems(&text);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(found[0].contains("ends with `cst.gone`"), "{found:#?}");
    }

    #[test]
    fn bad_versions_and_keys_are_decoding_errors() {
        let text = custom(
            "1",
            &["cst.a"],
            "history:\n  - version: one\n    added: [cst.a]\n    changed: {cst.a: x}\n",
        );
        let (_, problems) = crate::content::set::load(&[], &[Source::new("custom.yaml", text)]);
        let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
        assert!(messages.contains(&"`one` is not a version"), "{messages:?}");
        assert!(
            messages
                .iter()
                .any(|m| m.starts_with("unknown key `changed`")),
            "{messages:?}"
        );
    }

    #[test]
    fn the_built_in_history_replays_the_shipped_versions() {
        // 2026.11.1 shipped 69 questions, 2026.12.1 and 2026.12.2 88
        // (the project's git history); every id ever shipped is in it.
        let set = QuestionnaireSet::builtin();
        let at = |version: &str| -> BTreeSet<String> {
            let version = v(version);
            let mut live = BTreeSet::new();
            for q in &set.questionnaires {
                for r in q.history.releases.iter().filter(|r| r.version <= version) {
                    live.extend(r.added.iter().map(|a| a.id.clone()));
                    for x in r.replaced.iter().filter(|x| !x.keeps_id()) {
                        live.remove(&x.old);
                    }
                    for c in &r.removed {
                        live.remove(&c.id);
                    }
                }
            }
            live
        };
        assert_eq!(at("2026.11.1").len(), 69);
        assert_eq!(at("2026.12.1").len(), 88);
        assert_eq!(at("2026.12.2").len(), 88);
        let now: BTreeSet<String> = set.question_ids().map(String::from).collect();
        assert_eq!(at("2026.12.3"), now);
        let shipped = include_str!("../../tests/fixtures/shipped-ids.txt");
        for id in shipped
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
        {
            assert!(
                set.questionnaires
                    .iter()
                    .any(|q| q.history.added_in(id).is_some()),
                "`{id}` was shipped but is in no history"
            );
        }
        // The split engagement decision names its parts.
        let cme = set.questionnaire("covered-model-engagement").unwrap();
        let (version, split) = cme
            .history
            .split_into("cme.access-decision", &Version::unstamped())
            .unwrap();
        assert_eq!(version.as_str(), "2026.12.1");
        assert_eq!(split.old, "cme.engagement-decision");
        assert!(split.keeps_id());
    }

    fn v(s: &str) -> Version {
        Version::parse(s).unwrap()
    }

    #[test]
    fn versions_compare_number_by_number() {
        assert!(v("2026.12.2") > v("2026.12.1"));
        assert!(v("2026.12.1") > v("2026.11.1"));
        assert!(v("1.10") > v("1.9"));
        assert!(v("2027.1.1") > v("2026.12.30"));
        assert_eq!(v("1.2").cmp(&v("1.2")), std::cmp::Ordering::Equal);
        for bad in ["", "1..2", "v1", "1.2-beta", "2026.12.x"] {
            assert!(Version::parse(bad).is_none(), "{bad}");
        }
    }
}
