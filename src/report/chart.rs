//! Chart geometry for the HTML report, as plain numbers: a score gauge,
//! bars for the area scores, and a Gantt chart over dated items. The
//! template draws them as inline SVG; nothing here knows about markup.

use chrono::NaiveDate;
use serde::Serialize;

/// A half-circle gauge from 0 to 100.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Gauge {
    /// SVG path of the filled arc (empty when there is no score).
    pub arc: String,
    /// SVG path of the whole track.
    pub track: String,
    pub label: String,
    /// The readiness level word, which also picks the colour class.
    pub level: String,
}

const CX: f64 = 110.0;
const CY: f64 = 110.0;
const R: f64 = 90.0;

fn point(fraction: f64) -> (f64, f64) {
    let angle = std::f64::consts::PI * (1.0 - fraction);
    (CX + R * angle.cos(), CY - R * angle.sin())
}

fn arc(to: f64) -> String {
    let (x0, y0) = point(0.0);
    let (x1, y1) = point(to);
    format!("M {x0:.1} {y0:.1} A {R} {R} 0 0 1 {x1:.1} {y1:.1}")
}

pub fn gauge(score: Option<f64>, level: &str) -> Gauge {
    Gauge {
        arc: score
            .filter(|s| *s > 0.0)
            .map(|s| arc((s / 100.0).clamp(0.0, 1.0)))
            .unwrap_or_default(),
        track: arc(1.0),
        label: score.map_or_else(|| "n/a".to_string(), |s| format!("{s:.1}")),
        level: level.to_string(),
    }
}

/// One horizontal bar per area, scores 0–100.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Bar {
    pub label: String,
    pub value: String,
    /// Bar length in the chart's units (0–`BAR_WIDTH`).
    pub width: f64,
    pub y: f64,
    /// "low" (< 50), "mid" (< 85) or "high", for the colour; the value is
    /// always printed beside the bar.
    pub band: &'static str,
}

pub const BAR_WIDTH: f64 = 700.0;
pub const BAR_ROW: f64 = 54.0;

pub fn bars(items: &[(String, Option<f64>)]) -> Vec<Bar> {
    items
        .iter()
        .enumerate()
        .map(|(i, (label, score))| Bar {
            label: label.clone(),
            value: super::score_text(*score),
            width: score.map_or(0.0, |s| (s / 100.0 * BAR_WIDTH).clamp(0.0, BAR_WIDTH)),
            y: i as f64 * BAR_ROW,
            band: match score {
                Some(s) if *s >= 85.0 => "high",
                Some(s) if *s >= 50.0 => "mid",
                _ => "low",
            },
        })
        .collect()
}

