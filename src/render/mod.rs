//! Render: the validated site and its facts into output files, through Tera templates.
//!
//! The list of pages is planned first ([`plan`]), then every page is rendered in
//! parallel and handed to a sink (the writer, or memory in tests). Site-wide data goes
//! into Tera's global context once; each page's context holds only what that page shows.
//! A page (or feed) is first made into its [`View`], the one value its template is
//! rendered from; `serve` compares the view's fingerprint ([`fingerprint`]) with the last
//! build's to keep a page that would come out the same.

mod documents;
pub mod fingerprint;
pub mod markdown;
pub mod official;
pub mod relative;
pub mod theme;
pub mod views;

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::config::SiteConfig;
use crate::derive::{FacetKind, Facts, Group};
use crate::diagnostic::Diagnostic;
use crate::model::{Page, Record};
use crate::routes::{self, SitePath, Urls};
pub use documents::{Download, FEED_LIMIT, FeedScope, SITEMAP_LIMIT};
use fingerprint::RowRef;
use theme::Theme;
use views::*;

/// A page's context: `page` (where it is, its title) and the fields of its kind.
#[derive(Serialize)]
struct PageContext<'v> {
    page: PageMeta,
    #[serde(flatten)]
    body: PageBody<'v>,
}

/// The fields each kind of page shows its template (documented in `docs/templates.md`).
#[derive(Serialize)]
#[serde(untagged)]
enum PageBody<'v> {
    Dashboard {
        statistics: official::StatsView<'v>,
        batches: Vec<official::TableLink<'v>>,
        facet_max: BTreeMap<&'static str, usize>,
        totals: &'v crate::derive::Counts,
        facets: BTreeMap<&'static str, Vec<GroupView<'v>>>,
        overdue: Vec<RowRef<'v>>,
        overdue_total: usize,
        recent: Vec<RowRef<'v>>,
        intro: String,
    },
    /// Records, a facet group's page and the overdue list.
    List {
        #[serde(skip_serializing_if = "Option::is_none")]
        group: Option<GroupView<'v>>,
        /// A facet group's statistics.
        #[serde(skip_serializing_if = "Option::is_none")]
        stats: Option<official::StatsView<'v>>,
        /// An inspection's batches.
        #[serde(skip_serializing_if = "Vec::is_empty")]
        batches: Vec<official::TableLink<'v>>,
        rows: Vec<RowRef<'v>>,
        paginator: Paginator,
        #[serde(skip_serializing_if = "Option::is_none")]
        intro: Option<String>,
    },
    Record {
        record: RecordView<'v>,
    },
    FacetIndex {
        facet: FacetKind,
        groups: Vec<GroupView<'v>>,
    },
    /// The index of the official tables.
    Table {
        inspections: Vec<InspectionTables<'v>>,
        outside: usize,
        records_url: String,
    },
    /// One official table.
    Official {
        table: official::TableLink<'v>,
        columns: Vec<ColumnView>,
        records: Vec<TableRow<'v>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        enforcement_sentence: Option<String>,
        xlsx_url: String,
        csv_url: String,
        index_url: String,
    },
    Closures {
        current: Vec<ClosureEntry<'v>>,
        past: Vec<ClosureEntry<'v>>,
        feed_url: String,
    },
    Updates {
        entries: Vec<UpdateRow<'v>>,
        paginator: Paginator,
    },
    /// A Markdown page or section (`children` for sections only).
    Page {
        content: String,
        front: &'v crate::model::PageFront,
        #[serde(skip_serializing_if = "Option::is_none")]
        children: Option<Vec<ChildPage>>,
    },
    Changes {
        changes: &'v crate::changes::Changes,
    },
    Search {
        search_labels: String,
    },
    NotFound {},
}

/// Everything rendering needs, borrowed from earlier stages.
pub struct RenderInput<'a> {
    /// `site.yaml`, with `base_url` already overridden if asked.
    pub config: &'a SiteConfig,
    /// Published records.
    pub records: &'a [&'a Record],
    /// Published evidence per record, parallel to `records`.
    pub evidence: &'a [Vec<EvidenceFile>],
    /// Pages and sections.
    pub pages: &'a [Page],
    /// Derived facts.
    pub facts: &'a Facts,
    /// The theme.
    pub theme: &'a Theme,
    /// What changed since the previous publication.
    pub changes: &'a crate::changes::Changes,
    /// Each record's version ([`crate::source::SourceRecord::version`]), parallel to
    /// `records`: the rendered Markdown of a record is kept while its version is.
    pub versions: &'a [u64],
    /// Pages link relative to themselves (`--relative-urls`, for opening from `file://`).
    pub relative_urls: bool,
}

/// One output file to produce.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Job {
    /// `/`
    Dashboard,
    /// `/records/` and its pages.
    Records { page: usize },
    /// `/records/<id>/`
    Record(usize),
    /// `/regions/` etc.
    FacetIndex(FacetKind),
    /// `/regions/<slug>/` and its pages.
    Facet {
        facet: FacetKind,
        group: usize,
        page: usize,
    },
    /// `/overdue/` and its pages.
    Overdue { page: usize },
    /// `/table/`: the index of the official tables.
    Table,
    /// One official table (index into `facts.tables`): `/inspections/<id>/batches/<n>/`
    /// or `/inspections/<id>/problems/`.
    Official(usize),
    /// `/closures/`: closure notices (销号公示), running and past.
    Closures,
    /// `/updates/` and its pages.
    Updates { page: usize },
    /// A Markdown page or section (index into pages).
    Page(usize),
    /// `/search/`
    Search,
    /// `/changes/`
    Changes,
    /// `/404.html`
    NotFound,
}

