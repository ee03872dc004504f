//! Open data: the records as CSV (UTF-8 with BOM, so Excel opens Chinese correctly),
//! JSON, XLSX and a JSON Schema generated from the Rust types. Every export carries the
//! derived values of the as-of date.

use schemars::JsonSchema;
use serde::Serialize;
use serde_json::Value as Json;

use crate::derive::Derived;
use crate::model::{Date, Deadline, Kind, Record};
use crate::source::Seg;

/// A record as published in `records.json`: every public field plus derived values.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ExportRecord<'a> {
    /// The record's fields, as written.
    #[serde(flatten)]
    pub record: &'a Record,
    /// Deadline passed on the as-of date and the work not completed or closed.
    pub overdue: bool,
    /// Days past the deadline on the as-of date (0 unless overdue).
    pub days_overdue: i64,
    /// Completed on or before the deadline; absent when unknown or not completed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_time: Option<bool>,
    /// The latest date the record mentions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_updated: Option<Date>,
    /// A closure notice (销号公示) runs on the as-of date: the case is not counted as
    /// closed yet, whatever its status says.
    pub in_notice: bool,
    /// Absolute URL of the record's page.
    pub url: String,
}

/// The whole `records.json` document.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ExportDocument<'a> {
    /// Site title.
    pub title: &'a str,
    /// Publishing body.
    pub publisher: &'a str,
    /// The as-of date of every derived value.
    pub as_of: Date,
    /// disclose version that wrote the file.
    pub generator: String,
    /// The records, by id.
    pub records: Vec<ExportRecord<'a>>,
}

/// Builds the export view of records `indices`.
pub fn export_records<'a>(
    records: &[&'a Record],
    derived: &[Derived],
    indices: &[usize],
    record_url: &dyn Fn(&Record) -> String,
) -> Vec<ExportRecord<'a>> {
    indices
        .iter()
        .map(|&i| ExportRecord {
            record: records[i],
            overdue: derived[i].overdue,
            days_overdue: derived[i].days_overdue,
            on_time: derived[i].on_time,
            last_updated: derived[i].last_updated,
            in_notice: derived[i].in_notice,
            url: record_url(records[i]),
        })
        .collect()
}

/// `records.json`, pretty-printed. The records are printed in parallel and spliced into
/// the document, byte for byte what one `to_vec_pretty` of the whole would give: JSON
/// strings hold no raw line breaks, so indenting every line of a record is exact.
pub fn to_json(document: &ExportDocument) -> Vec<u8> {
    use rayon::prelude::*;
    let pieces: Vec<Vec<u8>> = document.records.par_iter().map(json_record).collect();
    splice_json(document, pieces.iter().map(Vec::as_slice))
}

/// One record of `records.json` as it sits in the document (indented, no trailing comma),
/// so that a record's piece can be made once and kept while it does not change.
pub fn json_record(record: &ExportRecord) -> Vec<u8> {
    let json = serde_json::to_vec_pretty(record).unwrap_or_default();
    let mut indented = Vec::with_capacity(json.len() + json.len() / 8);
    for line in json.split(|&b| b == b'\n') {
        indented.extend_from_slice(b"    ");
        indented.extend_from_slice(line);
        indented.push(b'\n');
    }
    indented.pop();
    indented
}

/// `records.json` from the document's head and its records' [`json_record`] pieces, in
/// document order (`document.records` itself is not read).
pub fn splice_json<'p>(document: &ExportDocument, pieces: impl IntoIterator<Item = &'p [u8]>) -> Vec<u8> {
    let head = ExportDocument {
        records: Vec::new(),
        generator: document.generator.clone(),
        ..*document
    };
    let mut out = serde_json::to_vec_pretty(&head).unwrap_or_default();
    let mut pieces = pieces.into_iter().peekable();
    if pieces.peek().is_some() {
        // `records` is the last field: `..."records": []\n}` becomes the full list.
        out.truncate(out.len() - b"[]\n}".len());
        out.extend_from_slice(b"[\n");
        for (n, piece) in pieces.enumerate() {
            if n > 0 {
                out.extend_from_slice(b",\n");
            }
            out.extend_from_slice(piece);
        }
        out.extend_from_slice(b"\n  ]\n}");
    }
    out.push(b'\n');
    out
}

