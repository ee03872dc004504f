//! Relative URLs (`build --relative-urls`): a site that opens from a plain folder
//! (`file://`, a USB stick, an attachment to a report) as well as from any web path.
//!
//! Templates write links as `{{ base_path }}records/A-1/`. In a rendered page every such
//! attribute value is rewritten to a path relative to the page itself, and a link to a
//! folder gets an explicit `index.html`, because a browser reading files does not look for
//! one. Rewriting the rendered HTML, rather than asking every template to compute relative
//! links, keeps site-owned templates working unchanged.

/// Attributes whose folder URLs a browser navigates to, so they need `index.html`.
const NAVIGATED: &[&str] = &["href", "action"];

/// Rewrites every `attr="{base}..."` in `html`, a page written at `out_path` (relative to the
/// output root, e.g. `records/A-1/index.html`), to a URL relative to that page.
///
/// Only double-quoted attribute values are touched: Tera and pulldown-cmark write
/// attributes that way and escape `"` in text, so `="` followed by the base path cannot
/// occur in a page's visible text. Protocol-relative `//host` values are left alone.
pub fn relativize(html: &str, base: &str, out_path: &str) -> String {
    let depth = out_path.matches('/').count();
    let up = "../".repeat(depth);
    let needle = format!("=\"{base}");
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    let mut rest = html;
    while let Some(at) = rest.find(&needle) {
        let value_start = at + needle.len();
        let (before, after) = rest.split_at(value_start);
        let Some(end) = after.find('"') else { break };
        let (value, tail) = after.split_at(end);
        if value.starts_with('/') {
            // `//host/...` is another site.
            out.push_str(before);
            out.push_str(value);
            rest = tail;
            continue;
        }
        out.push_str(&before[..at + 2]);
        let attribute = attribute_name(&before[..at]);
        out.push_str(&up);
        let split = value.find(['?', '#']).unwrap_or(value.len());
        let (path, suffix) = value.split_at(split);
        out.push_str(path);
        if NAVIGATED.contains(&attribute) && (path.is_empty() || path.ends_with('/')) {
            out.push_str("index.html");
        }
        if depth == 0 && path.is_empty() && !NAVIGATED.contains(&attribute) {
            // `data-root=""` would mean "this page"; `./` means the folder.
            out.push_str("./");
        }
        out.push_str(suffix);
        rest = tail;
    }
    out.push_str(rest);
    out
}

/// The attribute name that ends just before `=` at the end of `before`.
fn attribute_name(before: &str) -> &str {
    let start = before
        .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == ':'))
        .map_or(0, |i| i + 1);
    &before[start..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_become_relative_to_the_page_with_index_html_for_folders() {
        let page = r#"<a href="/dczg/">首页</a><a href="/dczg/records/A-1/#timeline">A-1</a><link href="/dczg/assets/d.1.css" rel="stylesheet"><script src="/dczg/assets/d.2.js"></script><form action="/dczg/search/"><div data-index="/dczg/search/"></div>"#;
        let out = relativize(page, "/dczg/", "records/B-2/index.html");
        assert_eq!(
            out,
            r#"<a href="../../index.html">首页</a><a href="../../records/A-1/index.html#timeline">A-1</a><link href="../../assets/d.1.css" rel="stylesheet"><script src="../../assets/d.2.js"></script><form action="../../search/index.html"><div data-index="../../search/"></div>"#
        );
    }

    #[test]
    fn root_pages_queries_and_other_sites() {
        let page = r#"<a href="/records/?status=overdue">x</a><a href="//cdn.example/x">y</a><a href="https://www.gov.cn/">z</a><p>text: href=&quot;/records/&quot;</p><i data-root="/"></i>"#;
        let out = relativize(page, "/", "index.html");
        assert_eq!(
            out,
            r#"<a href="records/index.html?status=overdue">x</a><a href="//cdn.example/x">y</a><a href="https://www.gov.cn/">z</a><p>text: href=&quot;/records/&quot;</p><i data-root="./"></i>"#
        );
    }

    #[test]
    fn unterminated_values_are_left_as_they_are() {
        assert_eq!(
            relativize(r#"<a href="/x/y"#, "/x/", "a/index.html"),
            r#"<a href="/x/y"#
        );
        assert_eq!(relativize("no links", "/", "index.html"), "no links");
    }
}
