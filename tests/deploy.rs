//! `deploy` into a web root: twice, then `--rollback`, and the served tree equals the
//! first publication; `--dry-run` lists changes; pre-compressed `.gz` and `.br` files match.

mod common;

use std::io::Read;
use std::path::Path;

use common::*;
use predicates::str::contains;

/// `disclose deploy --root <site> --to <to>`, to add flags to and assert on.
fn deploy_to(site: impl AsRef<Path>, to: impl AsRef<Path>) -> assert_cmd::Command {
    let mut cmd = disclose();
    cmd.args(["deploy", "--root"])
        .arg(site.as_ref())
        .arg("--to")
        .arg(to.as_ref());
    cmd
}

#[test]
fn deploy_twice_then_rollback_restores_the_first_publication() {
    let site = site_copy("good");
    let www = tempfile::tempdir().unwrap();
    let to = www.path().join("dczg");
    build_quietly(site.path());
    deploy_to(site.path(), &to).assert().success();
    let first = tree(&to);

    let record = site.path().join("content/records/A-1.md");
    let text = std::fs::read_to_string(&record)
        .unwrap()
        .replace("全部拆除。", "全部拆除，场地已复绿。");
    std::fs::write(&record, text).unwrap();
    build_quietly(site.path());
    let out = disclose()
        .args(["deploy", "--dry-run", "--root"])
        .arg(site.path())
        .arg("--to")
        .arg(&to)
        .output()
        .unwrap();
    let listed = String::from_utf8_lossy(&out.stdout);
    let mut lines: Vec<&str> = listed.lines().collect();
    lines.sort();
    // Exactly the files whose hash differs between the live and the new manifest.
    assert!(
        lines.iter().all(|l| l.starts_with("changed: ")),
        "nothing added or removed: {listed}"
    );
    assert!(lines.contains(&"changed: records/A-1/index.html"), "{listed}");
    let changed: Vec<&str> = lines.iter().map(|l| l.trim_start_matches("changed: ")).collect();
    let manifest_of = |dir: &std::path::Path| -> std::collections::BTreeMap<String, String> {
        let m: serde_json::Value = serde_json::from_str(&read(dir, "manifest.json")).unwrap();
        m["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["path"].as_str().unwrap().to_string(),
                    f["sha256"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let (live, built) = (manifest_of(&to), manifest_of(&site.path().join("public")));
    let expected: Vec<&str> = built
        .iter()
        .filter(|(p, h)| live.get(*p) != Some(*h))
        .map(|(p, _)| p.as_str())
        .collect();
    assert_eq!(changed, expected, "--dry-run lists exactly the changed files");
    assert_eq!(tree(&to), first, "a dry run changes nothing");

    deploy_to(site.path(), &to).assert().success();
    assert!(read(&to, "records/A-1/index.html").contains("场地已复绿"));
    disclose().arg("verify").arg(&to).assert().success();

    disclose()
        .args(["deploy", "--rollback", "--root"])
        .arg(site.path())
        .arg("--to")
        .arg(&to)
        .assert()
        .success();
    assert_eq!(tree(&to), first);
}

#[test]
fn deploy_refuses_a_site_that_does_not_match_its_manifest() {
    let site = site_copy("good");
    let www = tempfile::tempdir().unwrap();
    build_quietly(site.path());
    std::fs::write(site.path().join("public/index.html"), "tampered").unwrap();
    deploy_to(site.path(), www.path().join("dczg"))
        .assert()
        .code(1)
        .stderr(contains("does not match its manifest"));
    assert!(!www.path().join("dczg").exists());
}

#[test]
fn deploy_refuses_a_web_root_inside_the_sources() {
    let site = site_copy("good");
    build_quietly(site.path());
    deploy_to(site.path(), site.path().join("content/www"))
        .assert()
        .code(1);
}

#[test]
fn precompressed_files_match_and_are_deterministic() {
    let site = site_copy("good");
    disclose()
        .args(["build", "--quiet", "--precompress", "--root"])
        .arg(site.path())
        .assert()
        .success();
    let out = site.path().join("public");
    let css = std::fs::read_dir(out.join("assets"))
        .unwrap()
        .map(|e| format!("assets/{}", e.unwrap().file_name().to_string_lossy()))
        .find(|n| n.ends_with(".css"))
        .unwrap();
    for page in [
        "index.html",
        "records/A-1/index.html",
        css.as_str(),
        "data/records.json",
        "feed.xml",
    ] {
        let mut text = Vec::new();
        flate2::read::GzDecoder::new(std::fs::File::open(out.join(format!("{page}.gz"))).unwrap())
            .read_to_end(&mut text)
            .unwrap();
        assert_eq!(text, std::fs::read(out.join(page)).unwrap(), "{page}");
        let mut text = Vec::new();
        brotli::Decompressor::new(std::fs::File::open(out.join(format!("{page}.br"))).unwrap(), 4096)
            .read_to_end(&mut text)
            .unwrap();
        assert_eq!(text, std::fs::read(out.join(page)).unwrap(), "{page}.br");
    }
    assert!(
        !out.join("data/records.xlsx.gz").exists() && !out.join("data/records.xlsx.br").exists(),
        "xlsx is already compressed"
    );
    disclose().arg("verify").arg(&out).assert().success();
    // The same inputs into a second, fresh folder give the same bytes. (Rebuilding into
    // `out` itself would compare with the first build on /changes/.)
    let again = site.path().join("again");
    disclose()
        .args(["build", "--quiet", "--precompress", "--root"])
        .arg(site.path())
        .arg("--out")
        .arg(&again)
        .assert()
        .success();
    assert_eq!(tree(&out), tree(&again));
}

#[cfg(unix)]
#[test]
fn a_deploy_killed_at_any_moment_leaves_the_live_site_whole() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    common::synth::generate(&site, 1_000, 3).unwrap();
    let public = site.join("public");
    let to = dir.path().join("www/dczg");
    build_quietly(&site);
    deploy_to(&site, &to).assert().success();
    // A second publication to deploy.
    let record = site.join("content/records/000/r0000001.md");
    let text = std::fs::read_to_string(&record)
        .unwrap()
        .replacen("title: ", "title: 更新 ", 1);
    std::fs::write(&record, text).unwrap();
    build_quietly(&site);

    let deploy = || {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_disclose"));
        cmd.args(["deploy", "--root"])
            .arg(&site)
            .arg("--site")
            .arg(&public)
            .arg("--to")
            .arg(&to);
        cmd
    };
    let started = std::time::Instant::now();
    assert!(deploy().status().unwrap().success());
    let full = started.elapsed();
    let mut rng = common::synth::Rng::new(9);
    for round in 0..10 {
        let mut child = deploy().spawn().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(
            rng.below(full.as_millis() as usize + 1) as u64,
        ));
        let _ = child.kill();
        let _ = child.wait();
        let verified = disclose().arg("verify").arg(&to).output().unwrap();
        assert!(
            verified.status.success(),
            "round {round}: {}",
            String::from_utf8_lossy(&verified.stderr)
        );
    }
    assert!(
        deploy().status().unwrap().success(),
        "a later deploy is not tripped up"
    );
    disclose().arg("verify").arg(&to).assert().success();
}
