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
    /// Kind key: results show the status in the kind's words.
    pub kind: &'static str,
    /// Status key.
    pub status: &'static str,
    /// In its closure notice (销号公示) on the as-of date: the result says 销号公示中.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub in_notice: bool,
    /// Region, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<&'a str>,
}

/// The index files to publish: `(path, bytes)`.
/// `url` gives a record's link from its id; `in_notice` says whether the record at an
/// index is in its closure notice (销号公示) on the as-of date.
pub fn build(
    records: &[&Record],
    order: &[usize],
    url: &dyn Fn(&str) -> String,
    in_notice: &dyn Fn(usize) -> bool,
) -> Vec<(String, Vec<u8>)> {
    // Tokens per document, in parallel, borrowed from the document's text where they can be.
    let texts = texts_of(records, order);
    let tokens: Vec<Vec<Cow<str>>> = texts.par_iter().map(|t| tokens_of(t)).collect();
    let mut files: Vec<(String, Vec<u8>)> = deal(&tokens)
        .into_par_iter()
        .enumerate()
        .map(|(n, postings)| {
            let shard = group(&postings);
            (
                shard_path(n),
                serde_json::to_vec(&Shard(&shard)).unwrap_or_default(),
            )
        })
        .collect();
    files.push(docs_file(records, order, url, in_notice));
    files
}

/// The search index kept by `serve` between rebuilds: each document's text and version
/// and every shard's postings, so that an edit re-tokenises only the edited records and
/// rewrites only the shards whose postings changed (a title edit: a few of 64).
#[derive(Debug, Clone, Default)]
pub struct SearchState {
    /// Per document (list position): the version of the record it was made from.
    versions: Vec<u64>,
    /// Per document: its searchable text.
    texts: Vec<String>,
    /// Per shard: postings sorted by token, each list in document order.
    shards: Vec<Vec<(Box<str>, Vec<u32>)>>,
}

impl SearchState {
    /// Brings the state up to `records` (`versions` per record) and returns the index
    /// files to write: those that changed, and those unchanged that `kept` (asked with the
    /// path) could not keep. An empty state, or one with another number of documents, is
    /// built from scratch.
    pub fn refresh(
        &mut self,
        records: &[&Record],
        order: &[usize],
        versions: &[u64],
        url: &dyn Fn(&str) -> String,
        in_notice: &dyn Fn(usize) -> bool,
        kept: &(dyn Fn(&str) -> bool + Sync),
    ) -> Vec<(String, Vec<u8>)> {
        let dirty = if self.versions.len() == order.len() && self.shards.len() == SHARDS {
            self.update(records, order, versions)
        } else {
            *self = Self::new(records, order, versions);
            vec![true; SHARDS]
        };
        let mut files: Vec<(String, Vec<u8>)> = dirty
            .par_iter()
            .enumerate()
            .filter_map(|(n, &dirty)| {
                let path = shard_path(n);
                (dirty || !kept(&path)).then(|| {
                    let bytes = serde_json::to_vec(&Shard(&self.shards[n])).unwrap_or_default();
                    (path, bytes)
                })
            })
            .collect();
        files.push(docs_file(records, order, url, in_notice));
        files
    }

    fn new(records: &[&Record], order: &[usize], versions: &[u64]) -> Self {
        let texts = texts_of(records, order);
        let shards = {
            let tokens: Vec<Vec<Cow<str>>> = texts.par_iter().map(|t| tokens_of(t)).collect();
            deal(&tokens)
                .into_par_iter()
                .map(|postings| {
                    group(&postings)
                        .into_iter()
                        .map(|(token, docs)| (Box::from(token), docs))
                        .collect()
                })
                .collect()
        };
        Self {
            versions: order.iter().map(|&i| versions[i]).collect(),
            texts,
            shards,
        }
    }

    /// Re-tokenises the documents whose record changed and moves their postings; returns
    /// which shards changed.
    fn update(&mut self, records: &[&Record], order: &[usize], versions: &[u64]) -> Vec<bool> {
        let mut dirty = vec![false; SHARDS];
        for (doc, &i) in order.iter().enumerate() {
            if self.versions[doc] == versions[i] {
                continue;
            }
            let text = record_text(records[i]);
            let (removed, added) = {
                let old = tokens_of(&self.texts[doc]);
                let new = tokens_of(&text);
                let removed: Vec<String> = old
                    .iter()
                    .filter(|t| new.binary_search(t).is_err())
                    .map(|t| t.to_string())
                    .collect();
                let added: Vec<String> = new
                    .iter()
                    .filter(|t| old.binary_search(t).is_err())
                    .map(|t| t.to_string())
                    .collect();
                (removed, added)
            };
            let doc = doc as u32;
            for token in &removed {
                let n = shard_of(token);
                let shard = &mut self.shards[n];
                if let Ok(k) = shard.binary_search_by(|(t, _)| (**t).cmp(token.as_str())) {
                    let docs = &mut shard[k].1;
                    if let Ok(at) = docs.binary_search(&doc) {
                        docs.remove(at);
                        dirty[n] = true;
                    }
                    if docs.is_empty() {
                        shard.remove(k);
                    }
                }
            }
            for token in added {
                let n = shard_of(&token);
                let shard = &mut self.shards[n];
                match shard.binary_search_by(|(t, _)| (**t).cmp(token.as_str())) {
                    Ok(k) => {
                        let docs = &mut shard[k].1;
                        if let Err(at) = docs.binary_search(&doc) {
                            docs.insert(at, doc);
                        }
                    }
                    Err(k) => shard.insert(k, (token.into_boxed_str(), vec![doc])),
                }
                dirty[n] = true;
            }
            self.texts[doc as usize] = text;
            self.versions[doc as usize] = versions[i];
        }
        dirty
    }
}

