//! Write the whole site: rendered pages, static files, evidence, open data, feeds,
//! sitemap, robots.txt and the manifest, into staging; swap it in only if all succeeded.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use super::Staging;
use super::exports::{self, ExportDocument};
use super::manifest::{self, FileEntry, Manifest};
use super::publish::Publisher;
use super::search::SearchState;
use crate::derive::FacetKind;
use crate::diagnostic::Diagnostic;
use crate::render::theme::StaticSource;
use crate::render::{self, Download, FeedScope, Job, RecordCache, RenderInput, Renderer, fingerprint};
use crate::routes;

/// What was written.
#[derive(Debug, Clone, Default)]
pub struct Written {
    /// HTML pages.
    pub pages: usize,
    /// Files, manifest included.
    pub files: usize,
    /// Bytes.
    pub bytes: u64,
    /// Bytes a web server saves by sending the `.gz` / `.br` twins (0 without them).
    pub saved: Compressed,
    /// What was published, for an incremental rebuild to start from.
    pub published: Published,
}

/// What a build published, kept by `serve` so that the next rebuild can skip what did not
/// change.
#[derive(Debug, Clone, Default)]
pub struct Published {
    /// Every file in the output, with size and SHA-256.
    pub files: Vec<FileEntry>,
    /// Fingerprint of every page, feed and facet CSV, by output path (empty unless the
    /// build keeps what a rebuild in place reuses).
    pub fingerprints: HashMap<String, u64>,
    /// Rendered Markdown and table rows per record.
    pub cache: RecordCache,
    /// The search index, kept by rebuilds in place and by [`Mode::FullKeeping`].
    pub search: Option<SearchState>,
    /// Each record's CSV line and `records.json` piece, kept like `search`.
    pub exports: Option<ExportCache>,
    /// How many outputs were rendered and how many kept.
    pub rendered: usize,
    /// Outputs kept from the last build without rendering.
    pub kept: usize,
}

/// Each record's CSV line and `records.json` piece ([`exports::json_record`]), by record
/// index, with the record version they were made from: a rebuild in place makes only the
/// edited records' again. A piece depends on nothing else of the site but the as-of date
/// and the root URL (in `key`), which a rebuild in place never changes.
#[derive(Debug, Clone, Default)]
pub struct ExportCache {
    key: String,
    versions: Vec<u64>,
    csv: Vec<Vec<u8>>,
    /// The fingerprint of each CSV line, of which a facet CSV's is made.
    csv_fingerprints: Vec<u64>,
    json: Vec<Vec<u8>>,
}

/// Bytes saved by pre-compressed twins, over every compressible file once.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Compressed {
    /// By the `.gz` files.
    pub gzip: u64,
    /// By the `.br` files.
    pub brotli: u64,
}

/// Options of the write stage.
#[derive(Debug, Clone, Default)]
pub struct WriteOptions {
    /// Sign `manifest.json` with the ed25519 secret key in this file.
    pub sign_key: Option<PathBuf>,
    /// Write a `.gz` and a `.br` beside every text file.
    pub precompress: bool,
}

/// Called once every page and feed that shows a record is written, before the site-wide
/// outputs: `serve` reloads the browser then.
pub type Ready<'a> = dyn Fn() + Sync + 'a;

/// How a build writes: `build`'s, `serve`'s first, or `serve`'s rebuild in place.
pub enum Mode<'a> {
    /// `disclose build`: everything rendered into a staging folder swapped in at the end;
    /// nothing kept in memory afterwards.
    Full,
    /// `serve`'s full builds: as [`Mode::Full`], and keeps what a rebuild in place reuses
    /// (fingerprints, search index, export pieces) in the [`Published`] it returns. They
    /// cost time and memory, which `build` does not spend.
    FullKeeping,
    /// `serve`'s rebuild in place: writes into the folder the `last` build published,
    /// making again only the outputs whose fingerprint changed, and calls `ready` once
    /// the pages and feeds are written (see [`Ready`]).
    InPlace {
        /// What the last build into the same folder published.
        last: Box<Published>,
        /// Told when a preview may reload.
        ready: &'a Ready<'a>,
    },
}

impl Mode<'_> {
    /// True when the build keeps (or, in place, reuses) fingerprints, search index and
    /// export pieces.
    pub fn keeps(&self) -> bool {
        !matches!(self, Mode::Full)
    }
}

