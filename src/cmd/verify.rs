//! `disclose verify`: a built folder or the live site against its manifest and signature;
//! prints each file that differs and the verdict.

use std::process::ExitCode;

use disclose::i18n::Lang;
use disclose::keys::KeyError;
use disclose::output::manifest::{self, SignatureCheck, VerifyReport};
use disclose::output::remote;
use disclose::t;

use crate::cli::VerifyArgs;

/// Runs `verify`; exit 0 when every file matches (and the signature, when there is one),
/// 1 when not, 2 when `--key` is not a public key.
pub fn run(args: &VerifyArgs, lang: Lang) -> ExitCode {
    let key = match args.key.as_deref().map(disclose::keys::read_public).transpose() {
        Ok(key) => key,
        Err(e) => {
            super::error(lang, &super::keys::message(&e, lang));
            let usage = matches!(e, KeyError::NotAKey { .. });
            return ExitCode::from(if usage { 2 } else { 1 });
        }
    };
    if let Some((_, k)) = &key {
        let fingerprint = disclose::keys::fingerprint(k);
        eprintln!("{}", t!(lang, "verify-fingerprint", fingerprint = fingerprint));
    }
    let key = key.map(|(text, _)| text);
    let report = if remote::is_url(&args.target) {
        match fetch(args, key.as_deref(), lang) {
            Some(report) => report,
            None => return super::failed(),
        }
    } else {
        match manifest::verify(std::path::Path::new(&args.target), key.as_deref()) {
            Ok(r) => r,
            Err(e) => {
                super::error(lang, &format!("{}: {e}", args.target));
                return super::failed();
            }
        }
    };
    verdict(&report, args, lang)
}

/// Checks the live site at `args.target`, with a progress bar on a terminal; `None` (the
/// error printed) when its manifest cannot be fetched.
fn fetch(args: &VerifyArgs, key: Option<&str>, lang: Lang) -> Option<VerifyReport> {
    let options = remote::RemoteOptions {
        jobs: usize::from(args.jobs),
        timeout: std::time::Duration::from_secs(args.timeout),
    };
    let bar = super::progress_bar();
    let tick = |done: usize, total: usize| {
        if let Some(b) = &bar {
            b.set_length(total as u64);
            b.set_position(done as u64);
        }
    };
    let fetched = remote::verify_url(&args.target, key, &options, &tick);
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    match fetched {
        Ok((report, site)) => {
            eprintln!(
                "{}",
                t!(
                    lang,
                    "verify-checked-url",
                    root = &site.root,
                    files = site.files,
                    as_of = &site.as_of
                )
            );
            if remote::is_url(&site.built_for)
                && site.built_for.trim_end_matches('/') != site.root.trim_end_matches('/')
            {
                eprintln!("{}", t!(lang, "verify-built-for", url = &site.built_for));
            }
            Some(report)
        }
        Err(e) => {
            super::error(lang, &e);
            None
        }
    }
}

/// Prints every file that differs and the verdict; the exit code.
fn verdict(report: &VerifyReport, args: &VerifyArgs, lang: Lang) -> ExitCode {
    for path in &report.changed {
        eprintln!("{}", t!(lang, "verify-changed", path = path));
    }
    for path in &report.missing {
        eprintln!("{}", t!(lang, "verify-missing", path = path));
    }
    for path in &report.extra {
        eprintln!("{}", t!(lang, "verify-extra", path = path));
    }
    for path in &report.symlinks {
        eprintln!("{}", t!(lang, "verify-symlink", path = path));
    }
    for (path, why) in &report.failed {
        eprintln!("{}", t!(lang, "verify-not-checked", path = path, why = why));
    }
    match &report.signature {
        SignatureCheck::Valid => eprintln!("{}", t!(lang, "verify-signature-valid")),
        SignatureCheck::Invalid(why) => eprintln!("{}", t!(lang, "verify-signature-invalid", why = why)),
        SignatureCheck::NotChecked => {}
    }
    if !report.files_match() {
        eprintln!(
            "{}",
            t!(
                lang,
                "verify-failed",
                changed = report.changed.len(),
                missing = report.missing.len(),
                extra = report.extra.len(),
                failed = report.failed.len(),
                symlinks = report.symlinks.len()
            )
        );
        return super::failed();
    }
    if args.hashes_only || report.ok() {
        let key = match (&report.signature, report.signed) {
            (SignatureCheck::Valid, _) => "verify-ok-signed",
            (_, true) => "verify-ok-hashes-only",
            (_, false) => "verify-ok",
        };
        eprintln!("{}", t!(lang, key, files = report.checked));
        ExitCode::SUCCESS
    } else if matches!(report.signature, SignatureCheck::NotChecked) {
        super::error(lang, &t!(lang, "verify-needs-key"));
        eprintln!("{}", t!(lang, "verify-needs-key-help", site = &args.target));
        super::failed()
    } else {
        eprintln!("{}", t!(lang, "verify-bad-signature"));
        super::failed()
    }
}
