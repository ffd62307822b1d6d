//! `mera init`: an answers file with the profile to fill in and every
//! question as a comment, ready to uncomment and answer.

use std::fmt::Write as _;

use chrono::NaiveDate;

use crate::content::catalog::Catalog;
use crate::content::questionnaire::{FactType, Question};
use crate::content::set::QuestionnaireSet;
use crate::report::text::wrap_prefixed;

const WIDTH: usize = 78;

pub fn answers_template(set: &QuestionnaireSet, catalog: &Catalog, as_of: NaiveDate) -> String {
    let mut out = String::new();
    out.push_str(
        "# mera answers file: readiness for Executive Order 14409.\n\
         # 1. Fill in `organization` and every fact under `profile` (they decide\n\
         #    which questions apply).\n\
         # 2. Answer a question by removing the `#` before its id and keeping one\n\
         #    answer. Long form, for evidence and notes:\n\
         #      cme.capability-evals:\n\
         #        answer: partial\n\
         #        evidence: [docs/evals/cyber-q3.pdf]\n\
         #        note: Covers exploitation, not vulnerability discovery.\n\
         #        owner: Security Engineering\n\
         #        reviewed: 2026-10-01\n\
         #        confidential: true\n\
         # 3. Run `mera assess` on this file. `mera explain ID` tells more about\n\
         #    any question.\n\
         mera: 1\n\
         organization:\n  name: Your organization\n  assessed_by: Your role\n",
    );
    let _ = writeln!(out, "  as_of: {as_of}");
    out.push_str(
        "  # Set `privileged: true` only when counsel directed this assessment to\n\
         \x20 # give legal advice. It puts a \"Privileged & Confidential\" banner on\n\
         \x20 # every human report; the banner alone does not make it privileged.\n\
         \x20 # Keep legal analysis out of answers files that live in a repository.\n\
         \x20 privileged: false\n\nprofile:\n",
    );
    for fact in &set.facts {
        out.push_str(&wrap_prefixed(&fact.prompt, WIDTH, "  # "));
        let example = match fact.kind {
            FactType::Bool => "true or false",
            FactType::Date => "YYYY-MM-DD",
            FactType::Number => "a number, e.g. 3.0e25",
            FactType::Text => "text",
        };
        if fact.required {
            let _ = writeln!(out, "  {}:    # required: {example}", fact.id);
        } else {
            let _ = writeln!(out, "  # {}:    # optional: {example}", fact.id);
        }
    }
    out.push_str("\nanswers:\n");
    for q in &set.questionnaires {
        let _ = writeln!(out, "\n  # ==== {} ({} v{}) ====", q.title, q.id, q.version);
        if let Some(c) = &q.applies_when {
            let _ = writeln!(out, "  # Applies when {}.", c.describe());
        }
        for question in &q.questions {
            question_block(&mut out, question, catalog);
        }
    }
    out.push_str(
        "\n# Waivers take a gap out of the CI gate until they expire (the score is\n\
         # unchanged). Each needs a reason, an approver and an expiry date.\n\
         # waivers:\n\
         #   - question: tp.selection-criteria\n\
         #     reason: No trusted-partner program until 2027.\n\
         #     approved_by: General Counsel\n\
         #     expires: 2027-01-31\n",
    );
    out
}

fn question_block(out: &mut String, q: &Question, catalog: &Catalog) {
    out.push('\n');
    out.push_str(&wrap_prefixed(q.text.trim(), WIDTH, "  # "));
    let sections = catalog.labels(&q.provisions);
    let mut facts = vec![q.severity.as_str().to_string(), sections.join(", ")];
    if q.evidence_required {
        facts.push("evidence required".into());
    }
    if let Some(c) = &q.applies_when {
        facts.push(format!("applies when {}", c.describe()));
    }
    out.push_str(&wrap_prefixed(
        &format!("[{}]", facts.join("; ")),
        WIDTH,
        "  #   ",
    ));
    if q.is_choice() {
        for c in &q.choices {
            let dated = if c.needs_decide_by {
                " (add `decide_by: YYYY-MM-DD`)"
            } else {
                ""
            };
            let _ = writeln!(out, "  #   {}: {}{dated}", c.id, c.label);
        }
    }
    let _ = writeln!(out, "  # {}: {}", q.id, q.answer_words().join(" | "));
}
