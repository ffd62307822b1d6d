//! Questionnaires: one area of readiness each, with its questions, the
//! provisions they rest on, when they apply, and what to do about a gap.
//! A questionnaire file may also declare the profile facts conditions use.

use serde::Serialize;

use crate::content::condition::{self, Condition};
use crate::input::doc::{Decoder, Node};
use crate::input::source::Pos;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub const WORDS: [(&'static str, Severity); 4] = [
        ("critical", Severity::Critical),
        ("high", Severity::High),
        ("medium", Severity::Medium),
        ("low", Severity::Low),
    ];

    pub fn weight(self) -> f64 {
        match self {
            Severity::Critical => 8.0,
            Severity::High => 4.0,
            Severity::Medium => 2.0,
            Severity::Low => 1.0,
        }
    }

    pub fn as_str(self) -> &'static str {
        crate::input::doc::word_of(&Severity::WORDS, &self)
    }
}

/// Why an applicable question falls short, which picks its action.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum GapState {
    No,
    Partial,
    Unknown,
    Unanswered,
    /// Answered well, but required evidence is missing (credit capped).
    NoEvidence,
}

impl GapState {
    pub const ACTION_WORDS: [(&'static str, GapState); 5] = [
        ("no", GapState::No),
        ("partial", GapState::Partial),
        ("unknown", GapState::Unknown),
        ("unanswered", GapState::Unanswered),
        ("no-evidence", GapState::NoEvidence),
    ];

    pub fn as_str(self) -> &'static str {
        crate::input::doc::word_of(&GapState::ACTION_WORDS, &self)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DueRule {
    /// N days after the assessment's `as_of` date.
    AfterAsOf { days: u32 },
    /// N days before a date in the profile (e.g. a planned release).
    BeforeFact { fact: String, days: u32 },
    /// The earliest of two or more of the rules above (never nested): for
    /// work that must be done soon and also ahead of a profile date.
    EarlierOf(Vec<DueRule>),
}

impl DueRule {
    /// The rule in words: "30 days after the assessment date".
    pub fn describe(&self) -> String {
        match self {
            DueRule::AfterAsOf { days } => format!("{days} days after the assessment date"),
            DueRule::BeforeFact { fact, days } => format!("{days} days before {fact}"),
            DueRule::EarlierOf(rules) => {
                let parts: Vec<String> = rules.iter().map(DueRule::describe).collect();
                format!("the earlier of {}", parts.join(" and "))
            }
        }
    }

    /// The simple rules this rule is made of: itself, or the parts of an
    /// earlier-of rule.
    pub fn parts(&self) -> &[DueRule] {
        match self {
            DueRule::EarlierOf(rules) => rules,
            simple => std::slice::from_ref(simple),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Action {
    #[serde(rename = "do")]
    pub text: String,
    pub owner: String,
    pub due: Option<DueRule>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Choice {
    pub id: String,
    pub label: String,
    /// Credit while the answer's `decide_by` date holds (or always, for a
    /// choice that takes no date); half of it once that date has passed.
    pub credit: f64,
    /// The choice puts a decision off (or up for review) to a date: an
    /// answer choosing it must give `decide_by` (`decide_by: required`).
    pub needs_decide_by: bool,
}

/// What a question (or every question of a questionnaire) must come
/// before, with the days of lead it needs: the schedule's edges.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Precedes {
    pub target: Target,
    /// Days between this question's due date and the target's date.
    pub lead: u32,
    #[serde(skip)]
    pub pos: Pos,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    /// Another question: its action's due date, or the date the schedule
    /// needs it by.
    Question(String),
    /// A dated event declared under `events:` (the release, the window).
    Event(String),
    /// Every question of a questionnaire.
    Area(String),
}

impl Target {
    pub fn id(&self) -> &str {
        match self {
            Target::Question(id) | Target::Event(id) | Target::Area(id) => id,
        }
    }
}

/// A choice question that is a decision: which choices decline, and what
/// makes a decline complete (its record and path answered `yes`). Only a
/// complete, current decline closes the questions that test
/// `{declined: ID}`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Decision {
    /// The choices that decline (each takes a `decide_by` revisit date).
    pub declines: Vec<String>,
    /// The question that records the decline: answered `yes` with evidence.
    pub record: String,
    /// The other questions of the decline path, each answered `yes`.
    pub path: Vec<String>,
    /// Days the decision comes before each question it gates.
    pub lead: u32,
    /// The latest a decision may be put off to, in days after the
    /// assessment date, when the schedule does not need it sooner.
    pub defer_at_most: u32,
    #[serde(skip)]
    pub pos: Pos,
}

/// Lower severity while a condition holds (only facts and complete
/// declines may lower it).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LowerSeverity {
    pub to: Severity,
    #[serde(skip)]
    pub when: Condition,
    #[serde(skip)]
    pub pos: Pos,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Question {
    pub id: String,
    pub text: String,
    pub why: String,
    pub provisions: Vec<String>,
    pub severity: Severity,
    pub evidence_required: bool,
    pub evidence_hint: Option<String>,
    /// Who holds the evidence for this question when it is privileged
    /// ("counsel"): `--redact` withholds it, and an answer's attestation
    /// that it is held (`evidence_held_by`) counts as evidence.
    pub evidence_held_by: Option<String>,
    pub allow_na: bool,
    /// The profile facts `n/a` rests on: `n/a` is refused when the stated
    /// facts rule this condition out (`allow_na: {condition}`).
    #[serde(skip)]
    pub na_when: Option<Condition>,
    /// Empty for a yes/no question.
    pub choices: Vec<Choice>,
    #[serde(skip)]
    pub applies_when: Option<Condition>,
    pub actions: Vec<(GapState, Action)>,
    /// What this question must come before (its own; its questionnaire's
    /// are in [`Questionnaire::precedes`]).
    pub precedes: Vec<Precedes>,
    /// Set for a choice question that is a decision.
    pub decision: Option<Decision>,
    pub lower_severity: Option<LowerSeverity>,
    #[serde(skip)]
    pub pos: Pos,
}

impl Question {
    pub fn action(&self, state: GapState) -> Option<&Action> {
        self.actions
            .iter()
            .find(|(s, _)| *s == state)
            .map(|(_, a)| a)
    }

    pub fn is_choice(&self) -> bool {
        !self.choices.is_empty()
    }

    pub fn choice(&self, id: &str) -> Option<&Choice> {
        self.choices.iter().find(|c| c.id == id)
    }

    /// Whether `choice` is one of this decision's declines.
    pub fn is_decline(&self, choice: &str) -> bool {
        self.decision
            .as_ref()
            .is_some_and(|d| d.declines.iter().any(|c| c == choice))
    }

    /// The words an answer may use, `n/a` included where allowed.
    pub fn answer_words(&self) -> Vec<&str> {
        let mut words: Vec<&str> = if self.is_choice() {
            self.choices
                .iter()
                .map(|c| c.id.as_str())
                .chain(["unknown"])
                .collect()
        } else {
            vec!["yes", "partial", "no", "unknown"]
        };
        if self.allow_na {
            words.push("n/a");
        }
        words
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FactType {
    Bool,
    Date,
    Number,
    Text,
}

impl FactType {
    pub const WORDS: [(&'static str, FactType); 4] = [
        ("bool", FactType::Bool),
        ("date", FactType::Date),
        ("number", FactType::Number),
        ("text", FactType::Text),
    ];
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReferencePoint {
    pub value: f64,
    pub label: String,
    pub provision: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Fact {
    pub id: String,
    pub kind: FactType,
    pub prompt: String,
    /// Must be stated in every answers file (the facts that decide whole areas).
    pub required: bool,
    pub reference_points: Vec<ReferencePoint>,
    #[serde(skip)]
    pub file: String,
    #[serde(skip)]
    pub pos: Pos,
}

/// A dated event the schedule counts back from: a profile date (less some
/// days), or a fixed date.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Event {
    pub id: String,
    /// What it is, as reports name it: "a full 30-day access window opens".
    pub label: String,
    pub date: EventDate,
    pub provisions: Vec<String>,
    /// What to tell a reader when the work it needs no longer fits before
    /// it (the options the sources support).
    pub when_short: Option<String>,
    #[serde(skip)]
    pub file: String,
    #[serde(skip)]
    pub pos: Pos,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EventDate {
    /// A date fact of the profile, less `days_before` days.
    Fact {
        fact: String,
        days_before: u32,
    },
    Fixed(chrono::NaiveDate),
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Questionnaire {
    pub id: String,
    pub title: String,
    pub version: String,
    pub summary: Option<String>,
    #[serde(skip)]
    pub applies_when: Option<Condition>,
    /// What every question of this questionnaire comes before.
    pub precedes: Vec<Precedes>,
    pub questions: Vec<Question>,
    /// Old question id → new id, so older answers files still load.
    pub replaces: Vec<(String, String)>,
    /// Where it was loaded from (a built-in name or a path).
    pub file: String,
    #[serde(skip)]
    pub pos: Pos,
    /// What each content version changed (`history:`, at the end of the file).
    #[serde(skip)]
    pub history: crate::content::history::History,
}

/// What one questionnaire file holds.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct QuestionnaireFile {
    pub facts: Vec<Fact>,
    pub events: Vec<Event>,
    pub questionnaire: Option<Questionnaire>,
}

const FILE_KEYS: [&str; 11] = [
    "id",
    "title",
    "version",
    "summary",
    "applies_when",
    "precedes",
    "questions",
    "replaces",
    "facts",
    "events",
    "history",
];

pub fn decode_file(dec: &mut Decoder, root: &Node) -> QuestionnaireFile {
    let mut out = QuestionnaireFile::default();
    let Some(mut f) = dec.fields(root, "a questionnaire file") else {
        return out;
    };
    out.facts = f.items(dec, "facts", decode_fact);
    out.events = f.items(dec, "events", decode_event);
    if f.has("questions") || f.has("id") {
        let id = f.req_text(dec, "id");
        let title = f.req_text(dec, "title");
        let version = f.require(dec, "version").and_then(|n| n.scalar_text());
        let summary = f.text(dec, "summary");
        let applies_when = f
            .take("applies_when")
            .and_then(|n| condition::decode(dec, n));
        let precedes = f.items(dec, "precedes", decode_precedes);
        let questions = f
            .require(dec, "questions")
            .map(|n| dec.items(n, "`questions`", decode_question))
            .unwrap_or_default();
        let mut replaces = f
            .take("replaces")
            .map(|n| decode_replaces(dec, n))
            .unwrap_or_default();
        let history = f
            .take("history")
            .map(|n| crate::content::history::decode(dec, n))
            .unwrap_or_default();
        history.extend_replaces(&mut replaces);
        if let (Some(id), Some(title), Some(version)) = (id, title, version) {
            out.questionnaire = Some(Questionnaire {
                id,
                title,
                version,
                summary,
                applies_when,
                precedes,
                questions,
                replaces,
                file: dec.file.to_string(),
                pos: root.pos,
                history,
            });
        }
    }
    f.finish(dec, &FILE_KEYS);
    out
}

fn decode_replaces(dec: &mut Decoder, node: &Node) -> Vec<(String, String)> {
    let entries = dec.entries(node, "`replaces`");
    entries
        .iter()
        .filter_map(|(k, v)| Some((k.name.clone(), dec.text(v, "a replacement id")?)))
        .collect()
}

fn decode_fact(dec: &mut Decoder, node: &Node) -> Option<Fact> {
    let mut f = dec.fields(node, "a fact")?;
    let id = f.req_text(dec, "id");
    let kind = f
        .require(dec, "type")
        .and_then(|n| dec.word(n, "`type`", &FactType::WORDS));
    let prompt = f.req_text(dec, "prompt");
    let required = f.bool(dec, "required").unwrap_or(false);
    let reference_points = f.items(dec, "reference_points", decode_reference);
    f.finish(
        dec,
        &["id", "type", "required", "prompt", "reference_points"],
    );
    Some(Fact {
        id: id?,
        required,
        kind: kind?,
        prompt: prompt?,
        reference_points,
        file: dec.file.to_string(),
        pos: node.pos,
    })
}

fn decode_reference(dec: &mut Decoder, node: &Node) -> Option<ReferencePoint> {
    let mut f = dec.fields(node, "a reference point")?;
    let value = f
        .require(dec, "value")
        .and_then(|n| dec.number(n, "`value`"));
    let label = f.req_text(dec, "label");
    let provision = f.req_text(dec, "provision");
    f.finish(dec, &["value", "label", "provision"]);
    Some(ReferencePoint {
        value: value?,
        label: label?,
        provision: provision?,
    })
}

const QUESTION_KEYS: [&str; 15] = [
    "id",
    "text",
    "why",
    "provisions",
    "severity",
    "evidence",
    "evidence_hint",
    "evidence_held_by",
    "allow_na",
    "choices",
    "applies_when",
    "actions",
    "precedes",
    "decision",
    "lower_severity",
];

fn decode_question(dec: &mut Decoder, node: &Node) -> Option<Question> {
    let within = "a question";
    let mut f = dec.fields(node, within)?;
    let id_node = f.require(dec, "id");
    let id = id_node.and_then(|n| dec.text(n, "`id`"));
    let text = f.req_text(dec, "text");
    let why = f.req_text(dec, "why");
    let provisions = f
        .require(dec, "provisions")
        .map(|n| dec.texts(n, "`provisions`"))
        .unwrap_or_default();
    let severity = f
        .require(dec, "severity")
        .and_then(|n| dec.word(n, "`severity`", &Severity::WORDS));
    let evidence_words = [("required", true), ("optional", false)];
    let evidence_required = f
        .take("evidence")
        .and_then(|n| dec.word(n, "`evidence`", &evidence_words))
        .unwrap_or(false);
    let evidence_hint = f.text(dec, "evidence_hint");
    let evidence_held_by = f.text(dec, "evidence_held_by");
    let (allow_na, na_when) = match f.take("allow_na") {
        None => (false, None),
        Some(n) if matches!(n.value, crate::input::doc::Value::Map(_)) => {
            (true, condition::decode(dec, n))
        }
        Some(n) => (dec.bool(n, "`allow_na`").unwrap_or(false), None),
    };
    let choices = f.items(dec, "choices", decode_choice);
    let applies_when = f
        .take("applies_when")
        .and_then(|n| condition::decode(dec, n));
    let actions = f
        .require(dec, "actions")
        .map(|n| decode_actions(dec, n))
        .unwrap_or_default();
    let precedes = f.items(dec, "precedes", decode_precedes);
    let decision = f.take("decision").and_then(|n| decode_decision(dec, n));
    let lower_severity = f
        .take("lower_severity")
        .and_then(|n| decode_lower_severity(dec, n));
    f.finish(dec, &QUESTION_KEYS);
    Some(Question {
        id: id?,
        text: text?,
        why: why?,
        provisions,
        severity: severity?,
        evidence_required,
        evidence_hint,
        evidence_held_by,
        allow_na,
        na_when,
        choices,
        applies_when,
        actions,
        precedes,
        decision,
        lower_severity,
        // Problems with a question point at its id.
        pos: id_node.map_or(node.pos, |n| n.pos),
    })
}

/// `{question: ID, lead: N}`, `{event: ID, lead: N}` or `{area: ID, lead: N}`
/// (lead in days, 0 when left out).
fn decode_precedes(dec: &mut Decoder, node: &Node) -> Option<Precedes> {
    let mut f = dec.fields(node, "an entry of `precedes`")?;
    let lead = f
        .take("lead")
        .and_then(|n| dec.whole(n, "`lead`", 3650))
        .unwrap_or(0);
    let kinds = ["question", "event", "area"];
    let found: Vec<&str> = kinds.iter().copied().filter(|k| f.has(k)).collect();
    let target = match found.as_slice() {
        [kind] => {
            let id = f.take(kind).and_then(|n| dec.text(n, &format!("`{kind}`")));
            id.map(|id| match *kind {
                "question" => Target::Question(id),
                "event" => Target::Event(id),
                _ => Target::Area(id),
            })
        }
        _ => {
            dec.error_help(
                crate::input::diagnostic::Code::MissingKey,
                node.pos,
                "an entry of `precedes` names exactly one of `question`, `event` or `area`",
                "for example `{event: window-opens, lead: 30}` or `{question: tdw.ip-protection, lead: 14}`",
            );
            None
        }
    };
    f.finish(dec, &["question", "event", "area", "lead"]);
    Some(Precedes {
        target: target?,
        lead,
        pos: node.pos,
    })
}

const DECISION_KEYS: [&str; 5] = ["declines", "record", "path", "lead", "defer_at_most"];

/// Days a decision comes before what it gates, unless it says.
pub const DEFAULT_DECISION_LEAD: u32 = 7;
/// Days a decision may be put off to, unless it says.
pub const DEFAULT_DEFER_AT_MOST: u32 = 180;

fn decode_decision(dec: &mut Decoder, node: &Node) -> Option<Decision> {
    let mut f = dec.fields(node, "`decision`")?;
    let declines = f
        .require(dec, "declines")
        .map(|n| dec.texts(n, "`declines`"))
        .unwrap_or_default();
    let record = f.req_text(dec, "record");
    let path = f
        .take("path")
        .map(|n| dec.texts(n, "`path`"))
        .unwrap_or_default();
    let lead = f
        .take("lead")
        .and_then(|n| dec.whole(n, "`lead`", 3650))
        .unwrap_or(DEFAULT_DECISION_LEAD);
    let defer_at_most = f
        .take("defer_at_most")
        .and_then(|n| dec.whole(n, "`defer_at_most`", 3650))
        .unwrap_or(DEFAULT_DEFER_AT_MOST);
    f.finish(dec, &DECISION_KEYS);
    Some(Decision {
        declines,
        record: record?,
        path,
        lead,
        defer_at_most,
        pos: node.pos,
    })
}

fn decode_lower_severity(dec: &mut Decoder, node: &Node) -> Option<LowerSeverity> {
    let mut f = dec.fields(node, "`lower_severity`")?;
    let to = f
        .require(dec, "to")
        .and_then(|n| dec.word(n, "`to`", &Severity::WORDS));
    let when = f
        .require(dec, "when")
        .and_then(|n| condition::decode(dec, n));
    f.finish(dec, &["to", "when"]);
    Some(LowerSeverity {
        to: to?,
        when: when?,
        pos: node.pos,
    })
}

const EVENT_KEYS: [&str; 7] = [
    "id",
    "label",
    "fact",
    "days_before",
    "date",
    "provisions",
    "when_short",
];

/// `{id, label, fact, days_before}` or `{id, label, date}`.
fn decode_event(dec: &mut Decoder, node: &Node) -> Option<Event> {
    let mut f = dec.fields(node, "an event")?;
    let id = f.req_text(dec, "id");
    let label = f.req_text(dec, "label");
    let fact = f.text(dec, "fact");
    let days_before = f
        .take("days_before")
        .and_then(|n| dec.whole(n, "`days_before`", 3650))
        .unwrap_or(0);
    let fixed = f.date(dec, "date");
    let provisions = f
        .take("provisions")
        .map(|n| dec.texts(n, "`provisions`"))
        .unwrap_or_default();
    let when_short = f.text(dec, "when_short");
    f.finish(dec, &EVENT_KEYS);
    let date = match (fact, fixed) {
        (Some(fact), None) => EventDate::Fact { fact, days_before },
        (None, Some(d)) => EventDate::Fixed(d),
        _ => {
            dec.error_help(
                crate::input::diagnostic::Code::MissingKey,
                node.pos,
                "an event takes its date from `fact` (a date fact, with `days_before`) or `date`, not both",
                "for example `{id: release, label: the planned release, fact: planned_trusted_partner_release}`",
            );
            return None;
        }
    };
    Some(Event {
        id: id?,
        label: label?,
        date,
        provisions,
        when_short,
        file: dec.file.to_string(),
        pos: node.pos,
    })
}

fn decode_choice(dec: &mut Decoder, node: &Node) -> Option<Choice> {
    let mut f = dec.fields(node, "a choice")?;
    let id = f.req_text(dec, "id");
    let label = f.req_text(dec, "label");
    let credit_node = f.require(dec, "credit");
    let credit = credit_node.and_then(|n| dec.number(n, "`credit`"));
    if let (Some(c), Some(n)) = (credit, credit_node)
        && !(0.0..=1.0).contains(&c)
    {
        dec.error_help(
            crate::input::diagnostic::Code::InvalidValue,
            n.pos,
            "`credit` must be between 0 and 1",
            "write the share of full credit the choice earns, from 0 to 1, e.g. `credit: 0.5`",
        );
    }
    let needs_decide_by = f
        .take("decide_by")
        .and_then(|n| dec.word(n, "`decide_by`", &[("required", true)]))
        .unwrap_or(false);
    f.finish(dec, &["id", "label", "credit", "decide_by"]);
    Some(Choice {
        id: id?,
        label: label?,
        credit: credit?.clamp(0.0, 1.0),
        needs_decide_by,
    })
}

fn decode_actions(dec: &mut Decoder, node: &Node) -> Vec<(GapState, Action)> {
    let mut out = Vec::new();
    for (key, value) in dec.entries(node, "`actions`") {
        let state = GapState::ACTION_WORDS
            .iter()
            .find(|(w, _)| *w == key.name)
            .map(|(_, s)| *s);
        let Some(state) = state else {
            let words: Vec<&str> = GapState::ACTION_WORDS.iter().map(|(w, _)| *w).collect();
            dec.error_help(
                crate::input::diagnostic::Code::UnknownKey,
                key.pos,
                format!("unknown gap state `{}` in `actions`", key.name),
                crate::input::diagnostic::suggestion(&key.name, words.iter().copied())
                    .unwrap_or_else(|| format!("use {}", crate::input::diagnostic::one_of(&words))),
            );
            continue;
        };
        if let Some(action) = decode_action(dec, value) {
            out.push((state, action));
        }
    }
    out
}

fn decode_action(dec: &mut Decoder, node: &Node) -> Option<Action> {
    let mut f = dec.fields(node, "an action")?;
    let text = f.req_text(dec, "do");
    let owner = f.req_text(dec, "owner");
    let due = f.take("due").and_then(|n| decode_due(dec, n));
    f.finish(dec, &["do", "owner", "due"]);
    Some(Action {
        text: text?,
        owner: owner?,
        due,
    })
}

/// `{days: N}`, `{before: FACT, days: N}`, or
/// `{earlier_of: [{days: N}, {before: FACT, days: M}]}`.
fn decode_due(dec: &mut Decoder, node: &Node) -> Option<DueRule> {
    let mut f = dec.fields(node, "a due rule")?;
    if let Some(list) = f.take("earlier_of") {
        f.finish(dec, &["earlier_of"]);
        let rules = dec.items(list, "`earlier_of`", decode_simple_due);
        if rules.len() < 2 {
            dec.error_help(
                crate::input::diagnostic::Code::InvalidValue,
                list.pos,
                "`earlier_of` needs at least two due rules",
                "write e.g. `earlier_of: [{days: 30}, {before: planned_trusted_partner_release, days: 60}]`",
            );
            return None;
        }
        return Some(DueRule::EarlierOf(rules));
    }
    simple_due(dec, f)
}

fn decode_simple_due(dec: &mut Decoder, node: &Node) -> Option<DueRule> {
    let f = dec.fields(node, "a due rule inside `earlier_of`")?;
    simple_due(dec, f)
}

fn simple_due(dec: &mut Decoder, mut f: crate::input::doc::Fields) -> Option<DueRule> {
    let days = f
        .require(dec, "days")
        .and_then(|n| dec.whole(n, "`days`", 3650));
    let before = f.text(dec, "before");
    f.finish(dec, &["days", "before"]);
    Some(match before {
        Some(fact) => DueRule::BeforeFact { fact, days: days? },
        None => DueRule::AfterAsOf { days: days? },
    })
}
