//! Settling a conflict `mera merge` left (`conflict:`, each respondent's
//! answer): the answer typed replaces it, and what the respondents gave
//! becomes the answer's details, for the prompts that follow to offer as
//! defaults. Evidence is every respondent's, in order, each item once; the
//! notes are joined as merge joins them; the owner is kept when they agree.
//! `by` names the respondents.

use chrono::NaiveDate;

use crate::assessment::answers::{Answer, ConflictingAnswer, Response};
use crate::workshop::merge::{evidence_union, joined_notes};

/// `card` with its conflict settled: the respondents' details drawn in
/// (after any the answer already has) and `conflict` removed.
pub fn settle(card: &mut Answer) {
    let sides = std::mem::take(&mut card.conflict);
    if sides.is_empty() {
        return;
    }
    card.evidence = evidence_union(
        std::iter::once(card.evidence.as_slice())
            .chain(sides.iter().map(|c| c.evidence.as_slice())),
    );
    if card.note.is_none() {
        card.note = joined_notes(
            sides
                .iter()
                .filter_map(|c| c.note.as_deref().map(|n| (c.by.as_str(), n))),
        );
    }
    if card.owner.is_none() {
        card.owner = agreed_owner(&sides);
    }
    let mut by: Vec<&str> = Vec::new();
    for c in &sides {
        if !by.contains(&c.by.as_str()) {
            by.push(&c.by);
        }
    }
    card.by = Some(by.join(", "));
}

/// The owner every respondent who named one named.
fn agreed_owner(sides: &[ConflictingAnswer]) -> Option<String> {
    let mut owners = sides.iter().filter_map(|c| c.owner.as_deref());
    let first = owners.next()?;
    owners.all(|o| o == first).then(|| first.to_string())
}

/// The date to decide by that a respondent gave with `response` (else with
/// any choice that puts the decision off), to offer when it is settled so.
pub fn decide_by(sides: &[ConflictingAnswer], response: &Response) -> Option<NaiveDate> {
    sides
        .iter()
        .find(|c| c.response == *response && c.decide_by.is_some())
        .or_else(|| sides.iter().find(|c| c.decide_by.is_some()))
        .and_then(|c| c.decide_by)
}
