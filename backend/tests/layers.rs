//! The floor plan, checked where the compiler cannot: SQL stays in the data layer, the API layer
//! stays on top, and the base domains do not call up into the ones built on them.
//!
//! - **SQL only in stores**: a query (a diesel `table`, `insert_into`, `update`, `delete` or
//!   `sql_query`) appears only in `store.rs` files and under `db/`.
//! - **GraphQL on top**: only the API layer (`graphql/`, `server/`, a domain's `graphql.rs` or
//!   `graphql/` and its `loaders.rs`, `app.rs`, `main.rs`) imports `crate::graphql`, and a
//!   resolver never opens a database connection itself: it asks a service (DataLoaders, which
//!   batch a request's reads, may).
//! - **Arrows point down**: outside their API files, the base modules (identity, organizations,
//!   audit, mail, auth, db, config, i18n and the shared utilities) import nothing from the
//!   domains built on them (consultations, training, live) nor from `privacy`, which gathers
//!   every domain's part.
//!
//! The files listed below break a rule today; each is to move (issue 14). A new file may not join
//! them, and one that is mended must leave the list, so the list only shrinks.

use std::fs;
use std::path::{Path, PathBuf};

/// Files that still hold SQL outside a store.
const SQL_OUTSIDE_STORES: &[&str] = &[
    "consultations/privacy.rs",
    "consultations/statistics/counters.rs",
    "graphql/loaders.rs",
    "identity/privacy.rs",
    "idempotency/privacy.rs",
    "live/channel.rs",
    "live/pg_listener.rs",
    "mail/outbox.rs",
    "secrets.rs",
    "throttle.rs",
    "training/certification/keys.rs",
    "training/privacy.rs",
];

/// Files outside the API layer that still import `crate::graphql`.
const GRAPHQL_BELOW_THE_API: &[&str] = &[
    // The open-data files carry the API's global IDs.
    "consultations/open_data/service.rs",
];

/// Files of a base module that still import a domain built on it.
const ARROWS_UP: &[&str] = &[
    // A role's scope is checked to be an existing consultation or course.
    "identity/administration/service.rs",
    // Withdrawing an organization's verification closes its consultations' rounds.
    "organizations/service.rs",
    // The certificate signing key is generated with the other secrets.
    "secrets.rs",
];

const BASE_MODULES: &[&str] = &[
    "identity/",
    "organizations/",
    "audit/",
    "mail/",
    "auth/",
    "db/",
    "config/",
    "i18n/",
    "throttle.rs",
    "request.rs",
    "error.rs",
    "text.rs",
    "names.rs",
    "readable_code.rs",
    "html.rs",
    "secrets.rs",
    "telemetry.rs",
];
const UPPER_MODULES: &[&str] = &["crate::consultations", "crate::training", "crate::live", "crate::privacy"];

fn source_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `src/`, as a path relative to it with `/` separators, and its lines
/// of code (comments left out).
fn sources() -> Vec<(String, Vec<String>)> {
    fn walk(dir: &Path, root: &Path, found: &mut Vec<(String, Vec<String>)>) {
        for entry in fs::read_dir(dir).expect("a readable source folder") {
            let path = entry.expect("a folder entry").path();
            if path.is_dir() {
                walk(&path, root, found);
            } else if path.extension().is_some_and(|extension| extension == "rs") {
                let relative = path.strip_prefix(root).expect("under src").to_string_lossy().replace('\\', "/");
                let text = fs::read_to_string(&path).expect("a readable source file");
                let code =
                    text.lines().filter(|line| !line.trim_start().starts_with("//")).map(str::to_owned).collect();
                found.push((relative, code));
            }
        }
    }
    let root = source_root();
    let mut found = Vec::new();
    walk(&root, &root, &mut found);
    found.sort();
    found
}

fn is_store(path: &str) -> bool {
    path.ends_with("/store.rs") || path == "store.rs" || path.starts_with("db/")
}

fn is_api(path: &str) -> bool {
    path.starts_with("graphql/")
        || path.starts_with("server/")
        || path.contains("/graphql/")
        || path.ends_with("graphql.rs")
        || path.ends_with("loaders.rs")
        || path == "app.rs"
        || path == "main.rs"
}

fn holds_sql(line: &str) -> bool {
    let table = line.split("::table").count() > 1
        && line
            .split("::table")
            .next()
            .and_then(|before| before.chars().last())
            .is_some_and(|last| last.is_ascii_alphanumeric() || last == '_');
    let statement = ["diesel::insert_into", "diesel::update", "diesel::delete", "diesel::sql_query"]
        .iter()
        .any(|call| line.contains(call));
    table || statement
}

/// The files that break a rule, and the list of those allowed to for now, compared.
fn check(rule: &str, breaking: Vec<String>, allowed: &[&str]) {
    let new: Vec<&String> = breaking.iter().filter(|path| !allowed.contains(&path.as_str())).collect();
    let mended: Vec<&&str> = allowed.iter().filter(|path| !breaking.iter().any(|found| found == *path)).collect();
    assert!(new.is_empty(), "{rule}: these files break it: {new:?} (see this test's documentation)");
    assert!(mended.is_empty(), "{rule}: these files keep it now, take them off the list: {mended:?}");
}

#[test]
fn sql_stays_in_the_stores() {
    let breaking = sources()
        .into_iter()
        .filter(|(path, code)| !is_store(path) && code.iter().any(|line| holds_sql(line)))
        .map(|(path, _)| path)
        .collect();
    check("SQL only in store.rs files and db/", breaking, SQL_OUTSIDE_STORES);
}

#[test]
fn only_the_api_layer_imports_graphql() {
    let breaking = sources()
        .into_iter()
        .filter(|(path, code)| !is_api(path) && code.iter().any(|line| line.contains("crate::graphql")))
        .map(|(path, _)| path)
        .collect();
    check("only the API layer imports crate::graphql", breaking, GRAPHQL_BELOW_THE_API);
}

#[test]
fn resolvers_ask_services_not_the_database() {
    let breaking = sources()
        .into_iter()
        .filter(|(path, _)| {
            (path.contains("graphql/") || path.ends_with("graphql.rs")) && !path.ends_with("loaders.rs")
        })
        .filter(|(_, code)| code.iter().any(|line| line.contains("db.run(")))
        .map(|(path, _)| path)
        .collect();
    check("resolvers do not open database connections", breaking, &[]);
}

#[test]
fn base_modules_do_not_call_up() {
    let breaking = sources()
        .into_iter()
        .filter(|(path, _)| BASE_MODULES.iter().any(|base| path.starts_with(base)) && !is_api(path))
        .filter(|(_, code)| code.iter().any(|line| UPPER_MODULES.iter().any(|upper| line.contains(upper))))
        .map(|(path, _)| path)
        .collect();
    check("base modules import nothing from the domains above them", breaking, ARROWS_UP);
}

#[test]
fn sql_is_recognised_and_comments_are_not_code() {
    assert!(holds_sql("    let rows = comments::table.filter(x)"));
    assert!(holds_sql("diesel::delete(refresh_tokens::table.filter(y))"));
    assert!(!holds_sql("let table = 3;"));
    assert!(!holds_sql("use crate::db::schema::comments;"));
    let this_file = sources().into_iter().find(|(path, _)| path == "lib.rs").expect("lib.rs");
    assert!(this_file.1.iter().all(|line| !line.trim_start().starts_with("//")));
}
