//! A format-neutral document tree with a position on every node and key.
//! The YAML and TOML loaders build it; the answers, questionnaire and catalog
//! decoders read it with [`Decoder`], collecting every problem at once.

use chrono::NaiveDate;

use crate::input::diagnostic::{Code, Diagnostic, suggestion};
use crate::input::source::{Pos, Syntax};

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub value: Value,
    pub pos: Pos,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Key, Node)>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Key {
    pub name: String,
    pub pos: Pos,
}

impl Node {
    pub fn new(value: Value, pos: Pos) -> Self {
        Node { value, pos }
    }

    /// What a user would call this kind of value, for "expected X, found Y".
    pub fn kind(&self) -> &'static str {
        match self.value {
            Value::Null => "nothing",
            Value::Bool(_) => "a boolean",
            Value::Int(_) | Value::Float(_) => "a number",
            Value::Str(_) => "text",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }

    /// Value of a key in a mapping node.
    /// A document with nothing in it: empty, only comments, or (TOML) no
    /// key at all.
    pub fn is_empty_document(&self) -> bool {
        match &self.value {
            Value::Null => true,
            Value::Map(entries) => entries.is_empty(),
            _ => false,
        }
    }

    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Map(entries) => entries.iter().find(|(k, _)| k.name == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// Scalars as text (numbers and booleans in their usual spelling).
    pub fn scalar_text(&self) -> Option<String> {
        match &self.value {
            Value::Str(s) => Some(s.clone()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Int(i) => Some(i.to_string()),
            Value::Float(f) => Some(f.to_string()),
            _ => None,
        }
    }
}

/// Reads typed values out of a tree, recording a diagnostic for every
/// problem and carrying on, so one run reports everything.
pub struct Decoder<'f> {
    pub file: &'f str,
    pub problems: Vec<Diagnostic>,
    /// How the file is written, so that a fix is shown in its own syntax.
    pub syntax: Syntax,
}

impl<'f> Decoder<'f> {
    pub fn new(file: &'f str) -> Self {
        Decoder {
            file,
            problems: Vec::new(),
            syntax: Syntax::Yaml,
        }
    }

    /// `key: value` or `key = value`, as the file would write it.
    pub fn key_value(&self, key: &str, value: &str) -> String {
        match self.syntax {
            Syntax::Yaml => format!("`{key}: {value}`"),
            Syntax::Toml => format!("`{key} = {value}`"),
        }
    }

    /// A section as the file would open it: `name:` or `[name]`.
    pub fn section(&self, name: &str) -> String {
        match self.syntax {
            Syntax::Yaml => format!("`{name}:`"),
            Syntax::Toml => format!("`[{name}]`"),
        }
    }

    pub fn error_help(
        &mut self,
        code: Code,
        pos: Pos,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.problems
            .push(Diagnostic::error(code, self.file, Some(pos), message).with_help(help));
    }

    pub fn warn_help(
        &mut self,
        code: Code,
        pos: Pos,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.problems
            .push(Diagnostic::warning(code, self.file, Some(pos), message).with_help(help));
    }

    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(Diagnostic::is_error)
    }

    fn wrong_type(&mut self, node: &Node, what: &str, expected: &str) {
        let message = format!("{what} must be {expected}, found {}", node.kind());
        if matches!(node.value, Value::Null) {
            // An empty value sits at its key's colon: say what to write there.
            let help = format!("write {} after the colon", expected.replace('`', ""));
            self.error_help(Code::WrongType, node.pos, message, help);
        } else {
            let help = match expected {
                "`true` or `false`" => "write `true` or `false`, without quotes".to_string(),
                "a number" | "a whole number" => {
                    "write a plain number, without quotes or units (for example 3.0e25 or 120)"
                        .to_string()
                }
                "text" => "put the value in double quotes to make it text".to_string(),
                "a mapping" | "a list" => format!(
                    "write {expected} here, as the `mera init` template shows{}",
                    match self.syntax {
                        Syntax::Yaml => " (indented under its key)",
                        Syntax::Toml => "",
                    }
                ),
                _ => format!("write {} here", expected.replace('`', "")),
            };
            self.error_help(Code::WrongType, node.pos, message, help);
        }
    }

