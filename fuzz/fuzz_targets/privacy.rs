#![no_main]
//! Arbitrary text through the privacy guard.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        for hit in disclose::validate::privacy::scan(text, &[]) {
            assert!(text.is_char_boundary(hit.range.start) && text.is_char_boundary(hit.range.end));
        }
    }
});
