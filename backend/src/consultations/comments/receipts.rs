//! Tracking numbers and public receipts. Every accepted comment gets a number a person can
//! read out on the phone (`AGR-7K3M-9QX2-HB4T`: Crockford base32, no I/L/O/U), and anyone holding
//! it can confirm that the comment was received, without learning who wrote it.

use chrono::NaiveDateTime;

use crate::consultations::comments::store as comment_store;
use crate::consultations::model::{CommentStatus, ConsultationStatus};
use crate::consultations::store;
use crate::error::AppResult;
use crate::readable_code::ReadableCode;
use crate::services::Services;

/// Tracking numbers: `AGR-` and twelve characters; anything but letters and digits may be typed
/// between them.
const TRACKING_NUMBERS: ReadableCode = ReadableCode::new("AGR", |c| !c.is_ascii_alphanumeric());

/// A new random tracking number.
pub fn new_tracking_number() -> String {
    TRACKING_NUMBERS.generate()
}

/// A tracking number as a person typed it: case and separators do not matter, and the letters
/// Crockford base32 reads as digits (O, I, L) are read that way.
pub fn normalize_tracking_number(raw: &str) -> Option<String> {
    TRACKING_NUMBERS.normalize(raw)
}

/// What a receipt confirms.
#[derive(Debug, Clone)]
pub struct Receipt {
    pub tracking_number: String,
    pub consultation_slug: String,
    pub consultation_title: String,
    pub round_title: String,
    pub submitted_at: NaiveDateTime,
    pub status: CommentStatus,
}

/// The receipt of a comment, in the reader's language; `None` for an unknown number (or one
/// of a consultation that is not public).
pub async fn find(
    services: &Services,
    locale: unic_langid::LanguageIdentifier,
    raw: &str,
) -> AppResult<Option<Receipt>> {
    let Some(tracking_number) = normalize_tracking_number(raw) else { return Ok(None) };
    services
        .db
        .run(move |connection| {
            let Some(comment) = comment_store::find_by_tracking_number(connection, &tracking_number)? else {
                return Ok(None);
            };
            let Some(consultation) = store::find_consultation(connection, &comment.consultation_id)? else {
                return Ok(None);
            };
            if consultation.status() == ConsultationStatus::Draft {
                return Ok(None);
            }
            let round = store::find_round(connection, &comment.round_id)?;
            let title = store::title_in(connection, &consultation, &locale)?;
            Ok(Some(Receipt {
                tracking_number: comment.tracking_number.clone(),
                consultation_slug: consultation.slug,
                consultation_title: title,
                round_title: round.map(|round| round.title).unwrap_or_default(),
                submitted_at: comment.created_at,
                status: comment.status(),
            }))
        })
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_readable_and_survive_retyping() {
        let number = new_tracking_number();
        assert_eq!(number.len(), "AGR-XXXX-XXXX-XXXX".len());
        assert_eq!(normalize_tracking_number(&number.to_lowercase().replace('-', " ")), Some(number.clone()));
        assert_eq!(normalize_tracking_number("agr-0o00-1il1-zzzz"), Some("AGR-0000-1111-ZZZZ".to_owned()));
        assert_eq!(normalize_tracking_number("AGR-UUUU-0000-0000"), None, "U is not in the alphabet");
        assert_eq!(normalize_tracking_number("AGR-0000"), None);
        assert_ne!(new_tracking_number(), new_tracking_number());
    }
}
