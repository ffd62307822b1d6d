//! Applicability conditions, as data: `all`, `any`, `not`, a test of a
//! profile fact, or a test of another question's answer. No expression
//! language; validation checks every name they use.

use chrono::NaiveDate;
use serde::Serialize;

use crate::input::diagnostic::Code;
use crate::input::doc::{Decoder, Node, Value};
use crate::input::source::Pos;

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum FactValue {
    Bool(bool),
    Number(f64),
    Date(NaiveDate),
    Text(String),
}

impl std::fmt::Display for FactValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FactValue::Bool(b) => write!(f, "{b}"),
            FactValue::Number(n) => write!(f, "{n:e}"),
            FactValue::Date(d) => write!(f, "{d}"),
            FactValue::Text(t) => write!(f, "{t}"),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum FactTest {
    Is(Node),
    Present(bool),
    AtLeast(f64),
    AtMost(f64),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Condition {
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
    Fact {
        fact: String,
        test: FactTest,
        pos: Pos,
    },
    Question {
        question: String,
        one_of: Vec<String>,
        pos: Pos,
    },
    /// The decision's decline is complete and current: answered with one of
    /// its declining choices, its record and path answered `yes` with
    /// evidence, and its `decide_by` (revisit) date not yet passed.
    Declined {
        decision: String,
        pos: Pos,
    },
}

/// Three-valued truth: a test of a profile fact that is not stated is
/// `Maybe`, so that an unstated fact never switches a question off.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tri {
    Yes,
    No,
    Maybe,
}

impl Tri {
    pub fn from_bool(b: bool) -> Tri {
        if b { Tri::Yes } else { Tri::No }
    }

    pub fn negate(self) -> Tri {
        match self {
            Tri::Yes => Tri::No,
            Tri::No => Tri::Yes,
            Tri::Maybe => Tri::Maybe,
        }
    }

    /// Kleene conjunction: `No` if any part is, `Yes` if all are.
    pub fn all(parts: impl IntoIterator<Item = Tri>) -> Tri {
        let mut out = Tri::Yes;
        for t in parts {
            match t {
                Tri::No => return Tri::No,
                Tri::Maybe => out = Tri::Maybe,
                Tri::Yes => {}
            }
        }
        out
    }

    /// Kleene disjunction: `Yes` if any part is, `No` if all are.
    pub fn any(parts: impl IntoIterator<Item = Tri>) -> Tri {
        let mut out = Tri::No;
        for t in parts {
            match t {
                Tri::Yes => return Tri::Yes,
                Tri::Maybe => out = Tri::Maybe,
                Tri::No => {}
            }
        }
        out
    }

    /// Whether it may hold: `Yes` or `Maybe` (the conservative reading).
    pub fn may_hold(self) -> bool {
        self != Tri::No
    }
}

/// What a condition needs to be evaluated.
pub trait Facts {
    fn fact(&self, id: &str) -> Option<&FactValue>;
    /// The answer word given to an applicable question (`yes`, `no`, a
    /// choice id…), or `None` when it is unanswered or not applicable.
    fn answer_word(&self, question: &str) -> Option<String>;
    /// Whether `decision`'s decline is complete and current (see
    /// [`Condition::Declined`]). Without answers, nothing is declined.
    fn declined(&self, _decision: &str) -> bool {
        false
    }
}

impl Condition {
    /// The condition's truth with unstated facts as `Maybe`.
    pub fn eval3(&self, ctx: &dyn Facts) -> Tri {
        match self {
            Condition::All(cs) => Tri::all(cs.iter().map(|c| c.eval3(ctx))),
            Condition::Any(cs) => Tri::any(cs.iter().map(|c| c.eval3(ctx))),
            Condition::Not(c) => c.eval3(ctx).negate(),
            // Whether a fact is stated is always known; its value is not.
            Condition::Fact { fact, test, .. } => match (ctx.fact(fact), test) {
                (None, FactTest::Present(_)) | (Some(_), _) => {
                    Tri::from_bool(eval_fact(ctx.fact(fact), test))
                }
                (None, _) => Tri::Maybe,
            },
            Condition::Question {
                question, one_of, ..
            } => Tri::from_bool(
                ctx.answer_word(question)
                    .is_some_and(|w| one_of.contains(&w)),
            ),
            Condition::Declined { decision, .. } => Tri::from_bool(ctx.declined(decision)),
        }
    }

    /// Whether the condition may hold: true unless the stated facts and the
    /// answers rule it out. A test of an unstated fact could go either way,
    /// so it never makes the condition fail on its own.
    pub fn eval(&self, ctx: &dyn Facts) -> bool {
        self.eval3(ctx).may_hold()
    }