/// A rendered file.
#[derive(Debug, Clone)]
pub struct Output {
    /// Path relative to the output root, e.g. `records/A-1/index.html`.
    pub path: String,
    /// The HTML page's site path (for the sitemap), `None` for non-pages.
    pub page_path: Option<String>,
    /// Content.
    pub bytes: Vec<u8>,
}

/// `text` with the characters HTML gives a meaning escaped, for text and attribute values.
fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn pages_of(items: usize, per_page: usize) -> usize {
    items.div_ceil(per_page).max(1)
}

/// Plans every page of the site, in a stable order.
pub fn plan(input: &RenderInput) -> Vec<Job> {
    let per = input.config.paginate;
    let facts = input.facts;
    let mut jobs = vec![Job::Dashboard];
    jobs.extend((1..=pages_of(facts.order.len(), per)).map(|page| Job::Records { page }));
    jobs.extend((0..input.records.len()).map(Job::Record));
    for facet in FacetKind::ALL {
        jobs.push(Job::FacetIndex(facet));
        for (g, group) in facts.facets[&facet].iter().enumerate() {
            jobs.extend((1..=pages_of(group.members.len(), per)).map(|page| Job::Facet {
                facet,
                group: g,
                page,
            }));
        }
    }
    jobs.extend((1..=pages_of(facts.overdue.len(), per)).map(|page| Job::Overdue { page }));
    jobs.push(Job::Table);
    jobs.extend((0..facts.tables.len()).map(Job::Official));
    jobs.push(Job::Closures);
    jobs.extend((1..=pages_of(facts.updates.len(), per)).map(|page| Job::Updates { page }));
    jobs.extend(
        input
            .pages
            .iter()
            .enumerate()
            .filter(|(_, p)| !(p.is_section && (p.path.is_empty() || p.path == "records/")))
            .map(|(i, _)| Job::Page(i)),
    );
    jobs.push(Job::Search);
    jobs.push(Job::Changes);
    jobs.push(Job::NotFound);
    jobs
}

/// Where `job`'s page is written and its site path (for the sitemap), from the plan's
/// input alone (the collision check runs it without rendering anything).
pub fn output_of(input: &RenderInput, job: &Job) -> (String, Option<String>) {
    let facts = input.facts;
    let path = match *job {
        Job::NotFound => return (routes::not_found().file(), None),
        Job::Dashboard => routes::home(),
        Job::Records { page } => routes::records().page(page),
        Job::Record(i) => routes::record(input.records[i].id.as_str()),
        Job::FacetIndex(facet) => routes::facet_index(facet.folder()),
        Job::Facet { facet, group, page } => {
            let g = &facts.facets[&facet][group];
            routes::facet(facet.folder(), &g.slug).page(page)
        }
        Job::Overdue { page } => routes::overdue().page(page),
        Job::Table => routes::table(),
        Job::Official(t) => {
            let table = &facts.tables[t];
            routes::official_table(input.config.inspection_slug(&table.inspection), table.batch)
        }
        Job::Closures => routes::closures(),
        Job::Updates { page } => routes::updates().page(page),
        Job::Page(p) => SitePath::new(input.pages[p].path.as_str()),
        Job::Search => routes::search(),
        Job::Changes => routes::changes(),
    };
    (path.file(), Some(path.as_str().to_string()))
}

/// The Tera environment of a build: templates plus site-wide context.
pub struct Renderer<'a> {
    tera: Tera,
    input: &'a RenderInput<'a>,
    /// Hrefs and absolute URLs of site paths.
    urls: Urls,
    /// The fingerprint of everything every output is made with besides its own view:
    /// the templates' text, the global context and the link style.
    fingerprint: Option<u64>,
    html: Vec<RecordHtml>,
    index_by_id: BTreeMap<&'a str, usize>,
    /// Every record's table row, serialised once: list pages clone these (cheap, shared)
    /// instead of serialising the same rows again for each list a record appears in.
    rows: Vec<CachedRow>,
}

/// A record's table row, made once per build (or kept from the last).
#[derive(Debug, Clone)]
struct CachedRow {
    /// The fingerprint of what it was made from: its [`Row`] and the renderer's
    /// fingerprint (the row template and the global context).
    source: Option<u64>,
    value: tera::Value,
    /// The fingerprint of `value`, which stands for the row in a view's fingerprint.
    fingerprint: Option<u64>,
}

/// What one output is made from: its template and the one value that becomes the
/// template's context. A page's [`View::fingerprint`] changes whenever what it would
/// print may change.
pub struct View<'v> {
    template: &'v str,
    /// Where it is written, relative to the output root.
    pub path: String,
    /// The HTML page's site path (for the sitemap), `None` for feeds and the 404 page.
    pub page_path: Option<String>,
    /// The renderer's fingerprint (templates and global context).
    global: Option<u64>,
    context: ViewContext<'v>,
}

/// A view's context: the page's `page` and its own fields, or a feed's.
#[derive(Serialize)]
#[serde(untagged)]
enum ViewContext<'v> {
    Page(Box<PageContext<'v>>),
    Feed(documents::FeedContext<'v>),
}

impl View<'_> {
    /// The fingerprint of everything this output is made from (`None` if the view could
    /// not be serialised; it is then always made again).
    pub fn fingerprint(&self) -> Option<u64> {
        fingerprint::of(&(self.global?, self.template, &self.path, &self.context))
    }
}

