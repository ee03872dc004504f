//! The official tables (一览表) and the statistics, on a site written by the test: each
//! batch page lists exactly its records in `seq` order with the complaint columns; the
//! summary sentence, the enforcement totals and the dashboard's numbers equal counts the
//! test makes itself from what it wrote; the batch XLSX (calamine) has its title row, the
//! headers in order, one row per record and its print setup; the CSV matches.

mod common;

use std::io::{Cursor, Read};
use std::path::Path;

use calamine::{Data, Reader, Xlsx};
use common::*;

/// One complaint as the test writes it.
struct Case {
    id: String,
    batch: u32,
    seq: u32,
    status: &'static str,
    verification: &'static str,
    ordered: u32,
    fine_yuan: u64,
}

const STATUSES: [&str; 5] = ["not_started", "in_progress", "staged", "completed", "closed"];
const VERIFICATIONS: [&str; 5] = ["\"true\"", "mostly", "partly", "\"false\"", "pending"];
const NUMERALS: [&str; 4] = ["", "一", "二", "三"];
/// The usual columns of a 交办件一览表, in order.
const COMPLAINT_HEADERS: [&str; 10] = [
    "序号",
    "受理编号",
    "交办问题基本情况",
    "行政区域",
    "污染类型",
    "调查核实情况",
    "是否属实",
    "处理和整改情况",
    "是否办结",
    "责任人被处理情况",
];

fn cases() -> Vec<Case> {
    let mut cases = Vec::new();
    // Three batches of 7, 9 and 11 cases; seq runs backwards through the ids so that
    // id order and table order differ.
    for (batch, size) in [(1u32, 7u32), (2, 9), (3, 11)] {
        for k in 0..size {
            let n = cases.len();
            cases.push(Case {
                id: format!("X{batch}{k:03}"),
                batch,
                seq: size - k,
                status: STATUSES[(n * 7 + k as usize) % 5],
                verification: VERIFICATIONS[(n * 3) % 5],
                ordered: (n % 3) as u32,
                // 0.35 万元 = 3,500 yuan, summed in yuan by the test: no floating point.
                fine_yuan: if n % 4 == 0 { 3500 } else { 0 },
            });
        }
    }
    cases
}

fn write_site(dir: &Path, cases: &[Case]) {
    std::fs::create_dir_all(dir.join("content/records")).unwrap();
    std::fs::write(
        dir.join("site.yaml"),
        "title: 测试区督察整改公示\npublisher: 测试区生态环境局\nbase_url: https://www.example.gov.cn/dczg/\nas_of: 2022-09-30\ninspections:\n  - { id: cei2-2021, name: 第二轮中央生态环境保护督察, started: 2021-04-06 }\n",
    )
    .unwrap();
    let mut yaml = String::from("records:\n");
    for c in cases {
        let enforcement = match (c.ordered, c.fine_yuan) {
            (0, 0) => String::new(),
            (o, 0) => format!("    enforcement: {{ ordered: {o} }}\n"),
            (o, f) => format!(
                "    enforcement: {{ ordered: {o}, fine_10k_yuan: {} }}\n",
                f as f64 / 10_000.0
            ),
        };
        let dates = match c.status {
            "completed" => "    completed_on: 2022-05-01\n",
            "closed" => "    completed_on: 2022-05-01\n    closed_on: 2022-06-01\n",
            _ => "",
        };
        yaml.push_str(&format!(
            "  - id: {}\n    kind: complaint\n    inspection: cei2-2021\n    batch: {}\n    seq: {}\n    title: 第{}批第{}号信访件\n    summary: 群众反映某厂噪声扰民（{}）。\n    region: 河口镇\n    pollution_types: [noise]\n    verification: {}\n    findings: 经核查的情况。\n    measures: [责令整改。]\n    accountability: 约谈有关负责人。\n    status: {}\n{dates}{enforcement}",
            c.id, c.batch, c.seq, c.batch, c.seq, c.id, c.verification, c.status
        ));
    }
    // A feedback problem of the same inspection: the 整改清单, in no batch.
    yaml.push_str("  - id: F-1\n    kind: feedback\n    inspection: cei2-2021\n    seq: 1\n    title: 河口镇污水处理厂超标排放\n    target: 稳定达标。\n    lead_unit: 河口镇人民政府\n    responsible_post: 镇长\n    deadline: 2022-12-31\n    status: in_progress\n    updates:\n      - { date: 2022-03-01, status: in_progress, text: 提标改造开工。 }\n");
    std::fs::write(dir.join("content/records/cases.yaml"), yaml).unwrap();
}

fn built() -> (tempfile::TempDir, std::path::PathBuf, Vec<Case>) {
    let site = tempfile::tempdir().unwrap();
    let cases = cases();
    write_site(site.path(), &cases);
    disclose()
        .args(["build", "--quiet", "--root"])
        .arg(site.path())
        .assert()
        .success();
    let out = site.path().join("public");
    (site, out, cases)
}

