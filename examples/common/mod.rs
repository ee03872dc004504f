//! What the rebuild benchmarks share: which records to edit, and the median of the times.

use std::path::{Path, PathBuf};

/// `edits` record files (`*.md`) spread evenly over the site's records, in path order.
pub fn records_to_edit(site: &Path, edits: usize) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(site.join("content/records"))
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    let step = (files.len() / edits.max(1)).max(1);
    files.into_iter().step_by(step).take(edits).collect()
}

/// The median (the upper one of an even count); 0 for no values.
pub fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or_default()
}
