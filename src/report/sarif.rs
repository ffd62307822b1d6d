//! SARIF 2.1.0 (serde-sarif types) for code-scanning tools such as GitHub's.
//! One rule per question that has a gap; one result per gap, at the answer's
//! line and column (or at `answers:` when the question is unanswered);
//! waived gaps are suppressed results carrying the waiver's reason.
//! Locations use the answers file's path relative to the repository root,
//! and `partialFingerprints` hold the file and question id, never a line,
//! so a re-upload updates an alert instead of opening a new one.
//!
//! When a gate ran, a result's level follows it: a gap the gate fails on
//! is an error, a gap below `fail_on` a warning (a note when low); the
//! gate's other failures (the score, an expired waiver, stale evidence,
//! unanswered questions) are results of their own under the rules
//! `mera-gate-KIND` (no dot, so never a question id), and the verdict of each file is in the run's
//! properties (`gates`). With no gate, the level is the severity's.

use std::collections::BTreeMap;

use serde_sarif::sarif::{
    ArtifactLocation, Location, Message, MultiformatMessageString, PhysicalLocation, PropertyBag,
    Region, ReportingConfiguration, ReportingDescriptor, Result as SarifResult, ResultLevel, Run,
    Sarif, Suppression, Tool, ToolComponent,
};

use super::{Loudness, Report, Standing, provisions_text, state_text};
use crate::assessment::gate::Failure;
use crate::assessment::{Assessment, Gap};
use crate::content::questionnaire::Severity;

pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The key under `partialFingerprints`; bump the suffix only if the value's
/// meaning changes (that would reopen every alert once).
pub const FINGERPRINT_KEY: &str = "meraQuestion/v1";

fn level(s: Severity) -> ResultLevel {
    match s {
        Severity::Critical | Severity::High => ResultLevel::Error,
        Severity::Medium => ResultLevel::Warning,
        Severity::Low => ResultLevel::Note,
    }
}

fn loud(l: Loudness) -> ResultLevel {
    match l {
        Loudness::Error => ResultLevel::Error,
        Loudness::Warning => ResultLevel::Warning,
        Loudness::Note => ResultLevel::Note,
    }
}

/// The rule id of a gate failure that is not one gap.
fn gate_rule_id(f: &Failure) -> String {
    format!("mera-gate-{}", f.code())
}

fn gate_rule(f: &Failure) -> ReportingDescriptor {
    let (short, full) = match f {
        Failure::ScoreBelow { .. } => (
            "The overall score is below the gate's threshold.",
            "The overall readiness score is below fail_under, the threshold in mera.toml or --fail-under.",
        ),
        Failure::ExpiredWaiver { .. } => (
            "A waiver has expired.",
            "A waiver takes a gap out of the gate only until it expires; an expired waiver fails the gate until it is renewed or the gap is closed.",
        ),
        Failure::StaleEvidence { .. } => (
            "Evidence was last reviewed too long ago.",
            "The answer's reviewed date is older than max_evidence_age_days before the run date, on a question at or above fail_on.",
        ),
        Failure::Unanswered { .. } => (
            "Applicable questions are unanswered.",
            "mera check fails while applicable questions are unanswered, unless allow_unanswered is set under [check].",
        ),
        Failure::ToReview { .. } => (
            "Answers were given before their questions were last revised.",
            "An answer given before its question's last substantive revision, not yet re-confirmed, fails the gate when fail_on_review is set under [check].",
        ),
        Failure::OpenGap { .. } => (
            "An open gap at or above fail_on.",
            "An unwaived gap at or above the gate's fail_on severity.",
        ),
    };
    ReportingDescriptor::builder()
        .id(gate_rule_id(f))
        .name(f.code().to_string())
        .short_description(text(short))
        .full_description(text(full))
        .help(text(format!(
            "{full} Fix it in the answers file, or change the gate in mera.toml."
        )))
        .default_configuration(
            ReportingConfiguration::builder()
                .level(serde_json::Value::String("error".into()))
                .build(),
        )
        .properties(
            PropertyBag::builder()
                .tags(vec!["readiness".to_string(), "gate".to_string()])
                .build(),
        )
        .build()
}

