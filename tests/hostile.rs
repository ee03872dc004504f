//! Hostile content against the real binary: nothing in a site's content can put script
//! on the public site or a formula into the open data, and the site address cannot be
//! turned into a script or another site's address.

mod common;

use common::*;

fn edit(site: &std::path::Path, rel: &str, from: &str, to: &str) {
    let path = site.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} holds `{from}`");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn heading_attributes_in_markdown_cannot_run_script() {
    let site = site_copy("good");
    edit(
        site.path(),
        "content/records/A-1.md",
        "## 详细情况",
        "## 详细情况 {onfocus=alert(document.domain) autofocus tabindex=0 #x .y}",
    );
    edit(
        site.path(),
        "content/about.md",
        "---\n关于本站",
        "---\n### 联系 {onmouseover=\"alert(1)\" style=\"position:fixed\"}\n\n关于本站",
    );
    build_quietly(site.path());
    for page in ["records/A-1/index.html", "about/index.html"] {
        let html = read(&site.path().join("public"), page);
        for bad in [
            "onfocus",
            "onmouseover",
            "autofocus",
            "tabindex=\"0\"",
            "style=\"position",
        ] {
            assert!(!html.contains(bad), "{page} holds `{bad}`");
        }
    }
    let html = read(&site.path().join("public"), "records/A-1/index.html");
    assert!(
        html.contains("<h2 id=\"x\" class=\"y\">"),
        "the id and class stay"
    );
}

#[test]
fn csv_cells_are_never_formulas() {
    let site = site_copy("good");
    edit(
        site.path(),
        "content/records/A-1.md",
        "title: 石灰窑厂扬尘污染",
        "title: \"=HYPERLINK(\\\"https://evil.example/\\\",\\\"详情\\\")\"",
    );
    edit(
        site.path(),
        "content/records/A-1.md",
        "lead_unit: 区工信局",
        "lead_unit: \"@SUM(1+1)*cmd|' /C calc'!A0\"",
    );
    edit(
        site.path(),
        "content/records/A-1.md",
        "co_units: [石门镇人民政府]",
        "co_units: [\"-1+2\", \"+1\"]",
    );
    build_quietly(site.path());
    let out = site.path().join("public");
    for csv in [
        "data/records.csv",
        "regions/shi-men-zhen/records.csv",
        "types/air/records.csv",
    ] {
        let bytes = std::fs::read(out.join(csv)).unwrap_or_else(|e| panic!("{csv}: {e}"));
        let mut reader = csv::Reader::from_reader(&bytes[3..]);
        let mut seen = false;
        for row in reader.records() {
            let row = row.unwrap();
            for cell in row.iter() {
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "{csv}: {cell:?}"
                );
            }
            seen |= row
                .iter()
                .any(|c| c == "'=HYPERLINK(\"https://evil.example/\",\"详情\")");
        }
        assert!(seen, "{csv} keeps the text, neutralised with a leading '");
    }
    let html = read(&out, "records/A-1/index.html");
    assert!(html.contains("=HYPERLINK("), "pages show the title as written");
}

#[test]
fn base_url_flag_is_checked_like_site_yaml() {
    for bad in [
        "javascript:alert(1)//",
        "data:text/html,x",
        "//evil.example/",
        "/dczg/",
        "https://a@evil.example/",
    ] {
        let site = site_copy("good");
        let out = disclose()
            .args(["build", "--quiet", "--root"])
            .arg(site.path())
            .args(["--base-url", bad])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "--base-url {bad}: usage error");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("base_url"), "{bad}: {stderr}");
        assert!(!site.path().join("public").exists(), "{bad}: nothing built");

        edit(
            site.path(),
            "site.yaml",
            "base_url: https://www.example.gov.cn/dczg/",
            &format!("base_url: \"{bad}\""),
        );
        let out = disclose()
            .args(["check", "--format", "json", "--root"])
            .arg(site.path())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "site.yaml base_url {bad}");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            stdout.contains("\"file\": \"site.yaml\"") && stdout.contains("\"line\": 3"),
            "{bad}: {stdout}"
        );
    }
    let site = site_copy("good");
    disclose()
        .args(["build", "--quiet", "--root"])
        .arg(site.path())
        .args(["--base-url", "https://portal.example.org/a/b/"])
        .assert()
        .success();
}

/// `check`'s text output (stderr), which carries the source snippets.
fn check_text(site: &std::path::Path) -> (Option<i32>, String) {
    let out = disclose().args(["check", "--root"]).arg(site).output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn messages_and_snippets_never_print_personal_data() {
    // An unknown key whose line holds a phone number.
    let site = site_copy("good");
    edit(
        site.path(),
        "content/records/A-1.md",
        "region: 石门镇",
        "region: 石门镇\ncomplainant_phone: 13812345678",
    );
    let (code, text) = check_text(site.path());
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("complainant_phone"), "{text}");
    assert!(
        text.contains("138****5678"),
        "the snippet is shown, masked: {text}"
    );
    assert!(!text.contains("13812345678"), "{text}");

    // A YAML syntax error on a line that holds an e-mail address and a phone number.
    let site = site_copy("good");
    edit(
        site.path(),
        "content/records/A-1.md",
        "summary: 石灰窑厂无除尘设施。",
        "summary: [举报人 zhang.san@example.com 13912345678",
    );
    let (code, text) = check_text(site.path());
    assert_eq!(code, Some(1), "{text}");
    assert!(
        !text.contains("13912345678") && !text.contains("zhang.san@"),
        "{text}"
    );

    // import quoting a cell.
    let site = site_copy("good");
    let ledger = site.path().join("ledger.csv");
    std::fs::write(
        &ledger,
        "受理编号,交办问题基本情况,完成时限,办结状态\nD2HN202104170112,某厂夜间噪声扰民,13812345678,整改中\n",
    )
    .unwrap();
    let out = disclose()
        .args(["import", "--kind", "complaint", "--root"])
        .arg(site.path())
        .arg(&ledger)
        .output()
        .unwrap();
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(all.contains("138****5678"), "{all}");
    assert!(!all.contains("13812345678"), "{all}");
}

