//! `disclose deploy`: publish a built site into a web root (or roll back), then say what
//! changed.

use std::process::ExitCode;

use disclose::i18n::Lang;
use disclose::t;

use crate::cli::DeployArgs;

/// Runs `deploy`; exit 1 when it cannot publish.
pub fn run(args: DeployArgs, lang: Lang) -> ExitCode {
    let options = disclose::deploy::DeployOptions {
        site: args.site.clone().unwrap_or_else(|| args.root.join("public")),
        root: args.root,
        to: args.to,
        rollback: args.rollback,
        dry_run: args.dry_run,
    };
    let report = match disclose::deploy::deploy(&options) {
        Ok(report) => report,
        Err(e) => {
            super::error(lang, &e);
            return super::failed();
        }
    };
    for what in &report.recovered {
        eprintln!("{}", t!(lang, "deploy-recovered", what = what));
    }
    if options.dry_run {
        for path in &report.added {
            println!("{}", t!(lang, "deploy-added", path = path));
        }
        for path in &report.changed {
            println!("{}", t!(lang, "deploy-changed", path = path));
        }
        for path in &report.removed {
            println!("{}", t!(lang, "deploy-removed", path = path));
        }
    }
    let action = if options.rollback {
        "deploy-action-rollback"
    } else {
        "deploy-action-deploy"
    };
    let result = if options.dry_run {
        "deploy-result-dry-run"
    } else {
        "deploy-result-ok"
    };
    eprintln!(
        "{}",
        t!(
            lang,
            "deploy-summary",
            action = t!(lang, action),
            result = t!(lang, result),
            files = report.files,
            added = report.added.len(),
            changed = report.changed.len(),
            removed = report.removed.len()
        )
    );
    ExitCode::SUCCESS
}
