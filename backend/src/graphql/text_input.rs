//! Text that a database cannot store is refused before any resolver sees it.
//!
//! PostgreSQL refuses the NUL character (U+0000) anywhere in text, while SQLite stores it: a
//! slug, a search or an ID holding one would be an internal error on one engine and a plain miss
//! on the other. So every string a request carries — in the arguments of its document (and the
//! default values of its variables) and in its variables — is checked as soon as the document is
//! parsed, and the request is refused with `VALIDATION` naming the argument or input field, on
//! both engines alike. An argument added later is covered without a thought.
//!
//! NUL is the only such character: Rust strings are valid UTF-8, and both the JSON and the
//! GraphQL parsers refuse an unpaired surrogate escape (`"\ud800"`) before this point.

use std::convert::Infallible;
use std::sync::Arc;

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextParseQuery};
use async_graphql::parser::types::{Directive, ExecutableDocument, Field, Selection, SelectionSet};
use async_graphql::{Name, Positioned, ServerResult, Value, Variables};

use crate::error::AppError;

/// Installs the check on a schema.
pub struct TextInputExtension;

impl ExtensionFactory for TextInputExtension {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(TextInputCheck)
    }
}

struct TextInputCheck;

#[async_graphql::async_trait::async_trait]
impl Extension for TextInputCheck {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let document = next.run(ctx, query, variables).await?;
        if let Some(field) = unstorable_text(&document, variables) {
            return Err(AppError::Validation { field, message_id: "error-text-nul" }.into_server_error());
        }
        Ok(document)
    }
}

/// The name of the first argument, input field or variable whose text holds a NUL, if any.
pub fn unstorable_text(document: &ExecutableDocument, variables: &Variables) -> Option<String> {
    let in_variables = variables.iter().find_map(|(name, value)| nul_in(value, name.as_str()));
    in_variables.or_else(|| {
        let in_operations = document.operations.iter().find_map(|(_, operation)| {
            let operation = &operation.node;
            let defaults = operation.variable_definitions.iter().find_map(|definition| {
                let default = definition.node.default_value.as_ref()?;
                nul_in(&default.node, definition.node.name.node.as_str())
            });
            defaults
                .or_else(|| in_directives(&operation.directives))
                .or_else(|| in_selection_set(&operation.selection_set))
        });
        in_operations.or_else(|| {
            document.fragments.values().find_map(|fragment| {
                in_directives(&fragment.node.directives).or_else(|| in_selection_set(&fragment.node.selection_set))
            })
        })
    })
}

fn in_selection_set(selection_set: &Positioned<SelectionSet>) -> Option<String> {
    selection_set.node.items.iter().find_map(|selection| match &selection.node {
        Selection::Field(field) => in_field(&field.node),
        Selection::InlineFragment(fragment) => {
            in_directives(&fragment.node.directives).or_else(|| in_selection_set(&fragment.node.selection_set))
        }
        Selection::FragmentSpread(spread) => in_directives(&spread.node.directives),
    })
}

fn in_field(field: &Field) -> Option<String> {
    in_arguments(&field.arguments, |value| literal(value.clone().into_const_with(variable_as_null)))
        .or_else(|| in_directives(&field.directives))
        .or_else(|| in_selection_set(&field.selection_set))
}

fn in_directives(directives: &[Positioned<Directive>]) -> Option<String> {
    directives.iter().find_map(|directive| {
        in_arguments(&directive.node.arguments, |value| literal(value.clone().into_const_with(variable_as_null)))
    })
}

/// The arguments' literal text: variables count as `null` here, since their values are checked
/// once, with the other variables.
fn in_arguments<V>(arguments: &[(Positioned<Name>, Positioned<V>)], literal: impl Fn(&V) -> Value) -> Option<String> {
    arguments.iter().find_map(|(name, value)| nul_in(&literal(&value.node), name.node.as_str()))
}

fn variable_as_null(_: Name) -> Result<Value, Infallible> {
    Ok(Value::Null)
}

fn literal(value: Result<Value, Infallible>) -> Value {
    let Ok(value) = value;
    value
}

/// The innermost name under which `value` holds a NUL character, `field` being its own name.
fn nul_in(value: &Value, field: &str) -> Option<String> {
    match value {
        Value::String(text) => text.contains('\0').then(|| field.to_owned()),
        Value::List(items) => items.iter().find_map(|item| nul_in(item, field)),
        Value::Object(fields) => fields.iter().find_map(|(name, value)| {
            if name.contains('\0') { Some(field.to_owned()) } else { nul_in(value, name.as_str()) }
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unstorable(query: &str, variables: serde_json::Value) -> Option<String> {
        let document = async_graphql::parser::parse_query(query).expect("parses");
        unstorable_text(&document, &Variables::from_json(variables))
    }

    #[test]
    fn a_nul_is_found_wherever_a_string_can_be() {
        let none = serde_json::json!({});
        assert_eq!(unstorable(r#"{ course(slug: "intro") { title } }"#, none.clone()), None);
        assert_eq!(unstorable(r#"{ course(slug: "in\u0000tro") { title } }"#, none.clone()).as_deref(), Some("slug"));
        let nested = r#"mutation { register(input: { email: "a@b.org", tags: ["ok", "n\u0000"] }) }"#;
        assert_eq!(unstorable(nested, none.clone()).as_deref(), Some("tags"));
        let in_fragment = r#"{ ...F } fragment F on Query { course(slug: "\u0000") { title } }"#;
        assert_eq!(unstorable(in_fragment, none.clone()).as_deref(), Some("slug"));
        let default = r#"query($s: String = "\u0000") { course(slug: $s) { title } }"#;
        assert_eq!(unstorable(default, none.clone()).as_deref(), Some("s"));
        let variables = serde_json::json!({ "input": { "sections": [{ "heading": "a\u{0}" }] } });
        assert_eq!(unstorable("mutation($input: X) { f(input: $input) }", variables).as_deref(), Some("heading"));
        let key = serde_json::json!({ "input": { "bad\u{0}key": "text" } });
        assert_eq!(unstorable("mutation($input: X) { f(input: $input) }", key).as_deref(), Some("input"));
    }

    #[test]
    fn other_control_characters_are_text_like_any_other() {
        let tab = serde_json::json!({ "s": "a\tb\u{1}c\u{7f}" });
        assert_eq!(unstorable("query($s: String) { course(slug: $s) { title } }", tab), None);
    }
}
