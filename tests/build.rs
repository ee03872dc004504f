//! The real binary on the good fixture site: pages, derived statuses, determinism,
//! atomic output, base paths, drafts and exit codes.

mod common;

use common::*;
use predicates::str::contains;

fn build(site: &std::path::Path, extra: &[&str]) -> std::path::PathBuf {
    let out = site.join("public");
    disclose()
        .args(["build", "--quiet", "--root"])
        .arg(site)
        .args(extra)
        .assert()
        .success();
    out
}

#[test]
fn good_site_builds_every_page() {
    let site = site_copy("good");
    let out = build(site.path(), &[]);
    for page in [
        "index.html",
        "records/index.html",
        "records/page/2/index.html",
        "records/A-1/index.html",
        "records/B-2/index.html",
        "records/C-3/index.html",
        "records/D-4/index.html",
        "records/E-5/index.html",
        "inspections/index.html",
        "inspections/cei2-2021/index.html",
        "regions/hekou/index.html",
        "regions/shi-men-zhen/index.html",
        "types/air/index.html",
        "status/closed/index.html",
        "units/index.html",
        "overdue/index.html",
        "table/index.html",
        "updates/index.html",
        "notices/index.html",
        "notices/first/index.html",
        "about/index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        "records/A-1/A-1-photo.txt",
    ] {
        assert!(out.join(page).is_file(), "missing {page}");
    }
    assert!(!out.join("records/F-6").exists(), "drafts are not published");
    // Assets carry a content hash in their names, and pages link to those names.
    let index = read(&out, "index.html");
    for asset in std::fs::read_dir(out.join("assets")).unwrap() {
        let name = asset.unwrap().file_name().to_string_lossy().into_owned();
        let parts: Vec<&str> = name.split('.').collect();
        assert_eq!(parts.len(), 3, "{name}");
        assert_eq!(parts[1].len(), 8, "{name}");
        if name.starts_with("disclose.") {
            assert!(
                index.contains(&format!("/dczg/assets/{name}")),
                "{name} is linked"
            );
        }
    }
    assert!(
        !tree(&out).iter().any(|(p, _)| p.contains("secret-notes")),
        "unlisted files are not published"
    );
}

#[test]
fn derived_statuses_follow_the_as_of_date() {
    let site = site_copy("good");
    let out = build(site.path(), &[]);
    // B-2: deadline 2022-06-30, in progress, as of 2022-09-30 → 92 days overdue.
    let b2 = read(&out, "records/B-2/index.html");
    assert!(b2.contains("逾期 92 天"), "{b2}");
    // Site vocabulary relabels in_progress.
    assert!(b2.contains("序时推进中"), "{b2}");
    // E-5 not started, 10 days overdue; C-3 ongoing is never overdue.
    assert!(read(&out, "records/E-5/index.html").contains("逾期 10 天"));
    assert!(!read(&out, "records/C-3/index.html").contains("class=\"overdue"));
    // D-4 completed one day after its (changed) deadline: late, not overdue.
    let d4 = read(&out, "records/D-4/index.html");
    assert!(d4.contains("超期完成") && d4.contains("雨季无法施工"), "{d4}");
    // The overdue page lists the longest overdue first.
    let overdue = read(&out, "overdue/index.html");
    let (b, e) = (
        overdue.find("records/B-2/").unwrap(),
        overdue.find("records/E-5/").unwrap(),
    );
    assert!(b < e);
    // With a later as-of date, more days overdue.
    build(site.path(), &["--as-of", "2022-10-30"]);
    assert!(read(&out, "records/B-2/index.html").contains("逾期 122 天"));
}

#[test]
fn dashboard_counts() {
    let site = site_copy("good");
    let out = build(site.path(), &[]);
    let html = read(&out, "index.html");
    assert!(
        html.contains("<span class=\"num\">5</span> <span class=\"label\">总数</span>"),
        "{html}"
    );
    assert!(
        html.contains("<span class=\"num\">2</span> <span class=\"label\">逾期</span>"),
        "{html}"
    );
    assert!(
        html.contains("<span class=\"num\">40.0%</span>"),
        "2 of 5 done: {html}"
    );
    assert!(html.contains("<svg"), "charts are inline SVG");
}

