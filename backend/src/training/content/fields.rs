//! The values of content files, each checked as it is deserialized: the TOML reader then reports
//! a bad value at its own line, and the rest of the reader handles only sound values.

use serde::Deserialize;

use super::names::is_identifier;

/// Text that a reader will see: never empty or blank.
#[derive(Deserialize)]
#[serde(try_from = "String")]
pub(super) struct Text(pub String);

impl TryFrom<String> for Text {
    type Error = &'static str;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        if text.trim().is_empty() { Err("must not be empty") } else { Ok(Self(text)) }
    }
}

/// A version, count or duration: a whole number of at least 1.
#[derive(Deserialize)]
#[serde(try_from = "i64")]
pub(super) struct Positive(pub i32);

impl TryFrom<i64> for Positive {
    type Error = String;

    fn try_from(number: i64) -> Result<Self, Self::Error> {
        match i32::try_from(number) {
            Ok(number) if number >= 1 => Ok(Self(number)),
            Ok(_) => Err(format!("must be at least 1, not {number}")),
            Err(_) => Err(format!("{number} is too large")),
        }
    }
}

/// A share of quiz points, in percent: 1 to 100.
#[derive(Deserialize)]
#[serde(try_from = "i64")]
pub(super) struct Percentage(pub i32);

impl TryFrom<i64> for Percentage {
    type Error = String;

    fn try_from(number: i64) -> Result<Self, Self::Error> {
        match i32::try_from(number) {
            Ok(percent @ 1..=100) => Ok(Self(percent)),
            _ => Err(format!("must be a percentage from 1 to 100, not {number}")),
        }
    }
}

/// A question or choice id, which answers are stored under (see [`is_identifier`]).
#[derive(Deserialize)]
#[serde(try_from = "String")]
pub(super) struct Identifier(pub String);

impl TryFrom<String> for Identifier {
    type Error = String;

    fn try_from(id: String) -> Result<Self, Self::Error> {
        if is_identifier(&id) {
            Ok(Self(id))
        } else {
            Err(format!("`{id}` is not a valid id: use lowercase letters, digits and hyphens"))
        }
    }
}