/// The text of every element with class `class` in `html`, tags stripped.
fn cells(html: &str, tag: &str, class: &str) -> Vec<String> {
    let open = format!("<{tag} class=\"{class}");
    html.split(&open)
        .skip(1)
        .map(|rest| {
            let body = &rest[rest.find('>').unwrap() + 1..rest.find(&format!("</{tag}>")).unwrap()];
            let mut text = String::new();
            let mut in_tag = false;
            for ch in body.chars() {
                match ch {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    c if !in_tag => text.push(c),
                    _ => {}
                }
            }
            text.trim().to_string()
        })
        .collect()
}

/// The 第N批 counts as an office would count them: 已办结 = completed or closed.
fn counts(cases: &[&Case]) -> (usize, usize, usize, usize) {
    let concluded = cases
        .iter()
        .filter(|c| matches!(c.status, "completed" | "closed"))
        .count();
    let staged = cases.iter().filter(|c| c.status == "staged").count();
    (cases.len(), concluded, staged, cases.len() - concluded - staged)
}

#[test]
fn each_batch_page_lists_its_records_in_seq_order_with_its_summary() {
    let (_site, out, cases) = built();
    for batch in 1..=3u32 {
        let html = read(&out, &format!("inspections/cei2-2021/batches/{batch}/index.html"));
        let mut mine: Vec<&Case> = cases.iter().filter(|c| c.batch == batch).collect();
        mine.sort_by_key(|c| c.seq);
        let ids: Vec<String> = cells(&html, "td", "id");
        let expected: Vec<String> = mine.iter().map(|c| c.id.clone()).collect();
        assert_eq!(ids, expected, "batch {batch}: exactly its records, by seq");
        let seqs: Vec<String> = cells(&html, "td", "seq");
        let expected: Vec<String> = mine.iter().map(|c| c.seq.to_string()).collect();
        assert_eq!(seqs, expected);
        // The complaint columns, in order.
        let thead = &html[html.find("<thead>").unwrap()..html.find("</thead>").unwrap()];
        let heads: Vec<&str> = thead
            .split("<th scope=\"col\"")
            .skip(1)
            .map(|h| &h[h.find('>').unwrap() + 1..h.find("</th>").unwrap()])
            .collect();
        assert_eq!(heads, COMPLAINT_HEADERS);
        let (total, concluded, staged, open) = counts(&mine);
        let sentence = format!(
            "第{}批交办信访件共{total}件，已办结{concluded}件，阶段性办结{staged}件，正在办理{open}件。",
            NUMERALS[batch as usize]
        );
        assert!(html.contains(&sentence), "batch {batch}: {sentence}");
        let ordered: u32 = mine.iter().map(|c| c.ordered).sum();
        let fine: u64 = mine.iter().map(|c| c.fine_yuan).sum();
        let fine_text = format!("{}", fine as f64 / 10_000.0);
        assert!(
            ordered > 0 && fine > 0,
            "the fixture has both counts in every batch"
        );
        assert!(
            html.contains(&format!(
                "处理情况：责令整改 {ordered} 家，罚款 {fine_text} 万元。"
            )),
            "batch {batch}: enforcement totals {ordered} 家, {fine_text} 万元, and no zero counts"
        );
    }
    // The index links every table; the 整改清单 holds the problem, not the complaints.
    let index = read(&out, "table/index.html");
    for path in ["batches/1/", "batches/2/", "batches/3/", "problems/"] {
        assert!(
            index.contains(&format!("/dczg/inspections/cei2-2021/{path}")),
            "{path}"
        );
    }
    let problems = read(&out, "inspections/cei2-2021/problems/index.html");
    assert_eq!(cells(&problems, "td", "seq"), ["1"]);
    assert!(problems.contains("整改清单共1项"));
    assert!(problems.contains("<th scope=\"col\" class=\"target\">整改目标</th>"));
    assert!(
        problems.contains("提标改造开工"),
        "整改进展 shows the latest update"
    );
}

#[test]
fn the_dashboard_counts_by_verification_and_the_concluded_rate() {
    let (_site, out, cases) = built();
    let html = read(&out, "index.html");
    let all: Vec<&Case> = cases.iter().collect();
    let (total, concluded, staged, _) = counts(&all);
    let not_true = cases.iter().filter(|c| c.verification == "\"false\"").count();
    let verified = cases.iter().filter(|c| c.verification != "pending").count();
    let rate = |part: usize, whole: usize| (part as f64 * 1000.0 / whole as f64).round() / 10.0;
    // 阶段性办结 counts among 办结.
    let concluded_rate = rate(concluded + staged, total);
    assert!(
        html.contains(&format!(
            "<span class=\"num\">{concluded_rate:.1}%</span> <span class=\"label\">办结率</span>"
        )),
        "办结率 {concluded_rate}%"
    );
    let not_true_rate = rate(not_true, verified);
    assert!(
        html.contains(&format!(
            "<span class=\"num\">{not_true_rate:.1}%</span> <span class=\"label\">不属实率</span>"
        )),
        "不属实率 {not_true_rate}%"
    );
    assert!(html.contains(&format!(
        "<tr><th scope=\"row\">不属实</th><td data-label=\"件数\">{not_true}</td></tr>"
    )));
    for batch in 1..=3u32 {
        assert!(html.contains(&format!("/dczg/inspections/cei2-2021/batches/{batch}/")));
    }
}

