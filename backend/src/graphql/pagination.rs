//! Relay cursor connections, for every list that can grow: the connection and edge types of a
//! list, built from a store's [`Page`] (keyset pagination, `db::page`), and the cost of a
//! connection field.
//!
//! A list's total (`totalCount`) is counted only when a client selects it (see
//! [`requested_page`]), and `graphql::counts` prices every `totalCount` a document selects
//! before it runs.

use async_graphql::{Context, SimpleObject};

use crate::db::page::{DEFAULT_PAGE_SIZE, PageRequest};
use crate::error::AppResult;

/// The page a connection field asks for, counting the list's total only if the field's
/// `totalCount` is selected.
pub fn requested_page(ctx: &Context<'_>, first: Option<i32>, after: Option<String>) -> AppResult<PageRequest> {
    let mut request = PageRequest::new(first, after)?;
    request.count_total = ctx.look_ahead().field("totalCount").exists();
    Ok(request)
}

/// Where a page sits in its list (Relay `PageInfo`).
#[derive(SimpleObject, Debug, Clone)]
pub struct PageInfo {
    /// Whether more items follow this page.
    pub has_next_page: bool,
    /// Whether items come before this page.
    pub has_previous_page: bool,
    /// The cursor of the first item of this page.
    pub start_cursor: Option<String>,
    /// The cursor of the last item; pass it as `after` for the next page.
    pub end_cursor: Option<String>,
}

/// Declares the Relay connection and edge types of a list of `$node`, e.g.
/// `connection_types!(AuditEntryConnection, AuditEntryEdge, AuditEntryObject);`, with
/// `$connection::from_page(page, cursor_of)` to build one from a store's
/// [`Page`](crate::db::page::Page).
#[macro_export]
macro_rules! connection_types {
    ($connection:ident, $edge:ident, $node:ty) => {
        /// A page of a list (a Relay connection): the items with their cursors, where the page
        /// sits, and how many items the whole list holds.
        #[derive(async_graphql::SimpleObject)]
        pub struct $connection {
            /// The items of this page, each with its cursor.
            pub edges: Vec<$edge>,
            /// Where this page sits in the list.
            pub page_info: $crate::graphql::pagination::PageInfo,
            /// How many items the whole list holds (with the same filters), not just this page.
            /// Counting reads the whole list: it is done only when selected, adds 100 to the
            /// query's cost, and one request may select at most 10 counts by default
            /// (`QUERY_TOO_COMPLEX` beyond).
            pub total_count: i64,
        }

        /// One item of a list with its position (a Relay edge).
        #[derive(async_graphql::SimpleObject)]
        pub struct $edge {
            /// An opaque position in the list; pass it as `after` to get the items that follow.
            pub cursor: String,
            /// The item.
            pub node: $node,
        }

        impl $connection {
            /// Builds the connection from a page; `cursor_of` gives each item's position.
            pub fn from_page(
                page: $crate::db::page::Page<$node>,
                cursor_of: impl Fn(&$node) -> $crate::db::page::Cursor,
            ) -> Self {
                let edges: Vec<$edge> =
                    page.items.into_iter().map(|node| $edge { cursor: cursor_of(&node).encode(), node }).collect();
                let page_info = $crate::graphql::pagination::PageInfo {
                    has_next_page: page.has_next_page,
                    has_previous_page: page.has_previous_page,
                    start_cursor: edges.first().map(|edge| edge.cursor.clone()),
                    end_cursor: edges.last().map(|edge| edge.cursor.clone()),
                };
                Self { edges, page_info, total_count: page.total_count }
            }
        }
    };
}

/// The complexity of a connection field: its page size times the cost of one item, so that a
/// large `first` cannot hide a costly query.
pub fn complexity(first: Option<i32>, child_complexity: usize) -> usize {
    let first = first.map_or(DEFAULT_PAGE_SIZE, |n| usize::try_from(n).unwrap_or(0));
    first.saturating_mul(child_complexity.max(1)).saturating_add(1)
}