fn tera_error(e: &tera::Error, theme: &Theme) -> Diagnostic {
    use std::error::Error as _;
    let mut message = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    let file = theme
        .templates
        .values()
        .map(|(_, p)| p)
        .find(|p| message.contains(p.file_name().and_then(|f| f.to_str()).unwrap_or("\u{0}")))
        .cloned()
        .unwrap_or_else(|| "templates".into());
    Diagnostic::error(file, 0, 0, format!("template error: {message}"))
        .code(crate::diagnostic::Code::TemplateError)
        .arg("error", &message)
        .with_help("fix the template named in the message")
}

/// Each record's rendered Markdown and table row, handed from one `serve` rebuild to the
/// next: Markdown is rendered again only for a record whose version changed, a row only
/// when what it is made from changed.
#[derive(Debug, Clone, Default)]
pub struct RecordCache {
    /// The base path the Markdown's site-root links were made under.
    base: String,
    /// The record versions the Markdown was rendered from.
    versions: Vec<u64>,
    html: Vec<RecordHtml>,
    rows: Vec<CachedRow>,
}

/// A record's table row as a template value, with the row's HTML (`macros/row.html`)
/// rendered once as `html`: every list the record appears in (records, facets, overdue,
/// dashboard) prints that string instead of rendering the row again.
fn row_value(tera: &Tera, has_template: bool, row: &Row) -> Result<tera::Value, tera::Error> {
    let value = tera::Value::from_serializable(row);
    if !has_template {
        return Ok(value);
    }
    let mut ctx = Context::new();
    ctx.insert_value("r", value.clone());
    let html = tera.render("macros/row.html", &ctx)?;
    let mut map = value.into_map().unwrap_or_default();
    map.insert("html".into(), tera::Value::safe_string(&html));
    Ok(tera::Value::from(map))
}

/// Tera's global context: what every page sees.
#[derive(Serialize)]
struct Globals<'a> {
    site: SiteView<'a>,
    as_of: String,
    version: &'static str,
    t: &'a serde_json::Value,
    base_path: &'a str,
    nav: Vec<Link>,
    filter_labels: String,
    asset: BTreeMap<&'a str, String>,
}

