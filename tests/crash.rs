//! Crash safety: `disclose build` killed with SIGKILL at 20 random moments on a large
//! generated site always leaves a complete, verifiable output, and a later build is not
//! tripped up by anything the killed one left behind.

mod common;

use std::process::Command;
use std::time::{Duration, Instant};

use common::*;

#[cfg(unix)]
#[test]
fn sigkill_at_random_moments_never_breaks_the_output() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    disclose::synth::generate(&site, 2_000, 7).unwrap();
    let out = dir.path().join("public");
    let build = || {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_disclose"));
        cmd.args(["build", "--quiet", "--root"])
            .arg(&site)
            .arg("--out")
            .arg(&out);
        cmd
    };
    let started = Instant::now();
    assert!(build().status().unwrap().success());
    let full = started.elapsed();
    disclose().arg("verify").arg(&out).assert().success();

    let mut rng = disclose::synth::Rng::new(2022);
    for round in 0..20 {
        // Change a record so the interrupted build would write something different.
        let record = site.join("content/records/000/r0000000.md");
        let text = std::fs::read_to_string(&record).unwrap();
        let text = match text.find("（第0号）") {
            Some(_) => text.replacen("（第0号）", &format!("（第0号，第{round}轮）"), 1),
            None => text.replacen("号，第", &format!("号，第{round}轮第"), 1),
        };
        std::fs::write(&record, text).unwrap();

        let mut child = build().spawn().unwrap();
        let wait = Duration::from_millis(rng.below(full.as_millis() as usize + 1) as u64);
        std::thread::sleep(wait);
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let verified = disclose().arg("verify").arg(&out).output().unwrap();
        assert!(
            verified.status.success(),
            "round {round}, killed after {wait:?}: {}",
            String::from_utf8_lossy(&verified.stderr)
        );
    }
    // Whatever was left behind, the next build succeeds and cleans up after itself.
    assert!(build().status().unwrap().success());
    disclose().arg("verify").arg(&out).assert().success();
    let stray: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("disclose-"))
        .collect();
    assert!(stray.is_empty(), "stray folders: {stray:?}");
}

#[cfg(target_os = "linux")]
#[test]
fn file_names_that_are_not_utf8_are_an_error_not_a_panic() {
    use std::os::unix::ffi::OsStrExt;
    let site = site_copy("good");
    let name = std::ffi::OsStr::from_bytes(b"\xca\xaf\xbb\xd2.md"); // 石灰 in GBK
    std::fs::write(
        site.path().join("content/records").join(name),
        "---\nid: Z\n---\n",
    )
    .unwrap();
    let out = check_output(site.path());
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("not valid UTF-8") && !stderr.contains("panicked"),
        "{stderr}"
    );
}

#[test]
fn oversized_files_are_refused() {
    let site = site_copy("good");
    let yaml =
        std::fs::read_to_string(site.path().join("site.yaml")).unwrap() + "limits: { max_file_size: 200 }\n";
    std::fs::write(site.path().join("site.yaml"), yaml).unwrap();
    let big = format!(
        "---\nid: BIG\nkind: task\ntitle: t\nstatus: in_progress\n---\n{}\n",
        "很长的正文。".repeat(100)
    );
    std::fs::write(site.path().join("content/records/big.md"), big).unwrap();
    let out = check_output(site.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("over the limit of 200"));
}
