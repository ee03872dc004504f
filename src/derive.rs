//! Derive: what each record means on the as-of date (overdue, on time, last updated)
//! and the statistics of the whole disclosure (counts per status and per facet).
//! Pure functions of the validated sources and the date: no I/O, no clock.

use std::cmp::Reverse;
use std::collections::BTreeMap;

use foldhash::HashMap;
use rayon::prelude::*;
use serde::Serialize;

use crate::config::SiteConfig;
use crate::model::{Date, PollutionType, Record, Status};
use crate::slug::{SlugMap, assign};
use crate::statistics::{OfficialTable, Statistics, official_tables};

/// Facts about one record on the as-of date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Derived {
    /// Deadline passed and the work is not completed or closed.
    pub overdue: bool,
    /// Days past the deadline (0 unless overdue).
    pub days_overdue: i64,
    /// Completed on or before the deadline; `None` when unknown or not completed.
    pub on_time: Option<bool>,
    /// The latest date the record mentions.
    pub last_updated: Option<Date>,
    /// A closure step's public notice (销号公示) runs on the as-of date: the case is
    /// "销号公示中" and not counted as closed, whatever its status says.
    pub in_notice: bool,
}

/// The closure step (index into `closure`) whose public notice runs on `as_of`, if any;
/// the last such step when several do.
pub fn notice_on(record: &Record, as_of: Date) -> Option<usize> {
    record
        .closure
        .iter()
        .rposition(|c| c.notice.as_ref().is_some_and(|n| n.contains(as_of)))
}

/// Computes [`Derived`] for one record.
pub fn derive_record(record: &Record, as_of: Date) -> Derived {
    let deadline = record.deadline.and_then(|d| d.date());
    let overdue = !record.status.is_done() && deadline.is_some_and(|d| d < as_of);
    let days_overdue = if overdue {
        deadline.map_or(0, |d| as_of.days_since(d))
    } else {
        0
    };
    let finished = record.completed_on.or(if record.status == Status::Closed {
        record.closed_on
    } else {
        None
    });
    let on_time = match (record.status.is_done(), finished, deadline) {
        (true, Some(f), Some(d)) => Some(f <= d),
        (true, Some(_), None) if record.deadline.is_some() => Some(true), // ongoing work has no lateness
        _ => None,
    };
    let last_updated = record
        .updates
        .iter()
        .map(|u| u.date)
        .chain(record.closure.iter().map(|c| c.date))
        .chain(record.deadline_changes.iter().filter_map(|c| c.decided_on))
        .chain(
            [record.received_on, record.completed_on, record.closed_on]
                .into_iter()
                .flatten(),
        )
        .max();
    Derived {
        overdue,
        days_overdue,
        on_time,
        last_updated,
        in_notice: notice_on(record, as_of).is_some(),
    }
}

/// Record counts of one group, by status.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Counts {
    /// All records in the group.
    pub total: usize,
    /// Per status key, in vocabulary order (every status present, zero included).
    pub by_status: BTreeMap<&'static str, usize>,
    /// Completed or closed.
    pub done: usize,
    /// Closed (销号), not counting a record whose closure notice (销号公示) still runs.
    pub closed: usize,
    /// In their closure notice (销号公示中) on the as-of date.
    pub in_notice: usize,
    /// Overdue.
    pub overdue: usize,
    /// Done records that finished on time.
    pub on_time: usize,
    /// Done records whose on-time is known.
    pub on_time_known: usize,
    /// `done / total` in percent, one decimal.
    pub completion_rate: f64,
    /// `on_time / on_time_known` in percent, one decimal (0 when unknown).
    pub on_time_rate: f64,
}

impl Counts {
    fn add(&mut self, record: &Record, derived: &Derived) {
        self.total += 1;
        *self.by_status.entry(record.status.key()).or_default() += 1;
        if record.status.is_done() {
            self.done += 1;
        }
        if derived.in_notice {
            self.in_notice += 1;
        } else if record.status == Status::Closed {
            self.closed += 1;
        }
        if derived.overdue {
            self.overdue += 1;
        }
        if let Some(t) = derived.on_time {
            self.on_time_known += 1;
            if t {
                self.on_time += 1;
            }
        }
    }

