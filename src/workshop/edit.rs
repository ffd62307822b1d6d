//! Edits to a YAML answers file in place, at the positions the parser
//! reports: one key under `organization`, `profile` or `answers` is set, and
//! every other byte of the file stays as it was (comments, order, blank
//! lines, quoting). Nothing is re-serialized.
//!
//! Where a new key goes: in place of a commented placeholder for it (the
//! lines `mera init` writes, such as `# agt.inventory: yes | partial | no`),
//! else after the nearest key before it in `order`, else at the top of the
//! section. A missing section is added at the end of the file.

use crate::input::diagnostic::{Code, Diagnostic};
use crate::input::doc::{Key, Node, Value as Parsed};
use crate::input::source::{Pos, Source};
use crate::workshop::yaml_text::{self, Value};

/// Where to put a key.
#[derive(Clone, Copy, Debug)]
pub struct Target<'a> {
    /// The top-level section: `organization`, `profile` or `answers`.
    pub section: &'a str,
    pub key: &'a str,
    /// Other names the same key may be written under (a renamed question's
    /// old id); an entry under one of them is replaced and renamed.
    pub aliases: &'a [String],
    /// Keys in their natural order, to place a new key after its predecessor.
    pub order: &'a [String],
}

/// The file's lines, each without its line ending.
pub(crate) struct Lines {
    pub(crate) lines: Vec<String>,
    pub(crate) newline: &'static str,
    pub(crate) trailing_newline: bool,
}

impl Lines {
    pub(crate) fn new(text: &str) -> Lines {
        let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
        let lines = text
            .lines()
            .map(|l| l.trim_end_matches('\r').to_string())
            .collect();
        Lines {
            lines,
            newline,
            trailing_newline: text.is_empty() || text.ends_with('\n'),
        }
    }

    pub(crate) fn text(&self) -> String {
        let mut out = self.lines.join(self.newline);
        if self.trailing_newline && !out.is_empty() {
            out.push_str(self.newline);
        }
        out
    }

    /// 0-based index of a 1-based line.
    pub(crate) fn get(&self, line: u32) -> &str {
        self.lines.get(line as usize - 1).map_or("", String::as_str)
    }
}

/// Set `target` to `value` and return the new text of the file.
pub fn set(source: &Source, target: Target, value: &Value) -> Result<String, Diagnostic> {
    let root = crate::input::yaml::parse(source).map_err(first)?;
    let mut lines = Lines::new(&source.text);
    let root_entries = match &root.value {
        Parsed::Map(entries) if !is_flow(&lines, root.pos) => entries.as_slice(),
        Parsed::Null => &[],
        _ => return Err(flow_error(source, root.pos, "the file")),
    };
    let Some(i) = root_entries
        .iter()
        .position(|(k, _)| k.name == target.section)
    else {
        append_section(&mut lines, target, value);
        return Ok(lines.text());
    };
    let (section_key, section) = &root_entries[i];
    // The section runs to the line before the next top-level key.
    let section_end = root_entries.get(i + 1).map_or(
        u32::try_from(lines.lines.len()).unwrap_or(u32::MAX),
        |(k, _)| k.pos.line - 1,
    );
    let entries: &[(Key, Node)] = match &section.value {
        Parsed::Map(entries) if section.pos.line != section_key.pos.line => entries,
        Parsed::Map(entries) if entries.is_empty() => {
            clear_value(&mut lines, section_key);
            &[]
        }
        Parsed::Null => {
            clear_value(&mut lines, section_key);
            &[]
        }
        _ => {
            return Err(flow_error(
                source,
                section.pos,
                &format!("`{}`", target.section),
            ));
        }
    };
    let span = Span {
        first: section_key.pos.line + 1,
        last: section_end,
    };
    let found = entries
        .iter()
        .position(|(k, _)| k.name == target.key || target.aliases.contains(&k.name));
    match found {
        Some(j) => replace_entry(&mut lines, entries, j, span, target.key, value),
        None => insert_entry(&mut lines, entries, span, target, value),
    }
    Ok(lines.text())
}

