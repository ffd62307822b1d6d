//! Told, not surprised: what changed in the content since an answers file's
//! stamp, and which answers were given before their question's last
//! substantive revision (to review until re-confirmed).
//!
//! An answer's content version is its own `answered_in` when it has one
//! (written by `mera upgrade` on answers to revised questions), else the
//! file's stamp. It is re-confirmed by deleting `answered_in` once the
//! stamp is current, or by answering it again in `mera interview`.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::assessment::answers::Answers;
use crate::assessment::stamp::Stamp;
use crate::content::history::Version;
use crate::content::questionnaire::Questionnaire;
use crate::content::set::QuestionnaireSet;
use crate::input::diagnostic::{Code, Diagnostic, all_of};
use crate::input::doc::Node;
use crate::input::source::Pos;

/// What an assessment says about content changes: `content_changes` and
/// `to_review` in JSON.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ContentReview {
    /// What changed since the file's stamp; `None` when the stamp is current.
    pub content_changes: Option<ContentChanges>,
    /// Answers given before their question's last substantive revision.
    pub to_review: Vec<ToReview>,
}

/// The content changes since a file's stamp that may apply to its profile.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ContentChanges {
    /// The content version(s) the file is answered against.
    pub answered_against: String,
    /// Whether the file says so (`content`); without it, 2026.11.1.
    pub stamped: bool,
    /// The content version(s) now.
    pub current: String,
    /// New questions that may apply to the profile.
    pub new: Vec<String>,
    /// Questions revised in substance that may apply to the profile.
    pub revised: Vec<String>,
    /// Questions renamed or split.
    pub replaced: Vec<Replaced>,
    /// Questions removed.
    pub removed: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Replaced {
    pub question: String,
    pub by: Vec<String>,
    pub version: Version,
}

/// An answer to check against its question's new wording.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ToReview {
    pub question: String,
    /// The last version that revised the question.
    pub revised_in: Version,
    /// What changed, in one line (each version's, when several).
    pub what_changed: String,
    /// The content version the answer was given against.
    pub answered_in: Version,
    pub pos: Pos,
}

impl ContentChanges {
    /// "14 new questions, 19 revised and 5 replaced or split may apply to
    /// this profile", leaving out what is none.
    pub fn counts(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        for (n, word) in [
            (self.new.len(), "new"),
            (self.revised.len(), "revised"),
            (self.replaced.len(), "replaced or split"),
            (self.removed.len(), "removed"),
        ] {
            if n == 0 {
                continue;
            }
            // The first count names what it counts: "14 new questions".
            parts.push(if parts.is_empty() {
                format!(
                    "{n} {word} {}",
                    if n == 1 { "question" } else { "questions" }
                )
            } else {
                format!("{n} {word}")
            });
        }
        match parts.as_slice() {
            [] => "no question that may apply to this profile changed".into(),
            [one] => format!("{one} may apply to this profile"),
            [rest @ .., last] => {
                format!("{} and {last} may apply to this profile", rest.join(", "))
            }
        }
    }
}

/// Both halves, for an assessment; `applies` says whether a question
/// applies (scoring's rule), so only scored answers are listed for review.
pub fn review(
    set: &QuestionnaireSet,
    answers: &Answers,
    applies: impl Fn(&str) -> bool,
) -> ContentReview {
    ContentReview {
        content_changes: changes(set, answers),
        to_review: to_review(set, answers, applies),
    }
}

