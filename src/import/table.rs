//! Reading a ledger into a grid of cells: spreadsheets through calamine (xlsx, xls, ods),
//! CSV through the csv crate in UTF-8, UTF-8 with BOM or GB18030.

use std::path::Path;

use calamine::{Data, Reader};

use crate::model::Date;

/// One cell, reduced to what the mapping needs.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing.
    Empty,
    /// Text (numbers in CSV arrive as text too).
    Text(String),
    /// A number (Excel date serials arrive as numbers when the cell is not date-formatted).
    Number(f64),
    /// A date cell.
    Date(Date),
}

impl Cell {
    /// The cell as trimmed text.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.trim().to_string(),
            Cell::Number(n) if n.fract() == 0.0 => format!("{n:.0}"),
            Cell::Number(n) => n.to_string(),
            Cell::Date(d) => d.to_string(),
        }
    }

    /// True for empty or blank cells.
    pub fn is_blank(&self) -> bool {
        self.text().is_empty()
    }
}

/// A sheet: its name, its rows and its merged areas.
#[derive(Debug, Clone, Default)]
pub struct Sheet {
    /// Sheet name (`CSV` for CSV files).
    pub name: String,
    /// Rows of cells, top to bottom.
    pub rows: Vec<Vec<Cell>>,
    /// Merged areas, 0-based and inclusive: (first row, first column, last row, last
    /// column). Only the top-left cell of an area holds its value; the layout reader
    /// needs them to tell a merged parent header or a foot note row from data.
    pub merged: Vec<(usize, usize, usize, usize)>,
}

impl Sheet {
    /// The merged area that covers cell (`row`, `col`), if any.
    pub fn merged_at(&self, row: usize, col: usize) -> Option<(usize, usize, usize, usize)> {
        self.merged
            .iter()
            .copied()
            .find(|&(r0, c0, r1, c1)| (r0..=r1).contains(&row) && (c0..=c1).contains(&col))
    }
}

/// The date of an Excel serial number (days since 1899-12-30).
pub fn excel_serial_date(serial: f64) -> Option<Date> {
    if !(1.0..=2_958_465.0).contains(&serial) {
        return None;
    }
    // 1899-12-30 is 25,569 days before 1970-01-01.
    let days = serial.floor() as i64 - 25_569;
    Date::from_unix_seconds(days * 86_400)
}

/// Reads `sheet` (default: the first) of a spreadsheet or a CSV file.
pub fn read(path: &Path, sheet: Option<&str>) -> Result<Sheet, String> {
    let mut sheets = read_all(path)?;
    let index = match sheet {
        Some(s) => sheets.iter().position(|x| x.name == s).ok_or_else(|| {
            let names: Vec<&str> = sheets.iter().map(|x| x.name.as_str()).collect();
            format!(
                "{} has no sheet named `{s}`; sheets: {}",
                path.display(),
                names.join(", ")
            )
        })?,
        None if sheets.is_empty() => return Err(format!("{} has no sheets", path.display())),
        None => 0,
    };
    Ok(sheets.swap_remove(index))
}

/// Reads every sheet of a spreadsheet, in workbook order (a CSV file is one sheet).
pub fn read_all(path: &Path) -> Result<Vec<Sheet>, String> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if ext == "csv" {
        return read_csv(path).map(|s| vec![s]);
    }
    let mut book =
        calamine::open_workbook_auto(path).map_err(|e| format!("cannot open {}: {e}", path.display()))?;
    let mut sheets = Vec::new();
    for name in book.sheet_names() {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| format!("cannot read sheet `{name}`: {e}"))?;
        let merged = merged_areas(&mut book, &name);
        sheets.push(Sheet {
            rows: grid(&range),
            name,
            merged,
        });
    }
    Ok(sheets)
}

/// The merged areas of sheet `name` (xlsx and xls; other formats have none to report).
fn merged_areas(
    book: &mut calamine::Sheets<std::io::BufReader<std::fs::File>>,
    name: &str,
) -> Vec<(usize, usize, usize, usize)> {
    let dims = match book {
        calamine::Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
        calamine::Sheets::Xls(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
        _ => Vec::new(),
    };
    dims.iter()
        .map(|d| {
            (
                d.start.0 as usize,
                d.start.1 as usize,
                d.end.0 as usize,
                d.end.1 as usize,
            )
        })
        .collect()
}

/// The cells of a range, placed at their sheet positions (a range may start below A1).
fn grid(range: &calamine::Range<Data>) -> Vec<Vec<Cell>> {
    let (top, left) = range.start().unwrap_or((0, 0));
    let mut rows: Vec<Vec<Cell>> = vec![Vec::new(); top as usize];
    for row in range.rows() {
        let mut cells = vec![Cell::Empty; left as usize];
        cells.extend(row.iter().map(|c| {
            match c {
                Data::Empty | Data::Error(_) => Cell::Empty,
                Data::String(s) => Cell::Text(s.replace("\r\n", "\n")),
                Data::Int(n) => Cell::Number(*n as f64),
                Data::Float(f) => Cell::Number(*f),
                Data::Bool(b) => Cell::Text(if *b { "是".into() } else { "否".into() }),
                Data::DateTime(dt) => excel_serial_date(dt.as_f64()).map_or(Cell::Empty, Cell::Date),
                Data::DateTimeIso(s) => s
                    .get(..10)
                    .and_then(|d| d.parse().ok())
                    .map_or(Cell::Text(s.clone()), Cell::Date),
                Data::DurationIso(s) => Cell::Text(s.clone()),
            }
        }));
        rows.push(cells);
    }
    rows
}

fn read_csv(path: &Path) -> Result<Sheet, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    // UTF-8 when valid, else GB18030 (what Excel on Chinese Windows saves as "CSV").
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_string(),
        Err(_) => {
            let (decoded, _, had_errors) = encoding_rs::GB18030.decode(bytes);
            if had_errors {
                return Err(format!("{} is neither UTF-8 nor GB18030 text", path.display()));
            }
            decoded.into_owned()
        }
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| format!("{}: {e}", path.display()))?;
        rows.push(
            record
                .iter()
                .map(|c| {
                    if c.trim().is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(c.replace("\r\n", "\n"))
                    }
                })
                .collect(),
        );
    }
    Ok(Sheet {
        name: "CSV".into(),
        rows,
        merged: Vec::new(),
    })
}

/// The spreadsheet name of column `index` (0 → A, 26 → AA).
pub fn column_name(index: usize) -> String {
    let mut n = index + 1;
    let mut name = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        name.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_serials() {
        assert_eq!(excel_serial_date(44742.0).unwrap().to_string(), "2022-06-30");
        assert_eq!(excel_serial_date(1.0).unwrap().to_string(), "1899-12-31");
        assert!(excel_serial_date(-3.0).is_none());
    }

    #[test]
    fn column_names() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(5), "F");
        assert_eq!(column_name(26), "AA");
    }
}
