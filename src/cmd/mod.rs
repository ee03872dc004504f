//! One file per command (binary side): each turns its clap arguments into the library's
//! options, calls the library, prints the outcome in the run's language and returns the
//! exit code: 0 ok, 1 the site (or the files named) has errors, 2 a usage error. The work
//! itself is in the library; what is here is printing.

pub mod build;
pub mod check;
pub mod deploy;
pub mod import;
pub mod init;
pub mod keys;
pub mod serve;
pub mod verify;

use std::process::ExitCode;

use disclose::Report;
use disclose::diagnostic::render_text;
use disclose::i18n::Lang;
use disclose::t;

/// Prints `error: …` (in the run's language) to stderr.
fn error(lang: Lang, e: &dyn std::fmt::Display) {
    eprintln!("{}{e}", t!(lang, "error-prefix"));
}

/// Exit code 1, for a command that failed on its inputs.
fn failed() -> ExitCode {
    ExitCode::from(1)
}

/// A spinner on a terminal while a long build runs; nothing in CI, in pipes or with --quiet.
fn spinner(quiet: bool, lang: Lang) -> Option<indicatif::ProgressBar> {
    if quiet || !interactive() {
        return None;
    }
    let bar = indicatif::ProgressBar::new_spinner().with_message(t!(lang, "progress-building"));
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    Some(bar)
}

/// A progress bar over the files of a verify on a terminal; nothing in CI or in pipes.
fn progress_bar() -> Option<indicatif::ProgressBar> {
    if !interactive() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} ({eta})")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    Some(bar)
}

/// stderr is a terminal and this is not a CI run.
fn interactive() -> bool {
    use std::io::IsTerminal;
    std::env::var_os("CI").is_none() && std::io::stderr().is_terminal()
}

/// Prints the report's diagnostics (only errors when `quiet`) with source snippets.
fn print_diagnostics(report: &Report, root: &std::path::Path, quiet: bool, lang: Lang) {
    let shown: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| !quiet || d.is_error())
        .cloned()
        .collect();
    if !shown.is_empty() {
        let shown = disclose::i18n::diagnostics::localize_all(&shown, lang);
        eprint!("{}", render_text(&shown, root, lang));
    }
}

/// `build ok: 14 records, …; 0 errors, 1 warnings; 0.31 s`, in the run's language.
fn summary(lang: Lang, command: &str, r: &Report) -> String {
    let megabytes = |bytes: u64| format!("{:.1} MB", bytes as f64 / 1e6);
    let as_of = r
        .as_of
        .map(|d| t!(lang, "run-summary-as-of", date = d.to_string()))
        .unwrap_or_default();
    let mut written = match &r.out {
        Some(out) => t!(
            lang,
            "run-summary-written",
            pages = r.pages,
            files = r.files,
            size = megabytes(r.bytes),
            out = out.display().to_string()
        ),
        None => String::new(),
    };
    if r.saved.gzip > 0 {
        written.push_str(&t!(
            lang,
            "run-summary-saved",
            gzip = megabytes(r.saved.gzip),
            brotli = megabytes(r.saved.brotli)
        ));
    }
    let status_key = if r.ok() {
        "run-status-ok"
    } else {
        "run-status-failed"
    };
    t!(
        lang,
        "run-summary",
        status = t!(lang, status_key, command = t!(lang, command)),
        records = t!(lang, "run-summary-records", count = r.records),
        written = written,
        as_of = as_of,
        counts = t!(
            lang,
            "run-summary-counts",
            errors = r.errors(),
            warnings = r.warnings()
        ),
        seconds = format!("{:.2}", r.elapsed.as_secs_f64())
    )
}

/// 0 when the report has no errors, else 1.
fn exit_code(report: &Report) -> ExitCode {
    ExitCode::from(if report.ok() { 0 } else { 1 })
}
