//! Several respondents' answers files (say the CISO's and counsel's, each
//! filling in their part) combined into one. Each merged answer records who
//! gave it (`by:`). Where respondents disagree, the merged answer is
//! `unknown` and `conflict:` keeps every respondent's answer with its author,
//! until someone settles it. A choice that puts the decision off carries its
//! `decide_by` date: the same choice with different dates is a disagreement,
//! and answers that agree keep their date. The organization's name, the profile facts and
//! the waivers must agree: a disagreement there is an error naming both
//! files and lines, because no answer can be right until it is settled.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::assessment::answers::{Answer, Answers, ConflictingAnswer, Response, Waiver};
use crate::content::condition::FactValue;
use crate::content::set::QuestionnaireSet;
use crate::input::diagnostic::{Code, Diagnostic};
use crate::input::doc::Node;
use crate::input::source::{Pos, Source};
use crate::workshop::yaml_text::{self, Value, scalar};

/// One respondent's file, loaded.
#[derive(Clone, Copy, Debug)]
pub struct Respondent<'a> {
    pub source: &'a Source,
    pub answers: &'a Answers,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Merged {
    /// The merged answers file, YAML.
    pub text: String,
    /// Who answered, one name per input file.
    pub respondents: Vec<String>,
    pub answered: usize,
    /// Questions left `unknown` because respondents disagree.
    pub conflicts: Vec<String>,
}

