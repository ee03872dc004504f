//! Rules for `site.yaml` beyond its types.

use std::collections::{BTreeMap, BTreeSet};

use crate::config::SiteConfig;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Kind, VOCABULARIES};
use crate::source::yaml::nearest;
use crate::source::{Origin, Seg};

/// Languages the default theme ships UI strings for.
pub const LANGUAGES: &[&str] = &["zh-CN", "en"];

pub(super) fn check(config: &SiteConfig, origin: &Origin) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let at = |path: &[Seg], message: String| origin.error(path, message);
    if let Err(message) = crate::config::check_base_url(&config.base_url) {
        out.push(
            at(&[Seg::Key("base_url")], message)
                .code(Code::BadBaseUrl)
                .arg("value", &config.base_url)
                .with_help("write the full address, e.g. https://www.example.gov.cn/dczg/"),
        );
    }
    if !LANGUAGES.contains(&config.language.as_str()) {
        out.push(
            at(
                &[Seg::Key("language")],
                format!("language `{}` is not supported", config.language),
            )
            .code(Code::UnsupportedLanguage)
            .arg("value", &config.language)
            .with_help("use zh-CN or en"),
        );
    }
    if config.paginate == 0 {
        out.push(
            at(&[Seg::Key("paginate")], "paginate must be at least 1".into())
                .code(Code::BadPaginate)
                .arg("value", config.paginate)
                .with_help("50 rows per page suits phones and print"),
        );
    }
    let mut seen = BTreeSet::new();
    for (i, inspection) in config.inspections.iter().enumerate() {
        let here = [Seg::Key("inspections"), Seg::Index(i)];
        if !seen.insert(inspection.id.as_str()) {
            out.push(
                at(&here, format!("inspection id `{}` appears twice", inspection.id))
                    .code(Code::DuplicateInspection)
                    .arg("id", &inspection.id)
                    .with_help("give every inspection its own id"),
            );
        }
        if !crate::model::RecordId(inspection.id.clone()).is_well_formed() {
            out.push(
                at(
                    &here,
                    format!("inspection id `{}` is not URL-safe", inspection.id),
                )
                .code(Code::BadInspectionId)
                .arg("id", &inspection.id)
                .with_help("use letters, digits, `-`, `_` and `.` only"),
            );
        }
        let mut numbers = BTreeSet::new();
        for (j, batch) in inspection.batches.iter().enumerate() {
            if batch.number == 0 || !numbers.insert(batch.number) {
                out.push(
                    at(
                        &[
                            Seg::Key("inspections"),
                            Seg::Index(i),
                            Seg::Key("batches"),
                            Seg::Index(j),
                            Seg::Key("number"),
                        ],
                        format!(
                            "inspection `{}`: batch number {} is 0 or listed twice",
                            inspection.id, batch.number
                        ),
                    )
                    .code(Code::BadBatch)
                    .arg("id", &inspection.id)
                    .arg("value", batch.number)
                    .with_help("number the batches 1, 2, 3… (第1批, 第2批…) and list each once"),
                );
            }
        }
        if let (Some(s), Some(e)) = (inspection.started, inspection.ended)
            && e < s
        {
            out.push(
                at(
                    &here,
                    format!("inspection `{}` ends ({e}) before it starts ({s})", inspection.id),
                )
                .code(Code::InspectionDates)
                .arg("id", &inspection.id)
                .arg("date", e)
                .arg("other", s),
            );
        }
    }
    if let Some(regions) = &config.regions {
        let mut names = BTreeSet::new();
        let mut slugs = BTreeSet::new();
        for (i, region) in regions.iter().enumerate() {
            let here = [Seg::Key("regions"), Seg::Index(i)];
            if !names.insert(region.name()) {
                out.push(
                    at(&here, format!("region `{}` is listed twice", region.name()))
                        .code(Code::DuplicateRegion)
                        .arg("value", region.name()),
                );
            }
            if let Some(slug) = region.slug() {
                if !slugs.insert(slug) {
                    out.push(
                        at(&here, format!("region slug `{slug}` is used twice"))
                            .code(Code::DuplicateRegionSlug)
                            .arg("value", slug)
                            .with_help("every region needs its own slug"),
                    );
                }
                if !crate::slug::is_slug(slug) {
                    out.push(
                        at(
                            &here,
                            format!("region slug `{slug}` is not a lower-case ASCII slug"),
                        )
                        .code(Code::BadRegionSlug)
                        .arg("value", slug)
                        .with_help("use a-z, 0-9 and `-`, e.g. hekou"),
                    );
                }
            }
        }
    }
    pinned_slugs(config, &at, &mut out);
    if let Some(signing) = &config.signing
        && let Err(e) = crate::keys::public_key(&signing.public_key)
    {
        out.push(
            at(
                &[Seg::Key("signing"), Seg::Key("public_key")],
                format!("signing.public_key: {e}"),
            )
            .code(Code::BadSigningPublicKey)
            .arg("error", &e)
            .with_help("copy the one line of disclose.pub (from `disclose keygen`) here"),
        );
    }
    for (name, labels) in &config.vocabularies.all {
        vocabulary_labels(&[Seg::Key("vocabularies")], name, labels, origin, &mut out);
    }
    for (kind, vocabularies) in &config.vocabularies.by_kind {
        let here = [Seg::Key("vocabularies"), Seg::Key("by_kind"), Seg::Key(kind)];
        if !Kind::VOCABULARY.keys.contains(&kind.as_str()) {
            let mut d = origin
                .error(&here, format!("vocabularies.by_kind: unknown kind `{kind}`"))
                .code(Code::UnknownVocabularyKey)
                .arg("vocabulary", "kind")
                .arg("value", kind)
                .arg("expected", Kind::VOCABULARY.keys.join(", "));
            if let Some(near) = nearest(kind, Kind::VOCABULARY.keys) {
                d = d.arg("nearest", near);
            }
            out.push(d);
            continue;
        }
        for (name, labels) in vocabularies {
            vocabulary_labels(&here, name, labels, origin, &mut out);
        }
    }
    out
}

