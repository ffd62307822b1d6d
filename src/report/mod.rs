//! Renderers: an assessment (and, when a gate ran, its verdict) in, text
//! out. One module per format; none of them writes anywhere.

pub mod chart;
pub mod github;
pub mod html;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod sarif;
pub mod summary;
pub mod table;

/// The text helpers now live in [`crate::text`]; these names are kept for
/// the callers that still use them.
pub use crate::text::{self as text, plural};

use chrono::NaiveDate;

use crate::assessment::gate::Verdict;
use crate::assessment::{AnswerRecord, Assessment, Gap};

/// One assessed file, ready to render.
#[derive(Clone, Debug)]
pub struct Report<'a> {
    pub assessment: &'a Assessment,
    pub verdict: Option<&'a Verdict>,
    /// The answers file's path relative to the repository root, for
    /// code-scanning locations (SARIF); `None` uses `assessment.file`.
    pub repo_path: Option<String>,
    /// The dated timeline (`assessment::timeline::build`), when the catalog
    /// was at hand to build it: the HTML Gantt chart draws it. `None` draws
    /// what the assessment alone holds (`assessment::timeline::from_assessment`),
    /// through the same code.
    pub timeline: Option<&'a crate::assessment::timeline::Timeline>,
}

impl<'a> Report<'a> {
    pub fn new(assessment: &'a Assessment, verdict: Option<&'a Verdict>) -> Self {
        Report {
            assessment,
            verdict,
            repo_path: None,
            timeline: None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Terminal text: area table and one block per gap.
    Table,
    Markdown,
    Json,
    /// One compact JSON object per line, one line per answers file.
    Jsonl,
    /// A self-contained board pack (no scripts, no external resources).
    Html,
    /// SARIF 2.1.0 for code-scanning tools.
    Sarif,
    /// JUnit XML: one test case per applicable question.
    Junit,
    /// GitHub Actions workflow commands (`::error file=…`).
    Github,
}

impl Format {
    pub const WORDS: [(&'static str, Format); 9] = [
        ("table", Format::Table),
        ("markdown", Format::Markdown),
        ("md", Format::Markdown),
        ("json", Format::Json),
        ("jsonl", Format::Jsonl),
        ("html", Format::Html),
        ("sarif", Format::Sarif),
        ("junit", Format::Junit),
        ("github", Format::Github),
    ];

    /// File extensions that imply a format for `--output PATH` (longest
    /// first where one ends another). `github` has none: its commands are
    /// read from a job's log, not a file.
    pub const EXTENSIONS: [(&'static str, Format); 10] = [
        ("sarif.json", Format::Sarif),
        ("md", Format::Markdown),
        ("markdown", Format::Markdown),
        ("jsonl", Format::Jsonl),
        ("json", Format::Json),
        ("html", Format::Html),
        ("htm", Format::Html),
        ("sarif", Format::Sarif),
        ("xml", Format::Junit),
        ("txt", Format::Table),
    ];

    /// The words for `--format`, one per format ("md" is an alias).
    pub fn names() -> Vec<&'static str> {
        Format::WORDS
            .iter()
            .filter(|(w, _)| *w != "md")
            .map(|(w, _)| *w)
            .collect()
    }

    pub fn parse(word: &str) -> Option<Format> {
        Format::WORDS
            .iter()
            .find(|(w, _)| *w == word)
            .map(|(_, f)| *f)
    }

    /// Whether a report of many files is the reports of each file one after
    /// another, so each can be written as soon as its file is scored.
    pub fn streams(self) -> bool {
        matches!(
            self,
            Format::Table | Format::Markdown | Format::Jsonl | Format::Github
        )
    }

    /// What goes between two files' reports in a streaming format.
    pub fn separator(self) -> &'static str {
        match self {
            Format::Table => "\n",
            Format::Markdown => markdown::SEPARATOR,
            _ => "",
        }
    }
}

/// How the terminal report should look; other formats ignore it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Style {
    pub color: bool,
    pub width: u16,
}

impl Default for Style {
    /// No colour, 80 columns: what files and pipes get.
    fn default() -> Self {
        Style {
            color: false,
            width: 80,
        }
    }
}

pub fn render(format: Format, reports: &[Report], style: Style) -> String {
    match format {
        Format::Json => json::render(reports),
        Format::Html => html::render(reports),
        Format::Sarif => sarif::render(reports),
        Format::Junit => junit::render(reports),
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
        Format::Github => github::render(std::slice::from_ref(report)),
        _ => render(format, std::slice::from_ref(report), style),
    }
}

/// Where a gap stands against the gate, for the formats that mark each gap
/// with a level (GitHub annotations, SARIF results, JUnit cases).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    /// No gate ran (`assess` without gate flags): severity decides.
    Ungated,
    /// Unwaived and at or above `fail_on`: one of the gate's failures.
    Fails,
    /// Open, but below `fail_on` (or `fail_on = "none"`): reported, passing.
    Below,
    /// Waived (active or not: an expired waiver is a failure of its own).
    Waived,
}

