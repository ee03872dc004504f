//! Record rules: ids, vocabularies against `site.yaml`, dates and the consistency of a
//! case's history. Each rule is a small function over one record; the cross-record
//! rules (unique ids, `related`) run once over all of them.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use rayon::prelude::*;

use crate::config::SiteConfig;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Date, Kind, Status};
use crate::source::yaml::nearest;
use crate::source::{Seg, SourceRecord, Sources};

/// What a per-record rule sees.
struct Ctx<'a> {
    config: &'a SiteConfig,
    as_of: Date,
    record_files: &'a BTreeSet<std::path::PathBuf>,
}

type Rule = fn(&SourceRecord, &Ctx, &mut Vec<Diagnostic>);

const RULES: &[Rule] = &[
    id_is_url_safe,
    title_is_present,
    inspection_is_known,
    batch_is_known,
    region_is_allowed,
    closed_has_closed_on,
    completed_has_completed_on,
    completion_dates_match_status,
    dates_not_after_as_of,
    dates_in_order,
    notices_are_windows,
    updates_in_date_order,
    status_matches_last_update,
    deadline_matches_changes,
    verification_only_for_complaints,
    texts_not_empty,
    numbers_are_publishable,
    cells_fit_the_workbook,
];

/// The per-record rules for one record on its own (the import checks each ledger row
/// this way); evidence files are not looked for.
pub fn check_one(record: &SourceRecord, config: &SiteConfig, as_of: Date) -> Vec<Diagnostic> {
    let no_files = BTreeSet::new();
    let ctx = Ctx {
        config,
        as_of,
        record_files: &no_files,
    };
    let mut out = Vec::new();
    for rule in RULES {
        rule(record, &ctx, &mut out);
    }
    out
}

pub(super) fn check(sources: &Sources, as_of: Date) -> Vec<Diagnostic> {
    let ctx = Ctx {
        config: &sources.config,
        as_of,
        record_files: &sources.record_files,
    };
    let mut out: Vec<Diagnostic> = sources
        .records
        .par_iter()
        .flat_map_iter(|r| {
            let mut d = Vec::new();
            rules_of(r, &ctx, &mut d);
            d
        })
        .collect();
    unique_ids(&sources.records, &mut out);
    related_exist(&sources.records, &mut out);
    unique_seqs(&sources.records, &mut out);
    out
}

/// The rules of the records at `changed`, then the rules across all records.
pub(super) fn recheck(sources: &Sources, as_of: Date, changed: &[usize]) -> Vec<Diagnostic> {
    let ctx = Ctx {
        config: &sources.config,
        as_of,
        record_files: &sources.record_files,
    };
    let mut out = Vec::new();
    for &i in changed {
        rules_of(&sources.records[i], &ctx, &mut out);
    }
    unique_ids(&sources.records, &mut out);
    related_exist(&sources.records, &mut out);
    unique_seqs(&sources.records, &mut out);
    out
}

/// Every rule of one record, its evidence files included.
fn rules_of(r: &SourceRecord, ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    for rule in RULES {
        rule(r, ctx, out);
    }
    evidence_files_exist(r, ctx, out);
}

fn id_is_url_safe(r: &SourceRecord, _: &Ctx, out: &mut Vec<Diagnostic>) {
    if let Some(problem) = r.record.id.problem() {
        out.push(
            r.origin
                .error(&[Seg::Key("id")], problem)
                .code(Code::BadId)
                .arg("id", &r.record.id)
                .arg("variant", r.record.id.problem_kind().unwrap_or_default())
                .arg("length", r.record.id.as_str().len())
                .arg("limit", crate::model::MAX_ID_LEN)
                .with_help(format!(
                    "ids may use only A-Z, a-z, 0-9, `.`, `_` and `-`, at most {} characters, not starting or ending with `.` (they become the page address)",
                    crate::model::MAX_ID_LEN
                )),
        );
    }
}

