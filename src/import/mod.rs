//! `disclose import`: an Excel or CSV ledger (整改台账) into one record file per row.
//!
//! The header row is found below any title rows; columns map to fields through
//! [`mapping::Mapping`]; every row goes through the same record rules and privacy guard
//! as `check`, and a row that fails is reported as `台账.xlsx Sheet1!F12` with nothing of
//! it written, while the other rows are imported. Existing records are never overwritten
//! silently: `--update` merges and appends a dated update when the status or progress
//! changed; `--dry-run` prints what would change as a diff.

pub mod mapping;
pub mod table;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_yaml::{Mapping as YamlMap, Value};
use sha2::{Digest, Sha256};

use crate::model::{Date, Kind, Record, Update};
use crate::source::{Origin, SourceRecord};
use mapping::Mapping;
use table::{Cell, Sheet, column_name};

/// Flags of `disclose import`.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Site folder.
    pub root: PathBuf,
    /// The ledger file.
    pub ledger: PathBuf,
    /// Sheet name (default: the first).
    pub sheet: Option<String>,
    /// A mapping YAML file replacing the built-in one.
    pub mapping: Option<PathBuf>,
    /// Kind of every row, when the sheet does not say.
    pub kind: Option<Kind>,
    /// Inspection of every row, when the sheet does not say.
    pub inspection: Option<String>,
    /// Print what would change; write nothing.
    pub dry_run: bool,
    /// Merge into existing records.
    pub update: bool,
    /// Date of appended updates (default: today).
    pub date: Option<Date>,
}

/// What an import did (or would do).
#[derive(Debug, Clone, Default)]
pub struct ImportReport {
    /// New record files.
    pub created: Vec<PathBuf>,
    /// Existing records that changed.
    pub updated: Vec<PathBuf>,
    /// Existing records the sheet did not change.
    pub unchanged: Vec<PathBuf>,
    /// One message per failed row or cell, `file Sheet!A1: message`.
    pub errors: Vec<String>,
    /// For `--dry-run`: a diff per file.
    pub diffs: Vec<String>,
}

