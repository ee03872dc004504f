//! `serve`'s incremental rebuild: after each edit of a record, the output must equal a full
//! build of the same sources byte for byte, and only what depends on the edit is made
//! again.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::session::{options, tree};
use disclose::incremental::Session;

/// Asserts that a full build of `site` equals the session's output.
fn assert_equals_full_build(site: &Path, session_out: &Path, scratch: &Path, step: &str) {
    let full = scratch.join(format!("full-{step}"));
    let report = disclose::build(&options(site, full.clone()));
    assert!(report.ok(), "{step}: {:?}", report.diagnostics);
    let (a, b) = (tree(session_out), tree(&full));
    let differing: Vec<&String> = a
        .keys()
        .chain(b.keys())
        .filter(|k| a.get(*k) != b.get(*k))
        .take(10)
        .collect();
    assert!(
        differing.is_empty(),
        "{step}: incremental output differs in {differing:?}"
    );
}

/// A generated site of `records` records (deterministic by `seed`) in a temporary folder,
/// and a session that publishes it into `<dir>/serve`. Keep the folder alive.
fn generated_session(records: usize, seed: u64) -> (tempfile::TempDir, PathBuf, PathBuf, Session) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    common::synth::generate(&site, records, seed).unwrap();
    let out = dir.path().join("serve");
    let session = Session::new(options(&site, out.clone()));
    (dir, site, out, session)
}