#[test]
fn two_builds_are_byte_identical() {
    let a = site_copy("good");
    let b = site_copy("good");
    let out_a = build(a.path(), &[]);
    let out_b = build(b.path(), &[]);
    assert_eq!(tree(&out_a), tree(&out_b));
    // Rebuilding in place compares with the first build (/changes/ says nothing
    // changed); from then on every rebuild gives the same bytes again.
    build(a.path(), &[]);
    let before = tree(&out_a);
    build(a.path(), &[]);
    assert_eq!(before, tree(&out_a));
}

#[test]
fn failed_build_leaves_previous_output_untouched() {
    let site = site_copy("good");
    let out = build(site.path(), &[]);
    let before = tree(&out);
    std::fs::write(
        site.path().join("content/records/broken.md"),
        "---\nid: X\nkind: task\n---\n",
    )
    .unwrap();
    disclose()
        .args(["build", "--root"])
        .arg(site.path())
        .assert()
        .code(1)
        .stderr(contains("broken.md:2"));
    assert_eq!(before, tree(&out));
    let names: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(
        !names.iter().any(|n| n.to_string_lossy().contains("disclose-")),
        "no stray staging folders: {names:?}"
    );
}

#[test]
fn links_respect_a_base_url_with_a_path() {
    let site = site_copy("good");
    let out = build(site.path(), &[]);
    let html = read(&out, "records/A-1/index.html");
    assert!(html.contains("href=\"/dczg/assets/disclose."));
    assert!(html.contains("href=\"/dczg/records/\""));
    assert!(html.contains("href=\"/dczg/records/A-1/A-1-photo.txt\""));
    assert!(
        !html.contains("href=\"/records/"),
        "no link escapes the base path"
    );
    let sitemap = read(&out, "sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://www.example.gov.cn/dczg/records/A-1/</loc>"),
        "{sitemap}"
    );

    build(site.path(), &["--base-url", "https://portal.example.org/a/b/"]);
    let html = read(&out, "records/A-1/index.html");
    assert!(html.contains("href=\"/a/b/records/\""));
    assert!(read(&out, "sitemap.xml").contains("<loc>https://portal.example.org/a/b/</loc>"));
}

#[test]
fn site_root_links_in_content_get_the_base_path() {
    let site = site_copy("good");
    std::fs::write(
        site.path().join("content/links.md"),
        "---\ntitle: 链接\n---\n[整改总表](/records/A-1/#timeline) [A-1](/dczg/records/A-1/#evidence) [外站](https://www.mee.gov.cn/)\n",
    )
    .unwrap();
    let out = build(site.path(), &[]);
    let html = read(&out, "links/index.html");
    assert!(html.contains("href=\"/dczg/records/A-1/#timeline\""), "{html}");
    assert!(html.contains("href=\"/dczg/records/A-1/#evidence\""), "{html}");
    assert!(!html.contains("/dczg/dczg/"), "{html}");
    assert!(html.contains("href=\"https://www.mee.gov.cn/\""), "{html}");

    build(site.path(), &["--relative-urls"]);
    let html = read(&out, "links/index.html");
    assert!(
        html.contains("href=\"../records/A-1/index.html#timeline\""),
        "{html}"
    );
    assert!(!html.contains("href=\"/records/A-1/#timeline\""), "{html}");
}

#[test]
fn evidence_is_published_with_its_hash() {
    let site = site_copy("good");
    let out = build(site.path(), &[]);
    let html = read(&out, "records/A-1/index.html");
    let data = std::fs::read(site.path().join("content/records/A-1-photo.txt")).unwrap();
    use sha2::Digest;
    let hash: String = sha2::Sha256::digest(&data)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert!(html.contains(&hash), "{html}");
    assert!(html.contains(">18 B<"), "{html}");
    assert!(
        !html.contains("字节"),
        "sizes read as B, KB or MB, never 字节: {html}"
    );
}

