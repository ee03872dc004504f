//! The render stage's documents besides HTML pages: the sitemap (an index past 50,000
//! URLs), Atom feeds of updates (site, region, record) and the data dictionary page.

use std::borrow::Cow;

use serde::Serialize;
use tera::Context;

use super::{Output, Renderer, View, ViewContext, tera_error};
use crate::derive::FacetKind;
use crate::diagnostic::Diagnostic;
use crate::routes::{self, SitePath};

impl<'a> Renderer<'a> {
    /// Renders `sitemap.xml` for the given page paths; past [`SITEMAP_LIMIT`] URLs it
    /// becomes a sitemap index over `sitemap-1.xml`, `sitemap-2.xml`, ...
    pub fn sitemap(&self, page_paths: &[String]) -> Result<Vec<Output>, Diagnostic> {
        let mut urls: Vec<String> = page_paths
            .iter()
            .map(|p| self.absolute(&SitePath::new(p.as_str())))
            .collect();
        urls.sort();
        let render = |urls: &[String], path: String| -> Result<Output, Diagnostic> {
            let mut ctx = Context::new();
            ctx.insert("urls", urls);
            let text = self
                .tera
                .render("sitemap.xml", &ctx)
                .map_err(|e| tera_error(&e, self.input.theme))?;
            Ok(Output {
                path,
                page_path: None,
                bytes: text.into_bytes(),
            })
        };
        if urls.len() <= SITEMAP_LIMIT {
            return Ok(vec![render(&urls, routes::sitemap().file())?]);
        }
        let mut outputs = Vec::new();
        let mut index = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        for (n, chunk) in urls.chunks(SITEMAP_LIMIT).enumerate() {
            let part = routes::sitemap_part(n + 1);
            index.push_str(&format!(
                "<sitemap><loc>{}</loc><lastmod>{}</lastmod></sitemap>\n",
                xml_escape(&self.absolute(&part)),
                self.input.facts.as_of
            ));
            outputs.push(render(chunk, part.file())?);
        }
        index.push_str("</sitemapindex>\n");
        outputs.push(Output {
            path: routes::sitemap().file(),
            page_path: None,
            bytes: index.into_bytes(),
        });
        Ok(outputs)
    }

    /// Renders an Atom feed of updates: the whole site, one region, or one record.
    /// Where the feed of `scope` is written.
    pub fn feed_path(&self, scope: FeedScope) -> String {
        self.feed_folder(scope).join(routes::FEED).file()
    }

    /// The page a feed belongs to (its `alternate` link).
    fn feed_folder(&self, scope: FeedScope) -> SitePath {
        match scope {
            FeedScope::Site => routes::home(),
            FeedScope::Region(g) => {
                let group = &self.input.facts.facets[&FacetKind::Regions][g];
                routes::facet(FacetKind::Regions.folder(), &group.slug)
            }
            FeedScope::Record(i) => routes::record(self.input.records[i].id.as_str()),
            FeedScope::Closures => routes::closures(),
        }
    }

    /// Renders the Atom feed of `scope`.
    pub fn feed(&self, scope: FeedScope) -> Result<Output, Diagnostic> {
        self.render_view(self.feed_view(scope))
    }

