//! One writer per output folder: `build` and `deploy` hold an exclusive lock on a file
//! beside the folder they replace (`.<name>.disclose-lock` in its parent) for their whole
//! run, so a second run into the same folder fails at once instead of deleting the first
//! one's files mid-write.
//!
//! The lock is the operating system's: `flock` on Unix, and on Windows the file opened
//! with no sharing and delete-on-close. The kernel releases it when the holder exits, even
//! when killed, so a crash never leaves a folder locked. The holder removes the file when
//! it is done (on Windows the system does, as the file closes); a run that locked a file
//! which was removed meanwhile (the classic race of removing lock files) notices the file
//! at the path is no longer its own and locks again.

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Seek, Write};
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;

/// The lock file of the folder `dir`: `.<name>.disclose-lock` beside it.
pub fn lock_path(dir: &Path) -> PathBuf {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    dir.with_file_name(format!(".{name}.disclose-lock"))
}

/// An exclusive lock on one output folder, released (and its file removed) on drop.
#[derive(Debug)]
pub struct FolderLock {
    path: PathBuf,
    /// Held open for the lock; closed (and so released) when the lock drops.
    _file: File,
}

impl FolderLock {
    /// Locks the folder `dir` (which need not exist; its parent is created), or fails at
    /// once when another run holds it. `what` names the folder in the message ("output
    /// folder", "web root").
    pub fn acquire(dir: &Path, what: &str) -> Result<Self, Diagnostic> {
        let path = lock_path(dir);
        let failed = |e: io::Error| {
            Diagnostic::error(
                dir.to_path_buf(),
                0,
                0,
                format!(
                    "cannot lock the {what} {} ({}): {e}",
                    dir.display(),
                    path.display()
                ),
            )
            .code(crate::diagnostic::Code::WriteFailed)
            .arg("error", &e)
            .with_help("check that the folder's parent exists and is writable")
        };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(failed)?;
        }
        // A handful of tries: each retry means the holder removed the file between our
        // open and our lock, which does not repeat unless runs keep starting and ending.
        for _ in 0..16 {
            let mut file = match open_locked(&path) {
                Ok(file) => file,
                Err(Locked::Busy(mut file)) => {
                    let mut holder = String::new();
                    if let Some(file) = file.as_mut() {
                        let _ = file.read_to_string(&mut holder);
                    }
                    let holder = holder.trim();
                    let by = if holder.is_empty() {
                        "another disclose run".to_string()
                    } else {
                        format!("another disclose run ({holder})")
                    };
                    return Err(Diagnostic::error(
                        dir.to_path_buf(),
                        0,
                        0,
                        format!("{by} is writing the {what} {}; nothing was changed", dir.display()),
                    )
                    .code(crate::diagnostic::Code::OutputLocked)
                    .arg("variant", if holder.is_empty() { "" } else { "held" })
                    .arg("holder", holder)
                    .with_help(format!(
                        "wait for it to finish and run again; two runs into one folder would delete each other's files (the lock is {})",
                        path.display()
                    )));
                }
                Err(Locked::Failed(e)) => return Err(failed(e)),
                Err(Locked::Retry) => {
                    std::thread::sleep(std::time::Duration::from_millis(20));
                    continue;
                }
            };
            if !same_file(&file, &path) {
                continue;
            }
            let _ = file.set_len(0);
            let _ = file.rewind();
            let _ = writeln!(file, "pid {}", std::process::id());
            return Ok(Self { path, _file: file });
        }
        Err(failed(io::Error::other("the lock file keeps being replaced")))
    }
}

/// Why [`open_locked`] did not lock.
enum Locked {
    /// Another run holds it (the file, when it could be opened, to name the holder).
    Busy(Option<File>),
    /// The file could not be opened or locked.
    Failed(io::Error),
    /// The file is being removed by the holder that just released it (Windows).
    #[cfg_attr(not(windows), allow(dead_code))]
    Retry,
}

