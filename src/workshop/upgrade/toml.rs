//! Applying an upgrade plan to a TOML answers file with `toml_edit`, which
//! keeps comments (as the decor around keys and values) and order. Answers
//! written as quoted keys (`"agt.inventory" = "yes"`, as `mera init`
//! writes them) are edited; an answer the plan must change that is written
//! as a dotted key (`agt.inventory = "yes"`) is refused with the fix, and
//! nothing is written.

use std::collections::BTreeSet;

use toml_edit::{DocumentMut, InlineTable, Item, Key, Table, Value};

use crate::content::catalog::Catalog;
use crate::content::set::QuestionnaireSet;
use crate::input::diagnostic::{Code, Diagnostic};
use crate::input::source::{Source, Syntax};

use super::Plan;

const WIDTH: usize = 78;

/// Ids written as commented placeholders (`# "agt.inventory" = "yes | no"`).
pub fn placeholders(text: &str) -> BTreeSet<String> {
    text.lines()
        .filter_map(|l| {
            let body = l.trim_start().strip_prefix('#')?.trim_start();
            let (key, _) = body.split_once('=')?;
            let id = key.trim().trim_matches('"');
            super::yaml::is_id(id).then(|| id.to_string())
        })
        .collect()
}

fn refuse(source: &Source, message: String, help: &str) -> Vec<Diagnostic> {
    vec![
        Diagnostic::error(Code::InvalidValue, &source.name, None, message)
            .with_help(format!("{help}; nothing was written")),
    ]
}

fn comments(text: &str) -> String {
    crate::report::text::wrap_prefixed(text, WIDTH, "# ")
}

pub fn apply(
    source: &Source,
    set: &QuestionnaireSet,
    catalog: &Catalog,
    plan: &Plan,
) -> Result<String, Vec<Diagnostic>> {
    let mut doc: DocumentMut = source.text.parse().map_err(|e: toml_edit::TomlError| {
        refuse(
            source,
            format!("the file could not be read for editing: {}", e.message()),
            "check it with `mera validate`",
        )
    })?;
    if let Some(stamp) = &plan.stamp {
        set_stamp(&mut doc, stamp);
    }
    let touches = !(plan.renames.is_empty()
        && plan.retire.is_empty()
        && plan.review.is_empty()
        && plan.new.is_empty());
    if touches {
        answers(source, &mut doc, set, catalog, plan)?;
    }
    Ok(doc.to_string())
}

fn set_stamp(doc: &mut DocumentMut, stamp: &crate::assessment::stamp::Stamp) {
    let mut value: Value = if stamp.custom.is_empty() {
        Value::from(stamp.value_text(Syntax::Yaml).trim_matches('"'))
    } else {
        let mut t = InlineTable::new();
        for part in stamp
            .value_text(Syntax::Toml)
            .trim_matches(['{', '}', ' '])
            .split(", ")
        {
            if let Some((k, v)) = part.split_once(" = ") {
                t.insert(k.trim_matches('"'), Value::from(v.trim_matches('"')));
            }
        }
        Value::InlineTable(t)
    };
    match doc.get_mut("content").and_then(Item::as_value_mut) {
        Some(old) => {
            *value.decor_mut() = old.decor().clone();
            *old = value;
        }
        None => {
            value.decor_mut().set_suffix(
                "  # the content version these answers are given against (`mera upgrade` moves it)",
            );
            doc.insert("content", Item::Value(value));
        }
    }
}

