//! Where a ledger's table is: the header row under any title and subtitle rows (a merged
//! title, "填报单位：…  截至时间：…"), a second header row of child labels under merged
//! parents (整改进展情况 over 整改状态 and 完成时间), and the rows that are not records
//! (blank rows, a 备注 row merged across the foot, 合计 rows).

use super::mapping::Mapping;
use super::table::{Cell, Sheet, column_name};

/// How many rows from the top are searched for the header row.
const HEADER_SEARCH: usize = 20;

/// One column of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// 0-based column index.
    pub index: usize,
    /// The header as the sheet writes it; `parent/child` under a two-row header.
    pub header: String,
    /// The field (or pseudo-field, see [`super::mapping`]) it maps to.
    pub field: Option<String>,
}

impl Column {
    /// `B 受理编号`: the column's letter and header, as reports name it.
    pub fn name(&self) -> String {
        format!("{} {}", column_name(self.index), self.header)
    }
}

/// The table of a sheet.
#[derive(Debug, Clone)]
pub struct Layout {
    /// 0-based rows holding the header (one or two).
    pub header_rows: Vec<usize>,
    /// Columns with a header, left to right.
    pub columns: Vec<Column>,
}

impl Layout {
    /// The first row of data.
    pub fn first_data_row(&self) -> usize {
        self.header_rows.last().map_or(0, |r| r + 1)
    }

    /// The column that maps to `field`.
    pub fn column_of(&self, field: &str) -> Option<usize> {
        self.columns
            .iter()
            .find(|c| c.field.as_deref() == Some(field))
            .map(|c| c.index)
    }
}

fn known(mapping: &Mapping, cell: Option<&Cell>) -> bool {
    cell.is_some_and(|c| mapping.field_of(&c.text()).is_some())
}

/// Finds the table: the first row (of the first [`HEADER_SEARCH`]) with at least two
/// known headers, and the row under it when that is a row of child labels (at least one
/// known header, no more unknown texts than known ones: a data row has none).
pub fn find(sheet: &Sheet, mapping: &Mapping) -> Option<Layout> {
    let top = sheet
        .rows
        .iter()
        .take(HEADER_SEARCH)
        .position(|row| row.iter().filter(|c| known(mapping, Some(c))).count() >= 2)?;
    let parent_row = &sheet.rows[top];
    let child_row = sheet.rows.get(top + 1).filter(|row| {
        let filled = row.iter().filter(|c| !c.is_blank()).count();
        let known_cells = row.iter().filter(|c| known(mapping, Some(c))).count();
        known_cells >= 1 && filled - known_cells <= known_cells
    });
    let width = parent_row.len().max(child_row.map_or(0, Vec::len));
    let mut columns = Vec::new();
    let mut last_parent = String::new();
    for index in 0..width {
        let mut parent = parent_row.get(index).map(Cell::text).unwrap_or_default();
        if parent.is_empty() {
            // Under a merged parent only its first cell has the text.
            parent = match sheet.merged_at(top, index) {
                Some((_, c0, _, _)) if c0 < index => parent_row.get(c0).map(Cell::text).unwrap_or_default(),
                Some(_) => String::new(),
                None if child_row.is_some() && sheet.merged.is_empty() => last_parent.clone(),
                None => String::new(),
            };
        } else {
            last_parent = parent.clone();
        }
        let child = child_row
            .and_then(|r| r.get(index))
            .map(Cell::text)
            .unwrap_or_default();
        let (header, field) = if child.is_empty() {
            (parent.clone(), mapping.field_of(&parent))
        } else if parent.is_empty() || parent == child {
            (child.clone(), mapping.field_of(&child))
        } else {
            (format!("{parent}/{child}"), mapping.field_of(&child))
        };
        if header.is_empty() {
            continue;
        }
        columns.push(Column {
            index,
            header: header.split_whitespace().collect::<Vec<_>>().join(" "),
            field: field.map(str::to_string),
        });
    }
    let mut header_rows = vec![top];
    if child_row.is_some() {
        header_rows.push(top + 1);
    }
    Some(Layout { header_rows, columns })
}

