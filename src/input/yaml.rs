//! YAML text to a [`Node`] tree. This is the only module that knows which
//! YAML crate mera uses (yaml-rust2's event parser), so it can be swapped.
//!
//! Why not serde_yaml: it keeps the last of two duplicate map keys silently,
//! and it has no positions for valid values, which mera needs to point at an
//! unknown question id. Here every node and key keeps its line and column,
//! duplicate keys are errors at the duplicate, and plain scalars resolve by
//! the YAML 1.2 core schema (`yes` stays text; `true` is a boolean).
//!
//! Hostile input is bounded: nesting deeper than [`MAX_DEPTH`] and documents
//! that would expand (through aliases) past [`MAX_NODES`] nodes are refused.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, Parser, Tag};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use crate::input::Parsed;
use crate::input::diagnostic::{Code, Diagnostic};
use crate::input::doc::{Key, Node, Value};
use crate::input::source::{Pos, Source};

pub const MAX_DEPTH: usize = 64;
pub const MAX_NODES: usize = 200_000;

/// Mappings with fewer keys than this find duplicates by a plain search.
const SMALL_MAP: usize = 16;

enum Frame {
    Seq {
        items: Vec<Node>,
        pos: Pos,
        anchor: usize,
    },
    Map {
        entries: Vec<(Key, Node)>,
        /// Index of each key in `entries` once the mapping is large, so a
        /// duplicate is found in constant time (a linear search made 100,000
        /// keys take 18 s); small mappings are searched, which is faster.
        index: HashMap<String, usize>,
        key: Option<Key>,
        pos: Pos,
        anchor: usize,
    },
}

struct Builder<'s> {
    file: &'s str,
    stack: Vec<Frame>,
    anchors: HashMap<usize, (Node, usize)>,
    nodes: usize,
    root: Option<Node>,
    problems: Vec<Diagnostic>,
}

/// Parse one YAML document. An empty file is `Null`. Any problem, even one
/// that left a usable tree (a duplicate key), is an `Err`.
pub fn parse(source: &Source) -> Result<Node, Vec<Diagnostic>> {
    let parsed = parse_recovering(source)?;
    if parsed.problems.is_empty() {
        Ok(parsed.root)
    } else {
        Err(parsed.problems)
    }
}

/// Parse one YAML document, keeping the tree when the only problems are
/// duplicate keys (the first of two is kept), so the caller can go on and
/// report every other problem in the same run.
pub fn parse_recovering(source: &Source) -> Result<Parsed, Vec<Diagnostic>> {
    let mut parser = Parser::new_from_str(&source.text);
    let mut b = Builder {
        file: &source.name,
        stack: Vec::new(),
        anchors: HashMap::new(),
        nodes: 0,
        root: None,
        problems: Vec::new(),
    };
    let mut documents = 0;
    loop {
        let (event, mark) = match parser.next_token() {
            Ok(next) => next,
            Err(e) => {
                return Err(vec![syntax_error(source, &b, pos_of(e.marker()), e.info())]);
            }
        };
        let pos = pos_of(&mark);
        match event {
            Event::StreamEnd => break,
            Event::DocumentStart => {
                documents += 1;
                if documents > 1 {
                    return Err(vec![
                        Diagnostic::error(
                            Code::YamlSyntax,
                            &source.name,
                            Some(pos),
                            "more than one YAML document in one file",
                        )
                        .with_help(
                            "remove the second `---` and everything after it, or split the file",
                        ),
                    ]);
                }
            }
            Event::Scalar(text, style, anchor, tag) => {
                let empty = text.is_empty() && style == TScalarStyle::Plain;
                let value = resolve_scalar(text, style, tag.as_ref());
                // The parser marks an empty value at the next token, often
                // on a later line; place it at its key's colon instead.
                let pos = match b.pending_key() {
                    Some(key) if empty => colon_after(source, key).unwrap_or(pos),
                    _ => pos,
                };
                b.complete(Node::new(value, pos), anchor, 1)?;
            }
            Event::SequenceStart(anchor, _) => b.open(
                Frame::Seq {
                    items: Vec::new(),
                    pos,
                    anchor,
                },
                pos,
            )?,
            Event::MappingStart(anchor, _) => {
                b.open(
                    Frame::Map {
                        entries: Vec::new(),
                        index: HashMap::new(),
                        key: None,
                        pos,
                        anchor,
                    },
                    pos,
                )?;
            }
            Event::SequenceEnd | Event::MappingEnd => b.close()?,
            Event::Alias(id) => {
                let Some((node, count)) = b.anchors.get(&id).cloned() else {
                    return Err(b.fail(
                        Code::YamlSyntax,
                        pos,
                        "alias to an unknown anchor",
                        "define the anchor (`&name`) before an alias (`*name`) uses it, or write the value out",
                    ));
                };
                let node = Node::new(node.value, pos);
                b.complete(node, 0, count)?;
            }
            Event::StreamStart | Event::DocumentEnd | Event::Nothing => {}
        }
    }
    Ok(Parsed {
        root: b.root.unwrap_or(Node::new(Value::Null, Pos::new(1, 1))),
        problems: b.problems,
    })
}

