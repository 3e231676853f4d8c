//! Limits on what one GraphQL document may cost, and codes for async-graphql's own errors.
//!
//! async-graphql's built-in limits answer with English text and no code, so they are not
//! used. This extension lets parsing and validation run, then measures: a document that does
//! not parse or validate is `BAD_REQUEST`; one with too many aliases, too deep or too complex is
//! `QUERY_TOO_COMPLEX`. The messages are rendered later by `graphql::errors`.

use std::sync::Arc;

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextParseQuery, NextValidation};
use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::{Positioned, ServerError, ServerResult, ValidationResult, Variables};

use crate::config::QueryLimits;
use crate::error::AppError;

/// Installs the limit checks on a schema.
pub struct QueryLimitsExtension(pub QueryLimits);

impl ExtensionFactory for QueryLimitsExtension {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(QueryLimitsCheck(self.0))
    }
}

struct QueryLimitsCheck(QueryLimits);

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
        let aliases = count_aliases(&document);
        if aliases > self.0.max_aliases {
            return Err(AppError::TooManyAliases { limit: self.0.max_aliases }.into_server_error());
        }
        Ok(document)
    }

    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        let result = next.run(ctx).await.map_err(|errors| errors.into_iter().map(bad_request).collect::<Vec<_>>())?;
        if result.depth > self.0.max_depth {
            return Err(vec![AppError::QueryTooDeep { limit: self.0.max_depth }.into_server_error()]);
        }
        if result.complexity > self.0.max_complexity {
            return Err(vec![
                AppError::QueryTooComplex { cost: result.complexity, limit: self.0.max_complexity }.into_server_error(),
            ]);
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
