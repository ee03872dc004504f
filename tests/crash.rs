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
    common::synth::generate(&site, 2_000, 7).unwrap();
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

    let mut rng = common::synth::Rng::new(2022);
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

/// Three builds of one site (A, B, C: one record's text differs), for deploy tests.
#[cfg(target_os = "linux")]
struct Publications {
    _dir: tempfile::TempDir,
    site: std::path::PathBuf,
    builds: [std::path::PathBuf; 3],
}

#[cfg(target_os = "linux")]
fn three_publications() -> Publications {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_dir(&fixture("good"), &site);
    let record = site.join("content/records/A-1.md");
    let original = std::fs::read_to_string(&record).unwrap();
    let builds = ["a", "b", "c"].map(|name| {
        std::fs::write(
            &record,
            original.replace("全部拆除。", &format!("全部拆除（{name}）。")),
        )
        .unwrap();
        let out = dir.path().join(format!("build-{name}"));
        disclose()
            .args(["build", "--quiet", "--root"])
            .arg(&site)
            .arg("--out")
            .arg(&out)
            .assert()
            .success();
        out
    });
    Publications {
        _dir: dir,
        site,
        builds,
    }
}

/// The `content_fingerprint` of a published folder's manifest.
#[cfg(target_os = "linux")]
fn fingerprint(dir: &std::path::Path) -> String {
    let m: serde_json::Value = serde_json::from_str(&read(dir, "manifest.json")).unwrap();
    m["content_fingerprint"].as_str().unwrap().to_string()
}

#[cfg(target_os = "linux")]
fn deploy_cmd(p: &Publications, build: usize, to: &std::path::Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_disclose"));
    cmd.env("DISCLOSE_LANG", "en")
        .args(["deploy", "--root"])
        .arg(&p.site)
        .arg("--site")
        .arg(&p.builds[build])
        .arg("--to")
        .arg(to);
    cmd
}

