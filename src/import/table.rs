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

/// A sheet: its name and its rows.
#[derive(Debug, Clone)]
pub struct Sheet {
    /// Sheet name (`CSV` for CSV files).
    pub name: String,
    /// Rows of cells, top to bottom.
    pub rows: Vec<Vec<Cell>>,
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
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if ext == "csv" {
        return read_csv(path);
    }
    let mut book =
        calamine::open_workbook_auto(path).map_err(|e| format!("cannot open {}: {e}", path.display()))?;
    let names = book.sheet_names();
    let name = match sheet {
        Some(s) => names.iter().find(|n| n.as_str() == s).cloned().ok_or_else(|| {
            format!(
                "{} has no sheet named `{s}`; sheets: {}",
                path.display(),
                names.join(", ")
            )
        })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| format!("{} has no sheets", path.display()))?,
    };
    let range = book
        .worksheet_range(&name)
        .map_err(|e| format!("cannot read sheet `{name}`: {e}"))?;
    let (top, left) = range.start().unwrap_or((0, 0));
    let mut rows: Vec<Vec<Cell>> = vec![Vec::new(); top as usize];
    for row in range.rows() {
        let mut cells = vec![Cell::Empty; left as usize];
        cells.extend(row.iter().map(|c| {
            match c {
                Data::Empty | Data::Error(_) => Cell::Empty,
                Data::String(s) => Cell::Text(s.clone()),
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
    Ok(Sheet { name, rows })
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
                        Cell::Text(c.to_string())
                    }
                })
                .collect(),
        );
    }
    Ok(Sheet {
        name: "CSV".into(),
        rows,
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
