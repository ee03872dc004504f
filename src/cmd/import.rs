//! `disclose import`: a ledger into record files; prints the column report, the diffs,
//! the rows that failed and the summary.

use std::process::ExitCode;

use disclose::i18n::Lang;
use disclose::import::ImportError;
use disclose::t;

use crate::cli::ImportArgs;

/// Runs `import`; exit 1 when a row failed, the written site does not check, or the
/// ledger cannot be read.
pub fn run(args: &ImportArgs, lang: Lang) -> ExitCode {
    if args.print_mapping {
        return match serde_yaml::to_string(&disclose::import::mapping::Mapping::default()) {
            Ok(text) => {
                print!("{text}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                super::error(lang, &e);
                super::failed()
            }
        };
    }
    let options = disclose::import::ImportOptions {
        root: args.root.clone(),
        ledger: args.ledger.clone().unwrap_or_default(),
        sheet: args.sheet.clone(),
        mapping: args.mapping.clone(),
        replace_mapping: args.replace_mapping,
        kind: args.kind,
        inspection: args.inspection.clone(),
        dry_run: args.dry_run,
        update: args.update,
        date: args.date,
    };
    let report = match disclose::import::import(&options) {
        Ok(r) => r,
        Err(e) => {
            super::error(lang, &message(&e, lang));
            return super::failed();
        }
    };
    eprint!("{}", report.column_report());
    for w in &report.warnings {
        eprintln!("{}{w}", t!(lang, "warning-prefix", code = w.code.id()));
    }
    for diff in &report.diffs {
        print!("{diff}");
    }
    for e in &report.errors {
        eprintln!("{}{e}", t!(lang, "error-code-prefix", code = e.code.id()));
    }
    let (created_label, updated_label) = if args.dry_run {
        ("import-would-create", "import-would-update")
    } else {
        ("import-created", "import-updated")
    };
    let key = if report.errors.is_empty() {
        "import-summary-ok"
    } else {
        "import-summary-failed"
    };
    eprintln!(
        "{}",
        t!(
            lang,
            key,
            created_label = t!(lang, created_label),
            created = report.created.len(),
            updated_label = t!(lang, updated_label),
            updated = report.updated.len(),
            unchanged = report.unchanged.len(),
            failed = report.errors.len()
        )
    );
    eprint!("{}", report.update_report());
    if !report.check_errors.is_empty() {
        for d in disclose::i18n::diagnostics::localize_all(&report.check_errors, lang) {
            super::error(lang, &format!("{}: {}", d.location(), d.message));
        }
        eprintln!(
            "{}",
            t!(lang, "import-check-failed", errors = report.check_errors.len())
        );
    }
    ExitCode::from(if report.ok() { 0 } else { 1 })
}

/// Why the import could not run, in the run's language.
fn message(e: &ImportError, lang: Lang) -> String {
    let path = |p: &std::path::Path| p.display().to_string();
    match e {
        ImportError::Site(d) => {
            let d = disclose::i18n::diagnostics::localize(d, lang);
            format!("{}: {}", d.location(), d.message)
        }
        ImportError::MappingUnreadable { path: p, source } => t!(
            lang,
            "import-error-mapping-unreadable",
            path = path(p),
            error = source.to_string()
        ),
        ImportError::MappingInvalid { path: p, reason } => t!(
            lang,
            "import-error-mapping-invalid",
            path = path(p),
            error = reason
        ),
        ImportError::Ledger { reason, .. } => t!(lang, "import-error-ledger", error = reason),
        ImportError::NoSheet { ledger, name, sheets } => t!(
            lang,
            "import-error-no-sheet",
            ledger = ledger,
            name = name,
            sheets = sheets.join(&t!(lang, "list-separator"))
        ),
        ImportError::NoSheets { ledger } => t!(lang, "import-error-no-sheets", ledger = ledger),
        ImportError::RecordText(why) => t!(lang, "import-error-record-text", error = why),
        ImportError::Write { path: p, source } => t!(
            lang,
            "import-error-write",
            path = path(p),
            error = source.to_string()
        ),
    }
}
