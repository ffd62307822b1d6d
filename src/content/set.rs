//! The questionnaire set an assessment runs against: the built-in files
//! (compiled in) plus any loaded from disk, checked as a whole.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::content::catalog::Catalog;
use crate::content::condition::{Condition, FactTest};
use crate::content::dependencies::Graph;
use crate::content::questionnaire::{
    self, DueRule, Event, EventDate, Fact, FactType, GapState, Question, Questionnaire,
};
use crate::input::diagnostic::{Code, Diagnostic, suggestion};
use crate::input::doc::{Decoder, Value};
use crate::input::file_kind::FileKind;
use crate::input::source::{Pos, Source};

/// The shipped questionnaires, in report order.
pub const BUILTIN: [(&str, &str); 7] = [
    (
        "questionnaires/profile.yaml",
        include_str!("../../questionnaires/profile.yaml"),
    ),
    (
        "questionnaires/covered-model-engagement.yaml",
        include_str!("../../questionnaires/covered-model-engagement.yaml"),
    ),
    (
        "questionnaires/thirty-day-window.yaml",
        include_str!("../../questionnaires/thirty-day-window.yaml"),
    ),
    (
        "questionnaires/trusted-partners.yaml",
        include_str!("../../questionnaires/trusted-partners.yaml"),
    ),
    (
        "questionnaires/agent-cfaa.yaml",
        include_str!("../../questionnaires/agent-cfaa.yaml"),
    ),
    (
        "questionnaires/clearinghouse.yaml",
        include_str!("../../questionnaires/clearinghouse.yaml"),
    ),
    (
        "questionnaires/governance.yaml",
        include_str!("../../questionnaires/governance.yaml"),
    ),
];

#[derive(Clone, Debug, Default, PartialEq)]
pub struct QuestionnaireSet {
    pub facts: Vec<Fact>,
    /// Dated events the schedule counts back from (the release, the window).
    pub events: Vec<Event>,
    pub questionnaires: Vec<Questionnaire>,
    /// Ids of the custom questionnaires: read from disk, with an id no
    /// built-in questionnaire has. Each is versioned on its own in the
    /// content stamp of an answers file; one that replaces a built-in
    /// questionnaire continues the built-in content's versions.
    pub custom: BTreeSet<String>,
    /// Question id → (questionnaire, question) positions, built on first
    /// lookup: scoring looks questions up by id thousands of times a file.
    index: std::sync::OnceLock<HashMap<String, (usize, usize), IdHash>>,
    /// The schedule's graph, built on first use (the set does not change
    /// once loaded).
    graph: std::sync::OnceLock<Graph>,
}

/// FNV-1a, for the id index: ids are short, trusted (they come from the
/// questionnaires) and looked up often; SipHash, the default, was a twentieth
/// of a portfolio run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

type IdHash = std::hash::BuildHasherDefault<Fnv>;

impl QuestionnaireSet {
    pub fn builtin_sources() -> Vec<Source> {
        BUILTIN
            .iter()
            .map(|(name, text)| Source::new(*name, *text))
            .collect()
    }

    /// The built-in set alone. The test suite checks it loads cleanly.
    pub fn builtin() -> QuestionnaireSet {
        load(&Self::builtin_sources(), &[]).0
    }

    pub fn question(&self, id: &str) -> Option<(&Questionnaire, &Question)> {
        let (qi, xi) = self.position(id)?;
        let q = &self.questionnaires[qi];
        Some((q, &q.questions[xi]))
    }

    /// Where a question is: its questionnaire's index and its own within it.
    pub fn position(&self, id: &str) -> Option<(usize, usize)> {
        let index = self.index.get_or_init(|| {
            let mut index = HashMap::default();
            for (qi, q) in self.questionnaires.iter().enumerate() {
                for (xi, x) in q.questions.iter().enumerate() {
                    index.entry(x.id.clone()).or_insert((qi, xi));
                }
            }
            index
        });
        // The fields are public: an index built before a change is checked,
        // and a miss is confirmed by a scan.
        if let Some(&(qi, xi)) = index.get(id)
            && self
                .questionnaires
                .get(qi)
                .and_then(|q| q.questions.get(xi))
                .is_some_and(|x| x.id == id)
        {
            return Some((qi, xi));
        }
        self.questionnaires.iter().enumerate().find_map(|(qi, q)| {
            q.questions
                .iter()
                .position(|x| x.id == id)
                .map(|xi| (qi, xi))
        })
    }

