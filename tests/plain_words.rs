//! Public pages speak to citizens, not developers: no page of the sample site or of a
//! generated site carries a developer term (`ClosureStep`, `int64`, `--drafts`, a
//! backtick, `None`, `null`, `NaN`), and the data dictionary gives types in words and
//! sizes in KB/MB.

mod common;

use common::*;

const DEVELOPER_TERMS: [&str; 7] = ["ClosureStep", "int64", "--drafts", "`", "None", "null", "NaN"];

/// `file: term` for every developer term on every HTML page under `out`.
fn developer_terms(out: &std::path::Path) -> Vec<String> {
    let mut hits = Vec::new();
    for (path, bytes) in tree(out) {
        if !path.ends_with(".html") {
            continue;
        }
        let text = String::from_utf8_lossy(&bytes);
        for term in DEVELOPER_TERMS {
            if text.contains(term) {
                hits.push(format!("{path}: {term}"));
            }
        }
    }
    hits
}

fn built(root: &std::path::Path) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    disclose()
        .args(["build", "--quiet", "--root"])
        .arg(root)
        .arg("--out")
        .arg(out.path())
        .assert()
        .success();
    out
}

#[test]
fn no_page_of_the_sample_site_has_developer_terms() {
    let out = built(&repo_root());
    let hits = developer_terms(out.path());
    assert!(hits.is_empty(), "{hits:#?}");

    let data = read(out.path(), "data/index.html");
    for words in ["日期", "文本", "数字", "是/否", "列表"] {
        assert!(
            data.contains(&format!(">{words}<")),
            "the data page lacks the type {words}"
        );
    }
    assert!(!data.contains("字节"), "sizes in KB/MB, not bytes");
    assert!(data.contains(" KB<"), "sizes in KB/MB");
    assert!(
        !data.contains("<code>draft</code>"),
        "a published record is never a draft"
    );
    // Each field is described for a citizen, with an example where one helps.
    assert!(data.contains("截至数据日期已超过整改时限多少天"), "{data}");
}

#[test]
fn no_page_of_a_generated_site_has_developer_terms() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    common::synth::generate(&site, 120, 19).unwrap();
    let out = built(&site);
    let hits = developer_terms(out.path());
    assert!(hits.is_empty(), "{hits:#?}");
}
