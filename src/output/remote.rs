//! `disclose verify <URL>`: checks a published site as citizens see it. Fetches
//! `manifest.json` and `manifest.sig` from the site's root URL and every listed file
//! over HTTP(S) on a few threads, hashing each as it arrives, and reports the files that
//! differ, are missing (404/410) or could not be fetched. Redirects are followed (at
//! most [`MAX_REDIRECTS`]); when the manifest itself was redirected (http → https, a
//! moved column), the files are fetched below where it was found, so the base path of
//! the live site is the one checked.

use std::io::Read;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use sha2::{Digest, Sha256};
use ureq::ResponseExt;

use super::manifest::{self, FileEntry, MANIFEST, SIGNATURE, VerifyReport};

/// Redirects followed per request.
pub const MAX_REDIRECTS: u32 = 5;
/// Whole-request timeout (connect, headers and body) unless told otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// Requests in flight at once unless told otherwise: enough to hide latency, few enough
/// not to look like an attack to a government portal's firewall.
pub const DEFAULT_JOBS: usize = 4;

/// How to fetch.
#[derive(Debug, Clone)]
pub struct RemoteOptions {
    /// Requests in flight at once (at least 1).
    pub jobs: usize,
    /// Timeout of each request.
    pub timeout: Duration,
}

impl Default for RemoteOptions {
    fn default() -> Self {
        Self {
            jobs: DEFAULT_JOBS,
            timeout: DEFAULT_TIMEOUT,
        }
    }
}

/// What [`verify_url`] found besides the report.
#[derive(Debug, Clone)]
pub struct RemoteSite {
    /// The root URL the files were fetched below (after redirects), ending in `/`.
    pub root: String,
    /// The `base_url` the manifest was built for.
    pub built_for: String,
    /// The as-of date of the publication.
    pub as_of: String,
    /// The files the manifest lists.
    pub files: usize,
}