impl Builder<'_> {
    /// The key waiting for its value, when a mapping is open.
    fn pending_key(&self) -> Option<&Key> {
        match self.stack.last() {
            Some(Frame::Map { key, .. }) => key.as_ref(),
            _ => None,
        }
    }

    fn fail(&self, code: Code, pos: Pos, message: &str, help: &str) -> Vec<Diagnostic> {
        let mut all = self.problems.clone();
        all.push(Diagnostic::error(code, self.file, Some(pos), message).with_help(help));
        all
    }

    fn open(&mut self, frame: Frame, pos: Pos) -> Result<(), Vec<Diagnostic>> {
        if self.stack.len() >= MAX_DEPTH {
            let message = format!("nesting deeper than {MAX_DEPTH} levels");
            return Err(self.fail(
                Code::TooDeep,
                pos,
                &message,
                "an answers file needs only a few levels: remove the extra nesting",
            ));
        }
        self.stack.push(frame);
        Ok(())
    }

    fn close(&mut self) -> Result<(), Vec<Diagnostic>> {
        let (node, anchor) = match self.stack.pop() {
            Some(Frame::Seq { items, pos, anchor }) => (Node::new(Value::Seq(items), pos), anchor),
            Some(Frame::Map {
                entries,
                pos,
                anchor,
                ..
            }) => {
                // A block mapping starts at its first key; the parser's mark
                // for it can fall on the first value instead.
                let pos = entries.first().map_or(pos, |(k, _)| k.pos.min(pos));
                (Node::new(Value::Map(entries), pos), anchor)
            }
            None => return Ok(()),
        };
        self.complete(node, anchor, 1)
    }

    /// A finished node: count it, remember its anchor, attach it to its parent.
    fn complete(&mut self, node: Node, anchor: usize, count: usize) -> Result<(), Vec<Diagnostic>> {
        self.nodes = self.nodes.saturating_add(count);
        if self.nodes > MAX_NODES {
            let message =
                format!("the document expands to more than {MAX_NODES} values (aliases included)");
            return Err(self.fail(
                Code::TooManyNodes,
                node.pos,
                &message,
                "an answers file needs far fewer values: look for an alias (`*name`) repeated inside its own anchor, or split the file",
            ));
        }
        if anchor != 0 {
            let size = count_nodes(&node);
            self.anchors.insert(anchor, (node.clone(), size));
        }
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map {
                entries,
                index,
                key,
                ..
            }) => match key.take() {
                None => match node
                    .scalar_text()
                    .or_else(|| matches!(node.value, Value::Null).then(String::new))
                {
                    Some(name) => {
                        *key = Some(Key {
                            name,
                            pos: node.pos,
                        })
                    }
                    None => {
                        return Err(self.fail(
                            Code::WrongType,
                            node.pos,
                            "a mapping key must be plain text",
                            "write the key as a plain word or id, e.g. `agt.inventory:`",
                        ));
                    }
                },
                Some(k) => {
                    if entries.len() == SMALL_MAP {
                        index.extend(
                            entries
                                .iter()
                                .enumerate()
                                .map(|(i, (key, _))| (key.name.clone(), i)),
                        );
                    }
                    let first = if entries.len() < SMALL_MAP {
                        entries.iter().find(|(e, _)| e.name == k.name)
                    } else {
                        index.get(&k.name).map(|&i| &entries[i])
                    };
                    if let Some((first, _)) = first {
                        let message = format!(
                            "duplicate key `{}` (first at line {})",
                            k.name, first.pos.line
                        );
                        self.problems.push(
                            Diagnostic::error(Code::DuplicateKey, self.file, Some(k.pos), message)
                                .with_help(
                                    "YAML keeps only one of the two; merge them into one entry",
                                ),
                        );
                    } else {
                        if entries.len() >= SMALL_MAP {
                            index.insert(k.name.clone(), entries.len());
                        }
                        entries.push((k, node));
                    }
                }
            },
        }
        Ok(())
    }
}

