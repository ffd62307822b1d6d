//! An answers file as plain data, drawn from a stream of choices and
//! written out as YAML or TOML text.
//!
//! The property tests (`tests/properties.rs`), the scoring fuzz target
//! (`fuzz/fuzz_targets/scoring.rs`) and the portfolio generator
//! (`benches/gen_portfolio.rs`) all build their inputs here, so each of them
//! goes through the real loader. Everything drawn is valid by construction
//! against the set it was drawn from: the loader must accept it.
//!
//! Included by path (`#[path = ...] mod draft;`), not a crate: it needs only
//! `mera` and `chrono`.

#![allow(dead_code)]

use std::fmt::Write as _;

use chrono::{Days, NaiveDate};
use mera::assessment::answers::{Answers, Response};
use mera::content::condition::FactValue;
use mera::content::questionnaire::FactType;
use mera::content::set::QuestionnaireSet;

/// A source of choices: `pick(n)` returns a number in `0..n` (`n >= 1`).
/// Returning 0 always gives the plainest file, so shrinkers that drive the
/// numbers toward 0 drive the file toward the simplest one that fails.
pub trait Pick {
    fn pick(&mut self, n: u32) -> u32;

    fn chance(&mut self, in_hundred: u32) -> bool {
        self.pick(100) < in_hundred
    }
}

/// One of `items` (not empty).
pub fn one_of<'a, T>(p: &mut dyn Pick, items: &'a [T]) -> &'a T {
    let n = u32::try_from(items.len()).unwrap_or(u32::MAX);
    &items[p.pick(n.max(1)) as usize]
}

/// Choices from a fixed list of numbers, repeated as needed (proptest).
pub struct Numbers<'a> {
    pub numbers: &'a [u32],
    pub next: usize,
}

impl Pick for Numbers<'_> {
    fn pick(&mut self, n: u32) -> u32 {
        if self.numbers.is_empty() {
            return 0;
        }
        let x = self.numbers[self.next % self.numbers.len()];
        self.next += 1;
        x % n.max(1)
    }
}

/// Choices from a seeded SplitMix64 stream (the portfolio generator).
pub struct Seeded(pub u64);

