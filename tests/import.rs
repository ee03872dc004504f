//! `disclose import` on generated ledgers: a title row above merged cells, a header
//! variant per alias, mixed date forms, a GB18030 CSV, a bad row and a phone number, the
//! `--update` merge, `--dry-run`, and the round trip of the site's own XLSX export.

mod common;

use common::*;
use predicates::str::contains;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("content/records")).unwrap();
    std::fs::write(
        dir.path().join("site.yaml"),
        "title: 导入测试\npublisher: 测试局\nbase_url: https://e.org/\nas_of: 2022-09-30\ninspections:\n  - { id: cei2-2021, name: 第二轮 }\n",
    )
    .unwrap();
    dir
}

fn read_record(site: &std::path::Path, id: &str) -> serde_yaml::Value {
    let text = std::fs::read_to_string(site.join(format!("content/records/{id}.yaml"))).unwrap();
    serde_yaml::from_str(&text).unwrap()
}

/// A complaint ledger as offices keep it: a merged title row, then the headers.
fn ledger(path: &std::path::Path, extra_rows: &[[&str; 9]]) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Sheet1").unwrap();
    sheet
        .merge_range(
            0,
            0,
            0,
            9,
            "第二轮中央生态环境保护督察交办信访件办理情况一览表",
            &Format::new(),
        )
        .unwrap();
    let headers = [
        "受理编号",
        "交办问题基本情况",
        "所在地",
        "污染类型",
        "是否属实",
        "整改目标及整改措施",
        "牵头责任单位",
        "完成时限",
        "办结状态",
        "交办日期",
    ];
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string(1, c as u16, *h).unwrap();
    }
    let rows: Vec<[&str; 9]> = vec![
        [
            "X001",
            "河口镇橡胶颗粒厂异味扰民。夜间生产。",
            "河口镇",
            "大气、噪声",
            "属实",
            "停产整改；搬迁入园",
            "区生态环境局",
            "2022/6/30",
            "正在办理",
        ],
        [
            "X002",
            "石门镇石灰窑扬尘",
            "石门镇",
            "大气污染",
            "基本属实",
            "关停拆除",
            "区工信局",
            "2022年12月31日",
            "序时推进",
        ],
        [
            "X003",
            "龙泉镇秸秆焚烧",
            "龙泉镇",
            "大气",
            "不属实",
            "",
            "龙泉镇人民政府",
            "长期坚持",
            "阶段性办结",
        ],
    ];
    for (r, row) in rows.iter().chain(extra_rows.iter()).enumerate() {
        let r = r as u32 + 2;
        for (c, v) in row.iter().enumerate() {
            sheet.write_string(r, c as u16, *v).unwrap();
        }
    }
    // 交办日期: a real date cell, an Excel serial number, and text.
    let date_format = Format::new().set_num_format("yyyy-mm-dd");
    sheet
        .write_datetime_with_format(2, 9, ExcelDateTime::from_ymd(2021, 4, 12).unwrap(), &date_format)
        .unwrap();
    sheet.write_number(3, 9, 44300.0).unwrap(); // 2021-04-14
    sheet.write_string(4, 9, "2021.4.16").unwrap();
    book.save(path).unwrap();
}

