//! Incremental rebuilds for `serve`: the site stays parsed in memory between rebuilds.
//!
//! When only record files changed, a [`Session`] re-reads those files alone, re-checks
//! them (and the rules across records), derives the facts again (cheap), and publishes in
//! place: pages, feeds and facet CSVs whose fingerprint (a hash of the exact view each is
//! made from, [`crate::render::fingerprint`]) did not change are kept as they are,
//! Markdown and table rows of unchanged records come from the cache, and only changed
//! bytes reach the disk. Anything else — `site.yaml`, a template, a page, a static or
//! evidence file, a record added, removed, renamed or given other evidence, a new as-of
//! day — rebuilds everything. Either way the output equals a full build byte for byte
//! (`tests/incremental.rs`, `tests/random_edits.rs`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::diagnostic::Diagnostics;
use crate::output::site::{Mode, Published, Ready};
use crate::source::{self, SourceRecord};
use crate::{BuildOptions, Prepared, Report, resolve_as_of, timing, validate};

/// A site kept in memory between rebuilds.
#[derive(Debug)]
pub struct Session {
    options: BuildOptions,
    /// The last good build: what it read and what it published. `None` until a build
    /// succeeds, and after a failed write (the next rebuild is then a full one).
    state: Option<State>,
}

#[derive(Debug)]
struct State {
    prepared: Prepared,
    published: Published,
    /// The records of each record file, by path under the site folder. A rebuild in
    /// place keeps every record at its index and in its file, so this holds until the
    /// next full build.
    by_file: HashMap<PathBuf, Vec<usize>>,
}

impl State {
    fn new(prepared: Prepared, published: Published) -> Self {
        let mut by_file: HashMap<PathBuf, Vec<usize>> = HashMap::new();
        for (i, r) in prepared.sources.records.iter().enumerate() {
            by_file.entry(r.origin.file.clone()).or_default().push(i);
        }
        Self {
            prepared,
            published,
            by_file,
        }
    }
}

/// How a rebuild went.
#[derive(Debug)]
pub struct Rebuild {
    /// The build report (errors, counts, timings).
    pub report: Report,
    /// True when only the changed records were re-read and only dependent outputs made.
    pub incremental: bool,
    /// Outputs rendered (pages, feeds, facet CSVs and the site-wide ones).
    pub rendered: usize,
    /// Outputs kept from the last build.
    pub kept: usize,
    /// When the pages and feeds showing records were written (incremental rebuilds call
    /// `ready` then; the site-wide outputs follow).
    pub ready_after: Option<Duration>,
}

impl Session {
    /// A session for `options` (its `out` is the folder the session owns).
    pub fn new(options: BuildOptions) -> Self {
        Self { options, state: None }
    }

    /// A full build, kept in memory for the next rebuild.
    pub fn build(&mut self) -> Rebuild {
        let (report, kept) = crate::build_keeping(&self.options);
        let (rendered, kept_outputs) = kept.as_ref().map_or((0, 0), |(_, p)| (p.rendered, p.kept));
        // A failed build keeps nothing: its cause (a template, say) is not in the kept
        // state, so only a full build can tell when it is fixed.
        self.state = kept.map(|(prepared, published)| State::new(prepared, published));
        Rebuild {
            report,
            incremental: false,
            rendered,
            kept: kept_outputs,
            ready_after: None,
        }
    }

    /// Rebuilds after the files at `changed` (absolute, or relative to the site root)
    /// changed: incrementally when possible, else in full.
    pub fn update(&mut self, changed: &[PathBuf]) -> Rebuild {
        self.update_with(changed, &|| {})
    }

    /// Like [`Session::update`]; an incremental rebuild calls `ready` as soon as every
    /// page and feed that shows a record is written, before the site-wide outputs
    /// (一览表, search index, downloads, sitemap, manifest), so a preview can reload early.
    pub fn update_with(&mut self, changed: &[PathBuf], ready: &Ready<'_>) -> Rebuild {
        match self.changed_records(changed) {
            Some(records) => self.incremental(records, ready),
            None => self.build(),
        }
    }

