//! What a typed line means at a prompt. Every prompt takes a word and Enter:
//! `y`/`yes`, `p`/`partial`, `n`/`no`, `u`/`unknown`, `na` (where allowed), a
//! choice by id or number; Enter keeps the default or skips an optional
//! field; `-` clears an optional field; `?` explains; `q` stops.

use chrono::NaiveDate;

use super::{Ask, Prompt, fact_words};
use crate::assessment::answers::Response;
use crate::content::catalog::Catalog;
use crate::content::questionnaire::{FactType, Question};
use crate::content::set::QuestionnaireSet;
use crate::input::diagnostic::{one_of, suggestion};
use crate::input::doc::parse_date;
use crate::workshop::yaml_text::{self, scalar};

#[derive(Clone, Debug, PartialEq)]
pub enum Reply {
    Set(Value),
    Keep,
    Say(String),
    Quit,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// A scalar already written as YAML (empty: the key with no value).
    Scalar(String),
    Response(Response),
    List(Vec<String>),
    Text(Option<String>),
    Date(Option<NaiveDate>),
}

impl Value {
    pub fn scalar(&self) -> yaml_text::Value {
        match self {
            Value::Scalar(s) => yaml_text::Value::Scalar(s.clone()),
            Value::Response(r) => yaml_text::Value::Scalar(r.word().to_string()),
            Value::Text(t) => {
                yaml_text::Value::Scalar(t.as_deref().map(scalar).unwrap_or_default())
            }
            Value::Date(d) => {
                yaml_text::Value::Scalar(d.map(|d| d.to_string()).unwrap_or_default())
            }
            Value::List(items) => yaml_text::Value::List(items.iter().map(|i| scalar(i)).collect()),
        }
    }
}

/// `Err` is a message to show before asking again.
pub fn parse(
    set: &QuestionnaireSet,
    catalog: &Catalog,
    prompt: &Prompt,
    input: &str,
) -> Result<Reply, String> {
    let text = input.trim();
    if text == "q" || text == "quit" {
        return Ok(Reply::Quit);
    }
    let keep_or = |required: &str| match &prompt.default {
        Some(_) => Ok(Reply::Keep),
        None => Err(required.to_string()),
    };
    match &prompt.ask {
        Ask::Name | Ask::AssessedBy => match text {
            "?" => Ok(Reply::Say(
                "The organization's name, and who answers for it (a role or a name); reports show both.".into(),
            )),
            "" => keep_or("this is needed: type it and press Enter"),
            t => Ok(Reply::Set(Value::Scalar(scalar(t)))),
        },
        Ask::AsOf | Ask::Reviewed(_) => date(prompt, text),
        Ask::DecideBy(_) => decide_by(prompt, text),
        Ask::Fact(id) => {
            let Some(fact) = set.fact(id) else {
                return Ok(Reply::Keep);
            };
            match text {
                "?" => Ok(Reply::Say(format!("Answer {}.", fact_words(fact.kind)))),
                "" if fact.required => keep_or(&format!("this fact is required: answer {}", fact_words(fact.kind))),
                "" if prompt.default.is_some() => Ok(Reply::Keep),
                "" | "-" => Ok(Reply::Set(Value::Scalar(String::new()))),
                t => fact_value(fact.kind, t).map(|v| Reply::Set(Value::Scalar(v))),
            }
        }
        Ask::Answer(id) => {
            let Some((area, question)) = set.question(id) else {
                return Ok(Reply::Keep);
            };
            match text {
                "?" => Ok(Reply::Say(crate::content::browse::explain(area, question, catalog, super::WIDTH))),
                "" => keep_or(&format!("type an answer: {}", answer_help(question))),
                t => response(question, t).map(|r| Reply::Set(Value::Response(r))),
            }
        }
        Ask::Evidence(_) => match text {
            "?" => Ok(Reply::Say("Files or links that back the answer, separated by commas.".into())),
            "" => Ok(Reply::Keep),
            "-" => Ok(Reply::Set(Value::List(Vec::new()))),
            t => Ok(Reply::Set(Value::List(
                t.split(',').map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect(),
            ))),
        },
        Ask::Note(_) | Ask::Owner(_) => match text {
            "?" => Ok(Reply::Say("Enter keeps what is shown (or skips); `-` clears it.".into())),
            "" => Ok(Reply::Keep),
            "-" => Ok(Reply::Set(Value::Text(None))),
            t => Ok(Reply::Set(Value::Text(Some(t.to_string())))),
        },
    }
}

/// "`2027/4/1` is not a date: did you mean 2027-04-01? …".
fn not_a_date(text: &str, then: &str) -> String {
    match crate::input::doc::guess_date(text) {
        Some(d) => format!("`{text}` is not a date: did you mean {d}? {then}"),
        None => format!("`{text}` is not a date: {then}"),
    }
}

