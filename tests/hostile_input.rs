//! Regression tests for hostile inputs found while fuzzing and profiling the
//! loaders: each one used to take minutes or print megabytes for a file
//! within the 4 MiB limit. Time bounds are generous (a debug build on a busy
//! 2-core machine); the quadratic versions took minutes here.

use std::time::{Duration, Instant};

use mera::assessment::answers;
use mera::content::set::QuestionnaireSet;
use mera::input::source::Source;

const HEAD: &str = "mera: 1\norganization: {name: X}\nprofile: {develops_frontier_models: false, deploys_ai_agents: true, critical_infrastructure_operator: false}\n";
const BOUND: Duration = Duration::from_secs(30);

fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let out = f();
    (out, start.elapsed())
}

/// Duplicate keys were found by a linear search of the mapping so far.
#[test]
fn a_mapping_with_99_000_keys_parses_in_linear_time() {
    let keys: String = (0..99_000).map(|i| format!("k{i}: 1\n")).collect();
    let (node, took) = timed(|| mera::input::yaml::parse(&Source::new("many.yaml", keys)));
    assert!(node.is_ok());
    assert!(took < BOUND, "took {took:?}");
}

/// Every TOML key and value was placed by counting from the top of the file.
#[test]
fn a_toml_file_with_150_000_keys_on_one_line_parses_in_linear_time() {
    let items: String = (0..150_000).map(|i| format!("k{i} = 1, ")).collect();
    let text = format!("x = {{ {items}z = 2 }}\n");
    let (node, took) = timed(|| mera::input::toml_doc::parse(&Source::new("many.toml", text)));
    let node = node.expect("valid TOML");
    assert!(took < BOUND, "took {took:?}");
    let x = node.get("x").expect("x");
    let mera::input::doc::Value::Map(entries) = &x.value else {
        panic!("a table")
    };
    assert_eq!(entries.len(), 150_001);
    assert_eq!(entries[1].0.pos.col, 15);
}

/// Each problem's snippet printed the whole line: 2,000 unknown ids on one
/// 19 KB line made 56 MB of errors.
#[test]
fn problems_on_one_long_line_print_a_window_of_it() {
    let items: String = (0..2_000).map(|i| format!("k{i}: 1, ")).collect();
    let text = format!("{HEAD}answers: {{{items}z: 1}}\n");
    let source = Source::new("long-line.yaml", text);
    let problems = answers::load(&source, &QuestionnaireSet::builtin()).expect_err("unknown ids");
    // Besides the warning that the file has no content stamp.
    let problems: Vec<_> = problems.into_iter().filter(|p| p.is_error()).collect();
    assert_eq!(problems.len(), 2_001);
    let printed: usize = problems.iter().map(|d| d.render(Some(&source)).len()).sum();
    assert!(printed < 2_001 * 600, "{printed} bytes");
}

/// Unknown question ids: each snippet scanned the file from the top, and
/// every id was compared with every question for a suggestion, even ids
/// whose length alone rules a suggestion out. (Ids close in length to the
/// real ones still cost a comparison each: 99,000 of them take 12 s in a
/// release build; see the issue-8 hardening report.)
#[test]
fn thirty_thousand_unknown_ids_are_reported_in_linear_time() {
    let lines: String = (0..30_000)
        .map(|i| format!("  agt.unknown-{i:08}-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx: yes\n"))
        .collect();
    let source = Source::new("many-unknown.yaml", format!("{HEAD}answers:\n{lines}"));
    let set = QuestionnaireSet::builtin();
    let (printed, took) = timed(|| {
        let problems = answers::load(&source, &set).expect_err("unknown ids");
        let problems: Vec<_> = problems.into_iter().filter(|p| p.is_error()).collect();
        assert_eq!(problems.len(), 30_000);
        problems
            .iter()
            .map(|d| d.render(Some(&source)).len())
            .sum::<usize>()
    });
    assert!(printed > 0);
    assert!(took < BOUND, "took {took:?}");
}

/// A NUL ended the YAML parser's input: the rest of the file vanished and
/// the file scored as if half-answered, with no error. Every character a
/// reader cannot see that changes the reading is an error at its place, at
/// every line of every shipped example, YAML and TOML.
#[test]
fn an_invisible_character_on_any_line_of_any_example_is_an_error_at_that_line() {
    let set = QuestionnaireSet::builtin();
    let examples = concat!(env!("CARGO_MANIFEST_DIR"), "/examples");
    let mut files: Vec<_> = std::fs::read_dir(examples)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "toml"))
        .filter(|p| p.file_name().is_some_and(|n| n != "mera.toml"))
        .collect();
    files.sort();
    assert!(files.len() >= 4, "{files:?}");
    let mut tried = 0;
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let name = path.file_name().unwrap().to_str().unwrap();
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        for (i, _) in lines.iter().enumerate() {
            for mark in ['\0', '\u{1}', '\u{200b}', '\u{a0}'] {
                let edited: String = lines
                    .iter()
                    .enumerate()
                    .map(|(j, l)| {
                        if i == j {
                            format!("{mark}{l}")
                        } else {
                            (*l).to_string()
                        }
                    })
                    .collect();
                let errs = answers::load(&Source::new(name, edited), &set)
                    .expect_err("an invisible character must not load");
                assert_eq!(errs.len(), 1, "{name} line {} {mark:?}: {errs:#?}", i + 1);
                assert_eq!(errs[0].code.as_str(), "invisible-character");
                assert_eq!(
                    errs[0].pos.map(|p| p.line),
                    Some(u32::try_from(i + 1).unwrap())
                );
                assert!(errs[0].help.is_some());
                tried += 1;
            }
        }
    }
    assert!(tried > 1000, "{tried}");
}
