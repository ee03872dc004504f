//! The `disclose` binary: parse flags, call the library, print, exit 0 / 1 / 2.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use disclose::cli::{Cli, Command, Format};
use disclose::diagnostic::{render_json, render_text};
use disclose::{BuildOptions, Report};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            // clap exits 0 for --help/--version and 2 for usage errors.
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match cli.command {
        Command::Build(args) => {
            let options = BuildOptions {
                site: args.site.options(),
                out: args.out,
                base_url: args.base_url,
            };
            let report = disclose::build(&options);
            print_diagnostics(&report, &args.site.root, args.site.quiet);
            if !args.site.quiet || !report.ok() {
                eprintln!("{}", summary("build", &report));
            }
            exit_code(&report)
        }
        Command::Check(args) => {
            let report = disclose::check(&args.site.options());
            match args.format {
                Format::Json => {
                    let mut out = std::io::stdout().lock();
                    let _ = writeln!(out, "{}", render_json(&report.diagnostics));
                }
                Format::Text => {
                    print_diagnostics(&report, &args.site.root, args.site.quiet);
                    if !args.site.quiet || !report.ok() {
                        eprintln!("{}", summary("check", &report));
                    }
                }
            }
            exit_code(&report)
        }
    }
}

fn print_diagnostics(report: &Report, root: &std::path::Path, quiet: bool) {
    let shown: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| !quiet || d.is_error())
        .cloned()
        .collect();
    if !shown.is_empty() {
        eprint!("{}", render_text(&shown, root));
    }
}

fn summary(command: &str, r: &Report) -> String {
    let as_of = r.as_of.map(|d| format!(", as of {d}")).unwrap_or_default();
    let written = match &r.out {
        Some(out) => format!(
            ", {} pages, {} files ({:.1} MB) in {}",
            r.pages,
            r.files,
            r.bytes as f64 / 1e6,
            out.display()
        ),
        None => String::new(),
    };
    let status = if r.ok() { "ok" } else { "FAILED" };
    format!(
        "{command} {status}: {} records{written}{as_of}; {} errors, {} warnings; {:.2} s",
        r.records,
        r.errors(),
        r.warnings(),
        r.elapsed.as_secs_f64()
    )
}

fn exit_code(report: &Report) -> ExitCode {
    ExitCode::from(if report.ok() { 0 } else { 1 })
}
