//! `mera init`: an answers file with the profile to fill in and every
//! question as a comment, ready to uncomment and answer.

use std::fmt::Write as _;

use chrono::NaiveDate;

use crate::content::catalog::Catalog;
use crate::content::questionnaire::{FactType, Question};
use crate::content::set::QuestionnaireSet;
use crate::input::source::Syntax;
use crate::text::wrap_prefixed;

const WIDTH: usize = 78;

/// The organization's name and role as the template leaves them, for the
/// interview to recognise as still to be filled in.
pub const PLACEHOLDER_NAME: &str = "Your organization";
pub const PLACEHOLDER_ROLE: &str = "Your role";

/// The template in YAML, or in TOML (for a `.toml` file) with the same
/// structure: keys in TOML cannot be left empty, so what YAML leaves blank
/// TOML leaves commented out.
pub fn answers_template(
    set: &QuestionnaireSet,
    catalog: &Catalog,
    as_of: NaiveDate,
    syntax: Syntax,
) -> String {
    let toml = syntax == Syntax::Toml;
    let mut out = String::new();
    out.push_str(
        "# mera answers file: readiness for Executive Order 14409.\n\
         # 1. Fill in `organization` and every fact under `profile` (they decide\n\
         #    which questions apply).\n\
         # 2. Answer a question by removing the `#` before its id and keeping one\n\
         #    answer. Long form, for evidence and notes:\n",
    );
    out.push_str(if toml {
        "#      \"cme.capability-evals\" = { answer = \"partial\", evidence = [\"docs/evals/cyber-q3.pdf\"],\n\
         #        note = \"Covers exploitation, not vulnerability discovery.\",\n\
         #        owner = \"Security Engineering\", reviewed = 2026-10-01, confidential = true }\n"
    } else {
        "#      cme.capability-evals:\n\
         #        answer: partial\n\
         #        evidence: [docs/evals/cyber-q3.pdf]\n\
         #        note: Covers exploitation, not vulnerability discovery.\n\
         #        owner: Security Engineering\n\
         #        reviewed: 2026-10-01\n\
         #        confidential: true\n"
    });
    out.push_str(
        "# 3. Run `mera assess` on this file. `mera explain ID` tells more about\n\
         #    any question.\n",
    );
    // The marks the citations below carry, explained once.
    let cited: Vec<String> = set
        .questionnaires
        .iter()
        .flat_map(|q| &q.questions)
        .flat_map(|q| catalog.labels(&q.provisions))
        .collect();
    for note in crate::content::catalog::mark_notes(cited.iter().map(String::as_str)) {
        let _ = writeln!(out, "# {note}");
    }
    // `privileged` is false unless counsel directed the assessment.
    let privilege_note = [
        if toml {
            "Set `privileged = true` only when counsel directed this assessment to"
        } else {
            "Set `privileged: true` only when counsel directed this assessment to"
        },
        "give legal advice. It puts a \"Privileged & Confidential\" banner on",
        "every human report; the banner alone does not make it privileged.",
        "Keep legal analysis out of answers files that live in a repository.",
    ];
    let stamp = crate::assessment::stamp::Stamp::current(set).value_text(syntax);
    let stamp_note =
        "# the content version these answers are given against (`mera upgrade` moves it)";
    if toml {
        let _ = writeln!(
            out,
            "mera = 1\ncontent = {stamp}  {stamp_note}\n\n[organization]\nname = \"{PLACEHOLDER_NAME}\"\nassessed_by = \"{PLACEHOLDER_ROLE}\"\nas_of = {as_of}"
        );
        for line in privilege_note {
            let _ = writeln!(out, "# {line}");
        }
        out.push_str("privileged = false\n\n[profile]\n");
    } else {
        let _ = writeln!(
            out,
            "mera: 1\ncontent: {stamp}  {stamp_note}\norganization:\n  name: {PLACEHOLDER_NAME}\n  assessed_by: {PLACEHOLDER_ROLE}\n  as_of: {as_of}"
        );
        for line in privilege_note {
            let _ = writeln!(out, "  # {line}");
        }
        out.push_str("  privileged: false\n\nprofile:\n");
    }
    let indent = if toml { "" } else { "  " };
    let assign = if toml { " =" } else { ":" };
    for fact in &set.facts {
        out.push_str(&wrap_prefixed(&fact.prompt, WIDTH, &format!("{indent}# ")));
        let example = match fact.kind {
            FactType::Bool => "true or false",
            FactType::Date => "YYYY-MM-DD",
            FactType::Number => "a number, e.g. 3.0e25",
            FactType::Text => "text",
        };
        // TOML has no empty value: a required fact is left commented out.
        let open = if fact.required && !toml { "" } else { "# " };
        let need = if fact.required {
            "required"
        } else {
            "optional"
        };
        let _ = writeln!(
            out,
            "{indent}{open}{}{assign}    # {need}: {example}",
            fact.id
        );
    }
    out.push_str(if toml {
        "\n[answers]\n"
    } else {
        "\nanswers:\n"
    });
    for q in &set.questionnaires {
        let _ = writeln!(
            out,
            "\n{indent}# ==== {} ({} v{}) ====",
            q.title, q.id, q.version
        );
        if let Some(c) = &q.applies_when {
            let _ = writeln!(out, "{indent}# Applies when {}.", c.describe());
        }
        for question in &q.questions {
            question_block(&mut out, question, catalog, syntax);
        }
    }
    out.push_str(
        "\n# Waivers take a gap out of the CI gate until they expire (the score is\n\
         # unchanged). Each needs a reason, an approver and an expiry date.\n",
    );
    out.push_str(if toml {
        "# [[waivers]]\n\
         # question = \"tp.selection-criteria\"\n\
         # reason = \"No trusted-partner program until 2027.\"\n\
         # approved_by = \"General Counsel\"\n\
         # expires = 2027-01-31\n"
    } else {
        "# waivers:\n\
         #   - question: tp.selection-criteria\n\
         #     reason: No trusted-partner program until 2027.\n\
         #     approved_by: General Counsel\n\
         #     expires: 2027-01-31\n"
    });
    printable(out)
}

