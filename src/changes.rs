//! What changed since the last publication: records added and removed, status and
//! deadline changes, new updates and records whose text changed (by field), found by
//! comparing with the previous build's `data/records.json`. A record removed from a
//! publication is shown, never silent. Every build with a previous publication compares
//! with it, also one with the same as-of date (a corrected republication): "first
//! publication" is said only when there is none.

use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use crate::model::Record;

/// The parts of a previous `records.json` that the comparison needs.
#[derive(Debug, Clone, Deserialize)]
pub struct Previous {
    /// Its as-of date.
    #[serde(default)]
    pub as_of: Option<String>,
    /// Its records.
    pub records: Vec<PreviousRecord>,
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
    /// Updates as published: the ones beyond their number are new; a change within
    /// them is a text change.
    #[serde(default)]
    pub updates: Vec<Json>,
    /// Published only because that build was run with `--drafts`: not part of the
    /// public record, so a later build never announces it (not even as removed).
    #[serde(default)]
    pub draft: bool,
    /// Every other published field (record fields and derived values), by key.
    #[serde(flatten)]
    pub fields: BTreeMap<String, Json>,
}

/// Reads `<dir>/data/records.json`; `Ok(None)` when there is no previous publication.
pub fn load_previous(dir: &Path) -> Result<Option<Previous>, String> {
    let path = dir.join(crate::routes::download("records.json").file());
    match std::fs::read(&path) {
        Ok(bytes) => {
            let previous: Previous = serde_json::from_slice(&bytes)
                .map_err(|e| format!("{} is not a disclose records.json: {e}", path.display()))?;
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
    /// Kind key, whose words the status is shown in (absent in a `changes.json` written
    /// before kinds had words of their own).
    #[serde(default)]
    pub kind: String,
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

/// A record whose published text changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextChange {
    /// The record.
    #[serde(flatten)]
    pub record: ChangedRecord,
    /// The record fields whose value changed (keys of `records.json`, in schema order;
    /// `updates` when an earlier update's text or date was corrected).
    pub fields: Vec<String>,
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
    /// Records whose text changed (other than status, deadline and new updates), in
    /// record order.
    #[serde(default)]
    pub text_changes: Vec<TextChange>,
    /// True when there is a previous publication and nothing public in the records
    /// changed since it, for the page to say so.
    #[serde(default)]
    pub unchanged: bool,
}

impl Changes {
    /// True when nothing changed (or there is nothing to compare with).
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.removed.is_empty()
            && self.status_changes.is_empty()
            && self.deadline_changes.is_empty()
            && self.new_updates.is_empty()
            && self.text_changes.is_empty()
    }
}

/// Record fields reported elsewhere in [`Changes`] (or never changing), left out of
/// text changes.
const NOT_TEXT: &[&str] = &["id", "status", "deadline", "updates"];

/// The keys of [`Record`] in declaration (schema) order, read from its `Deserialize`
/// implementation so that the order cannot drift from the type; `body` (serialised but
/// never deserialised: it is the Markdown after the front matter) comes last.
fn record_keys() -> Vec<&'static str> {
    use serde::de::{self, Visitor};
    struct Keys(Vec<&'static str>);
    #[derive(Debug)]
    struct Stop;
    impl std::fmt::Display for Stop {
        fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("stop")
        }
    }
    impl std::error::Error for Stop {}
    impl de::Error for Stop {
        fn custom<T: std::fmt::Display>(_: T) -> Self {
            Stop
        }
    }
    impl<'de> de::Deserializer<'de> for &mut Keys {
        type Error = Stop;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Stop> {
            Err(Stop)
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Stop> {
            self.0 = fields.to_vec();
            Err(Stop)
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
            byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map enum
            identifier ignored_any
        }
    }
    let mut keys = Keys(Vec::new());
    let _ = Record::deserialize(&mut keys);
    let mut keys = keys.0;
    keys.push("body");
    keys
}

/// The fields of `now` whose published value differs from `before`'s, in `keys` order.
fn changed_fields(keys: &[&'static str], before: &PreviousRecord, now: &Record) -> Vec<String> {
    let Ok(Json::Object(current)) = serde_json::to_value(now) else {
        return Vec::new();
    };
    let mut fields = Vec::new();
    for &key in keys {
        if NOT_TEXT.contains(&key) {
            continue;
        }
        let old = if key == "title" {
            Some(Json::String(before.title.clone()))
        } else {
            before.fields.get(key).cloned()
        };
        if old.as_ref() != current.get(key) {
            fields.push(key.to_string());
        }
    }
    // Updates are append-only: an earlier one that reads differently now was corrected.
    let earlier = current
        .get("updates")
        .and_then(Json::as_array)
        .map_or(&[][..], |u| &u[..u.len().min(before.updates.len())]);
    if earlier != &before.updates[..earlier.len()] || earlier.len() < before.updates.len() {
        fields.push("updates".to_string());
    }
    fields
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
    let keys = record_keys();
    // Comparing every field serialises each record once: in parallel, in record order.
    let text: Vec<Option<Vec<String>>> = order
        .par_iter()
        .map(|&i| {
            let r = records[i];
            let old = before.get(r.id.as_str())?;
            Some(changed_fields(&keys, old, r)).filter(|f| !f.is_empty())
        })
        .collect();
    let mut now = std::collections::BTreeSet::new();
    for (&i, text) in order.iter().zip(text) {
        let r = records[i];
        now.insert(r.id.as_str());
        let current = ChangedRecord {
            id: r.id.to_string(),
            title: r.title.clone(),
            url: Some(urls.href(&crate::routes::record(r.id.as_str()))),
            status: r.status.key().to_string(),
            kind: r.kind.key().to_string(),
        };
        let Some(old) = before.get(r.id.as_str()) else {
            changes.added.push(current);
            continue;
        };
        if let Some(fields) = text {
            changes.text_changes.push(TextChange {
                record: current.clone(),
                fields,
            });
        }
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
            kind: r
                .fields
                .get("kind")
                .and_then(Json::as_str)
                .unwrap_or_default()
                .to_string(),
        })
        .collect();
    changes
        .new_updates
        .sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.record.id.cmp(&b.record.id)));
    changes.unchanged = changes.is_empty();
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
                {"id":"A","kind":"task","title":"a","status":"in_progress","deadline":"2022-06-30","updates":[{"date":"2022-01-01","status":"in_progress","text":"x"}]},
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
        // Status, deadline and the new update are reported above, not as text changes;
        // the completion date is new text.
        assert_eq!(changes.text_changes.len(), 1);
        assert_eq!(changes.text_changes[0].fields, ["completed_on"]);
    }

    #[test]
    fn a_republication_with_the_same_as_of_date_is_compared_with_the_previous_one() {
        let previous: Previous = serde_json::from_str(
            r#"{"as_of":"2022-09-30","records":[
                {"id":"A","kind":"task","title":"a","status":"completed","summary":"旧的描述",
                 "measures":["封堵排污口"],"overdue":false,"days_overdue":0,"url":"https://e.org/records/A/",
                 "updates":[{"date":"2022-01-01","text":"x"}]},
                {"id":"B","kind":"task","title":"b","status":"completed","overdue":true,"days_overdue":3}]}"#,
        )
        .unwrap();
        // A: summary and title corrected, an earlier update's text fixed; B: unchanged
        // although its derived values (overdue) read differently now.
        let a = record(
            "id: A\nkind: task\ntitle: a（更正）\nstatus: completed\nsummary: 新的描述\nmeasures: [封堵排污口]\nupdates:\n  - { date: 2022-01-01, text: y }\n",
        );
        let b = record("id: B\nkind: task\ntitle: b\nstatus: completed\n");
        let changes = diff(Some(&previous), &[&a, &b], &[0, 1], &urls(), "2022-09-30");
        assert!(changes.has_previous && !changes.unchanged);
        assert_eq!(changes.text_changes.len(), 1, "{changes:?}");
        assert_eq!(changes.text_changes[0].record.id, "A");
        assert_eq!(changes.text_changes[0].fields, ["title", "summary", "updates"]);
        assert!(changes.new_updates.is_empty() && changes.status_changes.is_empty());

        // The same records again: compared, and nothing changed.
        let a_old = record(
            "id: A\nkind: task\ntitle: a\nstatus: completed\nsummary: 旧的描述\nmeasures: [封堵排污口]\nupdates:\n  - { date: 2022-01-01, text: x }\n",
        );
        let same = diff(Some(&previous), &[&a_old, &b], &[0, 1], &urls(), "2022-09-30");
        assert!(same.has_previous && same.unchanged && same.is_empty(), "{same:?}");
        assert_eq!(same.previous_as_of.as_deref(), Some("2022-09-30"));
    }

    #[test]
    fn record_keys_follow_the_schema() {
        let keys = record_keys();
        let at = |k: &str| keys.iter().position(|x| *x == k).unwrap();
        assert_eq!(keys[0], "id");
        assert!(at("kind") < at("title") && at("title") < at("status") && at("status") < at("updates"));
        assert_eq!(keys.last(), Some(&"body"));
        assert!(keys.contains(&"enforcement") && keys.contains(&"updates"));
    }

    #[test]
    fn drafts_of_the_previous_build_are_never_announced() {
        // The previous build ran with --drafts: D was a draft.
        let previous: Previous = serde_json::from_str(
            r#"{"as_of":"2022-09-30","records":[
                {"id":"A","kind":"task","title":"a","status":"completed"},
                {"id":"D","kind":"task","title":"举报人反映的草稿标题","status":"in_progress","draft":true}]}"#,
        )
        .unwrap();
        let a = record("id: A\nkind: task\ntitle: a\nstatus: completed\n");
        let changes = diff(Some(&previous), &[&a], &[0], &urls(), "2022-09-30");
        let json = serde_json::to_string(&changes).unwrap();
        assert!(!json.contains("草稿"), "{json}");
        assert!(changes.unchanged, "{changes:?}");
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
