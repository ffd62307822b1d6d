//! The content stamp: which content version an answers file is answered
//! against. One top-level key, written by `mera init` and `mera upgrade`:
//!
//! ```yaml
//! content: 2026.12.2                          # the built-in questionnaires
//! content: {mera: 2026.12.2, custom-area: 3}  # and each custom one
//! ```
//!
//! TOML writes the same (`content = "2026.12.2"`). A file without a stamp
//! is taken as answered against 2026.11.1; a custom questionnaire (read
//! from disk, with an id no built-in one has) that the stamp does not
//! name, against the first version of its history.

use std::collections::BTreeMap;

use crate::content::history::Version;
use crate::content::questionnaire::Questionnaire;
use crate::content::set::QuestionnaireSet;
use crate::input::diagnostic::{Code, suggestion};
use crate::input::doc::{Decoder, Node, Value};
use crate::input::source::{Pos, Syntax};

/// The key that names the built-in content in a stamp written as a mapping.
pub const BUILTIN_KEY: &str = "mera";

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Stamp {
    /// The built-in content's version; `None` when the file does not say.
    pub builtin: Option<Version>,
    /// Each custom questionnaire (read from disk, with an id of its own).
    pub custom: BTreeMap<String, Version>,
    /// Where `content` is written, if it is.
    pub pos: Option<Pos>,
}

impl Stamp {
    /// The stamp of a file answered against `set` as it is now.
    pub fn current(set: &QuestionnaireSet) -> Stamp {
        let custom = set
            .questionnaires
            .iter()
            .filter(|q| set.custom.contains(&q.id))
            .filter_map(|q| Some((q.id.clone(), Version::parse(&q.version)?)))
            .collect();
        Stamp {
            builtin: builtin_version(set),
            custom,
            pos: None,
        }
    }

    pub fn is_written(&self) -> bool {
        self.pos.is_some()
    }

    /// The version `q` was answered against, by this stamp. `None` for a
    /// custom questionnaire that has neither a history nor an entry in the
    /// stamp: nothing is known to have changed.
    pub fn version_for(&self, set: &QuestionnaireSet, q: &Questionnaire) -> Option<Version> {
        if set.custom.contains(&q.id) {
            self.custom
                .get(&q.id)
                .cloned()
                .or_else(|| q.history.first().cloned())
        } else {
            Some(self.builtin.clone().unwrap_or_else(Version::unstamped))
        }
    }

    /// Whether every line of `self` is at least as new as `other`'s, for
    /// the questionnaires that keep a history (nothing is known to change
    /// in one that does not).
    pub fn covers(&self, set: &QuestionnaireSet, other: &Stamp) -> bool {
        set.questionnaires
            .iter()
            .filter(|q| q.history.is_declared())
            .all(
                |q| match (other.version_for(set, q), self.version_for(set, q)) {
                    (Some(theirs), Some(mine)) => mine >= theirs,
                    (Some(_), None) => false,
                    (None, _) => true,
                },
            )
    }

    /// The stamp as a value, in the file's syntax: `2026.12.2`, or a
    /// mapping when questionnaires from disk are versioned too.
    pub fn value_text(&self, syntax: Syntax) -> String {
        let builtin = self.builtin.as_ref().map_or_else(
            || crate::content::history::UNSTAMPED.to_string(),
            |v| v.to_string(),
        );
        if self.custom.is_empty() {
            return match syntax {
                Syntax::Yaml => yaml_version(&builtin),
                Syntax::Toml => format!("\"{builtin}\""),
            };
        }
        let entries = std::iter::once((BUILTIN_KEY.to_string(), builtin))
            .chain(self.custom.iter().map(|(k, v)| (k.clone(), v.to_string())));
        match syntax {
            Syntax::Yaml => {
                let parts: Vec<String> = entries
                    .map(|(k, v)| format!("{k}: {}", yaml_version(&v)))
                    .collect();
                format!("{{{}}}", parts.join(", "))
            }
            Syntax::Toml => {
                let parts: Vec<String> = entries
                    .map(|(k, v)| format!("{} = \"{v}\"", toml_key(&k)))
                    .collect();
                format!("{{ {} }}", parts.join(", "))
            }
        }
    }