fn edit(file: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).unwrap();
    assert!(text.contains(from), "{} lacks {from}", file.display());
    std::fs::write(file, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn every_edit_gives_the_full_build_byte_for_byte() {
    let (dir, site, out, mut session) = generated_session(400, 11);
    let first = session.build();
    assert!(first.report.ok(), "{:?}", first.report.diagnostics);
    assert!(!first.incremental);

    let records = site.join("content/records/000");
    let file = |n: usize| records.join(format!("r{n:07}.md"));
    let region_of = |n: usize| {
        let text = std::fs::read_to_string(file(n)).unwrap();
        text.lines()
            .find(|l| l.starts_with("region: "))
            .unwrap()
            .to_string()
    };
    let other_region = (1..50).map(region_of).find(|r| *r != region_of(3)).unwrap();

    // (what, file, from, to)
    let steps: Vec<(&str, PathBuf, String, String)> = vec![
        ("title", file(1), "title: ".into(), "title: （已编辑）".into()),
        (
            "body",
            file(2),
            "## 基本情况\n".into(),
            "## 基本情况\n\n补充说明：现场已复查。\n".into(),
        ),
        ("region", file(3), region_of(3), other_region),
        (
            "summary",
            file(4),
            "summary: ".into(),
            "summary: 更新后的摘要。".into(),
        ),
        (
            "new update",
            file(5),
            "updates:\n".into(),
            "updates:\n  - { date: 2020-01-01, text: 较早的一条进展。 }\n".into(),
        ),
    ];
    let mut kept_any = false;
    let mut incremental_steps = 0;
    for (what, path, from, to) in steps {
        let before = std::fs::read_to_string(&path).unwrap();
        edit(&path, &from, &to);
        let id = before
            .lines()
            .find_map(|l| l.strip_prefix("id: "))
            .unwrap()
            .to_string();
        let page = out.join(format!("records/{id}/index.html"));
        // When `ready` is called, the edited record's page is already final.
        let at_ready = std::sync::Mutex::new(None);
        let rebuild = session.update_with(std::slice::from_ref(&path), &|| {
            *at_ready.lock().unwrap() = Some(std::fs::read(&page).unwrap());
        });
        if !rebuild.report.ok() {
            // Not every synthetic record takes every edit (rules); then it must be refused
            // with the file named, the output untouched, and the edit undone.
            assert!(
                rebuild
                    .report
                    .diagnostics
                    .iter()
                    .any(|d| d.file().is_some_and(|f| path.ends_with(f))),
                "{what}: {:?}",
                rebuild.report.diagnostics
            );
            std::fs::write(&path, before).unwrap();
            assert!(session.update(std::slice::from_ref(&path)).report.ok());
            continue;
        }
        assert!(rebuild.incremental, "{what} was rebuilt in full");
        assert!(rebuild.ready_after.is_some_and(|r| r <= rebuild.report.elapsed));
        assert_eq!(
            at_ready.into_inner().unwrap().as_deref(),
            Some(std::fs::read(&page).unwrap().as_slice()),
            "{what}: the record page was written before `ready`"
        );
        incremental_steps += 1;
        kept_any |= rebuild.kept > 100;
        assert_equals_full_build(&site, &out, dir.path(), what);
    }
    assert!(kept_any, "an edit of one record kept most outputs");
    assert!(
        incremental_steps >= 4,
        "only {incremental_steps} edits passed the rules"
    );
}

#[test]
fn a_broken_edit_keeps_the_site_and_its_fix_is_incremental() {
    let (_dir, site, out, mut session) = generated_session(120, 5);
    assert!(session.build().report.ok());
    let good = tree(&out);
    let path = site.join("content/records/000/r0000007.md");
    let original = std::fs::read_to_string(&path).unwrap();

    // A phone number: the privacy guard refuses it, nothing is written.
    edit(&path, "title: ", "title: 联系电话13812345678 ");
    let broken = session.update(std::slice::from_ref(&path));
    assert!(broken.incremental && !broken.report.ok());
    assert!(
        broken
            .report
            .diagnostics
            .iter()
            .any(|d| d.message.contains("phone")
                || d.message.contains("手机")
                || d.message.contains("mobile"))
    );
    assert_eq!(tree(&out), good, "a failed rebuild leaves the output alone");

    // Broken YAML: also refused.
    std::fs::write(&path, original.replacen("title: ", "title: [unclosed", 1)).unwrap();
    assert!(!session.update(std::slice::from_ref(&path)).report.ok());
    assert_eq!(tree(&out), good);

    // Fixed: back to the good site, still incrementally.
    std::fs::write(&path, &original).unwrap();
    let fixed = session.update(std::slice::from_ref(&path));
    assert!(fixed.report.ok() && fixed.incremental);
    assert_eq!(tree(&out), good);
}

/// A rebuild in place that fails late — after `ready`, when the edited record's page and
/// feed are written, at a site-wide output — puts the output back exactly as the last
/// good build left it: no new page or CSV stays live, nothing is added, no undo folder
/// stays behind. The next rebuild (a full one) then succeeds.
#[test]
fn a_rebuild_that_fails_late_leaves_the_last_good_output_byte_for_byte() {
    let (dir, site, out, mut session) = generated_session(60, 5);
    assert!(session.build().report.ok());
    // A real write failure late in the rebuild: where data/records.csv goes there is now
    // a folder holding a file, which nothing can be renamed over.
    let csv = out.join("data/records.csv");
    std::fs::remove_file(&csv).unwrap();
    std::fs::create_dir_all(csv.join("blocked")).unwrap();
    std::fs::write(csv.join("blocked/file"), b"x").unwrap();
    let before = tree(&out);

    let path = site.join("content/records/000/r0000003.md");
    edit(&path, "title: ", "title: （已编辑）");
    let ready = std::sync::atomic::AtomicBool::new(false);
    let failed = session.update_with(std::slice::from_ref(&path), &|| {
        ready.store(true, std::sync::atomic::Ordering::SeqCst);
    });
    assert!(
        failed.incremental && !failed.report.ok(),
        "{:?}",
        failed.report.diagnostics
    );
    assert!(
        ready.load(std::sync::atomic::Ordering::SeqCst),
        "the failure came after the record's page was written"
    );
    let after = tree(&out);
    let differing: Vec<&String> = before
        .keys()
        .chain(after.keys())
        .filter(|k| before.get(*k) != after.get(*k))
        .collect();
    assert!(
        differing.is_empty(),
        "the failed rebuild left changed files: {differing:?}"
    );
    let beside: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("disclose-undo") || n.contains("disclose-staging"))
        .collect();
    assert!(beside.is_empty(), "left beside the output: {beside:?}");

    std::fs::remove_dir_all(&csv).unwrap();
    let next = session.update(std::slice::from_ref(&path));
    assert!(
        next.report.ok() && !next.incremental,
        "{:?}",
        next.report.diagnostics
    );
    assert_equals_full_build(&site, &out, dir.path(), "after the failure");
}

