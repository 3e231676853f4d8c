//! Names that people see beside what others did — display names, organization names, cohort
//! names — parsed in one place, so that no name can pass for another.
//!
//! A name is trimmed (spaces inside it stay as typed), 1 to `max` characters long, on one line,
//! and holds no character that is invisible or changes how the text around it is laid out:
//! controls (Unicode category Cc), line and paragraph separators (Zl, Zp) and format characters
//! (Cf). Among the format characters are the bidirectional overrides, embeddings and isolates
//! (U+202A–U+202E, U+2066–U+2069), which make "Ad\u{202E}nimda" read "Adadmin", the direction
//! marks (U+200E, U+200F, U+061C), and the zero-width space, word joiner and byte-order mark
//! (U+200B, U+2060, U+FEFF), which make two different names look the same. Such a name is
//! refused with `VALIDATION` on its field, not silently cleaned: the person sees what was wrong.
//!
//! Two format characters are part of how some languages are written, and are allowed exactly
//! where writing needs them. The zero-width non-joiner (U+200C) and joiner (U+200D) are kept
//! where the IDNA rules for domain names keep them (RFC 5892, appendix A.1 and A.2): either one
//! right after a virama (Indic scripts choose a conjunct's form with them), and the non-joiner
//! between two letters that would otherwise join (Persian keeps the prefix می apart from the
//! verb that follows it with one). The joiner also links emoji into one picture (👩, a joiner
//! and 💻 make a woman technologist; UTS #51), so it is kept between two pictographs (the first
//! may carry a skin tone or an emoji presentation selector); and the tag characters
//! (U+E0020–U+E007F) are kept in the one form emoji use them: the subdivision flags, such as
//! Scotland's, after a black flag and ending with the cancel tag. Anywhere else — a joiner
//! inside "Admin", say — they are invisible and refused like the rest.

use icu_properties::props::{
    CanonicalCombiningClass, EmojiModifier, ExtendedPictographic, GeneralCategory, JoiningType,
};
use icu_properties::{CodePointMapData, CodePointSetData};

use crate::error::{AppError, AppResult};

/// The Fluent message of a name refused for the characters it holds.
const HIDDEN_CHARACTERS_MESSAGE: &str = "error-name-hidden-characters";

const ZERO_WIDTH_NON_JOINER: char = '\u{200C}';
const ZERO_WIDTH_JOINER: char = '\u{200D}';
const EMOJI_PRESENTATION_SELECTOR: char = '\u{FE0F}';
/// The base of the emoji tag sequences (subdivision flags).
const BLACK_FLAG: char = '\u{1F3F4}';
const CANCEL_TAG: char = '\u{E007F}';

/// A name: trimmed, 1 to `max` characters, free of invisible and direction-changing characters
/// (see the module doc). `VALIDATION` on `field`: with `length_message` when it is empty or too
/// long, with `error-name-hidden-characters` when it holds such a character.
pub fn parse_name(raw: &str, field: &str, max: usize, length_message: &'static str) -> AppResult<String> {
    let name = raw.trim();
    let length = name.chars().count();
    if length == 0 || length > max {
        return Err(AppError::Validation { field: field.into(), message_id: length_message });
    }
    if has_hidden_characters(name) {
        return Err(AppError::Validation { field: field.into(), message_id: HIDDEN_CHARACTERS_MESSAGE });
    }
    Ok(name.to_owned())
}

/// Whether `text` holds a control, separator or format character outside the places where
/// writing needs it.
fn has_hidden_characters(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    chars.iter().enumerate().any(|(at, &c)| is_hidden(c) && !needed_at(&chars, at))
}

fn is_hidden(c: char) -> bool {
    matches!(
        CodePointMapData::<GeneralCategory>::new().get(c),
        GeneralCategory::Control
            | GeneralCategory::Format
            | GeneralCategory::LineSeparator
            | GeneralCategory::ParagraphSeparator
    )
}

/// Whether the format character at `at` is one that the text around it needs.
fn needed_at(chars: &[char], at: usize) -> bool {
    let (before, after) = (&chars[..at], &chars[at + 1..]);
    match chars[at] {
        ZERO_WIDTH_NON_JOINER => follows_virama(before) || between_joining_letters(before, after),
        ZERO_WIDTH_JOINER => follows_virama(before) || between_pictographs(before, after),
        c if is_tag(c) => in_flag_tag_sequence(before, c, after),
        _ => false,
    }
}

fn follows_virama(before: &[char]) -> bool {
    before
        .last()
        .is_some_and(|&c| CodePointMapData::<CanonicalCombiningClass>::new().get(c) == CanonicalCombiningClass::Virama)
}

/// RFC 5892 A.1: a letter joining to its left, transparent marks, the non-joiner, transparent
/// marks, a letter joining to its right.
fn between_joining_letters(before: &[char], after: &[char]) -> bool {
    let joining = CodePointMapData::<JoiningType>::new();
    let not_transparent = |c: &&char| joining.get(**c) != JoiningType::Transparent;
    let left = before.iter().rev().find(not_transparent).map(|&c| joining.get(c));
    let right = after.iter().find(not_transparent).map(|&c| joining.get(c));
    matches!(left, Some(JoiningType::LeftJoining | JoiningType::DualJoining))
        && matches!(right, Some(JoiningType::RightJoining | JoiningType::DualJoining))
}

