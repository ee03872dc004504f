//! Markdown to safe HTML: CommonMark plus tables, footnotes and strikethrough, headings
//! with stable ids, and nothing that can run script or load a remote resource.
//!
//! Most records hold no raw HTML, so the common path never pays for a sanitiser: links
//! with unsafe schemes are neutralised at the event level, and only text that contains
//! raw HTML goes through ammonia.

use std::collections::HashSet;
use std::sync::OnceLock;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// True when a URL may be linked to: relative, fragment, http(s), mailto, tel.
fn is_safe_url(url: &str) -> bool {
    let lower: String = url
        .trim()
        .chars()
        .filter(|c| !c.is_control() && !c.is_whitespace())
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    match lower.split_once(':') {
        Some((scheme, _)) if !scheme.contains(['/', '?', '#']) => {
            matches!(scheme, "http" | "https" | "mailto" | "tel")
        }
        _ => true,
    }
}

/// Images may only come from the site itself.
fn is_local_image(url: &str) -> bool {
    let u = url.trim();
    !u.starts_with("//")
        && !u.contains("://")
        && is_safe_url(u)
        && !u.to_ascii_lowercase().starts_with("mailto:")
}

/// A heading being collected: level, explicit id and classes. Other attributes of the
/// heading-attribute extension (`{onfocus=… autofocus}`) are dropped when the heading
/// opens: pulldown-cmark writes them verbatim and they never reach ammonia.
type OpenHeading<'a> = (HeadingLevel, Option<CowStr<'a>>, Vec<CowStr<'a>>);

/// An explicit heading id or class reduced to characters that cannot leave the
/// attribute or name anything but a fragment: ASCII letters, digits, `-` and `_`.
/// `None` when nothing is left.
fn attribute_token(raw: &str) -> Option<String> {
    let token: String = raw
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
        .take(64)
        .collect();
    (!token.is_empty()).then_some(token)
}

/// Renders Markdown to sanitised HTML for a site served under `base` (`/` or `/dczg/`):
/// links and images that start with `/` are site-root links and get the base path
/// (routes::site_root_link), so `[整改总表](/records/)` works under `/dczg/`.
pub fn render(markdown: &str, base: &str) -> String {
    let mut has_raw_html = false;
    let mut in_heading: Option<OpenHeading> = None;
    let mut heading_events: Vec<Event> = Vec::new();
    let mut used_ids: HashSet<String> = HashSet::new();
    let mut events: Vec<Event> = Vec::new();
    for event in Parser::new_ext(markdown, options()) {
        let event = match event {
            Event::Html(_) | Event::InlineHtml(_) => {
                has_raw_html = true;
                event
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) if !is_safe_url(&dest_url) => Event::Start(Tag::Link {
                link_type,
                dest_url: CowStr::Borrowed("#"),
                title,
                id,
            }),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Link {
                link_type,
                dest_url: rooted(dest_url, base),
                title,
                id,
            }),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) if !is_local_image(&dest_url) => Event::Start(Tag::Image {
                link_type,
                dest_url: CowStr::Borrowed(""),
                title,
                id,
            }),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Image {
                link_type,
                dest_url: rooted(dest_url, base),
                title,
                id,
            }),
            other => other,
        };
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs: _,
            }) => {
                in_heading = Some((level, id, classes));
                heading_events.clear();
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, id, classes)) = in_heading.take() {
                    let text: String = heading_events
                        .iter()
                        .filter_map(|e| match e {
                            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                            _ => None,
                        })
                        .collect();
                    let base = id
                        .and_then(|i| attribute_token(&i))
                        .unwrap_or_else(|| heading_id(&text));
                    let mut unique = base.clone();
                    let mut n = 1;
                    while !used_ids.insert(unique.clone()) {
                        unique = format!("{base}-{n}");
                        n += 1;
                    }
                    events.push(Event::Start(Tag::Heading {
                        level,
                        id: Some(CowStr::from(unique)),
                        classes: classes
                            .iter()
                            .filter_map(|c| attribute_token(c).map(CowStr::from))
                            .collect(),
                        attrs: Vec::new(),
                    }));
                    events.append(&mut heading_events);
                    events.push(Event::End(TagEnd::Heading(level)));
                }
            }
            e if in_heading.is_some() => heading_events.push(e),
            e => events.push(e),
        }
    }
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    if has_raw_html {
        sanitizer().clean(&out).to_string()
    } else {
        out
    }
}

/// A link target with the base path put in front of a site-root link, and an `@/` link
/// (`@/records/F-2021-01`) turned into the address of what it names.
fn rooted<'a>(url: CowStr<'a>, base: &str) -> CowStr<'a> {
    match crate::routes::content_href(base, &url).or_else(|| crate::routes::site_root_link(base, &url)) {
        Some(linked) => CowStr::from(linked),
        None => url,
    }
}

/// Every link and image target written in `markdown`, with the byte offset where its
/// Markdown starts (for a diagnostic's line and column), in text order.
pub fn link_targets(markdown: &str) -> Vec<(usize, String)> {
    Parser::new_ext(markdown, options())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                Some((range.start, dest_url.into_string()))
            }
            _ => None,
        })
        .collect()
}

/// Renders a one-line Markdown text without the surrounding paragraph.
pub fn render_inline(markdown: &str, base: &str) -> String {
    let html = render(markdown, base);
    let trimmed = html.trim_end();
    match trimmed.strip_prefix("<p>").and_then(|s| s.strip_suffix("</p>")) {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => html,
    }
}

