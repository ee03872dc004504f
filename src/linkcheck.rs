//! `--check-links` (`check` and `build`): every link to another site written in the
//! Markdown of a page or a record is fetched, and each that does not answer — a 4xx or
//! 5xx status, a host not found, a timeout — is a warning at its file and line.
//!
//! Each distinct address is fetched once (without its fragment), on at most
//! [`LinkCheck::jobs`] threads, with redirects followed and a whole-request timeout, so
//! a slow portal neither stalls the run nor gets flooded. Links inside the site are
//! checked by `check` itself against the plan of outputs (`validate::links`).

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use crate::diagnostic::{Code, Diagnostic};
use crate::source::Sources;
use crate::validate::links::{self, LinkPlace};

/// Requests in flight at once unless told otherwise.
pub const DEFAULT_JOBS: usize = 4;
/// Timeout of each request (connect, redirects and headers) unless told otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);
/// Redirects followed per link.
pub const MAX_REDIRECTS: u32 = 5;

/// How external links are checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkCheck {
    /// Requests in flight at once (1 to 16).
    pub jobs: usize,
    /// Timeout of each request.
    pub timeout: Duration,
}

impl Default for LinkCheck {
    fn default() -> Self {
        Self {
            jobs: DEFAULT_JOBS,
            timeout: DEFAULT_TIMEOUT,
        }
    }
}

/// The address an external link is fetched at: an `http://` or `https://` link without
/// its fragment; `None` for anything else.
fn fetched_address(url: &str) -> Option<&str> {
    let url = url.trim();
    let scheme = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    if !(scheme.starts_with("http://") || scheme.starts_with("https://")) {
        return None;
    }
    Some(&url[..url.find('#').unwrap_or(url.len())])
}

/// Fetches every external link of the site and warns at each place of one that failed.
pub fn check(sources: &Sources, options: &LinkCheck) -> Vec<Diagnostic> {
    let mut places: BTreeMap<String, Vec<(LinkPlace, String)>> = BTreeMap::new();
    links::visit(sources, &mut |place, _, url| {
        if let Some(address) = fetched_address(url) {
            places
                .entry(address.to_string())
                .or_default()
                .push((place, url.to_string()));
        }
    });
    let addresses: Vec<&String> = places.keys().collect();
    let failures = fetch_all(&addresses, options);
    let mut out = Vec::new();
    for (address, why) in failures {
        for (place, url) in &places[address] {
            out.push(
                Diagnostic::warning(
                    &place.file,
                    place.line,
                    place.column,
                    format!("link `{url}` does not answer: {why}"),
                )
                .field(&place.field)
                .code(Code::ExternalLinkFailed)
                .arg("url", url)
                .arg("error", &why)
                .with_help("open the address in a browser; correct or remove the link if the page is gone"),
            );
        }
    }
    out
}

/// The addresses that failed, with why, in the order given.
fn fetch_all<'a>(addresses: &[&'a String], options: &LinkCheck) -> Vec<(&'a String, String)> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(MAX_REDIRECTS)
        .timeout_global(Some(options.timeout))
        .user_agent(concat!("disclose-check-links/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let next = AtomicUsize::new(0);
    let failed: Mutex<Vec<(usize, String)>> = Mutex::new(Vec::new());
    let jobs = options.jobs.clamp(1, 16).min(addresses.len().max(1));
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(address) = addresses.get(i) else {
                        break;
                    };
                    if let Err(why) = fetch(&agent, address)
                        && let Ok(mut f) = failed.lock()
                    {
                        f.push((i, why));
                    }
                }
            });
        }
    });
    let mut failed = failed.into_inner().unwrap_or_default();
    failed.sort();
    failed.into_iter().map(|(i, why)| (addresses[i], why)).collect()
}

/// GETs one address (the body is not read): any status below 400 after redirects is a
/// page that answers.
fn fetch(agent: &ureq::Agent, address: &str) -> Result<(), String> {
    let response = agent.get(address).call().map_err(|e| match e {
        ureq::Error::Timeout(_) => "timed out".to_string(),
        ureq::Error::TooManyRedirects => format!("more than {MAX_REDIRECTS} redirects"),
        ureq::Error::HostNotFound => "host not found".to_string(),
        other => other.to_string(),
    })?;
    match response.status().as_u16() {
        status if status < 400 => Ok(()),
        status => Err(format!("the server answered HTTP {status}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_links_are_fetched_without_their_fragment() {
        assert_eq!(
            fetched_address("https://www.mee.gov.cn/a#b"),
            Some("https://www.mee.gov.cn/a")
        );
        assert_eq!(fetched_address("HTTP://x.cn/"), Some("HTTP://x.cn/"));
        assert_eq!(fetched_address("/records/"), None);
        assert_eq!(fetched_address("mailto:a@b.cn"), None);
        assert_eq!(fetched_address("ftp://x.cn/"), None);
    }
}
