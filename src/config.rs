//! `site.yaml`: typed configuration with defaults. Unknown keys are errors, so a typo
//! never silently falls back to a default.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::{Column, Date};

/// The whole of `site.yaml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// Site title, e.g. 云溪区生态环境保护督察整改公示.
    pub title: String,
    /// The public body that publishes (footer, ContentSource meta tag).
    pub publisher: String,
    /// Absolute URL of the site root; may carry a path (`https://host/dczg/`).
    pub base_url: String,
    /// UI language of the theme: `zh-CN` or `en`.
    #[serde(default = "default_language")]
    pub language: String,
    /// Theme folder name under `themes/` (the default theme is built in).
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Optional one-line description for meta tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Disclosure date, unless `--as-of` says otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<Date>,
    /// Inspection rounds that `inspection:` in a record refers to.
    #[serde(default)]
    pub inspections: Vec<Inspection>,
    /// Optional allowlist of regions; each may carry its URL slug.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regions: Option<Vec<RegionEntry>>,
    /// Units whose URL slug is pinned (`units/<slug>/`); not an allowlist: other units
    /// get their pinyin slug.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub units: Vec<UnitEntry>,
    /// Government-portal identifiers for the footer and meta tags.
    #[serde(default)]
    pub portal: Portal,
    /// Privacy-guard settings.
    #[serde(default)]
    pub privacy: Privacy,
    /// Per-site labels: vocabulary name → key → label, and the same per record kind.
    #[serde(default)]
    pub vocabularies: Vocabularies,
    /// Rows per page of paginated lists.
    #[serde(default = "default_paginate")]
    pub paginate: usize,
    /// Input-size limits.
    #[serde(default)]
    pub limits: Limits,
    /// Write `.gz` and `.br` beside every text file (like `build --precompress`).
    #[serde(default)]
    pub precompress: bool,
    /// The columns of the official tables (一览表), per table kind.
    #[serde(default)]
    pub table_columns: TableColumns,
    /// The office's signing key, whose fingerprint every page shows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signing: Option<Signing>,
}

/// `table_columns:` in `site.yaml`: which columns the official tables show, in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableColumns {
    /// A batch's 交办件一览表 (default [`Column::COMPLAINTS`]).
    #[serde(default = "complaint_columns")]
    pub complaints: Vec<Column>,
    /// An inspection's 整改清单 (default [`Column::PROBLEMS`]).
    #[serde(default = "problem_columns")]
    pub problems: Vec<Column>,
}

impl Default for TableColumns {
    fn default() -> Self {
        Self {
            complaints: complaint_columns(),
            problems: problem_columns(),
        }
    }
}

fn complaint_columns() -> Vec<Column> {
    Column::COMPLAINTS.to_vec()
}
fn problem_columns() -> Vec<Column> {
    Column::PROBLEMS.to_vec()
}

/// `signing:` in `site.yaml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signing {
    /// The public key, 64 hex digits (the content of `disclose.pub`). The site shows its
    /// fingerprint so that citizens can compare it with what `disclose verify` prints.
    pub public_key: String,
}

fn default_language() -> String {
    "zh-CN".to_string()
}
fn default_theme() -> String {
    "default".to_string()
}
fn default_paginate() -> usize {
    50
}

/// `vocabularies:` in `site.yaml`: labels the site gives vocabulary keys, for every kind
/// of record (`status: { in_progress: 序时推进 }`) or for one kind
/// (`by_kind: { complaint: { status: { completed: 已办结 } } }`). The keys stay; a
/// per-kind label wins over a site-wide one, which wins over the theme's words (its
/// per-kind ones included).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vocabularies {
    /// Kind key → vocabulary name → key → label.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub by_kind: BTreeMap<String, BTreeMap<String, BTreeMap<String, String>>>,
    /// Vocabulary name → key → label, for every kind.
    #[serde(flatten)]
    pub all: BTreeMap<String, BTreeMap<String, String>>,
}

impl Vocabularies {
    /// The site-wide labels of the vocabulary `name`.
    pub fn get(&self, name: &str) -> Option<&BTreeMap<String, String>> {
        self.all.get(name)
    }
}

/// One inspection round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Inspection {
    /// Id used by records and in the URL.
    pub id: String,
    /// Display name.
    pub name: String,
    /// First day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started: Option<Date>,
    /// Last day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended: Option<Date>,
    /// URL slug of its page (`inspections/<slug>/`), when it is not to be the id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    /// The complaint batches handed over during the inspection (交办批次). When listed,
    /// a record's `batch` must be one of them; when empty, any batch number is accepted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub batches: Vec<Batch>,
}

