//! Keeps the shipped locales in step with `en`: the same messages with the same variables,
//! every one translated, every one parsing, and plural forms that follow each language's rules.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use agora::i18n::Localizer;
use fluent_bundle::FluentValue;
use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};
use fluent_syntax::parser;

/// Messages that are the same word in every language (brand names).
const SAME_IN_EVERY_LANGUAGE: &[&str] = &["page-site-name"];

type Catalog = BTreeMap<String, BTreeSet<String>>;

fn i18n_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../i18n")
}

/// Message id → its variables, for every file of one locale.
fn catalog(locale: &str) -> (Catalog, BTreeMap<String, String>) {
    let mut messages = Catalog::new();
    let mut sources = BTreeMap::new();
    let dir = i18n_root().join(locale);
    for file in std::fs::read_dir(&dir).expect("a locale folder") {
        let path = file.expect("an entry").path();
        if path.extension().is_none_or(|ext| ext != "ftl") {
            continue;
        }
        let source = std::fs::read_to_string(&path).expect("readable");
        let resource = parser::parse(source.as_str())
            .unwrap_or_else(|(_, errors)| panic!("{} does not parse: {errors:?}", path.display()));
        for entry in resource.body {
            if let Entry::Message(message) = entry {
                let id = message.id.name.to_owned();
                let mut variables = BTreeSet::new();
                if let Some(pattern) = &message.value {
                    collect_variables(pattern, &mut variables);
                    sources.insert(id.clone(), format!("{pattern:?}"));
                }
                assert!(messages.insert(id.clone(), variables).is_none(), "{id} is defined twice in {locale}");
            }
        }
    }
    (messages, sources)
}

fn collect_variables(pattern: &Pattern<&str>, variables: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            collect_expression(expression, variables);
        }
    }
}

fn collect_expression(expression: &Expression<&str>, variables: &mut BTreeSet<String>) {
    match expression {
        Expression::Select { selector, variants } => {
            collect_inline(selector, variables);
            for variant in variants {
                collect_variables(&variant.value, variables);
            }
        }
        Expression::Inline(inline) => collect_inline(inline, variables),
    }
}

fn collect_inline(inline: &InlineExpression<&str>, variables: &mut BTreeSet<String>) {
    match inline {
        InlineExpression::VariableReference { id } => {
            variables.insert(id.name.to_owned());
        }
        InlineExpression::Placeable { expression } => collect_expression(expression, variables),
        _ => {}
    }
}

fn shipped_locales() -> Vec<String> {
    let mut locales: Vec<String> = std::fs::read_dir(i18n_root())
        .expect("the i18n folder")
        .map(|entry| entry.expect("an entry").file_name().to_string_lossy().into_owned())
        .collect();
    locales.sort();
    locales
}

#[test]
fn the_six_un_languages_are_shipped() {
    assert_eq!(shipped_locales(), ["ar", "en", "es", "fr", "ru", "zh-CN"]);
}

#[test]
fn every_locale_has_every_message_with_the_same_variables() {
    let (reference, _) = catalog("en");
    for locale in shipped_locales() {
        let (messages, _) = catalog(&locale);
        let missing: Vec<_> = reference.keys().filter(|id| !messages.contains_key(*id)).collect();
        let extra: Vec<_> = messages.keys().filter(|id| !reference.contains_key(*id)).collect();
        assert!(missing.is_empty(), "{locale} lacks {missing:?}");
        assert!(extra.is_empty(), "{locale} has messages that en does not: {extra:?}");
        for (id, variables) in &reference {
            assert_eq!(&messages[id], variables, "{locale}/{id} uses other variables than en");
        }
    }
}

#[test]
fn no_message_is_english_copied_across() {
    let (_, english) = catalog("en");
    for locale in shipped_locales().into_iter().filter(|locale| locale != "en") {
        let (_, translated) = catalog(&locale);
        for (id, source) in &english {
            if SAME_IN_EVERY_LANGUAGE.contains(&id.as_str()) {
                continue;
            }
            assert_ne!(&translated[id], source, "{locale}/{id} is still the English text");
        }
    }
}

#[test]
fn every_message_is_used_by_the_code() {
    let mut code = String::new();
    collect_sources(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut code);
    let (reference, _) = catalog("en");
    for id in reference.keys() {
        let template = id.strip_suffix("-subject").or_else(|| id.strip_suffix("-body"));
        let used = code.contains(&format!("\"{id}\""))
            || template.is_some_and(|prefix| code.contains(&format!("\"{prefix}\"")));
        assert!(used, "the message {id} is not used anywhere in backend/src");
    }
}

fn collect_sources(dir: &Path, code: &mut String) {
    for entry in std::fs::read_dir(dir).expect("a source folder") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            collect_sources(&path, code);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            code.push_str(&std::fs::read_to_string(&path).expect("readable"));
        }
    }
}

#[test]
fn plural_categories_follow_each_language() {
    let localizer = Localizer::embedded().expect("the catalog loads");
    let minutes = |locale: &str, n: f64| {
        let locale = locale.parse().expect("a tag");
        localizer.plain_message(&locale, "error-rate-limited", &[("minutes", FluentValue::from(n))])
    };
    // Russian: 1 минуту (one), 3 минуты (few), 5 минут (many), 21 минуту (one again).
    assert!(minutes("ru", 1.0).contains("минуту"));
    assert!(minutes("ru", 3.0).contains("минуты"));
    assert!(minutes("ru", 5.0).contains("минут") && !minutes("ru", 5.0).contains("минуты"));
    assert_eq!(minutes("ru", 21.0).replace("21", "1"), minutes("ru", 1.0));
    // Arabic: the dual for 2, the plural for 3–10, the singular for 11–99 and 100.
    assert!(minutes("ar", 2.0).contains("دقيقتين"));
    assert!(minutes("ar", 3.0).contains("دقائق"));
    assert!(minutes("ar", 11.0).contains("دقيقة") && !minutes("ar", 11.0).contains("دقائق"));
    let arabic: BTreeSet<String> =
        [0.0, 1.0, 2.0, 3.0, 11.0].iter().map(|n| minutes("ar", *n).replace(&n.to_string(), "#")).collect();
    assert_eq!(arabic.len(), 5, "zero, one, two, few and many read differently: {arabic:?}");
    // English: one versus other.
    assert_eq!(minutes("en", 1.0), "Too many attempts. Please try again in one minute.");
    assert!(minutes("en", 2.0).contains("2 minutes"));
}
