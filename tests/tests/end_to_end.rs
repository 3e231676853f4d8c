//! Agora's black-box tests, one module per area, built as a single test binary: every module
//! starts real servers and speaks to them over HTTP and websockets the way clients do (see the
//! `agora_tests` harness). One binary instead of one per file links the server once, which keeps
//! the build small and quick; `cargo test -p agora-tests --test end_to_end following::` runs one
//! area.

mod accounts_and_audit;
mod administration;
mod authorization_matrix;
mod campaigns;
mod certificates;
mod comment_listing;
mod comments;
mod consultations;
mod courses;
mod data_layer;
mod documentation;
mod enrollment;
mod following;
mod graphiql;
mod http_endpoints;
mod idempotency;
mod live_comments;
mod localization;
mod mail_delivery;
mod moderation;
mod name_characters;
mod nul_characters;
mod organizations;
mod outcomes;
mod participation_stats;
mod privacy;
mod query_limits;
mod sign_in;
mod websocket;

/// With `autotests = false`, a test file that is not declared above would silently never run:
/// every `tests/*.rs` file must be a module of this binary.
#[test]
fn every_test_file_is_a_module_of_this_binary() {
    let declared = include_str!("end_to_end.rs");
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(&folder).expect("the tests folder") {
        let path = entry.expect("a folder entry").path();
        let Some(name) = path.file_stem().and_then(|stem| stem.to_str()) else { continue };
        let is_module = path.extension().is_some_and(|extension| extension == "rs") && name != "end_to_end";
        if is_module && !declared.contains(&format!("\nmod {name};\n")) {
            missing.push(name.to_owned());
        }
    }
    assert!(missing.is_empty(), "declare these with `mod …;` in tests/end_to_end.rs: {missing:?}");
}
