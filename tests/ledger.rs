//! Ledgers in the layouts offices publish (a merged title, a "填报单位…截至时间" row, a
//! two-row header, a 备注 row merged across the foot, line breaks in cells, Chinese
//! deadline forms, 是否办结, no id column, a duplicate id, a caller's phone column),
//! imported through the real binary and checked field by field; and the round trip of
//! the site's own `records.xlsx` on the sample site and a generated 1,000-record site.

mod common;

use std::path::Path;

use common::*;
use predicates::str::contains;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

/// An empty site with `as_of` in the past, so a date of "today" would fail `check`.
fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("content/records")).unwrap();
    std::fs::write(
        dir.path().join("site.yaml"),
        "title: 导入测试\npublisher: 云溪区生态环境局\nbase_url: https://e.org/\nas_of: 2022-09-30\ninspections:\n  - { id: cei2-2021, name: 第二轮中央生态环境保护督察 }\n",
    )
    .unwrap();
    dir
}

fn record(site: &Path, id: &str) -> serde_yaml::Value {
    let path = site.join(format!("content/records/{id}.yaml"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_yaml::from_str(&text).unwrap()
}

fn yaml(text: &str) -> serde_yaml::Value {
    serde_yaml::from_str(text).unwrap()
}

fn assert_checks_clean(site: &Path) {
    let out = check_output(site);
    assert!(
        out.status.success(),
        "check after the import: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A 交办件一览表 as offices publish it: merged title, subtitle row, a two-row header
/// (办理情况 over 是否办结 and 完成时间), a caller's phone and a 备注 column, line
/// breaks in cells, and a 备注 row merged across the foot. Rows 8 and 9 share an id.
fn complaint_ledger(path: &Path) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("第三批").unwrap();
    let plain = Format::new();
    sheet
        .merge_range(
            0,
            0,
            0,
            14,
            "第二轮中央生态环境保护督察第三批交办信访件办理情况一览表",
            &plain,
        )
        .unwrap();
    sheet
        .merge_range(
            1,
            0,
            1,
            14,
            "填报单位：云溪区生态环境局（盖章）        截至时间：2022年9月30日",
            &plain,
        )
        .unwrap();
    let single = [
        "序号",
        "受理编号",
        "交办问题基本情况",
        "行政区域",
        "污染类型",
        "调查核实情况",
        "是否属实",
        "处理和整改情况",
        "责任人被处理情况",
        "整改时限",
        "牵头单位",
    ];
    for (c, h) in single.iter().enumerate() {
        sheet.merge_range(2, c as u16, 3, c as u16, h, &plain).unwrap();
    }
    sheet.merge_range(2, 11, 2, 12, "办理情况", &plain).unwrap();
    sheet.write_string(3, 11, "是否办结").unwrap();
    sheet.write_string(3, 12, "完成时间").unwrap();
    sheet.merge_range(2, 13, 3, 13, "来电人电话", &plain).unwrap();
    sheet.merge_range(2, 14, 3, 14, "备注", &plain).unwrap();
    let rows: [[&str; 15]; 5] = [
        [
            "1",
            "D2HN202104170112",
            "群众反映，石门镇某村附近有一家石灰窑长期无证生产，窑体冒出大量黑烟，周边农作物上落满白灰，村民出行困难。",
            "石门镇",
            "大气、噪音",
            "经查，该石灰窑无环评手续，\n无除尘设施。",
            "属实",
            "1.责令立即停产；\n2.对业主立案处罚，罚款3万元；\n3.制定拆除方案。",
            "约谈石门镇分管副镇长。",
            "2021年底前",
            "石门镇人民政府",
            "是",
            "",
            "13812345678",
            "重复件",
        ],
        [
            "2",
            "D2HN202104170113",
            "河口镇工业小区某塑料厂随意堆放固体废物。",
            "河口镇",
            "固体废物",
            "部分属实。",
            "部分属实",
            "责令清运固体废物，规范贮存场所。",
            "",
            "2022年6月底前",
            "云溪区生态环境局",
            "阶段性办结",
            "",
            "",
            "",
        ],
        [
            "3",
            "D2HN202104170120",
            "城关街道某烧烤店油烟扰民。",
            "城关街道",
            "大气",
            "经查不属实。",
            "不属实",
            "加强巡查。",
            "",
            "立行立改",
            "城关街道办事处",
            "否",
            "",
            "",
            "",
        ],
        [
            "4",
            "D2HN202104180001",
            "龙泉镇某养殖场废水直排。",
            "龙泉镇",
            "水",
            "属实。",
            "属实",
            "责令停产整改。",
            "",
            "立行立改、长期坚持",
            "龙泉镇人民政府",
            "否",
            "",
            "",
            "",
        ],
        [
            "5",
            "D2HN202104180001",
            "龙泉镇某养殖场废水直排（另一件）。",
            "龙泉镇",
            "水",
            "属实。",
            "属实",
            "责令停产整改。",
            "",
            "2022年6月",
            "龙泉镇人民政府",
            "否",
            "",
            "",
            "",
        ],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                sheet.write_string(r as u32 + 4, c as u16, *v).unwrap();
            }
        }
    }
    // 完成时间 of row 1: a real date cell.
    let date_format = Format::new().set_num_format("yyyy年m月d日");
    sheet
        .write_datetime_with_format(
            4,
            12,
            ExcelDateTime::from_ymd(2021, 12, 20).unwrap(),
            &date_format,
        )
        .unwrap();
    sheet
        .merge_range(
            9,
            0,
            9,
            14,
            "备注：1.本表数据截至2022年9月30日；2.是否办结以区整改办认定为准。",
            &plain,
        )
        .unwrap();
    book.save(path).unwrap();
}

#[test]
fn a_complaint_ledger_in_the_published_layout_lands_field_by_field() {
    let site = site();
    let xlsx = site.path().join("第三批交办件.xlsx");
    complaint_ledger(&xlsx);
    let out = disclose()
        .args([
            "import",
            "--kind",
            "complaint",
            "--inspection",
            "cei2-2021",
            "--root",
        ])
        .arg(site.path())
        .arg(&xlsx)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(1),
        "the duplicate id fails the import: {stderr}"
    );
    // The column report comes first, by header text.
    assert!(
        stderr.starts_with("columns of 第三批交办件.xlsx 第三批:\n"),
        "{stderr}"
    );
    for line in [
        "  A 序号 → seq (序号, kept as seq)\n",
        "  B 受理编号 → id\n",
        "  C 交办问题基本情况 → summary\n",
        "  H 处理和整改情况 → handling (measures, and the latest progress as an update)\n",
        "  I 责任人被处理情况 → accountability\n",
        "  L 办理情况/是否办结 → concluded (status)\n",
        "  M 办理情况/完成时间 → completed_on\n",
        "  N 来电人电话: ignored (personal data: never imported or published)\n",
        "  O 备注: ignored (notes are not published)\n",
    ] {
        assert!(stderr.contains(line), "missing {line:?} in\n{stderr}");
    }
    assert!(
        stderr.contains("warning[W0916]: 第三批交办件.xlsx 第三批: column N 来电人电话 holds personal data"),
        "{stderr}"
    );
    assert!(
        stderr.contains("warning[W0914]: 第三批交办件.xlsx 第三批 row 10: skipped, a note or total row"),
        "{stderr}"
    );
    assert!(
        stderr.contains("error[E0906]: 第三批交办件.xlsx 第三批!B8: the id `D2HN202104180001` is in 2 rows (第三批交办件.xlsx 第三批!B8, 第三批交办件.xlsx 第三批!B9)"),
        "{stderr}"
    );
    assert!(stderr.contains("created 3,"), "{stderr}");
    assert!(
        !site.path().join("content/records/D2HN202104180001.yaml").exists(),
        "nothing of either row"
    );
    assert!(
        !stderr.contains("13812345678") || stderr.contains("N 来电人电话"),
        "{stderr}"
    );

    let r1 = record(site.path(), "D2HN202104170112");
    assert_eq!(r1["kind"], "complaint");
    assert_eq!(r1["inspection"], "cei2-2021");
    assert_eq!(r1["batch"], 3, "the batch from the sheet name 第三批");
    assert_eq!(r1["seq"], 1);
    assert_eq!(
        r1["title"],
        "群众反映，石门镇某村附近有一家石灰窑长期无证生产，窑体冒出大量黑烟…"
    );
    assert!(r1["title"].as_str().unwrap().chars().count() <= 40);
    assert_eq!(r1["region"], "石门镇");
    assert_eq!(r1["pollution_types"], yaml("[air, noise]"));
    assert_eq!(r1["verification"], "true");
    assert_eq!(
        r1["findings"], "经查，该石灰窑无环评手续，  \n无除尘设施。",
        "a hard line break"
    );
    assert_eq!(
        r1["measures"],
        yaml("[1.责令立即停产；, 2.对业主立案处罚，罚款3万元；, 3.制定拆除方案。]"),
        "one measure per line"
    );
    assert_eq!(r1["accountability"], "约谈石门镇分管副镇长。");
    assert_eq!(r1["deadline"], "2021-12-31");
    assert_eq!(r1["lead_unit"], "石门镇人民政府");
    assert_eq!(r1["status"], "completed");
    assert_eq!(r1["completed_on"], "2021-12-20");
    let updates = r1["updates"].as_sequence().unwrap();
    assert_eq!(updates.len(), 1);
    assert_eq!(
        updates[0]["date"], "2021-12-20",
        "dated when the work was done, not today"
    );
    assert_eq!(updates[0]["status"], "completed");
    assert_eq!(
        updates[0]["text"],
        "1.责令立即停产；  \n2.对业主立案处罚，罚款3万元；  \n3.制定拆除方案。"
    );
    let text = std::fs::read_to_string(site.path().join("content/records/D2HN202104170112.yaml")).unwrap();
    assert!(
        !text.contains("13812345678") && !text.contains("重复件"),
        "{text}"
    );

    let r2 = record(site.path(), "D2HN202104170113");
    assert_eq!(r2["title"], "河口镇工业小区某塑料厂随意堆放固体废物");
    assert_eq!(r2["pollution_types"], yaml("[solid_waste]"));
    assert_eq!(r2["verification"], "partly");
    assert_eq!(r2["deadline"], "2022-06-30");
    assert_eq!(r2["status"], "staged");
    assert_eq!(r2["updates"][0]["date"], "2022-09-30", "the site's as-of date");
    let r3 = record(site.path(), "D2HN202104170120");
    assert_eq!(r3["deadline"], "immediate");
    assert_eq!(r3["status"], "in_progress");
    assert_eq!(r3["verification"], "false");
    assert_eq!(r3["measures"], yaml("[加强巡查。]"));
    assert_checks_clean(site.path());

    // The built site shows 立行立改 and the line-broken text as separate lines.
    build_quietly(site.path());
    let page = read(&site.path().join("public"), "records/D2HN202104170120/index.html");
    assert!(page.contains("立行立改"), "{page}");
    let page = read(&site.path().join("public"), "records/D2HN202104170112/index.html");
    assert!(page.contains("无环评手续，<br"), "{page}");
}

