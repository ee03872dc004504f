//! Internal links in content: every link or image in the Markdown of a page or a record
//! that stays on the site — a site-root link (`/records/`), an `@/` link
//! (`@/records/F-2021-01`) or a relative one (`../about/`) — must name a page or file
//! the build writes. Each one that does not is an error at its file and line, so a
//! notice never sends citizens to a 404. Links to other sites are not fetched here
//! (`--check-links` does that).

use std::collections::HashSet;

use percent_encoding::percent_decode_str;

use crate::diagnostic::{Code, Diagnostic};
use crate::render::markdown::link_targets;
use crate::routes;
use crate::source::{Seg, Sources};

/// The output file a link on the page at `page` (a site path, `notices/first/`) leads
/// to, for a site under `base` (`/dczg/`); `None` for a link that leaves the site (a
/// scheme, `//host`, a relative path above the site root) or stays on the page (`#…`).
pub fn target(base: &str, page: &str, url: &str) -> Option<String> {
    let url = url.trim();
    let path = if let Some((path, _)) = routes::content_link(url) {
        path.as_str().to_string()
    } else if let Some(rooted) = routes::site_root_link(base, url) {
        rooted.strip_prefix(base).map(str::to_string).or_else(|| {
            // `/dczg` without its slash is the home page too.
            (rooted == base.trim_end_matches('/')).then(String::new)
        })?
    } else {
        if url.is_empty() || url.starts_with(['#', '?', '/', '\\']) || has_scheme(url) {
            return None;
        }
        let folder = &page[..page.rfind('/').map_or(0, |i| i + 1)];
        format!("{folder}{url}")
    };
    let path = &path[..path.find(['#', '?']).unwrap_or(path.len())];
    let decoded = percent_decode_str(path).decode_utf8_lossy();
    let mut parts: Vec<&str> = Vec::new();
    for part in decoded.split('/') {
        match part {
            "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    let joined = parts.join("/");
    Some(routes::SitePath::new(joined.trim_start_matches('/')).file())
}

fn has_scheme(url: &str) -> bool {
    url.split_once(':')
        .is_some_and(|(scheme, _)| !scheme.is_empty() && !scheme.contains(['/', '?', '#']))
}

/// True when `file` (from [`target`]) is written by the build, as a file or as a folder
/// (`/records` without its slash is the folder `records/`, which web servers redirect to).
fn exists(outputs: &HashSet<&str>, file: &str) -> bool {
    outputs.contains(file)
        || (!file.ends_with(routes::INDEX) && outputs.contains(format!("{file}/{}", routes::INDEX).as_str()))
}

/// Where a link is written: file, line, column and field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkPlace {
    /// The page's or record's file, relative to the site folder.
    pub file: std::path::PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// The field (`body`, `updates[1].text`).
    pub field: String,
}

/// Calls `visit` with every link written in the Markdown of the site's pages and
/// records: its place, the site path of the page that shows it (relative links resolve
/// against it) and the link as written.
pub fn visit(sources: &Sources, visit: &mut dyn FnMut(LinkPlace, &str, &str)) {
    for page in &sources.pages {
        for (offset, url) in links_in(&page.body) {
            let (l, c) = line_column(&page.body, offset);
            let place = LinkPlace {
                file: page.file.clone(),
                line: page.body_line + l - 1,
                column: c,
                field: "body".into(),
            };
            visit(place, &page.path, &url);
        }
    }
    for r in &sources.records {
        let record = &r.record;
        let page = routes::record(record.id.as_str());
        let mut links = |text: &str, here: &[Seg]| {
            for (offset, url) in links_in(text) {
                let place = if here == [Seg::Key("body")] {
                    // The body follows the front matter of a `.md` record.
                    let body_line = r.origin.yaml_line + r.origin.yaml.matches('\n').count() + 1;
                    let (l, c) = line_column(text, offset);
                    LinkPlace {
                        file: r.origin.file.clone(),
                        line: body_line + l - 1,
                        column: c,
                        field: "body".into(),
                    }
                } else {
                    let (line, column) = r.origin.position(here);
                    LinkPlace {
                        file: r.origin.file.clone(),
                        line,
                        column,
                        field: r.origin.field_path(here),
                    }
                };
                visit(place, page.as_str(), &url);
            }
        };
        for (key, text) in [
            ("summary", &record.summary),
            ("findings", &record.findings),
            ("target", &record.target),
            ("accountability", &record.accountability),
            ("body", &record.body),
        ] {
            if let Some(text) = text {
                links(text, &[Seg::Key(key)]);
            }
        }
        for (i, m) in record.measures.iter().enumerate() {
            links(m, &[Seg::Key("measures"), Seg::Index(i)]);
        }
        for (i, u) in record.updates.iter().enumerate() {
            links(&u.text, &[Seg::Key("updates"), Seg::Index(i), Seg::Key("text")]);
        }
    }
}

/// Every broken internal link in the site's pages and records, against `outputs` (the
/// files the build writes, from the plan of outputs).
pub fn check(sources: &Sources, outputs: &HashSet<&str>) -> Vec<Diagnostic> {
    let base = sources.config.base_path();
    let mut out = Vec::new();
    visit(sources, &mut |place, page, url| {
        let Some(file) = target(&base, page, url) else {
            return;
        };
        if exists(outputs, &file) {
            return;
        }
        out.push(
            Diagnostic::error(
                &place.file,
                place.line,
                place.column,
                format!("link `{url}` leads to no page or file of the site"),
            )
            .field(place.field)
            .code(Code::BrokenLink)
            .arg("url", url)
            .with_help("correct the address, e.g. /records/A-1/ or @/records/A-1 for a record, @/notices/first.md for a page"),
        );
    });
    out
}

/// The links of a Markdown text; most texts have none, and skip the parse.
fn links_in(text: &str) -> Vec<(usize, String)> {
    if text.contains("](") || text.contains("]:") || text.contains("][") {
        link_targets(text)
    } else {
        Vec::new()
    }
}

/// 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_resolve_to_output_files() {
        let t = |page, url| target("/dczg/", page, url);
        assert_eq!(
            t("notices/first/", "/records/").as_deref(),
            Some("records/index.html")
        );
        assert_eq!(
            t("notices/first/", "/dczg/records/A-1/#x").as_deref(),
            Some("records/A-1/index.html")
        );
        assert_eq!(t("notices/first/", "/").as_deref(), Some("index.html"));
        assert_eq!(
            t("notices/first/", "@/records/A-1").as_deref(),
            Some("records/A-1/index.html")
        );
        assert_eq!(
            t("notices/first/", "@/about.md").as_deref(),
            Some("about/index.html")
        );
        assert_eq!(
            t("notices/first/", "../second/").as_deref(),
            Some("notices/second/index.html")
        );
        assert_eq!(
            t("records/A-1/", "A-1-photo.txt").as_deref(),
            Some("records/A-1/A-1-photo.txt")
        );
        assert_eq!(
            t("records/A-1/", "%E7%85%A7.pdf").as_deref(),
            Some("records/A-1/照.pdf")
        );
        assert_eq!(
            t("records/A-1/", "/data/records.csv?x=1").as_deref(),
            Some("data/records.csv")
        );
        assert_eq!(
            t("about/", "../../../portal/"),
            None,
            "above the site root is another site"
        );
        assert_eq!(t("about/", "https://www.mee.gov.cn/"), None);
        assert_eq!(t("about/", "mailto:a@b.cn"), None);
        assert_eq!(t("about/", "//cdn.example/x"), None);
        assert_eq!(t("about/", "#top"), None);
        let outputs: HashSet<&str> = ["records/index.html", "data/records.csv"].into();
        assert!(exists(&outputs, "records"));
        assert!(exists(&outputs, "data/records.csv"));
        assert!(!exists(&outputs, "records/B-9/index.html"));
    }
}
