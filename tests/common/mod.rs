//! Helpers shared by the integration tests: fixture copies and the real binary.
#![allow(dead_code)]

pub mod nginx;
pub mod session;
pub mod synth;

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// `tests/fixtures/<name>`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The repository root (the sample site).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copies a folder recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A temporary copy of a fixture site.
pub fn site_copy(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture(name), dir.path());
    dir
}

/// The `disclose` binary, with a clean environment for determinism. Its messages are
/// in English (`DISCLOSE_LANG=en`) whatever the machine's locale or the site's language,
/// so that tests can match them; tests of the Chinese texts use [`disclose_in`].
pub fn disclose() -> Command {
    disclose_in("en")
}

/// The `disclose` binary speaking `lang` (`zh-CN` or `en`), with no locale variables.
pub fn disclose_in(lang: &str) -> Command {
    let mut cmd = Command::cargo_bin("disclose").unwrap();
    cmd.env_remove("SOURCE_DATE_EPOCH")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .env("DISCLOSE_LANG", lang);
    cmd
}

/// Every file under `dir` with its bytes, sorted by path.
pub fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// Reads an output file as text.
pub fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// `disclose build --quiet --root <site>`, which must succeed (output in `<site>/public`).
pub fn build_quietly(site: impl AsRef<Path>) {
    disclose()
        .args(["build", "--quiet", "--root"])
        .arg(site.as_ref())
        .assert()
        .success();
}

/// What `disclose check --root <site>` printed and how it exited.
pub fn check_output(site: impl AsRef<Path>) -> std::process::Output {
    disclose()
        .args(["check", "--root"])
        .arg(site.as_ref())
        .output()
        .unwrap()
}