fn gate_result(f: &Failure, path: &str, rule_index: usize) -> SarifResult {
    let pos = f.pos().unwrap_or_default();
    let location = Location::builder()
        .physical_location(
            PhysicalLocation::builder()
                .artifact_location(ArtifactLocation::builder().uri(path.to_string()).build())
                .region(
                    Region::builder()
                        .start_line(i64::from(pos.line.max(1)))
                        .start_column(i64::from(pos.col.max(1)))
                        .build(),
                )
                .build(),
        )
        .build();
    let what = match f {
        Failure::ExpiredWaiver { question, .. } | Failure::StaleEvidence { question, .. } => {
            format!("{}/{question}", f.code())
        }
        _ => f.code().to_string(),
    };
    SarifResult::builder()
        .rule_id(gate_rule_id(f))
        .rule_index(i64::try_from(rule_index).unwrap_or(i64::MAX))
        .level(ResultLevel::Error)
        .message(
            Message::builder()
                .text(format!("The gate failed: {}.", f.describe()))
                .build(),
        )
        .locations(vec![location])
        .partial_fingerprints(BTreeMap::from([(
            FINGERPRINT_KEY.to_string(),
            format!("{path}#gate/{what}"),
        )]))
        .build()
}

fn level_value(s: Severity) -> serde_json::Value {
    serde_json::Value::String(level(s).to_string())
}

fn text(t: impl Into<String>) -> MultiformatMessageString {
    MultiformatMessageString::builder().text(t.into()).build()
}

fn rule(g: &Gap) -> ReportingDescriptor {
    let help = format!(
        "{} Provisions: {}. Recommended action when the answer is `{}`: {}",
        g.text.trim(),
        provisions_text(g),
        g.state.as_str(),
        g.action.text.trim()
    );
    let mut tags = vec![
        "readiness".to_string(),
        g.severity.as_str().to_string(),
        g.area.clone(),
    ];
    for p in &g.provisions {
        let force = p.force.as_str().to_string();
        if !tags.contains(&force) {
            tags.push(force);
        }
    }
    ReportingDescriptor::builder()
        .id(g.question.clone())
        .short_description(text(g.text.trim()))
        .full_description(text(full_description(g)))
        .help(text(help))
        .default_configuration(
            ReportingConfiguration::builder()
                .level(level_value(g.severity))
                .build(),
        )
        .properties(PropertyBag::builder().tags(tags).build())
        .build()
}

/// The question and why it matters, as GitHub code scanning shows a
/// rule's description (it requires `fullDescription`).
fn full_description(g: &Gap) -> String {
    match g.why.trim() {
        "" => g.text.trim().to_string(),
        why => format!("{} Why it matters: {why}", g.text.trim()),
    }
}

/// Where to learn about the tool: the package's `repository`, else its
/// `homepage`, from Cargo.toml; none while neither is set (SARIF's
/// `informationUri` is then left out rather than made up).
pub const INFORMATION_URI: Option<&str> = match (
    env!("CARGO_PKG_REPOSITORY").as_bytes(),
    env!("CARGO_PKG_HOMEPAGE").as_bytes(),
) {
    ([_, ..], _) => Some(env!("CARGO_PKG_REPOSITORY")),
    ([], [_, ..]) => Some(env!("CARGO_PKG_HOMEPAGE")),
    ([], []) => None,
};

fn message(g: &Gap, a: &Assessment) -> String {
    let mut m = format!(
        "{} gap ({}): {} Action: {} ({})",
        g.severity.as_str(),
        state_text(g),
        g.text.trim(),
        g.action.text.trim(),
        super::owner_text(g)
    );
    if let Some(due) = super::due_line(g, a.run_date) {
        m.push_str(&format!(", {due}"));
    }
    m.push_str(&format!(". Provisions: {}.", provisions_text(g)));
    if let Some(record) = super::respondent_text(&g.record) {
        m.push(' ');
        m.push_str(&record);
    }
    m
}

