//! `disclose deploy`: publish a built site into a web root the way a careful operator
//! would. The site is copied into a fresh sibling folder, verified against its
//! `manifest.json`, then switched in with one atomic rename (`renameat2` exchange on
//! Linux), so visitors never see a half-copied site. The previous publication is kept
//! beside the web root for `--rollback`.
//!
//! A deploy holds the web root's lock ([`crate::output::lock`]) throughout, and before the
//! switch writes a small journal beside the web root naming the manifest it switches to.
//! A deploy killed (or failing) at any point therefore leaves the live site whole, and the
//! next deploy (or rollback) reads the journal, finishes or undoes the switch and says so:
//! the publication that was live before is always kept for `--rollback`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::output::manifest::{self, Manifest};

/// Flags of `disclose deploy`.
#[derive(Debug, Clone)]
pub struct DeployOptions {
    /// The site folder (holds `site.yaml`), to refuse a web root inside the sources.
    pub root: PathBuf,
    /// The built site to publish.
    pub site: PathBuf,
    /// The web root.
    pub to: PathBuf,
    /// Put the previous publication back instead.
    pub rollback: bool,
    /// List what would change; change nothing.
    pub dry_run: bool,
}

/// What a deploy did (or would do).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeployReport {
    /// Files new in this publication.
    pub added: Vec<String>,
    /// Files whose content changed.
    pub changed: Vec<String>,
    /// Files no longer published.
    pub removed: Vec<String>,
    /// Files published in all.
    pub files: usize,
    /// What was repaired of an interrupted earlier deploy, one sentence each.
    pub recovered: Vec<String>,
}

fn sibling(to: &Path, suffix: &str) -> PathBuf {
    let name = to
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "www".into());
    to.with_file_name(format!(".{name}.disclose-{suffix}"))
}

fn read_manifest(dir: &Path) -> Option<Manifest> {
    serde_json::from_slice(&std::fs::read(dir.join(manifest::MANIFEST)).ok()?).ok()
}

/// Compares two publications by their manifests.
fn compare(old: Option<&Manifest>, new: &Manifest) -> DeployReport {
    let before: BTreeMap<&str, &str> = old
        .map(|m| {
            m.files
                .iter()
                .map(|f| (f.path.as_str(), f.sha256.as_str()))
                .collect()
        })
        .unwrap_or_default();
    let after: BTreeMap<&str, &str> = new
        .files
        .iter()
        .map(|f| (f.path.as_str(), f.sha256.as_str()))
        .collect();
    DeployReport {
        added: after
            .keys()
            .filter(|p| !before.contains_key(*p))
            .map(|p| p.to_string())
            .collect(),
        changed: after
            .iter()
            .filter(|(p, h)| before.get(*p).is_some_and(|b| b != *h))
            .map(|(p, _)| p.to_string())
            .collect(),
        removed: before
            .keys()
            .filter(|p| !after.contains_key(*p))
            .map(|p| p.to_string())
            .collect(),
        files: new.files.len(),
        recovered: Vec::new(),
    }
}

/// Copies the built site; a symlink in it is refused (verify has already refused one
/// in the tree; this also covers one made since).
fn copy_tree(from: &Path, to: &Path) -> Result<(), String> {
    for entry in walkdir::WalkDir::new(from).follow_links(false) {
        let entry = entry.map_err(|e| e.to_string())?;
        let rel = entry.path().strip_prefix(from).map_err(|e| e.to_string())?;
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).map_err(|e| format!("{}: {e}", target.display()))?;
        } else if entry.file_type().is_file() {
            std::fs::copy(entry.path(), &target).map_err(|e| format!("{}: {e}", target.display()))?;
        } else {
            return Err(format!(
                "{} is a symlink or special file; a published site holds only files and folders",
                entry.path().display()
            ));
        }
    }
    Ok(())
}

/// The folders and files a deploy keeps beside the web root `to`.
struct Beside {
    /// The copy being made, and after the switch the publication that was live.
    new: PathBuf,
    /// The publication before the live one, for `--rollback`.
    prev: PathBuf,
    /// Where `prev` waits during a switch, so that it can be put back if the switch fails.
    trash: PathBuf,
    /// The live publication during the non-atomic switch (no `renameat2` exchange).
    old: PathBuf,
    /// The journal: which manifest the switch goes to, and from which.
    journal: PathBuf,
}

impl Beside {
    fn of(to: &Path) -> Self {
        Self {
            new: sibling(to, "new"),
            prev: sibling(to, "prev"),
            trash: sibling(to, "prev-old"),
            old: sibling(to, "old"),
            journal: sibling(to, "switch"),
        }
    }
}

