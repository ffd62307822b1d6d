//! The text of each prompt, for an 80-column terminal, without colour.

use std::fmt::Write as _;

use super::{Ask, Prompt, fact_words, reply::answer_help};
use crate::assessment::answers::ConflictingAnswer;
use crate::content::catalog::Catalog;
use crate::content::set::QuestionnaireSet;
use crate::text::{wrap_hanging, wrap_prefixed};

/// The interview's screen width: it asks at any terminal, 80 columns included.
pub const WIDTH: usize = 80;

pub fn render(set: &QuestionnaireSet, catalog: &Catalog, prompt: &Prompt) -> String {
    let mut out = String::new();
    let label = match &prompt.ask {
        Ask::Name => "Organization name".to_string(),
        Ask::AssessedBy => "Assessed by (your role or name)".to_string(),
        Ask::AsOf => "Assessment date, YYYY-MM-DD".to_string(),
        Ask::Fact(id) => {
            let Some(fact) = set.fact(id) else {
                return format!("{id}: ");
            };
            if let Some((i, n)) = prompt.fact_position {
                let _ = writeln!(out, "\nProfile, fact {i} of {n}: {id}");
            }
            out.push_str(&wrap_prefixed(fact.prompt.trim(), WIDTH, "  "));
            let need = if fact.required {
                "required"
            } else {
                "optional, Enter skips"
            };
            format!("Your answer ({need}; {})", fact_words(fact.kind))
        }
        Ask::Answer(id) => {
            question(&mut out, set, catalog, prompt, id);
            format!("Answer ({}; ? explains, q stops)", answer_help_for(set, id))
        }
        Ask::DecideBy(_) => {
            "Decide by, YYYY-MM-DD (required: the date to take or revisit the decision)".into()
        }
        Ask::Evidence(_) => format!(
            "Evidence: files or links, separated by commas ({})",
            enter(prompt)
        ),
        Ask::Note(_) => format!("Note ({})", enter(prompt)),
        Ask::Owner(_) => format!("Owner ({})", enter(prompt)),
        Ask::Reviewed(_) => "Reviewed on, YYYY-MM-DD (- for none)".into(),
    };
    let default = prompt
        .default
        .as_ref()
        .map(|d| format!(" [{d}]"))
        .unwrap_or_default();
    let line = format!("{label}{default}");
    let wrapped = crate::text::wrap(&line, WIDTH - 2);
    let (last, rest) = wrapped
        .split_last()
        .map_or(("", &[][..]), |(l, r)| (l.as_str(), r));
    for l in rest {
        let _ = writeln!(out, "{l}");
    }
    let _ = write!(out, "{last}: ");
    out
}

/// What Enter does at an optional detail, and how to clear what is shown.
fn enter(prompt: &Prompt) -> &'static str {
    if prompt.default.is_some() {
        "Enter keeps, - for none"
    } else {
        "Enter skips"
    }
}

fn answer_help_for(set: &QuestionnaireSet, id: &str) -> String {
    set.question(id)
        .map(|(_, q)| answer_help(q))
        .unwrap_or_default()
}

fn question(
    out: &mut String,
    set: &QuestionnaireSet,
    catalog: &Catalog,
    prompt: &Prompt,
    id: &str,
) {
    let Some((area, q)) = set.question(id) else {
        return;
    };
    if let Some(p) = prompt.position {
        let _ = writeln!(
            out,
            "\n== area {} of {}, question {} of {}: {}",
            p.area, p.areas, p.question, p.questions, area.title
        );
    }
    let _ = writeln!(out, "{} ({})", q.id, q.severity.as_str());
    out.push_str(&wrap_prefixed(q.text.trim(), WIDTH, "  "));
    out.push_str(&wrap_prefixed(
        &format!("Why: {}", q.why.trim()),
        WIDTH,
        "  ",
    ));
    for p in q.provisions.iter().filter_map(|p| catalog.provision(p)) {
        let line = format!(
            "Provision: {} {} [{}]",
            p.section,
            p.title,
            p.force.as_str()
        );
        out.push_str(&wrap_prefixed(&line, WIDTH, "  "));
    }
    let need = if q.evidence_required {
        "required"
    } else {
        "optional"
    };
    let hint = q
        .evidence_hint
        .as_ref()
        .map(|h| format!(": {h}"))
        .unwrap_or_default();
    out.push_str(&wrap_prefixed(
        &format!("Evidence ({need}){hint}"),
        WIDTH,
        "  ",
    ));
    for (i, c) in q.choices.iter().enumerate() {
        out.push_str(&wrap_prefixed(
            &format!("{} {}: {}", i + 1, c.id, c.label),
            WIDTH,
            "    ",
        ));
    }
    if let Some(a) = &prompt.current {
        respondents(out, &a.conflict);
    }
}

/// Each respondent's side of a conflict: who, what, and their details.
fn respondents(out: &mut String, sides: &[ConflictingAnswer]) {
    if sides.is_empty() {
        return;
    }
    out.push_str("  Respondents disagree; your answer settles it:\n");
    for c in sides {
        let line = match c.decide_by {
            Some(d) => format!("{} answered {} (decide by {d})", c.by, c.response.word()),
            None => format!("{} answered {}", c.by, c.response.word()),
        };
        out.push_str(&wrap_prefixed(&line, WIDTH, "    "));
        let details = [
            (!c.evidence.is_empty()).then(|| format!("Evidence: {}", c.evidence.join(", "))),
            c.note.as_ref().map(|n| format!("Note: {n}")),
            c.owner.as_ref().map(|o| format!("Owner: {o}")),
        ];
        for d in details.iter().flatten() {
            out.push_str(&wrap_hanging(d, WIDTH, "      ", "        "));
        }
    }
    let details = sides
        .iter()
        .any(|c| !c.evidence.is_empty() || c.note.is_some() || c.owner.is_some());
    if details {
        out.push_str(&wrap_prefixed(
            "Their evidence and notes, and the owner they agree on, are offered next.",
            WIDTH,
            "  ",
        ));
    }
}

/// `text` with every line longer than the screen wrapped on word
/// boundaries: every message and help the interview shows goes through
/// this. A wrapped line's continuation keeps its indentation (two more for
/// an indented line, which is an item in a list); a word longer than a line
/// (a link) runs over, on a line of its own, still indented.
pub fn fit(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        if line.chars().count() <= WIDTH {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let body = line.trim_start();
        let pad = &line[..line.len() - body.len()];
        let rest = if pad.is_empty() {
            String::new()
        } else {
            format!("{pad}  ")
        };
        let wrapped = crate::text::wrap(body, WIDTH - rest.chars().count());
        for (i, l) in wrapped.iter().enumerate() {
            out.push_str(if i == 0 { pad } else { &rest });
            out.push_str(l);
            out.push('\n');
        }
    }
    out
}
