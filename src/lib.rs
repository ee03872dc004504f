//! disclose: a static site generator for public disclosure of inspection rectification
//! and complaint cases.
//!
//! The pipeline is one way, each arrow a module:
//!
//! ```text
//! site folder ─load─▶ Sources ─validate─▶ (diagnostics) ─derive─▶ Facts
//!                                                                  │
//! public/ ◀─write (staging + atomic swap)── Output ◀─render (rayon)┘
//! ```
//!
//! [`check`] runs load and validate; [`build`] runs everything. Neither prints: both
//! return a report with every diagnostic of the run, for the CLI (or a test) to show.

pub mod changes;
pub mod config;
pub mod deploy;
pub mod derive;
pub mod diagnostic;
pub mod i18n;
pub mod import;
pub mod incremental;
pub mod keys;
pub mod launch;
pub mod linkcheck;
pub mod model;
pub mod output;
pub mod plan;
pub mod render;
pub mod routes;
pub mod scaffold;
pub mod serve;
pub mod slug;
pub mod source;
pub mod statistics;
pub mod timing;
pub mod validate;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use diagnostic::{Code, Diagnostic, Diagnostics, Place};
use model::{Date, Record};
pub use output::site::Mode;
use render::views::EvidenceFile;
use source::{LoadOptions, Sources};

/// What to read: the site folder, the disclosure date and whether drafts count.
#[derive(Debug, Clone, Default)]
pub struct SiteOptions {
    /// Site root (holds `site.yaml`).
    pub root: PathBuf,
    /// `--as-of`; else `site.yaml`, else `SOURCE_DATE_EPOCH`, else today.
    pub as_of: Option<Date>,
    /// Include drafts.
    pub drafts: bool,
    /// `--check-links`: fetch the links to other sites written in content.
    pub check_links: Option<linkcheck::LinkCheck>,
}

/// What `build` does beyond reading.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site to read.
    pub site: SiteOptions,
    /// Output folder (default `<root>/public`).
    pub out: Option<PathBuf>,
    /// Overrides `site.yaml` `base_url`.
    pub base_url: Option<String>,
    /// Sign the manifest with the ed25519 secret key in this file.
    pub sign_key: Option<PathBuf>,
    /// The previous publication to compare with (default: the output folder as it is).
    pub previous: Option<PathBuf>,
    /// Write `.gz` and `.br` files beside text files (also `precompress: true` in site.yaml).
    pub precompress: bool,
    /// Links relative to each page, for sites opened from `file://`.
    pub relative_urls: bool,
}

/// The outcome of `check` or `build`.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Every diagnostic, sorted.
    pub diagnostics: Vec<Diagnostic>,
    /// Records published (or checked).
    pub records: usize,
    /// HTML pages written (0 for check or a failed build).
    pub pages: usize,
    /// Files written.
    pub files: usize,
    /// Bytes written.
    pub bytes: u64,
    /// The as-of date used, when it could be resolved.
    pub as_of: Option<Date>,
    /// Where the site was written.
    pub out: Option<PathBuf>,
    /// Wall time.
    pub elapsed: Duration,
    /// Wall time per stage.
    pub timings: timing::Timings,
    /// Bytes saved by the `.gz` and `.br` files, when pre-compressing.
    pub saved: output::site::Compressed,
}

impl Report {
    /// Number of errors.
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }
    /// Number of warnings.
    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }
    /// True when the run had no errors.
    pub fn ok(&self) -> bool {
        self.errors() == 0
    }
}

/// The as-of date: flag, else `site.yaml`, else `SOURCE_DATE_EPOCH`, else today.
pub fn resolve_as_of(flag: Option<Date>, config: Option<Date>) -> Result<Date, Diagnostic> {
    if let Some(d) = flag.or(config) {
        return Ok(d);
    }
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) => v
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(Date::from_unix_seconds)
            .ok_or_else(|| {
                Diagnostic::error_in(
                    Place::Env("SOURCE_DATE_EPOCH".into()),
                    format!("SOURCE_DATE_EPOCH `{v}` is not a Unix timestamp"),
                )
                .code(Code::BadSourceDateEpoch)
                .arg("value", &v)
                .with_help("set it to whole seconds since 1970-01-01, or pass --as-of YYYY-MM-DD")
            }),
        Err(_) => Ok(Date::today()),
    }
}

/// Load and validate: the site and every diagnostic so far.
struct Checked {
    sources: Option<Sources>,
    as_of: Option<Date>,
    diagnostics: Diagnostics,
}