/// SHA-256 of a folder's `manifest.json`, `-` when it has none.
fn manifest_hash(dir: &Path) -> String {
    std::fs::read(dir.join(manifest::MANIFEST)).map_or_else(|_| "-".into(), |b| manifest::sha256_hex(&b))
}

fn rename(from: &Path, to: &Path) -> Result<(), String> {
    crate::output::rename(from, to)
        .map_err(|e| format!("cannot rename {} to {}: {e}", from.display(), to.display()))
}

fn remove(dir: &Path) -> Result<(), String> {
    match std::fs::remove_dir_all(dir) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(format!("cannot remove {}: {e}", dir.display()))
        }
        _ => Ok(()),
    }
}

/// Finishes or undoes a switch that an earlier deploy did not complete (it was killed,
/// or a rename failed), from the journal and what is on disk. Returns what it did.
fn recover(to: &Path) -> Result<Vec<String>, String> {
    let b = Beside::of(to);
    let mut notes = Vec::new();
    // The non-atomic switch stopped between its renames: the live folder is missing and
    // the publication that was live sits in `old`.
    if !to.exists() && b.old.is_dir() {
        rename(&b.old, to)?;
        notes.push(format!(
            "{} was missing (an earlier deploy stopped while switching); the publication that was live is back",
            to.display()
        ));
    }
    let journal = std::fs::read_to_string(&b.journal).ok();
    if let Some(contents) = journal.as_deref().and_then(|j| j.strip_prefix("contents ")) {
        // A mount point whose contents were being replaced: finish it from the copy (the
        // publication that was live is already in `prev`).
        let target = contents.split_whitespace().next().unwrap_or("");
        if b.new.is_dir() && manifest_hash(&b.new) == target {
            replace_in(to, &b)?;
        }
        remove(&b.trash)?;
        notes.push(format!(
            "an earlier deploy stopped while replacing the contents of {}; it was finished, and the publication before it is kept for --rollback",
            to.display()
        ));
        std::fs::remove_file(&b.journal)
            .map_err(|e| format!("cannot remove {}: {e}", b.journal.display()))?;
    } else if let Some(journal) = journal {
        let mut words = journal.split_whitespace();
        let (target, from) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
        let switched = target != from && manifest_hash(to) == target;
        if switched {
            // The new publication is live; the displaced one is in `old` or `new`.
            let displaced = [&b.old, &b.new].into_iter().find(|d| d.is_dir());
            if let Some(displaced) = displaced {
                if b.prev.exists() {
                    remove(&b.prev)?;
                }
                rename(displaced, &b.prev)?;
            }
            remove(&b.trash)?;
            notes.push(format!(
                "an earlier deploy stopped after switching {} to the new publication; the one before it is kept for --rollback",
                to.display()
            ));
        } else {
            remove(&b.new)?;
            if b.old.exists() {
                remove(&b.old)?;
            }
            if !b.prev.exists() && b.trash.is_dir() {
                rename(&b.trash, &b.prev)?;
            }
            notes.push(format!(
                "an earlier deploy stopped before switching {}; the live site was not changed and the previous publication is kept for --rollback",
                to.display()
            ));
        }
        std::fs::remove_file(&b.journal)
            .map_err(|e| format!("cannot remove {}: {e}", b.journal.display()))?;
    } else if b.new.exists() {
        // A copy that was never switched in (the journal is written only once it is whole).
        remove(&b.new)?;
    }
    // Left only once the switch is complete and the journal gone: `prev` is in place.
    if b.trash.exists() {
        if b.prev.exists() {
            remove(&b.trash)?;
        } else {
            rename(&b.trash, &b.prev)?;
        }
    }
    if b.old.exists() && to.exists() {
        if b.prev.exists() {
            remove(&b.old)?;
        } else {
            rename(&b.old, &b.prev)?;
        }
    }
    Ok(notes)
}

/// Deploys (or rolls back, or previews).
pub fn deploy(options: &DeployOptions) -> Result<DeployReport, String> {
    crate::output::check_output_dir(&options.root, &options.to)
        .map_err(|d| format!("{}: {}", d.location(), d.message))?;
    let to = crate::output::absolute(&options.to);
    let lock = |dir: &Path, what: &str| {
        crate::output::lock::FolderLock::acquire(dir, what).map_err(|d| {
            let help = d.help.map(|h| format!(" ({h})")).unwrap_or_default();
            format!("{}{help}", d.message)
        })
    };
    let _lock = lock(&to, "web root")?;
    // A build replacing the built site mid-copy would make the copy fail to verify; hold
    // its lock too (unless it is the web root itself).
    let site = crate::output::absolute(&options.site);
    let _site_lock = if site != to {
        Some(lock(&site, "output folder")?)
    } else {
        None
    };
    let recovered = if options.dry_run {
        Vec::new()
    } else {
        recover(&to)?
    };
    let mut report = deploy_locked(options, &to)?;
    report.recovered = recovered;
    Ok(report)
}

