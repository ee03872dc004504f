//! The publisher: every file of a build goes through here, and is hashed on the way, so
//! the manifest costs no second read of the output.
//!
//! A full build publishes into a staging folder that is swapped in at the end. `serve`'s
//! incremental rebuild publishes into the live preview folder file by file instead: a file
//! whose bytes did not change is not rewritten, a page that was not re-rendered is *kept*
//! (listed again from the last build), and files that are no longer produced are removed
//! at commit. Each file it replaces or removes is first kept in an undo folder beside the
//! output (a hard link: no copy), so a rebuild that fails late — after some pages were
//! written — puts every file back as it was and removes the ones it added: the preview
//! then holds the last good build byte for byte.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::manifest::{FileEntry, sha256_hex};
use super::{Staging, safe_join, sibling, write_file_atomic};

/// Where the files go.
#[derive(Debug)]
enum Destination {
    /// A fresh folder beside the output, swapped in at commit.
    Staging(Staging),
    /// The output folder itself; `previous` lists what it holds now.
    InPlace {
        dir: PathBuf,
        previous: HashMap<String, FileEntry>,
        undo: Undo,
    },
}

/// What a rebuild in place changed in the output folder, to put back if it fails: the
/// files it replaced or removed, kept under `dir` (a folder beside the output) at their
/// own paths, and the files it added.
#[derive(Debug)]
struct Undo {
    dir: PathBuf,
    changes: Mutex<Vec<Change>>,
}

#[derive(Debug)]
enum Change {
    /// The file at this path was there before; its old bytes are in the undo folder.
    Saved(String),
    /// The file at this path was not there before.
    Created(String),
}

impl Undo {
    fn beside(out: &Path) -> Self {
        Self {
            dir: sibling(out, "disclose-undo"),
            changes: Mutex::new(Vec::new()),
        }
    }

    /// Called before `path` (at `target` in the output) is written or removed: keeps
    /// what it holds now, once per rebuild.
    fn save(&self, path: &str, target: &Path) -> std::io::Result<()> {
        let mut changes = lock(&self.changes);
        if changes
            .iter()
            .any(|c| matches!(c, Change::Saved(p) | Change::Created(p) if p == path))
        {
            return Ok(());
        }
        if std::fs::symlink_metadata(target).is_err() {
            changes.push(Change::Created(path.to_string()));
            return Ok(());
        }
        let kept = safe_join(&self.dir, path)?;
        if let Some(parent) = kept.parent() {
            std::fs::create_dir_all(parent)?;
        }
        // A hard link keeps the old bytes without copying them: the new file is renamed
        // over the path, the link still names the old one. Copy where links fail.
        if std::fs::hard_link(target, &kept).is_err() {
            std::fs::copy(target, &kept)?;
        }
        changes.push(Change::Saved(path.to_string()));
        Ok(())
    }

    /// Puts back every file saved and removes every file created, in `out`; then removes
    /// the undo folder. Goes on past a failure and returns the first.
    fn roll_back(self, out: &Path) -> std::io::Result<()> {
        let mut first: std::io::Result<()> = Ok(());
        let mut note = |r: std::io::Result<()>| {
            if first.is_ok() {
                first = r;
            }
        };
        for change in self.changes.into_inner().unwrap_or_else(|e| e.into_inner()) {
            match change {
                Change::Saved(path) => note(
                    safe_join(&self.dir, &path)
                        .and_then(|kept| safe_join(out, &path).map(|target| (kept, target)))
                        .and_then(|(kept, target)| {
                            if let Some(parent) = target.parent() {
                                std::fs::create_dir_all(parent)?;
                            }
                            std::fs::rename(kept, target)
                        }),
                ),
                Change::Created(path) => note(safe_join(out, &path).and_then(|target| {
                    match std::fs::remove_file(&target) {
                        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
                        _ => {}
                    }
                    // Folders made for it go too (the ones that were there hold files).
                    let mut parent = target.parent();
                    while let Some(p) = parent.filter(|p| *p != out) {
                        if std::fs::remove_dir(p).is_err() {
                            break;
                        }
                        parent = p.parent();
                    }
                    Ok(())
                })),
            }
        }
        note(clear(&self.dir));
        first
    }
}

