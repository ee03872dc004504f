//! What templates see: serialisable views that borrow from the model, so handing a record
//! to a template copies no strings until serialisation. Every field is documented in
//! `docs/templates.md`.

use serde::Serialize;

use crate::derive::{Counts, Derived, FacetKind, Group};
use crate::model::{ClosureStep, Date, Record, Update};
use crate::routes::{self, SitePath, Urls};

/// Where a page lives: `path` relative to the site root, `url` with the base path.
#[derive(Debug, Clone, Serialize)]
pub struct PageMeta {
    /// Template family: `dashboard`, `records`, `record`, `facet`, `facets`, `overdue`,
    /// `table`, `updates`, `section`, `page`, `404`.
    pub kind: &'static str,
    /// Page title.
    pub title: String,
    /// Path relative to the root, e.g. `records/A-1/`.
    pub path: String,
    /// Root-relative URL including the base path, e.g. `/dczg/records/A-1/`.
    pub url: String,
    /// Absolute URL under `base_url`.
    pub permalink: String,
    /// Meta description.
    pub description: String,
    /// PubDate meta: the page's own date, else the as-of date.
    pub date: String,
}

/// A link to another page.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    /// Text.
    pub title: String,
    /// Root-relative URL.
    pub url: String,
}

/// Markdown fields of a record, rendered once per build.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RecordHtml {
    /// `summary`.
    pub summary: Option<String>,
    /// `findings`.
    pub findings: Option<String>,
    /// `target`.
    pub target: Option<String>,
    /// `measures`, one per item.
    pub measures: Vec<String>,
    /// `accountability`.
    pub accountability: Option<String>,
    /// The body of a `.md` record.
    pub body: Option<String>,
    /// `updates[].text`, parallel to the updates.
    pub updates: Vec<String>,
}

/// An evidence file as published: where, how big, its hash.
#[derive(Debug, Clone, Serialize)]
pub struct EvidenceFile {
    /// File name as listed.
    pub file: String,
    /// Caption.
    pub caption: String,
    /// Root-relative URL of the published copy.
    pub url: String,
    /// Output path relative to the site root.
    #[serde(skip)]
    pub output_path: String,
    /// Source file.
    #[serde(skip)]
    pub source: std::path::PathBuf,
    /// Size in bytes.
    pub size: u64,
    /// Size as a reader reads it ("356.0 KB", "1.2 MB"), never a raw count of 字节.
    pub size_text: String,
    /// SHA-256, lower-case hex.
    pub sha256: String,
}

/// One row of a record table (lists, facets, overdue, dashboard).
#[derive(Debug, Clone, Serialize)]
pub struct Row<'a> {
    /// Record id.
    pub id: &'a str,
    /// Root-relative URL of the record page.
    pub url: String,
    /// Title.
    pub title: &'a str,
    /// Kind key.
    pub kind: &'static str,
    /// Kind label (from i18n and site vocabularies).
    pub kind_label: String,
    /// Status key.
    pub status: &'static str,
    /// Status in the words of the record's kind ([`Theme::status_word`](super::theme::Theme::status_word)).
    pub status_label: String,
    /// Status icon (text, so status never relies on colour).
    pub status_icon: String,
    /// Inspection id.
    pub inspection: Option<&'a str>,
    /// Region name.
    pub region: Option<&'a str>,
    /// Region page URL.
    pub region_url: Option<String>,
    /// Pollution type keys.
    pub pollution_types: Vec<&'static str>,
    /// Lead unit.
    pub lead_unit: Option<&'a str>,
    /// Received date.
    pub received_on: Option<Date>,
    /// Deadline: a date or `ongoing`.
    pub deadline: Option<String>,
    /// Key case (重点件).
    pub key_case: bool,
    /// Derived facts.
    #[serde(flatten)]
    pub derived: Derived,
}

/// A record page's record: every field, its rendered Markdown, derived facts and links.
#[derive(Debug, Clone, Serialize)]
pub struct RecordView<'a> {
    /// The fields exactly as written.
    #[serde(flatten)]
    pub record: &'a Record,
    /// Root-relative URL.
    pub url: String,
    /// Rendered Markdown fields.
    pub html: &'a RecordHtml,
    /// Derived facts.
    pub derived: Derived,
    /// Deadline as text: a date or `ongoing`.
    pub deadline_text: Option<String>,
    /// Status as it stands on the as-of date: 销号公示中 during a closure notice, else in
    /// the words of the record's kind.
    pub status_label: String,
    /// The closure notice (销号公示) that runs on the as-of date, if one does.
    pub notice: Option<NoticeView<'a>>,
    /// Some closure step has a notice: the acceptance table shows the notice columns.
    pub has_notices: bool,
    /// Inspection display name.
    pub inspection_name: Option<&'a str>,
    /// Inspection page URL.
    pub inspection_url: Option<String>,
    /// Region page URL.
    pub region_url: Option<String>,
    /// Units with their page URLs: lead first, then co-units.
    pub units: Vec<Link>,
    /// Related records that exist, with titles.
    pub related_links: Vec<RelatedLink<'a>>,
    /// Published evidence files with sizes and hashes.
    pub evidence_files: &'a [EvidenceFile],
    /// Updates with rendered text, oldest first.
    pub timeline: Vec<TimelineEntry<'a>>,
}

