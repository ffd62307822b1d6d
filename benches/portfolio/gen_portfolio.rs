//! `scripts/gen-portfolio N DIR [SEED]`: write N realistic answers files
//! into DIR, the same files for the same N and seed.
//!
//! Each file starts from one of the four shipped examples (read through
//! mera's own loader) and varies it: the organization and its date, optional
//! profile facts and the release date, about a quarter of the answers
//! (reworded to any word the question takes, or dropped), new answers to
//! unanswered questions, evidence, review dates and waivers. All are YAML, so
//! the parse floor can read the same files.

#![allow(clippy::print_stdout, clippy::print_stderr)]

#[path = "../../tests/support/draft.rs"]
mod draft;

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::{Days, NaiveDate};
use draft::{Draft, DraftAnswer, DraftWaiver, EVIDENCE, NOTES, PEOPLE, Pick, Seeded, one_of};
use mera::content::condition::{FactValue, Facts};
use mera::content::set::QuestionnaireSet;
use mera::input::source::Source;

const EXAMPLES: [(&str, &str); 4] = [
    (
        "frontier-lab.yaml",
        include_str!("../../examples/frontier-lab.yaml"),
    ),
    (
        "agent-retailer.yaml",
        include_str!("../../examples/agent-retailer.yaml"),
    ),
    (
        "community-bank.toml",
        include_str!("../../examples/community-bank.toml"),
    ),
    (
        "nonus-developer.yaml",
        include_str!("../../examples/nonus-developer.yaml"),
    ),
];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(n), Some(dir)) = (
        args.first().and_then(|n| n.parse::<usize>().ok()),
        args.get(1),
    ) else {
        eprintln!("usage: gen-portfolio N DIR [SEED]");
        std::process::exit(2);
    };
    let seed: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(14409);
    let dir = PathBuf::from(dir);
    std::fs::create_dir_all(&dir).expect("create the portfolio folder");
    let set = QuestionnaireSet::builtin();
    let bases: Vec<Draft> = EXAMPLES
        .iter()
        .map(|(name, text)| {
            let (answers, _) = mera::assessment::answers::load(&Source::new(*name, *text), &set)
                .unwrap_or_else(|e| panic!("{name} does not load: {e:?}"));
            Draft::of(&answers)
        })
        .collect();
    let mut p = Seeded(seed);
    let width = n.to_string().len().max(5);
    let mut bytes = 0;
    for i in 1..=n {
        let base = &bases[p.pick(bases.len() as u32) as usize];
        let draft = vary(base, i, &set, &mut p);
        let text = draft.yaml();
        bytes += text.len();
        let path = dir.join(format!("org-{i:0width$}.yaml"));
        std::fs::write(&path, text).expect("write an answers file");
    }
    eprintln!(
        "gen-portfolio: {n} files, {:.1} MiB, in {} (seed {seed})",
        bytes as f64 / 1_048_576.0,
        dir.display()
    );
}

fn shift(d: NaiveDate, days: i64) -> NaiveDate {
    if days >= 0 {
        d.checked_add_days(Days::new(days.unsigned_abs()))
    } else {
        d.checked_sub_days(Days::new(days.unsigned_abs()))
    }
    .unwrap_or(d)
}

fn around(p: &mut dyn Pick, d: NaiveDate, span: i64) -> NaiveDate {
    shift(d, i64::from(p.pick((2 * span + 1) as u32)) - span)
}