/// A syntax error in words a user can act on, at the place to fix: a tab
/// where YAML wants a space (after a colon, or as indentation), or a line
/// indented differently from its neighbours, judged from the keys the
/// parser had read (each with its position) before it stopped at `pos`.
fn syntax_error(source: &Source, b: &Builder, pos: Pos, info: &str) -> Diagnostic {
    let (pos, message, help) = tab_hint(source, pos, info)
        .or_else(|| indentation_hint(source, b, pos, info))
        .unwrap_or_else(|| {
            (
                pos,
                format!("invalid YAML: {info}"),
                "check the indentation and quoting on this line and the one before it".to_string(),
            )
        });
    Diagnostic::error(Code::YamlSyntax, &source.name, Some(pos), message).with_help(help)
}

type Hint = (Pos, String, String);

/// A tab on the error's line or the next (the parser may stop on either):
/// after a colon, in the indentation, or inside a value.
fn tab_hint(source: &Source, pos: Pos, info: &str) -> Option<Hint> {
    let lines: &[u32] = if info.contains("tab") {
        &[pos.line, pos.line + 1]
    } else {
        &[pos.line]
    };
    for &line in lines {
        let text = source.line_text(line)?;
        let Some(at) = text.trim_end().find('\t') else {
            continue;
        };
        let col = u32::try_from(text[..at].chars().count() + 1).unwrap_or(u32::MAX);
        let before = text[..at].trim_end_matches([' ', '\t']);
        let spaces_only =
            "this line holds a tab, and YAML indents with spaces only: replace the tab with spaces";
        let (message, help) = if before.is_empty() {
            ("this line is indented with a tab", spaces_only)
        } else if before.ends_with(':') {
            (
                "a tab follows the colon",
                "YAML needs a space after `key:`, not a tab: replace the tab with a space",
            )
        } else {
            ("this line holds a tab", spaces_only)
        };
        return Some((Pos::new(line, col), message.to_string(), help.to_string()));
    }
    None
}

/// The column (from 1) of a line's first character that is not a space.
fn indent_of(source: &Source, line: u32) -> Option<u32> {
    let text = source.line_text(line)?;
    let spaces = text.chars().take_while(|c| *c == ' ').count();
    (spaces < text.chars().count()).then(|| u32::try_from(spaces + 1).unwrap_or(u32::MAX))
}

/// A line indented under a key that already has a value. Either that line
/// is indented too far, or the key before it too little (it ended the
/// mapping its neighbours are in): the key's older sibling tells which.
fn indentation_hint(source: &Source, b: &Builder, pos: Pos, info: &str) -> Option<Hint> {
    if !info.contains("mapping values are not allowed") {
        return None;
    }
    let indent = indent_of(source, pos.line)?;
    let Some(Frame::Map {
        entries, key: None, ..
    }) = b.stack.last()
    else {
        return None;
    };
    let [.., (key, value)] = entries.as_slice() else {
        return None;
    };
    let scalar = !matches!(value.value, Value::Map(_) | Value::Seq(_));
    if !scalar || key.pos.col >= indent {
        return None;
    }
    let older = entries.len().checked_sub(2).map(|i| &entries[i]);
    if let Some((
        sibling,
        Node {
            value: Value::Map(children),
            ..
        },
    )) = older
        && children.first().is_some_and(|(k, _)| k.pos.col == indent)
    {
        let spaces = indent - key.pos.col;
        return Some((
            key.pos,
            format!(
                "`{}` is indented less than the lines around it, so it ended `{}`",
                key.name, sibling.name
            ),
            format!(
                "indent it by {} more, like the entries of `{}` around it",
                if spaces == 1 {
                    "1 space".to_string()
                } else {
                    format!("{spaces} spaces")
                },
                sibling.name
            ),
        ));
    }
    let line = source.line_text(pos.line)?;
    let name = line
        .trim_start()
        .split(':')
        .next()
        .unwrap_or_default()
        .trim();
    // A dotted name (a question id) belongs beside the nearest dotted key.
    let like = name
        .contains('.')
        .then(|| nearest_dotted_key(b))
        .flatten()
        .unwrap_or(key);
    Some((
        Pos::new(pos.line, indent),
        format!(
            "`{name}` is indented under `{}`, which already has a value (line {})",
            key.name, key.pos.line
        ),
        format!(
            "indent `{name}` like `{}` ({} spaces)",
            like.name,
            like.pos.col.saturating_sub(1)
        ),
    ))
}

