//! JSON report: the assessment as data, with a `format_version` that changes
//! only when a field is removed or changes meaning.

use serde::Serialize;

use super::Report;
use crate::assessment::Assessment;
use crate::assessment::gate::Verdict;
use crate::input::diagnostic::{Diagnostic, Level};

pub const FORMAT_VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    format_version: u32,
    tool: Tool,
    notice: &'static str,
    assessments: Vec<Entry<'a>>,
}

#[derive(Serialize)]
pub(crate) struct Tool {
    name: &'static str,
    version: &'static str,
}

/// This program, as every JSON document names it.
pub(crate) const TOOL: Tool = Tool {
    name: "mera",
    version: env!("CARGO_PKG_VERSION"),
};

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

/// One problem with the input, as `--format json` prints it on exit 2.
#[derive(Serialize)]
struct Problem<'a> {
    level: &'static str,
    code: &'a str,
    file: Option<&'a str>,
    line: Option<u32>,
    column: Option<u32>,
    message: &'a str,
    help: Option<&'a str>,
}

#[derive(Serialize)]
struct Problems<'a> {
    format_version: u32,
    tool: Tool,
    problems: Vec<Problem<'a>>,
}

/// Problems with the input (exit 2) as JSON, in the order given; a usage
/// error is a problem with the code `usage` and no file.
pub fn problems(list: &[Diagnostic], usage: Option<&str>) -> String {
    let mut problems: Vec<Problem> = list
        .iter()
        .map(|d| Problem {
            level: match d.level {
                Level::Error => "error",
                Level::Warning => "warning",
            },
            code: d.code.as_str(),
            file: Some(&d.file),
            line: d.pos.map(|p| p.line),
            column: d.pos.map(|p| p.col),
            message: &d.message,
            help: d.help.as_deref(),
        })
        .collect();
    if let Some(message) = usage {
        problems.push(Problem {
            level: "error",
            code: "usage",
            file: None,
            line: None,
            column: None,
            message,
            help: None,
        });
    }
    let doc = Problems {
        format_version: FORMAT_VERSION,
        tool: tool(),
        problems,
    };
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

/// A bad flag or argument as JSON, with the fix when there is one.
pub fn usage_problem(message: &str, help: Option<&str>) -> String {
    let doc = Problems {
        format_version: FORMAT_VERSION,
        tool: tool(),
        problems: vec![Problem {
            level: "error",
            code: "usage",
            file: None,
            line: None,
            column: None,
            message,
            help,
        }],
    };
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

fn tool() -> Tool {
    Tool {
        name: "mera",
        version: env!("CARGO_PKG_VERSION"),
    }
}

pub fn render(reports: &[Report]) -> String {
    let doc = Document {
        format_version: FORMAT_VERSION,
        notice: super::VOLUNTARY_NOTE,
        tool: tool(),
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