fn deploy_locked(options: &DeployOptions, to: &Path) -> Result<DeployReport, String> {
    let b = Beside::of(to);
    if options.rollback {
        let current = read_manifest(to);
        let back = read_manifest(&b.prev)
            .ok_or_else(|| format!("no previous publication at {}", b.prev.display()))?;
        let report = compare(current.as_ref(), &back);
        if !options.dry_run {
            crate::output::exchange(&b.prev, to).map_err(|e| format!("cannot switch back: {e}"))?;
        }
        return Ok(report);
    }
    let verified = manifest::verify(&options.site, None)?;
    if !verified.files_match() {
        return Err(format!(
            "{} does not match its manifest ({}); rebuild it before deploying",
            options.site.display(),
            verified.summary()
        ));
    }
    let new_manifest = read_manifest(&options.site).ok_or("the built site has no manifest.json")?;
    let report = compare(read_manifest(to).as_ref(), &new_manifest);
    if options.dry_run {
        return Ok(report);
    }
    remove(&b.new)?;
    if let Err(e) = copy_tree(&options.site, &b.new) {
        let _ = remove(&b.new);
        return Err(e);
    }
    let copied = manifest::verify(&b.new, None)?;
    if !copied.files_match() {
        let _ = remove(&b.new);
        return Err(format!(
            "the copy does not match the manifest ({}); nothing was switched",
            copied.summary()
        ));
    }
    // Written in place, not renamed in: a journal cut short by a kill names no manifest
    // that is live, which `recover` reads as "not switched", and that is so.
    let journal = format!("{} {}\n", manifest_hash(&b.new), manifest_hash(to));
    std::fs::write(&b.journal, journal.as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", b.journal.display()))?;
    if let Err(e) = switch(to, &b) {
        // Undo what can be undone now; what cannot, the next deploy does.
        let undone = match recover(to) {
            Ok(notes) => notes.join("; "),
            Err(more) => format!("the next deploy will repair it ({more})"),
        };
        return Err(format!("{e}; nothing was published: {undone}"));
    }
    std::fs::remove_file(&b.journal).map_err(|e| format!("cannot remove {}: {e}", b.journal.display()))?;
    remove(&b.trash)?;
    Ok(report)
}

/// Makes the mount point `to` hold the copy in `new`, then removes the copy.
fn replace_in(to: &Path, b: &Beside) -> Result<(), String> {
    crate::output::replace_contents(&b.new, to)
        .map_err(|e| format!("cannot replace the contents of {}: {e}", to.display()))?;
    remove(&b.new)
}

/// The switch itself: `prev` steps aside, the copy goes live, the publication that was
/// live becomes `prev`. Every step is one rename, and the journal says how far it got.
fn switch(to: &Path, b: &Beside) -> Result<(), String> {
    if b.prev.exists() {
        rename(&b.prev, &b.trash)?;
    }
    if !to.exists() {
        return rename(&b.new, to);
    }
    match crate::output::exchange(&b.new, to) {
        Ok(()) => return rename(&b.new, &b.prev),
        Err(e) if crate::output::is_busy(&e) => return replace_mount_point(to, b),
        Err(e) if !crate::output::no_exchange(&e) => {
            return Err(format!("cannot switch {} in: {e}", to.display()));
        }
        Err(_) => {}
    }
    // No atomic exchange on this file system: two renames, which `recover` finishes or
    // undoes if a kill comes between them.
    match crate::output::rename(to, &b.old) {
        Err(e) if crate::output::is_busy(&e) => return replace_mount_point(to, b),
        other => other.map_err(|e| format!("cannot rename {} to {}: {e}", to.display(), b.old.display()))?,
    }
    rename(&b.new, to)?;
    rename(&b.old, &b.prev)
}

/// The web root is a mount point and cannot be renamed: keeps a copy of what is live for
/// --rollback, then replaces its contents file by file. The journal says so first, so
/// that a deploy killed midway is finished by the next one.
fn replace_mount_point(to: &Path, b: &Beside) -> Result<(), String> {
    remove(&b.old)?;
    copy_tree(to, &b.old)?;
    rename(&b.old, &b.prev)?;
    let journal = std::fs::read_to_string(&b.journal).unwrap_or_default();
    std::fs::write(&b.journal, format!("contents {journal}").as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", b.journal.display()))?;
    replace_in(to, b)
}
