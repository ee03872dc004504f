//! Snapshot tests (insta) of rendered pages: a record page and the dashboard of the good
//! fixture site. Review changes with `cargo insta review`.

mod common;

use common::*;

fn built() -> (tempfile::TempDir, std::path::PathBuf) {
    let site = site_copy("good");
    build_quietly(site.path());
    let out = site.path().join("public");
    (site, out)
}

fn normalise(html: String) -> String {
    html.replace(
        concat!("disclose ", env!("CARGO_PKG_VERSION")),
        "disclose [version]",
    )
}

#[test]
fn record_page() {
    let (_site, out) = built();
    insta::assert_snapshot!("record_A-1", normalise(read(&out, "records/A-1/index.html")));
}

#[test]
fn dashboard() {
    let (_site, out) = built();
    insta::assert_snapshot!("dashboard", normalise(read(&out, "index.html")));
}