/// The innermost key with a dot in its name that the parser has read
/// (a question id, in an answers file).
fn nearest_dotted_key<'b>(b: &'b Builder) -> Option<&'b Key> {
    b.stack.iter().rev().find_map(|frame| match frame {
        Frame::Map { entries, key, .. } => key
            .iter()
            .chain(entries.iter().rev().map(|(k, _)| k))
            .find(|k| k.name.contains('.')),
        Frame::Seq { .. } => None,
    })
}

/// The position of the `:` that ends `key` on the key's own line.
fn colon_after(source: &Source, key: &Key) -> Option<Pos> {
    let line = source.line_text(key.pos.line)?;
    let start = key.pos.col.saturating_sub(1) as usize;
    let chars: Vec<char> = line.chars().collect();
    let skip = start + key.name.chars().count();
    (skip..chars.len())
        .find(|&i| chars[i] == ':' && chars.get(i + 1).is_none_or(|c| c.is_whitespace()))
        .map(|i| Pos::new(key.pos.line, u32::try_from(i + 1).unwrap_or(u32::MAX)))
}

fn count_nodes(node: &Node) -> usize {
    match &node.value {
        Value::Seq(items) => 1 + items.iter().map(count_nodes).sum::<usize>(),
        Value::Map(entries) => {
            1 + entries
                .iter()
                .map(|(_, v)| 1 + count_nodes(v))
                .sum::<usize>()
        }
        _ => 1,
    }
}

fn pos_of(mark: &Marker) -> Pos {
    let line = u32::try_from(mark.line()).unwrap_or(u32::MAX);
    let col = u32::try_from(mark.col() + 1).unwrap_or(u32::MAX);
    Pos::new(line.max(1), col)
}

