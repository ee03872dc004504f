//! The `disclose` binary: parse flags, call the library, print, exit 0 / 1 / 2.

use std::io::Write;
use std::process::ExitCode;

use disclose::cli::{Command, Format, ImportArgs, KeygenArgs, VerifyArgs};
use disclose::diagnostic::{render_json, render_text};
use disclose::i18n::Lang;
use disclose::i18n::cli::Parsed;
use disclose::output::manifest::{self, SignatureCheck};
use disclose::t;
use disclose::{BuildOptions, Report};

// A build allocates many short-lived strings on two threads at once (template values, rows,
// search tokens); mimalloc's thread-local pages measured a large share of the build's time
// below glibc malloc's (see the README's Speed section).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    if let Some(code) = disclose::launch::double_clicked() {
        return code;
    }
    let (cli, lang) = match disclose::i18n::cli::parse_env() {
        Parsed::Run(cli, lang) => (cli, lang),
        Parsed::Exit { text, code } => {
            // Help and version go to stdout (exit 0), usage errors to stderr (exit 2).
            if code == 0 {
                print!("{text}");
            } else {
                eprint!("{text}");
            }
            return ExitCode::from(code);
        }
    };
    let error = |e: &dyn std::fmt::Display| eprintln!("{}{e}", t!(lang, "error-prefix"));
    match cli.command {
        Command::Build(args) => {
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
            let spinner = spinner(args.site.quiet, lang);
            let report = disclose::build(&options);
            if let Some(s) = spinner {
                s.finish_and_clear();
            }
            print_diagnostics(&report, &args.site.root, args.site.quiet, lang);
            if !args.site.quiet || !report.ok() {
                eprintln!("{}", summary(lang, "run-build", &report));
            }
            if args.timings {
                eprint!("{}", report.timings.table());
            }
            exit_code(&report)
        }
        Command::Keygen(args) => keygen(&args, lang),
        Command::Import(args) => import(&args, lang),
        Command::Deploy(args) => {
            let options = disclose::deploy::DeployOptions {
                site: args.site.clone().unwrap_or_else(|| args.root.join("public")),
                root: args.root,
                to: args.to,
                rollback: args.rollback,
                dry_run: args.dry_run,
            };
            match disclose::deploy::deploy(&options) {
                Ok(report) => {
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
                Err(e) => {
                    error(&e);
                    ExitCode::from(1)
                }
            }
        }
        Command::Serve(args) => {
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
                    error(&e);
                    ExitCode::from(1)
                }
            }
        }
        Command::Init(args) => match disclose::scaffold::init(&args.dir, args.force) {
            Ok(files) => {
                eprintln!(
                    "{}",
                    t!(
                        lang,
                        "init-done",
                        dir = args.dir.display().to_string(),
                        files = files.len()
                    )
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                error(&e);
                ExitCode::from(1)
            }
        },
        Command::New(args) => {
            match disclose::scaffold::new_record(&args.root, args.kind, &args.id, args.as_of) {
                Ok(path) => {
                    eprintln!("{}", t!(lang, "new-done", path = path.display().to_string()));
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    error(&e);
                    ExitCode::from(1)
                }
            }
        }
        Command::Verify(args) => verify(&args, lang),
        Command::Check(args) => {
            let report = disclose::check(&disclose::SiteOptions {
                check_links: args.links.options(),
                ..args.site.options()
            });
            match args.format {
                Format::Json => {
                    let mut out = std::io::stdout().lock();
                    let _ = writeln!(
                        out,
                        "{}",
                        render_json(&disclose::i18n::diagnostics::localize_all(
                            &report.diagnostics,
                            lang
                        ))
                    );
                }
                Format::Text => {
                    print_diagnostics(&report, &args.site.root, args.site.quiet, lang);
                    if !args.site.quiet || !report.ok() {
                        eprintln!("{}", summary(lang, "run-check", &report));
                    }
                }
            }
            exit_code(&report)
        }
    }
}

fn import(args: &ImportArgs, lang: Lang) -> ExitCode {
    let error = |e: &dyn std::fmt::Display| eprintln!("{}{e}", t!(lang, "error-prefix"));
    if args.print_mapping {
        match serde_yaml::to_string(&disclose::import::mapping::Mapping::default()) {
            Ok(text) => {
                print!("{text}");
                return ExitCode::SUCCESS;
            }
            Err(e) => {
                error(&e);
                return ExitCode::from(1);
            }
        }
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
            error(&e);
            return ExitCode::from(1);
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
        for e in &report.check_errors {
            error(e);
        }
        eprintln!(
            "{}",
            t!(lang, "import-check-failed", errors = report.check_errors.len())
        );
    }
    ExitCode::from(if report.ok() { 0 } else { 1 })
}

