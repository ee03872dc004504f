//! Every public path and URL of the site, in one place.
//!
//! A [`SitePath`] is a path under the site root as it is stored on disk, without a leading
//! slash: folders end in `/` (`records/A-1/`, written as `records/A-1/index.html`), files
//! do not (`records/A-1/feed.xml`). Nothing else formats a site path: render, exports,
//! search, changes and the writer all ask this module, so a new page or a new base path
//! changes one place. Hrefs are made by [`Urls`], which percent-encodes every segment
//! (an evidence file `photo #2?.pdf` is linked as `photo%20%232%3F.pdf`) and knows the base
//! path, the origin and whether links are relative (`--relative-urls`).

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

/// The characters of a path segment that must be escaped in a URL: those the URL syntax
/// gives a meaning (`#`, `?`, `%`, `/` inside a name, spaces) and those HTML or XML
/// attributes and feed readers mangle. Non-ASCII characters are always encoded as their
/// UTF-8 bytes (RFC 3986), which feeds and sitemaps require and browsers decode.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'\'')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// The file a folder path is written as.
pub const INDEX: &str = "index.html";

/// A path under the site root: `""` (home), `records/A-1/`, `data/records.csv`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SitePath(String);

impl SitePath {
    /// A site path from its text (no leading slash; folders end in `/`).
    pub fn new(path: impl Into<String>) -> Self {
        let path = path.into();
        debug_assert!(!path.starts_with('/'), "site paths have no leading slash: {path}");
        Self(path)
    }

    /// The path as text (unencoded).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// True for folder paths (written as `<path>index.html`).
    pub fn is_folder(&self) -> bool {
        self.0.is_empty() || self.0.ends_with('/')
    }

    /// The file this path is written to, relative to the output folder.
    pub fn file(&self) -> String {
        if self.is_folder() {
            format!("{}{INDEX}", self.0)
        } else {
            self.0.clone()
        }
    }

    /// The path with every segment percent-encoded, for hrefs.
    pub fn encoded(&self) -> String {
        self.0
            .split('/')
            .map(|segment| utf8_percent_encode(segment, SEGMENT).to_string())
            .collect::<Vec<_>>()
            .join("/")
    }

    /// Page `n` of the list at this folder: the folder itself for page 1.
    pub fn page(&self, n: usize) -> SitePath {
        if n <= 1 {
            self.clone()
        } else {
            SitePath(format!("{}page/{n}/", self.0))
        }
    }

    /// A file or folder inside this folder.
    pub fn join(&self, name: &str) -> SitePath {
        SitePath(format!("{}{name}", self.0))
    }
}

impl std::fmt::Display for SitePath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A content page from its folder names and file stem, already made URL-safe
/// (`["notices", "2022-notice"]` → `notices/2022-notice/`).
pub fn content_page(parts: &[String]) -> SitePath {
    SitePath(parts.iter().map(|p| format!("{p}/")).collect())
}

/// The dashboard.
pub fn home() -> SitePath {
    SitePath::new("")
}

/// The 404 page (a file at the root, not a folder).
pub fn not_found() -> SitePath {
    SitePath::new("404.html")
}

/// The list of every record.
pub fn records() -> SitePath {
    SitePath::new("records/")
}

/// One record's page.
pub fn record(id: &str) -> SitePath {
    SitePath(format!("records/{id}/"))
}

/// One record's Atom feed.
pub fn record_feed(id: &str) -> SitePath {
    record(id).join(FEED)
}

/// An evidence file published beside its record's page (`name` may hold `/`: a file in
/// a sub-folder of the record's folder).
pub fn evidence(id: &str, name: &str) -> SitePath {
    SitePath(format!("records/{id}/{}", name.replace('\\', "/")))
}

/// The index of one facet (`regions/`).
pub fn facet_index(folder: &str) -> SitePath {
    SitePath(format!("{folder}/"))
}

/// One group of a facet (`regions/he-kou-zhen/`, `inspections/cei2-2021/`).
pub fn facet(folder: &str, slug: &str) -> SitePath {
    SitePath(format!("{folder}/{slug}/"))
}

/// The per-group CSV of one facet group (`regions/he-kou-zhen/records.csv`).
pub fn facet_csv(folder: &str, slug: &str) -> SitePath {
    SitePath(format!("{folder}/{slug}/records.csv"))
}