/// Counts are whole numbers already (the schema); the fine is a decimal, which YAML lets
/// be `.nan`, `.inf` or negative, and the pages would print "NaN".
fn numbers_are_publishable(r: &SourceRecord, _: &Ctx, out: &mut Vec<Diagnostic>) {
    let Some(fine) = r.record.enforcement.as_ref().and_then(|e| e.fine_10k_yuan) else {
        return;
    };
    if !fine.is_finite() || fine < 0.0 {
        out.push(
            r.origin
                .error(
                    &[Seg::Key("enforcement"), Seg::Key("fine_10k_yuan")],
                    format!("the fine `{fine}` is not an amount: it must be a number of 10,000 yuan, 0 or more"),
                )
                .code(Code::BadNumber)
                .field("enforcement.fine_10k_yuan")
                .arg("value", fine)
                .with_help("write the fine in 万元 as a plain number, e.g. `fine_10k_yuan: 2.5`; leave it out if there was none"),
        );
    }
}

/// Every field that becomes one cell of `records.xlsx` fits Excel's cell: else `build`
/// could not write the workbook, so `check` says which field, where, and how to fix it.
fn cells_fit_the_workbook(r: &SourceRecord, _: &Ctx, out: &mut Vec<Diagnostic>) {
    use crate::output::exports::{XLSX_CELL_MAX, oversized_xlsx_cells};
    for (path, length) in oversized_xlsx_cells(&r.record) {
        let (field, (line, column)) = if path == [Seg::Key("body")] {
            ("body".to_string(), (r.origin.body_line(), 1))
        } else {
            (r.origin.field_path(&path), r.origin.position(&path))
        };
        let message = format!(
            "`{field}` makes a cell of {length} characters in records.xlsx, more than the {XLSX_CELL_MAX} an Excel cell holds"
        );
        out.push(
            Diagnostic::error(&r.origin.file, line, column, message)
                .field(field)
                .code(Code::CellTooLong)
                .arg("length", length)
                .arg("limit", XLSX_CELL_MAX)
                .with_help(format!(
                    "shorten it to at most {XLSX_CELL_MAX} characters: move long detail out of the summary and other fields into the record's body (the Markdown after the front matter), and put a body longer than that into a document (PDF or Word) listed under `evidence:`"
                )),
        );
    }
}

fn title_is_present(r: &SourceRecord, _: &Ctx, out: &mut Vec<Diagnostic>) {
    if r.record.title.trim().is_empty() {
        out.push(
            r.origin
                .error(&[Seg::Key("title")], "the title is empty")
                .code(Code::EmptyTitle)
                .with_help("give the case a short title, e.g. 石灰窑厂扬尘污染问题"),
        );
    }
}

fn inspection_is_known(r: &SourceRecord, ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    let Some(id) = &r.record.inspection else {
        return;
    };
    if ctx.config.inspection(id).is_none() {
        let ids: Vec<&str> = ctx.config.inspections.iter().map(|i| i.id.as_str()).collect();
        let mut d = r
            .origin
            .error(&[Seg::Key("inspection")], format!("unknown inspection `{id}`"))
            .code(Code::UnknownInspection)
            .arg("value", id);
        if let Some(near) = nearest(id, &ids) {
            d = d.arg("nearest", near);
        }
        out.push(d);
    }
}

