//! Limits on what one GraphQL document may cost, and codes for async-graphql's own errors.
//!
//! async-graphql's built-in limits answer with English text and no code, so they are not
//! used. This extension lets parsing and validation run, then measures: a document that does
//! not parse or validate is `BAD_REQUEST`; one with too many aliases or list totals, too deep or
//! too complex is `QUERY_TOO_COMPLEX`. The messages are rendered later by `graphql::errors`.
//!
//! The complexity is async-graphql's (a page costs its size times what one item costs) plus
//! [`COUNT_COST`] for every `totalCount` the document would resolve (see `graphql::counts`).
//!
//! Validation and the depth and complexity measures expand every fragment spread in full, so a
//! small document whose fragments each spread the previous one twice would cost time doubling
//! with every level before any limit is checked. Right after parsing, the number of fields the
//! document would have once expanded is therefore computed, each fragment once (memoised), in
//! time proportional to the document's length; a document over the complexity limit in fields
//! is refused before validation starts.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextParseQuery, NextValidation};
use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::{Positioned, ServerError, ServerResult, ValidationResult, Variables};

use super::counts::{COUNT_COST, CountBudget, counts_in};
use crate::config::QueryLimits;
use crate::error::AppError;

/// Installs the limit checks on a schema.
pub struct QueryLimitsExtension(pub QueryLimits);

impl ExtensionFactory for QueryLimitsExtension {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(QueryLimitsCheck { limits: self.0, counts: AtomicU64::new(0) })
    }
}

/// The checks of one document (extensions are created per operation).
struct QueryLimitsCheck {
    limits: QueryLimits,
    /// The `totalCount` fields the document would resolve, measured once it is parsed.
    counts: AtomicU64,
}

#[async_graphql::async_trait::async_trait]
impl Extension for QueryLimitsCheck {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let document = next.run(ctx, query, variables).await.map_err(bad_request)?;
        let limits = &self.limits;
        let aliases = count_aliases(&document);
        if aliases > limits.max_aliases {
            return Err(AppError::TooManyAliases { limit: limits.max_aliases }.into_server_error());
        }
        let fields = expanded_field_count(&document);
        if fields > limits.max_complexity as u64 {
            return Err(
                AppError::QueryTooComplex { cost: saturate(fields), limit: limits.max_complexity }.into_server_error()
            );
        }
        let counts = counts_in(&ctx.schema_env.registry, &document, variables);
        if counts > limits.max_counts as u64 {
            return Err(AppError::TooManyCounts { limit: limits.max_counts }.into_server_error());
        }
        self.counts.store(counts, Ordering::Relaxed);
        Ok(document)
    }

    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        let result = next.run(ctx).await.map_err(|errors| errors.into_iter().map(bad_request).collect::<Vec<_>>())?;
        let limits = &self.limits;
        if result.depth > limits.max_depth {
            return Err(vec![AppError::QueryTooDeep { limit: limits.max_depth }.into_server_error()]);
        }
        let counts = self.counts.load(Ordering::Relaxed);
        let cost = result.complexity.saturating_add(saturate(counts).saturating_mul(COUNT_COST));
        if cost > limits.max_complexity {
            return Err(vec![AppError::QueryTooComplex { cost, limit: limits.max_complexity }.into_server_error()]);
        }
        // The documents of one HTTP request (a batch) draw on one budget of counts.
        if let Some(budget) = ctx.data_opt::<CountBudget>()
            && !budget.take(counts)
        {
            return Err(vec![AppError::TooManyCounts { limit: limits.max_counts }.into_server_error()]);
        }
        Ok(result)
    }
}

/// An async-graphql parse or validation error, re-issued as `BAD_REQUEST` with its detail.
fn bad_request(error: ServerError) -> ServerError {
    let locations = error.locations.clone();
    let mut converted = AppError::BadRequest { detail: error.message }.into_server_error();
    converted.locations = locations;
    converted
}

impl AppError {
    /// For errors raised outside a resolver (extensions, the HTTP layer). Such an error has no
    /// place in the document, so it carries no `locations` (rather than a made-up line 0).
    pub fn into_server_error(self) -> ServerError {
        let mut error = async_graphql::Error::from(self).into_server_error(async_graphql::Pos::default());
        error.locations.clear();
        error
    }
}

