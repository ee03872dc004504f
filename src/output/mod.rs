//! Write: output goes into a staging folder beside `--out` and is swapped in only when
//! the whole build succeeded, so a failed or killed build leaves the last good site.
//! On Linux the swap is one atomic `renameat2(RENAME_EXCHANGE)`.

use std::io;
use std::path::{Component, Path, PathBuf};

use crate::diagnostic::Diagnostic;

pub mod exports;
pub mod lock;
pub mod manifest;
pub mod precompress;
pub mod publish;
pub mod remote;
pub mod search;
pub mod site;
pub mod tables;

/// A marker file in every output folder, so a later build knows it may replace it.
pub const MARKER: &str = ".disclose-output";

/// An output folder being written.
#[derive(Debug)]
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    old: PathBuf,
}

fn sibling(out: &Path, suffix: &str) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    out.with_file_name(format!(".{name}.{suffix}"))
}

/// Normalises a path lexically (no symlink resolution needed for a folder that may not exist).
pub(crate) fn absolute(path: &Path) -> PathBuf {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    // Resolve symlinks in the part that exists, so `out` inside a linked folder is caught.
    let mut existing = out.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match existing.file_name() {
            Some(n) => rest.push(n.to_os_string()),
            None => break,
        }
        existing.pop();
    }
    let mut resolved = existing.canonicalize().unwrap_or(existing);
    for n in rest.into_iter().rev() {
        resolved.push(n);
    }
    resolved
}

/// Refuses an output folder that would overwrite sources: the site root itself, a folder
/// holding it, or one inside `content/`, `templates/`, `themes/` or `static/`. Also
/// refuses to replace a non-empty folder that a disclose build did not make.
pub fn check_output_dir(root: &Path, out: &Path) -> Result<(), Diagnostic> {
    let root = absolute(root);
    let out_abs = absolute(out);
    let refuse = |why: String, variant: &str, source: &str| {
        Err(Diagnostic::error(out.to_path_buf(), 0, 0, why)
            .code(crate::diagnostic::Code::UnsafeOutputFolder)
            .arg("variant", variant)
            .arg("folder", source)
            .with_help("choose an output folder outside the sources, e.g. --out public"))
    };
    if root.starts_with(&out_abs) {
        return refuse(
            format!(
                "the output folder {} is, or contains, the site folder",
                out.display()
            ),
            "site",
            "",
        );
    }
    for source in ["content", "templates", "themes", "static"] {
        let dir = root.join(source);
        if out_abs.starts_with(&dir) || dir.starts_with(&out_abs) {
            return refuse(
                format!(
                    "the output folder {} lies inside the site's {source}/ folder",
                    out.display()
                ),
                "source",
                source,
            );
        }
    }
    if out_abs.is_file() {
        return refuse(format!("{} is a file, not a folder", out.display()), "file", "");
    }
    if out_abs.is_dir()
        && !out_abs.join(MARKER).exists()
        && std::fs::read_dir(&out_abs)
            .map(|mut d| d.next().is_some())
            .unwrap_or(false)
    {
        return Err(Diagnostic::error(out.to_path_buf(), 0, 0, format!("{} is not empty and was not made by disclose", out.display()))
            .code(crate::diagnostic::Code::ForeignOutputFolder)
            .with_help("disclose replaces its output folder whole; pick an empty or new folder, or empty this one yourself"));
    }
    Ok(())
}

impl Staging {
    /// Starts a build into `out`: clears leftovers of an interrupted build and creates a
    /// fresh staging folder beside `out`. The caller holds `out`'s lock
    /// ([`lock::FolderLock`]) and has run [`recover`].
    pub fn begin(out: &Path) -> io::Result<Self> {
        let out = absolute(out);
        let dir = sibling(&out, "disclose-staging");
        let old = sibling(&out, "disclose-old");
        if let Some(parent) = out.parent() {
            std::fs::create_dir_all(parent)?;
        }
        recover(&out)?;
        for leftover in [&dir, &old] {
            if leftover.exists() {
                std::fs::remove_dir_all(leftover)?;
            }
        }
        std::fs::create_dir(&dir)?;
        std::fs::write(dir.join(MARKER), MARKER_TEXT)?;
        Ok(Self { out, dir, old })
    }