/// YAML 1.2 core schema for plain scalars; quoted scalars are always text.
fn resolve_scalar(text: String, style: TScalarStyle, tag: Option<&Tag>) -> Value {
    if style != TScalarStyle::Plain || tag.is_some_and(|t| t.suffix == "str") {
        return Value::Str(text);
    }
    match text.as_str() {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    if is_int(&text)
        && let Ok(i) = text.parse::<i64>()
    {
        return Value::Int(i);
    }
    if is_float(&text)
        && let Ok(f) = text.parse::<f64>()
    {
        return Value::Float(f);
    }
    Value::Str(text)
}

fn is_int(s: &str) -> bool {
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

fn is_float(s: &str) -> bool {
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let (whole, frac) = match mantissa.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (mantissa, None),
    };
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = digits(whole)
        && frac.is_none_or(digits)
        && !(whole.is_empty() && frac.is_none_or(str::is_empty));
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exponent_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> Result<Node, Vec<Diagnostic>> {
        parse(&Source::new("t.yaml", text))
    }

    #[test]
    fn scalars_follow_the_yaml_1_2_core_schema() {
        let node =
            parse_str("a: yes\nb: true\nc: 3.0e25\nd: 1e26\ne: '12'\nf: 2026-11-20\ng: ~\nh: 7\n")
                .unwrap();
        assert_eq!(node.get("a").unwrap().value, Value::Str("yes".into()));
        assert_eq!(node.get("b").unwrap().value, Value::Bool(true));
        assert_eq!(node.get("c").unwrap().value, Value::Float(3.0e25));
        assert_eq!(node.get("d").unwrap().value, Value::Float(1e26));
        assert_eq!(node.get("e").unwrap().value, Value::Str("12".into()));
        assert_eq!(
            node.get("f").unwrap().value,
            Value::Str("2026-11-20".into())
        );
        assert_eq!(node.get("g").unwrap().value, Value::Null);
        assert_eq!(node.get("h").unwrap().value, Value::Int(7));
    }

    #[test]
    fn an_empty_value_sits_at_its_keys_colon() {
        let node =
            parse_str("profile:\n  develops_frontier_models:\n  deploys_ai_agents: true\nlast:\n")
                .unwrap();
        let profile = node.get("profile").unwrap();
        let empty = profile.get("develops_frontier_models").unwrap();
        assert_eq!(empty.value, Value::Null);
        assert_eq!(empty.pos, Pos::new(2, 27));
        // At the end of the file, not on a line past it.
        assert_eq!(node.get("last").unwrap().pos, Pos::new(4, 5));
        // Flow mappings and quoted keys too.
        let flow = parse_str("{\"a.b\": , c: 1}").unwrap();
        assert_eq!(flow.get("a.b").unwrap().pos, Pos::new(1, 7));
    }

    #[test]
    fn a_duplicate_key_keeps_the_tree_and_is_reported() {
        let parsed = parse_recovering(&Source::new("t.yaml", "a: 1\nb: 2\na: 3\n")).unwrap();
        assert_eq!(parsed.root.get("a").unwrap().value, Value::Int(1));
        assert_eq!(parsed.root.get("b").unwrap().value, Value::Int(2));
        assert_eq!(parsed.problems.len(), 1);
        assert_eq!(parsed.problems[0].code, Code::DuplicateKey);
        assert_eq!(parsed.problems[0].pos, Some(Pos::new(3, 1)));
        assert!(parse_str("a: 1\na: 3\n").is_err());
    }

    #[test]
    fn duplicates_are_found_in_small_and_large_mappings() {
        for n in [3, 15, 16, 17, 40] {
            let mut text: String = (0..n).map(|i| format!("k{i}: {i}\n")).collect();
            text.push_str("k1: again\n");
            let parsed = parse_recovering(&Source::new("t.yaml", text)).unwrap();
            assert_eq!(parsed.problems.len(), 1, "{n} keys");
            assert_eq!(parsed.problems[0].pos, Some(Pos::new(n + 1, 1)));
            assert_eq!(parsed.root.get("k1").unwrap().value, Value::Int(1));
        }
    }

    #[test]
    fn a_byte_order_mark_does_not_join_the_first_key() {
        let node = parse_str("\u{feff}mera: 1\n").unwrap();
        assert_eq!(node.get("mera").unwrap().value, Value::Int(1));
    }

    #[test]
    fn positions_are_one_based() {
        let node = parse_str("top:\n  inner: value\n").unwrap();
        let Value::Map(entries) = &node.get("top").unwrap().value else {
            panic!()
        };
        assert_eq!(entries[0].0.pos, Pos::new(2, 3));
        assert_eq!(entries[0].1.pos, Pos::new(2, 10));
    }

    #[test]
    fn a_mapping_starts_at_its_first_key() {
        assert_eq!(parse_str("mera: 1\nb: 2\n").unwrap().pos, Pos::new(1, 1));
        assert_eq!(
            parse_str("a:\n  k: v\n").unwrap().get("a").unwrap().pos,
            Pos::new(2, 3)
        );
    }

    #[test]
    fn duplicate_keys_are_errors_at_the_duplicate() {
        let errs = parse_str("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].code, Code::DuplicateKey);
        assert_eq!(errs[0].pos, Some(Pos::new(3, 1)));
        assert!(errs[0].message.contains("first at line 1"));
    }

    #[test]
    fn syntax_errors_name_a_position() {
        let errs = parse_str("a: [1, 2\nb: 3\n").unwrap_err();
        assert_eq!(errs[0].code, Code::YamlSyntax);
        assert!(errs[0].pos.is_some());
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let p = i - 1;
            text.push_str(&format!("a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"));
        }
        let errs = parse_str(&text).unwrap_err();
        assert_eq!(errs[0].code, Code::TooManyNodes);
    }

    #[test]
    fn deep_nesting_is_refused() {
        let block: String = (0..200)
            .map(|i| format!("{}k:\n", "  ".repeat(i)))
            .collect();
        let errs = parse_str(&block).unwrap_err();
        assert_eq!(errs[0].code, Code::TooDeep);
        let flow = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        let errs = parse_str(&flow).unwrap_err();
        assert!(matches!(errs[0].code, Code::TooDeep | Code::YamlSyntax));
        assert!(errs[0].pos.is_some());
    }

    #[test]
    fn small_aliases_still_work() {
        let node = parse_str("base: &e [a.pdf]\nuse: *e\n").unwrap();
        assert_eq!(
            node.get("use").unwrap().value,
            node.get("base").unwrap().value
        );
    }

    #[test]
    fn empty_file_is_null_and_second_document_is_refused() {
        assert_eq!(parse_str("").unwrap().value, Value::Null);
        assert_eq!(
            parse_str("a: 1\n---\nb: 2\n").unwrap_err()[0].code,
            Code::YamlSyntax
        );
    }
}
