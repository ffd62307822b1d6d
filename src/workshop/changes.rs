//! `mera changes`: what changed in the content, by version, from the
//! questionnaires' history. For a file: since the version it is answered
//! against, and only the new and revised questions that may apply to its
//! profile (a condition on another answer counts as "maybe").

use std::fmt::Write as _;

use serde::Serialize;

use crate::assessment::answers::Answers;
use crate::assessment::review;
use crate::assessment::stamp::Stamp;
use crate::content::history::Version;
use crate::content::set::QuestionnaireSet;
use crate::workshop::{Format, block_line};

/// Every change since a version (or a file's stamp), by version.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Changes {
    /// The file listed for, if any.
    pub file: Option<String>,
    /// Since when: `--since`, the file's stamp, or the first content version.
    pub since: String,
    /// The file has no stamp and is taken as answered against 2026.11.1.
    pub unstamped: bool,
    /// The content now.
    pub current: String,
    pub versions: Vec<VersionChanges>,
    /// For a file: the profile facts it does not state that decide whether
    /// a listed new or revised question applies (a file written before a
    /// fact existed states nothing about it). Stating them narrows the list.
    pub unstated_facts: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct VersionChanges {
    pub version: Version,
    pub new: Vec<NewQuestion>,
    pub revised: Vec<RevisedQuestion>,
    pub replaced: Vec<ReplacedQuestion>,
    pub removed: Vec<RemovedQuestion>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NewQuestion {
    pub question: String,
    pub area: String,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RevisedQuestion {
    pub question: String,
    pub area: String,
    pub what_changed: String,
    /// The file's answer to it, when listed for a file.
    pub answer: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReplacedQuestion {
    pub question: String,
    pub by: Vec<String>,
    /// `renamed`, or `split` (the old id gone or kept by one part).
    pub kind: &'static str,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RemovedQuestion {
    pub question: String,
    pub why: String,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.versions.is_empty()
    }

    fn count(&self, f: impl Fn(&VersionChanges) -> usize) -> usize {
        self.versions.iter().map(f).sum()
    }
}

/// What changed after `since` in every questionnaire; each questionnaire's
/// first version (its questions as first shipped) is not a change.
pub fn since(set: &QuestionnaireSet, since: Option<&Version>) -> Changes {
    collect(set, None, |q| {
        since.cloned().or_else(|| q.history.first().cloned())
    })
}

/// What changed since `answers` was answered (or since `since`), limited to
/// what may apply to its profile.
pub fn for_file(set: &QuestionnaireSet, answers: &Answers, since: Option<&Version>) -> Changes {
    collect(set, Some(answers), |q| {
        since
            .cloned()
            .or_else(|| answers.content.version_for(set, q))
    })
}

fn collect(
    set: &QuestionnaireSet,
    answers: Option<&Answers>,
    from: impl Fn(&crate::content::questionnaire::Questionnaire) -> Option<Version>,
) -> Changes {
    let may_apply = |id: &str| {
        answers.is_none_or(|a| crate::content::reachability::may_apply(set, id, &a.profile))
    };
    let mut versions: Vec<VersionChanges> = Vec::new();
    let mut since_shown: Option<Version> = None;
    for q in &set.questionnaires {
        let Some(from) = from(q) else {
            continue;
        };
        since_shown = Some(since_shown.map_or(from.clone(), |s| s.min(from.clone())));
        for r in q.history.since(&from) {
            let i = match versions.iter().position(|v| v.version == r.version) {
                Some(i) => i,
                None => {
                    versions.push(VersionChanges {
                        version: r.version.clone(),
                        new: Vec::new(),
                        revised: Vec::new(),
                        replaced: Vec::new(),
                        removed: Vec::new(),
                    });
                    versions.len() - 1
                }
            };
            let v = &mut versions[i];
            for a in &r.added {
                if let Some((_, x)) = set.question(&a.id).filter(|_| may_apply(&a.id)) {
                    v.new.push(NewQuestion {
                        question: a.id.clone(),
                        area: q.id.clone(),
                        text: x.text.trim().to_string(),
                    });
                }
            }
            for c in &r.revised {
                if set.question(&c.id).is_some() && may_apply(&c.id) {
                    v.revised.push(RevisedQuestion {
                        question: c.id.clone(),
                        area: q.id.clone(),
                        what_changed: c.what.clone(),
                        answer: answers
                            .and_then(|a| a.answers.get(&c.id))
                            .map(|a| a.response.word().to_string()),
                    });
                }
            }
            for x in r
                .replaced
                .iter()
                .filter(|x| x.by.iter().any(|b| may_apply(b)))
            {
                v.replaced.push(ReplacedQuestion {
                    question: x.old.clone(),
                    by: x.by.clone(),
                    kind: if x.is_rename() { "renamed" } else { "split" },
                });
            }
            for c in &r.removed {
                v.removed.push(RemovedQuestion {
                    question: c.id.clone(),
                    why: c.what.clone(),
                });
            }
        }
    }
    versions.sort_by(|a, b| a.version.cmp(&b.version));
    let mut unstated_facts: Vec<String> = Vec::new();
    if let Some(a) = answers {
        let listed = versions.iter().flat_map(|v| {
            v.new
                .iter()
                .map(|n| &n.question)
                .chain(v.revised.iter().map(|r| &r.question))
        });
        for id in listed {
            unstated_facts.extend(crate::content::reachability::unstated_facts(
                set, id, &a.profile,
            ));
        }
        unstated_facts.sort();
        unstated_facts.dedup();
    }
    let current = Stamp::current(set);
    Changes {
        file: answers.map(|a| a.file.clone()),
        since: match answers {
            Some(a) => a.content.describe(),
            None => since_shown.map_or_else(String::new, |v| v.to_string()),
        },
        unstamped: answers.is_some_and(|a| !a.content.is_written()),
        current: current.describe(),
        versions,
        unstated_facts,
    }
}

pub fn render(format: Format, changes: &Changes, width: u16) -> String {
    match format {
        Format::Table => table(changes, usize::from(width)),
        Format::Markdown => markdown(changes),
        Format::Json => {
            #[derive(Serialize)]
            struct Body<'a> {
                changes: &'a Changes,
            }
            crate::workshop::json(&Body { changes })
        }
    }
}

fn headline(c: &Changes) -> String {
    let unstamped = if c.unstamped {
        " (it has no `content` stamp)"
    } else {
        ""
    };
    match &c.file {
        Some(f) => format!(
            "Content changes since {f} was answered: content {}{unstamped}; now {}. Listed: what may apply to its profile.",
            c.since, c.current
        ),
        None => format!("Content changes since {}; now {}.", c.since, c.current),
    }
}

fn totals(c: &Changes) -> String {
    // As the `content-changed` warning counts: a question revised in more
    // than one version once, and one new since then not as revised. The
    // revisions listed by version are counted beside it when that differs.
    let revisions = c.count(|v| v.revised.len());
    let new: std::collections::BTreeSet<&str> = c
        .versions
        .iter()
        .flat_map(|v| v.new.iter().map(|n| n.question.as_str()))
        .collect();
    let revised: std::collections::BTreeSet<&str> = c
        .versions
        .iter()
        .flat_map(|v| v.revised.iter().map(|r| r.question.as_str()))
        .filter(|id| !new.contains(id))
        .collect();
    let revised = if revised.len() == revisions {
        format!("{revisions} revised")
    } else {
        format!(
            "{} revised ({revisions} revisions listed, counting those to questions new since)",
            revised.len()
        )
    };
    format!(
        "{} new, {revised}, {} replaced or split, {} removed.",
        c.count(|v| v.new.len()),
        c.count(|v| v.replaced.len()),
        c.count(|v| v.removed.len())
    )
}

fn next_step(c: &Changes) -> Option<String> {
    let f = c.file.as_ref()?;
    let facts = if c.unstated_facts.is_empty() {
        String::new()
    } else {
        let names: Vec<&str> = c.unstated_facts.iter().map(String::as_str).collect();
        format!(
            " The file's profile does not state {}, which decide{} whether some of these apply: state {} to narrow the list.",
            crate::input::diagnostic::all_of(&names),
            if names.len() == 1 { "s" } else { "" },
            if names.len() == 1 { "it" } else { "them" }
        )
    };
    Some(format!(
        "Next: `mera upgrade {f} --dry-run` shows how the file would change; `mera upgrade {f}` makes the change.{facts}"
    ))
}

fn replaced_text(r: &ReplacedQuestion) -> String {
    let by: Vec<&str> = r.by.iter().map(String::as_str).collect();
    format!("{} {} into {}", r.question, r.kind, by.join(", "))
}

/// An entry under a heading: its first line at four spaces, the rest at six.
fn hanging(text: &str, width: usize) -> String {
    crate::report::text::wrap_hanging(text, width, "    ", "      ")
}

fn table(c: &Changes, width: usize) -> String {
    let mut out = block_line(&headline(c), width, "", "");
    if c.is_empty() {
        out.push_str("Nothing changed.\n");
        return out;
    }
    out.push_str(&block_line(&totals(c), width, "", ""));
    for v in &c.versions {
        let _ = writeln!(out, "\n{}", v.version);
        if !v.new.is_empty() {
            let _ = writeln!(out, "  New ({}):", v.new.len());
            for n in &v.new {
                out.push_str(&block_line(&n.question, width, "    ", ""));
                out.push_str(&block_line(&n.text, width, "      ", ""));
            }
        }
        if !v.revised.is_empty() {
            let _ = writeln!(out, "  Revised ({}):", v.revised.len());
            for r in &v.revised {
                let head = match &r.answer {
                    Some(a) => format!("{} (answered: {a})", r.question),
                    None => r.question.clone(),
                };
                out.push_str(&block_line(&head, width, "    ", ""));
                out.push_str(&block_line(&r.what_changed, width, "      ", ""));
            }
        }
        if !v.replaced.is_empty() {
            let _ = writeln!(out, "  Replaced or split ({}):", v.replaced.len());
            for r in &v.replaced {
                out.push_str(&hanging(&replaced_text(r), width));
            }
        }
        if !v.removed.is_empty() {
            let _ = writeln!(out, "  Removed ({}):", v.removed.len());
            for r in &v.removed {
                out.push_str(&hanging(&format!("{}: {}", r.question, r.why), width));
            }
        }
    }
    if let Some(next) = next_step(c) {
        out.push('\n');
        out.push_str(&block_line(&next, width, "", ""));
    }
    out
}

fn markdown(c: &Changes) -> String {
    use crate::report::markdown::{code, escape};
    let mut out = format!("# Content changes\n\n{}\n\n", escape(&headline(c)));
    if c.is_empty() {
        out.push_str("Nothing changed.\n");
        return out;
    }
    let _ = writeln!(out, "{}\n", escape(&totals(c)));
    for v in &c.versions {
        let _ = writeln!(out, "## {}\n", v.version);
        if !v.new.is_empty() {
            out.push_str("New:\n\n");
            for n in &v.new {
                let _ = writeln!(out, "- {}: {}", code(&n.question), escape(&n.text));
            }
            out.push('\n');
        }
        if !v.revised.is_empty() {
            out.push_str("Revised:\n\n");
            for r in &v.revised {
                let answered = r
                    .answer
                    .as_ref()
                    .map_or_else(String::new, |a| format!(" (answered: {})", escape(a)));
                let _ = writeln!(
                    out,
                    "- {}{answered}: {}",
                    code(&r.question),
                    escape(&r.what_changed)
                );
            }
            out.push('\n');
        }
        if !v.replaced.is_empty() {
            out.push_str("Replaced or split:\n\n");
            for r in &v.replaced {
                let by: Vec<String> = r.by.iter().map(|b| code(b)).collect();
                let _ = writeln!(
                    out,
                    "- {} {} into {}",
                    code(&r.question),
                    r.kind,
                    by.join(", ")
                );
            }
            out.push('\n');
        }
        if !v.removed.is_empty() {
            out.push_str("Removed:\n\n");
            for r in &v.removed {
                let _ = writeln!(out, "- {}: {}", code(&r.question), escape(&r.why));
            }
            out.push('\n');
        }
    }
    if let Some(next) = next_step(c) {
        let _ = writeln!(out, "{}", escape(&next));
    }
    out
}

/// The answers to review in a file, as `review` lists them (for callers
/// that have the answers but not an assessment), with the questions that
/// apply judged on the date the answers speak for (a file without one:
/// as if no date to decide had passed).
pub fn to_review(set: &QuestionnaireSet, answers: &Answers) -> Vec<review::ToReview> {
    let on = answers.organization.as_of.unwrap_or(chrono::NaiveDate::MIN);
    let dates = crate::assessment::Dates::on(on);
    let applicable = crate::assessment::scoring::applicable_questions(set, answers, dates);
    review::to_review(set, answers, |id| applicable.contains(id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_changes_since_the_first_version_list_the_split_decision() {
        let set = QuestionnaireSet::builtin();
        let c = since(&set, Version::parse("2026.11.1").as_ref());
        let versions: Vec<&str> = c.versions.iter().map(|v| v.version.as_str()).collect();
        assert_eq!(versions, ["2026.12.1", "2026.12.2", "2026.12.3"]);
        let first = &c.versions[0];
        assert_eq!(first.new.len(), 88 - 69 + 1, "{:#?}", first.new);
        assert!(
            first
                .new
                .iter()
                .any(|n| n.question == "cme.access-decision")
        );
        assert!(
            first
                .revised
                .iter()
                .any(|r| r.question == "cme.engagement-decision")
        );
        assert!(
            first
                .replaced
                .iter()
                .any(|r| r.question == "gov.insurance-and-disclosure" && r.kind == "split")
        );
        // Since the newest version, nothing.
        assert!(since(&set, Version::parse("2026.12.3").as_ref()).is_empty());
        assert!(!since(&set, Version::parse("2026.12.2").as_ref()).is_empty());
        let text = render(Format::Table, &c, 80);
        assert!(text.lines().all(|l| l.chars().count() <= 80), "{text}");
        assert!(render(Format::Markdown, &c, 80).contains("## 2026.12.1"));
    }
}