/// `schema.json`: the JSON Schema of one exported record, from the Rust types.
pub fn schema() -> Json {
    let generator = schemars::generate::SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator();
    let schema = generator.into_root_schema_for::<ExportRecord>();
    let mut value = serde_json::to_value(schema).unwrap_or_default();
    if let Some(map) = value.as_object_mut() {
        map.insert("title".into(), Json::String("disclose record".into()));
    }
    value
}

/// The columns of the CSV and XLSX exports, in order. A key `group.name` is labelled from
/// the theme's `group` (the enforcement counts); every other key is a record field, or
/// one of the derived values after `latest_update`, which are output only.
pub const COLUMNS: &[&str] = &[
    "id",
    "kind",
    "inspection",
    "batch",
    "seq",
    "title",
    "summary",
    "region",
    "pollution_types",
    "verification",
    "findings",
    "target",
    "measures",
    "lead_unit",
    "co_units",
    "responsible_post",
    "received_on",
    "deadline",
    "status",
    "schedule",
    "completed_on",
    "closed_on",
    "key_case",
    "accountability",
    "enforcement_labels.ordered",
    "enforcement_labels.penalized",
    "enforcement_labels.fine_10k_yuan",
    "enforcement_labels.investigated",
    "enforcement_labels.detained",
    "enforcement_labels.interviewed",
    "enforcement_labels.held_accountable",
    "related",
    "body",
    "latest_update",
    "overdue",
    "days_overdue",
    "on_time",
    "last_updated",
    "in_notice",
    "url",
];

/// One cell of a tabular export (serialisable for output fingerprints).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Cell {
    /// Empty.
    Empty,
    /// Text.
    Text(String),
    /// A date.
    Date(Date),
    /// A whole number.
    Int(i64),
    /// A number (罚款 in 10,000 yuan).
    Number(f64),
    /// Yes / no.
    Bool(bool),
}

impl Cell {
    /// The cell as CSV text.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.clone(),
            Cell::Date(d) => d.to_string(),
            Cell::Int(n) => n.to_string(),
            Cell::Number(n) => n.to_string(),
            Cell::Bool(b) => b.to_string(),
        }
    }
}

fn opt_text(v: &Option<String>) -> Cell {
    v.as_ref().map_or(Cell::Empty, |s| Cell::Text(s.clone()))
}

/// Which table a row is for: lists are written differently in each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// `records.csv`: list items joined with `；`, each without its own closing `。`/`；`,
    /// so a list never reads `…。；…`.
    Csv,
    /// `records.xlsx`: multi-word lists (measures, units, related ids) one item per line,
    /// so the workbook reads back into the same items; pollution types joined with `、`;
    /// the inspection by its name.
    Xlsx,
}

fn list<T: AsRef<str>>(items: impl IntoIterator<Item = T>, form: Form, lines: bool) -> Cell {
    let items: Vec<String> = items
        .into_iter()
        .map(|s| match form {
            Form::Csv => s.as_ref().trim_end_matches(['。', '；', ';']).to_string(),
            Form::Xlsx => s.as_ref().to_string(),
        })
        .collect();
    if items.is_empty() {
        return Cell::Empty;
    }
    let separator = match form {
        Form::Csv => "；",
        Form::Xlsx if lines => "\n",
        Form::Xlsx => "、",
    };
    Cell::Text(items.join(separator))
}

fn count(n: Option<u32>) -> Cell {
    n.map_or(Cell::Empty, |n| Cell::Int(n.into()))
}

/// Turns a vocabulary value of a record of some kind into what the reader sees: the key
/// for CSV, the kind's word for XLSX ([`Theme::word`](crate::render::theme::Theme::word)).
pub type Label<'a> = dyn Fn(Kind, &str, &str) -> String + 'a;

