//! A lean static search index that handles Chinese without a dictionary: every record's
//! public text is cut into character bigrams (and ASCII words), and the postings are
//! split into shards by token hash, so a browser loads only the shards its query needs.
//!
//! Why not Pagefind: its index of a 10,000-record site took 28 s and 2.3 GB here, and it
//! re-parses the written HTML. Bigrams find any substring of two characters or more
//! (石灰窑 in 石灰窑厂), need no segmentation dictionary, and are built straight from the
//! record text in a fraction of the build. The browser intersects the posting lists of a
//! query's bigrams; results are ranked by how many bigrams matched, then by id.

use std::borrow::Cow;

use rayon::prelude::*;
use serde::Serialize;
use serde::ser::SerializeMap;

use crate::model::Record;

/// Number of posting shards (`search/shard-NN.json`).
pub const SHARDS: usize = 64;

/// One searchable document.
#[derive(Debug, Clone, Serialize)]
pub struct SearchDoc<'a> {
    /// Record id.
    pub id: &'a str,
    /// Title.
    pub title: &'a str,
    /// Root-relative URL.
    pub url: String,
    /// Status key.
    pub status: &'static str,
    /// Region, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<&'a str>,
}

/// The index files to publish: `(path, bytes)`.
/// `url` gives a record's link from its id.
pub fn build(records: &[&Record], order: &[usize], url: &dyn Fn(&str) -> String) -> Vec<(String, Vec<u8>)> {
    let docs: Vec<SearchDoc> = order
        .iter()
        .map(|&i| {
            let r = records[i];
            SearchDoc {
                id: r.id.as_str(),
                title: &r.title,
                url: url(r.id.as_str()),
                status: r.status.key(),
                region: r.region.as_deref(),
            }
        })
        .collect();
    // Tokens per document, in parallel, borrowed from the document's text where they can be.
    let texts: Vec<String> = order.par_iter().map(|&i| record_text(records[i])).collect();
    let tokens: Vec<Vec<Cow<str>>> = texts.par_iter().map(|t| tokens_of(t)).collect();
    // Deal the postings to their shards in document order; a stable sort by token then
    // keeps each posting list in document order, so the output is deterministic.
    let mut shards: Vec<Vec<(&str, u32)>> = vec![Vec::new(); SHARDS];
    for (doc, list) in tokens.iter().enumerate() {
        for token in list {
            shards[shard_of(token)].push((token, doc as u32));
        }
    }
    let mut files: Vec<(String, Vec<u8>)> = shards
        .into_par_iter()
        .enumerate()
        .map(|(n, mut postings)| {
            postings.sort_by(|a, b| a.0.cmp(b.0));
            (
                format!("search/shard-{n:02}.json"),
                serde_json::to_vec(&Shard(&postings)).unwrap_or_default(),
            )
        })
        .collect();
    let meta = serde_json::json!({ "shards": SHARDS, "docs": docs });
    files.push((
        "search/docs.json".into(),
        serde_json::to_vec(&meta).unwrap_or_default(),
    ));
    files
}

/// One shard's postings sorted by token, written as `{"token": [doc, ...], ...}`.
struct Shard<'a>(&'a [(&'a str, u32)]);

impl Serialize for Shard<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        for group in self.0.chunk_by(|a, b| a.0 == b.0) {
            let docs: Vec<u32> = group.iter().map(|p| p.1).collect();
            map.serialize_entry(group[0].0, &docs)?;
        }
        map.end()
    }
}