/// Something with a date to put on the Gantt chart: an action's due date,
/// a waiver's expiry, an evidence review, a milestone from a timeline.
/// `start` alone is a point; with `end` it is a span.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DatedItem {
    pub label: String,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    /// A short class name for the colour and the legend: "due", "overdue",
    /// "waiver", "review", "milestone", …
    pub kind: String,
    /// A word written beside the date ("overdue", "passed"), so that no
    /// meaning rests on the colour alone.
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GanttRow {
    pub label: String,
    /// Where the label's baseline starts: left of the axis in the wide
    /// layout, above the mark in the narrow one.
    pub label_x: f64,
    pub label_y: f64,
    pub kind: String,
    pub date: String,
    /// The date and the note, written beside the mark.
    pub text: String,
    /// Where that text starts (or ends, when `text_end`): right of the mark,
    /// or left of it in the last third of the axis, so it stays in view.
    pub text_x: f64,
    pub text_end: bool,
    pub x: f64,
    /// Zero for a point.
    pub width: f64,
    /// The mark's centre line.
    pub y: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Tick {
    pub x: f64,
    /// Empty when it would run into the label before it.
    pub label: String,
    /// The label ends at the tick (it would run past the right edge).
    pub end: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Gantt {
    pub rows: Vec<GanttRow>,
    pub ticks: Vec<Tick>,
    /// Where the assessment date falls.
    pub as_of_x: f64,
    /// The assessment date's label sits below the last row, where no tick
    /// label or row is: right of the dashed line, or left of it in the last
    /// third of the axis.
    pub as_of_label_x: f64,
    pub as_of_label_end: bool,
    /// The chart's size in its own units (the SVG viewBox).
    pub width: f64,
    pub height: f64,
}

/// How a Gantt chart is laid out, in the SVG's own units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GanttLayout {
    pub width: f64,
    /// Where the time axis starts and how long it is.
    pub left: f64,
    pub axis: f64,
    pub row: f64,
    /// Labels above each mark (narrow) rather than left of the axis (wide).
    pub labels_above: bool,
    /// The longest label, in characters.
    pub label_chars: usize,
    /// About how many month labels the axis keeps.
    pub ticks: usize,
}

/// A wide screen and print: labels in a column left of the axis.
pub const GANTT_WIDE: GanttLayout = GanttLayout {
    width: 880.0,
    left: 320.0,
    axis: 540.0,
    row: 20.0,
    labels_above: false,
    label_chars: 44,
    ticks: 8,
};

/// A phone: the axis across the whole width and each label on its own line
/// above its mark, so that the chart fits the screen at a legible size.
pub const GANTT_NARROW: GanttLayout = GanttLayout {
    width: 360.0,
    left: 8.0,
    axis: 340.0,
    row: 36.0,
    labels_above: true,
    label_chars: 50,
    ticks: 4,
};

pub const GANTT_LEFT: f64 = GANTT_WIDE.left;
pub const GANTT_WIDTH: f64 = GANTT_WIDE.axis;

/// Rows start below the month labels.
const GANTT_TOP: f64 = 30.0;
/// Room below the last row for the assessment date's label.
const GANTT_BOTTOM: f64 = 24.0;
/// About how wide a month label ("Sep 2026") is.
const TICK_LABEL: f64 = 60.0;

/// Lay out `items` (sorted by date, then label) on a time axis that runs
/// from the earliest date (or `as_of`) to the latest, with a tick on the
/// first of each month, in the wide layout.
pub fn gantt(items: &[DatedItem], as_of: NaiveDate) -> Option<Gantt> {
    gantt_in(items, as_of, &GANTT_WIDE)
}

/// [`gantt`] in the given layout.
pub fn gantt_in(items: &[DatedItem], as_of: NaiveDate, layout: &GanttLayout) -> Option<Gantt> {
    let mut items = items.to_vec();
    items.sort_by(|a, b| (a.start, &a.label).cmp(&(b.start, &b.label)));
    let first = items.iter().map(|i| i.start).min()?.min(as_of);
    let last = items
        .iter()
        .map(|i| i.end.unwrap_or(i.start))
        .max()?
        .max(as_of);
    let span = ((last - first).num_days().max(1)) as f64;
    let x = |d: NaiveDate| layout.left + (d - first).num_days() as f64 / span * layout.axis;
    let late = |x: f64| x > layout.left + layout.axis * 2.0 / 3.0;
    // In the narrow layout the label takes the top of the row, the mark
    // the bottom.
    let first_row = if layout.labels_above {
        GANTT_TOP + layout.row - 12.0
    } else {
        GANTT_TOP
    };
    let rows = items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let date = match item.end {
                Some(end) => format!("{} – {end}", item.start),
                None => item.start.to_string(),
            };
            let (start, end) = (x(item.start), item.end.map_or(x(item.start), x));
            let text_end = late(start);
            let y = first_row + i as f64 * layout.row;
            let (label_x, label_y) = if layout.labels_above {
                (0.0, y - 12.0)
            } else {
                (0.0, y + 4.0)
            };
            GanttRow {
                label: shorten(&item.label, layout.label_chars),
                label_x,
                label_y,
                kind: item.kind.clone(),
                text: match &item.note {
                    Some(note) => format!("{date} {note}"),
                    None => date.clone(),
                },
                text_x: if text_end { start - 9.0 } else { end + 9.0 },
                text_end,
                date,
                x: start,
                width: end - start,
                y,
            }
        })
        .collect::<Vec<_>>();
    let mut ticks = Vec::new();
    let mut month = first
        .with_day0(0)
        .and_then(|d| d.checked_add_months(chrono::Months::new(1)));
    while let Some(m) = month.filter(|m| *m <= last) {
        let at = x(m);
        ticks.push(Tick {
            x: at,
            label: m.format("%b %Y").to_string(),
            end: at + TICK_LABEL > layout.width,
        });
        month = m.checked_add_months(chrono::Months::new(1));
    }
    // Keep about so many labels, however long the span, and few enough
    // that each has room before the next.
    let closest = ticks
        .windows(2)
        .map(|w| w[1].x - w[0].x)
        .fold(f64::MAX, f64::min);
    let room = ((TICK_LABEL + 3.0) / closest).ceil().max(1.0) as usize;
    let step = ticks.len().div_ceil(layout.ticks).max(room).max(1);
    let mut ticks: Vec<Tick> = ticks.into_iter().step_by(step).collect();
    // The last label, turned to end at its tick near the right edge, can
    // still run into the one before it: it is then left out, and its grid
    // line stays.
    let mut free_from = f64::MIN;
    for t in &mut ticks {
        let (from, to) = if t.end {
            (t.x - 3.0 - TICK_LABEL, t.x)
        } else {
            (t.x, t.x + 3.0 + TICK_LABEL)
        };
        if from < free_from {
            t.label.clear();
        } else {
            free_from = to;
        }
    }
    let as_of_x = x(as_of);
    let last_row = first_row + rows.len().saturating_sub(1) as f64 * layout.row;
    Some(Gantt {
        height: last_row + 10.0 + GANTT_BOTTOM,
        rows,
        ticks,
        as_of_x,
        as_of_label_x: if late(as_of_x) {
            as_of_x - 4.0
        } else {
            as_of_x + 4.0
        },
        as_of_label_end: late(as_of_x),
        width: layout.width,
    })
}

