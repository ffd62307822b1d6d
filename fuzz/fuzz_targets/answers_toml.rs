//! Any bytes as a TOML answers file: load against the built-in set; render
//! every problem; score and render whatever loads.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| mera_fuzz::load_any_answers("fuzz.toml", data));