pub fn merge(inputs: &[Respondent], set: &QuestionnaireSet) -> Result<Merged, Vec<Diagnostic>> {
    let names = respondent_names(inputs);
    let trees: Vec<Option<Node>> = inputs.iter().map(|r| tree(r.source)).collect();
    let mut problems = Vec::new();
    check_stamps(inputs, set, &mut problems);
    check_names(inputs, &trees, &mut problems);
    let profile = merge_profile(inputs, &trees, &mut problems);
    let waivers = merge_waivers(inputs, &mut problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut answers: Vec<(String, Answer)> = Vec::new();
    let mut conflicts = Vec::new();
    for question in set.questionnaires.iter().flat_map(|q| &q.questions) {
        let id = question.id.as_str();
        let given: Vec<(String, Answer)> = inputs
            .iter()
            .zip(&names)
            .filter_map(|(r, name)| r.answers.answers.get(id).map(|a| (name.clone(), a.clone())))
            .flat_map(|(name, a)| sides(name, a))
            .map(|(name, mut a)| {
                // A date only counts on a choice that puts the decision off.
                if !dated(question, &a.response) {
                    a.decide_by = None;
                }
                (name, a)
            })
            .collect();
        if given.is_empty() {
            continue;
        }
        let merged = combine(given);
        if !merged.conflict.is_empty() {
            conflicts.push(id.to_string());
        }
        answers.push((id.to_string(), merged));
    }
    // A fact every respondent left empty stays empty (so the interview
    // does not ask it again), rather than disappearing from the file.
    let left_empty: Vec<&str> = set
        .facts
        .iter()
        .map(|f| f.id.as_str())
        .filter(|id| {
            !profile.contains_key(*id)
                && trees
                    .iter()
                    .any(|t| place(t.as_ref(), &["profile", id]).is_some())
        })
        .collect();
    let text = write(
        inputs,
        &names,
        set,
        (&profile, &left_empty),
        &answers,
        &waivers,
    );
    Ok(Merged {
        text,
        respondents: names,
        answered: answers.len(),
        conflicts,
    })
}

/// Respondents' files must be answered against the same content: an
/// answer given to a question's old wording cannot be merged with one to
/// its new wording.
fn check_stamps(inputs: &[Respondent], set: &QuestionnaireSet, problems: &mut Vec<Diagnostic>) {
    let Some(first) = inputs.first() else {
        return;
    };
    let same = |a: &crate::assessment::stamp::Stamp, b: &crate::assessment::stamp::Stamp| {
        a.covers(set, b) && b.covers(set, a)
    };
    for r in &inputs[1..] {
        let (mine, theirs) = (&r.answers.content, &first.answers.content);
        if same(mine, theirs) {
            continue;
        }
        let older = if mine.covers(set, theirs) { first } else { r };
        problems.push(
            Diagnostic::error(
                Code::Disagreement,
                &r.source.name,
                mine.pos,
                format!(
                    "{} is answered against content {}, but {} against {}",
                    r.source.name,
                    mine.describe(),
                    first.source.name,
                    theirs.describe()
                ),
            )
            .with_help(format!(
                "run `mera upgrade {}` first, then merge again",
                older.source.name
            )),
        );
    }
}

fn tree(source: &Source) -> Option<Node> {
    if source.syntax == crate::input::source::Syntax::Toml {
        crate::input::toml_doc::parse(source).ok()
    } else {
        crate::input::yaml::parse(source).ok()
    }
}

/// `assessed_by`, else the file name; made unique with the file name.
fn respondent_names(inputs: &[Respondent]) -> Vec<String> {
    let base: Vec<String> = inputs
        .iter()
        .map(|r| {
            r.answers
                .organization
                .assessed_by
                .clone()
                .unwrap_or_else(|| file_stem(&r.source.name))
        })
        .collect();
    base.iter()
        .zip(inputs)
        .map(|(name, r)| {
            if base.iter().filter(|n| *n == name).count() > 1 {
                format!("{name} ({})", r.source.name)
            } else {
                name.clone()
            }
        })
        .collect()
}

fn file_stem(name: &str) -> String {
    std::path::Path::new(name)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or(name)
        .to_string()
}

fn place(tree: Option<&Node>, path: &[&str]) -> Option<Pos> {
    let mut node = tree?;
    for key in path {
        node = node.get(key)?;
    }
    Some(node.pos)
}

fn disagreement(
    second: (&Respondent, Option<&Node>),
    first: (&Respondent, Option<&Node>),
    path: &[&str],
    what: String,
) -> Diagnostic {
    let at = |r: &Respondent, t: Option<&Node>| match place(t, path) {
        Some(p) => format!("{}:{p}", r.source.name),
        None => r.source.name.clone(),
    };
    Diagnostic::error(
        Code::Disagreement,
        &second.0.source.name,
        place(second.1, path),
        what,
    )
    .with_help(format!(
        "{} says otherwise; agree on one value in both files, then merge again",
        at(first.0, first.1)
    ))
}

fn check_names(inputs: &[Respondent], trees: &[Option<Node>], problems: &mut Vec<Diagnostic>) {
    let Some(first) = inputs.first() else {
        return;
    };
    for (i, r) in inputs.iter().enumerate().skip(1) {
        let (a, b) = (
            &first.answers.organization.name,
            &r.answers.organization.name,
        );
        if a != b {
            problems.push(disagreement(
                (r, trees[i].as_ref()),
                (first, trees[0].as_ref()),
                &["organization", "name"],
                format!(
                    "the organization is `{b}` here but `{a}` in {}",
                    first.source.name
                ),
            ));
        }
    }
}

fn merge_profile(
    inputs: &[Respondent],
    trees: &[Option<Node>],
    problems: &mut Vec<Diagnostic>,
) -> BTreeMap<String, FactValue> {
    let mut out: BTreeMap<String, (FactValue, usize)> = BTreeMap::new();
    for (i, r) in inputs.iter().enumerate() {
        for (fact, value) in &r.answers.profile {
            match out.get(fact) {
                None => {
                    out.insert(fact.clone(), (value.clone(), i));
                }
                Some((v, j)) if v != value => problems.push(disagreement(
                    (r, trees[i].as_ref()),
                    (&inputs[*j], trees[*j].as_ref()),
                    &["profile", fact],
                    format!(
                        "profile fact `{fact}` is {value} here but {v} in {}",
                        inputs[*j].source.name
                    ),
                )),
                Some(_) => {}
            }
        }
    }
    out.into_iter().map(|(k, (v, _))| (k, v)).collect()
}

fn merge_waivers(inputs: &[Respondent], problems: &mut Vec<Diagnostic>) -> Vec<Waiver> {
    let mut out: Vec<(Waiver, &Respondent)> = Vec::new();
    for r in inputs {
        for w in &r.answers.waivers {
            let same = |x: &Waiver| {
                x.reason == w.reason && x.approved_by == w.approved_by && x.expires == w.expires
            };
            match out.iter().find(|(x, _)| x.question == w.question) {
                None => out.push((w.clone(), r)),
                Some((x, _)) if same(x) => {}
                Some((x, first)) => problems.push(
                    Diagnostic::error(
                        Code::Disagreement,
                        &r.source.name,
                        Some(w.pos),
                        format!("the waiver for `{}` differs from the one in {}", w.question, first.source.name),
                    )
                    .with_help(format!(
                        "{}:{} has another reason, approver or expiry; keep one waiver, then merge again",
                        first.source.name, x.pos
                    )),
                ),
            }
        }
    }
    out.into_iter().map(|(w, _)| w).collect()
}

/// A respondent's answer, or each side of a conflict it already carries.
fn sides(name: String, a: Answer) -> Vec<(String, Answer)> {
    if a.conflict.is_empty() {
        let by = a.by.clone().unwrap_or(name);
        return vec![(by, a)];
    }
    a.conflict
        .iter()
        .map(|c| {
            let answer = Answer {
                response: c.response.clone(),
                evidence: c.evidence.clone(),
                note: c.note.clone(),
                owner: c.owner.clone(),
                reviewed: c.reviewed,
                confidential: a.confidential,
                by: Some(c.by.clone()),
                conflict: Vec::new(),
                decide_by: c.decide_by,
                answered_in: a.answered_in.clone(),
                pos: a.pos,
            };
            (c.by.clone(), answer)
        })
        .collect()
}

fn dated(question: &crate::content::questionnaire::Question, response: &Response) -> bool {
    match response {
        Response::Choice(c) => question.choice(c).is_some_and(|c| c.needs_decide_by),
        _ => false,
    }
}

/// One answer from several respondents' answers to the same question: they
/// agree when they give the same answer and, for a choice that puts the
/// decision off, the same date.
fn combine(given: Vec<(String, Answer)>) -> Answer {
    let first = &given[0].1;
    let agree = given
        .iter()
        .all(|(_, a)| a.response == first.response && a.decide_by == first.decide_by);
    let confidential = given.iter().any(|(_, a)| a.confidential);
    if !agree {
        let conflict = given
            .into_iter()
            .map(|(by, a)| ConflictingAnswer {
                by,
                response: a.response,
                evidence: a.evidence,
                note: a.note,
                owner: a.owner,
                reviewed: a.reviewed,
                decide_by: a.decide_by,
            })
            .collect();
        return Answer {
            confidential,
            conflict,
            ..Answer::new(Response::Unknown, Pos::default())
        };
    }
    let evidence = evidence_union(given.iter().map(|(_, a)| a.evidence.as_slice()));
    let note = joined_notes(
        given
            .iter()
            .filter_map(|(by, a)| a.note.as_deref().map(|n| (by.as_str(), n))),
    );
    let by: Vec<&str> = given.iter().map(|(b, _)| b.as_str()).collect();
    Answer {
        response: given[0].1.response.clone(),
        decide_by: given[0].1.decide_by,
        evidence,
        note,
        owner: given.iter().find_map(|(_, a)| a.owner.clone()),
        reviewed: given.iter().filter_map(|(_, a)| a.reviewed).max(),
        confidential,
        by: Some(by.join(", ")),
        conflict: Vec::new(),
        // An answer given against older content stays to be reviewed.
        answered_in: given
            .iter()
            .filter_map(|(_, a)| a.answered_in.clone())
            .min(),
        pos: Pos::default(),
    }
}

/// Every respondent's evidence, in order, each item once.
pub(crate) fn evidence_union<'a>(lists: impl IntoIterator<Item = &'a [String]>) -> Vec<String> {
    let mut evidence: Vec<String> = Vec::new();
    for e in lists.into_iter().flatten() {
        if !evidence.contains(e) {
            evidence.push(e.clone());
        }
    }
    evidence
}

