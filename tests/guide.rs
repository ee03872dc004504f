//! The Chinese user's guide (docs/zh/使用说明.md) cannot go stale: every `$ disclose …`
//! line of its `console` blocks is run in order in a fresh folder, with the files its
//! `yaml` / `csv` blocks name written where they say, and must exit as the guide says
//! (0, or the `退出码 N` of its comment). `serve` is started and stopped once it prints
//! its address.

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

enum Step {
    Run {
        line: String,
        args: Vec<String>,
        exit: i32,
    },
    Cd(String),
    Write {
        path: String,
        text: String,
    },
}

fn steps(guide: &str) -> Vec<Step> {
    let mut steps = Vec::new();
    let mut lines = guide.lines();
    while let Some(line) = lines.next() {
        let Some(info) = line.strip_prefix("```") else {
            continue;
        };
        let block: Vec<&str> = lines.by_ref().take_while(|l| !l.starts_with("```")).collect();
        let mut words = info.split_whitespace();
        match (words.next(), words.next()) {
            (Some("console"), _) => {
                for l in block.iter().filter_map(|l| l.strip_prefix("$ ")) {
                    let (command, comment) = l.split_once('#').unwrap_or((l, ""));
                    let exit = comment
                        .split("退出码 ")
                        .nth(1)
                        .and_then(|r| r.chars().next()?.to_digit(10))
                        .map_or(0, |d| d as i32);
                    let mut words = command.split_whitespace().map(str::to_string);
                    match words.next().as_deref() {
                        Some("cd") => steps.push(Step::Cd(words.next().unwrap())),
                        Some("disclose") => steps.push(Step::Run {
                            line: l.to_string(),
                            args: words.collect(),
                            exit,
                        }),
                        other => panic!("the guide runs {other:?}, which this test does not know"),
                    }
                }
            }
            (Some(_), Some(path)) => steps.push(Step::Write {
                path: path.to_string(),
                text: block.join("\n") + "\n",
            }),
            _ => {}
        }
    }
    steps
}

fn run(cwd: &Path, line: &str, args: &[String], exit: i32) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_disclose"));
    cmd.args(args)
        .current_dir(cwd)
        .env_remove("SOURCE_DATE_EPOCH")
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env("DISCLOSE_LANG", "zh-CN");
    if args.first().map(String::as_str) == Some("serve") {
        let mut child = cmd.args(["--port", "0"]).stderr(Stdio::piped()).spawn().unwrap();
        let stderr = BufReader::new(child.stderr.take().unwrap());
        let mut seen = Vec::new();
        for l in stderr.lines().map_while(Result::ok) {
            let ready = l.contains("http://");
            seen.push(l);
            if ready {
                break;
            }
        }
        let _ = child.kill();
        let _ = child.wait();
        assert!(
            seen.last().is_some_and(|l| l.starts_with("预览地址：")),
            "`{line}` did not start: {seen:#?}"
        );
        return;
    }
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(exit),
        "`{line}` in {}:\n{stderr}",
        cwd.display()
    );
    assert!(!stderr.contains("panicked"), "`{line}`: {stderr}");
}

#[test]
fn every_command_of_the_chinese_guide_works() {
    let guide = std::fs::read_to_string(common::repo_root().join("docs/zh/使用说明.md")).unwrap();
    let steps = steps(&guide);
    let runs = steps.iter().filter(|s| matches!(s, Step::Run { .. })).count();
    assert!(runs >= 12, "the guide runs only {runs} commands");
    let dir = tempfile::tempdir().unwrap();
    let mut cwd: PathBuf = dir.path().to_path_buf();
    for step in &steps {
        match step {
            Step::Cd(to) => cwd = cwd.join(to),
            Step::Write { path, text } => std::fs::write(cwd.join(path), text).unwrap(),
            Step::Run { line, args, exit } => run(&cwd, line, args, *exit),
        }
    }
    // What the guide promises happened: the site is built, deployed and signed.
    assert!(cwd.join("public/index.html").is_file());
    assert!(cwd.join("public/manifest.sig").is_file());
    assert!(dir.path().join("网站根目录/dczg").exists());
}
