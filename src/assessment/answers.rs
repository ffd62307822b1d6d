//! The answers file a company writes: who, as of when, its profile facts,
//! its answers (short or long form), and waivers. Loading checks it against
//! the questionnaire set and reports every problem with its place.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::content::condition::FactValue;
use crate::content::questionnaire::{FactType, Question};
use crate::content::set::QuestionnaireSet;
use crate::input::diagnostic::{Code, Diagnostic, one_of, suggestion};
use crate::input::doc::{Decoder, Key, Node, Value};
use crate::input::source::{Pos, Source, Syntax};

pub const FORMAT_VERSION: i64 = 1;

/// Problems in one file after which unknown ids get no did-you-mean.
const MAX_SUGGESTIONS: usize = 500;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Organization {
    pub name: String,
    pub assessed_by: Option<String>,
    pub as_of: Option<NaiveDate>,
    pub privileged: bool,
    /// Where `name`, `assessed_by`, `as_of` and `privileged` are (or
    /// `organization:`), for warnings.
    pub name_pos: Pos,
    pub assessed_by_pos: Pos,
    pub as_of_pos: Pos,
    pub privileged_pos: Pos,
    /// The privilege legend to print instead of the default one (for example
    /// "Attorney–Client Privileged / Attorney Work Product, Matter 2026-114").
    pub privilege_legend: Option<String>,
}

/// The privilege legend when neither the answers file nor `mera.toml`
/// gives one.
pub const DEFAULT_LEGEND: &str = "PRIVILEGED & CONFIDENTIAL: prepared at the direction of counsel";

impl Organization {
    /// The legend every output of a privileged assessment carries: the
    /// file's own, else the one `mera.toml` gave, else the default. `None`
    /// unless `privileged: true`.
    pub fn legend(&self) -> Option<&str> {
        self.privileged
            .then(|| self.privilege_legend.as_deref().unwrap_or(DEFAULT_LEGEND))
    }
}

