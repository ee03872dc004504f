//! `disclose import`: an Excel or CSV ledger (整改台账, 交办件一览表) into one record file
//! per row, and disclose's own `records.xlsx` back into the records it was made from.
//!
//! A ledger's table is found under its title rows ([`layout`]); columns map to fields
//! through [`mapping::Mapping`] (built-in, plus the site's own labels, plus `--mapping`);
//! the column report says which column went where and which were ignored. Every row goes
//! through the same record rules and privacy guard as `check`, and a row that fails is
//! reported as `台账.xlsx Sheet1!F12` with nothing of it written, while the other rows
//! are imported. Two rows with one id are both refused. Existing records are never
//! overwritten silently: `--update` merges and appends a dated update when the status or
//! progress changed; `--dry-run` prints what would change as a diff. Every date import
//! writes by default is the site's as-of date.
//!
//! A workbook with disclose's detail sheets ([`crate::output::exports::DETAIL_SHEETS`])
//! is read by [`workbook`] instead: it carries whole records (updates, deadline changes,
//! closure steps, evidence, body), so importing it into the site that made it changes
//! nothing and into an empty site gives the same records.

pub mod code;
pub mod layout;
pub mod mapping;
pub mod table;
pub mod text;
pub mod workbook;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_yaml::{Mapping as YamlMap, Value};

use crate::config::SiteConfig;
use crate::model::{Date, Kind, Record, Status, Update};
use crate::source::{Origin, SourceRecord};
pub use code::{Code, Message};
use layout::RowKind;
use mapping::Mapping;
use table::{Cell, Sheet, column_name};
pub use text::parse_date;

/// Flags of `disclose import`.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Site folder.
    pub root: PathBuf,
    /// The ledger file.
    pub ledger: PathBuf,
    /// Sheet name (default: the first).
    pub sheet: Option<String>,
    /// A mapping YAML file added to (and overriding) the built-in one.
    pub mapping: Option<PathBuf>,
    /// Use the mapping file instead of the built-in mapping, not on top of it.
    pub replace_mapping: bool,
    /// Kind of every row, when the sheet does not say.
    pub kind: Option<Kind>,
    /// Inspection of every row, when the sheet does not say.
    pub inspection: Option<String>,
    /// Print what would change; write nothing.
    pub dry_run: bool,
    /// Merge into existing records.
    pub update: bool,
    /// Date of appended updates (default: the site's as-of date).
    pub date: Option<Date>,
}

/// How one column of the sheet was used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnUse {
    /// `B 受理编号`: letter and header.
    pub column: String,
    /// The field it fills, or `None` when it was ignored.
    pub field: Option<String>,
    /// Why it was ignored, or what else it fills.
    pub note: Option<String>,
}

/// What an import did (or would do).
#[derive(Debug, Clone, Default)]
pub struct ImportReport {
    /// `台账.xlsx Sheet1`: what was read.
    pub source: String,
    /// Every column with a header, in sheet order.
    pub columns: Vec<ColumnUse>,
    /// Things the clerk should know that did not stop a row (skipped note rows, ids
    /// made from 序号, personal-data columns left out).
    pub warnings: Vec<Message>,
    /// New record files.
    pub created: Vec<PathBuf>,
    /// Existing records that changed.
    pub updated: Vec<PathBuf>,
    /// For each updated record, the fields that changed.
    pub changed_fields: BTreeMap<PathBuf, Vec<String>>,
    /// Existing records the sheet did not change.
    pub unchanged: Vec<PathBuf>,
    /// One message per failed row or cell, at `file Sheet!A1`.
    pub errors: Vec<Message>,
    /// For `--dry-run`: a diff per file.
    pub diffs: Vec<String>,
    /// Errors of `check` on the site after the import (empty when it checks clean, and
    /// on a dry run, which writes nothing to check).
    pub check_errors: Vec<crate::diagnostic::Diagnostic>,
}

impl ImportReport {
    /// True when every row was imported and the site checks clean.
    pub fn ok(&self) -> bool {
        self.errors.is_empty() && self.check_errors.is_empty()
    }

    /// The column report, one line per column: `B 受理编号 → id`, or `K 备注: ignored
    /// (why)`.
    pub fn column_report(&self) -> String {
        let mut out = format!("columns of {}:\n", self.source);
        for c in &self.columns {
            match (&c.field, &c.note) {
                (Some(f), Some(n)) => out.push_str(&format!("  {} → {f} ({n})\n", c.column)),
                (Some(f), None) => out.push_str(&format!("  {} → {f}\n", c.column)),
                (None, Some(n)) => out.push_str(&format!("  {}: ignored ({n})\n", c.column)),
                (None, None) => out.push_str(&format!("  {}: ignored\n", c.column)),
            }
        }
        out
    }