/// The content changes since the file's stamp; `None` when it is current.
pub fn changes(set: &QuestionnaireSet, answers: &Answers) -> Option<ContentChanges> {
    let stamp = &answers.content;
    let current = Stamp::current(set);
    if stamp.covers(set, &current) {
        return None;
    }
    let mut out = ContentChanges {
        answered_against: stamp.describe(),
        stamped: stamp.is_written(),
        current: current.describe(),
        ..ContentChanges::default()
    };
    let may_apply = |id: &str| crate::content::reachability::may_apply(set, id, &answers.profile);
    for q in &set.questionnaires {
        let Some(from) = stamp.version_for(set, q) else {
            continue;
        };
        let current_ids: BTreeSet<&str> = q.questions.iter().map(|x| x.id.as_str()).collect();
        for r in q.history.since(&from) {
            for a in &r.added {
                if current_ids.contains(a.id.as_str())
                    && may_apply(&a.id)
                    && !out.new.contains(&a.id)
                {
                    out.new.push(a.id.clone());
                }
            }
            for c in &r.revised {
                let new = out.new.contains(&c.id);
                if current_ids.contains(c.id.as_str())
                    && !new
                    && may_apply(&c.id)
                    && !out.revised.contains(&c.id)
                {
                    out.revised.push(c.id.clone());
                }
            }
            for x in r
                .replaced
                .iter()
                .filter(|x| x.by.iter().any(|b| may_apply(b)))
            {
                out.replaced.push(Replaced {
                    question: x.old.clone(),
                    by: x.by.clone(),
                    version: r.version.clone(),
                });
            }
            out.removed.extend(r.removed.iter().map(|c| c.id.clone()));
        }
    }
    Some(out)
}

/// The content version an answer to `id` was given against: its own
/// `answered_in`, else the file's stamp for the question's questionnaire.
pub fn answered_in(
    set: &QuestionnaireSet,
    stamp: &Stamp,
    q: &Questionnaire,
    own: Option<&Version>,
) -> Option<Version> {
    own.cloned().or_else(|| stamp.version_for(set, q))
}

/// Why an answer given against `answered` is to be reviewed: the question
/// was revised since (every revision's line), or split from the question
/// it was given to. `None` when it still answers the question as it is.
pub fn reason(q: &Questionnaire, id: &str, answered: &Version) -> Option<(Version, String)> {
    let revisions = q.history.revisions_since(id, answered);
    if let Some(last) = revisions.last() {
        let what = if revisions.len() == 1 {
            last.what.to_string()
        } else {
            let each: Vec<String> = revisions
                .iter()
                .map(|r| format!("{}: {}", r.version, r.what))
                .collect();
            each.join("; ")
        };
        return Some((last.version.clone(), what));
    }
    let (version, split) = q.history.split_into(id, answered)?;
    let parts: Vec<&str> = split.by.iter().map(String::as_str).collect();
    Some((
        version.clone(),
        format!(
            "split from `{}` into {}; the answer was given to `{}`",
            split.old,
            all_of(&parts),
            split.old
        ),
    ))
}

/// Answers given before their question's last substantive revision, in
/// questionnaire order.
pub fn to_review(
    set: &QuestionnaireSet,
    answers: &Answers,
    applies: impl Fn(&str) -> bool,
) -> Vec<ToReview> {
    let mut out = Vec::new();
    for q in &set.questionnaires {
        if !q.history.is_declared() {
            continue;
        }
        for x in &q.questions {
            let Some(answer) = answers.answers.get(&x.id) else {
                continue;
            };
            let Some(answered) = answered_in(set, &answers.content, q, answer.answered_in.as_ref())
            else {
                continue;
            };
            if !applies(&x.id) {
                continue;
            }
            if let Some((revised_in, what_changed)) = reason(q, &x.id, &answered) {
                out.push(ToReview {
                    question: x.id.clone(),
                    revised_in,
                    what_changed,
                    answered_in: answered,
                    pos: answer.pos,
                });
            }
        }
    }
    out
}

