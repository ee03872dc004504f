//! Integrity: `manifest.json` lists every published file with its size and SHA-256, the
//! as-of date, the tool version and a fingerprint of the whole publication. It can be
//! signed with ed25519 (`manifest.sig`), and [`verify`] checks a built or downloaded
//! site against it, naming every file that differs, is missing or is extra
//! ([`super::remote`] checks a site over HTTP the same way). A signed publication is
//! never "ok" without its signature checked against the office's public key, whose
//! [`fingerprint`] the site shows for citizens to compare.

use std::collections::BTreeMap;
use std::path::Path;

use ed25519_dalek::{Signature, Signer, SigningKey, Verifier};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::MARKER;
use crate::keys::{hex, public_key, unhex};

/// The manifest file name at the site root.
pub const MANIFEST: &str = "manifest.json";
/// The detached signature of the manifest.
pub const SIGNATURE: &str = "manifest.sig";

/// One published file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct FileEntry {
    /// Path relative to the site root, `/`-separated.
    pub path: String,
    /// Size in bytes.
    pub size: u64,
    /// SHA-256, lower-case hex.
    pub sha256: String,
}

/// `manifest.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Always `disclose`.
    pub generator: String,
    /// Tool version.
    pub version: String,
    /// The as-of date of the publication.
    pub as_of: String,
    /// `base_url` of the build.
    pub base_url: String,
    /// SHA-256 over the sorted `sha256  path` lines of every file: one value that
    /// changes when anything published changes.
    pub content_fingerprint: String,
    /// Every file, sorted by path.
    pub files: Vec<FileEntry>,
}

/// Lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

impl Manifest {
    /// A manifest of `files` (any order).
    pub fn new(mut files: Vec<FileEntry>, as_of: &str, base_url: &str) -> Self {
        files.sort();
        let mut fingerprint = Sha256::new();
        for f in &files {
            fingerprint.update(format!("{}  {}\n", f.sha256, f.path).as_bytes());
        }
        Self {
            generator: "disclose".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            as_of: as_of.into(),
            base_url: base_url.into(),
            content_fingerprint: hex(&fingerprint.finalize()),
            files,
        }
    }

    /// The JSON bytes as published (and signed).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = serde_json::to_vec_pretty(self).unwrap_or_default();
        out.push(b'\n');
        out
    }
}

/// A new key pair as (secret, public), each hex text with a newline.
pub fn keygen() -> Result<(String, String), String> {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|e| e.to_string())?;
    let key = SigningKey::from_bytes(&seed);
    Ok((
        format!("{}\n", hex(&seed)),
        format!("{}\n", hex(&key.verifying_key().to_bytes())),
    ))
}

/// The public key (hex) that belongs to the hex secret key in `secret`.
pub fn public_of(secret: &str) -> Result<String, String> {
    let bytes = unhex(secret)
        .filter(|b| b.len() == 32)
        .ok_or("the signing key is not 64 hex digits")?;
    let mut seed = [0u8; 32];
    seed.copy_from_slice(&bytes);
    Ok(hex(&SigningKey::from_bytes(&seed).verifying_key().to_bytes()))
}

/// Signs `message` with the hex secret key in `secret`; returns the hex signature.
pub fn sign(message: &[u8], secret: &str) -> Result<String, String> {
    let bytes = unhex(secret)
        .filter(|b| b.len() == 32)
        .ok_or("the signing key is not 64 hex digits")?;
    let mut seed = [0u8; 32];
    seed.copy_from_slice(&bytes);
    let key = SigningKey::from_bytes(&seed);
    Ok(format!("{}\n", hex(&key.sign(message).to_bytes())))
}

/// Whether the signature matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignatureCheck {
    /// No key given (see [`VerifyReport::signed`] for whether there was a signature).
    NotChecked,
    /// Signed by the key.
    Valid,
    /// Missing or not made by the key.
    Invalid(String),
}