    pub fn questionnaire(&self, id: &str) -> Option<&Questionnaire> {
        self.questionnaires.iter().find(|q| q.id == id)
    }

    pub fn fact(&self, id: &str) -> Option<&Fact> {
        self.facts.iter().find(|f| f.id == id)
    }

    pub fn event(&self, id: &str) -> Option<&Event> {
        self.events.iter().find(|e| e.id == id)
    }

    /// What each question comes before, and what each decision gates.
    pub fn graph(&self) -> &Graph {
        self.graph.get_or_init(|| Graph::build(self))
    }

    pub fn question_ids(&self) -> impl Iterator<Item = &str> {
        self.questionnaires
            .iter()
            .flat_map(|q| q.questions.iter().map(|x| x.id.as_str()))
    }

    pub fn fact_ids(&self) -> impl Iterator<Item = &str> {
        self.facts.iter().map(|f| f.id.as_str())
    }

    /// The current id for a renamed question, if `old` was renamed.
    pub fn replacement(&self, old: &str) -> Option<&str> {
        self.questionnaires
            .iter()
            .flat_map(|q| &q.replaces)
            .find(|(o, _)| o == old)
            .map(|(_, n)| n.as_str())
    }
}

/// Load a set from the built-in sources and extra files. A questionnaire in
/// an extra file replaces a built-in one with the same id (an updated set);
/// a fact with the same id replaces the built-in fact. Returns what could be
/// read and every problem met, so [`check`] can still run over the rest.
pub fn load(builtin: &[Source], extra: &[Source]) -> (QuestionnaireSet, Vec<Diagnostic>) {
    use rayon::prelude::*;
    let sources: Vec<(&Source, bool)> = builtin
        .iter()
        .map(|s| (s, false))
        .chain(extra.iter().map(|s| (s, true)))
        .collect();
    // Files parse and decode on their own, in parallel; they are combined
    // in order, so the result is the same as one after another.
    let decoded: Vec<(Option<questionnaire::QuestionnaireFile>, Vec<Diagnostic>)> = sources
        .par_iter()
        .map(|(source, is_user)| decode_source(source, *is_user))
        .collect();
    let mut set = QuestionnaireSet::default();
    let mut problems = Vec::new();
    let mut from_user: BTreeMap<String, String> = BTreeMap::new();
    let mut builtin_ids: BTreeSet<String> = BTreeSet::new();
    for ((_, is_user), (file, mut found)) in sources.iter().zip(decoded) {
        problems.append(&mut found);
        let Some(file) = file else {
            continue;
        };
        let is_user = *is_user;
        for fact in file.facts {
            set.facts.retain(|f| f.id != fact.id);
            set.facts.push(fact);
        }
        for event in file.events {
            set.events.retain(|e| e.id != event.id);
            set.events.push(event);
        }
        if let Some(q) = file.questionnaire {
            if is_user && let Some(first) = from_user.get(&q.id) {
                problems.push(Diagnostic::error(
                    Code::DuplicateId,
                    &q.file,
                    Some(q.pos),
                    format!("questionnaire `{}` is also defined in {first}", q.id),
                ));
                continue;
            }
            if is_user {
                from_user.insert(q.id.clone(), q.file.clone());
            } else {
                builtin_ids.insert(q.id.clone());
            }
            match set.questionnaires.iter().position(|x| x.id == q.id) {
                Some(i) => set.questionnaires[i] = q,
                None => set.questionnaires.push(q),
            }
        }
    }
    set.custom = from_user
        .into_keys()
        .filter(|id| !builtin_ids.contains(id))
        .collect();
    (set, problems)
}

