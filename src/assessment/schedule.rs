//! The one schedule every date comes from. A question's *slot* is the
//! latest date the questionnaire's dependencies allow it: for each thing it
//! comes before (a dated event, or another question), that thing's date less
//! the lead it needs, the earliest of them. Another question's date is its
//! action's due date while it is an open gap (its own rule, or its slot if
//! earlier), else its slot. An action is due on the earlier of its own rule
//! and its slot, and never before the assessment date: when the schedule
//! wants an earlier date, the difference is lead time already lost.
//!
//! Pure: the graph comes from the content (`content::dependencies`), the
//! event dates from the profile, and which questions are open from scoring.

use std::cell::RefCell;
use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};
use serde::Serialize;

use crate::content::condition::FactValue;
use crate::content::dependencies::{To, Why};
use crate::content::questionnaire::{DEFAULT_DEFER_AT_MOST, EventDate};
use crate::content::set::QuestionnaireSet;

/// The dated events the profile gives dates to, by id.
pub fn event_dates(
    set: &QuestionnaireSet,
    profile: &BTreeMap<String, FactValue>,
) -> BTreeMap<String, NaiveDate> {
    set.events
        .iter()
        .filter_map(|e| {
            let date = match &e.date {
                EventDate::Fixed(d) => Some(*d),
                EventDate::Fact { fact, days_before } => match profile.get(fact) {
                    Some(FactValue::Date(d)) => {
                        d.checked_sub_days(Days::new(u64::from(*days_before)))
                    }
                    _ => None,
                },
            }?;
            Some((e.id.clone(), date))
        })
        .collect()
}

/// What set a question's slot: the edge whose target gave the earliest date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    /// A dated event (`window-opens`, `release`).
    Event {
        id: String,
        date: NaiveDate,
        lead: u32,
    },
    /// Another question's date: its due date, or its own slot.
    Question {
        id: String,
        date: NaiveDate,
        lead: u32,
        /// The question is a decision that decides whether `id` applies.
        gates: bool,
        /// How `id` is dated: its due date as an open gap, the date a
        /// decision is put off to, or its own place in the schedule.
        settled: Settled,
    },
}

impl Bound {
    pub fn date(&self) -> NaiveDate {
        match self {
            Bound::Event { date, .. } | Bound::Question { date, .. } => *date,
        }
    }

    pub fn lead(&self) -> u32 {
        match self {
            Bound::Event { lead, .. } | Bound::Question { lead, .. } => *lead,
        }
    }

    /// The slot it gives: the target's date less the lead.
    fn slot(&self) -> Option<NaiveDate> {
        self.date()
            .checked_sub_days(Days::new(u64::from(self.lead())))
    }
}

/// How a question that others come before is dated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Settled {
    /// An open gap: its action's due date.
    Due,
    /// A decision put off to a date in time: that date.
    DecideBy,
    /// Neither: the date the schedule needs it by.
    Needed,
}

/// A question's place in the schedule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Slot {
    /// The latest date the dependencies allow (not yet held to the
    /// assessment date); `None` when nothing dated comes after it.
    pub date: Option<NaiveDate>,
    pub bound: Option<Bound>,
}

/// A date (or none) per question id.
pub type DateOf<'a> = &'a dyn Fn(&str) -> Option<NaiveDate>;

/// Computes slots over one assessment's graph, memoized.
pub struct Schedule<'a> {
    set: &'a QuestionnaireSet,
    events: &'a BTreeMap<String, NaiveDate>,
    /// Whether a question takes part (applies to the profile).
    applies: &'a dyn Fn(&str) -> bool,
    /// An open gap's own due date (from its action's rule).
    own: DateOf<'a>,
    /// A date a question is settled on whatever its slot: the `decide_by`
    /// of a decision put off in time.
    fixed: Option<DateOf<'a>>,
    memo: RefCell<BTreeMap<String, Option<Slot>>>,
}