impl<'a> Renderer<'a> {
    /// Builds the Tera environment and pre-renders every record's Markdown and row,
    /// taking those of unchanged records from `cache` (pass `RecordCache::default()` for
    /// a full build).
    pub fn new(input: &'a RenderInput<'a>, cache: RecordCache) -> Result<Self, Vec<Diagnostic>> {
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".htm", ".xml"]);
        let sources: Vec<(&str, &str)> = input
            .theme
            .templates
            .iter()
            .map(|(name, (text, _))| (name.as_str(), text.as_str()))
            .collect();
        tera.add_raw_templates(sources.iter().copied())
            .map_err(|e| vec![tera_error(&e, input.theme)])?;

        let config = input.config;
        let urls = Urls::new(&config.base_url, input.relative_urls);
        let base = urls.base().to_string();
        let globals = Globals {
            site: SiteView::new(config, &base),
            as_of: input.facts.as_of.to_string(),
            version: env!("CARGO_PKG_VERSION"),
            t: &input.theme.i18n,
            base_path: &base,
            nav: nav(input.pages, &urls),
            filter_labels: filter_labels(&input.theme.i18n),
            asset: input
                .theme
                .assets
                .iter()
                .map(|(name, path)| (name.as_str(), urls.href(&routes::asset(path))))
                .collect(),
        };
        // Every output is made with these; `--relative-urls` rewrites pages' links after.
        let fingerprint = fingerprint::of(&(&sources, &globals, urls.relative()));
        tera.global_context()
            .extend(Context::from_serialize(&globals).map_err(|e| vec![tera_error(&e, input.theme)])?);

        let RecordCache {
            base: cached_base,
            versions,
            html: mut cached_html,
            rows: mut cached_rows,
        } = cache;
        let n = input.records.len();
        cached_html.resize_with(n, RecordHtml::default);
        cached_rows.resize_with(n, || CachedRow {
            source: None,
            value: tera::Value::none(),
            fingerprint: None,
        });
        let html: Vec<RecordHtml> = cached_html
            .into_par_iter()
            .enumerate()
            .map(|(i, kept)| {
                if cached_base == base && versions.get(i) == Some(&input.versions[i]) {
                    kept
                } else {
                    record_html(input.records[i], &base)
                }
            })
            .collect();
        // A site's own theme made before `macros/row.html` existed renders its rows itself.
        let has_row_template = input.theme.templates.contains_key("macros/row.html");
        let rows: Vec<CachedRow> = cached_rows
            .into_par_iter()
            .enumerate()
            .map(|(i, kept)| {
                let row = make_row(input, &urls, i);
                let source = fingerprint::of(&(fingerprint, &row));
                if source.is_some() && source == kept.source && fingerprint.is_some() {
                    return Ok(kept);
                }
                let value = row_value(&tera, has_row_template, &row)?;
                Ok(CachedRow {
                    source,
                    fingerprint: fingerprint::of(&value),
                    value,
                })
            })
            .collect::<Result<_, tera::Error>>()
            .map_err(|e| vec![tera_error(&e, input.theme)])?;
        let index_by_id = input
            .records
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.as_str(), i))
            .collect();
        Ok(Self {
            tera,
            input,
            urls,
            fingerprint,
            html,
            index_by_id,
            rows,
        })
    }

    /// Hands the rendered Markdown and rows over to the next rebuild.
    pub fn into_cache(self) -> RecordCache {
        RecordCache {
            base: self.urls.base().to_string(),
            versions: self.input.versions.to_vec(),
            html: self.html,
            rows: self.rows,
        }
    }

    /// Renders every job in parallel, handing each output to `sink`.
    pub fn render_all<E: Send>(
        &self,
        jobs: &[Job],
        sink: &(dyn Fn(Output) -> Result<(), E> + Sync),
    ) -> Result<(), RenderFailure<E>> {
        jobs.par_iter().try_for_each(|job| {
            let output = self.render(job).map_err(RenderFailure::Template)?;
            sink(output).map_err(RenderFailure::Sink)
        })
    }

    /// Renders one job.
    pub fn render(&self, job: &Job) -> Result<Output, Diagnostic> {
        self.render_view(self.view(job))
    }

    /// Renders a view made by [`Renderer::view`] or [`Renderer::feed_view`].
    pub fn render_view(&self, view: View<'_>) -> Result<Output, Diagnostic> {
        let ctx = Context::from_serialize(&view.context).map_err(|e| tera_error(&e, self.input.theme))?;
        // Straight into bytes: no second pass to re-validate megabytes of UTF-8.
        let mut bytes = Vec::with_capacity(16 * 1024);
        self.tera
            .render_to(view.template, &ctx, &mut bytes)
            .map_err(|e| tera_error(&e, self.input.theme))?;
        Ok(self.linked(Output {
            path: view.path,
            page_path: view.page_path,
            bytes,
        }))
    }

    /// The view of `job`'s page: what it is rendered from, and where it goes.
    pub fn view(&self, job: &Job) -> View<'_> {
        let (template, page, body) = self.context(job);
        let (path, page_path) = if *job == Job::NotFound {
            (routes::not_found().file(), None)
        } else {
            (SitePath::new(page.path.as_str()).file(), Some(page.path.clone()))
        };
        View {
            template,
            path,
            page_path,
            global: self.fingerprint,
            context: ViewContext::Page(Box::new(PageContext { page, body })),
        }
    }

    /// An HTML page with its links made relative to it under `--relative-urls`. The 404
    /// page keeps root-relative links: a web server shows it at any depth.
    pub(crate) fn linked(&self, output: Output) -> Output {
        if !self.urls.relative() || !output.path.ends_with(".html") || output.page_path.is_none() {
            return output;
        }
        let html = String::from_utf8_lossy(&output.bytes);
        let bytes = relative::relativize(&html, self.urls.base(), &output.path).into_bytes();
        Output { bytes, ..output }
    }

    /// The page left at an old facet address ([`crate::derive::Redirect`]): a link to
    /// the page the name lives at now and a `<meta http-equiv="refresh">` to it, so
    /// that published links and bookmarks keep working. Not a theme template: it is the
    /// same for every theme, and it is not in the sitemap.
    pub fn redirect(&self, redirect: &crate::derive::Redirect) -> Output {
        let folder = redirect.facet.folder();
        let (from, to) = (
            routes::facet(folder, &redirect.from),
            routes::facet(folder, &redirect.to),
        );
        let href = escape_html(&self.urls.href_from(&from, &to));
        let name = escape_html(&redirect.name);
        let moved = self.input.theme.i18n.get("moved_to").and_then(|v| v.as_str());
        let moved = escape_html(moved.unwrap_or(if self.input.config.language == "en" {
            "This page has moved to"
        } else {
            "本页已迁至"
        }));
        let html = format!(
            "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url={href}\">\n<link rel=\"canonical\" href=\"{canonical}\">\n<title>{name}</title>\n</head>\n<body>\n<p>{moved} <a href=\"{href}\">{name}</a></p>\n</body>\n</html>\n",
            lang = escape_html(&self.input.config.language),
            canonical = escape_html(&self.urls.absolute(&to)),
        );
        Output {
            path: from.file(),
            page_path: None,
            bytes: html.into_bytes(),
        }
    }

    /// Where `job`'s page is written and its site path (for the sitemap), without
    /// rendering it.
    pub fn output_of(&self, job: &Job) -> (String, Option<String>) {
        output_of(self.input, job)
    }

    /// Absolute URL of a site path (`records/A-1/` → `https://host/base/records/A-1/`).
    pub fn absolute(&self, path: &SitePath) -> String {
        self.urls.absolute(path)
    }

    /// The hrefs and absolute URLs of this build.
    pub fn urls(&self) -> &Urls {
        &self.urls
    }

    fn meta(&self, kind: &'static str, title: String, path: String) -> PageMeta {
        PageMeta {
            kind,
            url: self.urls.href(&SitePath::new(path.as_str())),
            permalink: self.urls.absolute(&SitePath::new(path.as_str())),
            title,
            path,
            description: String::new(),
            date: self.input.facts.as_of.to_string(),
        }
    }

    fn t(&self, key: &str) -> String {
        self.input.theme.text(key)
    }

    fn row(&self, i: usize) -> RowRef<'_> {
        let row = &self.rows[i];
        RowRef::new(&row.value, row.fingerprint)
    }

    fn rows(&self, indices: &[usize], page: usize) -> Vec<RowRef<'_>> {
        let per = self.input.config.paginate;
        indices
            .iter()
            .skip((page - 1) * per)
            .take(per)
            .map(|&i| self.row(i))
            .collect()
    }

    /// The template, `page` and own fields of `job`'s page.
    fn context(&self, job: &Job) -> (&str, PageMeta, PageBody<'_>) {
        let facts = self.input.facts;
        let per = self.input.config.paginate;
        let path = self.output_of(job).1.unwrap_or_default();
        match *job {
            Job::Dashboard => {
                let facets: BTreeMap<&str, Vec<GroupView>> = FacetKind::ALL
                    .iter()
                    .map(|f| {
                        (
                            f.folder(),
                            facts.facets[f]
                                .iter()
                                .map(|g| GroupView::new(g, &self.urls))
                                .collect(),
                        )
                    })
                    .collect();
                let facet_max: BTreeMap<&str, usize> = FacetKind::ALL
                    .iter()
                    .map(|f| {
                        (
                            f.folder(),
                            facts.facets[f]
                                .iter()
                                .map(|g| g.counts.total)
                                .max()
                                .unwrap_or(0)
                                .max(1),
                        )
                    })
                    .collect();
                let body = PageBody::Dashboard {
                    statistics: official::StatsView::new(self.input.theme, &facts.statistics),
                    batches: self.table_links(|t| t.batch.is_some()),
                    facet_max,
                    totals: &facts.totals,
                    facets,
                    overdue: facts.overdue.iter().take(20).map(|&i| self.row(i)).collect(),
                    overdue_total: facts.overdue.len(),
                    recent: facts.recent.iter().take(10).map(|&i| self.row(i)).collect(),
                    intro: self.section_intro(""),
                };
                (
                    "index.html",
                    self.meta("dashboard", self.input.config.title.clone(), path),
                    body,
                )
            }
            Job::Records { page } => {
                let body = PageBody::List {
                    group: None,
                    stats: None,
                    batches: Vec::new(),
                    rows: self.rows(&facts.order, page),
                    paginator: Paginator::new(&self.urls, &routes::records(), page, per, facts.order.len()),
                    intro: Some(self.section_intro("records/")),
                };
                (
                    "records.html",
                    self.meta("records", self.t("records_title"), path),
                    body,
                )
            }
            Job::Record(i) => {
                let r = self.input.records[i];
                let mut meta = self.meta("record", r.title.clone(), path);
                meta.description = r
                    .summary
                    .as_deref()
                    .map(|s| s.chars().take(120).collect())
                    .unwrap_or_default();
                if let Some(d) = facts.derived[i].last_updated {
                    meta.date = d.to_string();
                }
                let body = PageBody::Record {
                    record: self.record_view(i),
                };
                ("record.html", meta, body)
            }
            Job::FacetIndex(facet) => {
                let body = PageBody::FacetIndex {
                    facet,
                    groups: facts.facets[&facet]
                        .iter()
                        .map(|g| GroupView::new(g, &self.urls))
                        .collect(),
                };
                let title = self.t(&format!("facet_{}", facet.folder()));
                ("facets.html", self.meta("facets", title, path), body)
            }
            Job::Facet { facet, group, page } => {
                let g: &Group = &facts.facets[&facet][group];
                let body = PageBody::List {
                    group: Some(GroupView::new(g, &self.urls)),
                    stats: Some(official::StatsView::new(self.input.theme, &g.stats)),
                    batches: if facet == FacetKind::Inspections {
                        self.table_links(|t| t.batch.is_some() && t.inspection == g.slug)
                    } else {
                        Vec::new()
                    },
                    rows: self.rows(&g.members, page),
                    paginator: Paginator::new(
                        &self.urls,
                        &routes::facet(facet.folder(), &g.slug),
                        page,
                        per,
                        g.members.len(),
                    ),
                    intro: None,
                };
                let name = self.facet_label(facet, g);
                ("facet.html", self.meta("facet", name, path), body)
            }
            Job::Overdue { page } => {
                let body = PageBody::List {
                    group: None,
                    stats: None,
                    batches: Vec::new(),
                    rows: self.rows(&facts.overdue, page),
                    paginator: Paginator::new(&self.urls, &routes::overdue(), page, per, facts.overdue.len()),
                    intro: None,
                };
                (
                    "facet.html",
                    self.meta("overdue", self.t("overdue_title"), path),
                    body,
                )
            }
            Job::Table => {
                let body = PageBody::Table {
                    inspections: self.table_index(),
                    outside: facts
                        .order
                        .iter()
                        .filter(|&&i| self.input.records[i].inspection.is_none())
                        .count(),
                    records_url: self.urls.href(&routes::records()),
                };
                (
                    "table.html",
                    self.meta("table", self.t("table_title"), path),
                    body,
                )
            }
            Job::Official(t) => {
                let table = &facts.tables[t];
                let theme = self.input.theme;
                let config = self.input.config;
                let download = |format: &str| {
                    self.urls.href(&routes::official_download(
                        config.inspection_slug(&table.inspection),
                        table.batch,
                        format,
                    ))
                };
                let body = PageBody::Official {
                    table: official::TableLink::new(theme, config, &self.urls, table),
                    columns: official::columns(config, table, self.input.records)
                        .into_iter()
                        .map(|c| ColumnView {
                            key: c.key(),
                            label: official::header(theme, table, c),
                        })
                        .collect(),
                    records: table.members.iter().map(|&i| self.table_row(i)).collect(),
                    enforcement_sentence: Some(official::enforcement_sentence(theme, &table.enforcement))
                        .filter(|s| !s.is_empty()),
                    xlsx_url: download("xlsx"),
                    csv_url: download("csv"),
                    index_url: self.urls.href(&routes::table()),
                };
                let title = official::title(theme, config, table);
                ("official.html", self.meta("official", title, path), body)
            }
            Job::Closures => {
                let (current, past): (Vec<ClosureEntry>, Vec<ClosureEntry>) = facts
                    .notices
                    .iter()
                    .filter_map(|&(ri, step)| {
                        Some(ClosureEntry {
                            notice: NoticeView::of(&self.input.records[ri].closure[step], facts.as_of)?,
                            record: self.row(ri),
                        })
                    })
                    .partition(|e| e.notice.current);
                let body = PageBody::Closures {
                    current,
                    past,
                    feed_url: self.urls.href(&routes::closures_feed()),
                };
                (
                    "closures.html",
                    self.meta("closures", self.t("closures_title"), path),
                    body,
                )
            }
            Job::Updates { page } => {
                let entries: Vec<UpdateRow> = facts
                    .updates
                    .iter()
                    .skip((page - 1) * per)
                    .take(per)
                    .map(|&(ri, ui)| {
                        let u = &self.input.records[ri].updates[ui];
                        UpdateRow {
                            date: u.date,
                            status: u.status.map(|s| s.key()),
                            status_label: u
                                .status
                                .map(|s| self.input.theme.status_word(self.input.records[ri].kind, s)),
                            text_html: &self.html[ri].updates[ui],
                            record: self.row(ri),
                        }
                    })
                    .collect();
                let body = PageBody::Updates {
                    entries,
                    paginator: Paginator::new(&self.urls, &routes::updates(), page, per, facts.updates.len()),
                };
                (
                    "updates.html",
                    self.meta("updates", self.t("updates_title"), path),
                    body,
                )
            }
            Job::Page(p) => {
                let page = &self.input.pages[p];
                let mut meta = self.meta(
                    if page.is_section { "section" } else { "page" },
                    page.front.title.clone(),
                    path,
                );
                meta.description = page.front.description.clone().unwrap_or_default();
                if let Some(d) = page.front.updated.or(page.front.date) {
                    meta.date = d.to_string();
                }
                let body = PageBody::Page {
                    content: markdown::render(&page.body, self.urls.base()),
                    front: &page.front,
                    children: page.is_section.then(|| self.section_children(&page.path)),
                };
                let default = if page.is_section {
                    "section.html"
                } else {
                    "page.html"
                };
                let template = page
                    .front
                    .template
                    .as_deref()
                    .and_then(|t| self.template_name(t))
                    .unwrap_or(default);
                (template, meta, body)
            }
            Job::Changes => (
                "changes.html",
                self.meta("changes", self.t("changes_title"), path),
                PageBody::Changes {
                    changes: self.input.changes,
                },
            ),
            Job::Search => (
                "search.html",
                self.meta("search", self.t("search_title"), path),
                PageBody::Search {
                    search_labels: search_labels(&self.input.theme.i18n, self.input.theme.status_words()),
                },
            ),
            Job::NotFound => (
                "404.html",
                self.meta("404", self.t("not_found_title"), path),
                PageBody::NotFound {},
            ),
        }
    }

    fn template_name(&self, name: &str) -> Option<&str> {
        self.input
            .theme
            .templates
            .get_key_value(name)
            .map(|(k, _)| k.as_str())
    }

    fn facet_label(&self, facet: FacetKind, g: &Group) -> String {
        let vocab = match facet {
            FacetKind::Status => Some("status"),
            FacetKind::Types => Some("pollution_type"),
            _ => None,
        };
        vocab
            .and_then(|v| {
                self.input
                    .theme
                    .i18n
                    .get(v)?
                    .get(&g.slug)?
                    .as_str()
                    .map(str::to_string)
            })
            .unwrap_or_else(|| g.name.clone())
    }

    fn section_intro(&self, path: &str) -> String {
        self.input
            .pages
            .iter()
            .find(|p| p.is_section && p.path == path)
            .map(|p| markdown::render(&p.body, self.urls.base()))
            .unwrap_or_default()
    }

    fn section_children(&self, section: &str) -> Vec<ChildPage> {
        let mut children: Vec<&Page> = self
            .input
            .pages
            .iter()
            .filter(|p| !p.is_section && p.section == section)
            .collect();
        children.sort_by(|a, b| {
            b.front
                .date
                .cmp(&a.front.date)
                .then(a.front.weight.cmp(&b.front.weight))
                .then(a.front.title.cmp(&b.front.title))
        });
        children
            .into_iter()
            .map(|p| ChildPage {
                title: p.front.title.clone(),
                url: self.urls.href(&SitePath::new(p.path.as_str())),
                date: p.front.date.map(|d| d.to_string()),
                description: p.front.description.clone(),
            })
            .collect()
    }

    fn table_row(&self, i: usize) -> TableRow<'_> {
        let r = self.input.records[i];
        let html = &self.html[i];
        let progress = r.updates.last().zip(html.updates.last());
        TableRow {
            id: r.id.as_str(),
            url: self.urls.href(&routes::record(r.id.as_str())),
            seq: r.seq,
            title: &r.title,
            region: r.region.as_deref(),
            pollution_types: r.pollution_types.iter().map(|t| t.key()).collect(),
            verification: r.verification.map(|v| v.key()),
            lead_unit: r.lead_unit.as_deref(),
            co_units: &r.co_units,
            responsible_post: r.responsible_post.as_deref(),
            received_on: r.received_on,
            deadline_text: r.deadline.map(|d| d.to_string()),
            status: r.status.key(),
            status_label: self.input.theme.current_status_word(
                r.kind,
                r.status,
                self.input.facts.derived[i].in_notice,
            ),
            progress_date: progress.map(|(u, _)| u.date),
            enforcement: r
                .enforcement
                .as_ref()
                .map(|e| {
                    official::enforcement_sentence(self.input.theme, &crate::statistics::Enforcement::of(e))
                })
                .filter(|s| !s.is_empty()),
            html: TableHtml {
                summary: html.summary.as_deref(),
                findings: html.findings.as_deref(),
                measures: &html.measures,
                target: html.target.as_deref(),
                accountability: html.accountability.as_deref(),
                progress: progress.map(|(_, text)| text.as_str()),
            },
            derived: self.input.facts.derived[i],
        }
    }

    /// The official tables `keep` selects, as links with their counts.
    fn table_links(
        &self,
        keep: impl Fn(&crate::statistics::OfficialTable) -> bool,
    ) -> Vec<official::TableLink<'_>> {
        self.input
            .facts
            .tables
            .iter()
            .filter(|t| keep(t))
            .map(|t| official::TableLink::new(self.input.theme, self.input.config, &self.urls, t))
            .collect()
    }

    /// The `/table/` index: per inspection, its 整改清单 and its batches.
    fn table_index(&self) -> Vec<InspectionTables<'_>> {
        let mut out: Vec<InspectionTables> = Vec::new();
        for t in &self.input.facts.tables {
            let link = official::TableLink::new(self.input.theme, self.input.config, &self.urls, t);
            if out.last().is_none_or(|last| last.id != t.inspection) {
                out.push(InspectionTables {
                    id: &t.inspection,
                    name: self
                        .input
                        .config
                        .inspection(&t.inspection)
                        .map_or(t.inspection.as_str(), |i| i.name.as_str()),
                    url: self
                        .urls
                        .href(&routes::facet(FacetKind::Inspections.folder(), &t.inspection)),
                    tables: Vec::new(),
                });
            }
            if let Some(last) = out.last_mut() {
                last.tables.push(link);
            }
        }
        out
    }

    fn record_view(&self, i: usize) -> RecordView<'_> {
        let r = self.input.records[i];
        let facts = self.input.facts;
        let urls = &self.urls;
        let units = r
            .lead_unit
            .iter()
            .chain(r.co_units.iter())
            .map(|n| Link {
                title: n.clone(),
                url: facts
                    .unit_slugs
                    .get(n)
                    .map(|s| urls.href(&routes::facet(FacetKind::Units.folder(), s)))
                    .unwrap_or_default(),
            })
            .collect();
        let related_links = r
            .related
            .iter()
            .filter_map(|id| self.index_by_id.get(id.as_str()))
            .map(|&j| {
                let o = self.input.records[j];
                RelatedLink {
                    id: o.id.as_str(),
                    title: &o.title,
                    url: urls.href(&routes::record(o.id.as_str())),
                    status: o.status.key(),
                    status_label: self.input.theme.current_status_word(
                        o.kind,
                        o.status,
                        facts.derived[j].in_notice,
                    ),
                }
            })
            .collect();
        let html = &self.html[i];
        RecordView {
            record: r,
            url: urls.href(&routes::record(r.id.as_str())),
            html,
            derived: facts.derived[i],
            deadline_text: r.deadline.map(|d| d.to_string()),
            status_label: self
                .input
                .theme
                .current_status_word(r.kind, r.status, facts.derived[i].in_notice),
            notice: notice_view(r, facts.as_of),
            has_notices: r.closure.iter().any(|c| c.notice.is_some()),
            inspection_name: r
                .inspection
                .as_deref()
                .and_then(|id| self.input.config.inspection(id))
                .map(|x| x.name.as_str()),
            inspection_url: r.inspection.as_ref().map(|id| {
                let slug = self.input.config.inspection_slug(id);
                urls.href(&routes::facet(FacetKind::Inspections.folder(), slug))
            }),
            region_url: r
                .region
                .as_ref()
                .and_then(|n| facts.region_slugs.get(n))
                .map(|s| urls.href(&routes::facet(FacetKind::Regions.folder(), s))),
            units,
            related_links,
            evidence_files: &self.input.evidence[i],
            timeline: r
                .updates
                .iter()
                .zip(&html.updates)
                .map(|(update, text)| TimelineEntry {
                    update,
                    text_html: text,
                    status_label: update.status.map(|s| self.input.theme.status_word(r.kind, s)),
                })
                .collect(),
        }
    }
}

