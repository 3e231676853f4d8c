//! Parsing the profile fields people type: display name, country, language.

use unic_langid::LanguageIdentifier;

use crate::error::{AppError, AppResult};
use crate::i18n::negotiate::parse_tag;
use crate::identity::countries::model as countries;
use crate::names::parse_name;

/// The longest display name accepted.
const MAX_DISPLAY_NAME: usize = 100;

/// A display name: trimmed, 1–100 characters, nothing invisible or direction-changing (see
/// [`parse_name`]).
pub fn parse_display_name(raw: &str) -> AppResult<String> {
    parse_name(raw, "displayName", MAX_DISPLAY_NAME, "error-display-name")
}

/// A country the platform knows (ISO 3166-1 alpha-2, any case), as its upper-case code.
pub fn parse_country(raw: &str) -> AppResult<String> {
    countries::find(raw.trim())
        .map(|country| country.code.clone())
        .ok_or_else(|| AppError::Validation { field: "country".into(), message_id: "error-country" })
}

/// Any BCP 47 language tag, in canonical form (`pt_br` → `pt-BR`).
pub fn parse_locale(raw: &str) -> AppResult<LanguageIdentifier> {
    parse_tag(raw).ok_or_else(|| AppError::Validation { field: "locale".into(), message_id: "error-locale" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_normalized_or_refused() {
        assert_eq!(parse_display_name("  Amina Diallo ").expect("valid"), "Amina Diallo");
        assert!(parse_display_name("   ").is_err());
        assert!(parse_display_name("bell\u{7}").is_err());
        assert_eq!(parse_country("ke").expect("valid"), "KE");
        assert!(parse_country("Kenya").is_err());
        assert!(parse_country("QQ").is_err(), "a well-formed code that names no country");
        assert_eq!(parse_locale("pt_br").expect("valid").to_string(), "pt-BR");
        assert!(parse_locale("not a tag").is_err());
    }
}
