//! `disclose check`: load and validate, print the diagnostics as text or JSON.

use std::io::Write;
use std::process::ExitCode;

use disclose::diagnostic::render_json;
use disclose::i18n::Lang;

use crate::cli::{CheckArgs, Format};

/// Runs `check`; exit 1 when the site has errors.
pub fn run(args: &CheckArgs, lang: Lang) -> ExitCode {
    let report = disclose::check(&disclose::SiteOptions {
        check_links: args.links.options(),
        ..args.site.options()
    });
    match args.format {
        Format::Json => {
            let localized = disclose::i18n::diagnostics::localize_all(&report.diagnostics, lang);
            let _ = writeln!(std::io::stdout().lock(), "{}", render_json(&localized));
        }
        Format::Text => {
            super::print_diagnostics(&report, &args.site.root, args.site.quiet, lang);
            if !args.site.quiet || !report.ok() {
                eprintln!("{}", super::summary(lang, "run-check", &report));
            }
        }
    }
    super::exit_code(&report)
}
