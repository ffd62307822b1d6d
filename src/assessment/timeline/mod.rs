//! The dated timeline, read off the one schedule: the order's milestones
//! (signing, and each deadline the catalog records, with its provisions)
//! and the organization's own dates: the schedule's events (the planned
//! trusted-partner release, the day a full 30-day access window opens),
//! every recommended action's due date with its owner, each decision put
//! off to a `decide_by` date, waiver expiries, and the day each reviewed
//! answer's evidence goes stale. Items before the assessment date that are
//! still to do are marked overdue.
//!
//! Every item is a dated record with a kind, a label, an owner and its
//! provisions, so a chart (the Gantt in the HTML report) or a calendar can
//! draw it without knowing mera's rules. [`from_assessment`] gives the items
//! an assessment alone holds; [`build`] adds the order's milestones from
//! the catalog. Both go through the same code, so a chart and the timeline
//! never differ. The renderers are in `workshop::timeline` and `report`.

use chrono::{Days, NaiveDate};
use serde::Serialize;

use crate::assessment::Assessment;
use crate::content::catalog::Catalog;
use crate::content::questionnaire::Severity;

/// The catalog source whose date is the order's signing.
const ORDER_TEXT_SOURCE: &str = "eo-text";

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// The order was signed.
    OrderSigned,
    /// Agencies' deadlines under the order.
    OrderDeadline,
    /// A dated event of the schedule: the planned release to trusted
    /// partners, the day a full 30-day access window opens.
    Event,
    /// The date a decision put off (`wait`, a `decline` to revisit,
    /// `monitor`) is to be taken or revisited.
    Decision,
    /// A recommended action's due date.
    Action,
    /// A waiver's last day.
    WaiverExpires,
    /// The first day an answer's evidence counts as stale.
    EvidenceStale,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::OrderSigned => "order signed",
            Kind::OrderDeadline => "order deadline",
            Kind::Event => "event",
            Kind::Decision => "decision due",
            Kind::Action => "action due",
            Kind::WaiverExpires => "waiver expires",
            Kind::EvidenceStale => "evidence stale",
        }
    }

    /// Whether the item is the organization's to do (and so can be overdue).
    pub fn is_company(self) -> bool {
        !matches!(self, Kind::OrderSigned | Kind::OrderDeadline | Kind::Event)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Item {
    pub date: NaiveDate,
    pub kind: Kind,
    pub label: String,
    pub owner: Option<String>,
    /// Short citations, e.g. "§3(b)(ii)".
    pub provisions: Vec<String>,
    pub question: Option<String>,
    /// The schedule event's id, for an event.
    pub event: Option<String>,
    pub severity: Option<Severity>,
    /// Before the assessment date and still the organization's to do.
    pub overdue: bool,
    /// Before the assessment date.
    pub past: bool,
    /// The same for the same item in every run, so a calendar re-import
    /// updates an event instead of adding a second one.
    pub uid: String,
}

/// A recommended action whose due date could not be computed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Undated {
    pub question: String,
    pub label: String,
    pub owner: String,
    /// The rule in words, when there is one ("45 days before …, not set").
    pub due_rule: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Timeline {
    pub organization: String,
    pub file: String,
    pub as_of: NaiveDate,
    pub privileged: bool,
    /// The privilege legend every layout carries, for a privileged
    /// assessment.
    pub legend: Option<String>,
    /// By date, then kind, then label.
    pub items: Vec<Item>,
    pub undated: Vec<Undated>,
    /// What the marks on the items' citations mean (an inferred
    /// subsection, general law), each once.
    pub notes: Vec<String>,
}

impl Timeline {
    /// The notes for the marks the items' citations carry.
    fn note_marks(&mut self) {
        self.notes = crate::content::catalog::mark_notes(
            self.items
                .iter()
                .flat_map(|i| &i.provisions)
                .map(String::as_str),
        );
    }
}

/// The whole timeline: the order's milestones from `catalog`, and every
/// item of [`from_assessment`].
pub fn build(assessment: &Assessment, catalog: &Catalog) -> Timeline {
    let mut t = from_assessment(assessment);
    let org = assessment.organization.name.as_str();
    order_milestones(&mut t.items, assessment, catalog, org);
    sort(&mut t.items);
    t.note_marks();
    t
}

/// The items an assessment holds on its own: the schedule's events, actions
/// (and those that cannot be dated, apart), decisions put off to a date,
/// waiver expiries and the day each reviewed answer's evidence goes stale.
pub fn from_assessment(a: &Assessment) -> Timeline {
    let org = a.organization.name.as_str();
    let mut items = Vec::new();
    let mut undated = Vec::new();
    for g in a.gaps.iter().filter(|g| !g.waived) {
        let label = g.action.text.trim().to_string();
        match g.action.due {
            Some(date) => items.push(Item {
                date,
                kind: Kind::Action,
                label,
                owner: Some(g.action.owner.clone()),
                provisions: dedup(g.provisions.iter().map(|p| p.cite())),
                question: Some(g.question.clone()),
                event: None,
                severity: Some(g.severity),
                overdue: g.action.overdue,
                past: date < a.as_of,
                uid: uid(org, &format!("action-{}", g.question)),
            }),
            None => undated.push(Undated {
                question: g.question.clone(),
                label,
                owner: g.action.owner.clone(),
                due_rule: g.action.due_rule.clone(),
            }),
        }
    }
    events(&mut items, a, org);
    decisions(&mut items, a, org);
    waivers_and_evidence(&mut items, a, org);
    sort(&mut items);
    let mut t = Timeline {
        organization: a.organization.name.clone(),
        file: a.file.clone(),
        as_of: a.as_of,
        privileged: a.organization.privileged,
        legend: a.organization.legend().map(str::to_string),
        items,
        undated,
        notes: Vec::new(),
    };
    t.note_marks();
    t
}

/// By date, then kind, then severity (critical first), then label, then
/// question.
fn sort(items: &mut [Item]) {
    let key = |i: &Item| {
        (
            i.date,
            i.kind,
            std::cmp::Reverse(i.severity),
            i.label.clone(),
            i.question.clone(),
        )
    };
    items.sort_by_cached_key(key);
}

/// Each decision put off to a date, overdue once the date has passed
/// (judged as scoring judges it, on the run date).
fn decisions(items: &mut Vec<Item>, a: &Assessment, org: &str) {
    for d in &a.pending_decisions {
        let mut i = item(
            d.decide_by,
            Kind::Decision,
            format!(
                "Take or revisit the decision on `{}` (answered {}: {})",
                d.question, d.answer, d.label
            ),
            a.as_of,
            uid(org, &format!("decision-{}", d.question)),
        );
        i.overdue = d.passed;
        i.owner.clone_from(&d.owner);
        i.provisions = dedup(d.provisions.iter().map(|p| p.cite()));
        i.question = Some(d.question.clone());
        i.severity = Some(d.severity);
        items.push(i);
    }
}

fn item(date: NaiveDate, kind: Kind, label: String, as_of: NaiveDate, uid: String) -> Item {
    let past = date < as_of;
    Item {
        date,
        kind,
        label,
        owner: None,
        provisions: Vec::new(),
        question: None,
        event: None,
        severity: None,
        overdue: past && kind.is_company(),
        past,
        uid,
    }
}

fn dedup(list: impl Iterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for x in list {
        if !out.contains(&x) {
            out.push(x);
        }
    }
    out
}

/// Signing (the date of the order's text in the catalog) and one item per
/// deadline date the catalog records, naming its provisions.
fn order_milestones(items: &mut Vec<Item>, a: &Assessment, catalog: &Catalog, org: &str) {
    let signed = catalog.source(ORDER_TEXT_SOURCE).and_then(|s| s.date);
    if let Some(d) = signed {
        items.push(item(
            d,
            Kind::OrderSigned,
            "Executive Order 14409 signed".into(),
            a.as_of,
            uid(org, &format!("signed-{d}")),
        ));
    }
    let mut dates: Vec<NaiveDate> = catalog
        .provisions
        .iter()
        .filter_map(|p| p.deadline)
        .collect();
    dates.sort();
    dates.dedup();
    for d in dates {
        let provisions = dedup(
            catalog
                .provisions
                .iter()
                .filter(|p| p.deadline == Some(d))
                .map(|p| crate::content::catalog::cite(&p.section, p.inferred, p.general_law)),
        );
        let label = match signed {
            Some(s) => format!(
                "Agencies' {}-day deadline under the order",
                (d - s).num_days()
            ),
            None => "Agencies' deadline under the order".to_string(),
        };
        let mut i = item(
            d,
            Kind::OrderDeadline,
            label,
            a.as_of,
            uid(org, &format!("deadline-{d}")),
        );
        i.provisions = provisions;
        items.push(i);
    }
}

/// The schedule's dated events: the planned release to trusted partners,
/// the day a full 30-day access window opens before it.
fn events(items: &mut Vec<Item>, a: &Assessment, org: &str) {
    for e in &a.events {
        let mut label = e.label.clone();
        if let Some(first) = label.get(..1) {
            label.replace_range(..1, &first.to_uppercase());
        }
        let mut i = item(e.date, Kind::Event, label, a.as_of, uid(org, &e.id));
        i.provisions = dedup(e.provisions.iter().map(|p| p.cite()));
        i.event = Some(e.id.clone());
        items.push(i);
    }
}

/// Waiver expiries, and the first day each reviewed answer's evidence
/// counts as stale (answers to questions that apply, as scoring sees them).
fn waivers_and_evidence(items: &mut Vec<Item>, a: &Assessment, org: &str) {
    for w in &a.waivers {
        let mut i = item(
            w.expires,
            Kind::WaiverExpires,
            format!(
                "Waiver for `{}` expires (approved by {})",
                w.question, w.approved_by
            ),
            a.as_of,
            uid(org, &format!("waiver-{}", w.question)),
        );
        // A waiver holds through its expiry day.
        i.overdue = w.expired;
        i.question = Some(w.question.clone());
        items.push(i);
    }
    let max_age = u64::from(a.max_evidence_age_days) + 1;
    let records = a
        .gaps
        .iter()
        .map(|g| (&g.question, &g.record))
        .chain(a.passed.iter().map(|p| (&p.question, &p.record)));
    for (id, record) in records {
        let Some(reviewed) = record.reviewed else {
            continue;
        };
        let Some(stale_on) = reviewed.checked_add_days(Days::new(max_age)) else {
            continue;
        };
        let mut i = item(
            stale_on,
            Kind::EvidenceStale,
            format!("Evidence for `{id}` goes stale (last reviewed {reviewed})"),
            a.as_of,
            uid(org, &format!("stale-{id}")),
        );
        i.overdue = stale_on <= a.as_of;
        i.owner.clone_from(&record.owner);
        i.question = Some(id.clone());
        i.severity = a
            .stale_evidence
            .iter()
            .find(|s| s.question == *id)
            .map(|s| s.severity);
        items.push(i);
    }
}

/// An item's UID: the organization's name as a readable slug, the item's
/// key, and 8 hex digits of an FNV-1a hash of the exact name and key. The
/// slug alone can be the same for two organizations (names in another
/// script, or differing only in punctuation); the hash tells them apart,
/// and depends on nothing but its input, so every run gives the same UID.
fn uid(organization: &str, key: &str) -> String {
    let mut hash = Fnv1a::new();
    hash.write(organization.as_bytes());
    // A separator no name or key holds, so ("ab", "c") ≠ ("a", "bc").
    hash.write(&[0]);
    hash.write(key.as_bytes());
    format!("{}-{key}-{:08x}@mera", slug(organization), hash.0)
}

/// 32-bit FNV-1a (the offset basis and prime of the FNV specification).
struct Fnv1a(u32);

impl Fnv1a {
    fn new() -> Self {
        Self(0x811c_9dc5)
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u32::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0193);
        }
    }
}

/// Lowercase ASCII letters and digits joined by `-`, for UIDs. Accented
/// Latin letters lose their accents ("Société" gives "societe"); letters of
/// other scripts are left out, and a name with none left is
/// "organization" (the hash in [`uid`] keeps such names apart).
fn slug(name: &str) -> String {
    let mut out = String::new();
    let mut folded = String::with_capacity(name.len());
    for c in name.chars() {
        match fold_accent(c) {
            Some(plain) => folded.push_str(plain),
            None => folded.push(c),
        }
    }
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "organization".into()
    } else {
        out
    }
}

/// A Latin-1 or common Latin Extended-A letter as plain ASCII.
fn fold_accent(c: char) -> Option<&'static str> {
    let plain = match c.to_lowercase().next().unwrap_or(c) {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'ç' | 'ć' | 'č' => "c",
        'ď' | 'đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'ğ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => "i",
        'ł' | 'ľ' | 'ĺ' => "l",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'ř' | 'ŕ' => "r",
        'ś' | 'š' | 'ş' | 'ș' => "s",
        'ť' | 'ţ' | 'ț' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        'þ' => "th",
        'ð' => "d",
        _ => return None,
    };
    Some(plain)
}

#[cfg(test)]
pub(crate) mod tests;
