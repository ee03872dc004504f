//! Publication outputs checked with real parsers: CSV, JSON against its JSON Schema,
//! XLSX (calamine), Atom feeds and the sitemap (quick-xml), the manifest and `verify`.

mod common;

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use common::*;
use predicates::str::contains;

fn built(extra: &[&str]) -> (tempfile::TempDir, std::path::PathBuf) {
    let site = site_copy("good");
    disclose()
        .args(["build", "--quiet", "--root"])
        .arg(site.path())
        .args(extra)
        .assert()
        .success();
    let out = site.path().join("public");
    (site, out)
}

/// Every element name in an XML document, checking it is well-formed.
fn xml_elements(text: &str) -> Vec<String> {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut names = Vec::new();
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(e)) | Ok(quick_xml::events::Event::Empty(e)) => {
                names.push(e.name().into_inner().to_string())
            }
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("not well-formed XML: {e}\n{text}"),
        }
    }
    names
}

#[test]
fn csv_has_bom_and_one_row_per_record() {
    let (_site, out) = built(&[]);
    let bytes = std::fs::read(out.join("data/records.csv")).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 BOM for Excel");
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let headers = reader.headers().unwrap().clone();
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 5);
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let b2 = rows.iter().find(|r| &r[col("id")] == "B-2").unwrap();
    assert_eq!(&b2[col("overdue")], "true");
    assert_eq!(&b2[col("days_overdue")], "92");
    assert_eq!(&b2[col("pollution_types")], "air；noise");
    assert_eq!(&b2[col("url")], "https://www.example.gov.cn/dczg/records/B-2/");
    // Per-facet CSV on facet pages.
    let region = std::fs::read(out.join("regions/hekou/records.csv")).unwrap();
    let n = csv::Reader::from_reader(&region[3..]).records().count();
    assert_eq!(n, 2);
}

#[test]
fn json_validates_against_the_generated_schema() {
    let (_site, out) = built(&[]);
    let doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("data/records.json")).unwrap()).unwrap();
    let schema: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("data/schema.json")).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let records = doc["records"].as_array().unwrap();
    assert_eq!(records.len(), 5);
    assert_eq!(doc["as_of"], "2022-09-30");
    for record in records {
        let errors: Vec<String> = validator.iter_errors(record).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", record["id"]);
    }
    let e5 = records.iter().find(|r| r["id"] == "E-5").unwrap();
    assert_eq!(e5["overdue"], true);
    assert_eq!(e5["days_overdue"], 10);
    let a1 = records.iter().find(|r| r["id"] == "A-1").unwrap();
    assert_eq!(a1["on_time"], true);
    // The schema rejects what the site would reject.
    let mut bad = a1.clone();
    bad["status"] = "closd".into();
    assert!(!validator.is_valid(&bad));
}

#[test]
fn xlsx_has_labels_frozen_header_and_real_dates() {
    let (_site, out) = built(&[]);
    let bytes = std::fs::read(out.join("data/records.xlsx")).unwrap();
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let range = book.worksheet_range("records").unwrap();
    let header: Vec<String> = range
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(header[0], "编号");
    assert!(header.contains(&"整改状态".to_string()));
    assert_eq!(range.height(), 6);
    let deadline = header.iter().position(|h| h == "整改时限").unwrap();
    let b2 = range.rows().find(|r| r[0] == "B-2").unwrap();
    assert!(
        matches!(b2[deadline], Data::DateTime(_)),
        "dates are real dates: {:?}",
        b2[deadline]
    );
    let status = header.iter().position(|h| h == "整改状态").unwrap();
    assert_eq!(
        b2[status].to_string(),
        "序时推进中",
        "labels, with site vocabularies"
    );
}

