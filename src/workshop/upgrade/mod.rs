//! `mera upgrade`: bring an answers file up to the content it is read
//! against, in place. What changed comes from the questionnaires' history
//! (`content::history`); what the file holds comes from its own tree, read
//! leniently, since a file answered against older content may not load.
//!
//! The plan is the same for YAML and TOML; `yaml` applies it with line
//! edits at the parser's positions (every other byte kept), `toml` with
//! `toml_edit` (comments and order kept):
//!
//! - an answer under a renamed id is renamed;
//! - an answer to a question split away (its id gone) or removed is kept
//!   as a comment, and a split's parts are added beside it to be answered;
//! - an answer given before its question's last substantive revision gets
//!   a `# revised in V: what changed` comment and `answered_in: V0` (the
//!   version it was given against), so reports list it for review until
//!   someone re-confirms it and deletes the line;
//! - each new question that may apply to the profile is inserted as the
//!   commented block `mera init` writes, after the question before it;
//! - the stamp (`content`) is set to the content now.
//!
//! Nothing is decided for the user: a `decide_by` date, a split's parts and
//! the new questions are listed at the end with the command that settles
//! them. A second run changes nothing.

pub mod toml;
pub mod yaml;

use std::collections::BTreeSet;

use serde::Serialize;

use crate::assessment::answers::{self, Answers};
use crate::assessment::review;
use crate::assessment::stamp::Stamp;
use crate::content::catalog::Catalog;
use crate::content::history::Version;
use crate::content::set::QuestionnaireSet;
use crate::input::diagnostic::{Code, Diagnostic};
use crate::input::doc::{Key, Node, Value};
use crate::input::source::{Source, Syntax};

/// One answer in the file as written: its key (old or current id), where
/// it is, and its node.
#[derive(Clone, Debug)]
pub struct Entry {
    pub key: String,
    pub pos: crate::input::source::Pos,
    pub node: Node,
}

/// What to do to one file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Plan {
    /// The stamp to write, when the file's is not it.
    pub stamp: Option<Stamp>,
    /// `old key` → current id.
    pub renames: Vec<(String, String)>,
    /// Answers to keep as comments: the key, and the sentence that says why.
    pub retire: Vec<(String, String)>,
    /// Answers to mark for review: key as written, the comment to put
    /// above it, and the version for `answered_in` (when not there yet).
    pub review: Vec<Mark>,
    /// New questions to insert as blocks, in questionnaire order.
    pub new: Vec<NewQuestion>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Mark {
    pub key: String,
    /// One line per revision since the answer: "revised in V: what changed".
    pub comment: Vec<String>,
    /// The version the answer was given against, for `answered_in`.
    pub answered_in: Version,
}

#[derive(Clone, Debug, PartialEq)]
pub struct NewQuestion {
    pub id: String,
    /// A line about where it came from (a split's old answer), if any.
    pub note: Option<String>,
    /// Put it right after this key's entry (a split's retired old answer)
    /// instead of after the question before it.
    pub beside: Option<String>,
}

impl Plan {
    pub fn is_empty(&self) -> bool {
        self.stamp.is_none()
            && self.renames.is_empty()
            && self.retire.is_empty()
            && self.review.is_empty()
            && self.new.is_empty()
    }
}

/// What the upgrade did and what it leaves to the user.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Outcome {
    pub file: String,
    pub from: String,
    pub to: String,
    /// The file's text after the upgrade (the same text when nothing changed).
    #[serde(skip)]
    pub text: String,
    pub changed: bool,
    pub done: Vec<String>,
    pub left: Vec<String>,
}

/// The file's answers as written, each under the key it has (TOML's dotted
/// keys joined into ids).
pub fn entries(root: &Node, set: &QuestionnaireSet) -> Vec<Entry> {
    let Some(Value::Map(items)) = root.get("answers").map(|n| &n.value) else {
        return Vec::new();
    };
    answers::join_dotted(items, set)
        .into_iter()
        .map(|(Key { name, pos }, node)| Entry {
            key: name,
            pos,
            node: node.clone(),
        })
        .collect()
}

