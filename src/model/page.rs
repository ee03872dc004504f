//! Ordinary Markdown pages and section indexes (notices, about, ...).

use serde::{Deserialize, Serialize};

use super::Date;

/// The front matter of a page; unknown keys are an error here too.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageFront {
    /// Title (required).
    pub title: String,
    /// Publication date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    /// Date of the last change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<Date>,
    /// One-line description for lists and meta tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Built only with `--drafts`.
    #[serde(default)]
    pub draft: bool,
    /// Sort key within a section (lower first) when dates are equal.
    #[serde(default)]
    pub weight: i64,
    /// Template name overriding `page.html` / `section.html`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
}

/// A page or a section index, loaded from `content/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// Front matter.
    pub front: PageFront,
    /// The front matter's YAML text, to position diagnostics about its values.
    pub front_yaml: String,
    /// 1-based line of the file where `front_yaml` starts.
    pub front_line: usize,
    /// Markdown body.
    pub body: String,
    /// 1-based line where the body starts in the file.
    pub body_line: usize,
    /// Source file, relative to the site root.
    pub file: std::path::PathBuf,
    /// URL path relative to the site root, e.g. `notices/2022-rules/` (empty for home).
    pub path: String,
    /// `_index.md`: this page introduces a section (or the home page).
    pub is_section: bool,
    /// Path of the section this page belongs to (`notices/`), empty for top level.
    pub section: String,
}
