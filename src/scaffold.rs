//! `disclose init` and `disclose new`: a new site from the sample disclosure built into
//! the binary, and a new record file from its kind's template.

use std::path::{Path, PathBuf};

use crate::model::{Date, Kind, RecordId};

macro_rules! embed_site {
    ($($path:literal),+ $(,)?) => {
        &[$(($path, include_bytes!(concat!("../", $path)) as &[u8])),+]
    };
}

/// The files `init` writes: the repository's own sample disclosure.
pub const SAMPLE_SITE: &[(&str, &[u8])] = embed_site!(
    "site.yaml",
    "content/_index.md",
    "content/about.md",
    "content/notices/_index.md",
    "content/notices/2021-05-rectification-plan.md",
    "content/notices/2022-09-quarterly-report.md",
    "content/records/_index.md",
    "content/records/F-2021-01-site.png",
    "content/records/F-2021-01.md",
    "content/records/F-2021-02.md",
    "content/records/F-2021-03.md",
    "content/records/F-2021-04.md",
    "content/records/F-2021-05.md",
    "content/records/F-2021-06.md",
    "content/records/X2YX202105060188.md",
    "content/records/complaints-2021.yaml",
    "content/records/draft-X2YX202105080201.md",
    "content/records/lookback-2018.yaml",
    "content/records/tasks-2022.yaml",
);

/// Writes a new site into `dir`. Refuses a non-empty folder unless `force`.
pub fn init(dir: &Path, force: bool) -> Result<Vec<PathBuf>, String> {
    if dir.exists() {
        let non_empty = std::fs::read_dir(dir)
            .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
            .next()
            .is_some();
        if non_empty && !force {
            return Err(format!(
                "{} is not empty; choose a new folder, or pass --force to add the sample site to it",
                dir.display()
            ));
        }
    }
    let mut written = Vec::new();
    for (rel, bytes) in SAMPLE_SITE {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        write_atomic(&path, bytes)?;
        written.push(path);
    }
    Ok(written)
}

fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), String> {
    crate::output::write_file_atomic(path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// The text of a new record of `kind` with `id`, dated `today`.
pub fn record_template(kind: Kind, id: &str, today: Date) -> String {
    let verification = if kind == Kind::Complaint {
        "verification: pending          # 是否属实: true | mostly | partly | false | pending\nfindings: \"\"                   # 调查核实情况\n"
    } else {
        ""
    };
    format!(
        "---\n\
id: {id}\n\
kind: {kind}\n\
# inspection: cei2-2021         # 督察轮次: an id from site.yaml `inspections:`\n\
title: \"\"                      # 标题 (required): fill in before publishing\n\
summary: \"\"                    # 问题基本情况\n\
region: \"\"                     # 行政区域: a town or street from site.yaml `regions:`\n\
pollution_types: []             # water | air | soil | ecology | radiation | noise | solid_waste | other\n\
{verification}\
target: \"\"                     # 整改目标\n\
measures: []                    # 整改措施, one item per measure\n\
lead_unit: \"\"                  # 牵头责任单位\n\
co_units: []                    # 配合责任单位\n\
responsible_post: \"\"           # 责任人（职务）: a post, never a person's name\n\
received_on: {today}            # 交办日期\n\
# deadline: {today}             # 整改时限: a date, or `ongoing` (长期坚持)\n\
status: not_started             # not_started | in_progress | staged | completed | closed\n\
updates: []                     # append {{ date, status, text }} entries, oldest first\n\
---\n\
详细情况（可选）。\n"
    )
}

/// Writes `content/records/<id>.md` for a new record, dated `date` or else the site's
/// as-of date (`site.yaml` `as_of`, else `SOURCE_DATE_EPOCH`, else today), so that the new
/// record passes `check` on that date. Refuses an id that exists.
pub fn new_record(root: &Path, kind: Kind, id: &str, date: Option<Date>) -> Result<PathBuf, String> {
    if !RecordId(id.to_string()).is_well_formed() {
        return Err(format!(
            "id `{id}` is not URL-safe; use only A-Z, a-z, 0-9, `.`, `_` and `-`"
        ));
    }
    let (sources, _) = crate::source::load(root, crate::source::LoadOptions { drafts: true });
    let sources =
        sources.ok_or_else(|| format!("{} has no site.yaml; run `disclose init` first", root.display()))?;
    let today = crate::resolve_as_of(date, sources.config.as_of).map_err(|d| d.message)?;
    if let Some(existing) = sources.records.iter().find(|r| r.record.id.as_str() == id) {
        return Err(format!(
            "id `{id}` already exists in {}",
            existing.origin.file.display()
        ));
    }
    let path = root.join("content/records").join(format!("{id}.md"));
    if path.exists() {
        return Err(format!("{} already exists", path.display()));
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    write_atomic(&path, record_template(kind, id, today).as_bytes())?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_sample_is_the_repository_sample() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut on_disk: Vec<String> = walkdir::WalkDir::new(root.join("content"))
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                e.path()
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        on_disk.push("site.yaml".into());
        on_disk.sort();
        let mut embedded: Vec<String> = SAMPLE_SITE.iter().map(|(p, _)| p.to_string()).collect();
        embedded.sort();
        assert_eq!(on_disk, embedded, "update SAMPLE_SITE in src/scaffold.rs");
    }

    #[test]
    fn templates_parse_as_records() {
        for kind in Kind::ALL {
            let text = record_template(*kind, "N-1", "2022-09-30".parse().unwrap());
            let split = crate::source::frontmatter::split(&text).unwrap();
            let r: crate::model::Record = serde_yaml::from_str(split.yaml).unwrap();
            assert_eq!(r.kind, *kind);
        }
    }
}
