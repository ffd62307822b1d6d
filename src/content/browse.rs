//! Text for `mera questionnaires`, `mera show` and `mera explain`: the
//! content itself, with provisions and the sources behind them.

use std::fmt::Write as _;

use crate::content::catalog::{Catalog, Provision};
use crate::content::questionnaire::{Question, Questionnaire};
use crate::content::set::QuestionnaireSet;
use crate::text::{wrap_hanging, wrap_prefixed};

const WIDTH: usize = 80;

pub fn list(set: &QuestionnaireSet) -> String {
    let mut out = String::new();
    for q in &set.questionnaires {
        let _ = writeln!(
            out,
            "{:<26} v{:<10} {:>2} questions  {}",
            q.id,
            q.version,
            q.questions.len(),
            q.title
        );
    }
    let total: usize = set.questionnaires.iter().map(|q| q.questions.len()).sum();
    let _ = writeln!(
        out,
        "\n{} questions in {} questionnaires. `mera show ID` lists one; `mera explain QUESTION` explains one.",
        total,
        set.questionnaires.len()
    );
    out
}

pub fn show(q: &Questionnaire, catalog: &Catalog) -> String {
    let mut out = format!("{} ({} v{})\n", q.title, q.id, q.version);
    let _ = writeln!(out, "Source: {}", q.file);
    if let Some(s) = &q.summary {
        out.push('\n');
        out.push_str(&wrap_prefixed(s, WIDTH, ""));
    }
    if let Some(c) = &q.applies_when {
        let _ = writeln!(out, "\nApplies when {}.", c.describe());
    }
    let mut cited: Vec<String> = Vec::new();
    for question in &q.questions {
        let sections = catalog.labels(&question.provisions);
        let _ = writeln!(
            out,
            "\n{} [{}; {}]",
            question.id,
            question.severity.as_str(),
            sections.join(", ")
        );
        out.push_str(&wrap_prefixed(question.text.trim(), WIDTH, "  "));
        cited.extend(sections);
    }
    let notes = crate::content::catalog::mark_notes(cited.iter().map(String::as_str));
    if !notes.is_empty() {
        out.push('\n');
        for n in notes {
            out.push_str(&wrap_prefixed(&n, WIDTH, ""));
        }
    }
    out
}

/// `area` is the questionnaire `question` belongs to.
/// `text` wrapped to `width` with `first` before its first line and
/// `rest` before the others.
fn put(out: &mut String, text: &str, width: usize, first: &str, rest: &str) {
    out.push_str(&wrap_hanging(text, width, first, rest));
}

/// `mera explain`: one question with why it matters, its answers, its
/// provisions and their sources, and its actions, wrapped to `width`
/// columns (a word longer than a line, such as a URL, stays whole).
pub fn explain(
    area: &Questionnaire,
    question: &Question,
    catalog: &Catalog,
    width: usize,
) -> String {
    let mut out = String::new();
    put(
        &mut out,
        &format!("{} ({})", question.id, area.title),
        width,
        "",
        "  ",
    );
    out.push('\n');
    out.push_str(&wrap_prefixed(question.text.trim(), width, ""));
    out.push_str("\nWhy it matters:\n");
    out.push_str(&wrap_prefixed(question.why.trim(), width, "  "));
    let _ = writeln!(
        out,
        "\nSeverity: {} (weight {})",
        question.severity.as_str(),
        question.severity.weight()
    );
    if let Some(lower) = &question.lower_severity {
        put(
            &mut out,
            &format!(
                "Lowered to {} (weight {}) when {}",
                lower.to.as_str(),
                lower.to.weight(),
                lower.when.describe()
            ),
            width,
            "  ",
            "    ",
        );
    }
    put(
        &mut out,
        &format!("Answers: {}", question.answer_words().join(", ")),
        width,
        "",
        "  ",
    );
    for c in &question.choices {
        let dated = if c.needs_decide_by {
            "; needs `decide_by`, half credit once that date has passed".to_string()
        } else {
            String::new()
        };
        put(
            &mut out,
            &format!("{} = {} (credit {}{dated})", c.id, c.label, c.credit),
            width,
            "  ",
            "    ",
        );
    }
    let evidence = if question.evidence_required {
        "required (credit is capped at 0.5 without it)"
    } else {
        "optional"
    };
    let _ = writeln!(out, "Evidence: {evidence}");
    if let Some(h) = &question.evidence_hint {
        out.push_str(&wrap_prefixed(h, width, "  "));
    }
    let conditions: Vec<String> = area
        .applies_when
        .iter()
        .chain(question.applies_when.as_ref())
        .map(|c| c.describe())
        .collect();
    if !conditions.is_empty() {
        put(
            &mut out,
            &format!("Applies when: {}", conditions.join("; and ")),
            width,
            "",
            "  ",
        );
    }
    out.push_str("\nProvisions:\n");
    for p in question
        .provisions
        .iter()
        .filter_map(|id| catalog.provision(id))
    {
        provision(&mut out, p, catalog, width);
    }
    out.push_str("\nRecommended actions:\n");
    for (state, action) in &question.actions {
        let due = action
            .due
            .as_ref()
            .map(|r| format!(" (due {})", r.describe()))
            .unwrap_or_default();
        put(
            &mut out,
            &format!(
                "{}: {} Owner: {}{due}",
                state.as_str(),
                action.text.trim(),
                action.owner
            ),
            width,
            "  ",
            "    ",
        );
    }
    out
}