impl std::fmt::Debug for Mode<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Mode::Full => "Full",
            Mode::FullKeeping => "FullKeeping",
            Mode::InPlace { .. } => "InPlace",
        })
    }
}

/// True for the site paths a rebuild in place may still write after [`Ready`] was called:
/// the 一览表, the search index, everything under `data/` (downloads, data page), the
/// facet CSVs, sitemap, robots.txt and the manifest. `serve` holds a request for one of
/// these until the rebuild has finished, so a page reloaded early never gets a stale
/// download. `tests/incremental.rs` checks every file written after `ready` against this.
pub fn written_after_ready(path: &str) -> bool {
    let first = path.split('/').next().unwrap_or("");
    matches!(
        first,
        "table" | "search" | "data" | "robots.txt" | manifest::MANIFEST | manifest::SIGNATURE
    ) || first.starts_with("sitemap")
        || path.ends_with("/records.csv")
        || path.ends_with("/table.xlsx")
        || path.ends_with("/table.csv")
}

/// Renders and writes the site into `out` as `mode` says: in full through a staging
/// folder, or in place from what the last build into `out` published. The caller has
/// checked `out` ([`super::check_output_dir`]).
pub fn write_site(
    input: &RenderInput,
    out: &Path,
    options: &WriteOptions,
    timings: &mut crate::timing::Timings,
    mode: Mode<'_>,
) -> Result<Written, Vec<Diagnostic>> {
    let secret = match &options.sign_key {
        Some(path) => Some(std::fs::read_to_string(path).map_err(|e| {
            vec![
                Diagnostic::error(path.clone(), 0, 0, format!("cannot read the signing key: {e}"))
                    .code(crate::diagnostic::Code::BadSigningKey)
                    .arg("error", &e)
                    .with_help("make a key pair with `disclose keygen`"),
            ]
        })?),
        None => None,
    };
    // The pages show the fingerprint of site.yaml's key: signing with another would make
    // every signed publication look forged to a citizen who compares.
    if let (Some(secret), Some(signing)) = (&secret, &input.config.signing) {
        let flag = || crate::diagnostic::Place::Flag("--sign-key".into());
        let public = manifest::public_of(secret).map_err(|e| {
            vec![
                Diagnostic::error_in(flag(), &e)
                    .code(crate::diagnostic::Code::BadSigningKey)
                    .arg("error", &e)
                    .with_help("use a key made by `disclose keygen`"),
            ]
        })?;
        if crate::keys::public_key(&public).ok() != crate::keys::public_key(&signing.public_key).ok() {
            return Err(vec![
                Diagnostic::error_in(
                    flag(),
                    "the signing key does not belong to site.yaml signing.public_key: the pages would show another key's fingerprint",
                )
                .code(crate::diagnostic::Code::SigningKeyMismatch)
                .with_help("sign with the disclose.key made together with that disclose.pub, or put this key's disclose.pub in site.yaml"),
            ]);
        }
    }
    let keeps = mode.keeps();
    let (publisher, cache, last_fingerprints, search, export_cache, ready) = match mode {
        // A rebuild in place keeps a search index and the export pieces between rebuilds;
        // a full build keeps them only for `serve`: they cost memory.
        Mode::InPlace { last, ready } => {
            let last = *last;
            (
                Publisher::in_place(out.to_path_buf(), last.files).map_err(|e| vec![io_error(out, e)])?,
                last.cache,
                last.fingerprints,
                Some(last.search.unwrap_or_default()),
                Some(last.exports.unwrap_or_default()),
                Some(ready),
            )
        }
        Mode::Full | Mode::FullKeeping => (
            Publisher::new(Staging::begin(out).map_err(|e| vec![io_error(out, e)])?),
            RecordCache::default(),
            HashMap::new(),
            keeps.then(SearchState::default),
            keeps.then(ExportCache::default),
            None,
        ),
    };
    let renderer = Renderer::new(input, cache)?;
    timings.lap("markdown");
    let reuse = Reuse {
        // Fingerprints cost a walk over every view: only made when a rebuild may use them.
        fingerprinting: keeps,
        last: last_fingerprints,
        now: Mutex::new(HashMap::new()),
        kept: Default::default(),
        rendered: Default::default(),
        search: Mutex::new(search),
        exports: Mutex::new(export_cache),
    };
    let stage = Stage {
        renderer: &renderer,
        input,
        out,
        publisher: &publisher,
        reuse: &reuse,
    };
    let result = publish_all(&stage, secret.as_deref(), options, timings, ready);
    match result {
        Ok(saved) => {
            let pages = publisher.page_paths().len();
            let files = publisher.commit().map_err(|e| vec![io_error(out, e)])?;
            timings.lap("swap");
            let Reuse {
                now,
                rendered,
                kept,
                search,
                exports,
                ..
            } = reuse;
            Ok(Written {
                pages,
                files: files.len() + 1 + usize::from(secret.is_some()),
                bytes: files.iter().map(|f| f.size).sum(),
                saved,
                published: Published {
                    files,
                    fingerprints: now.into_inner().unwrap_or_else(|e| e.into_inner()),
                    cache: renderer.into_cache(),
                    search: search.into_inner().unwrap_or_else(|e| e.into_inner()),
                    exports: exports.into_inner().unwrap_or_else(|e| e.into_inner()),
                    rendered: rendered.into_inner(),
                    kept: kept.into_inner(),
                },
            })
        }
        Err(mut e) => {
            if let Err(undo) = publisher.abort() {
                e.push(io_error(out, undo));
            }
            Err(e)
        }
    }
}