impl Standing {
    pub fn of(report: &Report, gap: &Gap) -> Standing {
        match report.verdict {
            _ if gap.waived => Standing::Waived,
            None => Standing::Ungated,
            Some(v) if v.fails_on_gap(&gap.question) => Standing::Fails,
            Some(_) => Standing::Below,
        }
    }
}

/// How loudly a format marks a gap: an error, a warning or a note.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Loudness {
    Error,
    Warning,
    Note,
}

/// A gate's failures are errors and nothing else is: a gap below
/// `fail_on` is a warning (a note when low), a waived gap a note. Without a
/// gate, critical and high gaps are errors, medium warnings, low notes.
pub fn loudness(standing: Standing, severity: crate::content::questionnaire::Severity) -> Loudness {
    use crate::content::questionnaire::Severity;
    match (standing, severity) {
        (Standing::Fails, _) => Loudness::Error,
        (Standing::Waived, _) | (_, Severity::Low) => Loudness::Note,
        (Standing::Ungated, Severity::Critical | Severity::High) => Loudness::Error,
        (Standing::Ungated | Standing::Below, _) => Loudness::Warning,
    }
}

/// What the respondent wrote, for the one-message formats: "Respondent:
/// owner X; evidence: a.pdf; reviewed 2026-10-01. Note: …" (the note
/// marked or withheld as everywhere).
pub fn respondent_text(record: &AnswerRecord) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(r) = record_text(record) {
        parts.push(format!("Respondent: {r}."));
    }
    if let Some(n) = note_text(record) {
        let end = if n.ends_with(['.', '!', '?', ']']) {
            ""
        } else {
            "."
        };
        parts.push(format!("Note: {n}{end}"));
    }
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// The expired waiver on a gap's question, if any: the gap is open again,
/// and the lapsed approval is a gate failure of its own.
pub fn expired_waiver<'a>(
    a: &'a Assessment,
    gap: &Gap,
) -> Option<&'a crate::assessment::WaiverStatus> {
    a.waivers
        .iter()
        .find(|w| w.expired && w.question == gap.question)
}

/// The privilege legend used when `privileged: true` and none is configured.
pub use crate::assessment::answers::DEFAULT_LEGEND as PRIVILEGED;

/// The legend to print on this report: `None` unless `privileged: true`;
/// the configured legend (answers file, else `[report]` in mera.toml) or
/// the default.
pub fn legend(a: &Assessment) -> Option<&str> {
    a.organization.legend()
}

/// The owner to show for a gap's action: the one the answers file names,
/// else the questionnaire's suggested role, marked as such.
pub fn owner_text(gap: &Gap) -> String {
    match &gap.record.owner {
        Some(owner) => owner.clone(),
        None => format!("suggested owner: {}", gap.action.owner),
    }
}

/// "in 11 days", "today", "overdue by 4 days", counted from the run date.
pub fn days_text(due: NaiveDate, run_date: NaiveDate) -> String {
    let days = (due - run_date).num_days();
    match days {
        0 => "due today".to_string(),
        1.. => format!("in {}", plural(days.unsigned_abs() as usize, "day", "days")),
        _ => format!(
            "overdue by {}",
            plural(days.unsigned_abs() as usize, "day", "days")
        ),
    }
}

/// "due 2026-12-01 (in 11 days)", or the rule when no date could be
/// computed; with the lead time already lost when the schedule wanted it
/// earlier: "due 2026-11-20 (due today; 21 days of lead time lost)".
pub fn due_line(gap: &Gap, run_date: NaiveDate) -> Option<String> {
    let lost = lost_text(gap).map(|l| format!("; {l}")).unwrap_or_default();
    match (gap.action.due, &gap.action.due_rule) {
        (Some(d), _) => Some(format!("due {d} ({}{lost})", days_text(d, run_date))),
        (None, Some(rule)) => Some(format!("due {rule}")),
        (None, None) => None,
    }
}

