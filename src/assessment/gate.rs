//! The CI gate: thresholds over an [`Assessment`], and why it passed or failed.

use chrono::NaiveDate;
use serde::Serialize;

use crate::assessment::Assessment;
use crate::content::questionnaire::{GapState, Severity};
use crate::input::source::Pos;

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Gate {
    /// Fail when the overall score is below this.
    pub fail_under: Option<f64>,
    /// Fail on an unwaived gap (or stale evidence) at or above this
    /// severity; `None` never fails on severity.
    pub fail_on: Option<Severity>,
    /// Fail when an applicable question has no answer.
    pub fail_on_unanswered: bool,
    /// Fail when an answer was given before its question's last revision
    /// and has not been re-confirmed (`fail_on_review` under `[check]`).
    pub fail_on_review: bool,
}

/// One layer of gate settings (the config, or the flags): each setting it
/// gives replaces the one below.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Layer {
    pub fail_under: Option<f64>,
    /// `Some(None)` is `fail_on = "none"`.
    pub fail_on: Option<Option<Severity>>,
    pub allow_unanswered: Option<bool>,
    pub fail_on_review: Option<bool>,
}

impl Gate {
    /// What `mera check` enforces when nothing is configured: no score
    /// threshold, an unwaived critical gap fails, and so does a committed
    /// readiness file that leaves applicable questions unanswered.
    pub const CHECK_DEFAULT: Gate = Gate {
        fail_under: None,
        fail_on: Some(Severity::Critical),
        fail_on_unanswered: true,
        fail_on_review: false,
    };