fn io_error(out: &Path, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(out.to_path_buf(), 0, 0, format!("cannot write the site: {e}"))
        .code(crate::diagnostic::Code::WriteFailed)
        .arg("error", &e)
        .with_help("check that the output folder's parent exists and is writable")
}

/// The fingerprints of the last build and of this one.
struct Reuse {
    /// Whether this build makes fingerprints (for a rebuild in place to come, or as one).
    fingerprinting: bool,
    last: HashMap<String, u64>,
    now: Mutex<HashMap<String, u64>>,
    kept: std::sync::atomic::AtomicUsize,
    rendered: std::sync::atomic::AtomicUsize,
    /// The search index state to refresh and keep; `None` when nothing is kept.
    search: Mutex<Option<SearchState>>,
    /// The export pieces to reuse and keep; `None` when nothing is kept.
    exports: Mutex<Option<ExportCache>>,
}

impl Reuse {
    /// Records the fingerprint of the output at `path`; true when it equals the last
    /// build's and the publisher kept the file, so it need not be made again.
    fn keep(
        &self,
        publisher: &Publisher,
        path: &str,
        fingerprint: impl FnOnce() -> Option<u64>,
        page_path: Option<String>,
    ) -> bool {
        use std::sync::atomic::Ordering::Relaxed;
        let Some(fingerprint) = self.fingerprinting.then(fingerprint).flatten() else {
            self.rendered.fetch_add(1, Relaxed);
            return false;
        };
        self.now
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_string(), fingerprint);
        let kept = self.last.get(path) == Some(&fingerprint) && publisher.keep(path, page_path);
        if kept {
            self.kept.fetch_add(1, Relaxed);
        } else {
            self.rendered.fetch_add(1, Relaxed);
        }
        kept
    }
}

/// What every step of the write stage works with.
struct Stage<'s, 'a> {
    renderer: &'s Renderer<'a>,
    input: &'s RenderInput<'a>,
    /// The output folder (for messages).
    out: &'s Path,
    publisher: &'s Publisher,
    reuse: &'s Reuse,
}