#[test]
fn raw_html_and_script_links_are_neutralised() {
    let site = site_copy("good");
    let out = build(site.path(), &[]);
    let html = read(&out, "about/index.html");
    assert!(!html.contains("<script>alert"), "{html}");
    assert!(!html.contains("javascript:"), "{html}");
}

#[test]
fn sections_list_pages_newest_first() {
    let site = site_copy("good");
    let out = build(site.path(), &[]);
    let html = read(&out, "notices/index.html");
    assert!(html.find("第二则通知").unwrap() < html.find("第一则通知").unwrap());
}

#[test]
fn drafts_only_with_the_flag() {
    let site = site_copy("good");
    let out = build(site.path(), &["--drafts"]);
    assert!(out.join("records/F-6/index.html").is_file());
}

#[test]
fn check_json_parses_and_warnings_do_not_fail() {
    let site = site_copy("good");
    std::fs::write(
        site.path().join("content/records/w.yaml"),
        "id: W-1\nkind: task\ntitle: t\nstatus: completed\n",
    )
    .unwrap();
    let out = disclose()
        .args(["check", "--format", "json", "--root"])
        .arg(site.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = &v.as_array().unwrap()[0];
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["file"], "content/records/w.yaml");
    assert_eq!(d["line"], 4);
    assert_eq!(d["code"], "W0307");
    assert_eq!(d["name"], "completed-without-date");
    assert_eq!(d["field"], "status");
    assert!(d["help"].as_str().unwrap().contains("completed_on"));
}

#[test]
fn check_json_names_codes_field_paths_and_values() {
    let site = site_copy("good");
    std::fs::write(
        site.path().join("content/records/two.yaml"),
        "records:\n  - id: T-1\n    kind: task\n    title: t\n    status: not_started\n  - id: T-2\n    kind: task\n    title: u\n    status: not_started\n    region: 不存在镇\n",
    )
    .unwrap();
    let out = disclose()
        .args(["check", "--format", "json", "--root"])
        .arg(site.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = v
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "E0305")
        .unwrap_or_else(|| panic!("no unknown-region in {v}"));
    assert_eq!(d["name"], "unknown-region");
    assert_eq!(d["file"], "content/records/two.yaml");
    assert_eq!(d["line"], 10);
    assert_eq!(d["field"], "records[1].region");
    assert_eq!(d["args"]["value"], "不存在镇");
    // The text form shows the code too.
    let out = disclose()
        .args(["check", "--root"])
        .arg(site.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("error[E0305]"), "{stderr}");
}

#[test]
fn a_bad_source_date_epoch_is_named_as_a_setting_not_a_file() {
    let site = site_copy("good");
    // Without `as_of:` in site.yaml the date comes from SOURCE_DATE_EPOCH.
    let config = site.path().join("site.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, text.replace("as_of: 2022-09-30\n", "")).unwrap();
    let out = disclose()
        .args(["check", "--format", "json", "--root"])
        .arg(site.path())
        .env("SOURCE_DATE_EPOCH", "yesterday")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = &v.as_array().unwrap()[0];
    assert_eq!(d["code"], "E0801");
    assert_eq!(d["env"], "SOURCE_DATE_EPOCH");
    assert!(d.get("file").is_none(), "{d}");
}

#[test]
fn all_errors_of_a_run_come_together() {
    let site = site_copy("good");
    for (name, text) in [
        ("x.yaml", "id: X-1\nkind: task\ntitle: t\nstatus: closd\n"),
        ("y.yaml", "id: Y-1\nkind: task\ntitle: t\nstatus: closed\n"),
        (
            "z.yaml",
            "id: Z-1\nkind: task\ntitle: t\nstatus: in_progress\nregion: 火星\n",
        ),
    ] {
        std::fs::write(site.path().join("content/records").join(name), text).unwrap();
    }
    let out = disclose()
        .args(["check", "--format", "json", "--root"])
        .arg(site.path())
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let files: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["file"].as_str().unwrap())
        .collect();
    assert_eq!(
        files,
        [
            "content/records/x.yaml",
            "content/records/y.yaml",
            "content/records/z.yaml"
        ]
    );
}