/// Runs an import.
pub fn import(options: &ImportOptions) -> Result<ImportReport, String> {
    let (config, _) =
        crate::source::load_config(&options.root).map_err(|d| format!("{}: {}", d.location(), d.message))?;
    let mapping = match &options.mapping {
        Some(path) => {
            let text =
                std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            serde_yaml::from_str::<Mapping>(&text).map_err(|e| format!("{}: {e}", path.display()))?
        }
        None => Mapping::default(),
    };
    let sheet = table::read(&options.ledger, options.sheet.as_deref())?;
    let ledger_name = options
        .ledger
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (header_row, columns) = find_header(&sheet, &mapping).ok_or_else(|| {
        format!(
            "{ledger_name} {}: no header row found (looked for headers such as 受理编号, 问题描述, 整改状态)",
            sheet.name
        )
    })?;
    let (existing, _) = crate::source::load(&options.root, crate::source::LoadOptions { drafts: true });
    let existing = existing.map(|s| s.records).unwrap_or_default();
    let today = options.date.unwrap_or_else(Date::today);

    let mut report = ImportReport::default();
    for (index, row) in sheet.rows.iter().enumerate().skip(header_row + 1) {
        if row.iter().all(Cell::is_blank) {
            continue;
        }
        let at = |col: Option<usize>| match col {
            Some(c) => format!("{ledger_name} {}!{}{}", sheet.name, column_name(c), index + 1),
            None => format!("{ledger_name} {} row {}", sheet.name, index + 1),
        };
        let (fields, progress) = match row_fields(row, &columns, &mapping, options) {
            Ok(x) => x,
            Err((col, message)) => {
                report.errors.push(format!("{}: {message}", at(col)));
                continue;
            }
        };
        let id = fields
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let target = options.root.join("content/records").join(format!("{id}.yaml"));
        let previous = existing.iter().find(|r| r.record.id.as_str() == id);
        let record = match previous {
            Some(prev) if !options.update => {
                report.errors.push(format!(
                    "{}: record `{id}` already exists in {}; pass --update to merge the sheet into it",
                    at(columns.iter().position(|c| c.as_deref() == Some("id"))),
                    prev.origin.file.display()
                ));
                continue;
            }
            Some(prev) => {
                if prev.origin.list_index.is_some() || prev.origin.file.extension().is_some_and(|e| e == "md")
                {
                    report.errors.push(format!(
                        "{}: record `{id}` lives in {}; --update only merges into single-record .yaml files",
                        at(None),
                        prev.origin.file.display()
                    ));
                    continue;
                }
                merge(&prev.record, &fields, progress.as_deref(), today)
            }
            None => new_record(fields, progress.as_deref(), today),
        };
        let record = match record {
            Ok(r) => r,
            Err(message) => {
                let col = columns
                    .iter()
                    .position(|c| c.as_deref().is_some_and(|f| message.starts_with(f)));
                report.errors.push(format!("{}: {message}", at(col)));
                continue;
            }
        };
        let text = serde_yaml::to_string(&record).map_err(|e| e.to_string())?;
        let problems = check_row(&record, &text, &target, &config, today);
        if !problems.is_empty() {
            for (field, message) in problems {
                let column_of = |f: &str| columns.iter().position(|c| c.as_deref() == Some(f));
                // A title made from the description points at the description's cell.
                let col =
                    column_of(&field).or_else(|| (field == "title").then(|| column_of("summary")).flatten());
                let line = format!("{}: {message}", at(col));
                if !report.errors.contains(&line) {
                    report.errors.push(line);
                }
            }
            continue;
        }
        let old = std::fs::read_to_string(&target).ok();
        if old.as_deref() == Some(text.as_str()) {
            report.unchanged.push(target);
            continue;
        }
        if options.dry_run {
            let diff = similar::TextDiff::from_lines(old.as_deref().unwrap_or(""), &text);
            report.diffs.push(format!(
                "{}",
                diff.unified_diff()
                    .header(&format!("a/{id}.yaml"), &format!("b/{id}.yaml"))
            ));
        } else {
            crate::output::write_file_atomic(&target, text.as_bytes())
                .map_err(|e| format!("cannot write {}: {e}", target.display()))?;
        }
        if old.is_some() {
            report.updated.push(target);
        } else {
            report.created.push(target);
        }
    }
    // Messages quote cells (`deadline: `13812345678` is not a date`): mask personal data
    // in every one, so the terminal and CI logs never hold it.
    for error in &mut report.errors {
        if let std::borrow::Cow::Owned(masked) = crate::validate::privacy::mask_personal_data(error) {
            *error = masked;
        }
    }
    Ok(report)
}

/// The first row (of the first 20) with at least two known headers: title rows and
/// merged title cells above it are skipped.
fn find_header(sheet: &Sheet, mapping: &Mapping) -> Option<(usize, Vec<Option<String>>)> {
    sheet.rows.iter().take(20).enumerate().find_map(|(i, row)| {
        let fields: Vec<Option<String>> = row
            .iter()
            .map(|c| mapping.field_of(&c.text()).map(str::to_string))
            .collect();
        (fields.iter().flatten().count() >= 2).then_some((i, fields))
    })
}

fn split_list(text: &str, separators: &[char]) -> Vec<String> {
    text.split(|c| separators.contains(&c))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

const LIST_SEPARATORS: &[char] = &['、', '，', ',', ';', '；', '\n'];
const MEASURE_SEPARATORS: &[char] = &[';', '；', '\n'];

/// A date from a cell: a date cell, an Excel serial number, or text in the usual forms
/// (2022-06-30, 2022/6/30, 2022年6月30日, 2022.6.30).
pub fn parse_date(cell: &Cell) -> Option<Date> {
    match cell {
        Cell::Date(d) => Some(*d),
        Cell::Number(n) => table::excel_serial_date(*n),
        Cell::Text(t) => {
            let t = t.trim().trim_end_matches('日');
            let parts: Vec<&str> = t.split(['-', '/', '.', '年', '月']).map(str::trim).collect();
            if let [y, m, d] = parts[..] {
                Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
            } else if t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit()) {
                Date::new(t[..4].parse().ok()?, t[4..6].parse().ok()?, t[6..].parse().ok()?)
            } else {
                None
            }
        }
        Cell::Empty => None,
    }
}

type RowError = (Option<usize>, String);

