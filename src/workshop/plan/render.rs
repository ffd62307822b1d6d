//! The plan as a terminal table, Markdown or versioned JSON.

use std::fmt::Write as _;

use serde::Serialize;

use super::{Outcome, Plan, Step};
use crate::report::score_text;
use crate::report::text::wrap_hanging;
use crate::workshop::{Format, block_header, block_line, cell};

#[derive(Serialize)]
struct Body<'a> {
    plan: &'a Plan,
}

pub fn render(format: Format, plan: &Plan, width: u16) -> String {
    match format {
        Format::Json => crate::workshop::json(&Body { plan }),
        Format::Table => table(plan, width),
        Format::Markdown => markdown(plan),
    }
}

fn due(step: &Step) -> String {
    match (step.action.due, &step.action.due_rule) {
        (Some(d), _) if step.action.overdue => format!("{d}, OVERDUE"),
        (Some(d), _) => d.to_string(),
        (None, Some(rule)) => format!("({rule})"),
        (None, None) => String::new(),
    }
}

fn now(step: &Step) -> String {
    match (&step.answer, step.state) {
        (_, crate::content::questionnaire::GapState::Unanswered) => "unanswered".into(),
        (Some(a), crate::content::questionnaire::GapState::NoEvidence) => {
            format!("{a}, no evidence")
        }
        (Some(a), _) => a.clone(),
        (None, s) => s.as_str().into(),
    }
}

/// The decisions a step waits on, in words: "Only if leadership does not
/// decline: `cme.access-decision` is still open (step 2)."
fn depends(plan: &Plan, step: &Step) -> Option<String> {
    if step.depends_on.is_empty() {
        return None;
    }
    let names: Vec<String> = step
        .depends_on
        .iter()
        .map(|d| match plan.steps.iter().position(|s| s.question == *d) {
            Some(i) => format!("`{d}` (step {})", i + 1),
            None => format!("`{d}`"),
        })
        .collect();
    let (list, verb) = match names.split_last() {
        Some((last, [])) => (last.clone(), "is"),
        Some((last, rest)) => (format!("{} and {last}", rest.join(", ")), "are"),
        None => return None,
    };
    Some(format!(
        "Only if leadership does not decline: {list} {verb} still open."
    ))
}

fn summary(plan: &Plan) -> (String, String) {
    let head = format!(
        "Now {}, {}. Target: {}.",
        score_text(plan.score),
        plan.readiness.as_str(),
        plan.target.describe()
    );
    let last = plan.steps.last();
    let after = last.map(|s| {
        format!(
            "{}, {}",
            score_text(s.score_after),
            s.readiness_after.as_str()
        )
    });
    let n = crate::report::plural(plan.steps.len(), "step", "steps");
    let tail = match &plan.outcome {
        Outcome::AlreadyThere => format!("Already {}: nothing to do.", plan.target.as_str()),
        Outcome::Reached => format!(
            "{n} {} {}: {}.",
            if plan.steps.len() == 1 {
                "reaches"
            } else {
                "reach"
            },
            plan.target.as_str(),
            after.unwrap_or_default()
        ),
        Outcome::NeedsAnswers { questions } => {
            let ids: Vec<String> = questions.iter().map(|q| format!("`{q}`")).collect();
            format!(
                "{} cannot be reached by improving answered questions alone: it also needs {} answered, and the {n} above assume the best answers there ({}).",
                plan.target.as_str(),
                ids.join(", "),
                after.unwrap_or_default()
            )
        }
        Outcome::Unreachable { reason } => {
            format!("{} cannot be reached: {reason}.", plan.target.as_str())
        }
    };
    (head, tail)
}

/// The terminal layout of the gap report: one block per step, a header
/// line (rank, severity, question, the answer now and the one that closes
/// the gap, the due date), then the question, the action and its owner,
/// and the score after the step, each wrapped on word boundaries.
fn table(plan: &Plan, width: u16) -> String {
    let width = usize::from(width);
    let mut out = plan
        .legend
        .as_ref()
        .map(|l| format!("{}\n", wrap_hanging(l, width, "", "").trim_end()))
        .unwrap_or_default();
    out += &wrap_hanging(
        &format!(
            "Plan to {}: {}, as of {} ({})",
            plan.target.as_str(),
            plan.organization,
            plan.as_of,
            plan.file
        ),
        width,
        "",
        "  ",
    );
    let (head, tail) = summary(plan);
    out.push_str(&wrap_hanging(&head, width, "", "  "));
    out.push('\n');
    for (i, s) in plan.steps.iter().enumerate() {
        let number = format!("{:>2}. ", i + 1);
        let indent = " ".repeat(number.len());
        let due = due(s);
        let parts = [
            format!("{number}{}", s.severity.as_str()),
            s.question.clone(),
            format!("{} → {}", now(s), s.to),
            if due.is_empty() {
                String::new()
            } else {
                format!("due {due}")
            },
        ];
        out.push_str(&block_header(&parts, width, &indent));
        out.push_str(&block_line(&s.text, width, &indent, ""));
        if let Some(d) = depends(plan, s) {
            out.push_str(&block_line(&d, width, &indent, ""));
        }
        // The questionnaire's role: a suggestion, not the organization's word.
        out.push_str(&block_line(
            &format!(
                "{} (suggested owner: {})",
                s.action.text.trim(),
                s.action.owner
            ),
            width,
            &indent,
            "→ ",
        ));
        if !s.provisions.is_empty() {
            out.push_str(&block_line(
                &s.provisions.join(", "),
                width,
                &indent,
                "Provisions: ",
            ));
        }
        out.push_str(&block_line(
            &format!(
                "{}, {}",
                score_text(s.score_after),
                s.readiness_after.as_str()
            ),
            width,
            &indent,
            "After this step: ",
        ));
        out.push('\n');
    }
    out.push_str(&wrap_hanging(&tail, width, "", ""));
    for note in &plan.notes {
        out.push_str(&wrap_hanging(note, width, "", "  "));
    }
    out
}

fn markdown(plan: &Plan) -> String {
    let mut out = plan
        .legend
        .as_ref()
        .map(|l| format!("> **{}**\n\n", cell(l)))
        .unwrap_or_default();
    out += &format!(
        "## Plan to {}: {}\n\n- As of {} (`{}`)\n",
        plan.target.as_str(),
        cell(&plan.organization),
        plan.as_of,
        plan.file
    );
    let (head, tail) = summary(plan);
    let _ = writeln!(out, "- {head}\n");
    if !plan.steps.is_empty() {
        out.push_str("| # | Severity | Question | Now → to | Action | Suggested owner | Due | Provisions | Score after |\n|---:|---|---|---|---|---|---|---|---|\n");
        for (i, s) in plan.steps.iter().enumerate() {
            let _ = writeln!(
                out,
                "| {} | {} | `{}` | {} → {} | {} | {} | {} | {} | {} {} |",
                i + 1,
                s.severity.as_str(),
                s.question,
                cell(&now(s)),
                cell(&s.to),
                cell(&match depends(plan, s) {
                    Some(d) => format!("{d} {}", s.action.text.trim()),
                    None => s.action.text.trim().to_string(),
                }),
                cell(&s.action.owner),
                cell(&due(s)),
                cell(&s.provisions.join(", ")),
                score_text(s.score_after),
                s.readiness_after.as_str()
            );
        }
        out.push('\n');
    }
    let _ = writeln!(out, "**{}**", cell(&tail));
    for note in &plan.notes {
        let _ = writeln!(out, "\n{}", cell(note));
    }
    out
}