/// Every output after the Markdown, in the write order: pages, feeds, `ready`, the 一览表,
/// search index, downloads, data page, static files and evidence, sitemap, robots.txt,
/// the `.gz`/`.br` twins and the manifest (signed with `secret`).
fn publish_all(
    stage: &Stage,
    secret: Option<&str>,
    options: &WriteOptions,
    timings: &mut crate::timing::Timings,
    ready: Option<&Ready<'_>>,
) -> Result<Compressed, Vec<Diagnostic>> {
    let &Stage {
        renderer,
        input,
        out,
        publisher,
        reuse,
    } = stage;
    let io = |e: std::io::Error| vec![io_error(out, e)];
    let one = |d: Diagnostic| vec![d];
    let put = |o: render::Output| publisher.put(&o.path, &o.bytes, o.page_path).map(|_| ());

    let document = export_document(renderer, input);
    let downloads = std::thread::scope(|scope| -> Result<Vec<Download>, Vec<Diagnostic>> {
        // rust_xlsxwriter writes on one thread. With no preview waiting on `ready`, start it
        // first: it fills the gaps the pages leave on the other core, instead of being the
        // last thing running with a core idle.
        let xlsx = ready.is_none().then(|| scope.spawn(|| xlsx_of(input, &document)));
        // Pages, in parallel, straight to disk; unchanged ones kept. The 一览表 (every
        // record on one page) comes after `ready`, with the other site-wide outputs.
        let page = |job: &Job| -> Result<(), Vec<Diagnostic>> {
            let view = renderer.view(job);
            if reuse.keep(
                publisher,
                &view.path,
                || view.fingerprint(),
                view.page_path.clone(),
            ) {
                return Ok(());
            }
            put(renderer.render_view(view).map_err(one)?).map_err(io)
        };
        let jobs = render::plan(input);
        jobs.par_iter().filter(|j| **j != Job::Table).try_for_each(page)?;
        // Old region and unit addresses lead to where their names live now.
        input
            .facts
            .redirects
            .par_iter()
            .try_for_each(|r| put(renderer.redirect(r)))
            .map_err(io)?;
        timings.lap("pages");

        // Feeds: the site, every region, every record.
        let regions = input.facts.facets[&FacetKind::Regions].len();
        let scopes: Vec<FeedScope> = std::iter::once(FeedScope::Site)
            .chain((0..regions).map(FeedScope::Region))
            .chain((0..input.records.len()).map(FeedScope::Record))
            .chain(std::iter::once(FeedScope::Closures))
            .collect();
        scopes
            .par_iter()
            .try_for_each(|&scope| -> Result<(), Vec<Diagnostic>> {
                let view = renderer.feed_view(scope);
                if reuse.keep(publisher, &view.path, || view.fingerprint(), None) {
                    return Ok(());
                }
                put(renderer.render_view(view).map_err(one)?).map_err(io)
            })?;
        timings.lap("feeds");

        let mut changes = serde_json::to_vec_pretty(input.changes).unwrap_or_default();
        changes.push(b'\n');
        publisher
            .put(&routes::download("changes.json").file(), &changes, None)
            .map_err(io)?;
        // What each facet slug means, for the next build to keep (listed in the manifest).
        publisher
            .put(&routes::slug_map().file(), &input.facts.slug_map.to_bytes(), None)
            .map_err(io)?;

        // Every page and feed that shows a record is written: a preview can reload now.
        // What follows sums up the whole site (一览表, search index, downloads, data page,
        // sitemap, manifest).
        if let Some(ready) = ready {
            ready();
        }
        timings.lap("ready");
        // A preview starts the XLSX only now, beside the 一览表 and the search index.
        let xlsx = xlsx.unwrap_or_else(|| scope.spawn(|| xlsx_of(input, &document)));
        page(&Job::Table)?;
        publish_tables(input, publisher, reuse).map_err(io)?;
        timings.lap("table");

        // The search index, from the record text directly (no HTML re-parsing).
        // Result links resolve against the search form's `data-root`, so relative ones work.
        let record_url = |id: &str| renderer.urls().search_link(id);
        let order = &input.facts.order;
        let in_notice = |i: usize| input.facts.derived[i].in_notice;
        let index = match reuse.search.lock().unwrap_or_else(|e| e.into_inner()).as_mut() {
            Some(state) => state.refresh(
                input.records,
                order,
                input.versions,
                &record_url,
                &in_notice,
                &|path| publisher.keep(path, None),
            ),
            None => super::search::build(input.records, order, &record_url, &in_notice),
        };
        index
            .par_iter()
            .try_for_each(|(path, bytes)| publisher.put(path, bytes, None).map(|_| ()))
            .map_err(io)?;
        timings.lap("search");

        // Open data and the data dictionary page. The workbook is joined last: in a
        // preview it started at `ready` and is still being written beside the rest.
        let xlsx = || {
            xlsx.join()
                .unwrap_or_else(|_| Err(std::io::Error::other("the XLSX writer failed")))
        };
        publish_exports(input, publisher, reuse, &document, renderer.urls(), xlsx).map_err(io)
    })?;
    put(renderer.data_page(&downloads, &exports::schema()).map_err(one)?).map_err(io)?;
    timings.lap("exports");

    // Static files of the theme and site, and the listed evidence.
    input
        .theme
        .static_files
        .par_iter()
        .try_for_each(|(rel, src)| match src {
            StaticSource::Embedded(b) => publisher.put(rel, b, None).map(|_| ()),
            StaticSource::File(p) => publisher.copy(rel, p).map(|_| ()),
        })
        .map_err(io)?;
    input
        .evidence
        .par_iter()
        .flatten()
        .try_for_each(|e| publisher.copy(&e.output_path, &e.source).map(|_| ()))
        .map_err(io)?;

    // Sitemap and robots.txt, once every page is known.
    for o in renderer.sitemap(&publisher.page_paths()).map_err(one)? {
        put(o).map_err(io)?;
    }
    let robots = format!(
        "User-agent: *\nAllow: /\nSitemap: {}\n",
        renderer.absolute(&routes::sitemap())
    );
    publisher
        .put(&routes::asset("robots.txt").file(), robots.as_bytes(), None)
        .map_err(io)?;
    timings.lap("static+map");

    let mut saved = Compressed::default();
    if options.precompress {
        let texts: Vec<_> = publisher
            .files()
            .into_iter()
            .filter(|f| super::precompress::compressible(&f.path))
            .collect();
        saved = texts
            .par_iter()
            .map(|f| -> std::io::Result<Compressed> {
                let bytes = std::fs::read(publisher.staged(&f.path))?;
                let gz = super::precompress::gzip(&bytes)?;
                publisher.put(&format!("{}.gz", f.path), &gz, None)?;
                let br = super::precompress::brotli(&f.path, &bytes)?;
                publisher.put(&format!("{}.br", f.path), &br, None)?;
                Ok(Compressed {
                    gzip: f.size.saturating_sub(gz.len() as u64),
                    brotli: f.size.saturating_sub(br.len() as u64),
                })
            })
            .try_reduce(Compressed::default, |a, b| {
                Ok(Compressed {
                    gzip: a.gzip + b.gzip,
                    brotli: a.brotli + b.brotli,
                })
            })
            .map_err(io)?;
        timings.lap("precompress");
    }

    // The manifest last: it lists everything above.
    let manifest = Manifest::new(
        publisher.files(),
        &input.facts.as_of.to_string(),
        &input.config.base_url,
    );
    let bytes = manifest.to_bytes();
    // Written directly, not through `put`: the manifest does not list itself.
    let staging_put = |path: &str, data: &[u8]| publisher.put_unlisted(path, data);
    staging_put(manifest::MANIFEST, &bytes).map_err(io)?;
    if let Some(secret) = secret {
        let signature = manifest::sign(&bytes, secret).map_err(|e| {
            vec![
                Diagnostic::error_in(crate::diagnostic::Place::Flag("--sign-key".into()), &e)
                    .code(crate::diagnostic::Code::BadSigningKey)
                    .arg("error", e)
                    .with_help("use a key made by `disclose keygen`"),
            ]
        })?;
        staging_put(manifest::SIGNATURE, signature.as_bytes()).map_err(io)?;
    }
    timings.lap("manifest");
    Ok(saved)
}

