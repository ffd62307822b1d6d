//! The interview as a pure state machine. [`Session::next`] picks the next
//! prompt from the set and the file's text; [`Session::reply`] turns what was
//! typed into the file's new text (or a message, or the end). The CLI only
//! reads lines, writes the text it is given, and shows the prompts.
//!
//! Order: the organization (name, assessed by, as-of date) and the profile
//! facts that are missing, then every applicable open question (unanswered,
//! or with a conflict `mera merge` left) in questionnaire order. After an answer typed in this session come its
//! evidence (for an answer that earns credit, or one that has some), note,
//! owner and, when it has evidence, the date the evidence was reviewed
//! (`reviewed` dates the evidence, and goes stale with it: an answer with
//! none gets no date), each offering what the answer has as its default. Settling a conflict `mera merge` left draws the respondents'
//! details into the answer first (see `settle`), so they are offered too.
//!
//! A choice that puts the decision off (`wait`, a `decline` to revisit,
//! `monitor`) is not valid without its `decide_by` date, so it is held in
//! the session until the next prompt gives the date, and the answer and its
//! date are written in one edit: the file on disk always loads.

mod progress;
mod reply;
mod screen;
mod settle;

use std::collections::BTreeSet;

use chrono::NaiveDate;

use crate::assessment::answers::{Answer, Response};
use crate::assessment::scoring;
use crate::content::catalog::Catalog;
use crate::content::questionnaire::{FactType, Question};
use crate::content::set::QuestionnaireSet;
use crate::input::diagnostic::{Code, Diagnostic};
use crate::input::doc::parse_date;
use crate::input::source::{Pos, Source};
use crate::workshop::edit::{self, Target};
use crate::workshop::yaml_text;

pub use progress::Progress;
pub use reply::Reply;
pub use screen::{WIDTH, fit};

/// What one prompt asks for.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Ask {
    Name,
    AssessedBy,
    AsOf,
    Fact(String),
    Answer(String),
    /// The date to decide by, for a choice that puts the decision off.
    DecideBy(String),
    Evidence(String),
    Note(String),
    Owner(String),
    Reviewed(String),
}

/// Where a question stands: "area 2 of 6, question 4 of 10".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    pub area: usize,
    pub areas: usize,
    pub question: usize,
    pub questions: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Prompt {
    pub ask: Ask,
    /// What Enter keeps (the current value, or the default date).
    pub default: Option<String>,
    pub position: Option<Position>,
    /// "profile fact 2 of 12" for facts.
    pub fact_position: Option<(usize, usize)>,
    /// The answer the file has now, for questions.
    pub current: Option<Answer>,
}

/// Which questions a session walks.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scope {
    /// Walk answered questions too, the current answer as the default.
    pub revisit: bool,
    /// Only this questionnaire's questions.
    pub area: Option<String>,
}

/// What a reply does.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// Write this text to the file; the prompt is done.
    Save(String),
    /// Nothing to write: the prompt is done, or (for a choice that needs a
    /// date) its answer waits for the next prompt's date.
    Keep,
    /// Show this and ask the same prompt again.
    Say(String),
    /// Stop: everything confirmed is already saved.
    Quit,
}

pub struct Session<'a> {
    set: &'a QuestionnaireSet,
    catalog: &'a Catalog,
    scope: Scope,
    today: NaiveDate,
    /// Prompts done in this session.
    done: BTreeSet<Ask>,
    /// Questions whose answer was typed in this session (their details follow).
    typed: BTreeSet<String>,
    /// A choice that needs its `decide_by` date, not written until it has one.
    held: Option<Held>,
    /// `--revisit changed`: also ask the answers to review (given before
    /// their question's last revision).
    changed: bool,
}

/// A dated choice waiting for its date.
#[derive(Clone, Debug, PartialEq)]
struct Held {
    question: String,
    response: Response,
    /// Typed now (its details follow), rather than kept with Enter.
    typed: bool,
}

