//! `disclose serve`: build into a private folder (never the user's `--out`), serve it on
//! loopback with the base URL rewritten to the local address, watch the site and rebuild
//! on every change, and tell open pages to reload. A broken edit keeps the last good
//! site and shows the diagnostics over it; fixing the file clears them.

pub mod http;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use notify_debouncer_full::notify::RecursiveMode;
use notify_debouncer_full::{DebounceEventResult, new_debouncer};

use crate::diagnostic::render_text;
use crate::incremental::{Rebuild, Session};
use crate::t;
use crate::{BuildOptions, SiteOptions};
use http::Shared;

/// Flags of `disclose serve`.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site.
    pub site: SiteOptions,
    /// Address to bind (loopback unless asked otherwise).
    pub bind: String,
    /// Port (0 picks a free one).
    pub port: u16,
    /// Open the browser.
    pub open: bool,
    /// Language of the terminal lines and the error overlay.
    pub lang: crate::i18n::Lang,
}

/// Runs the preview server until Ctrl-C. `on_ready` receives the local URL.
pub fn serve(options: ServeOptions, on_ready: impl FnOnce(&str)) -> Result<(), String> {
    let lang = options.lang;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| t!(lang, "serve-cannot-start", error = e.to_string()))?;
    runtime.block_on(run(options, on_ready))
}

async fn run(options: ServeOptions, on_ready: impl FnOnce(&str)) -> Result<(), String> {
    let lang = options.lang;
    let addr: SocketAddr = format!("{}:{}", options.bind, options.port)
        .parse()
        .map_err(|e| format!("--bind {} --port {}: {e}", options.bind, options.port))?;
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| {
        t!(
            lang,
            "serve-cannot-listen",
            addr = addr.to_string(),
            error = e.to_string()
        )
    })?;
    let local = listener.local_addr().map_err(|e| e.to_string())?;

    let config = crate::source::load_config(&options.site.root)
        .map_err(|d| {
            render_text(
                &crate::i18n::diagnostics::localize_all(&[d], options.lang),
                &options.site.root,
                options.lang,
            )
        })?
        .0;
    let base_path = config.base_path();
    let host = if local.ip().is_unspecified() {
        "127.0.0.1".to_string()
    } else {
        local.ip().to_string()
    };
    let url = format!("http://{host}:{}{base_path}", local.port());

    let private = tempfile::Builder::new()
        .prefix("disclose-serve-")
        .tempdir()
        .map_err(|e| t!(lang, "serve-cannot-start", error = e.to_string()))?;
    let site_dir = private.path().join("site");
    let shared = Arc::new(Shared::new(site_dir.clone(), base_path, options.lang));

    let build_options = BuildOptions {
        site: options.site.clone(),
        out: Some(site_dir),
        base_url: Some(url.clone()),
        sign_key: None,
        // /changes/ previews what the next `build` will announce against the last one.
        previous: Some(options.site.root.join("public")),
        precompress: false,
        relative_urls: false,
    };
    let mut session = Session::new(build_options);
    publish(session.build(), &options.site.root, &shared);
    let _watcher = watch(&options.site.root, session, Arc::clone(&shared))?;

    on_ready(&url);
    eprintln!(
        "{}",
        t!(
            lang,
            "serve-watching",
            root = options.site.root.display().to_string()
        )
    );
    if options.open {
        open_browser(&url, lang);
    }
    axum::serve(listener, http::router(shared))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(|e| t!(lang, "serve-cannot-start", error = e.to_string()))
}

/// Tells the server (and every open page) how a rebuild went.
fn publish(rebuild: Rebuild, root: &Path, shared: &Shared) {
    let report = &rebuild.report;
    let lang = shared.lang;
    let errors = (!report.ok()).then(|| {
        let shown: Vec<_> = report
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .cloned()
            .collect();
        render_text(&crate::i18n::diagnostics::localize_all(&shown, lang), root, lang)
    });
    // The terminal shows what `check` would: every diagnostic, with its snippet and fix.
    if !report.diagnostics.is_empty() {
        let all = crate::i18n::diagnostics::localize_all(&report.diagnostics, lang);
        eprint!("{}", render_text(&all, root, lang));
    }
    match &errors {
        Some(_) => eprintln!(
            "{}",
            crate::t!(lang, "serve-rebuild-failed", errors = report.errors())
        ),
        None if rebuild.incremental => eprintln!(
            "{}",
            t!(
                lang,
                "serve-rebuilt-incremental",
                records = report.records,
                rendered = rebuild.rendered,
                kept = rebuild.kept,
                pages_ms = millis(rebuild.ready_after.unwrap_or_default()),
                all_ms = millis(report.elapsed)
            )
        ),
        None => eprintln!(
            "{}",
            t!(
                lang,
                "serve-rebuilt-full",
                records = report.records,
                pages = report.pages,
                ms = millis(report.elapsed)
            )
        ),
    }
    let reloaded = rebuild.ready_after.is_some() && errors.is_none();
    *shared.errors.write().unwrap_or_else(|e| e.into_inner()) = errors;
    if !reloaded {
        let _ = shared.reload.send(());
    }
}

/// Whole milliseconds, as the progress lines show a duration.
fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