/// In reports `privilege_legend` is the legend in force (the default one
/// when the file gives none), and null for an assessment that is not
/// privileged, so a reader of the JSON prints what the other formats print.
impl Serialize for Organization {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct as _;
        let mut st = s.serialize_struct("Organization", 5)?;
        st.serialize_field("name", &self.name)?;
        st.serialize_field("assessed_by", &self.assessed_by)?;
        st.serialize_field("as_of", &self.as_of)?;
        st.serialize_field("privileged", &self.privileged)?;
        st.serialize_field("privilege_legend", &self.legend())?;
        st.end()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Response {
    Yes,
    Partial,
    No,
    Unknown,
    #[serde(rename = "n/a")]
    NotApplicable,
    Choice(String),
}

impl Response {
    pub fn word(&self) -> &str {
        match self {
            Response::Yes => "yes",
            Response::Partial => "partial",
            Response::No => "no",
            Response::Unknown => "unknown",
            Response::NotApplicable => "n/a",
            Response::Choice(c) => c,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Answer {
    pub response: Response,
    pub evidence: Vec<String>,
    /// Who holds the evidence, when it is privileged (`evidence_held_by:
    /// counsel`): `--redact` withholds the evidence, showing that it exists
    /// and who holds it; on a question whose evidence counsel holds, the
    /// attestation counts as evidence.
    pub evidence_held_by: Option<String>,
    pub note: Option<String>,
    pub owner: Option<String>,
    pub reviewed: Option<NaiveDate>,
    pub confidential: bool,
    /// Who gave the answer (`by:`): a respondent's role or name, recorded by
    /// `mera merge`.
    pub by: Option<String>,
    /// The answers respondents gave when they disagreed (`conflict:`, written
    /// by `mera merge`). The question stays open until someone settles it.
    pub conflict: Vec<ConflictingAnswer>,
    /// For a choice that puts the decision off to a date (`wait`,
    /// `monitor`, a decline to revisit): the date to decide by.
    pub decide_by: Option<NaiveDate>,
    /// The content version the answer was given against, when it is older
    /// than the file's stamp (`answered_in`, written by `mera upgrade` on
    /// an answer to a question revised since): the answer is to be
    /// reviewed until the line goes.
    pub answered_in: Option<crate::content::history::Version>,
    /// Where the answer's key is in the file.
    pub pos: Pos,
}

/// One respondent's answer to a question respondents disagree on.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ConflictingAnswer {
    pub by: String,
    pub response: Response,
    pub evidence: Vec<String>,
    pub note: Option<String>,
    pub owner: Option<String>,
    pub reviewed: Option<NaiveDate>,
    /// The respondent's date to decide by, for a choice that puts the
    /// decision off (required with one, as on an answer).
    pub decide_by: Option<NaiveDate>,
}

/// Words that stand in for evidence without being any (compared without
/// case, surrounding spaces or a trailing full stop): they earn no evidence
/// credit, and each draws a warning at its answer.
pub const PLACEHOLDER_EVIDENCE: [&str; 22] = [
    "",
    "tbd",
    "tba",
    "tbc",
    "todo",
    "to do",
    "to-do",
    "n/a",
    "na",
    "none",
    "nil",
    "null",
    "pending",
    "placeholder",
    "unknown",
    "missing",
    "later",
    "wip",
    "xxx",
    "-",
    "?",
    "...",
];

/// Whether an evidence entry is a placeholder rather than evidence: one of
/// [`PLACEHOLDER_EVIDENCE`], or nothing but punctuation and spaces.
pub fn is_placeholder_evidence(item: &str) -> bool {
    let t = item.trim().trim_end_matches('.').trim().to_lowercase();
    PLACEHOLDER_EVIDENCE.contains(&t.as_str())
        || t.chars()
            .all(|c| c.is_whitespace() || (c.is_ascii_punctuation() && c != '/') || c == '…')
}

/// An open conflict counts as `unknown` until someone settles it.
static UNSETTLED: Response = Response::Unknown;

impl Answer {
    /// The answer as scored: `unknown` while respondents' conflict is open
    /// (`conflict:` still in the file), whatever `answer:` says.
    pub fn settled(&self) -> &Response {
        if self.conflict.is_empty() {
            &self.response
        } else {
            &UNSETTLED
        }
    }

    /// The evidence that is evidence: placeholders left out.
    pub fn real_evidence(&self) -> impl Iterator<Item = &String> {
        self.evidence.iter().filter(|e| !is_placeholder_evidence(e))
    }

    pub fn has_real_evidence(&self) -> bool {
        self.real_evidence().next().is_some()
    }

    /// Whether the answer has evidence for `question`: listed, or, where
    /// the question's evidence is held by counsel, attested as held.
    pub fn has_evidence_for(&self, question: &Question) -> bool {
        self.has_real_evidence()
            || (question.evidence_held_by.is_some() && self.evidence_held_by.is_some())
    }

    /// Who holds this answer's evidence: its own attestation, else the
    /// question's holder when evidence is listed.
    pub fn evidence_holder<'q>(&'q self, question: &'q Question) -> Option<&'q str> {
        self.evidence_held_by.as_deref().or_else(|| {
            question
                .evidence_held_by
                .as_deref()
                .filter(|_| self.has_real_evidence())
        })
    }

    /// A bare answer at `pos`: no evidence, note, owner, dates or authors.
    pub fn new(response: Response, pos: Pos) -> Answer {
        Answer {
            response,
            evidence: Vec::new(),
            evidence_held_by: None,
            note: None,
            owner: None,
            reviewed: None,
            confidential: false,
            by: None,
            conflict: Vec::new(),
            decide_by: None,
            answered_in: None,
            pos,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Waiver {
    pub question: String,
    pub reason: String,
    pub approved_by: String,
    pub expires: NaiveDate,
    pub pos: Pos,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Answers {
    pub file: String,
    pub organization: Organization,
    pub profile: BTreeMap<String, FactValue>,
    /// Where each stated profile fact's key is, for messages that name it.
    #[serde(skip)]
    pub profile_pos: BTreeMap<String, Pos>,
    pub answers: BTreeMap<String, Answer>,
    pub waivers: Vec<Waiver>,
    /// Where `answers:` is (or the top of the file), for missing answers.
    pub answers_pos: Pos,
    /// The content version the file is answered against (`content`).
    #[serde(skip)]
    pub content: crate::assessment::stamp::Stamp,
}

/// Parse and check an answers file. `Ok` carries warnings (such as renamed
/// question ids); `Err` carries every problem, errors and warnings alike.
pub fn load(
    source: &Source,
    set: &QuestionnaireSet,
) -> Result<(Answers, Vec<Diagnostic>), Vec<Diagnostic>> {
    let parsed = crate::input::parse(source)?;
    load_parsed(source, parsed, set)
}

/// Check an answers file already parsed (for callers that looked at the
/// tree first, such as a folder walk deciding what kind of file it is).
pub fn load_parsed(
    source: &Source,
    parsed: crate::input::Parsed,
    set: &QuestionnaireSet,
) -> Result<(Answers, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut dec = Decoder::new(&source.name);
    dec.syntax = source.syntax;
    dec.problems = parsed.problems;
    let answers = decode(&mut dec, &parsed.root, set);
    if dec.has_errors() {
        Err(dec.problems)
    } else {
        Ok((answers, dec.problems))
    }
}

/// Read an answers file as far as it goes, for commands that work on files
/// that may not load yet (`mera changes`, `mera upgrade`, a file with a
/// rule newer than its stamp): the answers and every problem, or `Err` only
/// when the file does not parse.
pub fn load_lenient(
    source: &Source,
    set: &QuestionnaireSet,
) -> Result<(Answers, Vec<Diagnostic>), Vec<Diagnostic>> {
    let parsed = crate::input::parse(source)?;
    let mut dec = Decoder::new(&source.name);
    dec.syntax = source.syntax;
    dec.problems = parsed.problems;
    let answers = decode(&mut dec, &parsed.root, set);
    Ok((answers, dec.problems))
}

const TOP_KEYS: [&str; 6] = [
    "mera",
    "content",
    "organization",
    "profile",
    "answers",
    "waivers",
];

fn decode(dec: &mut Decoder, root: &Node, set: &QuestionnaireSet) -> Answers {
    let mut out = Answers {
        file: dec.file.to_string(),
        answers_pos: root.pos,
        ..Answers::default()
    };
    if root.is_empty_document() {
        let help = if dec.file == crate::input::source::STDIN_NAME {
            "nothing came in on standard input: pipe an answers file in (`git show main:readiness.yaml | mera assess -`), or name the file".to_string()
        } else {
            format!(
                "write the answers in it, or fill it with the template: `mera init {}` (an empty file is filled, never refused)",
                dec.file
            )
        };
        dec.error_help(Code::EmptyInput, root.pos, "the input is empty", help);
        return out;
    }
    let looks_like_answers = crate::input::file_kind::ANSWERS_KEYS
        .iter()
        .any(|k| root.get(k).is_some());
    let Some(mut f) = dec.fields(root, "the answers file") else {
        return out;
    };
    match f.take("mera") {
        Some(Node {
            value: Value::Int(FORMAT_VERSION),
            ..
        }) => {}
        Some(n) => dec.error_help(
            Code::UnsupportedVersion,
            n.pos,
            format!(
                "unsupported answers format `{}`",
                n.scalar_text().unwrap_or_else(|| n.kind().into())
            ),
            "this mera reads `mera: 1`",
        ),
        None => dec.error_help(
            Code::MissingKey,
            f.pos,
            if looks_like_answers {
                "this looks like an answers file, but `mera: 1` is missing"
            } else {
                "not an answers file: `mera: 1` is missing"
            },
            "start the file with `mera: 1`, or run `mera init` for a template",
        ),
    }
    if let (Some(pos), Some(node)) = (f.key_pos("content"), f.take("content")) {
        out.content = crate::assessment::stamp::decode(dec, pos, node, set);
    }
    match f.take("organization") {
        Some(n) => out.organization = decode_organization(dec, n),
        None => {
            let help = format!(
                "add {} with `name`, `assessed_by` and `as_of` (YYYY-MM-DD); `mera init` writes a template",
                dec.section("organization")
            );
            dec.error_help(
                Code::MissingKey,
                f.pos,
                "the answers file is missing `organization`",
                help,
            );
        }
    }
    match f.take("profile") {
        Some(node) => {
            let entries = dec.entries(node, "`profile`");
            out.profile = decode_profile(dec, entries, node.pos, set);
            out.profile_pos = entries
                .iter()
                .filter(|(k, _)| out.profile.contains_key(&k.name))
                .map(|(k, _)| (k.name.clone(), k.pos))
                .collect();
        }
        None => {
            let required: Vec<&str> = set
                .facts
                .iter()
                .filter(|x| x.required)
                .map(|x| x.id.as_str())
                .collect();
            let facts = crate::input::diagnostic::one_of(&required).replace(" or ", " and ");
            let help = format!(
                "add {} with {facts} (each true or false); they decide which questions apply",
                dec.section("profile")
            );
            // A questionnaire that asks no fact needs no profile.
            if !required.is_empty() {
                dec.error_help(
                    Code::MissingKey,
                    f.pos,
                    "the answers file has no `profile`",
                    help,
                );
            }
        }
    }
    if let Some(n) = f.take("answers") {
        out.answers_pos = f.key_pos("answers").unwrap_or(n.pos);
        let entries = dec.entries(n, "`answers`");
        out.answers = decode_answers(dec, entries, set, &out.content, out.organization.privileged);
    }
    if let Some(n) = f.take("waivers") {
        out.waivers = decode_waivers(dec, n, set);
    }
    check_na_against_facts(dec, &out, set);
    warn_waivers_past_their_event(dec, &out, set);
    warn_decisions_put_off_too_late(dec, &out, set);
    // An answer that lost its indentation lands beside `answers:`.
    let answers_at = out
        .answers
        .values()
        .map(|a| a.pos)
        .min()
        .unwrap_or(Pos::new(out.answers_pos.line, 3));
    for key in f.unused_keys() {
        if is_question_id(set, &key.name) {
            f.take(&key.name);
            misplaced_answer(dec, &key, None, answers_at);
        }
    }
    let at = f.key_pos("mera").unwrap_or(root.pos);
    f.finish(dec, &TOP_KEYS);
    if let Some(w) = crate::assessment::review::stamp_warning(set, &out, dec.file, at) {
        dec.problems.push(w);
    }
    out
}

/// The stated profile, as conditions read it.
struct Profile<'a>(&'a BTreeMap<String, FactValue>);

impl crate::content::condition::Facts for Profile<'_> {
    fn fact(&self, id: &str) -> Option<&FactValue> {
        self.0.get(id)
    }

    fn answer_word(&self, _question: &str) -> Option<String> {
        None
    }
}

/// Whether `question` takes `n/a` with this profile: it allows `n/a`, and
/// the stated facts do not rule out its `n/a` condition (an unstated fact
/// could go either way).
pub fn na_allowed(question: &Question, profile: &BTreeMap<String, FactValue>) -> bool {
    question.allow_na
        && question
            .na_when
            .as_ref()
            .is_none_or(|c| c.eval3(&Profile(profile)) != crate::content::condition::Tri::No)
}

/// `n/a` rests on the profile where the question says so
/// (`allow_na: {condition}`): an `n/a` the stated facts rule out is an
/// error at the answer, naming the facts and their lines.
fn check_na_against_facts(dec: &mut Decoder, out: &Answers, set: &QuestionnaireSet) {
    use crate::content::condition::Condition;
    for (id, a) in &out.answers {
        if a.response != Response::NotApplicable {
            continue;
        }
        let Some((_, question)) = set.question(id) else {
            continue;
        };
        let Some(cond) = question.na_when.as_ref() else {
            continue;
        };
        if na_allowed(question, &out.profile) {
            continue;
        }
        let mut facts: Vec<String> = Vec::new();
        cond.visit(&mut |leaf| {
            if let Condition::Fact { fact, .. } = leaf
                && let Some(value) = out.profile.get(fact)
            {
                let line = out
                    .profile_pos
                    .get(fact)
                    .map_or(String::new(), |p| format!(" (line {})", p.line));
                let text = format!("`{fact}: {value}`{line}");
                if !facts.contains(&text) {
                    facts.push(text);
                }
            }
        });
        dec.error_help(
            Code::NotApplicableContradicts,
            a.pos,
            format!("`{id}` cannot be `n/a`: the profile states {}", facts.join(" and ")),
            format!(
                "`n/a` holds here only when {}; answer yes, partial, no or unknown, or correct the profile",
                cond.describe()
            ),
        );
    }
}

/// A waiver that lasts past the event its question prepares for (the
/// release, the window) would leave that work undone when it is needed.
fn warn_waivers_past_their_event(dec: &mut Decoder, out: &Answers, set: &QuestionnaireSet) {
    use crate::assessment::schedule::{Schedule, event_dates};
    if out.waivers.is_empty() {
        return;
    }
    let events = event_dates(set, &out.profile);
    let all = |_: &str| true;
    let none = |_: &str| None;
    let sched = Schedule::new(set, &events, &all, &none);
    for w in &out.waivers {
        let Some((id, date)) = sched.root_event(&w.question) else {
            continue;
        };
        if w.expires <= date {
            continue;
        }
        let label = set
            .event(&id)
            .map_or(id.clone(), |e| e.label.trim().to_string());
        dec.warn_help(
            Code::WaiverOutlivesEvent,
            w.pos,
            format!(
                "the waiver for `{}` runs to {}, after {label} on {date}, which its work prepares for",
                w.question, w.expires
            ),
            format!("end the waiver by {date}, or close the gap before then"),
        );
    }
}

/// A choice that puts a decision off (or a decline to revisit) dated later
/// than the day the schedule needs the decision earns half its credit from
/// the start; say so at the answer, with the date it should be. Judged
/// against the file's own `as_of` (a file without one is judged when it is
/// scored).
fn warn_decisions_put_off_too_late(dec: &mut Decoder, out: &Answers, set: &QuestionnaireSet) {
    let Some(as_of) = out.organization.as_of else {
        return;
    };
    let needed = crate::assessment::schedule::needed_dates(set, &out.profile, as_of);
    for (id, a) in &out.answers {
        let (Some(by), Some(n)) = (a.decide_by, needed.get(id)) else {
            continue;
        };
        let dated = match &a.response {
            Response::Choice(c) => set
                .question(id)
                .and_then(|(_, q)| q.choice(c))
                .is_some_and(|c| c.needs_decide_by),
            _ => false,
        };
        if dated && by > *n {
            dec.warn_help(
                Code::LateDecision,
                a.pos,
                format!(
                    "`{id}` is put off to {by}, later than {n}, the day the schedule needs the decision: it earns half its credit from the start"
                ),
                format!("take the decision by {n}, or set `decide_by` to {n} or earlier"),
            );
        }
    }
}

fn decode_organization(dec: &mut Decoder, node: &Node) -> Organization {
    let mut org = Organization::default();
    let Some(mut f) = dec.fields(node, "`organization`") else {
        return org;
    };
    org.name_pos = f.key_pos("name").unwrap_or(f.pos);
    org.name = f.req_text(dec, "name").unwrap_or_default();
    org.assessed_by_pos = f.key_pos("assessed_by").unwrap_or(f.pos);
    org.assessed_by = f.text(dec, "assessed_by");
    org.as_of_pos = f.key_pos("as_of").unwrap_or(f.pos);
    org.as_of = f.date(dec, "as_of");
    org.privileged_pos = f.key_pos("privileged").unwrap_or(f.pos);
    org.privileged = f.bool(dec, "privileged").unwrap_or(false);
    org.privilege_legend = f.text(dec, "privilege_legend");
    f.finish(
        dec,
        &[
            "name",
            "assessed_by",
            "as_of",
            "privileged",
            "privilege_legend",
        ],
    );
    org
}

fn decode_profile(
    dec: &mut Decoder,
    entries: &[(Key, Node)],
    pos: Pos,
    set: &QuestionnaireSet,
) -> BTreeMap<String, FactValue> {
    let mut profile = BTreeMap::new();
    for (key, node) in entries {
        let Some(fact) = set.fact(&key.name) else {
            let help = suggestion(&key.name, set.fact_ids()).unwrap_or_else(|| {
                format!(
                    "the profile facts are {}",
                    one_of(&set.fact_ids().collect::<Vec<_>>())
                )
            });
            dec.error_help(
                Code::UnknownFact,
                key.pos,
                format!("unknown profile fact `{}`", key.name),
                help,
            );
            continue;
        };
        if matches!(node.value, Value::Null) && !fact.required {
            continue;
        }
        let what = format!("`{}`", key.name);
        let value = match fact.kind {
            // `yes`/`no` are booleans to YAML 1.1 tools and to many people.
            FactType::Bool => match &node.value {
                Value::Str(w) if w == "yes" || w == "no" => Some(FactValue::Bool(w == "yes")),
                _ => dec.bool(node, &what).map(FactValue::Bool),
            },
            FactType::Number => match dec.number(node, &what) {
                Some(n) if n < 0.0 => {
                    dec.error_help(
                        Code::InvalidValue,
                        node.pos,
                        format!("{what} must not be negative"),
                        "write the figure as a positive number, or leave the fact out",
                    );
                    None
                }
                n => n.map(FactValue::Number),
            },
            FactType::Date => dec.date(node, &what).map(FactValue::Date),
            FactType::Text => dec.text(node, &what).map(FactValue::Text),
        };
        if let Some(v) = value {
            profile.insert(key.name.clone(), v);
        }
    }
    for fact in set
        .facts
        .iter()
        .filter(|f| f.required && !entries.iter().any(|(k, _)| k.name == f.id))
    {
        let example = match fact.kind {
            FactType::Bool => format!("{} or `false`", dec.key_value(&fact.id, "true")),
            FactType::Number => format!("{} (your figure)", dec.key_value(&fact.id, "3.0e25")),
            FactType::Date => format!("{} (your date)", dec.key_value(&fact.id, "2027-01-15")),
            FactType::Text => format!("{} (your text)", dec.key_value(&fact.id, "\"…\"")),
        };
        let help = format!(
            "add {example} under {}, answering: {}",
            dec.section("profile"),
            fact.prompt.trim()
        );
        dec.error_help(
            Code::MissingFact,
            pos,
            format!("the profile does not say `{}`", fact.id),
            help,
        );
    }
    profile
}

fn decode_answers(
    dec: &mut Decoder,
    entries: &[(Key, Node)],
    set: &QuestionnaireSet,
    stamp: &crate::assessment::stamp::Stamp,
    privileged: bool,
) -> BTreeMap<String, Answer> {
    let mut answers: BTreeMap<String, Answer> = BTreeMap::new();
    for (key, node) in join_dotted(entries, set) {
        let Some(id) = resolve_id(dec, set, &key.name, key.pos) else {
            continue;
        };
        let Some((_, question)) = set.question(&id) else {
            continue;
        };
        let before = dec.problems.len();
        let answer = decode_answer(dec, set, question, node, key.pos, privileged);
        explain_newer_rules(dec, before, set, stamp, &id, node);
        let Some(answer) = answer else {
            continue;
        };
        if let Some(first) = answers.get(&id) {
            let message = format!(
                "`{id}` is answered twice (first at line {})",
                first.pos.line
            );
            dec.error_help(
                Code::DuplicateAnswer,
                key.pos,
                message,
                "keep one answer; an old id and its new id count as the same question",
            );
            continue;
        }
        answers.insert(id, answer);
    }
    answers
}

/// An error in an answer to a question revised since the answer was given
/// may break a rule newer than the answer: its help says so and names
/// `mera upgrade`.
fn explain_newer_rules(
    dec: &mut Decoder,
    from: usize,
    set: &QuestionnaireSet,
    stamp: &crate::assessment::stamp::Stamp,
    id: &str,
    node: &Node,
) {
    use crate::assessment::review;
    let Some((_, question)) = set.question(id) else {
        return;
    };
    let newer = |p: &Diagnostic| p.is_error() && review::revision_can_cause(p.code, question);
    if !dec.problems[from..].iter().any(newer) {
        return;
    }
    let Some(note) = review::newer_rule_note(set, stamp, id, node, dec.file) else {
        return;
    };
    for p in dec.problems[from..].iter_mut().filter(|p| newer(p)) {
        p.help = Some(match p.help.take() {
            Some(help) => format!("{help}. Note: {note}"),
            None => format!("note: {note}"),
        });
    }
}

/// TOML reads an unquoted `agt.inventory = "yes"` as a table `agt` holding
/// `inventory`. When the table's name is a questionnaire prefix, join the
/// keys back into question ids, so each is checked (with suggestions) on its own.
pub(crate) fn join_dotted<'n>(
    entries: &'n [(Key, Node)],
    set: &QuestionnaireSet,
) -> Vec<(Key, &'n Node)> {
    let known = |id: &str| set.question(id).is_some() || set.replacement(id).is_some();
    let mut out = Vec::new();
    for (key, node) in entries {
        match &node.value {
            Value::Map(inner)
                if !known(&key.name) && !inner.is_empty() && is_prefix(set, &key.name) =>
            {
                for (k, v) in inner {
                    let name = format!("{}.{}", key.name, k.name);
                    out.push((Key { name, pos: k.pos }, v));
                }
            }
            _ => out.push((key.clone(), node)),
        }
    }
    out
}

/// Whether `name` is the prefix of some question id (`agt` for `agt.inventory`).
fn is_prefix(set: &QuestionnaireSet, name: &str) -> bool {
    set.question_ids()
        .any(|id| id.split_once('.').is_some_and(|(prefix, _)| prefix == name))
}

/// The current id for an id in the file: itself, its replacement (with a
/// warning), or nothing (with an error and a suggestion).
fn resolve_id(dec: &mut Decoder, set: &QuestionnaireSet, id: &str, pos: Pos) -> Option<String> {
    if set.question(id).is_some() {
        return Some(id.to_string());
    }
    if let Some(new) = set.replacement(id) {
        let (message, help) = crate::assessment::review::replaced_text(set, id, new, dec.file);
        dec.warn_help(Code::ReplacedQuestion, pos, message, help);
        return Some(new.to_string());
    }
    // A did-you-mean compares the id with every question id: past the first
    // few hundred problems in one file (99,000 unknown ids took 12 s), the
    // rest get the plain hint.
    let guessed = if dec.problems.len() < MAX_SUGGESTIONS {
        suggestion(id, set.question_ids())
    } else {
        None
    };
    let help = crate::assessment::review::removed_note(set, id, dec.file)
        .or(guessed)
        .unwrap_or_else(|| "run `mera questionnaires` to list the question ids".into());
    dec.error_help(
        Code::UnknownQuestion,
        pos,
        format!("unknown question `{id}`"),
        help,
    );
    None
}

fn is_question_id(set: &QuestionnaireSet, name: &str) -> bool {
    set.question(name).is_some() || set.replacement(name).is_some()
}

/// A question id found where no answer goes (inside another answer's long
/// form, or beside `answers:`): almost always a line indented wrongly.
/// `like` is where a sibling answer's key is, for the indentation to use.
/// `inside` is the answer whose long form holds it, `None` for the top.
fn misplaced_answer(dec: &mut Decoder, key: &Key, inside: Option<&str>, like: Pos) {
    let yaml = dec.syntax == Syntax::Yaml;
    let message = match (inside, yaml) {
        (Some(q), true) => format!(
            "`{}` is a question id, but it is indented as part of the answer to `{q}`",
            key.name
        ),
        (Some(q), false) => format!(
            "`{}` is a question id, but it is written in the answer to `{q}`",
            key.name
        ),
        (None, true) => format!(
            "`{}` is a question id, but it is not indented under `answers:`",
            key.name
        ),
        (None, false) => format!(
            "`{}` is a question id, but it is outside `[answers]`",
            key.name
        ),
    };
    let help = if yaml {
        format!(
            "indent `{}` like the other answers ({} spaces), as an answer of its own under `answers:`",
            key.name,
            like.col.saturating_sub(1)
        )
    } else {
        format!(
            "move `\"{}\" = …` under `[answers]`, as an answer of its own",
            key.name
        )
    };
    dec.error_help(Code::UnknownKey, key.pos, message, help);
}

const LONG_KEYS: [&str; 11] = [
    "answer",
    "evidence",
    "evidence_held_by",
    "note",
    "owner",
    "reviewed",
    "confidential",
    "by",
    "conflict",
    "decide_by",
    "answered_in",
];

fn decode_answer(
    dec: &mut Decoder,
    set: &QuestionnaireSet,
    question: &Question,
    node: &Node,
    pos: Pos,
    privileged: bool,
) -> Option<Answer> {
    let mut answer = Answer::new(Response::Unknown, pos);
    let mut decide_by_pos = None;
    let value_node = if let Value::Map(_) = node.value {
        let mut f = dec.fields(node, &format!("the answer to `{}`", question.id))?;
        let value = f.require(dec, "answer");
        let evidence_pos = f.key_pos("evidence");
        answer.evidence = f.texts(dec, "evidence");
        let placeholders: Vec<String> = answer
            .evidence
            .iter()
            .filter(|e| is_placeholder_evidence(e))
            .map(|e| format!("`{}`", e.trim()))
            .collect();
        if let (Some(pos), false) = (evidence_pos, placeholders.is_empty()) {
            dec.warn_help(
                Code::PlaceholderEvidence,
                pos,
                format!(
                    "{} {} a placeholder, not evidence: `{}` gets no evidence credit for {}",
                    placeholders.join(" and "),
                    if placeholders.len() == 1 { "is" } else { "are" },
                    question.id,
                    if placeholders.len() == 1 { "it" } else { "them" },
                ),
                "name the document (a path, a link or a title), or leave `evidence` out until there is one",
            );
        }
        answer.evidence_held_by = f.text(dec, "evidence_held_by");
        answer.note = f.text(dec, "note");
        answer.owner = f.text(dec, "owner");
        answer.reviewed = f.date(dec, "reviewed");
        // In a privileged assessment a note is confidential unless it says
        // otherwise.
        answer.confidential = f.bool(dec, "confidential").unwrap_or(privileged);
        answer.by = f.text(dec, "by");
        if let Some(n) = f.take("conflict") {
            answer.conflict = decode_conflict(dec, question, n);
        }
        decide_by_pos = f.key_pos("decide_by");
        answer.decide_by = f.date(dec, "decide_by");
        answer.answered_in = f
            .take("answered_in")
            .and_then(|n| crate::content::history::version(dec, n, "`answered_in`"));
        for key in f.unused_keys() {
            if is_question_id(set, &key.name) {
                f.take(&key.name);
                misplaced_answer(dec, &key, Some(&question.id), pos);
            }
        }
        f.finish(dec, &LONG_KEYS);
        value?
    } else {
        node
    };
    answer.response = decode_response(dec, question, value_node)?;
    // An answer already in the long form gets the date beside `answer`.
    let long = matches!(node.value, Value::Map(_)).then_some("");
    check_decide_by(
        dec,
        question,
        &answer.response,
        value_node,
        decide_by_pos,
        long,
    );
    Some(answer)
}

const CONFLICT_KEYS: [&str; 7] = [
    "by",
    "answer",
    "evidence",
    "note",
    "owner",
    "reviewed",
    "decide_by",
];

/// `conflict:` under a long-form answer: each respondent's own answer.
fn decode_conflict(dec: &mut Decoder, question: &Question, node: &Node) -> Vec<ConflictingAnswer> {
    let mut out = Vec::new();
    for item in dec.list(node, "`conflict`") {
        let Some(mut f) = dec.fields(item, "a conflicting answer") else {
            continue;
        };
        let by = f.req_text(dec, "by");
        let value = f.require(dec, "answer");
        let response = value.and_then(|n| decode_response(dec, question, n));
        let evidence = f.texts(dec, "evidence");
        let note = f.text(dec, "note");
        let owner = f.text(dec, "owner");
        let reviewed = f.date(dec, "reviewed");
        let decide_by_pos = f.key_pos("decide_by");
        let decide_by = f.date(dec, "decide_by");
        f.finish(dec, &CONFLICT_KEYS);
        if let (Some(value), Some(response)) = (value, &response) {
            check_decide_by(
                dec,
                question,
                response,
                value,
                decide_by_pos,
                Some(" in this respondent's entry"),
            );
        }
        if let (Some(by), Some(response)) = (by, response) {
            out.push(ConflictingAnswer {
                by,
                response,
                evidence,
                note,
                owner,
                reviewed,
                decide_by,
            });
        }
    }
    out
}

/// A choice that puts the decision off needs a `decide_by` date; a date on
/// any other answer has no effect and is pointed out. The same holds for
/// each respondent's answer under `conflict:`. `beside` is where the date
/// goes beside `answer` (in the long form, or a respondent's entry);
/// `None` for the short form.
fn check_decide_by(
    dec: &mut Decoder,
    question: &Question,
    response: &Response,
    value: &Node,
    decide_by_pos: Option<Pos>,
    beside: Option<&str>,
) {
    let choice = match response {
        Response::Choice(id) => question.choice(id),
        _ => None,
    };
    let word = response.word();
    match (choice.is_some_and(|c| c.needs_decide_by), decide_by_pos) {
        (true, None) => dec.error_help(
            Code::MissingKey,
            value.pos,
            format!("the answer `{word}` to `{}` needs a `decide_by` date", question.id),
            match (beside, dec.syntax) {
                (Some(whose), Syntax::Yaml) => {
                    format!("add `decide_by: YYYY-MM-DD` beside `answer: {word}`{whose}")
                }
                (Some(whose), Syntax::Toml) => format!(
                    "add `decide_by = YYYY-MM-DD` beside `answer = \"{word}\"`{whose}"
                ),
                (None, Syntax::Yaml) => format!(
                    "write the long form with the date the decision is due: `{}: {{answer: {word}, decide_by: YYYY-MM-DD}}`",
                    question.id
                ),
                (None, Syntax::Toml) => format!(
                    "write the long form with the date the decision is due: `\"{}\" = {{ answer = \"{word}\", decide_by = YYYY-MM-DD }}`",
                    question.id
                ),
            },
        ),
        (false, Some(pos)) => {
            let dated: Vec<&str> = question
                .choices
                .iter()
                .filter(|c| c.needs_decide_by)
                .map(|c| c.id.as_str())
                .collect();
            let help = if dated.is_empty() {
                format!("remove `decide_by`: `{}` takes no decision date", question.id)
            } else {
                format!("remove `decide_by`, or answer {}", one_of(&dated))
            };
            dec.warn_help(
                Code::UnknownKey,
                pos,
                format!("`decide_by` has no effect on the answer `{word}` to `{}`", question.id),
                help,
            );
        }
        _ => {}
    }
}

fn decode_response(dec: &mut Decoder, question: &Question, node: &Node) -> Option<Response> {
    let word = match &node.value {
        // YAML 1.1 tools and many editors turn yes/no into booleans.
        Value::Bool(true) => "yes".to_string(),
        Value::Bool(false) => "no".to_string(),
        Value::Str(s) => s.trim().to_lowercase(),
        _ => {
            dec.error_help(
                Code::InvalidAnswer,
                node.pos,
                format!(
                    "the answer to `{}` must be a word, found {}",
                    question.id,
                    node.kind()
                ),
                format!("answer {}", one_of(&question.answer_words())),
            );
            return None;
        }
    };
    // `na`, `n.a.`, `not applicable`: n/a misspelled.
    let na_spelling = matches!(
        word.as_str(),
        "na" | "n.a." | "n.a" | "n-a" | "n a" | "not applicable" | "not-applicable"
    );
    if na_spelling && question.allow_na {
        dec.error_help(
            Code::InvalidAnswer,
            node.pos,
            format!("`{word}` is not an answer to `{}`", question.id),
            "did you mean `n/a`?",
        );
        return None;
    }
    if (word == "n/a" || na_spelling) && !question.allow_na {
        dec.error_help(Code::NotApplicableRefused, node.pos, format!("`{}` cannot be answered `n/a`", question.id), "answer `no` or `unknown` if it does not hold for you; only questions that allow it take `n/a`");
        return None;
    }
    let response = match word.as_str() {
        "unknown" => Some(Response::Unknown),
        "n/a" => Some(Response::NotApplicable),
        w if question.is_choice() => question
            .choices
            .iter()
            .any(|c| c.id == w)
            .then(|| Response::Choice(w.to_string())),
        "yes" => Some(Response::Yes),
        "partial" => Some(Response::Partial),
        "no" => Some(Response::No),
        _ => None,
    };
    if response.is_none() {
        let words = question.answer_words();
        let help = suggestion(&word, words.iter().copied())
            .unwrap_or_else(|| format!("answer {}", one_of(&words)));
        dec.error_help(
            Code::InvalidAnswer,
            node.pos,
            format!("`{word}` is not an answer to `{}`", question.id),
            help,
        );
    }
    response
}

fn decode_waivers(dec: &mut Decoder, node: &Node, set: &QuestionnaireSet) -> Vec<Waiver> {
    let mut out: Vec<Waiver> = Vec::new();
    for item in dec.list(node, "`waivers`") {
        let Some(mut f) = dec.fields(item, "a waiver") else {
            continue;
        };
        let help = |dec: &Decoder, key: &str, example: &str, why: &str| {
            format!("add {} to the waiver: {why}", dec.key_value(key, example))
        };
        let h = help(
            dec,
            "question",
            "agt.inventory",
            "the id of the question it waives",
        );
        let question = f.require_help(dec, "question", &h).and_then(|n| {
            let id = dec.text(n, "`question`")?;
            resolve_id(dec, set, &id, n.pos)
        });
        let h = help(dec, "reason", "…", "why the gap is accepted for now");
        let reason = f
            .require_help(dec, "reason", &h)
            .and_then(|n| dec.text(n, "`reason`"));
        let h = help(
            dec,
            "approved_by",
            "General Counsel",
            "who approved it, a role or a name; an approval no one gave cannot be relied on",
        );
        let approved_by = f
            .require_help(dec, "approved_by", &h)
            .and_then(|n| dec.text(n, "`approved_by`"));
        let h = help(
            dec,
            "expires",
            "2027-01-31",
            "the last day it holds; every waiver expires, and the gate fails on it from the day after",
        );
        let expires = f
            .require_help(dec, "expires", &h)
            .and_then(|n| dec.date(n, "`expires`"));
        f.finish(dec, &["question", "reason", "approved_by", "expires"]);
        let (Some(question), Some(reason), Some(approved_by), Some(expires)) =
            (question, reason, approved_by, expires)
        else {
            continue;
        };
        if out.iter().any(|w| w.question == question) {
            dec.error_help(
                Code::DuplicateWaiver,
                item.pos,
                format!("`{question}` has two waivers; keep one"),
                "merge them into one waiver: one reason, one approver, one expiry date",
            );
            continue;
        }
        out.push(Waiver {
            question,
            reason,
            approved_by,
            expires,
            pos: item.pos,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_text(text: &str) -> Result<(Answers, Vec<Diagnostic>), Vec<Diagnostic>> {
        load(&Source::new("a.yaml", text), &QuestionnaireSet::builtin())
    }

    #[test]
    fn did_you_mean_stops_after_many_problems() {
        let mut text = String::from(
            "mera: 1\norganization: {name: X}\nprofile: {develops_frontier_models: false, deploys_ai_agents: true, critical_infrastructure_operator: false}\nanswers:\n",
        );
        for i in 0..MAX_SUGGESTIONS + 10 {
            text.push_str(&format!("  agt.inventoryx{i}: yes\n"));
        }
        let errs = load(&Source::new("a.yaml", text), &QuestionnaireSet::builtin()).unwrap_err();
        let helps: Vec<&str> = errs
            .iter()
            .filter(|d| d.is_error())
            .filter_map(|d| d.help.as_deref())
            .collect();
        assert!(helps[0].starts_with("did you mean"), "{}", helps[0]);
        assert!(
            helps
                .last()
                .unwrap()
                .starts_with("run `mera questionnaires`")
        );
    }

    #[test]
    fn a_missing_profile_is_one_error_naming_the_required_facts() {
        let text = crate::assessment::stamp::stamped("mera: 1\norganization: {name: X}\n");
        let errs = load_text(&text).unwrap_err();
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].pos, Some(Pos::new(1, 1)));
        assert!(
            errs[0]
                .help
                .as_deref()
                .unwrap()
                .contains("`develops_frontier_models`")
        );
    }

    #[test]
    fn unquoted_dotted_toml_keys_are_read_as_question_ids() {
        let toml = crate::assessment::stamp::stamped(
            "mera = 1\n[organization]\nname = \"X\"\n[profile]\ndevelops_frontier_models = false\ndeploys_ai_agents = true\ncritical_infrastructure_operator = false\n[answers]\nagt.inventory = \"yes\"\nagt.stop-control = { answer = \"partial\", note = \"n\" }\n",
        );
        let (a, warnings) = load(
            &Source::new("a.toml", toml.clone()),
            &QuestionnaireSet::builtin(),
        )
        .unwrap();
        assert!(warnings.is_empty());
        assert_eq!(a.answers["agt.inventory"].response, Response::Yes);
        assert_eq!(a.answers["agt.stop-control"].response, Response::Partial);
        assert_eq!(a.answers["agt.inventory"].pos.line, 10);
        // A misspelling inside the dotted form is still reported.
        let bad = toml.replace("agt.inventory", "agt.inventry");
        let errs = load(&Source::new("a.toml", bad), &QuestionnaireSet::builtin()).unwrap_err();
        assert_eq!(errs[0].code, Code::UnknownQuestion);
        assert_eq!(
            errs[0].help.as_deref(),
            Some("did you mean `agt.inventory`?")
        );
    }

    #[test]
    fn profile_booleans_accept_yes_and_no() {
        let (a, _) = load_text("mera: 1\norganization: {name: X}\nprofile: {develops_frontier_models: yes, deploys_ai_agents: no, critical_infrastructure_operator: false}\n").unwrap();
        assert_eq!(a.profile["develops_frontier_models"], FactValue::Bool(true));
        assert_eq!(a.profile["deploys_ai_agents"], FactValue::Bool(false));
        let errs = load_text("mera: 1\norganization: {name: X}\nprofile: {develops_frontier_models: maybe, deploys_ai_agents: no, critical_infrastructure_operator: false}\n").unwrap_err();
        assert_eq!(errs[0].code, Code::WrongType);
    }

    #[test]
    fn a_negative_figure_is_refused() {
        let profile = "mera: 1\norganization: {name: X}\nprofile: {develops_frontier_models: true, deploys_ai_agents: no, critical_infrastructure_operator: false, training_compute_flop: ";
        let errs = load_text(&format!("{profile}-5}}\n")).unwrap_err();
        assert_eq!(errs[0].code, Code::InvalidValue);
        assert!(errs[0].message.contains("must not be negative"));
        let (a, _) = load_text(&format!("{profile}3.0e25}}\n")).unwrap();
        assert_eq!(
            a.profile["training_compute_flop"],
            FactValue::Number(3.0e25)
        );
    }

    #[test]
    fn other_format_versions_are_refused() {
        let errs = load_text("mera: 2\norganization: {name: X}\nprofile: {develops_frontier_models: false, deploys_ai_agents: false, critical_infrastructure_operator: false}\n").unwrap_err();
        assert_eq!(errs[0].code, Code::UnsupportedVersion);
    }

    #[test]
    fn who_answered_and_conflicts_are_read_from_the_long_form() {
        let base = "mera: 1\norganization: {name: X}\nprofile: {develops_frontier_models: false, deploys_ai_agents: true, critical_infrastructure_operator: false}\nanswers:\n  agt.inventory:\n    answer: unknown\n    by: CISO\n    conflict:\n      - {by: CISO, answer: yes, evidence: [a.pdf]}\n      - {by: GC, answer: no, note: Not in staging.}\n";
        let (a, _) = load_text(base).unwrap();
        let inv = &a.answers["agt.inventory"];
        assert_eq!(inv.by.as_deref(), Some("CISO"));
        assert_eq!(inv.conflict.len(), 2);
        assert_eq!(inv.conflict[0].evidence, ["a.pdf"]);
        assert_eq!(inv.conflict[1].response, Response::No);
        // Each side is checked like an answer, and needs its author.
        let bad = base.replace("{by: GC, answer: no", "{answer: maybe");
        let errs = load_text(&bad).unwrap_err();
        let codes: Vec<Code> = errs.iter().map(|e| e.code).collect();
        assert!(codes.contains(&Code::MissingKey), "{errs:#?}");
        assert!(codes.contains(&Code::InvalidAnswer), "{errs:#?}");
    }

    #[test]
    fn toml_and_yaml_answers_load_the_same() {
        let yaml = "mera: 1\norganization: {name: X, as_of: 2026-11-20}\nprofile: {develops_frontier_models: false, deploys_ai_agents: true, critical_infrastructure_operator: false}\nanswers: {agt.inventory: yes}\n";
        let toml = "mera = 1\n[organization]\nname = \"X\"\nas_of = 2026-11-20\n[profile]\ndevelops_frontier_models = false\ndeploys_ai_agents = true\ncritical_infrastructure_operator = false\n[answers]\n\"agt.inventory\" = \"yes\"\n";
        let set = QuestionnaireSet::builtin();
        let (a, _) = load(&Source::new("a.yaml", yaml), &set).unwrap();
        let (b, _) = load(&Source::new("a.toml", toml), &set).unwrap();
        assert_eq!(a.profile, b.profile);
        let org = |a: &Answers| {
            let o = &a.organization;
            (o.name.clone(), o.assessed_by.clone(), o.as_of, o.privileged)
        };
        assert_eq!(org(&a), org(&b));
        assert_eq!(
            a.answers["agt.inventory"].response,
            b.answers["agt.inventory"].response
        );
    }
}
