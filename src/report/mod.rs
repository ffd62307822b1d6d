//! Renderers: an assessment (and, when a gate ran, its verdict) in, text
//! out. One module per format; none of them writes anywhere.

pub mod json;
pub mod markdown;
pub mod summary;
pub mod table;
pub mod text;

use crate::assessment::gate::Verdict;
use crate::assessment::{Assessment, Gap};

/// One assessed file, ready to render.
#[derive(Clone, Debug)]
pub struct Report<'a> {
    pub assessment: &'a Assessment,
    pub verdict: Option<&'a Verdict>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Table,
    Markdown,
    Json,
    /// One compact JSON object per line, one line per answers file.
    Jsonl,
}

impl Format {
    pub const WORDS: [(&'static str, Format); 5] = [
        ("table", Format::Table),
        ("markdown", Format::Markdown),
        ("md", Format::Markdown),
        ("json", Format::Json),
        ("jsonl", Format::Jsonl),
    ];

    pub fn parse(word: &str) -> Option<Format> {
        Format::WORDS
            .iter()
            .find(|(w, _)| *w == word)
            .map(|(_, f)| *f)
    }

    /// Whether a report of many files is the reports of each file one after
    /// another, so each can be written as soon as its file is scored.
    pub fn streams(self) -> bool {
        matches!(self, Format::Table | Format::Markdown | Format::Jsonl)
    }

    /// What goes between two files' reports in a streaming format.
    pub fn separator(self) -> &'static str {
        match self {
            Format::Table => "\n",
            Format::Markdown => markdown::SEPARATOR,
            Format::Json | Format::Jsonl => "",
        }
    }
}

/// How the terminal table should look; other formats ignore it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Style {
    pub color: bool,
    pub width: u16,
}

impl Default for Style {
    fn default() -> Self {
        Style {
            color: false,
            width: 120,
        }
    }
}

pub fn render(format: Format, reports: &[Report], style: Style) -> String {
    match format {
        Format::Json => json::render(reports),
        _ => {
            let mut out = String::new();
            for (i, r) in reports.iter().enumerate() {
                if i > 0 {
                    out.push_str(format.separator());
                }
                out.push_str(&render_one(format, r, style));
            }
            out
        }
    }
}

/// One file's report in a streaming format (a whole document otherwise).
pub fn render_one(format: Format, report: &Report, style: Style) -> String {
    match format {
        Format::Table => table::render_one(report, style),
        Format::Markdown => markdown::render_one(report),
        Format::Jsonl => json::line(report),
        Format::Json => json::render(std::slice::from_ref(report)),
    }
}

pub const PRIVILEGED: &str = "PRIVILEGED & CONFIDENTIAL: prepared at the direction of counsel";

pub const VOLUNTARY_NOTE: &str = "Executive Order 14409 sets up voluntary frameworks and agency \
directives, and prioritizes enforcement of existing criminal statutes; it creates no licensing or \
preclearance requirement (§3(c)). A gap in this report is a readiness risk, not a violation.";

pub fn score_text(score: Option<f64>) -> String {
    score.map_or_else(|| "not applicable".to_string(), |s| format!("{s:.1}"))
}

pub fn as_of_text(a: &Assessment) -> String {
    use crate::assessment::{AsOfSource, RunDateSource};
    let source = match a.as_of_source {
        AsOfSource::Flag => "from --as-of: the answers file gives no as_of",
        AsOfSource::AnswersFile => "from the answers file",
        AsOfSource::Clock => "today's date: no as_of was given",
    };
    let judged = match a.run_date_source {
        RunDateSource::AsOf => "the same date".to_string(),
        RunDateSource::Flag => format!("{} (from --as-of)", a.run_date),
        RunDateSource::Clock => format!("{} (today)", a.run_date),
    };
    format!(
        "{} ({source}); waivers, evidence age and overdue actions judged on {judged}",
        a.as_of
    )
}

/// Citations grouped by legal force, duplicates merged:
/// "§4, 18 U.S.C. §1030 (CFAA) [criminal-enforcement]; Van Buren (2021) [reference]".
pub fn provisions_text(gap: &Gap) -> String {
    let mut groups: Vec<(crate::content::catalog::Force, Vec<&str>)> = Vec::new();
    for p in &gap.provisions {
        match groups.iter_mut().find(|(f, _)| *f == p.force) {
            Some((_, cites)) if cites.contains(&p.short.as_str()) => {}
            Some((_, cites)) => cites.push(&p.short),
            None => groups.push((p.force, vec![&p.short])),
        }
    }
    groups
        .iter()
        .map(|(force, cites)| format!("{} [{}]", cites.join(", "), force.as_str()))
        .collect::<Vec<_>>()
        .join("; ")
}

pub fn due_text(gap: &Gap) -> String {
    match (gap.action.due, &gap.action.due_rule) {
        (Some(d), _) if gap.action.overdue => format!("{d} OVERDUE"),
        (Some(d), _) => d.to_string(),
        (None, Some(rule)) => format!("({rule})"),
        (None, None) => String::new(),
    }
}

pub fn state_text(gap: &Gap) -> String {
    let state = match (gap.state, &gap.answer) {
        (crate::content::questionnaire::GapState::NoEvidence, Some(a)) => {
            format!("{a}, no evidence")
        }
        (crate::content::questionnaire::GapState::Unanswered, _) => "unanswered".to_string(),
        (_, Some(a)) => a.clone(),
        (s, None) => s.as_str().to_string(),
    };
    if gap.waived {
        format!("{state} (waived)")
    } else {
        state
    }
}

/// "active, expires 2027-02-28, approved by General Counsel" (plus a nudge
/// when the waived question is no longer a gap).
pub fn waiver_text(w: &crate::assessment::WaiverStatus, expired_word: &str) -> String {
    let status = if w.expired { expired_word } else { "active" };
    let covers = if w.covers_gap {
        ""
    } else {
        " (no open gap: consider removing it)"
    };
    format!(
        "{status}, expires {}, approved by {}{covers}",
        w.expires, w.approved_by
    )
}

pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A one-line summary: "72.4/100, partial: 40 of 45 questions answered, 12 gaps".
pub fn summary_line(a: &Assessment) -> String {
    let Some(score) = a.score else {
        return "not applicable: no question applies to this profile".to_string();
    };
    format!(
        "{score:.1}/100, {}: {} of {} answered, {}",
        a.readiness.as_str(),
        a.answered(),
        plural(
            a.applicable(),
            "applicable question",
            "applicable questions"
        ),
        plural(a.gaps.len(), "gap", "gaps"),
    )
}

/// Context lines, e.g. training compute beside the reference thresholds.
pub fn context_lines(a: &Assessment) -> Vec<String> {
    a.context
        .iter()
        .map(|c| {
            let parts: Vec<String> = c
                .comparisons
                .iter()
                .map(|p| {
                    format!(
                        "{} {}",
                        if p.above { "above" } else { "at or below" },
                        p.label
                    )
                })
                .collect();
            format!(
                "{} = {:e}: {} (reference points only; the order's test is cyber capability)",
                c.fact,
                c.value,
                parts.join("; ")
            )
        })
        .collect()
}
