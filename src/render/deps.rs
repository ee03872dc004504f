//! What each output depends on, as one number: the fingerprint. `serve`'s incremental
//! rebuild skips an output whose fingerprint equals the last build's, keeping its file.
//!
//! A fingerprint covers the records an output shows (each by its *version*, a hash of the
//! record's source text) and the facts about them it prints (positions, counts, pages).
//! Everything site-wide (config, theme, pages, evidence, the as-of date) is left out on
//! purpose: a change to any of those makes `serve` rebuild everything. Outputs that sum
//! up the whole site (dashboard, facet indexes, 一览表, data page, site feed) have no
//! fingerprint and are always rendered.

use std::hash::{DefaultHasher, Hash, Hasher};

use super::{FeedScope, Job, RenderInput, Renderer};
use crate::derive::{Counts, FacetKind};
use crate::source::SourceRecord;

/// A record's version: a hash of its source text (front matter and body).
pub fn version(r: &SourceRecord) -> u64 {
    let mut h = DefaultHasher::new();
    (&*r.origin.yaml, r.record.body.as_deref(), r.origin.list_index).hash(&mut h);
    h.finish()
}

/// Hashes the records at `indices` (position and version).
fn records(h: &mut DefaultHasher, input: &RenderInput, indices: &[usize]) {
    indices.len().hash(h);
    for &i in indices {
        (i, input.versions[i]).hash(h);
    }
}

fn counts(h: &mut DefaultHasher, c: &Counts) {
    (
        c.total,
        c.done,
        c.closed,
        c.in_notice,
        c.overdue,
        c.on_time,
        c.on_time_known,
    )
        .hash(h);
    c.by_status.hash(h);
}

/// The slice of `items` shown on 1-based `page`.
fn page_of<T>(items: &[T], page: usize, per: usize) -> &[T] {
    let start = ((page - 1) * per).min(items.len());
    &items[start..(start + per).min(items.len())]
}

/// Fingerprints of one build's outputs.
pub struct Deps<'a> {
    input: &'a RenderInput<'a>,
    renderer: &'a Renderer<'a>,
}

impl<'a> Deps<'a> {
    /// Fingerprints of the outputs `renderer` makes.
    pub fn new(renderer: &'a Renderer<'a>) -> Self {
        Self {
            input: renderer.input,
            renderer,
        }
    }

    /// The fingerprint of a page, or `None` for pages that are always rendered.
    pub fn page(&self, job: &Job) -> Option<u64> {
        let input = self.input;
        let facts = input.facts;
        let per = input.config.paginate;
        let mut h = DefaultHasher::new();
        std::mem::discriminant(job).hash(&mut h);
        match *job {
            Job::Record(i) => {
                let r = input.records[i];
                input.versions[i].hash(&mut h);
                // The page lists related cases with their title and status.
                for id in &r.related {
                    id.as_str().hash(&mut h);
                    if let Some(&j) = self.renderer.index_by_id.get(id.as_str()) {
                        input.versions[j].hash(&mut h);
                    }
                }
            }
            Job::Records { page } => {
                (page, facts.order.len()).hash(&mut h);
                records(&mut h, input, page_of(&facts.order, page, per));
            }
            Job::Overdue { page } => {
                (page, facts.overdue.len()).hash(&mut h);
                records(&mut h, input, page_of(&facts.overdue, page, per));
            }
            Job::Facet { facet, group, page } => {
                let g = &facts.facets[&facet][group];
                (&g.slug, &g.name, page).hash(&mut h);
                counts(&mut h, &g.counts);
                records(&mut h, input, page_of(&g.members, page, per));
            }
            Job::Updates { page } => {
                (page, facts.updates.len()).hash(&mut h);
                for &(r, u) in page_of(&facts.updates, page, per) {
                    (r, u, input.versions[r]).hash(&mut h);
                }
            }
            Job::Dashboard
            | Job::FacetIndex(_)
            | Job::Table
            | Job::Closures
            | Job::Page(_)
            | Job::Search
            | Job::Changes
            | Job::NotFound => return None,
        }
        Some(h.finish())
    }

    /// The fingerprint of a feed, or `None` for the site feed (always rendered).
    pub fn feed(&self, scope: FeedScope) -> Option<u64> {
        let input = self.input;
        let mut h = DefaultHasher::new();
        match scope {
            FeedScope::Site | FeedScope::Closures => return None,
            FeedScope::Region(g) => {
                let group = &input.facts.facets[&FacetKind::Regions][g];
                ("region", &group.slug, &group.name).hash(&mut h);
                records(&mut h, input, &group.members);
            }
            FeedScope::Record(i) => ("record", i, input.versions[i]).hash(&mut h),
        }
        Some(h.finish())
    }

    /// The fingerprint of a facet group's `records.csv`.
    pub fn facet_csv(&self, members: &[usize]) -> u64 {
        let mut h = DefaultHasher::new();
        records(&mut h, self.input, members);
        h.finish()
    }
}
