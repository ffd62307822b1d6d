//! Warnings about a scored answers file that need the dates of the run:
//! the assessment date (wherever it came from: the file, `--as-of` or
//! today), the run date and today. The loader cannot give them, since it
//! sees only the file; every command that scores a file asks here.

use chrono::NaiveDate;

use crate::assessment::answers::Answers;
use crate::assessment::{AsOfSource, Assessment};
use crate::content::template::{PLACEHOLDER_NAME, PLACEHOLDER_ROLE};
use crate::input::diagnostic::{Code, Diagnostic, all_of};
use crate::text::plural;

/// An assessment date older than this (against the run date) draws a warning.
pub const STALE_AS_OF_DAYS: i64 = 90;

/// Active waivers expiring within this many days of the run date draw a
/// warning from `check`.
pub const EXPIRING_WITHIN_DAYS: i64 = 30;

/// Dates that are most likely typos, against the assessment date (`as_of`,
/// from `source`: for a scored file, `Assessment::as_of` and
/// `as_of_source`) and `today`: a `reviewed` date after the assessment
/// date, an `as_of` in the future, a `decide_by` before the assessment date.
pub fn dates(
    answers: &Answers,
    as_of: NaiveDate,
    source: AsOfSource,
    today: NaiveDate,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let file = answers.file.as_str();
    let source = match source {
        AsOfSource::AnswersFile => "",
        AsOfSource::Flag => " (from --as-of)",
        AsOfSource::Clock => " (today: the file gives no as_of)",
    };
    for (id, answer) in &answers.answers {
        if let Some(reviewed) = answer.reviewed.filter(|r| *r > as_of) {
            out.push(
                Diagnostic::warning(
                    Code::ReviewedAfterAsOf,
                    file,
                    Some(answer.pos),
                    format!(
                        "`{id}` was reviewed {reviewed}, after the assessment date {as_of}{source}"
                    ),
                )
                .with_help("check the date, or move `as_of` to the date the answers speak for"),
            );
        }
        if let Some(decide_by) = answer.decide_by.filter(|d| *d < as_of) {
            out.push(
                Diagnostic::warning(
                    Code::DecideByBeforeAsOf,
                    file,
                    Some(answer.pos),
                    format!(
                        "`{id}` is to be decided by {decide_by}, before the assessment date {as_of}{source}"
                    ),
                )
                .with_help("a date to decide by lies ahead of the answers: check the year, or record the decision that was taken"),
            );
        }
    }
    if let Some(as_of) = answers.organization.as_of.filter(|d| *d > today) {
        out.push(
            Diagnostic::warning(
                Code::FutureAsOf,
                file,
                Some(answers.organization.as_of_pos),
                format!(
                    "the answers speak for {as_of}, {} after today ({today})",
                    plural(
                        (as_of - today).num_days().unsigned_abs() as usize,
                        "day",
                        "days"
                    )
                ),
            )
            .with_help(
                "`as_of` is the date the answers were true: check the year, or use today's date",
            ),
        );
    }
    out
}

/// The template's placeholders (`Your organization`, `Your role`) left in
/// a file: reports would print them as the organization's name.
pub fn placeholders(answers: &Answers) -> Vec<Diagnostic> {
    let org = &answers.organization;
    let mut left = Vec::new();
    let mut at = None;
    if org.name == PLACEHOLDER_NAME {
        left.push(format!("name: {PLACEHOLDER_NAME}"));
        at = Some(org.name_pos);
    }
    if org.assessed_by.as_deref() == Some(PLACEHOLDER_ROLE) {
        left.push(format!("assessed_by: {PLACEHOLDER_ROLE}"));
        at = at.or(Some(org.assessed_by_pos));
    }
    if left.is_empty() {
        return Vec::new();
    }
    let names: Vec<&str> = left.iter().map(String::as_str).collect();
    vec![
        Diagnostic::warning(
            Code::TemplatePlaceholder,
            &answers.file,
            at,
            format!(
                "the template's {} still in `organization` ({})",
                if left.len() == 1 {
                    "placeholder is"
                } else {
                    "placeholders are"
                },
                all_of(&names)
            ),
        )
        .with_help(
            "write the organization's name and who assessed it; reports print them on every page",
        ),
    ]
}