fn date(prompt: &Prompt, text: &str) -> Result<Reply, String> {
    let help = "type a date as YYYY-MM-DD, e.g. 2026-11-20";
    let value = match text {
        "?" => return Ok(Reply::Say(format!("{help}; Enter takes the date shown."))),
        "" => prompt.default.as_deref().and_then(parse_date),
        "-" if matches!(prompt.ask, Ask::Reviewed(_)) => None,
        t => Some(parse_date(t).ok_or_else(|| not_a_date(t, help))?),
    };
    match (&prompt.ask, value) {
        (Ask::AsOf, None) => Err(help.to_string()),
        (Ask::AsOf, Some(d)) => Ok(Reply::Set(Value::Scalar(d.to_string()))),
        (_, d) => Ok(Reply::Set(Value::Date(d))),
    }
}

/// What the date prompt says when no date is given.
pub const DECIDE_BY_NEEDED: &str = "this answer puts the decision off, so it needs the date to decide or revisit by: type YYYY-MM-DD, e.g. 2026-12-11";

/// The date a choice that puts the decision off is due: required, never
/// skipped; Enter keeps the date the file has.
fn decide_by(prompt: &Prompt, text: &str) -> Result<Reply, String> {
    match text {
        "?" => Ok(Reply::Say(
            "The date by which the decision is to be taken or revisited. The answer earns full credit through that date and half from the day after; the answer and its date are saved together.".into(),
        )),
        "" if prompt.default.is_some() => Ok(Reply::Keep),
        "" | "-" => Err(DECIDE_BY_NEEDED.into()),
        t => parse_date(t)
            .map(|d| Reply::Set(Value::Date(Some(d))))
            .ok_or_else(|| not_a_date(t, DECIDE_BY_NEEDED)),
    }
}

fn fact_value(kind: FactType, text: &str) -> Result<String, String> {
    let lower = text.to_lowercase();
    match kind {
        FactType::Bool => match lower.as_str() {
            "y" | "yes" | "true" => Ok("true".into()),
            "n" | "no" | "false" => Ok("false".into()),
            _ => Err(format!("`{text}` is not y or n")),
        },
        FactType::Date => parse_date(text)
            .map(|d| d.to_string())
            .ok_or_else(|| not_a_date(text, "type YYYY-MM-DD")),
        FactType::Number => match lower.replace('_', "").parse::<f64>() {
            Ok(v) if v.is_finite() => Ok(yaml_text::number(v)),
            _ => Err(format!(
                "`{text}` is not a number: type e.g. 3.0e25 or 120000"
            )),
        },
        FactType::Text => Ok(scalar(text)),
    }
}

/// The words a question takes, for prompts and messages.
pub fn answer_help(q: &Question) -> String {
    let mut words: Vec<String> = if q.is_choice() {
        q.choices
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{} {}", i + 1, c.id))
            .chain(["u unknown".to_string()])
            .collect()
    } else {
        ["y yes", "p partial", "n no", "u unknown"]
            .map(String::from)
            .to_vec()
    };
    if q.allow_na {
        words.push("na n/a".into());
    }
    words.join(" · ")
}

fn response(q: &Question, text: &str) -> Result<Response, String> {
    let w = text.to_lowercase();
    if let Some(c) = q.choices.iter().find(|c| c.id.eq_ignore_ascii_case(&w)) {
        return Ok(Response::Choice(c.id.clone()));
    }
    if let Ok(n) = w.parse::<usize>()
        && q.is_choice()
    {
        return q
            .choices
            .get(n.wrapping_sub(1))
            .map(|c| Response::Choice(c.id.clone()))
            .ok_or_else(|| format!("there is no choice {n}: pick 1 to {}", q.choices.len()));
    }
    let r = match w.as_str() {
        "u" | "unknown" => Some(Response::Unknown),
        "na" | "n/a" if q.allow_na => Some(Response::NotApplicable),
        "na" | "n/a" => {
            return Err(
                "this question does not take n/a: answer no or unknown if it does not hold for you"
                    .into(),
            );
        }
        "y" | "yes" if !q.is_choice() => Some(Response::Yes),
        "p" | "partial" if !q.is_choice() => Some(Response::Partial),
        "n" | "no" if !q.is_choice() => Some(Response::No),
        _ => None,
    };
    r.ok_or_else(|| {
        let words = q.answer_words();
        let hint = suggestion(&w, words.iter().copied())
            .unwrap_or_else(|| format!("answer {}", one_of(&words)));
        format!(
            "`{text}` is not an answer here ({hint}); type {}",
            answer_help(q)
        )
    })
}
