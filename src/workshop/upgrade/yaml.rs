//! Applying an upgrade plan to a YAML answers file: line edits anchored at
//! the positions the parser reports, made all at once on the original
//! lines, so every line the plan does not touch (comments, blank lines,
//! quoting, order) stays byte for byte.

use std::collections::{BTreeMap, BTreeSet};

use crate::content::catalog::Catalog;
use crate::content::set::QuestionnaireSet;
use crate::input::diagnostic::{Code, Diagnostic};
use crate::input::doc::{Node, Value};
use crate::input::source::{Pos, Source, Syntax};
use crate::workshop::edit::{self, Lines};

use super::Plan;

/// Comment lines are wrapped to this width, as `mera init` wraps them.
const WIDTH: usize = 78;

/// Ids written as commented placeholders (`  # agt.inventory: yes | no`),
/// as `mera init` and this upgrade write them.
pub fn placeholders(text: &str) -> BTreeSet<String> {
    text.lines()
        .filter_map(|l| {
            let body = l.trim_start().strip_prefix('#')?.trim_start();
            let (id, _) = body.split_once(':')?;
            is_id(id).then(|| id.to_string())
        })
        .collect()
}

/// `prefix.rest`, lower case, as question ids are.
pub(crate) fn is_id(text: &str) -> bool {
    text.split_once('.').is_some_and(|(a, b)| {
        !a.is_empty()
            && !b.is_empty()
            && text.chars().all(|c| {
                c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.' || c == '_'
            })
    })
}

/// What happens at one line of the original file.
#[derive(Default)]
struct Slot {
    before: Vec<String>,
    /// Replace this line through `.0` with `.1`.
    replace: Option<(u32, Vec<String>)>,
    after: Vec<String>,
}

#[derive(Default)]
struct Edits {
    at: BTreeMap<u32, Slot>,
}

impl Edits {
    fn slot(&mut self, line: u32) -> &mut Slot {
        self.at.entry(line).or_default()
    }

    fn apply(mut self, lines: &Lines) -> String {
        let n = u32::try_from(lines.lines.len()).unwrap_or(u32::MAX);
        let mut out: Vec<String> = Vec::new();
        let mut line = 1;
        while line <= n {
            let slot = self.at.remove(&line).unwrap_or_default();
            out.extend(slot.before);
            match slot.replace {
                Some((last, with)) => {
                    out.extend(with);
                    out.extend(slot.after);
                    // Lines inside the replaced range keep only what goes after them.
                    for inner in line + 1..=last {
                        if let Some(s) = self.at.remove(&inner) {
                            out.extend(s.after);
                        }
                    }
                    line = last + 1;
                }
                None => {
                    out.push(lines.get(line).to_string());
                    out.extend(slot.after);
                    line += 1;
                }
            }
        }
        // Whatever is anchored past the end goes at the end.
        for (_, slot) in self.at {
            out.extend(slot.before);
            out.extend(slot.after);
        }
        let mut text = out.join(lines.newline);
        if !text.is_empty() {
            text.push_str(lines.newline);
        }
        text
    }
}

/// One answer entry's lines: its key line and its last line.
#[derive(Clone, Copy, Debug)]
struct Span {
    key: Pos,
    last: u32,
}

fn refuse(source: &Source, pos: Pos, message: &str) -> Vec<Diagnostic> {
    vec![
        Diagnostic::error(Code::InvalidValue, &source.name, Some(pos), message.to_string())
            .with_help("write it in block style, one key per line (as `mera init` does), then run `mera upgrade` again; nothing was written"),
    ]
}

