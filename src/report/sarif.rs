//! SARIF 2.1.0 (serde-sarif types) for code-scanning tools such as GitHub's.
//! One rule per question that has a gap; one result per gap, at the answer's
//! line and column (or at `answers:` when the question is unanswered);
//! waived gaps are suppressed results carrying the waiver's reason.
//! Locations use the answers file's path relative to the repository root,
//! and `partialFingerprints` hold the file and question id, never a line,
//! so a re-upload updates an alert instead of opening a new one.

use std::collections::BTreeMap;

use serde_sarif::sarif::{
    ArtifactLocation, Location, Message, MultiformatMessageString, PhysicalLocation, PropertyBag,
    Region, ReportingConfiguration, ReportingDescriptor, Result as SarifResult, ResultLevel, Run,
    Sarif, Suppression, Tool, ToolComponent,
};

use super::{Report, provisions_text, state_text};
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
    m
}

fn result(g: &Gap, a: &Assessment, path: &str, rule_index: usize) -> SarifResult {
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
        .level(level(g.severity))
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
    for r in reports {
        let a = r.assessment;
        let path = artifact_uri(r.repo_path.as_deref().unwrap_or(&a.file));
        for g in &a.gaps {
            let index = match rules.iter().position(|x| x.id == g.question) {
                Some(i) => i,
                None => {
                    rules.push(rule(g));
                    rules.len() - 1
                }
            };
            results.push(result(g, a, &path, index));
        }
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
                .additional_properties(BTreeMap::from([(
                    "notice".to_string(),
                    serde_json::Value::String(super::VOLUNTARY_NOTE.to_string()),
                )]))
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
