//! Benchmark of `disclose serve` as a user meets it: the time from saving one record to
//! the browser's reload event, and to the whole rebuilt site (every download final), on
//! a generated site, measured from outside the real binary.
//!
//! `cargo run --release --example save_to_reload -- --site /dev/shm/site10k [--edits 5]
//! [--bin target/release/disclose]`
//!
//! Starts `disclose serve` on a free port, listens to its reload events as a page does,
//! then edits a different record's title `--edits` times, saving each the way editors do
//! (a new file renamed over the old one). For each save it reports when the reload event
//! arrived and when `data/records.csv` (which the server holds back until the rebuild has
//! finished) came back with the new title, both measured from the rename; this includes
//! the file watcher's debounce. Every record is put back at the end.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

mod common;
use common::{median, records_to_edit};

/// The serve process, killed when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn main() {
    let mut site = None;
    let mut bin = PathBuf::from("target/release/disclose");
    let mut edits = 5usize;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--site" => site = args.next().map(PathBuf::from),
            "--bin" => bin = args.next().map(PathBuf::from).expect("--bin PATH"),
            "--edits" => edits = args.next().and_then(|v| v.parse().ok()).expect("--edits N"),
            other => usage(&format!("unknown argument {other}")),
        }
    }
    let Some(site) = site else {
        usage("--site is required")
    };

    let started = Instant::now();
    let mut child = Command::new(&bin)
        // The log lines are matched in English whatever the site's language.
        .env("DISCLOSE_LANG", "en")
        .args(["serve", "--port", "0", "--root"])
        .arg(&site)
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", bin.display()));
    let (log_tx, log) = mpsc::channel::<String>();
    let stderr = child.stderr.take().expect("stderr");
    let _server = Server(child);
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if log_tx.send(line).is_err() {
                break;
            }
        }
    });
    let url = loop {
        let line = log
            .recv_timeout(Duration::from_secs(300))
            .expect("serve did not start");
        if let Some(rest) = line.strip_prefix("Serving the site at ") {
            break rest.split_whitespace().next().expect("url").to_string();
        }
    };
    let host = url
        .trim_start_matches("http://")
        .split('/')
        .next()
        .expect("host")
        .to_string();
    let base = url
        .trim_start_matches("http://")
        .trim_start_matches(&host)
        .to_string();
    println!(
        "serve ready after {:.0} ms at {url}",
        started.elapsed().as_secs_f64() * 1000.0
    );

    let mut events = Events::connect(&host);
    let mut times = Vec::new();
    for (n, file) in records_to_edit(&site, edits).iter().enumerate() {
        let original = std::fs::read_to_string(file).expect("read record");
        let marker = format!("（第{n}次编辑）");
        let edited = original.replacen("\ntitle: ", &format!("\ntitle: {marker}"), 1);
        let saved = save_by_rename(file, &edited);
        events.wait_reload();
        let reload = saved.elapsed();
        let csv = get(&host, &format!("{base}data/records.csv"));
        let settled = saved.elapsed();
        assert!(csv.contains(&marker), "records.csv has the edit once served");
        let rebuilt = rebuild_line(&log);
        println!(
            "reload event {:>6.1} ms, every download final {:>6.1} ms  [{rebuilt}]",
            ms(reload),
            ms(settled)
        );
        times.push((ms(reload), ms(settled)));

        save_by_rename(file, &original);
        events.wait_reload();
        get(&host, &format!("{base}data/records.csv"));
        rebuild_line(&log);
    }
    println!(
        "save to reload, median over {} saves: reload event {:.1} ms, every download final {:.1} ms",
        times.len(),
        median(times.iter().map(|t| t.0).collect()),
        median(times.iter().map(|t| t.1).collect())
    );
}

fn usage(problem: &str) -> ! {
    eprintln!("{problem}; usage: save_to_reload --site DIR [--edits N] [--bin PATH]");
    std::process::exit(2);
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Saves `text` as an editor does: into a new file beside, renamed over the old one.
/// Returns the moment of the rename.
fn save_by_rename(file: &Path, text: &str) -> Instant {
    let name = file.file_name().and_then(|n| n.to_str()).expect("file name");
    let tmp = file.with_file_name(format!(".{name}.tmp"));
    std::fs::write(&tmp, text).expect("write");
    std::fs::rename(&tmp, file).expect("rename");
    Instant::now()
}

/// The server's log line about the last rebuild.
fn rebuild_line(log: &mpsc::Receiver<String>) -> String {
    loop {
        let line = log
            .recv_timeout(Duration::from_secs(60))
            .expect("no rebuild logged");
        if line.starts_with("rebuilt") || line.starts_with("rebuild FAILED") {
            return line;
        }
    }
}

/// The body of a plain HTTP/1.1 GET.
fn get(host: &str, path: &str) -> String {
    let mut stream = TcpStream::connect(host).expect("connect");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut response = Vec::new();
    stream.read_to_end(&mut response).expect("read");
    String::from_utf8_lossy(&response).into_owned()
}

/// The reload event stream, read as an open page reads it.
struct Events {
    stream: TcpStream,
}

impl Events {
    fn connect(host: &str) -> Self {
        let mut stream = TcpStream::connect(host).expect("connect");
        write!(stream, "GET /__disclose/events HTTP/1.1\r\nHost: {host}\r\n\r\n").expect("send");
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .expect("timeout");
        let mut head = [0u8; 1024];
        let _ = stream.read(&mut head).expect("event stream head");
        Self { stream }
    }

    /// Blocks until the next reload event.
    fn wait_reload(&mut self) {
        let mut buf = [0u8; 1024];
        loop {
            let n = self.stream.read(&mut buf).expect("reload event");
            assert!(n > 0, "the event stream closed");
            if String::from_utf8_lossy(&buf[..n]).contains("data: reload") {
                return;
            }
        }
    }
}
