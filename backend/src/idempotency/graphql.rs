//! The idempotency key of a creating mutation's input, with the fingerprint of the rest of it.
//!
//! The fingerprint is the SHA-256 of the input as the schema read it (variables and literals
//! alike, dates and enums in their one canonical spelling), without the key and without absent
//! values: an input that sends `null` and one that leaves the field out are the same request.

use async_graphql::{InputObjectType, Value};
use sha2::{Digest, Sha256};

use super::key::{FIELD, IdempotencyKey, Operation};
use crate::error::{AppError, AppResult};

/// The key `input` carries for `operation`, if any; `VALIDATION` on `idempotencyKey` if it is
/// not a valid key.
pub fn key_of<T: InputObjectType>(operation: Operation, input: &T) -> AppResult<Option<IdempotencyKey>> {
    let Value::Object(mut fields) = input.to_value() else { return Ok(None) };
    let Some(Value::String(key)) = fields.shift_remove(FIELD) else { return Ok(None) };
    let canonical = serde_json::to_vec(&without_nulls(Value::Object(fields))).map_err(AppError::internal)?;
    let fingerprint = Sha256::digest(&canonical).iter().map(|byte| format!("{byte:02x}")).collect();
    IdempotencyKey::parse(operation, &key, fingerprint).map(Some)
}

fn without_nulls(value: Value) -> Value {
    match value {
        Value::Object(fields) => Value::Object(
            fields
                .into_iter()
                .filter(|(_, value)| *value != Value::Null)
                .map(|(name, value)| (name, without_nulls(value)))
                .collect(),
        ),
        Value::List(items) => Value::List(items.into_iter().map(without_nulls).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use async_graphql::{ID, InputObject};

    use super::*;

    #[derive(InputObject)]
    struct Input {
        round_id: ID,
        body: String,
        stance: Option<String>,
        idempotency_key: Option<String>,
    }

    fn input(body: &str, stance: Option<&str>, key: Option<&str>) -> Input {
        Input {
            round_id: ID("round".into()),
            body: body.into(),
            stance: stance.map(Into::into),
            idempotency_key: key.map(Into::into),
        }
    }

    fn key(input: &Input) -> Option<IdempotencyKey> {
        key_of(Operation::SubmitComment, input).expect("a valid key")
    }

    #[test]
    fn the_fingerprint_covers_the_input_but_not_the_key() {
        assert_eq!(key(&input("Too heavy.", None, None)), None);
        let first = key(&input("Too heavy.", None, Some("k-1"))).expect("a key");
        let other_key = key(&input("Too heavy.", None, Some("k-2"))).expect("a key");
        let other_body = key(&input("Too light.", None, Some("k-1"))).expect("a key");
        let with_stance = key(&input("Too heavy.", Some("OPPOSE"), Some("k-1"))).expect("a key");
        assert_eq!(first.key(), "k-1");
        assert_eq!(first.fingerprint().len(), 64);
        assert_eq!(first.fingerprint(), other_key.fingerprint());
        assert_ne!(first.fingerprint(), other_body.fingerprint());
        assert_ne!(first.fingerprint(), with_stance.fingerprint());
    }

    #[test]
    fn a_malformed_key_names_its_field() {
        let error = key_of(Operation::SubmitComment, &input("Too heavy.", None, Some("not a key"))).expect_err("bad");
        assert_eq!(error.field(), Some(FIELD));
    }
}
