//! Keyset pagination in the data layer: what a store is asked for and what it answers.
//!
//! A page is asked for with `first` (default 20, at most 100) and `after` (an opaque cursor).
//! The cursor encodes the sort key and the ID of the last row seen, so the next page is
//! `WHERE (key, id) > (cursor.key, cursor.id)` on an index: the cost of a page does not grow
//! with its depth in the list, unlike `OFFSET`. Stores fetch `first + 1` rows to learn whether
//! another page follows. A list's total is counted only when it is wanted. The API turns pages
//! into Relay connections (`graphql::pagination`).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};

use crate::error::{AppError, AppResult};

/// Page size when `first` is not given.
pub const DEFAULT_PAGE_SIZE: usize = 20;
/// The largest page a client may ask for.
pub const MAX_PAGE_SIZE: usize = 100;

/// The position of a row in a keyset order: its sort key and its ID (the tie-breaker).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursor {
    pub key: String,
    pub id: String,
}

impl Cursor {
    pub fn new(key: impl Into<String>, id: impl Into<String>) -> Self {
        Self { key: key.into(), id: id.into() }
    }

    /// The opaque form given to clients.
    pub fn encode(&self) -> String {
        let json = serde_json::to_vec(&(&self.key, &self.id)).unwrap_or_default();
        URL_SAFE_NO_PAD.encode(json)
    }

    /// Reads a cursor a client sent back; anything else is a validation error on `after`.
    pub fn decode(raw: &str) -> AppResult<Self> {
        let invalid = || AppError::invalid("after");
        let bytes = URL_SAFE_NO_PAD.decode(raw).map_err(|_| invalid())?;
        let (key, id): (String, String) = serde_json::from_slice(&bytes).map_err(|_| invalid())?;
        Ok(Self { key, id })
    }
}

/// A validated page request.
#[derive(Debug, Clone)]
pub struct PageRequest {
    pub first: usize,
    pub after: Option<Cursor>,
    /// Whether the list's total is wanted (its connection's `totalCount` is selected).
    pub count_total: bool,
}

impl PageRequest {
    /// Validates the `first` and `after` arguments of a connection field; no total is wanted.
    pub fn new(first: Option<i32>, after: Option<String>) -> AppResult<Self> {
        let first = match first {
            None => DEFAULT_PAGE_SIZE,
            Some(n) if n < 0 => return Err(AppError::invalid("first")),
            Some(n) if n as usize > MAX_PAGE_SIZE => return Err(AppError::PageTooLarge { limit: MAX_PAGE_SIZE }),
            Some(n) => n as usize,
        };
        let after = after.as_deref().map(Cursor::decode).transpose()?;
        Ok(Self { first, after, count_total: false })
    }

    /// The list's total, counted by `count` when it is wanted; 0 when it is not (no one reads it).
    pub fn total<E>(&self, count: impl FnOnce() -> Result<i64, E>) -> Result<i64, E> {
        if self.count_total { count() } else { Ok(0) }
    }

    /// How many rows a store should fetch: one more than the page, to see if another follows.
    pub fn fetch_limit(&self) -> i64 {
        self.first as i64 + 1
    }
}

/// One page of rows, as a store returns it.
#[derive(Debug, Clone)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub has_next_page: bool,
    pub has_previous_page: bool,
    pub total_count: i64,
}

impl<T> Page<T> {
    /// Builds a page from up to `request.fetch_limit()` rows in keyset order.
    pub fn from_rows(mut rows: Vec<T>, request: &PageRequest, total_count: i64) -> Self {
        let has_next_page = rows.len() > request.first;
        rows.truncate(request.first);
        Self { items: rows, has_next_page, has_previous_page: request.after.is_some(), total_count }
    }

    /// Converts the rows (e.g. into GraphQL objects) keeping the page information.
    pub fn map<U>(self, convert: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(convert).collect(),
            has_next_page: self.has_next_page,
            has_previous_page: self.has_previous_page,
            total_count: self.total_count,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_garbage_is_a_validation_error() {
        let cursor = Cursor::new("2026-11-28T10:00:00Z", "0193a1b2");
        assert_eq!(Cursor::decode(&cursor.encode()).expect("decodes"), cursor);
        let error = Cursor::decode("not a cursor").expect_err("refused");
        assert_eq!(error.field(), Some("after"));
    }

    #[test]
    fn first_is_defaulted_and_capped() {
        assert_eq!(PageRequest::new(None, None).expect("valid").first, DEFAULT_PAGE_SIZE);
        assert!(matches!(PageRequest::new(Some(10_000), None), Err(AppError::PageTooLarge { limit: 100 })));
        assert!(matches!(PageRequest::new(Some(-1), None), Err(AppError::Validation { .. })));
    }

    #[test]
    fn a_page_knows_whether_more_follow() {
        let request = PageRequest::new(Some(2), None).expect("valid");
        let page = Page::from_rows(vec![1, 2, 3], &request, 3);
        assert_eq!(page.items, [1, 2]);
        assert!(page.has_next_page);
        assert!(!page.has_previous_page);
        let last = Page::from_rows(
            vec![3],
            &PageRequest::new(Some(2), Some(Cursor::new("k", "2").encode())).expect("valid"),
            3,
        );
        assert!(!last.has_next_page && last.has_previous_page);
    }
}