    fn finish(mut self) -> Self {
        for s in Status::ALL {
            self.by_status.entry(s.key()).or_default();
        }
        self.completion_rate = percent(self.done, self.total);
        self.on_time_rate = percent(self.on_time, self.on_time_known);
        self
    }
}

fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        (part as f64 * 1000.0 / whole as f64).round() / 10.0
    }
}

/// Which facet a group belongs to; also its URL folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FacetKind {
    /// `/inspections/<id>/`
    Inspections,
    /// `/regions/<slug>/`
    Regions,
    /// `/types/<key>/`
    Types,
    /// `/status/<key>/`
    Status,
    /// `/units/<slug>/`
    Units,
}

impl FacetKind {
    /// Every facet, in display order.
    pub const ALL: [FacetKind; 5] = [
        FacetKind::Inspections,
        FacetKind::Regions,
        FacetKind::Types,
        FacetKind::Status,
        FacetKind::Units,
    ];

    /// URL folder (and i18n key).
    pub fn folder(self) -> &'static str {
        match self {
            FacetKind::Inspections => "inspections",
            FacetKind::Regions => "regions",
            FacetKind::Types => "types",
            FacetKind::Status => "status",
            FacetKind::Units => "units",
        }
    }
}

/// One value of a facet (a region, a status...) and its records.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    /// Facet.
    pub facet: FacetKind,
    /// URL slug / key.
    pub slug: String,
    /// Display name (for vocabularies: the key; the theme shows the label).
    pub name: String,
    /// Indices into the record list, in list order.
    #[serde(skip)]
    pub members: Vec<usize>,
    /// Counts.
    pub counts: Counts,
    /// Counts by kind and 是否属实, 办结率, enforcement totals.
    pub stats: Statistics,
}

/// Everything derived on the as-of date.
#[derive(Debug, Clone)]
pub struct Facts {
    /// The disclosure date.
    pub as_of: Date,
    /// Per record, parallel to the record list.
    pub derived: Vec<Derived>,
    /// Record indices in list order (by id).
    pub order: Vec<usize>,
    /// Totals over all records.
    pub totals: Counts,
    /// The statistics of all records.
    pub statistics: Statistics,
    /// The official tables (整改清单 and batch 一览表), per inspection.
    pub tables: Vec<OfficialTable>,
    /// Groups per facet, in display order.
    pub facets: BTreeMap<FacetKind, Vec<Group>>,
    /// Overdue records, most days overdue first.
    pub overdue: Vec<usize>,
    /// Records by last update, newest first.
    pub recent: Vec<usize>,
    /// Every update as (record, update index), newest first.
    pub updates: Vec<(usize, usize)>,
    /// Every closure notice (销号公示) begun by the as-of date, as (record, closure step
    /// index): the ones still running first, then the past ones, each newest first by
    /// first day, ties by id.
    pub notices: Vec<(usize, usize)>,
    /// Region name → slug.
    pub region_slugs: BTreeMap<String, String>,
    /// Unit name → slug.
    pub unit_slugs: BTreeMap<String, String>,
    /// The slug map to publish: this build's slugs and every one published before.
    pub slug_map: SlugMap,
    /// Published region and unit addresses that no page uses any more but whose name
    /// lives on under another slug (a pin, a rename in `site.yaml` `formerly:`), in
    /// facet and slug order.
    pub redirects: Vec<Redirect>,
}

/// An old facet address that leads to the page its name lives at now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    /// Regions or units.
    pub facet: FacetKind,
    /// The old slug.
    pub from: String,
    /// The slug of the page it leads to.
    pub to: String,
    /// The name that page shows.
    pub name: String,
}