    /// The changed records as (index, file relative to the root), or `None` when the change
    /// needs a full rebuild.
    fn changed_records(&self, changed: &[PathBuf]) -> Option<Vec<(usize, PathBuf)>> {
        let state = self.state.as_ref()?;
        let sources = &state.prepared.sources;
        let as_of = resolve_as_of(self.options.site.as_of, sources.config.as_of).ok()?;
        if as_of != state.prepared.as_of {
            return None;
        }
        let mut records: Vec<(usize, PathBuf)> = Vec::new();
        for path in changed {
            let rel = path.strip_prefix(&sources.root).unwrap_or(path).to_path_buf();
            match state.by_file.get(rel.as_path()).map(Vec::as_slice) {
                Some(&[i]) if sources.records[i].origin.list_index.is_none() => records.push((i, rel)),
                _ => return None,
            }
        }
        records.sort();
        records.dedup();
        (!records.is_empty()).then_some(records)
    }

    fn incremental(&mut self, changed: Vec<(usize, PathBuf)>, ready: &Ready<'_>) -> Rebuild {
        let started = Instant::now();
        let mut timings = timing::Timings::start();
        let Some(state) = self.state.as_mut() else {
            return self.build();
        };
        let prepared = &mut state.prepared;
        let max_size = prepared.sources.config.limits.max_file_size;
        let mut diagnostics = Diagnostics::new();
        let mut fresh: Vec<(usize, SourceRecord)> = Vec::new();
        for (i, rel) in &changed {
            let (record, found) = source::reread_record(&prepared.sources.root, rel, max_size);
            let errors = found.iter().any(|d| d.is_error());
            diagnostics.extend(found);
            match record {
                Some(new) if !errors => {
                    let old = &prepared.sources.records[*i].record;
                    // Another id, other evidence or a new draft changes what else is
                    // published: do it all.
                    if new.record.id != old.id
                        || new.record.evidence != old.evidence
                        || (new.record.draft && !self.options.site.drafts)
                    {
                        return self.build();
                    }
                    fresh.push((*i, new));
                }
                _ if errors => {}
                _ => return self.build(),
            }
        }
        let failed = |diagnostics: Diagnostics, prepared: &Prepared| Rebuild {
            report: Report {
                diagnostics: diagnostics.sorted(),
                records: prepared.sources.records.len(),
                as_of: Some(prepared.as_of),
                elapsed: started.elapsed(),
                ..Report::default()
            },
            incremental: true,
            rendered: 0,
            kept: 0,
            ready_after: None,
        };
        if diagnostics.has_errors() {
            return failed(diagnostics, prepared);
        }

        // Swap the new records in; put the old ones back if they break a rule.
        let indices: Vec<usize> = fresh.iter().map(|(i, _)| *i).collect();
        let mut old: Vec<(usize, SourceRecord)> = Vec::new();
        for (i, new) in fresh {
            old.push((i, std::mem::replace(&mut prepared.sources.records[i], new)));
        }
        diagnostics.extend(validate::recheck(&prepared.sources, prepared.as_of, &indices));
        timings.lap("load+check");
        if diagnostics.has_errors() {
            for (i, record) in old {
                prepared.sources.records[i] = record;
            }
            return failed(diagnostics, prepared);
        }
        // Warnings: the other files' from before, these files' from now.
        let files: Vec<&Path> = changed.iter().map(|(_, rel)| rel.as_path()).collect();
        let mut warnings = Diagnostics::new();
        warnings.extend(
            prepared
                .diagnostics
                .iter()
                .filter(|d| d.file().is_none_or(|f| !files.contains(&f)))
                .cloned(),
        );
        warnings.extend(diagnostics.iter().cloned());
        prepared.diagnostics = warnings;
        for &i in &indices {
            // As in a full build: the markers were for the guard, not for the site.
            validate::privacy::strip_record_markers(&mut prepared.sources.records[i].record);
            prepared.versions[i] = prepared.sources.records[i].version();
        }

        let last = std::mem::take(&mut state.published);
        let ready_at = Mutex::new(None);
        let on_ready = || {
            *ready_at.lock().unwrap_or_else(|e| e.into_inner()) = Some(started.elapsed());
            ready();
        };
        let mode = Mode::InPlace {
            last: Box::new(last),
            ready: &on_ready,
        };
        let (mut report, published) = crate::publish(prepared, &self.options, mode, timings);
        report.elapsed = started.elapsed();
        let (rendered, kept) = published.as_ref().map_or((0, 0), |p| (p.rendered, p.kept));
        match published {
            Some(published) => state.published = published,
            // The output was put back as the last good build left it, but what that build
            // kept (cache, search index) went into this one: the next rebuild is a full one.
            None => self.state = None,
        }
        Rebuild {
            report,
            incremental: true,
            rendered,
            kept,
            ready_after: ready_at.into_inner().unwrap_or_else(|e| e.into_inner()),
        }
    }
}
