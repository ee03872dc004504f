//! The `disclose` binary: parse flags, call the library, print, exit 0 / 1 / 2.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use disclose::cli::{Cli, Command, Format, ImportArgs, KeygenArgs, VerifyArgs};
use disclose::diagnostic::{render_json, render_text};
use disclose::output::manifest::{self, SignatureCheck};
use disclose::{BuildOptions, Report};

// A build allocates many short-lived strings on two threads at once (template values, rows,
// search tokens); mimalloc's thread-local pages measured a large share of the build's time
// below glibc malloc's (see the README's Speed section).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            // clap exits 0 for --help/--version and 2 for usage errors.
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match cli.command {
        Command::Build(args) => {
            let options = BuildOptions {
                site: args.site.options(),
                out: args.out,
                base_url: args.base_url,
                sign_key: args.sign_key,
                previous: args.previous,
                precompress: args.precompress,
                relative_urls: args.relative_urls,
            };
            let spinner = spinner(args.site.quiet);
            let report = disclose::build(&options);
            if let Some(s) = spinner {
                s.finish_and_clear();
            }
            print_diagnostics(&report, &args.site.root, args.site.quiet);
            if !args.site.quiet || !report.ok() {
                eprintln!("{}", summary("build", &report));
            }
            if args.timings {
                eprint!("{}", report.timings.table());
            }
            exit_code(&report)
        }
        Command::Keygen(args) => keygen(&args),
        Command::Import(args) => import(&args),
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
                    if options.dry_run {
                        for p in &report.added {
                            println!("added: {p}");
                        }
                        for p in &report.changed {
                            println!("changed: {p}");
                        }
                        for p in &report.removed {
                            println!("removed: {p}");
                        }
                    }
                    eprintln!(
                        "{} {}: {} files; {} added, {} changed, {} removed",
                        if options.rollback { "rollback" } else { "deploy" },
                        if options.dry_run { "(dry run)" } else { "ok" },
                        report.files,
                        report.added.len(),
                        report.changed.len(),
                        report.removed.len()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {e}");
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
            };
            match disclose::serve::serve(options, |url| {
                eprintln!("Serving the site at {url} (Ctrl-C to stop)")
            }) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(1)
                }
            }
        }
        Command::Init(args) => match disclose::scaffold::init(&args.dir, args.force) {
            Ok(files) => {
                eprintln!(
                    "created a new site in {} ({} files); next: cd {} && disclose serve",
                    args.dir.display(),
                    files.len(),
                    args.dir.display()
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(1)
            }
        },
        Command::New(args) => {
            match disclose::scaffold::new_record(
                &args.root,
                args.kind,
                &args.id,
                disclose::model::Date::today(),
            ) {
                Ok(path) => {
                    eprintln!(
                        "wrote {}; fill in the fields, then run `disclose check`",
                        path.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(1)
                }
            }
        }
        Command::Verify(args) => verify(&args),
        Command::Check(args) => {
            let report = disclose::check(&args.site.options());
            match args.format {
                Format::Json => {
                    let mut out = std::io::stdout().lock();
                    let _ = writeln!(out, "{}", render_json(&report.diagnostics));
                }
                Format::Text => {
                    print_diagnostics(&report, &args.site.root, args.site.quiet);
                    if !args.site.quiet || !report.ok() {
                        eprintln!("{}", summary("check", &report));
                    }
                }
            }
            exit_code(&report)
        }
    }
}

fn import(args: &ImportArgs) -> ExitCode {
    if args.print_mapping {
        match serde_yaml::to_string(&disclose::import::mapping::Mapping::default()) {
            Ok(text) => {
                print!("{text}");
                return ExitCode::SUCCESS;
            }
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(1);
            }
        }
    }
    let options = disclose::import::ImportOptions {
        root: args.root.clone(),
        ledger: args.ledger.clone().unwrap_or_default(),
        sheet: args.sheet.clone(),
        mapping: args.mapping.clone(),
        kind: args.kind,
        inspection: args.inspection.clone(),
        dry_run: args.dry_run,
        update: args.update,
        date: args.date,
    };
    let report = match disclose::import::import(&options) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    for diff in &report.diffs {
        print!("{diff}");
    }
    for error in &report.errors {
        eprintln!("error: {error}");
    }
    let verb = if args.dry_run { "would create" } else { "created" };
    eprintln!(
        "import {}: {verb} {}, {} {}, {} unchanged, {} rows with errors",
        if report.errors.is_empty() { "ok" } else { "FAILED" },
        report.created.len(),
        if args.dry_run { "would update" } else { "updated" },
        report.updated.len(),
        report.unchanged.len(),
        report.errors.len()
    );
    ExitCode::from(if report.errors.is_empty() { 0 } else { 1 })
}

