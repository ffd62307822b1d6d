use super::*;
use crate::assessment::scoring::{self, Options};
use crate::content::set::QuestionnaireSet;
use crate::input::doc::parse_date;
use crate::input::source::Source;

fn d(s: &str) -> NaiveDate {
    parse_date(s).unwrap()
}

pub(crate) fn timeline_of(text: &str, as_of: &str, catalog: &Catalog) -> Timeline {
    let set = QuestionnaireSet::builtin();
    let (answers, _) = crate::assessment::answers::load(&Source::new("lab.yaml", text), &set)
        .unwrap_or_else(|e| panic!("{e:#?}"));
    let options = Options::on(d(as_of));
    let a = scoring::assess(&set, catalog, &answers, &options);
    build(&a, catalog)
}

pub(crate) fn lab(as_of: &str) -> Timeline {
    let text = include_str!("../../../examples/frontier-lab.yaml");
    timeline_of(text, as_of, &Catalog::builtin())
}

fn of_kind(t: &Timeline, kind: Kind) -> Vec<&Item> {
    t.items.iter().filter(|i| i.kind == kind).collect()
}

#[test]
fn the_orders_milestones_come_from_the_catalog() {
    let t = lab("2026-11-20");
    let signed = of_kind(&t, Kind::OrderSigned);
    assert_eq!(signed[0].date, d("2026-06-02"));
    let deadlines: Vec<(NaiveDate, &str)> = of_kind(&t, Kind::OrderDeadline)
        .iter()
        .map(|i| (i.date, i.label.as_str()))
        .collect();
    assert_eq!(deadlines.len(), 2);
    assert_eq!(deadlines[0].0, d("2026-07-02"));
    assert_eq!(deadlines[0].1, "Agencies' 30-day deadline under the order");
    assert_eq!(
        of_kind(&t, Kind::OrderDeadline)[0].provisions,
        ["§2(a)†", "§2(b)†", "§2(c)†", "§2(d)†"]
    );
    assert_eq!(deadlines[1].0, d("2026-08-01"));
    assert!(deadlines[1].1.contains("60-day"));
    assert!(
        of_kind(&t, Kind::OrderDeadline)[1]
            .provisions
            .contains(&"§3(b)(ii)".to_string())
    );
    // Agencies' deadlines in the past are past, not the company's overdue.
    assert!(signed[0].past && !signed[0].overdue);
    // A catalog with another deadline gives another milestone.
    let mut catalog = Catalog::builtin();
    catalog.provisions[0].deadline = Some(d("2026-09-30"));
    let text = include_str!("../../../examples/frontier-lab.yaml");
    let t = timeline_of(text, "2026-11-20", &catalog);
    assert!(t.items.iter().any(|i| i.kind == Kind::OrderDeadline
        && i.date == d("2026-09-30")
        && i.label.contains("120-day")));
}

#[test]
fn the_schedule_events_are_dated_from_the_release() {
    let t = lab("2026-11-20");
    let event = |t: &Timeline, id: &str| {
        t.items
            .iter()
            .find(|i| i.kind == Kind::Event && i.event.as_deref() == Some(id))
            .cloned()
            .unwrap()
    };
    let window = event(&t, "window-opens");
    assert_eq!(window.date, d("2027-01-30"));
    assert_eq!(window.provisions, ["§3(b)(ii)"]);
    // Under "up to 30 days" this is the day a full window opens, the
    // earliest opening; a shorter window opens later.
    assert_eq!(window.label, "The day a full 30-day access window opens");
    assert!(!window.overdue && !window.past);
    assert_eq!(event(&t, "release").date, d("2027-03-01"));
    // An event is a date, not a task: once past it is past, never overdue.
    let late = event(&lab("2027-02-10"), "window-opens");
    assert!(late.past && !late.overdue);
}