    /// `updated X001: status, completed_on, updates`, one line per updated record.
    pub fn update_report(&self) -> String {
        let mut out = String::new();
        for path in &self.updated {
            let name = path.file_stem().map(|s| s.to_string_lossy()).unwrap_or_default();
            let fields = self
                .changed_fields
                .get(path)
                .map(|f| f.join(", "))
                .unwrap_or_default();
            out.push_str(&format!("  {name}: {fields}\n"));
        }
        out
    }
}

/// One row read from the sheet, before it meets the site.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// 0-based sheet row.
    pub row: usize,
    /// Sheet name.
    pub sheet: String,
    /// The record id.
    pub id: String,
    /// The column the id came from (the id column, else 序号).
    pub id_column: Option<usize>,
    /// The record's fields as YAML values (`body` among them for a workbook row).
    pub fields: YamlMap,
    /// The latest progress (appended as an update).
    pub progress: Option<String>,
    /// Field → column, for pointing errors at cells.
    pub column_of: BTreeMap<String, usize>,
    /// The row carries the whole record (a disclose workbook): its values replace the
    /// record's, an empty cell clears the field, and its updates are the history.
    pub whole: bool,
}

/// What reading a sheet gives.
#[derive(Debug, Default)]
pub struct Read {
    /// The rows that became candidates.
    pub candidates: Vec<Candidate>,
    /// The column report.
    pub columns: Vec<ColumnUse>,
    /// Warnings.
    pub warnings: Vec<Message>,
    /// Row and cell errors.
    pub errors: Vec<Message>,
    /// The fields a whole-record row carries (cleared when empty).
    pub carried: Vec<String>,
}

/// Why an import could not run at all (a row's problems are [`Message`]s in the report
/// instead). The command words each from the catalogue (`import-error-*`).
#[derive(Debug)]
pub enum ImportError {
    /// `site.yaml` cannot be read, or the date of the import cannot be resolved.
    Site(crate::diagnostic::Diagnostic),
    /// The `--mapping` file cannot be read.
    MappingUnreadable {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The `--mapping` file is not a mapping.
    MappingInvalid {
        /// The file.
        path: PathBuf,
        /// What the YAML parser said.
        reason: String,
    },
    /// The ledger cannot be opened or read.
    Ledger {
        /// The ledger file.
        path: PathBuf,
        /// What went wrong.
        reason: String,
    },
    /// `--sheet` names no sheet of the ledger.
    NoSheet {
        /// The ledger's file name.
        ledger: String,
        /// The name asked for.
        name: String,
        /// The sheets it has.
        sheets: Vec<String>,
    },
    /// The ledger has no sheet at all.
    NoSheets {
        /// The ledger's file name.
        ledger: String,
    },
    /// A record could not be turned into file text (a bug, not the sheet's fault).
    RecordText(String),
    /// A record file cannot be written.
    Write {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
}

/// The date import writes by default: `--date`, else `site.yaml` `as_of`, else
/// `SOURCE_DATE_EPOCH`, else today — the same as-of date `check` uses.
pub fn default_date(flag: Option<Date>, config: &SiteConfig) -> Result<Date, ImportError> {
    crate::resolve_as_of(flag, config.as_of).map_err(ImportError::Site)
}

/// The mapping of an import: built-in (unless replaced), with the site's own labels, then
/// the `--mapping` file over them.
fn load_mapping(options: &ImportOptions, labels: &workbook::SiteLabels) -> Result<Mapping, ImportError> {
    let file = match &options.mapping {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|source| ImportError::MappingUnreadable {
                path: path.clone(),
                source,
            })?;
            Some(
                serde_yaml::from_str::<Mapping>(&text).map_err(|e| ImportError::MappingInvalid {
                    path: path.clone(),
                    reason: e.to_string(),
                })?,
            )
        }
        None => None,
    };
    let mut mapping = if options.replace_mapping && file.is_some() {
        Mapping {
            columns: BTreeMap::new(),
            values: BTreeMap::new(),
        }
    } else {
        let mut m = Mapping::builtin();
        labels.add_to(&mut m);
        m
    };
    if let Some(file) = file {
        mapping.merge(file);
    }
    Ok(mapping)
}