/// Writes `data/records.{json,csv,xlsx}`, `data/schema.json` and a CSV per facet page.
/// The open-data document: every record with its derived values, in site order.
fn export_document<'a>(renderer: &Renderer, input: &RenderInput<'a>) -> ExportDocument<'a> {
    let facts = input.facts;
    let url = |r: &crate::model::Record| renderer.absolute(&routes::record(r.id.as_str()));
    ExportDocument {
        title: &input.config.title,
        publisher: &input.config.publisher,
        as_of: facts.as_of,
        generator: format!("disclose {}", env!("CARGO_PKG_VERSION")),
        records: exports::export_records(input.records, &facts.derived, &facts.order, &url),
    }
}

/// What a workbook cell of a record of `kind` shows for the value `key` of the vocabulary
/// `vocab`: the kind's word (a complaint's 已办结), an inspection's name, 是/否 for yes and
/// no, 长期坚持 for `ongoing`.
fn workbook_label(input: &RenderInput, kind: crate::model::Kind, vocab: &str, key: &str) -> String {
    let theme = input.theme;
    match (vocab, key) {
        ("deadline", word) => theme.text(word),
        ("inspection", id) => input
            .config
            .inspections
            .iter()
            .find(|i| i.id == id)
            .map_or_else(|| id.to_string(), |i| i.name.clone()),
        ("bool", "yes") => theme.text("yes"),
        ("bool", _) => theme.text("no"),
        _ => theme.word(kind, vocab, key),
    }
}

