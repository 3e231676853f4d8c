//! An idempotency key as a creating mutation receives it: the client's key, checked, with the
//! operation it was sent to and the fingerprint of the rest of the input.

use crate::error::{AppError, AppResult};

/// The longest key: room for a UUID with a prefix, short enough to index.
const MAX_LENGTH: usize = 100;

/// The input field that carries the key, as `VALIDATION` names it.
pub const FIELD: &str = "idempotencyKey";

/// The creating mutations that take a key. Keys of different operations never meet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    SubmitComment,
    CreateConsultation,
    CreateCommentRound,
    CreateOrganization,
}

impl Operation {
    /// The operation as stored (the mutation's name).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SubmitComment => "submitComment",
            Self::CreateConsultation => "createConsultation",
            Self::CreateCommentRound => "createCommentRound",
            Self::CreateOrganization => "createOrganization",
        }
    }
}

/// A checked key, for one operation, with the fingerprint of the input it came with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotencyKey {
    operation: Operation,
    key: String,
    fingerprint: String,
}

impl IdempotencyKey {
    /// `VALIDATION` on `idempotencyKey` unless `raw` is 1 to 100 ASCII letters, digits and
    /// `-_.:` (what UUIDs, ULIDs and most clients' request IDs are made of; nothing that needs
    /// escaping in a log line or a header).
    pub fn parse(operation: Operation, raw: &str, fingerprint: String) -> AppResult<Self> {
        let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':');
        if raw.is_empty() || raw.len() > MAX_LENGTH || !raw.chars().all(allowed) {
            return Err(AppError::Validation { field: FIELD.into(), message_id: "error-idempotency-key" });
        }
        Ok(Self { operation, key: raw.to_owned(), fingerprint })
    }

    pub fn operation(&self) -> Operation {
        self.operation
    }

    /// The key as the client sent it.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The SHA-256 (hex) of the rest of the input.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(raw: &str) -> AppResult<IdempotencyKey> {
        IdempotencyKey::parse(Operation::SubmitComment, raw, "f".repeat(64))
    }

    #[test]
    fn keys_are_short_and_made_of_safe_characters() {
        assert!(parse("0193a2b4-7c3e-7d10-8f2a-5b6c7d8e9f01").is_ok());
        assert!(parse("retry:comment_42.v1").is_ok());
        assert!(parse(&"k".repeat(100)).is_ok());
        for bad in ["", &"k".repeat(101), "with space", "new\nline", "quote\"", "é", "a/b"] {
            let error = parse(bad).expect_err(bad);
            assert_eq!(error.field(), Some(FIELD), "{bad:?}");
        }
    }
}
