//! Stable ASCII URL slugs: Chinese names are transliterated to pinyin
//! (河口镇 → `hekou-zhen`), everything else is lower-cased and dashed.
//!
//! A slug once published keeps its meaning: every build writes the assignment it used
//! as `data/slugs.json` ([`SlugMap`]), and the next build into the same output folder
//! reads it back and keeps every name's slug. A new name whose slug collides with one
//! already published gets the next free suffix, so adding 合口镇人民政府 beside
//! 河口镇人民政府 never moves the older unit's page.

use std::collections::BTreeMap;
use std::path::Path;

use foldhash::HashMap;
use pinyin::ToPinyin;
use serde::{Deserialize, Serialize};

/// The slug of one name: ASCII letters, digits and single dashes.
pub fn slugify(name: &str) -> String {
    let mut out = String::with_capacity(name.len() * 2);
    let mut pending_dash = false;
    let push_word = |out: &mut String, word: &str, pending: &mut bool| {
        if *pending && !out.is_empty() {
            out.push('-');
        }
        *pending = false;
        out.push_str(word);
    };
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            push_word(&mut out, &c.to_ascii_lowercase().to_string(), &mut pending_dash);
        } else if let Some(p) = c.to_pinyin() {
            pending_dash = true;
            push_word(&mut out, p.plain(), &mut pending_dash);
            pending_dash = true;
        } else {
            pending_dash = true;
        }
    }
    if out.is_empty() { "x".to_string() } else { out }
}

/// One folder or file name of a content page's address: ASCII names kept readable
/// (`2022-notice`, lower-cased), others transliterated (`通知` → `tong-zhi`).
pub fn path_part(name: &str) -> String {
    if !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
    {
        name.to_ascii_lowercase()
    } else {
        slugify(name)
    }
}

/// True for a slug as disclose makes them and `site.yaml` accepts them: non-empty,
/// lower-case ASCII letters, digits and `-`.
pub fn is_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The slugs one facet (regions or units) has published.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SlugTable {
    /// Every name ever published → its slug. A name no record carries any more keeps
    /// its entry, so that its slug is never given to another name.
    #[serde(default)]
    pub names: BTreeMap<String, String>,
    /// Slugs a name no longer uses (`site.yaml` pinned it to another) → that name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub former: BTreeMap<String, String>,
}

/// The slug assignment of a publication, `data/slugs.json`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SlugMap {
    /// Region slugs.
    #[serde(default)]
    pub regions: SlugTable,
    /// Unit slugs.
    #[serde(default)]
    pub units: SlugTable,
}

impl SlugMap {
    /// The map as written to `data/slugs.json` (pretty JSON, keys sorted, newline at the end).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = serde_json::to_vec_pretty(self).unwrap_or_default();
        bytes.push(b'\n');
        bytes
    }
}

/// Reads `<dir>/data/slugs.json`, the slug map of the publication in `dir`; `Ok(None)`
/// when there is none (a first publication, or one made before slug maps existed).
pub fn load_previous(dir: &Path) -> Result<Option<SlugMap>, String> {
    let path = dir.join(crate::routes::slug_map().file());
    match std::fs::read(&path) {
        Ok(bytes) => serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|e| format!("{} is not a disclose slug map: {e}", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("cannot read {}: {e}", path.display())),
    }
}

/// Slugs for a set of names (each with the slug `site.yaml` pins it to, if any), made
/// unique and kept from the `previous` publication's table: the slugs of the names this
/// build publishes, and the table to publish for the next one.
///
/// A pinned slug wins; then every name keeps the slug it was published under (also a name
/// no record carries now, whose slug stays reserved); a new name gets its pinyin slug, or
/// the next free `-2`, `-3`… when that is taken. Names are taken in sorted order, so the
/// result does not depend on input order. Slugs in `previous` that are not well formed
/// ([`is_slug`]) are ignored.
pub fn assign<'a>(
    names: impl IntoIterator<Item = (&'a str, Option<&'a str>)>,
    previous: &SlugTable,
) -> (BTreeMap<String, String>, SlugTable) {
    // Names repeat once per record that carries them: dedupe by hash first, then sort the
    // few distinct ones (comparing long names with shared prefixes is what costs).
    let mut distinct: HashMap<&str, Option<&str>> = HashMap::default();
    for (name, explicit) in names {
        let entry = distinct.entry(name).or_insert(None);
        if explicit.is_some() {
            *entry = explicit;
        }
    }
    let wanted: BTreeMap<&str, Option<&str>> = distinct.into_iter().collect();
    let mut taken: HashMap<String, ()> = HashMap::default();
    let mut next = SlugTable::default();
    // Explicit slugs first, so a kept or derived slug never steals one that was asked for.
    for (name, explicit) in &wanted {
        if let Some(slug) = explicit {
            taken.insert(slug.to_string(), ());
            next.names.insert(name.to_string(), slug.to_string());
        }
    }
    // Then what was published: a name keeps its slug unless a pin took it.
    for (name, slug) in &previous.names {
        if !is_slug(slug) || taken.contains_key(slug.as_str()) {
            continue;
        }
        taken.insert(slug.clone(), ());
        if next.names.contains_key(name) {
            // Pinned to another slug now: the old one still means this name.
            next.former.insert(slug.clone(), name.clone());
        } else {
            next.names.insert(name.clone(), slug.clone());
        }
    }
    for (slug, name) in &previous.former {
        if is_slug(slug) && !taken.contains_key(slug.as_str()) && next.names.contains_key(name) {
            taken.insert(slug.clone(), ());
            next.former.insert(slug.clone(), name.clone());
        }
    }
    // New names last.
    for name in wanted.keys() {
        if next.names.contains_key(*name) {
            continue;
        }
        let base = slugify(name);
        let mut slug = base.clone();
        let mut n = 2;
        while taken.contains_key(&slug) {
            slug = format!("{base}-{n}");
            n += 1;
        }
        taken.insert(slug.clone(), ());
        next.names.insert(name.to_string(), slug);
    }
    let now = wanted
        .keys()
        .filter_map(|name| next.names.get(*name).map(|slug| (name.to_string(), slug.clone())))
        .collect();
    (now, next)
}

