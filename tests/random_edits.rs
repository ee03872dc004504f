//! `serve`'s incremental rebuild against full builds, under random sequences of edits.
//!
//! A generated site gets, seed by seed, a random sequence of ordinary edits — a title, a
//! region, a lead unit, a status with its update, related cases, a deadline change, and
//! a unit renamed to a homophone of another (石门镇人民政府 → 合口镇人民政府 beside
//! 河口镇人民政府, which renumbers 河口镇's slug to `-2`) — each saved and rebuilt in place
//! by the same [`Session`] `serve` uses. After every edit each output file must equal a
//! full build of the same files byte for byte: a page whose fingerprint left out
//! something the page prints would be kept stale and show here.

mod common;

use std::path::{Path, PathBuf};

use common::session::{options, tree};
use common::synth::Rng;
use disclose::incremental::Session;

/// The seeds (fixed: the test is deterministic) and the edits made per seed.
const SEEDS: [u64; 3] = [3, 17, 2024];
const EDITS_PER_SEED: usize = 7;
const RECORDS: usize = 60;

/// The units of the homophone: 合口 (hé kǒu) and 河口 (hé kǒu) share a slug, so whichever
/// sorts second gets `-2`.
const HEKOU: &str = "河口镇人民政府";
const HEKOU_HOMOPHONE: &str = "合口镇人民政府";
const SHIMEN: &str = "石门镇人民政府";
const REGIONS: [&str; 4] = ["城关街道", "河口镇", "石门镇", "龙泉镇"];
const UNITS: [&str; 4] = ["区生态环境局", "区水务局", HEKOU, "区农业农村局"];
/// The as-of date of synthetic sites: no progress may be dated later.
const AS_OF: &str = "2024-06-30";

/// The value of a `key: value` line of a record's front matter.
fn field<'t>(text: &'t str, key: &str) -> Option<&'t str> {
    let prefix = format!("{key}: ");
    text.lines().find_map(|l| l.strip_prefix(prefix.as_str()))
}

/// `text` with the `key: …` line set to `key: value` (added after `after:` if absent).
fn set_field(text: &str, key: &str, value: &str, after: &str) -> String {
    let line = format!("{key}: {value}");
    match field(text, key) {
        Some(old) => text.replacen(&format!("{key}: {old}\n"), &format!("{line}\n"), 1),
        None => {
            let anchor = format!("{after}: {}\n", field(text, after).unwrap());
            text.replacen(&anchor, &format!("{anchor}{line}\n"), 1)
        }
    }
}

/// `text` with `item` added at the end of the `key:` list of `  - {…}` lines (the list
/// made after the `after:` line if absent).
fn push_item(text: &str, key: &str, item: &str, after: &str) -> String {
    let head = format!("\n{key}:\n");
    let Some(start) = text.find(&head) else {
        return set_field(text, key, "", after).replacen(
            &format!("{key}: \n"),
            &format!("{key}:\n  - {item}\n"),
            1,
        );
    };
    let mut end = start + head.len();
    while text[end..].starts_with("  - ") {
        end += text[end..].find('\n').unwrap() + 1;
    }
    format!("{}  - {item}\n{}", &text[..end], &text[end..])
}

/// One random edit of the record `text` (whose site's record ids are `ids`): what it
/// did, and the new text.
fn random_edit(rng: &mut Rng, text: &str, ids: &[String], step: usize) -> (String, String) {
    let id = field(text, "id").unwrap();
    match rng.below(7) {
        0 => (
            "title".into(),
            set_field(
                text,
                "title",
                &format!("（第{step}次编辑）{}", field(text, "title").unwrap()),
                "id",
            ),
        ),
        1 => {
            let region = *rng.pick(&REGIONS);
            (
                format!("region → {region}"),
                set_field(text, "region", region, "title"),
            )
        }
        2 => {
            let unit = *rng.pick(&UNITS);
            (
                format!("lead_unit → {unit}"),
                set_field(text, "lead_unit", unit, "measures"),
            )
        }
        3 => {
            // The homophone: 石门镇 becomes 合口镇 (taking 河口镇's slug), or back.
            let unit = if field(text, "lead_unit") == Some(HEKOU_HOMOPHONE) {
                SHIMEN
            } else {
                HEKOU_HOMOPHONE
            };
            (
                format!("lead_unit → {unit} (homophone)"),
                set_field(text, "lead_unit", unit, "measures"),
            )
        }
        4 => {
            // A new status with the update that sets it, dated the as-of day (after every
            // earlier update, never in the future).
            let (status, extra) = match field(text, "status").unwrap() {
                "not_started" | "in_progress" if rng.below(2) == 0 => ("staged", None),
                "not_started" | "in_progress" | "staged" => ("completed", Some(("completed_on", "status"))),
                "completed" => ("closed", Some(("closed_on", "completed_on"))),
                _ => ("closed", None),
            };
            let mut new = set_field(text, "status", status, "deadline");
            if let Some((key, after)) = extra {
                new = set_field(&new, key, AS_OF, after);
            }
            let update =
                format!("{{ date: {AS_OF}, status: {status}, text: 第{step}次进展，状态改为{status}。 }}");
            (
                format!("status → {status} with an update"),
                push_item(&new, "updates", &update, "status"),
            )
        }
        5 => {
            // Related cases: another record, or none.
            let other = rng.pick(ids);
            let related = if other == id || rng.below(4) == 0 {
                "[]".to_string()
            } else {
                format!("[{other}]")
            };
            (
                format!("related → {related}"),
                set_field(text, "related", &related, "title"),
            )
        }
        _ => {
            // A deadline change: overdue or not on the as-of date, moved in and out of lists.
            let old = field(text, "deadline").unwrap();
            let new = format!(
                "{}-{:02}-{:02}",
                2022 + rng.below(4),
                1 + rng.below(12),
                1 + rng.below(28)
            );
            let change = format!(
                "{{ from: {old}, to: {new}, reason: 第{step}次调整整改时限。, decided_on: 2024-01-15 }}"
            );
            let text = set_field(text, "deadline", &new, "received_on");
            (
                format!("deadline {old} → {new}"),
                push_item(&text, "deadline_changes", &change, "deadline"),
            )
        }
    }
}