fn load_and_validate(options: &SiteOptions) -> Checked {
    let (sources, mut diagnostics) = source::load(
        &options.root,
        LoadOptions {
            drafts: options.drafts,
        },
    );
    let Some(sources) = sources else {
        return Checked {
            sources: None,
            as_of: None,
            diagnostics,
        };
    };
    let as_of = match resolve_as_of(options.as_of, sources.config.as_of) {
        Ok(d) => d,
        Err(e) => {
            diagnostics.push(e);
            return Checked {
                sources: Some(sources),
                as_of: None,
                diagnostics,
            };
        }
    };
    diagnostics.extend(validate::validate(&sources, as_of));
    Checked {
        sources: Some(sources),
        as_of: Some(as_of),
        diagnostics,
    }
}

/// `disclose check`: loads and validates the site, writes nothing.
pub fn check(options: &SiteOptions) -> Report {
    let started = Instant::now();
    let checked = load_and_validate(options);
    let mut diagnostics = checked.diagnostics;
    if let Some(sources) = &checked.sources {
        match render::theme::load(&sources.root, &sources.config) {
            Ok(theme) => {
                if let Some(as_of) = checked.as_of {
                    // Slugs as a build into the default output folder would keep them.
                    let slugs = slug::load_previous(&sources.root.join("public"))
                        .ok()
                        .flatten()
                        .unwrap_or_default();
                    diagnostics.extend(plan::check(sources, &theme, as_of, &slugs));
                    if let Some(links) = &options.check_links {
                        diagnostics.extend(linkcheck::check(sources, links));
                    }
                }
            }
            Err(errors) => diagnostics.extend(errors),
        }
    }
    Report {
        records: checked.sources.as_ref().map_or(0, |s| s.records.len()),
        diagnostics: diagnostics.sorted(),
        as_of: checked.as_of,
        elapsed: started.elapsed(),
        ..Report::default()
    }
}

/// `disclose build`: the whole pipeline. On any error nothing is swapped in, so the
/// previous output stays as it was.
pub fn build(options: &BuildOptions) -> Report {
    build_full(options, Mode::Full).0
}

/// A site loaded, checked and ready to publish: what `build` computes before writing, and
/// what `serve` keeps in memory between rebuilds.
#[derive(Debug)]
pub struct Prepared {
    /// The site as read.
    pub sources: Sources,
    /// The disclosure date.
    pub as_of: Date,
    /// The theme.
    pub theme: render::theme::Theme,
    /// Listed evidence per record, with size and hash.
    pub evidence: Vec<Vec<EvidenceFile>>,
    /// Each record's version ([`source::SourceRecord::version`]).
    pub versions: Vec<u64>,
    /// The previous publication, for /changes/.
    pub previous: Option<changes::Previous>,
    /// The previous publication's slug map (empty when there is none), whose slugs this
    /// build keeps.
    pub previous_slugs: slug::SlugMap,
    /// The output folder.
    pub out: PathBuf,
    /// Warnings so far.
    pub diagnostics: Diagnostics,
}

/// A full build that also hands back what it read and published, for `serve` to rebuild
/// incrementally from.
///
/// Its output equals [`build`]'s; it also keeps the search index and the export pieces,
/// which the first rebuild in place would otherwise make.
pub fn build_keeping(options: &BuildOptions) -> (Report, Option<(Prepared, output::site::Published)>) {
    build_full(options, Mode::FullKeeping)
}

/// Locks and checks the output folder once, repairs what an interrupted build left,
/// prepares and publishes in `mode` ([`Mode::Full`] or [`Mode::FullKeeping`]).
fn build_full(
    options: &BuildOptions,
    mode: Mode<'_>,
) -> (Report, Option<(Prepared, output::site::Published)>) {
    let started = Instant::now();
    let mut timings = timing::Timings::start();
    // One build at a time per output folder, held from before the previous publication is
    // read until the swap: two builds sharing the staging folder delete each other's
    // files. A dangerous `--out` is not locked (nothing is written beside it); `prepare`
    // reports it with the site's other errors.
    let out = output_dir(options);
    let out_check = output::check_output_dir(&options.site.root, &out);
    let _lock = match &out_check {
        Ok(()) => match output::lock::FolderLock::acquire(&out, "output folder") {
            Ok(lock) => Some(lock),
            Err(d) => {
                let report = Report {
                    diagnostics: vec![d],
                    elapsed: started.elapsed(),
                    ..Report::default()
                };
                return (report, None);
            }
        },
        Err(_) => None,
    };
    // Repair what an interrupted build left (before the previous publication is read).
    let recovered = match _lock.as_ref().map(|_| output::recover(&out)) {
        Some(Ok(Some(what))) => {
            Some(Diagnostic::warning(out.clone(), 0, 0, what).code(diagnostic::Code::InterruptedSwitch))
        }
        Some(Err(e)) => Some(
            Diagnostic::error(
                out.clone(),
                0,
                0,
                format!("cannot repair what an interrupted build left: {e}"),
            )
            .code(diagnostic::Code::InterruptedSwitch)
            .arg("variant", "failed")
            .arg("error", &e)
            .with_help("check the folders beside the output folder (`.<name>.disclose-old`)"),
        ),
        _ => None,
    };
    let with_recovered = |mut report: Report| {
        if let Some(d) = &recovered {
            let mut all = Diagnostics::new();
            all.extend(report.diagnostics);
            all.push(d.clone());
            report.diagnostics = all.sorted();
        }
        report
    };
    let prepared = match prepare(options, out_check.err(), &mut timings) {
        Ok(p) => p,
        Err(report) => return (with_recovered(*report), None),
    };
    let (report, published) = publish(&prepared, options, mode, timings);
    let mut report = with_recovered(report);
    report.elapsed = started.elapsed();
    (report, published.map(|p| (prepared, p)))
}