/// The list of overdue records.
pub fn overdue() -> SitePath {
    SitePath::new("overdue/")
}

/// The 一览表.
pub fn table() -> SitePath {
    SitePath::new("table/")
}

/// One official table of an inspection, inside the folder of its page (its slug, the id
/// unless `site.yaml` pins one): its 整改清单 (`batch: None`,
/// `inspections/<slug>/problems/`) or the 交办件一览表 of batch `n`
/// (`inspections/<slug>/batches/<n>/`).
pub fn official_table(inspection: &str, batch: Option<u32>) -> SitePath {
    match batch {
        Some(n) => SitePath(format!("inspections/{inspection}/batches/{n}/")),
        None => SitePath(format!("inspections/{inspection}/problems/")),
    }
}

/// The download of an official table in `format` (`xlsx` or `csv`), beside its page:
/// `inspections/<id>/batches/<n>/table.xlsx`.
pub fn official_download(inspection: &str, batch: Option<u32>, format: &str) -> SitePath {
    official_table(inspection, batch).join(&format!("table.{format}"))
}

/// `/closures/`: the closure notices (销号公示), running and past.
pub fn closures() -> SitePath {
    SitePath::new("closures/")
}

/// `/closures/feed.xml`: the Atom feed of closure notices.
pub fn closures_feed() -> SitePath {
    closures().join(FEED)
}

/// The list of progress updates.
pub fn updates() -> SitePath {
    SitePath::new("updates/")
}

/// The search page.
pub fn search() -> SitePath {
    SitePath::new("search/")
}

/// Shard `n` of the search index.
pub fn search_shard(n: usize) -> SitePath {
    SitePath(format!("search/shard-{n:02}.json"))
}

/// What a search result shows, per record.
pub fn search_docs() -> SitePath {
    SitePath::new("search/docs.json")
}

/// What changed since the previous publication.
pub fn changes() -> SitePath {
    SitePath::new("changes/")
}

/// The data page (downloads and the data dictionary).
pub fn data() -> SitePath {
    SitePath::new("data/")
}

/// A download in `data/` (`records.csv`, `records.json`, `records.xlsx`…).
pub fn download(name: &str) -> SitePath {
    SitePath(format!("data/{name}"))
}

/// The slug map of the publication (`data/slugs.json`): which name each facet slug
/// means, read back by the next build so that published addresses keep their meaning.
pub fn slug_map() -> SitePath {
    download("slugs.json")
}

/// The file name of an Atom feed inside the folder of the page it follows.
pub const FEED: &str = "feed.xml";

/// The site's Atom feed.
pub fn feed() -> SitePath {
    home().join(FEED)
}

/// The sitemap (an index over [`sitemap_part`]s past 50,000 URLs).
pub fn sitemap() -> SitePath {
    SitePath::new("sitemap.xml")
}

/// Part `n` (1-based) of a sitemap too large for one file.
pub fn sitemap_part(n: usize) -> SitePath {
    SitePath(format!("sitemap-{n}.xml"))
}

/// A theme or site static file (`assets/site.1a2b.css`, `robots.txt`).
pub fn asset(name: &str) -> SitePath {
    SitePath::new(name)
}

/// A site-root link written in content (`/records/`, `/about/#联系`) as it must appear
/// on a site served under `base` (`/dczg/`): `/dczg/records/`. `None` for anything that
/// is not a site-root link (relative links, fragments, `//host/…`, `https://…`), which
/// content keeps as written. Pages built with `--relative-urls` then make the result
/// relative like every other link (render::relative).
pub fn site_root_link(base: &str, url: &str) -> Option<String> {
    let rest = url.strip_prefix('/')?;
    if rest.starts_with('/') || rest.starts_with('\\') {
        return None;
    }
    let base = base.trim_end_matches('/');
    // A clerk who already wrote the portal column's path (`/dczg/records/`) means the
    // same page: adding the base again would link to `/dczg/dczg/records/`.
    if !base.is_empty() && (url == base || url.starts_with(&format!("{base}/"))) {
        return Some(url.to_string());
    }
    Some(format!("{base}/{rest}"))
}