/// A 整改清单 without an id column: merged title, a two-row header (整改进展情况 over
/// 整改状态 and 完成时间), 问题 as the problem column.
fn feedback_list(path: &Path, rows: &[[&str; 8]]) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("整改清单").unwrap();
    let plain = Format::new();
    sheet
        .merge_range(
            0,
            0,
            0,
            8,
            "云溪区贯彻落实第二轮中央生态环境保护督察反馈意见整改清单",
            &plain,
        )
        .unwrap();
    for (c, h) in [
        "序号",
        "问题",
        "整改目标",
        "整改措施",
        "责任单位",
        "责任人",
        "整改时限",
    ]
    .iter()
    .enumerate()
    {
        sheet.merge_range(1, c as u16, 2, c as u16, h, &plain).unwrap();
    }
    sheet.merge_range(1, 7, 1, 8, "整改进展情况", &plain).unwrap();
    sheet.write_string(2, 7, "整改状态").unwrap();
    sheet.write_string(2, 8, "完成时间").unwrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                sheet.write_string(r as u32 + 3, c as u16, *v).unwrap();
            }
        }
        sheet.write_string(r as u32 + 3, 8, "").unwrap();
    }
    // A blank row, then a note row at the foot.
    let foot = rows.len() as u32 + 4;
    sheet.write_string(foot, 0, "注：整改时限为完成时限。").unwrap();
    book.save(path).unwrap();
}