fn first(mut problems: Vec<Diagnostic>) -> Diagnostic {
    problems.remove(0)
}

fn flow_error(source: &Source, pos: Pos, what: &str) -> Diagnostic {
    Diagnostic::error(
        Code::InvalidValue,
        &source.name,
        Some(pos),
        format!("{what} is written in flow style (`{{...}}`), which the interview cannot edit in place"),
    )
    .with_help("write it in block style, one key per line (as `mera init` does), then run the interview again")
}

/// Lines `first..=last` (1-based) belong to a section.
#[derive(Clone, Copy)]
struct Span {
    first: u32,
    last: u32,
}

pub(crate) fn is_flow(lines: &Lines, pos: Pos) -> bool {
    lines
        .get(pos.line)
        .chars()
        .nth(pos.col as usize - 1)
        .is_some_and(|c| c == '{')
}

pub(crate) fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

pub(crate) fn is_comment(line: &str) -> bool {
    line.trim_start().starts_with('#')
}

/// The last line of the entry whose key is on `start`: up to the line
/// before `next` (the next sibling's key, or the end of the section), less
/// trailing blank lines and comments no deeper than the key (those belong
/// to what follows).
pub(crate) fn entry_end(lines: &Lines, start: u32, next: u32, key_indent: usize) -> u32 {
    let mut end = next;
    while end > start {
        let l = lines.get(end);
        if l.trim().is_empty() || (is_comment(l) && indent_of(l) <= key_indent) {
            end -= 1;
        } else {
            break;
        }
    }
    end
}

fn replace_entry(
    lines: &mut Lines,
    entries: &[(Key, Node)],
    j: usize,
    span: Span,
    key: &str,
    value: &Value,
) {
    let (k, node) = &entries[j];
    let start = k.pos.line;
    let next = entries
        .get(j + 1)
        .map_or(span.last, |(n, _)| n.pos.line - 1);
    let indent = (k.pos.col - 1) as usize;
    let end = entry_end(lines, start, next, indent);
    let single_line = end == start
        && matches!(
            node.value,
            Parsed::Null | Parsed::Str(_) | Parsed::Bool(_) | Parsed::Int(_) | Parsed::Float(_)
        );
    if let (true, Value::Scalar(s), true) = (single_line, value, k.name == key) {
        let line = lines.get(start).to_string();
        lines.lines[start as usize - 1] = with_value(&line, k.pos.col, s);
        return;
    }
    // Keep comments written inside the old entry, above the new one, and a
    // comment after the key.
    let old = lines.lines[start as usize - 1..end as usize].to_vec();
    let mut new: Vec<String> = old[1..]
        .iter()
        .filter(|l| is_comment(l))
        .map(|l| format!("{}{}", " ".repeat(indent), l.trim_start()))
        .collect();
    let mut entry = yaml_text::lines(key, value, indent);
    if let Some(comment) = key_comment(&old[0], k.pos.col) {
        entry[0] = format!("{}  {comment}", entry[0]);
    }
    new.extend(entry);
    lines.lines.splice(start as usize - 1..end as usize, new);
}

