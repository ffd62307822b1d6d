//! The CI gate: thresholds over an [`Assessment`], and why it passed or failed.

use chrono::NaiveDate;
use serde::Serialize;

use crate::assessment::Assessment;
use crate::content::questionnaire::Severity;
use crate::input::source::Pos;

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Gate {
    /// Fail when the overall score is below this.
    pub fail_under: Option<f64>,
    /// Fail on an unwaived gap (or stale evidence) at or above this
    /// severity; `None` never fails on severity.
    pub fail_on: Option<Severity>,
}

impl Gate {
    /// What `mera check` enforces when nothing is configured: no score
    /// threshold, but an unwaived critical gap fails.
    pub const CHECK_DEFAULT: Gate = Gate {
        fail_under: None,
        fail_on: Some(Severity::Critical),
    };

    /// These settings with a later layer on top: each setting the layer
    /// gives replaces this one (`Some(None)` for `fail_on = "none"`).
    #[must_use]
    pub fn with(self, fail_under: Option<f64>, fail_on: Option<Option<Severity>>) -> Gate {
        Gate {
            fail_under: fail_under.or(self.fail_under),
            fail_on: fail_on.unwrap_or(self.fail_on),
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
}

impl Failure {
    /// Where in the answers file the failure is; `None` for the score.
    pub fn pos(&self) -> Option<Pos> {
        match self {
            Failure::ScoreBelow { .. } => None,
            Failure::OpenGap { pos, .. }
            | Failure::ExpiredWaiver { pos, .. }
            | Failure::StaleEvidence { pos, .. } => Some(*pos),
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
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Verdict {
    pub passed: bool,
    pub failures: Vec<Failure>,
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
        let config = Gate::CHECK_DEFAULT.with(Some(70.0), None);
        assert_eq!(
            config,
            Gate {
                fail_under: Some(70.0),
                fail_on: Some(Severity::Critical)
            }
        );
        let flags = config.with(None, Some(None));
        assert_eq!(
            flags,
            Gate {
                fail_under: Some(70.0),
                fail_on: None
            }
        );
        assert_eq!(Gate::default().with(None, None), Gate::default());
    }
}