pub fn apply(
    source: &Source,
    root: &Node,
    set: &QuestionnaireSet,
    catalog: &Catalog,
    plan: &Plan,
) -> Result<String, Vec<Diagnostic>> {
    let lines = Lines::new(&source.text);
    let total = u32::try_from(lines.lines.len()).unwrap_or(u32::MAX);
    let Value::Map(top) = &root.value else {
        return Err(refuse(
            source,
            root.pos,
            "the file is written in flow style, which `mera upgrade` cannot edit in place",
        ));
    };
    if edit::is_flow(&lines, root.pos) {
        return Err(refuse(
            source,
            root.pos,
            "the file is written in flow style, which `mera upgrade` cannot edit in place",
        ));
    }
    // Where each top-level key's entry ends: the line before the next key.
    let top_end = |i: usize| -> u32 {
        let next = top.get(i + 1).map_or(total, |(k, _)| k.pos.line - 1);
        edit::entry_end(&lines, top[i].0.pos.line, next, 0)
    };
    let mut edits = Edits::default();
    // The stamp.
    if let Some(stamp) = &plan.stamp {
        let value = stamp.value_text(Syntax::Yaml);
        match top.iter().position(|(k, _)| k.name == "content") {
            Some(i) => {
                let key = &top[i].0;
                let first = lines.get(key.pos.line);
                let comment = edit::key_comment(first, key.pos.col)
                    .map_or_else(String::new, |c| format!("  {c}"));
                let pad = " ".repeat(key.pos.col as usize - 1);
                edits.slot(key.pos.line).replace =
                    Some((top_end(i), vec![format!("{pad}content: {value}{comment}")]));
            }
            None => {
                let at = top
                    .iter()
                    .position(|(k, _)| k.name == "mera")
                    .map_or(0, top_end);
                let line = format!(
                    "content: {value}  # the content version these answers are given against (`mera upgrade` moves it)"
                );
                if at == 0 {
                    edits.slot(1).before.push(line);
                } else {
                    edits.slot(at).after.push(line);
                }
            }
        }
    }
    let touches_answers = !(plan.renames.is_empty()
        && plan.retire.is_empty()
        && plan.review.is_empty()
        && plan.new.is_empty());
    if touches_answers {
        answers(source, &lines, top, total, set, catalog, plan, &mut edits)?;
    }
    Ok(edits.apply(&lines))
}

#[allow(clippy::too_many_arguments)]
fn answers(
    source: &Source,
    lines: &Lines,
    top: &[(crate::input::doc::Key, Node)],
    total: u32,
    set: &QuestionnaireSet,
    catalog: &Catalog,
    plan: &Plan,
    edits: &mut Edits,
) -> Result<(), Vec<Diagnostic>> {
    let index = top.iter().position(|(k, _)| k.name == "answers");
    let (entries, section_last): (&[(crate::input::doc::Key, Node)], Option<u32>) = match index {
        Some(i) => {
            let (key, node) = &top[i];
            let next = top.get(i + 1).map_or(total, |(k, _)| k.pos.line - 1);
            let last = edit::entry_end(lines, key.pos.line, next, 0);
            match &node.value {
                Value::Map(e) if node.pos.line != key.pos.line => (e.as_slice(), Some(last)),
                Value::Null => (&[], Some(last)),
                Value::Map(e) if e.is_empty() => {
                    return Err(refuse(
                        source,
                        node.pos,
                        "`answers` is written in flow style (`{}`), which `mera upgrade` cannot edit in place",
                    ));
                }
                _ => {
                    return Err(refuse(
                        source,
                        node.pos,
                        "`answers` is written in flow style, which `mera upgrade` cannot edit in place",
                    ));
                }
            }
        }
        None => (&[], None),
    };
    let spans: Vec<(String, Span)> = entries
        .iter()
        .enumerate()
        .map(|(j, (k, _))| {
            let next = entries
                .get(j + 1)
                .map_or(section_last.unwrap_or(total), |(n, _)| n.pos.line - 1);
            let indent = (k.pos.col - 1) as usize;
            let last = edit::entry_end(lines, k.pos.line, next, indent);
            (k.name.clone(), Span { key: k.pos, last })
        })
        .collect();
    let span_of = |key: &str| spans.iter().find(|(k, _)| k == key).map(|(_, s)| *s);
    let node_of = |key: &str| entries.iter().find(|(k, _)| k.name == key).map(|(_, n)| n);
    let renamed = |key: &str| {
        plan.renames
            .iter()
            .find(|(old, _)| old == key)
            .map(|(_, new)| new.clone())
    };
    // Renames, unless the same key is rewritten for review below.
    let reviewed: BTreeSet<&str> = plan.review.iter().map(|m| m.key.as_str()).collect();
    for (old, new) in &plan.renames {
        let Some(span) = span_of(old) else { continue };
        if reviewed.contains(old.as_str()) && is_one_line(node_of(old), span) {
            continue;
        }
        let line = lines.get(span.key.line);
        edits.slot(span.key.line).replace =
            Some((span.key.line, vec![rename_key(line, span.key.col, new)]));
    }
    // Answers kept as comments.
    for (key, why) in &plan.retire {
        let Some(span) = span_of(key) else { continue };
        let pad = " ".repeat(span.key.col as usize - 1);
        let mut with = comment_lines(why, &pad);
        for n in span.key.line..=span.last {
            let l = lines.get(n);
            with.push(if l.trim().is_empty() || edit::is_comment(l) {
                l.to_string()
            } else {
                let indent = edit::indent_of(l);
                format!("{}# {}", &l[..indent], &l[indent..])
            });
        }
        edits.slot(span.key.line).replace = Some((span.last, with));
    }
    // New questions, as the blocks `mera init` writes (before the review
    // comments, which stay right above their answers).
    insert_new(lines, set, catalog, plan, &spans, section_last, edits);
    // Answers to review: a comment above, and `answered_in`.
    for mark in &plan.review {
        let Some(span) = span_of(&mark.key) else {
            continue;
        };
        let pad = " ".repeat(span.key.col as usize - 1);
        let slot = edits.slot(span.key.line);
        for line in &mark.comment {
            slot.before.extend(comment_lines(line, &pad));
        }
        let version = crate::workshop::yaml_text::version(mark.answered_in.as_str());
        let node = node_of(&mark.key);
        let key_line = lines.get(span.key.line);
        let key = renamed(&mark.key);
        if is_one_line(node, span) {
            let rewritten = match node.map(|n| &n.value) {
                Some(Value::Map(_)) => {
                    with_flow_field(key_line, &format!("answered_in: {version}"))
                }
                _ => None,
            };
            let line = match rewritten {
                Some(l) => {
                    let l = key
                        .as_deref()
                        .map_or(l.clone(), |k| rename_key(&l, span.key.col, k));
                    vec![l]
                }
                None => long_form(key_line, span.key.col, key.as_deref(), &version),
            };
            slot.replace = Some((span.key.line, line));
        } else {
            let field_pad = match node.map(|n| &n.value) {
                Some(Value::Map(fields)) => fields
                    .first()
                    .map_or(span.key.col as usize + 1, |(k, _)| k.pos.col as usize - 1),
                _ => span.key.col as usize + 1,
            };
            // First after the entry: new blocks anchored here come after it.
            edits.slot(span.last).after.insert(
                0,
                format!("{}answered_in: {version}", " ".repeat(field_pad)),
            );
        }
    }
    Ok(())
}

