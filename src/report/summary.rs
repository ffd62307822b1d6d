//! A portfolio at a glance: one row per assessed answers file (score,
//! level, open critical and high gaps, overdue actions, stale evidence,
//! waivers about to expire), sortable, as a table, Markdown, CSV or JSON.

use std::fmt::Write as _;

use chrono::Days;
use serde::Serialize;

use crate::assessment::{Assessment, Readiness};
use crate::content::questionnaire::Severity;

/// Waivers expiring within this many days of the run date are counted.
pub const EXPIRING_WITHIN_DAYS: u64 = 30;

/// The JSON shape's version; it changes only when a field is removed or
/// changes meaning.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Row {
    pub organization: String,
    pub score: Option<f64>,
    pub level: Readiness,
    pub critical_gaps: usize,
    pub high_gaps: usize,
    pub overdue_actions: usize,
    pub stale_evidence: usize,
    /// Active waivers that expire within [`EXPIRING_WITHIN_DAYS`] of the run date.
    pub waivers_expiring: usize,
    /// Waivers already expired on the run date.
    pub waivers_expired: usize,
    pub as_of: chrono::NaiveDate,
    pub run_date: chrono::NaiveDate,
    pub file: String,
    /// The privilege legend, for a privileged assessment.
    pub privilege_legend: Option<String>,
}