/// The cells of one export row, parallel to [`COLUMNS`]. `label` turns a vocabulary
/// value into what the reader sees (the key for CSV, the record's kind's word for XLSX; the
/// `inspection` vocabulary gives an inspection's name).
pub fn row(e: &ExportRecord, label: &Label, form: Form) -> Vec<Cell> {
    let r = e.record;
    let label = |vocab: &str, key: &str| label(r.kind, vocab, key);
    let latest = r
        .updates
        .last()
        .map(|u| Cell::Text(format!("{} {}", u.date, u.text)));
    let enforcement = r.enforcement.clone().unwrap_or_default();
    vec![
        Cell::Text(r.id.to_string()),
        Cell::Text(label("kind", r.kind.key())),
        r.inspection
            .as_ref()
            .map_or(Cell::Empty, |i| Cell::Text(label("inspection", i))),
        count(r.batch),
        count(r.seq),
        Cell::Text(r.title.clone()),
        opt_text(&r.summary),
        opt_text(&r.region),
        list(
            r.pollution_types.iter().map(|t| label("pollution_type", t.key())),
            form,
            false,
        ),
        r.verification
            .map_or(Cell::Empty, |v| Cell::Text(label("verification", v.key()))),
        opt_text(&r.findings),
        opt_text(&r.target),
        list(&r.measures, form, true),
        opt_text(&r.lead_unit),
        list(&r.co_units, form, true),
        opt_text(&r.responsible_post),
        r.received_on.map_or(Cell::Empty, Cell::Date),
        deadline_cell(r.deadline, &label),
        Cell::Text(label("status", r.status.key())),
        r.schedule
            .map_or(Cell::Empty, |s| Cell::Text(label("schedule", s.key()))),
        r.completed_on.map_or(Cell::Empty, Cell::Date),
        r.closed_on.map_or(Cell::Empty, Cell::Date),
        Cell::Bool(r.key_case),
        opt_text(&r.accountability),
        count(enforcement.ordered),
        count(enforcement.penalized),
        enforcement.fine_10k_yuan.map_or(Cell::Empty, Cell::Number),
        count(enforcement.investigated),
        count(enforcement.detained),
        count(enforcement.interviewed),
        count(enforcement.held_accountable),
        list(r.related.iter().map(|x| x.as_str()), form, true),
        opt_text(&r.body),
        latest.unwrap_or(Cell::Empty),
        Cell::Bool(e.overdue),
        Cell::Int(e.days_overdue),
        e.on_time.map_or(Cell::Empty, Cell::Bool),
        e.last_updated.map_or(Cell::Empty, Cell::Date),
        Cell::Bool(e.in_notice),
        Cell::Text(e.url.clone()),
    ]
}

/// A deadline as a cell: a real date, or the label of `ongoing` / `immediate`.
fn deadline_cell(deadline: Option<Deadline>, label: &dyn Fn(&str, &str) -> String) -> Cell {
    match deadline {
        Some(Deadline::Date(d)) => Cell::Date(d),
        Some(word) => Cell::Text(label("deadline", &word.to_string())),
        None => Cell::Empty,
    }
}

/// `records.csv`: UTF-8 with BOM, keys in the header and in vocabulary columns, lists
/// joined with `；`.
pub fn to_csv(records: &[ExportRecord]) -> Vec<u8> {
    let mut out = csv_header();
    for e in records {
        out.extend_from_slice(&csv_row(e));
    }
    out
}

/// The BOM and header line of every CSV export.
pub fn csv_header() -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(&mut out);
    let _ = writer.write_record(COLUMNS);
    let _ = writer.flush();
    drop(writer);
    out
}

/// A text cell as a spreadsheet must not read it as a formula: a leading `=`, `+`, `-`,
/// `@`, tab or carriage return gets a `'` in front (OWASP's advice for CSV injection).
/// Only text cells pass through here; numbers, dates and booleans are written as they
/// are, so a real number is never altered.
pub(crate) fn neutralise_formula(text: String) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text
    }
}

/// One CSV line, so a record's line is made once and shared by every CSV it is in
/// (`records.csv` and every facet's).
pub fn csv_row(e: &ExportRecord) -> Vec<u8> {
    let mut out = Vec::with_capacity(512);
    let key = |_: Kind, _: &str, k: &str| k.to_string();
    let cells: Vec<String> = row(e, &key, Form::Csv)
        .into_iter()
        .map(|cell| match cell {
            Cell::Text(t) => neutralise_formula(t),
            other => other.text(),
        })
        .collect();
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(&mut out);
    let _ = writer.write_record(&cells);
    let _ = writer.flush();
    drop(writer);
    out
}

