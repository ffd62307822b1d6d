//! YAML text for what the workshop commands write: scalars that read back
//! exactly as typed, and block-style entries for answers. Each scalar is
//! checked by parsing it back with the same parser that reads answers files.

use crate::assessment::answers::{Answer, ConflictingAnswer};
use crate::input::doc::Value as Parsed;
use crate::input::source::Source;

/// A value to write under a key, in block style.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// A scalar, already written as YAML (see [`scalar`]); empty for none.
    Scalar(String),
    /// A list of scalars, one `- item` per line.
    List(Vec<String>),
    /// A nested mapping.
    Map(Vec<(String, Value)>),
    /// A list of mappings (`- key: value` blocks).
    Records(Vec<Vec<(String, Value)>>),
}

/// `text` as a YAML scalar that reads back as exactly `text`: plain when
/// that is safe, double-quoted otherwise.
pub fn scalar(text: &str) -> String {
    if reads_back(text, text) {
        return text.to_string();
    }
    // A JSON string is a valid YAML double-quoted scalar.
    serde_json::to_string(text).unwrap_or_else(|_| format!("{text:?}"))
}

fn reads_back(written: &str, text: &str) -> bool {
    if written.is_empty() || written.contains(['\n', '\r']) {
        return false;
    }
    let doc = format!("k: {written}\n");
    match crate::input::yaml::parse(&Source::new("scalar", doc)) {
        Ok(root) => root.get("k").map(|n| &n.value) == Some(&Parsed::Str(text.to_string())),
        Err(_) => false,
    }
}

/// A content version as YAML reads it back as text: `2026.11.1` plain,
/// `1.2` (a number to YAML) quoted.
pub fn version(v: &str) -> String {
    if v.matches('.').count() <= 1 {
        format!("\"{v}\"")
    } else {
        v.to_string()
    }
}

/// A number as YAML reads it back: whole numbers plainly, others in
/// e-notation (`3e25`).
pub fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.0}")
    } else {
        format!("{v:e}")
    }
}

/// The lines of `key: value` at `indent` spaces (nested levels two deeper),
/// without line endings.
pub fn lines(key: &str, value: &Value, indent: usize) -> Vec<String> {
    let pad = " ".repeat(indent);
    match value {
        Value::Scalar(s) if s.is_empty() => vec![format!("{pad}{key}:")],
        Value::Scalar(s) => vec![format!("{pad}{key}: {s}")],
        Value::List(items) => std::iter::once(format!("{pad}{key}:"))
            .chain(items.iter().map(|i| format!("{pad}  - {i}")))
            .collect(),
        Value::Map(fields) => std::iter::once(format!("{pad}{key}:"))
            .chain(fields.iter().flat_map(|(k, v)| lines(k, v, indent + 2)))
            .collect(),
        Value::Records(records) => {
            let mut out = vec![format!("{pad}{key}:")];
            for record in records {
                for (i, (k, v)) in record.iter().enumerate() {
                    let mut field = lines(k, v, indent + 4);
                    if i == 0 {
                        field[0] = format!("{pad}  - {}", field[0].trim_start());
                    }
                    out.extend(field);
                }
            }
            out
        }
    }
}

/// An answer as it is written: the short form (`id: yes`) when it is only
/// a word, the long form otherwise.
pub fn answer_value(answer: &Answer) -> Value {
    let mut fields = vec![(
        "answer".to_string(),
        Value::Scalar(scalar(answer.response.word())),
    )];
    if let Some(d) = answer.decide_by {
        fields.push(("decide_by".into(), Value::Scalar(d.to_string())));
    }
    details(
        &mut fields,
        &answer.evidence,
        answer.note.as_deref(),
        answer.owner.as_deref(),
        answer.reviewed,
    );
    if answer.confidential {
        fields.push(("confidential".into(), Value::Scalar("true".into())));
    }
    if let Some(by) = &answer.by {
        fields.push(("by".into(), Value::Scalar(scalar(by))));
    }
    if let Some(v) = &answer.answered_in {
        fields.push(("answered_in".into(), Value::Scalar(version(v.as_str()))));
    }
    if !answer.conflict.is_empty() {
        let records = answer.conflict.iter().map(conflict_record).collect();
        fields.push(("conflict".into(), Value::Records(records)));
    }
    if fields.len() == 1 {
        fields.remove(0).1
    } else {
        Value::Map(fields)
    }
}

fn conflict_record(c: &ConflictingAnswer) -> Vec<(String, Value)> {
    let mut fields = vec![
        ("by".to_string(), Value::Scalar(scalar(&c.by))),
        (
            "answer".to_string(),
            Value::Scalar(scalar(c.response.word())),
        ),
    ];
    if let Some(d) = c.decide_by {
        fields.push(("decide_by".into(), Value::Scalar(d.to_string())));
    }
    details(
        &mut fields,
        &c.evidence,
        c.note.as_deref(),
        c.owner.as_deref(),
        c.reviewed,
    );
    fields
}

fn details(
    fields: &mut Vec<(String, Value)>,
    evidence: &[String],
    note: Option<&str>,
    owner: Option<&str>,
    reviewed: Option<chrono::NaiveDate>,
) {
    if !evidence.is_empty() {
        let items = evidence.iter().map(|e| scalar(e)).collect();
        fields.push(("evidence".into(), Value::List(items)));
    }
    for (key, text) in [("note", note), ("owner", owner)] {
        if let Some(t) = text {
            fields.push((key.into(), Value::Scalar(scalar(t))));
        }
    }
    if let Some(d) = reviewed {
        fields.push(("reviewed".into(), Value::Scalar(d.to_string())));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_read_back_exactly() {
        for text in [
            "Security Engineering",
            "yes",
            "true",
            "3.0e25",
            "2026-11-20",
            "a: b",
            "a #b",
            "- item",
            "#hash",
            "'quoted'",
            "\"dq\"",
            " padded ",
            "tab\there",
            "line\nbreak",
            "back\\slash",
            "{flow}",
            "~",
            "null",
            "",
            "é ü 漢字",
            "@at",
            "`tick",
            "%pct",
            "* star",
            "& amp",
            "! bang",
            "| pipe",
            "> gt",
        ] {
            let written = scalar(text);
            let doc = format!("k: {written}\n");
            let root = crate::input::yaml::parse(&Source::new("t", doc.clone()))
                .unwrap_or_else(|e| panic!("{text:?} -> {written}: {e:?}"));
            assert_eq!(
                root.get("k").unwrap().value,
                Parsed::Str(text.to_string()),
                "{text:?} written as {written}"
            );
        }
        assert_eq!(scalar("Security Engineering"), "Security Engineering");
        assert_eq!(scalar("true"), "\"true\"");
    }

    #[test]
    fn records_nest_under_a_dash() {
        let v = Value::Records(vec![vec![
            ("by".into(), Value::Scalar("CISO".into())),
            ("answer".into(), Value::Scalar("yes".into())),
            ("evidence".into(), Value::List(vec!["a.pdf".into()])),
        ]]);
        assert_eq!(
            lines("conflict", &v, 4),
            vec![
                "    conflict:",
                "      - by: CISO",
                "        answer: yes",
                "        evidence:",
                "          - a.pdf",
            ]
        );
    }
}
