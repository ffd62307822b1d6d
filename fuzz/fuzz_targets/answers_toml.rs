//! Any bytes as a TOML answers file: load against the built-in set; render
//! every problem; score and render whatever loads.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mera_fuzz::{How, SET, assess_and_check, render_all, source};

fuzz_target!(|data: &[u8]| {
    let Some(src) = source("fuzz.toml", data) else {
        return;
    };
    match mera::assessment::answers::load(&src, &SET) {
        Ok((answers, warnings)) => {
            render_all(&src, &warnings);
            let as_of = answers
                .organization
                .as_of
                .unwrap_or_else(|| mera_fuzz::draft::day("2026-11-20"));
            assess_and_check(&answers, as_of, How::default());
        }
        Err(problems) => {
            assert!(problems.iter().any(|d| d.is_error()));
            render_all(&src, &problems);
        }
    }
});