/// A closure step's public notice (销号公示): the window, where objections go, and the
/// acceptance step being noticed.
#[derive(Debug, Clone, Serialize)]
pub struct NoticeView<'a> {
    /// First day of the notice.
    pub from: Date,
    /// Last day of the notice.
    pub to: Date,
    /// Where objections go.
    pub contact: &'a str,
    /// The step being noticed: its level (区级, 市级…).
    pub level: &'a str,
    /// The step's date.
    pub date: Date,
    /// The step's result.
    pub result: &'a str,
    /// The step's document number.
    pub reference: Option<&'a str>,
    /// The notice runs on the as-of date (else it is over).
    pub current: bool,
}

impl<'a> NoticeView<'a> {
    /// The notice of `step`, if it has one, as of `as_of`.
    pub fn of(step: &'a ClosureStep, as_of: Date) -> Option<Self> {
        let n = step.notice.as_ref()?;
        Some(Self {
            from: n.from,
            to: n.to,
            contact: &n.contact,
            level: &step.level,
            date: step.date,
            result: &step.result,
            reference: step.reference.as_deref(),
            current: n.contains(as_of),
        })
    }
}

/// A closure notice on `/closures/`: the notice and the record's row.
#[derive(Debug, Clone, Serialize)]
pub struct ClosureEntry<'a> {
    /// The notice.
    #[serde(flatten)]
    pub notice: NoticeView<'a>,
    /// The record (a [`Row`], already serialised).
    pub record: super::fingerprint::RowRef<'a>,
}

/// One row of an official table (一览表): what its columns can show, so a table does not
/// serialise every field of every record.
#[derive(Debug, Clone, Serialize)]
pub struct TableRow<'a> {
    /// Id.
    pub id: &'a str,
    /// Root-relative URL of the record page.
    pub url: String,
    /// 序号 as the ledger gives it.
    pub seq: Option<u32>,
    /// Title.
    pub title: &'a str,
    /// Region.
    pub region: Option<&'a str>,
    /// Pollution type keys.
    pub pollution_types: Vec<&'static str>,
    /// Verification key.
    pub verification: Option<&'static str>,
    /// Lead unit.
    pub lead_unit: Option<&'a str>,
    /// Co-units.
    pub co_units: &'a [String],
    /// 责任人 (a post).
    pub responsible_post: Option<&'a str>,
    /// 交办日期.
    pub received_on: Option<Date>,
    /// Deadline as text (a date or `ongoing`).
    pub deadline_text: Option<String>,
    /// Status key.
    pub status: &'static str,
    /// Status in the words of the record's kind.
    pub status_label: String,
    /// The date of the latest update (整改进展).
    pub progress_date: Option<Date>,
    /// The record's enforcement counts in words, when it has any.
    pub enforcement: Option<String>,
    /// Rendered Markdown fields.
    pub html: TableHtml<'a>,
    /// Derived facts.
    pub derived: Derived,
}

/// The Markdown fields the official table shows, as HTML.
#[derive(Debug, Clone, Serialize)]
pub struct TableHtml<'a> {
    /// `summary`.
    pub summary: Option<&'a str>,
    /// `findings`.
    pub findings: Option<&'a str>,
    /// `measures`.
    pub measures: &'a [String],
    /// `target`.
    pub target: Option<&'a str>,
    /// `accountability`.
    pub accountability: Option<&'a str>,
    /// The latest update's text.
    pub progress: Option<&'a str>,
}

/// A related record.
#[derive(Debug, Clone, Serialize)]
pub struct RelatedLink<'a> {
    /// Id.
    pub id: &'a str,
    /// Title.
    pub title: &'a str,
    /// URL.
    pub url: String,
    /// Status key.
    pub status: &'static str,
    /// Status in the words of the related record's kind.
    pub status_label: String,
}

/// One update on a record page.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineEntry<'a> {
    /// The update as written.
    #[serde(flatten)]
    pub update: &'a Update,
    /// Its text as HTML.
    pub text_html: &'a str,
    /// The status it set, in the words of the record's kind.
    pub status_label: Option<String>,
}