/// The XLSX and CSV of every official table (一览表), beside its page; those whose page
/// fingerprint did not change are kept by a rebuild in place.
fn publish_tables(input: &RenderInput, publisher: &Publisher, reuse: &Reuse) -> std::io::Result<()> {
    use crate::render::official;
    let theme = input.theme;
    let config = input.config;
    let enforcement = |r: &crate::model::Record| {
        r.enforcement
            .as_ref()
            .map(|e| official::enforcement_sentence(theme, &crate::statistics::Enforcement::of(e)))
            .filter(|s| !s.is_empty())
    };
    let sheet = theme.label("official", "tables");
    input
        .facts
        .tables
        .par_iter()
        .try_for_each(|table| -> std::io::Result<()> {
            let columns = official::columns(config, table, input.records);
            let headers: Vec<String> = columns
                .iter()
                .map(|&c| official::header(theme, table, c))
                .collect();
            let title = official::title(theme, config, table);
            let mut sentence = official::sentence(theme, config, table);
            let totals = official::enforcement_sentence(theme, &table.enforcement);
            if !totals.is_empty() {
                sentence.push_str(&theme.label("field", "enforcement"));
                sentence.push_str(&theme.label("official", "label_end"));
                sentence.push_str(&totals);
            }
            let rows: Vec<Vec<exports::Cell>> = table
                .members
                .iter()
                .enumerate()
                .map(|(n, &i)| {
                    let r = input.records[i];
                    // A case in its closure notice reads 销号公示中, as on its page.
                    let in_notice = input.facts.derived[i].in_notice;
                    let label = |vocab: &str, key: &str| match vocab {
                        "status" => theme.current_status_word(r.kind, r.status, in_notice),
                        _ => workbook_label(input, r.kind, vocab, key),
                    };
                    columns
                        .iter()
                        .map(|&c| super::tables::cell(c, r, n + 1, &label, &enforcement))
                        .collect()
                })
                .collect();
            let text = super::tables::TableText {
                title: &title,
                sentence: &sentence,
                headers: &headers,
            };
            // The downloads are made from exactly these cells and words (and the as-of
            // date, the workbook's date): unchanged ones are kept by a rebuild in place.
            let as_of = input.facts.as_of.to_string();
            let fingerprint =
                || fingerprint::of(&(&title, &sentence, &headers, &columns, &rows, &sheet, &as_of));
            let folder = input.config.inspection_slug(&table.inspection);
            let path = |format: &str| routes::official_download(folder, table.batch, format).file();
            let (xlsx_path, csv_path) = (path("xlsx"), path("csv"));
            let keep_xlsx = reuse.keep(publisher, &xlsx_path, fingerprint, None);
            let keep_csv = reuse.keep(publisher, &csv_path, fingerprint, None);
            if !keep_xlsx {
                let bytes = super::tables::to_xlsx(&text, &columns, &rows, &sheet, input.facts.as_of)
                    .map_err(|e| std::io::Error::other(e.to_string()))?;
                publisher.put(&xlsx_path, &bytes, None)?;
            }
            if !keep_csv {
                publisher.put(&csv_path, &super::tables::to_csv(&text, &rows), None)?;
            }
            Ok(())
        })
}

/// `records.xlsx`, with the theme's labels.
fn xlsx_of(input: &RenderInput, document: &ExportDocument) -> std::io::Result<Vec<u8>> {
    let theme = input.theme;
    let header = |key: &str| match key.split_once('.') {
        Some((group, key)) => theme.label(group, key),
        None => theme.label("field", key),
    };
    let label = |kind: crate::model::Kind, vocab: &str, key: &str| workbook_label(input, kind, vocab, key);
    exports::to_xlsx(&document.records, &header, &label, "records", input.facts.as_of)
        .map_err(|e| std::io::Error::other(e.to_string()))
}

