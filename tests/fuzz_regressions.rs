//! Inputs the fuzz targets (`fuzz/`, `scripts/fuzz`) found crashing, kept
//! as tests: each must now be refused with a clear problem, not a panic.

use mera::content::catalog::Catalog;
use mera::content::set::{self, QuestionnaireSet};
use mera::content::template::answers_template;
use mera::input::diagnostic::Code;
use mera::input::source::{Source, Syntax};

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
    // The raw control character is refused before the file is read as a
    // questionnaire.
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!(problems[0].code, Code::InvisibleCharacter);
    assert_eq!(problems[0].file, "crash.yaml");
    assert!(problems[0].pos.is_some());
    // Written as a YAML escape it passes that check, and the id is refused.
    let escaped = text.replace('\u{1}', "\\x01");
    let line = escaped
        .lines()
        .find(|l| l.contains("\\x01"))
        .expect("the fixture's control character")
        .to_string();
    let (head, id) = line.split_once("id: ").expect("in an id");
    let quoted = escaped.replace(&line, &format!("{head}id: \"{id}\""));
    let problems = set::load_checked(
        &QuestionnaireSet::builtin_sources(),
        &[Source::new("crash.yaml", quoted)],
        &Catalog::builtin(),
    )
    .expect_err("a malformed fact id");
    let bad: Vec<_> = problems
        .iter()
        .filter(|d| d.code == Code::InvalidId && d.message.starts_with("fact id"))
        .collect();
    assert_eq!(bad.len(), 1, "{problems:#?}");
    assert!(bad[0].message.contains("\\u{1}"), "{}", bad[0].message);
    assert!(bad[0].pos.is_some());
}

/// `questionnaire` target: a custom questionnaire whose fact prompt holds a
/// delete character (U+007F). The set loaded, and the TOML `init` template,
/// which quotes prompts in comments, did not parse; both forms must.
#[test]
fn a_control_character_in_questionnaire_text_leaves_the_template_parsing() {
    let raw = include_str!("fixtures/fuzz/questionnaire-prompt-with-delete-character.yaml");
    assert!(raw.contains('\u{7f}'));
    let profile_only = || -> Vec<Source> {
        QuestionnaireSet::builtin_sources()
            .into_iter()
            .filter(|s| s.name.ends_with("profile.yaml"))
            .collect()
    };
    // Raw, the control characters are refused at their places.
    let problems = set::load_checked(
        &profile_only(),
        &[Source::new("crash.yaml", raw)],
        &Catalog::builtin(),
    )
    .expect_err("raw control characters");
    assert!(
        problems.iter().all(|d| d.code == Code::InvisibleCharacter),
        "{problems:#?}"
    );
    assert_eq!(problems[0].pos.map(|p| (p.line, p.col)), Some((18, 21)));
    // Written as YAML escapes in a quoted prompt, they load, and the
    // templates must still parse.
    let text: String = raw
        .replace(
            "    prompt: >\n      Does the organization run AI agents that take actions on computer\n      systems (its o\u{7f}n, customers' or third parties'), not just answer\n      questions?\n",
            "    prompt: \"Does the organization run AI agents (its o\\x7Fn systems)?\"\n",
        )
;
    // Its NULs once ended the parser's input there; keep what it read.
    let text = &text[..text.find('\0').unwrap_or(text.len())];
    assert!(!text.contains('\u{7f}'), "the fixture changed");
    let profile: Vec<Source> = QuestionnaireSet::builtin_sources()
        .into_iter()
        .filter(|s| s.name.ends_with("profile.yaml"))
        .collect();
    let set = set::load_checked(
        &profile,
        &[Source::new("crash.yaml", text)],
        &Catalog::builtin(),
    )
    .unwrap_or_else(|e| panic!("{e:#?}"));
    let as_of = mera::input::doc::parse_date("2026-11-20").unwrap();
    for syntax in [Syntax::Yaml, Syntax::Toml] {
        let template = answers_template(&set, &Catalog::builtin(), as_of, syntax);
        assert!(template.contains('\u{FFFD}'));
        let source = Source::new("template", template);
        let parsed = match syntax {
            Syntax::Yaml => mera::input::yaml::parse(&source),
            Syntax::Toml => mera::input::toml_doc::parse(&source),
        };
        assert!(parsed.is_ok(), "{syntax:?}: {parsed:?}");
    }
}