/// The result of [`verify`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyReport {
    /// Files whose size or hash differs.
    pub changed: Vec<String>,
    /// Files in the manifest but not on disk.
    pub missing: Vec<String>,
    /// Files on disk but not in the manifest (never known over HTTP).
    pub extra: Vec<String>,
    /// Symlinks (and other non-files) in the tree: a published site holds only files and
    /// folders, and a web server would follow a link out of the site.
    pub symlinks: Vec<String>,
    /// Files that could not be read or fetched, with why (a server error, a timeout).
    pub failed: Vec<(String, String)>,
    /// Files checked.
    pub checked: usize,
    /// Whether the publication carries a `manifest.sig`.
    pub signed: bool,
    /// The signature.
    pub signature: SignatureCheck,
}

impl VerifyReport {
    /// "2 changed, 1 missing, 0 extra, 1 symlink", for messages.
    pub fn summary(&self) -> String {
        format!(
            "{} changed, {} missing, {} extra, {} symlinks",
            self.changed.len(),
            self.missing.len(),
            self.extra.len(),
            self.symlinks.len()
        )
    }

    /// An empty report.
    pub fn new() -> Self {
        Self {
            changed: Vec::new(),
            missing: Vec::new(),
            extra: Vec::new(),
            failed: Vec::new(),
            symlinks: Vec::new(),
            checked: 0,
            signed: false,
            signature: SignatureCheck::NotChecked,
        }
    }

    /// True when every listed file is there with its size and hash (and nothing else
    /// is): the copy is complete. Says nothing about who published it.
    pub fn files_match(&self) -> bool {
        self.changed.is_empty()
            && self.missing.is_empty()
            && self.extra.is_empty()
            && self.failed.is_empty()
            && self.symlinks.is_empty()
    }

    /// True when the files match and the signature is valid, or the publication is not
    /// signed and no key was given. A signed publication whose signature was not
    /// checked is never ok: anyone who can change a page can re-hash the manifest.
    pub fn ok(&self) -> bool {
        self.files_match()
            && match self.signature {
                SignatureCheck::Valid => true,
                SignatureCheck::Invalid(_) => false,
                SignatureCheck::NotChecked => !self.signed,
            }
    }
}

impl Default for VerifyReport {
    fn default() -> Self {
        Self::new()
    }
}

/// Checks the site in `dir` against its manifest, and the signature against the hex
/// public key `public_key` when given.
pub fn verify(dir: &Path, public_key: Option<&str>) -> Result<VerifyReport, String> {
    let manifest_bytes =
        std::fs::read(dir.join(MANIFEST)).map_err(|e| format!("cannot read {MANIFEST}: {e}"))?;
    let manifest = parse(&manifest_bytes)?;
    let listed: BTreeMap<&str, &FileEntry> = manifest.files.iter().map(|f| (f.path.as_str(), f)).collect();

    let mut report = VerifyReport::new();
    let mut on_disk = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).follow_links(false).sort_by_file_name() {
        let entry = entry.map_err(|e| e.to_string())?;
        let rel = entry.path().strip_prefix(dir).map_err(|e| e.to_string())?;
        let rel = rel.to_string_lossy().replace('\\', "/");
        if entry.file_type().is_dir() {
            continue;
        }
        if !entry.file_type().is_file() {
            // Reading through a link would check the file it points to, anywhere.
            report.symlinks.push(rel);
            continue;
        }
        if rel == MARKER {
            // Not listed (a build writes it before anything else), but served like any
            // file: it must be the one line a build writes.
            let text = std::fs::read(entry.path()).map_err(|e| format!("{rel}: {e}"))?;
            if !is_marker(&text) {
                report.changed.push(rel);
            }
            continue;
        }
        if rel == MANIFEST || rel == SIGNATURE {
            continue;
        }
        on_disk.insert(rel, entry.path().to_path_buf());
    }

    for (path, entry) in &listed {
        match on_disk.get(*path) {
            None => report.missing.push(path.to_string()),
            Some(file) => {
                report.checked += 1;
                let bytes = std::fs::read(file).map_err(|e| format!("{path}: {e}"))?;
                if bytes.len() as u64 != entry.size || sha256_hex(&bytes) != entry.sha256 {
                    report.changed.push(path.to_string());
                }
            }
        }
    }
    report.extra = on_disk
        .keys()
        .filter(|p| !listed.contains_key(p.as_str()))
        .cloned()
        .collect();

    let signature = std::fs::read(dir.join(SIGNATURE)).ok();
    report.signed = signature.is_some();
    if let Some(public) = public_key {
        report.signature = check_signature(&manifest_bytes, signature.as_deref(), public);
    }
    Ok(report)
}