    /// Whether the condition mentions only profile facts.
    pub fn facts_only(&self) -> bool {
        let mut only = true;
        self.visit(&mut |leaf| {
            if !matches!(leaf, Condition::Fact { .. }) {
                only = false;
            }
        });
        only
    }

    /// Every leaf with whether it sits under an odd number of `not`s
    /// (`true`: a leaf that holding makes the whole condition fail).
    pub fn visit_polarity<'a>(&'a self, negated: bool, out: &mut dyn FnMut(&'a Condition, bool)) {
        match self {
            Condition::All(cs) | Condition::Any(cs) => {
                cs.iter().for_each(|c| c.visit_polarity(negated, out))
            }
            Condition::Not(c) => c.visit_polarity(!negated, out),
            leaf => out(leaf, negated),
        }
    }

    /// The condition in words, for templates and `mera explain`.
    pub fn describe(&self) -> String {
        let join = |cs: &[Condition], word: &str| {
            let parts: Vec<String> = cs
                .iter()
                .map(|c| match c {
                    Condition::All(_) | Condition::Any(_) => format!("({})", c.describe()),
                    _ => c.describe(),
                })
                .collect();
            parts.join(word)
        };
        match self {
            Condition::All(cs) => join(cs, " and "),
            Condition::Any(cs) => join(cs, " or "),
            Condition::Not(c) => match c.as_ref() {
                Condition::Fact {
                    fact,
                    test: FactTest::Present(want),
                    ..
                } => format!("{fact} is {}", if *want { "not set" } else { "set" }),
                Condition::Declined { decision, .. } => {
                    format!("{decision} is not declined with the decline recorded")
                }
                other => format!("not ({})", other.describe()),
            },
            Condition::Fact { fact, test, .. } => match test {
                FactTest::Is(node) => {
                    format!("{fact} is {}", node.scalar_text().unwrap_or_default())
                }
                FactTest::Present(true) => format!("{fact} is set"),
                FactTest::Present(false) => format!("{fact} is not set"),
                FactTest::AtLeast(n) => format!("{fact} ≥ {n:e}"),
                FactTest::AtMost(n) => format!("{fact} ≤ {n:e}"),
            },
            Condition::Question {
                question, one_of, ..
            } => format!("{question} is {}", one_of.join(" or ")),
            Condition::Declined { decision, .. } => {
                format!("{decision} is declined and the decline recorded")
            }
        }
    }

    /// Every (fact or question) name the condition mentions, with its place.
    pub fn visit<'a>(&'a self, out: &mut dyn FnMut(&'a Condition)) {
        match self {
            Condition::All(cs) | Condition::Any(cs) => cs.iter().for_each(|c| c.visit(out)),
            Condition::Not(c) => c.visit(out),
            leaf => out(leaf),
        }
    }
}

pub(crate) fn eval_fact(value: Option<&FactValue>, test: &FactTest) -> bool {
    match (test, value) {
        (FactTest::Present(want), v) => v.is_some() == *want,
        (FactTest::Is(node), Some(v)) => node_equals(node, v),
        (FactTest::AtLeast(n), Some(FactValue::Number(v))) => v >= n,
        (FactTest::AtMost(n), Some(FactValue::Number(v))) => v <= n,
        _ => false,
    }
}

fn node_equals(node: &Node, value: &FactValue) -> bool {
    match (&node.value, value) {
        (Value::Bool(a), FactValue::Bool(b)) => a == b,
        #[allow(clippy::cast_precision_loss, clippy::float_cmp)]
        (Value::Int(a), FactValue::Number(b)) => (*a as f64) == *b,
        #[allow(clippy::float_cmp)]
        (Value::Float(a), FactValue::Number(b)) => a == b,
        (Value::Str(a), FactValue::Text(b)) => a == b,
        (Value::Str(a), FactValue::Date(b)) => crate::input::doc::parse_date(a) == Some(*b),
        _ => false,
    }
}

const KEYS: [&str; 10] = [
    "all", "any", "not", "fact", "is", "present", "at_least", "at_most", "question", "declined",
];

