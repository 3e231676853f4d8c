//! What the list totals a document asks for will cost, measured before it runs.
//!
//! A page is cheap (an index range of at most 100 rows), but a `totalCount` reads every
//! matching row, and a document may select many of them: through aliases, or inside a list of
//! items that each have a list of their own. So every `totalCount` (the one name a count over
//! the rows of a list has; counters the platform maintains, such as participation statistics,
//! are named otherwise and cost nothing more) counts as many times as it will be resolved:
//! once per item of the enclosing pages (their `first`, or the default page size), once where
//! no page encloses it. Each adds [`COUNT_COST`] to the document's complexity, and one HTTP
//! request may hold at most `AGORA_MAX_COUNTS_PER_REQUEST`: the documents of a batch draw on one
//! [`CountBudget`], so a batch is not a way around the limit.
//!
//! The measure runs right after parsing, before validation, over a document that may be
//! invalid: unknown fields count nothing (validation refuses them), and each fragment is
//! measured once, so the time it takes grows with the document's length only.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use async_graphql::parser::types::{ExecutableDocument, Field, OperationType, Selection, SelectionSet};
use async_graphql::registry::{MetaField, MetaType, MetaTypeName, Registry};
use async_graphql::{Name, Positioned, Value as ConstValue, Variables};

use crate::db::page::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE};

/// What one `totalCount` adds to a document's complexity: counting reads every row of a list,
/// where a page reads at most a hundred.
pub const COUNT_COST: usize = 100;

/// The field that counts the rows of a list.
const COUNT_FIELD: &str = "totalCount";

/// The counts one HTTP request may still run: the documents of a batch share it.
#[derive(Debug, Clone)]
pub struct CountBudget(Arc<AtomicU64>);

impl CountBudget {
    pub fn new(limit: usize) -> Self {
        Self(Arc::new(AtomicU64::new(limit as u64)))
    }

    /// Takes `counts` from the budget; `false`, taking nothing, when fewer remain.
    pub fn take(&self, counts: u64) -> bool {
        self.0.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |left| left.checked_sub(counts)).is_ok()
    }
}

/// How many times the document's `totalCount` fields would be resolved, every operation
/// together (saturating, never overflowing).
pub fn counts_in(registry: &Registry, document: &ExecutableDocument, variables: &Variables) -> u64 {
    let mut measure = Measure { registry, document, variables, defaults: HashMap::new(), fragments: HashMap::new() };
    for (_, operation) in document.operations.iter() {
        for definition in &operation.node.variable_definitions {
            if let Some(default) = &definition.node.default_value {
                measure.defaults.entry(&definition.node.name.node).or_insert(&default.node);
            }
        }
    }
    document
        .operations
        .iter()
        .map(|(_, operation)| {
            let root = match operation.node.ty {
                OperationType::Query => Some(registry.query_type.as_str()),
                OperationType::Mutation => registry.mutation_type.as_deref(),
                OperationType::Subscription => registry.subscription_type.as_deref(),
            };
            root.map_or(0, |root| measure.selection_set(&operation.node.selection_set, root).all())
        })
        .fold(0, u64::saturating_add)
}

/// The counts found in one selection set, by how they multiply when a page encloses them.
#[derive(Debug, Clone, Copy, Default)]
struct Found {
    /// `totalCount` fields of this very set: the connection's own, counted once per connection.
    totals: u64,
    /// Counts under fields that return lists (a connection's `edges`): once per item.
    per_item: u64,
    /// Counts under other fields.
    elsewhere: u64,
}

impl Found {
    fn all(self) -> u64 {
        self.totals.saturating_add(self.per_item).saturating_add(self.elsewhere)
    }

    fn add(self, other: Found) -> Found {
        Found {
            totals: self.totals.saturating_add(other.totals),
            per_item: self.per_item.saturating_add(other.per_item),
            elsewhere: self.elsewhere.saturating_add(other.elsewhere),
        }
    }
}