#[cfg(target_os = "linux")]
fn strace_available() -> bool {
    Command::new("strace")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Deploy C over a web root holding B (and A for rollback), with `inject` (an strace
/// injection) at the `n`th call of `syscall`; then the live site is whole and is B or
/// C, and `--rollback` goes back to the publication before the live one.
#[cfg(target_os = "linux")]
fn deploy_fails_safely(p: &Publications, syscall: &str, inject: &str, n: usize) -> bool {
    let www = tempfile::tempdir().unwrap();
    let to = www.path().join("dczg");
    for build in [0, 1] {
        assert!(deploy_cmd(p, build, &to).output().unwrap().status.success());
    }
    let [a, b, c] = [0, 1, 2].map(|i| fingerprint(&p.builds[i]));
    let mut cmd = Command::new("strace");
    cmd.args(["-f", "-qq", "-o", "/dev/null", "-e"])
        .arg(format!("inject={syscall}:{inject}:when={n}"))
        .arg(env!("CARGO_BIN_EXE_disclose"))
        .args(deploy_cmd(p, 2, &to).get_args());
    let run = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{syscall} #{n} {inject}: {stderr}");
    disclose().arg("verify").arg(&to).assert().success();
    let live = fingerprint(&to);
    assert!(
        live == b || live == c,
        "{syscall} #{n} {inject}: the live site is neither B nor C"
    );
    if run.status.success() {
        assert_eq!(live, c, "{syscall} #{n} {inject}: exit 0 but C is not live");
    }
    // The next run repairs what is left and rolls back to the publication before.
    let back = deploy_cmd(p, 2, &to).arg("--rollback").output().unwrap();
    assert!(
        back.status.success(),
        "{syscall} #{n} {inject}: rollback failed: {}",
        String::from_utf8_lossy(&back.stderr)
    );
    disclose().arg("verify").arg(&to).assert().success();
    let want = if live == c { &b } else { &a };
    assert_eq!(
        &fingerprint(&to),
        want,
        "{syscall} #{n} {inject}: rollback did not restore the one before"
    );
    // And a plain deploy afterwards works and leaves only the rollback copy beside.
    assert!(deploy_cmd(p, 2, &to).output().unwrap().status.success());
    assert_eq!(fingerprint(&to), c);
    let mut beside: Vec<String> = std::fs::read_dir(www.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    beside.sort();
    assert_eq!(beside, [".dczg.disclose-prev", "dczg"], "{syscall} #{n} {inject}");
    run.status.success()
}

#[cfg(target_os = "linux")]
#[test]
fn deploy_failed_or_killed_at_each_rename_keeps_the_site_and_the_rollback() {
    assert!(
        strace_available(),
        "strace is needed for this test (apt-get install strace)"
    );
    let p = three_publications();
    // renameat2 is the exchange (and a rollback's); rename every plain rename: prev
    // aside, the old live to prev, and the repairs after a failure.
    for (syscall, points) in [("renameat2", 1), ("rename", 2)] {
        for inject in ["error=EIO", "signal=SIGKILL"] {
            let finished: Vec<bool> = (1..=points + 1)
                .map(|n| deploy_fails_safely(&p, syscall, inject, n))
                .collect();
            assert!(
                finished.last() == Some(&true),
                "{syscall} {inject}: more rename points than tested: {finished:?}"
            );
        }
    }
}

/// Runs `disclose <args>` under strace with every exchange failing as on a file system
/// without one (`exchange_error`), and the `n`th plain rename given `inject`.
#[cfg(target_os = "linux")]
fn without_exchange(exchange_error: &str, inject: &str, n: usize, cmd: &Command) -> std::process::Output {
    Command::new("strace")
        .args(["-f", "-qq", "-o", "/dev/null"])
        .args(["-e", &format!("inject=renameat2:error={exchange_error}")])
        .args(["-e", &format!("inject=rename:{inject}:when={n}")])
        .arg(cmd.get_program())
        .args(cmd.get_args())
        .output()
        .unwrap()
}

#[cfg(target_os = "linux")]
#[test]
fn deploy_without_an_atomic_exchange_recovers_a_kill_between_its_renames() {
    assert!(
        strace_available(),
        "strace is needed for this test (apt-get install strace)"
    );
    let p = three_publications();
    let [b, c] = [1, 2].map(|i| fingerprint(&p.builds[i]));
    // Plain renames: prev aside (#1), live aside (#2), the copy in (#3), the old live to
    // prev (#4). Kill at each.
    for n in 1..=4 {
        let www = tempfile::tempdir().unwrap();
        let to = www.path().join("dczg");
        for build in [0, 1] {
            assert!(deploy_cmd(&p, build, &to).output().unwrap().status.success());
        }
        let run = without_exchange("EINVAL", "signal=SIGKILL", n, &deploy_cmd(&p, 2, &to));
        assert!(!run.status.success(), "killed at #{n}");
        // The next run puts things right and says what happened.
        let next = deploy_cmd(&p, 2, &to).arg("--dry-run").output().unwrap();
        assert!(next.status.success());
        let repaired = deploy_cmd(&p, 2, &to).output().unwrap();
        let said = String::from_utf8_lossy(&repaired.stderr);
        assert!(repaired.status.success(), "#{n}: {said}");
        assert!(
            said.contains("warning: ") && said.contains("earlier deploy"),
            "#{n}: {said}"
        );
        disclose().arg("verify").arg(&to).assert().success();
        assert_eq!(fingerprint(&to), c);
        let back = deploy_cmd(&p, 2, &to).arg("--rollback").output().unwrap();
        assert!(back.status.success());
        let prev = fingerprint(&to);
        assert!(prev == b || prev == c, "#{n}: rollback to neither B nor C");
    }
}

#[cfg(target_os = "linux")]
#[test]
fn deploy_to_a_mount_point_replaces_the_contents_and_keeps_the_rollback() {
    assert!(
        strace_available(),
        "strace is needed for this test (apt-get install strace)"
    );
    let p = three_publications();
    let [b, c] = [1, 2].map(|i| fingerprint(&p.builds[i]));
    let www = tempfile::tempdir().unwrap();
    let to = www.path().join("dczg");
    for build in [0, 1] {
        assert!(deploy_cmd(&p, build, &to).output().unwrap().status.success());
    }
    // A mount point cannot be exchanged (EBUSY); nor renamed when there is no exchange
    // (the live site aside is the second plain rename).
    for (exchange, rename_n) in [("EBUSY", 99), ("EINVAL", 2)] {
        let run = without_exchange(exchange, "error=EBUSY", rename_n, &deploy_cmd(&p, 2, &to));
        assert!(
            run.status.success(),
            "{exchange}: {}",
            String::from_utf8_lossy(&run.stderr)
        );
        disclose().arg("verify").arg(&to).assert().success();
        assert_eq!(fingerprint(&to), c);
        let mut beside: Vec<String> = std::fs::read_dir(www.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        beside.sort();
        assert_eq!(beside, [".dczg.disclose-prev", "dczg"], "{exchange}");
        assert_eq!(
            fingerprint(&www.path().join(".dczg.disclose-prev")),
            b,
            "{exchange}"
        );
        assert!(deploy_cmd(&p, 1, &to).output().unwrap().status.success());
    }
}

/// A build whose `--out` is a mount point (EBUSY on every rename of it) replaces the
/// folder's contents, verifies, and leaves no staging folder; a build killed between the
/// two renames of the non-atomic swap is repaired by the next, which says so.
#[cfg(target_os = "linux")]
#[test]
fn build_swap_fallbacks_never_lose_the_output() {
    assert!(
        strace_available(),
        "strace is needed for this test (apt-get install strace)"
    );
    let p = three_publications();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let build = || {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_disclose"));
        cmd.args(["build", "--quiet", "--root"])
            .arg(&p.site)
            .arg("--out")
            .arg(&out);
        cmd
    };
    assert!(build().status().unwrap().success());
    std::fs::write(out.join("stale.html"), "a file the new build does not make").unwrap();

    let names = || -> Vec<String> {
        let mut n: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        n.sort();
        n
    };
    for (exchange, rename_n) in [("EBUSY", 99), ("EINVAL", 1)] {
        let run = without_exchange(exchange, "error=EBUSY", rename_n, &build());
        assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
        disclose().arg("verify").arg(&out).assert().success();
        assert_eq!(names(), ["public"], "{exchange}: no staging folder left behind");
    }

    // Killed between the renames (`out` aside is #1, staging in #2).
    let run = without_exchange("EINVAL", "signal=SIGKILL", 2, &build());
    assert!(!run.status.success());
    assert!(!out.exists(), "the kill came between the two renames");
    let next = Command::new(env!("CARGO_BIN_EXE_disclose"))
        .env("DISCLOSE_LANG", "en")
        .args(["build", "--root"])
        .arg(&p.site)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&next.stderr);
    assert!(next.status.success(), "{said}");
    assert!(
        said.contains("warning[W0811]: an earlier build was interrupted while switching"),
        "{said}"
    );
    disclose().arg("verify").arg(&out).assert().success();
    assert_eq!(names(), ["public"]);
}

/// Two builds into one `--out` at once: each either succeeds or fails at once saying
/// another run holds the folder, and the output always verifies.
#[test]
fn concurrent_builds_into_one_output_never_break_it() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    common::synth::generate(&site, 400, 3).unwrap();
    let out = dir.path().join("public");
    let build = || {
        Command::new(env!("CARGO_BIN_EXE_disclose"))
            .env("DISCLOSE_LANG", "en")
            .args(["build", "--quiet", "--root"])
            .arg(&site)
            .arg("--out")
            .arg(&out)
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let mut refused = 0;
    for round in 0..4 {
        let (a, b) = (build(), build());
        for child in [a, b] {
            let done = child.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&done.stderr);
            match done.status.code() {
                Some(0) => {}
                Some(1) if stderr.contains("error[E0810]") => refused += 1,
                other => panic!("round {round}: exit {other:?}: {stderr}"),
            }
        }
        let verified = disclose().arg("verify").arg(&out).output().unwrap();
        assert!(
            verified.status.success(),
            "round {round}: {}",
            String::from_utf8_lossy(&verified.stderr)
        );
    }
    eprintln!("{refused} of 8 builds found the folder locked");
}

/// While a run holds the output folder, a build and a deploy into it fail at once with
/// exit 1, name the holder, and change nothing.
#[test]
fn a_locked_output_folder_is_refused_at_once() {
    let site = site_copy("good");
    build_quietly(site.path());
    let out = site.path().join("public");
    let before = tree(&out);
    let lock = disclose::output::lock::FolderLock::acquire(&out, "output folder").unwrap();
    let run = disclose()
        .args(["build", "--root"])
        .arg(site.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("another disclose run (pid {})", std::process::id()))
            && stderr.contains("nothing was changed"),
        "{stderr}"
    );
    let run = disclose()
        .args(["deploy", "--root"])
        .arg(site.path())
        .arg("--site")
        .arg(&out)
        .arg("--to")
        .arg(site.path().join("www"))
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&run.stderr).contains("another disclose run"));
    assert_eq!(tree(&out), before);
    drop(lock);
    disclose()
        .args(["build", "--quiet", "--root"])
        .arg(site.path())
        .assert()
        .success();
}
