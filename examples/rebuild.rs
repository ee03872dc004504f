//! Benchmark of `serve`'s incremental rebuild: the time from saving one record to the
//! rebuilt site, on a generated site.
//! `cargo run --release --example rebuild -- --site /dev/shm/site10k --out /dev/shm/serve10k [--edits 10]`
//!
//! Builds the site once (as `serve` does at start), then edits a different record's
//! title `--edits` times, rebuilding after each, and prints each rebuild's time and
//! stages, the median, and the outputs made again and kept. The site's files are restored
//! at the end.

use std::path::PathBuf;
use std::time::Instant;

use disclose::incremental::Session;
use disclose::{BuildOptions, SiteOptions};

mod common;
use common::{median, records_to_edit};

// The allocator of the `disclose` binary, so the times are the ones `serve` has.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut site = None;
    let mut out = None;
    let mut edits = 10usize;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--site" => site = args.next().map(PathBuf::from),
            "--out" => out = args.next().map(PathBuf::from),
            "--edits" => edits = args.next().and_then(|v| v.parse().ok()).expect("--edits N"),
            other => {
                eprintln!("unknown argument {other}; usage: rebuild --site DIR --out DIR [--edits N]");
                std::process::exit(2);
            }
        }
    }
    let (Some(site), Some(out)) = (site, out) else {
        eprintln!("usage: rebuild --site DIR --out DIR [--edits N]");
        std::process::exit(2);
    };
    // The session knows records by their path under the canonical site folder, as `serve`
    // (which canonicalises the folder it watches) reports them.
    let site = site.canonicalize().expect("the site folder exists");
    let mut session = Session::new(BuildOptions {
        site: SiteOptions {
            root: site.clone(),
            ..SiteOptions::default()
        },
        out: Some(out),
        previous: Some(site.join("public")),
        ..BuildOptions::default()
    });
    let started = Instant::now();
    let first = session.build();
    assert!(first.report.ok(), "{:?}", first.report.diagnostics);
    println!(
        "full build: {} records in {:.0} ms",
        first.report.records,
        started.elapsed().as_secs_f64() * 1000.0
    );

    let mut times = Vec::new();
    for file in &records_to_edit(&site, edits) {
        let original = std::fs::read_to_string(file).expect("read record");
        std::fs::write(file, original.replacen("\ntitle: ", "\ntitle: （已编辑）", 1)).expect("write record");
        let rebuild = session.update(std::slice::from_ref(file));
        std::fs::write(file, &original).expect("restore record");
        assert!(
            rebuild.report.ok() && rebuild.incremental,
            "{:?}",
            rebuild.report.diagnostics
        );
        let ms = rebuild.report.elapsed.as_secs_f64() * 1000.0;
        let ready = rebuild.ready_after.unwrap_or_default().as_secs_f64() * 1000.0;
        let stages: Vec<String> = rebuild
            .report
            .timings
            .stages()
            .iter()
            .map(|(name, d)| format!("{name} {:.1}", d.as_secs_f64() * 1000.0))
            .collect();
        println!(
            "pages {ready:>6.1} ms, all {:>7.1} ms  {} made, {} kept  [{}]",
            ms,
            rebuild.rendered,
            rebuild.kept,
            stages.join(", ")
        );
        times.push((ready, ms));
        // Put the record back in the session too, so the next edit starts from the original.
        session.update(std::slice::from_ref(file));
    }
    println!(
        "one-record rebuild, median over {} edits: pages and feeds {:.1} ms, everything {:.1} ms",
        times.len(),
        median(times.iter().map(|t| t.0).collect()),
        median(times.iter().map(|t| t.1).collect())
    );
}
