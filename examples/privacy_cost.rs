//! What the privacy guard costs beside the other checks, on a (generated) site:
//! `cargo run --release --example privacy_cost -- --site /dev/shm/site10k [--runs 7]`
//!
//! Loads the site once, then times, `--runs` times each, every rule of `check`
//! (`validate::validate`, the guard included) and the guard alone
//! (`validate::privacy::check`: every published string and number of every record,
//! page and `site.yaml`, NFKC-normalised and matched). Prints the medians, and the
//! loading time for scale: the rules without the guard are the first minus the second,
//! which is what `check` and `build` would spend with the scan switched off.

use std::path::PathBuf;
use std::time::Instant;

use disclose::source::LoadOptions;

// Shared with the rebuild benchmarks; this one needs only the median.
#[allow(dead_code)]
mod common;
use common::median;

// The allocator of the `disclose` binary, so the times are the ones `check` has.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut site = None;
    let mut runs = 7usize;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--site" => site = args.next().map(PathBuf::from),
            "--runs" => runs = args.next().and_then(|v| v.parse().ok()).expect("--runs N"),
            other => {
                eprintln!("unknown argument {other}; usage: privacy_cost --site DIR [--runs N]");
                std::process::exit(2);
            }
        }
    }
    let Some(site) = site else {
        eprintln!("usage: privacy_cost --site DIR [--runs N]");
        std::process::exit(2);
    };
    let ms = |since: Instant| since.elapsed().as_secs_f64() * 1000.0;
    let mut load = Vec::new();
    let mut sources = None;
    for _ in 0..runs {
        let started = Instant::now();
        let (loaded, _) = disclose::source::load(&site, LoadOptions::default());
        load.push(ms(started));
        sources = loaded;
    }
    let Some(sources) = sources else {
        eprintln!("{} is not a site", site.display());
        std::process::exit(1);
    };
    let as_of = disclose::resolve_as_of(None, sources.config.as_of).expect("an as-of date");
    let (mut all, mut guard) = (Vec::new(), Vec::new());
    let mut findings = (0, 0);
    for _ in 0..runs {
        let started = Instant::now();
        findings.0 = disclose::validate::validate(&sources, as_of).iter().count();
        all.push(ms(started));
        let started = Instant::now();
        findings.1 = disclose::validate::privacy::check(&sources).len();
        guard.push(ms(started));
    }
    let (load, all, guard) = (median(load), median(all), median(guard));
    println!(
        "{} records, {} pages; medians of {runs} runs",
        sources.records.len(),
        sources.pages.len()
    );
    println!("load (read + YAML)        {load:8.1} ms");
    println!(
        "every rule of check       {all:8.1} ms  ({} findings)",
        findings.0
    );
    println!(
        "  of which privacy guard  {guard:8.1} ms  ({} findings)",
        findings.1
    );
    println!("  rules without the guard {:8.1} ms", all - guard);
}
