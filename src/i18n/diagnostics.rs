//! Diagnostics in the run's language, from the catalogue. A stage writes each diagnostic
//! with its [`Code`](crate::diagnostic::Code) and the named values it is about (`value`,
//! `date`, `nearest`…); here the catalogue of the run's language (`diag-<name>` and
//! `diag-<name>-help`, or `diag-<name>-<variant>` where the code has several wordings)
//! renders what a clerk reads, adding what the code does not carry: the field's Chinese
//! label, the accepted values with their labels, the key a Chinese status word means, the
//! date a 2022.6.30 means. English and Chinese both come from there: the stage's own
//! text is never shown for a diagnostic with a code.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use super::{Arg, Lang, has, text};
use crate::diagnostic::{Code, Diagnostic};
use crate::source::slips;

/// `diagnostics` as `lang` shows them.
pub fn localize_all(diagnostics: &[Diagnostic], lang: Lang) -> Vec<Diagnostic> {
    diagnostics.iter().map(|d| localize(d, lang)).collect()
}

/// One diagnostic as `lang` shows it: the catalogue's message and help for its code,
/// filled in with its values. A value the text quotes but the diagnostic lacks shows as
/// `{$name}` (a test over the bad inputs keeps that from shipping).
pub fn localize(d: &Diagnostic, lang: Lang) -> Diagnostic {
    let Some(code) = d.code else {
        return d.clone();
    };
    let mut out = d.clone();
    let mut args: Vec<(&str, String)> = d.args.iter().map(|(k, v)| (*k, v.clone())).collect();
    args.push(("field", field_label(&d.field, lang)));
    if code == Code::OutputClash {
        // The two producers, each named in the run's language (`output-static`…).
        for (side, kind, name, what) in [
            ("producer", "producer_kind", "producer_name", "producer_what"),
            ("other", "other_kind", "other_name", "other_what"),
        ] {
            let get = |k: &str| d.args.get(k).map_or("", String::as_str);
            let named = text(
                lang,
                &format!("output-{}", get(kind)),
                &[("name", get(name).into()), ("what", get(what).into())],
            );
            args.push((side, named));
        }
    }
    let hint = hint(d, code, lang, &mut args);
    let key = message_key(d, code, lang);
    let fluent: Vec<(&str, Arg<'_>)> = args.iter().map(|(k, v)| (*k, Arg::from(v.as_str()))).collect();
    out.message = text(lang, &key, &fluent);
    let help_key = format!("{key}-help");
    out.help = has(lang, &help_key).then(|| text(lang, &help_key, &fluent));
    if let Some(hint) = hint {
        out.help = Some(match out.help {
            // The date hint says all the general help would, with the clerk's own date.
            Some(_) if code == Code::InvalidValue => hint,
            Some(help) => format!("{hint} {help}"),
            None => hint,
        });
    }
    out
}

/// The catalogue key of `d`'s message: its slip's, its variant's where the catalogue has
/// one (`diag-bad-id-reserved`), else its code's.
fn message_key(d: &Diagnostic, code: Code, lang: Lang) -> String {
    if let Some(slip) = d.args.get("slip") {
        return format!("diag-slip-{slip}");
    }
    let base = format!("diag-{}", code.name());
    match d.args.get("variant") {
        Some(variant) if has(lang, &format!("{base}-{variant}")) => format!("{base}-{variant}"),
        _ => base,
    }
}

/// The hint before the help, where the value says what was meant: the key of a label or
/// Chinese status word, the ISO form of a date, the nearest name the stage found. Also
/// writes `expected` with labels.
fn hint(d: &Diagnostic, code: Code, lang: Lang, args: &mut [(&str, String)]) -> Option<String> {
    if let Some(near) = d.args.get("nearest") {
        return Some(text(lang, "suggest-near", &[("key", near.into())]));
    }
    let value = d.args.get("value")?;
    match code {
        Code::UnknownStatus | Code::UnknownValue => {
            let vocabulary = vocabulary_of(&d.field)?;
            let choices = choices(vocabulary);
            if lang == Lang::ZhCn {
                let separator = text(lang, "list-separator", &[]);
                let listed: Vec<String> = choices
                    .iter()
                    .map(|(k, l)| text(lang, "choice", &[("key", k.into()), ("label", l.into())]))
                    .collect();
                if let Some(slot) = args.iter_mut().find(|(k, _)| *k == "expected") {
                    slot.1 = listed.join(&separator);
                }
            }
            let (key, label) = slips::suggest_key(value, &choices)?;
            Some(text(
                lang,
                "suggest-key",
                &[("key", key.into()), ("label", label.into())],
            ))
        }
        Code::InvalidValue => {
            let date = slips::suggest_date(value)?;
            (date != *value).then(|| text(lang, "suggest-date", &[("date", date.into())]))
        }
        _ => None,
    }
}

/// The vocabulary a field's values come from (`updates[2].status` → `status`).
fn vocabulary_of(field: &str) -> Option<&'static str> {
    let last = last_key(field);
    crate::model::VOCABULARIES
        .iter()
        .map(|v| v.name)
        .find(|name| *name == last || format!("{name}s") == last)
}

fn last_key(field: &str) -> &str {
    let last = field.rsplit('.').next().unwrap_or(field);
    last.split('[').next().unwrap_or(last)
}

/// `(key, Chinese label)` of every key of `vocabulary`, from the default theme.
fn choices(vocabulary: &str) -> Vec<(String, String)> {
    let labels = labels();
    crate::model::VOCABULARIES
        .iter()
        .find(|v| v.name == vocabulary)
        .map(|v| {
            v.keys
                .iter()
                .map(|k| {
                    let label = labels
                        .get(&format!("{vocabulary}.{k}"))
                        .cloned()
                        .unwrap_or_default();
                    (k.to_string(), label)
                })
                .collect()
        })
        .unwrap_or_default()
}