/// The site path an `@/` link in content names, and the fragment or query after it:
/// `@/records/F-2021-01` a record's page, `@/records/F-2021-01/photo.pdf` its evidence,
/// `@/notices/first` (or `@/notices/first.md`, the file under `content/`) a page,
/// `@/notices/` a section. Folder and file names are made URL-safe as the pages' own
/// addresses are (`slug::path_part`). `None` for anything that is not an `@/` link.
pub fn content_link(url: &str) -> Option<(SitePath, &str)> {
    let rest = url.strip_prefix("@/")?;
    let (path, tail) = rest.split_at(rest.find(['#', '?']).unwrap_or(rest.len()));
    if let Some(inside) = path.strip_prefix("records/") {
        let inside = inside.trim_end_matches('/');
        match inside.split_once('/') {
            None if !inside.is_empty() => return Some((record(inside), tail)),
            Some((id, file)) if !id.is_empty() && !file.is_empty() => {
                return Some((evidence(id, file), tail));
            }
            _ => {}
        }
    }
    let mut parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    if let Some(last) = parts.last_mut() {
        *last = last.strip_suffix(".md").unwrap_or(last);
    }
    if matches!(parts.last(), Some(&"_index" | &"index")) {
        parts.pop();
    }
    let parts: Vec<String> = parts.into_iter().map(crate::slug::path_part).collect();
    Some((content_page(&parts), tail))
}

/// The href of an `@/` link ([`content_link`]) on a site served under `base`
/// (`/dczg/records/F-2021-01/`); `None` for anything else.
pub fn content_href(base: &str, url: &str) -> Option<String> {
    let (path, tail) = content_link(url)?;
    Some(format!("{base}{}{tail}", path.encoded()))
}

/// How hrefs are written: the base path (`/dczg/`), the origin for absolute URLs (feeds,
/// sitemap, canonical links), and whether pages link relatively (`--relative-urls`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Urls {
    base: String,
    root: String,
    relative: bool,
}

impl Urls {
    /// From `site.yaml`'s `base_url` (or `--base-url`) and `--relative-urls`.
    pub fn new(base_url: &str, relative: bool) -> Self {
        let base = crate::config::base_path_of(base_url);
        let trimmed = base_url.trim_end_matches('/');
        let origin = trimmed
            .strip_suffix(base.trim_end_matches('/'))
            .unwrap_or(trimmed);
        Self {
            root: format!("{origin}{base}"),
            base,
            relative,
        }
    }

    /// The base path, `/` or `/dczg/`.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// True when pages link relatively (`--relative-urls`).
    pub fn relative(&self) -> bool {
        self.relative
    }

    /// The root-relative href of `path` (`/dczg/records/A-1/`). Pages are made relative
    /// after rendering, as a whole (render::relative), so they use this form too.
    pub fn href(&self, path: &SitePath) -> String {
        format!("{}{}", self.base, path.encoded())
    }

    /// The href of `to` as written in the page at `from`: [`Urls::href`], or under
    /// `--relative-urls` a path relative to `from` naming the file (`../new/index.html`),
    /// for the few attributes the page-wide rewrite (render::relative) does not see,
    /// such as a `<meta http-equiv="refresh">` target.
    pub fn href_from(&self, from: &SitePath, to: &SitePath) -> String {
        if !self.relative {
            return self.href(to);
        }
        let depth = from.file().matches('/').count();
        format!("{}{}", "../".repeat(depth), SitePath(to.file()).encoded())
    }

    /// The absolute URL of `path` (`https://host/dczg/records/A-1/`), for feeds, the
    /// sitemap and canonical links.
    pub fn absolute(&self, path: &SitePath) -> String {
        format!("{}{}", self.root, path.encoded())
    }

