//! The publisher: every file of a build goes through here into the staging folder, and
//! is hashed on the way, so the manifest costs no second read of the output.

use std::path::Path;
use std::sync::Mutex;

use super::Staging;
use super::manifest::{FileEntry, sha256_hex};

/// Writes files into staging and remembers what was written.
#[derive(Debug)]
pub struct Publisher {
    staging: Staging,
    files: Mutex<Vec<FileEntry>>,
    pages: Mutex<Vec<String>>,
}

impl Publisher {
    /// Publishes into `staging`.
    pub fn new(staging: Staging) -> Self {
        Self {
            staging,
            files: Mutex::new(Vec::new()),
            pages: Mutex::new(Vec::new()),
        }
    }

    /// Writes `bytes` at `path`; `page_path` marks an HTML page for the sitemap.
    pub fn put(&self, path: &str, bytes: &[u8], page_path: Option<String>) -> std::io::Result<FileEntry> {
        self.staging.write(path, bytes)?;
        let entry = FileEntry {
            path: path.to_string(),
            size: bytes.len() as u64,
            sha256: sha256_hex(bytes),
        };
        lock(&self.files).push(entry.clone());
        if let Some(p) = page_path {
            lock(&self.pages).push(p);
        }
        Ok(entry)
    }

    /// Writes a file that the manifest does not list (the manifest and its signature).
    pub fn put_unlisted(&self, path: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.staging.write(path, bytes)
    }

    /// Copies the file at `source` to `path`.
    pub fn copy(&self, path: &str, source: &Path) -> std::io::Result<FileEntry> {
        let bytes = std::fs::read(source)?;
        self.put(path, &bytes, None)
    }

    /// Where a written file sits in the staging folder.
    pub fn staged(&self, path: &str) -> std::path::PathBuf {
        self.staging.dir().join(path)
    }

    /// Site paths of the HTML pages written so far.
    pub fn page_paths(&self) -> Vec<String> {
        lock(&self.pages).clone()
    }

    /// Every file written so far.
    pub fn files(&self) -> Vec<FileEntry> {
        lock(&self.files).clone()
    }

    /// Swaps the staging folder in.
    pub fn commit(self) -> std::io::Result<()> {
        self.staging.commit()
    }

    /// Discards the staging folder.
    pub fn abort(self) {
        self.staging.abort();
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A panic while holding the lock cannot leave a Vec half-pushed; keep going.
    m.lock().unwrap_or_else(|e| e.into_inner())
}
