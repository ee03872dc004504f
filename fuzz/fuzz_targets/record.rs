#![no_main]
//! Arbitrary text through the record loader (`.md` and `.yaml` forms).
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = disclose::source::yaml::parse::<disclose::model::Record>(text, Path::new("r.yaml"), 1);
        if let Some(split) = disclose::source::frontmatter::split(text) {
            let _ = disclose::source::yaml::parse::<disclose::model::Record>(split.yaml, Path::new("r.md"), 2);
        }
    }
});
