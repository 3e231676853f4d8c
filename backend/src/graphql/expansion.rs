//! What a document would be once every fragment spread is replaced by its fragment, measured
//! without doing it.
//!
//! A few kilobytes of fragments that each spread the previous one twice expand to billions of
//! fields, and a fragment that spreads itself expands forever. async-graphql's validation and its
//! depth and complexity measures expand every spread in full (and so does its own nesting check
//! at parse time, which `graphql::limits` therefore replaces). Here each fragment is measured
//! once and remembered, in time proportional to the document's length, so a document can be
//! refused before anything expands it.

use std::collections::HashMap;

use async_graphql::Positioned;
use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};

/// The expanded size of a document.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Expansion {
    /// Fields in every operation and fragment definition, spreads replaced by their fragment's
    /// fields (saturating, never overflowing).
    pub fields: u64,
    /// The deepest nesting of selection sets, each field with a selection, inline fragment and
    /// fragment spread counting one level (what async-graphql's own recursion check counts).
    pub nesting: u64,
}

impl Expansion {
    fn beside(self, other: Self) -> Self {
        Self { fields: self.fields.saturating_add(other.fields), nesting: self.nesting.max(other.nesting) }
    }

    fn one_level_down(self) -> Self {
        Self { nesting: self.nesting.saturating_add(1), ..self }
    }
}

/// A fragment that spreads itself, directly or through others: it has no expansion.
#[derive(Debug, PartialEq, Eq)]
pub struct FragmentCycle(pub String);

/// Measures the document, each fragment once.
pub fn expand(document: &ExecutableDocument) -> Result<Expansion, FragmentCycle> {
    let mut measure = Measure { document, fragments: HashMap::new() };
    let mut total = Expansion::default();
    for (_, operation) in document.operations.iter() {
        total = total.beside(measure.selection_set(&operation.node.selection_set)?);
    }
    for name in document.fragments.keys() {
        total = total.beside(measure.fragment(name)?);
    }
    Ok(total)
}

struct Measure<'a> {
    document: &'a ExecutableDocument,
    /// Each fragment's expansion; `None` while it is being measured, so meeting it again is a cycle.
    fragments: HashMap<&'a str, Option<Expansion>>,
}

impl<'a> Measure<'a> {
    fn fragment(&mut self, name: &'a str) -> Result<Expansion, FragmentCycle> {
        match self.fragments.get(name) {
            Some(Some(known)) => return Ok(*known),
            Some(None) => return Err(FragmentCycle(name.to_owned())),
            None => {}
        }
        // An unknown fragment is left to validation, which names it.
        let Some(fragment) = self.document.fragments.get(name) else { return Ok(Expansion::default()) };
        self.fragments.insert(name, None);
        let expansion = self.selection_set(&fragment.node.selection_set)?;
        self.fragments.insert(name, Some(expansion));
        Ok(expansion)
    }

    fn selection_set(&mut self, selection_set: &'a Positioned<SelectionSet>) -> Result<Expansion, FragmentCycle> {
        let mut total = Expansion::default();
        for selection in &selection_set.node.items {
            let expansion = match &selection.node {
                Selection::Field(field) => {
                    let inside = &field.node.selection_set;
                    let below = self.selection_set(inside)?;
                    let below = if inside.node.items.is_empty() { below } else { below.one_level_down() };
                    Expansion { fields: below.fields.saturating_add(1), ..below }
                }
                Selection::InlineFragment(fragment) => {
                    self.selection_set(&fragment.node.selection_set)?.one_level_down()
                }
                Selection::FragmentSpread(spread) => {
                    self.fragment(spread.node.fragment_name.node.as_str())?.one_level_down()
                }
            };
            total = total.beside(expansion);
        }
        Ok(total)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn measured(document: &str) -> Result<Expansion, FragmentCycle> {
        expand(&async_graphql::parser::parse_query(document).expect("parses"))
    }

    #[test]
    fn fragments_that_double_at_every_level_are_measured_without_expanding_them() {
        let mut document = String::from("query { serverInfo { ...F60 } }\nfragment F0 on ServerInfo { version }\n");
        for level in 1..=60 {
            let previous = level - 1;
            document.push_str(&format!("fragment F{level} on ServerInfo {{ ...F{previous} ...F{previous} }}\n"));
        }
        let expansion = measured(&document).expect("no cycle");
        // The operation: serverInfo plus 2^60 versions; each fragment definition F_i: 2^i more.
        assert_eq!(expansion.fields, 1 + (1 << 60) + ((1u64 << 61) - 1));
        // serverInfo, then 61 spreads.
        assert_eq!(expansion.nesting, 62);
    }

    #[test]
    fn nesting_counts_fields_with_selections_inline_fragments_and_spreads() {
        let expansion = measured("{ a { b { c } } ... on Query { d } }").expect("no cycle");
        assert_eq!(expansion, Expansion { fields: 4, nesting: 2 });
        let through_fragment = measured("{ a { ...F } } fragment F on A { b { c } }").expect("no cycle");
        assert_eq!(through_fragment.nesting, 3);
    }

    #[test]
    fn a_fragment_that_spreads_itself_is_a_cycle() {
        let direct = measured("{ serverInfo { ...A } } fragment A on ServerInfo { version ...A }");
        assert_eq!(direct, Err(FragmentCycle("A".into())));
        let through_another = measured(
            "query { serverInfo { ...A } } fragment A on ServerInfo { version ...B } fragment B on ServerInfo { ...A }",
        );
        assert!(through_another.is_err());
    }

    #[test]
    fn an_unknown_fragment_is_left_to_validation() {
        assert_eq!(measured("{ serverInfo { ...Missing } }").expect("no cycle").fields, 1);
    }
}