fn insert_entry(
    lines: &mut Lines,
    entries: &[(Key, Node)],
    span: Span,
    target: Target,
    value: &Value,
) {
    let indent = entries.first().map(|(k, _)| (k.pos.col - 1) as usize);
    // 1. A commented placeholder for this key.
    for n in span.first..=span.last {
        let line = lines.get(n).to_string();
        if let Some((pad, rest)) = placeholder(&line, target.key) {
            let mut entry = yaml_text::lines(target.key, value, indent.unwrap_or(pad));
            let rest = rest.trim();
            if !rest.is_empty() {
                let comment = if rest.starts_with('#') {
                    rest.to_string()
                } else {
                    format!("# {rest}")
                };
                entry[0] = format!("{}  {comment}", entry[0]);
            }
            lines.lines.splice(n as usize - 1..n as usize, entry);
            return;
        }
    }
    let indent = indent.unwrap_or(2);
    let entry = yaml_text::lines(target.key, value, indent);
    // 2. After the nearest key before it in the natural order.
    let position = |name: &str| target.order.iter().position(|o| o == name);
    let mine = position(target.key);
    let before = entries
        .iter()
        .enumerate()
        .filter(|(_, (k, _))| match (position(&k.name), mine) {
            (Some(p), Some(m)) => p < m,
            _ => false,
        })
        .max_by_key(|(_, (k, _))| position(&k.name));
    let at = match before {
        Some((j, (k, _))) => {
            let next = entries
                .get(j + 1)
                .map_or(span.last, |(n, _)| n.pos.line - 1);
            entry_end(lines, k.pos.line, next, (k.pos.col - 1) as usize)
        }
        // 3. At the top of the section.
        None => span.first - 1,
    };
    let at = at as usize;
    lines.lines.splice(at..at, entry);
}

/// `(indent, rest)` when `line` is a comment `# KEY: rest`.
pub(crate) fn placeholder<'l>(line: &'l str, key: &str) -> Option<(usize, &'l str)> {
    let pad = indent_of(line);
    let body = line.trim_start().strip_prefix('#')?.trim_start();
    let rest = body.strip_prefix(key)?.strip_prefix(':')?;
    (rest.is_empty() || rest.starts_with([' ', '\t'])).then_some((pad, rest))
}

fn append_section(lines: &mut Lines, target: Target, value: &Value) {
    if lines.lines.last().is_some_and(|l| !l.trim().is_empty()) {
        lines.lines.push(String::new());
    }
    lines.lines.push(format!("{}:", target.section));
    lines.lines.extend(yaml_text::lines(target.key, value, 2));
    lines.trailing_newline = true;
}

/// Char index just after the `:` that ends the key starting at `col`.
pub(crate) fn colon_after_key(line: &str, col: u32) -> usize {
    let chars: Vec<char> = line.chars().collect();
    let mut i = (col - 1) as usize;
    if let Some(&q) = chars.get(i).filter(|c| **c == '"' || **c == '\'') {
        i += 1;
        while i < chars.len() && chars[i] != q {
            i += if chars[i] == '\\' && q == '"' { 2 } else { 1 };
        }
        i += 1;
    }
    while i < chars.len() {
        if chars[i] == ':' && chars.get(i + 1).is_none_or(|c| c.is_whitespace()) {
            return i + 1;
        }
        i += 1;
    }
    chars.len()
}

/// Char index where the scalar starting at `start` ends.
pub(crate) fn scalar_end(chars: &[char], start: usize) -> usize {
    match chars.get(start) {
        Some('"') => {
            let mut i = start + 1;
            while i < chars.len() && chars[i] != '"' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            (i + 1).min(chars.len())
        }
        Some('\'') => {
            let mut i = start + 1;
            while i < chars.len() {
                if chars[i] == '\'' {
                    if chars.get(i + 1) == Some(&'\'') {
                        i += 2;
                        continue;
                    }
                    break;
                }
                i += 1;
            }
            (i + 1).min(chars.len())
        }
        _ => {
            let mut end = chars.len();
            for i in start..chars.len() {
                if chars[i] == '#' && i > 0 && chars[i - 1].is_whitespace() {
                    end = i;
                    break;
                }
            }
            while end > start && chars[end - 1].is_whitespace() {
                end -= 1;
            }
            end
        }
    }
}

