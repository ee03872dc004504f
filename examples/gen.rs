//! Generates a synthetic disclose site for benchmarks:
//! `cargo run --release --example gen -- --records 10000 --out /dev/shm/site10k [--seed 1]`

// The generator is test support, not library API: the tests and this example share one file.
#[allow(dead_code)]
#[path = "../tests/common/synth.rs"]
mod synth;

fn main() {
    let mut records = 1000usize;
    let mut out = None;
    let mut seed = 1u64;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--records" => records = args.next().and_then(|v| v.parse().ok()).expect("--records N"),
            "--out" => out = args.next(),
            "--seed" => seed = args.next().and_then(|v| v.parse().ok()).expect("--seed N"),
            other => {
                eprintln!("unknown argument {other}; usage: gen --records N --out DIR [--seed S]");
                std::process::exit(2);
            }
        }
    }
    let Some(out) = out else {
        eprintln!("usage: gen --records N --out DIR [--seed S]");
        std::process::exit(2);
    };
    let out = std::path::PathBuf::from(out);
    if out.exists()
        && std::fs::read_dir(&out)
            .map(|mut d| d.next().is_some())
            .unwrap_or(false)
    {
        eprintln!("{} is not empty", out.display());
        std::process::exit(1);
    }
    if let Err(e) = synth::generate(&out, records, seed) {
        eprintln!("cannot write {}: {e}", out.display());
        std::process::exit(1);
    }
    eprintln!("wrote {records} records to {}", out.display());
}