struct Measure<'a> {
    registry: &'a Registry,
    document: &'a ExecutableDocument,
    variables: &'a Variables,
    /// The variables' default values in the document's operations.
    defaults: HashMap<&'a Name, &'a ConstValue>,
    /// Each fragment's counts; `None` while it is being measured (a cycle, which validation
    /// reports, counts nothing here).
    fragments: HashMap<&'a str, Option<Found>>,
}

impl<'a> Measure<'a> {
    fn selection_set(&mut self, selection_set: &'a Positioned<SelectionSet>, type_name: &'a str) -> Found {
        let mut found = Found::default();
        for selection in &selection_set.node.items {
            let more = match &selection.node {
                Selection::Field(field) => self.field(&field.node, type_name),
                Selection::InlineFragment(fragment) => {
                    let type_name = fragment
                        .node
                        .type_condition
                        .as_ref()
                        .map_or(type_name, |condition| condition.node.on.node.as_str());
                    self.selection_set(&fragment.node.selection_set, type_name)
                }
                Selection::FragmentSpread(spread) => self.fragment(spread.node.fragment_name.node.as_str()),
            };
            found = found.add(more);
        }
        found
    }

    fn fragment(&mut self, name: &'a str) -> Found {
        if let Some(known) = self.fragments.get(name) {
            return known.unwrap_or_default();
        }
        let Some(fragment) = self.document.fragments.get(name) else { return Found::default() };
        self.fragments.insert(name, None);
        let found =
            self.selection_set(&fragment.node.selection_set, fragment.node.type_condition.node.on.node.as_str());
        self.fragments.insert(name, Some(found));
        found
    }

    /// The counts of one field, placed by whether the field returns a list.
    fn field(&mut self, field: &'a Field, parent: &str) -> Found {
        let fields = match self.registry.types.get(parent) {
            Some(MetaType::Object { fields, .. } | MetaType::Interface { fields, .. }) => fields,
            _ => return Found::default(),
        };
        let Some(meta) = fields.get(field.name.node.as_str()) else { return Found::default() };
        if meta.name == COUNT_FIELD {
            return Found { totals: 1, ..Found::default() };
        }
        let returns_list = is_list(&meta.ty);
        let inside = self.selection_set(&field.selection_set, MetaTypeName::concrete_typename(&meta.ty));
        let counts = match self.page_size(field, meta) {
            // A list with a page size of its own: everything in it, once per item.
            Some(items) if returns_list => items.saturating_mul(inside.all()),
            // A connection: its own totals once, what its edges hold once per item.
            Some(items) => {
                inside.totals.saturating_add(items.saturating_mul(inside.per_item)).saturating_add(inside.elsewhere)
            }
            None => inside.all(),
        };
        if returns_list {
            Found { per_item: counts, ..Found::default() }
        } else {
            Found { elsewhere: counts, ..Found::default() }
        }
    }

    /// A variable's value: given with the request, or its default in the document.
    fn variable(&self, name: &Name) -> Option<&'a ConstValue> {
        self.variables.get(name).or_else(|| self.defaults.get(name).copied())
    }

    /// The items a paged field returns at most: its `first` (given, from a variable, or the
    /// default), at most the largest page; `None` for a field that takes no `first`.
    fn page_size(&self, field: &Field, meta: &MetaField) -> Option<u64> {
        let argument = meta.args.get("first")?;
        let given = field.arguments.iter().find(|(name, _)| name.node == "first").map(|(_, value)| &value.node);
        let items = match given {
            Some(value) => {
                let resolved = value.clone().into_const_with(|name| self.variable(&name).cloned().ok_or(()));
                resolved.ok().as_ref().and_then(whole_number)
            }
            None => argument.default_value.as_deref().and_then(|default| default.parse().ok()),
        };
        let items = items.unwrap_or(DEFAULT_PAGE_SIZE as i64);
        Some(items.clamp(0, MAX_PAGE_SIZE as i64).unsigned_abs())
    }
}

