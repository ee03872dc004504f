//! `disclose verify` on a signed publication: a folder without `--key` fails, with the
//! key passes, a re-hashed forgery fails on its signature; and over HTTP against the
//! sample site served by nginx on a free loopback port (as CI installs it), through a
//! redirect, naming a changed and a missing file. Without nginx the HTTP test is skipped
//! on a developer machine but fails under CI (`CI` set).

mod common;

use std::path::{Path, PathBuf};

use common::nginx::{self, Nginx, free_port};
use common::*;
use predicates::str::contains;

/// `disclose keygen` into `dir`; returns (secret, public) key files.
fn keys(dir: &Path) -> (PathBuf, PathBuf) {
    disclose().args(["keygen", "--out"]).arg(dir).assert().success();
    (dir.join("disclose.key"), dir.join("disclose.pub"))
}

/// Builds `site` signed with `key` into `out`, with `base_url` when given.
fn build_signed(site: &Path, out: &Path, key: &Path, base_url: Option<&str>) {
    let mut cmd = disclose();
    cmd.args(["build", "--quiet", "--root"])
        .arg(site)
        .arg("--out")
        .arg(out)
        .arg("--sign-key")
        .arg(key);
    if let Some(url) = base_url {
        cmd.args(["--base-url", url]);
    }
    cmd.assert().success();
}

/// Rewrites `manifest.json` of `dir` with the current hashes of its files, keeping the
/// old `manifest.sig`: what someone who changed a page without the secret key can do.
fn rehash(dir: &Path) {
    let path = dir.join("manifest.json");
    let mut manifest: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    for file in manifest["files"].as_array_mut().unwrap() {
        let bytes = std::fs::read(dir.join(file["path"].as_str().unwrap())).unwrap();
        file["size"] = bytes.len().into();
        file["sha256"] = disclose::output::manifest::sha256_hex(&bytes).into();
    }
    std::fs::write(&path, serde_json::to_vec_pretty(&manifest).unwrap()).unwrap();
}

#[test]
fn a_signed_folder_is_only_ok_with_its_key() {
    let work = tempfile::tempdir().unwrap();
    let (secret, public) = keys(work.path());
    let site = site_copy("good");
    let out = work.path().join("public");
    build_signed(site.path(), &out, &secret, None);

    disclose()
        .arg("verify")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(contains(
            "signed publication: give the office's public key (--key) to check who published it; file hashes alone prove nothing",
        ));
    disclose()
        .arg("verify")
        .arg(&out)
        .arg("--key")
        .arg(&public)
        .assert()
        .success()
        .stderr(contains("signature: valid"))
        .stderr(contains("key fingerprint: "));
    disclose()
        .arg("verify")
        .arg(&out)
        .arg("--hashes-only")
        .assert()
        .success()
        .stderr(contains("signature not checked"));

    // A forged page with a re-hashed manifest: every hash matches, the signature does not.
    std::fs::write(out.join("records/B-2/index.html"), "<h1>已整改完成</h1>").unwrap();
    rehash(&out);
    disclose()
        .arg("verify")
        .arg(&out)
        .arg("--key")
        .arg(&public)
        .assert()
        .code(1)
        .stderr(contains("signature: INVALID"));
    // Another office's key does not pass either.
    let other = tempfile::tempdir().unwrap();
    let (_, other_public) = keys(other.path());
    build_signed(site.path(), &out, &secret, None);
    disclose()
        .arg("verify")
        .arg(&out)
        .arg("--key")
        .arg(&other_public)
        .assert()
        .code(1)
        .stderr(contains("signature: INVALID"));
}

