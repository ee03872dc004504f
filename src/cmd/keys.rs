//! `disclose keygen`: a new signing key pair, and the `site.yaml` lines that publish it.

use std::process::ExitCode;

use disclose::i18n::Lang;
use disclose::keys::KeyError;
use disclose::t;

use crate::cli::KeygenArgs;

/// Runs `keygen`; exit 1 when the key files exist (without `--force`) or cannot be written.
pub fn keygen(args: &KeygenArgs, lang: Lang) -> ExitCode {
    match disclose::keys::write_pair(&args.out, args.force) {
        Ok(pair) => {
            let secret = pair.secret.display().to_string();
            let public = pair.public.display().to_string();
            eprintln!("{}", t!(lang, "keygen-done", secret = &secret, public = &public));
            eprintln!(
                "{}\n\nsigning:\n  public_key: {}",
                t!(lang, "keygen-site-yaml"),
                pair.public_key
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            super::error(lang, &message(&e, lang));
            super::failed()
        }
    }
}

/// A key error in the run's language.
pub fn message(e: &KeyError, lang: Lang) -> String {
    match e {
        KeyError::Exists { secret, public } => t!(
            lang,
            "keygen-exists",
            secret = secret.display().to_string(),
            public = public.display().to_string()
        ),
        KeyError::NoRandomness(why) => t!(lang, "keygen-no-randomness", error = why),
        KeyError::Write { source, .. } => {
            t!(lang, "keygen-cannot-write", error = source.to_string())
        }
        KeyError::Read { path, source } => t!(
            lang,
            "verify-cannot-read-key",
            path = path.display().to_string(),
            error = source.to_string()
        ),
        KeyError::NotAKey { path, reason } => format!("{}: {reason}", path.display()),
    }
}