/// `line` (a one-line `key: value`) with its value replaced by `value`,
/// keeping any comment after it.
fn with_value(line: &str, col: u32, value: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let colon = colon_after_key(line, col);
    let mut start = colon;
    while start < chars.len() && chars[start].is_whitespace() {
        start += 1;
    }
    let head: String = chars[..colon].iter().collect();
    if start == chars.len() || chars[start] == '#' {
        let rest: String = chars[colon..].iter().collect();
        let space = if value.is_empty() { "" } else { " " };
        return format!("{head}{space}{value}{rest}").trim_end().to_string();
    }
    let end = scalar_end(&chars, start);
    let between: String = if value.is_empty() {
        String::new()
    } else {
        chars[colon..start].iter().collect()
    };
    let rest: String = chars[end..].iter().collect();
    format!("{head}{between}{value}{rest}")
        .trim_end()
        .to_string()
}

/// The comment at the end of a `key: value` (or `key:`) line.
pub(crate) fn key_comment(line: &str, col: u32) -> Option<String> {
    let chars: Vec<char> = line.chars().collect();
    let mut i = colon_after_key(line, col);
    while i < chars.len() && chars[i].is_whitespace() {
        i += 1;
    }
    if chars.get(i) != Some(&'#') {
        i = scalar_end(&chars, i);
    }
    let rest: String = chars[i.min(chars.len())..].iter().collect();
    let rest = rest.trim();
    rest.starts_with('#').then(|| rest.to_string())
}