/// [`load`] then [`check`]: the set, or every problem found by either.
/// Parse and decode one questionnaire file; `None` when it does not parse.
fn decode_source(
    source: &Source,
    is_user: bool,
) -> (Option<questionnaire::QuestionnaireFile>, Vec<Diagnostic>) {
    let invisible = crate::input::invisible::check(source);
    if !invisible.is_empty() {
        return (None, invisible);
    }
    let parsed = match crate::input::yaml::parse_recovering(source) {
        Ok(parsed) => parsed,
        Err(problems) => return (None, problems),
    };
    let mut dec = Decoder::new(&source.name);
    dec.problems = parsed.problems;
    let root = parsed.root;
    let kind = FileKind::detect(&root);
    if is_user && kind != Some(FileKind::Questionnaire) {
        let hint = match kind {
            Some(FileKind::Answers) => "this looks like an answers file; pass it to `mera assess`",
            _ => crate::input::file_kind::UNKNOWN_HELP,
        };
        dec.error_help(
            Code::UnknownFileKind,
            root.pos,
            "not a questionnaire file",
            hint,
        );
    }
    let file = questionnaire::decode_file(&mut dec, &root);
    (Some(file), dec.problems)
}

pub fn load_checked(
    builtin: &[Source],
    extra: &[Source],
    catalog: &Catalog,
) -> Result<QuestionnaireSet, Vec<Diagnostic>> {
    checked(load(builtin, extra), !extra.is_empty(), catalog)
}

/// A loaded set, with the cross-reference checks run over it when
/// `run_checks`: the built-in set alone is checked by the test suite
/// (`builtin_set_loads_and_passes_every_check`), not on every run, since the
/// checks, reachability included, were a fifth of a single assessment's time.
pub fn checked(
    loaded: (QuestionnaireSet, Vec<Diagnostic>),
    run_checks: bool,
    catalog: &Catalog,
) -> Result<QuestionnaireSet, Vec<Diagnostic>> {
    let (set, mut problems) = loaded;
    if run_checks {
        problems.extend(check(&set, catalog));
    }
    if problems.iter().any(Diagnostic::is_error) {
        Err(problems)
    } else {
        Ok(set)
    }
}

/// Cross-reference checks over a whole set: ids, provisions, facts,
/// conditions, due rules, actions and cycles. Returns every problem.
pub fn check(set: &QuestionnaireSet, catalog: &Catalog) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    check_ids(set, &mut out);
    check_fact_ids(set, &mut out);
    for q in &set.questionnaires {
        if let Some(c) = &q.applies_when {
            check_condition(set, &q.file, c, &mut out);
            check_closing(set, &q.file, c, &mut out);
        }
        for question in &q.questions {
            check_question(set, catalog, q, question, &mut out);
        }
        for (old, new) in &q.replaces {
            if set.question(new).is_none() {
                out.push(err(
                    Code::UnknownQuestion,
                    &q.file,
                    q.pos,
                    format!("`replaces` maps `{old}` to unknown question `{new}`"),
                ));
            }
            if set.question(old).is_some() {
                out.push(err(
                    Code::DuplicateId,
                    &q.file,
                    q.pos,
                    format!("`replaces` lists `{old}`, which is still a current question id"),
                ));
            }
        }
    }
    for fact in &set.facts {
        for point in &fact.reference_points {
            if catalog.provision(&point.provision).is_none() {
                out.push(unknown_provision(
                    catalog,
                    &fact.file,
                    fact.pos,
                    &point.provision,
                ));
            }
        }
    }
    check_events(set, catalog, &mut out);
    check_cycles(set, &mut out);
    out.extend(crate::content::dependencies::check(set));
    out.extend(crate::content::history::check(set));
    if !out.iter().any(Diagnostic::is_error) {
        for id in crate::content::reachability::unreachable(set) {
            if let Some((q, question)) = set.question(&id) {
                out.push(
                    err(Code::UnreachableQuestion, &q.file, question.pos, format!("question `{id}` applies under no profile"))
                        .with_help("its `applies_when` conditions (with its questionnaire's) contradict each other"),
                );
            }
        }
    }
    out
}

/// Provisions of the order that no question cites. Reference points are
/// exempt: they are context, not duties. `mera validate` warns about these.
pub fn unused_provisions(set: &QuestionnaireSet, catalog: &Catalog) -> Vec<Diagnostic> {
    let cited: BTreeSet<&str> = set
        .questionnaires
        .iter()
        .flat_map(|q| &q.questions)
        .flat_map(|x| x.provisions.iter().map(String::as_str))
        .collect();
    catalog
        .provisions
        .iter()
        .filter(|p| {
            p.force != crate::content::catalog::Force::Reference && !cited.contains(p.id.as_str())
        })
        .map(|p| {
            Diagnostic::warning(
                Code::UnusedProvision,
                crate::content::catalog::BUILTIN_NAME,
                Some(p.pos),
                format!("no question cites provision `{}` ({})", p.id, p.section),
            )
            .with_help(
                "cite it from a question, or mark it `force: reference` if it is context only",
            )
        })
        .collect()
}