use chrono::Datelike as _;

/// `text` cut to `max` characters, with an ellipsis when cut.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        crate::input::doc::parse_date(s).unwrap()
    }

    #[test]
    fn the_gauge_fills_in_proportion_to_the_score() {
        let half = gauge(Some(50.0), "partial");
        assert_eq!(half.arc, "M 20.0 110.0 A 90 90 0 0 1 110.0 20.0");
        assert_eq!(gauge(None, "not-applicable").arc, "");
        assert_eq!(gauge(Some(0.0), "not-ready").label, "0.0");
    }

    #[test]
    fn the_gantt_axis_runs_from_the_earliest_to_the_latest_date() {
        let items = [
            DatedItem {
                label: "b".into(),
                start: d("2027-01-31"),
                end: None,
                kind: "due".into(),
                note: None,
            },
            DatedItem {
                label: "a".into(),
                start: d("2026-12-01"),
                end: Some(d("2026-12-31")),
                kind: "window".into(),
                note: Some("overdue".into()),
            },
        ];
        let g = gantt(&items, d("2026-11-01")).unwrap();
        assert_eq!(g.as_of_x, GANTT_LEFT);
        assert_eq!(g.rows[0].label, "a");
        assert!(g.rows[0].width > 0.0);
        assert_eq!(g.rows[1].x, GANTT_LEFT + GANTT_WIDTH);
        // The date is written beside each mark, left of it near the end.
        assert_eq!(g.rows[0].text, "2026-12-01 – 2026-12-31 overdue");
        assert!(!g.rows[0].text_end && g.rows[0].text_x > g.rows[0].x + g.rows[0].width);
        assert_eq!(g.rows[1].text, "2027-01-31");
        assert!(g.rows[1].text_end && g.rows[1].text_x < g.rows[1].x);
        let labels: Vec<&str> = g.ticks.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(labels, vec!["Dec 2026", "Jan 2027"]);
        // The assessment date's label sits below every row, so it meets no
        // month label and no date.
        assert!(g.as_of_label_x > g.as_of_x && !g.as_of_label_end);
        assert!(g.rows.iter().all(|r| r.y + 10.0 < g.height - 6.0 - 12.0));
        assert!(gantt(&[], d("2026-11-01")).is_none());
        assert_eq!(shorten("abcdef", 4), "abc…");
        assert_eq!(shorten("abc", 4), "abc");
    }

    /// A year of items, as in a real plan.
    fn year() -> Vec<DatedItem> {
        (0..12u32)
            .map(|m| DatedItem {
                label: format!("gov.a-rather-long-question-id-{m} evidence stale"),
                start: d(&format!("2026-{:02}-15", m + 1)),
                end: None,
                kind: "due".into(),
                note: (m < 6).then(|| "overdue".into()),
            })
            .collect()
    }

    #[test]
    fn the_narrow_gantt_fits_a_phone_with_labels_above_the_marks() {
        let g = gantt_in(&year(), d("2026-06-20"), &GANTT_NARROW).unwrap();
        assert_eq!(g.width, GANTT_NARROW.width);
        // About 6.5 units a character at the narrow chart's text size.
        let fits = |x: f64, chars: usize, end: bool| {
            let w = chars as f64 * 6.5;
            if end { x - w >= 0.0 } else { x + w <= g.width }
        };
        for r in &g.rows {
            assert!(r.label_y < r.y - 6.0, "the label is above its mark");
            assert!(
                fits(r.label_x, r.label.chars().count(), false),
                "{}",
                r.label
            );
            assert!(
                fits(r.text_x, r.text.chars().count(), r.text_end),
                "{}",
                r.text
            );
            assert!((GANTT_NARROW.left..=GANTT_NARROW.left + GANTT_NARROW.axis).contains(&r.x));
        }
        // Rows do not overlap: each label is below the previous row's date.
        for w in g.rows.windows(2) {
            assert!(w[1].label_y - 12.0 > w[0].y + 6.0);
        }
        // Few enough month labels that they do not run into each other,
        // none past the right edge.
        assert!(g.ticks.len() <= GANTT_NARROW.ticks + 1);
        for t in g.ticks.windows(2) {
            assert!(t[1].x - t[0].x > TICK_LABEL);
        }
        assert!(g.ticks.iter().all(|t| fits(t.x, 8, t.end)));
        // Month labels never overlap: over eight and a half months the last
        // one, ending at its tick near the right edge, would run into the
        // one before; it is left out.
        let close = [d("2026-06-02"), d("2027-02-18")].map(|start| DatedItem {
            label: "x".into(),
            start,
            end: None,
            kind: "due".into(),
            note: None,
        });
        for layout in [GANTT_WIDE, GANTT_NARROW] {
            let g = gantt_in(&close, d("2026-11-20"), &layout).unwrap();
            let spans: Vec<(f64, f64)> = g
                .ticks
                .iter()
                .filter(|t| !t.label.is_empty())
                .map(|t| {
                    if t.end {
                        (t.x - 3.0 - TICK_LABEL, t.x)
                    } else {
                        (t.x, t.x + 3.0 + TICK_LABEL)
                    }
                })
                .collect();
            assert!(spans.windows(2).all(|w| w[0].1 <= w[1].0), "{:?}", g.ticks);
            assert!(spans.iter().all(|s| s.1 <= layout.width));
        }
        // The wide layout keeps its labels left of the axis.
        let wide = gantt(&year(), d("2026-06-20")).unwrap();
        assert!(
            wide.rows
                .iter()
                .all(|r| r.label_y == r.y + 4.0 && r.label_x == 0.0)
        );
        assert!(wide.ticks.iter().all(|t| if t.end {
            t.x - TICK_LABEL >= GANTT_LEFT
        } else {
            t.x + TICK_LABEL <= GANTT_WIDE.width
        }));
    }
}