/// An emoji ZWJ sequence: a pictograph (with its skin tone or presentation selector), the
/// joiner, a pictograph.
fn between_pictographs(before: &[char], after: &[char]) -> bool {
    let pictographic = CodePointSetData::new::<ExtendedPictographic>();
    let modifier = CodePointSetData::new::<EmojiModifier>();
    let base = before.iter().rev().find(|&&c| c != EMOJI_PRESENTATION_SELECTOR && !modifier.contains(c));
    base.is_some_and(|&c| pictographic.contains(c)) && after.first().is_some_and(|&c| pictographic.contains(c))
}

fn is_tag(c: char) -> bool {
    ('\u{E0020}'..=CANCEL_TAG).contains(&c)
}

/// A subdivision flag: the black flag, tag letters, the cancel tag.
fn in_flag_tag_sequence(before: &[char], tag: char, after: &[char]) -> bool {
    let is_spec = |c: char| is_tag(c) && c != CANCEL_TAG;
    let opened = before.iter().rev().find(|&&c| !is_spec(c)) == Some(&BLACK_FLAG);
    let closed = tag == CANCEL_TAG || after.iter().find(|&&c| !is_spec(c)) == Some(&CANCEL_TAG);
    opened && closed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accepted(name: &str) -> bool {
        parse_name(name, "name", 100, "error-validation").is_ok()
    }

    fn refused_for_characters(name: &str) -> bool {
        matches!(
            parse_name(name, "name", 100, "error-validation"),
            Err(AppError::Validation { message_id: HIDDEN_CHARACTERS_MESSAGE, .. })
        )
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(parse_name("  Amina  Diallo ", "name", 100, "error-validation").expect("valid"), "Amina  Diallo");
        let empty = parse_name(" \u{3000} ", "displayName", 100, "error-display-name");
        assert!(
            matches!(&empty, Err(AppError::Validation { field, message_id: "error-display-name" }) if field == "displayName")
        );
        assert!(!accepted(&"a".repeat(101)));
        assert!(accepted(&"ü".repeat(100)), "characters are counted, not bytes");
    }

    #[test]
    fn direction_controls_are_refused() {
        for control in ['\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}'] {
            assert!(refused_for_characters(&format!("Ad{control}nimda")), "U+{:04X}", u32::from(control));
        }
        for control in ['\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}', '\u{200E}', '\u{200F}', '\u{061C}'] {
            assert!(refused_for_characters(&format!("Admin{control}")), "U+{:04X}", u32::from(control));
        }
    }

    #[test]
    fn invisible_characters_are_refused() {
        for hidden in ['\u{200B}', '\u{2060}', '\u{FEFF}', '\u{00AD}', '\u{180E}', '\u{7}', '\u{85}', '\u{2028}'] {
            assert!(refused_for_characters(&format!("Ad{hidden}min")), "U+{:04X}", u32::from(hidden));
        }
        assert!(refused_for_characters("\u{200B}Admin"), "not trimmed away: refused");
        assert!(refused_for_characters("Admin\tTeam"));
    }

    #[test]
    fn joiners_are_refused_where_no_writing_needs_them() {
        assert!(refused_for_characters("Ad\u{200D}min"));
        assert!(refused_for_characters("Ad\u{200C}min"));
        assert!(refused_for_characters("\u{200D}👩"));
        assert!(refused_for_characters("👩\u{200D}"));
        assert!(refused_for_characters("👩\u{200D}a"));
        assert!(refused_for_characters("مريم\u{200C}"), "a non-joiner at the end joins nothing");
        assert!(refused_for_characters("Admin\u{E0067}\u{E007F}"), "tags without a flag");
        assert!(refused_for_characters("🏴\u{E0067}\u{E0062}"), "a flag tag sequence that is not closed");
    }

    #[test]
    fn scripts_and_emoji_that_need_joiners_are_accepted() {
        assert!(accepted("Zoë"));
        assert!(accepted("مريم"));
        assert!(accepted("می\u{200C}خواهم"), "Persian non-joiner between two joining letters");
        assert!(accepted("क्\u{200D}ष"), "a joiner after a Devanagari virama");
        assert!(accepted("क्\u{200C}ष"), "a non-joiner after a Devanagari virama");
        assert!(accepted("👩\u{200D}💻"), "woman technologist");
        assert!(accepted("👩🏽\u{200D}💻"), "with a skin tone");
        assert!(accepted("👩\u{200D}❤\u{FE0F}\u{200D}👨"), "couple with heart");
        assert!(accepted("🏳\u{FE0F}\u{200D}🌈"), "rainbow flag");
        assert!(accepted("🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}"), "flag of Scotland");
        assert!(accepted("李小龙"));
    }
}