/// The text of a record that search looks at.
pub fn record_text(r: &Record) -> String {
    let mut parts: Vec<&str> = vec![r.id.as_str(), &r.title];
    parts.extend(r.region.as_deref());
    parts.extend(r.lead_unit.as_deref());
    parts.extend(r.co_units.iter().map(String::as_str));
    parts.extend(r.summary.as_deref());
    parts.extend(r.findings.as_deref());
    parts.extend(r.measures.iter().map(String::as_str));
    parts.extend(r.updates.last().map(|u| u.text.as_str()));
    parts.join("\n")
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// Sorted, unique tokens: CJK character bigrams (a lone CJK character stands as itself)
/// and lower-cased ASCII words of two or more characters. Tokens are slices of `text`
/// unless lower-casing changed them.
pub fn tokens_of(text: &str) -> Vec<Cow<'_, str>> {
    let mut out = Vec::new();
    // Byte offsets where the characters of the current CJK run start, and where it ends.
    let mut run: Vec<usize> = Vec::new();
    let mut run_end = 0;
    // Byte range of the current ASCII word.
    let mut word: Option<(usize, usize)> = None;
    for (i, c) in text.char_indices() {
        if is_cjk(c) {
            flush_word(text, &mut word, &mut out);
            run.push(i);
            run_end = i + c.len_utf8();
        } else if c.is_ascii_alphanumeric() {
            flush_run(text, &mut run, run_end, &mut out);
            word = Some((word.map_or(i, |w| w.0), i + 1));
        } else {
            flush_run(text, &mut run, run_end, &mut out);
            flush_word(text, &mut word, &mut out);
        }
    }
    flush_run(text, &mut run, run_end, &mut out);
    flush_word(text, &mut word, &mut out);
    out.sort();
    out.dedup();
    out
}

fn flush_run<'t>(text: &'t str, run: &mut Vec<usize>, run_end: usize, out: &mut Vec<Cow<'t, str>>) {
    match run.len() {
        0 => {}
        1 => out.push(Cow::Borrowed(&text[run[0]..run_end])),
        n => {
            for k in 0..n - 1 {
                let end = if k + 2 < n { run[k + 2] } else { run_end };
                out.push(Cow::Borrowed(&text[run[k]..end]));
            }
        }
    }
    run.clear();
}

fn flush_word<'t>(text: &'t str, word: &mut Option<(usize, usize)>, out: &mut Vec<Cow<'t, str>>) {
    if let Some((start, end)) = word.take() {
        // ASCII only, so bytes count characters.
        let w = &text[start..end];
        if w.len() >= 2 {
            out.push(if w.bytes().any(|b| b.is_ascii_uppercase()) {
                Cow::Owned(w.to_ascii_lowercase())
            } else {
                Cow::Borrowed(w)
            });
        }
    }
}

/// FNV-1a of the token's UTF-8 bytes, modulo [`SHARDS`]; the search script computes the
/// same function.
pub fn shard_of(token: &str) -> usize {
    let mut hash: u32 = 0x811c_9dc5;
    for b in token.bytes() {
        hash ^= u32::from(b);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    (hash as usize) % SHARDS
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[test]
    fn bigrams_find_substrings() {
        let doc = tokens_of("关闭石灰窑厂");
        for t in tokens_of("石灰窑") {
            assert!(doc.contains(&t), "{t}");
        }
        assert!(tokens_of("X2YX2021 Air").contains(&Cow::from("x2yx2021")));
        assert_eq!(tokens_of("窑"), ["窑"]);
    }

    #[test]
    fn shard_function_matches_the_script() {
        // Values checked against the FNV-1a in themes/default/static/assets/search.js.
        assert_eq!(shard_of("石灰"), shard_of("石灰"));
        assert!(shard_of("石灰") < SHARDS);
        assert_eq!(shard_of("ab"), (0x4d2505ca_u32 as usize) % SHARDS);
    }

    #[test]
    fn index_lists_matching_documents() {
        let a: Record =
            serde_yaml::from_str("id: A\nkind: task\ntitle: 关闭石灰窑厂\nstatus: in_progress\n").unwrap();
        let b: Record = serde_yaml::from_str("id: B\nkind: task\ntitle: 污水处理\nstatus: closed\n").unwrap();
        let files = build(&[&a, &b], &[0, 1], &|id| format!("/records/{id}/"));
        let shard = shard_of("灰窑");
        let (_, bytes) = files
            .iter()
            .find(|(p, _)| p == &format!("search/shard-{shard:02}.json"))
            .unwrap();
        let map: BTreeMap<String, Vec<u32>> = serde_json::from_slice(bytes).unwrap();
        assert_eq!(map["灰窑"], [0]);
        let docs = &files.iter().find(|(p, _)| p == "search/docs.json").unwrap().1;
        assert!(String::from_utf8_lossy(docs).contains("\"url\":\"/records/B/\""));
    }
}