#[test]
fn usage_errors_exit_2() {
    disclose().arg("frobnicate").assert().code(2);
    disclose()
        .args(["build", "--as-of", "2022-13-01"])
        .assert()
        .code(2);
    disclose().arg("--version").assert().success();
}

#[test]
fn missing_site_yaml_exits_1_with_help() {
    let dir = tempfile::tempdir().unwrap();
    disclose()
        .args(["check", "--root"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(contains("site.yaml"));
}

#[test]
fn refuses_output_inside_the_sources() {
    let site = site_copy("good");
    disclose()
        .args(["build", "--root"])
        .arg(site.path())
        .arg("--out")
        .arg(site.path().join("content/out"))
        .assert()
        .code(1)
        .stderr(contains("inside the site's content/ folder"));
    assert!(!site.path().join("content/out").exists());
    let foreign = site.path().join("docs");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("keep.txt"), "mine").unwrap();
    disclose()
        .args(["build", "--root"])
        .arg(site.path())
        .arg("--out")
        .arg(&foreign)
        .assert()
        .code(1);
    assert_eq!(std::fs::read_to_string(foreign.join("keep.txt")).unwrap(), "mine");
}

#[test]
fn source_date_epoch_sets_the_as_of_date() {
    let site = site_copy("good");
    let yaml = std::fs::read_to_string(site.path().join("site.yaml"))
        .unwrap()
        .replace("as_of: 2022-09-30\n", "");
    std::fs::write(site.path().join("site.yaml"), yaml).unwrap();
    disclose()
        .env("SOURCE_DATE_EPOCH", "1664496000") // 2022-09-30T00:00:00Z
        .args(["build", "--root"])
        .arg(site.path())
        .assert()
        .success()
        .stderr(contains("as of 2022-09-30"));
}

#[test]
fn symlinks_out_of_the_site_are_refused() {
    let site = site_copy("good");
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("x.md"),
        "---\nid: S-1\nkind: task\ntitle: t\nstatus: in_progress\n---\n",
    )
    .unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        outside.path().join("x.md"),
        site.path().join("content/records/x.md"),
    )
    .unwrap();
    #[cfg(unix)]
    disclose()
        .args(["check", "--root"])
        .arg(site.path())
        .assert()
        .code(1)
        .stderr(contains("points outside the site folder"));
}

#[test]
fn crlf_and_bom_are_accepted() {
    let site = site_copy("good");
    let text = "\u{feff}---\r\nid: W-2\r\nkind: task\r\ntitle: Windows 记事本\r\nstatus: in_progress\r\n---\r\n正文\r\n";
    std::fs::write(site.path().join("content/records/w.md"), text).unwrap();
    let out = build(site.path(), &[]);
    assert!(read(&out, "records/W-2/index.html").contains("Windows 记事本"));
}

#[test]
fn the_sample_site_checks_clean() {
    disclose()
        .args(["check", "--root"])
        .arg(repo_root())
        .assert()
        .success()
        .stderr(contains("0 errors"));
}

#[test]
fn a_site_theme_without_the_row_partial_still_lists_records() {
    // A theme copied before `macros/row.html` existed renders its rows itself.
    let site = site_copy("good");
    let theme = site.path().join("themes/old");
    copy_dir(&repo_root().join("themes/default"), &theme);
    std::fs::remove_file(theme.join("templates/macros/row.html")).unwrap();
    std::fs::write(
        theme.join("templates/macros/rows.html"),
        "<table>{% for r in rows %}<tr><td>{{ r.id }}</td><td><a href=\"{{ r.url }}\">{{ r.title }}</a></td></tr>{% endfor %}</table>",
    )
    .unwrap();
    let config = site.path().join("site.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("{text}theme: old\n")).unwrap();
    let out = build(site.path(), &[]);
    let list = std::fs::read_to_string(out.join("records/index.html")).unwrap();
    assert!(list.contains("<tr><td>A-1</td>"), "{list}");
}
