//! Inputs the fuzz targets (`fuzz/`, `scripts/fuzz`) found crashing, kept
//! as tests: each must now be refused with a clear problem, not a panic.

use mera::content::catalog::Catalog;
use mera::content::set::{self, QuestionnaireSet};
use mera::input::diagnostic::Code;
use mera::input::source::Source;

/// `questionnaire` target: a copy of profile.yaml with a control character
/// (U+0001) in a fact id. The set loaded, and the `init` template written
/// from it, which puts fact ids in keys and comments, did not parse as TOML.
#[test]
fn a_fact_id_with_a_control_character_is_refused() {
    let text = include_str!("fixtures/fuzz/questionnaire-fact-id-with-control-character.yaml");
    let extra = Source::new("crash.yaml", text);
    let problems = set::load_checked(
        &QuestionnaireSet::builtin_sources(),
        &[extra],
        &Catalog::builtin(),
    )
    .expect_err("a malformed fact id");
    let bad: Vec<_> = problems
        .iter()
        .filter(|d| d.code == Code::InvalidId && d.message.starts_with("fact id"))
        .collect();
    assert_eq!(bad.len(), 1, "{problems:#?}");
    assert!(bad[0].message.contains("\\u{1}"), "{}", bad[0].message);
    assert_eq!(bad[0].file, "crash.yaml");
    assert!(bad[0].pos.is_some());
}
