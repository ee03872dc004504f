//! `disclose serve`: the preview server; prints its address once it listens.

use std::process::ExitCode;

use disclose::i18n::Lang;
use disclose::t;

use crate::cli::ServeArgs;

/// Runs the preview until it is stopped; exit 1 when it cannot start.
pub fn run(args: ServeArgs, lang: Lang) -> ExitCode {
    let options = disclose::serve::ServeOptions {
        site: args.site.options(),
        bind: args.bind,
        port: args.port,
        open: args.open,
        lang,
    };
    match disclose::serve::serve(options, |url| {
        eprintln!("{}", t!(lang, "serve-listening", url = url))
    }) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            super::error(lang, &e);
            super::failed()
        }
    }
}
