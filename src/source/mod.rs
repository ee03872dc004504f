//! Load: the site folder into typed sources. Reads `site.yaml`, walks `content/` (never
//! following a symlink out of the site), decodes text, splits front matter and parses
//! YAML into [`Record`]s and [`Page`]s. Files are parsed in parallel; every problem is
//! returned as a diagnostic, none is printed here.

pub mod frontmatter;
pub mod locate;
pub mod slips;
pub mod text;
pub mod yaml;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Deserialize;

use crate::config::SiteConfig;
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::model::{Page, PageFront, Record};
pub use locate::Seg;

/// Where a record came from, to position diagnostics lazily.
#[derive(Debug, Clone)]
pub struct Origin {
    /// File, relative to the site root.
    pub file: PathBuf,
    /// The YAML text of the record's file (front matter only, for `.md`).
    pub yaml: Arc<str>,
    /// 1-based line of the file where `yaml` starts.
    pub yaml_line: usize,
    /// Index in the `records:` list, for multi-record YAML files.
    pub list_index: Option<usize>,
}

impl Origin {
    /// 1-based (line, column) in the file of the value at `path` inside this record.
    pub fn position(&self, path: &[Seg]) -> (usize, usize) {
        let mut full = Vec::with_capacity(path.len() + 2);
        if let Some(i) = self.list_index {
            full.push(Seg::Key("records"));
            full.push(Seg::Index(i));
        }
        full.extend_from_slice(path);
        let (line, col) = locate::locate(&self.yaml, &full);
        (self.yaml_line + line, col + 1)
    }

    /// The field path of the value at `path` inside this record, as diagnostics name it
    /// (`records[2].updates[1].date` in a multi-record file).
    pub fn field_path(&self, path: &[Seg]) -> String {
        let mut full = Vec::with_capacity(path.len() + 2);
        if let Some(i) = self.list_index {
            full.push(Seg::Key("records"));
            full.push(Seg::Index(i));
        }
        full.extend_from_slice(path);
        locate::display_path(&full)
    }

    /// 1-based line of the file where a `.md` record's body (after the front matter)
    /// starts.
    pub fn body_line(&self) -> usize {
        self.yaml_line + self.yaml.matches('\n').count() + 1
    }

    /// An error about the value at `path` (positioned, with its field path).
    pub fn error(&self, path: &[Seg], message: impl Into<String>) -> Diagnostic {
        let (line, column) = self.position(path);
        Diagnostic::error(&self.file, line, column, message).field(self.field_path(path))
    }

    /// A warning about the value at `path` (positioned, with its field path).
    pub fn warning(&self, path: &[Seg], message: impl Into<String>) -> Diagnostic {
        let (line, column) = self.position(path);
        Diagnostic::warning(&self.file, line, column, message).field(self.field_path(path))
    }
}

/// A parsed record and where it came from.
#[derive(Debug, Clone)]
pub struct SourceRecord {
    /// The record.
    pub record: Record,
    /// Its file and text.
    pub origin: Origin,
}

impl SourceRecord {
    /// The record's version: a hash of its source text (front matter, body and place in
    /// its file). What is made from the record alone (its Markdown, its CSV line and
    /// `records.json` piece, its search postings) is kept between `serve` rebuilds while
    /// the version is unchanged.
    pub fn version(&self) -> u64 {
        use std::hash::{DefaultHasher, Hash, Hasher};
        let mut h = DefaultHasher::new();
        (
            &*self.origin.yaml,
            self.record.body.as_deref(),
            self.origin.list_index,
        )
            .hash(&mut h);
        h.finish()
    }
}

/// Everything read from the site folder.
#[derive(Debug, Clone)]
pub struct Sources {
    /// The site root (absolute).
    pub root: PathBuf,
    /// `site.yaml`.
    pub config: SiteConfig,
    /// `site.yaml`'s text, to position diagnostics about it.
    pub config_origin: Origin,
    /// Records in file order.
    pub records: Vec<SourceRecord>,
    /// Pages and section indexes in file order.
    pub pages: Vec<Page>,
    /// Non-source files under `content/records/` (evidence candidates), relative to root.
    pub record_files: BTreeSet<PathBuf>,
}

/// What to load.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    /// Include records and pages marked `draft: true`.
    pub drafts: bool,
}

/// The name of the configuration file at the site root.
pub const CONFIG_FILE: &str = "site.yaml";