fn answers(
    source: &Source,
    doc: &mut DocumentMut,
    set: &QuestionnaireSet,
    catalog: &Catalog,
    plan: &Plan,
) -> Result<(), Vec<Diagnostic>> {
    if !doc.contains_key("answers") {
        doc.insert("answers", Item::Table(Table::new()));
    }
    if !doc["answers"].is_table() {
        return Err(refuse(
            source,
            "`answers` is not written as a `[answers]` table".into(),
            "write the answers under `[answers]`, one `\"id\" = …` per line, as `mera init` does",
        ));
    }
    // Every key the plan touches must be a quoted key of `[answers]`.
    let touched = plan
        .renames
        .iter()
        .map(|(k, _)| k)
        .chain(plan.retire.iter().map(|(k, _)| k))
        .chain(plan.review.iter().map(|m| &m.key));
    {
        let table = doc["answers"].as_table().expect("checked above");
        for key in touched {
            if !table.contains_key(key) {
                return Err(refuse(
                    source,
                    format!(
                        "`{key}` is written as a dotted key, which `mera upgrade` does not edit"
                    ),
                    &format!(
                        "quote it (`\"{key}\" = …`), as `mera init` writes ids, then run `mera upgrade` again"
                    ),
                ));
            }
        }
    }
    let tail_prefix = tail(doc);
    let table = doc["answers"].as_table_mut().expect("checked above");
    rename(table, &plan.renames);
    let mut tail_extra = String::new();
    for (key, why) in &plan.retire {
        let keys: Vec<String> = table.iter().map(|(k, _)| k.to_string()).collect();
        let Some((old_key, item)) = table.remove_entry(key) else {
            continue;
        };
        let mut text = old_key
            .leaf_decor()
            .prefix()
            .and_then(|p| p.as_str())
            .unwrap_or("")
            .to_string();
        text.push_str(&comments(why));
        for line in format!("{} = {}", old_key.display_repr(), item.to_string().trim()).lines() {
            text.push_str(&format!("# {line}\n"));
        }
        let next = keys.iter().skip_while(|k| *k != key).nth(1);
        match next.and_then(|n| table.key_mut(n)) {
            Some(mut k) => {
                let prefix = k
                    .leaf_decor()
                    .prefix()
                    .and_then(|p| p.as_str())
                    .unwrap_or("")
                    .to_string();
                k.leaf_decor_mut().set_prefix(format!("{text}{prefix}"));
            }
            None => tail_extra.push_str(&text),
        }
    }
    for mark in &plan.review {
        let key = plan
            .renames
            .iter()
            .find(|(old, _)| *old == mark.key)
            .map_or(mark.key.as_str(), |(_, new)| new.as_str());
        if let Some(mut k) = table.key_mut(key) {
            let prefix = k
                .leaf_decor()
                .prefix()
                .and_then(|p| p.as_str())
                .unwrap_or("")
                .to_string();
            let lines: String = mark.comment.iter().map(|c| comments(c)).collect();
            k.leaf_decor_mut().set_prefix(format!("{prefix}{lines}"));
        }
        if let Some(item) = table.get_mut(key) {
            add_answered_in(item, mark.answered_in.as_str());
        }
    }
    // New questions: before the next answered question in questionnaire
    // order, else at the end of `[answers]`.
    let order: Vec<&str> = set.question_ids().collect();
    for new in &plan.new {
        let Some((_, question)) = set.question(&new.id) else {
            continue;
        };
        let mut block = String::new();
        if let Some(note) = &new.note {
            block.push('\n');
            block.push_str(&comments(note));
            let mut body = String::new();
            crate::content::template::question_block(&mut body, question, catalog, Syntax::Toml);
            block.push_str(body.strip_prefix('\n').unwrap_or(&body));
        } else {
            crate::content::template::question_block(&mut block, question, catalog, Syntax::Toml);
        }
        let block = crate::content::template::printable(block);
        let mine = order
            .iter()
            .position(|o| *o == new.id)
            .unwrap_or(usize::MAX);
        let next = order
            .get(mine + 1..)
            .unwrap_or(&[])
            .iter()
            .find(|id| table.contains_key(id));
        match next.and_then(|n| table.key_mut(n)) {
            Some(mut k) => {
                // A blank line, the block, a blank line, then what was
                // above the key (its own comments stay with it).
                let prefix = k
                    .leaf_decor()
                    .prefix()
                    .and_then(|p| p.as_str())
                    .unwrap_or("")
                    .to_string();
                k.leaf_decor_mut().set_prefix(format!(
                    "\n{}\n{}",
                    block.trim_start_matches('\n'),
                    prefix.trim_start_matches('\n')
                ));
            }
            None => tail_extra.push_str(&block),
        }
    }
    if !tail_extra.is_empty() {
        put_tail(doc, tail_prefix, &tail_extra);
    }
    Ok(())
}

