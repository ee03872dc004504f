//! How the program starts for someone who does not type flags: `serve --open` hands the
//! preview's URL to the desktop's opener, and a start without arguments from a terminal
//! stays the usage error (only a double-click on Windows previews or shows the quick
//! start; `src/launch.rs` unit-tests that choice, scripts/cross-smoke.sh runs the Windows
//! program under Wine).

#![cfg(unix)]

mod common;

use std::os::unix::fs::PermissionsExt;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use predicates::prelude::*;

use common::*;

#[test]
fn serve_open_hands_the_preview_url_to_xdg_open() {
    let site = site_copy("good");
    let bin = tempfile::tempdir().unwrap();
    let opened = bin.path().join("opened.txt");
    // A stand-in for the desktop's opener: records what it was asked to open.
    let opener = bin.path().join("xdg-open");
    std::fs::write(
        &opener,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" > '{}.tmp' && mv '{0}.tmp' '{0}'\n",
            opened.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&opener, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        bin.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_disclose"))
        .args(["serve", "--open", "--port", "0", "--root"])
        .arg(site.path())
        .env("PATH", path)
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Not a timing assertion: a bound on how long a broken build may hang the test.
    let deadline = Instant::now() + Duration::from_secs(60);
    while !opened.exists() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
    let args = std::fs::read_to_string(&opened).expect("serve --open did not run xdg-open");
    let args: Vec<&str> = args.lines().collect();
    assert_eq!(args.len(), 1, "one argument, the URL: {args:?}");
    assert!(
        args[0].starts_with("http://127.0.0.1:") && args[0].ends_with('/'),
        "the preview URL: {}",
        args[0]
    );
    assert!(!args[0].ends_with(":0/"), "the real port, not 0: {}", args[0]);
}

#[test]
fn no_arguments_from_a_terminal_is_a_usage_error_even_in_a_site_folder() {
    let site = site_copy("good");
    disclose()
        .current_dir(site.path())
        .write_stdin("")
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicates::str::contains("按回车键").not());
}