    /// The staging folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes one file at `rel` (a `/`-separated path inside the site).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let path = self.path_of(rel)?;
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, bytes)
    }

    /// Copies `source` to `rel`.
    pub fn copy(&self, rel: &str, source: &Path) -> io::Result<()> {
        let path = self.path_of(rel)?;
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::copy(source, path).map(|_| ())
    }

    /// The path of `rel` inside staging; refuses anything that would leave it.
    fn path_of(&self, rel: &str) -> io::Result<PathBuf> {
        safe_join(&self.dir, rel)
    }

    /// Swaps the finished site in; the previous output is removed. Whatever happens, the
    /// staging folder does not stay behind.
    pub fn commit(self) -> io::Result<()> {
        let result = self.swap();
        if self.dir.exists() {
            let _ = remove_tree(&self.dir);
        }
        result
    }

    fn swap(&self) -> io::Result<()> {
        if !self.out.exists() {
            return rename(&self.dir, &self.out);
        }
        match exchange(&self.dir, &self.out) {
            // `dir` now holds the previous site.
            Ok(()) => return remove_tree(&self.dir),
            Err(e) if is_busy(&e) => return replace_contents(&self.dir, &self.out),
            Err(e) if !no_exchange(&e) => return Err(e),
            Err(_) => {}
        }
        // No atomic exchange here (an old kernel, a file system without it, not Linux):
        // two renames. A kill between them leaves `out` missing and the previous site in
        // `old`, which `recover` puts back.
        match rename(&self.out, &self.old) {
            Err(e) if is_busy(&e) => return replace_contents(&self.dir, &self.out),
            other => other?,
        }
        rename(&self.dir, &self.out)?;
        remove_tree(&self.old)
    }

    /// Throws the staging folder away; the previous output stays as it was.
    pub fn abort(self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The text of [`MARKER`]: the only form `verify` accepts.
pub const MARKER_TEXT: &str = concat!("disclose ", env!("CARGO_PKG_VERSION"), "\n");

/// Repairs what an interrupted build left beside `out`: a build killed between the two
/// renames of the non-atomic swap leaves `out` missing and the previous site in
/// `.<name>.disclose-old`, which is put back. Returns what was done, to report it.
pub fn recover(out: &Path) -> io::Result<Option<String>> {
    let out = absolute(out);
    let old = sibling(&out, "disclose-old");
    if !out.exists() && old.is_dir() {
        rename(&old, &out)?;
        return Ok(Some(format!(
            "an earlier build was interrupted while switching {} in; the publication before it was put back",
            out.display()
        )));
    }
    Ok(None)
}

/// True for the error of renaming a mount point (EBUSY; a folder in use, on Windows).
pub(crate) fn is_busy(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::ResourceBusy
}

/// True when the atomic exchange is not available (as opposed to failing).
pub(crate) fn no_exchange(e: &io::Error) -> bool {
    matches!(e.raw_os_error(), Some(22 | 38 | 95)) // EINVAL, ENOSYS, EOPNOTSUPP
        || e.kind() == io::ErrorKind::Unsupported
}

/// Renames `from` to `to`. (On Linux this is one `renameat`, while [`exchange`] is one
/// `renameat2`: the crash tests fail or kill each of them in turn by system call.)
pub(crate) fn rename(from: &Path, to: &Path) -> io::Result<()> {
    std::fs::rename(from, to)
}

/// Makes the folder `into` hold exactly what `from` holds, for an output folder that
/// cannot be renamed (a mount point): every file is copied in beside its target and
/// renamed over it, so each file is whole; then what `from` does not hold is removed.
/// Pages come last among the copies, so a reader mostly meets new pages linking to files
/// already there. Symlinks in `into` are removed, never followed.
pub(crate) fn replace_contents(from: &Path, into: &Path) -> io::Result<()> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(from).follow_links(false).min_depth(1) {
        let entry = entry.map_err(io::Error::other)?;
        let rel = entry
            .path()
            .strip_prefix(from)
            .map_err(io::Error::other)?
            .to_path_buf();
        let target = into.join(&rel);
        if entry.file_type().is_dir() {
            if std::fs::symlink_metadata(&target).is_ok_and(|m| !m.is_dir()) {
                std::fs::remove_file(&target)?;
            }
            std::fs::create_dir_all(&target)?;
        } else if entry.file_type().is_file() {
            files.push(rel);
        }
    }
    files.sort_by_key(|rel| rel.extension().is_some_and(|e| e == "html"));
    for rel in &files {
        let target = into.join(rel);
        if std::fs::symlink_metadata(&target).is_ok_and(|m| m.is_dir()) {
            std::fs::remove_dir_all(&target)?;
        }
        let parent = target.parent().unwrap_or(into);
        let tmp = tempfile::Builder::new()
            .prefix(".disclose-")
            .tempfile_in(parent)?;
        std::fs::copy(from.join(rel), tmp.path())?;
        tmp.persist(&target).map_err(|e| e.error)?;
    }
    let mut stale: Vec<(PathBuf, bool)> = Vec::new();
    for entry in walkdir::WalkDir::new(into)
        .follow_links(false)
        .min_depth(1)
        .contents_first(true)
    {
        let entry = entry.map_err(io::Error::other)?;
        let rel = entry.path().strip_prefix(into).map_err(io::Error::other)?;
        let wanted = std::fs::symlink_metadata(from.join(rel))
            .is_ok_and(|m| m.is_dir() == entry.file_type().is_dir() && !m.file_type().is_symlink());
        if !wanted {
            stale.push((entry.path().to_path_buf(), entry.file_type().is_dir()));
        }
    }
    for (path, is_dir) in stale {
        if is_dir {
            std::fs::remove_dir(&path)?;
        } else {
            std::fs::remove_file(&path)?;
        }
    }
    Ok(())
}