/// Rename keys in place: the table is rebuilt in its own order, each key
/// keeping its comments.
fn rename(table: &mut Table, renames: &[(String, String)]) {
    if renames.is_empty() {
        return;
    }
    let keys: Vec<String> = table.iter().map(|(k, _)| k.to_string()).collect();
    let entries: Vec<(Key, Item)> = keys.iter().filter_map(|k| table.remove_entry(k)).collect();
    for (key, item) in entries {
        let key = match renames.iter().find(|(old, _)| old == key.get()) {
            Some((_, new)) => Key::new(new.as_str()).with_leaf_decor(key.leaf_decor().clone()),
            None => key,
        };
        table.insert_formatted(&key, item);
    }
}

/// `answered_in = "V"` on an answer: a short answer becomes the inline
/// long form, keeping its trailing comment.
fn add_answered_in(item: &mut Item, version: &str) {
    match item {
        Item::Value(Value::InlineTable(t)) => {
            // The space before `}` belongs to the last value: it moves to
            // the new one, which becomes last.
            let mut suffix = String::new();
            if let Some((_, last)) = t.iter_mut().last() {
                suffix = last
                    .decor()
                    .suffix()
                    .and_then(|s| s.as_str())
                    .unwrap_or("")
                    .to_string();
                last.decor_mut().set_suffix("");
            }
            let mut value = Value::from(version);
            value.decor_mut().set_prefix(" ");
            value.decor_mut().set_suffix(suffix);
            t.insert("answered_in", value);
        }
        Item::Value(v) => {
            let decor = v.decor().clone();
            let mut answer = v.clone();
            answer.decor_mut().clear();
            let mut t = InlineTable::new();
            t.insert("answer", answer);
            t.insert("answered_in", Value::from(version));
            let mut long = Value::InlineTable(t);
            long.decor_mut().set_suffix(
                decor
                    .suffix()
                    .and_then(|s| s.as_str())
                    .unwrap_or("")
                    .to_string(),
            );
            long.decor_mut().set_prefix(" ");
            *v = long;
        }
        Item::Table(t) => {
            t.insert("answered_in", toml_edit::value(version));
        }
        _ => {}
    }
}

/// Where text after the last answer goes: the prefix of the next table's
/// header after `[answers]`, else the end of the document. Returns the key
/// of that table (`None` for the document's end).
fn tail(doc: &DocumentMut) -> Option<String> {
    let answers = doc["answers"].as_table()?.position()?;
    doc.iter()
        .filter_map(|(k, item)| {
            let pos = match item {
                Item::Table(t) => t.position(),
                Item::ArrayOfTables(a) => a.get(0).and_then(Table::position),
                _ => None,
            }?;
            (pos > answers).then(|| (pos, k.to_string()))
        })
        .min()
        .map(|(_, k)| k)
}

fn put_tail(doc: &mut DocumentMut, next: Option<String>, text: &str) {
    let decor = match next.as_deref().and_then(|k| doc.get_mut(k)) {
        Some(Item::Table(t)) => Some(t.decor_mut()),
        Some(Item::ArrayOfTables(a)) => a.get_mut(0).map(Table::decor_mut),
        _ => None,
    };
    match decor {
        Some(d) => {
            let prefix = d
                .prefix()
                .and_then(|p| p.as_str())
                .unwrap_or("")
                .to_string();
            d.set_prefix(format!("{text}{prefix}"));
        }
        None => {
            let trailing = doc.trailing().as_str().unwrap_or("").to_string();
            doc.set_trailing(format!("{trailing}{text}"));
        }
    }
}