    /// Open a mapping for field-by-field reading.
    pub fn fields<'n>(&mut self, node: &'n Node, what: &str) -> Option<Fields<'n>> {
        match &node.value {
            Value::Map(entries) => Some(Fields::new(entries, node.pos, what)),
            // An empty section (`answers:` with everything commented out).
            Value::Null => Some(Fields::new(&[], node.pos, what)),
            _ => {
                self.wrong_type(node, what, "a mapping");
                None
            }
        }
    }

    pub fn entries<'n>(&mut self, node: &'n Node, what: &str) -> &'n [(Key, Node)] {
        match &node.value {
            Value::Map(entries) => entries,
            Value::Null => &[],
            _ => {
                self.wrong_type(node, what, "a mapping");
                &[]
            }
        }
    }

    pub fn list<'n>(&mut self, node: &'n Node, what: &str) -> &'n [Node] {
        match &node.value {
            Value::Seq(items) => items,
            Value::Null => &[],
            _ => {
                self.wrong_type(node, what, "a list");
                &[]
            }
        }
    }

    /// Decode each item of a list; an item that fails is reported and skipped.
    pub fn items<T>(
        &mut self,
        node: &Node,
        what: &str,
        decode: fn(&mut Decoder, &Node) -> Option<T>,
    ) -> Vec<T> {
        let items = self.list(node, what);
        items.iter().filter_map(|n| decode(self, n)).collect()
    }

    pub fn text(&mut self, node: &Node, what: &str) -> Option<String> {
        match &node.value {
            // Folded and literal scalars end in a newline: text is kept trimmed.
            Value::Str(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Value::Str(_) => {
                self.error_help(
                    Code::InvalidValue,
                    node.pos,
                    format!("{what} must not be empty"),
                    "write the value after the colon, or remove the line",
                );
                None
            }
            _ => {
                self.wrong_type(node, what, "text");
                None
            }
        }
    }

    /// A list of strings; a single string is accepted as a one-item list.
    pub fn texts(&mut self, node: &Node, what: &str) -> Vec<String> {
        if let Value::Str(_) = node.value {
            return self.text(node, what).into_iter().collect();
        }
        let items = self.list(node, what);
        items.iter().filter_map(|n| self.text(n, what)).collect()
    }

    pub fn bool(&mut self, node: &Node, what: &str) -> Option<bool> {
        match node.value {
            Value::Bool(b) => Some(b),
            _ => {
                self.wrong_type(node, what, "`true` or `false`");
                None
            }
        }
    }

    pub fn number(&mut self, node: &Node, what: &str) -> Option<f64> {
        match node.value {
            #[allow(clippy::cast_precision_loss)]
            Value::Int(i) => Some(i as f64),
            Value::Float(f) if f.is_finite() => Some(f),
            _ => {
                self.wrong_type(node, what, "a number");
                None
            }
        }
    }

    pub fn whole(&mut self, node: &Node, what: &str, max: i64) -> Option<u32> {
        match node.value {
            Value::Int(i) if (0..=max).contains(&i) => u32::try_from(i).ok(),
            Value::Int(_) => {
                self.error_help(
                    Code::InvalidValue,
                    node.pos,
                    format!("{what} must be a whole number from 0 to {max}"),
                    format!("write a whole number from 0 to {max}"),
                );
                None
            }
            _ => {
                self.wrong_type(node, what, "a whole number");
                None
            }
        }
    }

    pub fn date(&mut self, node: &Node, what: &str) -> Option<NaiveDate> {
        let Value::Str(s) = &node.value else {
            self.wrong_type(node, what, "a date like 2026-11-20");
            return None;
        };
        match parse_date(s) {
            Some(d) => Some(d),
            None => {
                let help = match guess_date(s) {
                    Some(d) => format!("did you mean {d}? Write dates as YYYY-MM-DD"),
                    None => "write dates as YYYY-MM-DD, for example 2026-11-20".to_string(),
                };
                self.error_help(
                    Code::InvalidDate,
                    node.pos,
                    format!("{what} `{s}` is not a valid date"),
                    help,
                );
                None
            }
        }
    }

    /// One of a fixed set of words.
    pub fn word<T: Copy>(&mut self, node: &Node, what: &str, words: &[(&str, T)]) -> Option<T> {
        let text = node.scalar_text();
        if let Some(t) = &text
            && let Some((_, v)) = words.iter().find(|(w, _)| w == t)
        {
            return Some(*v);
        }
        let names: Vec<&str> = words.iter().map(|(w, _)| *w).collect();
        let allowed = crate::input::diagnostic::one_of(&names);
        let found = text
            .as_ref()
            .map_or_else(|| node.kind().to_string(), |t| format!("`{t}`"));
        let help = text
            .and_then(|t| suggestion(&t, names.iter().copied()))
            .unwrap_or_else(|| format!("use {allowed}"));
        self.error_help(
            Code::InvalidValue,
            node.pos,
            format!("{what} must be {allowed}, found {found}"),
            help,
        );
        None
    }
}

