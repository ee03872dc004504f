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
