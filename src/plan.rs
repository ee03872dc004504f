//! The plan of outputs: every file a build writes, once, with what produces it.
//!
//! Generated pages, feeds, downloads and the search index share the output folder with
//! files the site supplies (its `static/` folder, the theme's files, evidence beside a
//! record). Two producers of one path would silently replace each other — an evidence
//! file named `index.html` would replace the record's page, a `static/data/records.csv`
//! the open data — so [`clashes`] lists every planned output and reports each path
//! planned twice, naming both producers. `check` and `build` both run it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::derive::{FacetKind, Facts};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::Record;
use crate::output::{manifest, search};
use crate::render::theme::{StaticSource, Theme};
use crate::render::{self, RenderInput};
use crate::routes;
use crate::source::{Seg, Sources};

/// What produces one output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Producer {
    /// A page, feed, download or index the build generates (named for the message).
    Generated(String),
    /// A file of the site's or the theme's `static/` folder.
    Static(PathBuf),
    /// An evidence file listed by a record: the record's file and the line of the entry.
    Evidence {
        /// The record's file.
        file: PathBuf,
        /// The line of its `evidence[i].file`.
        line: usize,
        /// The field path, `evidence[1].file`.
        field: String,
    },
}

impl std::fmt::Display for Producer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Producer::Generated(what) => write!(f, "the generated {what}"),
            Producer::Static(path) => write!(f, "the static file {}", path.display()),
            Producer::Evidence { file, line, .. } => {
                write!(f, "the evidence listed at {}:{line}", file.display())
            }
        }
    }
}

impl Producer {
    /// What the message catalogue needs to name the producer in any language: its kind
    /// (`generated`, `static`, `evidence`), its file (`static/feed.xml`, `content/records/a.md:7`)
    /// and, for a generated output, what it is (`page`, `atom-feed`, `download`…).
    fn args(&self) -> (&'static str, String, String) {
        match self {
            Producer::Generated(what) => (
                "generated",
                String::new(),
                what.to_ascii_lowercase().replace([' ', '.'], "-"),
            ),
            Producer::Static(path) => ("static", path.display().to_string(), String::new()),
            Producer::Evidence { file, line, .. } => {
                ("evidence", format!("{}:{line}", file.display()), String::new())
            }
        }
    }
}

/// Every output of the site with its producer, generated ones first, in a stable order.
pub fn outputs(
    sources: &Sources,
    theme: &Theme,
    records: &[&Record],
    facts: &Facts,
) -> Vec<(String, Producer)> {
    let changes = crate::changes::Changes::default();
    let input = RenderInput {
        config: &sources.config,
        records,
        evidence: &[],
        pages: &sources.pages,
        facts,
        theme,
        changes: &changes,
        versions: &[],
        relative_urls: false,
    };
    let generated = |what: &str| Producer::Generated(what.to_string());
    let mut out: Vec<(String, Producer)> = render::plan(&input)
        .iter()
        .map(|job| (render::output_of(&input, job).0, generated("page")))
        .collect();
    for redirect in &facts.redirects {
        let path = routes::facet(redirect.facet.folder(), &redirect.from);
        out.push((path.file(), generated("redirect page")));
    }
    out.push((routes::feed().file(), generated("Atom feed")));
    out.push((routes::closures_feed().file(), generated("closure-notice feed")));
    for group in &facts.facets[&FacetKind::Regions] {
        let path = routes::facet(FacetKind::Regions.folder(), &group.slug).join(routes::FEED);
        out.push((path.file(), generated("region feed")));
    }
    for r in records {
        out.push((
            routes::record_feed(r.id.as_str()).file(),
            generated("record feed"),
        ));
    }
    for group in facts.facets.values().flatten() {
        let path = routes::facet_csv(group.facet.folder(), &group.slug);
        out.push((path.file(), generated("facet CSV")));
    }
    for table in &facts.tables {
        for format in ["xlsx", "csv"] {
            let folder = sources.config.inspection_slug(&table.inspection);
            let path = routes::official_download(folder, table.batch, format);
            out.push((path.file(), generated("official table download")));
        }
    }
    for name in [
        "records.csv",
        "records.json",
        "records.xlsx",
        "schema.json",
        "changes.json",
    ] {
        out.push((routes::download(name).file(), generated("download")));
    }
    out.push((routes::slug_map().file(), generated("slug map")));
    out.push((routes::data().file(), generated("data page")));
    out.push((routes::search_docs().file(), generated("search index")));
    for n in 0..search::SHARDS {
        out.push((routes::search_shard(n).file(), generated("search index")));
    }
    out.push((routes::sitemap().file(), generated("sitemap")));
    out.push((routes::asset("robots.txt").file(), generated("robots.txt")));
    out.push((manifest::MANIFEST.to_string(), generated("manifest")));
    out.push((manifest::SIGNATURE.to_string(), generated("manifest signature")));
    for (path, source) in &theme.static_files {
        let producer = match source {
            StaticSource::File(file) => Producer::Static(relative_to(&sources.root, file)),
            StaticSource::Embedded(_) => generated("theme file"),
        };
        out.push((path.clone(), producer));
    }
    for r in &sources.records {
        for (i, e) in r.record.evidence.iter().enumerate() {
            let here = [Seg::Key("evidence"), Seg::Index(i), Seg::Key("file")];
            let (line, _) = r.origin.position(&here);
            let path = routes::evidence(r.record.id.as_str(), &e.file).file();
            out.push((
                path,
                Producer::Evidence {
                    file: r.origin.file.clone(),
                    line,
                    field: r.origin.field_path(&here),
                },
            ));
        }
    }
    out
}