/// "21 days of lead time lost", when the schedule wanted the action done
/// before the assessment date.
pub fn lost_text(gap: &Gap) -> Option<String> {
    gap.action
        .lead_time_lost_days
        .map(|n| format!("{} of lead time lost", plural(n as usize, "day", "days")))
}

/// Why the due date is earlier than the action's own rule: "14 days before
/// `cme.engagement-decision`, due 2026-11-27".
pub fn schedule_text(gap: &Gap) -> Option<String> {
    gap.action.comes_before.as_ref().map(|c| {
        let why = if c.gates {
            " (this decision decides whether it applies)"
        } else {
            ""
        };
        format!("{}{why}", c.describe())
    })
}

/// Each event the work before it no longer fits: how much, for what, and
/// what the sources allow instead.
pub fn short_of_time_lines(a: &Assessment) -> Vec<String> {
    a.short_of_time
        .iter()
        .map(|s| {
            let mut line = format!(
                "Not enough time before {} ({}): {} needed up to {} more than remain before the assessment date ({}).",
                s.label,
                s.date,
                plural(s.questions.len(), "action", "actions"),
                plural(s.most_days_lost as usize, "day", "days"),
                s.questions.join(", ")
            );
            if let Some(options) = &s.options {
                line.push(' ');
                line.push_str(options);
            }
            line
        })
        .collect()
}

/// Each profile fact left out with the questions it keeps open.
pub fn unstated_fact_lines(a: &Assessment) -> Vec<String> {
    a.unstated_facts
        .iter()
        .map(|u| {
            format!(
                "Fact not stated: {} keeps {} open ({}); state it in the profile to settle {}.",
                u.fact,
                plural(u.questions.len(), "question", "questions"),
                u.questions.join(", "),
                if u.questions.len() == 1 { "it" } else { "them" }
            )
        })
        .collect()
}

