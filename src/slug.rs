//! Stable ASCII URL slugs: Chinese names are transliterated to pinyin
//! (河口镇 → `hekou-zhen`), everything else is lower-cased and dashed.

use std::collections::BTreeMap;

use foldhash::HashMap;
use pinyin::ToPinyin;

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

/// Slugs for a set of names, made unique: a second name with the same slug gets `-2`,
/// in sorted name order so the result does not depend on input order.
pub fn unique_slugs<'a>(
    names: impl IntoIterator<Item = (&'a str, Option<&'a str>)>,
) -> BTreeMap<String, String> {
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
    let mut taken: BTreeMap<String, &str> = BTreeMap::new();
    let mut result = BTreeMap::new();
    // Explicit slugs first, so a derived slug never steals one that was asked for.
    for (name, explicit) in wanted.iter().filter(|(_, e)| e.is_some()) {
        let slug = explicit.unwrap_or_default().to_string();
        taken.insert(slug.clone(), name);
        result.insert(name.to_string(), slug);
    }
    for (name, _) in wanted.iter().filter(|(_, e)| e.is_none()) {
        let base = slugify(name);
        let mut slug = base.clone();
        let mut n = 2;
        while taken.contains_key(&slug) {
            slug = format!("{base}-{n}");
            n += 1;
        }
        taken.insert(slug.clone(), name);
        result.insert(name.to_string(), slug);
    }
    result
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
}
