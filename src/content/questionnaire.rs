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

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Question {
    pub id: String,
    pub text: String,
    pub why: String,
    pub provisions: Vec<String>,
    pub severity: Severity,
    pub evidence_required: bool,
    pub evidence_hint: Option<String>,
    pub allow_na: bool,
    /// Empty for a yes/no question.
    pub choices: Vec<Choice>,
    #[serde(skip)]
    pub applies_when: Option<Condition>,
    pub actions: Vec<(GapState, Action)>,
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

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Questionnaire {
    pub id: String,
    pub title: String,
    pub version: String,
    pub summary: Option<String>,
    #[serde(skip)]
    pub applies_when: Option<Condition>,
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
    pub questionnaire: Option<Questionnaire>,
}

const FILE_KEYS: [&str; 9] = [
    "id",
    "title",
    "version",
    "summary",
    "applies_when",
    "questions",
    "replaces",
    "facts",
    "history",
];

pub fn decode_file(dec: &mut Decoder, root: &Node) -> QuestionnaireFile {
    let mut out = QuestionnaireFile::default();
    let Some(mut f) = dec.fields(root, "a questionnaire file") else {
        return out;
    };
    out.facts = f.items(dec, "facts", decode_fact);
    if f.has("questions") || f.has("id") {
        let id = f.req_text(dec, "id");
        let title = f.req_text(dec, "title");
        let version = f.require(dec, "version").and_then(|n| n.scalar_text());
        let summary = f.text(dec, "summary");
        let applies_when = f
            .take("applies_when")
            .and_then(|n| condition::decode(dec, n));
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

const QUESTION_KEYS: [&str; 11] = [
    "id",
    "text",
    "why",
    "provisions",
    "severity",
    "evidence",
    "evidence_hint",
    "allow_na",
    "choices",
    "applies_when",
    "actions",
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
    let allow_na = f.bool(dec, "allow_na").unwrap_or(false);
    let choices = f.items(dec, "choices", decode_choice);
    let applies_when = f
        .take("applies_when")
        .and_then(|n| condition::decode(dec, n));
    let actions = f
        .require(dec, "actions")
        .map(|n| decode_actions(dec, n))
        .unwrap_or_default();
    f.finish(dec, &QUESTION_KEYS);
    Some(Question {
        id: id?,
        text: text?,
        why: why?,
        provisions,
        severity: severity?,
        evidence_required,
        evidence_hint,
        allow_na,
        choices,
        applies_when,
        actions,
        // Problems with a question point at its id.
        pos: id_node.map_or(node.pos, |n| n.pos),
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