impl Pick for Seeded {
    fn pick(&mut self, n: u32) -> u32 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        u32::try_from(z % u64::from(n.max(1))).unwrap_or(0)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    /// The content stamp, as `mera init` writes it (current for a drawn file).
    pub content: Option<mera::assessment::stamp::Stamp>,
    pub name: String,
    pub assessed_by: Option<String>,
    pub as_of: Option<NaiveDate>,
    pub privileged: bool,
    pub profile: Vec<(String, FactValue)>,
    pub answers: Vec<DraftAnswer>,
    pub waivers: Vec<DraftWaiver>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DraftAnswer {
    pub question: String,
    /// As written: case and the `true`/`false` spellings vary.
    pub word: String,
    pub evidence: Vec<String>,
    pub note: Option<String>,
    pub owner: Option<String>,
    pub reviewed: Option<NaiveDate>,
    pub confidential: bool,
    /// The date a deferring choice (`wait`, `monitor`, ...) is decided by.
    pub decide_by: Option<NaiveDate>,
    /// Written `id: {answer: ...}` even with nothing else to say.
    pub long: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DraftWaiver {
    pub question: String,
    pub reason: String,
    pub approved_by: String,
    pub expires: NaiveDate,
}

pub const NAMES: [&str; 8] = [
    "Example Labs, Inc.",
    "Halcyon Frontier Labs",
    "First Prairie \"Community\" Bank",
    "Nordlys AI AS",
    "Acme: agents & more",
    "Société Générale d'IA",
    "#1 Robotics",
    "yes",
];
pub const PEOPLE: [&str; 5] = [
    "General Counsel",
    "Deputy General Counsel",
    "CISO",
    "Head of Product",
    "Board Risk Committee",
];
pub const EVIDENCE: [&str; 5] = [
    "evals/cyber-2026-10.pdf",
    "legal/memo.docx",
    "board/minutes-2026-09.pdf",
    "security/agent-register.xlsx",
    "policies/ai-security-policy-v3.pdf",
];
pub const NOTES: [&str; 6] = [
    "Draft memo only; the next model has no analysis yet.",
    "Covers exploitation: not vulnerability discovery.",
    "Board asked for a decision once the terms are public.",
    "Owner left in October # reassigning",
    "  leading and trailing spaces  ",
    "Línea con acentos — y guiones",
];

/// The best answer a question takes: `yes`, or the first choice with the
/// most credit that decides (not one that puts the decision off to a date).
pub fn best_word(q: &mera::content::questionnaire::Question) -> &str {
    q.choices
        .iter()
        .filter(|c| !c.needs_decide_by)
        .fold(
            None::<&mera::content::questionnaire::Choice>,
            |best, c| match best {
                Some(b) if b.credit >= c.credit => Some(b),
                _ => Some(c),
            },
        )
        .map_or("yes", |c| c.id.as_str())
}

pub fn day(s: &str) -> NaiveDate {
    mera::input::doc::parse_date(s).expect("a valid date")
}

fn shift(base: NaiveDate, days: i64) -> NaiveDate {
    if days >= 0 {
        base.checked_add_days(Days::new(days.unsigned_abs()))
    } else {
        base.checked_sub_days(Days::new(days.unsigned_abs()))
    }
    .unwrap_or(base)
}

/// A day within `span` days either side of `base`.
fn near(p: &mut dyn Pick, base: NaiveDate, span: u32) -> NaiveDate {
    shift(base, i64::from(p.pick(2 * span + 1)) - i64::from(span))
}

impl Draft {
    /// Draw a whole answers file over `set`: every fact and question, each
    /// present or not, answered with any word it allows, in any spelling.
    pub fn draw(set: &QuestionnaireSet, p: &mut dyn Pick) -> Draft {
        let as_of = near(p, day("2026-11-20"), 400);
        let mut draft = Draft {
            content: Some(mera::assessment::stamp::Stamp::current(set)),
            name: one_of(p, &NAMES).to_string(),
            assessed_by: p.chance(50).then(|| one_of(p, &PEOPLE).to_string()),
            as_of: Some(as_of),
            privileged: p.chance(30),
            profile: Vec::new(),
            answers: Vec::new(),
            waivers: Vec::new(),
        };
        for fact in &set.facts {
            if !fact.required && p.chance(40) {
                continue;
            }
            let value = match fact.kind {
                FactType::Bool => FactValue::Bool(p.pick(2) == 1),
                FactType::Date => FactValue::Date(near(p, as_of, 300)),
                FactType::Number => {
                    FactValue::Number(*one_of(p, &[0.0, 1e23, 1e25, 3.0e25, 1e26, 5.5e26]))
                }
                FactType::Text => FactValue::Text(one_of(p, &NOTES).to_string()),
            };
            draft.profile.push((fact.id.clone(), value));
        }
        // How often the organization gives its best answer, with evidence:
        // uniform answers alone would almost never score near `ready`.
        let diligence = 30 * p.pick(4);
        for question in set.questionnaires.iter().flat_map(|q| &q.questions) {
            if p.chance(diligence) {
                let best = best_word(question);
                let mut a = DraftAnswer::plain(&question.id, best);
                a.evidence.push(one_of(p, &EVIDENCE).to_string());
                draft.answers.push(a);
                continue;
            }
            let profile: std::collections::BTreeMap<String, FactValue> =
                draft.profile.iter().cloned().collect();
            let mut words = question.answer_words();
            if !mera::assessment::answers::na_allowed(question, &profile) {
                words.retain(|w| *w != "n/a");
            }
            // One more than the words: leave it unanswered.
            let n = u32::try_from(words.len()).unwrap_or(0) + 1;
            let i = p.pick(n) as usize;
            if i == words.len() {
                continue;
            }
            let word = spell(p, words[i]);
            let mut a = DraftAnswer::draw(p, &question.id, word, as_of);
            if question
                .choice(&a.word.to_lowercase())
                .is_some_and(|c| c.needs_decide_by)
            {
                a.decide_by = Some(near(p, as_of, 120));
            }
            draft.answers.push(a);
        }
        let ids: Vec<&str> = set.question_ids().collect();
        for _ in 0..p.pick(4) {
            let question = one_of(p, &ids).to_string();
            if draft.waivers.iter().any(|w| w.question == question) {
                continue;
            }
            draft.waivers.push(DraftWaiver {
                question,
                reason: one_of(p, &NOTES).to_string(),
                approved_by: one_of(p, &PEOPLE).to_string(),
                expires: near(p, as_of, 120),
            });
        }
        draft.date_decisions(set);
        draft
    }

    /// The draft of a loaded answers file (to vary a shipped example).
    pub fn of(answers: &Answers) -> Draft {
        Draft {
            content: answers
                .content
                .is_written()
                .then(|| answers.content.clone()),
            name: answers.organization.name.clone(),
            assessed_by: answers.organization.assessed_by.clone(),
            as_of: answers.organization.as_of,
            privileged: answers.organization.privileged,
            profile: answers
                .profile
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            answers: answers
                .answers
                .iter()
                .map(|(id, a)| DraftAnswer {
                    question: id.clone(),
                    word: a.response.word().to_string(),
                    evidence: a.evidence.clone(),
                    note: a.note.clone(),
                    owner: a.owner.clone(),
                    reviewed: a.reviewed,
                    confidential: a.confidential,
                    decide_by: a.decide_by,
                    long: false,
                })
                .collect(),
            waivers: answers
                .waivers
                .iter()
                .map(|w| DraftWaiver {
                    question: w.question.clone(),
                    reason: w.reason.clone(),
                    approved_by: w.approved_by.clone(),
                    expires: w.expires,
                })
                .collect(),
        }
    }

    /// Give every choice that puts a decision off (`decide_by: required`) a
    /// decision date 60 days after `as_of` where it has none.
    pub fn date_decisions(&mut self, set: &QuestionnaireSet) {
        let Some(as_of) = self.as_of else {
            return;
        };
        for a in &mut self.answers {
            let deferring = set
                .question(&a.question)
                .and_then(|(_, q)| q.choice(&a.word.to_lowercase()))
                .is_some_and(|c| c.needs_decide_by);
            if deferring && a.decide_by.is_none() {
                a.decide_by = Some(shift(as_of, 60));
            }
        }
    }

    pub fn answer_mut(&mut self, question: &str) -> Option<&mut DraftAnswer> {
        self.answers.iter_mut().find(|a| a.question == question)
    }

    /// Set the answer to `question` (adding it when absent).
    pub fn set_answer(&mut self, question: &str, word: &str, evidence: &[&str]) {
        let answer = match self.answers.iter().position(|a| a.question == question) {
            Some(i) => &mut self.answers[i],
            None => {
                self.answers.push(DraftAnswer::plain(question, word));
                self.answers.last_mut().expect("just pushed")
            }
        };
        answer.word = word.to_string();
        answer.evidence = evidence.iter().map(|e| e.to_string()).collect();
        answer.decide_by = None;
    }

    pub fn yaml(&self) -> String {
        let mut out = String::from("mera: 1\n");
        if let Some(stamp) = &self.content {
            let _ = writeln!(
                out,
                "content: {}",
                stamp.value_text(mera::input::source::Syntax::Yaml)
            );
        }
        out.push_str("organization:\n");
        let _ = writeln!(out, "  name: {}", yaml_text(&self.name));
        if let Some(by) = &self.assessed_by {
            let _ = writeln!(out, "  assessed_by: {}", yaml_text(by));
        }
        if let Some(d) = self.as_of {
            let _ = writeln!(out, "  as_of: {d}");
        }
        if self.privileged {
            out.push_str("  privileged: true\n");
        }
        out.push_str("profile:\n");
        for (fact, value) in &self.profile {
            let _ = writeln!(out, "  {fact}: {}", fact_text(value, yaml_text));
        }
        if self.answers.is_empty() {
            out.push_str("answers: {}\n");
        } else {
            out.push_str("answers:\n");
        }
        for a in &self.answers {
            if !a.has_details() {
                let _ = writeln!(out, "  {}: {}", a.question, yaml_word(&a.word));
                continue;
            }
            let _ = writeln!(out, "  {}:\n    answer: {}", a.question, yaml_word(&a.word));
            if !a.evidence.is_empty() {
                let items: Vec<String> = a.evidence.iter().map(|e| yaml_flow_text(e)).collect();
                let _ = writeln!(out, "    evidence: [{}]", items.join(", "));
            }
            if let Some(note) = &a.note {
                let _ = writeln!(out, "    note: {}", yaml_text(note));
            }
            if let Some(owner) = &a.owner {
                let _ = writeln!(out, "    owner: {}", yaml_text(owner));
            }
            if let Some(d) = a.reviewed {
                let _ = writeln!(out, "    reviewed: {d}");
            }
            if a.confidential {
                out.push_str("    confidential: true\n");
            }
            if let Some(d) = a.decide_by {
                let _ = writeln!(out, "    decide_by: {d}");
            }
        }
        if !self.waivers.is_empty() {
            out.push_str("waivers:\n");
        }
        for w in &self.waivers {
            let _ = writeln!(
                out,
                "  - question: {}\n    reason: {}\n    approved_by: {}\n    expires: {}",
                w.question,
                yaml_text(&w.reason),
                yaml_text(&w.approved_by),
                w.expires
            );
        }
        out
    }

    pub fn toml(&self) -> String {
        let mut out = String::from("mera = 1\n");
        if let Some(stamp) = &self.content {
            let _ = writeln!(
                out,
                "content = {}",
                stamp.value_text(mera::input::source::Syntax::Toml)
            );
        }
        out.push_str("\n[organization]\n");
        let _ = writeln!(out, "name = {}", quoted(&self.name));
        if let Some(by) = &self.assessed_by {
            let _ = writeln!(out, "assessed_by = {}", quoted(by));
        }
        if let Some(d) = self.as_of {
            let _ = writeln!(out, "as_of = {d}");
        }
        if self.privileged {
            out.push_str("privileged = true\n");
        }
        out.push_str("\n[profile]\n");
        for (fact, value) in &self.profile {
            let _ = writeln!(out, "{fact} = {}", fact_text(value, quoted));
        }
        out.push_str("\n[answers]\n");
        for a in &self.answers {
            let word = toml_word(&a.word);
            if !a.has_details() {
                let _ = writeln!(out, "{} = {word}", quoted(&a.question));
                continue;
            }
            let mut fields = vec![format!("answer = {word}")];
            if !a.evidence.is_empty() {
                let items: Vec<String> = a.evidence.iter().map(|e| quoted(e)).collect();
                fields.push(format!("evidence = [{}]", items.join(", ")));
            }
            if let Some(note) = &a.note {
                fields.push(format!("note = {}", quoted(note)));
            }
            if let Some(owner) = &a.owner {
                fields.push(format!("owner = {}", quoted(owner)));
            }
            if let Some(d) = a.reviewed {
                fields.push(format!("reviewed = {d}"));
            }
            if a.confidential {
                fields.push("confidential = true".to_string());
            }
            if let Some(d) = a.decide_by {
                fields.push(format!("decide_by = {d}"));
            }
            let _ = writeln!(out, "{} = {{ {} }}", quoted(&a.question), fields.join(", "));
        }
        for w in &self.waivers {
            let _ = writeln!(
                out,
                "\n[[waivers]]\nquestion = {}\nreason = {}\napproved_by = {}\nexpires = {}",
                quoted(&w.question),
                quoted(&w.reason),
                quoted(&w.approved_by),
                w.expires
            );
        }
        out
    }
}

impl DraftAnswer {
    pub fn plain(question: &str, word: &str) -> DraftAnswer {
        DraftAnswer {
            question: question.to_string(),
            word: word.to_string(),
            evidence: Vec::new(),
            note: None,
            owner: None,
            reviewed: None,
            confidential: false,
            decide_by: None,
            long: false,
        }
    }

    fn draw(p: &mut dyn Pick, question: &str, word: String, as_of: NaiveDate) -> DraftAnswer {
        let mut a = DraftAnswer::plain(question, &word);
        if p.chance(60) {
            return a;
        }
        a.long = true;
        for _ in 0..p.pick(3) {
            a.evidence.push(one_of(p, &EVIDENCE).to_string());
        }
        a.note = p.chance(50).then(|| one_of(p, &NOTES).to_string());
        a.owner = p.chance(30).then(|| one_of(p, &PEOPLE).to_string());
        a.reviewed = p.chance(50).then(|| near(p, as_of, 500));
        a.confidential = p.chance(20);
        a
    }

    fn has_details(&self) -> bool {
        self.long
            || self.decide_by.is_some()
            || !self.evidence.is_empty()
            || self.note.is_some()
            || self.owner.is_some()
            || self.reviewed.is_some()
            || self.confidential
    }

    /// The response the loader should read from this word.
    pub fn response(&self) -> Response {
        match self.word.to_lowercase().as_str() {
            "yes" | "true" => Response::Yes,
            "no" | "false" => Response::No,
            "partial" => Response::Partial,
            "unknown" => Response::Unknown,
            "n/a" => Response::NotApplicable,
            other => Response::Choice(other.to_string()),
        }
    }
}

/// Answer words are case-insensitive, and `true`/`false` read as yes/no.
fn spell(p: &mut dyn Pick, word: &str) -> String {
    match (word, p.pick(6)) {
        ("yes", 4) => "true".to_string(),
        ("no", 4) => "false".to_string(),
        (_, 3) => word.to_uppercase(),
        (_, 5) => {
            let mut chars = word.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        }
        _ => word.to_string(),
    }
}

fn fact_text(value: &FactValue, text: fn(&str) -> String) -> String {
    match value {
        FactValue::Bool(b) => b.to_string(),
        FactValue::Number(n) => format!("{n:e}"),
        FactValue::Date(d) => d.to_string(),
        FactValue::Text(t) => text(t),
    }
}

/// A double-quoted string, valid in YAML and TOML alike (the drawn texts are
/// printable, so JSON's escapes are the only ones needed).
fn quoted(s: &str) -> String {
    serde_json::to_string(s).expect("a string serializes")
}

/// Plain when YAML would read it back as the same text, quoted otherwise.
fn yaml_text(s: &str) -> String {
    let plain = s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || " ,.'/()-_".contains(c))
        && !s.ends_with(' ')
        && !matches!(
            s.to_lowercase().as_str(),
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n"
        );
    if plain { s.to_string() } else { quoted(s) }
}

/// Like [`yaml_text`], inside a flow list (where a comma ends the item).
fn yaml_flow_text(s: &str) -> String {
    if s.contains(',') {
        quoted(s)
    } else {
        yaml_text(s)
    }
}

/// Answer words plain, as people write them; `true`/`false` as booleans.
fn yaml_word(word: &str) -> String {
    if matches!(word, "true" | "false")
        || word
            .chars()
            .all(|c| c.is_ascii_alphabetic() || c == '-' || c == '/')
    {
        word.to_string()
    } else {
        quoted(word)
    }
}

fn toml_word(word: &str) -> String {
    if matches!(word, "true" | "false") {
        word.to_string()
    } else {
        quoted(word)
    }
}