/// Respondents' notes (`(by, note)`) as one: the note when there is one or
/// they are the same, else each after its author's name.
pub(crate) fn joined_notes<'a>(
    notes: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Option<String> {
    let notes: Vec<(&str, &str)> = notes.into_iter().collect();
    match notes.as_slice() {
        [] => None,
        many if many.iter().all(|(_, n)| *n == many[0].1) => Some(many[0].1.to_string()),
        many => Some(
            many.iter()
                .map(|(by, n)| format!("{by}: {n}"))
                .collect::<Vec<_>>()
                .join(" / "),
        ),
    }
}

fn fact_text(v: &FactValue) -> String {
    match v {
        FactValue::Bool(b) => b.to_string(),
        FactValue::Number(n) => yaml_text::number(*n),
        FactValue::Date(d) => d.to_string(),
        FactValue::Text(t) => scalar(t),
    }
}

fn write(
    inputs: &[Respondent],
    names: &[String],
    set: &QuestionnaireSet,
    (profile, left_empty): (&BTreeMap<String, FactValue>, &[&str]),
    answers: &[(String, Answer)],
    waivers: &[Waiver],
) -> String {
    let from: Vec<String> = inputs
        .iter()
        .zip(names)
        .map(|(r, n)| format!("{} ({n})", r.source.name))
        .collect();
    let mut lines = vec![
        format!("# Merged by `mera merge` from {}.", from.join(", ")),
        "# Each answer says who gave it (`by`). Where respondents disagree, the answer".into(),
        "# is `unknown` and `conflict` keeps each one: settle it (for example with".into(),
        "# `mera interview`), which removes `conflict`.".into(),
        "mera: 1".into(),
    ];
    // The respondents' content version (checked to be the same).
    let stamp = &inputs[0].answers.content;
    if stamp.is_written() {
        lines.push(format!(
            "content: {}",
            stamp.value_text(crate::input::source::Syntax::Yaml)
        ));
    }
    lines.push("organization:".into());
    let org = &inputs[0].answers.organization;
    let as_of: Option<NaiveDate> = inputs
        .iter()
        .filter_map(|r| r.answers.organization.as_of)
        .max();
    lines.push(format!("  name: {}", scalar(&org.name)));
    lines.push(format!("  assessed_by: {}", scalar(&names.join(" and "))));
    if let Some(d) = as_of {
        lines.push(format!("  as_of: {d}"));
    }
    if inputs.iter().any(|r| r.answers.organization.privileged) {
        lines.push("  privileged: true".into());
    }
    lines.push("profile:".into());
    for fact in &set.facts {
        if let Some(v) = profile.get(&fact.id) {
            lines.push(format!("  {}: {}", fact.id, fact_text(v)));
        } else if left_empty.contains(&fact.id.as_str()) {
            lines.push(format!("  {}:", fact.id));
        }
    }
    lines.push("answers:".into());
    for (id, a) in answers {
        lines.extend(yaml_text::lines(id, &yaml_text::answer_value(a), 2));
    }
    if !waivers.is_empty() {
        lines.push("waivers:".into());
        for w in waivers {
            let record = vec![
                ("question".to_string(), Value::Scalar(scalar(&w.question))),
                ("reason".to_string(), Value::Scalar(scalar(&w.reason))),
                (
                    "approved_by".to_string(),
                    Value::Scalar(scalar(&w.approved_by)),
                ),
                ("expires".to_string(), Value::Scalar(w.expires.to_string())),
            ];
            let mut block = yaml_text::lines("waivers", &Value::Records(vec![record]), 0);
            block.remove(0);
            lines.extend(block);
        }
    }
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assessment::answers;

    const PROFILE: &str = "profile:\n  develops_frontier_models: false\n  deploys_ai_agents: true\n  critical_infrastructure_operator: false\n";

    fn loaded(name: &str, text: &str) -> (Source, Answers) {
        let source = Source::new(name, text);
        let (a, _) = answers::load(&source, &QuestionnaireSet::builtin())
            .unwrap_or_else(|e| panic!("{e:#?}"));
        (source, a)
    }

    fn run(files: &[(Source, Answers)]) -> Result<Merged, Vec<Diagnostic>> {
        let inputs: Vec<Respondent> = files
            .iter()
            .map(|(s, a)| Respondent {
                source: s,
                answers: a,
            })
            .collect();
        merge(&inputs, &QuestionnaireSet::builtin())
    }

    fn ciso() -> (Source, Answers) {
        loaded(
            "ciso.yaml",
            &format!(
                "mera: 1\norganization:\n  name: Acme\n  assessed_by: CISO\n  as_of: 2026-11-18\n{PROFILE}answers:\n  agt.inventory:\n    answer: yes\n    evidence: [inv.xlsx]\n  agt.stop-control: yes\n  agt.audit-logging: partial\n"
            ),
        )
    }

    fn counsel() -> (Source, Answers) {
        loaded(
            "counsel.yaml",
            &format!(
                "mera: 1\norganization:\n  name: Acme\n  assessed_by: General Counsel\n  as_of: 2026-11-20\n  privileged: true\n{PROFILE}answers:\n  agt.authorization-basis: no\n  agt.stop-control:\n    answer: no\n    note: Only in staging.\n  agt.inventory:\n    answer: yes\n    evidence: [register.pdf]\n"
            ),
        )
    }

    #[test]
    fn agreeing_answers_merge_with_their_authors_and_disagreements_stay_open() {
        let m = run(&[ciso(), counsel()]).unwrap();
        assert_eq!(m.respondents, ["CISO", "General Counsel"]);
        assert_eq!(m.conflicts, ["agt.stop-control"]);
        let (_, merged) = loaded("merged.yaml", &m.text);
        assert_eq!(
            merged.organization.assessed_by.as_deref(),
            Some("CISO and General Counsel")
        );
        assert_eq!(
            merged.organization.as_of,
            NaiveDate::from_ymd_opt(2026, 11, 20)
        );
        assert!(merged.organization.privileged);
        let inv = &merged.answers["agt.inventory"];
        assert_eq!(inv.by.as_deref(), Some("CISO, General Counsel"));
        assert_eq!(inv.evidence, ["inv.xlsx", "register.pdf"]);
        assert_eq!(
            merged.answers["agt.audit-logging"].by.as_deref(),
            Some("CISO")
        );
        let stop = &merged.answers["agt.stop-control"];
        assert_eq!(stop.response, Response::Unknown);
        let sides: Vec<(&str, &str)> = stop
            .conflict
            .iter()
            .map(|c| (c.by.as_str(), c.response.word()))
            .collect();
        assert_eq!(sides, [("CISO", "yes"), ("General Counsel", "no")]);
        assert_eq!(stop.conflict[1].note.as_deref(), Some("Only in staging."));
        // Merging the merged file with one more respondent keeps the conflict.
        let (s, a) = loaded("merged.yaml", &m.text);
        let again = run(&[(s, a), ciso()]).unwrap();
        assert_eq!(again.conflicts, ["agt.stop-control"]);
    }

    #[test]
    fn a_fact_a_respondent_left_empty_stays_in_the_merged_file_empty() {
        let (s, _) = ciso();
        let skipped = s.text.replace(
            "critical_infrastructure_operator: false\n",
            "critical_infrastructure_operator: false\n  seeks_trusted_partner_access:\n",
        );
        let merged = run(&[loaded("ciso.yaml", &skipped), counsel()]).unwrap();
        assert!(
            merged.text.contains("\n  seeks_trusted_partner_access:\n"),
            "{}",
            merged.text
        );
        // A fact nobody wrote down stays out.
        assert!(
            !merged.text.contains("federal_contractor"),
            "{}",
            merged.text
        );
        let (_, back) = loaded("merged.yaml", &merged.text);
        assert!(!back.profile.contains_key("seeks_trusted_partner_access"));
    }

    #[test]
    fn a_profile_or_name_that_disagrees_names_both_files_and_lines() {
        let other = loaded(
            "counsel.yaml",
            "mera: 1\norganization:\n  name: Acme Corp\nprofile:\n  develops_frontier_models: false\n  deploys_ai_agents: false\n  critical_infrastructure_operator: false\n",
        );
        let errs = run(&[ciso(), other]).unwrap_err();
        assert_eq!(errs.len(), 2);
        assert_eq!(errs[0].code, Code::Disagreement);
        assert_eq!(errs[0].location(), "counsel.yaml:3:9");
        assert!(
            errs[0]
                .help
                .as_deref()
                .unwrap()
                .starts_with("ciso.yaml:3:9 says otherwise")
        );
        assert_eq!(errs[1].location(), "counsel.yaml:6:22");
        assert!(
            errs[1]
                .message
                .contains("`deploys_ai_agents` is false here but true in ciso.yaml")
        );
        assert!(
            errs[1]
                .help
                .as_deref()
                .unwrap()
                .starts_with("ciso.yaml:8:22")
        );
    }

    const LAB: &str = "profile:\n  develops_frontier_models: true\n  deploys_ai_agents: false\n  critical_infrastructure_operator: false\n";

    fn lab(name: &str, role: &str, answers: &str) -> (Source, Answers) {
        loaded(
            name,
            &format!(
                "mera: 1\norganization:\n  name: Lab\n  assessed_by: {role}\n  as_of: 2026-11-20\n{LAB}answers:\n{answers}"
            ),
        )
    }

    #[test]
    fn a_decision_date_is_part_of_the_answer_merged() {
        let d = |s| crate::input::doc::parse_date(s).unwrap();
        let gc = lab(
            "gc.yaml",
            "GC",
            "  cme.engagement-decision: {answer: wait, decide_by: 2026-12-11}\n  cme.access-decision: {answer: wait, decide_by: 2026-12-11}\n  cme.partner-decision: {answer: decline, decide_by: 2027-01-31}\n",
        );
        let ceo = lab(
            "ceo.yaml",
            "CEO",
            "  cme.engagement-decision: {answer: wait, decide_by: 2026-12-11}\n  cme.access-decision: {answer: wait, decide_by: 2027-02-01}\n  cme.partner-decision: engage\n",
        );
        let m = run(&[gc, ceo]).unwrap();
        // The same choice on another date is a disagreement.
        assert_eq!(m.conflicts, ["cme.access-decision", "cme.partner-decision"]);
        let (_, merged) = loaded("merged.yaml", &m.text);
        // Agreeing answers keep their date.
        let agreed = &merged.answers["cme.engagement-decision"];
        assert_eq!(agreed.response, Response::Choice("wait".into()));
        assert_eq!(agreed.decide_by, Some(d("2026-12-11")));
        assert_eq!(agreed.by.as_deref(), Some("GC, CEO"));
        // Each side keeps its own date, read back from the merged file.
        let access = &merged.answers["cme.access-decision"];
        assert_eq!(access.response, Response::Unknown);
        assert_eq!(access.decide_by, None);
        let sides: Vec<(&str, &str, Option<NaiveDate>)> = access
            .conflict
            .iter()
            .map(|c| (c.by.as_str(), c.response.word(), c.decide_by))
            .collect();
        assert_eq!(
            sides,
            [
                ("GC", "wait", Some(d("2026-12-11"))),
                ("CEO", "wait", Some(d("2027-02-01")))
            ]
        );
        let partner = &merged.answers["cme.partner-decision"].conflict;
        assert_eq!(partner[0].decide_by, Some(d("2027-01-31")));
        assert_eq!(partner[1].decide_by, None);
        assert!(
            m.text.contains(
                "  cme.engagement-decision:\n    answer: wait\n    decide_by: 2026-12-11\n"
            )
        );
        // Merging the merged file again keeps the dates and the conflicts.
        let again = run(&[loaded("merged.yaml", &m.text)]).unwrap();
        assert_eq!(again.conflicts, m.conflicts);
        assert_eq!(
            loaded("again.yaml", &again.text).1.answers["cme.access-decision"].conflict,
            access.conflict
        );
    }

    #[test]
    fn a_conflict_side_that_puts_the_decision_off_needs_its_date() {
        let text = format!(
            "mera: 1\norganization: {{name: Lab}}\n{LAB}answers:\n  cme.engagement-decision:\n    answer: unknown\n    conflict:\n      - by: GC\n        answer: wait\n      - by: CEO\n        answer: engage\n        decide_by: 2027-01-01\n"
        );
        let errs =
            answers::load(&Source::new("m.yaml", text), &QuestionnaireSet::builtin()).unwrap_err();
        let error = errs.iter().find(|d| d.is_error()).unwrap();
        assert_eq!(error.location(), "m.yaml:12:17");
        assert!(
            error
                .message
                .contains("`wait` to `cme.engagement-decision` needs a `decide_by` date")
        );
        assert!(
            error
                .help
                .as_deref()
                .unwrap()
                .contains("beside `answer: wait`")
        );
        // A date on a side that takes none is pointed out, not refused.
        assert!(errs.iter().any(|d| {
            !d.is_error()
                && d.message
                    .contains("`decide_by` has no effect on the answer `engage`")
        }));
    }

    #[test]
    fn respondents_without_a_role_are_named_by_their_file() {
        let anon = loaded(
            "notes/ops-team.yaml",
            &format!(
                "mera: 1\norganization: {{name: Acme}}\n{PROFILE}answers: {{agt.inventory: yes}}\n"
            ),
        );
        let m = run(&[ciso(), anon]).unwrap();
        assert_eq!(m.respondents, ["CISO", "ops-team"]);
    }
}