/// A batch number means something only within an inspection; when the inspection lists
/// its batches in `site.yaml`, the number must be one of them.
fn batch_is_known(r: &SourceRecord, ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    let Some(batch) = r.record.batch else {
        return;
    };
    let Some(id) = &r.record.inspection else {
        out.push(
            r.origin
                .error(
                    &[Seg::Key("batch")],
                    format!("batch {batch} is given but the record names no inspection"),
                )
                .code(Code::BatchWithoutInspection)
                .arg("value", batch)
                .with_help("add `inspection:` with the id of the inspection that handed the case over, or remove `batch:`"),
        );
        return;
    };
    // An unknown inspection is reported by its own rule.
    let Some(inspection) = ctx.config.inspection(id) else {
        return;
    };
    if inspection.batches.is_empty() || inspection.batch(batch).is_some() {
        return;
    }
    let listed: Vec<String> = inspection.batches.iter().map(|b| b.number.to_string()).collect();
    out.push(
        r.origin
            .error(
                &[Seg::Key("batch")],
                format!("batch {batch} is not one of the batches inspection `{id}` lists"),
            )
            .code(Code::UnknownBatch)
            .arg("value", batch)
            .arg("inspection", id)
            .arg("expected", listed.join(", "))
            .with_help(format!(
                "use a batch listed under the inspection's `batches:` in site.yaml ({}), or add the batch there",
                listed.join(", ")
            )),
    );
}

/// A closure step's public notice (销号公示) is a window: it ends on or after its first
/// day, and before the case is closed, names where objections go.
fn notices_are_windows(r: &SourceRecord, _: &Ctx, out: &mut Vec<Diagnostic>) {
    for (i, step) in r.record.closure.iter().enumerate() {
        let Some(notice) = &step.notice else {
            continue;
        };
        let at = |key: &'static str| {
            [
                Seg::Key("closure"),
                Seg::Index(i),
                Seg::Key("notice"),
                Seg::Key(key),
            ]
        };
        if notice.to < notice.from {
            out.push(
                r.origin
                    .error(
                        &at("to"),
                        format!(
                            "the notice ends ({}) before it starts ({})",
                            notice.to, notice.from
                        ),
                    )
                    .code(Code::NoticeReversed)
                    .arg("date", notice.to)
                    .arg("other", notice.from)
                    .with_help("check whether `from:` and `to:` are swapped or mistyped"),
            );
        }
        if let Some(closed) = r.record.closed_on
            && notice.to > closed
        {
            out.push(
                r.origin
                    .error(
                        &at("to"),
                        format!("the notice ends ({}) after the case was closed ({closed})", notice.to),
                    )
                    .code(Code::NoticeAfterClosure)
                    .arg("date", notice.to)
                    .arg("other", closed)
                    .with_help("the public notice (销号公示) comes before the closure: check the notice's `to:` and `closed_on:`"),
            );
        }
        if notice.contact.trim().is_empty() {
            out.push(
                r.origin
                    .error(&at("contact"), "the notice does not say where objections go")
                    .code(Code::EmptyText)
                    .with_help(
                        "name the office and its published hotline or address, e.g. 区督察整改办 0000-12369",
                    ),
            );
        }
    }
}

fn region_is_allowed(r: &SourceRecord, ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    let Some(region) = &r.record.region else {
        return;
    };
    if region.trim().is_empty() {
        out.push(
            r.origin
                .warning(&[Seg::Key("region")], "the region is empty")
                .code(Code::EmptyRegion)
                .with_help("name the town or street (乡镇/街道), or remove the key"),
        );
        return;
    }
    let Some(allowed) = &ctx.config.regions else {
        return;
    };
    if !allowed.iter().any(|a| a.name() == region) {
        let names: Vec<&str> = allowed.iter().map(|a| a.name()).collect();
        let mut d = r
            .origin
            .error(
                &[Seg::Key("region")],
                format!("region `{region}` is not in the site's list of regions"),
            )
            .code(Code::UnknownRegion)
            .arg("value", region)
            .arg("expected", names.join(", "));
        if let Some(near) = nearest(region, &names) {
            d = d.arg("nearest", near);
        }
        out.push(d);
    }
}

fn closed_has_closed_on(r: &SourceRecord, _: &Ctx, out: &mut Vec<Diagnostic>) {
    if r.record.status == Status::Closed && r.record.closed_on.is_none() {
        out.push(
            r.origin
                .error(
                    &[Seg::Key("status")],
                    "status is `closed` but `closed_on` is missing",
                )
                .code(Code::ClosedWithoutDate)
                .with_help("add `closed_on: YYYY-MM-DD`, the date the case was accepted and closed (销号)"),
        );
    }
}

