//! What changed since the last publication: records added and removed, status and
//! deadline changes, and new updates, found by comparing with the previous build's
//! `data/records.json`. A record removed from a publication is shown, never silent.

use std::collections::BTreeMap;
use std::path::Path;

use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};

use crate::model::Record;

/// The parts of a previous `records.json` that the comparison needs.
#[derive(Debug, Clone, Deserialize)]
pub struct Previous {
    /// Its as-of date.
    #[serde(default)]
    pub as_of: Option<String>,
    /// Its records.
    pub records: Vec<PreviousRecord>,
    /// Its own `data/changes.json`, if readable.
    #[serde(skip)]
    pub changes: Option<Changes>,
}

/// One record of the previous publication.
#[derive(Debug, Clone, Deserialize)]
pub struct PreviousRecord {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Status key.
    pub status: String,
    /// Deadline as published (`YYYY-MM-DD` or `ongoing`).
    #[serde(default)]
    pub deadline: Option<String>,
    /// Updates (only their number matters: updates are append-only), skipped over
    /// without being kept.
    #[serde(default)]
    pub updates: Vec<IgnoredAny>,
    /// Published only because that build was run with `--drafts`: not part of the
    /// public record, so a later build never announces it (not even as removed).
    #[serde(default)]
    pub draft: bool,
}

/// Reads `<dir>/data/records.json`; `Ok(None)` when there is no previous publication.
pub fn load_previous(dir: &Path) -> Result<Option<Previous>, String> {
    let path = dir.join(crate::routes::download("records.json").file());
    match std::fs::read(&path) {
        Ok(bytes) => {
            let mut previous: Previous = serde_json::from_slice(&bytes)
                .map_err(|e| format!("{} is not a disclose records.json: {e}", path.display()))?;
            previous.changes = std::fs::read(dir.join(crate::routes::download("changes.json").file()))
                .ok()
                .and_then(|b| serde_json::from_slice(&b).ok());
            Ok(Some(previous))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("cannot read {}: {e}", path.display())),
    }
}

/// A record named in the changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangedRecord {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Root-relative URL, absent for removed records.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Status key now (or last, for removed records).
    pub status: String,
}

/// A value that changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValueChange {
    /// The record.
    #[serde(flatten)]
    pub record: ChangedRecord,
    /// Before.
    pub from: String,
    /// After.
    pub to: String,
}

/// An update that is new since the previous publication.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewUpdate {
    /// The record.
    #[serde(flatten)]
    pub record: ChangedRecord,
    /// Date of the update.
    pub date: String,
    /// Status it set, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub set_status: Option<String>,
    /// Its text (Markdown).
    pub text: String,
}

/// Everything that changed; `data/changes.json` and the `/changes/` page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Changes {
    /// False for a first publication (no previous one to compare with).
    pub has_previous: bool,
    /// The previous publication's as-of date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_as_of: Option<String>,
    /// This publication's as-of date.
    pub as_of: String,
    /// Records new in this publication.
    pub added: Vec<ChangedRecord>,
    /// Records no longer published.
    pub removed: Vec<ChangedRecord>,
    /// Status changes.
    pub status_changes: Vec<ValueChange>,
    /// Deadline changes.
    pub deadline_changes: Vec<ValueChange>,
    /// New updates, newest first.
    pub new_updates: Vec<NewUpdate>,
}

impl Changes {
    /// True when nothing changed (or there is nothing to compare with).
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.removed.is_empty()
            && self.status_changes.is_empty()
            && self.deadline_changes.is_empty()
            && self.new_updates.is_empty()
    }
}