/// The answer's own `answered_in`, if it has one.
fn own_version(node: &Node) -> Option<Version> {
    node.get("answered_in")
        .and_then(Node::scalar_text)
        .and_then(|t| Version::parse(&t))
}

/// Work out what to do, from the file's tree and its answers read leniently.
pub fn plan(
    set: &QuestionnaireSet,
    root: &Node,
    answers: &Answers,
    placeholders: &BTreeSet<String>,
) -> Plan {
    let stamp = &answers.content;
    let current = Stamp::current(set);
    let mut plan = Plan::default();
    if !stamp.is_written() || stamp.builtin != current.builtin || stamp.custom != current.custom {
        let mut to = current.clone();
        // A custom questionnaire no longer loaded keeps its line as written.
        for (k, v) in &stamp.custom {
            to.custom.entry(k.clone()).or_insert_with(|| v.clone());
        }
        if !stamp.is_written() || to.builtin != stamp.builtin || to.custom != stamp.custom {
            plan.stamp = Some(to);
        }
    }
    let may_apply = |id: &str| crate::content::reachability::may_apply(set, id, &answers.profile);
    let mut answered: BTreeSet<String> = BTreeSet::new();
    let entries = entries(root, set);
    for e in &entries {
        if set.question(&e.key).is_some() {
            answered.insert(e.key.clone());
            continue;
        }
        let history = set
            .questionnaires
            .iter()
            .find_map(|q| q.history.replacement_of(&e.key));
        if let Some((version, r)) = history.filter(|(_, r)| !r.is_rename()) {
            // Split away: the answer is kept as a comment, its parts added.
            let parts: Vec<&str> = r.by.iter().map(String::as_str).collect();
            plan.retire.push((
                e.key.clone(),
                format!(
                    "`{}` was split in {version} into {}: answer each part below. The answer kept here as a comment was given to `{}`.",
                    e.key,
                    crate::input::diagnostic::all_of(&parts),
                    e.key
                ),
            ));
            for part in &r.by {
                if set.question(part).is_some()
                    && !answered.contains(part)
                    && !placeholders.contains(part)
                {
                    plan.new.push(NewQuestion {
                        id: part.clone(),
                        note: Some(format!(
                            "split in {version} from {}, whose answer is kept above",
                            e.key
                        )),
                        beside: Some(e.key.clone()),
                    });
                    answered.insert(part.clone());
                }
            }
            continue;
        }
        if let Some(new) = set.replacement(&e.key) {
            plan.renames.push((e.key.clone(), new.to_string()));
            answered.insert(new.to_string());
            continue;
        }
        if let Some(why) = set
            .questionnaires
            .iter()
            .find_map(|q| q.history.removal(&e.key))
        {
            plan.retire.push((
                e.key.clone(),
                format!(
                    "`{}` was removed in {}: {}. The answer is kept here as a comment.",
                    e.key, why.0, why.1.what
                ),
            ));
        }
    }
    // Answers to questions revised since they were given.
    for e in &entries {
        let id = plan
            .renames
            .iter()
            .find(|(old, _)| *old == e.key)
            .map_or(e.key.as_str(), |(_, new)| new.as_str());
        let Some((q, _)) = set.question(id) else {
            continue;
        };
        if !may_apply(id) {
            continue;
        }
        // An answer that says which version it was given against was
        // marked before (by an upgrade, or by hand): it stays as it is.
        if own_version(&e.node).is_some() {
            continue;
        }
        let Some(given) = stamp.version_for(set, q) else {
            continue;
        };
        let Some((version, what)) = review::reason(q, id, &given) else {
            continue;
        };
        let revisions = q.history.revisions_since(id, &given);
        let comment = if revisions.is_empty() {
            vec![format!("revised in {version}: {what}")]
        } else {
            revisions
                .iter()
                .map(|r| format!("revised in {}: {}", r.version, r.what))
                .collect()
        };
        plan.review.push(Mark {
            key: e.key.clone(),
            comment,
            answered_in: given,
        });
    }
    // New questions that may apply, not answered nor already written out.
    for q in &set.questionnaires {
        let Some(from) = stamp.version_for(set, q) else {
            continue;
        };
        let current_ids: BTreeSet<&str> = q.questions.iter().map(|x| x.id.as_str()).collect();
        for r in q.history.since(&from) {
            for a in &r.added {
                let id = a.id.as_str();
                if !current_ids.contains(id)
                    || answered.contains(id)
                    || placeholders.contains(id)
                    || !may_apply(id)
                {
                    continue;
                }
                let note = q
                    .history
                    .split_into(id, &from)
                    .and_then(|(version, split)| {
                        let old = entries.iter().find(|e| e.key == split.old)?;
                        let word = answer_word(&old.node)?;
                        Some(format!(
                            "split in {version} from {}, which this file answers: {word}",
                            split.old
                        ))
                    });
                plan.new.push(NewQuestion {
                    id: id.to_string(),
                    note,
                    beside: None,
                });
                answered.insert(id.to_string());
            }
        }
    }
    // In questionnaire order, so blocks go in as `mera init` writes them.
    let order: Vec<&str> = set.question_ids().collect();
    plan.new
        .sort_by_key(|n| order.iter().position(|o| *o == n.id).unwrap_or(usize::MAX));
    plan
}