/// Runs an import.
pub fn import(options: &ImportOptions) -> Result<ImportReport, ImportError> {
    let (config, _) = crate::source::load_config(&options.root).map_err(ImportError::Site)?;
    let date = default_date(options.date, &config)?;
    let labels = workbook::site_labels(&options.root, &config);
    let mapping = load_mapping(options, &labels)?;
    let ledger_name = options
        .ledger
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let sheets = table::read_all(&options.ledger).map_err(|reason| ImportError::Ledger {
        path: options.ledger.clone(),
        reason,
    })?;
    let mut report = ImportReport::default();
    let read = if workbook::is_workbook(&sheets) {
        let records = match &options.sheet {
            Some(name) => sheets.iter().find(|s| &s.name == name),
            None => sheets.first(),
        }
        .ok_or_else(|| ImportError::NoSheet {
            ledger: ledger_name.clone(),
            name: options.sheet.clone().unwrap_or_default(),
            sheets: sheets.iter().map(|s| s.name.clone()).collect(),
        })?;
        report.source = format!("{ledger_name} {} (a disclose workbook)", records.name);
        workbook::read(&ledger_name, records, &sheets, &labels, &mapping, &config)
    } else {
        let sheet = match &options.sheet {
            Some(name) => sheets
                .iter()
                .find(|s| &s.name == name)
                .ok_or_else(|| ImportError::NoSheet {
                    ledger: ledger_name.clone(),
                    name: name.clone(),
                    sheets: sheets.iter().map(|s| s.name.clone()).collect(),
                })?,
            None => sheets.first().ok_or_else(|| ImportError::NoSheets {
                ledger: ledger_name.clone(),
            })?,
        };
        report.source = format!("{ledger_name} {}", sheet.name);
        read_ledger(&ledger_name, sheet, &mapping, &config, options)
    };
    report.columns = read.columns;
    report.warnings = read.warnings;
    report.errors = read.errors;
    let at = |c: &Candidate, col: Option<usize>| match col {
        Some(col) => format!("{ledger_name} {}!{}{}", c.sheet, column_name(col), c.row + 1),
        None => format!("{ledger_name} {} row {}", c.sheet, c.row + 1),
    };

    // One id, one row: two rows with the same id are both refused.
    let mut by_id: BTreeMap<&str, Vec<&Candidate>> = BTreeMap::new();
    for c in &read.candidates {
        by_id.entry(c.id.as_str()).or_default().push(c);
    }
    let mut duplicated = std::collections::BTreeSet::new();
    for (id, rows) in &by_id {
        if rows.len() > 1 {
            let cells: Vec<String> = rows.iter().map(|c| at(c, c.id_column)).collect();
            report.errors.push(Message::new(
                Code::ImportDuplicateId,
                cells[0].clone(),
                format!(
                    "the id `{id}` is in {} rows ({}); an id names one record, so none of these rows was imported: correct the id (or 序号) of all but one",
                    rows.len(),
                    cells.join(", ")
                ),
            ));
            duplicated.insert(id.to_string());
        }
    }

    let (existing, _) = crate::source::load(&options.root, crate::source::LoadOptions { drafts: true });
    let existing = existing.map(|s| s.records).unwrap_or_default();
    for c in read.candidates.iter().filter(|c| !duplicated.contains(&c.id)) {
        let previous = existing.iter().find(|r| r.record.id.as_str() == c.id);
        let point = |field: &str| {
            c.column_of.get(field).copied().or_else(|| {
                (field == "title")
                    .then(|| c.column_of.get("summary").copied())
                    .flatten()
            })
        };
        let built = match previous {
            Some(prev) if !options.update => {
                report.errors.push(Message::new(
                    Code::ImportRecordExists,
                    at(c, c.id_column),
                    format!(
                        "record `{}` already exists in {}; pass --update to merge the sheet into it",
                        c.id,
                        prev.origin.file.display()
                    ),
                ));
                continue;
            }
            Some(prev) => merge(&prev.record, c, &read.carried, date),
            None => new_record(c, date),
        };
        let record = match built {
            Ok(r) => r,
            Err(e) => {
                // The cell is the column the field was read from, named by the error
                // itself (not guessed from its wording).
                let col = e.field.as_deref().and_then(|f| c.column_of.get(f)).copied();
                report
                    .errors
                    .push(Message::new(Code::ImportBadCell, at(c, col), e.to_string()));
                continue;
            }
        };
        if previous.is_some_and(|p| p.record == record) {
            report.unchanged.push(
                previous
                    .map(|p| options.root.join(&p.origin.file))
                    .unwrap_or_default(),
            );
            continue;
        }
        if let Some(prev) = previous
            && (prev.origin.list_index.is_some() || prev.origin.file.extension().is_some_and(|e| e == "md"))
        {
            report.errors.push(Message::new(
                Code::ImportCannotRewrite,
                at(c, None),
                format!(
                    "record `{}` lives in {}; --update only rewrites single-record .yaml files: make the change there",
                    c.id,
                    prev.origin.file.display()
                ),
            ));
            continue;
        }
        let extension = if record.body.is_some() { "md" } else { "yaml" };
        let target = previous.map_or_else(
            || {
                options
                    .root
                    .join("content/records")
                    .join(format!("{}.{extension}", c.id))
            },
            |p| options.root.join(&p.origin.file),
        );
        let text = record_file(&record).map_err(ImportError::RecordText)?;
        let problems = check_row(&record, &text, &target, &config, date);
        if !problems.is_empty() {
            for (field, code, message) in problems {
                // The rule's own code (E0305 unknown-region…), as `check` would report it.
                let code = code.unwrap_or(Code::ImportRecordRule);
                let line = Message::new(code, at(c, point(&field)), message);
                if !report.errors.contains(&line) {
                    report.errors.push(line);
                }
            }
            continue;
        }
        let old = std::fs::read_to_string(&target).ok();
        if options.dry_run {
            let name = target
                .file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default();
            let diff = similar::TextDiff::from_lines(old.as_deref().unwrap_or(""), &text);
            report.diffs.push(format!(
                "{}",
                diff.unified_diff()
                    .header(&format!("a/{name}"), &format!("b/{name}"))
            ));
        } else {
            crate::output::write_file_atomic(&target, text.as_bytes()).map_err(|source| {
                ImportError::Write {
                    path: target.clone(),
                    source,
                }
            })?;
        }
        match previous {
            Some(prev) => {
                report
                    .changed_fields
                    .insert(target.clone(), changed_fields(&prev.record, &record));
                report.updated.push(target);
            }
            None => report.created.push(target),
        }
    }
    // Messages quote cells (`deadline: `13812345678` is not a date`): mask personal data
    // in every one, so the terminal and CI logs never hold it.
    for message in report.errors.iter_mut().chain(report.warnings.iter_mut()) {
        if let std::borrow::Cow::Owned(masked) = crate::validate::privacy::mask_personal_data(&message.text) {
            message.text = masked;
        }
    }
    if !options.dry_run {
        let check = crate::check(&crate::SiteOptions {
            root: options.root.clone(),
            ..Default::default()
        });
        report.check_errors = check.diagnostics.into_iter().filter(|d| d.is_error()).collect();
    }
    Ok(report)
}

