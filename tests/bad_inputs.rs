//! The table of bad inputs (tests/fixtures/bad/cases.yaml): each must fail `check` and
//! `build` with exit 1, a diagnostic at the named file and line, and leave a previous
//! output untouched.

mod common;

use common::*;
use serde::Deserialize;

#[derive(Deserialize)]
struct Case {
    case: String,
    to: Option<String>,
    line: usize,
    message: String,
    /// The diagnostic's code (`E0203`), when the row gives one.
    code: Option<String>,
    /// The field path of the diagnostic (`records[1].status`), when the row gives one.
    field: Option<String>,
}

fn cases() -> Vec<Case> {
    let text = std::fs::read_to_string(fixture("bad/cases.yaml")).unwrap();
    serde_yaml::from_str(&text).unwrap()
}

#[test]
fn every_bad_fixture_is_in_the_table() {
    let listed: std::collections::BTreeSet<String> = cases().into_iter().map(|c| c.case).collect();
    let mut on_disk = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(fixture("bad")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name != "cases.yaml" {
            on_disk.insert(name);
        }
    }
    assert_eq!(listed, on_disk);
    assert!(listed.len() >= 30, "at least 30 bad inputs");
}

#[test]
fn each_bad_input_fails_with_file_line_and_message() {
    let mut failures = Vec::new();
    for case in cases() {
        let site = site_copy("good");
        let to = case
            .to
            .clone()
            .unwrap_or_else(|| format!("content/records/{}", case.case));
        std::fs::copy(fixture("bad").join(&case.case), site.path().join(&to)).unwrap();

        let out = disclose()
            .args(["check", "--format", "json", "--root"])
            .arg(site.path())
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let diagnostics: Vec<serde_json::Value> = match serde_json::from_str(&stdout) {
            Ok(d) => d,
            Err(e) => {
                failures.push(format!(
                    "{}: check --format json is not JSON ({e}): {stdout}",
                    case.case
                ));
                continue;
            }
        };
        if out.status.code() != Some(1) {
            failures.push(format!(
                "{}: check exited {:?}, want 1",
                case.case,
                out.status.code()
            ));
        }
        let hit = diagnostics.iter().any(|d| {
            d["severity"] == "error"
                && d["file"] == to.as_str()
                && d["line"] == case.line
                && d["message"].as_str().unwrap_or("").contains(&case.message)
                && case.code.as_ref().is_none_or(|c| d["code"] == c.as_str())
                && case.field.as_ref().is_none_or(|f| d["field"] == f.as_str())
        });
        if !hit {
            failures.push(format!(
                "{}: want {to}:{} `{}` (code {:?}, field {:?}), got {stdout}",
                case.case, case.line, case.message, case.code, case.field
            ));
        }
        // Every diagnostic has a stable code and name, for CI and the message catalogue.
        for d in &diagnostics {
            if !d["code"].is_string() || !d["name"].is_string() {
                failures.push(format!(
                    "{}: a diagnostic without a code (give it one from diagnostic::Code): {d}",
                    case.case
                ));
            }
        }

        // The text form names the file and line too, and build refuses just the same.
        let out = disclose()
            .args(["build", "--root"])
            .arg(site.path())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        if out.status.code() != Some(1) {
            failures.push(format!(
                "{}: build exited {:?}, want 1",
                case.case,
                out.status.code()
            ));
        }
        if !stderr.contains(&format!("{to}:{}", case.line)) {
            failures.push(format!(
                "{}: build output lacks {to}:{}: {stderr}",
                case.case, case.line
            ));
        }
        if stderr.contains("panicked") {
            failures.push(format!("{}: panicked: {stderr}", case.case));
        }
        if site.path().join("public").exists() {
            failures.push(format!("{}: a failed build wrote public/", case.case));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn privacy_messages_never_echo_the_number() {
    let site = site_copy("good");
    std::fs::copy(
        fixture("bad/privacy-mobile.md"),
        site.path().join("content/records/p.md"),
    )
    .unwrap();
    let out = check_output(site.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("138****5678"), "{stderr}");
    assert!(
        !stderr.contains("13812345678"),
        "the full number leaked: {stderr}"
    );
}