fn provision(out: &mut String, p: &Provision, catalog: &Catalog, width: usize) {
    put(
        out,
        &format!("{} {}: {} [{}]", p.id, p.section, p.title, p.force.as_str()),
        width,
        "  ",
        "    ",
    );
    out.push_str(&wrap_prefixed(p.directs.trim(), width, "    "));
    if let Some(to) = &p.to {
        put(out, &format!("Directed to: {to}"), width, "    ", "      ");
    }
    if let Some(d) = p.deadline {
        let _ = writeln!(out, "    Deadline: {d}");
    }
    let notes = [
        (p.inferred, crate::content::catalog::INFERRED_NOTE),
        (p.general_law, crate::content::catalog::GENERAL_LAW_NOTE),
    ];
    for (_, note) in notes.iter().filter(|(on, _)| *on) {
        put(
            out,
            &format!("{}{}.", note[..1].to_uppercase(), &note[1..]),
            width,
            "    ",
            "    ",
        );
    }
    if let Some(n) = &p.note {
        out.push_str(&wrap_prefixed(
            &format!("Note: {}", n.trim()),
            width,
            "    ",
        ));
    }
    for s in p.sources.iter().filter_map(|s| catalog.source(s)) {
        let date = s.date.map(|d| format!(", {d}")).unwrap_or_default();
        let url = s.url.as_ref().map(|u| format!(", {u}")).unwrap_or_default();
        put(
            out,
            &format!("Source: {}, \"{}\"{date}{url}", s.publisher, s.title),
            width,
            "    ",
            "      ",
        );
    }
}

/// `mera questionnaires --format json`.
pub fn list_json(set: &QuestionnaireSet) -> serde_json::Value {
    serde_json::json!({
        "questionnaires": set.questionnaires.iter().map(|q| serde_json::json!({
            "id": q.id,
            "title": q.title,
            "version": q.version,
            "questions": q.questions.len(),
            "applies_when": q.applies_when.as_ref().map(|c| c.describe()),
            "file": q.file,
        })).collect::<Vec<_>>(),
    })
}

fn question_json(question: &Question, catalog: &Catalog) -> serde_json::Value {
    serde_json::json!({
        "id": question.id,
        "text": question.text.trim(),
        "why": question.why.trim(),
        "severity": question.severity,
        "weight": question.severity.weight(),
        "answers": question.answer_words(),
        "choices": question.choices,
        "evidence_required": question.evidence_required,
        "evidence_hint": question.evidence_hint,
        "applies_when": question.applies_when.as_ref().map(|c| c.describe()),
        "provisions": question.provisions.iter().filter_map(|id| catalog.provision(id)).map(|p| serde_json::json!({
            "id": p.id,
            "section": p.section,
            "title": p.title,
            "force": p.force,
            "directs": p.directs.trim(),
            "to": p.to,
            "deadline": p.deadline,
            "note": p.note,
            "sources": p.sources.iter().filter_map(|s| catalog.source(s)).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "actions": question.actions.iter().map(|(state, a)| serde_json::json!({
            "when": state.as_str(),
            "do": a.text.trim(),
            "owner": a.owner,
            "due": a.due.as_ref().map(crate::content::questionnaire::DueRule::describe),
        })).collect::<Vec<_>>(),
    })
}

/// `mera show ID --format json`.
pub fn show_json(q: &Questionnaire, catalog: &Catalog) -> serde_json::Value {
    serde_json::json!({
        "id": q.id,
        "title": q.title,
        "version": q.version,
        "summary": q.summary,
        "applies_when": q.applies_when.as_ref().map(|c| c.describe()),
        "file": q.file,
        "questions": q.questions.iter().map(|x| question_json(x, catalog)).collect::<Vec<_>>(),
    })
}

/// `mera explain QUESTION --format json`.
pub fn explain_json(
    area: &Questionnaire,
    question: &Question,
    catalog: &Catalog,
) -> serde_json::Value {
    serde_json::json!({
        "questionnaire": {"id": area.id, "title": area.title, "applies_when": area.applies_when.as_ref().map(|c| c.describe())},
        "question": question_json(question, catalog),
    })
}