/// The warning `assess`, `check` and `validate` give, once per file, when
/// its stamp is older (or newer) than the content.
pub fn stamp_warning(
    set: &QuestionnaireSet,
    answers: &Answers,
    file: &str,
    pos: Pos,
) -> Option<Diagnostic> {
    let stamp = &answers.content;
    let current = Stamp::current(set);
    let at = stamp.pos.unwrap_or(pos);
    if !current.covers(set, stamp) {
        return Some(
            Diagnostic::warning(
                Code::ContentChanged,
                file,
                Some(at),
                format!(
                    "these answers are given against content {}, newer than this mera's {}",
                    stamp.describe(),
                    current.describe()
                ),
            )
            .with_help("install a newer mera (or load the newer questionnaires); questions it does not know are not scored"),
        );
    }
    let changes = changes(set, answers)?;
    let unstamped = if changes.stamped {
        ""
    } else {
        " (the file has no `content` stamp)"
    };
    Some(
        Diagnostic::warning(
            Code::ContentChanged,
            file,
            Some(at),
            format!(
                "these answers are given against content {}{unstamped}; the content is now {}: {}",
                changes.answered_against,
                changes.current,
                changes.counts()
            ),
        )
        .with_help(format!(
            "run `mera upgrade {file}` (`--dry-run` shows the change first); `mera changes {file}` lists what changed"
        )),
    )
}

/// A sentence to add to the help of an error in the answer to `id` when
/// the question changed after the version the answer was given against
/// and the error is of a kind a revision brings (a `decide_by` now
/// required, `n/a` no longer taken, a choice that is gone): the rule
/// broken may be newer than the answer.
pub fn newer_rule_note(
    set: &QuestionnaireSet,
    stamp: &Stamp,
    id: &str,
    node: &Node,
    file: &str,
) -> Option<String> {
    let (q, _) = set.question(id)?;
    let own = node
        .get("answered_in")
        .and_then(Node::scalar_text)
        .and_then(|t| Version::parse(&t));
    let answered = answered_in(set, stamp, q, own.as_ref())?;
    let (version, what) = reason(q, id, &answered)?;
    let next = if is_current(set, stamp) {
        format!("`mera interview {file} --revisit changed` asks it again")
    } else {
        format!("`mera upgrade {file}` brings the file up to date and lists what is left to decide")
    };
    Some(format!(
        "this rule is newer than the answer: `{id}` was revised in {version} ({what}), and the answer was given against {answered}; {next}"
    ))
}

/// Whether an error of this kind in an answer can come from a revision of
/// its question rather than a slip in the file.
pub fn revision_can_cause(code: Code, question: &crate::content::questionnaire::Question) -> bool {
    match code {
        Code::MissingKey | Code::NotApplicableRefused => true,
        Code::InvalidAnswer => question.is_choice(),
        _ => false,
    }
}

/// The help for an answer to a question the content removed.
pub fn removed_note(set: &QuestionnaireSet, id: &str, file: &str) -> Option<String> {
    set.questionnaires.iter().find_map(|q| {
        let (version, change) = q.history.removal(id)?;
        Some(format!(
            "`{id}` was removed in content {version}: {}; delete the answer (`mera upgrade {file}` keeps it as a comment)",
            change.what
        ))
    })
}

/// The warning for an answer under an old id: a rename says the new id;
/// a split says the answer counts for its first part until each part is
/// answered.
pub fn replaced_text(set: &QuestionnaireSet, old: &str, new: &str, file: &str) -> (String, String) {
    let split = set
        .questionnaires
        .iter()
        .find_map(|q| q.history.replacement_of(old))
        .filter(|(_, r)| !r.is_rename());
    match split {
        Some((version, r)) => {
            let parts: Vec<&str> = r.by.iter().map(String::as_str).collect();
            (
                format!(
                    "question `{old}` was split in content {version} into {}; its answer counts for `{new}` until each part is answered",
                    all_of(&parts)
                ),
                format!(
                    "`mera upgrade {file}` keeps the answer as a comment beside its parts, for you to answer each"
                ),
            )
        }
        None => (
            format!("question `{old}` is now `{new}`"),
            format!("rename `{old}` to `{new}` in this file (`mera upgrade {file}` does it)"),
        ),
    }
}

/// Whether `stamp` is current for every questionnaire.
pub fn is_current(set: &QuestionnaireSet, stamp: &Stamp) -> bool {
    stamp.covers(set, &Stamp::current(set))
}