    /// "2026.12.2", or "2026.12.2, custom-area 3".
    pub fn describe(&self) -> String {
        let builtin = self.builtin.as_ref().map_or_else(
            || crate::content::history::UNSTAMPED.to_string(),
            |v| v.to_string(),
        );
        std::iter::once(builtin)
            .chain(self.custom.iter().map(|(k, v)| format!("{k} {v}")))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The built-in content's version: the newest of the versions of the
/// questionnaires that are not custom (built in, or replacing one that is).
pub fn builtin_version(set: &QuestionnaireSet) -> Option<Version> {
    set.questionnaires
        .iter()
        .filter(|q| !set.custom.contains(&q.id))
        .filter_map(|q| Version::parse(&q.version))
        .max()
}

fn yaml_version(v: &str) -> String {
    crate::workshop::yaml_text::version(v)
}

fn toml_key(k: &str) -> String {
    if k.chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        k.to_string()
    } else {
        format!("\"{k}\"")
    }
}

/// Decode `content`: a version, or a mapping of `mera` and questionnaire
/// ids to versions.
pub fn decode(dec: &mut Decoder, key_pos: Pos, node: &Node, set: &QuestionnaireSet) -> Stamp {
    let mut stamp = Stamp {
        pos: Some(key_pos),
        ..Stamp::default()
    };
    match &node.value {
        Value::Map(entries) => {
            for (k, v) in entries {
                let Some(version) =
                    crate::content::history::version(dec, v, &format!("`content.{}`", k.name))
                else {
                    continue;
                };
                if k.name == BUILTIN_KEY {
                    stamp.builtin = Some(version);
                } else if set.custom.contains(&k.name) {
                    stamp.custom.insert(k.name.clone(), version);
                } else {
                    let loaded: Vec<&str> = std::iter::once(BUILTIN_KEY)
                        .chain(set.custom.iter().map(String::as_str))
                        .collect();
                    let help = suggestion(&k.name, loaded.iter().copied()).unwrap_or_else(|| {
                        format!(
                            "the stamp names `{BUILTIN_KEY}` (the built-in content) and custom questionnaires; load `{}` with `--questionnaires` or `[questionnaires] paths`, or remove it",
                            k.name
                        )
                    });
                    dec.warn_help(
                        Code::UnknownKey,
                        k.pos,
                        format!("the content stamp names `{}`, which is not a custom questionnaire loaded now", k.name),
                        help,
                    );
                }
            }
        }
        _ => stamp.builtin = crate::content::history::version(dec, node, "`content`"),
    }
    stamp
}

/// `text` (an answers file in YAML or TOML) with the current content
/// stamp after its `mera` line: for tests whose files are not about the
/// stamp, so that they stay current when the content's version moves.
#[cfg(test)]
pub(crate) fn stamped(text: &str) -> String {
    let set = QuestionnaireSet::builtin();
    let current = Stamp::current(&set);
    if let Some(rest) = text.strip_prefix("mera = 1\n") {
        format!(
            "mera = 1\ncontent = {}\n{rest}",
            current.value_text(Syntax::Toml)
        )
    } else {
        let rest = text.strip_prefix("mera: 1\n").unwrap_or(text);
        format!(
            "mera: 1\ncontent: {}\n{rest}",
            current.value_text(Syntax::Yaml)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::source::Source;

    #[test]
    fn a_stamp_reads_back_as_written() {
        let set = QuestionnaireSet::builtin();
        let current = Stamp::current(&set);
        assert_eq!(
            current.builtin.as_ref().map(Version::as_str),
            Some("2026.12.2")
        );
        assert_eq!(current.value_text(Syntax::Yaml), "2026.12.2");
        assert_eq!(current.value_text(Syntax::Toml), "\"2026.12.2\"");
        let mut custom = current.clone();
        custom
            .custom
            .insert("custom-area".into(), Version::parse("1.2").unwrap());
        assert_eq!(
            custom.value_text(Syntax::Yaml),
            "{mera: 2026.12.2, custom-area: \"1.2\"}"
        );
        assert_eq!(
            custom.value_text(Syntax::Toml),
            "{ mera = \"2026.12.2\", custom-area = \"1.2\" }"
        );
        let text = format!("content: {}\n", custom.value_text(Syntax::Yaml));
        let root = crate::input::yaml::parse(&Source::new("s.yaml", text)).unwrap();
        let node = root.get("content").unwrap();
        assert_eq!(
            node.get("custom-area").unwrap().value,
            Value::Str("1.2".into())
        );
    }

    #[test]
    fn an_unstamped_file_is_taken_as_the_first_content_version() {
        let set = QuestionnaireSet::builtin();
        let q = set.questionnaire("governance").unwrap();
        let none = Stamp::default();
        assert_eq!(none.version_for(&set, q).unwrap().as_str(), "2026.11.1");
        assert!(!none.is_written());
        assert!(Stamp::current(&set).covers(&set, &none));
        assert!(!none.covers(&set, &Stamp::current(&set)));
    }
}
