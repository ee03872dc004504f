//! Key files: `disclose keygen` writes an ed25519 pair as `disclose.key` (secret, readable
//! by its owner only on Unix) and `disclose.pub`; `disclose verify --key` reads the public
//! one back. The signing itself is [`crate::output::manifest`]'s; this module moves keys
//! between files and memory, owns their hex encoding and the fingerprint citizens compare
//! (so the renderer, which prints it, needs nothing from `output`), and says what went
//! wrong as a [`KeyError`] that the command prints in the clerk's language.

use std::io::Write;
use std::path::{Path, PathBuf};

use ed25519_dalek::VerifyingKey;
use sha2::{Digest, Sha256};

use crate::output::manifest;

/// The secret key's file name in the `--out` folder.
pub const SECRET_FILE: &str = "disclose.key";
/// The public key's file name in the `--out` folder.
pub const PUBLIC_FILE: &str = "disclose.pub";

/// Lower-case hex of `bytes`, as key files and the manifest write them.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The bytes of a hex string (surrounding white space ignored); `None` unless it is an
/// even number of hex digits.
pub(crate) fn unhex(text: &str) -> Option<Vec<u8>> {
    let t = text.trim();
    if !t.len().is_multiple_of(2) {
        return None;
    }
    (0..t.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(t.get(i..i + 2)?, 16).ok())
        .collect()
}

/// The ed25519 public key in `public` (64 hex digits, as `disclose keygen` writes it).
pub fn public_key(public: &str) -> Result<VerifyingKey, String> {
    let bytes = unhex(public)
        .and_then(|b| <[u8; 32]>::try_from(b).ok())
        .ok_or("the public key is not 64 hex digits")?;
    VerifyingKey::from_bytes(&bytes).map_err(|_| "the public key is not a valid ed25519 key".to_string())
}

/// The fingerprint citizens compare: the first 128 bits of the SHA-256 of the 32 key
/// bytes, in eight groups of four hex digits (`3f2a 91c0 …`). Short enough to read out
/// on the phone, long enough that no one can make a key with the same one.
pub fn fingerprint(key: &VerifyingKey) -> String {
    let digest = Sha256::digest(key.to_bytes());
    let text = hex(&digest[..16]);
    let groups: Vec<&str> = (0..text.len()).step_by(4).map(|i| &text[i..i + 4]).collect();
    groups.join(" ")
}

/// What `keygen` wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyPair {
    /// The secret key file.
    pub secret: PathBuf,
    /// The public key file.
    pub public: PathBuf,
    /// The public key as hex (the line `site.yaml`'s `signing.public_key` takes).
    pub public_key: String,
}

/// Why a key could not be made, written or read.
#[derive(Debug)]
pub enum KeyError {
    /// A key file is already there and `--force` was not given.
    Exists {
        /// The secret key file.
        secret: PathBuf,
        /// The public key file.
        public: PathBuf,
    },
    /// The system gave no random bytes for a new key.
    NoRandomness(String),
    /// A key file cannot be written.
    Write {
        /// The file (or the folder that could not be created).
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// A key file cannot be read.
    Read {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// A public key file does not hold a public key as `keygen` writes it.
    NotAKey {
        /// The file.
        path: PathBuf,
        /// What is wrong with its text.
        reason: String,
    },
}

/// Makes a new key pair and writes it into `dir` (created if missing). Refuses to replace
/// existing key files unless `force`.
pub fn write_pair(dir: &Path, force: bool) -> Result<KeyPair, KeyError> {
    let secret = dir.join(SECRET_FILE);
    let public = dir.join(PUBLIC_FILE);
    if !force && (secret.exists() || public.exists()) {
        return Err(KeyError::Exists { secret, public });
    }
    let (secret_key, public_key) = manifest::keygen().map_err(KeyError::NoRandomness)?;
    let write_error = |path: &Path| {
        let path = path.to_path_buf();
        move |source| KeyError::Write { path, source }
    };
    std::fs::create_dir_all(dir).map_err(write_error(dir))?;
    write_secret(&secret, &secret_key).map_err(write_error(&secret))?;
    std::fs::write(&public, &public_key).map_err(write_error(&public))?;
    Ok(KeyPair {
        secret,
        public,
        public_key: public_key.trim().to_string(),
    })
}

/// The secret key, created readable by its owner only where the system has such modes.
fn write_secret(path: &Path, secret: &str) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?.write_all(secret.as_bytes())
}

/// Reads a public key file: its text (as [`manifest::verify`] takes it) and the key.
pub fn read_public(path: &Path) -> Result<(String, VerifyingKey), KeyError> {
    let text = std::fs::read_to_string(path).map_err(|source| KeyError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let key = public_key(&text).map_err(|reason| KeyError::NotAKey {
        path: path.to_path_buf(),
        reason,
    })?;
    Ok((text, key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_written_pair_reads_back_and_is_not_replaced_without_force() {
        let dir = tempfile::tempdir().unwrap();
        let pair = write_pair(dir.path(), false).unwrap();
        let (text, key) = read_public(&pair.public).unwrap();
        assert_eq!(text.trim(), pair.public_key);
        let secret = std::fs::read_to_string(&pair.secret).unwrap();
        assert_eq!(manifest::public_of(&secret).unwrap(), pair.public_key);
        assert_eq!(fingerprint(&key).len(), 39);
        assert!(matches!(
            write_pair(dir.path(), false),
            Err(KeyError::Exists { .. })
        ));
        let again = write_pair(dir.path(), true).unwrap();
        assert_ne!(again.public_key, pair.public_key);
    }

    #[test]
    fn a_file_that_is_not_a_key_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.pub");
        std::fs::write(&path, "not a key\n").unwrap();
        assert!(matches!(read_public(&path), Err(KeyError::NotAKey { .. })));
        let missing = dir.path().join("missing.pub");
        assert!(matches!(read_public(&missing), Err(KeyError::Read { .. })));
    }
}