/// The text of a record's file: YAML, or front matter and body for a record with a body.
fn record_file(record: &Record) -> Result<String, String> {
    match &record.body {
        None => serde_yaml::to_string(record).map_err(|e| e.to_string()),
        Some(body) => {
            let head = Record {
                body: None,
                ..record.clone()
            };
            let yaml = serde_yaml::to_string(&head).map_err(|e| e.to_string())?;
            Ok(format!("---\n{yaml}---\n{body}"))
        }
    }
}

/// The top-level fields whose values differ between two versions of a record.
fn changed_fields(old: &Record, new: &Record) -> Vec<String> {
    let as_map = |r: &Record| match serde_yaml::to_value(r) {
        Ok(Value::Mapping(m)) => m,
        _ => YamlMap::new(),
    };
    let (a, b) = (as_map(old), as_map(new));
    let mut keys: Vec<String> = a
        .keys()
        .chain(b.keys())
        .filter(|k| a.get(*k) != b.get(*k))
        .filter_map(|k| k.as_str().map(str::to_string))
        .collect();
    keys.sort_by_key(|k| {
        crate::output::exports::COLUMNS
            .iter()
            .position(|c| c == k)
            .unwrap_or(usize::MAX)
    });
    keys.dedup();
    keys
}

/// Splits a list cell on `separators`, trimming items and dropping empty ones.
fn split_list(text: &str, separators: &[char]) -> Vec<String> {
    text.split(|c| separators.contains(&c))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

const LIST_SEPARATORS: &[char] = &['、', '，', ',', ';', '；', '\n'];
const MEASURE_SEPARATORS: &[char] = &[';', '；', '\n'];

/// Measures from a cell: one per line when the cell has line breaks, else split on `；`.
fn measures(text: &str, split_semicolons: bool) -> Vec<String> {
    if text.contains('\n') || !split_semicolons {
        split_list(text, &['\n'])
    } else {
        split_list(text, MEASURE_SEPARATORS)
    }
}

/// Fields whose text is Markdown: a cell's line breaks become hard breaks.
const MARKDOWN_FIELDS: &[&str] = &["summary", "findings", "target", "accountability"];

/// The id of an inspection named by id or by name in `site.yaml`.
fn inspection_id(config: &SiteConfig, text: &str) -> String {
    config
        .inspections
        .iter()
        .find(|i| i.id == text || i.name == text)
        .map_or_else(|| text.to_string(), |i| i.id.clone())
}

type RowError = (Option<usize>, Code, String);

fn put(fields: &mut YamlMap, key: &str, value: Value) {
    fields.insert(Value::String(key.to_string()), value);
}

fn strings(items: Vec<String>) -> Value {
    Value::Sequence(items.into_iter().map(Value::String).collect())
}

/// A note for an ignored column, by what its header says.
fn ignored_note(field: Option<&str>) -> &'static str {
    match field {
        Some("ignore") => "notes are not published",
        Some("private") => "personal data: never imported or published",
        _ => "not a record field; map it with --mapping to import it",
    }
}