#[test]
fn the_fingerprint_of_site_yaml_key_is_on_every_page_and_signing_with_another_fails() {
    let work = tempfile::tempdir().unwrap();
    let (secret, public) = keys(work.path());
    let site = site_copy("good");
    let yaml = site.path().join("site.yaml");
    let public_hex = std::fs::read_to_string(&public).unwrap();
    let mut config = std::fs::read_to_string(&yaml).unwrap();
    config.push_str(&format!("signing:\n  public_key: {}\n", public_hex.trim()));
    std::fs::write(&yaml, &config).unwrap();
    let out = work.path().join("public");
    build_signed(site.path(), &out, &secret, None);

    let printed = disclose()
        .arg("verify")
        .arg(&out)
        .arg("--key")
        .arg(&public)
        .output()
        .unwrap();
    let stderr = String::from_utf8(printed.stderr).unwrap();
    let fingerprint = stderr
        .lines()
        .find_map(|l| l.strip_prefix("key fingerprint: "))
        .expect("verify prints the fingerprint")
        .to_string();
    assert_eq!(fingerprint.len(), 39, "{fingerprint}");
    let about = read(&out, "about/index.html");
    assert!(
        about.contains(&fingerprint),
        "the about page shows {fingerprint}: {about}"
    );
    assert!(about.contains("id=\"signing\""), "{about}");
    assert!(
        read(&out, "records/B-2/index.html").contains(&fingerprint),
        "footer"
    );

    // Signing with a key that is not site.yaml's is refused, and the output stays.
    let other = tempfile::tempdir().unwrap();
    let (other_secret, _) = keys(other.path());
    disclose()
        .args(["build", "--quiet", "--root"])
        .arg(site.path())
        .arg("--out")
        .arg(&out)
        .arg("--sign-key")
        .arg(&other_secret)
        .assert()
        .code(1)
        .stderr(contains("does not belong to site.yaml signing.public_key"));
    assert!(read(&out, "about/index.html").contains(&fingerprint));

    // A key that is not a key is a site.yaml error with its line.
    std::fs::write(&yaml, config.replace(public_hex.trim(), "not-a-key")).unwrap();
    disclose()
        .args(["check", "--root"])
        .arg(site.path())
        .assert()
        .code(1)
        .stderr(contains("site.yaml"))
        .stderr(contains(
            "signing.public_key: the public key is not 64 hex digits",
        ));
}

/// nginx serving `root` (which holds `dczg/`) on `port`, with `/moved/…` redirecting
/// permanently to `/dczg/…` as a portal that moved its column would.
fn start_nginx(nginx: &Path, root: &Path, port: u16, work: &Path) -> Nginx {
    let server = format!(
        "server {{\nlisten 127.0.0.1:{port};\nroot {root};\n\
         location /dczg/ {{ index index.html; autoindex off; }}\n\
         location /moved/ {{ rewrite ^/moved/(.*)$ /dczg/$1 permanent; }}\n}}",
        root = root.display(),
    );
    nginx::start_nginx(nginx, work, port, "", &server)
}

#[test]
fn verify_over_http_checks_the_live_site() {
    let Some(nginx) = ["/usr/sbin/nginx", "/usr/bin/nginx"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
    else {
        assert!(std::env::var_os("CI").is_none(), "CI must install nginx");
        eprintln!("skipped: nginx is not installed");
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let (secret, public) = keys(work.path());
    let port = free_port();
    let origin = format!("http://127.0.0.1:{port}");
    let www = work.path().join("www");
    let live = www.join("dczg");
    build_signed(&repo_root(), &live, &secret, Some(&format!("{origin}/dczg/")));
    let _server = start_nginx(&nginx, &www, port, work.path());
    let url = format!("{origin}/dczg/");

    disclose()
        .arg("verify")
        .arg(&url)
        .arg("--key")
        .arg(&public)
        .assert()
        .success()
        .stderr(contains("signature: valid"))
        .stderr(contains("verify ok"));
    // Without the slash, and through a permanent redirect of the column.
    for url in [format!("{origin}/dczg"), format!("{origin}/moved/")] {
        disclose()
            .arg("verify")
            .arg(&url)
            .args(["--jobs", "2", "--key"])
            .arg(&public)
            .assert()
            .success()
            .stderr(contains(format!("checked {origin}/dczg/")));
    }
    // Signed, no key: not ok.
    disclose()
        .arg("verify")
        .arg(&url)
        .assert()
        .code(1)
        .stderr(contains("give the office's public key (--key)"));

    // A page changed on the server, an evidence file gone.
    std::fs::write(live.join("records/F-2021-01/index.html"), "<h1>已整改完成</h1>").unwrap();
    let evidence = tree(&live)
        .into_iter()
        .map(|(p, _)| p)
        .find(|p| p.ends_with(".png") && p.starts_with("records/"))
        .expect("the sample site publishes an evidence image");
    std::fs::remove_file(live.join(&evidence)).unwrap();
    disclose()
        .arg("verify")
        .arg(&url)
        .arg("--key")
        .arg(&public)
        .assert()
        .code(1)
        .stderr(contains("changed: records/F-2021-01/index.html"))
        .stderr(contains(format!("missing: {evidence}")))
        .stderr(contains("verify FAILED: 1 changed, 1 missing"));

    // Nothing there at all.
    disclose()
        .arg("verify")
        .arg(format!("{origin}/nothing/"))
        .arg("--key")
        .arg(&public)
        .assert()
        .code(1)
        .stderr(contains("manifest.json: not found (404)"));
}