/// The sheets of `records.xlsx` after the records sheet, each one row per list item of a
/// record, keyed by the record's id: what a record has besides its one-value fields, so
/// the workbook carries the whole record and `disclose import` reads it back.
pub const DETAIL_SHEETS: &[(&str, &[&str])] = &[
    ("updates", &["id", "date", "status", "text", "evidence"]),
    ("deadline_changes", &["id", "from", "to", "reason", "decided_on"]),
    (
        "closure",
        &[
            "id",
            "level",
            "date",
            "result",
            "ref",
            "notice_from",
            "notice_to",
            "notice_contact",
        ],
    ),
    ("evidence", &["id", "file", "caption"]),
];

/// The detail rows of one record for the sheet `name` of [`DETAIL_SHEETS`].
fn detail_rows(r: &Record, name: &str, label: &Label) -> Vec<Vec<Cell>> {
    let label = |vocab: &str, key: &str| label(r.kind, vocab, key);
    let id = || Cell::Text(r.id.to_string());
    let text = |t: &str| Cell::Text(t.to_string());
    match name {
        "updates" => r
            .updates
            .iter()
            .map(|u| {
                vec![
                    id(),
                    Cell::Date(u.date),
                    u.status
                        .map_or(Cell::Empty, |s| Cell::Text(label("status", s.key()))),
                    text(&u.text),
                    list(&u.evidence, Form::Xlsx, true),
                ]
            })
            .collect(),
        "deadline_changes" => r
            .deadline_changes
            .iter()
            .map(|c| {
                vec![
                    id(),
                    deadline_cell(Some(c.from), &label),
                    deadline_cell(Some(c.to), &label),
                    text(&c.reason),
                    c.decided_on.map_or(Cell::Empty, Cell::Date),
                ]
            })
            .collect(),
        "closure" => r
            .closure
            .iter()
            .map(|c| {
                vec![
                    id(),
                    text(&c.level),
                    Cell::Date(c.date),
                    text(&c.result),
                    opt_text(&c.reference),
                    c.notice.as_ref().map_or(Cell::Empty, |n| Cell::Date(n.from)),
                    c.notice.as_ref().map_or(Cell::Empty, |n| Cell::Date(n.to)),
                    c.notice.as_ref().map_or(Cell::Empty, |n| text(&n.contact)),
                ]
            })
            .collect(),
        "evidence" => r
            .evidence
            .iter()
            .map(|e| vec![id(), text(&e.file), text(&e.caption)])
            .collect(),
        _ => Vec::new(),
    }
}

/// The most characters one cell of `records.xlsx` may hold: Excel's limit, counted as
/// Excel and the XLSX writer count them (UTF-16 units, so a character outside the Basic
/// Multilingual Plane counts twice).
pub const XLSX_CELL_MAX: usize = 32_767;

/// The length of `text` as [`XLSX_CELL_MAX`] counts it.
pub fn xlsx_length(text: &str) -> usize {
    text.encode_utf16().count()
}

/// Every text cell of `records.xlsx` that `record` makes longer than [`XLSX_CELL_MAX`],
/// as (the record's field it comes from, the cell's length), one per field with the
/// longest of its cells: `check` refuses these, since the workbook could not be written.
/// The cells are the very ones [`to_xlsx`] writes ([`row`] and the [`DETAIL_SHEETS`]),
/// with vocabulary keys standing in for their labels; `latest_update` (the date, a space
/// and the last update's text) counts as that update's `text`.
pub fn oversized_xlsx_cells(record: &Record) -> Vec<(Vec<Seg<'static>>, usize)> {
    let export = ExportRecord {
        record,
        overdue: false,
        days_overdue: 0,
        on_time: None,
        last_updated: None,
        in_notice: false,
        url: String::new(),
    };
    let key = |_: Kind, _: &str, k: &str| k.to_string();
    let mut found: Vec<(Vec<Seg<'static>>, usize)> = Vec::new();
    let mut note = |path: Vec<Seg<'static>>, cell: &Cell| {
        let Cell::Text(text) = cell else { return };
        // Cheap first: a UTF-16 length never exceeds the UTF-8 one.
        if text.len() <= XLSX_CELL_MAX {
            return;
        }
        let length = xlsx_length(text);
        if length <= XLSX_CELL_MAX {
            return;
        }
        match found.iter_mut().find(|(p, _)| *p == path) {
            Some((_, longest)) => *longest = (*longest).max(length),
            None => found.push((path, length)),
        }
    };
    for (column, cell) in COLUMNS.iter().zip(row(&export, &key, Form::Xlsx)) {
        let path = match *column {
            "latest_update" => vec![
                Seg::Key("updates"),
                Seg::Index(record.updates.len().saturating_sub(1)),
                Seg::Key("text"),
            ],
            "url" => vec![Seg::Key("id")],
            other => other.split('.').map(Seg::Key).collect(),
        };
        note(path, &cell);
    }
    for (sheet, columns) in DETAIL_SHEETS {
        for (i, cells) in detail_rows(record, sheet, &key).iter().enumerate() {
            for (column, cell) in columns.iter().zip(cells) {
                let mut path = vec![Seg::Key(sheet), Seg::Index(i)];
                // The closure sheet's notice_contact is the step's notice.contact.
                match column.strip_prefix("notice_") {
                    Some(key) => path.extend([Seg::Key("notice"), Seg::Key(key)]),
                    None => path.push(Seg::Key(column)),
                }
                note(path, cell);
            }
        }
    }
    found
}

