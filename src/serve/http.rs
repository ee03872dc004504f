//! The preview HTTP server: serves the private build folder under the site's base path,
//! with correct MIME types, the site's 404 page, no directory listings and no way out of
//! the folder (`..`, `%2e%2e`, absolute paths, symlinks). HTML responses get the reload
//! script and, while the sources have errors, an overlay with the diagnostics. While a
//! rebuild runs, requests for the outputs it writes after the reload wait until it is done.

use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio::sync::{broadcast, watch};
use tokio_stream::StreamExt;
use tokio_stream::wrappers::BroadcastStream;

use crate::output::site::written_after_ready;

/// Where the browser listens for reload events.
pub const EVENTS_PATH: &str = "/__disclose/events";
/// The reload script.
pub const SCRIPT_PATH: &str = "/__disclose/reload.js";

const RELOAD_JS: &str = "(function(){var s=new EventSource(\"/__disclose/events\");s.onmessage=function(){location.reload();};})();\n";

/// What the server shares with the rebuild loop.
#[derive(Debug)]
pub struct Shared {
    /// The private build folder.
    pub site_dir: PathBuf,
    /// The base path of the site (`/` or `/dczg/`).
    pub base_path: String,
    /// Diagnostics of the last failed build, as text; `None` when it succeeded.
    pub errors: RwLock<Option<String>>,
    /// Tells open pages to reload.
    pub reload: broadcast::Sender<()>,
    /// The language of the overlay (the run's, so the site's unless overridden).
    pub lang: crate::i18n::Lang,
    /// False while a rebuild is writing: requests for the outputs it writes last
    /// ([`written_after_ready`]) wait until it is true again.
    pub settled: watch::Sender<bool>,
}

impl Shared {
    /// What the server shares with the rebuild loop, for the build folder `site_dir`
    /// served under `base_path`; no rebuild running yet.
    pub fn new(site_dir: PathBuf, base_path: String, lang: crate::i18n::Lang) -> Self {
        let (reload, _) = broadcast::channel(16);
        Self {
            site_dir,
            base_path,
            errors: RwLock::new(None),
            reload,
            lang,
            settled: watch::Sender::new(true),
        }
    }
}

/// The longest a request waits for a rebuild to finish before it gets what is on disk.
const SETTLE_TIMEOUT: Duration = Duration::from_secs(60);

/// Waits, if a rebuild is running and `request_path` names an output the rebuild writes
/// after telling pages to reload, until that rebuild has finished: a page reloaded early
/// must not link to a download, search shard or 一览表 of the previous build.
async fn settle(shared: &Shared, request_path: &str) {
    let site_path = site_path(&shared.base_path, request_path).unwrap_or_default();
    if !written_after_ready(&site_path) {
        return;
    }
    let mut settled = shared.settled.subscribe();
    let _ = tokio::time::timeout(SETTLE_TIMEOUT, settled.wait_for(|done| *done)).await;
}

/// The router of the preview server.
pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(EVENTS_PATH, get(events))
        .route(SCRIPT_PATH, get(script))
        .fallback(get(file))
        .with_state(shared)
}

async fn script() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        RELOAD_JS,
    )
}

async fn events(State(shared): State<Arc<Shared>>) -> impl IntoResponse {
    let stream = BroadcastStream::new(shared.reload.subscribe())
        .map(|_| Ok::<_, std::convert::Infallible>(Event::default().data("reload")));
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// MIME type by file extension.
pub fn mime_type(path: &Path) -> &'static str {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("xml") => "application/xml",
        Some("svg") => "image/svg+xml",
        Some("csv") => "text/csv; charset=utf-8",
        Some("txt") => "text/plain; charset=utf-8",
        Some("xlsx") => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        Some("pdf") => "application/pdf",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("png") => "image/png",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        Some("webmanifest") => "application/manifest+json",
        _ => "application/octet-stream",
    }
}