/// Answers to questions that do not apply to the profile: kept in the
/// file but not scored, so flipping a profile fact never hides work silently.
pub fn inapplicable(a: &Assessment) -> Vec<Diagnostic> {
    let Some(first) = a.inapplicable_answers.first() else {
        return Vec::new();
    };
    let ids: Vec<&str> = a
        .inapplicable_answers
        .iter()
        .map(|i| i.question.as_str())
        .collect();
    let n = ids.len();
    vec![
        Diagnostic::warning(
            Code::InapplicableAnswer,
            &a.file,
            Some(first.pos),
            format!(
                "{} not apply to this profile and {} not scored: {}",
                plural(
                    n,
                    "answer is to a question that does",
                    "answers are to questions that do"
                ),
                if n == 1 { "is" } else { "are" },
                all_of(&ids)
            ),
        )
        .with_help("they are kept in the file; check the profile facts that decide which questions apply, or remove them"),
    ]
}

/// An assessment date more than [`STALE_AS_OF_DAYS`] before `reference`
/// (the run date: `--as-of`, or today).
pub fn old_assessment(answers: &Answers, reference: NaiveDate) -> Vec<Diagnostic> {
    let Some(as_of) = answers.organization.as_of else {
        return Vec::new();
    };
    let days = (reference - as_of).num_days();
    if days <= STALE_AS_OF_DAYS {
        return Vec::new();
    }
    vec![
        Diagnostic::warning(
            Code::OldAssessment,
            &answers.file,
            Some(answers.organization.as_of_pos),
            format!("the answers speak for {as_of}, {days} days before {reference}"),
        )
        .with_help(format!(
            "answers older than {STALE_AS_OF_DAYS} days may no longer hold: review them and update `as_of`"
        )),
    ]
}

/// Active waivers that expire within [`EXPIRING_WITHIN_DAYS`] of the run
/// date: the gate will fail on them then, so say so while there is time.
pub fn expiring_waivers(a: &Assessment) -> Vec<Diagnostic> {
    a.waivers
        .iter()
        .filter(|w| !w.expired)
        .filter_map(|w| {
            let days = (w.expires - a.run_date).num_days();
            (days <= EXPIRING_WITHIN_DAYS).then(|| {
                let when = match days {
                    0 => "today, its last day".to_string(),
                    _ => format!("in {}", plural(days.unsigned_abs() as usize, "day", "days")),
                };
                Diagnostic::warning(
                    Code::WaiverExpiring,
                    &a.file,
                    Some(w.pos),
                    format!(
                        "the waiver for `{}` expires {} ({when}); the gate fails on it from the day after",
                        w.question, w.expires
                    ),
                )
                .with_help(format!(
                    "renew it with {} (a new `expires`), or close the gap before then",
                    w.approved_by
                ))
            })
        })
        .collect()
}