pub fn decode(dec: &mut Decoder, node: &Node) -> Option<Condition> {
    let mut f = dec.fields(node, "a condition")?;
    let cond = if let Some(n) = f.take("all") {
        Condition::All(decode_list(dec, n))
    } else if let Some(n) = f.take("any") {
        Condition::Any(decode_list(dec, n))
    } else if let Some(n) = f.take("not") {
        Condition::Not(Box::new(decode(dec, n)?))
    } else if let Some(n) = f.take("fact") {
        let fact = dec.text(n, "`fact`")?;
        let test = if let Some(v) = f.take("is") {
            FactTest::Is(v.clone())
        } else if let Some(v) = f.take("present") {
            FactTest::Present(dec.bool(v, "`present`")?)
        } else if let Some(v) = f.take("at_least") {
            FactTest::AtLeast(dec.number(v, "`at_least`")?)
        } else if let Some(v) = f.take("at_most") {
            FactTest::AtMost(dec.number(v, "`at_most`")?)
        } else {
            dec.error_help(
                Code::MissingKey,
                node.pos,
                format!("the condition on fact `{fact}` has no test"),
                "add `is`, `present`, `at_least` or `at_most`",
            );
            return None;
        };
        Condition::Fact {
            fact,
            test,
            pos: n.pos,
        }
    } else if let Some(n) = f.take("question") {
        let question = dec.text(n, "`question`")?;
        let one_of = match f.take("in") {
            Some(v) => dec.texts(v, "`in`"),
            None => {
                dec.error_help(
                    Code::MissingKey,
                    node.pos,
                    format!("the condition on question `{question}` has no `in` list"),
                    "add `in: [yes, partial]` (the answers that make it apply)",
                );
                return None;
            }
        };
        Condition::Question {
            question,
            one_of,
            pos: n.pos,
        }
    } else if let Some(n) = f.take("declined") {
        Condition::Declined {
            decision: dec.text(n, "`declined`")?,
            pos: n.pos,
        }
    } else {
        dec.error_help(
            Code::MissingKey,
            node.pos,
            "a condition needs one of `all`, `any`, `not`, `fact`, `question` or `declined`",
            "for example `{fact: deploys_ai_agents, is: true}`",
        );
        return None;
    };
    let mut known: Vec<&str> = KEYS.to_vec();
    known.push("in");
    f.finish(dec, &known);
    Some(cond)
}

fn decode_list(dec: &mut Decoder, node: &Node) -> Vec<Condition> {
    dec.items(node, "a condition list", decode)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    struct Ctx(BTreeMap<String, FactValue>, BTreeMap<String, String>);
    impl Facts for Ctx {
        fn fact(&self, id: &str) -> Option<&FactValue> {
            self.0.get(id)
        }
        fn answer_word(&self, q: &str) -> Option<String> {
            self.1.get(q).cloned()
        }
    }

    fn cond(yaml: &str) -> Condition {
        let node =
            crate::input::yaml::parse(&crate::input::source::Source::new("c", yaml)).unwrap();
        let mut dec = Decoder::new("c");
        let c = decode(&mut dec, &node).unwrap();
        assert!(dec.problems.is_empty(), "{:?}", dec.problems);
        c
    }

    #[test]
    fn evaluates_facts_answers_and_combinators() {
        let mut facts = BTreeMap::new();
        facts.insert("agents".to_string(), FactValue::Bool(true));
        facts.insert("flop".to_string(), FactValue::Number(3e25));
        let mut answers = BTreeMap::new();
        answers.insert("cme.engage".to_string(), "partial".to_string());
        let ctx = Ctx(facts, answers);
        assert!(cond("{fact: agents, is: true}").eval(&ctx));
        assert!(!cond("{fact: agents, is: false}").eval(&ctx));
        assert!(cond("{fact: flop, at_least: 1e25}").eval(&ctx));
        // A test of an unstated fact may hold either way: it never fails a
        // condition on its own, but `not` of it does not hold for sure either.
        assert_eq!(cond("{fact: other, is: true}").eval3(&ctx), Tri::Maybe);
        assert!(cond("{fact: other, is: true}").eval(&ctx));
        assert!(cond("{not: {fact: other, is: true}}").eval(&ctx));
        assert_eq!(
            cond("{all: [{fact: other, is: true}, {fact: agents, is: false}]}").eval3(&ctx),
            Tri::No
        );
        assert!(!cond("{fact: flop, at_least: 1e26}").eval(&ctx));
        assert!(!cond("{fact: release, present: true}").eval(&ctx));
        assert!(cond("{question: cme.engage, in: [yes, partial]}").eval(&ctx));
        assert!(
            cond("{all: [{fact: agents, is: true}, {not: {fact: release, present: true}}]}")
                .eval(&ctx)
        );
        assert!(
            !cond("{any: [{fact: agents, is: false}, {question: cme.other, in: [yes]}]}")
                .eval(&ctx)
        );
    }

    #[test]
    fn a_condition_without_a_test_is_an_error() {
        let node =
            crate::input::yaml::parse(&crate::input::source::Source::new("c", "{fact: agents}"))
                .unwrap();
        let mut dec = Decoder::new("c");
        assert!(decode(&mut dec, &node).is_none());
        assert_eq!(dec.problems[0].code, Code::MissingKey);
    }
}