fn result(
    g: &Gap,
    standing: Standing,
    a: &Assessment,
    path: &str,
    rule_index: usize,
) -> SarifResult {
    let location = Location::builder()
        .physical_location(
            PhysicalLocation::builder()
                .artifact_location(ArtifactLocation::builder().uri(path.to_string()).build())
                .region(
                    Region::builder()
                        .start_line(i64::from(g.pos.line.max(1)))
                        .start_column(i64::from(g.pos.col.max(1)))
                        .build(),
                )
                .build(),
        )
        .build();
    let fingerprints = BTreeMap::from([(
        FINGERPRINT_KEY.to_string(),
        format!("{path}#{}", g.question),
    )]);
    let base = SarifResult::builder()
        .rule_id(g.question.clone())
        .rule_index(i64::try_from(rule_index).unwrap_or(i64::MAX))
        .level(match standing {
            // A suppressed result keeps its severity's level.
            Standing::Waived => level(g.severity),
            _ => loud(super::loudness(standing, g.severity)),
        })
        .message(Message::builder().text(message(g, a)).build())
        .locations(vec![location])
        .partial_fingerprints(fingerprints);
    match a
        .waivers
        .iter()
        .find(|w| g.waived && w.question == g.question)
    {
        Some(w) => base
            .suppressions(vec![
                Suppression::builder()
                    .kind(serde_json::Value::String("inSource".into()))
                    .status(serde_json::Value::String("accepted".into()))
                    .justification(format!(
                        "{} (approved by {}, expires {})",
                        w.reason, w.approved_by, w.expires
                    ))
                    .build(),
            ])
            .build(),
        None => base.build(),
    }
}

/// A path as code scanning wants it: relative, forward slashes, no `./`.
pub fn artifact_uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let trimmed = path.trim_start_matches("./");
    if trimmed.starts_with('/') || trimmed.is_empty() {
        // Not below the repository: the file name is the best relative path.
        trimmed
            .rsplit('/')
            .next()
            .unwrap_or("answers.yaml")
            .to_string()
    } else {
        trimmed.to_string()
    }
}

pub fn render(reports: &[Report]) -> String {
    let mut rules: Vec<ReportingDescriptor> = Vec::new();
    let mut results = Vec::new();
    let mut gates = Vec::new();
    let mut privileged = Vec::new();
    for r in reports {
        let a = r.assessment;
        let path = artifact_uri(r.repo_path.as_deref().unwrap_or(&a.file));
        let first = results.len();
        for g in &a.gaps {
            let index = match rules.iter().position(|x| x.id == g.question) {
                Some(i) => i,
                None => {
                    rules.push(rule(g));
                    rules.len() - 1
                }
            };
            results.push(result(g, Standing::of(r, g), a, &path, index));
        }
        if let Some(v) = r.verdict {
            for f in v.other_failures() {
                let id = gate_rule_id(f);
                let index = match rules.iter().position(|x| x.id == id) {
                    Some(i) => i,
                    None => {
                        rules.push(gate_rule(f));
                        rules.len() - 1
                    }
                };
                results.push(gate_result(f, &path, index));
            }
            gates.push(
                serde_json::json!({"file": path, "passed": v.passed, "failures": v.failures}),
            );
        }
        // A privileged file's legend: in the run's properties, and at the
        // head of each of its results' messages, since code scanning shows
        // every alert on a page of its own.
        if let Some(legend) = a.organization.legend() {
            privileged.push(serde_json::json!({"file": path, "legend": legend}));
            for result in &mut results[first..] {
                let text = result.message.text.take().unwrap_or_default();
                result.message.text = Some(format!("[{legend}] {text}"));
            }
        }
    }
    let mut properties = BTreeMap::from([(
        "notice".to_string(),
        serde_json::Value::String(super::VOLUNTARY_NOTE.to_string()),
    )]);
    if !gates.is_empty() {
        properties.insert("gates".to_string(), serde_json::Value::Array(gates));
    }
    if !privileged.is_empty() {
        properties.insert(
            "privileged".to_string(),
            serde_json::Value::Array(privileged),
        );
    }
    let mut driver = ToolComponent::builder()
        .name("mera")
        .version(env!("CARGO_PKG_VERSION"))
        .semantic_version(env!("CARGO_PKG_VERSION"))
        .full_name(concat!("mera ", env!("CARGO_PKG_VERSION")))
        .rules(rules)
        .build();
    driver.information_uri = INFORMATION_URI.map(str::to_string);
    let run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .results(results)
        .properties(
            PropertyBag::builder()
                .additional_properties(properties)
                .build(),
        )
        .build();
    let log = Sarif::builder()
        .schema(SCHEMA)
        .version(serde_json::Value::String("2.1.0".into()))
        .runs(vec![run])
        .build();
    // Plain data with string keys: serializing cannot fail.
    let mut out = serde_json::to_string_pretty(&log).unwrap_or_default();
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn artifact_uris_are_relative_with_forward_slashes() {
        assert_eq!(artifact_uri("./examples/a.yaml"), "examples/a.yaml");
        assert_eq!(artifact_uri("examples\\a.yaml"), "examples/a.yaml");
        assert_eq!(artifact_uri("/tmp/x/readiness.yaml"), "readiness.yaml");
    }
}
