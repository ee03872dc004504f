//! Property tests: arbitrary bytes and YAML-ish text never make the front-matter
//! splitter, the record loader, the Markdown renderer or the privacy guard panic.

use std::path::Path;

use disclose::model::Record;
use disclose::render::markdown;
use disclose::source::{frontmatter, text, yaml};
use disclose::validate::privacy;
use proptest::prelude::*;

/// Text built from YAML and Markdown fragments, so inputs reach deep into the parsers.
fn yamlish() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "---\n",
        "id: ",
        "kind: ",
        "task",
        "complaint",
        "title: ",
        "status: ",
        "closed",
        "\n",
        "  - ",
        "- ",
        "updates:\n",
        "date: ",
        "2022-02-30",
        "2022-06-30",
        "{",
        "}",
        "[",
        "]",
        ": ",
        "&a ",
        "*a",
        "'",
        "\"",
        "<script>",
        "](javascript:",
        "|---|",
        "# ",
        "\r\n",
        "\u{feff}",
        "石灰窑",
        "13812345678",
        "\t",
        "%",
        "!",
        "ongoing",
        "records:\n",
        "verification: ",
        "true",
        "evidence:\n",
        "file: ",
        "../x",
    ]);
    prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn decoding_and_splitting_arbitrary_bytes_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        if let Ok(t) = text::decode(&bytes) {
            let _ = frontmatter::split(&t);
        }
    }

    #[test]
    fn the_splitter_never_panics(s in yamlish()) {
        if let Some(split) = frontmatter::split(&s) {
            prop_assert!(split.yaml_line >= 1 && split.body_line >= split.yaml_line);
        }
    }

    #[test]
    fn the_record_loader_never_panics(s in yamlish()) {
        let _ = yaml::parse::<Record>(&s, Path::new("r.yaml"), 1);
        if let Some(split) = frontmatter::split(&s) {
            let _ = yaml::parse::<Record>(split.yaml, Path::new("r.md"), split.yaml_line);
        }
    }

    #[test]
    fn the_markdown_renderer_never_panics_or_lets_script_through(s in yamlish()) {
        let html = markdown::render(&s, "/dczg/");
        prop_assert!(!html.contains("<script"));
        prop_assert!(!html.to_ascii_lowercase().contains("href=\"javascript:"));
    }

    #[test]
    fn the_privacy_guard_never_panics(s in "\\PC{0,200}") {
        for hit in privacy::scan(&s, &[]) {
            prop_assert!(s.is_char_boundary(hit.range.start) && s.is_char_boundary(hit.range.end));
        }
    }
}
