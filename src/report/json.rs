//! JSON report: the assessment as data, with a `format_version` that changes
//! only when a field is removed or changes meaning.

use serde::Serialize;

use super::Report;
use crate::assessment::Assessment;
use crate::assessment::gate::Verdict;

pub const FORMAT_VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    format_version: u32,
    tool: Tool,
    notice: &'static str,
    assessments: Vec<Entry<'a>>,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Entry<'a> {
    #[serde(flatten)]
    assessment: &'a Assessment,
    #[serde(skip_serializing_if = "Option::is_none")]
    gate: Option<&'a Verdict>,
}

/// One file's assessment as one line of compact JSON (for `jsonl`): the
/// same fields as an entry of the JSON document, with `format_version`.
pub fn line(report: &Report) -> String {
    #[derive(Serialize)]
    struct Line<'a> {
        format_version: u32,
        #[serde(flatten)]
        entry: Entry<'a>,
    }
    let line = Line {
        format_version: FORMAT_VERSION,
        entry: Entry {
            assessment: report.assessment,
            gate: report.verdict,
        },
    };
    let mut text = serde_json::to_string(&line).unwrap_or_default();
    text.push('\n');
    text
}

pub fn render(reports: &[Report]) -> String {
    let doc = Document {
        format_version: FORMAT_VERSION,
        notice: super::VOLUNTARY_NOTE,
        tool: Tool {
            name: "mera",
            version: env!("CARGO_PKG_VERSION"),
        },
        assessments: reports
            .iter()
            .map(|r| Entry {
                assessment: r.assessment,
                gate: r.verdict,
            })
            .collect(),
    };
    // Serializing plain data with string keys cannot fail.
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}
