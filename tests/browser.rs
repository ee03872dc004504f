//! Runs the headless-Chromium tests in `tests/browser/` (node's test runner with
//! playwright-core and axe-core) against the real binary: the sample site
//! (`site.test.mjs`) and a generated realistic ledger on phones and paper
//! (`phone-paper.test.mjs`, whose PDF checks need poppler-utils' `pdftotext`).
//!
//! Where nginx is installed, the sample site is built with `--precompress`, published
//! with `disclose deploy`, and served by nginx with the shipped `docs/deploy/nginx.conf`
//! (sub-path, gzip_static, CSP header); the browser tests then run against it. Without
//! nginx they run against a small node server. Without Chromium or the npm packages the
//! test is skipped on a developer machine but fails under CI (`CI` set), where
//! `.ci/run` installs them all.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::nginx::{Nginx, free_port, start_nginx as spawn_nginx};

/// Debian's `libnginx-mod-http-brotli-static`, which the shipped config's `brotli_static`
/// needs.
const BROTLI_MODULE: &str = "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so";

/// Builds, deploys and serves the sample site with nginx; returns the origin. Without the
/// brotli module (a developer machine) the `brotli_static` lines are left out.
fn start_nginx(nginx: &Path, work: &Path) -> (Nginx, String) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bin = env!("CARGO_BIN_EXE_disclose");
    let port = free_port();
    let origin = format!("http://127.0.0.1:{port}");
    let public = work.join("public");
    let www = work.join("www/dczg");
    let ok = Command::new(bin)
        .args(["build", "--quiet", "--precompress", "--root"])
        .arg(repo)
        .arg("--out")
        .arg(&public)
        .arg("--base-url")
        .arg(format!("{origin}/dczg/"))
        .status()
        .unwrap();
    assert!(ok.success(), "build for nginx");
    let ok = Command::new(bin)
        .args(["deploy", "--root"])
        .arg(repo)
        .arg("--site")
        .arg(&public)
        .arg("--to")
        .arg(&www)
        .status()
        .unwrap();
    assert!(ok.success(), "deploy for nginx");

    // The shipped server block, pointed at this port and web root.
    let brotli = Path::new(BROTLI_MODULE).exists();
    let mut server = std::fs::read_to_string(repo.join("docs/deploy/nginx.conf"))
        .unwrap()
        .replace("listen 80;", &format!("listen 127.0.0.1:{port};"))
        .replace(
            "root /var/www;",
            &format!("root {};", www.parent().unwrap().display()),
        );
    assert!(
        server.contains("brotli_static on;"),
        "the shipped config serves .br files"
    );
    if !brotli {
        server = server.replace("brotli_static on;", "");
    }
    let load_module = if brotli {
        format!("load_module {BROTLI_MODULE};\n")
    } else {
        String::new()
    };
    let guard = spawn_nginx(nginx, work, port, &load_module, &server);
    (guard, origin)
}

#[test]
fn browser_tests_in_headless_chromium() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let nginx: PathBuf = ["/usr/sbin/nginx", "/usr/bin/nginx"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
        .unwrap_or_default();
    let under_ci = std::env::var_os("CI").is_some();
    let missing: Vec<&str> = [
        (!Path::new(&chromium).exists()).then_some("chromium (apt-get install chromium)"),
        (!dir.join("node_modules/playwright-core").exists())
            .then_some("npm packages (npm ci --prefix tests/browser)"),
        Command::new("node")
            .arg("--version")
            .output()
            .is_err()
            .then_some("node"),
        (under_ci && !nginx.exists()).then_some("nginx (apt-get install nginx-light)"),
        (under_ci && Command::new("pdftotext").arg("-v").output().is_err())
            .then_some("pdftotext (apt-get install poppler-utils)"),
        (under_ci && !Path::new(BROTLI_MODULE).exists())
            .then_some("nginx brotli module (apt-get install libnginx-mod-http-brotli-static)"),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !missing.is_empty() {
        assert!(
            !under_ci,
            "browser tests cannot run under CI; missing: {missing:?}"
        );
        eprintln!("skipping browser tests; missing: {missing:?}");
        return;
    }
    let work = tempfile::tempdir().unwrap();
    let mut node = Command::new("node");
    node.args(["--test", "--test-concurrency=1", "--test-reporter=spec", "./"])
        .current_dir(&dir)
        .env("DISCLOSE_BIN", env!("CARGO_BIN_EXE_disclose"))
        .env("CHROMIUM", &chromium);
    let _nginx = if nginx.exists() {
        let (guard, origin) = start_nginx(&nginx, work.path());
        node.env("DISCLOSE_SITE_ORIGIN", origin);
        if Path::new(BROTLI_MODULE).exists() {
            node.env("DISCLOSE_SITE_BROTLI", "1");
        }
        Some(guard)
    } else {
        None
    };
    let status = node.status().expect("run node");
    assert!(
        status.success(),
        "browser tests failed (screenshots in tests/browser/output/)"
    );
}