/// Heading id from its text: ASCII kept, Chinese transliterated.
fn heading_id(text: &str) -> String {
    crate::slug::slugify(text)
}

fn sanitizer() -> &'static ammonia::Builder<'static> {
    static BUILDER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    BUILDER.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.add_generic_attributes(["id"])
            .link_rel(Some("noopener noreferrer"))
            .url_schemes(["http", "https", "mailto", "tel"].into_iter().collect())
            .attribute_filter(|element, attribute, value| {
                if element == "img" && attribute == "src" && !is_local_image(value) {
                    None
                } else {
                    Some(value.into())
                }
            });
        b
    })
}

#[cfg(test)]
mod tests {

    /// Most cases are about one site at the root.
    fn render(md: &str) -> String {
        super::render(md, "/")
    }

    fn render_inline(md: &str) -> String {
        super::render_inline(md, "/")
    }

    #[test]
    fn site_root_links_get_the_base_path() {
        let html = super::render(
            "[整改总表](/records/) [x](records/) ![p](/static/a.png)",
            "/dczg/",
        );
        assert!(html.contains("href=\"/dczg/records/\""), "{html}");
        assert!(html.contains("href=\"records/\""), "{html}");
        assert!(html.contains("src=\"/dczg/static/a.png\""), "{html}");
        let inline = super::render_inline("[总表](/records/)", "/dczg/");
        assert!(inline.contains("href=\"/dczg/records/\""), "{inline}");
    }

    #[test]
    fn at_links_name_records_and_pages() {
        let html = super::render(
            "[F](@/records/F-2021-01#timeline) [通知](@/notices/first.md) ![p](@/records/A-1/a.png)",
            "/dczg/",
        );
        assert!(
            html.contains("href=\"/dczg/records/F-2021-01/#timeline\""),
            "{html}"
        );
        assert!(html.contains("href=\"/dczg/notices/first/\""), "{html}");
        assert!(html.contains("src=\"/dczg/records/A-1/a.png\""), "{html}");
        let targets = super::link_targets("x\n\n[a](/records/) and ![b](c.png)");
        assert_eq!(targets, [(3, "/records/".to_string()), (22, "c.png".to_string())]);
    }

    #[test]
    fn renders_tables_footnotes_strikethrough() {
        let html = render("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~x~~ y[^1]\n\n[^1]: note\n");
        assert!(html.contains("<table>"), "{html}");
        assert!(html.contains("<del>x</del>"), "{html}");
        assert!(html.contains("footnote"), "{html}");
    }

    #[test]
    fn headings_get_unique_ids() {
        let html = render("## 整改措施\n\n## 整改措施\n\n## Plan {#custom}\n");
        assert!(html.contains("<h2 id=\"zheng-gai-cuo-shi\">"), "{html}");
        assert!(html.contains("<h2 id=\"zheng-gai-cuo-shi-1\">"), "{html}");
        assert!(html.contains("<h2 id=\"custom\">"), "{html}");
    }

    #[test]
    fn scripts_and_handlers_are_removed() {
        let html = render(
            "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)> <iframe src=\"https://e.com\"></iframe>",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("<iframe"), "{html}");
    }

    #[test]
    fn heading_attributes_cannot_carry_script() {
        for md in [
            "## x {onfocus=alert(1) autofocus tabindex=0}\n",
            "## x {#a onmouseover=alert(1)}\n",
            "## x {.c style=color:red}\n",
            "## x {#\"onclick=alert(1)\"}\n",
            "<b>raw</b>\n\n## x {onfocus=alert(1) autofocus}\n",
        ] {
            let html = render(md);
            for bad in [
                "onfocus=",
                "onmouseover=",
                "onclick=",
                "autofocus",
                "tabindex",
                "style=",
            ] {
                assert!(!html.contains(bad), "{md} -> {html}");
            }
        }
        let html = render("## Plan {#plan-a .note}\n");
        assert!(html.contains("<h2 id=\"plan-a\" class=\"note\">"), "{html}");
    }

    #[test]
    fn unsafe_links_are_neutralised() {
        for md in [
            "[x](javascript:alert(1))",
            "[x](JaVaScRiPt:alert(1))",
            "[x](data:text/html;base64,xx)",
            "[x]( javascript:alert(1))",
        ] {
            let html = render(md);
            assert!(
                !html.to_ascii_lowercase().contains("javascript:"),
                "{md} -> {html}"
            );
            assert!(!html.contains("data:"), "{md} -> {html}");
        }
        assert!(render("[x](https://e.org/)").contains("href=\"https://e.org/\""));
        assert!(render("[x](../a/)").contains("href=\"../a/\""));
    }

    #[test]
    fn remote_images_are_dropped() {
        let html = render("![x](https://tracker.example/p.png) ![y](photo.jpg)");
        assert!(!html.contains("tracker.example"), "{html}");
        assert!(html.contains("photo.jpg"), "{html}");
        let html = render("<img src=\"https://tracker.example/p.png\"><b>ok</b>");
        assert!(!html.contains("tracker.example"), "{html}");
    }

    #[test]
    fn inline_strips_paragraph() {
        assert_eq!(render_inline("a *b*"), "a <em>b</em>");
    }
}
