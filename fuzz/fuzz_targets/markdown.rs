#![no_main]
//! Arbitrary Markdown through the renderer: no panic, and no script survives.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let html = disclose::render::markdown::render(text);
        assert!(!html.contains("<script"));
    }
});