/// Reads a ledger sheet into candidates.
fn read_ledger(
    ledger_name: &str,
    sheet: &Sheet,
    mapping: &Mapping,
    config: &SiteConfig,
    options: &ImportOptions,
) -> Read {
    let place = format!("{ledger_name} {}", sheet.name);
    let mut read = Read::default();
    let Some(layout) = layout::find(sheet, mapping) else {
        return fatal(
            read,
            Code::ImportNoHeader,
            place,
            "no header row found in the first 20 rows (looked for a row with two headers such as 受理编号, 交办问题基本情况, 整改状态); add the headers to --mapping".into(),
        );
    };
    // The column report; a second column for one field is ignored, not merged.
    let mut used: BTreeMap<String, usize> = BTreeMap::new();
    let mut columns: Vec<(usize, String)> = Vec::new();
    for col in &layout.columns {
        let field = col.field.as_deref();
        let real = field.filter(|f| !matches!(*f, "ignore" | "private"));
        match real {
            Some(f) if used.contains_key(f) => read.columns.push(ColumnUse {
                column: col.name(),
                field: None,
                note: Some(format!("column {} already gives {f}", column_name(used[f]))),
            }),
            Some(f) => {
                used.insert(f.to_string(), col.index);
                columns.push((col.index, f.to_string()));
                let note = match f {
                    "handling" => Some("measures, and the latest progress as an update".to_string()),
                    "concluded" => Some("status".to_string()),
                    "progress" => Some("appended as a dated update when it changes".to_string()),
                    "seq" => Some("序号, kept as seq".to_string()),
                    _ => None,
                };
                read.columns.push(ColumnUse {
                    column: col.name(),
                    field: Some(f.to_string()),
                    note,
                });
            }
            None => {
                read.columns.push(ColumnUse {
                    column: col.name(),
                    field: None,
                    note: Some(ignored_note(field).to_string()),
                });
                if field == Some("private") {
                    read.warnings.push(Message::new(
                        Code::ImportPersonalColumn,
                        place.clone(),
                        format!(
                            "column {} holds personal data; it was not imported and is never published",
                            col.name()
                        ),
                    ));
                }
            }
        }
    }
    let has = |f: &str| used.contains_key(f);
    let unknown: Vec<String> = layout
        .columns
        .iter()
        .filter(|c| c.field.is_none())
        .map(|c| c.name())
        .collect();
    let unknown_hint = if unknown.is_empty() {
        String::new()
    } else {
        format!("; columns not understood: {}", unknown.join(", "))
    };
    if !has("status") && !has("concluded") {
        return fatal(
            read,
            Code::ImportNoStatusColumn,
            place.clone(),
            format!(
                "no column gives the status (整改状态, 办结状态, 是否办结){unknown_hint}; map one with --mapping"
            ),
        );
    }
    if !has("kind") && options.kind.is_none() {
        return fatal(
            read,
            Code::ImportNoKind,
            place.clone(),
            "the sheet has no kind column (类型); pass --kind feedback, lookback, complaint or task"
                .to_string(),
        );
    }
    if !has("title") && !has("summary") {
        return fatal(
            read,
            Code::ImportNoTitleColumn,
            place.clone(),
            format!(
                "no column gives a title or a problem description (标题, 问题, 交办问题基本情况){unknown_hint}; map one with --mapping"
            ),
        );
    }
    let derived_ids = !has("id");
    let sheet_batch = text::parse_count(&Cell::Text(
        sheet
            .name
            .split('批')
            .next()
            .map(|s| format!("{s}批"))
            .unwrap_or_default(),
    ))
    .filter(|_| sheet.name.contains('批'));
    if derived_ids {
        if !has("seq") {
            return fatal(
                read,
                Code::ImportNoId,
                place.clone(),
                "the sheet has neither an id column (受理编号, 编号, 问题编号) nor a 序号 column; add one of them, so that next month's ledger finds the same records".to_string(),
            );
        }
        let example = derived_id(
            options
                .inspection
                .as_ref()
                .map(|i| inspection_id(config, i))
                .as_deref(),
            sheet_batch,
            &sheet.name,
            ledger_name,
            1,
        );
        read.warnings.push(Message::new(
            Code::ImportDerivedIds,
            place.clone(),
            format!(
                "no id column (受理编号, 编号, 问题编号): each id is made from the inspection, the batch or sheet and 序号 (e.g. {example}); keep 序号 unchanged in later ledgers, or add an id column"
            ),
        ));
    }
    for index in layout.first_data_row()..sheet.rows.len() {
        match layout::row_kind(sheet, &layout, index) {
            RowKind::Blank => continue,
            RowKind::Note => {
                let first = sheet.rows[index]
                    .iter()
                    .map(Cell::text)
                    .find(|t| !t.is_empty())
                    .unwrap_or_default();
                let shown: String = first.chars().take(20).collect();
                read.warnings.push(Message::new(
                    Code::ImportNoteRow,
                    format!("{place} row {}", index + 1),
                    format!(
                        "skipped, a note or total row, not a record (\"{shown}{}\")",
                        if first.chars().count() > 20 { "…" } else { "" }
                    ),
                ));
                continue;
            }
            RowKind::Record => {}
        }
        let row = &sheet.rows[index];
        let at = |col: Option<usize>| match col {
            Some(c) => format!("{ledger_name} {}!{}{}", sheet.name, column_name(c), index + 1),
            None => format!("{ledger_name} {} row {}", sheet.name, index + 1),
        };
        match row_fields(row, &columns, mapping, config, options, sheet_batch) {
            Ok((mut fields, progress)) => {
                let id = match fields.get("id").and_then(Value::as_str) {
                    Some(id) => id.to_string(),
                    None => {
                        let seq = fields.get("seq").and_then(Value::as_u64);
                        let Some(seq) = seq else {
                            read.errors.push(Message::new(
                                Code::ImportNoId,
                                at(used.get("seq").copied()),
                                "the row has no 序号, and the sheet no id column: fill in 序号",
                            ));
                            continue;
                        };
                        let inspection = fields.get("inspection").and_then(Value::as_str);
                        let batch = fields.get("batch").and_then(Value::as_u64).map(|b| b as u32);
                        let id = derived_id(inspection, batch, &sheet.name, ledger_name, seq as u32);
                        put(&mut fields, "id", Value::String(id.clone()));
                        id
                    }
                };
                let mut column_of: BTreeMap<String, usize> =
                    columns.iter().map(|(c, f)| (f.clone(), *c)).collect();
                if let Some(&c) = used.get("handling") {
                    column_of.insert("measures".into(), c);
                }
                if let Some(&c) = used.get("concluded") {
                    column_of.entry("status".into()).or_insert(c);
                }
                read.candidates.push(Candidate {
                    row: index,
                    sheet: sheet.name.clone(),
                    id,
                    id_column: used.get("id").or(used.get("seq")).copied(),
                    fields,
                    progress,
                    column_of,
                    whole: false,
                });
            }
            Err((col, code, message)) => read.errors.push(Message::new(code, at(col), message)),
        }
    }
    read
}