/// The word a value is written as, from a `(word, value)` table.
pub fn word_of<T: PartialEq>(words: &[(&'static str, T)], value: &T) -> &'static str {
    words
        .iter()
        .find(|(_, v)| v == value)
        .map_or("", |(w, _)| w)
}

/// Parse `YYYY-MM-DD` strictly (no time, no other separators).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if s.len() != 10 {
        return None;
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// The date a mistyped one can only mean: the year first, then month and
/// day, with `/` or `.` or one-digit parts (`2027/04/01`, `2027-4-1`).
/// With the year last (`01/04/2027`) the order of day and month is a guess
/// between countries, so it gets none.
pub fn guess_date(s: &str) -> Option<NaiveDate> {
    let parts: Vec<&str> = s.trim().split(['/', '.', '-']).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let number = |t: &str| -> Option<u32> {
        (!t.is_empty() && t.len() <= 4 && t.chars().all(|c| c.is_ascii_digit()))
            .then(|| t.parse().ok())
            .flatten()
    };
    let (a, b, c) = (number(a)?, number(b)?, number(c)?);
    let year = |y: u32| {
        (1000..=9999)
            .contains(&y)
            .then(|| i32::try_from(y).ok())
            .flatten()
    };
    let ymd = |y, m, d| NaiveDate::from_ymd_opt(year(y)?, m, d);
    (parts[0].len() == 4).then(|| ymd(a, b, c)).flatten()
}

/// The keys of one mapping, read one at a time; whatever is left over at
/// [`Fields::finish`] is reported as unknown, with the closest known key.
/// Messages name a field as `` `key` `` and the mapping by the label given
/// to [`Decoder::fields`].
pub struct Fields<'n> {
    entries: &'n [(Key, Node)],
    used: Vec<bool>,
    within: String,
    pub pos: Pos,
}

impl<'n> Fields<'n> {
    fn new(entries: &'n [(Key, Node)], pos: Pos, within: &str) -> Self {
        Fields {
            entries,
            used: vec![false; entries.len()],
            within: within.to_string(),
            pos,
        }
    }

    pub fn take(&mut self, name: &str) -> Option<&'n Node> {
        let i = self.entries.iter().position(|(k, _)| k.name == name)?;
        self.used[i] = true;
        Some(&self.entries[i].1)
    }

    /// The keys not taken so far, in the order written.
    pub fn unused_keys(&self) -> Vec<Key> {
        self.entries
            .iter()
            .zip(&self.used)
            .filter(|(_, used)| !**used)
            .map(|((k, _), _)| k.clone())
            .collect()
    }

    /// Where a key is written, if present.
    pub fn key_pos(&self, name: &str) -> Option<Pos> {
        self.entries
            .iter()
            .find(|(k, _)| k.name == name)
            .map(|(k, _)| k.pos)
    }

    /// An optional text field.
    pub fn text(&mut self, dec: &mut Decoder, name: &str) -> Option<String> {
        self.take(name)
            .and_then(|n| dec.text(n, &format!("`{name}`")))
    }

    /// A text field that must be present.
    pub fn req_text(&mut self, dec: &mut Decoder, name: &str) -> Option<String> {
        self.require(dec, name)
            .and_then(|n| dec.text(n, &format!("`{name}`")))
    }

    /// An optional list of texts (a single text counts as a list of one).
    pub fn texts(&mut self, dec: &mut Decoder, name: &str) -> Vec<String> {
        self.take(name)
            .map(|n| dec.texts(n, &format!("`{name}`")))
            .unwrap_or_default()
    }

    /// An optional list field, each item decoded by `decode`.
    pub fn items<T>(
        &mut self,
        dec: &mut Decoder,
        name: &str,
        decode: fn(&mut Decoder, &Node) -> Option<T>,
    ) -> Vec<T> {
        self.take(name)
            .map(|n| dec.items(n, &format!("`{name}`"), decode))
            .unwrap_or_default()
    }

    pub fn date(&mut self, dec: &mut Decoder, name: &str) -> Option<NaiveDate> {
        self.take(name)
            .and_then(|n| dec.date(n, &format!("`{name}`")))
    }

    pub fn bool(&mut self, dec: &mut Decoder, name: &str) -> Option<bool> {
        self.take(name)
            .and_then(|n| dec.bool(n, &format!("`{name}`")))
    }

    pub fn has(&self, name: &str) -> bool {
        self.entries.iter().any(|(k, _)| k.name == name)
    }

    /// Take a key that must be present.
    pub fn require(&mut self, dec: &mut Decoder, name: &str) -> Option<&'n Node> {
        let help = format!("add {} to {}", dec.key_value(name, "…"), self.within);
        self.require_help(dec, name, &help)
    }

    /// A field that must be present, with the fix to give when it is not.
    pub fn require_help(&mut self, dec: &mut Decoder, name: &str, help: &str) -> Option<&'n Node> {
        let node = self.take(name);
        if node.is_none() {
            let message = format!("{} is missing `{name}`", self.within);
            dec.error_help(Code::MissingKey, self.pos, message, help);
        }
        node
    }

    /// Report every key not taken, suggesting the closest of `known`.
    pub fn finish(self, dec: &mut Decoder, known: &[&str]) {
        for ((key, _), used) in self.entries.iter().zip(&self.used) {
            if *used {
                continue;
            }
            let message = format!("unknown key `{}` in {}", key.name, self.within);
            let help = suggestion(&key.name, known.iter().copied()).unwrap_or_else(|| {
                format!(
                    "the keys allowed here are {}",
                    crate::input::diagnostic::one_of(known)
                )
            });
            dec.error_help(Code::UnknownKey, key.pos, message, help);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(entries: Vec<(&str, Value)>) -> Node {
        let entries = entries
            .into_iter()
            .enumerate()
            .map(|(i, (k, v))| {
                let pos = Pos::new(u32::try_from(i).unwrap() + 1, 1);
                (
                    Key {
                        name: k.to_string(),
                        pos,
                    },
                    Node::new(v, pos),
                )
            })
            .collect();
        Node::new(Value::Map(entries), Pos::new(1, 1))
    }

    #[test]
    fn leftover_keys_are_unknown_with_a_suggestion() {
        let node = map(vec![
            ("name", Value::Str("x".into())),
            ("owenr", Value::Null),
        ]);
        let mut dec = Decoder::new("f.yaml");
        let mut f = dec.fields(&node, "`organization`").unwrap();
        assert!(f.take("name").is_some());
        f.finish(&mut dec, &["name", "owner"]);
        assert_eq!(dec.problems.len(), 1);
        let p = &dec.problems[0];
        assert_eq!(p.code, Code::UnknownKey);
        assert_eq!(p.pos, Some(Pos::new(2, 1)));
        assert_eq!(p.help.as_deref(), Some("did you mean `owner`?"));
    }

    #[test]
    fn dates_are_strict() {
        assert!(parse_date("2026-11-20").is_some());
        assert!(parse_date("2026-02-30").is_none());
        assert!(parse_date("2026-1-2").is_none());
        assert!(parse_date("20 Nov 2026").is_none());
        let guess = |s| guess_date(s).map(|d| d.to_string());
        assert_eq!(guess("2027/04/01").as_deref(), Some("2027-04-01"));
        assert_eq!(guess("2027-4-1").as_deref(), Some("2027-04-01"));
        assert_eq!(guess("2027.4.01").as_deref(), Some("2027-04-01"));
        assert_eq!(guess("20/11/2026"), None);
        assert_eq!(guess("01/04/2027"), None);
        assert_eq!(guess("2027/02/30"), None);
        assert_eq!(guess("next year"), None);
        assert_eq!(guess("27/4/1"), None);
    }

    #[test]
    fn missing_keys_and_wrong_types_are_reported_not_panicked() {
        let node = map(vec![("as_of", Value::Int(3))]);
        let mut dec = Decoder::new("f.yaml");
        let mut f = dec.fields(&node, "x").unwrap();
        let as_of = f.take("as_of").unwrap();
        assert_eq!(dec.date(as_of, "`as_of`"), None);
        assert_eq!(f.require(&mut dec, "name"), None);
        let codes: Vec<Code> = dec.problems.iter().map(|p| p.code).collect();
        assert_eq!(codes, vec![Code::WrongType, Code::MissingKey]);
    }
}