/// Why rendering stopped.
#[derive(Debug)]
pub enum RenderFailure<E> {
    /// A template failed.
    Template(Diagnostic),
    /// The sink (writer) failed.
    Sink(E),
}

/// A column of an official table: its key and its header.
#[derive(Debug, Clone, Serialize)]
pub struct ColumnView {
    /// The column key (`seq`, `summary`…).
    pub key: &'static str,
    /// The header, in the table kind's words.
    pub label: String,
}

/// One inspection on the `/table/` index, with its official tables.
#[derive(Debug, Clone, Serialize)]
pub struct InspectionTables<'a> {
    /// The inspection id.
    pub id: &'a str,
    /// Its name.
    pub name: &'a str,
    /// Its facet page.
    pub url: String,
    /// Its 整改清单 (when it has records outside batches), then its batches.
    pub tables: Vec<official::TableLink<'a>>,
}

/// A child page in a section list.
#[derive(Debug, Clone, Serialize)]
pub struct ChildPage {
    /// Title.
    pub title: String,
    /// URL.
    pub url: String,
    /// Date.
    pub date: Option<String>,
    /// Description.
    pub description: Option<String>,
}

/// `site` in templates.
#[derive(Debug, Clone, Serialize)]
struct SiteView<'a> {
    title: &'a str,
    publisher: &'a str,
    base_url: &'a str,
    base_path: &'a str,
    domain: &'a str,
    language: &'a str,
    description: Option<&'a str>,
    portal: &'a crate::config::Portal,
    inspections: &'a [crate::config::Inspection],
    /// The office's signing key (`site.yaml` `signing`), when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    signing: Option<SigningView<'a>>,
}