/// Removes the undo folder `dir`, if there is one.
fn clear(dir: &Path) -> std::io::Result<()> {
    match std::fs::remove_dir_all(dir) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
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

    /// Publishes into the existing output `dir`, which holds the files of `previous`;
    /// what it replaces is kept until [`Publisher::commit`], so that
    /// [`Publisher::abort`] can put it back.
    pub fn in_place(dir: PathBuf, previous: Vec<FileEntry>) -> std::io::Result<Self> {
        let previous = previous.into_iter().map(|f| (f.path.clone(), f)).collect();
        let undo = Undo::beside(&super::absolute(&dir));
        // Left by a rebuild killed midway: its files were not put back, and the next
        // full build replaces the whole folder anyway.
        clear(&undo.dir)?;
        Ok(Self::with(Destination::InPlace { dir, previous, undo }))
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
            Destination::InPlace { dir, previous, undo } => {
                if previous.get(path) != Some(&entry) {
                    let target = safe_join(dir, path)?;
                    undo.save(path, &target)?;
                    write_file_atomic(&target, bytes)?;
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
            Destination::InPlace { dir, undo, .. } => {
                let target = safe_join(dir, path)?;
                undo.save(path, &target)?;
                write_file_atomic(&target, bytes)
            }
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
    /// this one no longer produced (if that fails, everything is put back as on
    /// [`Publisher::abort`]). Returns every published file.
    pub fn commit(self) -> std::io::Result<Vec<FileEntry>> {
        let files = self.files.into_inner().unwrap_or_else(|e| e.into_inner());
        match self.destination {
            Destination::Staging(staging) => staging.commit()?,
            Destination::InPlace { dir, previous, undo } => {
                let now: std::collections::HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
                let mut gone: Vec<&String> = previous.keys().filter(|p| !now.contains(p.as_str())).collect();
                gone.sort();
                let removed = gone.into_iter().try_for_each(|path| {
                    let target = safe_join(&dir, path)?;
                    undo.save(path, &target)?;
                    match std::fs::remove_file(&target) {
                        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
                        _ => Ok(()),
                    }
                });
                if let Err(e) = removed {
                    let _ = undo.roll_back(&dir);
                    return Err(e);
                }
                // Done: what was kept for an undo is no longer needed.
                let _ = clear(&undo.dir);
            }
        }
        Ok(files)
    }

    /// Gives up: discards the staging folder, or puts back every file a rebuild in place
    /// replaced or removed and removes those it added. Either way the output holds the
    /// previous build, byte for byte; an error says a file could not be put back.
    pub fn abort(self) -> std::io::Result<()> {
        match self.destination {
            Destination::Staging(staging) => {
                staging.abort();
                Ok(())
            }
            Destination::InPlace { dir, undo, .. } => undo.roll_back(&dir),
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

        let next = Publisher::in_place(dir.path().to_path_buf(), files).unwrap();
        next.put("a.html", b"a", None).unwrap(); // same bytes: not rewritten
        next.put("b/index.html", b"B", None).unwrap();
        assert!(next.keep("c.txt", None));
        assert!(!next.keep("nope.txt", None));
        next.put("d.txt", b"d", None).unwrap();
        let files = next.commit().unwrap();
        assert_eq!(mtime("a.html"), a_before);
        assert_eq!(std::fs::read(dir.path().join("b/index.html")).unwrap(), b"B");
        assert_eq!(files.len(), 4);

        let last = Publisher::in_place(dir.path().to_path_buf(), files).unwrap();
        last.put("a.html", b"a", None).unwrap();
        last.commit().unwrap();
        assert!(!dir.path().join("c.txt").exists() && !dir.path().join("d.txt").exists());
        assert!(
            dir.path().join(super::super::MARKER).exists(),
            "unlisted files stay"
        );
    }

    /// Every file under `dir` with its bytes.
    fn files_of(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
        let mut files: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(dir)
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| !e.file_type().is_dir())
            .map(|e| (e.path().to_path_buf(), std::fs::read(e.path()).unwrap()))
            .collect();
        files.sort();
        files
    }

    #[test]
    fn abort_in_place_puts_back_what_was_replaced_and_removes_what_was_added() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("site");
        let first = Publisher::new(Staging::begin(&out).unwrap());
        first.put("a.html", b"a", Some(String::new())).unwrap();
        first.put("b/index.html", b"b", None).unwrap();
        first.put_unlisted("manifest.json", b"m").unwrap();
        let files = first.commit().unwrap();
        let before = files_of(&out);

        let next = Publisher::in_place(out.clone(), files.clone()).unwrap();
        next.put("a.html", b"A", None).unwrap();
        next.put("a.html", b"AA", None).unwrap();
        next.put("new/deep/d.txt", b"d", None).unwrap();
        next.put_unlisted("manifest.json", b"M").unwrap();
        assert_eq!(
            std::fs::read(out.join("a.html")).unwrap(),
            b"AA",
            "written in place"
        );
        next.abort().unwrap();
        assert_eq!(files_of(&out), before);
        assert!(
            !out.join("new").exists(),
            "the folders made for added files go too"
        );
        let beside: Vec<_> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(beside, [std::ffi::OsString::from("site")], "no undo folder left");

        // Committed, the undo folder goes and the change stays.
        let last = Publisher::in_place(out.clone(), files).unwrap();
        last.put("a.html", b"A", None).unwrap();
        last.commit().unwrap();
        assert_eq!(std::fs::read(out.join("a.html")).unwrap(), b"A");
        assert!(!out.join("b/index.html").exists());
        let beside: Vec<_> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(beside, [std::ffi::OsString::from("site")]);
    }

    #[test]
    fn in_place_refuses_paths_that_leave_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let p = Publisher::in_place(dir.path().to_path_buf(), Vec::new()).unwrap();
        assert!(p.put("../x.html", b"x", None).is_err());
        assert!(p.put("/etc/x", b"x", None).is_err());
    }
}