/// Whether `target` names a site over HTTP(S) rather than a folder.
pub fn is_url(target: &str) -> bool {
    let lower = target.get(..8).unwrap_or(target).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// The site root `url` with exactly one trailing `/` and no query or fragment.
fn root_of(url: &str) -> String {
    let url = url.split(['?', '#']).next().unwrap_or(url);
    format!("{}/", url.trim_end_matches('/'))
}

/// `path` (a manifest path, `/`-separated, maybe with Chinese evidence names) as a URL
/// path: every byte outside the unreserved set percent-encoded, the slashes kept.
fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The outcome of one GET.
enum Fetched {
    /// 200 with the body read through `read`.
    Found,
    /// 404 or 410.
    Missing,
}

/// GETs `url` and hands the body of a 200 to `read`; a 404/410 is [`Fetched::Missing`],
/// anything else an error naming the status.
fn get(
    agent: &ureq::Agent,
    url: &str,
    mut read: impl FnMut(&mut dyn Read) -> std::io::Result<()>,
) -> Result<(Fetched, String), String> {
    let mut response = agent.get(url).call().map_err(|e| describe(&e))?;
    let final_url = response.get_uri().to_string();
    match response.status().as_u16() {
        200 => {
            let mut reader = response.body_mut().as_reader();
            read(&mut reader).map_err(|e| format!("reading the body failed: {e}"))?;
            Ok((Fetched::Found, final_url))
        }
        404 | 410 => Ok((Fetched::Missing, final_url)),
        status => Err(format!("the server answered HTTP {status}")),
    }
}

/// A fetch error in words a clerk can act on.
fn describe(error: &ureq::Error) -> String {
    match error {
        ureq::Error::Timeout(_) => "timed out".into(),
        ureq::Error::TooManyRedirects => format!("more than {MAX_REDIRECTS} redirects"),
        ureq::Error::HostNotFound => "host not found".into(),
        other => other.to_string(),
    }
}

/// Checks the site at `url` against its manifest, and its signature against the hex
/// public key `public_key` when given. `progress` is called with the number of files
/// done and listed after each one (from the fetching threads).
pub fn verify_url(
    url: &str,
    public_key: Option<&str>,
    options: &RemoteOptions,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<(VerifyReport, RemoteSite), String> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(MAX_REDIRECTS)
        .timeout_global(Some(options.timeout))
        .user_agent(concat!("disclose-verify/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let start = root_of(url);
    let manifest_url = format!("{start}{MANIFEST}");
    let mut manifest_bytes = Vec::new();
    let (found, final_url) = get(&agent, &manifest_url, |r| {
        // A manifest lists every file in a line or so: 64 MiB is far beyond any site.
        r.take(64 << 20).read_to_end(&mut manifest_bytes).map(drop)
    })
    .map_err(|e| format!("{manifest_url}: {e}"))?;
    if matches!(found, Fetched::Missing) {
        return Err(format!(
            "{manifest_url}: not found (404): is this the root of a disclose site? Give the address of its home page"
        ));
    }
    let manifest = manifest::parse(&manifest_bytes).map_err(|e| format!("{manifest_url}: {e}"))?;
    // Where the manifest was really found is the root of the live site.
    let root = final_url
        .strip_suffix(MANIFEST)
        .map_or_else(|| start.clone(), str::to_string);

    let signature_url = format!("{root}{SIGNATURE}");
    let mut signature = Vec::new();
    let (found, _) = get(&agent, &signature_url, |r| {
        r.take(4096).read_to_end(&mut signature).map(drop)
    })
    .map_err(|e| format!("{signature_url}: {e}"))?;
    let signature = matches!(found, Fetched::Found).then_some(signature);

    let mut report = VerifyReport::new();
    report.signed = signature.is_some();
    if let Some(public) = public_key {
        report.signature = manifest::check_signature(&manifest_bytes, signature.as_deref(), public);
    }

    let results: Mutex<Vec<(usize, Outcome)>> = Mutex::new(Vec::with_capacity(manifest.files.len()));
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let jobs = options.jobs.clamp(1, 64).min(manifest.files.len().max(1));
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(entry) = manifest.files.get(i) else {
                        break;
                    };
                    let outcome = check_file(&agent, &root, entry);
                    if let Ok(mut r) = results.lock() {
                        r.push((i, outcome));
                    }
                    progress(done.fetch_add(1, Ordering::Relaxed) + 1, manifest.files.len());
                }
            });
        }
    });
    let mut results = results.into_inner().unwrap_or_default();
    results.sort_by_key(|(i, _)| *i);
    for (i, outcome) in results {
        let path = manifest.files[i].path.clone();
        match outcome {
            Outcome::Same => report.checked += 1,
            Outcome::Changed => {
                report.checked += 1;
                report.changed.push(path);
            }
            Outcome::Missing => report.missing.push(path),
            Outcome::Failed(why) => report.failed.push((path, why)),
        }
    }
    let site = RemoteSite {
        root,
        built_for: manifest.base_url.clone(),
        as_of: manifest.as_of.clone(),
        files: manifest.files.len(),
    };
    Ok((report, site))
}

/// What became of one listed file.
enum Outcome {
    Same,
    Changed,
    Missing,
    Failed(String),
}

fn check_file(agent: &ureq::Agent, root: &str, entry: &FileEntry) -> Outcome {
    let url = format!("{root}{}", encode_path(&entry.path));
    let mut hasher = Sha256::new();
    let mut size = 0u64;
    let fetched = get(agent, &url, |r| {
        // Read one byte past the listed size at most: a longer file is changed, and a
        // server cannot make verify download without end.
        let mut limited = r.take(entry.size + 1);
        let mut buf = [0u8; 64 * 1024];
        loop {
            let n = limited.read(&mut buf)?;
            if n == 0 {
                return Ok(());
            }
            size += n as u64;
            hasher.update(&buf[..n]);
        }
    });
    match fetched {
        Ok((Fetched::Missing, _)) => Outcome::Missing,
        Ok((Fetched::Found, _)) => {
            let sha = hasher
                .finalize()
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>();
            if size == entry.size && sha == entry.sha256 {
                Outcome::Same
            } else {
                Outcome::Changed
            }
        }
        Err(why) => Outcome::Failed(why),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_paths() {
        assert!(is_url("https://www.example.gov.cn/dczg/"));
        assert!(is_url("HTTP://x"));
        assert!(!is_url("public"));
        assert!(!is_url("C:\\site"));
        assert_eq!(root_of("https://e.org/dczg"), "https://e.org/dczg/");
        assert_eq!(root_of("https://e.org/dczg//?x=1"), "https://e.org/dczg/");
        assert_eq!(
            encode_path("records/A-1/现场 照片.png"),
            "records/A-1/%E7%8E%B0%E5%9C%BA%20%E7%85%A7%E7%89%87.png"
        );
    }
}
