//! The CI gate: thresholds over an [`Assessment`], and why it passed or failed.

use chrono::NaiveDate;
use serde::Serialize;

use crate::assessment::Assessment;
use crate::questionnaire::Severity;

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Gate {
    /// Fail when the overall score is below this.
    pub fail_under: Option<f64>,
    /// Fail on an unwaived gap (or stale evidence) at or above this
    /// severity; `None` never fails on severity.
    pub fail_on: Option<Severity>,
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
    },
    ExpiredWaiver {
        question: String,
        expires: NaiveDate,
    },
    StaleEvidence {
        question: String,
        severity: Severity,
        reviewed: NaiveDate,
    },
}

impl Failure {
    pub fn describe(&self) -> String {
        match self {
            Failure::ScoreBelow { score, threshold } => {
                format!("score {score:.1} is below the threshold {threshold}")
            }
            Failure::OpenGap { question, severity } => {
                format!("open {} gap `{question}`", severity.as_str())
            }
            Failure::ExpiredWaiver { question, expires } => {
                format!("the waiver for `{question}` expired after {expires}")
            }
            Failure::StaleEvidence {
                question,
                severity,
                reviewed,
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
            });
        }
        for s in a.stale_evidence.iter().filter(|s| s.severity >= at_least) {
            failures.push(Failure::StaleEvidence {
                question: s.question.clone(),
                severity: s.severity,
                reviewed: s.reviewed,
            });
        }
    }
    for w in a.waivers.iter().filter(|w| w.expired) {
        failures.push(Failure::ExpiredWaiver {
            question: w.question.clone(),
            expires: w.expires,
        });
    }
    Verdict {
        passed: failures.is_empty(),
        failures,
    }
}
