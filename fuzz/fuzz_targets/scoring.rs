//! Scoring of arbitrary valid inputs: the fuzz bytes choose a whole answers
//! file over the built-in set (profile facts, every answer in any spelling,
//! evidence, review dates, waivers), written as YAML or TOML. The loader
//! must accept it and read every answer as written; the assessment must keep
//! its invariants; every format renders.
#![no_main]

use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;
use mera::input::source::Source;
use mera::report::Style;
use mera_fuzz::draft::{Draft, Pick, one_of};
use mera_fuzz::{How, SET, assess_and_check};

struct Bytes<'a, 'b>(&'a mut Unstructured<'b>);

impl Pick for Bytes<'_, '_> {
    fn pick(&mut self, n: u32) -> u32 {
        self.0.int_in_range(0..=n.max(1) - 1).unwrap_or(0)
    }
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let mut p = Bytes(&mut u);
    let toml = p.pick(2) == 1;
    let how = How {
        max_age: *one_of(&mut p, &[0, 30, 365, 36_500]),
        redact: p.pick(2) == 1,
        with_verdict: p.pick(2) == 1,
        // The table costs more than everything else together: render it
        // for one input in four, so the run reaches its million.
        style: (p.pick(4) == 0).then(|| Style {
            color: p.pick(2) == 1,
            width: *one_of(&mut p, &[40, 80, 120]),
        }),
    };
    let draft = Draft::draw(&SET, &mut p);
    let (name, text) = if toml {
        ("drawn.toml", draft.toml())
    } else {
        ("drawn.yaml", draft.yaml())
    };
    let src = Source::new(name, text);
    let (answers, _warnings) = match mera::assessment::answers::load(&src, &SET) {
        Ok(loaded) => loaded,
        Err(e) => panic!("a valid file was refused: {e:#?}\n{}", src.text),
    };
    assert_eq!(answers.answers.len(), draft.answers.len());
    for a in &draft.answers {
        assert_eq!(
            answers.answers[&a.question].response,
            a.response(),
            "{}",
            a.question
        );
    }
    assert_eq!(answers.waivers.len(), draft.waivers.len());
    assess_and_check(&answers, draft.as_of.expect("drawn with a date"), how);
});
