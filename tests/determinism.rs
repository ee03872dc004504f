//! Same inputs and as-of date give byte-identical output: the sample site and a generated
//! site (with records carrying every enforcement count, whose order a template iterates)
//! are built several times, with one and with two rayon threads, into different output
//! folders, and every file is compared.

mod common;

use std::path::Path;

use common::*;

/// All seven enforcement counts, so a map iterated in hash order would show it.
const ENFORCEMENT: &str = "enforcement: { held_accountable: 1, interviewed: 2, detained: 1, investigated: 1, fine_10k_yuan: 1.5, penalized: 2, ordered: 3 }\n";

/// Builds `site` into `out` with `threads` rayon threads.
fn build_with_threads(site: &Path, out: &Path, threads: &str) {
    disclose()
        .env("RAYON_NUM_THREADS", threads)
        .args(["build", "--quiet", "--as-of", "2024-06-30", "--root"])
        .arg(site)
        .arg("--out")
        .arg(out)
        .assert()
        .success();
}

/// Builds `site` five times (threads 1, 2, 1, 2, 2) and asserts every build equals the
/// first, naming the files that differ.
fn assert_builds_identical(site: &Path, scratch: &Path) -> Vec<(String, Vec<u8>)> {
    let first_out = scratch.join("out-0");
    build_with_threads(site, &first_out, "1");
    let first = tree(&first_out);
    assert!(first.len() > 20, "the build wrote its pages");
    for (n, threads) in ["2", "1", "2", "2"].iter().enumerate() {
        let out = scratch.join(format!("out-{}", n + 1));
        build_with_threads(site, &out, threads);
        let again = tree(&out);
        let differing: Vec<&str> = first
            .iter()
            .zip(&again)
            .filter(|(a, b)| a != b)
            .map(|(a, _)| a.0.as_str())
            .collect();
        assert!(
            differing.is_empty() && first.len() == again.len(),
            "build {} ({threads} threads) differs from the first in {differing:?}",
            n + 1
        );
        std::fs::remove_dir_all(&out).unwrap();
    }
    first
}

/// The labels of a record page's 处理情况 section, in page order.
fn enforcement_labels(html: &str) -> Vec<String> {
    let start = html.find("<h2>处理情况</h2>").expect("the record shows 处理情况");
    let section = &html[start..];
    let section = &section[..section.find("</section>").unwrap()];
    section
        .split("<dt>")
        .skip(1)
        .map(|s| s[..s.find("</dt>").unwrap()].to_string())
        .collect()
}

#[test]
fn the_sample_site_builds_byte_identically() {
    let scratch = tempfile::tempdir().unwrap();
    let files = assert_builds_identical(&repo_root(), scratch.path());
    let page = files
        .iter()
        .find(|(p, _)| p == "records/F-2021-01/index.html")
        .expect("F-2021-01 is published");
    // Schema order (责令整改, 立案处罚, 罚款), not the order of a hash map.
    let labels = enforcement_labels(std::str::from_utf8(&page.1).unwrap());
    assert_eq!(labels.len(), 3, "{labels:?}");
    assert!(
        labels[0].starts_with("责令整改") && labels[1].starts_with("立案处罚"),
        "{labels:?}"
    );
    assert!(labels[2].starts_with("罚款"), "{labels:?}");
}

#[test]
fn a_generated_site_with_every_enforcement_count_builds_byte_identically() {
    let scratch = tempfile::tempdir().unwrap();
    let site = scratch.path().join("site");
    common::synth::generate(&site, 300, 21).unwrap();
    // Every third record gets all seven counts, written in reverse schema order.
    let mut with_counts = Vec::new();
    for entry in walkdir::WalkDir::new(site.join("content/records")).sort_by_file_name() {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        with_counts.push(entry.path().to_path_buf());
    }
    for file in with_counts.iter().step_by(3) {
        let text = std::fs::read_to_string(file).unwrap();
        assert!(text.contains("\nupdates:\n"), "{}", file.display());
        std::fs::write(
            file,
            text.replacen("\nupdates:\n", &format!("\n{ENFORCEMENT}updates:\n"), 1),
        )
        .unwrap();
    }
    let files = assert_builds_identical(&site, scratch.path());
    let json = &files.iter().find(|(p, _)| p == "data/records.json").unwrap().1;
    let json: serde_json::Value = serde_json::from_slice(json).unwrap();
    let id = json["records"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r.get("enforcement").is_some())
        .expect("a record with enforcement counts")["id"]
        .as_str()
        .unwrap()
        .to_string();
    let page = &files
        .iter()
        .find(|(p, _)| *p == format!("records/{id}/index.html"))
        .unwrap()
        .1;
    let labels = enforcement_labels(std::str::from_utf8(page).unwrap());
    let expected = ["责令整改", "立案处罚", "罚款", "立案侦查", "拘留", "约谈", "问责"];
    assert_eq!(labels.len(), expected.len(), "{labels:?}");
    for (label, want) in labels.iter().zip(expected) {
        assert!(label.starts_with(want), "schema order: {labels:?}");
    }
}