/// Loads `site.yaml` alone, with its origin for positioning diagnostics.
pub fn load_config(root: &Path) -> Result<(SiteConfig, Origin), Diagnostic> {
    let path = root.join(CONFIG_FILE);
    let bytes = std::fs::read(&path).map_err(|e| {
        Diagnostic::error(CONFIG_FILE, 0, 0, format!("cannot read {}: {e}", path.display()))
            .code(Code::NoSiteConfig)
            .arg("error", &e)
            .with_help("run disclose in a site folder (one with site.yaml), pass --root DIR, or create a site with `disclose init`")
    })?;
    let text = text::decode(&bytes).map_err(|e| {
        Diagnostic::error(CONFIG_FILE, e.line, 1, &e.message)
            .code(Code::NotUtf8)
            .arg("encoding", &e.encoding)
    })?;
    let config = yaml::parse(&text, Path::new(CONFIG_FILE), 1)?;
    Ok((
        config,
        Origin {
            file: PathBuf::from(CONFIG_FILE),
            yaml: Arc::from(text),
            yaml_line: 1,
            list_index: None,
        },
    ))
}

/// Loads the whole site. Returns `None` when `site.yaml` itself cannot be read.
pub fn load(root: &Path, options: LoadOptions) -> (Option<Sources>, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let (config, config_origin) = match load_config(root) {
        Ok(c) => c,
        Err(d) => {
            diagnostics.push(d);
            return (None, diagnostics);
        }
    };
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let (entries, walk_diagnostics) = walk_content(&root, config.limits.max_file_size);
    diagnostics.extend(walk_diagnostics);

    let parsed: Vec<(Parsed, Vec<Diagnostic>)> = entries.par_iter().map(parse_entry).collect();

    let mut sources = Sources {
        root,
        config,
        config_origin,
        records: Vec::new(),
        pages: Vec::new(),
        record_files: BTreeSet::new(),
    };
    for (item, diags) in parsed {
        diagnostics.extend(diags);
        match item {
            Parsed::Records(records) => sources
                .records
                .extend(records.into_iter().filter(|r| options.drafts || !r.record.draft)),
            Parsed::Page(page) if options.drafts || !page.front.draft => sources.pages.push(*page),
            Parsed::Page(_) | Parsed::Nothing => {}
            Parsed::RecordFile(rel) => {
                sources.record_files.insert(rel);
            }
        }
    }
    (Some(sources), diagnostics)
}

/// Reads one record file again (`serve`'s incremental rebuild): the record if `rel` is a
/// regular Markdown record file under `content/records/` holding exactly one record,
/// `None` otherwise (the caller then loads the whole site), with the file's diagnostics.
pub fn reread_record(root: &Path, rel: &Path, max_size: u64) -> (Option<SourceRecord>, Vec<Diagnostic>) {
    let path = root.join(rel);
    let is_markdown_record = rel.starts_with("content/records")
        && rel.extension().is_some_and(|e| e.eq_ignore_ascii_case("md"))
        && rel.file_name().is_some_and(|n| n != "_index.md");
    let regular = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file() && m.len() <= max_size);
    if !is_markdown_record || !regular {
        return (None, Vec::new());
    }
    let entry = Entry {
        rel: rel.to_path_buf(),
        read_from: path,
        kind: EntryKind::RecordMarkdown,
    };
    match parse_entry(&entry) {
        (Parsed::Records(mut records), diagnostics) if records.len() == 1 => (records.pop(), diagnostics),
        (_, diagnostics) => (None, diagnostics),
    }
}

#[derive(Debug)]
enum EntryKind {
    RecordMarkdown,
    RecordYaml,
    Page,
    RecordFile,
}

#[derive(Debug)]
struct Entry {
    /// Relative to the site root.
    rel: PathBuf,
    /// The file to read (a symlink's target inside the site, or the file itself).
    read_from: PathBuf,
    kind: EntryKind,
}

enum Parsed {
    Records(Vec<SourceRecord>),
    Page(Box<Page>),
    RecordFile(PathBuf),
    Nothing,
}

/// Names that are never site sources: hidden files and editors' backup and swap files.
pub(crate) fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
}