#[test]
fn privacy_ok_markers_are_never_published() {
    let site = site_copy("good");
    edit(
        site.path(),
        "content/records/A-1.md",
        "summary: 石灰窑厂无除尘设施。",
        "summary: \"石灰窑厂无除尘设施，值班电话[privacy-ok: 镇政府公开值班电话] 0871-65123456。\"",
    );
    edit(
        site.path(),
        "content/records/A-1.md",
        "全部拆除。",
        "全部拆除。镇办电话 <!-- privacy-ok: 公开电话 --> 0871-65123457。",
    );
    edit(
        site.path(),
        "content/about.md",
        "关于本站",
        "关于本站，热线[privacy-ok: 公开热线] 0871-65123458",
    );
    edit(
        site.path(),
        "site.yaml",
        "publisher: 测试区生态环境局",
        "publisher: \"测试区生态环境局（[privacy-ok: 总机] 0871-65120000）\"",
    );
    build_quietly(site.path());
    let out = site.path().join("public");
    let mut seen = false;
    for (path, bytes) in tree(&out) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("privacy-ok"), "{path} publishes a marker");
        seen |= text.contains("0871-65123456");
    }
    assert!(seen, "the allowed number itself is published");
    let page = read(&out, "records/A-1/index.html");
    assert!(
        page.contains("值班电话 0871-65123456"),
        "the marker and its space are gone"
    );
}

#[test]
fn a_draft_shown_by_build_drafts_never_reaches_a_later_normal_build() {
    let site = site_copy("good");
    let draft_title = {
        let text = std::fs::read_to_string(site.path().join("content/records/F-6.md")).unwrap();
        let line = text
            .lines()
            .find(|l| l.starts_with("title:"))
            .unwrap()
            .to_string();
        line["title:".len()..].trim().trim_matches('"').to_string()
    };
    disclose()
        .args(["build", "--quiet", "--drafts", "--root"])
        .arg(site.path())
        .assert()
        .success();
    let out = site.path().join("public");
    assert!(
        read(&out, "data/records.json").contains(&draft_title),
        "the drafts build shows it"
    );
    build_quietly(site.path());
    for (path, bytes) in tree(&out) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains(&draft_title),
            "{path} names the draft `{draft_title}`"
        );
    }
    // And with a later as-of date, where the changes are computed afresh.
    disclose()
        .args(["build", "--quiet", "--drafts", "--root"])
        .arg(site.path())
        .assert()
        .success();
    disclose()
        .args(["build", "--quiet", "--as-of", "2022-12-31", "--root"])
        .arg(site.path())
        .assert()
        .success();
    for (path, bytes) in tree(&out) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains(&draft_title),
            "{path} names the draft `{draft_title}` (later as-of)"
        );
    }
}

#[test]
fn evidence_is_published_only_from_passive_types_whose_bytes_agree() {
    let site = site_copy("good");
    let records = site.path().join("content/records");
    let files: &[(&str, &[u8])] = &[
        (
            "page.html",
            b"<html><script>alert(document.cookie)</script></html>",
        ),
        (
            "drawing.svg",
            b"<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>",
        ),
        ("app.js", b"alert(1)"),
        ("data.xml", b"<?xml version=\"1.0\"?><a/>"),
        ("x.XHTML", b"<html/>"),
        ("photo.jpg", b"<html><script>alert(1)</script></html>"),
        ("scan.pdf", b"\x89PNG\r\n\x1A\n\0\0\0\rIHDR"),
        ("notes.txt", b"\xEF\xBB\xBF<script>alert(1)</script>"),
        ("ok.PDF", b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n"),
        ("ok.png", b"\x89PNG\r\n\x1A\n\0\0\0\rIHDR"),
        ("ok.docx", b"PK\x03\x04\x14\0\x06\0"),
    ];
    let mut evidence = String::from("evidence:\n");
    for (name, bytes) in files {
        std::fs::write(records.join(name), bytes).unwrap();
        evidence.push_str(&format!("  - {{ file: {name}, caption: 佐证 }}\n"));
    }
    edit(
        site.path(),
        "content/records/A-1.md",
        "evidence:\n  - { file: A-1-photo.txt, caption: 现场照片说明 }\n",
        &evidence,
    );
    let out = disclose()
        .args(["check", "--format", "json", "--root"])
        .arg(site.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let diagnostics: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let about = |name: &str| {
        diagnostics
            .iter()
            .filter(|d| d["args"]["file"] == name)
            .collect::<Vec<_>>()
    };
    for (line, (name, _)) in files.iter().enumerate() {
        let found = about(name);
        // The evidence list starts on line 23 of A-1.md, one entry a line.
        let line = 23 + line;
        if name.starts_with("ok.") {
            assert!(found.is_empty(), "{name}: {found:?}");
        } else {
            assert_eq!(found.len(), 1, "{name}: {diagnostics:?}");
            assert_eq!(found[0]["file"], "content/records/A-1.md");
            assert_eq!(found[0]["line"], line, "{name}");
        }
    }
    assert!(
        about("photo.jpg")[0]["message"]
            .as_str()
            .unwrap()
            .contains("HTML")
    );
    let out = disclose()
        .args(["build", "--quiet", "--root"])
        .arg(site.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(!site.path().join("public").exists());
}