/// `records.xlsx`: the records sheet (a header row of labels, frozen, with filters; dates
/// as real dates; vocabulary values as labels; the inspection by name; lists one item per
/// line) and the [`DETAIL_SHEETS`]. `header` labels a column key (`group.key` for a key
/// of another i18n group; the detail sheets' keys are in `workbook`). Deterministic: the
/// document date is the as-of date.
pub fn to_xlsx(
    records: &[ExportRecord],
    header: &dyn Fn(&str) -> String,
    label: &Label,
    sheet_name: &str,
    as_of: Date,
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet};
    let mut workbook = Workbook::new();
    // Deflate level 3 instead of 6: at 10,000 records the file grows 15% (1.09 → 1.26 MB)
    // and its compression, half of the workbook's time, takes about half as long.
    workbook.set_zip_compression_level(3);
    let (y, m, d) = as_of.parts();
    let created = ExcelDateTime::from_ymd(y as u16, m as u8, d as u8)?;
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let bold = Format::new().set_bold().set_text_wrap();
    let date_format = Format::new().set_num_format("yyyy-mm-dd");
    let write = |sheet: &mut Worksheet,
                 row: u32,
                 col: u16,
                 cell: Cell,
                 kind: Kind|
     -> Result<(), rust_xlsxwriter::XlsxError> {
        match cell {
            Cell::Empty => {}
            Cell::Text(t) => {
                sheet.write_string(row, col, t)?;
            }
            Cell::Date(d) => {
                let (y, m, day) = d.parts();
                let date = ExcelDateTime::from_ymd(y as u16, m as u8, day as u8)?;
                sheet.write_datetime_with_format(row, col, &date, &date_format)?;
            }
            Cell::Int(n) => {
                sheet.write_number(row, col, n as f64)?;
            }
            Cell::Number(n) => {
                sheet.write_number(row, col, n)?;
            }
            Cell::Bool(b) => {
                sheet.write_string(row, col, label(kind, "bool", if b { "yes" } else { "no" }))?;
            }
        }
        Ok(())
    };
    let sheet = workbook.add_worksheet();
    sheet.set_name(sheet_name)?;
    for (c, key) in COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, header(key), &bold)?;
        let width = match *key {
            "title" | "summary" | "findings" | "measures" | "latest_update" | "body" => 40.0,
            "id" | "url" => 20.0,
            _ => 12.0,
        };
        sheet.set_column_width(c as u16, width)?;
    }
    for (r, e) in records.iter().enumerate() {
        for (c, cell) in row(e, label, Form::Xlsx).into_iter().enumerate() {
            write(sheet, r as u32 + 1, c as u16, cell, e.record.kind)?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, records.len() as u32, COLUMNS.len() as u16 - 1)?;
    for (name, columns) in DETAIL_SHEETS {
        let sheet = workbook.add_worksheet();
        sheet.set_name(*name)?;
        for (c, key) in columns.iter().enumerate() {
            sheet.write_string_with_format(0, c as u16, header(&format!("workbook.{key}")), &bold)?;
            let width = match *key {
                "text" | "reason" | "caption" => 60.0,
                "id" | "file" | "ref" => 20.0,
                _ => 12.0,
            };
            sheet.set_column_width(c as u16, width)?;
        }
        let mut n = 0;
        for e in records {
            for cells in detail_rows(e.record, name, label) {
                n += 1;
                for (c, cell) in cells.into_iter().enumerate() {
                    write(sheet, n, c as u16, cell, e.record.kind)?;
                }
            }
        }
        sheet.set_freeze_panes(1, 0)?;
        sheet.autofilter(0, 0, n, columns.len() as u16 - 1)?;
    }
    let mut bytes = workbook.save_to_buffer()?;
    zip_made_on_unix(&mut bytes);
    Ok(bytes)
}