/// `整改时限（deadline）` for a field the default theme labels; the path as it is else.
fn field_label(field: &str, lang: Lang) -> String {
    if field.is_empty() || lang == Lang::En {
        return field.to_string();
    }
    match labels().get(&format!("field.{}", last_key(field))) {
        Some(label) => format!("{label}（{field}）"),
        None => field.to_string(),
    }
}

/// The default theme's Chinese labels, flattened (`status.in_progress` → `正在整改`).
fn labels() -> &'static BTreeMap<String, String> {
    static LABELS: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    LABELS.get_or_init(|| {
        let yaml = include_str!("../../themes/default/i18n/zh-CN.yaml");
        let value: serde_yaml::Value = serde_yaml::from_str(yaml).unwrap_or_default();
        let mut out = BTreeMap::new();
        if let Some(map) = value.as_mapping() {
            for (group, inner) in map {
                let (Some(group), Some(inner)) = (group.as_str(), inner.as_mapping()) else {
                    continue;
                };
                for (key, label) in inner {
                    let key = key
                        .as_str()
                        .map(str::to_string)
                        .or_else(|| key.as_bool().map(|b| b.to_string()));
                    if let (Some(key), Some(label)) = (key, label.as_str()) {
                        out.insert(format!("{group}.{key}"), label.to_string());
                    }
                }
            }
        }
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_a_message_and_help_in_both_languages() {
        let mut missing = Vec::new();
        for lang in Lang::ALL {
            for code in Code::ALL {
                for key in [
                    format!("diag-{}", code.name()),
                    format!("diag-{}-help", code.name()),
                ] {
                    if !has(lang, &key) {
                        missing.push(format!("{lang}: {key} ({})", code.id()));
                    }
                }
            }
        }
        assert!(
            missing.is_empty(),
            "add to i18n/*/diagnostics.ftl:\n{}",
            missing.join("\n")
        );
    }

    #[test]
    fn a_chinese_status_word_gets_its_key_and_the_labelled_choices() {
        let d = Diagnostic::error("r.md", 5, 9, "unknown variant `整改中`")
            .code(Code::UnknownStatus)
            .field("status")
            .arg("value", "整改中")
            .arg("expected", "not_started, in_progress, staged, completed, closed");
        let zh = localize(&d, Lang::ZhCn);
        assert_eq!(zh.message, "“整改中”不是可用的整改状态");
        let help = zh.help.unwrap();
        assert!(help.starts_with("您是否要写 in_progress（正在整改）？"), "{help}");
        assert!(
            help.contains("not_started（尚未启动）、in_progress（正在整改）"),
            "{help}"
        );
        let en = localize(&d, Lang::En);
        assert_eq!(en.message, "unknown status 整改中");
        assert!(en.help.unwrap().contains("did you mean in_progress (正在整改)?"));
    }

    #[test]
    fn a_dotted_date_gets_the_iso_form() {
        let d = Diagnostic::error("r.md", 6, 11, "`2022.6.30` is not a date")
            .code(Code::InvalidValue)
            .field("deadline")
            .arg("value", "2022.6.30");
        let zh = localize(&d, Lang::ZhCn);
        assert!(zh.message.contains("整改时限（deadline）"), "{}", zh.message);
        assert!(zh.help.unwrap().contains("2022-06-30"));
        assert!(localize(&d, Lang::En).help.unwrap().contains("2022-06-30"));
    }

    #[test]
    fn a_value_the_catalogue_quotes_but_the_diagnostic_lacks_shows_as_a_hole_not_code_text() {
        let d = Diagnostic::error("r.md", 1, 1, "in-code text").code(Code::DateAfterAsOf);
        for lang in Lang::ALL {
            let shown = localize(&d, lang).message;
            assert!(!shown.contains("in-code text"), "{shown}");
            assert!(shown.contains("{$date}"), "{shown}");
        }
    }

    #[test]
    fn english_comes_from_the_catalogue_too() {
        let d = Diagnostic::error("r.md", 5, 1, "in-code text")
            .code(Code::UnknownInspection)
            .arg("value", "cei3-2021")
            .arg("nearest", "cei2-2021")
            .with_help("in-code help");
        let en = localize(&d, Lang::En);
        assert_eq!(
            en.message,
            text(
                Lang::En,
                "diag-unknown-inspection",
                &[("value", "cei3-2021".into())]
            )
        );
        let help = en.help.unwrap();
        assert!(help.starts_with("did you mean cei2-2021?"), "{help}");
        assert!(!help.contains("in-code"), "{help}");
        let zh = localize(&d, Lang::ZhCn);
        assert!(zh.help.unwrap().starts_with("您是否要写 cei2-2021？"));
    }

    #[test]
    fn a_variant_picks_its_own_wording() {
        let d = Diagnostic::error("r.md", 1, 5, "x")
            .code(Code::BadId)
            .arg("id", "index")
            .arg("variant", "reserved");
        assert!(has(Lang::En, "diag-bad-id-reserved"));
        assert_eq!(
            localize(&d, Lang::En).message,
            text(Lang::En, "diag-bad-id-reserved", &[("id", "index".into())])
        );
        // An unknown variant falls back to the code's own wording.
        let d = d.arg("variant", "no-such-variant");
        assert_eq!(
            localize(&d, Lang::En).message,
            text(Lang::En, "diag-bad-id", &[("id", "index".into())])
        );
    }
}
