//! The timeline as an iCalendar file (RFC 5545), built with the icalendar
//! crate: CRLF line endings, lines folded at 75 octets, text escaped, each
//! item an all-day event (DATE values, ending the next day), and UIDs that
//! stay the same across runs so that importing a newer file updates the
//! events instead of adding copies. DTSTAMP is the assessment date, so the
//! same inputs give the same bytes and a later assessment wins.

use chrono::Days;
use icalendar::{Calendar, Component, Event, EventLike, Property};

use crate::assessment::timeline::{Item, Timeline};

pub fn ics(t: &Timeline) -> String {
    let mut cal = Calendar::empty();
    for (key, value) in [
        ("VERSION", "2.0".to_string()),
        ("PRODID", "-//mera//EO 14409 readiness//EN".to_string()),
        ("CALSCALE", "GREGORIAN".to_string()),
        ("METHOD", "PUBLISH".to_string()),
        (
            "X-WR-CALNAME",
            one_line(&format!("EO 14409 readiness: {}", t.organization)),
        ),
    ] {
        cal.append_property(Property::new(key, value));
    }
    let stamp = t.as_of.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc();
    for item in &t.items {
        let mut event = Event::new();
        event
            .uid(&item.uid)
            .summary(&summary(item))
            .description(&description(t, item))
            .starts(item.date)
            .ends(
                item.date
                    .checked_add_days(Days::new(1))
                    .unwrap_or(item.date),
            )
            .timestamp(stamp)
            .categories([item.kind.as_str()]);
        cal.push(event.done());
    }
    refold(&cal.done().to_string())
}

/// Content lines folded so that none, continuation lines included, is over
/// 75 octets (RFC 5545 §3.1). The icalendar crate (0.17) lets the last piece
/// of a folded line reach 76 octets with its leading space, so its folds are
/// undone and made again here, on character boundaries.
fn refold(text: &str) -> String {
    const LIMIT: usize = 75;
    let mut out = String::with_capacity(text.len() + text.len() / 40);
    for line in text.replace("\r\n ", "").split_terminator("\r\n") {
        let mut rest = line;
        let mut room = LIMIT;
        while rest.len() > room {
            let mut cut = room;
            while !rest.is_char_boundary(cut) {
                cut -= 1;
            }
            out.push_str(&rest[..cut]);
            out.push_str("\r\n ");
            rest = &rest[cut..];
            room = LIMIT - 1;
        }
        out.push_str(rest);
        out.push_str("\r\n");
    }
    out
}

/// User text for a property of one line (the calendar's name, an event's
/// summary): every line break, CRLF, CR or LF, becomes a space, and other
/// control characters, which iCalendar text may not hold, are dropped.
pub(super) fn one_line(text: &str) -> String {
    lines(text).replace('\n', " ")
}

/// User text for a property that may hold lines (a description): CRLF and
/// a lone CR become LF, which the icalendar crate writes as `\n`; other
/// control characters but tab are dropped. A raw CR would otherwise end up
/// in the file, where a calendar reads it as the end of a content line.
pub(super) fn lines(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect()
}

fn summary(item: &Item) -> String {
    let label = one_line(&item.label.replace('`', ""));
    if item.overdue {
        format!("OVERDUE: {label}")
    } else {
        label
    }
}

fn description(t: &Timeline, item: &Item) -> String {
    let mut parts = vec![format!(
        "{} ({})",
        one_line(&t.organization),
        item.kind.as_str()
    )];
    if let Some(q) = &item.question {
        parts.push(format!("Question: {q}"));
    }
    if let Some(o) = &item.owner {
        parts.push(format!("Owner: {}", one_line(o)));
    }
    if let Some(s) = item.severity {
        parts.push(format!("Severity: {}", s.as_str()));
    }
    if !item.provisions.is_empty() {
        parts.push(format!("Provisions: {}", item.provisions.join(", ")));
        parts.extend(crate::content::catalog::mark_notes(
            item.provisions.iter().map(String::as_str),
        ));
    }
    if item.overdue {
        parts.push(format!("Overdue as of the assessment date, {}.", t.as_of));
    }
    parts.push(format!(
        "From mera, assessed as of {} ({}).",
        t.as_of, t.file
    ));
    if let Some(legend) = &t.legend {
        parts.push(one_line(legend));
    }
    lines(&parts.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::refold;

    #[test]
    fn every_folded_line_fits_in_75_octets() {
        let long = format!("DESCRIPTION:{}", "§2(a)\\, é ".repeat(40));
        let folded = refold(&format!("BEGIN:VEVENT\r\n{long}\r\nEND:VEVENT\r\n"));
        assert!(folded.split("\r\n").all(|l| l.len() <= 75), "{folded}");
        assert_eq!(
            folded.replace("\r\n ", ""),
            format!("BEGIN:VEVENT\r\n{long}\r\nEND:VEVENT\r\n")
        );
        assert!(folded.ends_with("END:VEVENT\r\n"));
    }
}
