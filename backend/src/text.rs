//! Free text that people type (names, reasons, comments): trimmed, bounded, and free of
//! control characters that would corrupt a page, a CSV export or an email. Line breaks are
//! kept where a text may have several lines, and always stored as `\n`.

use crate::error::{AppError, AppResult};

/// A required text of at most `max` characters, on one or several lines; `VALIDATION` on `field`
/// when it is empty, too long, or holds control characters.
pub fn parse_text(raw: &str, field: &str, max: usize) -> AppResult<String> {
    let text = raw.replace("\r\n", "\n").replace('\r', "\n");
    let text = text.trim();
    let length = text.chars().count();
    if length == 0 || length > max || text.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(AppError::invalid(field));
    }
    Ok(text.to_owned())
}

/// Like [`parse_text`], but the empty string is allowed (an optional summary).
pub fn parse_optional_text(raw: &str, field: &str, max: usize) -> AppResult<String> {
    if raw.trim().is_empty() { Ok(String::new()) } else { parse_text(raw, field, max) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_trimmed_and_line_breaks_are_normalized() {
        assert_eq!(parse_text("  a\r\nb\rc  ", "body", 10).expect("valid"), "a\nb\nc");
        assert!(parse_text("   ", "body", 10).is_err());
        assert!(parse_text("abc", "body", 2).is_err());
        assert!(parse_text("a\u{0}b", "body", 10).is_err());
        assert_eq!(parse_optional_text(" ", "summary", 10).expect("valid"), "");
    }
}