impl<'a> Session<'a> {
    /// `today` is the default as-of date for a new file.
    pub fn new(
        set: &'a QuestionnaireSet,
        catalog: &'a Catalog,
        scope: Scope,
        today: NaiveDate,
    ) -> Result<Session<'a>, String> {
        if let Some(area) = &scope.area
            && set.questionnaire(area).is_none()
        {
            let ids = set.questionnaires.iter().map(|q| q.id.as_str());
            let hint = crate::input::diagnostic::suggestion(area, ids)
                .or_else(|| area_by_word(set, area))
                .unwrap_or_else(|| "run `mera questionnaires` to list them".into());
            return Err(format!("unknown area `{area}`: {hint}"));
        }
        Ok(Session {
            set,
            catalog,
            scope,
            today,
            done: BTreeSet::new(),
            typed: BTreeSet::new(),
            held: None,
            changed: false,
        })
    }

    /// `--revisit changed`: the open questions (after `mera upgrade`, the
    /// new ones among them) and the answers to review, given before their
    /// question's last substantive revision. Answering one, or keeping it
    /// with Enter, re-confirms it (its `answered_in` goes).
    #[must_use]
    pub fn revisit_changed(mut self) -> Self {
        self.changed = true;
        self
    }

    /// The next prompt for the file's current text; `None` when done.
    pub fn next(&self, source: &Source) -> Result<Option<Prompt>, Vec<Diagnostic>> {
        let progress = Progress::read(source, self.set)?;
        if let Some(p) = self.next_setup(&progress) {
            return Ok(Some(p));
        }
        let Some(answers) = &progress.answers else {
            return Err(progress.pending);
        };
        Ok(self.next_question(answers))
    }

    fn revisit_setup(&self) -> bool {
        self.scope.revisit && self.scope.area.is_none()
    }

    fn prompt(&self, ask: Ask, default: Option<String>) -> Prompt {
        Prompt {
            ask,
            default,
            position: None,
            fact_position: None,
            current: None,
        }
    }

    fn next_setup(&self, p: &Progress) -> Option<Prompt> {
        let again = |ask: &Ask| self.revisit_setup() && !self.done.contains(ask);
        if p.name.is_none() || again(&Ask::Name) {
            return Some(self.prompt(Ask::Name, p.name.clone()));
        }
        if p.assessed_by.is_none() || again(&Ask::AssessedBy) {
            return Some(self.prompt(Ask::AssessedBy, p.assessed_by.clone()));
        }
        let fresh = self.done.contains(&Ask::Name) && !self.done.contains(&Ask::AsOf);
        if p.as_of.is_none() || fresh || again(&Ask::AsOf) {
            let default = p.as_of.unwrap_or(self.today).to_string();
            return Some(self.prompt(Ask::AsOf, Some(default)));
        }
        let total = self.set.facts.len();
        for (i, fact) in self.set.facts.iter().enumerate() {
            let ask = Ask::Fact(fact.id.clone());
            let missing = match p.facts.get(&fact.id) {
                None => true,
                Some(None) => fact.required,
                Some(Some(_)) => false,
            };
            if (missing && !self.done.contains(&ask)) || again(&ask) {
                let default = p
                    .facts
                    .get(&fact.id)
                    .cloned()
                    .flatten()
                    .map(|v| v.to_string());
                let mut prompt = self.prompt(ask, default);
                prompt.fact_position = Some((i + 1, total));
                return Some(prompt);
            }
        }
        None
    }

    fn next_question(&self, answers: &crate::assessment::answers::Answers) -> Option<Prompt> {
        // As `assess` judges it: on the date the answers speak for.
        let as_of = answers.organization.as_of.unwrap_or(self.today);
        let applicable =
            scoring::applicable_questions(self.set, answers, crate::assessment::Dates::on(as_of));
        let areas: Vec<_> = self
            .set
            .questionnaires
            .iter()
            .filter(|q| self.scope.area.as_ref().is_none_or(|a| *a == q.id))
            .map(|q| {
                let qs: Vec<&Question> = q
                    .questions
                    .iter()
                    .filter(|x| applicable.contains(&x.id))
                    .collect();
                qs
            })
            .filter(|qs| !qs.is_empty())
            .collect();
        for (ai, questions) in areas.iter().enumerate() {
            for (qi, question) in questions.iter().enumerate() {
                let current = answers.answers.get(&question.id);
                let Some(ask) = self.next_for(question, current, answers) else {
                    continue;
                };
                let default = match &ask {
                    Ask::Answer(_) => current.map(|a| a.response.word().to_string()),
                    Ask::DecideBy(_) => current
                        .and_then(|a| a.decide_by)
                        .or_else(|| {
                            // Settling a conflict: a respondent's date.
                            let held = self.held.as_ref()?;
                            settle::decide_by(&current?.conflict, &held.response)
                        })
                        .map(|d| d.to_string()),
                    Ask::Evidence(_) => current
                        .filter(|a| !a.evidence.is_empty())
                        .map(|a| a.evidence.join(", ")),
                    Ask::Note(_) => current.and_then(|a| a.note.clone()),
                    Ask::Owner(_) => current.and_then(|a| a.owner.clone()),
                    Ask::Reviewed(_) => Some(
                        current
                            .and_then(|a| a.reviewed)
                            .or(answers.organization.as_of)
                            .unwrap_or(self.today)
                            .to_string(),
                    ),
                    _ => None,
                };
                return Some(Prompt {
                    ask,
                    default,
                    position: Some(Position {
                        area: ai + 1,
                        areas: areas.len(),
                        question: qi + 1,
                        questions: questions.len(),
                    }),
                    fact_position: None,
                    current: current.cloned(),
                });
            }
        }
        None
    }

    /// The prompt still due for one question, if any.
    fn next_for(
        &self,
        question: &Question,
        current: Option<&Answer>,
        answers: &crate::assessment::answers::Answers,
    ) -> Option<Ask> {
        let id = question.id.clone();
        if self.held.as_ref().is_some_and(|h| h.question == id) {
            return Some(Ask::DecideBy(id));
        }
        let answer = Ask::Answer(id.clone());
        if !self.done.contains(&answer) {
            // A conflict `mera merge` left is open, like a missing answer;
            // so is a choice that lacks the date it now needs.
            let open = current.is_none_or(|a| {
                !a.conflict.is_empty()
                    || (needs_decide_by(question, &a.response) && a.decide_by.is_none())
            });
            let changed =
                self.changed && current.is_some_and(|a| to_review(self.set, answers, question, a));
            return (open || self.scope.revisit || changed).then_some(answer);
        }
        let current = current?;
        if !self.typed.contains(&id) {
            return None;
        }
        // Evidence for an answer that earns credit, or to show what it has.
        let evidence = !current.evidence.is_empty()
            || scoring::response_credit(question, &current.response).is_some_and(|c| c > 0.0);
        // `reviewed` dates the evidence: asked when there is some (or a
        // date to clear), never stamped on an answer without evidence.
        let reviewed = !current.evidence.is_empty() || current.reviewed.is_some();
        [
            evidence.then(|| Ask::Evidence(id.clone())),
            Some(Ask::Note(id.clone())),
            Some(Ask::Owner(id.clone())),
            reviewed.then(|| Ask::Reviewed(id.clone())),
        ]
        .into_iter()
        .flatten()
        .find(|a| !self.done.contains(a))
    }

    /// The text of a prompt, wrapped for an 80-column terminal.
    pub fn screen(&self, prompt: &Prompt) -> String {
        screen::render(self.set, self.catalog, prompt)
    }

    /// Apply what was typed at `prompt` to the file's text. A message to
    /// show comes wrapped for the screen.
    pub fn reply(
        &mut self,
        source: &Source,
        prompt: &Prompt,
        input: &str,
    ) -> Result<Outcome, Diagnostic> {
        Ok(match self.apply(source, prompt, input)? {
            Outcome::Say(message) => Outcome::Say(fit(&message)),
            outcome => outcome,
        })
    }

    fn apply(
        &mut self,
        source: &Source,
        prompt: &Prompt,
        input: &str,
    ) -> Result<Outcome, Diagnostic> {
        let reply = match reply::parse(self.set, self.catalog, prompt, input) {
            Ok(r) => r,
            Err(message) => return Ok(Outcome::Say(message)),
        };
        if let Ask::DecideBy(id) = &prompt.ask {
            return self.reply_decide_by(source, prompt, id, reply);
        }
        let value = match reply {
            Reply::Quit => return Ok(Outcome::Quit),
            Reply::Say(text) => return Ok(Outcome::Say(text)),
            Reply::Keep => {
                if let Some(held) = self.hold(prompt, None) {
                    self.held = Some(held);
                } else if let (Ask::Answer(id), Some(current)) = (&prompt.ask, &prompt.current)
                    && self.reconfirms(source, id, current)
                {
                    // Enter on an answer to review confirms it as it is.
                    let text = self.write_card(source, id, &current.clone())?;
                    self.done.insert(prompt.ask.clone());
                    return Ok(Outcome::Save(text));
                } else {
                    self.done.insert(prompt.ask.clone());
                }
                return Ok(Outcome::Keep);
            }
            Reply::Set(v) => v,
        };
        if let Some(held) = self.hold(prompt, Some(&value)) {
            // Written with its date, at the next prompt.
            self.held = Some(held);
            return Ok(Outcome::Keep);
        }
        let text = self.edit(source, prompt, value)?;
        self.done.insert(prompt.ask.clone());
        if let Ask::Answer(id) = &prompt.ask {
            self.typed.insert(id.clone());
        }
        Ok(Outcome::Save(text))
    }

    /// The answer to hold for its date: a dated choice typed now (`value`),
    /// or the file's dated choice kept with Enter.
    fn hold(&self, prompt: &Prompt, value: Option<&reply::Value>) -> Option<Held> {
        let Ask::Answer(id) = &prompt.ask else {
            return None;
        };
        let (response, typed) = match value {
            Some(reply::Value::Response(r)) => (r.clone(), true),
            Some(_) => return None,
            None => (prompt.current.as_ref()?.response.clone(), false),
        };
        let (_, question) = self.set.question(id)?;
        needs_decide_by(question, &response).then(|| Held {
            question: id.clone(),
            response,
            typed,
        })
    }

    /// The date for a held choice: the answer and its date in one edit.
    fn reply_decide_by(
        &mut self,
        source: &Source,
        prompt: &Prompt,
        id: &str,
        reply: Reply,
    ) -> Result<Outcome, Diagnostic> {
        let date = match reply {
            Reply::Quit => {
                // The choice was never written; the file keeps what it had.
                self.held = None;
                return Ok(Outcome::Quit);
            }
            Reply::Say(text) => return Ok(Outcome::Say(text)),
            Reply::Set(reply::Value::Date(Some(d))) => d,
            // Enter with a date shown (`parse` refuses it without one).
            Reply::Keep | Reply::Set(_) => match prompt.default.as_deref().and_then(parse_date) {
                Some(d) => d,
                None => return Ok(Outcome::Say(reply::DECIDE_BY_NEEDED.into())),
            },
        };
        let Some(held) = self.held.take() else {
            return Ok(Outcome::Keep);
        };
        let unchanged = prompt.current.as_ref().is_some_and(|a| {
            a.response == held.response
                && a.decide_by == Some(date)
                && !self.reconfirms(source, id, a)
        });
        let outcome = if unchanged {
            Outcome::Keep
        } else {
            let answer = Prompt {
                ask: Ask::Answer(id.to_string()),
                ..prompt.clone()
            };
            let mut card = card(&answer, reply::Value::Response(held.response.clone()));
            card.decide_by = Some(date);
            Outcome::Save(self.write_card(source, id, &card)?)
        };
        self.done.insert(Ask::Answer(id.to_string()));
        self.done.insert(prompt.ask.clone());
        if held.typed {
            self.typed.insert(id.to_string());
        }
        Ok(outcome)
    }

    fn edit(
        &self,
        source: &Source,
        prompt: &Prompt,
        value: reply::Value,
    ) -> Result<String, Diagnostic> {
        let order: Vec<String>;
        let (section, key) = match &prompt.ask {
            Ask::Name | Ask::AssessedBy | Ask::AsOf => {
                order = ["name", "assessed_by", "as_of", "privileged"]
                    .map(String::from)
                    .to_vec();
                let key = match prompt.ask {
                    Ask::Name => "name",
                    Ask::AssessedBy => "assessed_by",
                    _ => "as_of",
                };
                ("organization", key.to_string())
            }
            Ask::Fact(id) => {
                order = self.set.fact_ids().map(String::from).collect();
                ("profile", id.clone())
            }
            Ask::Answer(id)
            | Ask::DecideBy(id)
            | Ask::Evidence(id)
            | Ask::Note(id)
            | Ask::Owner(id)
            | Ask::Reviewed(id) => {
                let mut card = card(prompt, value);
                // A date stays only on a choice that puts the decision off.
                if let Some((_, q)) = self.set.question(id)
                    && !needs_decide_by(q, &card.response)
                {
                    card.decide_by = None;
                }
                return self.write_card(source, id, &card);
            }
        };
        let written = value.scalar();
        let aliases = self.aliases(&key);
        let target = Target {
            section,
            key: &key,
            aliases: &aliases,
            order: &order,
        };
        let text = edit::set(source, target, &written)?;
        self.check(source, &text, &key, None)?;
        Ok(text)
    }

    /// Whether writing `current` again would change its `answered_in`: an
    /// answer to review is re-confirmed when it is answered or kept.
    fn reconfirms(&self, source: &Source, id: &str, current: &Answer) -> bool {
        current.answered_in != self.answered_in(source, id)
    }

    /// The `answered_in` an answer to `id` typed now gets: none when the
    /// file's stamp is current for its questionnaire (or the question did
    /// not change since the stamp); else the content version now, so that
    /// it is not taken for an answer to the question as it was.
    fn answered_in(&self, source: &Source, id: &str) -> Option<crate::content::history::Version> {
        let (answers, _) = crate::assessment::answers::load_lenient(source, self.set).ok()?;
        let (q, _) = self.set.question(id)?;
        let stamped = answers.content.version_for(self.set, q)?;
        crate::assessment::review::reason(q, id, &stamped)?;
        if self.set.custom.contains(&q.id) {
            crate::content::history::Version::parse(&q.version)
        } else {
            crate::assessment::stamp::builtin_version(self.set)
        }
    }

    /// The file's text with `card` as the answer to `id`, checked to load
    /// and to read back as typed.
    fn write_card(&self, source: &Source, id: &str, card: &Answer) -> Result<String, Diagnostic> {
        let mut card = card.clone();
        card.answered_in = self.answered_in(source, id);
        let card = &card;
        let order: Vec<String> = self.set.question_ids().map(String::from).collect();
        let aliases = self.aliases(id);
        let target = Target {
            section: "answers",
            key: id,
            aliases: &aliases,
            order: &order,
        };
        let text = edit::set(source, target, &yaml_text::answer_value(card))?;
        self.check(source, &text, id, Some(card))?;
        Ok(text)
    }

    /// Old ids a renamed question may still be written under.
    fn aliases(&self, key: &str) -> Vec<String> {
        self.set
            .questionnaires
            .iter()
            .flat_map(|q| &q.replaces)
            .filter(|(_, new)| *new == key)
            .map(|(old, _)| old.clone())
            .collect()
    }

    /// Prove the new text still loads (but for facts still to ask) and
    /// holds what was typed, before it is written anywhere.
    fn check(
        &self,
        source: &Source,
        text: &str,
        key: &str,
        card: Option<&Answer>,
    ) -> Result<(), Diagnostic> {
        let new = Source::new(source.name.clone(), text);
        let unsafe_edit = |why: String| {
            Diagnostic::error(
                Code::InvalidValue,
                &source.name,
                None,
                format!("the answer could not be saved safely: {why}"),
            )
            .with_help("the file was left as it was; please report this with a copy of the file")
        };
        let progress = Progress::read(&new, self.set)
            .map_err(|d| unsafe_edit(d.first().map_or_else(String::new, |d| d.message.clone())))?;
        if let Some(card) = card {
            let saved = progress.answers.as_ref().and_then(|a| a.answers.get(key));
            let same = saved.is_some_and(|s| {
                s.response == card.response
                    && s.evidence == card.evidence
                    && s.note == card.note
                    && s.owner == card.owner
                    && s.reviewed == card.reviewed
                    && s.decide_by == card.decide_by
            });
            if !same {
                return Err(unsafe_edit(format!("`{key}` did not read back as typed")));
            }
        }
        Ok(())
    }
}