fn keygen(args: &KeygenArgs, lang: Lang) -> ExitCode {
    let error = |e: &dyn std::fmt::Display| eprintln!("{}{e}", t!(lang, "error-prefix"));
    let secret_path = args.out.join("disclose.key");
    let public_path = args.out.join("disclose.pub");
    let secret = secret_path.display().to_string();
    let public = public_path.display().to_string();
    if !args.force && (secret_path.exists() || public_path.exists()) {
        error(&t!(lang, "keygen-exists", secret = &secret, public = &public));
        return ExitCode::from(1);
    }
    let (secret_key, public_key) = match manifest::keygen() {
        Ok(pair) => pair,
        Err(e) => {
            error(&e);
            return ExitCode::from(1);
        }
    };
    let written = std::fs::create_dir_all(&args.out)
        .and_then(|()| write_secret(&secret_path, &secret_key))
        .and_then(|()| std::fs::write(&public_path, &public_key));
    match written {
        Ok(()) => {
            eprintln!("{}", t!(lang, "keygen-done", secret = &secret, public = &public));
            eprintln!(
                "{}\n\nsigning:\n  public_key: {}",
                t!(lang, "keygen-site-yaml"),
                public_key.trim()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            error(&t!(lang, "keygen-cannot-write", error = e.to_string()));
            ExitCode::from(1)
        }
    }
}

fn write_secret(path: &std::path::Path, secret: &str) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?.write_all(secret.as_bytes())
}

fn verify(args: &VerifyArgs, lang: Lang) -> ExitCode {
    use disclose::output::remote;
    let error = |e: &dyn std::fmt::Display| eprintln!("{}{e}", t!(lang, "error-prefix"));
    let key = match &args.key {
        Some(path) => match std::fs::read_to_string(path) {
            Ok(k) => Some(k),
            Err(e) => {
                let path = path.display().to_string();
                error(&t!(
                    lang,
                    "verify-cannot-read-key",
                    path = path,
                    error = e.to_string()
                ));
                return ExitCode::from(1);
            }
        },
        None => None,
    };
    if let (Some(k), Some(path)) = (&key, &args.key) {
        match manifest::public_key(k) {
            Ok(k) => eprintln!(
                "{}",
                t!(
                    lang,
                    "verify-fingerprint",
                    fingerprint = manifest::fingerprint(&k)
                )
            ),
            Err(e) => {
                error(&format!("{}: {e}", path.display()));
                return ExitCode::from(2);
            }
        }
    }
    let report = if remote::is_url(&args.target) {
        let options = remote::RemoteOptions {
            jobs: usize::from(args.jobs),
            timeout: std::time::Duration::from_secs(args.timeout),
        };
        let bar = progress_bar();
        let tick = |done: usize, total: usize| {
            if let Some(b) = &bar {
                b.set_length(total as u64);
                b.set_position(done as u64);
            }
        };
        let fetched = remote::verify_url(&args.target, key.as_deref(), &options, &tick);
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
                report
            }
            Err(e) => {
                error(&e);
                return ExitCode::from(1);
            }
        }
    } else {
        match manifest::verify(std::path::Path::new(&args.target), key.as_deref()) {
            Ok(r) => r,
            Err(e) => {
                error(&format!("{}: {e}", args.target));
                return ExitCode::from(1);
            }
        }
    };
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
        return ExitCode::from(1);
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
        error(&t!(lang, "verify-needs-key"));
        eprintln!("{}", t!(lang, "verify-needs-key-help", site = &args.target));
        ExitCode::from(1)
    } else {
        eprintln!("{}", t!(lang, "verify-bad-signature"));
        ExitCode::from(1)
    }
}

/// A progress bar over the files of a verify on a terminal; nothing in CI or in pipes.
fn progress_bar() -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    if std::env::var_os("CI").is_some() || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} ({eta})")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    Some(bar)
}

/// A spinner on a terminal while a long build runs; nothing in CI, in pipes or with --quiet.
fn spinner(quiet: bool, lang: Lang) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    if quiet || std::env::var_os("CI").is_some() || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new_spinner().with_message(t!(lang, "progress-building"));
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    Some(bar)
}

fn print_diagnostics(report: &Report, root: &std::path::Path, quiet: bool, lang: Lang) {
    let shown: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| !quiet || d.is_error())
        .cloned()
        .collect();
    if !shown.is_empty() {
        let shown = disclose::i18n::diagnostics::localize_all(&shown, lang);
        eprint!("{}", render_text(&shown, root));
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

fn exit_code(report: &Report) -> ExitCode {
    ExitCode::from(if report.ok() { 0 } else { 1 })
}