/// The record fields of one row, as YAML values, and the progress text.
fn row_fields(
    row: &[Cell],
    columns: &[Option<String>],
    mapping: &Mapping,
    options: &ImportOptions,
) -> Result<(YamlMap, Option<String>), RowError> {
    let mut fields = YamlMap::new();
    let mut progress = None;
    let put = |fields: &mut YamlMap, key: &str, value: Value| {
        fields.insert(Value::String(key.to_string()), value);
    };
    for (c, field) in columns.iter().enumerate() {
        let Some(field) = field else { continue };
        let cell = row.get(c).cloned().unwrap_or(Cell::Empty);
        let text = cell.text();
        if text.is_empty() {
            continue;
        }
        let vocab = |name: &str| {
            mapping
                .value(name, &text)
                .ok_or_else(|| (Some(c), format!("{field}: `{text}` is not a known value")))
        };
        match field.as_str() {
            // 序号 only numbers the rows of one sheet: it changes when rows are sorted, so
            // it never becomes an id.
            "seq" => {}
            "progress" => progress = Some(text),
            "pollution_types" => {
                let mut keys = Vec::new();
                for item in split_list(&text, LIST_SEPARATORS) {
                    let key = mapping.value("pollution_type", &item).ok_or_else(|| {
                        (
                            Some(c),
                            format!("pollution_types: `{item}` is not a known pollution type"),
                        )
                    })?;
                    if !keys.contains(&key) {
                        keys.push(key);
                    }
                }
                put(
                    &mut fields,
                    field,
                    Value::Sequence(keys.into_iter().map(Value::String).collect()),
                );
            }
            "co_units" | "related" => put(
                &mut fields,
                field,
                Value::Sequence(
                    split_list(&text, LIST_SEPARATORS)
                        .into_iter()
                        .map(Value::String)
                        .collect(),
                ),
            ),
            "measures" => put(
                &mut fields,
                field,
                Value::Sequence(
                    split_list(&text, MEASURE_SEPARATORS)
                        .into_iter()
                        .map(Value::String)
                        .collect(),
                ),
            ),
            "status" | "verification" | "schedule" | "kind" => {
                put(&mut fields, field, Value::String(vocab(field)?))
            }
            "key_case" => put(&mut fields, field, Value::Bool(vocab("bool")? == "true")),
            "deadline" => {
                let value = match mapping.value("deadline", &text) {
                    Some(key) => key,
                    None => parse_date(&cell)
                        .ok_or_else(|| (Some(c), format!("deadline: `{text}` is not a date")))?
                        .to_string(),
                };
                put(&mut fields, field, Value::String(value));
            }
            "received_on" | "completed_on" | "closed_on" => {
                let date =
                    parse_date(&cell).ok_or_else(|| (Some(c), format!("{field}: `{text}` is not a date")))?;
                put(&mut fields, field, Value::String(date.to_string()));
            }
            other => put(&mut fields, other, Value::String(text)),
        }
    }
    if !fields.contains_key("kind") {
        let kind = options
            .kind
            .ok_or((None, "the sheet does not say the kind; pass --kind".to_string()))?;
        put(&mut fields, "kind", Value::String(kind.key().into()));
    }
    if !fields.contains_key("inspection")
        && let Some(i) = &options.inspection
    {
        put(&mut fields, "inspection", Value::String(i.clone()));
    }
    if !fields.contains_key("title") {
        let title = fields
            .get("summary")
            .and_then(Value::as_str)
            .map(|s| {
                s.split(['。', '；', '\n'])
                    .next()
                    .unwrap_or(s)
                    .chars()
                    .take(40)
                    .collect::<String>()
            })
            .ok_or((
                None,
                "the row has neither a title nor a problem description".to_string(),
            ))?;
        put(&mut fields, "title", Value::String(title));
    }
    if !fields.contains_key("id") {
        // No id column: a stable id from what the row says, so a re-import finds it again.
        let mut hash = Sha256::new();
        for key in ["title", "summary", "region"] {
            hash.update(fields.get(key).and_then(Value::as_str).unwrap_or("").as_bytes());
            hash.update([0]);
        }
        let digest: String = hash
            .finalize()
            .iter()
            .take(5)
            .map(|b| format!("{b:02x}"))
            .collect();
        put(&mut fields, "id", Value::String(format!("IMP-{digest}")));
    }
    if !fields.contains_key("status") {
        return Err((None, "status: the row has no status (整改状态)".into()));
    }
    Ok((fields, progress))
}

