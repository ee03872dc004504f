//! disclose's own `records.xlsx` read back into whole records: the records sheet (one
//! row per record, headed by the site's labels) and the detail sheets of
//! [`DETAIL_SHEETS`] (updates, deadline changes, closure steps, evidence), keyed by id.
//!
//! Text is taken as written (no line-break rewriting), lists one item per line, values
//! by the site's own labels, the inspection by name; the derived columns (最新进展,
//! 是否逾期, 网址…) are output only and never read back. So exporting and importing
//! again is a no-op, and importing into an empty site gives the same records.

use std::collections::BTreeMap;
use std::path::Path;

use serde_yaml::{Mapping as YamlMap, Value};

use super::mapping::Mapping;
use super::table::{Cell, Sheet, column_name};
use super::{Candidate, Code, ColumnUse, Message, Read, inspection_id, put, split_list, strings, text};
use crate::config::SiteConfig;
use crate::output::exports::{COLUMNS, DETAIL_SHEETS};

/// The columns of the records sheet that are derived at build time.
const DERIVED: &[&str] = &[
    "latest_update",
    "overdue",
    "days_overdue",
    "on_time",
    "last_updated",
    "in_notice",
    "url",
];

/// Record fields held in a column of their own (the rest come from detail sheets or
/// are groups such as `enforcement`).
const NOT_COLUMNS: &[&str] = &[
    "updates",
    "deadline_changes",
    "closure",
    "evidence",
    "enforcement",
];

/// The site's own labels, as the theme (with the site's vocabularies) shows them: what
/// the site's workbook is headed and filled with.
#[derive(Debug, Clone, Default)]
pub struct SiteLabels {
    /// Header label → column key of [`COLUMNS`].
    pub columns: BTreeMap<String, String>,
    /// Vocabulary → label → key.
    pub values: BTreeMap<String, BTreeMap<String, String>>,
}

impl SiteLabels {
    /// The key of `text` in `vocabulary`: a site label, else the mapping's reading.
    fn value(&self, mapping: &Mapping, vocabulary: &str, text: &str) -> Option<String> {
        self.values
            .get(vocabulary)
            .and_then(|m| m.get(text.trim()))
            .cloned()
            .or_else(|| mapping.value(vocabulary, text))
    }

    /// Adds the labels to a ledger mapping: a header label the mapping does not know
    /// yet maps to its field (a built-in alias is never taken away), and value labels
    /// are added.
    pub fn add_to(&self, mapping: &mut Mapping) {
        for (label, key) in &self.columns {
            let field = key.as_str();
            if DERIVED.contains(&field)
                || NOT_COLUMNS.contains(&field)
                || field.contains('.')
                || field == "body"
                || mapping.field_of(label).is_some()
            {
                continue;
            }
            mapping
                .columns
                .entry(field.to_string())
                .or_default()
                .push(label.clone());
        }
        for (vocabulary, values) in &self.values {
            let table = mapping.values.entry(vocabulary.clone()).or_default();
            for (label, key) in values {
                table.entry(label.clone()).or_insert_with(|| key.clone());
            }
        }
    }
}

/// The labels of the site at `root` (none when its theme does not load: `check` says why).
pub fn site_labels(root: &Path, config: &SiteConfig) -> SiteLabels {
    let Ok(theme) = crate::render::theme::load(root, config) else {
        return SiteLabels::default();
    };
    let mut labels = SiteLabels::default();
    for key in COLUMNS {
        let label = match key.split_once('.') {
            Some((group, k)) => theme.label(group, k),
            None => theme.label("field", key),
        };
        labels.columns.insert(label, key.to_string());
        labels.columns.insert(key.to_string(), key.to_string());
    }
    for v in crate::model::VOCABULARIES {
        let table = labels.values.entry(v.name.to_string()).or_default();
        for key in v.keys {
            table.insert(theme.label(v.name, key), key.to_string());
        }
        // The words of each kind (a complaint's 已办结) read back as the same keys.
        for kind in crate::model::Kind::ALL {
            for key in v.keys {
                table
                    .entry(theme.word(*kind, v.name, key))
                    .or_insert_with(|| key.to_string());
            }
        }
    }
    let words = labels.values.entry("deadline".into()).or_default();
    for word in ["ongoing", "immediate"] {
        words.insert(theme.text(word), word.to_string());
    }
    let bool_words = labels.values.entry("bool".into()).or_default();
    bool_words.insert(theme.text("yes"), "true".into());
    bool_words.insert(theme.text("no"), "false".into());
    labels
}

/// True for a workbook disclose wrote: it has every detail sheet.
pub fn is_workbook(sheets: &[Sheet]) -> bool {
    DETAIL_SHEETS
        .iter()
        .all(|(name, _)| sheets.iter().any(|s| s.name == *name))
}

/// A cell's text exactly as written (the records' own spacing and line breaks).
fn raw(cell: &Cell) -> String {
    match cell {
        Cell::Text(t) => t.clone(),
        other => other.text(),
    }
}