/// A complaint case reads 已办结 where a problem reads 已完成整改（待验收）: on its page,
/// in lists, the updates page, feeds, search labels and the workbook.
#[test]
fn complaints_show_their_own_status_words_everywhere() {
    let site = site_copy("good");
    std::fs::write(
        site.path().join("content/records/K-9.yaml"),
        "id: K-9\nkind: complaint\ninspection: cei2-2021\nbatch: 1\nseq: 1\ntitle: 砂石场夜间噪声扰民\n\
         status: completed\ncompleted_on: 2022-09-01\nupdates:\n\
         \x20 - { date: 2022-08-01, text: 受理并现场核查。 }\n\
         \x20 - { date: 2022-09-01, status: completed, text: 已停止夜间作业。 }\n",
    )
    .unwrap();
    build_quietly(site.path());
    let out = site.path().join("public");
    let problem = "已完成整改（待验收）";
    let page = read(&out, "records/K-9/index.html");
    assert!(page.contains("已办结"), "record page: {page}");
    assert!(!page.contains(problem), "record page: {page}");
    // D-4 is a lookback problem, also completed: one list, each in its kind's words.
    let list = read(&out, "status/completed/index.html");
    let row = |id: &str| {
        let at = list.find(&format!("records/{id}/")).unwrap();
        list[at..].split("</tr>").next().unwrap().to_string()
    };
    assert!(
        row("K-9").contains("已办结") && !row("K-9").contains(problem),
        "{list}"
    );
    assert!(row("D-4").contains(problem), "{list}");
    let updates = read(&out, "updates/index.html");
    assert!(updates.contains("已办结"), "{updates}");
    for feed in ["feed.xml", "records/K-9/feed.xml"] {
        let text = read(&out, feed);
        assert!(
            text.contains("K-9 砂石场夜间噪声扰民（已办结）"),
            "{feed}: {text}"
        );
    }
    let search = read(&out, "search/index.html");
    assert!(
        search.contains("已办结"),
        "search labels carry the complaint words"
    );
    let docs = read(&out, "search/docs.json");
    assert!(docs.contains("\"kind\":\"complaint\""), "{docs}");

    let mut book: Xlsx<_> =
        Xlsx::new(Cursor::new(std::fs::read(out.join("data/records.xlsx")).unwrap())).unwrap();
    let range = book.worksheet_range("records").unwrap();
    let header: Vec<String> = range
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let status = header.iter().position(|h| h == "整改状态").unwrap();
    let cell = |id: &str| range.rows().find(|r| r[0] == id).unwrap()[status].to_string();
    assert_eq!(cell("K-9"), "已办结");
    assert_eq!(cell("D-4"), problem);
    let updates = book.worksheet_range("updates").unwrap();
    assert!(
        updates.rows().any(|r| r[0] == "K-9" && r[2] == "已办结"),
        "the updates sheet too"
    );
}