/// Words that open a row of notes or totals rather than a record.
const NOTE_WORDS: &[&str] = &[
    "备注",
    "注：",
    "注:",
    "说明",
    "填报说明",
    "合计",
    "小计",
    "总计",
    "填报人",
    "审核人",
    "制表人",
    "制表",
];

/// What a data row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    /// Nothing in it.
    Blank,
    /// A note or total at the foot (or between records): skipped with a warning.
    Note,
    /// A record.
    Record,
}

/// Classifies row `index` of `sheet`: blank; a note (it starts with 备注/注/说明/合计…,
/// or one cell merged across at least half the table, or it has a single filled cell);
/// else a record.
pub fn row_kind(sheet: &Sheet, layout: &Layout, index: usize) -> RowKind {
    let row = &sheet.rows[index];
    let filled: Vec<usize> = (0..row.len()).filter(|&c| !row[c].is_blank()).collect();
    let Some(&first) = filled.first() else {
        return RowKind::Blank;
    };
    let text = row[first].text();
    if NOTE_WORDS.iter().any(|w| text.starts_with(w)) {
        return RowKind::Note;
    }
    let span = sheet
        .merged_at(index, first)
        .map_or(1, |(_, c0, _, c1)| c1 - c0 + 1);
    if span >= 2 && span * 2 >= layout.columns.len() {
        return RowKind::Note;
    }
    if filled.len() == 1 && layout.columns.len() >= 3 {
        return RowKind::Note;
    }
    RowKind::Record
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(rows: &[&[&str]]) -> Sheet {
        Sheet {
            name: "S".into(),
            rows: rows
                .iter()
                .map(|r| {
                    r.iter()
                        .map(|t| {
                            if t.is_empty() {
                                Cell::Empty
                            } else {
                                Cell::Text(t.to_string())
                            }
                        })
                        .collect()
                })
                .collect(),
            merged: Vec::new(),
        }
    }

    #[test]
    fn two_row_header_under_a_title() {
        let s = sheet(&[
            &["某某区整改情况一览表"],
            &["填报单位：某某区  截至时间：2022年9月30日"],
            &["序号", "受理编号", "整改进展情况", ""],
            &["", "", "整改状态", "完成时间"],
            &["1", "D2HN202104170112", "已办结", "2022-06-30"],
        ]);
        let layout = find(&s, &Mapping::default()).unwrap();
        assert_eq!(layout.header_rows, [2, 3]);
        assert_eq!(layout.first_data_row(), 4);
        let names: Vec<String> = layout.columns.iter().map(Column::name).collect();
        assert_eq!(
            names,
            [
                "A 序号",
                "B 受理编号",
                "C 整改进展情况/整改状态",
                "D 整改进展情况/完成时间"
            ]
        );
        assert_eq!(layout.column_of("status"), Some(2));
        assert_eq!(layout.column_of("completed_on"), Some(3));
        assert_eq!(row_kind(&s, &layout, 4), RowKind::Record);
    }

    #[test]
    fn one_row_header_and_foot_rows() {
        let mut s = sheet(&[
            &["受理编号", "交办问题基本情况", "整改状态"],
            &["X1", "石灰窑", "已办结"],
            &["", "", ""],
            &["备注：本表数据截至9月30日。"],
            &["填报人：某某", "", ""],
            &["合计", "3件", ""],
        ]);
        s.merged.push((3, 0, 3, 2));
        let layout = find(&s, &Mapping::default()).unwrap();
        assert_eq!(layout.header_rows, [0]);
        assert_eq!(row_kind(&s, &layout, 1), RowKind::Record);
        assert_eq!(row_kind(&s, &layout, 2), RowKind::Blank);
        assert_eq!(row_kind(&s, &layout, 3), RowKind::Note);
        assert_eq!(row_kind(&s, &layout, 4), RowKind::Note);
        assert_eq!(row_kind(&s, &layout, 5), RowKind::Note);
    }
}