/// Slugs for a set of names with nothing published before: [`assign`] from scratch.
pub fn unique_slugs<'a>(
    names: impl IntoIterator<Item = (&'a str, Option<&'a str>)>,
) -> BTreeMap<String, String> {
    assign(names, &SlugTable::default()).0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transliterates_chinese() {
        assert_eq!(slugify("河口镇"), "he-kou-zhen");
        assert_eq!(slugify("城关街道"), "cheng-guan-jie-dao");
        assert_eq!(slugify("Air Quality 2022"), "air-quality-2022");
        assert_eq!(slugify("区住建局（城管）"), "qu-zhu-jian-ju-cheng-guan");
        assert_eq!(slugify("!!!"), "x");
    }

    #[test]
    fn collisions_get_numbered_and_explicit_slugs_win() {
        let slugs = unique_slugs([
            ("石门镇", None),
            ("十门镇", None),
            ("河口镇", Some("shi-men-zhen")),
        ]);
        assert_eq!(slugs["河口镇"], "shi-men-zhen");
        let mut derived = vec![slugs["石门镇"].clone(), slugs["十门镇"].clone()];
        derived.sort();
        assert_eq!(derived, ["shi-men-zhen-2", "shi-men-zhen-3"]);
    }

    #[test]
    fn published_slugs_keep_their_names() {
        // 合口镇 sorts before 河口镇: from scratch it would take the bare slug.
        let (first, table) = assign([("河口镇", None)], &SlugTable::default());
        assert_eq!(first["河口镇"], "he-kou-zhen");
        assert_eq!(
            unique_slugs([("合口镇", None), ("河口镇", None)])["合口镇"],
            "he-kou-zhen"
        );
        let (second, table) = assign([("合口镇", None), ("河口镇", None)], &table);
        assert_eq!(second["河口镇"], "he-kou-zhen");
        assert_eq!(second["合口镇"], "he-kou-zhen-2");
        // 河口镇 leaves the records: its slug stays reserved, 合口镇 keeps its own.
        let (third, table) = assign([("合口镇", None)], &table);
        assert_eq!(third.len(), 1);
        assert_eq!(third["合口镇"], "he-kou-zhen-2");
        assert_eq!(table.names["河口镇"], "he-kou-zhen");
        let (fourth, _) = assign([("和口镇", None), ("河口镇", None)], &table);
        assert_eq!(fourth["河口镇"], "he-kou-zhen");
        assert_eq!(fourth["和口镇"], "he-kou-zhen-3");
    }

    #[test]
    fn a_pin_wins_and_the_old_slug_keeps_its_meaning() {
        let (_, table) = assign([("河口镇", None), ("合口镇", None)], &SlugTable::default());
        let (now, table) = assign([("河口镇", Some("hekou")), ("合口镇", None)], &table);
        assert_eq!(now["河口镇"], "hekou");
        assert_eq!(table.former.get(&now["合口镇"]), None);
        let old = table
            .former
            .iter()
            .find(|(_, n)| *n == "河口镇")
            .map(|(s, _)| s.clone());
        assert!(old.is_some(), "{table:?}");
        // A pin that takes another name's published slug moves that name.
        let (now, _) = assign(
            [("合口镇", None), ("石门镇", Some(now["合口镇"].as_str()))],
            &table,
        );
        assert_ne!(now["合口镇"], now["石门镇"]);
    }

    #[test]
    fn malformed_previous_slugs_are_ignored() {
        let previous = SlugTable {
            names: BTreeMap::from([("河口镇".to_string(), "../x".to_string())]),
            former: BTreeMap::new(),
        };
        assert_eq!(assign([("河口镇", None)], &previous).0["河口镇"], "he-kou-zhen");
    }
}