/// Opens `path` (created if need be) and takes its exclusive lock without waiting.
#[cfg(target_os = "linux")]
fn open_locked(path: &Path) -> Result<File, Locked> {
    use rustix::fs::{FlockOperation, flock};
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .map_err(Locked::Failed)?;
    match flock(&file, FlockOperation::NonBlockingLockExclusive) {
        Ok(()) => Ok(file),
        Err(rustix::io::Errno::WOULDBLOCK) => Err(Locked::Busy(Some(file))),
        Err(e) => Err(Locked::Failed(e.into())),
    }
}

/// Opens `path` (created if need be) and takes its exclusive lock without waiting.
#[cfg(all(unix, not(target_os = "linux")))]
#[allow(clippy::incompatible_msrv)] // std's file locks (1.89); these targets build with newer
fn open_locked(path: &Path) -> Result<File, Locked> {
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .map_err(Locked::Failed)?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => Err(Locked::Busy(Some(file))),
        Err(std::fs::TryLockError::Error(e)) => Err(Locked::Failed(e)),
    }
}

/// Opens `path` (created if need be) with no sharing: a second open fails until the
/// holder closes it. Windows cannot remove an open file, so the file is opened
/// delete-on-close: the system removes it when the holder's handle closes, also when the
/// holder is killed.
#[cfg(windows)]
fn open_locked(path: &Path) -> Result<File, Locked> {
    use std::os::windows::fs::OpenOptionsExt;
    const ERROR_ACCESS_DENIED: i32 = 5;
    const ERROR_SHARING_VIOLATION: i32 = 32;
    const GENERIC_READ: u32 = 0x8000_0000;
    const GENERIC_WRITE: u32 = 0x4000_0000;
    const DELETE: u32 = 0x0001_0000;
    const FILE_FLAG_DELETE_ON_CLOSE: u32 = 0x0400_0000;
    OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .access_mode(GENERIC_READ | GENERIC_WRITE | DELETE)
        .share_mode(0)
        .custom_flags(FILE_FLAG_DELETE_ON_CLOSE)
        .open(path)
        .map_err(|e| match e.raw_os_error() {
            Some(ERROR_SHARING_VIOLATION) => Locked::Busy(None),
            // The last holder closed the file and the system is removing it: try again.
            Some(ERROR_ACCESS_DENIED) if path.exists() => Locked::Retry,
            _ => Locked::Failed(e),
        })
}

/// True when `path` still names the file open as `file` (the holder before us did not
/// remove it between our open and our lock).
#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// On Windows an open file cannot be removed, so the file at the path is always ours.
#[cfg(not(unix))]
fn same_file(_: &File, _: &Path) -> bool {
    true
}

impl Drop for FolderLock {
    fn drop(&mut self) {
        // Remove while still holding the lock; a run waiting on this file then sees it is
        // gone and locks a fresh one. (On Windows the system removes it as the file
        // closes: it was opened delete-on-close.)
        if cfg!(unix) {
            let _ = std::fs::remove_file(&self.path);
        }
        // Closing the file (when `self.file` drops after this) releases the lock.
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_fails_at_once_and_the_first_release_frees_it() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let first = FolderLock::acquire(&out, "output folder").unwrap();
        let second = FolderLock::acquire(&out, "output folder").unwrap_err();
        assert!(
            second.message.contains("another disclose run (pid "),
            "{second:?}"
        );
        assert!(second.message.contains("nothing was changed"), "{second:?}");
        drop(first);
        assert!(!lock_path(&out).exists(), "the lock file is removed on release");
        let third = FolderLock::acquire(&out, "output folder").unwrap();
        drop(third);
        let left: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
        assert!(left.is_empty(), "{left:?}");
    }

    #[test]
    fn a_stale_lock_file_of_a_killed_run_does_not_block() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        std::fs::write(lock_path(&out), "pid 1\n").unwrap();
        let lock = FolderLock::acquire(&out, "output folder").unwrap();
        assert!(
            std::fs::read_to_string(lock_path(&out))
                .unwrap()
                .starts_with(&format!("pid {}", std::process::id()))
        );
        drop(lock);
    }
}