/// Decodes `%XX` escapes; `None` for malformed escapes or text that is not UTF-8.
pub fn percent_decode(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The request path decoded and relative to the site's base path, or `None` when it is
/// malformed or outside the base path.
fn site_path(base_path: &str, request_path: &str) -> Option<String> {
    percent_decode(request_path)?
        .strip_prefix(base_path)
        .map(str::to_string)
}

/// The file a request path maps to, or `None` when the path tries to leave the site.
pub fn resolve(site_dir: &Path, base_path: &str, request_path: &str) -> Option<PathBuf> {
    let rel = site_path(base_path, request_path)?;
    let rel = rel.as_str();
    if rel.contains('\\') || rel.contains('\0') || rel.starts_with('/') {
        return None;
    }
    let rel_path = Path::new(rel);
    if rel_path.components().any(|c| !matches!(c, Component::Normal(_))) {
        return None;
    }
    let mut file = site_dir.join(rel_path);
    if rel.is_empty() || rel.ends_with('/') || file.is_dir() {
        file = file.join(crate::routes::INDEX);
    }
    // Symlinks must not lead out of the folder.
    let canonical = file.canonicalize().ok()?;
    let root = site_dir.canonicalize().ok()?;
    canonical.starts_with(&root).then_some(canonical)
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Adds the reload script (and the error overlay, if any) before `</body>`.
fn inject(html: &[u8], errors: Option<&str>, lang: crate::i18n::Lang) -> Vec<u8> {
    let mut extra = format!("<script src=\"{SCRIPT_PATH}\"></script>");
    if let Some(errors) = errors {
        extra.push_str(&overlay(errors, lang));
    }
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(i) => format!("{}{extra}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{extra}").into_bytes(),
    }
}

/// The error overlay: the same diagnostics as `disclose check`.
pub fn overlay(errors: &str, lang: crate::i18n::Lang) -> String {
    format!(
        "<div id=\"disclose-errors\" role=\"alert\" style=\"position:fixed;inset:auto 0 0 0;max-height:70vh;overflow:auto;\
         background:#fff4f4;color:#000;border-top:4px solid #a4000f;padding:1rem;z-index:99999;font:14px/1.5 monospace\">\
         <strong>{}</strong><pre style=\"white-space:pre-wrap\">{}</pre></div>",
        escape_html(&crate::t!(lang, "serve-overlay-heading")),
        escape_html(errors)
    )
}

fn with_type(status: StatusCode, mime: &'static str, body: Vec<u8>) -> Response {
    let mut response = (status, body).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

async fn file(State(shared): State<Arc<Shared>>, uri: Uri) -> Response {
    let path = uri.path();
    if path == "/" && shared.base_path != "/" {
        let mut response = StatusCode::FOUND.into_response();
        if let Ok(location) = HeaderValue::from_str(&shared.base_path) {
            response.headers_mut().insert(header::LOCATION, location);
        }
        return response;
    }
    settle(&shared, path).await;
    let errors = shared.errors.read().unwrap_or_else(|e| e.into_inner()).clone();
    match resolve(&shared.site_dir, &shared.base_path, path) {
        Some(file) => match tokio::fs::read(&file).await {
            Ok(bytes) => {
                let mime = mime_type(&file);
                let body = if mime.starts_with("text/html") {
                    inject(&bytes, errors.as_deref(), shared.lang)
                } else {
                    bytes
                };
                with_type(StatusCode::OK, mime, body)
            }
            Err(_) => not_found(&shared, errors.as_deref()).await,
        },
        None => not_found(&shared, errors.as_deref()).await,
    }
}

async fn not_found(shared: &Shared, errors: Option<&str>) -> Response {
    let page = tokio::fs::read(shared.site_dir.join("404.html"))
        .await
        .unwrap_or_else(|_| b"<!DOCTYPE html><title>404</title><h1>404</h1></body>".to_vec());
    with_type(
        StatusCode::NOT_FOUND,
        "text/html; charset=utf-8",
        inject(&page, errors, shared.lang),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_every_way_out() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("site/a")).unwrap();
        std::fs::write(dir.path().join("site/a/index.html"), "x").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "s").unwrap();
        let site = dir.path().join("site");
        assert!(resolve(&site, "/dczg/", "/dczg/a/").is_some());
        assert!(
            resolve(&site, "/dczg/", "/dczg/a").is_some(),
            "folders serve their index"
        );
        for bad in [
            "/dczg/../secret.txt",
            "/dczg/%2e%2e/secret.txt",
            "/dczg/%2E%2E/secret.txt",
            "/dczg/a/../../secret.txt",
            "/dczg//etc/passwd",
            "/dczg/..%5csecret.txt",
            "/secret.txt",
            "/dczg/%zz",
        ] {
            assert!(resolve(&site, "/dczg/", bad).is_none(), "{bad}");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret.txt"), site.join("link.txt")).unwrap();
            assert!(
                resolve(&site, "/dczg/", "/dczg/link.txt").is_none(),
                "symlinks out"
            );
        }
    }

    #[test]
    fn mime_types() {
        assert_eq!(
            mime_type(Path::new("a/records.xlsx")),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        );
        assert_eq!(mime_type(Path::new("x.SVG")), "image/svg+xml");
        assert_eq!(mime_type(Path::new("x.csv")), "text/csv; charset=utf-8");
    }

    #[tokio::test]
    async fn late_outputs_wait_for_the_rebuild_and_pages_do_not() {
        let shared = Arc::new(Shared::new(
            PathBuf::from("/nowhere"),
            "/dczg/".into(),
            crate::i18n::Lang::En,
        ));
        shared.settled.send_replace(false);
        for page in ["/dczg/", "/dczg/records/A-1/", "/dczg/feed.xml"] {
            tokio::time::timeout(Duration::from_millis(500), settle(&shared, page))
                .await
                .unwrap_or_else(|_| panic!("{page} is served at once"));
        }
        let waiting = tokio::spawn({
            let shared = Arc::clone(&shared);
            async move { settle(&shared, "/dczg/data/records%2Exlsx").await }
        });
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert!(!waiting.is_finished(), "a download waits while the rebuild runs");
        shared.settled.send_replace(true);
        tokio::time::timeout(Duration::from_secs(5), waiting)
            .await
            .expect("released when the rebuild is done")
            .unwrap();
    }

    #[test]
    fn overlay_escapes_diagnostics() {
        let html = String::from_utf8(inject(
            b"<body><p>x</p></body>",
            Some("error: <script>"),
            crate::i18n::Lang::ZhCn,
        ))
        .unwrap();
        assert!(html.contains("网站有错"), "{html}");
        assert!(html.contains("&lt;script&gt;"));
        assert!(html.contains(SCRIPT_PATH));
        assert!(html.ends_with("</body>"));
    }
}
