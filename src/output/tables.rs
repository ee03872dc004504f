//! The downloads of one official table (一览表): an XLSX laid out like the printed table
//! (a merged title row, the summary sentence, the same headers, wrapped text, A4
//! landscape with the header row repeated on every page and fitted to the page width)
//! and a CSV of the same columns (UTF-8 with BOM, formula cells neutralised like every
//! other CSV). The cells are plain text: Markdown is written as typed.

use crate::model::{Column, Deadline, Record};
use crate::output::exports::{Cell, neutralise_formula};

/// What one table's download shows besides its rows.
#[derive(Debug, Clone)]
pub struct TableText<'a> {
    /// The heading (merged title row).
    pub title: &'a str,
    /// The summary sentence, with the enforcement totals when there are any.
    pub sentence: &'a str,
    /// The column headers, in the table kind's words.
    pub headers: &'a [String],
}

/// The plain-text cell of `column` for one record (row `place`, 1-based, for a record
/// without `seq`). `label` turns a vocabulary value into its label; `enforcement` is the
/// record's enforcement counts in words.
pub fn cell(
    column: Column,
    record: &Record,
    place: usize,
    label: &dyn Fn(&str, &str) -> String,
    enforcement: &dyn Fn(&Record) -> Option<String>,
) -> Cell {
    let text = |t: &Option<String>| t.as_ref().map_or(Cell::Empty, |s| Cell::Text(s.clone()));
    match column {
        Column::Seq => Cell::Int(record.seq.map_or(place as i64, i64::from)),
        Column::Id => Cell::Text(record.id.to_string()),
        Column::Title => Cell::Text(record.title.clone()),
        Column::Summary => Cell::Text(summary(record)),
        Column::Region => text(&record.region),
        Column::PollutionTypes => joined(
            record
                .pollution_types
                .iter()
                .map(|t| label("pollution_type", t.key())),
            "、",
        ),
        Column::Findings => text(&record.findings),
        Column::Verification => record
            .verification
            .map_or(Cell::Empty, |v| Cell::Text(label("verification", v.key()))),
        Column::Measures => joined(
            record
                .measures
                .iter()
                .enumerate()
                .map(|(n, m)| format!("{}. {m}", n + 1)),
            "\n",
        ),
        Column::Status => Cell::Text(label("status", record.status.key())),
        Column::Accountability => text(&record.accountability),
        Column::Target => text(&record.target),
        Column::LeadUnit => joined(record.lead_unit.iter().chain(record.co_units.iter()), "、"),
        Column::ResponsiblePost => text(&record.responsible_post),
        Column::Deadline => match record.deadline {
            Some(Deadline::Date(d)) => Cell::Date(d),
            Some(word) => Cell::Text(label("deadline", &word.to_string())),
            None => Cell::Empty,
        },
        Column::Progress => record
            .updates
            .last()
            .map_or(Cell::Empty, |u| Cell::Text(format!("{} {}", u.date, u.text))),
        Column::ReceivedOn => record.received_on.map_or(Cell::Empty, Cell::Date),
        Column::Enforcement => enforcement(record).map_or(Cell::Empty, Cell::Text),
    }
}

fn joined<T: AsRef<str>>(items: impl Iterator<Item = T>, separator: &str) -> Cell {
    let items: Vec<String> = items.map(|s| s.as_ref().to_string()).collect();
    if items.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(items.join(separator))
    }
}

/// The 交办问题基本情况 cell: the title, then the summary when it says more (ledgers
/// often copy the title into the summary, or start the summary with it), as on the page.
fn summary(record: &Record) -> String {
    let title = record.title.trim();
    match record.summary.as_deref().map(str::trim) {
        None | Some("") => title.to_string(),
        Some(s) if s == title || title.contains(s) => title.to_string(),
        Some(s) if s.contains(title) => s.to_string(),
        Some(s) => format!("{title}\n{s}"),
    }
}

/// The CSV of a table: BOM, the header row, one line per record.
pub fn to_csv(text: &TableText, rows: &[Vec<Cell>]) -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(&mut out);
    let _ = writer.write_record(text.headers);
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .map(|cell| match cell {
                Cell::Text(t) => neutralise_formula(t.clone()),
                other => other.text(),
            })
            .collect();
        let _ = writer.write_record(&cells);
    }
    let _ = writer.flush();
    drop(writer);
    out
}