fn is_one_line(node: Option<&Node>, span: Span) -> bool {
    span.last == span.key.line && node.is_some_and(|n| n.pos.line == span.key.line)
}

/// `text` as comment lines under `pad`, wrapped as `mera init` wraps.
fn comment_lines(text: &str, pad: &str) -> Vec<String> {
    crate::report::text::wrap_prefixed(text, WIDTH, &format!("{pad}# "))
        .lines()
        .map(String::from)
        .collect()
}

/// The line with the key at `col` renamed to `new`.
fn rename_key(line: &str, col: u32, new: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let start = (col - 1) as usize;
    let colon = edit::colon_after_key(line, col);
    // The key runs to the colon that ends it (quotes included).
    let end = colon.saturating_sub(1).max(start);
    let head: String = chars[..start].iter().collect();
    let tail: String = chars[end..].iter().collect();
    format!("{head}{new}{tail}")
}

/// `key: value  # comment` as the long form with `answered_in`, keeping the
/// value as written and the comment on the key's line.
fn long_form(line: &str, col: u32, rename: Option<&str>, version: &str) -> Vec<String> {
    let chars: Vec<char> = line.chars().collect();
    let colon = edit::colon_after_key(line, col);
    let mut start = colon;
    while start < chars.len() && chars[start].is_whitespace() {
        start += 1;
    }
    let end = edit::scalar_end(&chars, start);
    let value: String = chars[start..end].iter().collect();
    let comment = edit::key_comment(line, col).map_or_else(String::new, |c| format!("  {c}"));
    let head: String = chars[..colon].iter().collect();
    let head = match rename {
        Some(new) => rename_key(&head, col, new),
        None => head,
    };
    let pad = " ".repeat(col as usize + 1);
    vec![
        format!("{head}{comment}"),
        format!("{pad}answer: {value}"),
        format!("{pad}answered_in: {version}"),
    ]
}

/// A one-line flow mapping (`id: {answer: yes}`) with `field` added before
/// its closing brace.
fn with_flow_field(line: &str, field: &str) -> Option<String> {
    let close = line.rfind('}')?;
    let open = line.find('{')?;
    let inside = line[open + 1..close].trim();
    let sep = if inside.is_empty() { "" } else { ", " };
    let before = line[..close].trim_end();
    Some(format!("{before}{sep}{field}{}", &line[close..]))
}

