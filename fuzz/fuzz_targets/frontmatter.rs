#![no_main]
//! Arbitrary bytes through decoding and the front-matter splitter.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = disclose::source::text::decode(data) {
        let _ = disclose::source::frontmatter::split(&text);
    }
});