#[test]
fn imports_an_xlsx_ledger_field_by_field() {
    let site = site();
    let xlsx = site.path().join("台账.xlsx");
    ledger(&xlsx, &[]);
    disclose()
        .args([
            "import",
            "--kind",
            "complaint",
            "--inspection",
            "cei2-2021",
            "--date",
            "2022-09-01",
            "--root",
        ])
        .arg(site.path())
        .arg(&xlsx)
        .assert()
        .success()
        .stderr(contains("created 3"));
    let x1 = read_record(site.path(), "X001");
    assert_eq!(x1["kind"], "complaint");
    assert_eq!(x1["inspection"], "cei2-2021");
    assert_eq!(x1["title"], "河口镇橡胶颗粒厂异味扰民");
    assert_eq!(x1["region"], "河口镇");
    assert_eq!(
        x1["pollution_types"],
        serde_yaml::from_str::<serde_yaml::Value>("[air, noise]").unwrap()
    );
    assert_eq!(x1["verification"], "true");
    assert_eq!(
        x1["measures"],
        serde_yaml::from_str::<serde_yaml::Value>("[停产整改, 搬迁入园]").unwrap()
    );
    assert_eq!(x1["deadline"], "2022-06-30");
    assert_eq!(x1["status"], "in_progress");
    assert_eq!(x1["received_on"], "2021-04-12");
    let x2 = read_record(site.path(), "X002");
    assert_eq!(x2["deadline"], "2022-12-31");
    assert_eq!(x2["pollution_types"][0], "air");
    assert_eq!(x2["verification"], "mostly");
    assert_eq!(x2["received_on"], "2021-04-14", "Excel serial number");
    let x3 = read_record(site.path(), "X003");
    assert_eq!(x3["deadline"], "ongoing");
    assert_eq!(x3["status"], "staged");
    assert_eq!(x3["received_on"], "2021-04-16", "text date");
    // The imported site checks clean.
    disclose()
        .args(["check", "--as-of", "2022-09-30", "--root"])
        .arg(site.path())
        .assert()
        .success();
}

#[test]
fn bad_rows_are_reported_by_cell_and_the_rest_imported() {
    let site = site();
    let xlsx = site.path().join("台账.xlsx");
    ledger(
        &xlsx,
        &[
            [
                "X004",
                "白沙乡垃圾焚烧",
                "白沙乡",
                "固废",
                "属实",
                "清理",
                "白沙乡政府",
                "2022-06-30",
                "办得差不多",
            ],
            [
                "X005",
                "来信人电话13812345678，反映噪声",
                "城关街道",
                "噪声",
                "属实",
                "整改",
                "区公安分局",
                "2022-06-30",
                "正在办理",
            ],
        ],
    );
    disclose()
        .args(["import", "--kind", "complaint", "--root"])
        .arg(site.path())
        .arg(&xlsx)
        .assert()
        .code(1)
        .stderr(contains(
            "台账.xlsx Sheet1!I6: status: `办得差不多` is not a known value",
        ))
        .stderr(contains(
            "台账.xlsx Sheet1!B7: a mobile phone number must not be published: 138****5678",
        ));
    assert!(site.path().join("content/records/X001.yaml").is_file());
    assert!(!site.path().join("content/records/X004.yaml").exists());
    assert!(!site.path().join("content/records/X005.yaml").exists());
}

