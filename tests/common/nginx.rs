//! A throw-away nginx for the tests that serve a built site over real HTTP
//! (`tests/browser.rs`, `tests/verify.rs`): a free port, the config around a test's
//! `server` block, and a guard that stops the server when the test ends.

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command};

/// A running nginx; dropping it kills and reaps the process, so a failing test does not
/// leave a server behind.
pub struct Nginx(Child);

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A port nobody listens on at the moment (the OS picks it).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Starts `nginx` in the foreground with `server` (one or more `server { … }` blocks,
/// already listening on `port`) inside a minimal `http` block; `preamble` goes before
/// it (e.g. `load_module …;`). Logs, pid and temp folders live under `work/nginx`, so
/// no root-owned path is needed. Returns once the port answers; panics with nginx's
/// error log if it never does.
pub fn start_nginx(nginx: &Path, work: &Path, port: u16, preamble: &str, server: &str) -> Nginx {
    let temp = work.join("nginx");
    std::fs::create_dir_all(&temp).unwrap();
    let conf = format!(
        "{preamble}daemon off;\nmaster_process off;\nuser root;\npid {t}/nginx.pid;\nerror_log {t}/error.log;\nevents {{}}\nhttp {{\n\
         access_log off;\nclient_body_temp_path {t}/body;\nproxy_temp_path {t}/proxy;\nfastcgi_temp_path {t}/fastcgi;\n\
         uwsgi_temp_path {t}/uwsgi;\nscgi_temp_path {t}/scgi;\ndefault_type application/octet-stream;\n{server}\n}}\n",
        t = temp.display()
    );
    let conf_path = temp.join("nginx.conf");
    std::fs::write(&conf_path, conf).unwrap();
    let child = Command::new(nginx)
        .arg("-c")
        .arg(&conf_path)
        .arg("-p")
        .arg(&temp)
        .spawn()
        .unwrap();
    let guard = Nginx(child);
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return guard;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!(
        "nginx did not start: {}",
        std::fs::read_to_string(temp.join("error.log")).unwrap_or_default()
    );
}