/// Writes `data/records.{json,csv,xlsx}`, `data/schema.json` and a CSV per facet page;
/// `xlsx` hands over the workbook, waited for only once everything else is written.
fn publish_exports(
    input: &RenderInput,
    publisher: &Publisher,
    reuse: &Reuse,
    document: &ExportDocument,
    urls: &routes::Urls,
    xlsx: impl FnOnce() -> std::io::Result<Vec<u8>>,
) -> std::io::Result<Vec<Download>> {
    let facts = input.facts;
    // A CSV line and a JSON piece per record, made once (every facet CSV reuses the
    // line), or kept from the last rebuild in place when the record did not change.
    let key = format!("{} {}", facts.as_of, urls.absolute(&routes::home()));
    let mut slot = reuse.exports.lock().unwrap_or_else(|e| e.into_inner());
    let keep = slot.is_some();
    let mut cache = match slot.take() {
        Some(c) if c.key == key && c.versions.len() == input.records.len() => c,
        _ => ExportCache {
            key,
            versions: vec![0; input.records.len()],
            csv: vec![Vec::new(); input.records.len()],
            csv_fingerprints: vec![0; input.records.len()],
            json: vec![Vec::new(); input.records.len()],
        },
    };
    let fresh = |i: usize| cache.versions[i] != input.versions[i] || cache.json[i].is_empty();
    let made: Vec<(usize, Vec<u8>, Vec<u8>)> = facts
        .order
        .par_iter()
        .zip(document.records.par_iter())
        .filter(|(i, _)| fresh(**i))
        .map(|(&i, e)| (i, exports::csv_row(e), exports::json_record(e)))
        .collect();
    for (i, line, piece) in made {
        cache.versions[i] = input.versions[i];
        cache.csv_fingerprints[i] = fingerprint::of_bytes(&line);
        cache.csv[i] = line;
        cache.json[i] = piece;
    }
    let lines = &cache.csv;
    let line_fingerprints = &cache.csv_fingerprints;
    let header = fingerprint::of_bytes(&exports::csv_header());
    let json = exports::splice_json(document, facts.order.iter().map(|&i| cache.json[i].as_slice()));
    let csv_of = |indices: &[usize]| {
        let mut out = exports::csv_header();
        for &i in indices {
            out.extend_from_slice(&lines[i]);
        }
        out
    };
    let mut schema = serde_json::to_vec_pretty(&exports::schema()).unwrap_or_default();
    schema.push(b'\n');
    let download = |name: &str, format: &'static str, bytes: &[u8]| -> std::io::Result<Download> {
        let path = routes::download(name);
        let entry = publisher.put(&path.file(), bytes, None)?;
        Ok(Download {
            name: name.to_string(),
            url: urls.href(&path),
            format,
            size: entry.size,
            sha256: entry.sha256,
        })
    };
    let csv = download("records.csv", "CSV", &csv_of(&facts.order))?;
    let json = download("records.json", "JSON", &json)?;
    let schema = download("schema.json", "JSON Schema", &schema)?;
    // One CSV per facet page.
    let groups: Vec<_> = facts.facets.values().flatten().collect();
    groups.par_iter().try_for_each(|g| {
        let path = routes::facet_csv(g.facet.folder(), &g.slug).file();
        // A facet CSV is the header and its members' lines.
        let fingerprint = || {
            Some(fingerprint::of_parts(
                std::iter::once(header).chain(g.members.iter().map(|&i| line_fingerprints[i])),
            ))
        };
        if reuse.keep(publisher, &path, fingerprint, None) {
            return Ok(());
        }
        publisher.put(&path, &csv_of(&g.members), None).map(|_| ())
    })?;
    // Kept for the next rebuild when this one was given a cache to keep (in place, or a
    // full build for `serve`).
    if keep {
        *slot = Some(cache);
    }
    let xlsx = download("records.xlsx", "XLSX", &xlsx()?)?;
    Ok(vec![csv, json, xlsx, schema])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_wide_outputs_are_the_late_ones() {
        for late in [
            "table/index.html",
            "search/shard-07.json",
            "data",
            "data/records.xlsx",
            "data/index.html",
            "regions/he-kou-zhen/records.csv",
            "inspections/cei2-2021/batches/3/table.xlsx",
            "inspections/cei2-2021/problems/table.csv",
            "sitemap.xml",
            "sitemap-2.xml",
            "robots.txt",
            "manifest.json",
            "manifest.sig",
        ] {
            assert!(written_after_ready(late), "{late}");
        }
        for early in [
            "",
            "index.html",
            "records/A-1/index.html",
            "records/A-1/feed.xml",
            "records/page/2/index.html",
            "regions/he-kou-zhen/index.html",
            "inspections/cei2-2021/batches/3/index.html",
            "feed.xml",
            "assets/disclose.0bd0b810.css",
        ] {
            assert!(!written_after_ready(early), "{early}");
        }
    }
}