/// One update in the site-wide list of updates.
#[derive(Debug, Clone, Serialize)]
pub struct UpdateRow<'a> {
    /// Date.
    pub date: Date,
    /// Status the update set, if any.
    pub status: Option<&'static str>,
    /// That status in the words of the record's kind.
    pub status_label: Option<String>,
    /// Text as HTML.
    pub text_html: &'a str,
    /// The record it belongs to (a [`Row`], already serialised).
    pub record: super::fingerprint::RowRef<'a>,
}

/// A facet value with its counts, for dashboards and facet indexes.
#[derive(Debug, Clone, Serialize)]
pub struct GroupView<'a> {
    /// Facet folder.
    pub facet: FacetKind,
    /// Slug / key.
    pub slug: &'a str,
    /// Display name (the key, for vocabularies).
    pub name: &'a str,
    /// URL of the facet page.
    pub url: String,
    /// Counts.
    pub counts: &'a Counts,
}

impl<'a> GroupView<'a> {
    /// Borrows a group.
    pub fn new(group: &'a Group, urls: &Urls) -> Self {
        Self {
            facet: group.facet,
            slug: &group.slug,
            name: &group.name,
            url: urls.href(&routes::facet(group.facet.folder(), &group.slug)),
            counts: &group.counts,
        }
    }
}

/// Page navigation of a paginated list.
#[derive(Debug, Clone, Serialize)]
pub struct Paginator {
    /// 1-based current page.
    pub current: usize,
    /// Number of pages.
    pub total_pages: usize,
    /// Number of items over all pages.
    pub total_items: usize,
    /// 1-based number of the first item on this page.
    pub first_item: usize,
    /// URL of the previous page.
    pub prev: Option<String>,
    /// URL of the next page.
    pub next: Option<String>,
    /// Every page: number and URL.
    pub pages: Vec<PageLink>,
}

/// One page of a paginated list.
#[derive(Debug, Clone, Serialize)]
pub struct PageLink {
    /// 1-based page number.
    pub number: usize,
    /// URL.
    pub url: String,
}

impl Paginator {
    /// The paginator of page `current` (1-based) of `total_items` of the list at `list`.
    pub fn new(urls: &Urls, list: &SitePath, current: usize, per_page: usize, total_items: usize) -> Self {
        let total_pages = total_items.div_ceil(per_page).max(1);
        let url = |n: usize| urls.href(&list.page(n));
        // Long lists show the first, last and nearby pages only, so the HTML stays linear.
        let pages = (1..=total_pages)
            .filter(|&n| n <= 2 || n + 1 >= total_pages || n.abs_diff(current) <= 3)
            .map(|n| PageLink {
                number: n,
                url: url(n),
            })
            .collect();
        Self {
            current,
            total_pages,
            total_items,
            first_item: (current - 1) * per_page + 1,
            prev: (current > 1).then(|| url(current - 1)),
            next: (current < total_pages).then(|| url(current + 1)),
            pages,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paginator_links() {
        let urls = Urls::new("https://h.example/", false);
        let list = SitePath::new("r/");
        let p = Paginator::new(&urls, &list, 2, 50, 120);
        assert_eq!(p.total_pages, 3);
        assert_eq!(p.prev.as_deref(), Some("/r/"));
        assert_eq!(p.next.as_deref(), Some("/r/page/3/"));
        assert_eq!(p.first_item, 51);
        let p = Paginator::new(&urls, &list, 1, 50, 0);
        assert_eq!(p.total_pages, 1);
        let p = Paginator::new(&urls, &list, 50, 10, 1000);
        assert!(p.pages.len() < 15);
    }
}

/// A file size in the units a reader knows (B, KB, MB), one decimal place, so a
/// 1.2 MB photo is not shown as "1258291 字节".
pub fn human_size(bytes: u64) -> String {
    #[allow(clippy::cast_precision_loss)]
    let b = bytes as f64;
    if bytes < 1024 {
        format!("{bytes} B")
    } else if bytes < 1024 * 1024 {
        format!("{:.1} KB", b / 1024.0)
    } else {
        format!("{:.1} MB", b / (1024.0 * 1024.0))
    }
}

#[cfg(test)]
mod size_tests {
    use super::human_size;

    #[test]
    fn sizes_read_as_kb_and_mb() {
        assert_eq!(human_size(900), "900 B");
        assert_eq!(human_size(356 * 1024), "356.0 KB");
        assert_eq!(human_size(1_258_291), "1.2 MB");
    }
}
