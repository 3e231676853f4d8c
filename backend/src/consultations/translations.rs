//! Translatable content: validating the `{ locale, … }` lists clients write, and choosing the
//! translation a reader sees (requested locale → its language → the content's original locale
//! → English → any).

use std::collections::HashSet;

use unic_langid::LanguageIdentifier;

use crate::error::{AppError, AppResult};
use crate::i18n::negotiate::parse_tag;
use crate::identity::accounts::profile;

/// The canonical form of a locale tag that a client wrote; `VALIDATION` on `field` otherwise.
pub fn parse_locale(raw: &str, field: &str) -> AppResult<String> {
    profile::parse_locale(raw).map(|tag| tag.to_string()).map_err(|_| AppError::invalid(field))
}

/// Checks that a list of translations names each locale once and holds at least one entry;
/// returns the canonical locale tags in the list's order.
pub fn parse_locales<'a>(locales: impl IntoIterator<Item = &'a str>, field: &str) -> AppResult<Vec<String>> {
    let mut seen = HashSet::new();
    let mut parsed = Vec::new();
    for raw in locales {
        let locale = parse_locale(raw, field)?;
        if !seen.insert(locale.clone()) {
            return Err(AppError::invalid(field));
        }
        parsed.push(locale);
    }
    if parsed.is_empty() {
        return Err(AppError::invalid(field));
    }
    Ok(parsed)
}

/// Text written in one locale, as a client sends it in a `{ locale, … }` list.
pub trait Translation: Sized {
    fn locale(&self) -> &str;
    /// This text with its fields checked, in `locale` (the canonical form of its own).
    fn checked(&self, locale: String) -> AppResult<Self>;
}

/// Validates a list of translations sent as `field`: each locale once, at least one, each text
/// checked, and when `original` is given, one of them in that locale.
pub fn parse_translations<T: Translation>(texts: &[T], field: &str, original: Option<&str>) -> AppResult<Vec<T>> {
    let locales = parse_locales(texts.iter().map(Translation::locale), field)?;
    if original.is_some_and(|original| !locales.iter().any(|locale| locale == original)) {
        return Err(AppError::Validation { field: field.into(), message_id: "error-original-translation" });
    }
    texts.iter().zip(locales).map(|(text, locale)| text.checked(locale)).collect()
}

/// The translation to show to a reader of `requested`, given each item's locale.
pub fn pick<'a, T>(
    items: &'a [T],
    locale_of: impl Fn(&T) -> &str,
    requested: &LanguageIdentifier,
    original_locale: &str,
) -> Option<&'a T> {
    let requested_tag = requested.to_string();
    let language_of = |item: &T| parse_tag(locale_of(item)).map(|tag| tag.language);
    items
        .iter()
        .find(|item| locale_of(item) == requested_tag)
        .or_else(|| items.iter().find(|item| language_of(item) == Some(requested.language)))
        .or_else(|| items.iter().find(|item| locale_of(item) == original_locale))
        .or_else(|| items.iter().find(|item| locale_of(item) == "en"))
        .or_else(|| items.first())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(raw: &str) -> LanguageIdentifier {
        raw.parse().expect("a valid tag")
    }

    #[test]
    fn the_requested_language_wins_then_the_original_then_english() {
        let items = ["es", "fr-CA", "en"];
        let pick_for =
            |requested: &str, original: &str| *pick(&items, |item| item, &tag(requested), original).expect("one");
        assert_eq!(pick_for("fr-CA", "es"), "fr-CA");
        assert_eq!(pick_for("fr", "es"), "fr-CA");
        assert_eq!(pick_for("ar", "es"), "es");
        assert_eq!(pick_for("ar", "ru"), "en");
        assert_eq!(*pick(&["zh-CN"], |item| item, &tag("ar"), "ru").expect("any"), "zh-CN");
    }

    #[test]
    fn locale_lists_must_be_non_empty_and_unique() {
        assert_eq!(parse_locales(["fr", "zh_CN"], "translations").expect("valid"), ["fr", "zh-CN"]);
        assert!(parse_locales(["fr", "fr"], "translations").is_err());
        assert!(parse_locales([], "translations").is_err());
        assert!(parse_locales(["not a tag!"], "translations").is_err());
    }
}
