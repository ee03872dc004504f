//! `disclose serve` as a user meets it: the real binary on an ephemeral port, pages over
//! HTTP, live reload after an edit, the error overlay after a broken edit, and refusal of
//! every path that tries to leave the site.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::*;

struct Server {
    child: Child,
    url: String,
    host: String,
    log: mpsc::Receiver<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(root: &std::path::Path) -> Server {
    start_in(root, "en")
}

/// [`start`] speaking `lang` (`DISCLOSE_LANG`).
fn start_in(root: &std::path::Path, lang: &str) -> Server {
    start_with(root, &[("DISCLOSE_LANG", lang)])
}

/// [`start`] with only `env` choosing the language (no other locale variable set).
fn start_with(root: &std::path::Path, env: &[(&str, &str)]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_disclose"))
        .env_remove("DISCLOSE_LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .envs(env.iter().copied())
        .args(["serve", "--port", "0", "--root"])
        .arg(root)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take();
    let (tx, rx) = mpsc::channel();
    // Owned by the guard from here on, so a failed start still kills and reaps the child.
    let mut server = Server {
        child,
        url: String::new(),
        host: String::new(),
        log: rx,
    };
    std::thread::spawn(move || {
        for line in BufReader::new(stderr.unwrap()).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let line = server
            .log
            .recv_timeout(deadline - Instant::now())
            .expect("server did not start");
        // `Serving the site at http://…` or `预览地址：http://…`.
        if let Some(rest) = line
            .strip_prefix("Serving the site at ")
            .or_else(|| line.strip_prefix("预览地址："))
        {
            server.url = rest.split(['（', ' ']).next().unwrap().to_string();
            server.host = server
                .url
                .trim_start_matches("http://")
                .split('/')
                .next()
                .unwrap()
                .to_string();
            return server;
        }
    }
}

/// A plain HTTP/1.1 GET: (status, lower-cased head, body).
fn request(host: &str, path: &str) -> (u16, String, String) {
    let mut stream = TcpStream::connect(host).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let text = String::from_utf8_lossy(&response).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    (status, head.to_ascii_lowercase(), body.to_string())
}

/// Status and body of a GET.
fn get(host: &str, path: &str) -> (u16, String) {
    let (status, _, body) = request(host, path);
    (status, body)
}

/// One response header of a GET.
fn header(host: &str, path: &str, name: &str) -> Option<String> {
    let (_, head, _) = request(host, path);
    head.lines()
        .find_map(|l| l.strip_prefix(&format!("{name}: ")).map(str::to_string))
}

/// Waits until a rebuild is logged.
fn wait_rebuild(server: &Server) -> String {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let line = server
            .log
            .recv_timeout(deadline - Instant::now())
            .expect("no rebuild after the edit");
        if line.starts_with("rebuilt") || line.starts_with("rebuild FAILED") {
            return line;
        }
    }
}

/// Polls `path` until `check` holds.
fn eventually(server: &Server, path: &str, check: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let (_, body) = get(&server.host, path);
        if check(&body) {
            return body;
        }
        assert!(Instant::now() < deadline, "timed out waiting on {path}: {body}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn serves_pages_with_base_path_mime_types_and_404() {
    let site = site_copy("good");
    let server = start(site.path());
    assert!(server.url.ends_with("/dczg/"), "base path kept: {}", server.url);
    let (status, body) = get(&server.host, "/dczg/records/A-1/");
    assert_eq!(status, 200);
    assert!(body.contains("石灰窑厂扬尘污染"));
    assert!(body.contains(&format!(
        "href=\"{}records/",
        server.url.trim_start_matches(&format!("http://{}", server.host))
    )));
    assert!(
        body.contains("/__disclose/reload.js"),
        "live reload script injected"
    );
    let css_start = body.find("/dczg/assets/disclose.").unwrap();
    let css = &body[css_start..css_start + body[css_start..].find('"').unwrap()];
    assert_eq!(
        header(&server.host, css, "content-type").unwrap(),
        "text/css; charset=utf-8"
    );
    assert_eq!(
        header(&server.host, "/dczg/data/records.csv", "content-type").unwrap(),
        "text/csv; charset=utf-8"
    );
    assert_eq!(
        header(&server.host, "/dczg/data/records.xlsx", "content-type").unwrap(),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert_eq!(
        header(&server.host, "/dczg/feed.xml", "content-type").unwrap(),
        "application/xml"
    );
    let (status, body) = get(&server.host, "/dczg/no/such/page/");
    assert_eq!(status, 404);
    assert!(body.contains("页面不存在"));
    // No directory listing: a folder without index.html is a 404.
    assert_eq!(get(&server.host, "/dczg/assets/").0, 404);
}

#[test]
fn refuses_traversal() {
    let site = site_copy("good");
    let server = start(site.path());
    for path in [
        "/dczg/../site.yaml",
        "/dczg/%2e%2e/site.yaml",
        "/dczg/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/dczg/..%2fsite.yaml",
        "/dczg//etc/passwd",
        "/dczg/records/..%5c..%5csite.yaml",
        "/etc/passwd",
    ] {
        let (status, body) = get(&server.host, path);
        assert_eq!(status, 404, "{path}");
        assert!(
            !body.contains("publisher:") && !body.contains("root:"),
            "{path} leaked"
        );
    }
}

#[test]
fn edits_rebuild_reload_and_show_errors_until_fixed() {
    let site = site_copy("good");
    let server = start(site.path());

    // Listen for reload events.
    let mut events = TcpStream::connect(&server.host).unwrap();
    write!(
        events,
        "GET /__disclose/events HTTP/1.1\r\nHost: {}\r\n\r\n",
        server.host
    )
    .unwrap();
    events.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let mut head = [0u8; 512];
    let _ = events.read(&mut head).unwrap();

    // An edit, saved the way editors do: write a new file, rename it over the old one.
    let record = site.path().join("content/records/A-1.md");
    let text = std::fs::read_to_string(&record)
        .unwrap()
        .replace("石灰窑厂扬尘污染", "石灰窑厂扬尘污染（已更新）");
    let tmp = site.path().join("content/records/.A-1.md.tmp");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, &record).unwrap();
    let line = wait_rebuild(&server);
    assert!(line.starts_with("rebuilt incrementally"), "{line}");
    let mut buf = [0u8; 256];
    let n = events.read(&mut buf).unwrap();
    assert!(
        String::from_utf8_lossy(&buf[..n]).contains("data: reload"),
        "reload event sent"
    );
    // Once told to reload, the page is new, and so are the downloads the rebuild writes
    // after the reload (the server holds them until it is done).
    assert!(get(&server.host, "/dczg/records/A-1/").1.contains("（已更新）"));
    assert!(
        get(&server.host, "/dczg/data/records.csv")
            .1
            .contains("（已更新）")
    );
    assert!(
        get(&server.host, "/dczg/inspections/cei2-2021/problems/table.csv")
            .1
            .contains("（已更新）")
    );
    assert!(
        get(&server.host, "/dczg/inspections/cei2-2021/problems/")
            .1
            .contains("（已更新）")
    );

    // vim's way of saving: the old file renamed to a backup, a new file written in its
    // place, the backup removed. One change of one record, never a record gone missing.
    let backup = site.path().join("content/records/A-1.md~");
    let text = std::fs::read_to_string(&record)
        .unwrap()
        .replace("（已更新）", "（再次更新）");
    std::fs::rename(&record, &backup).unwrap();
    std::fs::write(&record, text).unwrap();
    std::fs::remove_file(&backup).unwrap();
    let line = wait_rebuild(&server);
    assert!(line.starts_with("rebuilt incrementally"), "{line}");
    let n = events.read(&mut buf).unwrap();
    assert!(String::from_utf8_lossy(&buf[..n]).contains("data: reload"));
    assert!(get(&server.host, "/dczg/records/A-1/").1.contains("（再次更新）"));

    // A broken edit: the last good page stays, with the diagnostics over it.
    let broken = site.path().join("content/records/list.yaml");
    let good = std::fs::read_to_string(&broken).unwrap();
    std::fs::write(&broken, good.replace("status: staged", "status: stagd")).unwrap();
    assert!(wait_rebuild(&server).starts_with("rebuild FAILED"));
    let body = eventually(&server, "/dczg/records/A-1/", |b| b.contains("disclose-errors"));
    assert!(
        body.contains("content/records/list.yaml"),
        "overlay names the file: {body}"
    );
    assert!(body.contains("unknown status stagd"));
    assert!(
        body.contains("（再次更新）"),
        "the last good site is still served"
    );

    // Fixing it clears the overlay (a YAML file of several records: in full).
    std::fs::write(&broken, good).unwrap();
    assert!(wait_rebuild(&server).starts_with("rebuilt in full"));
    eventually(&server, "/dczg/records/A-1/", |b| !b.contains("disclose-errors"));
}

#[test]
fn serve_never_writes_the_users_output_folder() {
    let site = site_copy("good");
    let _server = start(site.path());
    assert!(!site.path().join("public").exists());
}

#[test]
fn init_then_build_and_new_then_check() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("mysite");
    disclose().arg("init").arg(&site).assert().success();
    build_quietly(&site);
    assert!(site.join("public/records/F-2021-01/index.html").is_file());
    // A non-empty folder is refused without --force.
    disclose().arg("init").arg(&site).assert().code(1);

    disclose()
        .args(["new", "complaint", "X2YX202209300001", "--root"])
        .arg(&site)
        .assert()
        .success();
    let path = site.join("content/records/X2YX202209300001.md");
    assert!(path.is_file());
    // Unfilled, the title is missing: check says so.
    disclose().args(["check", "--root"]).arg(&site).assert().code(1);
    // Filled in, check accepts it.
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("title: \"\"", "title: 新交办件")
        .replace("region: \"\"", "region: 河口镇");
    std::fs::write(&path, text).unwrap();
    disclose()
        .args(["check", "--as-of", "2030-01-01", "--root"])
        .arg(&site)
        .assert()
        .success();
    // The id now exists.
    disclose()
        .args(["new", "task", "X2YX202209300001", "--root"])
        .arg(&site)
        .assert()
        .code(1);
    disclose()
        .args(["new", "petition", "Y-1", "--root"])
        .arg(&site)
        .assert()
        .code(2);
}

/// Every line the server logs until `done` holds for one, that line included.
fn lines_until(server: &Server, done: impl Fn(&str) -> bool) -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut lines = Vec::new();
    loop {
        let line = server
            .log
            .recv_timeout(deadline - Instant::now())
            .unwrap_or_else(|_| panic!("timed out; the log so far: {lines:#?}"));
        let finished = done(&line);
        lines.push(line);
        if finished {
            return lines;
        }
    }
}

#[test]
fn the_terminal_shows_the_diagnostics_of_a_broken_edit() {
    let site = site_copy("good");
    let server = start(site.path());
    let broken = site.path().join("content/records/list.yaml");
    let good = std::fs::read_to_string(&broken).unwrap();
    std::fs::write(&broken, good.replace("status: staged", "status: stagd")).unwrap();
    let log = lines_until(&server, |l| l.starts_with("rebuild FAILED")).join("\n");
    assert!(log.contains("error[E0203]: "), "{log}");
    assert!(log.contains("unknown status stagd"), "{log}");
    assert!(log.contains("content/records/list.yaml:"), "{log}");
    assert!(log.contains("help: "), "the fix is shown too: {log}");
    drop(server);

    // In Chinese, as `check` says it, and the overlay in the same language.
    std::fs::write(&broken, &good).unwrap();
    let server = start_in(site.path(), "zh-CN");
    std::fs::write(&broken, good.replace("status: staged", "status: stagd")).unwrap();
    let log = lines_until(&server, |l| l.starts_with("重新生成失败")).join("\n");
    assert!(log.contains("“stagd”不是可用的整改状态"), "{log}");
    assert!(log.contains("content/records/list.yaml:"), "{log}");
    let body = eventually(&server, "/dczg/", |b| b.contains("disclose-errors"));
    assert!(body.contains("网站有错"), "{body}");
    assert!(body.contains("您是否要写 staged（阶段性办结）？"), "{body}");
}

/// serve's own lines (where it serves, that it watches, each rebuild and each failed one)
/// come from the catalogue and follow the language rules: here a Chinese system locale,
/// as a clerk's computer gives it, and an English one.
#[test]
fn the_progress_lines_follow_the_language() {
    let site = site_copy("good");
    let record = site.path().join("content/records/A-1.md");
    let good = std::fs::read_to_string(&record).unwrap();
    let server = start_with(site.path(), &[("LANG", "zh_CN.UTF-8")]);
    std::fs::write(
        &record,
        good.replace("石灰窑厂扬尘污染", "石灰窑厂扬尘污染（改）"),
    )
    .unwrap();
    let log = lines_until(&server, |l| l.starts_with("已重新生成")).join("\n");
    assert!(log.contains("正在留意"), "the watching line: {log}");
    assert!(log.contains("已重新生成（只生成改动的部分）："), "{log}");
    assert!(log.contains(" 条记录；重新生成 "), "{log}");
    std::fs::write(
        &record,
        good.replacen("\nstatus: closed\n", "\nstatus: 整改中\n", 1),
    )
    .unwrap();
    let log = lines_until(&server, |l| l.starts_with("重新生成失败")).join("\n");
    assert!(log.contains("“整改中”不是可用的整改状态"), "{log}");
    assert!(log.contains("重新生成失败：1 个错误"), "{log}");
    drop(server);

    std::fs::write(&record, &good).unwrap();
    let server = start_with(site.path(), &[("LANG", "en_US.UTF-8")]);
    std::fs::write(
        &record,
        good.replace("石灰窑厂扬尘污染", "石灰窑厂扬尘污染（改）"),
    )
    .unwrap();
    let log = lines_until(&server, |l| l.starts_with("rebuilt incrementally")).join("\n");
    assert!(log.contains("watching "), "{log}");
    assert!(!log.contains("已重新生成") && !log.contains("正在留意"), "{log}");
}