fn err(code: Code, file: &str, pos: Pos, message: String) -> Diagnostic {
    Diagnostic::error(code, file, Some(pos), message)
}

fn unknown_provision(catalog: &Catalog, file: &str, pos: Pos, id: &str) -> Diagnostic {
    let help = suggestion(id, catalog.ids())
        .unwrap_or_else(|| "see `seeds/provisions.yaml` for the provision ids".into());
    err(
        Code::UnknownProvision,
        file,
        pos,
        format!("unknown provision `{id}`"),
    )
    .with_help(help)
}

fn check_ids(set: &QuestionnaireSet, out: &mut Vec<Diagnostic>) {
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    for q in &set.questionnaires {
        let prefix = q
            .questions
            .first()
            .and_then(|x| x.id.split_once('.'))
            .map(|(p, _)| p);
        for question in &q.questions {
            if !seen.insert(&question.id) {
                out.push(err(
                    Code::DuplicateId,
                    &q.file,
                    question.pos,
                    format!("question id `{}` is used twice", question.id),
                ));
            }
            let well_formed = question
                .id
                .split_once('.')
                .is_some_and(|(p, rest)| Some(p) == prefix && is_kebab(p) && is_kebab(rest));
            if !well_formed {
                let help = format!(
                    "question ids are `prefix.kebab-case-name`, with one prefix per questionnaire (`{}` here)",
                    prefix.unwrap_or("?")
                );
                out.push(
                    err(
                        Code::InvalidId,
                        &q.file,
                        question.pos,
                        format!("question id `{}` is not well formed", question.id),
                    )
                    .with_help(help),
                );
            }
        }
    }
}

/// Fact ids are snake_case: they are written as keys in answers files and
/// in the `init` template, where any other text could break the file
/// (`#`, `: `, control characters; found by fuzzing the questionnaire loader).
fn check_fact_ids(set: &QuestionnaireSet, out: &mut Vec<Diagnostic>) {
    for fact in &set.facts {
        let well_formed = fact.id.starts_with(|c: char| c.is_ascii_lowercase())
            && fact
                .id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !well_formed {
            out.push(
                err(
                    Code::InvalidId,
                    &fact.file,
                    fact.pos,
                    format!("fact id `{}` is not well formed", fact.id.escape_debug()),
                )
                .with_help("fact ids are snake_case: lowercase letters, digits and `_`, starting with a letter"),
            );
        }
    }
}

