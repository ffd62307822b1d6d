//! Renderers: an assessment (and, when a gate ran, its verdict) in, text
//! out. One module per format; none of them writes anywhere.

pub mod json;
pub mod markdown;
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
        Format::Table => table::render(reports, style),
        Format::Markdown => markdown::render(reports),
        Format::Json => json::render(reports),
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
    let source = match a.as_of_source {
        crate::assessment::AsOfSource::Flag => "from --as-of",
        crate::assessment::AsOfSource::AnswersFile => "from the answers file",
        crate::assessment::AsOfSource::Clock => "today's date: no as_of was given",
    };
    format!("{} ({source})", a.as_of)
}

/// Marks a citation whose subsection letters are inferred; see [`inferred_line`].
pub const INFERRED_MARK: &str = "†";

/// Citations grouped by legal force, duplicates merged, inferred subsections
/// marked: "§4, 18 U.S.C. §1030 (CFAA) [criminal-enforcement]; §2(d)† [voluntary-framework]".
pub fn provisions_text(gap: &Gap) -> String {
    let mut groups: Vec<(crate::content::catalog::Force, Vec<String>)> = Vec::new();
    for p in &gap.provisions {
        let cite = if p.inferred {
            format!("{}{INFERRED_MARK}", p.short)
        } else {
            p.short.clone()
        };
        match groups.iter_mut().find(|(f, _)| *f == p.force) {
            Some((_, cites)) if cites.contains(&cite) => {}
            Some((_, cites)) => cites.push(cite),
            None => groups.push((p.force, vec![cite])),
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
                "{} = {:e}: {} (reference points only; the order's benchmark measures cyber capability)",
                c.fact,
                c.value,
                parts.join("; ")
            )
        })
        .collect()
}

/// The legend for [`INFERRED_MARK`], when a gap cites an inferred subsection.
pub fn inferred_line(a: &Assessment) -> Option<String> {
    a.gaps
        .iter()
        .flat_map(|g| &g.provisions)
        .any(|p| p.inferred)
        .then(|| {
            format!(
                "{INFERRED_MARK} {}.",
                crate::content::catalog::INFERRED_NOTE
            )
        })
}

/// Decisions put off to a date: "cme.engagement-decision (wait) by 2026-12-11".
pub fn pending_decisions_line(a: &Assessment) -> Option<String> {
    let items: Vec<String> = a
        .pending_decisions
        .iter()
        .map(|d| {
            let passed = if d.passed { ", PASSED" } else { "" };
            format!("{} ({}) by {}{passed}", d.question, d.answer, d.decide_by)
        })
        .collect();
    (!items.is_empty()).then(|| format!("Decisions due: {}", items.join("; ")))
}

/// Dated rules that could not be computed, grouped by the missing profile date.
pub fn undated_line(a: &Assessment) -> Option<String> {
    let mut facts: Vec<(&str, Vec<&str>)> = Vec::new();
    for u in &a.undated_rules {
        match facts.iter_mut().find(|(f, _)| *f == u.fact) {
            Some((_, qs)) if qs.contains(&u.question.as_str()) => {}
            Some((_, qs)) => qs.push(&u.question),
            None => facts.push((&u.fact, vec![&u.question])),
        }
    }
    let parts: Vec<String> = facts
        .iter()
        .map(|(f, qs)| format!("{f} is not in the profile ({})", qs.join(", ")))
        .collect();
    (!parts.is_empty()).then(|| {
        format!(
            "Dates not computed: {}; those actions are due by their other rule.",
            parts.join("; ")
        )
    })
}