/// Derives every fact from the records on `as_of`; region and unit slugs keep what the
/// `previous` publication's slug map gave them (pass `SlugMap::default()` for none).
pub fn derive(config: &SiteConfig, records: &[&Record], as_of: Date, previous: &SlugMap) -> Facts {
    let derived: Vec<Derived> = records.iter().map(|r| derive_record(r, as_of)).collect();
    let mut order: Vec<usize> = (0..records.len()).collect();
    order.sort_by(|&a, &b| records[a].id.cmp(&records[b].id));

    let mut totals = Counts::default();
    for &i in &order {
        totals.add(records[i], &derived[i]);
    }
    let statistics = Statistics::of(records, &order);
    let inspections: Vec<&str> = config.inspections.iter().map(|i| i.id.as_str()).collect();
    let batches: Vec<(&str, u32, Option<Date>)> = config
        .inspections
        .iter()
        .flat_map(|i| i.batches.iter().map(|b| (i.id.as_str(), b.number, b.handed_over)))
        .collect();
    let tables = official_tables(&inspections, &batches, records, &derived);

    let (region_slugs, region_table) = assign(
        config
            .regions
            .iter()
            .flatten()
            .map(|r| (r.name(), r.slug()))
            .chain(
                records
                    .iter()
                    .filter_map(|r| r.region.as_deref())
                    .filter(|n| !n.trim().is_empty())
                    .map(|n| (n, None)),
            ),
        &previous.regions,
    );
    let (unit_slugs, unit_table) = assign(
        config
            .units
            .iter()
            .map(|u| (u.name.as_str(), u.slug.as_deref()))
            .chain(
                records
                    .iter()
                    .flat_map(|r| r.lead_unit.iter().chain(r.co_units.iter()))
                    .map(|n| (n.as_str(), None)),
            ),
        &previous.units,
    );

    // The facets and the ordered lists are independent: both cores.
    let slugs = Slugs::new(&region_slugs, &unit_slugs);
    let (facets, (overdue, recent, updates)) = rayon::join(
        || {
            FacetKind::ALL
                .par_iter()
                .map(|&facet| {
                    (
                        facet,
                        facet_groups(facet, config, records, &order, &derived, &slugs),
                    )
                })
                .collect::<BTreeMap<_, _>>()
        },
        || record_lists(records, &order, &derived),
    );

    let slug_map = SlugMap {
        regions: region_table,
        units: unit_table,
    };
    let renamed = |facet: FacetKind| -> Vec<(&str, &str)> {
        match facet {
            FacetKind::Regions => config
                .regions
                .iter()
                .flatten()
                .flat_map(|r| r.formerly().iter().map(|old| (old.as_str(), r.name())))
                .collect(),
            _ => config
                .units
                .iter()
                .flat_map(|u| u.formerly.iter().map(|old| (old.as_str(), u.name.as_str())))
                .collect(),
        }
    };
    let mut redirects = Vec::new();
    for (facet, table) in [
        (FacetKind::Regions, &slug_map.regions),
        (FacetKind::Units, &slug_map.units),
    ] {
        redirects.extend(redirects_of(facet, table, &facets[&facet], &renamed(facet)));
    }

    let notices = notices(records, &order, as_of);
    Facts {
        as_of,
        derived,
        order,
        notices,
        totals: totals.finish(),
        statistics,
        tables,
        facets,
        overdue,
        recent,
        updates,
        region_slugs,
        unit_slugs,
        slug_map,
        redirects,
    }
}