/// Whether a field of this type (`[T]`, `[T!]!`…) returns a list.
fn is_list(type_name: &str) -> bool {
    match MetaTypeName::create(type_name) {
        MetaTypeName::List(_) => true,
        MetaTypeName::NonNull(inner) => is_list(inner),
        MetaTypeName::Named(_) => false,
    }
}

fn whole_number(value: &ConstValue) -> Option<i64> {
    match value {
        ConstValue::Number(number) => number.as_i64(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextParseQuery};
    use async_graphql::{ServerError, ServerResult};

    use super::*;

    /// Measures `query` against the real schema, from inside a parse hook (where the server
    /// measures too).
    async fn counts(query: &str, variables: serde_json::Value) -> u64 {
        struct Capture(Arc<AtomicU64>);
        impl ExtensionFactory for Capture {
            fn create(&self) -> Arc<dyn Extension> {
                Arc::new(Capture(self.0.clone()))
            }
        }
        #[async_graphql::async_trait::async_trait]
        impl Extension for Capture {
            async fn parse_query(
                &self,
                ctx: &ExtensionContext<'_>,
                query: &str,
                variables: &Variables,
                next: NextParseQuery<'_>,
            ) -> ServerResult<ExecutableDocument> {
                let document = next.run(ctx, query, variables).await?;
                self.0.store(counts_in(&ctx.schema_env.registry, &document, variables), Ordering::SeqCst);
                Err(ServerError::new("measured; nothing runs", None))
            }
        }
        let measured = Arc::new(AtomicU64::new(u64::MAX));
        let schema = crate::graphql::schema_builder().extension(Capture(measured.clone())).finish();
        let request = async_graphql::Request::new(query).variables(Variables::from_json(variables));
        schema.execute(request).await;
        measured.load(Ordering::SeqCst)
    }

    #[tokio::test]
    async fn each_total_count_counts_once_per_place_it_is_resolved() {
        assert_eq!(counts("{ serverInfo { version } }", serde_json::json!({})).await, 0);
        assert_eq!(counts("{ courses(first: 0) { totalCount } }", serde_json::json!({})).await, 1);
        assert_eq!(
            counts("{ a: courses { totalCount } b: courses { t: totalCount totalCount } }", serde_json::json!({}))
                .await,
            3
        );
        // The connection's own total once, each consultation's comment total once per item.
        let nested = "query($n: Int) { consultations(first: $n) { totalCount edges { node { comments(first: 0) { totalCount } } } } }";
        assert_eq!(counts(nested, serde_json::json!({ "n": 7 })).await, 1 + 7);
        assert_eq!(counts(nested, serde_json::json!({})).await, 1 + DEFAULT_PAGE_SIZE as u64);
        assert_eq!(counts(nested, serde_json::json!({ "n": 100_000 })).await, 1 + MAX_PAGE_SIZE as u64);
        // A list without a page size of its own counts what it holds once.
        let sections = "{ consultation(slug: \"x\") { sections { comments { totalCount } } } }";
        assert_eq!(counts(sections, serde_json::json!({})).await, 1);
    }

    #[tokio::test]
    async fn fragments_and_inline_fragments_count_where_they_are_spread() {
        let query = "query { consultations(first: 3) { ...Total edges { node { ...Comments } } }
                       node(id: \"x\") { ... on Consultation { ...Comments } } }
                     fragment Total on ConsultationConnection { totalCount }
                     fragment Comments on Consultation { comments(first: 0) { totalCount } }";
        assert_eq!(counts(query, serde_json::json!({})).await, 1 + 3 + 1);
    }

    #[tokio::test]
    async fn unknown_fields_count_nothing() {
        let query =
            "{ serverInfo { colour { totalCount } } consultations { edges { node { colour { totalCount } } } } }";
        assert_eq!(counts(query, serde_json::json!({})).await, 0);
    }

    #[test]
    fn a_budget_is_shared_and_never_overdrawn() {
        let budget = CountBudget::new(10);
        let shared = budget.clone();
        assert!(budget.take(6));
        assert!(!shared.take(5));
        assert!(shared.take(4));
        assert!(!budget.take(1));
    }
}