/// Each output path planned twice, as an error at the site's own file of the later
/// producer (a static or evidence file), naming both producers.
pub fn clashes(outputs: &[(String, Producer)]) -> Vec<Diagnostic> {
    let mut first: HashMap<&str, &Producer> = HashMap::with_capacity(outputs.len());
    let mut out = Vec::new();
    for (path, producer) in outputs {
        let Some(earlier) = first.get(path.as_str()).copied() else {
            first.insert(path, producer);
            continue;
        };
        if earlier == producer {
            continue; // one record listing the same file twice publishes it once
        }
        let message = format!("{producer} would be published at /{path}, where {earlier} is published too");
        let d = match producer {
            Producer::Evidence { file, line, field } => {
                Diagnostic::error(file, *line, 1, message).field(field)
            }
            Producer::Static(file) => Diagnostic::error(file, 1, 1, message).without_source(),
            Producer::Generated(_) => Diagnostic::error(crate::source::CONFIG_FILE, 0, 0, message),
        };
        let (kind, name, what) = producer.args();
        let (other_kind, other_name, other_what) = earlier.args();
        out.push(
            d.code(Code::OutputClash)
                .arg("path", path)
                .arg("producer_kind", kind)
                .arg("producer_name", name)
                .arg("producer_what", what)
                .arg("other_kind", other_kind)
                .arg("other_name", other_name)
                .arg("other_what", other_what)
                .with_help("rename the file: one address can hold only one file, and generated pages, feeds and downloads keep theirs"),
        );
    }
    out
}

/// The diagnostics of [`clashes`] over a loaded site, and every internal link in content
/// that leads to none of its outputs (`validate::links`); derives its facts for the
/// paths, with the slugs kept from the `previous` publication's map.
pub fn check(
    sources: &Sources,
    theme: &Theme,
    as_of: crate::model::Date,
    previous: &crate::slug::SlugMap,
) -> Vec<Diagnostic> {
    let records: Vec<&Record> = sources.records.iter().map(|r| &r.record).collect();
    let facts = crate::derive::derive(&sources.config, &records, as_of, previous);
    let planned = outputs(sources, theme, &records, &facts);
    let mut found = clashes(&planned);
    let files: std::collections::HashSet<&str> = planned.iter().map(|(p, _)| p.as_str()).collect();
    found.extend(crate::validate::links::check(sources, &files));
    found
}

fn relative_to(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_planned_twice_names_both_producers() {
        let outputs = vec![
            (
                "records/A-1/index.html".to_string(),
                Producer::Generated("page".into()),
            ),
            (
                "records/A-1/index.html".to_string(),
                Producer::Evidence {
                    file: "content/records/A-1.md".into(),
                    line: 9,
                    field: "evidence[0].file".into(),
                },
            ),
            (
                "data/records.csv".to_string(),
                Producer::Generated("download".into()),
            ),
            (
                "data/records.csv".to_string(),
                Producer::Static("static/data/records.csv".into()),
            ),
            ("a.png".to_string(), Producer::Static("static/a.png".into())),
        ];
        let found = clashes(&outputs);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].file(), Some(Path::new("content/records/A-1.md")));
        assert_eq!((found[0].line, found[0].field.as_str()), (9, "evidence[0].file"));
        assert!(
            found[0].message.contains("/records/A-1/index.html"),
            "{}",
            found[0].message
        );
        assert!(
            found[0].message.contains("the generated page"),
            "{}",
            found[0].message
        );
        assert_eq!(found[1].file(), Some(Path::new("static/data/records.csv")));
        assert!(
            found[1].message.contains("the generated download"),
            "{}",
            found[1].message
        );
    }
}
