//! TOML text to a [`Node`] tree, so answers files may be written in TOML with
//! the same structure as YAML. The toml crate rejects duplicate keys itself.

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::input::diagnostic::{Code, Diagnostic};
use crate::input::doc::{Key, Node, Value};
use crate::input::source::{Pos, Source};

pub fn parse(source: &Source) -> Result<Node, Vec<Diagnostic>> {
    match DeTable::parse(&source.text) {
        Ok(table) => {
            let mut offsets = vec![table.span().start];
            collect_offsets(table.get_ref(), &mut offsets);
            let places = Places::new(&source.text, offsets);
            let pos = places.pos(table.span().start);
            Ok(Node::new(
                Value::Map(convert_table(&places, table.get_ref())),
                pos,
            ))
        }
        Err(e) => {
            let pos = e.span().map(|s| source.pos_of_offset(s.start));
            let message = format!("invalid TOML: {}", e.message().trim_end());
            Err(vec![
                Diagnostic::error(Code::TomlSyntax, &source.name, pos, message).with_help(
                    "in TOML, words are quoted (`answer = \"yes\"`), keys with dots are quoted (`\"cme.capability-evals\" = \"yes\"`), dates are bare (`as_of = 2026-11-20`) and each section starts with `[name]`",
                ),
            ])
        }
    }
}

/// Line and column of every key and value, found in one pass over the text.
/// (Counting from the start of the text for each one took minutes for a
/// TOML file of 100,000 keys within the size limit.)
struct Places {
    at: Vec<(usize, Pos)>,
}

impl Places {
    fn new(text: &str, mut offsets: Vec<usize>) -> Places {
        offsets.sort_unstable();
        offsets.dedup();
        let mut at = Vec::with_capacity(offsets.len());
        let (mut line, mut col) = (1u32, 1u32);
        let mut chars = text.char_indices().peekable();
        for offset in offsets {
            while let Some((_, c)) = chars.next_if(|&(i, _)| i < offset) {
                if c == '\n' {
                    line = line.saturating_add(1);
                    col = 1;
                } else {
                    col = col.saturating_add(1);
                }
            }
            at.push((offset, Pos::new(line, col)));
        }
        Places { at }
    }

    fn pos(&self, offset: usize) -> Pos {
        self.at
            .binary_search_by_key(&offset, |&(o, _)| o)
            .map_or(Pos::new(1, 1), |i| self.at[i].1)
    }
}

fn collect_offsets(table: &DeTable<'_>, out: &mut Vec<usize>) {
    for (k, v) in table {
        out.push(k.span().start);
        collect_value_offsets(v, out);
    }
}

fn collect_value_offsets(value: &Spanned<DeValue<'_>>, out: &mut Vec<usize>) {
    out.push(value.span().start);
    match value.get_ref() {
        DeValue::Array(items) => items.iter().for_each(|i| collect_value_offsets(i, out)),
        DeValue::Table(t) => collect_offsets(t, out),
        _ => {}
    }
}

fn convert_table(places: &Places, table: &DeTable<'_>) -> Vec<(Key, Node)> {
    table
        .iter()
        .map(|(k, v)| {
            let key = Key {
                name: k.get_ref().to_string(),
                pos: places.pos(k.span().start),
            };
            (key, convert(places, v))
        })
        .collect()
}

fn convert(places: &Places, value: &Spanned<DeValue<'_>>) -> Node {
    let pos = places.pos(value.span().start);
    let v = match value.get_ref() {
        DeValue::String(s) => Value::Str(s.to_string()),
        DeValue::Integer(i) => i64::from_str_radix(&i.as_str().replace('_', ""), i.radix())
            .map_or_else(|_| Value::Str(i.as_str().to_string()), Value::Int),
        DeValue::Float(f) => f
            .as_str()
            .replace('_', "")
            .parse::<f64>()
            .map_or_else(|_| Value::Str(f.as_str().to_string()), Value::Float),
        DeValue::Boolean(b) => Value::Bool(*b),
        // Dates are text in the tree; the decoders parse them strictly.
        DeValue::Datetime(d) => Value::Str(d.to_string()),
        DeValue::Array(items) => Value::Seq(items.iter().map(|i| convert(places, i)).collect()),
        DeValue::Table(t) => Value::Map(convert_table(places, t)),
    };
    Node::new(v, pos)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::source::Pos;

    #[test]
    fn keeps_order_positions_and_dates() {
        let src = Source::new(
            "a.toml",
            "mera = 1\n[organization]\nname = \"X\"\nas_of = 2026-11-20\n",
        );
        let node = parse(&src).unwrap();
        let org = node.get("organization").unwrap();
        assert_eq!(
            org.get("as_of").unwrap().value,
            Value::Str("2026-11-20".into())
        );
        let Value::Map(entries) = &org.value else {
            panic!()
        };
        assert_eq!(entries[0].0.name, "name");
        assert_eq!(entries[1].0.pos, Pos::new(4, 1));
    }

    #[test]
    fn positions_are_found_in_one_pass_out_of_order_and_past_wide_characters() {
        // `[t.e]` reopens `t` after `[u]`: the tree visits offsets out of order.
        let text = "a = 1\n[t]\nb = { c = \"é\", d = [1, 2] }\n[u]\nx = 0\n[t.e]\nf = 2026-11-20\n";
        let node = parse(&Source::new("a.toml", text)).unwrap();
        let t = node.get("t").unwrap();
        let d = t.get("b").unwrap().get("d").unwrap();
        assert_eq!(d.pos, Pos::new(3, 20)); // `é` is one column, two bytes
        let Value::Seq(items) = &d.value else {
            panic!()
        };
        assert_eq!(items[1].pos, Pos::new(3, 24));
        let Value::Map(e) = &t.get("e").unwrap().value else {
            panic!()
        };
        assert_eq!((e[0].0.pos, e[0].1.pos), (Pos::new(7, 1), Pos::new(7, 5)));
        let Value::Map(u) = &node.get("u").unwrap().value else {
            panic!()
        };
        assert_eq!(u[0].0.pos, Pos::new(5, 1));
    }

    #[test]
    fn duplicate_keys_are_errors() {
        let errs = parse(&Source::new("a.toml", "a = 1\na = 2\n")).unwrap_err();
        assert_eq!(errs[0].code, Code::TomlSyntax);
        assert_eq!(errs[0].pos.map(|p| p.line), Some(2));
    }
}