/// Lists the files of `content/`, sorted, refusing what must not be read.
fn walk_content(root: &Path, max_size: u64) -> (Vec<Entry>, Vec<Diagnostic>) {
    let content = root.join("content");
    let mut entries = Vec::new();
    let mut diagnostics = Vec::new();
    if !content.is_dir() {
        diagnostics.push(
            Diagnostic::error("content", 0, 0, "the site has no content/ folder")
                .code(Code::NoContentFolder)
                .with_help("create content/records/ and put one .md or .yaml file per case in it"),
        );
        return (entries, diagnostics);
    }
    let walker = walkdir::WalkDir::new(&content)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || e.file_name().to_str().is_none_or(|n| !is_ignored(n)));
    for item in walker {
        let entry = match item {
            Ok(e) => e,
            Err(e) => {
                let rel = e
                    .path()
                    .and_then(|p| p.strip_prefix(root).ok())
                    .unwrap_or(Path::new("content"));
                diagnostics.push(
                    Diagnostic::error(rel, 0, 0, format!("cannot read: {e}"))
                        .code(Code::CannotRead)
                        .arg("error", &e),
                );
                continue;
            }
        };
        let rel = entry
            .path()
            .strip_prefix(root)
            .unwrap_or(entry.path())
            .to_path_buf();
        if entry.file_name().to_str().is_none() {
            diagnostics.push(
                Diagnostic::error(
                    PathBuf::from(rel.to_string_lossy().into_owned()),
                    0,
                    0,
                    "the file name is not valid UTF-8",
                )
                .code(Code::FileNameNotUtf8)
                .with_help("rename the file using UTF-8 (names saved from old Windows tools are often GBK)"),
            );
            continue;
        }
        let mut read_from = entry.path().to_path_buf();
        let mut is_file = entry.file_type().is_file();
        if entry.path_is_symlink() {
            match entry.path().canonicalize() {
                Ok(target) if target.starts_with(root) => {
                    if target.is_dir() {
                        diagnostics.push(
                            Diagnostic::warning(
                                &rel,
                                0,
                                0,
                                "symlinked folder skipped: disclose does not follow folder links",
                            )
                            .code(Code::SymlinkedFolder),
                        );
                        continue;
                    }
                    is_file = target.is_file();
                    read_from = target;
                }
                _ => {
                    diagnostics.push(
                        Diagnostic::error(
                            &rel,
                            0,
                            0,
                            "this symlink points outside the site folder (or nowhere)",
                        )
                        .code(Code::SymlinkOutside)
                        .with_help(
                            "copy the file into the site instead; disclose never reads outside the site",
                        ),
                    );
                    continue;
                }
            }
        }
        if !is_file {
            continue;
        }
        let under_records = rel.starts_with("content/records");
        let name = entry.file_name().to_str().unwrap_or_default();
        let ext = Path::new(name)
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        let kind = match (under_records, ext.as_str()) {
            (true, "md") if name != "_index.md" => EntryKind::RecordMarkdown,
            (true, "yaml" | "yml") => EntryKind::RecordYaml,
            (_, "md") => EntryKind::Page,
            (true, _) => EntryKind::RecordFile,
            (false, _) => continue, // not published: only listed evidence and pages are
        };
        if !matches!(kind, EntryKind::RecordFile) {
            let size = std::fs::metadata(&read_from).map(|m| m.len()).unwrap_or(0);
            if size > max_size {
                diagnostics.push(
                    Diagnostic::error(
                        &rel,
                        0,
                        0,
                        format!("the file is {size} bytes, over the limit of {max_size}"),
                    )
                    .code(Code::FileTooLarge)
                    .arg("size", size)
                    .arg("limit", max_size)
                    .with_help("split the file, or raise `limits: { max_file_size: N }` in site.yaml"),
                );
                continue;
            }
        }
        entries.push(Entry { rel, read_from, kind });
    }
    (entries, diagnostics)
}

fn read_text(entry: &Entry) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(&entry.read_from).map_err(|e| {
        Diagnostic::error(&entry.rel, 0, 0, format!("cannot read the file: {e}"))
            .code(Code::CannotRead)
            .arg("error", &e)
    })?;
    text::decode(&bytes).map_err(|e| {
        Diagnostic::error(&entry.rel, e.line, 1, &e.message)
            .code(Code::NotUtf8)
            .arg("encoding", &e.encoding)
    })
}

fn parse_entry(entry: &Entry) -> (Parsed, Vec<Diagnostic>) {
    if let EntryKind::RecordFile = entry.kind {
        return (Parsed::RecordFile(entry.rel.clone()), Vec::new());
    }
    let text = match read_text(entry) {
        Ok(t) => t,
        Err(d) => return (Parsed::Nothing, vec![d]),
    };
    match entry.kind {
        EntryKind::RecordMarkdown => parse_record_markdown(&entry.rel, &text),
        EntryKind::RecordYaml => parse_record_yaml(&entry.rel, text),
        EntryKind::Page => parse_page(&entry.rel, &text),
        EntryKind::RecordFile => unreachable!("handled above"),
    }
}

fn missing_front_matter(rel: &Path) -> Diagnostic {
    Diagnostic::error(rel, 1, 1, "the file has no front matter")
        .code(Code::NoFrontMatter)
        .with_help("start the file with a line `---`, then the YAML fields, then another line `---`")
}