/// `site.signing` in templates.
#[derive(Debug, Clone, Serialize)]
struct SigningView<'a> {
    public_key: &'a str,
    /// What `disclose verify --key` prints, for citizens to compare.
    fingerprint: String,
}

impl<'a> SiteView<'a> {
    fn new(config: &'a SiteConfig, base: &'a str) -> Self {
        let domain = config
            .base_url
            .split_once("://")
            .map_or("", |(_, rest)| rest.split('/').next().unwrap_or(""));
        Self {
            title: &config.title,
            publisher: &config.publisher,
            base_url: &config.base_url,
            base_path: base,
            domain,
            language: &config.language,
            description: config.description.as_deref(),
            portal: &config.portal,
            inspections: &config.inspections,
            signing: config.signing.as_ref().and_then(|s| {
                let key = crate::keys::public_key(&s.public_key).ok()?;
                Some(SigningView {
                    public_key: s.public_key.trim(),
                    fingerprint: crate::keys::fingerprint(&key),
                })
            }),
        }
    }
}

fn nav(pages: &[Page], urls: &Urls) -> Vec<Link> {
    let mut top: Vec<&Page> = pages
        .iter()
        .filter(|p| {
            !p.path.is_empty()
                && p.path != "records/"
                && p.path.matches('/').count() == 1
                && (p.is_section || p.section.is_empty())
        })
        .collect();
    top.sort_by(|a, b| a.front.weight.cmp(&b.front.weight).then(a.path.cmp(&b.path)));
    top.into_iter()
        .map(|p| Link {
            title: p.front.title.clone(),
            url: urls.href(&SitePath::new(p.path.as_str())),
        })
        .collect()
}