#[test]
fn changes_beyond_one_record_rebuild_everything() {
    let (dir, site, out, mut session) = generated_session(60, 2);
    assert!(session.build().report.ok());

    // site.yaml.
    let config = site.join("site.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, text.replacen("title: ", "title: 新", 1)).unwrap();
    let rebuild = session.update(std::slice::from_ref(&config));
    assert!(rebuild.report.ok() && !rebuild.incremental);
    assert_equals_full_build(&site, &out, dir.path(), "config");

    // A new record file.
    let new = site.join("content/records/000/r9999999.md");
    let template = std::fs::read_to_string(site.join("content/records/000/r0000001.md")).unwrap();
    let id_line = template.lines().find(|l| l.starts_with("id: ")).unwrap();
    // A copy keeps no one else's 序号: two records of one table cannot share it.
    let seq_line = template.lines().find(|l| l.starts_with("seq: ")).unwrap();
    let copy = template
        .replacen(id_line, "id: NEW-1", 1)
        .replacen(seq_line, "seq: 9999999", 1);
    std::fs::write(&new, copy).unwrap();
    let rebuild = session.update(std::slice::from_ref(&new));
    assert!(rebuild.report.ok() && !rebuild.incremental);
    assert!(out.join("records/NEW-1/index.html").exists());
    assert_equals_full_build(&site, &out, dir.path(), "added");

    // Deleted again.
    std::fs::remove_file(&new).unwrap();
    let rebuild = session.update(std::slice::from_ref(&new));
    assert!(rebuild.report.ok() && !rebuild.incremental);
    assert!(!out.join("records/NEW-1").exists());
    assert_equals_full_build(&site, &out, dir.path(), "removed");
}

/// Every file of a tree with its inode and modification time: a rewrite (always a new
/// file renamed over the old one) changes the inode even within one clock tick.
#[cfg(unix)]
fn stamps(dir: &Path) -> BTreeMap<String, (u64, i64, i64)> {
    use std::os::unix::fs::MetadataExt;
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let m = e.metadata().unwrap();
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            (rel, (m.ino(), m.mtime(), m.mtime_nsec()))
        })
        .collect()
}

#[cfg(unix)]
#[test]
fn after_ready_only_the_outputs_a_preview_holds_back_are_written() {
    use disclose::output::site::written_after_ready;
    let (_dir, site, out, mut session) = generated_session(150, 9);
    assert!(session.build().report.ok());
    let path = site.join("content/records/000/r0000004.md");
    edit(&path, "title: ", "title: （已编辑）");
    let at_ready = std::sync::Mutex::new(BTreeMap::new());
    let rebuild = session.update_with(std::slice::from_ref(&path), &|| {
        *at_ready.lock().unwrap() = stamps(&out);
    });
    assert!(
        rebuild.report.ok() && rebuild.incremental,
        "{:?}",
        rebuild.report.diagnostics
    );
    let at_ready = at_ready.into_inner().unwrap();
    assert!(!at_ready.is_empty(), "ready was called");
    let late: Vec<String> = stamps(&out)
        .into_iter()
        .filter(|(path, stamp)| at_ready.get(path) != Some(stamp))
        .map(|(path, _)| path)
        .collect();
    // A new title reaches the record's official table's downloads (a feedback problem of
    // cei2-2021: its 整改清单), the search index and the downloads after `ready`.
    for expected in [
        "inspections/cei2-2021/problems/table.xlsx",
        "inspections/cei2-2021/problems/table.csv",
        "data/records.csv",
        "data/records.json",
    ] {
        assert!(late.iter().any(|p| p == expected), "{expected} not in {late:?}");
    }
    let unheld: Vec<&String> = late.iter().filter(|p| !written_after_ready(p)).collect();
    assert!(
        unheld.is_empty(),
        "written after ready but served without waiting: {unheld:?}"
    );
}