    /// The view of the Atom feed of `scope`: what it is rendered from.
    pub fn feed_view(&self, scope: FeedScope) -> View<'_> {
        let facts = self.input.facts;
        let records = self.input.records;
        let folder = self.feed_folder(scope);
        let (title, selected): (String, Vec<(usize, usize)>) = match scope {
            FeedScope::Site => (
                self.input.config.title.clone(),
                facts.updates.iter().take(FEED_LIMIT).copied().collect(),
            ),
            FeedScope::Region(g) => {
                let group = &facts.facets[&FacetKind::Regions][g];
                let members: std::collections::BTreeSet<usize> = group.members.iter().copied().collect();
                let selected = facts
                    .updates
                    .iter()
                    .filter(|(r, _)| members.contains(r))
                    .take(FEED_LIMIT)
                    .copied()
                    .collect();
                (format!("{} · {}", self.input.config.title, group.name), selected)
            }
            FeedScope::Record(i) => {
                let r = records[i];
                let selected = (0..r.updates.len()).rev().map(|u| (i, u)).collect();
                (format!("{} {}", r.id, r.title), selected)
            }
            FeedScope::Closures => (
                format!("{} · {}", self.input.config.title, self.t("closures_title")),
                Vec::new(),
            ),
        };
        let mut entries: Vec<FeedEntry> = Vec::new();
        if scope == FeedScope::Closures {
            entries.extend(self.notice_entries());
        }
        if scope == FeedScope::Site {
            // Records added to or removed from the publication are news too: removing a
            // record is shown, never silent.
            let changes = self.input.changes;
            let changes_page = self.absolute(&routes::changes());
            let as_of = changes.as_of.as_str();
            let announce = |label: &'static str, c: &'a crate::changes::ChangedRecord| FeedEntry {
                id: format!("{changes_page}#{label}-{}-{as_of}", c.id),
                link: c
                    .url
                    .as_ref()
                    .map_or_else(|| changes_page.clone(), |_| self.absolute(&routes::record(&c.id))),
                date: as_of.to_string(),
                updated: format!("{as_of}T00:00:00Z"),
                record_id: &c.id,
                record_title: &c.title,
                status: None,
                status_label: None,
                label: Some(label),
                content_html: Cow::Borrowed(""),
            };
            entries.extend(changes.added.iter().map(|c| announce("added", c)));
            entries.extend(changes.removed.iter().map(|c| announce("removed", c)));
        }
        entries.extend(selected.iter().map(|&(ri, ui)| {
            let r = records[ri];
            let u = &r.updates[ui];
            let page = self.absolute(&routes::record(r.id.as_str()));
            FeedEntry {
                // Updates are append-only, so the position is a stable identity.
                id: format!("{page}#update-{}", ui + 1),
                link: page,
                date: u.date.to_string(),
                updated: format!("{}T00:00:00Z", u.date),
                record_id: r.id.as_str(),
                record_title: &r.title,
                status: u.status.map(|s| s.key()),
                status_label: u.status.map(|s| self.input.theme.status_word(r.kind, s)),
                label: None,
                content_html: Cow::Borrowed(&self.html[ri].updates[ui]),
            }
        }));
        let updated = entries
            .first()
            .map_or_else(|| format!("{}T00:00:00Z", facts.as_of), |e| e.updated.clone());
        let feed = FeedMeta {
            title,
            id: self.absolute(&folder.join(routes::FEED)),
            self_url: self.absolute(&folder.join(routes::FEED)),
            alternate: self.absolute(&folder),
            updated,
        };
        View {
            template: "feed.xml",
            path: self.feed_path(scope),
            page_path: None,
            global: self.fingerprint,
            context: ViewContext::Feed(FeedContext { feed, entries }),
        }
    }

    /// The entries of the closure-notice feed: one per notice begun by the as-of date,
    /// dated its first day, saying the window, where objections go and the step noticed.
    fn notice_entries(&self) -> Vec<FeedEntry<'_>> {
        let facts = self.input.facts;
        let records = self.input.records;
        facts
            .notices
            .iter()
            .filter_map(|&(ri, step)| {
                let r = records[ri];
                let c = &r.closure[step];
                let n = c.notice.as_ref()?;
                let page = self.absolute(&routes::record(r.id.as_str()));
                let content = format!(
                    "<p>{}：{} {} {}</p><p>{}：{}</p><p>{}：{} {} {}</p>",
                    self.t("notice_window"),
                    n.from,
                    self.t("notice_to"),
                    n.to,
                    self.t("notice_contact"),
                    html_escape(&n.contact),
                    self.t("notice_step"),
                    html_escape(&c.level),
                    c.date,
                    html_escape(&c.result),
                );
                Some(FeedEntry {
                    // A step's notice is its own: the step's position is a stable identity.
                    id: format!("{page}#notice-{}", step + 1),
                    link: page,
                    date: n.from.to_string(),
                    updated: format!("{}T00:00:00Z", n.from),
                    record_id: r.id.as_str(),
                    record_title: &r.title,
                    status: None,
                    status_label: None,
                    label: Some("notice"),
                    content_html: Cow::Owned(content),
                })
            })
            .collect()
    }

    /// Renders the data dictionary page `/data/`.
    /// `schema` is the JSON Schema of an exported record, which the exports own.
    pub fn data_page(
        &self,
        downloads: &[Download],
        schema: &serde_json::Value,
    ) -> Result<Output, Diagnostic> {
        let theme = self.input.theme;
        let label = |key: &str| theme.label("field", key);
        let fields: Vec<FieldDoc> = schema["properties"]
            .as_object()
            .map(|props| {
                props
                    .iter()
                    // A published record is never a draft: the flag only says so to
                    // the clerk's own preview, so citizens are not told about it.
                    .filter(|(key, _)| key.as_str() != "draft")
                    .map(|(key, prop)| FieldDoc {
                        key: key.clone(),
                        label: label(key),
                        kind: type_in_words(prop, &schema["$defs"], &|k| self.t(k)),
                        // Written for a citizen in the theme; the schema's text (for
                        // developers) only where the theme has none.
                        description: theme
                            .i18n_text("field_help", key)
                            .unwrap_or_else(|| prop["description"].as_str().unwrap_or("").replace('`', "")),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let vocabularies: Vec<VocabularyDoc> = crate::model::VOCABULARIES
            .iter()
            .map(|v| {
                let field = match v.name {
                    "pollution_type" => "pollution_types",
                    other => other,
                };
                VocabularyDoc {
                    field,
                    label: label(field),
                    entries: v
                        .keys
                        .iter()
                        .map(|k| {
                            let label = theme.label(v.name, k);
                            // The kinds that say this value in words of their own.
                            let by_kind = crate::model::Kind::ALL
                                .iter()
                                .map(|kind| (kind, theme.word(*kind, v.name, k)))
                                .filter(|(_, word)| *word != label)
                                .map(|(kind, word)| KindWordDoc {
                                    kind: theme.label("kind", kind.key()),
                                    word,
                                })
                                .collect();
                            ValueDoc {
                                key: k,
                                label,
                                by_kind,
                            }
                        })
                        .collect(),
                }
            })
            .collect();
        let downloads: Vec<DownloadDoc<'_>> = downloads
            .iter()
            .map(|d| DownloadDoc {
                name: &d.name,
                url: &d.url,
                format: d.format,
                size: super::views::human_size(d.size),
                sha256: &d.sha256,
            })
            .collect();
        let mut ctx = Context::new();
        ctx.insert("downloads", &downloads);
        ctx.insert("fields", &fields);
        ctx.insert("vocabularies", &vocabularies);
        ctx.insert(
            "page",
            &self.meta("data", self.t("data_title"), routes::data().as_str().to_string()),
        );
        let text = self
            .tera
            .render("data.html", &ctx)
            .map_err(|e| tera_error(&e, self.input.theme))?;
        Ok(self.linked(Output {
            path: routes::data().file(),
            page_path: Some(routes::data().as_str().to_string()),
            bytes: text.into_bytes(),
        }))
    }
}

/// Most URLs in one sitemap file (the sitemaps.org limit).
pub const SITEMAP_LIMIT: usize = 50_000;
/// Most entries in the site-wide and per-region feeds.
pub const FEED_LIMIT: usize = 200;

/// Which updates a feed carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedScope {
    /// Every record (newest [`FEED_LIMIT`]).
    Site,
    /// One region group (index into the regions facet).
    Region(usize),
    /// One record (index).
    Record(usize),
    /// The closure notices (销号公示) of `/closures/`, running and past.
    Closures,
}

/// A feed's context.
#[derive(Debug, Serialize)]
pub(super) struct FeedContext<'a> {
    feed: FeedMeta,
    entries: Vec<FeedEntry<'a>>,
}

#[derive(Debug, Serialize)]
struct FeedMeta {
    title: String,
    id: String,
    self_url: String,
    alternate: String,
    updated: String,
}

#[derive(Debug, Serialize)]
struct FeedEntry<'a> {
    id: String,
    link: String,
    date: String,
    updated: String,
    record_id: &'a str,
    record_title: &'a str,
    status: Option<&'static str>,
    /// That status in the words of the record's kind.
    status_label: Option<String>,
    /// `added` or `removed` for publication changes; absent for updates.
    label: Option<&'static str>,
    content_html: Cow<'a, str>,
}

