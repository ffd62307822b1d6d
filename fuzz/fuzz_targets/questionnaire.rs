//! Any bytes as a questionnaire file from disk, loaded beside the built-in
//! profile facts and checked as a set (ids, provisions, facts, conditions,
//! due rules, cycles, reachability), as `--questionnaires` does; whatever
//! passes is browsed and turned into an answers template that must parse.
//! (The other built-in questionnaires are left out of each run: parsing and
//! checking them every time would cost a hundred times the input's own work.
//! They are in the seed corpus instead.)
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use mera::content::set::QuestionnaireSet;
use mera::input::source::Source;
use mera_fuzz::{CATALOG, render_all, source};

static PROFILE: LazyLock<Vec<Source>> = LazyLock::new(|| {
    QuestionnaireSet::builtin_sources()
        .into_iter()
        .filter(|s| s.name.ends_with("profile.yaml"))
        .collect()
});

fuzz_target!(|data: &[u8]| {
    let Some(src) = source("extra.yaml", data) else {
        return;
    };
    let result = mera::content::set::load_checked(&PROFILE, std::slice::from_ref(&src), &CATALOG);
    match result {
        Ok(set) => {
            let _ = mera::content::browse::list(&set);
            for q in &set.questionnaires {
                let _ = mera::content::browse::show(q, &CATALOG);
                for question in &q.questions {
                    let _ = mera::content::browse::explain(q, question, &CATALOG, 80);
                }
            }
            let _ = mera::content::set::unused_provisions(&set, &CATALOG);
            let as_of = mera_fuzz::draft::day("2026-11-20");
            // The template parses, in both forms.
            let template = mera::content::template::answers_template(
                &set,
                &CATALOG,
                as_of,
                mera::input::source::Syntax::Yaml,
            );
            let t = Source::new("template.yaml", template);
            if let Err(e) = mera::input::yaml::parse(&t) {
                panic!("template does not parse: {e:?}\n{}", t.text);
            }
            let template = mera::content::template::answers_template(
                &set,
                &CATALOG,
                as_of,
                mera::input::source::Syntax::Toml,
            );
            let t = Source::new("template.toml", template);
            if let Err(e) = mera::input::toml_doc::parse(&t) {
                panic!("template does not parse: {e:?}\n{}", t.text);
            }
        }
        Err(problems) => {
            for d in problems.iter().filter(|d| d.file == src.name) {
                render_all(&src, std::slice::from_ref(d));
            }
        }
    }
});