/// The files of the full build of `site` that the session's output differs in.
fn differences(site: &Path, session_out: &Path, scratch: &Path) -> Vec<String> {
    let full = scratch.join("full");
    let _ = std::fs::remove_dir_all(&full);
    let report = disclose::build(&options(site, full.clone()));
    assert!(report.ok(), "{:?}", report.diagnostics);
    let (a, b) = (tree(session_out), tree(&full));
    a.keys()
        .chain(b.keys())
        .filter(|k| a.get(*k) != b.get(*k))
        .cloned()
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect()
}

#[test]
fn random_edits_rebuilt_in_place_equal_full_builds() {
    let mut incremental = 0;
    let mut kinds = std::collections::BTreeSet::new();
    for seed in SEEDS {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        common::synth::generate(&site, RECORDS, seed).unwrap();
        let files: Vec<PathBuf> = (0..RECORDS)
            .map(|n| site.join(format!("content/records/000/r{n:07}.md")))
            .collect();
        let ids: Vec<String> = files
            .iter()
            .map(|f| {
                field(&std::fs::read_to_string(f).unwrap(), "id")
                    .unwrap()
                    .to_string()
            })
            .collect();
        // Set the homophone up: several records led by 河口镇, one by 石门镇.
        for (n, unit) in [(0, SHIMEN), (1, HEKOU), (2, HEKOU), (5, HEKOU)] {
            let text = std::fs::read_to_string(&files[n]).unwrap();
            std::fs::write(&files[n], set_field(&text, "lead_unit", unit, "measures")).unwrap();
        }

        let out = dir.path().join("serve");
        let mut session = Session::new(options(&site, out.clone()));
        let first = session.build();
        assert!(first.report.ok(), "seed {seed}: {:?}", first.report.diagnostics);
        let mut rng = Rng::new(seed);
        let mut log: Vec<String> = Vec::new();
        for step in 0..EDITS_PER_SEED {
            // Every third edit goes to the 石门镇 record, so the homophone comes up.
            let n = if step % 3 == 1 { 0 } else { rng.below(RECORDS) };
            let path = &files[n];
            let before = std::fs::read_to_string(path).unwrap();
            let (what, after) = if step % 3 == 1 {
                let unit = if field(&before, "lead_unit") == Some(HEKOU_HOMOPHONE) {
                    SHIMEN
                } else {
                    HEKOU_HOMOPHONE
                };
                (
                    format!("lead_unit → {unit} (homophone)"),
                    set_field(&before, "lead_unit", unit, "measures"),
                )
            } else {
                random_edit(&mut rng, &before, &ids, step)
            };
            std::fs::write(path, &after).unwrap();
            let rebuild = session.update(std::slice::from_ref(path));
            if !rebuild.report.ok() {
                // Not every record takes every edit (the rules): undo it, as a clerk would.
                log.push(format!("{}: {what}: refused", ids[n]));
                std::fs::write(path, &before).unwrap();
                assert!(session.update(std::slice::from_ref(path)).report.ok());
                continue;
            }
            log.push(format!("{}: {what}", ids[n]));
            assert!(rebuild.incremental, "seed {seed}: {what} was rebuilt in full");
            incremental += 1;
            kinds.insert(what.split(' ').next().unwrap_or_default().to_string());
            let differing = differences(&site, &out, dir.path());
            assert!(
                differing.is_empty(),
                "seed {seed}, after the edits\n  {}\nthe rebuilt site differs from a full build in {} files: {:?}",
                log.join("\n  "),
                differing.len(),
                &differing[..differing.len().min(12)]
            );
        }
        println!("seed {seed}:\n  {}", log.join("\n  "));
    }
    assert!(
        incremental >= SEEDS.len() * EDITS_PER_SEED / 2,
        "only {incremental} edits passed the rules"
    );
    assert!(kinds.len() >= 5, "only these kinds of edit were made: {kinds:?}");
}