/// The first row of the records under the title, the sentence and the header row.
pub const FIRST_RECORD_ROW: u32 = 3;

/// The XLSX of a table, one sheet named `sheet_name`: the title merged over every column,
/// the summary sentence merged below it, the header row (repeated on every printed page),
/// then one row per record; wrapped text, A4 landscape, fitted to one page wide.
/// Deterministic: the document date is `as_of`.
pub fn to_xlsx(
    text: &TableText,
    columns: &[Column],
    rows: &[Vec<Cell>],
    sheet_name: &str,
    as_of: crate::model::Date,
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook};
    let mut workbook = Workbook::new();
    let (y, m, d) = as_of.parts();
    let created = ExcelDateTime::from_ymd(y as u16, m as u8, d as u8)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(text.title)
            .set_creation_datetime(&created),
    );
    let title_format = Format::new()
        .set_bold()
        .set_font_size(16)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let sentence_format = Format::new().set_text_wrap().set_align(FormatAlign::Left);
    let header_format = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let cell_format = Format::new()
        .set_text_wrap()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Top);
    let date_format = cell_format.clone().set_num_format("yyyy-mm-dd");
    let sheet = workbook.add_worksheet();
    sheet.set_name(sheet_name)?;
    let last = columns.len().saturating_sub(1) as u16;
    if last > 0 {
        sheet.merge_range(0, 0, 0, last, text.title, &title_format)?;
        sheet.merge_range(1, 0, 1, last, text.sentence, &sentence_format)?;
    } else {
        sheet.write_string_with_format(0, 0, text.title, &title_format)?;
        sheet.write_string_with_format(1, 0, text.sentence, &sentence_format)?;
    }
    sheet.set_row_height(0, 30)?;
    sheet.set_row_height(1, 36)?;
    for (c, (header, column)) in text.headers.iter().zip(columns).enumerate() {
        sheet.write_string_with_format(2, c as u16, header, &header_format)?;
        sheet.set_column_width(c as u16, width(*column))?;
    }
    for (r, row) in rows.iter().enumerate() {
        let at = FIRST_RECORD_ROW + r as u32;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Empty => {
                    sheet.write_blank(at, c, &cell_format)?;
                }
                Cell::Text(t) => {
                    sheet.write_string_with_format(at, c, t, &cell_format)?;
                }
                Cell::Date(d) => {
                    let (y, m, day) = d.parts();
                    let date = ExcelDateTime::from_ymd(y as u16, m as u8, day as u8)?;
                    sheet.write_datetime_with_format(at, c, &date, &date_format)?;
                }
                Cell::Int(n) => {
                    sheet.write_number_with_format(at, c, *n as f64, &cell_format)?;
                }
                Cell::Number(n) => {
                    sheet.write_number_with_format(at, c, *n, &cell_format)?;
                }
                Cell::Bool(b) => {
                    sheet.write_string_with_format(at, c, b.to_string(), &cell_format)?;
                }
            }
        }
    }
    sheet.set_freeze_panes(FIRST_RECORD_ROW, 0)?;
    // Print setup: A4 (paper size 9) landscape, the header row on every page, one page wide.
    sheet.set_paper_size(9);
    sheet.set_landscape();
    sheet.set_repeat_rows(2, 2)?;
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_footer("&C第 &P 页 共 &N 页");
    let mut bytes = workbook.save_to_buffer()?;
    // The same bytes from the Windows program as from the Linux one.
    crate::output::exports::zip_made_on_unix(&mut bytes);
    Ok(bytes)
}

/// A column's width in characters: narrow for numbers and codes, wide for text.
fn width(column: Column) -> f64 {
    match column {
        Column::Seq => 6.0,
        Column::Id | Column::Region | Column::Verification | Column::Status | Column::ReceivedOn => 12.0,
        Column::PollutionTypes | Column::Deadline | Column::ResponsiblePost => 12.0,
        Column::LeadUnit | Column::Title => 18.0,
        Column::Summary | Column::Findings | Column::Measures | Column::Target | Column::Progress => 40.0,
        Column::Accountability | Column::Enforcement => 24.0,
    }
}