/// The file `name` inside the zip archive `bytes` (stored or deflated), as text, found
/// through the central directory (local headers may leave the sizes to a trailer).
fn zip_entry(bytes: &[u8], name: &str) -> String {
    let u16le = |o: usize| u16::from_le_bytes([bytes[o], bytes[o + 1]]) as usize;
    let u32le = |o: usize| u32::from_le_bytes(bytes[o..o + 4].try_into().unwrap()) as usize;
    let mut at = 0;
    while let Some(pos) = bytes[at..].windows(4).position(|w| w == b"PK\x01\x02") {
        let h = at + pos;
        let (method, size, name_len) = (u16le(h + 10), u32le(h + 20), u16le(h + 28));
        let (extra, comment, local) = (u16le(h + 30), u16le(h + 32), u32le(h + 42));
        let entry = std::str::from_utf8(&bytes[h + 46..h + 46 + name_len]).unwrap();
        if entry == name {
            let start = local + 30 + u16le(local + 26) + u16le(local + 28);
            let data = &bytes[start..start + size];
            let mut text = String::new();
            if method == 8 {
                flate2::read::DeflateDecoder::new(data)
                    .read_to_string(&mut text)
                    .unwrap();
            } else {
                text = String::from_utf8(data.to_vec()).unwrap();
            }
            return text;
        }
        at = h + 46 + name_len + extra + comment;
    }
    panic!("{name} not in the archive")
}

#[test]
fn the_batch_workbook_has_its_title_headers_rows_and_print_setup() {
    let (_site, out, cases) = built();
    let bytes = std::fs::read(out.join("inspections/cei2-2021/batches/2/table.xlsx")).unwrap();
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes.clone())).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Float(f) => f.to_string(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect();
    assert_eq!(rows[0][0], "第二轮中央生态环境保护督察第二批交办信访件一览表");
    let mine: Vec<&Case> = cases.iter().filter(|c| c.batch == 2).collect();
    let (total, concluded, staged, open) = counts(&mine);
    assert!(
        rows[1][0].starts_with(&format!(
            "第二批交办信访件共{total}件，已办结{concluded}件，阶段性办结{staged}件，正在办理{open}件。"
        )),
        "{}",
        rows[1][0]
    );
    assert_eq!(rows[2], COMPLAINT_HEADERS);
    let records = &rows[3..];
    assert_eq!(records.len(), mine.len(), "one row per record");
    let mut by_seq = mine.clone();
    by_seq.sort_by_key(|c| c.seq);
    for (row, case) in records.iter().zip(&by_seq) {
        assert_eq!(
            (row[0].as_str(), row[1].as_str()),
            (case.seq.to_string().as_str(), case.id.as_str())
        );
    }
    let merges = book.merge_cells_by_sheet_id(0).unwrap();
    assert!(
        merges.iter().any(|m| m.start == (0, 0) && m.end == (0, 9)),
        "the title is merged over every column: {merges:?}"
    );
    let xml = zip_entry(&bytes, "xl/worksheets/sheet1.xml");
    assert!(xml.contains("paperSize=\"9\""), "A4: {xml}");
    assert!(xml.contains("orientation=\"landscape\""));
    assert!(
        xml.contains("<pageSetUpPr fitToPage=\"1\"/>") && xml.contains("fitToHeight=\"0\""),
        "fit to width"
    );
    assert!(xml.contains("wrapText") || zip_entry(&bytes, "xl/styles.xml").contains("wrapText=\"1\""));
    let workbook = zip_entry(&bytes, "xl/workbook.xml");
    assert!(
        workbook.contains("_xlnm.Print_Titles") && workbook.contains("$3:$3"),
        "header row repeated: {workbook}"
    );

    // The CSV: the same headers and rows, formula cells neutralised.
    let csv_bytes = std::fs::read(out.join("inspections/cei2-2021/batches/2/table.csv")).unwrap();
    assert!(csv_bytes.starts_with(b"\xEF\xBB\xBF"));
    let mut reader = csv::Reader::from_reader(&csv_bytes[3..]);
    assert_eq!(reader.headers().unwrap().iter().collect::<Vec<_>>(), rows[2]);
    let ids: Vec<String> = reader.records().map(|r| r.unwrap()[1].to_string()).collect();
    assert_eq!(ids, by_seq.iter().map(|c| c.id.clone()).collect::<Vec<_>>());
}