impl<'a> Schedule<'a> {
    pub fn new(
        set: &'a QuestionnaireSet,
        events: &'a BTreeMap<String, NaiveDate>,
        applies: &'a dyn Fn(&str) -> bool,
        own: DateOf<'a>,
    ) -> Self {
        Schedule {
            set,
            events,
            applies,
            own,
            fixed: None,
            memo: RefCell::new(BTreeMap::new()),
        }
    }

    /// The schedule with questions settled on fixed dates: what comes
    /// before a decision put off to a date in time comes before that date.
    pub fn fixing(mut self, fixed: DateOf<'a>) -> Self {
        self.fixed = Some(fixed);
        self
    }

    /// The latest date the dependencies allow `question`.
    pub fn slot(&self, question: &str) -> Slot {
        if let Some(known) = self.memo.borrow().get(question) {
            // `None` while being computed: a cycle, which validation rejects.
            return known.clone().unwrap_or(Slot {
                date: None,
                bound: None,
            });
        }
        self.memo.borrow_mut().insert(question.to_string(), None);
        let mut best: Option<Bound> = None;
        for e in self.set.graph().edges(question) {
            let bound = match &e.to {
                To::Event(id) => self.events.get(id).map(|d| Bound::Event {
                    id: id.clone(),
                    date: *d,
                    lead: e.lead,
                }),
                To::Question(id) if (self.applies)(id) => {
                    self.date_of(id).map(|d| Bound::Question {
                        id: id.clone(),
                        date: d,
                        lead: e.lead,
                        gates: e.why == Why::Gates,
                        settled: self.settled(id),
                    })
                }
                To::Question(_) => None,
            };
            if let Some(b) = bound
                && best.as_ref().is_none_or(|x| b.slot() < x.slot())
            {
                best = Some(b);
            }
        }
        let slot = Slot {
            date: best.as_ref().and_then(Bound::slot),
            bound: best,
        };
        self.memo
            .borrow_mut()
            .insert(question.to_string(), Some(slot.clone()));
        slot
    }