/// `dir` joined with `rel`, a `/`-separated path inside it; refuses an empty path and
/// anything with `..`, a root or a prefix, which could leave `dir`.
pub(crate) fn safe_join(dir: &Path, rel: &str) -> io::Result<PathBuf> {
    let p = Path::new(rel);
    if rel.is_empty() || p.components().any(|c| !matches!(c, Component::Normal(_))) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("refusing to write outside the output folder: {rel}"),
        ));
    }
    Ok(dir.join(p))
}

/// Writes one file so that readers see the old content or the new, never a part: into a
/// temporary file beside `path`, then renamed over it. Creates the parent folders.
pub fn write_file_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let parent = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)?;
    let mut tmp = tempfile::NamedTempFile::new_in(parent)?;
    io::Write::write_all(&mut tmp, bytes)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Removes a folder tree with every folder's entries in parallel: a site is one folder per
/// record, so splitting only the top level left `records/` (most of the files) to one core.
/// Symlinks are removed, never followed.
fn remove_tree(dir: &Path) -> io::Result<()> {
    use rayon::prelude::*;
    let entries: Vec<(PathBuf, bool)> = std::fs::read_dir(dir)?
        .map(|e| {
            let e = e?;
            Ok((e.path(), e.file_type()?.is_dir()))
        })
        .collect::<io::Result<_>>()?;
    entries.par_iter().try_for_each(|(path, is_dir)| {
        if *is_dir {
            remove_tree(path)
        } else {
            std::fs::remove_file(path)
        }
    })?;
    std::fs::remove_dir(dir)
}

#[cfg(target_os = "linux")]
pub(crate) fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

#[cfg(not(target_os = "linux"))]
pub(crate) fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::new(
        io::ErrorKind::Unsupported,
        "no atomic exchange on this platform",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_outputs_that_hold_sources() {
        let site = tempfile::tempdir().unwrap();
        let root = site.path();
        std::fs::create_dir_all(root.join("content/records")).unwrap();
        assert!(check_output_dir(root, root).is_err());
        assert!(check_output_dir(root, &root.join("content")).is_err());
        assert!(check_output_dir(root, &root.join("content/records/out")).is_err());
        assert!(check_output_dir(root, &root.join("themes/x")).is_err());
        assert!(check_output_dir(root, root.parent().unwrap()).is_err());
        assert!(check_output_dir(root, &root.join("public")).is_ok());
    }

    #[test]
    fn refuses_foreign_non_empty_folders() {
        let site = tempfile::tempdir().unwrap();
        let out = site.path().join("home");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("thesis.docx"), b"x").unwrap();
        assert!(check_output_dir(site.path(), &out).is_err());
        std::fs::write(out.join(MARKER), b"").unwrap();
        assert!(check_output_dir(site.path(), &out).is_ok());
    }

    #[test]
    fn commit_swaps_and_abort_keeps_previous() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let s = Staging::begin(&out).unwrap();
        s.write("index.html", b"one").unwrap();
        s.commit().unwrap();
        assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"one");

        let s = Staging::begin(&out).unwrap();
        s.write("index.html", b"two").unwrap();
        s.abort();
        assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"one");

        let s = Staging::begin(&out).unwrap();
        s.write("a/b/index.html", b"three").unwrap();
        assert!(s.write("../escape.html", b"x").is_err());
        s.commit().unwrap();
        assert!(!out.join("index.html").exists());
        assert_eq!(std::fs::read(out.join("a/b/index.html")).unwrap(), b"three");
        let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers, [std::ffi::OsString::from("public")]);
    }

    #[test]
    fn recovers_from_a_kill_between_renames() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let old = sibling(&out, "disclose-old");
        std::fs::create_dir_all(&old).unwrap();
        std::fs::write(old.join("index.html"), b"previous").unwrap();
        let s = Staging::begin(&out).unwrap();
        s.abort();
        assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"previous");
    }
}
