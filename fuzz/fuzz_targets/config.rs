//! Any bytes as `mera.toml`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mera::assessment::gate::Gate;
use mera_fuzz::{render_all, source};

fuzz_target!(|data: &[u8]| {
    let Some(src) = source("mera.toml", data) else {
        return;
    };
    match mera::assessment::config::load(&src) {
        Ok(config) => {
            assert!(config.fail_under.is_none_or(|s| (0.0..=100.0).contains(&s)));
            let gate = Gate::CHECK_DEFAULT.with(&config.gate_layer());
            assert_eq!(gate.fail_under, config.fail_under);
            assert_eq!(gate.fail_on_review, config.fail_on_review == Some(true));
        }
        Err(problems) => render_all(&src, &problems),
    }
});