const F1: [&str; 8] = [
    "1",
    "石灰窑无证开采、违规生产，扬尘污染严重。",
    "全部关停取缔。",
    "断水断电；拆除窑体",
    "区工业和信息化局",
    "局长",
    "2021年底前",
    "正在整改",
];
const F2: [&str; 8] = [
    "2",
    "城区污水管网雨污分流改造滞后。",
    "完成改造。",
    "新建管网",
    "区住房和城乡建设局",
    "局长",
    "立行立改、长期坚持",
    "序时推进",
];

#[test]
fn without_an_id_column_ids_come_from_seq_and_a_reworded_row_updates() {
    let site = site();
    let xlsx = site.path().join("清单.xlsx");
    feedback_list(&xlsx, &[F1, F2]);
    let import = |extra: &[&str]| {
        disclose()
            .args([
                "import",
                "--kind",
                "feedback",
                "--inspection",
                "第二轮中央生态环境保护督察",
                "--root",
            ])
            .arg(site.path())
            .args(extra)
            .arg(&xlsx)
            .output()
            .unwrap()
    };
    let out = import(&[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("  H 整改进展情况/整改状态 → status\n"),
        "{stderr}"
    );
    assert!(
        stderr.contains("  I 整改进展情况/完成时间 → completed_on\n"),
        "{stderr}"
    );
    assert!(stderr.contains("no id column"), "{stderr}");
    assert!(
        stderr.contains("e.g. cei2-2021-zheng-gai-qing-dan-001"),
        "{stderr}"
    );
    assert!(stderr.contains("整改清单 row 7: skipped"), "{stderr}");
    let id1 = "cei2-2021-zheng-gai-qing-dan-001";
    let r1 = record(site.path(), id1);
    assert_eq!(r1["inspection"], "cei2-2021", "the inspection given by name");
    assert_eq!(r1["seq"], 1);
    assert_eq!(r1["title"], "石灰窑无证开采、违规生产，扬尘污染严重");
    assert_eq!(r1["summary"], "石灰窑无证开采、违规生产，扬尘污染严重。");
    assert_eq!(r1["deadline"], "2021-12-31");
    assert_eq!(r1["measures"], yaml("[断水断电, 拆除窑体]"));
    let r2 = record(site.path(), "cei2-2021-zheng-gai-qing-dan-002");
    assert_eq!(r2["deadline"], "ongoing");
    assert_checks_clean(site.path());

    // Next month: row 1 is re-worded and done. Same 序号, so the same record.
    let reworded = [
        "1",
        "石门镇、河口镇石灰窑无证开采，扬尘污染严重。",
        "全部关停取缔。",
        "断水断电；拆除窑体",
        "区工业和信息化局",
        "局长",
        "2021年底前",
        "已完成整改",
    ];
    feedback_list(&xlsx, &[reworded, F2]);
    let before2 = std::fs::read(
        site.path()
            .join("content/records/cei2-2021-zheng-gai-qing-dan-002.yaml"),
    )
    .unwrap();
    let out = import(&["--update"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("created 0, updated 1, 1 unchanged"), "{stderr}");
    assert!(
        stderr.contains(&format!("  {id1}: title, summary, status, updates\n")),
        "{stderr}"
    );
    let r1 = record(site.path(), id1);
    assert_eq!(r1["title"], "石门镇、河口镇石灰窑无证开采，扬尘污染严重");
    assert_eq!(r1["status"], "completed");
    let updates = r1["updates"].as_sequence().unwrap();
    assert_eq!(
        updates.last().unwrap()["date"],
        "2022-09-30",
        "the as-of date, not today"
    );
    assert_eq!(
        std::fs::read(
            site.path()
                .join("content/records/cei2-2021-zheng-gai-qing-dan-002.yaml")
        )
        .unwrap(),
        before2
    );
    let files = std::fs::read_dir(site.path().join("content/records"))
        .unwrap()
        .count();
    assert_eq!(files, 2, "updated, not duplicated");
    assert_checks_clean(site.path());
}

#[test]
fn a_mapping_file_adds_to_the_built_in_mapping() {
    let site = site();
    let csv = site.path().join("ledger.csv");
    std::fs::write(
        &csv,
        "编号,信访内容,所在区域,办理结果\nA-1,河口镇异味扰民。,河口镇,已整改\nA-2,石门镇噪声扰民。,石门镇,正在办理\n",
    )
    .unwrap();
    let mapping = site.path().join("mapping.yaml");
    std::fs::write(&mapping, "columns:\n  summary: [信访内容]\n  region: [所在区域]\n  status: [办理结果]\nvalues:\n  status: { 已整改: completed }\n").unwrap();
    let import = |extra: &[&str]| {
        disclose()
            .args(["import", "--kind", "complaint", "--root"])
            .arg(site.path())
            .args(["--mapping"])
            .arg(&mapping)
            .args(extra)
            .arg(&csv)
            .output()
            .unwrap()
    };
    // Replacing the built-in mapping loses 编号 → id: said, and nothing written.
    let out = import(&["--replace-mapping"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("A 编号: ignored"));
    let out = import(&[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("A 编号 → id") && stderr.contains("D 办理结果 → status"),
        "{stderr}"
    );
    assert_eq!(record(site.path(), "A-1")["status"], "completed");
    assert_eq!(
        record(site.path(), "A-2")["status"],
        "in_progress",
        "built-in values kept"
    );
    assert_eq!(record(site.path(), "A-2")["region"], "石门镇");
}

#[test]
fn unknown_values_and_a_missing_status_column_name_what_was_not_understood() {
    let site = site();
    let csv = site.path().join("ledger.csv");
    std::fs::write(
        &csv,
        "受理编号,交办问题基本情况,办理结果\nA-1,河口镇异味扰民。,已整改\n",
    )
    .unwrap();
    disclose()
        .args(["import", "--kind", "complaint", "--root"])
        .arg(site.path())
        .arg(&csv)
        .assert()
        .code(1)
        .stderr(contains(
            "no column gives the status (整改状态, 办结状态, 是否办结); columns not understood: C 办理结果",
        ));
}

#[test]
fn new_writes_the_sites_as_of_date() {
    let site = site();
    disclose()
        .args(["new", "complaint", "D2HN202104170199", "--root"])
        .arg(site.path())
        .assert()
        .success();
    let text = read(site.path(), "content/records/D2HN202104170199.md");
    assert!(text.contains("received_on: 2022-09-30"), "{text}");
}

/// Builds `site`, imports its `records.xlsx` back with `--update` (nothing may change,
/// byte for byte), then into an empty site, whose build must give the same
/// `records.json`: every public field of every record, body included.
fn round_trip(site: &Path) {
    build_quietly(site);
    let xlsx = site.join("public/data/records.xlsx");
    let book = tempfile::tempdir().unwrap();
    let copy = book.path().join("records.xlsx");
    std::fs::copy(&xlsx, &copy).unwrap();
    let content = || {
        let mut t = tree(&site.join("content"));
        t.push(("site.yaml".into(), std::fs::read(site.join("site.yaml")).unwrap()));
        t
    };
    let before = content();
    let out = disclose()
        .args(["import", "--update", "--root"])
        .arg(site)
        .arg(&copy)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("(a disclose workbook)"), "{stderr}");
    assert!(stderr.contains("created 0, updated 0,"), "{stderr}");
    assert!(stderr.contains("AH 最新进展: ignored (output only"), "{stderr}");
    assert!(
        before == content(),
        "import --update of the site's own workbook changed files"
    );

    let empty = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(empty.path().join("content/records")).unwrap();
    std::fs::copy(site.join("site.yaml"), empty.path().join("site.yaml")).unwrap();
    // Evidence files travel beside the workbook, as a clerk copies them.
    for entry in std::fs::read_dir(site.join("content/records")).unwrap() {
        let path = entry.unwrap().path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if path.is_file() && !["md", "yaml", "yml"].contains(&ext) {
            std::fs::copy(
                &path,
                empty
                    .path()
                    .join("content/records")
                    .join(path.file_name().unwrap()),
            )
            .unwrap();
        }
    }
    let out = disclose()
        .args(["import", "--root"])
        .arg(empty.path())
        .arg(&copy)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    build_quietly(empty.path());
    let json = |root: &Path| -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(root.join("public/data/records.json")).unwrap()).unwrap()
    };
    let (a, b) = (json(site), json(empty.path()));
    let (a, b) = (a["records"].as_array().unwrap(), b["records"].as_array().unwrap());
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(b) {
        let id = x["id"].as_str().unwrap();
        for (key, value) in x.as_object().unwrap() {
            assert_eq!(&y[key], value, "{id}.{key}");
        }
        assert_eq!(
            x.as_object().unwrap().len(),
            y.as_object().unwrap().len(),
            "{id}: {y}"
        );
    }
}

#[test]
fn the_sample_sites_workbook_round_trips() {
    let sample = tempfile::tempdir().unwrap();
    copy_dir(&repo_root().join("content"), &sample.path().join("content"));
    std::fs::copy(repo_root().join("site.yaml"), sample.path().join("site.yaml")).unwrap();
    round_trip(sample.path());
}

#[test]
fn a_generated_thousand_record_sites_workbook_round_trips() {
    let site = tempfile::tempdir().unwrap();
    common::synth::generate(site.path(), 1_000, 17).unwrap();
    round_trip(site.path());
}