fn parse_record_markdown(rel: &Path, text: &str) -> (Parsed, Vec<Diagnostic>) {
    let Some(split) = frontmatter::split(text) else {
        return (Parsed::Nothing, vec![missing_front_matter(rel)]);
    };
    match yaml::parse_all::<Record>(split.yaml, rel, split.yaml_line) {
        Ok(mut record) => {
            let body = split.body.trim();
            record.body = (!body.is_empty()).then(|| split.body.to_string());
            let origin = Origin {
                file: rel.to_path_buf(),
                yaml: Arc::from(split.yaml),
                yaml_line: split.yaml_line,
                list_index: None,
            };
            (Parsed::Records(vec![SourceRecord { record, origin }]), Vec::new())
        }
        Err(all) => (Parsed::Nothing, all),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RecordList {
    records: Vec<Record>,
}

fn is_record_list(text: &str) -> bool {
    text.lines().any(|l| l.starts_with("records:"))
}

fn parse_record_yaml(rel: &Path, text: String) -> (Parsed, Vec<Diagnostic>) {
    let yaml: Arc<str> = Arc::from(text);
    if is_record_list(&yaml) {
        match yaml::parse_all::<RecordList>(&yaml, rel, 1) {
            Ok(list) => {
                let records = list
                    .records
                    .into_iter()
                    .enumerate()
                    .map(|(i, record)| SourceRecord {
                        record,
                        origin: Origin {
                            file: rel.to_path_buf(),
                            yaml: Arc::clone(&yaml),
                            yaml_line: 1,
                            list_index: Some(i),
                        },
                    })
                    .collect();
                (Parsed::Records(records), Vec::new())
            }
            Err(all) => match parse_items(rel, &yaml, &all) {
                Some((records, diagnostics)) => (Parsed::Records(records), diagnostics),
                None => (Parsed::Nothing, all),
            },
        }
    } else {
        match yaml::parse_all::<Record>(&yaml, rel, 1) {
            Ok(record) => {
                let origin = Origin {
                    file: rel.to_path_buf(),
                    yaml,
                    yaml_line: 1,
                    list_index: None,
                };
                (Parsed::Records(vec![SourceRecord { record, origin }]), Vec::new())
            }
            Err(all) => (Parsed::Nothing, all),
        }
    }
}

/// A `records:` list that failed to parse as a whole, parsed again item by item, so
/// that an error in `records[1]` does not hide those of `records[2]`, nor the records
/// that are sound from the rules across records (a duplicate id): the records that
/// parse, and every item's diagnostics, each at its own line with its `records[i]`
/// path, plus those of `whole` (the whole file's) outside every item. `None` when the
/// list cannot be split so (flow style, aliases that may reach across items) or the
/// file has a syntax error, which leaves nothing sound to go on from: `whole` is then
/// all there is to say.
fn parse_items(
    rel: &Path,
    yaml: &Arc<str>,
    whole: &[Diagnostic],
) -> Option<(Vec<SourceRecord>, Vec<Diagnostic>)> {
    let unrecoverable = |d: &Diagnostic| matches!(d.code, Some(Code::YamlSyntax | Code::YamlTooDeep) | None);
    if whole.iter().any(unrecoverable) || yaml::has_aliases(yaml) {
        return None;
    }
    let items = list_items(yaml)?;
    let lines: Vec<&str> = yaml.split('\n').collect();
    let mut records = Vec::new();
    let mut diagnostics: Vec<Diagnostic> = whole
        .iter()
        .filter(|d| !items.iter().any(|item| item.contains(&(d.line.max(1) - 1))))
        .cloned()
        .collect();
    for (i, item) in items.iter().enumerate() {
        // The item on its own, its `- ` blanked so it reads as a mapping at the same
        // columns: positions need no mapping back.
        let mut text: Vec<String> = lines[item.clone()].iter().map(|l| l.to_string()).collect();
        if let Some(first) = text.first_mut() {
            let dash = first.len() - first.trim_start_matches(' ').len();
            first.replace_range(dash..dash + 1, " ");
        }
        match yaml::parse_all::<Record>(&text.join("\n"), rel, item.start + 1) {
            Ok(record) => records.push(SourceRecord {
                record,
                origin: Origin {
                    file: rel.to_path_buf(),
                    yaml: Arc::clone(yaml),
                    yaml_line: 1,
                    list_index: Some(i),
                },
            }),
            Err(found) => diagnostics.extend(found.into_iter().map(|d| {
                let field = if d.field.is_empty() {
                    format!("records[{i}]")
                } else {
                    format!("records[{i}].{}", d.field)
                };
                d.field(field)
            })),
        }
    }
    // Parsed item by item, the list found nothing wrong: trust the whole file's word.
    if diagnostics.is_empty() {
        return None;
    }
    Some((records, diagnostics))
}

/// The 0-based line ranges of the items of the block-style `records:` list at the top
/// of `yaml` (an item runs from its `-` line to the next item, or to the end of the
/// list), or `None` when there is no such list.
fn list_items(yaml: &str) -> Option<Vec<std::ops::Range<usize>>> {
    let lines: Vec<&str> = yaml.split('\n').collect();
    let indent = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let is_content = |l: &str| {
        let t = l.trim_start();
        !t.is_empty() && !t.starts_with('#')
    };
    let key = lines.iter().position(|l| {
        l.strip_prefix("records:")
            .is_some_and(|rest| rest.trim().is_empty() || rest.trim_start().starts_with('#'))
    })?;
    let first = (key + 1..lines.len()).find(|&i| is_content(lines[i]))?;
    let level = indent(lines[first]);
    let is_dash = |l: &str| {
        let t = &l[indent(l)..];
        t == "-" || t.starts_with("- ")
    };
    if !is_dash(lines[first]) {
        return None;
    }
    let mut starts = Vec::new();
    let mut end = lines.len();
    for (i, l) in lines.iter().enumerate().skip(first) {
        if !is_content(l) {
            continue;
        }
        if indent(l) == level && is_dash(l) {
            starts.push(i);
        } else if indent(l) < level || (indent(l) == level && !is_dash(l)) {
            end = i;
            break;
        }
    }
    let ranges = starts
        .iter()
        .enumerate()
        .map(|(n, &start)| start..starts.get(n + 1).copied().unwrap_or(end))
        .collect();
    Some(ranges)
}

/// URL path of a page file relative to `content/`: `notices/a.md` → `notices/a/`.
fn page_path(rel_to_content: &Path) -> (String, bool) {
    let components: Vec<&str> = rel_to_content.iter().filter_map(|c| c.to_str()).collect();
    let (dirs, file) = components.split_at(components.len().saturating_sub(1));
    let file = file.first().copied().unwrap_or("");
    let stem = file.strip_suffix(".md").unwrap_or(file);
    let mut parts: Vec<String> = dirs.iter().map(|d| crate::slug::path_part(d)).collect();
    let is_section = stem == "_index";
    if !is_section && stem != "index" {
        parts.push(crate::slug::path_part(stem));
    }
    (
        crate::routes::content_page(&parts).as_str().to_string(),
        is_section,
    )
}

fn parse_page(rel: &Path, text: &str) -> (Parsed, Vec<Diagnostic>) {
    let Some(split) = frontmatter::split(text) else {
        return (Parsed::Nothing, vec![missing_front_matter(rel)]);
    };
    let front: PageFront = match yaml::parse(split.yaml, rel, split.yaml_line) {
        Ok(f) => f,
        Err(d) => return (Parsed::Nothing, vec![d]),
    };
    let rel_to_content = rel.strip_prefix("content").unwrap_or(rel);
    let (path, is_section) = page_path(rel_to_content);
    let section = if is_section {
        path.clone()
    } else {
        let parent = rel_to_content.parent().unwrap_or(Path::new(""));
        let (p, _) = page_path(&parent.join("_index.md"));
        p
    };
    let page = Page {
        front,
        front_yaml: split.yaml.to_string(),
        front_line: split.yaml_line,
        body: split.body.to_string(),
        body_line: split.body_line,
        file: rel.to_path_buf(),
        path,
        is_section,
        section,
    };
    (Parsed::Page(Box::new(page)), Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_paths() {
        assert_eq!(page_path(Path::new("_index.md")), (String::new(), true));
        assert_eq!(
            page_path(Path::new("notices/_index.md")),
            ("notices/".into(), true)
        );
        assert_eq!(
            page_path(Path::new("notices/2022-rules.md")),
            ("notices/2022-rules/".into(), false)
        );
        assert_eq!(page_path(Path::new("about.md")), ("about/".into(), false));
        assert_eq!(page_path(Path::new("关于/index.md")), ("guan-yu/".into(), false));
    }

    #[test]
    fn origin_positions_list_records() {
        let yaml: Arc<str> = Arc::from("records:\n  - id: a\n    title: t\n  - id: b\n    status: closd\n");
        let o = Origin {
            file: "r.yaml".into(),
            yaml,
            yaml_line: 1,
            list_index: Some(1),
        };
        assert_eq!(o.position(&[Seg::Key("status")]), (5, 5));
    }
}
