//! Agora's black-box tests, one module per area, built as a single test binary: every module
//! starts real servers and speaks to them over HTTP and websockets the way clients do (see the
//! `agora_tests` harness). One binary instead of one per file links the server once, which keeps
//! the build small and quick; `cargo test -p agora-tests --test end_to_end following::` runs one
//! area. Cargo builds this folder (`tests/tests/end_to_end/`) as that binary: each area is a file
//! beside this one, declared below.

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

/// Cargo compiles only the modules declared above: a file in this folder without its `mod …;`
/// would silently never run, and a file directly in `tests/tests/` would be a second test binary
/// (a second link of the server).
#[test]
fn every_test_file_is_a_module_of_this_binary() {
    let declared = include_str!("main.rs");
    let tests = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let rust_files = |folder: &std::path::Path| -> Vec<String> {
        let entries = std::fs::read_dir(folder).unwrap_or_else(|error| panic!("{}: {error}", folder.display()));
        let paths = entries.map(|entry| entry.expect("a folder entry").path());
        let rust = paths.filter(|path| path.extension().is_some_and(|extension| extension == "rs"));
        rust.filter_map(|path| path.file_stem().and_then(|stem| stem.to_str()).map(str::to_owned)).collect()
    };
    let undeclared: Vec<String> = rust_files(&tests.join("end_to_end"))
        .into_iter()
        .filter(|name| name != "main" && !declared.contains(&format!("\nmod {name};\n")))
        .collect();
    assert!(undeclared.is_empty(), "declare these with `mod …;` in tests/tests/end_to_end/main.rs: {undeclared:?}");
    let outside = rust_files(&tests);
    assert!(outside.is_empty(), "move these into tests/tests/end_to_end/ and declare them in its main.rs: {outside:?}");
}
