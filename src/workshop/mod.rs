//! Workshop: the commands a consultant runs in the room, as pure functions
//! over the same answers files `assess` reads. The interview's state
//! machine, in-place edits to an answers file, the diff of two assessments,
//! the merge of several respondents, the dated timeline and the shortest
//! plan to a readiness level. The CLI drives them; nothing here prints.

pub mod changes;
pub mod diff;
pub mod edit;
pub mod interview;
pub mod merge;
pub mod plan;
pub mod timeline;
pub mod upgrade;
pub mod yaml_text;

use serde::Serialize;

/// The formats the workshop reports print (the timeline adds iCalendar).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Table,
    Markdown,
    Json,
}

impl Format {
    pub const WORDS: [(&'static str, Format); 4] = [
        ("table", Format::Table),
        ("markdown", Format::Markdown),
        ("md", Format::Markdown),
        ("json", Format::Json),
    ];

    pub fn parse(word: &str) -> Option<Format> {
        Format::WORDS
            .iter()
            .find(|(w, _)| *w == word)
            .map(|(_, f)| *f)
    }
}

/// Version of the JSON the workshop commands print; it changes only when a
/// field is removed or changes meaning, as for `assess`.
pub const JSON_FORMAT_VERSION: u32 = 1;

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Document<'a, T: Serialize> {
    format_version: u32,
    tool: Tool,
    notice: &'static str,
    #[serde(flatten)]
    body: &'a T,
}

/// `body`'s fields in a versioned JSON document, like `assess --format json`.
pub(crate) fn json<T: Serialize>(body: &T) -> String {
    let doc = Document {
        format_version: JSON_FORMAT_VERSION,
        tool: Tool {
            name: "mera",
            version: env!("CARGO_PKG_VERSION"),
        },
        notice: crate::report::VOLUNTARY_NOTE,
        body,
    };
    // Plain data with string keys always serializes.
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

/// A score change with its sign: "+7.4", "-3.0", "0.0".
pub(crate) fn signed(change: f64) -> String {
    if change > 0.0 {
        format!("+{change:.1}")
    } else if change < 0.0 {
        format!("{change:.1}")
    } else {
        "0.0".to_string()
    }
}

/// A comfy-table in the style of the assess report, without colour.
pub(crate) fn text_table(header: &[&str], width: u16) -> comfy_table::Table {
    let mut t = comfy_table::Table::new();
    t.load_style(comfy_table::presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(comfy_table::ContentArrangement::Dynamic)
        .set_width(width)
        .force_no_tty()
        .set_header(header.to_vec());
    t
}

/// The header line of a terminal block, as the gap report writes it: the
/// parts joined by " · ", as many as fit on the first line; each part that
/// does not fit starts a line of its own under `indent`. A part is never
/// split, so an id longer than the line stays whole.
pub(crate) fn block_header(parts: &[String], width: usize, indent: &str) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for part in parts.iter().filter(|p| !p.is_empty()) {
        if line.is_empty() {
            line.push_str(part);
        } else if line.chars().count() + 3 + part.chars().count() <= width {
            line.push_str(" · ");
            line.push_str(part);
        } else {
            out.push_str(&line);
            out.push('\n');
            line = format!("{indent}{part}");
        }
    }
    if !line.is_empty() {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// `text` wrapped on word boundaries under `indent`, with `label` (e.g.
/// "→ ") before the first line and spaces of its width before the rest.
pub(crate) fn block_line(text: &str, width: usize, indent: &str, label: &str) -> String {
    let rest = format!("{indent}{}", " ".repeat(label.chars().count()));
    crate::text::wrap_hanging(text.trim(), width, &format!("{indent}{label}"), &rest)
}

/// Markdown table cell text.
pub(crate) fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}