/// A file offered on the data page.
#[derive(Debug, Clone, Serialize)]
pub struct Download {
    /// File name.
    pub name: String,
    /// URL.
    pub url: String,
    /// Format name.
    pub format: &'static str,
    /// Size in bytes.
    pub size: u64,
    /// SHA-256.
    pub sha256: String,
}

#[derive(Debug, Serialize)]
struct FieldDoc {
    key: String,
    label: String,
    #[serde(rename = "type")]
    kind: String,
    description: String,
}

#[derive(Debug, Serialize)]
struct VocabularyDoc {
    field: &'static str,
    label: String,
    entries: Vec<ValueDoc>,
}

#[derive(Debug, Serialize)]
struct ValueDoc {
    key: &'static str,
    label: String,
    /// Kinds of record that show the value in other words (complaints' 已办结).
    by_kind: Vec<KindWordDoc>,
}

#[derive(Debug, Serialize)]
struct KindWordDoc {
    /// The kind's label.
    kind: String,
    /// What records of that kind show.
    word: String,
}

/// A short type name for a JSON Schema property.
/// A download as the data page shows it: the size in KB or MB.
#[derive(Debug, Serialize)]
struct DownloadDoc<'a> {
    name: &'a str,
    url: &'a str,
    format: &'static str,
    size: String,
    sha256: &'a str,
}