fn completed_has_completed_on(r: &SourceRecord, _: &Ctx, out: &mut Vec<Diagnostic>) {
    if r.record.status == Status::Completed && r.record.completed_on.is_none() {
        out.push(
            r.origin
                .warning(
                    &[Seg::Key("status")],
                    "status is `completed` but `completed_on` is missing, so on-time is unknown",
                )
                .code(Code::CompletedWithoutDate)
                .with_help("add `completed_on: YYYY-MM-DD`"),
        );
    }
}

fn completion_dates_match_status(r: &SourceRecord, _: &Ctx, out: &mut Vec<Diagnostic>) {
    let rec = &r.record;
    if rec.closed_on.is_some() && rec.status != Status::Closed {
        out.push(
            r.origin
                .error(
                    &[Seg::Key("closed_on")],
                    format!("`closed_on` is set but status is `{}`", rec.status),
                )
                .code(Code::ClosedOnNotClosed)
                .arg("status", rec.status)
                .with_help("set `status: closed`, or remove `closed_on` if the case is not closed yet"),
        );
    }
    if rec.completed_on.is_some() && !rec.status.is_done() {
        out.push(
            r.origin
                .error(
                    &[Seg::Key("completed_on")],
                    format!("`completed_on` is set but status is `{}`", rec.status),
                )
                .code(Code::CompletedOnNotDone)
                .arg("status", rec.status)
                .with_help("set `status: completed` (or `closed`), or remove `completed_on`"),
        );
    }
}

fn dates_not_after_as_of(r: &SourceRecord, ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    let rec = &r.record;
    let mut check = |date: Option<Date>, path: &[Seg], what: &str| {
        if let Some(d) = date
            && d > ctx.as_of
        {
            out.push(r.origin.error(path, format!("{what} {d} is after the as-of date {}", ctx.as_of))
                .code(Code::DateAfterAsOf)
                .arg("date", d)
                .arg("as_of", ctx.as_of)
                .with_help("a completion or progress date cannot be in the future; fix the date or publish with a later --as-of"));
        }
    };
    check(rec.completed_on, &[Seg::Key("completed_on")], "completed_on");
    check(rec.closed_on, &[Seg::Key("closed_on")], "closed_on");
    check(rec.received_on, &[Seg::Key("received_on")], "received_on");
    for (i, u) in rec.updates.iter().enumerate() {
        check(
            Some(u.date),
            &[Seg::Key("updates"), Seg::Index(i), Seg::Key("date")],
            "the update dated",
        );
    }
    for (i, c) in rec.closure.iter().enumerate() {
        check(
            Some(c.date),
            &[Seg::Key("closure"), Seg::Index(i), Seg::Key("date")],
            "the acceptance step dated",
        );
    }
}

fn dates_in_order(r: &SourceRecord, _: &Ctx, out: &mut Vec<Diagnostic>) {
    let rec = &r.record;
    if let (Some(c), Some(x)) = (rec.completed_on, rec.closed_on)
        && x < c
    {
        out.push(
            r.origin
                .error(
                    &[Seg::Key("closed_on")],
                    format!("closed_on {x} is before completed_on {c}"),
                )
                .code(Code::DatesOutOfOrder)
                .arg("variant", "closed-before-completed")
                .arg("date", x)
                .arg("other", c)
                .with_help("a case is closed (销号) after the work is completed"),
        );
    }
    if let (Some(start), Some(done)) = (rec.received_on, rec.completed_on)
        && done < start
    {
        out.push(
            r.origin
                .error(
                    &[Seg::Key("completed_on")],
                    format!("completed_on {done} is before received_on {start}"),
                )
                .code(Code::DatesOutOfOrder)
                .arg("variant", "completed-before-received")
                .arg("date", done)
                .arg("other", start),
        );
    }
}