fn is_kebab(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn check_question(
    set: &QuestionnaireSet,
    catalog: &Catalog,
    q: &Questionnaire,
    question: &Question,
    out: &mut Vec<Diagnostic>,
) {
    if question.provisions.is_empty() {
        out.push(err(
            Code::MissingKey,
            &q.file,
            question.pos,
            format!("question `{}` cites no provision", question.id),
        ));
    }
    for p in &question.provisions {
        if catalog.provision(p).is_none() {
            out.push(unknown_provision(catalog, &q.file, question.pos, p));
        }
    }
    if let Some(c) = &question.applies_when {
        check_condition(set, &q.file, c, out);
        check_closing(set, &q.file, c, out);
    }
    check_na_when(set, q, question, out);
    check_decision(set, q, question, out);
    check_lower_severity(set, q, question, out);
    // A dated choice drops to half credit once its date passes.
    let has_partial = !question.is_choice()
        || question
            .choices
            .iter()
            .any(|c| c.credit > 0.0 && (c.credit < 1.0 || c.needs_decide_by));
    let needed = [
        GapState::No,
        GapState::Partial,
        GapState::Unknown,
        GapState::Unanswered,
    ]
    .into_iter()
    .filter(|s| has_partial || *s != GapState::Partial);
    let missing: Vec<&str> = needed
        .into_iter()
        .filter(|s| question.action(*s).is_none())
        .map(GapState::as_str)
        .collect();
    if let Some(first) = missing.first() {
        let list = crate::input::diagnostic::one_of(&missing).replace(" or ", " and ");
        out.push(
            err(Code::MissingAction, &q.file, question.pos, format!("question `{}` has no action for {list}", question.id))
                .with_help(format!("every gap state needs `do` and `owner`, e.g. `{first}: {{do: ..., owner: ...}}` under `actions`")),
        );
    }
    let rules = question.actions.iter().filter_map(|(_, a)| a.due.as_ref());
    for rule in rules.flat_map(DueRule::parts) {
        if let DueRule::BeforeFact { fact, .. } = rule {
            match set.fact(fact) {
                Some(f) if f.kind == FactType::Date => {}
                Some(_) => out.push(err(
                    Code::InvalidValue,
                    &q.file,
                    question.pos,
                    format!(
                        "due rule of `{}` counts back from `{fact}`, which is not a date fact",
                        question.id
                    ),
                )),
                None => out.push(unknown_fact(set, &q.file, question.pos, fact)),
            }
        }
    }
}

fn unknown_fact(set: &QuestionnaireSet, file: &str, pos: Pos, fact: &str) -> Diagnostic {
    let help =
        suggestion(fact, set.fact_ids()).unwrap_or_else(|| "declare it under `facts`".into());
    err(
        Code::UnknownFact,
        file,
        pos,
        format!("unknown fact `{fact}`"),
    )
    .with_help(help)
}

fn check_condition(
    set: &QuestionnaireSet,
    file: &str,
    cond: &Condition,
    out: &mut Vec<Diagnostic>,
) {
    cond.visit(&mut |leaf| match leaf {
        Condition::Fact { fact, test, pos } => match set.fact(fact) {
            None => out.push(unknown_fact(set, file, *pos, fact)),
            Some(f) => {
                let fits = match test {
                    FactTest::Present(_) => true,
                    FactTest::AtLeast(_) | FactTest::AtMost(_) => f.kind == FactType::Number,
                    FactTest::Is(node) => matches!(
                        (&f.kind, &node.value),
                        (FactType::Bool, Value::Bool(_))
                            | (FactType::Number, Value::Int(_) | Value::Float(_))
                            | (FactType::Text | FactType::Date, Value::Str(_))
                    ),
                };
                if !fits {
                    out.push(err(
                        Code::WrongType,
                        file,
                        *pos,
                        format!("the test on `{fact}` does not fit its type"),
                    ));
                }
            }
        },
        Condition::Question {
            question,
            one_of,
            pos,
        } => match set.question(question) {
            None => {
                let help = suggestion(question, set.question_ids())
                    .unwrap_or_else(|| "use an existing question id".into());
                out.push(
                    err(
                        Code::UnknownQuestion,
                        file,
                        *pos,
                        format!("unknown question `{question}`"),
                    )
                    .with_help(help),
                );
            }
            Some((_, q)) => {
                let words = q.answer_words();
                for w in one_of.iter().filter(|w| !words.contains(&w.as_str())) {
                    out.push(
                        err(
                            Code::InvalidAnswer,
                            file,
                            *pos,
                            format!("`{w}` is not an answer to `{question}`"),
                        )
                        .with_help(format!(
                            "its answers are {}",
                            crate::input::diagnostic::one_of(&words)
                        )),
                    );
                }
            }
        },
        _ => {}
    });
}

/// Only facts that are stated and complete declines may switch a question
/// off. So, in an applicability condition: a test of another question's
/// answer may only add questions (never under `not`), and on a decision
/// only its declines (the decline path); a choice question others depend on
/// must be a decision; `{declined: ID}` must name a decision; and a test
/// that an unstated fact would fail (`present: true`) may not switch a
/// question off.
fn check_closing(set: &QuestionnaireSet, file: &str, cond: &Condition, out: &mut Vec<Diagnostic>) {
    cond.visit_polarity(false, &mut |leaf, negated| match leaf {
        Condition::Question {
            question,
            one_of,
            pos,
        } => {
            let Some((_, q)) = set.question(question) else {
                return;
            };
            let problem = if negated {
                Some((
                    format!("a test of `{question}`'s answer under `not` would let that answer close questions"),
                    "an answer may close questions only through a complete decline: declare the question a `decision` and test `{declined: ID}`".to_string(),
                ))
            } else if let Some(d) = &q.decision {
                // Declines and choices that put the decision off may add
                // questions (the decline path, what waiting costs); a test
                // of any other choice would spare the declines its work.
                let other: Vec<&str> = one_of
                    .iter()
                    .map(String::as_str)
                    .filter(|w| {
                        !d.declines.iter().any(|c| c == w)
                            && !q.choice(w).is_some_and(|c| c.needs_decide_by)
                    })
                    .collect();
                (!other.is_empty()).then(|| {
                    (
                        format!(
                            "questions that apply only when decision `{question}` is answered {} close for every other answer, a decline among them",
                            crate::input::diagnostic::one_of(&other)
                        ),
                        "make them apply unless the decline is complete (`not: {declined: ID}`); a test of a decision's answer may only add questions for its declines and its choices that put the decision off".to_string(),
                    )
                })
            } else if q.is_choice() {
                Some((
                    format!("questions depend on the answer to choice question `{question}`, which is not a decision"),
                    "declare it a `decision` (its declining choices, record and path), so that only a complete decline closes questions".to_string(),
                ))
            } else {
                None
            };
            if let Some((message, help)) = problem {
                out.push(err(Code::ClosingCondition, file, *pos, message).with_help(help));
            }
        }
        Condition::Declined { decision, pos } => match set.question(decision) {
            None => {
                let help = suggestion(decision, set.question_ids())
                    .unwrap_or_else(|| "use an existing question id".into());
                out.push(
                    err(Code::UnknownQuestion, file, *pos, format!("unknown question `{decision}`"))
                        .with_help(help),
                );
            }
            Some((_, q)) if q.decision.is_none() => out.push(
                err(Code::ClosingCondition, file, *pos, format!("`declined` names `{decision}`, which is not a decision"))
                    .with_help("add a `decision` block to it (declines, record, path)"),
            ),
            Some(_) => {}
        },
        Condition::Fact {
            fact,
            test: FactTest::Present(want),
            pos,
        } if *want != negated => out.push(
            err(
                Code::ClosingCondition,
                file,
                *pos,
                format!("leaving `{fact}` out of the profile would switch questions off"),
            )
            .with_help("an unstated fact never switches a question off: test its value (`is`, `at_least`…), which counts as either way while it is unstated, or let `n/a` carry it (`allow_na: {condition}`)"),
        ),
        _ => {}
    });
}

/// `allow_na: {condition}` rests on profile facts alone.
fn check_na_when(
    set: &QuestionnaireSet,
    q: &Questionnaire,
    question: &Question,
    out: &mut Vec<Diagnostic>,
) {
    let Some(c) = &question.na_when else {
        return;
    };
    check_condition(set, &q.file, c, out);
    if !c.facts_only() {
        out.push(
            err(Code::InvalidValue, &q.file, question.pos, format!("the `allow_na` condition of `{}` tests something other than profile facts", question.id))
                .with_help("`n/a` is checked against the profile alone: use only `fact` tests (with `all`, `any`, `not`)"),
        );
    }
}

/// A decision is a choice question whose declines are its own dated
/// choices, and whose record and path are yes/no questions of the set.
fn check_decision(
    set: &QuestionnaireSet,
    q: &Questionnaire,
    question: &Question,
    out: &mut Vec<Diagnostic>,
) {
    let Some(d) = &question.decision else {
        return;
    };
    let mut problems: Vec<(String, &str)> = Vec::new();
    let mut problem = |message: String, help: &'static str| problems.push((message, help));
    if !question.is_choice() {
        problem(
            format!("`{}` declares a `decision` but has no choices", question.id),
            "a decision is a choice question: list its `choices`",
        );
    }
    if d.declines.is_empty() {
        problem(
            format!("decision `{}` names no declining choice", question.id),
            "list the choices that decline under `declines`",
        );
    }
    for c in &d.declines {
        match question.choice(c) {
            None => problem(
                format!(
                    "decision `{}` declines with `{c}`, which is not one of its choices",
                    question.id
                ),
                "name one of its choice ids",
            ),
            Some(choice) if !choice.needs_decide_by => problem(
                format!(
                    "the decline `{c}` of decision `{}` takes no date to revisit",
                    question.id
                ),
                "add `decide_by: required` to the choice: a decline is revisited by a date",
            ),
            Some(_) => {}
        }
    }
    for id in std::iter::once(&d.record).chain(&d.path) {
        match set.question(id) {
            None => {
                let help = suggestion(id, set.question_ids())
                    .unwrap_or_else(|| "use an existing question id".into());
                out.push(
                    err(
                        Code::UnknownQuestion,
                        &q.file,
                        d.pos,
                        format!("decision `{}` names unknown question `{id}`", question.id),
                    )
                    .with_help(help),
                );
            }
            Some((_, x)) if x.is_choice() => problem(
                format!(
                    "decision `{}`'s record or path question `{id}` is a choice question",
                    question.id
                ),
                "the record and path are yes/no questions, complete when answered `yes`",
            ),
            Some(_) => {}
        }
    }
    for (message, help) in problems {
        out.push(err(Code::InvalidValue, &q.file, d.pos, message).with_help(help));
    }
}

/// Only a stated fact or a complete decline may lower a question's
/// severity, and only to a lower one.
fn check_lower_severity(
    set: &QuestionnaireSet,
    q: &Questionnaire,
    question: &Question,
    out: &mut Vec<Diagnostic>,
) {
    let Some(l) = &question.lower_severity else {
        return;
    };
    check_condition(set, &q.file, &l.when, out);
    check_closing(set, &q.file, &l.when, out);
    if l.to >= question.severity {
        out.push(
            err(
                Code::InvalidValue,
                &q.file,
                l.pos,
                format!(
                    "`lower_severity` of `{}` is not lower than its severity",
                    question.id
                ),
            )
            .with_help(format!(
                "name a severity below `{}`",
                question.severity.as_str()
            )),
        );
    }
    let mut answer_test = false;
    l.when
        .visit(&mut |leaf| answer_test |= matches!(leaf, Condition::Question { .. }));
    if answer_test {
        out.push(
            err(
                Code::ClosingCondition,
                &q.file,
                l.pos,
                format!("`lower_severity` of `{}` tests an answer", question.id),
            )
            .with_help("only facts and complete declines (`{declined: ID}`) may lower a severity"),
        );
    }
}

/// Events take their date from a date fact or a fixed date, cite known
/// provisions, and have distinct ids.
fn check_events(set: &QuestionnaireSet, catalog: &Catalog, out: &mut Vec<Diagnostic>) {
    let mut seen = BTreeSet::new();
    for e in &set.events {
        if !seen.insert(e.id.as_str()) {
            out.push(err(
                Code::DuplicateId,
                &e.file,
                e.pos,
                format!("event id `{}` is used twice", e.id),
            ));
        }
        if !is_kebab(&e.id) {
            out.push(
                err(
                    Code::InvalidId,
                    &e.file,
                    e.pos,
                    format!("event id `{}` is not well formed", e.id.escape_debug()),
                )
                .with_help("event ids are kebab-case: lowercase letters, digits and `-`"),
            );
        }
        if let EventDate::Fact { fact, .. } = &e.date {
            match set.fact(fact) {
                Some(f) if f.kind == FactType::Date => {}
                Some(_) => out.push(err(
                    Code::InvalidValue,
                    &e.file,
                    e.pos,
                    format!(
                        "event `{}` takes its date from `{fact}`, which is not a date fact",
                        e.id
                    ),
                )),
                None => out.push(unknown_fact(set, &e.file, e.pos, fact)),
            }
        }
        for p in &e.provisions {
            if catalog.provision(p).is_none() {
                out.push(unknown_provision(catalog, &e.file, e.pos, p));
            }
        }
    }
}

/// A question whose applicability depends (through other questions) on
/// itself can never be decided; report each cycle once.
fn check_cycles(set: &QuestionnaireSet, out: &mut Vec<Diagnostic>) {
    let mut edges: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for q in &set.questionnaires {
        for question in &q.questions {
            let mut deps = Vec::new();
            for c in [&q.applies_when, &question.applies_when]
                .into_iter()
                .flatten()
            {
                c.visit(&mut |leaf| match leaf {
                    Condition::Question { question: dep, .. } => deps.push(dep.as_str()),
                    // A complete decline reads the decision, its record and path.
                    Condition::Declined { decision, .. } => {
                        deps.push(decision.as_str());
                        if let Some(d) = set
                            .question(decision)
                            .and_then(|(_, q)| q.decision.as_ref())
                        {
                            deps.push(d.record.as_str());
                            deps.extend(d.path.iter().map(String::as_str));
                        }
                    }
                    _ => {}
                });
            }
            edges.insert(&question.id, deps);
        }
    }
    let mut state: BTreeMap<&str, u8> = BTreeMap::new();
    for start in edges.keys() {
        let mut path = Vec::new();
        if let Some(cycle) = find_cycle(start, &edges, &mut state, &mut path) {
            // Settle every node on the path so the same cycle is not found again.
            for node in path.drain(..) {
                state.insert(node, 2);
            }
            let Some((q, question)) = set.question(cycle[0]) else {
                continue;
            };
            out.push(err(
                Code::ConditionCycle,
                &q.file,
                question.pos,
                format!(
                    "`applies_when` conditions form a cycle: {}",
                    cycle.join(" → ")
                ),
            ));
        }
    }
}

fn find_cycle<'a>(
    node: &'a str,
    edges: &BTreeMap<&'a str, Vec<&'a str>>,
    state: &mut BTreeMap<&'a str, u8>,
    path: &mut Vec<&'a str>,
) -> Option<Vec<&'a str>> {
    match state.get(node) {
        Some(2) => return None,
        Some(1) => {
            let start = path.iter().position(|n| *n == node).unwrap_or(0);
            let mut cycle = path[start..].to_vec();
            cycle.push(node);
            return Some(cycle);
        }
        _ => {}
    }
    state.insert(node, 1);
    path.push(node);
    for dep in edges.get(node).into_iter().flatten() {
        if let Some(c) = find_cycle(dep, edges, state, path) {
            return Some(c);
        }
    }
    path.pop();
    state.insert(node, 2);
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fact_ids_must_be_snake_case() {
        let extra = Source::new(
            "extra.yaml",
            "facts:\n  - {id: \"bad: id\", type: bool, required: true, prompt: P?}\n  - {id: good_id_2, type: bool, prompt: Q?}\n",
        );
        let problems = load_checked(
            &QuestionnaireSet::builtin_sources(),
            &[extra],
            &Catalog::builtin(),
        )
        .unwrap_err();
        let bad: Vec<&Diagnostic> = problems
            .iter()
            .filter(|d| d.code == Code::InvalidId)
            .collect();
        assert_eq!(bad.len(), 1, "{problems:#?}");
        assert_eq!(bad[0].file, "extra.yaml");
        assert!(bad[0].message.contains("`bad: id`"));
    }

    #[test]
    fn every_provision_of_the_order_is_cited_by_some_question() {
        let problems = unused_provisions(&QuestionnaireSet::builtin(), &Catalog::builtin());
        assert!(problems.is_empty(), "{problems:#?}");
    }

    #[test]
    fn every_question_has_an_action_with_an_owner_for_every_gap_state() {
        for q in &QuestionnaireSet::builtin().questionnaires {
            for question in &q.questions {
                for state in [GapState::No, GapState::Unknown, GapState::Unanswered] {
                    let action = question
                        .action(state)
                        .unwrap_or_else(|| panic!("{} {state:?}", question.id));
                    assert!(!action.owner.trim().is_empty() && !action.text.trim().is_empty());
                }
            }
        }
    }

    #[test]
    fn every_question_that_requires_evidence_says_what_evidence_would_do() {
        for q in &QuestionnaireSet::builtin().questionnaires {
            for question in q.questions.iter().filter(|x| x.evidence_required) {
                assert!(
                    question.evidence_hint.is_some(),
                    "{} requires evidence but gives no hint",
                    question.id
                );
            }
        }
    }

    #[test]
    fn shipped_question_ids_stay_valid_or_are_replaced() {
        let set = QuestionnaireSet::builtin();
        for id in include_str!("../../tests/fixtures/shipped-ids.txt")
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
        {
            assert!(
                set.question(id).is_some() || set.replacement(id).is_some(),
                "`{id}` was shipped: keep it or list it under `replaces`"
            );
        }
    }

    #[test]
    fn builtin_set_loads_and_passes_every_check() {
        // `load_checked` trusts the built-in set; this test is why it may.
        let (set, problems) = load(&QuestionnaireSet::builtin_sources(), &[]);
        assert!(problems.is_empty(), "{problems:#?}");
        let found = check(&set, &Catalog::builtin());
        assert!(found.is_empty(), "{found:#?}");
    }
}