/// One batch of complaint cases handed over during an inspection (第N批交办).
///
/// The key is `number`, not `no`: YAML 1.1 readers (Excel add-ins, older tools) read a
/// bare `no` as the boolean false.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Batch {
    /// The batch number (第N批), 1 or more, unique within the inspection.
    pub number: u32,
    /// The day the batch was handed over (交办日期).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handed_over: Option<Date>,
}

impl Inspection {
    /// The slug of its page: the pinned one, else the id.
    pub fn slug(&self) -> &str {
        self.slug.as_deref().unwrap_or(&self.id)
    }
}

/// A unit with a pinned URL slug or former names
/// (`units: [{ name: 河口镇人民政府, slug: hekou-gov, formerly: [河口乡人民政府] }]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitEntry {
    /// The unit's name as records write it (`lead_unit`, `co_units`).
    pub name: String,
    /// URL slug (ASCII); derived (pinyin) when not given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    /// Names the unit was published under before a rename: their pages become redirects
    /// to this one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub formerly: Vec<String>,
}

/// A region in the allowlist: a plain name, or a name with its URL slug.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum RegionEntry {
    /// Just the name; the slug is derived (pinyin).
    Name(String),
    /// Name with an explicit slug and/or former names.
    Full {
        /// Display name.
        name: String,
        /// URL slug (ASCII); derived (pinyin) when not given.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        slug: Option<String>,
        /// Names the region was published under before a rename: their pages become
        /// redirects to this one.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        formerly: Vec<String>,
    },
}

impl RegionEntry {
    /// The display name.
    pub fn name(&self) -> &str {
        match self {
            RegionEntry::Name(n) | RegionEntry::Full { name: n, .. } => n,
        }
    }
    /// The explicit slug, if given.
    pub fn slug(&self) -> Option<&str> {
        match self {
            RegionEntry::Name(_) => None,
            RegionEntry::Full { slug, .. } => slug.as_deref(),
        }
    }
    /// The names it had before a rename.
    pub fn formerly(&self) -> &[String] {
        match self {
            RegionEntry::Name(_) => &[],
            RegionEntry::Full { formerly, .. } => formerly,
        }
    }
}

/// 网站标识码, ICP and 公安备案 numbers, and the portal column name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Portal {
    /// 网站标识码.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site_id_code: Option<String>,
    /// ICP 备案号.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icp: Option<String>,
    /// 公安备案号.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub police_record: Option<String>,
    /// Portal column (ColumnName meta tag).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
}

/// Privacy-guard settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Privacy {
    /// Literal strings the guard accepts (the 12369 hotline, the office's own phone).
    #[serde(default)]
    pub allow: Vec<String>,
}

/// Input-size limits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    /// Largest source file read, in bytes (default 10 MiB).
    #[serde(default = "default_max_file_size")]
    pub max_file_size: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_file_size: default_max_file_size(),
        }
    }
}

fn default_max_file_size() -> u64 {
    10 * 1024 * 1024
}

impl SiteConfig {
    /// The path part of `base_url`, always starting and ending with `/`.
    pub fn base_path(&self) -> String {
        base_path_of(&self.base_url)
    }

    /// Looks up an inspection by id.
    pub fn inspection(&self, id: &str) -> Option<&Inspection> {
        self.inspections.iter().find(|i| i.id == id)
    }

    /// The slug of the page of the inspection `id`: its pinned slug, else the id (also
    /// for an id `site.yaml` does not list, which `check` reports).
    pub fn inspection_slug<'a>(&'a self, id: &'a str) -> &'a str {
        self.inspection(id).map_or(id, Inspection::slug)
    }
}

impl Inspection {
    /// The listed batch numbered `number`, if any.
    pub fn batch(&self, number: u32) -> Option<&Batch> {
        self.batches.iter().find(|b| b.number == number)
    }
}