/// A case whose closure notice (销号公示) runs on the as-of date is 销号公示中 on its page,
/// listed on /closures/ and in its feed, and not counted closed — even one closed on the
/// notice's last day; a notice that is over is listed below as past.
#[test]
fn a_closure_in_notice_is_listed_and_not_counted_closed() {
    let site = site_copy("good");
    let record = |id: &str, status: &str, from: &str, to: &str| {
        format!(
            "id: {id}\nkind: feedback\ntitle: 公示测试{id}\nstatus: {status}\ncompleted_on: 2022-07-01\n{}\
             closure:\n  - level: 区级\n    date: 2022-07-10\n    result: 验收通过\n\
             \x20   notice: {{ from: {from}, to: {to}, contact: 区督察整改办 }}\n",
            if status == "closed" {
                format!("closed_on: {to}\n")
            } else {
                String::new()
            }
        )
    };
    let records = site.path().join("content/records");
    std::fs::write(
        records.join("N-1.yaml"),
        record("N-1", "completed", "2022-09-20", "2022-10-09"),
    )
    .unwrap();
    std::fs::write(
        records.join("N-2.yaml"),
        record("N-2", "closed", "2022-09-21", "2022-09-30"),
    )
    .unwrap();
    std::fs::write(
        records.join("P-1.yaml"),
        record("P-1", "closed", "2022-08-01", "2022-08-20"),
    )
    .unwrap();
    build_quietly(site.path());
    let out = site.path().join("public");

    let page = read(&out, "closures/index.html");
    let (current, past) = page.split_once("id=\"h-past\"").unwrap();
    for id in ["N-1", "N-2"] {
        assert!(current.contains(&format!("records/{id}/")), "{id} runs: {page}");
        assert!(!past.contains(&format!("records/{id}/")), "{page}");
    }
    assert!(
        past.contains("records/P-1/") && !current.contains("records/P-1/"),
        "{page}"
    );
    assert!(
        current.find("records/N-2/") < current.find("records/N-1/"),
        "newest first"
    );
    assert!(
        current.contains("2022-09-20</time> 至 <time datetime=\"2022-10-09\">2022-10-09"),
        "{page}"
    );
    assert!(current.contains("区督察整改办"));

    let feed = read(&out, "closures/feed.xml");
    assert_eq!(
        xml_elements(&feed).iter().filter(|n| *n == "entry").count(),
        3,
        "{feed}"
    );
    assert!(
        feed.contains("<title>销号公示：2022-09-21 N-2 公示测试N-2</title>"),
        "{feed}"
    );
    assert!(feed.contains("records/N-1/#notice-1"), "{feed}");

    let n2 = read(&out, "records/N-2/index.html");
    let status = n2
        .split("class=\"record-status\"")
        .nth(1)
        .unwrap()
        .split("</p>")
        .next()
        .unwrap();
    assert!(
        status.contains("销号公示中") && !status.contains("已验收销号"),
        "{status}"
    );
    assert!(
        n2.contains("id=\"h-notice\"") && n2.contains("区督察整改办"),
        "{n2}"
    );
    assert!(!read(&out, "records/P-1/index.html").contains("id=\"h-notice\""));

    // Closed, counted independently from records.json: status closed and not in notice.
    let json: serde_json::Value = serde_json::from_str(&read(&out, "data/records.json")).unwrap();
    let list = json["records"].as_array().unwrap();
    let in_notice: Vec<&str> = list
        .iter()
        .filter(|r| r["in_notice"] == true)
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(in_notice, ["N-1", "N-2"]);
    // The notice and in_notice are in the JSON Schema.
    let schema: serde_json::Value = serde_json::from_str(&read(&out, "data/schema.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for r in list {
        let errors: Vec<String> = validator.iter_errors(r).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", r["id"]);
    }
    assert!(
        schema.to_string().contains("\"contact\""),
        "the notice is described"
    );
    assert_eq!(
        list.iter().find(|r| r["id"] == "N-1").unwrap()["closure"][0]["notice"]["to"],
        "2022-10-09"
    );
    let closed = list
        .iter()
        .filter(|r| r["status"] == "closed" && r["in_notice"] == false)
        .count();
    assert_eq!(closed, 2, "A-1 and P-1");
    let dashboard = read(&out, "index.html");
    assert!(
        dashboard.contains(&format!(
            "<span class=\"num\">{closed}</span> <span class=\"label\">已销号</span>"
        )),
        "the dashboard counts {closed} closed: {dashboard}"
    );
    assert!(dashboard.contains("销号公示中"), "{dashboard}");
    let facet = read(&out, "status/index.html");
    let row = facet
        .split("status/closed/")
        .nth(1)
        .unwrap()
        .split("</tr>")
        .next()
        .unwrap();
    assert!(
        row.contains(&format!("<td data-label=\"已销号\">{closed}</td>")),
        "{row}"
    );
    let docs: serde_json::Value = serde_json::from_str(&read(&out, "search/docs.json")).unwrap();
    let doc = |id: &str| {
        docs["docs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(doc("N-2")["in_notice"], true, "search results say 销号公示中");
    assert!(doc("P-1").get("in_notice").is_none());
    assert!(read(&out, "search/index.html").contains("销号公示中"));
    let csv = read(&out, "data/records.csv");
    let header: Vec<&str> = csv
        .lines()
        .next()
        .unwrap()
        .trim_start_matches('\u{feff}')
        .split(',')
        .collect();
    let col = header.iter().position(|h| *h == "in_notice").unwrap();
    let n2_line = csv.lines().find(|l| l.starts_with("N-2,")).unwrap();
    assert_eq!(n2_line.split(',').nth(col), Some("true"), "{n2_line}");
}

#[test]
fn feeds_are_atom_with_stable_ids() {
    let (site, out) = built(&[]);
    let feed = read(&out, "feed.xml");
    let names = xml_elements(&feed);
    assert_eq!(names[0], "feed");
    assert_eq!(names.iter().filter(|n| *n == "entry").count(), 4, "{feed}");
    // Newest first.
    assert!(feed.find("2022-03-15").unwrap() < feed.find("2021-04-14").unwrap());
    assert!(feed.contains("<id>https://www.example.gov.cn/dczg/records/A-1/#update-3</id>"));
    // Per region and per record feeds, linked from their pages.
    xml_elements(&read(&out, "regions/hekou/feed.xml"));
    xml_elements(&read(&out, "records/A-1/feed.xml"));
    assert!(read(&out, "records/A-1/index.html").contains("href=\"/dczg/records/A-1/feed.xml\""));
    assert!(read(&out, "regions/hekou/index.html").contains("href=\"/dczg/regions/hekou/feed.xml\""));
    // Stable across builds.
    build_quietly(site.path());
    assert_eq!(feed, read(&out, "feed.xml"));
}

#[test]
fn sitemap_and_robots() {
    let (_site, out) = built(&[]);
    let sitemap = read(&out, "sitemap.xml");
    let names = xml_elements(&sitemap);
    assert_eq!(names[0], "urlset");
    let pages = walkdir::WalkDir::new(&out)
        .into_iter()
        .filter(|e| e.as_ref().unwrap().file_name() == "index.html")
        .count();
    assert_eq!(names.iter().filter(|n| *n == "loc").count(), pages);
    assert!(read(&out, "robots.txt").contains("Sitemap: https://www.example.gov.cn/dczg/sitemap.xml"));
}

#[test]
fn data_dictionary_describes_every_field() {
    let (_site, out) = built(&[]);
    let html = read(&out, "data/index.html");
    for needle in [
        "records.csv",
        "records.xlsx",
        "schema.json",
        "<code>days_overdue</code>",
        "<code>in_progress</code>",
        "已验收销号",
    ] {
        assert!(html.contains(needle), "{needle} missing");
    }
}

#[test]
fn verify_passes_then_names_what_changed() {
    let (_site, out) = built(&[]);
    disclose()
        .arg("verify")
        .arg(&out)
        .assert()
        .success()
        .stderr(contains("verify ok"));

    let page = out.join("records/A-1/index.html");
    let mut bytes = std::fs::read(&page).unwrap();
    bytes[100] ^= 1;
    std::fs::write(&page, bytes).unwrap();
    disclose()
        .arg("verify")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(contains("changed: records/A-1/index.html"));
}

#[test]
fn verify_names_added_and_missing_files() {
    let (_site, out) = built(&[]);
    std::fs::write(out.join("records/extra.html"), "x").unwrap();
    std::fs::remove_file(out.join("table/index.html")).unwrap();
    disclose()
        .arg("verify")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(contains("extra: records/extra.html"))
        .stderr(contains("missing: table/index.html"));
}

#[test]
fn signed_manifest_checks_against_its_key_only() {
    let keys = tempfile::tempdir().unwrap();
    let other = tempfile::tempdir().unwrap();
    disclose()
        .args(["keygen", "--out"])
        .arg(keys.path())
        .assert()
        .success();
    disclose()
        .args(["keygen", "--out"])
        .arg(other.path())
        .assert()
        .success();
    disclose()
        .args(["keygen", "--out"])
        .arg(keys.path())
        .assert()
        .code(1)
        .stderr(contains("--force"));
    let key = keys.path().join("disclose.key");
    let (_site, out) = built(&["--sign-key", key.to_str().unwrap()]);
    assert!(out.join("manifest.sig").is_file());
    disclose()
        .arg("verify")
        .arg(&out)
        .arg("--key")
        .arg(keys.path().join("disclose.pub"))
        .assert()
        .success()
        .stderr(contains("signature: valid"));
    disclose()
        .arg("verify")
        .arg(&out)
        .arg("--key")
        .arg(other.path().join("disclose.pub"))
        .assert()
        .code(1)
        .stderr(contains("signature: INVALID"));
}

#[test]
fn manifest_lists_every_file_with_version_and_as_of() {
    let (_site, out) = built(&[]);
    let m: serde_json::Value = serde_json::from_str(&read(&out, "manifest.json")).unwrap();
    assert_eq!(m["as_of"], "2022-09-30");
    assert_eq!(m["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(m["content_fingerprint"].as_str().unwrap().len(), 64);
    let listed = m["files"].as_array().unwrap().len();
    let on_disk = tree(&out).len() - 2; // minus manifest.json and the output marker
    assert_eq!(listed, on_disk);
}

#[test]
fn a_second_build_lists_what_changed() {
    let (site, out) = built(&[]);
    let first: serde_json::Value = serde_json::from_str(&read(&out, "data/changes.json")).unwrap();
    assert_eq!(first["has_previous"], false);

    // E-5 starts work, A-1 disappears, a new record arrives.
    let list = site.path().join("content/records/list.yaml");
    std::fs::remove_file(site.path().join("content/records/A-1.md")).unwrap();
    let text = std::fs::read_to_string(fixture("good/content/records/list.yaml")).unwrap().replace(
        "    deadline: 2022-09-20\n    status: not_started\n",
        "    deadline: 2022-09-20\n    status: in_progress\n    updates:\n      - { date: 2022-09-25, status: in_progress, text: 开始调查。 }\n",
    ).replace("    related: [A-1]\n", "");
    std::fs::write(&list, text).unwrap();
    std::fs::write(
        site.path().join("content/records/G-7.yaml"),
        "id: G-7\nkind: task\ntitle: 新增任务\nstatus: not_started\n",
    )
    .unwrap();
    build_quietly(site.path());

    let changes: serde_json::Value = serde_json::from_str(&read(&out, "data/changes.json")).unwrap();
    assert_eq!(changes["has_previous"], true);
    assert_eq!(changes["previous_as_of"], "2022-09-30");
    assert_eq!(changes["added"][0]["id"], "G-7");
    assert_eq!(changes["removed"][0]["id"], "A-1");
    assert_eq!(changes["status_changes"][0]["id"], "E-5");
    assert_eq!(changes["status_changes"][0]["from"], "not_started");
    assert_eq!(changes["status_changes"][0]["to"], "in_progress");
    assert_eq!(changes["new_updates"][0]["date"], "2022-09-25");
    let html = read(&out, "changes/index.html");
    assert!(
        html.contains("E-5") && html.contains("未办结 → 序时推进中"),
        "{html}"
    );
    assert!(
        html.contains("A-1 石灰窑厂扬尘污染"),
        "removed records are shown: {html}"
    );
    let feed = read(&out, "feed.xml");
    xml_elements(&feed);
    assert!(
        feed.contains("<title>移除：2022-09-30 A-1 石灰窑厂扬尘污染</title>"),
        "{feed}"
    );
    assert!(
        feed.contains("<title>新增：2022-09-30 G-7 新增任务</title>"),
        "{feed}"
    );
    assert!(feed.contains("<id>https://www.example.gov.cn/dczg/changes/#removed-A-1-2022-09-30</id>"));
}

#[test]
fn a_republication_with_the_same_as_of_date_compares_with_the_previous_one() {
    let (site, out) = built(&[]);
    assert!(read(&out, "changes/index.html").contains("首次发布"));

    // The same inputs again: compared with the first build, nothing changed.
    build_quietly(site.path());
    let again: serde_json::Value = serde_json::from_str(&read(&out, "data/changes.json")).unwrap();
    assert_eq!(again["has_previous"], true);
    assert_eq!(again["unchanged"], true);
    let html = read(&out, "changes/index.html");
    assert!(
        html.contains("与上次发布（2022-09-30 生成）相比没有变化"),
        "{html}"
    );
    assert!(!html.contains("首次发布"), "{html}");
    // A third build of the same inputs is byte-identical to the second.
    let second = tree(&out);
    build_quietly(site.path());
    assert_eq!(second, tree(&out));

    // A corrected summary and body, same as-of date: the record is listed with the fields.
    let a1 = site.path().join("content/records/A-1.md");
    let text = std::fs::read_to_string(&a1)
        .unwrap()
        .replace(
            "summary: 石灰窑厂无除尘设施。",
            "summary: 石灰窑厂无除尘设施，扬尘污染周边农田。",
        )
        .replace("全部拆除。", "石灰窑全部拆除，场地复绿。");
    std::fs::write(&a1, text).unwrap();
    build_quietly(site.path());
    let fixed: serde_json::Value = serde_json::from_str(&read(&out, "data/changes.json")).unwrap();
    assert_eq!(fixed["has_previous"], true);
    assert_eq!(fixed["unchanged"], false);
    assert_eq!(fixed["text_changes"][0]["id"], "A-1");
    assert_eq!(
        fixed["text_changes"][0]["fields"],
        serde_json::json!(["summary", "body"])
    );
    let html = read(&out, "changes/index.html");
    assert!(html.contains("内容更正（1）"), "{html}");
    assert!(
        html.contains("A-1 石灰窑厂扬尘污染</a>：问题基本情况、详细情况"),
        "{html}"
    );
    assert!(!html.contains("首次发布") && !html.contains("没有变化"), "{html}");
}

/// Every `name="value"` attribute value in an HTML page that is a URL: `href`, `src`,
/// `action`, and the search form's `data-root` / `data-index`.
fn link_values(html: &str) -> Vec<String> {
    let mut values = Vec::new();
    for (at, _) in html.match_indices("=\"") {
        let name_start = html[..at]
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .map_or(0, |i| i + 1);
        let name = &html[name_start..at];
        if matches!(name, "href" | "src" | "action" | "data-root" | "data-index") {
            let value = &html[at + 2..];
            values.push(value[..value.find('"').unwrap()].to_string());
        }
    }
    values
}

#[test]
fn relative_urls_link_every_page_to_files_that_exist() {
    let (_site, out) = built(&["--relative-urls"]);
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(&out) {
        let entry = entry.unwrap();
        let rel = entry
            .path()
            .strip_prefix(&out)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if !rel.ends_with(".html") || rel == "404.html" {
            continue;
        }
        let html = std::fs::read_to_string(entry.path()).unwrap();
        for value in link_values(&html) {
            assert!(
                !value.starts_with('/') || value.starts_with("//"),
                "{rel}: root-absolute link {value} does not open from a folder"
            );
            if value.contains("://") || value.starts_with('#') || value.starts_with('{') || value.is_empty() {
                continue; // another site, an in-page anchor, or JSON labels
            }
            let path = value.split(['#', '?']).next().unwrap();
            let target = entry.path().parent().unwrap().join(path);
            if value.ends_with('/') {
                // Only data attributes read by scripts may name folders.
                assert!(target.is_dir(), "{rel}: {value} is not a folder");
                continue;
            }
            assert!(target.is_file(), "{rel}: {value} does not exist");
            checked += 1;
        }
    }
    assert!(checked > 500, "only {checked} links checked");
    // The 404 page keeps absolute links: a web server shows it at any depth.
    let not_found = std::fs::read_to_string(out.join("404.html")).unwrap();
    assert!(not_found.contains("href=\"/dczg/records/\""));
    // Search results resolve against the form's root.
    let docs = std::fs::read_to_string(out.join("search/docs.json")).unwrap();
    assert!(docs.contains("\"url\":\"records/A-1/index.html\""), "{docs}");
    // Without the flag, links stay as the site's base path wrote them.
    let (_site, out) = built(&[]);
    let html = std::fs::read_to_string(out.join("records/A-1/index.html")).unwrap();
    assert!(html.contains("href=\"/dczg/records/\"") && !html.contains("../"));
}

/// Evidence names with characters URLs give a meaning (`#`, `?`, `%`, spaces) are linked
/// percent-encoded, so the link reaches the file instead of a fragment or a query.
#[test]
fn evidence_links_encode_every_path_segment() {
    let site = site_copy("good");
    let records = site.path().join("content/records");
    let name = "现场 照片#2?100%.txt";
    std::fs::write(records.join(name), "现场照片的文字说明\n").unwrap();
    let record = std::fs::read_to_string(records.join("A-1.md")).unwrap();
    let record = record.replace(
        "  - { file: A-1-photo.txt, caption: 现场照片说明 }",
        &format!("  - {{ file: A-1-photo.txt, caption: 现场照片说明 }}\n  - {{ file: \"{name}\", caption: 第二张 }}"),
    );
    std::fs::write(records.join("A-1.md"), record).unwrap();
    disclose()
        .args(["build", "--quiet", "--root"])
        .arg(site.path())
        .assert()
        .success();
    let out = site.path().join("public");
    assert!(
        out.join("records/A-1").join(name).is_file(),
        "the file is published under its own name"
    );
    let page = std::fs::read_to_string(out.join("records/A-1/index.html")).unwrap();
    let encoded = "/dczg/records/A-1/%E7%8E%B0%E5%9C%BA%20%E7%85%A7%E7%89%87%232%3F100%25.txt";
    assert!(
        page.contains(&format!("href=\"{encoded}\"")),
        "no encoded link in {page}"
    );
    assert!(!page.contains(&format!("href=\"/dczg/records/A-1/{name}\"")));
}