/// The labels of one vocabulary under `at` (`vocabularies`, or one kind's entry of
/// `vocabularies.by_kind`): the vocabulary and each key must exist.
fn vocabulary_labels<'a>(
    at: &[Seg<'a>],
    name: &'a str,
    labels: &'a BTreeMap<String, String>,
    origin: &Origin,
    out: &mut Vec<Diagnostic>,
) {
    let path =
        |tail: &[Seg<'a>]| -> Vec<Seg<'a>> { at.iter().cloned().chain(tail.iter().cloned()).collect() };
    let Some(vocab) = VOCABULARIES.iter().find(|v| v.name == name) else {
        let names: Vec<&str> = VOCABULARIES.iter().map(|v| v.name).collect();
        let mut d = origin
            .error(
                &path(&[Seg::Key(name)]),
                format!("vocabularies: unknown vocabulary `{name}`"),
            )
            .code(Code::UnknownVocabulary)
            .arg("value", name)
            .arg("expected", names.join(", "));
        if let Some(near) = nearest(name, &names) {
            d = d.arg("nearest", near);
        }
        out.push(d);
        return;
    };
    for key in labels.keys() {
        if !vocab.keys.contains(&key.as_str()) {
            let mut d = origin
                .error(
                    &path(&[Seg::Key(name), Seg::Key(key)]),
                    format!("vocabularies.{name}: unknown key `{key}`"),
                )
                .code(Code::UnknownVocabularyKey)
                .arg("vocabulary", name)
                .arg("value", key)
                .arg("expected", vocab.keys.join(", "));
            if let Some(near) = nearest(key, vocab.keys) {
                d = d.arg("nearest", near);
            }
            out.push(d);
        }
    }
}

/// The slugs `site.yaml` pins for units and inspections: well formed, and each used once
/// within its facet (a unit listed twice is reported too).
fn pinned_slugs(config: &SiteConfig, at: &dyn Fn(&[Seg], String) -> Diagnostic, out: &mut Vec<Diagnostic>) {
    let bad = |here: &[Seg], slug: &str| {
        at(here, format!("slug `{slug}` is not a lower-case ASCII slug"))
            .code(Code::BadSlug)
            .arg("value", slug)
            .with_help("use a-z, 0-9 and `-`, e.g. hekou-gov")
    };
    let mut names = BTreeSet::new();
    let mut slugs = BTreeSet::new();
    for (i, unit) in config.units.iter().enumerate() {
        let here = [Seg::Key("units"), Seg::Index(i), Seg::Key("slug")];
        if !names.insert(unit.name.as_str()) {
            out.push(
                at(
                    &[Seg::Key("units"), Seg::Index(i), Seg::Key("name")],
                    format!("unit `{}` is listed twice", unit.name),
                )
                .code(Code::DuplicateSlug)
                .arg("value", &unit.name)
                .with_help("list every unit once"),
            );
        }
        let Some(slug) = &unit.slug else {
            continue;
        };
        if !crate::slug::is_slug(slug) {
            out.push(bad(&here, slug));
        }
        if !slugs.insert(slug.as_str()) {
            out.push(
                at(&here, format!("unit slug `{slug}` is used twice"))
                    .code(Code::DuplicateSlug)
                    .arg("value", slug)
                    .with_help("every unit needs its own slug"),
            );
        }
    }
    // An inspection without a slug uses its id (a duplicate id is reported above); a
    // pinned slug must differ from those and from the other pinned ones.
    let mut slugs: BTreeSet<&str> = config
        .inspections
        .iter()
        .filter(|x| x.slug.is_none())
        .map(|x| x.id.as_str())
        .collect();
    for (i, inspection) in config.inspections.iter().enumerate() {
        let Some(slug) = &inspection.slug else {
            continue;
        };
        let here = [Seg::Key("inspections"), Seg::Index(i), Seg::Key("slug")];
        if !crate::slug::is_slug(slug) {
            out.push(bad(&here, slug));
        }
        if !slugs.insert(slug) {
            out.push(
                at(&here, format!("inspection slug `{slug}` is used twice"))
                    .code(Code::DuplicateSlug)
                    .arg("value", slug)
                    .with_help("every inspection needs its own slug"),
            );
        }
    }
}