fn updates_in_date_order(r: &SourceRecord, _: &Ctx, out: &mut Vec<Diagnostic>) {
    for (i, pair) in r.record.updates.windows(2).enumerate() {
        if pair[1].date < pair[0].date {
            out.push(r.origin.error(&[Seg::Key("updates"), Seg::Index(i + 1), Seg::Key("date")],
                format!("update dated {} comes after one dated {}; updates must be oldest first", pair[1].date, pair[0].date))
                .code(Code::UpdatesOutOfOrder)
                .arg("date", pair[1].date)
                .arg("other", pair[0].date)
                .with_help("updates are append-only: add new progress at the end of the list, never edit history"));
        }
    }
}

fn status_matches_last_update(r: &SourceRecord, _: &Ctx, out: &mut Vec<Diagnostic>) {
    if let Some((i, last)) = r.record.last_update_status()
        && last != r.record.status
    {
        out.push(
            r.origin
                .error(
                    &[Seg::Key("status")],
                    format!(
                        "status is `{}` but the last update that sets a status (dated {}) says `{last}`",
                        r.record.status, r.record.updates[i].date
                    ),
                )
                .code(Code::StatusDisagrees)
                .arg("status", r.record.status)
                .arg("date", r.record.updates[i].date)
                .arg("other", last)
                .with_help("add an update with the new status, or correct `status`"),
        );
    }
}

fn deadline_matches_changes(r: &SourceRecord, _: &Ctx, out: &mut Vec<Diagnostic>) {
    let rec = &r.record;
    let Some(last) = rec.deadline_changes.last() else {
        return;
    };
    if rec.deadline != Some(last.to) {
        let shown = rec
            .deadline
            .map_or_else(|| "missing".to_string(), |d| d.to_string());
        out.push(r.origin.error(&[Seg::Key("deadline")], format!("deadline is {shown} but the last deadline change sets it to {}", last.to))
            .code(Code::DeadlineMismatch)
            .arg("variant", if rec.deadline.is_some() { "" } else { "missing" })
            .arg("date", &shown)
            .arg("other", last.to)
            .with_help("`deadline` is the current deadline: make it equal the `to` of the last entry in `deadline_changes`"));
    }
}

fn evidence_files_exist(r: &SourceRecord, ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    let folder = r.origin.file.parent().unwrap_or(Path::new(""));
    for (i, e) in r.record.evidence.iter().enumerate() {
        let path = folder.join(&e.file);
        let escapes = Path::new(&e.file)
            .components()
            .any(|c| !matches!(c, std::path::Component::Normal(_)));
        if escapes || !ctx.record_files.contains(&path) {
            out.push(
                r.origin
                    .error(
                        &[Seg::Key("evidence"), Seg::Index(i), Seg::Key("file")],
                        format!("evidence file `{}` not found next to the record", e.file),
                    )
                    .code(Code::EvidenceMissing)
                    .arg("file", &e.file)
                    .with_help(format!(
                        "put the file at {} (a path inside the record's folder), or correct the name",
                        path.display()
                    )),
            );
        }
    }
}

fn verification_only_for_complaints(r: &SourceRecord, _: &Ctx, out: &mut Vec<Diagnostic>) {
    if r.record.verification.is_some() && r.record.kind != Kind::Complaint {
        out.push(
            r.origin
                .warning(
                    &[Seg::Key("verification")],
                    format!(
                        "`verification` (是否属实) is for complaint cases, but this record is a `{}`",
                        r.record.kind
                    ),
                )
                .code(Code::VerificationNotComplaint)
                .arg("kind", r.record.kind),
        );
    }
}

