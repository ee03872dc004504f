//! The table of bad inputs (tests/fixtures/bad/cases.yaml): each must fail `check` and
//! `build` with exit 1, a diagnostic at the named file and line, and leave a previous
//! output untouched. Every row says what the clerk reads in English and in Chinese: the
//! code, the message and the fix, all worded by the message catalogue.

mod common;

use common::*;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    case: String,
    to: Option<String>,
    line: usize,
    /// The diagnostic's code (`E0203`).
    code: String,
    /// The field path of the diagnostic (`records[1].status`), when the row gives one.
    field: Option<String>,
    /// What `check` in English says, and what its help (the fix) contains.
    en: String,
    en_help: String,
    /// The same in Chinese.
    zh: String,
    zh_help: String,
}

impl Case {
    /// The file the case is copied to, relative to the site.
    fn to(&self) -> String {
        self.to
            .clone()
            .unwrap_or_else(|| format!("content/records/{}", self.case))
    }

    /// The expected message and help in `lang`.
    fn said(&self, lang: &str) -> (&str, &str) {
        if lang == "en" {
            (&self.en, &self.en_help)
        } else {
            (&self.zh, &self.zh_help)
        }
    }
}

/// A copy of the good site with the case's file put in.
fn site_with(case: &Case) -> tempfile::TempDir {
    let site = site_copy("good");
    let dest = site.path().join(case.to());
    std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
    std::fs::copy(fixture("bad").join(&case.case), dest).unwrap();
    site
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
        let site = site_with(&case);
        let to = case.to();

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
                && d["code"] == case.code.as_str()
                && case.field.as_ref().is_none_or(|f| d["field"] == f.as_str())
        });
        if !hit {
            failures.push(format!(
                "{}: want an error at {to}:{} (code {}, field {:?}), got {stdout}",
                case.case, case.line, case.code, case.field
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

/// The language columns of the table: every row is said in English and in Chinese at its
/// file and line, with its code, its message and the fix, all from the catalogue (a value
/// the catalogue quotes but the diagnostic lacks would show as `{$name}`).
#[test]
fn each_bad_input_is_explained_in_english_and_chinese_with_the_fix() {
    let mut failures = Vec::new();
    for case in cases() {
        let site = site_with(&case);
        let to = case.to();
        for lang in ["en", "zh-CN"] {
            let out = disclose_in(lang)
                .args(["check", "--format", "json", "--root"])
                .arg(site.path())
                .output()
                .unwrap();
            let stdout = String::from_utf8_lossy(&out.stdout);
            let diagnostics: Vec<serde_json::Value> = serde_json::from_str(&stdout).unwrap_or_default();
            let (want, want_help) = case.said(lang);
            let hit = diagnostics.iter().any(|d| {
                d["file"] == to.as_str()
                    && d["line"] == case.line
                    && d["code"] == case.code.as_str()
                    && d["message"].as_str().unwrap_or("").contains(want)
                    && d["help"].as_str().unwrap_or("").contains(want_help)
            });
            if !hit {
                failures.push(format!(
                    "{} ({lang}): want {to}:{} [{}] `{want}` / help `{want_help}`, got {stdout}",
                    case.case, case.line, case.code
                ));
            }
            for d in &diagnostics {
                let text = format!("{} {}", d["message"], d["help"]);
                if text.contains("{$") {
                    failures.push(format!("{} ({lang}): a value is missing: {d}", case.case));
                }
            }
            // The text form a clerk reads: the message beside file:line, with the fix.
            let out = disclose_in(lang)
                .args(["check", "--root"])
                .arg(site.path())
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            // Its head and the fix's label are in the run's language too.
            let (failed, head, fix) = if lang == "en" {
                ("check FAILED", format!("error[{}]: {want}", case.code), "help: ")
            } else {
                ("检查失败", format!("错误[{}]：{want}", case.code), "怎么改：")
            };
            if !stderr.contains(&format!("{to}:{}", case.line))
                || !stderr.contains(&head)
                || !stderr.contains(&format!("{fix}{want_help}"))
                || !stderr.contains(failed)
            {
                failures.push(format!(
                    "{} ({lang}): the text form lacks {to}:{}, `{head}` or `{fix}{want_help}`: {stderr}",
                    case.case, case.line
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The slips and value hints a clerk makes most (a tab, a full-width colon, no space
/// after a colon, a Chinese status word, dates like 2022.6.30) each have their own row,
/// and so do the records with two bad fields.
#[test]
fn the_table_covers_the_usual_slips() {
    let cases = cases();
    for slip in [
        "slip-tab.md",
        "slip-fullwidth-colon.md",
        "slip-no-space.md",
        "status-chinese-word.md",
        "dotted-date.md",
        "chinese-date.md",
        "two-errors.md",
        "slip-and-status.md",
    ] {
        assert!(cases.iter().any(|c| c.case == slip), "no row for {slip}");
    }
}

#[test]
fn a_tab_is_shown_in_the_snippet() {
    let site = site_copy("good");
    std::fs::copy(
        fixture("bad/slip-tab.md"),
        site.path().join("content/records/t.md"),
    )
    .unwrap();
    let out = disclose_in("zh-CN")
        .args(["check", "--root"])
        .arg(site.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("→status: in_progress"), "{stderr}");
    assert!(stderr.contains("制表符"), "{stderr}");
}

/// A record with two bad fields reports both, each at its own line: two bad values, and a
/// syntax slip (repaired in a copy to read on) before an unknown status.
#[test]
fn a_record_with_two_bad_fields_reports_both() {
    for (fixture_name, want, help_line, help) in [
        ("two-errors.md", [(5, "E0203"), (6, "E0206")], 6, "2022-06-30"),
        (
            "slip-and-status.md",
            [(5, "E0201"), (6, "E0203")],
            6,
            "in_progress",
        ),
    ] {
        let site = site_copy("good");
        std::fs::copy(
            fixture("bad").join(fixture_name),
            site.path().join("content/records/two.md"),
        )
        .unwrap();
        for lang in ["zh-CN", "en"] {
            let out = disclose_in(lang)
                .args(["check", "--format", "json", "--root"])
                .arg(site.path())
                .output()
                .unwrap();
            let diagnostics: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
            let mine: Vec<(u64, &str)> = diagnostics
                .iter()
                .filter(|d| d["file"] == "content/records/two.md")
                .map(|d| (d["line"].as_u64().unwrap(), d["code"].as_str().unwrap_or("")))
                .collect();
            assert_eq!(mine, want, "{fixture_name} {lang}: {diagnostics:#?}");
            let shown = diagnostics
                .iter()
                .find(|d| d["line"] == help_line && d["file"] == "content/records/two.md")
                .and_then(|d| d["help"].as_str())
                .unwrap_or("");
            assert!(shown.contains(help), "{fixture_name} {lang}: {shown}");
        }
    }
}

/// Every field that becomes one cell of records.xlsx is held to Excel's 32,767
/// characters by `check`, at its own line: a list whose items are short but join into
/// one long cell (`measures`), an update whose text fits its own cell but not the
/// 最新进展 column (date, space, text), and a Markdown body. `build` refuses just the
/// same, naming each line, and writes nothing.
#[test]
fn every_field_over_the_excel_cell_limit_is_refused_at_its_line() {
    let site = site_copy("good");
    let long = |n: usize| "整".repeat(n);
    let record = format!(
        "---\nid: X-1\nkind: task\ntitle: 超长字段\nstatus: in_progress\nmeasures:\n  - {}\n  - {}\nupdates:\n  - date: 2021-06-15\n    text: {}\n---\n{}\n",
        long(17_000),
        long(17_000),
        long(32_760),
        long(33_000),
    );
    std::fs::write(site.path().join("content/records/X-1.md"), record).unwrap();
    let out = disclose()
        .args(["check", "--format", "json", "--root"])
        .arg(site.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let diagnostics: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let mine: Vec<(u64, &str, &str)> = diagnostics
        .iter()
        .filter(|d| d["file"] == "content/records/X-1.md")
        .map(|d| {
            (
                d["line"].as_u64().unwrap(),
                d["code"].as_str().unwrap_or(""),
                d["field"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        mine,
        [
            (6, "E0327", "measures"),
            (11, "E0327", "updates[0].text"),
            (13, "E0327", "body"),
        ],
        "{diagnostics:#?}"
    );
    let body = diagnostics.iter().find(|d| d["field"] == "body").unwrap();
    assert!(
        body["message"].as_str().unwrap().contains("33001 characters"),
        "{body}"
    );
    assert!(body["help"].as_str().unwrap().contains("evidence"), "{body}");

    let out = disclose()
        .args(["build", "--root"])
        .arg(site.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    for line in [6, 11, 13] {
        assert!(
            stderr.contains(&format!("content/records/X-1.md:{line}")),
            "{stderr}"
        );
    }
    assert!(
        stderr.len() < 20_000,
        "the snippets cut the long lines: {} bytes",
        stderr.len()
    );
    assert!(!site.path().join("public").exists());
}

/// A multi-record file reports every record's errors, each at its own line and
/// `records[i]` path: a bad value on an item's first line (`- kind: tsk`), a Chinese
/// status word, a dotted date, a duplicate of another record's id in the same file, and a
/// rule broken by a record after all of them.
#[test]
fn every_record_of_a_list_reports_its_own_errors() {
    let site = site_copy("good");
    std::fs::copy(
        fixture("bad/list-every-record.yaml"),
        site.path().join("content/records/list-every-record.yaml"),
    )
    .unwrap();
    let out = disclose()
        .args(["check", "--format", "json", "--root"])
        .arg(site.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let diagnostics: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let mine: Vec<(u64, &str, &str)> = diagnostics
        .iter()
        .filter(|d| d["file"] == "content/records/list-every-record.yaml" && d["severity"] == "error")
        .map(|d| {
            (
                d["line"].as_u64().unwrap(),
                d["code"].as_str().unwrap_or(""),
                d["field"].as_str().unwrap_or(""),
            )
        })
        .collect();
    for want in [
        (6, "E0204", "records[1].kind"),
        (13, "E0203", "records[2].status"),
        (18, "E0206", "records[3].deadline"),
        (19, "E0318", "records[4].id"),
        (26, "E0306", "records[5].status"),
    ] {
        assert!(mine.contains(&want), "want {want:?} in {mine:#?}");
    }
}