/// A privileged assessment rendered in full where many can read it (under
/// CI: logs, job summaries, code scanning), for every command that writes
/// one: `assess`, `check`, `summary`, `diff`, `timeline`, `plan`.
pub fn privileged_unredacted(answers: &Answers, redact: bool, ci: bool) -> Option<Diagnostic> {
    (ci && answers.organization.privileged && !redact).then(|| {
        Diagnostic::warning(
            Code::PrivilegedUnredacted,
            &answers.file,
            Some(answers.organization.privileged_pos),
            "a privileged assessment is being rendered in full under CI",
        )
        .with_help("CI logs and job summaries are read by everyone with access to the repository: add `--redact`, and keep legal analysis out of answers files that live in a repository")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assessment::{Dates, Judge, scoring};
    use crate::content::{catalog::Catalog, set::QuestionnaireSet};

    fn day(text: &str) -> NaiveDate {
        crate::input::doc::parse_date(text).unwrap()
    }

    fn scored(text: &str, flag: Option<&str>, today: &str) -> (Assessment, Answers) {
        let set = QuestionnaireSet::builtin();
        let source = crate::input::source::Source::new("w.yaml", text);
        let (answers, _) = crate::assessment::answers::load(&source, &set).unwrap();
        let dates = Dates::resolve(
            flag.map(day),
            answers.organization.as_of,
            day(today),
            Judge::OnAsOf,
        );
        let options = scoring::Options {
            dates,
            max_evidence_age_days: 365,
            redact: false,
        };
        let a = scoring::assess(&set, &Catalog::builtin(), &answers, &options);
        (a, answers)
    }

    const PROFILE: &str = "profile: {develops_frontier_models: false, deploys_ai_agents: true, critical_infrastructure_operator: false}\n";

    /// The reviewed-after warning comes whatever the source of the
    /// assessment date: the file, `--as-of` or today.
    #[test]
    fn a_review_after_the_assessment_date_is_warned_whatever_its_source() {
        let answers = "answers:\n  agt.inventory: {answer: yes, reviewed: 2026-12-01}\n";
        let in_file =
            format!("mera: 1\norganization: {{name: X, as_of: 2026-11-20}}\n{PROFILE}{answers}");
        let without = format!("mera: 1\norganization: {{name: X}}\n{PROFILE}{answers}");
        for (text, flag, today, source) in [
            (&in_file, None, "2026-11-23", ""),
            (
                &without,
                Some("2026-11-20"),
                "2026-11-23",
                " (from --as-of)",
            ),
            (
                &without,
                None,
                "2026-11-20",
                " (today: the file gives no as_of)",
            ),
        ] {
            let (a, answers) = scored(text, flag, today);
            let w = dates(&answers, a.as_of, a.as_of_source, day(today));
            assert_eq!(w.len(), 1, "{source}: {w:?}");
            assert_eq!(w[0].code, Code::ReviewedAfterAsOf);
            assert_eq!(
                w[0].message,
                format!(
                    "`agt.inventory` was reviewed 2026-12-01, after the assessment date 2026-11-20{source}"
                )
            );
        }
        // On or before the assessment date: no warning.
        let (a, answers) = scored(&without, Some("2026-12-01"), "2026-12-01");
        assert!(dates(&answers, a.as_of, a.as_of_source, day("2026-12-01")).is_empty());
    }

    #[test]
    fn a_future_as_of_and_a_decision_date_in_the_past_are_warned() {
        let text = format!(
            "mera: 1\norganization: {{name: X, as_of: 2027-01-10}}\n{PROFILE}answers: {{}}\n"
        );
        let (a, answers) = scored(&text, None, "2026-11-23");
        let w = dates(&answers, a.as_of, a.as_of_source, day("2026-11-23"));
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].code, Code::FutureAsOf);
        assert!(
            w[0].message.contains("48 days after today (2026-11-23)"),
            "{}",
            w[0].message
        );
        let frontier = "mera: 1\norganization: {name: X, as_of: 2026-11-20}\nprofile: {develops_frontier_models: true, deploys_ai_agents: false, critical_infrastructure_operator: false}\nanswers:\n  cme.engagement-decision: {answer: wait, decide_by: 2026-11-02}\n";
        let (a, answers) = scored(frontier, None, "2026-11-23");
        let w = dates(&answers, a.as_of, a.as_of_source, day("2026-11-23"));
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(w[0].code, Code::DecideByBeforeAsOf);
        assert_eq!(
            w[0].message,
            "`cme.engagement-decision` is to be decided by 2026-11-02, before the assessment date 2026-11-20"
        );
    }

    #[test]
    fn template_placeholders_are_named() {
        let text = format!(
            "mera: 1\norganization: {{name: {PLACEHOLDER_NAME}, assessed_by: {PLACEHOLDER_ROLE}, as_of: 2026-11-20}}\n{PROFILE}"
        );
        let (_, answers) = scored(&text, None, "2026-11-20");
        let w = placeholders(&answers);
        assert_eq!(w.len(), 1);
        assert_eq!(
            w[0].message,
            "the template's placeholders are still in `organization` (`name: Your organization` and `assessed_by: Your role`)"
        );
    }
}