/// The template quotes questionnaire text (questions, prompts, labels) in
/// comments, where neither YAML nor TOML allows control characters; a
/// custom questionnaire may hold one (the fuzzer found U+007F in a prompt),
/// so each is shown as U+FFFD. Line breaks and tabs are the template's own.
pub fn printable(text: String) -> String {
    let unprintable = |c: char| c.is_control() && c != '\n' && c != '\t';
    if !text.chars().any(unprintable) {
        return text;
    }
    text.chars()
        .map(|c| if unprintable(c) { '\u{FFFD}' } else { c })
        .collect()
}

/// One question as the commented block `mera init` writes (and `mera
/// upgrade` inserts for a new question): its text, facts, choices and the
/// placeholder line to uncomment.
pub fn question_block(out: &mut String, q: &Question, catalog: &Catalog, syntax: Syntax) {
    let indent = if syntax == Syntax::Toml { "" } else { "  " };
    out.push('\n');
    out.push_str(&wrap_prefixed(q.text.trim(), WIDTH, &format!("{indent}# ")));
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
        &format!("{indent}#   "),
    ));
    if q.is_choice() {
        for c in &q.choices {
            let dated = if c.needs_decide_by {
                if syntax == Syntax::Toml {
                    " (add `decide_by = YYYY-MM-DD`)"
                } else {
                    " (add `decide_by: YYYY-MM-DD`)"
                }
            } else {
                ""
            };
            let _ = writeln!(out, "{indent}#   {}: {}{dated}", c.id, c.label);
        }
    }
    let words = q.answer_words().join(" | ");
    if syntax == Syntax::Toml {
        let _ = writeln!(out, "# \"{}\" = \"{words}\"", q.id);
    } else {
        let _ = writeln!(out, "  # {}: {words}", q.id);
    }
}