/// The answer word of an entry: a scalar, or `answer:` in the long form.
fn answer_word(node: &Node) -> Option<String> {
    match &node.value {
        Value::Map(_) => node.get("answer").and_then(Node::scalar_text),
        _ => node.scalar_text(),
    }
}

/// Upgrade `source` against `set`: the new text and the report. `Err` when
/// the file cannot be upgraded in place (it does not parse, is not an
/// answers file, or has a form the editor cannot change safely).
pub fn upgrade(
    source: &Source,
    set: &QuestionnaireSet,
    catalog: &Catalog,
) -> Result<Outcome, Vec<Diagnostic>> {
    let parsed = crate::input::parse(source)?;
    if parsed.root.get("mera").is_none() {
        return Err(vec![
            Diagnostic::error(
                Code::MissingKey,
                &source.name,
                Some(parsed.root.pos),
                "not an answers file: `mera: 1` is missing",
            )
            .with_help("`mera upgrade` brings an answers file up to the current content; name one"),
        ]);
    }
    let (before, _) = answers::load_lenient(source, set)?;
    let placeholders = match source.syntax {
        Syntax::Yaml => yaml::placeholders(&source.text),
        Syntax::Toml => toml::placeholders(&source.text),
    };
    let plan = plan(set, &parsed.root, &before, &placeholders);
    let text = if plan.is_empty() {
        source.text.clone()
    } else {
        match source.syntax {
            Syntax::Yaml => yaml::apply(source, &parsed.root, set, catalog, &plan)?,
            Syntax::Toml => toml::apply(source, set, catalog, &plan)?,
        }
    };
    let after = Source::new(source.name.clone(), text.clone()).with_syntax(source.syntax);
    let (upgraded, problems) = answers::load_lenient(&after, set).map_err(|mut p| {
        // The edit broke the file: say so, and write nothing.
        p.insert(
            0,
            Diagnostic::error(
                Code::InvalidValue,
                &source.name,
                None,
                "the upgraded file would not parse, so nothing was written",
            )
            .with_help("please report this with a copy of the file"),
        );
        p
    })?;
    let to = upgraded.content.describe();
    Ok(Outcome {
        file: source.name.clone(),
        from: if before.content.is_written() {
            before.content.describe()
        } else {
            format!("{} (no stamp)", before.content.describe())
        },
        to,
        changed: text != source.text,
        done: done(&plan),
        left: left(set, source, &upgraded, &problems, &plan),
        text,
    })
}

fn ids(list: &[&str]) -> String {
    crate::input::diagnostic::all_of(list)
}

