use icalendar::Component;

use super::ics;
use crate::assessment::timeline::tests::{lab, lab_named};

#[test]
fn decisions_put_off_are_events_in_the_calendar() {
    let t = lab("2026-11-20");
    let ics = ics(&t).replace("\r\n ", "");
    assert!(ics.contains("UID:halcyon-frontier-labs-inc-decision-cme.engagement-decision-"));
    assert!(ics.contains("CATEGORIES:decision due"));
}

#[test]
fn the_ics_file_parses_back_with_every_event() {
    let t = lab("2026-11-20");
    let text = ics(&t);
    // RFC 5545: CRLF after every line, none longer than 75 octets.
    assert!(text.ends_with("\r\n"));
    assert!(!text.replace("\r\n", "").contains('\n'));
    assert!(text.split("\r\n").all(|l| l.len() <= 75), "folded lines");
    assert!(text.contains("DTSTART;VALUE=DATE:20261204\r\n"));
    assert!(text.contains("DTSTAMP:20261120T000000Z\r\n"));
    let cal: icalendar::Calendar = text.parse().expect("parses back");
    let events: Vec<&icalendar::Event> = cal.events().collect();
    assert_eq!(events.len(), t.items.len());
    for (event, item) in events.iter().zip(&t.items) {
        assert_eq!(event.get_uid(), Some(item.uid.as_str()));
        assert_eq!(
            event.get_start(),
            Some(icalendar::DatePerhapsTime::Date(item.date))
        );
        assert_eq!(
            event.get_end(),
            Some(icalendar::DatePerhapsTime::Date(
                item.date.succ_opt().unwrap()
            ))
        );
        let summary = event.get_summary().unwrap();
        assert!(summary.ends_with(&item.label.replace('`', "")), "{summary}");
        assert_eq!(summary.starts_with("OVERDUE: "), item.overdue);
    }
    // Commas and line breaks are escaped and read back.
    let deadline = events
        .iter()
        .find(|e| e.get_summary().is_some_and(|s| s.contains("30-day")))
        .unwrap();
    assert!(
        deadline
            .get_description()
            .unwrap()
            .contains("Provisions: §2(a)†, §2(b)†")
    );
    let unfolded = text.replace("\r\n ", "");
    assert!(unfolded.contains("§2(a)†\\, §2(b)†"));
    assert!(unfolded.contains("(order deadline)\\nProvisions"));
    assert!(deadline.get_description().unwrap().contains('\n'));
    assert_eq!(ics(&t), ics(&lab("2026-11-20")), "same bytes every run");
}

#[test]
fn line_breaks_in_the_organization_name_never_reach_the_file_raw() {
    let t = lab_named(r#""Halcyon\r\nFrontier\rLabs\nInc.""#);
    assert_eq!(t.organization, "Halcyon\r\nFrontier\rLabs\nInc.");
    let text = ics(&t);
    // Every CR is the one ending a content line.
    assert_eq!(text.matches('\r').count(), text.matches("\r\n").count());
    assert!(!text.replace("\r\n", "").contains('\n'));
    let unfolded = text.replace("\r\n ", "");
    assert!(unfolded.contains("X-WR-CALNAME:EO 14409 readiness: Halcyon Frontier Labs Inc.\r\n"));
    assert!(unfolded.contains("DESCRIPTION:Halcyon Frontier Labs Inc. (order signed)\\n"));
    let cal: icalendar::Calendar = text.parse().expect("parses back");
    assert_eq!(cal.events().count(), t.items.len());
    // Lines of a description stay lines; other control characters go.
    assert_eq!(super::ics::lines("a\r\nb\rc\nd\u{7}e\tf"), "a\nb\nc\nde\tf");
    assert_eq!(super::ics::one_line("a\r\nb\rc"), "a b c");
}