    /// The date another question counts as: its due date while it is open
    /// (the earlier of its own rule and its slot), else its slot.
    pub fn date_of(&self, question: &str) -> Option<NaiveDate> {
        if let Some(d) = self.fixed.and_then(|f| f(question)) {
            return Some(d);
        }
        let slot = self.slot(question).date;
        match ((self.own)(question), slot) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// How `question` is dated when others come before it.
    fn settled(&self, question: &str) -> Settled {
        if self.fixed.and_then(|f| f(question)).is_some() {
            Settled::DecideBy
        } else if (self.own)(question).is_some() {
            Settled::Due
        } else {
            Settled::Needed
        }
    }

    /// The event a question's slot leads back to, following the chain of
    /// questions that bound it; `None` when the chain ends at another
    /// question's own due date rather than at an event.
    pub fn root_event(&self, question: &str) -> Option<(String, NaiveDate)> {
        let mut at = question.to_string();
        for _ in 0..=self.set.graph().edges.len() {
            match self.slot(&at).bound? {
                Bound::Event { id, date, .. } => return Some((id, date)),
                Bound::Question { id, date, .. } => {
                    if self.slot(&id).date != Some(date) {
                        return None;
                    }
                    at = id;
                }
            }
        }
        None
    }
}

/// The day each question with a dated choice is needed by: its slot in the
/// schedule from the content's dependencies and the profile's dates alone
/// (before every question a decision gates and whatever it must precede,
/// whether or not they apply now), but no later than `defer_at_most` days
/// after the assessment date (the decision's, else
/// [`DEFAULT_DEFER_AT_MOST`]), and never before the assessment date.
pub fn needed_dates(
    set: &QuestionnaireSet,
    profile: &BTreeMap<String, FactValue>,
    as_of: NaiveDate,
) -> BTreeMap<String, NaiveDate> {
    let events = event_dates(set, profile);
    let all = |_: &str| true;
    let none = |_: &str| None;
    let structure = Schedule::new(set, &events, &all, &none);
    set.questionnaires
        .iter()
        .flat_map(|q| &q.questions)
        .filter(|q| q.choices.iter().any(|c| c.needs_decide_by))
        .filter_map(|q| {
            let at_most = q
                .decision
                .as_ref()
                .map_or(DEFAULT_DEFER_AT_MOST, |d| d.defer_at_most);
            let cap = as_of.checked_add_days(Days::new(u64::from(at_most)))?;
            let slot = structure.slot(&q.id).date.map_or(cap, |s| s.min(cap));
            Some((q.id.clone(), hold(slot, as_of).0))
        })
        .collect()
}

/// An action's due date held to the assessment date, and the days of lead
/// time already lost when the schedule wanted it earlier.
pub fn hold(ideal: NaiveDate, as_of: NaiveDate) -> (NaiveDate, Option<u32>) {
    if ideal < as_of {
        let lost = u32::try_from((as_of - ideal).num_days()).unwrap_or(u32::MAX);
        (as_of, Some(lost))
    } else {
        (ideal, None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::catalog::Catalog;
    use crate::input::source::Source;

    const SET: &str = r"
facts:
  - {id: release, type: date, prompt: Release}
events:
  - {id: release, label: the release, fact: release}
  - {id: window, label: the window opens, fact: release, days_before: 30}
id: s
title: S
version: '1'
precedes: [{event: release}]
questions:
  - {id: s.first, text: x, why: x, provisions: [eo14409.3a], severity: low, actions: &a {no: {do: x, owner: o}, partial: {do: x, owner: o}, unknown: {do: x, owner: o}, unanswered: {do: x, owner: o}}, precedes: [{question: s.second, lead: 14}]}
  - {id: s.second, text: x, why: x, provisions: [eo14409.3a], severity: low, actions: *a, precedes: [{event: window, lead: 10}]}
  - {id: s.free, text: x, why: x, provisions: [eo14409.3a], severity: low, actions: *a}
";

    fn set() -> QuestionnaireSet {
        crate::content::set::load_checked(&[Source::new("s.yaml", SET)], &[], &Catalog::builtin())
            .unwrap_or_else(|e| panic!("{e:#?}"))
    }

    fn d(s: &str) -> NaiveDate {
        crate::input::doc::parse_date(s).unwrap()
    }

    #[test]
    fn slots_count_back_through_questions_to_events() {
        let set = set();
        let mut profile = BTreeMap::new();
        profile.insert("release".to_string(), FactValue::Date(d("2027-03-01")));
        let events = event_dates(&set, &profile);
        assert_eq!(events["window"], d("2027-01-30"));
        let applies = |_: &str| true;
        let none = |_: &str| None;
        let s = Schedule::new(&set, &events, &applies, &none);
        // second: 10 days before the window; first: 14 days before second.
        assert_eq!(s.slot("s.second").date, Some(d("2027-01-20")));
        assert_eq!(s.slot("s.first").date, Some(d("2027-01-06")));
        assert_eq!(
            s.root_event("s.first").map(|e| e.0).as_deref(),
            Some("window")
        );
        // Every question of the area comes before the release at the latest.
        assert_eq!(s.slot("s.free").date, Some(d("2027-03-01")));
        // An open gap's own, earlier due date pulls what comes before it.
        let own = |q: &str| (q == "s.second").then(|| d("2026-12-15"));
        let s = Schedule::new(&set, &events, &applies, &own);
        assert_eq!(s.slot("s.first").date, Some(d("2026-12-01")));
        assert_eq!(s.date_of("s.second"), Some(d("2026-12-15")));
    }

    #[test]
    fn a_question_that_does_not_apply_dates_nothing() {
        let set = set();
        let mut profile = BTreeMap::new();
        profile.insert("release".to_string(), FactValue::Date(d("2027-03-01")));
        let events = event_dates(&set, &profile);
        let applies = |q: &str| q != "s.second";
        let none = |_: &str| None;
        let s = Schedule::new(&set, &events, &applies, &none);
        // Only the area's own bound is left: the release.
        assert_eq!(s.slot("s.first").date, Some(d("2027-03-01")));
        assert!(matches!(
            s.slot("s.first").bound,
            Some(Bound::Event { ref id, .. }) if id == "release"
        ));
    }

    const DECIDING: &str = r"
facts:
  - {id: release, type: date, prompt: Release}
events:
  - {id: window, label: the window opens, fact: release, days_before: 30}
id: t
title: T
version: '1'
questions:
  - id: t.decision
    text: x
    why: x
    provisions: [eo14409.3a]
    severity: low
    choices:
      - {id: go, label: Go, credit: 1}
      - {id: decline, label: Decline, credit: 1, decide_by: required}
    decision: {declines: [decline], record: t.record, lead: 7}
    actions: &a {no: {do: x, owner: o}, partial: {do: x, owner: o}, unknown: {do: x, owner: o}, unanswered: {do: x, owner: o}}
  - {id: t.record, text: x, why: x, provisions: [eo14409.3a], severity: low, evidence: required, actions: *a, applies_when: {question: t.decision, in: [decline]}}
  - {id: t.gated, text: x, why: x, provisions: [eo14409.3a], severity: low, actions: *a, applies_when: {not: {declined: t.decision}}, precedes: [{event: window}]}
  - {id: t.tie, text: x, why: x, provisions: [eo14409.3a], severity: low, actions: *a, precedes: [{question: t.gated, lead: 14}, {event: window, lead: 14}]}
";

    #[test]
    fn a_decision_comes_before_what_it_gates_and_the_first_of_equal_bounds_counts() {
        let set = crate::content::set::load_checked(
            &[Source::new("t.yaml", DECIDING)],
            &[],
            &Catalog::builtin(),
        )
        .unwrap_or_else(|e| panic!("{e:#?}"));
        let mut profile = BTreeMap::new();
        profile.insert("release".to_string(), FactValue::Date(d("2027-03-01")));
        let events = event_dates(&set, &profile);
        let applies = |_: &str| true;
        let none = |_: &str| None;
        let s = Schedule::new(&set, &events, &applies, &none);
        // The gated question is due by the window; the decision 7 days
        // before it, through an edge that says it gates.
        assert_eq!(s.slot("t.decision").date, Some(d("2027-01-23")));
        assert!(matches!(
            s.slot("t.decision").bound,
            Some(Bound::Question { ref id, gates: true, .. }) if id == "t.gated"
        ));
        // A declared edge does not gate; of two bounds on the same day the
        // one written first counts.
        assert_eq!(s.slot("t.tie").date, Some(d("2027-01-16")));
        assert!(matches!(
            s.slot("t.tie").bound,
            Some(Bound::Question { ref id, gates: false, .. }) if id == "t.gated"
        ));
    }

    #[test]
    fn without_the_profile_date_nothing_is_dated() {
        let set = set();
        let events = event_dates(&set, &BTreeMap::new());
        let applies = |_: &str| true;
        let none = |_: &str| None;
        let s = Schedule::new(&set, &events, &applies, &none);
        assert_eq!(s.slot("s.first").date, None);
    }

    #[test]
    fn a_date_before_the_assessment_is_held_to_it_and_the_loss_counted() {
        assert_eq!(
            hold(d("2026-11-16"), d("2026-11-20")),
            (d("2026-11-20"), Some(4))
        );
        assert_eq!(
            hold(d("2026-11-20"), d("2026-11-20")),
            (d("2026-11-20"), None)
        );
        assert_eq!(
            hold(d("2026-12-01"), d("2026-11-20")),
            (d("2026-12-01"), None)
        );
    }
}