    /// A record's link as the search index stores it: resolved against the search form's
    /// `data-root`, so under `--relative-urls` it names the file (`records/A-1/index.html`)
    /// and otherwise the root-relative folder.
    pub fn search_link(&self, id: &str) -> String {
        let path = record(id);
        if self.relative {
            SitePath(path.file()).encoded()
        } else {
            self.href(&path)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_are_written_as_index_html() {
        assert_eq!(record("A-1").file(), "records/A-1/index.html");
        assert_eq!(home().file(), "index.html");
        assert_eq!(record_feed("A-1").file(), "records/A-1/feed.xml");
        assert_eq!(records().page(1), records());
        assert_eq!(records().page(3).as_str(), "records/page/3/");
        assert_eq!(
            official_table("cei2-2021", Some(3)).file(),
            "inspections/cei2-2021/batches/3/index.html"
        );
        assert_eq!(
            official_download("cei2-2021", None, "xlsx").as_str(),
            "inspections/cei2-2021/problems/table.xlsx"
        );
    }

    #[test]
    fn every_segment_is_percent_encoded() {
        let p = evidence("D2HN202104170112", "现场 照片#2?100%.pdf");
        assert_eq!(p.file(), "records/D2HN202104170112/现场 照片#2?100%.pdf");
        assert_eq!(
            p.encoded(),
            "records/D2HN202104170112/%E7%8E%B0%E5%9C%BA%20%E7%85%A7%E7%89%87%232%3F100%25.pdf"
        );
        assert_eq!(evidence("A", r"sub\a b.png").encoded(), "records/A/sub/a%20b.png");
    }

    #[test]
    fn urls_know_base_origin_and_relative_links() {
        let urls = Urls::new("https://www.example.gov.cn/dczg/", false);
        assert_eq!(urls.base(), "/dczg/");
        assert_eq!(urls.href(&record("A-1")), "/dczg/records/A-1/");
        assert_eq!(urls.absolute(&feed()), "https://www.example.gov.cn/dczg/feed.xml");
        assert_eq!(urls.search_link("A-1"), "/dczg/records/A-1/");
        let (from, to) = (facet("units", "old"), facet("units", "new"));
        assert_eq!(urls.href_from(&from, &to), "/dczg/units/new/");
        let relative = Urls::new("https://www.example.gov.cn/", true);
        assert_eq!(relative.href_from(&from, &to), "../../units/new/index.html");
        assert_eq!(relative.search_link("A-1"), "records/A-1/index.html");
        assert_eq!(relative.absolute(&home()), "https://www.example.gov.cn/");
    }

    #[test]
    fn at_links_name_records_evidence_and_pages() {
        let href = |url| content_href("/dczg/", url);
        assert_eq!(
            href("@/records/F-2021-01").as_deref(),
            Some("/dczg/records/F-2021-01/")
        );
        assert_eq!(
            href("@/records/F-2021-01/#timeline").as_deref(),
            Some("/dczg/records/F-2021-01/#timeline")
        );
        assert_eq!(
            href("@/records/A/现场 照片.pdf").as_deref(),
            Some("/dczg/records/A/%E7%8E%B0%E5%9C%BA%20%E7%85%A7%E7%89%87.pdf")
        );
        assert_eq!(
            href("@/notices/first.md").as_deref(),
            Some("/dczg/notices/first/")
        );
        assert_eq!(href("@/notices/first").as_deref(), Some("/dczg/notices/first/"));
        assert_eq!(href("@/notices/_index.md").as_deref(), Some("/dczg/notices/"));
        assert_eq!(
            href("@/通知/第一号.md").as_deref(),
            Some("/dczg/tong-zhi/di-yi-hao/")
        );
        assert_eq!(href("@/records/").as_deref(), Some("/dczg/records/"));
        assert_eq!(href("@/").as_deref(), Some("/dczg/"));
        assert_eq!(href("/records/"), None);
        assert_eq!(href("records/"), None);
    }

    #[test]
    fn site_root_links_get_the_base_path() {
        assert_eq!(
            site_root_link("/dczg/", "/records/").as_deref(),
            Some("/dczg/records/")
        );
        assert_eq!(site_root_link("/", "/records/").as_deref(), Some("/records/"));
        assert_eq!(site_root_link("/dczg/", "/").as_deref(), Some("/dczg/"));
        assert_eq!(site_root_link("/dczg/", "//cdn.example/x"), None);
        assert_eq!(site_root_link("/dczg/", "records/"), None);
        assert_eq!(site_root_link("/dczg/", "https://x.example/"), None);
        assert_eq!(site_root_link("/dczg/", "#top"), None);
        assert_eq!(
            site_root_link("/dczg/", "/dczg/records/").as_deref(),
            Some("/dczg/records/"),
            "a link already under the base path is not prefixed twice"
        );
    }
}
