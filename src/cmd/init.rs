//! `disclose init` (a new site) and `disclose new` (a new record file).

use std::process::ExitCode;

use disclose::i18n::Lang;
use disclose::t;

use crate::cli::{InitArgs, NewArgs};

/// Runs `init`; exit 1 when the folder is not empty (without `--force`) or not writable.
pub fn init(args: &InitArgs, lang: Lang) -> ExitCode {
    match disclose::scaffold::init(&args.dir, args.force) {
        Ok(files) => {
            let dir = args.dir.display().to_string();
            eprintln!("{}", t!(lang, "init-done", dir = dir, files = files.len()));
            ExitCode::SUCCESS
        }
        Err(e) => {
            super::error(lang, &e);
            super::failed()
        }
    }
}

/// Runs `new`; exit 1 when the record exists or cannot be written.
pub fn new(args: &NewArgs, lang: Lang) -> ExitCode {
    match disclose::scaffold::new_record(&args.root, args.kind, &args.id, args.as_of) {
        Ok(path) => {
            eprintln!("{}", t!(lang, "new-done", path = path.display().to_string()));
            ExitCode::SUCCESS
        }
        Err(e) => {
            super::error(lang, &e);
            super::failed()
        }
    }
}