/// The host system of a zip entry, as the zip crate names it: the high byte of "version
/// made by" in a central directory header.
const ZIP_HOST_UNIX: u8 = 3;

/// Marks every entry of the zip archive `bytes` as made on Unix, so a workbook has the
/// same bytes whatever system wrote it: the zip crate under rust_xlsxwriter records the
/// system it was compiled for (0, MS-DOS, on Windows; 3, Unix, elsewhere) in each central
/// directory header, the one difference between the `records.xlsx` of the Windows program
/// and of the Linux one. The external attributes it writes are the same for both (a
/// regular file with permissions 0600). An archive that does not parse as a plain zip (no
/// end record, zip64) is left as it is.
pub(crate) fn zip_made_on_unix(bytes: &mut [u8]) {
    const END: [u8; 4] = *b"PK\x05\x06";
    const ENTRY: [u8; 4] = *b"PK\x01\x02";
    let u16_at = |b: &[u8], i: usize| b.get(i..i + 2).map(|s| u16::from_le_bytes([s[0], s[1]]) as usize);
    let u32_at = |b: &[u8], i: usize| {
        b.get(i..i + 4)
            .map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]) as usize)
    };
    // The end record is 22 bytes plus a comment of at most 65,535; rust_xlsxwriter writes none.
    let Some(end) = (0..bytes.len().saturating_sub(21))
        .rev()
        .find(|&i| bytes[i..].starts_with(&END))
    else {
        return;
    };
    let (Some(entries), Some(mut at)) = (u16_at(bytes, end + 10), u32_at(bytes, end + 16)) else {
        return;
    };
    for _ in 0..entries {
        if !bytes.get(at..).is_some_and(|b| b.starts_with(&ENTRY)) {
            return;
        }
        let (Some(name), Some(extra), Some(comment)) = (
            u16_at(bytes, at + 28),
            u16_at(bytes, at + 30),
            u16_at(bytes, at + 32),
        ) else {
            return;
        };
        bytes[at + 5] = ZIP_HOST_UNIX;
        at += 46 + name + extra + comment;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Record {
        serde_yaml::from_str(
            "id: A-1\nkind: complaint\ntitle: 石灰窑\nstatus: in_progress\npollution_types: [air, water]\ndeadline: 2022-06-30\nmeasures: [一, 二]\n",
        )
        .unwrap()
    }

    fn exported(r: &Record) -> Vec<ExportRecord<'_>> {
        let derived = crate::derive::derive_record(r, "2022-09-30".parse().unwrap());
        export_records(&[r], &[derived], &[0], &|r| {
            format!("https://e.org/records/{}/", r.id)
        })
    }

    #[test]
    fn csv_has_bom_header_and_joined_lists() {
        let r = sample();
        let csv = to_csv(&exported(&r));
        assert!(csv.starts_with(b"\xEF\xBB\xBF"));
        let text = String::from_utf8(csv[3..].to_vec()).unwrap();
        let mut lines = text.lines();
        assert!(
            lines
                .next()
                .unwrap()
                .starts_with("id,kind,inspection,batch,seq,title")
        );
        let row = lines.next().unwrap();
        assert!(row.contains("air；water") && row.contains("一；二"), "{row}");
        // Items closing with 。 are joined without a doubled mark.
        let mut r = sample();
        r.measures = vec!["责令停产。".into(), "立案处罚；".into(), "搬迁".into()];
        let csv = String::from_utf8(to_csv(&exported(&r))[3..].to_vec()).unwrap();
        assert!(csv.contains("责令停产；立案处罚；搬迁"), "{csv}");
        assert!(!csv.contains("。；"), "{csv}");
        assert!(row.contains(",true,92,"), "overdue and days: {row}");
    }

    #[test]
    fn csv_cells_never_start_a_formula() {
        let mut r = sample();
        r.title = "=HYPERLINK(\"https://evil.example/\",\"点击\")".into();
        r.summary = Some("+cmd|' /C calc'!A0".into());
        r.lead_unit = Some("-2+3".into());
        r.responsible_post = Some("@SUM(A1)".into());
        r.target = Some("\t=1".into());
        r.findings = Some("\r=1".into());
        r.measures = vec!["=1+1".into(), "普通措施".into()];
        let csv = to_csv(&exported(&r));
        let mut reader = csv::Reader::from_reader(&csv[3..]);
        let headers = reader.headers().unwrap().clone();
        let record = reader.records().next().unwrap().unwrap();
        for (h, cell) in headers.iter().zip(record.iter()) {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{h}: {cell:?}"
            );
        }
        let title = headers.iter().position(|h| h == "title").unwrap();
        assert_eq!(&record[title], "'=HYPERLINK(\"https://evil.example/\",\"点击\")");
        let id = headers.iter().position(|h| h == "id").unwrap();
        assert_eq!(&record[id], r.id.as_str(), "ordinary text is untouched");
    }

    #[test]
    fn schema_is_generated_from_the_types() {
        let schema = schema();
        let props = schema["properties"].as_object().unwrap();
        for key in ["id", "status", "updates", "overdue", "days_overdue", "on_time"] {
            assert!(props.contains_key(key), "{key} missing from {schema}");
        }
        assert!(schema["$defs"]["Status"].to_string().contains("in_progress"));
    }

    #[test]
    fn xlsx_entries_are_marked_as_made_on_unix_on_every_system() {
        let r = sample();
        let e = exported(&r);
        let header = |k: &str| k.to_string();
        let label = |_: Kind, _: &str, k: &str| k.to_string();
        let as_of = "2022-09-30".parse().unwrap();
        let made = to_xlsx(&e, &header, &label, "records", as_of).unwrap();
        let hosts: Vec<usize> = (0..made.len())
            .filter(|&i| made[i..].starts_with(b"PK\x01\x02"))
            .map(|i| i + 5)
            .collect();
        assert!(hosts.len() > 5, "a workbook has several parts");
        assert!(hosts.iter().all(|&i| made[i] == ZIP_HOST_UNIX));
        // As the Windows program's zip crate writes it: host 0 (MS-DOS) in every entry.
        let mut windows = made.clone();
        for &i in &hosts {
            windows[i] = 0;
        }
        zip_made_on_unix(&mut windows);
        assert_eq!(windows, made);
        // Not a zip: left alone, no panic.
        let mut junk = b"PK\x05\x06 too short".to_vec();
        let before = junk.clone();
        zip_made_on_unix(&mut junk);
        assert_eq!(junk, before);
    }

    #[test]
    fn xlsx_is_deterministic() {
        let r = sample();
        let e = exported(&r);
        let header = |k: &str| k.to_string();
        let label = |_: Kind, _: &str, k: &str| k.to_string();
        let as_of = "2022-09-30".parse().unwrap();
        let a = to_xlsx(&e, &header, &label, "records", as_of).unwrap();
        let b = to_xlsx(&e, &header, &label, "records", as_of).unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn json_spliced_in_parallel_equals_one_pretty_print() {
        let a = sample();
        let mut b = sample();
        b.id = crate::model::RecordId("A-2".into());
        b.body = Some("第一段。\n\n| 项目 | 数量 |\n|---|---|\n| \"引号\" | 1 |\n".into());
        let derived: Vec<Derived> = [&a, &b]
            .iter()
            .map(|r| crate::derive::derive_record(r, "2022-09-30".parse().unwrap()))
            .collect();
        for indices in [&[0usize, 1][..], &[1], &[]] {
            let document = ExportDocument {
                title: "标题",
                publisher: "某局",
                as_of: "2022-09-30".parse().unwrap(),
                generator: "disclose test".into(),
                records: export_records(&[&a, &b], &derived, indices, &|r| format!("/records/{}/", r.id)),
            };
            let mut whole = serde_json::to_vec_pretty(&document).unwrap();
            whole.push(b'\n');
            assert_eq!(
                String::from_utf8(to_json(&document)).unwrap(),
                String::from_utf8(whole).unwrap()
            );
        }
    }
}
