//! The publisher: every file of a build goes through here, and is hashed on the way, so
//! the manifest costs no second read of the output.
//!
//! A full build publishes into a staging folder that is swapped in at the end. `serve`'s
//! incremental rebuild publishes into the live preview folder file by file instead: a file
//! whose bytes did not change is not rewritten, a page that was not re-rendered is *kept*
//! (listed again from the last build), and files that are no longer produced are removed
//! at commit.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::manifest::{FileEntry, sha256_hex};
use super::{Staging, safe_join, write_file_atomic};

/// Where the files go.
#[derive(Debug)]
enum Destination {
    /// A fresh folder beside the output, swapped in at commit.
    Staging(Staging),
    /// The output folder itself; `previous` lists what it holds now.
    InPlace {
        dir: PathBuf,
        previous: HashMap<String, FileEntry>,
    },
}

/// Writes files and remembers what was written.
#[derive(Debug)]
pub struct Publisher {
    destination: Destination,
    files: Mutex<Vec<FileEntry>>,
    pages: Mutex<Vec<String>>,
}

impl Publisher {
    /// Publishes into `staging` (a full build).
    pub fn new(staging: Staging) -> Self {
        Self::with(Destination::Staging(staging))
    }

    /// Publishes into the existing output `dir`, which holds the files of `previous`.
    pub fn in_place(dir: PathBuf, previous: Vec<FileEntry>) -> Self {
        let previous = previous.into_iter().map(|f| (f.path.clone(), f)).collect();
        Self::with(Destination::InPlace { dir, previous })
    }

    fn with(destination: Destination) -> Self {
        Self {
            destination,
            files: Mutex::new(Vec::new()),
            pages: Mutex::new(Vec::new()),
        }
    }

    /// Writes `bytes` at `path`; `page_path` marks an HTML page for the sitemap.
    pub fn put(&self, path: &str, bytes: &[u8], page_path: Option<String>) -> std::io::Result<FileEntry> {
        let entry = FileEntry {
            path: path.to_string(),
            size: bytes.len() as u64,
            sha256: sha256_hex(bytes),
        };
        match &self.destination {
            Destination::Staging(staging) => staging.write(path, bytes)?,
            Destination::InPlace { dir, previous } => {
                if previous.get(path) != Some(&entry) {
                    write_file_atomic(&safe_join(dir, path)?, bytes)?;
                }
            }
        }
        self.record(entry.clone(), page_path);
        Ok(entry)
    }

    /// Lists `path` again as it was in the last build, without writing it: the incremental
    /// rebuild found that nothing it depends on changed. `false` if there is no such file
    /// (the caller then renders it after all).
    pub fn keep(&self, path: &str, page_path: Option<String>) -> bool {
        let Destination::InPlace { previous, .. } = &self.destination else {
            return false;
        };
        match previous.get(path) {
            Some(entry) => {
                self.record(entry.clone(), page_path);
                true
            }
            None => false,
        }
    }

    fn record(&self, entry: FileEntry, page_path: Option<String>) {
        lock(&self.files).push(entry);
        if let Some(p) = page_path {
            lock(&self.pages).push(p);
        }
    }

    /// Writes a file that the manifest does not list (the manifest and its signature).
    pub fn put_unlisted(&self, path: &str, bytes: &[u8]) -> std::io::Result<()> {
        match &self.destination {
            Destination::Staging(staging) => staging.write(path, bytes),
            Destination::InPlace { dir, .. } => write_file_atomic(&safe_join(dir, path)?, bytes),
        }
    }

    /// Copies the file at `source` to `path`.
    pub fn copy(&self, path: &str, source: &Path) -> std::io::Result<FileEntry> {
        let bytes = std::fs::read(source)?;
        self.put(path, &bytes, None)
    }

    /// Where a written file sits.
    pub fn staged(&self, path: &str) -> PathBuf {
        match &self.destination {
            Destination::Staging(staging) => staging.dir().join(path),
            Destination::InPlace { dir, .. } => dir.join(path),
        }
    }

    /// Site paths of the HTML pages written (or kept) so far.
    pub fn page_paths(&self) -> Vec<String> {
        lock(&self.pages).clone()
    }

    /// Every file written (or kept) so far.
    pub fn files(&self) -> Vec<FileEntry> {
        lock(&self.files).clone()
    }

    /// Finishes: swaps the staging folder in, or removes the files the last build had and
    /// this one no longer produced. Returns every published file.
    pub fn commit(self) -> std::io::Result<Vec<FileEntry>> {
        let files = self.files.into_inner().unwrap_or_else(|e| e.into_inner());
        match self.destination {
            Destination::Staging(staging) => staging.commit()?,
            Destination::InPlace { dir, previous } => {
                let now: std::collections::HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
                for gone in previous.keys().filter(|p| !now.contains(p.as_str())) {
                    match std::fs::remove_file(safe_join(&dir, gone)?) {
                        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
                        _ => {}
                    }
                }
            }
        }
        Ok(files)
    }

    /// Discards the staging folder; the previous output stays as it was. (In place, the
    /// files already replaced stay replaced: `serve` then rebuilds in full.)
    pub fn abort(self) {
        if let Destination::Staging(staging) = self.destination {
            staging.abort();
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A panic while holding the lock cannot leave a Vec half-pushed; keep going.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn in_place_rewrites_only_changed_files_and_removes_dropped_ones() {
        let dir = tempfile::tempdir().unwrap();
        let first = Publisher::new(Staging::begin(dir.path()).unwrap());
        first.put("a.html", b"a", Some(String::new())).unwrap();
        first.put("b/index.html", b"b", None).unwrap();
        first.put("c.txt", b"c", None).unwrap();
        let files = first.commit().unwrap();
        let mtime = |p: &str| std::fs::metadata(dir.path().join(p)).unwrap().modified().unwrap();
        let a_before = mtime("a.html");
        std::thread::sleep(std::time::Duration::from_millis(20));

        let next = Publisher::in_place(dir.path().to_path_buf(), files);
        next.put("a.html", b"a", None).unwrap(); // same bytes: not rewritten
        next.put("b/index.html", b"B", None).unwrap();
        assert!(next.keep("c.txt", None));
        assert!(!next.keep("nope.txt", None));
        next.put("d.txt", b"d", None).unwrap();
        let files = next.commit().unwrap();
        assert_eq!(mtime("a.html"), a_before);
        assert_eq!(std::fs::read(dir.path().join("b/index.html")).unwrap(), b"B");
        assert_eq!(files.len(), 4);

        let last = Publisher::in_place(dir.path().to_path_buf(), files);
        last.put("a.html", b"a", None).unwrap();
        last.commit().unwrap();
        assert!(!dir.path().join("c.txt").exists() && !dir.path().join("d.txt").exists());
        assert!(
            dir.path().join(super::super::MARKER).exists(),
            "unlisted files stay"
        );
    }

    #[test]
    fn in_place_refuses_paths_that_leave_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let p = Publisher::in_place(dir.path().to_path_buf(), Vec::new());
        assert!(p.put("../x.html", b"x", None).is_err());
        assert!(p.put("/etc/x", b"x", None).is_err());
    }
}
