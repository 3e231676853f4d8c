//! `schema/schema.graphql` is the checked-in contract for frontend teams: it must equal what
//! the server exports. After changing the schema, refresh it with
//! `cargo run -p agora -- export-schema > schema/schema.graphql`
//! (or run this test with `AGORA_UPDATE_SCHEMA=1`).

use std::path::Path;

#[test]
fn the_checked_in_sdl_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema/schema.graphql");
    let exported = agora::graphql::sdl();
    if std::env::var_os("AGORA_UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &exported).expect("writing schema/schema.graphql");
        return;
    }
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        checked_in == exported,
        "schema/schema.graphql is stale. Refresh it with \
         `cargo run -p agora -- export-schema > schema/schema.graphql` \
         or `AGORA_UPDATE_SCHEMA=1 cargo test -p agora --test schema_sdl`."
    );
}

#[test]
fn every_type_field_argument_and_enum_value_is_documented() {
    use async_graphql::parser::types::{TypeKind, TypeSystemDefinition};

    let document = async_graphql::parser::parse_schema(agora::graphql::sdl()).expect("the SDL parses");
    let mut undocumented = Vec::new();
    for definition in document.definitions {
        let TypeSystemDefinition::Type(definition) = definition else { continue };
        let definition = definition.node;
        let type_name = definition.name.node.to_string();
        if definition.description.is_none() {
            undocumented.push(type_name.clone());
        }
        let fields = match &definition.kind {
            TypeKind::Object(object) => &object.fields,
            TypeKind::Interface(interface) => &interface.fields,
            TypeKind::Enum(enumeration) => {
                for value in &enumeration.values {
                    if value.node.description.is_none() {
                        undocumented.push(format!("{type_name}.{}", value.node.value.node));
                    }
                }
                continue;
            }
            TypeKind::InputObject(input) => {
                for field in &input.fields {
                    if field.node.description.is_none() {
                        undocumented.push(format!("{type_name}.{}", field.node.name.node));
                    }
                }
                continue;
            }
            _ => continue,
        };
        for field in fields {
            let field_name = format!("{type_name}.{}", field.node.name.node);
            if field.node.description.is_none() {
                undocumented.push(field_name.clone());
            }
            for argument in &field.node.arguments {
                if argument.node.description.is_none() {
                    undocumented.push(format!("{field_name}({})", argument.node.name.node));
                }
            }
        }
    }
    assert!(undocumented.is_empty(), "undocumented schema items: {undocumented:#?}");
}