/// A rebuild in progress, as the server sees it: from its start until it is dropped
/// (even by a panic), requests for the outputs written last wait.
struct Rebuilding<'a>(&'a Shared);

impl<'a> Rebuilding<'a> {
    fn start(shared: &'a Shared) -> Self {
        shared.settled.send_replace(false);
        Self(shared)
    }
}

impl Drop for Rebuilding<'_> {
    fn drop(&mut self) {
        self.0.settled.send_replace(true);
    }
}

/// True for changes that cannot affect the site (output folders, VCS, editor files).
fn ignored(root: &Path, path: &Path) -> bool {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let mut components = rel.components();
    let first = components
        .next()
        .and_then(|c| c.as_os_str().to_str())
        .unwrap_or("");
    if matches!(first, "public" | "target" | ".git" | "node_modules") || first.starts_with(".public") {
        return true;
    }
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    // What the loader skips, plus vim's probe file.
    crate::source::is_ignored(name) || name.ends_with(".swx") || name == "4913"
}

/// How long a path must be quiet before its changes count. One editor save (a truncate
/// and write, or vim's probe file, backup rename and new file) raises all its events
/// within a few milliseconds, so 25 ms still sees it as one change, while the preview
/// starts rebuilding well within the 100 ms a person notices.
const DEBOUNCE: Duration = Duration::from_millis(25);
/// How often the debouncer looks for quiet paths: a change waits 25–30 ms.
const DEBOUNCE_TICK: Duration = Duration::from_millis(5);

/// Watches the site folder; any relevant change triggers a rebuild of the changed paths.
/// Editors that save by writing a new file and renaming it over the old one produce
/// create/rename events for the file's own path, which count like any other change.
fn watch(
    root: &Path,
    mut session: Session,
    shared: Arc<Shared>,
) -> Result<
    notify_debouncer_full::Debouncer<
        notify_debouncer_full::notify::RecommendedWatcher,
        notify_debouncer_full::RecommendedCache,
    >,
    String,
> {
    let lang = shared.lang;
    let root: PathBuf = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let watched_root = root.clone();
    let mut debouncer = new_debouncer(
        DEBOUNCE,
        Some(DEBOUNCE_TICK),
        move |result: DebounceEventResult| {
            let changed: Vec<PathBuf> = match result {
                // Reading files (our own rebuild included) raises access events: only changes count.
                Ok(events) => events
                    .iter()
                    .filter(|e| !matches!(e.kind, notify_debouncer_full::notify::EventKind::Access(_)))
                    .flat_map(|e| e.paths.iter())
                    .filter(|p| !ignored(&watched_root, p))
                    .cloned()
                    .collect(),
                // Events were lost: rebuild everything.
                Err(_) => vec![watched_root.clone()],
            };
            if !changed.is_empty() {
                // Requests for the outputs written last wait from here until the rebuild
                // is published, so they never show the previous build after a reload.
                let _rebuilding = Rebuilding::start(&shared);
                // Reload as soon as the pages showing records are written; the site-wide
                // outputs finish after.
                let reload_early = || {
                    *shared.errors.write().unwrap_or_else(|e| e.into_inner()) = None;
                    let _ = shared.reload.send(());
                };
                publish(
                    session.update_with(&changed, &reload_early),
                    &watched_root,
                    &shared,
                );
            }
        },
    )
    .map_err(|e| {
        t!(
            lang,
            "serve-cannot-watch",
            root = root.display().to_string(),
            error = e.to_string()
        )
    })?;
    debouncer.watch(&root, RecursiveMode::Recursive).map_err(|e| {
        t!(
            lang,
            "serve-cannot-watch",
            root = root.display().to_string(),
            error = e.to_string()
        )
    })?;
    Ok(debouncer)
}

/// Opens `url` in the default browser. On Windows through the URL handler of url.dll
/// (what Explorer runs for a link) rather than `cmd /C start`, whose command line would
/// treat `&` or `^` in a base path as its own syntax; elsewhere `open` or `xdg-open`.
fn open_browser(url: &str, lang: crate::i18n::Lang) {
    let (program, args): (&str, Vec<&str>) = if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else if cfg!(windows) {
        ("rundll32", vec!["url.dll,FileProtocolHandler", url])
    } else {
        ("xdg-open", vec![url])
    };
    if let Err(e) = std::process::Command::new(program).args(&args).spawn() {
        eprintln!(
            "{}",
            t!(lang, "serve-no-browser", error = e.to_string(), url = url)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignores_outputs_and_editor_files() {
        let root = Path::new("/site");
        assert!(ignored(root, Path::new("/site/public/index.html")));
        assert!(ignored(root, Path::new("/site/.public.disclose-staging/x")));
        assert!(ignored(root, Path::new("/site/content/records/.a.md.swp")));
        assert!(ignored(root, Path::new("/site/content/records/a.md~")));
        assert!(ignored(root, Path::new("/site/content/records/.a.md.tmp")));
        assert!(!ignored(root, Path::new("/site/content/records/a.md")));
        assert!(!ignored(root, Path::new("/site/site.yaml")));
        assert!(!ignored(
            root,
            Path::new("/site/themes/default/templates/base.html")
        ));
    }
}
