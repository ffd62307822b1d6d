//! Any bytes as a provision catalog (the shape of seeds/provisions.yaml).
#![no_main]

use libfuzzer_sys::fuzz_target;
use mera_fuzz::{render_all, source};

fuzz_target!(|data: &[u8]| {
    let Some(src) = source("provisions.yaml", data) else {
        return;
    };
    match mera::content::catalog::load(&src) {
        Ok(catalog) => {
            for p in &catalog.provisions {
                assert!(catalog.provision(&p.id).is_some());
            }
        }
        Err(problems) => render_all(&src, &problems),
    }
});