#[test]
fn actions_waivers_and_stale_evidence_are_dated_with_owners() {
    let t = lab("2026-11-20");
    let buffer = t
        .items
        .iter()
        .find(|i| i.question.as_deref() == Some("tdw.release-buffer"))
        .unwrap();
    assert_eq!(buffer.kind, Kind::Action);
    // The earlier of 21 days after the assessment date (2026-12-11) and
    // 30 days before a full window opens (2027-01-30), so 2026-12-11.
    assert_eq!(buffer.date, d("2026-12-11"));
    assert!(!buffer.overdue && !buffer.past);
    assert_eq!(buffer.owner.as_deref(), Some("Head of Product"));
    assert_eq!(buffer.severity, Some(Severity::Critical));
    // An action counted from the assessment date alone, still ahead.
    let incident = t
        .items
        .iter()
        .find(|i| i.question.as_deref() == Some("agt.incident-response"))
        .unwrap();
    assert_eq!(incident.date, d("2027-01-04")); // 45 days after 2026-11-20
    assert!(!incident.overdue);
    // The waived gap has no action item; its waiver's expiry is dated.
    assert!(
        !t.items.iter().any(|i| i.kind == Kind::Action
            && i.question.as_deref() == Some("tp.government-collaboration"))
    );
    let waiver = of_kind(&t, Kind::WaiverExpires)[0];
    assert_eq!(waiver.date, d("2027-01-15"));
    // Evidence reviewed 2025-09-01 was stale from 2026-09-02, before the
    // assessment date: overdue.
    let stale: Vec<&Item> = of_kind(&t, Kind::EvidenceStale);
    let old = stale.iter().find(|i| i.date == d("2026-09-02")).unwrap();
    assert!(old.overdue);
    assert!(stale.iter().any(|i| !i.overdue));
    let dates: Vec<NaiveDate> = t.items.iter().map(|i| i.date).collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted);
    // Within a day and a kind, the most severe come first.
    for pair in t.items.windows(2) {
        if pair[0].date == pair[1].date && pair[0].kind == pair[1].kind {
            assert!(
                pair[0].severity >= pair[1].severity,
                "{:?} before {:?}",
                pair[0].question,
                pair[1].question
            );
        }
    }
    assert!(t.items.windows(2).any(|p| p[0].date == p[1].date
        && p[0].kind == p[1].kind
        && p[0].severity > p[1].severity));
}

#[test]
fn decisions_put_off_are_dated_and_overdue_once_passed() {
    let t = lab("2026-11-20");
    let decisions = of_kind(&t, Kind::Decision);
    let dated: Vec<(&str, NaiveDate, bool)> = decisions
        .iter()
        .map(|i| (i.question.as_deref().unwrap(), i.date, i.overdue))
        .collect();
    assert_eq!(
        dated,
        [
            ("cme.access-decision", d("2026-11-30"), false),
            ("cme.engagement-decision", d("2026-11-30"), false),
            ("cme.partner-decision", d("2026-11-30"), false),
            ("ch.participation-decision", d("2027-03-31"), false),
        ]
    );
    let engagement = decisions[1];
    assert!(
        engagement.label.contains(
            "`cme.engagement-decision` (answered wait: Waiting for the framework's terms"
        ),
        "{}",
        engagement.label
    );
    assert_eq!(engagement.provisions, ["§3(b)(i)†", "§3(c)"]);
    assert_eq!(engagement.severity, Some(Severity::Critical));
    assert!(
        engagement
            .uid
            .starts_with("halcyon-frontier-labs-inc-decision-cme.engagement-decision-")
    );
    // Judged on the run date, as scoring judges it: the day after is passed.
    let late = lab("2026-12-01");
    assert!(
        of_kind(&late, Kind::Decision)[..3]
            .iter()
            .all(|i| i.overdue)
    );
    let on_the_day = lab("2026-11-30");
    assert!(
        of_kind(&on_the_day, Kind::Decision)
            .iter()
            .all(|i| !i.overdue)
    );
}