/// The redirects of one facet: every slug of its `table` that no group uses, whose name
/// (or, for a name in `renamed` as `(old, new)`, whose new name) has a group now.
fn redirects_of(
    facet: FacetKind,
    table: &crate::slug::SlugTable,
    groups: &[Group],
    renamed: &[(&str, &str)],
) -> Vec<Redirect> {
    let live: BTreeMap<&str, &str> = groups
        .iter()
        .map(|g| (g.name.as_str(), g.slug.as_str()))
        .collect();
    let used: std::collections::BTreeSet<&str> = live.values().copied().collect();
    let successor = |name: &str| -> Option<(&str, &str)> {
        if let Some((n, s)) = live.get_key_value(name) {
            return Some((n, s));
        }
        renamed
            .iter()
            .find(|(old, _)| *old == name)
            .and_then(|(_, new)| live.get_key_value(new))
            .map(|(n, s)| (*n, *s))
    };
    let slugs = table
        .names
        .iter()
        .map(|(name, slug)| (slug, name))
        .chain(table.former.iter());
    let mut out: Vec<Redirect> = slugs
        .filter(|(slug, _)| !used.contains(slug.as_str()))
        .filter_map(|(slug, name)| {
            let (name, to) = successor(name)?;
            Some(Redirect {
                facet,
                from: slug.clone(),
                to: to.to_string(),
                name: name.to_string(),
            })
        })
        .collect();
    out.sort_by(|a, b| a.from.cmp(&b.from));
    out
}

/// The closure notices begun by `as_of`: running ones first, then past ones, each
/// newest first; `order` (id order) breaks ties, as the sort is stable.
fn notices(records: &[&Record], order: &[usize], as_of: Date) -> Vec<(usize, usize)> {
    let mut list: Vec<(bool, Reverse<Date>, usize, usize)> = order
        .iter()
        .flat_map(|&i| {
            records[i]
                .closure
                .iter()
                .enumerate()
                .filter_map(move |(step, c)| {
                    let n = c.notice.as_ref()?;
                    (n.from <= as_of).then_some((as_of > n.to, Reverse(n.from), i, step))
                })
        })
        .collect();
    list.sort_by_key(|&(past, from, _, _)| (past, from));
    list.into_iter().map(|(_, _, i, step)| (i, step)).collect()
}

/// The name → slug maps a facet's groups are keyed by, hashed for lookups once per
/// record (unit names share long prefixes, which makes ordered lookups slow).
struct Slugs<'a> {
    regions: HashMap<&'a str, &'a str>,
    units: HashMap<&'a str, &'a str>,
}

impl<'a> Slugs<'a> {
    fn new(regions: &'a BTreeMap<String, String>, units: &'a BTreeMap<String, String>) -> Self {
        let hashed = |map: &'a BTreeMap<String, String>| {
            map.iter()
                .map(|(name, slug)| (name.as_str(), slug.as_str()))
                .collect()
        };
        Self {
            regions: hashed(regions),
            units: hashed(units),
        }
    }
}