fn vary(base: &Draft, i: usize, set: &QuestionnaireSet, p: &mut dyn Pick) -> Draft {
    let mut d = base.clone();
    d.name = format!("{} (client {i})", base.name);
    // Assessed within the last 80 days before the example's date.
    let as_of = shift(
        base.as_of.unwrap_or(draft::day("2026-11-20")),
        -i64::from(p.pick(81)),
    );
    d.as_of = Some(as_of);
    if p.chance(20) {
        d.assessed_by = Some(one_of(p, &PEOPLE).to_string());
    }
    for (fact, value) in &mut d.profile {
        let required = set.fact(fact).is_some_and(|f| f.required);
        match value {
            FactValue::Bool(b) if p.chance(if required { 8 } else { 20 }) => *b = !*b,
            FactValue::Date(day) => *day = around(p, *day, 90),
            _ => {}
        }
    }
    for fact in &set.facts {
        if !d.profile.iter().any(|(f, _)| *f == fact.id)
            && fact.kind == mera::content::questionnaire::FactType::Bool
            && p.chance(15)
        {
            d.profile
                .push((fact.id.clone(), FactValue::Bool(p.chance(50))));
        }
    }
    // A file answers the questions that apply to its profile (an answer to
    // one that does not is kept now and then, as people leave them).
    let applies = applicable(set, &d);
    d.answers
        .retain(|a| !p.chance(5) && (applies.contains(&a.question) || p.chance(1)));
    for a in &mut d.answers {
        let Some((_, q)) = set.question(&a.question) else {
            continue;
        };
        if p.chance(25) {
            a.word = one_of(p, &words(q, &d.profile)).to_string();
            a.decide_by = None;
        }
        if a.decide_by.is_none() && q.choice(&a.word).is_some_and(|c| c.needs_decide_by) {
            a.decide_by = Some(around(p, as_of, 120));
        }
        if p.chance(15) {
            a.evidence.push(one_of(p, &EVIDENCE).to_string());
        }
        if p.chance(15) {
            a.reviewed = Some(shift(as_of, -i64::from(p.pick(500))));
        }
        if p.chance(5) {
            a.note = Some(one_of(p, &NOTES).to_string());
        }
        // The example's review dates speak for its own date.
        if a.reviewed.is_some_and(|r| r > as_of) {
            a.reviewed = Some(shift(as_of, -i64::from(p.pick(200))));
        }
    }
    for q in set.questionnaires.iter().flat_map(|q| &q.questions) {
        if !d.answers.iter().any(|a| a.question == q.id) && applies.contains(&q.id) && p.chance(15)
        {
            let word = one_of(p, &words(q, &d.profile)).to_string();
            let mut a = DraftAnswer::plain(&q.id, &word);
            if q.choice(&word).is_some_and(|c| c.needs_decide_by) {
                a.decide_by = Some(around(p, as_of, 120));
            }
            d.answers.push(a);
        }
    }
    for w in &mut d.waivers {
        w.expires = around(p, w.expires, 60);
    }
    if p.chance(30) && !d.answers.is_empty() {
        let question = one_of(p, &d.answers).question.clone();
        if !d.waivers.iter().any(|w| w.question == question) {
            d.waivers.push(DraftWaiver {
                question,
                reason: "Accepted until the next review.".into(),
                approved_by: one_of(p, &PEOPLE).to_string(),
                expires: around(p, as_of, 90),
            });
        }
    }
    d
}

/// The words `q` takes with this profile: `n/a` only where the stated
/// facts allow it, as the loader checks.
fn words<'q>(
    q: &'q mera::content::questionnaire::Question,
    profile: &[(String, FactValue)],
) -> Vec<&'q str> {
    let profile: BTreeMap<String, FactValue> = profile.iter().cloned().collect();
    let mut words = q.answer_words();
    if !mera::assessment::answers::na_allowed(q, &profile) {
        words.retain(|w| *w != "n/a");
    }
    words
}

/// The questions that apply to a draft, by the questionnaires' conditions
/// (answers to other questions included), as mera decides it.
fn applicable(set: &QuestionnaireSet, d: &Draft) -> Vec<String> {
    struct Ctx<'a> {
        set: &'a QuestionnaireSet,
        d: &'a Draft,
        memo: RefCell<BTreeMap<String, bool>>,
    }
    impl Facts for Ctx<'_> {
        fn fact(&self, id: &str) -> Option<&FactValue> {
            self.d.profile.iter().find(|(f, _)| f == id).map(|(_, v)| v)
        }
        fn answer_word(&self, question: &str) -> Option<String> {
            if !self.applies(question) {
                return None;
            }
            self.d
                .answers
                .iter()
                .find(|a| a.question == question)
                .map(|a| a.word.to_lowercase())
        }
    }
    impl Ctx<'_> {
        fn applies(&self, id: &str) -> bool {
            if let Some(known) = self.memo.borrow().get(id) {
                return *known;
            }
            self.memo.borrow_mut().insert(id.to_string(), false);
            let result = self.set.question(id).is_some_and(|(area, q)| {
                area.applies_when.as_ref().is_none_or(|c| c.eval(self))
                    && q.applies_when.as_ref().is_none_or(|c| c.eval(self))
            });
            self.memo.borrow_mut().insert(id.to_string(), result);
            result
        }
    }
    let ctx = Ctx {
        set,
        d,
        memo: RefCell::new(BTreeMap::new()),
    };
    set.question_ids()
        .filter(|id| ctx.applies(id))
        .map(str::to_string)
        .collect()
}
