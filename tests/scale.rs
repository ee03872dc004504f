//! Scale: a generated 10,000-record site builds without error, with one record page per
//! record and list pages in step with the page size. (Speed is measured by
//! scripts/bench.sh, never asserted in a test.)

mod common;

use common::*;

#[test]
fn a_generated_10000_record_site_builds_with_a_page_per_record() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    common::synth::generate(&site, 10_000, 42).unwrap();
    let out = dir.path().join("out");
    disclose()
        .args(["build", "--quiet", "--root"])
        .arg(&site)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();

    let record_pages = std::fs::read_dir(out.join("records"))
        .unwrap()
        .filter(|e| {
            let e = e.as_ref().unwrap();
            e.file_name() != "page" && e.path().join("index.html").is_file()
        })
        .count();
    assert_eq!(record_pages, 10_000);
    let list_pages = std::fs::read_dir(out.join("records/page")).unwrap().count() + 1;
    assert_eq!(list_pages, 10_000usize.div_ceil(50));
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("data/records.json")).unwrap()).unwrap();
    assert_eq!(json["records"].as_array().unwrap().len(), 10_000);
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(sitemap.matches("<loc>").count() > 10_000);
}

/// The generator is deterministic by seed: the same seed gives the same records.
#[test]
fn same_seed_same_site() {
    let records = |seed| {
        let mut r = common::synth::Rng::new(seed);
        (0..20)
            .map(|n| common::synth::record(&mut r, n))
            .collect::<Vec<String>>()
    };
    assert_eq!(records(7), records(7));
    assert_ne!(records(7), records(8));
}

/// Generated sites are valid sites: `check` finds no error, and every record counts.
#[test]
fn generated_sites_check_clean() {
    let dir = tempfile::tempdir().unwrap();
    common::synth::generate(dir.path(), 200, 1).unwrap();
    let report = disclose::check(&disclose::SiteOptions {
        root: dir.path().to_path_buf(),
        ..Default::default()
    });
    let errors: Vec<_> = report.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(report.records, 200);
}