/// The groups of one facet, each with its members in list order and its counts.
fn facet_groups(
    facet: FacetKind,
    config: &SiteConfig,
    records: &[&Record],
    order: &[usize],
    derived: &[Derived],
    slugs: &Slugs,
) -> Vec<Group> {
    // Fixed vocabularies list every value, even empty ones, in vocabulary order.
    let preset: Vec<(String, String)> = match facet {
        FacetKind::Status => Status::ALL
            .iter()
            .map(|s| (s.key().to_string(), s.key().to_string()))
            .collect(),
        FacetKind::Types => PollutionType::ALL
            .iter()
            .map(|s| (s.key().to_string(), s.key().to_string()))
            .collect(),
        FacetKind::Inspections => config
            .inspections
            .iter()
            .map(|i| (i.slug().to_string(), i.name.clone()))
            .collect(),
        _ => Vec::new(),
    };
    // Groups in order of first appearance, found by slug through a hash map; sorted by
    // slug at the end (as a map by slug would hold them) before the display order.
    let mut groups: Vec<Group> = Vec::new();
    let mut by_slug: HashMap<&str, usize> = HashMap::default();
    for (slug, name) in &preset {
        by_slug.insert(slug, groups.len());
        groups.push(Group {
            facet,
            slug: slug.clone(),
            name: name.clone(),
            members: Vec::new(),
            counts: Counts::default(),
            stats: Statistics::default(),
        });
    }
    // (slug, name) pairs borrowed from the record and the slug maps: a group's
    // strings are allocated once, when it first appears, not once per member.
    let mut keys: Vec<(&str, &str)> = Vec::new();
    for &i in order {
        let r = records[i];
        keys.clear();
        match facet {
            FacetKind::Status => keys.push((r.status.key(), r.status.key())),
            FacetKind::Types => keys.extend(r.pollution_types.iter().map(|t| (t.key(), t.key()))),
            FacetKind::Inspections => keys.extend(r.inspection.iter().map(|x| {
                let slug = config.inspection_slug(x);
                (slug, x.as_str())
            })),
            FacetKind::Regions => keys.extend(
                r.region
                    .iter()
                    .filter_map(|n| slugs.regions.get(n.as_str()).map(|&s| (s, n.as_str()))),
            ),
            FacetKind::Units => {
                keys.extend(
                    r.lead_unit
                        .iter()
                        .chain(r.co_units.iter())
                        .filter_map(|n| slugs.units.get(n.as_str()).map(|&s| (s, n.as_str()))),
                );
                keys.sort_by(|a, b| a.1.cmp(b.1));
                keys.dedup();
            }
        }
        for &(slug, name) in &keys {
            let at = *by_slug.entry(slug).or_insert_with(|| {
                groups.push(Group {
                    facet,
                    slug: slug.to_string(),
                    name: name.to_string(),
                    members: Vec::new(),
                    counts: Counts::default(),
                    stats: Statistics::default(),
                });
                groups.len() - 1
            });
            let g = &mut groups[at];
            g.members.push(i);
            g.counts.add(r, &derived[i]);
            g.stats.add(r);
        }
    }
    groups.sort_unstable_by(|a, b| a.slug.cmp(&b.slug));
    let mut list: Vec<Group> = groups
        .into_iter()
        .map(|mut g| {
            g.counts = std::mem::take(&mut g.counts).finish();
            g.stats = std::mem::take(&mut g.stats).finish();
            g
        })
        .collect();
    if !preset.is_empty() {
        list.sort_by_key(|g| {
            preset
                .iter()
                .position(|(s, _)| *s == g.slug)
                .unwrap_or(usize::MAX)
        });
    } else {
        list.sort_by(|a, b| {
            b.counts
                .total
                .cmp(&a.counts.total)
                .then_with(|| a.name.cmp(&b.name))
        });
    }
    list
}