/// `812 B`, `12.3 KB`, `4.1 MB` (1 KB = 1024 bytes, as file managers count).
/// A field's type in words a citizen reads (日期、文本、数字、是/否、列表), from the
/// theme's `type_*` strings; `$ref`s are followed into the schema's `$defs`.
fn type_in_words(prop: &serde_json::Value, defs: &serde_json::Value, t: &dyn Fn(&str) -> String) -> String {
    let mut words = Vec::new();
    collect_types(prop, defs, t, &mut words, 0);
    if words.is_empty() {
        return t("type_text");
    }
    words.join(&format!(" {} ", t("type_or")))
}

fn collect_types(
    prop: &serde_json::Value,
    defs: &serde_json::Value,
    t: &dyn Fn(&str) -> String,
    words: &mut Vec<String>,
    depth: usize,
) {
    let mut add = |w: String| {
        if !words.contains(&w) {
            words.push(w);
        }
    };
    let kinds: Vec<&str> = match &prop["type"] {
        serde_json::Value::String(s) => vec![s.as_str()],
        serde_json::Value::Array(list) => list.iter().filter_map(|x| x.as_str()).collect(),
        _ => Vec::new(),
    };
    for kind in kinds {
        match kind {
            "string" if prop["format"] == "date" => add(t("type_date")),
            "string" => add(t("type_text")),
            "integer" | "number" => add(t("type_number")),
            "boolean" => add(t("type_yes_no")),
            "array" => add(t("type_list")),
            "object" => add(t("type_group")),
            _ => {} // null: the field may be empty, which the description says
        }
    }
    if depth > 8 {
        return;
    }
    if let Some(name) = prop["$ref"].as_str().and_then(|r| r.rsplit('/').next()) {
        collect_types(&defs[name], defs, t, words, depth + 1);
    }
    for key in ["anyOf", "oneOf"] {
        for p in prop[key].as_array().into_iter().flatten() {
            collect_types(p, defs, t, words, depth + 1);
        }
    }
}

/// Text for HTML (the content of a feed entry, which the feed template escapes once more
/// for XML, as Atom's `type="html"` wants).
fn html_escape(s: &str) -> String {
    xml_escape(s).replace('\'', "&#39;")
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