/// Every document's text, in list order.
fn texts_of(records: &[&Record], order: &[usize]) -> Vec<String> {
    order.par_iter().map(|&i| record_text(records[i])).collect()
}

/// Deals the postings to their shards in document order, each shard then sorted by token;
/// the sort is stable, so each posting list stays in document order and the output is
/// deterministic.
fn deal<'t>(tokens: &'t [Vec<Cow<'t, str>>]) -> Vec<Vec<(&'t str, u32)>> {
    let mut shards: Vec<Vec<(&str, u32)>> = vec![Vec::new(); SHARDS];
    for (doc, list) in tokens.iter().enumerate() {
        for token in list {
            shards[shard_of(token)].push((token, doc as u32));
        }
    }
    shards
        .par_iter_mut()
        .for_each(|postings| postings.sort_by(|a, b| a.0.cmp(b.0)));
    shards
}

/// Sorted `(token, doc)` postings as `(token, docs)` lists.
fn group<'t>(postings: &[(&'t str, u32)]) -> Vec<(&'t str, Vec<u32>)> {
    postings
        .chunk_by(|a, b| a.0 == b.0)
        .map(|run| (run[0].0, run.iter().map(|p| p.1).collect()))
        .collect()
}

fn shard_path(n: usize) -> String {
    crate::routes::search_shard(n).file()
}

/// `search/docs.json`: what a result shows, per document.
fn docs_file(
    records: &[&Record],
    order: &[usize],
    url: &dyn Fn(&str) -> String,
    in_notice: &dyn Fn(usize) -> bool,
) -> (String, Vec<u8>) {
    let docs: Vec<SearchDoc> = order
        .iter()
        .map(|&i| {
            let r = records[i];
            SearchDoc {
                id: r.id.as_str(),
                title: &r.title,
                url: url(r.id.as_str()),
                kind: r.kind.key(),
                status: r.status.key(),
                in_notice: in_notice(i),
                region: r.region.as_deref(),
            }
        })
        .collect();
    let meta = serde_json::json!({ "shards": SHARDS, "docs": docs });
    (
        crate::routes::search_docs().file(),
        serde_json::to_vec(&meta).unwrap_or_default(),
    )
}

/// One shard's posting lists sorted by token, written as `{"token": [doc, ...], ...}`.
struct Shard<'a, K>(&'a [(K, Vec<u32>)]);

impl<K: AsRef<str>> Serialize for Shard<'_, K> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (token, docs) in self.0 {
            map.serialize_entry(token.as_ref(), docs)?;
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
        let files = build(&[&a, &b], &[0, 1], &|id| format!("/records/{id}/"), &|_| false);
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

    #[test]
    fn refreshed_state_writes_what_a_fresh_build_writes() {
        let yaml = |id: &str, title: &str| -> Record {
            serde_yaml::from_str(&format!(
                "id: {id}\nkind: task\ntitle: {title}\nstatus: in_progress\n"
            ))
            .unwrap()
        };
        let url = |id: &str| format!("/records/{id}/");
        let (a, b, c) = (
            yaml("A", "关闭石灰窑厂"),
            yaml("B", "污水处理 Plant"),
            yaml("C", "石灰窑"),
        );
        let mut state = SearchState::default();
        let first = state.refresh(&[&a, &b, &c], &[0, 1, 2], &[1, 2, 3], &url, &|_| false, &|_| true);
        assert_eq!(
            first,
            build(&[&a, &b, &c], &[0, 1, 2], &url, &|_| false),
            "a new state writes everything"
        );

        // B's title changes: its old tokens leave, new ones come, A and C stay.
        let b2 = yaml("B", "石灰窑整治 plant");
        let files = state.refresh(&[&a, &b2, &c], &[0, 1, 2], &[1, 9, 3], &url, &|_| false, &|_| {
            true
        });
        let fresh = build(&[&a, &b2, &c], &[0, 1, 2], &url, &|_| false);
        for (path, bytes) in &files {
            assert_eq!(
                fresh.iter().find(|(p, _)| p == path).map(|f| &f.1),
                Some(bytes),
                "{path}"
            );
        }
        let touched: Vec<usize> = tokens_of("污水处理 Plant石灰窑整治")
            .iter()
            .map(|t| shard_of(t))
            .collect();
        assert!(
            files.len() < fresh.len(),
            "unchanged shards are kept, not written"
        );
        for n in (0..SHARDS).filter(|n| !touched.contains(n)) {
            assert!(
                files.iter().all(|(p, _)| *p != shard_path(n)),
                "shard {n} did not change"
            );
        }
        // A shard the publisher could not keep is written even though unchanged.
        let again = state.refresh(&[&a, &b2, &c], &[0, 1, 2], &[1, 9, 3], &url, &|_| false, &|_| {
            false
        });
        assert_eq!(again, fresh);
    }
}
