//! The `Content-Language` header (RFC 3282), which lettre does not define: it tells mail
//! clients and screen readers which language a message is written in.

use lettre::message::header::{Header, HeaderName, HeaderValue};

/// `Content-Language: <BCP 47 tag>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentLanguage(pub String);

impl Header for ContentLanguage {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("Content-Language")
    }

    fn parse(value: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self(value.trim().to_owned()))
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), self.0.clone())
    }
}