    /// These settings with a later layer on top.
    #[must_use]
    pub fn with(self, layer: &Layer) -> Gate {
        Gate {
            fail_under: layer.fail_under.or(self.fail_under),
            fail_on: layer.fail_on.unwrap_or(self.fail_on),
            fail_on_unanswered: layer
                .allow_unanswered
                .map_or(self.fail_on_unanswered, |allow| !allow),
            fail_on_review: layer.fail_on_review.unwrap_or(self.fail_on_review),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Failure {
    ScoreBelow {
        score: f64,
        threshold: f64,
    },
    OpenGap {
        question: String,
        severity: Severity,
        /// The answer (or `answers:` when it is missing).
        pos: Pos,
    },
    ExpiredWaiver {
        question: String,
        expires: NaiveDate,
        /// The waiver.
        pos: Pos,
    },
    StaleEvidence {
        question: String,
        severity: Severity,
        reviewed: NaiveDate,
        /// The answer.
        pos: Pos,
    },
    Unanswered {
        count: usize,
        /// The first few, most severe first.
        questions: Vec<String>,
        /// Where `answers:` is.
        pos: Pos,
    },
    /// Answers given before their question's last revision, not yet
    /// re-confirmed (only with `fail_on_review = true`).
    ToReview {
        count: usize,
        /// The first few, in questionnaire order.
        questions: Vec<String>,
        /// The first such answer.
        pos: Pos,
    },
}

impl Failure {
    /// The stable kebab-case name of the failure's kind, as in the JSON
    /// report's `kind` (and SARIF's rule ids, as `mera-gate-KIND`).
    pub fn code(&self) -> &'static str {
        match self {
            Failure::ScoreBelow { .. } => "score-below",
            Failure::OpenGap { .. } => "open-gap",
            Failure::ExpiredWaiver { .. } => "expired-waiver",
            Failure::StaleEvidence { .. } => "stale-evidence",
            Failure::Unanswered { .. } => "unanswered",
            Failure::ToReview { .. } => "to-review",
        }
    }

    /// The failure in a few words, for a title ("expired waiver").
    pub fn title(&self) -> &'static str {
        match self {
            Failure::ScoreBelow { .. } => "score below the threshold",
            Failure::OpenGap { .. } => "open gap at or above fail_on",
            Failure::ExpiredWaiver { .. } => "expired waiver",
            Failure::StaleEvidence { .. } => "stale evidence",
            Failure::Unanswered { .. } => "unanswered questions",
            Failure::ToReview { .. } => "answers to review",
        }
    }

    /// Where in the answers file the failure is; `None` for the score.
    pub fn pos(&self) -> Option<Pos> {
        match self {
            Failure::ScoreBelow { .. } => None,
            Failure::OpenGap { pos, .. }
            | Failure::ExpiredWaiver { pos, .. }
            | Failure::StaleEvidence { pos, .. }
            | Failure::Unanswered { pos, .. }
            | Failure::ToReview { pos, .. } => Some(*pos),
        }
    }

    pub fn describe(&self) -> String {
        match self {
            Failure::ScoreBelow { score, threshold } => {
                format!("score {score:.1} is below the threshold {threshold}")
            }
            Failure::OpenGap {
                question, severity, ..
            } => {
                format!("open {} gap `{question}`", severity.as_str())
            }
            Failure::ExpiredWaiver {
                question, expires, ..
            } => {
                format!("the waiver for `{question}` expired after {expires}")
            }
            Failure::StaleEvidence {
                question,
                severity,
                reviewed,
                ..
            } => {
                format!(
                    "evidence for {} question `{question}` was last reviewed {reviewed}",
                    severity.as_str()
                )
            }
            Failure::Unanswered {
                count, questions, ..
            } => {
                let listed: Vec<String> = questions.iter().map(|q| format!("`{q}`")).collect();
                let more = if *count > questions.len() {
                    ", …"
                } else {
                    ""
                };
                format!(
                    "{} unanswered ({}{more}); answer {}, or set `allow_unanswered = true` under [check]",
                    crate::text::plural(
                        *count,
                        "applicable question is",
                        "applicable questions are"
                    ),
                    listed.join(", "),
                    if *count == 1 { "it" } else { "them" }
                )
            }
            Failure::ToReview {
                count, questions, ..
            } => {
                let listed: Vec<String> = questions.iter().map(|q| format!("`{q}`")).collect();
                let more = if *count > questions.len() {
                    ", …"
                } else {
                    ""
                };
                format!(
                    "{} to review: given before {} question's last revision ({}{more}); check {}, then delete `answered_in`, or set `fail_on_review = false` under [check]",
                    crate::text::plural(*count, "answer is", "answers are"),
                    if *count == 1 { "its" } else { "their" },
                    listed.join(", "),
                    if *count == 1 { "it" } else { "each" }
                )
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Verdict {
    pub passed: bool,
    pub failures: Vec<Failure>,
}

impl Verdict {
    /// Whether the open gap on `question` is one of the gate's failures
    /// (unwaived, at or above `fail_on`).
    pub fn fails_on_gap(&self, question: &str) -> bool {
        self.failures
            .iter()
            .any(|f| matches!(f, Failure::OpenGap { question: q, .. } if q == question))
    }

    /// The failures not tied to one open gap: the score, expired waivers,
    /// stale evidence, unanswered questions.
    pub fn other_failures(&self) -> impl Iterator<Item = &Failure> {
        self.failures
            .iter()
            .filter(|f| !matches!(f, Failure::OpenGap { .. }))
    }

    /// "the gate passed", or "the gate failed: 3 failures (…)".
    pub fn summary(&self) -> String {
        if self.passed {
            return "the gate passed".to_string();
        }
        let described: Vec<String> = self.failures.iter().map(Failure::describe).collect();
        format!(
            "the gate failed: {} ({})",
            crate::text::plural(self.failures.len(), "failure", "failures"),
            described.join("; ")
        )
    }
}

pub fn evaluate(gate: &Gate, a: &Assessment) -> Verdict {
    let mut failures = Vec::new();
    if let (Some(threshold), Some(score)) = (gate.fail_under, a.score)
        && score < threshold
    {
        failures.push(Failure::ScoreBelow { score, threshold });
    }
    if let Some(at_least) = gate.fail_on {
        for gap in a.open_gaps(at_least).filter(|g| !g.waived) {
            failures.push(Failure::OpenGap {
                question: gap.question.clone(),
                severity: gap.severity,
                pos: gap.pos,
            });
        }
        for s in a.stale_evidence.iter().filter(|s| s.severity >= at_least) {
            failures.push(Failure::StaleEvidence {
                question: s.question.clone(),
                severity: s.severity,
                reviewed: s.reviewed,
                pos: s.pos,
            });
        }
    }
    if gate.fail_on_unanswered {
        let unanswered: Vec<&crate::assessment::Gap> = a
            .gaps
            .iter()
            .filter(|g| g.state == GapState::Unanswered)
            .collect();
        if let Some(first) = unanswered.first() {
            failures.push(Failure::Unanswered {
                count: unanswered.len(),
                questions: unanswered
                    .iter()
                    .take(3)
                    .map(|g| g.question.clone())
                    .collect(),
                // An unanswered gap's place is `answers:` (or the file's top).
                pos: first.pos,
            });
        }
    }
    if gate.fail_on_review
        && let Some(first) = a.content.to_review.first()
    {
        failures.push(Failure::ToReview {
            count: a.content.to_review.len(),
            questions: a
                .content
                .to_review
                .iter()
                .take(3)
                .map(|r| r.question.clone())
                .collect(),
            pos: first.pos,
        });
    }
    for w in a.waivers.iter().filter(|w| w.expired) {
        failures.push(Failure::ExpiredWaiver {
            question: w.question.clone(),
            expires: w.expires,
            pos: w.pos,
        });
    }
    Verdict {
        passed: failures.is_empty(),
        failures,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layers_override_only_what_they_set() {
        let config = Gate::CHECK_DEFAULT.with(&Layer {
            fail_under: Some(70.0),
            ..Layer::default()
        });
        assert_eq!(
            config,
            Gate {
                fail_under: Some(70.0),
                fail_on: Some(Severity::Critical),
                fail_on_unanswered: true,
                fail_on_review: false,
            }
        );
        let flags = config.with(&Layer {
            fail_on: Some(None),
            allow_unanswered: Some(true),
            ..Layer::default()
        });
        assert_eq!(
            flags,
            Gate {
                fail_under: Some(70.0),
                fail_on: None,
                fail_on_unanswered: false,
                fail_on_review: false,
            }
        );
        assert_eq!(Gate::default().with(&Layer::default()), Gate::default());
    }

    fn assess(answers: &str) -> Assessment {
        use crate::content::{catalog::Catalog, set::QuestionnaireSet};
        let text = format!(
            "mera: 1\norganization: {{name: X, as_of: 2026-11-20}}\nprofile: {{develops_frontier_models: false, deploys_ai_agents: false, critical_infrastructure_operator: false}}\nanswers: {answers}\n"
        );
        let set = QuestionnaireSet::builtin();
        let source = crate::input::source::Source::new("a.yaml", text);
        let (answers, _) = crate::assessment::answers::load(&source, &set).unwrap();
        let options = crate::assessment::scoring::Options::on(answers.organization.as_of.unwrap());
        crate::assessment::scoring::assess(&set, &Catalog::builtin(), &answers, &options)
    }

    #[test]
    fn unanswered_questions_fail_the_check_gate_unless_allowed() {
        let empty = assess("{}");
        let verdict = evaluate(&Gate::CHECK_DEFAULT, &empty);
        assert!(!verdict.passed);
        let Some(Failure::Unanswered {
            count, questions, ..
        }) = verdict.failures.last()
        else {
            panic!("{verdict:?}")
        };
        assert_eq!(*count, empty.applicable());
        assert_eq!(questions.len(), 3);
        assert!(verdict.failures[0].describe().contains("allow_unanswered"));
        let allowed = Gate::CHECK_DEFAULT.with(&Layer {
            allow_unanswered: Some(true),
            ..Layer::default()
        });
        assert!(evaluate(&allowed, &empty).passed);
        // `assess` gates only on what its flags ask for.
        assert!(evaluate(&Gate::default(), &empty).passed);
    }
}