/// Remove a value written on a section's key line (`answers: {}` or
/// `profile: ~`), so entries can follow it as a block.
fn clear_value(lines: &mut Lines, key: &Key) {
    let line = lines.get(key.pos.line).to_string();
    let colon = colon_after_key(&line, key.pos.col);
    let head: String = line.chars().take(colon).collect();
    let rest: String = line.chars().skip(colon).collect();
    let comment = rest
        .find(" #")
        .map(|i| rest[i..].trim().to_string())
        .or_else(|| {
            rest.trim()
                .starts_with('#')
                .then(|| rest.trim().to_string())
        });
    lines.lines[key.pos.line as usize - 1] = match comment {
        Some(c) => format!("{head}  {c}"),
        None => head,
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workshop::yaml_text::scalar;

    fn order() -> Vec<String> {
        ["a.one", "a.two", "a.three", "a.four"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    fn set_in(text: &str, section: &str, key: &str, value: Value) -> String {
        let order = order();
        let target = Target {
            section,
            key,
            aliases: &[],
            order: &order,
        };
        let out = set(&Source::new("f.yaml", text), target, &value).unwrap();
        crate::input::yaml::parse(&Source::new("f.yaml", out.clone()))
            .unwrap_or_else(|e| panic!("{out}\n{e:?}"));
        out
    }

    fn word(w: &str) -> Value {
        Value::Scalar(scalar(w))
    }

    #[test]
    fn replaces_a_one_line_value_and_keeps_its_comment() {
        let text = "mera: 1\nanswers:\n  a.one: no   # was no\n  a.two: yes\n";
        assert_eq!(
            set_in(text, "answers", "a.one", word("partial")),
            "mera: 1\nanswers:\n  a.one: partial   # was no\n  a.two: yes\n"
        );
        let quoted = "profile:\n  name: \"A # B\"  # keep\n";
        assert_eq!(
            set_in(quoted, "profile", "name", word("C")),
            "profile:\n  name: C  # keep\n"
        );
    }

    #[test]
    fn fills_an_empty_value_before_its_comment() {
        let text = "profile:\n  frontier:    # required: true or false\n  agents: true\n";
        assert_eq!(
            set_in(text, "profile", "frontier", Value::Scalar("true".into())),
            "profile:\n  frontier: true    # required: true or false\n  agents: true\n"
        );
    }

    #[test]
    fn a_placeholder_comment_becomes_the_entry() {
        let text = "answers:\n\n  # Question one?\n  # a.one: yes | partial | no | unknown\n\n  # Question two?\n  # a.two: yes | no\n";
        let out = set_in(
            text,
            "answers",
            "a.two",
            Value::Map(vec![
                ("answer".into(), word("yes")),
                ("reviewed".into(), word("2026-11-20")),
            ]),
        );
        assert_eq!(
            out,
            "answers:\n\n  # Question one?\n  # a.one: yes | partial | no | unknown\n\n  # Question two?\n  a.two:  # yes | no\n    answer: yes\n    reviewed: 2026-11-20\n"
        );
    }

    #[test]
    fn a_new_key_goes_after_its_predecessor_in_order() {
        let text = "answers:\n  a.one:\n    answer: yes\n    # inner\n\n  # about a.four\n  a.four: no\nwaivers: []\n";
        let out = set_in(text, "answers", "a.two", word("no"));
        assert_eq!(
            out,
            "answers:\n  a.one:\n    answer: yes\n    # inner\n  a.two: no\n\n  # about a.four\n  a.four: no\nwaivers: []\n"
        );
        // Nothing before it: the top of the section.
        let out = set_in("answers:\n  a.two: no\n", "answers", "a.one", word("yes"));
        assert_eq!(out, "answers:\n  a.one: yes\n  a.two: no\n");
    }

    #[test]
    fn a_long_entry_is_replaced_whole_keeping_inner_comments() {
        let text = "answers:\n  a.one:   # from the CISO\n    answer: no\n    # ask again in March\n    note: old\n  a.two: yes\n";
        let out = set_in(text, "answers", "a.one", word("yes"));
        assert_eq!(
            out,
            "answers:\n  # ask again in March\n  a.one: yes  # from the CISO\n  a.two: yes\n"
        );
        // Short form to long form keeps the comment after the value.
        let out = set_in(
            "answers:\n  a.one: yes  # hint\n",
            "answers",
            "a.one",
            Value::Map(vec![
                ("answer".into(), word("yes")),
                ("note".into(), word("n")),
            ]),
        );
        assert_eq!(
            out,
            "answers:\n  a.one:  # hint\n    answer: yes\n    note: n\n"
        );
    }

    #[test]
    fn a_missing_or_empty_section_is_opened() {
        assert_eq!(
            set_in("mera: 1\n", "answers", "a.one", word("yes")),
            "mera: 1\n\nanswers:\n  a.one: yes\n"
        );
        assert_eq!(
            set_in(
                "answers: {}  # none yet\nwaivers: []\n",
                "answers",
                "a.one",
                word("yes")
            ),
            "answers:  # none yet\n  a.one: yes\nwaivers: []\n"
        );
        assert_eq!(
            set_in("answers:\nwaivers: []\n", "answers", "a.one", word("yes")),
            "answers:\n  a.one: yes\nwaivers: []\n"
        );
    }

    #[test]
    fn crlf_files_stay_crlf() {
        let out = set_in(
            "answers:\r\n  a.one: no\r\n",
            "answers",
            "a.two",
            word("yes"),
        );
        assert_eq!(out, "answers:\r\n  a.one: no\r\n  a.two: yes\r\n");
    }

    #[test]
    fn an_old_id_is_replaced_under_the_new_one() {
        let order = order();
        let aliases = vec!["a.old".to_string()];
        let target = Target {
            section: "answers",
            key: "a.one",
            aliases: &aliases,
            order: &order,
        };
        let out = set(
            &Source::new("f.yaml", "answers:\n  a.old: no\n"),
            target,
            &word("yes"),
        )
        .unwrap();
        assert_eq!(out, "answers:\n  a.one: yes\n");
    }

    #[test]
    fn flow_style_sections_are_refused_with_a_place() {
        let order = order();
        let target = Target {
            section: "answers",
            key: "a.one",
            aliases: &[],
            order: &order,
        };
        let err = set(
            &Source::new("f.yaml", "mera: 1\nanswers: {a.two: yes}\n"),
            target,
            &word("yes"),
        )
        .unwrap_err();
        assert_eq!(err.pos, Some(Pos::new(2, 10)));
        assert!(err.message.contains("flow style"));
    }
}