/// Counts aliased fields in every operation and fragment of the document.
pub fn count_aliases(document: &ExecutableDocument) -> usize {
    let operations = document.operations.iter().map(|(_, operation)| &operation.node.selection_set);
    let fragments = document.fragments.values().map(|fragment| &fragment.node.selection_set);
    operations.chain(fragments).map(aliases_in).sum()
}

fn aliases_in(selection_set: &Positioned<SelectionSet>) -> usize {
    selection_set
        .node
        .items
        .iter()
        .map(|selection| match &selection.node {
            Selection::Field(field) => usize::from(field.node.alias.is_some()) + aliases_in(&field.node.selection_set),
            Selection::InlineFragment(fragment) => aliases_in(&fragment.node.selection_set),
            Selection::FragmentSpread(_) => 0,
        })
        .sum()
}

/// The fields of every operation and fragment definition with each fragment spread replaced by
/// the fragment's fields (saturating, never overflowing). Each fragment is expanded once.
pub fn expanded_field_count(document: &ExecutableDocument) -> u64 {
    let mut expansion = FragmentExpansion { document, sizes: HashMap::new() };
    let operations: u64 = document
        .operations
        .iter()
        .map(|(_, operation)| expansion.size_of(&operation.node.selection_set))
        .fold(0, u64::saturating_add);
    document.fragments.keys().map(|name| expansion.fragment(name)).fold(operations, u64::saturating_add)
}

struct FragmentExpansion<'a> {
    document: &'a ExecutableDocument,
    /// Each fragment's expanded size; `None` while it is being expanded (a cycle, which
    /// validation reports, counts as nothing here).
    sizes: HashMap<&'a str, Option<u64>>,
}

impl<'a> FragmentExpansion<'a> {
    fn fragment(&mut self, name: &'a str) -> u64 {
        if let Some(known) = self.sizes.get(name) {
            return known.unwrap_or(0);
        }
        let Some(fragment) = self.document.fragments.get(name) else { return 0 };
        self.sizes.insert(name, None);
        let size = self.size_of(&fragment.node.selection_set);
        self.sizes.insert(name, Some(size));
        size
    }

    fn size_of(&mut self, selection_set: &'a Positioned<SelectionSet>) -> u64 {
        selection_set
            .node
            .items
            .iter()
            .map(|selection| match &selection.node {
                Selection::Field(field) => 1u64.saturating_add(self.size_of(&field.node.selection_set)),
                Selection::InlineFragment(fragment) => self.size_of(&fragment.node.selection_set),
                Selection::FragmentSpread(spread) => self.fragment(spread.node.fragment_name.node.as_str()),
            })
            .fold(0, u64::saturating_add)
    }
}

fn saturate(count: u64) -> usize {
    usize::try_from(count).unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_are_counted_in_operations_fragments_and_nested_fields() {
        let document = async_graphql::parser::parse_query(
            "query { a: serverInfo { v: version } b: serverInfo { ...F } }
             fragment F on ServerInfo { c: version ... on ServerInfo { d: version } }",
        )
        .expect("parses");
        assert_eq!(count_aliases(&document), 5);
    }

    #[test]
    fn fragments_that_double_at_every_level_are_measured_without_expanding_them() {
        let mut document = String::from("query { serverInfo { ...F24 } }\nfragment F0 on ServerInfo { version }\n");
        for level in 1..=24 {
            let previous = level - 1;
            document.push_str(&format!("fragment F{level} on ServerInfo {{ ...F{previous} ...F{previous} }}\n"));
        }
        let document = async_graphql::parser::parse_query(&document).expect("parses");
        // The operation: serverInfo plus 2^24 versions; each fragment definition F_i: 2^i more.
        assert_eq!(expanded_field_count(&document), 1 + (1 << 24) + ((1u64 << 25) - 1));
    }

    #[test]
    fn a_fragment_cycle_is_left_to_validation() {
        let document = async_graphql::parser::parse_query(
            "query { serverInfo { ...A } } fragment A on ServerInfo { version ...B } fragment B on ServerInfo { ...A }",
        )
        .expect("parses");
        // serverInfo and A's version in the operation, A's version again; B adds nothing.
        assert_eq!(expanded_field_count(&document), 3);
    }
}
