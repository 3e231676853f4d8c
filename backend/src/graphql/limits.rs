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
//! Validation, the depth and complexity measures and async-graphql's own nesting check (which it
//! runs as part of parsing) expand every fragment spread in full, so a small document whose
//! fragments each spread the previous one twice would cost time doubling with every level before
//! any limit is checked, and a fragment that spreads itself would recurse until the stack ends.
//! So this extension is the innermost one and parses the document itself, never running
//! async-graphql's parse step; it then measures the document's expansion without expanding it
//! (`graphql::expansion`) and refuses a fragment cycle (`BAD_REQUEST`), nesting deeper than
//! [`NESTING_LIMIT`] or more fields than the complexity limit (`QUERY_TOO_COMPLEX`) before
//! validation starts. Requests are always given as text here, never pre-parsed.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextParseQuery, NextValidation};
use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::{Positioned, ServerError, ServerResult, ValidationResult, Variables};

use super::counts::{COUNT_COST, CountBudget, counts_in};
use super::expansion::{self, FragmentCycle};
use crate::config::QueryLimits;
use crate::error::AppError;

/// How deeply selection sets may nest, fields, inline fragments and fragment spreads each
/// counting one level (the parser's own limit within one definition). This bounds the recursion
/// of validation; the depth limit proper, in fields, is `QueryLimits::max_depth`.
pub const NESTING_LIMIT: u64 = 64;

/// Installs the limit checks on a schema; it must be the schema's last extension (see the
/// module documentation).
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
        _parse_without_expanding: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let document =
            async_graphql::parser::parse_query(query).map_err(|error| bad_request(ServerError::from(error)))?;
        let limits = &self.limits;
        let aliases = count_aliases(&document);
        if aliases > limits.max_aliases {
            return Err(AppError::TooManyAliases { limit: limits.max_aliases }.into_server_error());
        }
        let expansion = expansion::expand(&document).map_err(|FragmentCycle(name)| {
            AppError::BadRequest { detail: format!("the fragment \"{name}\" spreads itself") }.into_server_error()
        })?;
        if expansion.nesting > NESTING_LIMIT {
            return Err(AppError::QueryTooDeep { limit: saturate(NESTING_LIMIT) }.into_server_error());
        }
        if expansion.fields > limits.max_complexity as u64 {
            let cost = saturate(expansion.fields);
            return Err(AppError::QueryTooComplex { cost, limit: limits.max_complexity }.into_server_error());
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
}