fn from_fields(fields: YamlMap) -> Result<Record, String> {
    serde_yaml::from_value::<Record>(Value::Mapping(fields)).map_err(|e| {
        let text = e.to_string();
        text.find(" at line ")
            .map_or(text.clone(), |i| text[..i].to_string())
    })
}

/// A new record from a row; the progress text becomes its first update.
fn new_record(fields: YamlMap, progress: Option<&str>, today: Date) -> Result<Record, String> {
    let mut record = from_fields(fields)?;
    if let Some(text) = progress {
        record.updates.push(Update {
            date: today,
            status: Some(record.status),
            text: text.to_string(),
            evidence: vec![],
        });
    }
    Ok(record)
}

/// The existing record with the sheet's values over it; a dated update is appended when
/// the status or the progress text changed, so history is kept.
fn merge(existing: &Record, fields: &YamlMap, progress: Option<&str>, today: Date) -> Result<Record, String> {
    let mut base = match serde_yaml::to_value(existing).map_err(|e| e.to_string())? {
        Value::Mapping(m) => m,
        _ => YamlMap::new(),
    };
    for (k, v) in fields {
        base.insert(k.clone(), v.clone());
    }
    let mut record = from_fields(base)?;
    record.updates = existing.updates.clone();
    let status_changed = record.status != existing.status;
    let last_text = existing.updates.last().map(|u| u.text.as_str());
    let progress_changed = progress.is_some_and(|p| Some(p) != last_text);
    if status_changed || progress_changed {
        let text = match progress {
            Some(p) if progress_changed => p.to_string(),
            _ => format!("整改状态更新为 {}", record.status),
        };
        record.updates.push(Update {
            date: today,
            status: status_changed.then_some(record.status),
            text,
            evidence: vec![],
        });
    }
    Ok(record)
}

/// The record rules and privacy guard on one row; problems as (field, message).
fn check_row(
    record: &Record,
    text: &str,
    target: &Path,
    config: &crate::config::SiteConfig,
    as_of: Date,
) -> Vec<(String, String)> {
    let source = SourceRecord {
        record: record.clone(),
        origin: Origin {
            file: target.to_path_buf(),
            yaml: Arc::from(text),
            yaml_line: 1,
            list_index: None,
        },
    };
    let mut diagnostics = crate::validate::check_record(&source, config, as_of);
    diagnostics.extend(crate::validate::privacy::check_record(
        &source,
        &config.privacy.allow,
    ));
    diagnostics
        .into_iter()
        .filter(|d| d.is_error())
        .map(|d| (field_at_line(text, d.line), d.message))
        .collect()
}

/// The top-level key whose block holds 1-based `line` of `text`.
fn field_at_line(text: &str, line: usize) -> String {
    text.lines()
        .take(line.max(1))
        .filter(|l| !l.starts_with([' ', '-', '#']) && l.contains(':'))
        .last()
        .and_then(|l| l.split(':').next())
        .unwrap_or("")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_every_usual_form() {
        for text in [
            "2022-06-30",
            "2022/6/30",
            "2022年6月30日",
            "2022.6.30",
            "20220630",
        ] {
            assert_eq!(
                parse_date(&Cell::Text(text.into())).unwrap().to_string(),
                "2022-06-30",
                "{text}"
            );
        }
        assert_eq!(
            parse_date(&Cell::Number(44742.0)).unwrap().to_string(),
            "2022-06-30"
        );
        assert!(parse_date(&Cell::Text("2022年2月30日".into())).is_none());
    }

    #[test]
    fn field_at_line_finds_the_enclosing_key() {
        let text = "id: A\nmeasures:\n- x\n- y\nstatus: closed\n";
        assert_eq!(field_at_line(text, 4), "measures");
        assert_eq!(field_at_line(text, 5), "status");
    }

    #[test]
    fn lists_split_on_chinese_and_ascii_separators() {
        assert_eq!(
            split_list("水、大气，土壤;噪声\n固废", LIST_SEPARATORS),
            ["水", "大气", "土壤", "噪声", "固废"]
        );
        assert_eq!(
            split_list("一、拆除窑体，清运原料；二、复绿", MEASURE_SEPARATORS),
            ["一、拆除窑体，清运原料", "二、复绿"]
        );
    }
}