#[test]
fn gb18030_csv_with_header_aliases() {
    let site = site();
    let csv = "整改任务清单\n序号,问题描述,行政区域,污染类型,整改措施,责任单位,配合单位,整改时限,整改状态,是否重点件\n\
               1,城区污水管网雨污分流改造,城关街道,水,新建管网；改造排口,区住建局,区水务局、城关街道,2023-06-30,尚未启动,是\n";
    let (bytes, _, _) = encoding_rs::GB18030.encode(csv);
    let path = site.path().join("清单.csv");
    std::fs::write(&path, bytes).unwrap();
    disclose()
        .args(["import", "--kind", "task", "--root"])
        .arg(site.path())
        .arg(&path)
        .assert()
        .success()
        .stderr(contains("warning[W0915]: 清单.csv CSV: no id column"));
    let files: Vec<_> = std::fs::read_dir(site.path().join("content/records"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1);
    let id = files[0].file_stem().unwrap().to_string_lossy().into_owned();
    assert_eq!(
        id, "qing-dan-001",
        "made from the ledger's name and 序号, never the text"
    );
    let r = read_record(site.path(), &id);
    assert_eq!(r["title"], "城区污水管网雨污分流改造");
    assert_eq!(
        r["co_units"],
        serde_yaml::from_str::<serde_yaml::Value>("[区水务局, 城关街道]").unwrap()
    );
    assert_eq!(r["key_case"], true);
    assert_eq!(r["status"], "not_started");
    // Importing again finds the same id: without --update it is refused, not duplicated.
    disclose()
        .args(["import", "--kind", "task", "--root"])
        .arg(site.path())
        .arg(&path)
        .assert()
        .code(1)
        .stderr(contains("--update"));
}

#[test]
fn update_appends_history_and_leaves_untouched_records_byte_identical() {
    let site = site();
    let xlsx = site.path().join("台账.xlsx");
    ledger(&xlsx, &[]);
    let import = |extra: &[&str]| {
        let mut cmd = disclose();
        cmd.args(["import", "--kind", "complaint", "--root"])
            .arg(site.path())
            .args(extra)
            .arg(&xlsx);
        cmd
    };
    import(&["--date", "2022-09-01"]).assert().success();
    let x2_before = std::fs::read(site.path().join("content/records/X002.yaml")).unwrap();

    // The next month's ledger: X001 is done.
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in [
        "受理编号",
        "问题描述",
        "所在地",
        "办结状态",
        "完成日期",
        "最新整改情况",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (c, v) in [
        "X001",
        "河口镇橡胶颗粒厂异味扰民。夜间生产。",
        "河口镇",
        "已完成",
        "2022-08-28",
        "企业已搬迁入园。",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(1, c as u16, *v).unwrap();
    }
    book.save(&xlsx).unwrap();

    // Dry run: a diff, nothing written.
    let out = import(&["--update", "--dry-run", "--date", "2022-09-15"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let diff = String::from_utf8_lossy(&out.stdout);
    assert!(
        diff.contains("+status: completed") && diff.contains("-status: in_progress"),
        "{diff}"
    );
    assert_eq!(read_record(site.path(), "X001")["status"], "in_progress");

    import(&["--update", "--date", "2022-09-15"])
        .assert()
        .success()
        .stderr(contains("updated 1"));
    let x1 = read_record(site.path(), "X001");
    assert_eq!(x1["status"], "completed");
    assert_eq!(x1["completed_on"], "2022-08-28");
    let updates = x1["updates"].as_sequence().unwrap();
    let last = updates.last().unwrap();
    assert_eq!(last["date"], "2022-09-15");
    assert_eq!(last["status"], "completed");
    assert_eq!(last["text"], "企业已搬迁入园。");
    assert_eq!(
        std::fs::read(site.path().join("content/records/X002.yaml")).unwrap(),
        x2_before
    );
    // The same sheet again changes nothing.
    import(&["--update", "--date", "2022-09-16"])
        .assert()
        .success()
        .stderr(contains("1 unchanged"));
}

#[test]
fn every_built_in_header_alias_maps_to_its_field() {
    let mapping = disclose::import::mapping::Mapping::default();
    let sample = |field: &str| -> &str {
        match field {
            "id" => "A-1",
            "seq" => "1",
            "kind" => "信访举报件",
            "inspection" => "cei2-2021",
            "title" => "石灰窑扬尘",
            "summary" => "石灰窑扬尘污染。",
            "region" => "河口镇",
            "pollution_types" => "大气、噪声",
            "findings" => "经核查属实。",
            "verification" => "基本属实",
            "target" => "关停拆除",
            "measures" => "拆除窑体；复绿",
            "progress" => "已拆除。",
            "lead_unit" => "区工信局",
            "co_units" => "区自然资源局、河口镇人民政府",
            "responsible_post" => "局长",
            "received_on" => "2021年4月12日",
            "deadline" => "长期坚持",
            "status" => "序时推进",
            "schedule" => "滞后",
            "completed_on" => "2022/6/30",
            "closed_on" => "2022.7.30",
            "accountability" => "约谈。",
            "key_case" => "是",
            "related" => "A-0",
            "batch" => "第3批",
            "handling" => "1.责令停产；\n2.立案处罚。",
            "concluded" => "阶段性办结",
            "ignore" => "内部备注",
            "private" => "13812345678",
            other => panic!("no sample value for `{other}`: add one to this test"),
        }
    };
    // Status that agrees with the dates a column brings.
    let status_for = |field: &str| match field {
        "completed_on" => "已完成",
        "closed_on" => "已销号",
        _ => "正在办理",
    };
    let mut checked = 0;
    for (field, aliases) in &mapping.columns {
        for alias in aliases {
            let site = site();
            let mut headers = vec![alias.as_str()];
            let mut values = vec![sample(field)];
            if field != "title" && field != "summary" {
                headers.push("标题");
                values.push("石灰窑扬尘");
            }
            if field != "status" && field != "concluded" {
                headers.push("整改状态");
                values.push(status_for(field));
            }
            if field != "id" && field != "seq" {
                headers.push("序号");
                values.push("1");
            }
            if field == "closed_on" {
                headers.push("完成日期");
                values.push("2022-06-30");
            }
            let quoted: Vec<String> = values.iter().map(|v| format!("\"{v}\"")).collect();
            let csv = format!("{}\n{}\n", headers.join(","), quoted.join(","));
            let path = site.path().join("ledger.csv");
            std::fs::write(&path, csv).unwrap();
            let report = disclose::import::import(&disclose::import::ImportOptions {
                root: site.path().to_path_buf(),
                ledger: path,
                kind: Some(disclose::model::Kind::Complaint),
                date: Some("2022-09-01".parse().unwrap()),
                // A batch number means something only within an inspection (E0323).
                inspection: (field == "batch").then(|| "cei2-2021".to_string()),
                ..Default::default()
            })
            .unwrap();
            assert!(report.errors.is_empty(), "{alias}: {:?}", report.errors);
            assert_eq!(report.created.len(), 1, "{alias}");
            let text = std::fs::read_to_string(&report.created[0]).unwrap();
            let record: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
            if field == "ignore" || field == "private" {
                assert!(!text.contains(sample(field)), "{alias} is not imported: {text}");
                assert!(
                    report
                        .columns
                        .iter()
                        .any(|c| c.column.ends_with(alias.as_str()) && c.field.is_none()),
                    "{alias} is reported as ignored: {:?}",
                    report.columns
                );
                checked += 1;
                continue;
            }
            let key = match field.as_str() {
                "progress" => "updates",
                "handling" => "measures",
                "concluded" => "status",
                other => other,
            };
            assert!(!record[key].is_null(), "{alias} → {field}: {text}");
            assert!(
                report.columns.iter().any(|c| c.column.ends_with(alias.as_str()) && c.field.as_deref() == Some(field.as_str())),
                "{alias} is reported as {field}: {:?}",
                report.columns
            );
            checked += 1;
        }
    }
    assert!(checked > 50, "{checked} aliases");
}

/// A ledger that cannot be imported at all says why in the clerk's language (from the
/// catalogue), and exits 1.
#[test]
fn an_import_that_cannot_start_says_why_in_the_runs_language() {
    let site = site();
    let path = site.path().join("ledger.xlsx");
    ledger(&path, &[]);
    disclose_in("zh-CN")
        .args(["import", "--sheet", "第二页", "--root"])
        .arg(site.path())
        .arg(&path)
        .assert()
        .code(1)
        .stderr(contains(
            "错误：ledger.xlsx 里没有名为“第二页”的工作表；现有工作表：",
        ));
    disclose()
        .args(["import", "--sheet", "Page 2", "--root"])
        .arg(site.path())
        .arg(&path)
        .assert()
        .code(1)
        .stderr(contains(
            "error: ledger.xlsx has no sheet named `Page 2`; sheets: ",
        ));
    let mapping = site.path().join("mapping.yaml");
    std::fs::write(&mapping, "columns: [not, a, map]\n").unwrap();
    disclose_in("zh-CN")
        .args(["import", "--mapping"])
        .arg(&mapping)
        .arg("--root")
        .arg(site.path())
        .arg(&path)
        .assert()
        .code(1)
        .stderr(contains("格式不对"));
}