impl Row {
    pub fn of(a: &Assessment) -> Row {
        let gaps_at = |s: Severity| a.gaps.iter().filter(|g| g.severity == s).count();
        let horizon = a
            .run_date
            .checked_add_days(Days::new(EXPIRING_WITHIN_DAYS))
            .unwrap_or(a.run_date);
        Row {
            organization: a.organization.name.clone(),
            score: a.score,
            level: a.readiness,
            critical_gaps: gaps_at(Severity::Critical),
            high_gaps: gaps_at(Severity::High),
            overdue_actions: a.gaps.iter().filter(|g| g.action.overdue).count(),
            stale_evidence: a.stale_evidence.len(),
            waivers_expiring: a
                .waivers
                .iter()
                .filter(|w| !w.expired && w.expires <= horizon)
                .count(),
            waivers_expired: a.waivers.iter().filter(|w| w.expired).count(),
            as_of: a.as_of,
            run_date: a.run_date,
            file: a.file.clone(),
            privilege_legend: a.organization.legend().map(str::to_string),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortKey {
    /// The order the files were given (folders in name order).
    File,
    /// Lowest score first; not applicable last.
    Score,
    /// Furthest from ready first, then lowest score.
    Level,
    /// Most overdue actions first, then lowest score.
    Overdue,
    /// By organization name.
    Name,
}

impl SortKey {
    pub const WORDS: [(&'static str, SortKey); 5] = [
        ("file", SortKey::File),
        ("score", SortKey::Score),
        ("level", SortKey::Level),
        ("overdue", SortKey::Overdue),
        ("name", SortKey::Name),
    ];
}

/// Sort in place; ties keep the given order.
pub fn sort(rows: &mut [Row], key: SortKey) {
    let score = |r: &Row| r.score.unwrap_or(f64::INFINITY);
    match key {
        SortKey::File => {}
        SortKey::Score => rows.sort_by(|a, b| score(a).total_cmp(&score(b))),
        SortKey::Level => rows.sort_by(|a, b| {
            level_rank(a.level)
                .cmp(&level_rank(b.level))
                .then(score(a).total_cmp(&score(b)))
        }),
        SortKey::Overdue => rows.sort_by(|a, b| {
            b.overdue_actions
                .cmp(&a.overdue_actions)
                .then(score(a).total_cmp(&score(b)))
        }),
        SortKey::Name => rows.sort_by(|a, b| {
            a.organization
                .to_lowercase()
                .cmp(&b.organization.to_lowercase())
        }),
    }
}

/// The privilege legends of the privileged files, each once, with the
/// files it covers: printed above every layout, since a summary of
/// privileged assessments is itself privileged.
fn legends(rows: &[Row]) -> Vec<String> {
    let mut out: Vec<(&str, Vec<&str>)> = Vec::new();
    for r in rows {
        let Some(legend) = r.privilege_legend.as_deref() else {
            continue;
        };
        match out.iter_mut().find(|(l, _)| *l == legend) {
            Some((_, files)) => files.push(&r.file),
            None => out.push((legend, vec![&r.file])),
        }
    }
    out.into_iter()
        .map(|(legend, files)| {
            if files.len() == rows.len() {
                legend.to_string()
            } else {
                format!("{legend} ({})", files.join(", "))
            }
        })
        .collect()
}

/// Not ready first, not applicable last.
fn level_rank(level: Readiness) -> u8 {
    match level {
        Readiness::NotReady => 0,
        Readiness::Partial => 1,
        Readiness::Ready => 2,
        Readiness::NotApplicable => 3,
    }
}

const HEADER: [&str; 10] = [
    "Organization",
    "Score",
    "Level",
    "Crit",
    "High",
    "Late",
    "Stale",
    "Expired",
    "Expiring",
    "File",
];

/// What the short column names mean.
const LEGEND: &str = "Crit, High: open critical and high gaps. Late: overdue actions. \
Stale: stale evidence. Expired: waivers expired on the run date (each fails the gate). \
Expiring: waivers expiring within 30 days of the run date.";

fn cells(r: &Row) -> [String; 10] {
    [
        r.organization.clone(),
        super::score_text(r.score),
        r.level.as_str().to_string(),
        r.critical_gaps.to_string(),
        r.high_gaps.to_string(),
        r.overdue_actions.to_string(),
        r.stale_evidence.to_string(),
        r.waivers_expired.to_string(),
        r.waivers_expiring.to_string(),
        r.file.clone(),
    ]
}

/// A terminal table, one line per file, then the totals and a legend
/// wrapped to `width`. On a terminal narrower than the table (`terminal`
/// is its width), each file gets a block of two lines instead, since a
/// table row the terminal wraps cannot be read; pipes and files always get
/// the table, one line per file, so that they can be searched by line.
///
/// Drawn here rather than with comfy-table, in the same box style the other
/// tables use: comfy-table keeps every cell of every row until it prints,
/// which for a 10,000-file portfolio was 27 MB; here each row is written as
/// soon as the column widths are known.
pub fn table(rows: &[Row], width: u16, terminal: Option<u16>) -> String {
    let mut head = String::new();
    for l in legends(rows) {
        let cols = usize::from(terminal.unwrap_or(width));
        head.push_str(&super::text::wrap_hanging(&l, cols, "", "  "));
    }
    head + &table_body(rows, width, terminal)
}

fn table_body(rows: &[Row], width: u16, terminal: Option<u16>) -> String {
    let mut widths = HEADER.map(|h| h.chars().count());
    for row in rows.iter().map(cells) {
        for (w, c) in widths.iter_mut().zip(&row) {
            *w = (*w).max(c.chars().count());
        }
    }
    // Each column is padded by a space on both sides, between 11 rules.
    let drawn = widths.iter().map(|w| w + 2).sum::<usize>() + widths.len() + 1;
    if let Some(cols) = terminal.filter(|c| usize::from(*c) < drawn) {
        return blocks(rows, usize::from(cols));
    }
    let rule = |left: &str, fill: &str, cross: &str, right: &str| {
        let parts: Vec<String> = widths.iter().map(|w| fill.repeat(w + 2)).collect();
        format!("{left}{}{right}\n", parts.join(cross))
    };
    let line = |row: &[String]| {
        let parts: Vec<String> = row
            .iter()
            .zip(widths)
            .enumerate()
            .map(|(i, (c, w))| {
                let pad = " ".repeat(w - c.chars().count());
                // Numbers (every column but name, level and file) align right.
                if matches!(i, 0 | 2 | 9) {
                    format!(" {c}{pad} ")
                } else {
                    format!(" {pad}{c} ")
                }
            })
            .collect();
        format!("│{}│\n", parts.join("┆"))
    };
    let mut out = rule("┌", "─", "┬", "┐");
    out.push_str(&line(&HEADER.map(str::to_string)));
    out.push_str(&rule("╞", "═", "╪", "╡"));
    for row in rows.iter().map(cells) {
        out.push_str(&line(&row));
    }
    out.push_str(&rule("└", "─", "┴", "┘"));
    let notes = format!("{} {LEGEND}", totals(rows));
    for l in super::text::wrap(&notes, usize::from(width)) {
        out.push_str(&l);
        out.push('\n');
    }
    out
}

/// Two lines a file, for a terminal too narrow for the table: the
/// organization with its score and level, then the counts spelled out and
/// the file.
fn blocks(rows: &[Row], cols: usize) -> String {
    let mut out = String::new();
    for r in rows {
        out.push_str(&super::text::wrap_hanging(
            &format!(
                "{}: {}, {}",
                r.organization,
                super::score_text(r.score),
                r.level.as_str()
            ),
            cols,
            "",
            "    ",
        ));
        out.push_str(&super::text::wrap_hanging(
            &format!(
                "{} critical · {} high · {} overdue · {} stale · {} expired · {} expiring · {}",
                r.critical_gaps,
                r.high_gaps,
                r.overdue_actions,
                r.stale_evidence,
                r.waivers_expired,
                r.waivers_expiring,
                r.file
            ),
            cols,
            "  ",
            "    ",
        ));
    }
    let notes = format!(
        "{} Critical, high: open gaps of that severity; overdue: actions; stale: evidence; \
         expired: waivers expired on the run date (each fails the gate); \
         expiring: waivers expiring within {EXPIRING_WITHIN_DAYS} days of the run date.",
        totals(rows)
    );
    for l in super::text::wrap(&notes, cols) {
        out.push_str(&l);
        out.push('\n');
    }
    out
}

pub fn markdown(rows: &[Row]) -> String {
    let mut out: String = legends(rows)
        .iter()
        .map(|l| format!("> **{}**\n\n", super::markdown::escape(l)))
        .collect();
    let _ = writeln!(out, "| {} |", HEADER.join(" | "));
    out.push_str("|---|---:|---|---:|---:|---:|---:|---:|---:|---|\n");
    for r in rows {
        let c = cells(r);
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            super::markdown::escape(&c[0]),
            c[1],
            c[2],
            c[3],
            c[4],
            c[5],
            c[6],
            c[7],
            c[8],
            super::markdown::code(&c[9])
        );
    }
    let _ = writeln!(out, "\n{}\n\n{LEGEND}", totals(rows));
    out
}

/// RFC 4180 CSV with a header row (the csv crate quotes what needs it).
pub fn csv(rows: &[Row]) -> String {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    let header = [
        "organization",
        "score",
        "level",
        "critical_gaps",
        "high_gaps",
        "overdue_actions",
        "stale_evidence",
        "waivers_expiring",
        "waivers_expired",
        "as_of",
        "run_date",
        "file",
        "privilege_legend",
    ];
    let _ = w.write_record(header);
    for r in rows {
        let _ = w.write_record([
            r.organization.clone(),
            r.score.map_or_else(String::new, |s| format!("{s:.1}")),
            r.level.as_str().to_string(),
            r.critical_gaps.to_string(),
            r.high_gaps.to_string(),
            r.overdue_actions.to_string(),
            r.stale_evidence.to_string(),
            r.waivers_expiring.to_string(),
            r.waivers_expired.to_string(),
            r.as_of.to_string(),
            r.run_date.to_string(),
            r.file.clone(),
            r.privilege_legend.clone().unwrap_or_default(),
        ]);
    }
    // Writing to a Vec cannot fail, and every field is UTF-8.
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

pub fn json(rows: &[Row]) -> String {
    #[derive(Serialize)]
    struct Document<'a> {
        format_version: u32,
        tool: super::json::Tool,
        notice: &'static str,
        rows: &'a [Row],
    }
    let doc = Document {
        format_version: FORMAT_VERSION,
        tool: super::json::TOOL,
        notice: super::VOLUNTARY_NOTE,
        rows,
    };
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

/// "4 organizations: 1 ready, 2 partial, 1 not-ready; 3 overdue actions".
fn totals(rows: &[Row]) -> String {
    let count = |l: Readiness| rows.iter().filter(|r| r.level == l).count();
    let overdue: usize = rows.iter().map(|r| r.overdue_actions).sum();
    let mut levels = Vec::new();
    for level in [
        Readiness::Ready,
        Readiness::Partial,
        Readiness::NotReady,
        Readiness::NotApplicable,
    ] {
        let n = count(level);
        if n > 0 {
            levels.push(format!("{n} {}", level.as_str()));
        }
    }
    let judged = rows
        .first()
        .map(|r| format!(" judged on {}", r.run_date))
        .unwrap_or_default();
    format!(
        "{}{judged}: {}; {}.",
        crate::text::plural(rows.len(), "organization", "organizations"),
        levels.join(", "),
        crate::text::plural(overdue, "overdue action", "overdue actions")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str, score: Option<f64>, level: Readiness, overdue: usize) -> Row {
        let d = crate::input::doc::parse_date("2026-11-20").unwrap();
        Row {
            organization: name.into(),
            score,
            level,
            critical_gaps: 0,
            high_gaps: 0,
            overdue_actions: overdue,
            stale_evidence: 0,
            waivers_expiring: 0,
            waivers_expired: 0,
            as_of: d,
            run_date: d,
            file: format!("{name}.yaml"),
            privilege_legend: None,
        }
    }

    fn names(rows: &[Row]) -> Vec<&str> {
        rows.iter().map(|r| r.organization.as_str()).collect()
    }

    #[test]
    fn a_terminal_narrower_than_the_table_gets_two_lines_a_file() {
        let rows = vec![
            row(
                "First Prairie Community Bank",
                Some(61.1),
                Readiness::Partial,
                0,
            ),
            row("Nordlys AI AS", Some(22.0), Readiness::NotReady, 3),
        ];
        let wide = table(&rows, 80, None);
        let drawn = wide.lines().next().unwrap().chars().count();
        assert!(wide.lines().nth(3).unwrap().starts_with("│ First Prairie"));
        assert_eq!(table(&rows, 80, Some(drawn as u16)), wide);
        let just_under = table(&rows, 80, Some(drawn as u16 - 1));
        assert!(just_under.starts_with("First Prairie Community Bank: 61.1, partial\n"));
        let narrow = table(&rows, 80, Some(80));
        assert_eq!(
            narrow,
            "First Prairie Community Bank: 61.1, partial
  0 critical · 0 high · 0 overdue · 0 stale · 0 expired · 0 expiring · First
    Prairie Community Bank.yaml
Nordlys AI AS: 22.0, not-ready
  0 critical · 0 high · 3 overdue · 0 stale · 0 expired · 0 expiring · Nordlys
    AI AS.yaml
2 organizations judged on 2026-11-20: 1 partial, 1 not-ready; 3 overdue actions.
Critical, high: open gaps of that severity; overdue: actions; stale: evidence;
expired: waivers expired on the run date (each fails the gate); expiring:
waivers expiring within 30 days of the run date.
"
        );
        assert!(narrow.lines().all(|l| l.chars().count() <= 80));
    }

    #[test]
    fn sorts_worst_first_and_keeps_ties_in_order() {
        let mut rows = vec![
            row("b", Some(90.0), Readiness::Ready, 0),
            row("n/a", None, Readiness::NotApplicable, 0),
            row("a", Some(40.0), Readiness::NotReady, 2),
            row("c", Some(60.0), Readiness::Partial, 2),
        ];
        sort(&mut rows, SortKey::Score);
        assert_eq!(names(&rows), ["a", "c", "b", "n/a"]);
        sort(&mut rows, SortKey::Name);
        assert_eq!(names(&rows), ["a", "b", "c", "n/a"]);
        sort(&mut rows, SortKey::Overdue);
        assert_eq!(names(&rows), ["a", "c", "b", "n/a"]);
        sort(&mut rows, SortKey::Level);
        assert_eq!(names(&rows), ["a", "c", "b", "n/a"]);
    }

    #[test]
    fn csv_quotes_what_needs_quoting() {
        let rows = vec![row("Acme, \"Labs\"", Some(72.25), Readiness::Partial, 1)];
        let text = csv(&rows);
        let mut lines = text.lines();
        assert!(
            lines
                .next()
                .unwrap()
                .starts_with("organization,score,level")
        );
        assert_eq!(
            lines.next().unwrap(),
            "\"Acme, \"\"Labs\"\"\",72.2,partial,0,0,1,0,0,0,2026-11-20,2026-11-20,\"Acme, \"\"Labs\"\".yaml\","
        );
    }

    #[test]
    fn privileged_files_put_their_legend_above_every_layout() {
        let mut privileged = row("Acme", Some(50.0), Readiness::Partial, 0);
        privileged.privilege_legend = Some("PRIVILEGED".into());
        let open = row("Open", Some(90.0), Readiness::Ready, 0);
        let one = vec![privileged.clone()];
        assert_eq!(legends(&one), ["PRIVILEGED"]);
        let both = vec![privileged, open];
        assert_eq!(legends(&both), ["PRIVILEGED (Acme.yaml)"]);
        assert!(markdown(&both).starts_with("> **PRIVILEGED (Acme.yaml)**"));
        assert!(table(&both, 120, None).contains("PRIVILEGED (Acme.yaml)"));
        let csv_text = csv(&both);
        assert!(csv_text.lines().nth(1).unwrap().ends_with(",PRIVILEGED"));
        assert!(csv_text.lines().nth(2).unwrap().ends_with(".yaml,"));
        assert!(legends(&both[1..]).is_empty());
    }

    #[test]
    fn totals_count_levels_and_overdue_actions() {
        let rows = vec![
            row("a", Some(40.0), Readiness::NotReady, 2),
            row("b", Some(90.0), Readiness::Ready, 1),
        ];
        assert_eq!(
            totals(&rows),
            "2 organizations judged on 2026-11-20: 1 ready, 1 not-ready; 3 overdue actions."
        );
    }
}