/// The answer as it will be after this reply.
fn card(prompt: &Prompt, value: reply::Value) -> Answer {
    let mut card = prompt
        .current
        .clone()
        .unwrap_or_else(|| Answer::new(Response::Unknown, Pos::default()));
    match (&prompt.ask, value) {
        (Ask::Answer(_), reply::Value::Response(r)) => {
            if !card.conflict.is_empty() {
                // What the respondents gave stays, as the details to confirm.
                settle::settle(&mut card);
            } else if r != card.response {
                // A new answer: it is the room's now.
                card.by = None;
            }
            card.response = r;
        }
        (Ask::Evidence(_), reply::Value::List(items)) => card.evidence = items,
        (Ask::Note(_), reply::Value::Text(t)) => card.note = t,
        (Ask::Owner(_), reply::Value::Text(t)) => card.owner = t,
        (Ask::Reviewed(_), reply::Value::Date(d)) => card.reviewed = d,
        _ => {}
    }
    card
}

/// "did you mean `agent-cfaa`?" for `--area agents`: the one questionnaire
/// whose id or title holds the word (or its singular).
fn area_by_word(set: &QuestionnaireSet, word: &str) -> Option<String> {
    let word = word.trim().to_lowercase();
    let singular = word.strip_suffix('s').unwrap_or(&word).to_string();
    if singular.len() < 3 {
        return None;
    }
    let holds = |text: &str| {
        text.to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| w == word || w == singular || w.strip_suffix('s') == Some(singular.as_str()))
    };
    let found: Vec<&crate::content::questionnaire::Questionnaire> = set
        .questionnaires
        .iter()
        .filter(|q| holds(&q.id) || holds(&q.title))
        .collect();
    match found.as_slice() {
        [one] => Some(format!("did you mean `{}` ({})?", one.id, one.title)),
        _ => None,
    }
}

/// Whether an answer was given before its question's last substantive
/// revision (what `--revisit changed` asks again).
fn to_review(
    set: &QuestionnaireSet,
    answers: &crate::assessment::answers::Answers,
    question: &Question,
    answer: &Answer,
) -> bool {
    let Some((q, _)) = set.question(&question.id) else {
        return false;
    };
    crate::assessment::review::answered_in(set, &answers.content, q, answer.answered_in.as_ref())
        .is_some_and(|given| crate::assessment::review::reason(q, &question.id, &given).is_some())
}

/// Whether `response` is a choice that puts the decision off to a date.
fn needs_decide_by(question: &Question, response: &Response) -> bool {
    match response {
        Response::Choice(c) => question.choice(c).is_some_and(|c| c.needs_decide_by),
        _ => false,
    }
}

/// What a fact of this type accepts, for prompts and messages.
pub fn fact_words(kind: FactType) -> &'static str {
    match kind {
        FactType::Bool => "y or n",
        FactType::Date => "a date, YYYY-MM-DD",
        FactType::Number => "a number, e.g. 3.0e25",
        FactType::Text => "text",
    }
}

#[cfg(test)]
mod tests;