fn keygen(args: &KeygenArgs) -> ExitCode {
    let secret_path = args.out.join("disclose.key");
    let public_path = args.out.join("disclose.pub");
    if !args.force && (secret_path.exists() || public_path.exists()) {
        eprintln!(
            "error: {} or {} already exists; pass --force to replace them",
            secret_path.display(),
            public_path.display()
        );
        return ExitCode::from(1);
    }
    let (secret, public) = match manifest::keygen() {
        Ok(pair) => pair,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    let written = std::fs::create_dir_all(&args.out)
        .and_then(|()| write_secret(&secret_path, &secret))
        .and_then(|()| std::fs::write(&public_path, &public));
    match written {
        Ok(()) => {
            eprintln!(
                "wrote {} (keep it secret) and {} (publish it)",
                secret_path.display(),
                public_path.display()
            );
            eprintln!(
                "add to site.yaml so that every page shows the key's fingerprint:\n\nsigning:\n  public_key: {}",
                public.trim()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: cannot write the keys: {e}");
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

fn verify(args: &VerifyArgs) -> ExitCode {
    use disclose::output::remote;
    let key = match &args.key {
        Some(path) => match std::fs::read_to_string(path) {
            Ok(k) => Some(k),
            Err(e) => {
                eprintln!("error: cannot read the public key {}: {e}", path.display());
                return ExitCode::from(1);
            }
        },
        None => None,
    };
    if let Some(k) = &key {
        match manifest::public_key(k) {
            Ok(k) => eprintln!("key fingerprint: {}", manifest::fingerprint(&k)),
            Err(e) => {
                eprintln!(
                    "error: {}: {e}",
                    args.key.as_deref().unwrap_or_else(|| "".as_ref()).display()
                );
                return ExitCode::from(2);
            }
        }
    }
    let report = if remote::is_url(&args.site) {
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
        let fetched = remote::verify_url(&args.site, key.as_deref(), &options, &tick);
        if let Some(b) = &bar {
            b.finish_and_clear();
        }
        match fetched {
            Ok((report, site)) => {
                eprintln!(
                    "checked {} ({} files, as of {})",
                    site.root, site.files, site.as_of
                );
                if remote::is_url(&site.built_for)
                    && site.built_for.trim_end_matches('/') != site.root.trim_end_matches('/')
                {
                    eprintln!("note: the publication was built for {}", site.built_for);
                }
                report
            }
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(1);
            }
        }
    } else {
        match manifest::verify(std::path::Path::new(&args.site), key.as_deref()) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("error: {}: {e}", args.site);
                return ExitCode::from(1);
            }
        }
    };
    for path in &report.changed {
        eprintln!("changed: {path}");
    }
    for path in &report.missing {
        eprintln!("missing: {path}");
    }
    for path in &report.extra {
        eprintln!("extra: {path}");
    }
    for (path, why) in &report.failed {
        eprintln!("not checked: {path}: {why}");
    }
    match &report.signature {
        SignatureCheck::Valid => eprintln!("signature: valid"),
        SignatureCheck::Invalid(why) => eprintln!("signature: INVALID: {why}"),
        SignatureCheck::NotChecked => {}
    }
    let files_ok = report.files_match();
    if !files_ok {
        eprintln!(
            "verify FAILED: {} changed, {} missing, {} extra, {} not checked",
            report.changed.len(),
            report.missing.len(),
            report.extra.len(),
            report.failed.len()
        );
        return ExitCode::from(1);
    }
    if args.hashes_only || report.ok() {
        let how = match (&report.signature, report.signed) {
            (SignatureCheck::Valid, _) => "and the signature is the office's",
            (_, true) => "(signature not checked: --hashes-only)",
            (_, false) => "(not signed: this shows the copy is complete, not who published it)",
        };
        eprintln!("verify ok: {} files match manifest.json {how}", report.checked);
        ExitCode::SUCCESS
    } else if matches!(report.signature, SignatureCheck::NotChecked) {
        eprintln!(
            "error: signed publication: give the office's public key (--key) to check who published it; file hashes alone prove nothing"
        );
        eprintln!(
            "help: disclose verify {} --key disclose.pub (or --hashes-only to check the copy only)",
            args.site
        );
        ExitCode::from(1)
    } else {
        eprintln!("verify FAILED: the signature does not match");
        ExitCode::from(1)
    }
}

/// A progress bar over the files of a verify on a terminal; nothing in CI or in pipes.
fn progress_bar() -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    if std::env::var_os("CI").is_some() || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(0).with_message("fetching");
    bar.set_style(
        indicatif::ProgressStyle::with_template("{msg} {bar:30} {pos}/{len} files ({eta})")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    Some(bar)
}

/// A spinner on a terminal while a long build runs; nothing in CI, in pipes or with --quiet.
fn spinner(quiet: bool) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    if quiet || std::env::var_os("CI").is_some() || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new_spinner().with_message("building the site…");
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    Some(bar)
}

fn print_diagnostics(report: &Report, root: &std::path::Path, quiet: bool) {
    let shown: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| !quiet || d.is_error())
        .cloned()
        .collect();
    if !shown.is_empty() {
        eprint!("{}", render_text(&shown, root));
    }
}

fn summary(command: &str, r: &Report) -> String {
    let as_of = r.as_of.map(|d| format!(", as of {d}")).unwrap_or_default();
    let written = match &r.out {
        Some(out) => format!(
            ", {} pages, {} files ({:.1} MB) in {}",
            r.pages,
            r.files,
            r.bytes as f64 / 1e6,
            out.display()
        ),
        None => String::new(),
    };
    let status = if r.ok() { "ok" } else { "FAILED" };
    let written = if r.saved.gzip > 0 {
        format!(
            "{written}; per full download .gz files save {:.1} MB, .br files {:.1} MB",
            r.saved.gzip as f64 / 1e6,
            r.saved.brotli as f64 / 1e6
        )
    } else {
        written
    };
    format!(
        "{command} {status}: {} records{written}{as_of}; {} errors, {} warnings; {:.2} s",
        r.records,
        r.errors(),
        r.warnings(),
        r.elapsed.as_secs_f64()
    )
}

fn exit_code(report: &Report) -> ExitCode {
    ExitCode::from(if report.ok() { 0 } else { 1 })
}