/// Checks a site address, from `site.yaml`'s `base_url` or the `--base-url` flag alike:
/// an absolute `http://` or `https://` URL with a host, no user name, query, fragment,
/// space or quote. Every link, feed and canonical URL is made under it, so anything else
/// (`javascript:alert(1)//`, `data:…`, a scheme-relative `//evil.example/`) would put
/// script or another site's address into every page. The error says what is wrong.
pub fn check_base_url(url: &str) -> Result<(), String> {
    let lower = url.to_ascii_lowercase();
    let Some(rest) = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
    else {
        return Err(format!(
            "base_url `{url}` is not an absolute http:// or https:// URL"
        ));
    };
    if let Some(bad) = url.chars().find(|c| {
        c.is_whitespace()
            || c.is_control()
            || matches!(c, '"' | '\'' | '<' | '>' | '`' | '\\' | '{' | '}' | '|' | '^')
    }) {
        return Err(format!(
            "base_url `{url}` contains {bad:?}, which a URL cannot hold"
        ));
    }
    if url.contains(['?', '#']) {
        return Err(format!(
            "base_url `{url}` has a query or fragment; a site root cannot"
        ));
    }
    let host = rest.split('/').next().unwrap_or("");
    if host.contains('@') {
        return Err(format!("base_url `{url}` carries a user name before the host"));
    }
    let name = match host.rsplit_once(':') {
        Some((name, port)) if !name.ends_with(']') || host.starts_with('[') => {
            if port.is_empty() || !port.bytes().all(|b| b.is_ascii_digit()) || port.len() > 5 {
                return Err(format!("base_url `{url}` has a bad port `{port}`"));
            }
            name
        }
        _ => host,
    };
    let ipv6 = name.starts_with('[') && name.ends_with(']') && name.len() > 2;
    let hostname = !name.is_empty()
        && !name.starts_with(['.', '-'])
        && !name.contains("..")
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-'));
    if !(ipv6 || hostname) {
        return Err(format!("base_url `{url}` has no valid host name"));
    }
    Ok(())
}

/// The path part of a URL (`https://h/dczg` → `/dczg/`), or of a bare path.
pub fn base_path_of(url: &str) -> String {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = if url.contains("://") {
        after_scheme.find('/').map_or("", |i| &after_scheme[i..])
    } else {
        after_scheme
    };
    let path = path.split(['?', '#']).next().unwrap_or("");
    let trimmed = path.trim_matches('/');
    if trimmed.is_empty() {
        "/".to_string()
    } else {
        format!("/{trimmed}/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_path_handles_portal_subpaths() {
        assert_eq!(base_path_of("https://www.example.gov.cn/dczg/"), "/dczg/");
        assert_eq!(base_path_of("https://www.example.gov.cn/a/b"), "/a/b/");
        assert_eq!(base_path_of("https://www.example.gov.cn"), "/");
        assert_eq!(base_path_of("http://127.0.0.1:1111/"), "/");
        assert_eq!(base_path_of("/x/"), "/x/");
    }

    #[test]
    fn base_url_must_be_an_absolute_http_url() {
        for good in [
            "https://www.example.gov.cn/dczg/",
            "http://127.0.0.1:1111/",
            "https://portal.example.org/a/b",
            "HTTPS://E.ORG",
            "http://[::1]:8080/",
            "https://生态.中国/dczg/",
        ] {
            assert_eq!(check_base_url(good), Ok(()), "{good}");
        }
        for bad in [
            "javascript:alert(1)//",
            "JavaScript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "//evil.example/",
            "/dczg/",
            "www.example.gov.cn",
            "https://",
            "https:///path",
            "https://good.example@evil.example/",
            "https://e.org/\"onmouseover=\"alert(1)",
            "https://e.org/ x",
            "https://e.org/?q=1",
            "https://e.org:port/",
            "ftp://e.org/",
            "",
        ] {
            assert!(check_base_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn minimal_config_gets_defaults() {
        let c: SiteConfig =
            serde_yaml::from_str("title: t\npublisher: p\nbase_url: https://e.org/\n").unwrap();
        assert_eq!(c.language, "zh-CN");
        assert_eq!(c.theme, "default");
        assert_eq!(c.paginate, 50);
        assert_eq!(c.limits.max_file_size, 10 * 1024 * 1024);
    }

    #[test]
    fn regions_accept_names_and_slugs() {
        let c: SiteConfig = serde_yaml::from_str(
            "title: t\npublisher: p\nbase_url: /\nregions: [城关街道, { name: 河口镇, slug: hekou }]\n",
        )
        .unwrap();
        let regions = c.regions.unwrap();
        assert_eq!(regions[0].slug(), None);
        assert_eq!(regions[1].slug(), Some("hekou"));
    }

    #[test]
    fn units_and_inspections_can_pin_slugs() {
        let c: SiteConfig = serde_yaml::from_str(
            "title: t\npublisher: p\nbase_url: /\nunits: [{ name: 河口镇人民政府, slug: hekou-gov }]\ninspections: [{ id: cei2-2021, name: n, slug: dier-lun }, { id: x, name: y }]\n",
        )
        .unwrap();
        assert_eq!(c.units[0].slug.as_deref(), Some("hekou-gov"));
        assert_eq!(c.inspection_slug("cei2-2021"), "dier-lun");
        assert_eq!(c.inspection_slug("x"), "x");
        assert_eq!(c.inspection_slug("unknown"), "unknown");
    }
}