/// `read` with a sheet-level error that stops the import (the column report stays).
fn fatal(mut read: Read, code: Code, place: String, message: String) -> Read {
    read.errors.push(Message::new(code, place, message));
    read
}

/// The id of a row without an id column: inspection (else the ledger's name), batch
/// (else the sheet's name) and 序号, e.g. `cei2-2021-b3-012`. Never made from the text,
/// so a re-worded row is still the same record.
fn derived_id(inspection: Option<&str>, batch: Option<u32>, sheet: &str, ledger: &str, seq: u32) -> String {
    let stem = ledger.rsplit_once('.').map_or(ledger, |(s, _)| s);
    let mut parts = vec![inspection.map_or_else(|| crate::slug::slugify(stem), str::to_string)];
    match batch {
        Some(b) => parts.push(format!("b{b}")),
        None if sheet != "CSV" => parts.push(crate::slug::slugify(sheet)),
        None => {}
    }
    parts.push(format!("{seq:03}"));
    parts.join("-")
}

/// The record fields of one ledger row, as YAML values, and the progress text.
fn row_fields(
    row: &[Cell],
    columns: &[(usize, String)],
    mapping: &Mapping,
    config: &SiteConfig,
    options: &ImportOptions,
    sheet_batch: Option<u32>,
) -> Result<(YamlMap, Option<String>), RowError> {
    let mut fields = YamlMap::new();
    let mut progress = None;
    let mut concluded = None;
    let mut handling_measures = None;
    for (c, field) in columns {
        let c = *c;
        let cell = row.get(c).cloned().unwrap_or(Cell::Empty);
        let text = cell.text();
        if text.is_empty() {
            continue;
        }
        let vocab = |name: &str| {
            mapping.value(name, &text).ok_or_else(|| {
                let known: Vec<&String> = mapping.values.get(name).map(|m| m.keys().collect()).unwrap_or_default();
                let shown: Vec<&str> = known.iter().take(8).map(|s| s.as_str()).collect();
                (
                    Some(c),
                    Code::ImportUnknownValue,
                    format!(
                        "{field}: `{text}` is not a known value (known: {}{}); add it under values: {name}: in a --mapping file",
                        shown.join("、"),
                        if known.len() > 8 { "…" } else { "" }
                    ),
                )
            })
        };
        match field.as_str() {
            "seq" | "batch" => {
                let n = text::parse_count(&cell).ok_or_else(|| {
                    (
                        Some(c),
                        Code::ImportBadCell,
                        format!("{field}: `{text}` is not a whole number"),
                    )
                })?;
                put(&mut fields, field, Value::Number(n.into()));
            }
            "id" => put(
                &mut fields,
                field,
                Value::String(text.split_whitespace().collect()),
            ),
            "progress" => progress = Some(text::markdown_lines(&text)),
            "handling" => {
                progress = Some(text::markdown_lines(&text));
                handling_measures = Some(measures(&text, false));
            }
            "concluded" => concluded = Some(vocab("concluded")?),
            "inspection" => put(&mut fields, field, Value::String(inspection_id(config, &text))),
            "pollution_types" => {
                let mut keys = Vec::new();
                for item in split_list(&text, LIST_SEPARATORS) {
                    let key = mapping.value("pollution_type", &item).ok_or_else(|| {
                        (
                            Some(c),
                            Code::ImportUnknownValue,
                            format!("pollution_types: `{item}` is not a known pollution type (水, 大气, 土壤, 生态, 辐射, 噪声, 固废, 其他); add it under values: pollution_type: in a --mapping file"),
                        )
                    })?;
                    if !keys.contains(&key) {
                        keys.push(key);
                    }
                }
                put(&mut fields, field, strings(keys));
            }
            "co_units" | "related" => put(&mut fields, field, strings(split_list(&text, LIST_SEPARATORS))),
            "measures" => put(&mut fields, field, strings(measures(&text, true))),
            "status" | "verification" | "schedule" | "kind" => {
                put(&mut fields, field, Value::String(vocab(field)?))
            }
            "key_case" => put(&mut fields, field, Value::Bool(vocab("bool")? == "true")),
            "deadline" => {
                let value = text::parse_deadline(&cell, mapping).ok_or_else(|| {
                    (
                        Some(c),
                        Code::ImportBadCell,
                        format!("deadline: `{text}` is not a date or a deadline word (2022-06-30, 2022年6月底前, 2021年底前, 长期坚持, 立行立改)"),
                    )
                })?;
                put(&mut fields, field, Value::String(value));
            }
            "received_on" | "completed_on" | "closed_on" => {
                let date = parse_date(&cell).ok_or_else(|| {
                    (
                        Some(c),
                        Code::ImportBadCell,
                        format!("{field}: `{text}` is not a date (2022-06-30, 2022年6月30日)"),
                    )
                })?;
                put(&mut fields, field, Value::String(date.to_string()));
            }
            f if MARKDOWN_FIELDS.contains(&f) => {
                put(&mut fields, f, Value::String(text::markdown_lines(&text)))
            }
            other => put(&mut fields, other, Value::String(text)),
        }
    }
    if let Some(m) = handling_measures
        && !fields.contains_key("measures")
    {
        put(&mut fields, "measures", strings(m));
    }
    if !fields.contains_key("status")
        && let Some(status) = concluded
    {
        put(&mut fields, "status", Value::String(status));
    }
    if !fields.contains_key("kind") {
        let kind = options.kind.ok_or((
            None,
            Code::ImportNoKind,
            "the sheet does not say the kind; pass --kind".to_string(),
        ))?;
        put(&mut fields, "kind", Value::String(kind.key().into()));
    }
    if !fields.contains_key("inspection")
        && let Some(i) = &options.inspection
    {
        put(&mut fields, "inspection", Value::String(inspection_id(config, i)));
    }
    if !fields.contains_key("batch")
        && let Some(b) = sheet_batch
    {
        put(&mut fields, "batch", Value::Number(b.into()));
    }
    if !fields.contains_key("title") {
        let title = fields
            .get("summary")
            .and_then(Value::as_str)
            .map(text::title_from)
            .ok_or((
                None,
                Code::ImportMissingValue,
                "the row has neither a title nor a problem description".to_string(),
            ))?;
        put(&mut fields, "title", Value::String(title));
    }
    if !fields.contains_key("status") {
        return Err((
            None,
            Code::ImportMissingValue,
            "status: the row has no status: fill in 整改状态 (or 是否办结)".into(),
        ));
    }
    Ok((fields, progress))
}