#[test]
fn the_assessment_alone_gives_the_same_items_the_timeline_has() {
    let text = include_str!("../../../examples/frontier-lab.yaml");
    let set = QuestionnaireSet::builtin();
    let catalog = Catalog::builtin();
    let (answers, _) =
        crate::assessment::answers::load(&Source::new("lab.yaml", text), &set).unwrap();
    let a = scoring::assess(&set, &catalog, &answers, &Options::on(d("2026-11-20")));
    let whole = build(&a, &catalog);
    let alone = from_assessment(&a);
    let from_catalog = |i: &&Item| matches!(i.kind, Kind::OrderSigned | Kind::OrderDeadline);
    let rest: Vec<&Item> = whole.items.iter().filter(|i| !from_catalog(i)).collect();
    assert_eq!(rest, alone.items.iter().collect::<Vec<_>>());
    assert_eq!(whole.undated, alone.undated);
    assert!(!alone.items.iter().any(|i| from_catalog(&i)));
}

#[test]
fn uids_are_unique_and_the_same_in_every_run() {
    let (a, b) = (lab("2026-11-20"), lab("2026-11-20"));
    let uids: Vec<&str> = a.items.iter().map(|i| i.uid.as_str()).collect();
    assert_eq!(
        uids,
        b.items.iter().map(|i| i.uid.as_str()).collect::<Vec<_>>()
    );
    let mut unique = uids.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), uids.len());
    // A later assessment keeps the UID of an item whose date moved.
    let later = lab("2026-12-20");
    let uid = |t: &Timeline| {
        t.items
            .iter()
            .find(|i| {
                i.question.as_deref() == Some("agt.incident-response") && i.kind == Kind::Action
            })
            .map(|i| (i.uid.clone(), i.date))
            .unwrap()
    };
    assert_eq!(uid(&a).0, uid(&later).0);
    assert_ne!(uid(&a).1, uid(&later).1);
    assert!(uid(&a).0.starts_with("halcyon-frontier-labs-inc-action-"));
}

/// The frontier lab's answers under another organization name.
pub(crate) fn lab_named(name: &str) -> Timeline {
    let text = include_str!("../../../examples/frontier-lab.yaml").replace(
        "  name: Halcyon Frontier Labs, Inc.\n",
        &format!("  name: {name}\n"),
    );
    let t = timeline_of(&text, "2026-11-20", &Catalog::builtin());
    assert_ne!(t.organization, "Halcyon Frontier Labs, Inc.");
    t
}

#[test]
fn uids_differ_between_organizations_whatever_their_script() {
    let uids = |t: &Timeline| -> Vec<String> { t.items.iter().map(|i| i.uid.clone()).collect() };
    let tokyo = uids(&lab_named("株式会社テスト"));
    let osaka = uids(&lab_named("株式会社サンプル"));
    assert!(tokyo.iter().all(|u| !osaka.contains(u)), "{tokyo:?}");
    // The same input gives the same UIDs, and they say what they are.
    assert_eq!(tokyo, uids(&lab_named("株式会社テスト")));
    let signed = tokyo.iter().find(|u| u.contains("-signed-")).unwrap();
    assert!(
        signed.starts_with("organization-signed-2026-06-02-"),
        "{signed}"
    );
    assert!(signed.ends_with("@mera") && signed.is_ascii());
    // Accented letters keep their letter; names that slug alike differ.
    let societe = uids(&lab_named("Société Générale"));
    assert!(
        societe[0].starts_with("societe-generale-"),
        "{}",
        societe[0]
    );
    let plain = uids(&lab_named("Societe Generale"));
    assert!(societe.iter().all(|u| !plain.contains(u)));
    // The hash covers the name and the key apart, as one would expect.
    assert_eq!(uid("Acme", "release"), uid("Acme", "release"));
    assert_ne!(uid("Acme", "release"), uid("Acme ", "release"));
    assert_eq!(
        uid("Acme", "release"),
        format!("acme-release-{:08x}@mera", {
            let mut h = Fnv1a::new();
            h.write(b"Acme\0release");
            h.0
        })
    );
}

#[test]
fn fnv1a_matches_the_published_test_vectors() {
    let hash = |s: &[u8]| {
        let mut h = Fnv1a::new();
        h.write(s);
        h.0
    };
    assert_eq!(hash(b""), 0x811c_9dc5);
    assert_eq!(hash(b"a"), 0xe40c_292c);
    assert_eq!(hash(b"foobar"), 0xbf9c_f968);
}