/// "owner Security Research; evidence: a.pdf, b.pdf; reviewed 2026-10-28".
pub fn record_text(record: &AnswerRecord) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(owner) = &record.owner {
        parts.push(format!("owner {owner}"));
    }
    if let Some(evidence) = record.evidence_text() {
        parts.push(format!("evidence: {evidence}"));
    }
    if let Some(d) = record.reviewed {
        parts.push(format!("reviewed {d}"));
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// The mark put where a confidential note was withheld.
pub const WITHHELD_MARK: &str = "[confidential note withheld]";

/// The note as a report shows it: marked when confidential, or the
/// withheld mark when redacted.
pub fn note_text(record: &AnswerRecord) -> Option<String> {
    if record.note_withheld {
        return Some(WITHHELD_MARK.to_string());
    }
    let note = record.note.as_deref()?.trim();
    Some(if record.confidential {
        format!("[confidential] {note}")
    } else {
        note.to_string()
    })
}

/// What this copy says about confidential notes: how many were withheld,
/// or how many are in it and marked.
pub fn redaction_line(a: &Assessment) -> Option<String> {
    let records = || {
        a.gaps
            .iter()
            .map(|g| &g.record)
            .chain(a.passed.iter().map(|p| &p.record))
    };
    if a.redacted {
        let evidence = records().filter(|r| r.evidence_withheld).count();
        let evidence = (evidence > 0).then(|| {
            format!(
                " Evidence counsel holds is withheld for {}, marked \"held by … (withheld)\".",
                plural(evidence, "answer", "answers")
            )
        });
        return Some(if a.withheld_notes == 0 {
            format!(
                "Redacted copy: no confidential notes to withhold.{}",
                evidence.unwrap_or_default()
            )
        } else {
            format!(
                "Redacted copy: {} withheld, each marked {WITHHELD_MARK}.{}",
                plural(a.withheld_notes, "confidential note", "confidential notes"),
                evidence.unwrap_or_default()
            )
        });
    }
    let shown = a
        .gaps
        .iter()
        .map(|g| &g.record)
        .chain(a.passed.iter().map(|p| &p.record))
        .filter(|r| r.confidential && r.note.is_some())
        .count();
    (shown > 0).then(|| {
        format!(
            "Unredacted copy: {} marked [confidential]; use --redact before sharing it more widely.",
            plural(shown, "confidential note is", "confidential notes are")
        )
    })
}

pub const VOLUNTARY_NOTE: &str = "Executive Order 14409 directs federal agencies: among other \
things, to design a voluntary framework for developers of frontier models and to set up an AI \
cybersecurity clearinghouse that companies may join, and to prioritize enforcement of existing \
criminal statutes; §3(c) says nothing in section 3 authorizes a licensing or preclearance \
requirement. A gap in this report is a readiness risk, not a violation.";

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

/// Marks a citation whose subsection letters are inferred; see [`inferred_line`].
pub use crate::content::catalog::INFERRED_MARK;

/// Citations grouped by legal force, duplicates merged, inferred subsections
/// marked: "§4, 18 U.S.C. §1030 (CFAA) [criminal-enforcement]; §2(d)† [voluntary-framework]".
pub fn provisions_text(gap: &Gap) -> String {
    provision_groups(gap)
        .iter()
        .map(|(force, cites)| format!("{} [{}]", cites.join(", "), force.as_str()))
        .collect::<Vec<_>>()
        .join("; ")
}

/// A gap's citations grouped by legal force, in order, duplicates merged,
/// inferred subsections marked with [`INFERRED_MARK`].
pub fn provision_groups(gap: &Gap) -> Vec<(crate::content::catalog::Force, Vec<String>)> {
    let mut groups: Vec<(crate::content::catalog::Force, Vec<String>)> = Vec::new();
    for p in &gap.provisions {
        let cite = p.cite();
        match groups.iter_mut().find(|(f, _)| *f == p.force) {
            Some((_, cites)) if cites.contains(&cite) => {}
            Some((_, cites)) => cites.push(cite),
            None => groups.push((p.force, vec![cite])),
        }
    }
    groups
}

pub fn due_text(gap: &Gap) -> String {
    let lost = lost_text(gap)
        .map(|l| format!(" ({l})"))
        .unwrap_or_default();
    match (gap.action.due, &gap.action.due_rule) {
        (Some(d), _) if gap.action.overdue => format!("{d} OVERDUE{lost}"),
        (Some(d), _) => format!("{d}{lost}"),
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

/// The legend for the marks the gaps' citations carry (an inferred
/// subsection, general law), when any does.
pub fn inferred_line(a: &Assessment) -> Option<String> {
    let cites: Vec<String> = a
        .gaps
        .iter()
        .flat_map(|g| &g.provisions)
        .map(|p| p.cite())
        .collect();
    let notes = crate::content::catalog::mark_notes(cites.iter().map(String::as_str));
    (!notes.is_empty()).then(|| notes.join(" "))
}

/// Decisions put off to a date: "cme.engagement-decision (wait) by 2026-12-11".
pub fn pending_decisions_line(a: &Assessment) -> Option<String> {
    let items: Vec<String> = a
        .pending_decisions
        .iter()
        .map(|d| {
            let passed = if d.passed { ", PASSED" } else { "" };
            let late = match (d.late, d.needed_by) {
                (true, Some(n)) => format!(", LATE: needed by {n}"),
                _ => String::new(),
            };
            format!(
                "{} ({}) by {}{passed}{late}",
                d.question, d.answer, d.decide_by
            )
        })
        .collect();
    (!items.is_empty()).then(|| format!("Decisions due: {}", items.join("; ")))
}

/// The content changed since the file's stamp: "Content changed since these
/// answers (2026.11.1 → 2026.12.2): …; run `mera upgrade FILE`."
pub fn content_changes_line(a: &Assessment) -> Option<String> {
    let c = a.content.content_changes.as_ref()?;
    let unstamped = if c.stamped { "" } else { ", no stamp" };
    Some(format!(
        "Content changed since these answers ({}{unstamped} → {}): {}; run `mera upgrade {}` and `mera changes {}` for the list.",
        c.answered_against,
        c.current,
        c.counts(),
        a.file,
        a.file
    ))
}

/// One line per answer to review: "cme.engagement-decision: revised in
/// 2026.12.1 (what changed); answered against 2026.11.1".
pub fn review_lines(a: &Assessment) -> Vec<String> {
    a.content
        .to_review
        .iter()
        .map(|r| {
            format!(
                "{}: revised in {} ({}); answered against {}",
                r.question, r.revised_in, r.what_changed, r.answered_in
            )
        })
        .collect()
}

/// What to do about the answers to review, once, after their list.
pub const REVIEW_NOTE: &str = "Each was given before its question's last substantive revision: check it against the question as it is now, then delete its `answered_in` line (or answer it again with `mera interview FILE --revisit changed`).";

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