/// Compares the current records (in `order`) with the previous publication.
pub fn diff(
    previous: Option<&Previous>,
    records: &[&Record],
    order: &[usize],
    urls: &crate::routes::Urls,
    as_of: &str,
) -> Changes {
    let Some(previous) = previous else {
        return Changes {
            as_of: as_of.to_string(),
            ..Changes::default()
        };
    };
    // A draft the previous build showed (`build --drafts`) was never published: the
    // comparison reads that publication as if it had not been there, so its title
    // cannot reach /changes/, changes.json or the feed of a build that leaves it out.
    let before: BTreeMap<&str, &PreviousRecord> = previous
        .records
        .iter()
        .filter(|r| !r.draft)
        .map(|r| (r.id.as_str(), r))
        .collect();
    let mut changes = Changes {
        has_previous: true,
        previous_as_of: previous.as_of.clone(),
        as_of: as_of.to_string(),
        ..Changes::default()
    };
    let mut now = std::collections::BTreeSet::new();
    for &i in order {
        let r = records[i];
        now.insert(r.id.as_str());
        let current = ChangedRecord {
            id: r.id.to_string(),
            title: r.title.clone(),
            url: Some(urls.href(&crate::routes::record(r.id.as_str()))),
            status: r.status.key().to_string(),
        };
        let Some(old) = before.get(r.id.as_str()) else {
            changes.added.push(current);
            continue;
        };
        if old.status != r.status.key() {
            changes.status_changes.push(ValueChange {
                record: current.clone(),
                from: old.status.clone(),
                to: r.status.key().to_string(),
            });
        }
        let new_deadline = r.deadline.map(|d| d.to_string());
        if old.deadline != new_deadline {
            changes.deadline_changes.push(ValueChange {
                record: current.clone(),
                from: old.deadline.clone().unwrap_or_default(),
                to: new_deadline.unwrap_or_default(),
            });
        }
        for u in r.updates.iter().skip(old.updates.len()) {
            changes.new_updates.push(NewUpdate {
                record: current.clone(),
                date: u.date.to_string(),
                set_status: u.status.map(|s| s.key().to_string()),
                text: u.text.clone(),
            });
        }
    }
    changes.removed = previous
        .records
        .iter()
        .filter(|r| !r.draft && !now.contains(r.id.as_str()))
        .map(|r| ChangedRecord {
            id: r.id.clone(),
            title: r.title.clone(),
            url: None,
            status: r.status.clone(),
        })
        .collect();
    changes
        .new_updates
        .sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.record.id.cmp(&b.record.id)));
    // Rebuilding the same publication (same records, same as-of date) keeps the changes
    // it already announced, so a rebuild is byte-identical instead of "nothing changed".
    if changes.is_empty()
        && previous.as_of.as_deref() == Some(as_of)
        && let Some(announced) = &previous.changes
    {
        // What that build announced, less any record this one does not publish (it
        // may have been a `--drafts` build announcing a draft as added).
        let mut kept = announced.clone();
        let published = |c: &ChangedRecord| now.contains(c.id.as_str());
        kept.added.retain(published);
        kept.status_changes.retain(|c| published(&c.record));
        kept.deadline_changes.retain(|c| published(&c.record));
        kept.new_updates.retain(|c| published(&c.record));
        let public_before = |id: &str| previous.records.iter().any(|r| r.id == id && !r.draft);
        kept.removed.retain(|c| !published(c) && public_before(&c.id));
        return kept;
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls() -> crate::routes::Urls {
        crate::routes::Urls::new("https://h.example/", false)
    }

    fn record(yaml: &str) -> Record {
        serde_yaml::from_str(yaml).unwrap()
    }

    #[test]
    fn finds_every_kind_of_change() {
        let previous: Previous = serde_json::from_str(
            r#"{"as_of":"2022-06-30","records":[
                {"id":"A","title":"a","status":"in_progress","deadline":"2022-06-30","updates":[{"date":"2022-01-01"}]},
                {"id":"B","title":"b","status":"closed"}]}"#,
        )
        .unwrap();
        let a = record(
            "id: A\nkind: task\ntitle: a\nstatus: completed\ndeadline: 2022-12-31\ncompleted_on: 2022-09-01\nupdates:\n  - { date: 2022-01-01, status: in_progress, text: x }\n  - { date: 2022-09-01, status: completed, text: done }\n",
        );
        let c = record("id: C\nkind: task\ntitle: c\nstatus: not_started\n");
        let changes = diff(Some(&previous), &[&a, &c], &[0, 1], &urls(), "2022-09-30");
        assert_eq!(changes.added[0].id, "C");
        assert_eq!(changes.removed[0].id, "B");
        assert_eq!(
            (
                changes.status_changes[0].from.as_str(),
                changes.status_changes[0].to.as_str()
            ),
            ("in_progress", "completed")
        );
        assert_eq!(changes.deadline_changes[0].to, "2022-12-31");
        assert_eq!(changes.new_updates.len(), 1);
        assert_eq!(changes.new_updates[0].date, "2022-09-01");
    }

    #[test]
    fn rebuilding_the_same_publication_keeps_its_changes() {
        // The previous build announced A as added since the publication of 2022-06-30.
        let announced = Changes {
            has_previous: true,
            previous_as_of: Some("2022-06-30".into()),
            as_of: "2022-09-30".into(),
            added: vec![ChangedRecord {
                id: "A".into(),
                title: "a".into(),
                url: Some("/records/A/".into()),
                status: "completed".into(),
            }],
            ..Changes::default()
        };
        let previous = Previous {
            as_of: Some("2022-09-30".into()),
            records: vec![PreviousRecord {
                id: "A".into(),
                title: "a".into(),
                status: "completed".into(),
                deadline: None,
                updates: vec![],
                draft: false,
            }],
            changes: Some(announced.clone()),
        };
        let a = record("id: A\nkind: task\ntitle: a\nstatus: completed\n");
        assert_eq!(
            diff(Some(&previous), &[&a], &[0], &urls(), "2022-09-30"),
            announced
        );
    }

    #[test]
    fn drafts_of_the_previous_build_are_never_announced() {
        // The previous build ran with --drafts: D was a draft, announced as added.
        let previous: Previous = serde_json::from_str(
            r#"{"as_of":"2022-09-30","records":[
                {"id":"A","title":"a","status":"completed"},
                {"id":"D","title":"举报人反映的草稿标题","status":"in_progress","draft":true}]}"#,
        )
        .unwrap();
        let mut previous = previous;
        previous.changes = Some(Changes {
            has_previous: true,
            previous_as_of: Some("2022-06-30".into()),
            as_of: "2022-09-30".into(),
            added: vec![ChangedRecord {
                id: "D".into(),
                title: "举报人反映的草稿标题".into(),
                url: Some("/records/D/".into()),
                status: "in_progress".into(),
            }],
            ..Changes::default()
        });
        let a = record("id: A\nkind: task\ntitle: a\nstatus: completed\n");
        let changes = diff(Some(&previous), &[&a], &[0], &urls(), "2022-09-30");
        let json = serde_json::to_string(&changes).unwrap();
        assert!(!json.contains("草稿"), "{json}");
        // A later as-of date: D is neither removed nor anything else.
        let changes = diff(Some(&previous), &[&a], &[0], &urls(), "2022-12-31");
        assert!(changes.removed.is_empty() && changes.is_empty(), "{changes:?}");
        // Once D is published, it is new.
        let d = record("id: D\nkind: task\ntitle: d\nstatus: in_progress\n");
        let changes = diff(Some(&previous), &[&a, &d], &[0, 1], &urls(), "2022-12-31");
        assert_eq!(changes.added.len(), 1);
        assert_eq!(changes.added[0].id, "D");
    }

    #[test]
    fn first_publication_has_no_changes() {
        let a = record("id: A\nkind: task\ntitle: a\nstatus: completed\n");
        let changes = diff(None, &[&a], &[0], &urls(), "2022-09-30");
        assert!(!changes.has_previous && changes.is_empty());
    }
}