/// True for the text a build writes into [`MARKER`]: `disclose <version>` and a newline.
fn is_marker(text: &[u8]) -> bool {
    std::str::from_utf8(text)
        .ok()
        .and_then(|t| t.strip_prefix("disclose "))
        .and_then(|t| t.strip_suffix('\n'))
        .is_some_and(|v| {
            !v.is_empty()
                && v.len() <= 40
                && v.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'+'))
        })
}

/// Parses `manifest.json` bytes.
pub fn parse(bytes: &[u8]) -> Result<Manifest, String> {
    serde_json::from_slice(bytes).map_err(|e| format!("{MANIFEST} is not a manifest: {e}"))
}

/// Checks the detached `signature` (the bytes of `manifest.sig`, if there is one) of
/// `message` against the hex public key `public`.
pub fn check_signature(message: &[u8], signature: Option<&[u8]>, public: &str) -> SignatureCheck {
    let key = match public_key(public) {
        Ok(k) => k,
        Err(e) => return SignatureCheck::Invalid(e),
    };
    let Some(sig_text) = signature else {
        return SignatureCheck::Invalid(format!("{SIGNATURE} is missing: the site is not signed"));
    };
    let sig_text = String::from_utf8_lossy(sig_text);
    let Some(sig) = unhex(&sig_text).and_then(|b| <[u8; 64]>::try_from(b).ok()) else {
        return SignatureCheck::Invalid(format!("{SIGNATURE} is not a hex ed25519 signature"));
    };
    match key.verify(message, &Signature::from_bytes(&sig)) {
        Ok(()) => SignatureCheck::Valid,
        Err(_) => SignatureCheck::Invalid(format!(
            "{SIGNATURE} was not made by this key for this {MANIFEST}"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::fingerprint;

    fn write_site(dir: &Path) -> Manifest {
        std::fs::create_dir_all(dir.join("a")).unwrap();
        std::fs::write(dir.join("index.html"), b"<h1>hi</h1>").unwrap();
        std::fs::write(dir.join("a/b.css"), b"body{}").unwrap();
        write_manifest_of(dir)
    }

    #[test]
    fn verify_names_changed_missing_and_extra_files() {
        let dir = tempfile::tempdir().unwrap();
        let m = write_site(dir.path());
        assert_eq!(m.files[0].path, "a/b.css", "sorted");
        assert!(verify(dir.path(), None).unwrap().ok());
        std::fs::write(dir.path().join("index.html"), b"<h1>hI</h1>").unwrap();
        std::fs::remove_file(dir.path().join("a/b.css")).unwrap();
        std::fs::write(dir.path().join("new.html"), b"x").unwrap();
        let r = verify(dir.path(), None).unwrap();
        assert_eq!(r.changed, ["index.html"]);
        assert_eq!(r.missing, ["a/b.css"]);
        assert_eq!(r.extra, ["new.html"]);
    }

    #[cfg(unix)]
    #[test]
    fn verify_refuses_symlinks_and_checks_the_marker() {
        let dir = tempfile::tempdir().unwrap();
        write_site(dir.path());
        std::fs::write(dir.path().join(MARKER), super::super::MARKER_TEXT).unwrap();
        assert!(verify(dir.path(), None).unwrap().ok());
        // A published file swapped for a link to a file with the same bytes outside.
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("b.css"), b"body{}").unwrap();
        std::fs::remove_file(dir.path().join("a/b.css")).unwrap();
        std::os::unix::fs::symlink(outside.path().join("b.css"), dir.path().join("a/b.css")).unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.path().join("linked")).unwrap();
        let r = verify(dir.path(), None).unwrap();
        assert_eq!(r.symlinks, ["a/b.css", "linked"]);
        assert!(!r.ok());
        std::fs::remove_file(dir.path().join("a/b.css")).unwrap();
        std::fs::remove_file(dir.path().join("linked")).unwrap();
        std::fs::write(dir.path().join("a/b.css"), b"body{}").unwrap();
        std::fs::write(dir.path().join(MARKER), "<script>alert(1)</script>").unwrap();
        assert_eq!(verify(dir.path(), None).unwrap().changed, [MARKER]);
    }

    #[test]
    fn signatures_check_against_the_right_key_only() {
        let dir = tempfile::tempdir().unwrap();
        write_site(dir.path());
        let (secret, public) = keygen().unwrap();
        let (_, other_public) = keygen().unwrap();
        let manifest = std::fs::read(dir.path().join(MANIFEST)).unwrap();
        std::fs::write(dir.path().join(SIGNATURE), sign(&manifest, &secret).unwrap()).unwrap();
        assert_eq!(
            verify(dir.path(), Some(&public)).unwrap().signature,
            SignatureCheck::Valid
        );
        assert!(!verify(dir.path(), Some(&other_public)).unwrap().ok());
    }

    #[test]
    fn a_signed_site_is_not_ok_without_its_key() {
        let dir = tempfile::tempdir().unwrap();
        write_site(dir.path());
        let unsigned = verify(dir.path(), None).unwrap();
        assert!(
            !unsigned.signed && unsigned.ok(),
            "unsigned: the hashes are all there is"
        );
        let (secret, public) = keygen().unwrap();
        let manifest = std::fs::read(dir.path().join(MANIFEST)).unwrap();
        std::fs::write(dir.path().join(SIGNATURE), sign(&manifest, &secret).unwrap()).unwrap();
        let report = verify(dir.path(), None).unwrap();
        assert!(report.signed && report.files_match() && !report.ok());
        assert!(verify(dir.path(), Some(&public)).unwrap().ok());
        // A tampered page with a re-hashed manifest: the hashes match, the signature not.
        std::fs::write(dir.path().join("index.html"), b"<h1>forged</h1>").unwrap();
        write_manifest_of(dir.path());
        let forged = verify(dir.path(), Some(&public)).unwrap();
        assert!(forged.files_match() && !forged.ok(), "{forged:?}");
        assert!(matches!(forged.signature, SignatureCheck::Invalid(_)));
    }

    /// Hashes the two files of `dir` into its manifest (as a forger would, after a change).
    fn write_manifest_of(dir: &Path) -> Manifest {
        let files = ["index.html", "a/b.css"]
            .iter()
            .map(|p| {
                let bytes = std::fs::read(dir.join(p)).unwrap();
                FileEntry {
                    path: p.to_string(),
                    size: bytes.len() as u64,
                    sha256: sha256_hex(&bytes),
                }
            })
            .collect();
        let m = Manifest::new(files, "2022-09-30", "https://e.org/");
        std::fs::write(dir.join(MANIFEST), m.to_bytes()).unwrap();
        m
    }

    #[test]
    fn fingerprints_are_short_stable_and_per_key() {
        let (secret, public) = keygen().unwrap();
        assert_eq!(public_of(&secret).unwrap(), public.trim());
        let key = public_key(&public).unwrap();
        let print = fingerprint(&key);
        assert_eq!(print.len(), 8 * 4 + 7, "{print}");
        assert_eq!(print, fingerprint(&public_key(&public).unwrap()));
        let (_, other) = keygen().unwrap();
        assert_ne!(print, fingerprint(&public_key(&other).unwrap()));
        // A known key gives a known fingerprint (so the page and `verify` agree forever).
        let zero_seed = SigningKey::from_bytes(&[0u8; 32]).verifying_key();
        assert_eq!(
            hex(&zero_seed.to_bytes()),
            "3b6a27bcceb6a42d62a3a8d02a6f0d73653215771de243a63ac048a18b59da29"
        );
        assert_eq!(fingerprint(&zero_seed), "139e 3940 e64b 5491 7220 88d9 a0d7 4162");
        assert!(public_key("abc").is_err());
    }
}