fn done(plan: &Plan) -> Vec<String> {
    let mut out = Vec::new();
    for (old, new) in &plan.renames {
        out.push(format!("renamed `{old}` to `{new}`"));
    }
    for (key, why) in &plan.retire {
        out.push(format!("kept the answer to `{key}` as a comment: {why}"));
    }
    if !plan.review.is_empty() {
        let keys: Vec<&str> = plan.review.iter().map(|m| m.key.as_str()).collect();
        out.push(format!(
            "marked {} to questions revised since {} given, each with a `# revised in` comment and `answered_in`: {}",
            crate::report::plural(keys.len(), "answer", "answers"),
            if keys.len() == 1 { "it was" } else { "they were" },
            ids(&keys)
        ));
    }
    if !plan.new.is_empty() {
        let new: Vec<&str> = plan.new.iter().map(|n| n.id.as_str()).collect();
        out.push(format!(
            "added {} that may apply to this profile, as commented blocks to answer: {}",
            crate::report::plural(new.len(), "new question", "new questions"),
            ids(&new)
        ));
    }
    if let Some(stamp) = &plan.stamp {
        out.push(format!("set the stamp to `content: {}`", stamp.describe()));
    }
    out
}

/// What the user still has to do, each with the command or edit that
/// settles it.
fn left(
    set: &QuestionnaireSet,
    source: &Source,
    upgraded: &Answers,
    problems: &[Diagnostic],
    plan: &Plan,
) -> Vec<String> {
    let file = &source.name;
    let yaml = source.syntax == Syntax::Yaml;
    let interview = format!("`mera interview {file} --revisit changed`");
    let (again, confirm, answer) = if yaml {
        (
            format!("or answer it again with {interview}"),
            format!("or confirm each with {interview}"),
            format!("answer them with {interview}"),
        )
    } else {
        let by_hand = "(the interview edits YAML files only)";
        (
            format!("by hand {by_hand}"),
            format!("by hand {by_hand}"),
            format!("uncomment and answer each by hand {by_hand}"),
        )
    };
    let date = if yaml {
        "`decide_by: YYYY-MM-DD`"
    } else {
        "`decide_by = YYYY-MM-DD`"
    };
    let mut out = Vec::new();
    for d in problems.iter().filter(|d| d.is_error()) {
        let place = d
            .pos
            .map_or_else(String::new, |p| format!(" (line {})", p.line));
        if d.code == Code::MissingKey && d.message.contains("`decide_by`") {
            out.push(format!(
                "{}{place}; the date is yours to set: add {date} beside the answer, {again}",
                d.message.replace(" needs a ", " now needs a ")
            ));
        } else {
            out.push(format!(
                "{}{place}: run `mera validate {file}` for the fix",
                d.message
            ));
        }
    }
    let review = crate::workshop::changes::to_review(set, upgraded);
    if !review.is_empty() {
        let keys: Vec<&str> = review.iter().map(|r| r.question.as_str()).collect();
        out.push(format!(
            "{} to review against the revised questions ({}): check each, then delete its `answered_in`, {confirm}",
            crate::report::plural(keys.len(), "answer", "answers"),
            ids(&keys)
        ));
    }
    let open: Vec<&str> = plan
        .new
        .iter()
        .map(|n| n.id.as_str())
        .filter(|id| !upgraded.answers.contains_key(*id))
        .collect();
    if !open.is_empty() {
        out.push(format!(
            "{} to answer ({}): {answer}",
            crate::report::plural(open.len(), "new question", "new questions"),
            ids(&open)
        ));
    }
    // Facts the file does not state that decide whether an added question
    // applies: stating them drops the questions that do not.
    let mut facts: Vec<(String, Vec<&str>)> = Vec::new();
    for id in &open {
        for f in crate::content::reachability::unstated_facts(set, id, &upgraded.profile) {
            match facts.iter_mut().find(|(name, _)| *name == f) {
                Some((_, qs)) => qs.push(id),
                None => facts.push((f, vec![id])),
            }
        }
    }
    facts.sort();
    for (fact, qs) in facts {
        let prompt = set
            .fact(&fact)
            .map_or_else(String::new, |f| format!(" ({})", f.prompt.trim()));
        out.push(format!(
            "the profile does not state `{fact}`{prompt}, which decides whether {} {}",
            ids(&qs),
            if qs.len() == 1 {
                "applies: add it under `profile`, and if the question then does not apply, delete its block"
            } else {
                "apply: add it under `profile`, and delete the block of each that then does not apply"
            }
        ));
    }
    out
}

/// A unified diff of the upgrade, for `--dry-run`.
pub fn diff(name: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(2)
        .header(name, &format!("{name} (upgraded)"))
        .to_string()
}