/// Load, validate, theme, evidence and the previous publication.
/// `--out`, by default `<root>/public`.
fn output_dir(options: &BuildOptions) -> PathBuf {
    options
        .out
        .clone()
        .unwrap_or_else(|| options.site.root.join("public"))
}

/// `unsafe_out` is why the output folder was refused, if it was: reported with the
/// site's other errors.
fn prepare(
    options: &BuildOptions,
    unsafe_out: Option<Diagnostic>,
    timings: &mut timing::Timings,
) -> Result<Prepared, Box<Report>> {
    let out = output_dir(options);
    // The previous publication (by default the output folder, read before the swap) is one
    // JSON parse on one thread: it runs beside loading, which leaves a core idle at times.
    let previous_dir = options.previous.clone().unwrap_or_else(|| out.clone());
    let (checked, (previous, previous_slugs)) = rayon::join(
        || load_and_validate(&options.site),
        || {
            (
                changes::load_previous(&previous_dir),
                slug::load_previous(&previous_dir),
            )
        },
    );
    timings.lap("load+check");
    let mut diagnostics = checked.diagnostics;
    let failed = |diagnostics: Diagnostics, records: usize| {
        Box::new(Report {
            as_of: checked.as_of,
            records,
            diagnostics: diagnostics.sorted(),
            ..Report::default()
        })
    };
    let (Some(mut sources), Some(as_of)) = (checked.sources, checked.as_of) else {
        return Err(failed(diagnostics, 0));
    };
    let previous_slugs = previous_slugs
        .unwrap_or_else(|e| {
            diagnostics.push(
                Diagnostic::warning(previous_dir.clone(), 0, 0, &e)
                    .code(Code::PreviousSlugsUnreadable)
                    .arg("error", e)
                    .with_help(
                        "restore data/slugs.json from the last published copy of the site, then build again",
                    ),
            );
            None
        })
        .unwrap_or_default();
    // The guard has read the `[privacy-ok: …]` markers; nothing published carries them.
    validate::privacy::strip_all_markers(&mut sources);
    let records = sources.records.len();
    if let Some(url) = &options.base_url {
        // The CLI refuses a bad flag as a usage error; this keeps library callers to
        // the same rule.
        if let Err(message) = config::check_base_url(url) {
            diagnostics.push(
                Diagnostic::error_in(Place::Flag("--base-url".into()), format!("--base-url: {message}"))
                    .code(Code::BadBaseUrl)
                    .arg("value", url)
                    .with_help("give the full address, e.g. https://www.example.gov.cn/dczg/"),
            );
        }
        sources.config.base_url = url.clone();
    }
    let theme = match render::theme::load(&sources.root, &sources.config) {
        Ok(t) => Some(t),
        Err(errors) => {
            diagnostics.extend(errors);
            None
        }
    };
    if let Some(theme) = &theme {
        diagnostics.extend(plan::check(&sources, theme, as_of, &previous_slugs));
        if let Some(links) = &options.site.check_links {
            diagnostics.extend(linkcheck::check(&sources, links));
        }
        for page in &sources.pages {
            if let Some(t) = &page.front.template
                && !theme.templates.contains_key(t)
            {
                diagnostics.push(
                    Diagnostic::error(&page.file, 2, 1, format!("template `{t}` does not exist"))
                        .code(Code::UnknownTemplate)
                        .field("template")
                        .arg("value", t)
                        .with_help("use a template of the theme or put one in the site's templates/ folder"),
                );
            }
        }
    }
    if let Some(d) = unsafe_out {
        diagnostics.push(d);
    }
    let (Some(theme), false) = (theme, diagnostics.has_errors()) else {
        return Err(failed(diagnostics, records));
    };
    timings.lap("theme");
    let evidence = match hash_evidence(&sources) {
        Ok(e) => e,
        Err(d) => {
            diagnostics.push(d);
            return Err(failed(diagnostics, records));
        }
    };
    let previous = match previous {
        Ok(p) => p,
        Err(e) => {
            diagnostics.push(
                Diagnostic::warning(previous_dir.clone(), 0, 0, &e)
                    .code(Code::PreviousUnreadable)
                    .arg("error", e)
                    .with_help("the /changes/ page will treat this as a first publication"),
            );
            None
        }
    };
    timings.lap("evidence");
    Ok(Prepared {
        previous_slugs,
        versions: sources
            .records
            .iter()
            .map(source::SourceRecord::version)
            .collect(),
        sources,
        as_of,
        theme,
        evidence,
        previous,
        out,
        diagnostics,
    })
}

