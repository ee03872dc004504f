//! Runs the headless-Chromium tests in `tests/browser/` (node's test runner with
//! playwright-core and axe-core) against the real binary. Without Chromium or the npm
//! packages the test is skipped on a developer machine, but fails under CI (`CI` set),
//! where `.ci/run` installs both.

use std::path::Path;
use std::process::Command;

#[test]
fn browser_tests_in_headless_chromium() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let missing: Vec<&str> = [
        (!Path::new(&chromium).exists()).then_some("chromium (apt-get install chromium)"),
        (!dir.join("node_modules/playwright-core").exists())
            .then_some("npm packages (npm ci --prefix tests/browser)"),
        Command::new("node")
            .arg("--version")
            .output()
            .is_err()
            .then_some("node"),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !missing.is_empty() {
        assert!(
            std::env::var_os("CI").is_none(),
            "browser tests cannot run under CI; missing: {missing:?}"
        );
        eprintln!("skipping browser tests; missing: {missing:?}");
        return;
    }
    let status = Command::new("node")
        .args(["--test", "--test-concurrency=1", "--test-reporter=spec", "./"])
        .current_dir(&dir)
        .env("DISCLOSE_BIN", env!("CARGO_BIN_EXE_disclose"))
        .env("CHROMIUM", &chromium)
        .status()
        .expect("run node");
    assert!(
        status.success(),
        "browser tests failed (screenshots in tests/browser/output/)"
    );
}