/// Why a row's fields do not make a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The record field at fault (`status`, `deadline`; the first key of a deeper path
    /// such as `updates[0].date`), when the error names one: its column is the cell
    /// reported.
    pub field: Option<String>,
    /// The path within the record, as serde reports it (`updates[0].date`).
    pub path: String,
    /// What is wrong with the value.
    pub message: String,
}

/// `field: message`, as the import report prints it after the cell.
impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.path.is_empty() || self.path == "." {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl FieldError {
    /// An error about the record as a whole.
    fn whole(message: impl std::fmt::Display) -> Self {
        Self {
            field: None,
            path: String::new(),
            message: message.to_string(),
        }
    }
}

fn from_fields(mut fields: YamlMap) -> Result<Record, FieldError> {
    let body = fields
        .remove("body")
        .and_then(|v| v.as_str().map(str::to_string))
        .filter(|b| !b.trim().is_empty());
    let mut record = serde_path_to_error::deserialize::<_, Record>(Value::Mapping(fields)).map_err(|e| {
        let path = e.path().to_string();
        let field = e.path().iter().find_map(|segment| match segment {
            serde_path_to_error::Segment::Map { key } => Some(key.clone()),
            _ => None,
        });
        let text = e.into_inner().to_string();
        let message = text
            .find(" at line ")
            .map_or(text.clone(), |i| text[..i].to_string());
        FieldError { field, path, message }
    })?;
    record.body = body;
    Ok(record)
}

/// The date of a new record's first update: when the work was done, for a done case
/// with that date, else the import date.
fn first_update_date(record: &Record, date: Date) -> Date {
    match record.status {
        Status::Closed => record.closed_on.or(record.completed_on),
        Status::Completed => record.completed_on,
        _ => None,
    }
    .filter(|d| *d <= date)
    .unwrap_or(date)
}

/// A new record from a row; the progress text becomes its first update.
fn new_record(c: &Candidate, date: Date) -> Result<Record, FieldError> {
    let mut record = from_fields(c.fields.clone())?;
    if let Some(text) = &c.progress
        && !c.whole
    {
        record.updates.push(Update {
            date: first_update_date(&record, date),
            status: Some(record.status),
            text: text.clone(),
            evidence: vec![],
        });
    }
    Ok(record)
}

/// The existing record with the sheet's values over it. A ledger row appends a dated
/// update when the status or the progress text changed, so history is kept; a workbook
/// row carries the whole record, so its values (and empty cells) replace the record's.
fn merge(existing: &Record, c: &Candidate, carried: &[String], date: Date) -> Result<Record, FieldError> {
    let mut base = match serde_yaml::to_value(existing).map_err(FieldError::whole)? {
        Value::Mapping(m) => m,
        _ => YamlMap::new(),
    };
    if c.whole {
        for key in carried {
            base.remove(key.as_str());
        }
    }
    for (k, v) in &c.fields {
        base.insert(k.clone(), v.clone());
    }
    if !c.whole
        && let Some(body) = &existing.body
    {
        base.insert("body".into(), Value::String(body.clone()));
    }
    let mut record = from_fields(base)?;
    if c.whole {
        return Ok(record);
    }
    record.updates = existing.updates.clone();
    let status_changed = record.status != existing.status;
    let last_text = existing.updates.last().map(|u| u.text.as_str());
    let progress = c.progress.as_deref();
    let progress_changed = progress.is_some_and(|p| Some(p) != last_text);
    if status_changed || progress_changed {
        let text = match progress {
            Some(p) if progress_changed => p.to_string(),
            _ => format!("整改状态更新为 {}", record.status),
        };
        record.updates.push(Update {
            date,
            status: status_changed.then_some(record.status),
            text,
            evidence: vec![],
        });
    }
    Ok(record)
}

/// The record rules and privacy guard on one row; problems as (field, code, message).
fn check_row(
    record: &Record,
    text: &str,
    target: &Path,
    config: &SiteConfig,
    as_of: Date,
) -> Vec<(String, Option<Code>, String)> {
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
        // Worded by the catalogue, as `check` would say it (import's own messages are English).
        .map(|d| {
            let shown = crate::i18n::diagnostics::localize(&d, crate::i18n::Lang::En);
            (field_at_line(text, d.line), d.code, shown.message)
        })
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
            measures("一、拆除窑体，清运原料；二、复绿", true),
            ["一、拆除窑体，清运原料", "二、复绿"]
        );
        assert_eq!(
            measures("1.责令停产；\n2.立案处罚；罚款3万元\n3.制定方案", true),
            ["1.责令停产；", "2.立案处罚；罚款3万元", "3.制定方案"],
            "lines first: a line's own ； stays"
        );
    }

    #[test]
    fn derived_ids_come_from_inspection_batch_or_sheet_and_seq() {
        assert_eq!(
            derived_id(Some("cei2-2021"), Some(3), "第三批", "台账.xlsx", 12),
            "cei2-2021-b3-012"
        );
        assert_eq!(
            derived_id(Some("cei2-2021"), None, "Sheet1", "台账.xlsx", 7),
            "cei2-2021-sheet1-007"
        );
        assert_eq!(derived_id(None, None, "CSV", "清单.csv", 1), "qing-dan-001");
    }

    #[test]
    fn first_updates_of_done_cases_are_dated_when_the_work_was_done() {
        let r: Record = serde_yaml::from_str(
            "id: A\nkind: complaint\ntitle: t\nstatus: completed\ncompleted_on: 2021-05-01\n",
        )
        .unwrap();
        let as_of: Date = "2022-10-31".parse().unwrap();
        assert_eq!(first_update_date(&r, as_of).to_string(), "2021-05-01");
        let open = Record {
            status: Status::InProgress,
            ..r
        };
        assert_eq!(first_update_date(&open, as_of), as_of);
    }
}

#[cfg(test)]
mod field_error_tests {
    use super::*;

    fn fields(yaml: &str) -> YamlMap {
        serde_yaml::from_str(yaml).unwrap()
    }

    #[test]
    fn a_bad_value_names_its_field_and_path() {
        let base =
            "id: A-1\nkind: complaint\ntitle: 噪声扰民\nstatus: in_progress\nreceived_on: 2021-05-06\n";
        assert!(from_fields(fields(base)).is_ok(), "the base row makes a record");
        let e = from_fields(fields(&base.replace("in_progress", "half-done"))).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("status"), "{e:?}");
        assert!(e.to_string().starts_with("status: "), "{e}");
        let e = from_fields(fields(&format!("{base}updates:\n- date: someday\n  text: x\n"))).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("updates"), "{e:?}");
        assert_eq!(e.path, "updates[0].date", "{e:?}");
    }
}