/// One record's row in record tables.
fn make_row<'a>(input: &RenderInput<'a>, urls: &Urls, i: usize) -> Row<'a> {
    let r = input.records[i];
    let facts = input.facts;
    // Labels are looked up once per record here, not once per list a row appears in.
    let label = |vocab: &str, key: &str| input.theme.label(vocab, key);
    Row {
        id: r.id.as_str(),
        url: urls.href(&routes::record(r.id.as_str())),
        title: &r.title,
        kind: r.kind.key(),
        kind_label: label("kind", r.kind.key()),
        status: r.status.key(),
        status_label: input
            .theme
            .current_status_word(r.kind, r.status, facts.derived[i].in_notice),
        status_icon: label("status_icon", r.status.key()),
        inspection: r.inspection.as_deref(),
        region: r.region.as_deref(),
        region_url: r
            .region
            .as_ref()
            .and_then(|n| facts.region_slugs.get(n))
            .map(|s| urls.href(&routes::facet(FacetKind::Regions.folder(), s))),
        pollution_types: r.pollution_types.iter().map(|t| t.key()).collect(),
        lead_unit: r.lead_unit.as_deref(),
        received_on: r.received_on,
        deadline: r.deadline.map(|d| d.to_string()),
        key_case: r.key_case,
        derived: facts.derived[i],
    }
}