/// Reads the records sheet and the detail sheets into whole-record candidates.
pub fn read(
    ledger: &str,
    records: &Sheet,
    sheets: &[Sheet],
    labels: &SiteLabels,
    mapping: &Mapping,
    config: &SiteConfig,
) -> Read {
    let mut read = Read::default();
    let header = records.rows.first().cloned().unwrap_or_default();
    let mut keys: Vec<(usize, String)> = Vec::new();
    for (c, cell) in header.iter().enumerate() {
        let text = cell.text();
        if text.is_empty() {
            continue;
        }
        let name = format!("{} {text}", column_name(c));
        let key = labels
            .columns
            .get(&text)
            .cloned()
            .or_else(|| mapping.field_of(&text).map(str::to_string))
            .filter(|k| COLUMNS.contains(&k.as_str()) && !NOT_COLUMNS.contains(&k.as_str()));
        match key {
            Some(k) if DERIVED.contains(&k.as_str()) => read.columns.push(ColumnUse {
                column: name,
                field: None,
                note: Some("output only: derived when the site is built".into()),
            }),
            Some(k) if keys.iter().any(|(_, x)| *x == k) => read.columns.push(ColumnUse {
                column: name,
                field: None,
                note: Some(format!("a second {k} column")),
            }),
            Some(k) => {
                read.columns.push(ColumnUse {
                    column: name,
                    field: Some(k.replace("enforcement_labels.", "enforcement.")),
                    note: None,
                });
                keys.push((c, k));
            }
            None => read.columns.push(ColumnUse {
                column: name,
                field: None,
                note: Some("not a column disclose writes".into()),
            }),
        }
    }
    for (name, _) in DETAIL_SHEETS {
        read.columns.push(ColumnUse {
            column: format!("sheet {name}"),
            field: Some((*name).to_string()),
            note: None,
        });
    }
    read.carried = keys
        .iter()
        .map(|(_, k)| {
            k.split('.')
                .next()
                .map(|g| {
                    if g == "enforcement_labels" {
                        "enforcement"
                    } else {
                        g
                    }
                })
                .unwrap_or(k)
                .to_string()
        })
        .chain(DETAIL_SHEETS.iter().map(|(n, _)| (*n).to_string()))
        .collect();
    read.carried.dedup();

    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    for (r, row) in records.rows.iter().enumerate().skip(1) {
        if row.iter().all(Cell::is_blank) {
            continue;
        }
        let at = |c: usize| format!("{ledger} {}!{}{}", records.name, column_name(c), r + 1);
        match record_fields(row, &keys, labels, mapping, config) {
            Ok(fields) => {
                let Some(id) = fields.get("id").and_then(Value::as_str).map(str::to_string) else {
                    read.errors.push(Message::new(
                        Code::ImportNoId,
                        format!("{ledger} {} row {}", records.name, r + 1),
                        "the row has no id",
                    ));
                    continue;
                };
                index.entry(id.clone()).or_insert(read.candidates.len());
                read.candidates.push(Candidate {
                    row: r,
                    sheet: records.name.clone(),
                    id,
                    id_column: keys.iter().find(|(_, k)| k == "id").map(|(c, _)| *c),
                    fields,
                    progress: None,
                    column_of: keys.iter().map(|(c, k)| (k.clone(), *c)).collect(),
                    whole: true,
                });
            }
            Err((c, code, message)) => read.errors.push(Message::new(code, at(c), message)),
        }
    }
    for (name, columns) in DETAIL_SHEETS {
        let Some(sheet) = sheets.iter().find(|s| s.name == *name) else {
            continue;
        };
        let mut lists: BTreeMap<usize, Vec<Value>> = BTreeMap::new();
        for (r, row) in sheet.rows.iter().enumerate().skip(1) {
            if row.iter().all(Cell::is_blank) {
                continue;
            }
            let at = |c: usize| format!("{ledger} {}!{}{}", sheet.name, column_name(c), r + 1);
            let id = row.first().map(Cell::text).unwrap_or_default();
            let Some(&target) = index.get(&id) else {
                read.errors.push(Message::new(
                    Code::ImportUnknownRecord,
                    at(0),
                    format!("`{id}` is not a record of the {} sheet", records.name),
                ));
                continue;
            };
            match detail(name, columns, row, labels, mapping) {
                Ok(item) => lists.entry(target).or_default().push(Value::Mapping(item)),
                Err((c, code, message)) => read.errors.push(Message::new(code, at(c), message)),
            }
        }
        for (target, items) in lists {
            put(&mut read.candidates[target].fields, name, Value::Sequence(items));
        }
    }
    read
}

type CellError = (usize, Code, String);

