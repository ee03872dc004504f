//! Helpers for the tests that drive serve's in-process `Session` and compare its output
//! with a full build's, file by file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use disclose::{BuildOptions, SiteOptions};

/// Every file of a tree (path → bytes).
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// Build options for `site` into `out`.
pub fn options(site: &Path, out: PathBuf) -> BuildOptions {
    BuildOptions {
        site: SiteOptions {
            root: site.to_path_buf(),
            ..SiteOptions::default()
        },
        out: Some(out),
        // Both builds compare with the same (absent) previous publication.
        previous: Some(site.join("no-previous")),
        ..BuildOptions::default()
    }
}