fn texts_not_empty(r: &SourceRecord, _: &Ctx, out: &mut Vec<Diagnostic>) {
    for (i, u) in r.record.updates.iter().enumerate() {
        if u.text.trim().is_empty() {
            out.push(
                r.origin
                    .error(
                        &[Seg::Key("updates"), Seg::Index(i), Seg::Key("text")],
                        "the update has no text",
                    )
                    .code(Code::EmptyText)
                    .arg("variant", "update")
                    .with_help("say what was done on that date"),
            );
        }
    }
    for (i, c) in r.record.deadline_changes.iter().enumerate() {
        if c.reason.trim().is_empty() {
            out.push(
                r.origin
                    .error(
                        &[Seg::Key("deadline_changes"), Seg::Index(i), Seg::Key("reason")],
                        "a deadline change needs a reason",
                    )
                    .code(Code::EmptyText)
                    .arg("variant", "reason")
                    .with_help("the public must see why the deadline moved"),
            );
        }
    }
}

fn unique_ids(records: &[SourceRecord], out: &mut Vec<Diagnostic>) {
    let mut first: BTreeMap<&str, &SourceRecord> = BTreeMap::new();
    for r in records {
        match first.get(r.record.id.as_str()) {
            Some(earlier) => {
                let (line, _) = earlier.origin.position(&[Seg::Key("id")]);
                out.push(
                    r.origin
                        .error(
                            &[Seg::Key("id")],
                            format!(
                                "id `{}` is already used by {}:{line}",
                                r.record.id,
                                earlier.origin.file.display()
                            ),
                        )
                        .code(Code::DuplicateId)
                        .arg("id", &r.record.id)
                        .arg("file", earlier.origin.file.display())
                        .arg("line", line)
                        .with_help("every record needs its own id; merge the two or renumber one"),
                );
            }
            None => {
                first.insert(r.record.id.as_str(), r);
            }
        }
    }
}

/// `seq` (序号) is the row of one official table: an inspection's batch of complaints, or
/// the inspection's list of problems for records without a batch. Two rows of one table
/// cannot share it.
fn unique_seqs(records: &[SourceRecord], out: &mut Vec<Diagnostic>) {
    let mut first: BTreeMap<(Option<&str>, Option<u32>, u32), &SourceRecord> = BTreeMap::new();
    for r in records {
        let Some(seq) = r.record.seq else {
            continue;
        };
        let key = (r.record.inspection.as_deref(), r.record.batch, seq);
        match first.get(&key) {
            Some(earlier) => {
                let (line, _) = earlier.origin.position(&[Seg::Key("seq")]);
                out.push(
                    r.origin
                        .error(
                            &[Seg::Key("seq")],
                            format!(
                                "seq {seq} is already used in the same inspection and batch by {}:{line}",
                                earlier.origin.file.display()
                            ),
                        )
                        .code(Code::DuplicateSeq)
                        .arg("value", seq)
                        .arg("file", earlier.origin.file.display())
                        .arg("line", line)
                        .with_help(
                            "every row of one official table needs its own 序号; renumber one of the two",
                        ),
                );
            }
            None => {
                first.insert(key, r);
            }
        }
    }
}

fn related_exist(records: &[SourceRecord], out: &mut Vec<Diagnostic>) {
    let ids: BTreeSet<&str> = records.iter().map(|r| r.record.id.as_str()).collect();
    for r in records {
        for (i, rel) in r.record.related.iter().enumerate() {
            let here = [Seg::Key("related"), Seg::Index(i)];
            if rel == &r.record.id {
                out.push(
                    r.origin
                        .error(&here, "a record cannot be related to itself")
                        .code(Code::RelatedSelf),
                );
            } else if !ids.contains(rel.as_str()) {
                let all: Vec<&str> = ids.iter().copied().collect();
                let mut d = r
                    .origin
                    .error(&here, format!("related record `{rel}` does not exist"))
                    .code(Code::UnknownRelated)
                    .arg("value", rel);
                if let Some(near) = nearest(rel.as_str(), &all) {
                    d = d.arg("nearest", near);
                }
                out.push(d);
            }
        }
    }
}
