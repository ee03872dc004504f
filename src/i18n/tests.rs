//! The catalogue's own checks: every file parses, every message exists in both languages
//! with the same placeholders, and the embedded file list matches the folder.

use std::collections::{BTreeMap, BTreeSet};

use fluent_syntax::ast;

use super::*;

/// Message id → the variables its value and attributes use.
fn placeholders(lang: Lang) -> BTreeMap<String, BTreeSet<String>> {
    let mut out = BTreeMap::new();
    for (file, text) in sources(lang) {
        let resource = fluent_syntax::parser::parse(text)
            .unwrap_or_else(|(_, errors)| panic!("i18n/{lang}/{file} does not parse: {errors:?}"));
        for entry in resource.body {
            if let ast::Entry::Message(message) = entry {
                let mut vars = BTreeSet::new();
                if let Some(pattern) = &message.value {
                    pattern_vars(pattern, &mut vars);
                }
                for attribute in &message.attributes {
                    pattern_vars(&attribute.value, &mut vars);
                }
                let id = message.id.name.to_string();
                assert!(
                    out.insert(id.clone(), vars).is_none(),
                    "i18n/{lang}/{file}: `{id}` is defined twice"
                );
            }
        }
    }
    out
}

fn pattern_vars(pattern: &ast::Pattern<&str>, vars: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expression_vars(expression, vars);
        }
    }
}

fn expression_vars(expression: &ast::Expression<&str>, vars: &mut BTreeSet<String>) {
    match expression {
        ast::Expression::Select { selector, variants } => {
            inline_vars(selector, vars);
            for variant in variants {
                pattern_vars(&variant.value, vars);
            }
        }
        ast::Expression::Inline(inline) => inline_vars(inline, vars),
    }
}

fn inline_vars(inline: &ast::InlineExpression<&str>, vars: &mut BTreeSet<String>) {
    match inline {
        ast::InlineExpression::VariableReference { id } => {
            vars.insert(id.name.to_string());
        }
        ast::InlineExpression::Placeable { expression } => expression_vars(expression, vars),
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for argument in &arguments.positional {
                inline_vars(argument, vars);
            }
        }
        _ => {}
    }
}

#[test]
fn every_message_has_both_languages_with_the_same_placeholders() {
    let zh = placeholders(Lang::ZhCn);
    let en = placeholders(Lang::En);
    let mut problems = Vec::new();
    for (id, vars) in &zh {
        match en.get(id) {
            None => problems.push(format!("`{id}` is in zh-CN but not in en")),
            Some(en_vars) if en_vars != vars => {
                problems.push(format!("`{id}` uses {vars:?} in zh-CN but {en_vars:?} in en"))
            }
            Some(_) => {}
        }
    }
    for id in en.keys().filter(|id| !zh.contains_key(*id)) {
        problems.push(format!("`{id}` is in en but not in zh-CN"));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(zh.len() > 50, "the catalogue has {} messages", zh.len());
}

#[test]
fn the_embedded_file_list_matches_the_folders() {
    for lang in Lang::ALL {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("i18n")
            .join(lang.tag());
        let on_disk: BTreeSet<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".ftl"))
            .collect();
        let listed: BTreeSet<String> = FILES.iter().map(|s| s.to_string()).collect();
        assert_eq!(on_disk, listed, "i18n/{lang}/ and catalogue_files! disagree");
    }
}

#[test]
fn arguments_are_filled_in_without_isolation_marks() {
    let text = crate::t!(Lang::En, "run-summary-records", count = 3usize);
    assert!(text.contains('3'), "{text}");
    assert!(!text.contains('\u{2068}'), "{text:?}");
}

#[test]
fn a_missing_key_falls_back_to_itself() {
    assert_eq!(text(Lang::ZhCn, "no-such-key", &[]), "no-such-key");
    assert!(!has(Lang::ZhCn, "no-such-key"));
}