/// Where each new question goes: after the nearest question before it that
/// the file has (an answer or a placeholder, or a new block placed just
/// before), else before the nearest one after it, else at the end of
/// `answers`.
fn insert_new(
    lines: &Lines,
    set: &QuestionnaireSet,
    catalog: &Catalog,
    plan: &Plan,
    spans: &[(String, Span)],
    section_last: Option<u32>,
    edits: &mut Edits,
) {
    if plan.new.is_empty() {
        return;
    }
    let order: Vec<&str> = set.question_ids().collect();
    let current_id = |key: &str| -> String {
        plan.renames
            .iter()
            .find(|(old, _)| old == key)
            .map_or_else(|| key.to_string(), |(_, new)| new.clone())
    };
    // Each question the file has, by id: the line after which to write.
    let mut present: BTreeMap<String, u32> = BTreeMap::new();
    for (key, span) in spans {
        present.insert(current_id(key), span.last);
    }
    for (n, l) in lines.lines.iter().enumerate() {
        let body = l.trim_start().strip_prefix('#').map(str::trim_start);
        if let Some((id, _)) = body.and_then(|b| b.split_once(':'))
            && is_id(id)
            && set.question(id).is_some()
        {
            present
                .entry(id.to_string())
                .or_insert(u32::try_from(n).unwrap_or(0) + 1);
        }
    }
    let areas_present: BTreeSet<String> = present
        .keys()
        .filter_map(|id| set.question(id).map(|(q, _)| q.id.clone()))
        .collect();
    let mut headed: BTreeSet<String> = BTreeSet::new();
    let mut after_new: BTreeMap<String, u32> = BTreeMap::new();
    for new in &plan.new {
        let Some((q, question)) = set.question(&new.id) else {
            continue;
        };
        let mut block = String::new();
        if !areas_present.contains(&q.id) && headed.insert(q.id.clone()) {
            block.push_str(&format!(
                "\n  # ==== {} ({} v{}) ====\n",
                q.title, q.id, q.version
            ));
        }
        let mut body = String::new();
        crate::content::template::question_block(&mut body, question, catalog, Syntax::Yaml);
        if let Some(note) = &new.note {
            // The note goes first, under the blank line that opens the block.
            let rest = body.strip_prefix('\n').unwrap_or(&body);
            block.push('\n');
            for l in comment_lines(note, "  ") {
                block.push_str(&l);
                block.push('\n');
            }
            block.push_str(rest);
        } else {
            block.push_str(&body);
        }
        let block = crate::content::template::printable(block);
        let block_lines: Vec<String> = block.lines().map(String::from).collect();
        // Where: beside a retired answer, else by questionnaire order.
        let beside = new
            .beside
            .as_ref()
            .and_then(|k| spans.iter().find(|(key, _)| key == k))
            .map(|(_, s)| s.last);
        let mine = order
            .iter()
            .position(|o| *o == new.id)
            .unwrap_or(usize::MAX);
        let before_me = order[..mine.min(order.len())]
            .iter()
            .rev()
            .find_map(|id| after_new.get(*id).or_else(|| present.get(*id)).copied());
        let after_me = order.get(mine + 1..).unwrap_or(&[]).iter().find_map(|id| {
            spans
                .iter()
                .find(|(k, _)| current_id(k) == *id)
                .map(|(_, s)| s.key.line)
        });
        match (beside.or(before_me), after_me, section_last) {
            (Some(line), _, _) => {
                edits.slot(line).after.extend(block_lines);
                after_new.insert(new.id.clone(), line);
            }
            (None, Some(line), _) => edits.slot(line).before.extend(block_lines),
            (None, None, Some(last)) => edits.slot(last).after.extend(block_lines),
            (None, None, None) => {
                let end = u32::try_from(lines.lines.len()).unwrap_or(u32::MAX) + 1;
                let slot = edits.slot(end);
                if slot.before.is_empty() {
                    slot.before.push(String::new());
                    slot.before.push("answers:".into());
                }
                slot.before.extend(block_lines);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_renamed_in_place_keeping_the_rest_of_the_line() {
        assert_eq!(
            rename_key("  a.old: yes  # note", 3, "a.new"),
            "  a.new: yes  # note"
        );
        assert_eq!(rename_key("  \"a.old\": yes", 3, "a.new"), "  a.new: yes");
        assert_eq!(rename_key("  a.old:", 3, "a.new"), "  a.new:");
    }

    #[test]
    fn a_short_answer_becomes_the_long_form_with_its_value_and_comment() {
        assert_eq!(
            long_form("  a.one: \"partial\"   # was no", 3, None, "2026.11.1"),
            vec![
                "  a.one:  # was no",
                "    answer: \"partial\"",
                "    answered_in: 2026.11.1"
            ]
        );
        assert_eq!(
            with_flow_field("  a.one: {answer: yes, note: x}  # c", "answered_in: 1.2").as_deref(),
            Some("  a.one: {answer: yes, note: x, answered_in: 1.2}  # c")
        );
    }

    #[test]
    fn placeholders_are_commented_ids() {
        let found = placeholders(
            "answers:\n  # agt.inventory: yes | no\n  # Is it? a.b: no\n  #   engage: Decided\n",
        );
        assert_eq!(found.into_iter().collect::<Vec<_>>(), ["agt.inventory"]);
    }
}