/// The overdue list (most days first), the recently updated records (newest first) and
/// every update (newest first), ties broken by id.
fn record_lists(
    records: &[&Record],
    order: &[usize],
    derived: &[Derived],
) -> (Vec<usize>, Vec<usize>, Vec<(usize, usize)>) {
    // Each record's place in id order: the lists below break ties by id, and comparing
    // places instead of id strings made their sorts (tens of thousands of updates) 4x faster.
    let mut rank = vec![0u32; records.len()];
    for (place, &i) in order.iter().enumerate() {
        rank[i] = place as u32;
    }
    let mut overdue: Vec<usize> = order.iter().copied().filter(|&i| derived[i].overdue).collect();
    overdue.sort_unstable_by_key(|&i| (Reverse(derived[i].days_overdue), rank[i]));

    let mut recent: Vec<usize> = order
        .iter()
        .copied()
        .filter(|&i| derived[i].last_updated.is_some())
        .collect();
    recent.sort_unstable_by_key(|&i| (Reverse(derived[i].last_updated), rank[i]));

    let mut updates: Vec<(Reverse<Date>, u32, Reverse<usize>, usize)> = order
        .iter()
        .flat_map(|&i| {
            let rank = rank[i];
            records[i]
                .updates
                .iter()
                .enumerate()
                .map(move |(u, update)| (Reverse(update.date), rank, Reverse(u), i))
        })
        .collect();
    updates.sort_unstable();
    let updates: Vec<(usize, usize)> = updates.into_iter().map(|(_, _, Reverse(u), i)| (i, u)).collect();
    (overdue, recent, updates)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(yaml: &str) -> Record {
        serde_yaml::from_str(&format!("id: a\nkind: task\ntitle: t\n{yaml}")).unwrap()
    }

    fn date(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn overdue_when_deadline_passed_and_not_done() {
        let r = record("status: in_progress\ndeadline: 2022-06-30\n");
        let d = derive_record(&r, date("2022-09-30"));
        assert!(d.overdue);
        assert_eq!(d.days_overdue, 92);
        let d = derive_record(&r, date("2022-06-30"));
        assert!(!d.overdue, "due today is not overdue");
    }

    #[test]
    fn done_is_never_overdue_and_on_time_is_computed() {
        let r = record("status: completed\ndeadline: 2022-06-30\ncompleted_on: 2022-07-02\n");
        let d = derive_record(&r, date("2022-09-30"));
        assert!(!d.overdue);
        assert_eq!(d.on_time, Some(false));
        let r =
            record("status: closed\ndeadline: 2022-06-30\ncompleted_on: 2022-06-01\nclosed_on: 2022-08-01\n");
        assert_eq!(derive_record(&r, date("2022-09-30")).on_time, Some(true));
        assert_eq!(
            derive_record(&r, date("2022-09-30")).last_updated,
            Some(date("2022-08-01"))
        );
    }

    #[test]
    fn ongoing_deadlines_are_never_overdue() {
        let r = record("status: in_progress\ndeadline: ongoing\n");
        assert!(!derive_record(&r, date("2030-01-01")).overdue);
    }

    #[test]
    fn facets_count_and_order() {
        let config: SiteConfig = serde_yaml::from_str("title: t\npublisher: p\nbase_url: /\n").unwrap();
        let a =
            record("status: closed\nclosed_on: 2022-01-01\nregion: 河口镇\npollution_types: [air, water]\n");
        let mut b =
            record("status: in_progress\nregion: 河口镇\ndeadline: 2022-01-01\npollution_types: [air]\n");
        b.id = crate::model::RecordId("b".into());
        let facts = derive(&config, &[&a, &b], date("2022-09-30"), &SlugMap::default());
        assert_eq!(facts.totals.total, 2);
        assert_eq!(facts.totals.done, 1);
        assert_eq!(facts.totals.completion_rate, 50.0);
        assert_eq!(facts.overdue, [1]);
        let types = &facts.facets[&FacetKind::Types];
        assert_eq!(types[0].slug, "water");
        assert_eq!(types.iter().find(|g| g.slug == "air").unwrap().counts.total, 2);
        let regions = &facts.facets[&FacetKind::Regions];
        assert_eq!(regions[0].slug, "he-kou-zhen");
        assert_eq!(regions[0].counts.total, 2);
        assert_eq!(facts.facets[&FacetKind::Status].len(), 5);
    }

    #[test]
    fn a_case_in_its_closure_notice_is_not_counted_closed() {
        let config: SiteConfig = serde_yaml::from_str("title: t\npublisher: p\nbase_url: /\n").unwrap();
        // Closed on the notice's last day, which is the as-of date: still in notice.
        let r = record(
            "status: closed\ncompleted_on: 2022-09-01\nclosed_on: 2022-09-30\nclosure:\n  - level: 区级\n    date: 2022-09-10\n    result: 通过\n    notice: { from: 2022-09-20, to: 2022-09-30, contact: 区整改办 }\n",
        );
        let on = |d: &str| derive(&config, &[&r], date(d), &SlugMap::default());
        let facts = on("2022-09-30");
        assert!(facts.derived[0].in_notice);
        assert_eq!((facts.totals.closed, facts.totals.in_notice), (0, 1));
        let closed = &facts.facets[&FacetKind::Status][4];
        assert_eq!((closed.slug.as_str(), closed.counts.closed), ("closed", 0));
        // The day after, the notice is over and the case counts as closed.
        let facts = on("2022-10-01");
        assert!(!facts.derived[0].in_notice);
        assert_eq!((facts.totals.closed, facts.totals.in_notice), (1, 0));
        assert_eq!(notice_on(&r, date("2022-09-20")), Some(0));
        assert_eq!(facts.notices, [(0, 0)], "past notices stay listed");
        assert!(on("2022-09-19").notices.is_empty(), "not begun yet");
        assert_eq!(notice_on(&r, date("2022-09-19")), None);
    }
}
