//! TOML text to a [`Node`] tree, so answers files may be written in TOML with
//! the same structure as YAML. The toml crate rejects duplicate keys itself.

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::input::diagnostic::{Code, Diagnostic};
use crate::input::doc::{Key, Node, Value};
use crate::input::source::Source;

pub fn parse(source: &Source) -> Result<Node, Vec<Diagnostic>> {
    match DeTable::parse(&source.text) {
        Ok(table) => {
            let pos = source.pos_of_offset(table.span().start);
            Ok(Node::new(
                Value::Map(convert_table(source, table.get_ref())),
                pos,
            ))
        }
        Err(e) => {
            let pos = e.span().map(|s| source.pos_of_offset(s.start));
            let message = format!("invalid TOML: {}", e.message().trim_end());
            Err(vec![Diagnostic::error(
                Code::TomlSyntax,
                &source.name,
                pos,
                message,
            )])
        }
    }
}

fn convert_table(source: &Source, table: &DeTable<'_>) -> Vec<(Key, Node)> {
    table
        .iter()
        .map(|(k, v)| {
            let key = Key {
                name: k.get_ref().to_string(),
                pos: source.pos_of_offset(k.span().start),
            };
            (key, convert(source, v))
        })
        .collect()
}

fn convert(source: &Source, value: &Spanned<DeValue<'_>>) -> Node {
    let pos = source.pos_of_offset(value.span().start);
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
        DeValue::Array(items) => Value::Seq(items.iter().map(|i| convert(source, i)).collect()),
        DeValue::Table(t) => Value::Map(convert_table(source, t)),
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
    fn duplicate_keys_are_errors() {
        let errs = parse(&Source::new("a.toml", "a = 1\na = 2\n")).unwrap_err();
        assert_eq!(errs[0].code, Code::TomlSyntax);
        assert_eq!(errs[0].pos.map(|p| p.line), Some(2));
    }
}