/// The fields of one records-sheet row.
fn record_fields(
    row: &[Cell],
    keys: &[(usize, String)],
    labels: &SiteLabels,
    mapping: &Mapping,
    config: &SiteConfig,
) -> Result<YamlMap, CellError> {
    let mut fields = YamlMap::new();
    let mut enforcement = YamlMap::new();
    for (c, key) in keys {
        let c = *c;
        let cell = row.get(c).cloned().unwrap_or(Cell::Empty);
        if cell.is_blank() {
            continue;
        }
        let text = cell.text();
        let vocab = |name: &str| {
            labels.value(mapping, name, &text).ok_or_else(|| {
                (
                    c,
                    Code::ImportUnknownValue,
                    format!("{key}: `{text}` is not a known value"),
                )
            })
        };
        let value = match key.as_str() {
            "kind" | "status" | "verification" | "schedule" => Value::String(vocab(key)?),
            "key_case" => Value::Bool(vocab("bool")? == "true"),
            "inspection" => Value::String(inspection_id(config, &text)),
            "batch" | "seq" => Value::Number(
                text::parse_count(&cell)
                    .ok_or_else(|| {
                        (
                            c,
                            Code::ImportBadCell,
                            format!("{key}: `{text}` is not a whole number"),
                        )
                    })?
                    .into(),
            ),
            "pollution_types" => {
                let mut items = Vec::new();
                for item in split_list(&text, super::LIST_SEPARATORS) {
                    items.push(Value::String(
                        labels.value(mapping, "pollution_type", &item).ok_or_else(|| {
                            (
                                c,
                                Code::ImportUnknownValue,
                                format!("pollution_types: `{item}` is not a known pollution type"),
                            )
                        })?,
                    ));
                }
                Value::Sequence(items)
            }
            "measures" | "co_units" | "related" => strings(split_list(&raw(&cell), &['\n'])),
            "received_on" | "completed_on" | "closed_on" => Value::String(
                text::parse_date(&cell)
                    .ok_or_else(|| (c, Code::ImportBadCell, format!("{key}: `{text}` is not a date")))?
                    .to_string(),
            ),
            "deadline" => Value::String(deadline(&cell, labels, mapping).ok_or_else(|| {
                (
                    c,
                    Code::ImportBadCell,
                    format!("deadline: `{text}` is not a date or a deadline word"),
                )
            })?),
            k if k.starts_with("enforcement_labels.") => {
                let name = &k["enforcement_labels.".len()..];
                let number = match &cell {
                    Cell::Number(n) => *n,
                    _ => text
                        .parse()
                        .map_err(|_| (c, Code::ImportBadCell, format!("{k}: `{text}` is not a number")))?,
                };
                let value = if name == "fine_10k_yuan" {
                    Value::Number(number.into())
                } else if number.fract() == 0.0 && number >= 0.0 {
                    Value::Number((number as u64).into())
                } else {
                    return Err((
                        c,
                        Code::ImportBadCell,
                        format!("{name}: `{text}` is not a whole number"),
                    ));
                };
                enforcement.insert(Value::String(name.to_string()), value);
                continue;
            }
            _ => Value::String(raw(&cell)),
        };
        put(&mut fields, key, value);
    }
    if !enforcement.is_empty() {
        put(&mut fields, "enforcement", Value::Mapping(enforcement));
    }
    Ok(fields)
}

fn deadline(cell: &Cell, labels: &SiteLabels, mapping: &Mapping) -> Option<String> {
    labels
        .values
        .get("deadline")
        .and_then(|m| m.get(&cell.text()))
        .cloned()
        .or_else(|| text::parse_deadline(cell, mapping))
}

/// One row of a detail sheet as the list item it was written from.
fn detail(
    sheet: &str,
    columns: &[&str],
    row: &[Cell],
    labels: &SiteLabels,
    mapping: &Mapping,
) -> Result<YamlMap, CellError> {
    let mut item = YamlMap::new();
    // A closure step's notice (销号公示) is three columns of the closure sheet.
    let mut notice = YamlMap::new();
    for (c, key) in columns.iter().enumerate().skip(1) {
        let cell = row.get(c).cloned().unwrap_or(Cell::Empty);
        if cell.is_blank() {
            continue;
        }
        let text = cell.text();
        if let Some(part) = key.strip_prefix("notice_") {
            let value = if part == "contact" {
                Value::String(raw(&cell))
            } else {
                Value::String(
                    text::parse_date(&cell)
                        .ok_or_else(|| (c, Code::ImportBadCell, format!("{key}: `{text}` is not a date")))?
                        .to_string(),
                )
            };
            put(&mut notice, part, value);
            continue;
        }
        let value = match (sheet, *key) {
            (_, "date" | "decided_on") => Value::String(
                text::parse_date(&cell)
                    .ok_or_else(|| (c, Code::ImportBadCell, format!("{key}: `{text}` is not a date")))?
                    .to_string(),
            ),
            (_, "from" | "to") => Value::String(deadline(&cell, labels, mapping).ok_or_else(|| {
                (
                    c,
                    Code::ImportBadCell,
                    format!("{key}: `{text}` is not a date or a deadline word"),
                )
            })?),
            ("updates", "status") => {
                Value::String(labels.value(mapping, "status", &text).ok_or_else(|| {
                    (
                        c,
                        Code::ImportUnknownValue,
                        format!("status: `{text}` is not a known value"),
                    )
                })?)
            }
            ("updates", "evidence") => strings(split_list(&raw(&cell), &['\n'])),
            _ => Value::String(raw(&cell)),
        };
        put(&mut item, key, value);
    }
    if !notice.is_empty() {
        put(&mut item, "notice", Value::Mapping(notice));
    }
    Ok(item)
}