/// The closure notice of `r` that runs on `as_of` (the last, when several do).
fn notice_view(r: &Record, as_of: crate::model::Date) -> Option<NoticeView<'_>> {
    let step = crate::derive::notice_on(r, as_of)?;
    NoticeView::of(&r.closure[step], as_of)
}

/// Labels for the search script, as one JSON attribute value; `status` holds every
/// kind's status words (kind → status key → word), as results show a record's status in
/// its kind's words.
fn search_labels(i18n: &serde_json::Value, status_words: serde_json::Value) -> String {
    serde_json::json!({
        "found": i18n.get("search_found").cloned().unwrap_or_default(),
        "error": i18n.get("search_error").cloned().unwrap_or_default(),
        "offline": i18n.get("search_offline").cloned().unwrap_or_default(),
        "status": status_words,
        "in_notice": i18n.get("in_notice").cloned().unwrap_or_default(),
    })
    .to_string()
}

/// Labels for the records-table filter script, as one JSON attribute value.
fn filter_labels(i18n: &serde_json::Value) -> String {
    let field = |k: &str| {
        i18n.get("field")
            .and_then(|f| f.get(k))
            .cloned()
            .unwrap_or_default()
    };
    let labels = serde_json::json!({
        "all": i18n.get("filter_all").cloned().unwrap_or_default(),
        "text": i18n.get("filter_text").cloned().unwrap_or_default(),
        "status": field("status"),
        // The filter's status options: the vocabulary's labels, as a status cell reads in
        // its record's kind's words.
        "statuses": i18n.get("status").cloned().unwrap_or_default(),
        "region": field("region"),
        "kind": field("kind"),
        "inspection": field("inspection"),
        "type": field("pollution_types"),
    });
    labels.to_string()
}

/// A record's Markdown fields as HTML for a site under `base` (`/dczg/`).
fn record_html(r: &Record, base: &str) -> RecordHtml {
    let md = |s: &Option<String>| s.as_deref().map(|t| markdown::render(t, base));
    RecordHtml {
        summary: md(&r.summary),
        findings: md(&r.findings),
        target: md(&r.target),
        measures: r
            .measures
            .iter()
            .map(|m| markdown::render_inline(m, base))
            .collect(),
        accountability: md(&r.accountability),
        body: md(&r.body),
        updates: r
            .updates
            .iter()
            .map(|u| markdown::render(&u.text, base))
            .collect(),
    }
}
