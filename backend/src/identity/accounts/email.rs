//! Email addresses, parsed once at the edge: trimmed, checked, and normalized (lower case)
//! for uniqueness and look-ups, while the address as typed is kept for display.

use crate::error::{AppError, AppResult};

/// A syntactically valid email address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email {
    as_entered: String,
    normalized: String,
}

/// The longest address SMTP can carry (RFC 5321 path limit).
const MAX_LENGTH: usize = 254;

impl Email {
    /// Parses an address; `field` names the input for the validation error.
    pub fn parse(raw: &str, field: &str) -> AppResult<Self> {
        let trimmed = raw.trim();
        let valid = trimmed.len() <= MAX_LENGTH
            && trimmed.parse::<lettre::Address>().is_ok()
            && trimmed.rsplit_once('@').is_some_and(|(_, domain)| domain.contains('.') || domain == "localhost");
        if !valid {
            return Err(AppError::Validation { field: field.to_owned(), message_id: "error-invalid-email" });
        }
        Ok(Self { as_entered: trimmed.to_owned(), normalized: trimmed.to_lowercase() })
    }

    /// The address as the person typed it.
    pub fn as_entered(&self) -> &str {
        &self.as_entered
    }

    /// The form used for uniqueness and look-ups.
    pub fn normalized(&self) -> &str {
        &self.normalized
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_trimmed_and_normalized() {
        let email = Email::parse("  Amina.Diallo@Example.ORG ", "email").expect("valid");
        assert_eq!(email.as_entered(), "Amina.Diallo@Example.ORG");
        assert_eq!(email.normalized(), "amina.diallo@example.org");
    }

    #[test]
    fn garbage_is_a_validation_error_on_the_field() {
        for raw in ["", "no-at-sign", "a@b", "two@@example.org", "spaces in@example.org"] {
            let error = Email::parse(raw, "email").expect_err(raw);
            assert_eq!(error.field(), Some("email"), "{raw}");
        }
    }
}
