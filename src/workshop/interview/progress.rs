//! What an answers file says so far, read tolerantly enough to resume an
//! interview: the organization and profile as they stand (a template from
//! `mera init` still has empty facts), and the answers once the file loads.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::assessment::answers::{self, Answers};
use crate::content::condition::FactValue;
use crate::content::questionnaire::FactType;
use crate::content::set::QuestionnaireSet;
use crate::content::template::{PLACEHOLDER_NAME, PLACEHOLDER_ROLE};
use crate::input::diagnostic::{Code, Diagnostic};
use crate::input::doc::{Node, Value, parse_date};
use crate::input::source::{Pos, Source};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Progress {
    /// `None` while missing or still the template's placeholder.
    pub name: Option<String>,
    pub assessed_by: Option<String>,
    pub as_of: Option<NaiveDate>,
    /// Every fact written in the file; `None` for one left empty.
    pub facts: BTreeMap<String, Option<FactValue>>,
    /// The checked answers, once the organization and profile are complete
    /// and the file loads.
    pub answers: Option<Answers>,
    /// Why the file does not load yet: only facts still to be given.
    pub pending: Vec<Diagnostic>,
}

impl Progress {
    /// Read `source`. `Err` when it has any problem other than the
    /// organization or profile facts the interview is about to ask for.
    pub fn read(source: &Source, set: &QuestionnaireSet) -> Result<Progress, Vec<Diagnostic>> {
        let root = crate::input::yaml::parse(source)?;
        // An empty file (or one of only comments) is no answers file either:
        // no edit of it could load.
        if root.get("mera").is_none() {
            return Err(vec![
                Diagnostic::error(
                    Code::MissingKey,
                    &source.name,
                    Some(root.pos),
                    "not an answers file: `mera: 1` is missing",
                )
                .with_help("start the file with `mera: 1`, or name a new file and the interview creates it"),
            ]);
        }
        let mut progress = Progress::default();
        let org = root.get("organization");
        if let Some(org) = org {
            progress.name = text(org.get("name")).filter(|n| n != PLACEHOLDER_NAME);
            progress.assessed_by = text(org.get("assessed_by")).filter(|n| n != PLACEHOLDER_ROLE);
            progress.as_of = text(org.get("as_of")).and_then(|d| parse_date(&d));
        }
        let mut empty_facts: Vec<Pos> = Vec::new();
        if let Some(Value::Map(entries)) = root.get("profile").map(|p| &p.value) {
            for (key, node) in entries {
                let value = set.fact(&key.name).and_then(|f| fact_value(f.kind, node));
                if matches!(node.value, Value::Null) {
                    empty_facts.push(node.pos);
                }
                progress.facts.insert(key.name.clone(), value);
            }
        }
        match answers::load(source, set) {
            Ok((a, _)) => progress.answers = Some(a),
            Err(problems) => {
                let org_pos = org.map(|o| o.pos);
                let pending = |d: &Diagnostic| match d.code {
                    Code::MissingFact => true,
                    Code::WrongType => d.pos.is_some_and(|p| empty_facts.contains(&p)),
                    Code::MissingKey => {
                        d.pos.is_some() && (d.pos == Some(root.pos) || d.pos == org_pos)
                    }
                    _ => !d.is_error(),
                };
                // A choice without the date it needs (a rule newer than the
                // answer, after `mera upgrade`) is asked again, with its date.
                let undated = |d: &Diagnostic| {
                    d.code == Code::MissingKey && d.message.contains("needs a `decide_by` date")
                };
                if !problems.iter().all(|d| pending(d) || undated(d)) {
                    return Err(problems);
                }
                if problems.iter().any(|d| d.is_error() && pending(d)) {
                    // The organization and facts first; the file loads after.
                    progress.pending = problems;
                } else {
                    progress.answers = Some(answers::load_lenient(source, set)?.0);
                }
            }
        }
        Ok(progress)
    }
}

fn text(node: Option<&Node>) -> Option<String> {
    match &node?.value {
        Value::Str(s) if !s.trim().is_empty() => Some(s.clone()),
        _ => None,
    }
}

/// A fact's value as the answers loader would read it; `None` when empty.
fn fact_value(kind: FactType, node: &Node) -> Option<FactValue> {
    match (kind, &node.value) {
        (FactType::Bool, Value::Bool(b)) => Some(FactValue::Bool(*b)),
        (FactType::Bool, Value::Str(w)) if w == "yes" || w == "no" => {
            Some(FactValue::Bool(w == "yes"))
        }
        (FactType::Date, Value::Str(s)) => parse_date(s).map(FactValue::Date),
        #[allow(clippy::cast_precision_loss)]
        (FactType::Number, Value::Int(i)) => Some(FactValue::Number(*i as f64)),
        (FactType::Number, Value::Float(f)) => Some(FactValue::Number(*f)),
        (FactType::Text, Value::Str(s)) => Some(FactValue::Text(s.clone())),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::catalog::Catalog;

    fn read(text: &str) -> Result<Progress, Vec<Diagnostic>> {
        Progress::read(&Source::new("r.yaml", text), &QuestionnaireSet::builtin())
    }

    #[test]
    fn a_fresh_template_is_all_still_to_ask() {
        let date = parse_date("2026-11-20").unwrap();
        let text = crate::content::template::answers_template(
            &QuestionnaireSet::builtin(),
            &Catalog::builtin(),
            date,
            crate::input::source::Syntax::Yaml,
        );
        let p = read(&text).unwrap();
        assert_eq!(p.name, None);
        assert_eq!(p.assessed_by, None);
        assert_eq!(p.as_of, Some(date));
        assert_eq!(p.facts.get("develops_frontier_models"), Some(&None));
        assert!(!p.facts.contains_key("seeks_trusted_partner_access"));
        assert!(p.answers.is_none());
        assert!(!p.pending.is_empty());
    }

    #[test]
    fn other_problems_stop_the_interview() {
        let errs = read("mera: 1\norganization: {name: X}\nprofile: {develops_frontier_models: true, deploys_ai_agents: true, critical_infrastructure_operator: false}\nanswers: {agt.inventry: yes}\n").unwrap_err();
        assert_eq!(errs[0].code, Code::UnknownQuestion);
        assert_eq!(read("name: x\n").unwrap_err()[0].code, Code::MissingKey);
    }

    #[test]
    fn an_empty_file_is_not_an_answers_file() {
        // The CLI writes the template into an empty file before it asks.
        for text in ["", "  \n\n", "# notes to fill in later\n"] {
            let errs = read(text).unwrap_err();
            assert_eq!(errs[0].code, Code::MissingKey, "{text:?}");
            assert!(errs[0].message.contains("`mera: 1` is missing"), "{text:?}");
        }
    }

    #[test]
    fn a_complete_file_has_its_answers() {
        let p = read("mera: 1\norganization: {name: X}\nprofile: {develops_frontier_models: false, deploys_ai_agents: true, critical_infrastructure_operator: false, agents_make_purchases: }\nanswers: {agt.inventory: yes}\n").unwrap();
        assert_eq!(p.name.as_deref(), Some("X"));
        assert_eq!(p.facts.get("agents_make_purchases"), Some(&None));
        assert_eq!(p.answers.unwrap().answers.len(), 1);
    }
}
