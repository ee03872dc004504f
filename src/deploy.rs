//! `disclose deploy`: publish a built site into a web root the way a careful operator
//! would. The site is copied into a fresh sibling folder, verified against its
//! `manifest.json`, then switched in with one atomic rename (`renameat2` exchange on
//! Linux), so visitors never see a half-copied site. The previous publication is kept
//! beside the web root for `--rollback`.

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
    }
}

fn copy_tree(from: &Path, to: &Path) -> Result<(), String> {
    for entry in walkdir::WalkDir::new(from).follow_links(false) {
        let entry = entry.map_err(|e| e.to_string())?;
        let rel = entry.path().strip_prefix(from).map_err(|e| e.to_string())?;
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).map_err(|e| format!("{}: {e}", target.display()))?;
        } else if entry.file_type().is_file() {
            std::fs::copy(entry.path(), &target).map_err(|e| format!("{}: {e}", target.display()))?;
        }
    }
    Ok(())
}

/// Deploys (or rolls back, or previews).
pub fn deploy(options: &DeployOptions) -> Result<DeployReport, String> {
    crate::output::check_output_dir(&options.root, &options.to)
        .map_err(|d| format!("{}: {}", d.location(), d.message))?;
    let previous = sibling(&options.to, "prev");
    if options.rollback {
        let current = read_manifest(&options.to);
        let back = read_manifest(&previous)
            .ok_or_else(|| format!("no previous publication at {}", previous.display()))?;
        let report = compare(current.as_ref(), &back);
        if !options.dry_run {
            crate::output::exchange(&previous, &options.to)
                .map_err(|e| format!("cannot switch back: {e}"))?;
        }
        return Ok(report);
    }
    let verified = manifest::verify(&options.site, None)?;
    if !verified.files_match() {
        return Err(format!(
            "{} does not match its manifest ({} changed, {} missing, {} extra); rebuild it before deploying",
            options.site.display(),
            verified.changed.len(),
            verified.missing.len(),
            verified.extra.len()
        ));
    }
    let new_manifest = read_manifest(&options.site).ok_or("the built site has no manifest.json")?;
    let report = compare(read_manifest(&options.to).as_ref(), &new_manifest);
    if options.dry_run {
        return Ok(report);
    }
    let fresh = sibling(&options.to, "new");
    if fresh.exists() {
        std::fs::remove_dir_all(&fresh).map_err(|e| format!("{}: {e}", fresh.display()))?;
    }
    copy_tree(&options.site, &fresh)?;
    let copied = manifest::verify(&fresh, None)?;
    if !copied.files_match() {
        let _ = std::fs::remove_dir_all(&fresh);
        return Err("the copy does not match the manifest; nothing was switched".into());
    }
    if options.to.exists() {
        crate::output::exchange(&fresh, &options.to).map_err(|e| format!("cannot switch: {e}"))?;
        // `fresh` now holds the publication that was live: keep it for --rollback.
        if previous.exists() {
            std::fs::remove_dir_all(&previous).map_err(|e| format!("{}: {e}", previous.display()))?;
        }
        std::fs::rename(&fresh, &previous).map_err(|e| format!("{}: {e}", previous.display()))?;
    } else {
        std::fs::rename(&fresh, &options.to).map_err(|e| format!("{}: {e}", options.to.display()))?;
    }
    Ok(report)
}