/// Derive, render and write a prepared site as `mode` says (see [`Mode`]): in full, or
/// in place from what the last build published. Returns the report and, on success,
/// what was published.
pub fn publish(
    prepared: &Prepared,
    options: &BuildOptions,
    mode: Mode<'_>,
    mut timings: timing::Timings,
) -> (Report, Option<output::site::Published>) {
    let started = Instant::now();
    let sources = &prepared.sources;
    let mut diagnostics = prepared.diagnostics.clone();
    let mut report = Report {
        as_of: Some(prepared.as_of),
        records: sources.records.len(),
        ..Report::default()
    };
    let records: Vec<&Record> = sources.records.iter().map(|r| &r.record).collect();
    let facts = derive::derive(
        &sources.config,
        &records,
        prepared.as_of,
        &prepared.previous_slugs,
    );
    timings.lap("derive");
    let changes = changes::diff(
        prepared.previous.as_ref(),
        &records,
        &facts.order,
        &routes::Urls::new(&sources.config.base_url, false),
        &prepared.as_of.to_string(),
    );
    let input = render::RenderInput {
        config: &sources.config,
        records: &records,
        evidence: &prepared.evidence,
        pages: &sources.pages,
        facts: &facts,
        theme: &prepared.theme,
        changes: &changes,
        versions: &prepared.versions,
        relative_urls: options.relative_urls,
    };
    let write_options = output::site::WriteOptions {
        sign_key: options.sign_key.clone(),
        precompress: options.precompress || sources.config.precompress,
    };
    let mut published = None;
    match output::site::write_site(&input, &prepared.out, &write_options, &mut timings, mode) {
        Ok(written) => {
            report.pages = written.pages;
            report.files = written.files;
            report.bytes = written.bytes;
            report.saved = written.saved;
            report.out = Some(prepared.out.clone());
            published = Some(written.published);
        }
        Err(errors) => diagnostics.extend(errors),
    }
    report.diagnostics = diagnostics.sorted();
    report.elapsed = started.elapsed();
    report.timings = timings;
    (report, published)
}

/// Size and SHA-256 of every listed evidence file, per record.
fn hash_evidence(sources: &Sources) -> Result<Vec<Vec<EvidenceFile>>, Diagnostic> {
    let urls = routes::Urls::new(&sources.config.base_url, false);
    sources
        .records
        .par_iter()
        .map(|r| {
            let folder = r.origin.file.parent().unwrap_or(Path::new(""));
            r.record
                .evidence
                .iter()
                .filter(|e| sources.record_files.contains(&folder.join(&e.file)))
                .map(|e| {
                    let source = sources.root.join(folder).join(&e.file);
                    let data = std::fs::read(&source).map_err(|err| {
                        Diagnostic::error(
                            &r.origin.file,
                            0,
                            0,
                            format!("cannot read evidence file {}: {err}", e.file),
                        )
                        .code(Code::EvidenceUnreadable)
                        .arg("file", &e.file)
                        .arg("error", &err)
                    })?;
                    let sha256 = Sha256::digest(&data).iter().map(|b| format!("{b:02x}")).collect();
                    let path = routes::evidence(r.record.id.as_str(), &e.file);
                    Ok(EvidenceFile {
                        file: e.file.clone(),
                        caption: e.caption.clone(),
                        url: urls.href(&path),
                        output_path: path.file(),
                        source,
                        size: data.len() as u64,
                        size_text: render::views::human_size(data.len() as u64),
                        sha256,
                    })
                })
                .collect()
        })
        .collect()
}
