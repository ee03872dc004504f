//! Page rules: unique URLs, and no page hiding a generated page.

use std::collections::BTreeMap;

use crate::diagnostic::{Code, Diagnostic};
use crate::source::Sources;

/// Top-level URL folders the generator owns.
pub const RESERVED: &[&str] = &[
    "records",
    "inspections",
    "regions",
    "types",
    "status",
    "units",
    "overdue",
    "table",
    "closures",
    "updates",
    "search",
    "data",
    "static",
    "changes",
];

pub(super) fn check(sources: &Sources) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut seen: BTreeMap<&str, &std::path::Path> = BTreeMap::new();
    for page in &sources.pages {
        if page.front.title.trim().is_empty() {
            out.push(
                Diagnostic::error(&page.file, 2, 1, "the page title is empty")
                    .code(Code::EmptyPageTitle)
                    .field("title")
                    .with_help("add `title:` to the front matter"),
            );
        }
        if let Some(earlier) = seen.insert(&page.path, &page.file) {
            out.push(
                Diagnostic::error(
                    &page.file,
                    1,
                    1,
                    format!(
                        "this page has the same address /{} as {}",
                        page.path,
                        earlier.display()
                    ),
                )
                .code(Code::DuplicatePageAddress)
                .arg("path", &page.path)
                .arg("file", earlier.display())
                .with_help("rename one of the files"),
            );
        }
        let top = page.path.split('/').next().unwrap_or("");
        let records_intro = page.is_section && page.path == "records/";
        if RESERVED.contains(&top) && !records_intro {
            out.push(
                Diagnostic::error(
                    &page.file,
                    1,
                    1,
                    format!("the address /{} is reserved for generated pages", page.path),
                )
                .code(Code::ReservedAddress)
                .arg("path", &page.path)
                .with_help(format!(
                    "move the page out of content/{top}/ (reserved: {})",
                    RESERVED.join(", ")
                )),
            );
        }
    }
    out
}
