//! `disclose build`: the whole pipeline into the output folder, then the summary line.

use std::process::ExitCode;

use disclose::BuildOptions;
use disclose::i18n::Lang;

use crate::cli::BuildArgs;

/// Runs `build`; exit 1 when the site has errors (nothing is swapped in then).
pub fn run(args: BuildArgs, lang: Lang) -> ExitCode {
    let options = BuildOptions {
        site: disclose::SiteOptions {
            check_links: args.links.options(),
            ..args.site.options()
        },
        out: args.out,
        base_url: args.base_url,
        sign_key: args.sign_key,
        previous: args.previous,
        precompress: args.precompress,
        relative_urls: args.relative_urls,
    };
    let spinner = super::spinner(args.site.quiet, lang);
    let report = disclose::build(&options);
    if let Some(s) = spinner {
        s.finish_and_clear();
    }
    super::print_diagnostics(&report, &args.site.root, args.site.quiet, lang);
    if !args.site.quiet || !report.ok() {
        eprintln!("{}", super::summary(lang, "run-build", &report));
    }
    if args.timings {
        eprint!("{}", report.timings.table());
    }
    super::exit_code(&report)
}
