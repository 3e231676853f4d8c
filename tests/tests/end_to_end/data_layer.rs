//! The data layer below GraphQL, on every engine: transactions, concurrent writers, the outbox
//! claims that several instances share, the keyset pagination helpers, and migrations kept in
//! step for both engines.
//!
//! These are the guarantees the domains build on without re-checking them: a failed write
//! leaves nothing behind; SQLite writers wait their turn instead of failing with "database is
//! locked"; two workers never claim the same message and a claim holds until its lease ends; a
//! message queued while no server runs is delivered once one starts; and pages neither repeat
//! nor skip rows. Most tests drive `agora::db` directly on a fresh, migrated database.

use std::collections::{BTreeMap, BTreeSet};
use std::net::TcpListener;
use std::path::Path;
use std::sync::{Arc, Barrier};
use std::time::Duration;

use agora::app::Application;
use agora::config::{Config, DatabaseTarget};
use agora::db::page::{Cursor, Page, PageRequest};
use agora::db::schema::server_secrets;
use agora::db::{Db, DbConnection, migrations, time, write_transaction};
use agora::mail::outbox::{self, NewMessage};
use agora_tests::{Engine, TEST_JWT_SECRET, TestDatabase, engines};
use chrono::TimeDelta;
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};

/// A fresh database with the migrations applied, and a pool of `pool_size` connections on it.
async fn migrated(engine: Engine, pool_size: u32) -> (TestDatabase, Db) {
    let database = TestDatabase::create(engine).await;
    let target = DatabaseTarget::parse(database.url()).expect("the test database URL parses");
    let db = tokio::task::spawn_blocking(move || Db::connect(&target, pool_size))
        .await
        .expect("opening the pool did not panic")
        .expect("the pool opens");
    db.migrate().await.expect("the migrations run");
    (database, db)
}

fn insert_secret(connection: &mut DbConnection, name: &str, value: &str) -> QueryResult<()> {
    diesel::insert_into(server_secrets::table)
        .values((
            server_secrets::name.eq(name),
            server_secrets::value.eq(value),
            server_secrets::created_at.eq(time::now()),
        ))
        .execute(connection)?;
    Ok(())
}

/// The names of the `server_secrets` rows that start with `prefix`, in order.
fn secret_names(connection: &mut DbConnection, prefix: &str) -> QueryResult<Vec<String>> {
    server_secrets::table
        .filter(server_secrets::name.like(format!("{prefix}%")))
        .select(server_secrets::name)
        .order(server_secrets::name.asc())
        .load(connection)
}

/// The error a transaction body returns: a database error, or a refusal of its own.
#[derive(Debug)]
enum Failure {
    Database(DieselError),
    Refused,
}

impl From<DieselError> for Failure {
    fn from(error: DieselError) -> Self {
        Self::Database(error)
    }
}

#[tokio::test]
async fn write_transaction_commits_on_ok_and_rolls_back_everything_on_err() {
    for engine in engines() {
        let (database, db) = migrated(engine, 2).await;
        let (committed, refused, duplicate, after) = db
            .run(|connection| {
                let committed = write_transaction(connection, |connection| {
                    insert_secret(connection, "tx-committed", "1")?;
                    Ok::<_, Failure>(())
                });
                let refused = write_transaction(connection, |connection| {
                    insert_secret(connection, "tx-refused-1", "x")?;
                    insert_secret(connection, "tx-refused-2", "y")?;
                    Err::<(), _>(Failure::Refused)
                });
                // A database error half-way undoes the writes before it too.
                let duplicate = write_transaction(connection, |connection| {
                    insert_secret(connection, "tx-duplicate", "z")?;
                    insert_secret(connection, "tx-committed", "again")?;
                    Ok::<_, Failure>(())
                });
                // The connection is usable after a rollback (no transaction left open).
                let after = write_transaction(connection, |connection| {
                    insert_secret(connection, "tx-after", "2")?;
                    Ok::<_, Failure>(())
                });
                Ok((committed, refused, duplicate, after))
            })
            .await
            .expect("the transactions ran");
        assert!(committed.is_ok(), "{engine:?}: {committed:?}");
        assert!(matches!(refused, Err(Failure::Refused)), "{engine:?}: {refused:?}");
        assert!(
            matches!(
                duplicate,
                Err(Failure::Database(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)))
            ),
            "{engine:?}: {duplicate:?}"
        );
        assert!(after.is_ok(), "{engine:?}: {after:?}");

        // Seen from a connection outside the pool: only the committed rows exist.
        let mut outside = database.connect();
        let names = tokio::task::spawn_blocking(move || secret_names(&mut outside, "tx-"))
            .await
            .expect("reading did not panic")
            .expect("reading the rows");
        assert_eq!(names, ["tx-after", "tx-committed"], "{engine:?}");
        let value: String = db
            .run(|connection| {
                Ok(server_secrets::table.find("tx-committed").select(server_secrets::value).first(connection)?)
            })
            .await
            .expect("reading the committed row");
        assert_eq!(value, "1", "{engine:?}: the failed duplicate changed nothing");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_sqlite_writers_all_succeed_and_lose_no_update() {
    const WRITERS: usize = 8;
    const TRANSACTIONS: usize = 25;
    let (_database, db) = migrated(Engine::Sqlite, WRITERS as u32).await;
    db.run(|connection| Ok(insert_secret(connection, "counter", "0")?)).await.expect("the counter is created");

    // Every writer takes its own pooled connection, then all start together.
    let barrier = Arc::new(Barrier::new(WRITERS));
    let writers: Vec<_> = (0..WRITERS)
        .map(|writer| {
            let (db, barrier) = (db.clone(), Arc::clone(&barrier));
            tokio::spawn(async move {
                db.run(move |connection| {
                    barrier.wait();
                    let mut failures = Vec::new();
                    for transaction in 0..TRANSACTIONS {
                        // Read, then write what was read: a lost update or a lock error shows.
                        let outcome = write_transaction(connection, |connection| {
                            let current: String = server_secrets::table
                                .find("counter")
                                .select(server_secrets::value)
                                .first(connection)?;
                            let next = current.parse::<u64>().expect("the counter is a number") + 1;
                            // Widen the gap between the read and the write so that writers overlap.
                            std::thread::sleep(Duration::from_millis(1));
                            diesel::update(server_secrets::table.find("counter"))
                                .set(server_secrets::value.eq(next.to_string()))
                                .execute(connection)?;
                            insert_secret(connection, &format!("w{writer}-{transaction:02}"), &current)
                        });
                        if let Err(error) = outcome {
                            failures.push(format!("writer {writer}, transaction {transaction}: {error}"));
                        }
                    }
                    Ok(failures)
                })
                .await
            })
        })
        .collect();
    let mut failures = Vec::new();
    for writer in writers {
        failures.extend(writer.await.expect("a writer task did not panic").expect("a writer got a connection"));
    }
    assert!(failures.is_empty(), "{} write transactions failed: {failures:#?}", failures.len());

    let (counter, seen) = db
        .run(|connection| {
            let counter: String =
                server_secrets::table.find("counter").select(server_secrets::value).first(connection)?;
            let seen: Vec<String> = server_secrets::table
                .filter(server_secrets::name.like("w%"))
                .select(server_secrets::value)
                .load(connection)?;
            Ok((counter, seen))
        })
        .await
        .expect("reading the outcome");
    let total = WRITERS * TRANSACTIONS;
    assert_eq!(counter, total.to_string(), "the counter counts every transaction");
    assert_eq!(seen.len(), total, "every transaction left its row");
    // Each transaction read a different counter value: they ran one after another.
    let seen: BTreeSet<u64> = seen.iter().map(|value| value.parse().expect("a number")).collect();
    assert_eq!(seen, (0..total as u64).collect::<BTreeSet<_>>());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sqlite_writer_waits_for_the_lock_instead_of_failing() {
    let (database, db) = migrated(Engine::Sqlite, 2).await;
    // Another process holds the write lock for a while (a raw connection, outside the pool).
    let mut holder = database.connect();
    let (locked, locked_signal) = std::sync::mpsc::channel();
    let holding = tokio::task::spawn_blocking(move || {
        write_transaction(&mut holder, |connection| {
            insert_secret(connection, "held", "1")?;
            locked.send(()).expect("the test waits for the lock");
            std::thread::sleep(Duration::from_millis(500));
            Ok::<_, DieselError>(())
        })
    });
    tokio::task::spawn_blocking(move || locked_signal.recv()).await.expect("waiting").expect("the lock is taken");

    let started = std::time::Instant::now();
    let waited = db.run(|connection| write_transaction(connection, |c| Ok(insert_secret(c, "waiter", "2")?))).await;
    assert!(waited.is_ok(), "the second writer failed instead of waiting: {waited:?}");
    assert!(started.elapsed() >= Duration::from_millis(200), "the second writer did not wait for the lock");
    holding.await.expect("the holder did not panic").expect("the holder committed");
    let names = db.run(|connection| Ok(secret_names(connection, "")?)).await.expect("reading the rows");
    assert!(names.contains(&"held".to_owned()) && names.contains(&"waiter".to_owned()), "{names:?}");
}

fn test_message(number: usize) -> NewMessage {
    NewMessage {
        template: "mail-test".to_owned(),
        recipient_address: format!("reader{number}@example.org"),
        recipient_name: Some(format!("Reader {number}")),
        locale: "en".to_owned(),
        subject: format!("Message {number}"),
        body_text: format!("Body {number}"),
        body_html: format!("<p>Body {number}</p>"),
        list_unsubscribe: None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_outbox_claims_are_disjoint_and_hold_until_the_lease_ends() {
    const MESSAGES: usize = 40;
    const CLAIMERS: usize = 3;
    const LIMIT: i64 = 20;
    for engine in engines() {
        let (_database, db) = migrated(engine, CLAIMERS as u32 + 1).await;
        let inserted: BTreeSet<String> = db
            .run(|connection| {
                Ok((0..MESSAGES)
                    .map(|number| outbox::insert(connection, &test_message(number), "agora.test"))
                    .collect::<QueryResult<_>>()?)
            })
            .await
            .expect("queueing the messages");
        assert_eq!(inserted.len(), MESSAGES);

        let now = time::now();
        let lease_until = now + TimeDelta::minutes(5);
        // Each claimer runs on its own blocking thread with its own pooled connection; the
        // barrier lines up their first claims so that they overlap.
        let barrier = Arc::new(Barrier::new(CLAIMERS));
        let claimers: Vec<_> = (0..CLAIMERS)
            .map(|_| {
                let (db, barrier) = (db.clone(), Arc::clone(&barrier));
                tokio::spawn(async move {
                    db.run(move |connection| {
                        barrier.wait();
                        let mut claimed = Vec::new();
                        for _ in 0..MESSAGES {
                            let batch = outbox::claim_due(connection, now, lease_until, LIMIT)?;
                            assert!(batch.len() <= LIMIT as usize, "a claim took more than its limit");
                            if batch.is_empty() {
                                break;
                            }
                            claimed.extend(batch.into_iter().map(|message| message.id));
                        }
                        Ok(claimed)
                    })
                    .await
                })
            })
            .collect();
        let mut claimed_by = Vec::new();
        for claimer in claimers {
            claimed_by.push(claimer.await.expect("a claimer did not panic").expect("a claimer's claims succeeded"));
        }

        let all: Vec<&String> = claimed_by.iter().flatten().collect();
        let distinct: BTreeSet<String> = all.iter().map(|id| (*id).clone()).collect();
        let sizes: Vec<usize> = claimed_by.iter().map(Vec::len).collect();
        assert_eq!(all.len(), distinct.len(), "{engine:?}: a message was claimed twice (claims per worker: {sizes:?})");
        assert_eq!(distinct, inserted, "{engine:?}: the claims together cover every message");

        // Before the lease ends nothing is claimable again; once it has, every message is.
        let (during, after) = db
            .run(move |connection| {
                let during = outbox::claim_due(connection, lease_until - TimeDelta::seconds(1), lease_until, LIMIT)?;
                let later = lease_until + TimeDelta::seconds(1);
                let mut after = Vec::new();
                for _ in 0..MESSAGES {
                    let batch = outbox::claim_due(connection, later, later + TimeDelta::minutes(5), LIMIT)?;
                    if batch.is_empty() {
                        break;
                    }
                    after.extend(batch.into_iter().map(|message| message.id));
                }
                Ok((during, after))
            })
            .await
            .expect("claiming again");
        assert!(during.is_empty(), "{engine:?}: {} leased messages were claimed again", during.len());
        assert_eq!(after.into_iter().collect::<BTreeSet<_>>(), inserted, "{engine:?}: expired leases are claimable");
    }
}

#[tokio::test]
async fn a_message_queued_while_no_server_runs_is_delivered_once_one_starts() {
    for engine in engines() {
        let database = TestDatabase::create(engine).await;
        let mut connection = database.connect();
        let (id, pending) = tokio::task::spawn_blocking(move || {
            migrations::run_pending(&mut connection).expect("the migrations run");
            let id = outbox::insert(&mut connection, &test_message(1), "agora.test").expect("queueing a message");
            (id, outbox::pending_count(&mut connection).expect("counting"))
        })
        .await
        .expect("queueing did not panic");
        assert_eq!(pending, 1, "{engine:?}");

        let data_dir = tempfile::tempdir().expect("a data folder");
        let config = Config::from_vars(
            [
                ("AGORA_DATABASE_URL", database.url()),
                ("AGORA_LISTEN", "127.0.0.1:0"),
                ("AGORA_DATA_DIR", &data_dir.path().display().to_string()),
                ("AGORA_MAIL_URL", "memory://"),
                ("AGORA_JWT_SECRET", TEST_JWT_SECRET),
                ("AGORA_MAIL_POLL_MS", "50"),
            ]
            .map(|(name, value)| (name.to_owned(), value.to_owned())),
        )
        .expect("the configuration is valid");
        let application = Application::build(config).await.expect("the application builds");
        let db = application.services().db.clone();
        let mailbox = application.mailbox().expect("mail is kept in memory");
        // Built but not serving: no worker runs yet, so the message waits.
        let still_pending = db.run(|connection| Ok(outbox::pending_count(connection)?)).await.expect("counting");
        assert_eq!(still_pending, 1, "{engine:?}: nothing delivers mail before the server starts");
        assert!(mailbox.lock().expect("mailbox lock").is_empty());

        let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
        let server = application.serve_on(listener).expect("the server starts");
        let mut row = None;
        for _ in 0..200 {
            let id = id.clone();
            let current = db.run(move |connection| Ok(outbox::find(connection, &id)?)).await.expect("reading");
            let current = current.expect("the message exists");
            if current.status != outbox::status::PENDING {
                row = Some(current);
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let row = row.unwrap_or_else(|| panic!("{engine:?}: the queued message was not delivered after start-up"));
        assert_eq!(row.status, outbox::status::SENT, "{engine:?}: {:?}", row.last_error);
        assert_eq!(row.attempts, 1);
        let pending = db.run(|connection| Ok(outbox::pending_count(connection)?)).await.expect("counting");
        assert_eq!(pending, 0, "{engine:?}");
        let mail = mailbox.lock().expect("mailbox lock").iter().map(|mail| mail.raw.clone()).collect::<Vec<_>>();
        assert_eq!(mail.len(), 1, "{engine:?}");
        assert!(mail[0].contains("Message 1") && mail[0].contains(&row.message_id), "{}", mail[0]);
        server.stop().await;
    }
}

#[tokio::test]
async fn keyset_pages_neither_repeat_nor_skip_rows() {
    for engine in engines() {
        let (_database, db) = migrated(engine, 2).await;
        db.run(|connection| {
            for number in 0..45 {
                insert_secret(connection, &format!("k{number:02}"), "value")?;
            }
            Ok(())
        })
        .await
        .expect("inserting the rows");

        let mut pages: Vec<Page<String>> = Vec::new();
        let mut after: Option<String> = None;
        loop {
            assert!(pages.len() < 10, "{engine:?}: paging does not end");
            let request = PageRequest::new(Some(20), after.clone()).expect("a valid page request");
            let page = db
                .run(move |connection| {
                    let in_list = server_secrets::name.like("k%");
                    // No cursor: every name is greater than the empty string.
                    let after_name = request.after.as_ref().map(|cursor| cursor.id.clone()).unwrap_or_default();
                    let rows: Vec<String> = server_secrets::table
                        .filter(in_list)
                        .filter(server_secrets::name.gt(after_name))
                        .select(server_secrets::name)
                        .order(server_secrets::name.asc())
                        .limit(request.fetch_limit())
                        .load(connection)?;
                    let total = server_secrets::table.filter(in_list).count().get_result(connection)?;
                    Ok(Page::from_rows(rows, &request, total))
                })
                .await
                .expect("loading a page");
            after = page.items.last().map(|name| Cursor::new(name.clone(), name.clone()).encode());
            let more = page.has_next_page;
            pages.push(page);
            if !more {
                break;
            }
        }

        let sizes: Vec<usize> = pages.iter().map(|page| page.items.len()).collect();
        assert_eq!(sizes, [20, 20, 5], "{engine:?}");
        let next: Vec<bool> = pages.iter().map(|page| page.has_next_page).collect();
        assert_eq!(next, [true, true, false], "{engine:?}");
        let previous: Vec<bool> = pages.iter().map(|page| page.has_previous_page).collect();
        assert_eq!(previous, [false, true, true], "{engine:?}");
        assert!(pages.iter().all(|page| page.total_count == 45), "{engine:?}: totalCount counts the whole list");
        let seen: Vec<String> = pages.into_iter().flat_map(|page| page.items).collect();
        let expected: Vec<String> = (0..45).map(|number| format!("k{number:02}")).collect();
        assert_eq!(seen, expected, "{engine:?}: every row once, in order");
    }
}

/// The files every migration folder holds: diesel runs `up.sql`, and `down.sql` reverts it.
const MIGRATION_FILES: [&str; 2] = ["up.sql", "down.sql"];

/// Each migration folder directly under `tree` with the names of the files in it.
fn migration_folders(tree: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let entries = std::fs::read_dir(tree).unwrap_or_else(|error| panic!("{}: {error}", tree.display()));
    let folders = entries.map(|entry| entry.expect("a folder entry").path()).filter(|path| path.is_dir());
    let names = |folder: &Path| -> BTreeSet<String> {
        let entries = std::fs::read_dir(folder).unwrap_or_else(|error| panic!("{}: {error}", folder.display()));
        entries.map(|entry| entry.expect("a folder entry").file_name().to_string_lossy().into_owned()).collect()
    };
    folders.map(|folder| (folder.file_name().expect("a name").to_string_lossy().into_owned(), names(&folder))).collect()
}

/// What keeps the migration trees under `root` (`sqlite/` and `postgres/`) from listing the same
/// migrations, one line per problem naming what is missing where.
fn migration_tree_differences(root: &Path) -> Vec<String> {
    let trees = ["sqlite", "postgres"].map(|engine| (engine, migration_folders(&root.join(engine))));
    let mut problems = Vec::new();
    for (engine, folders) in &trees {
        for (other, other_folders) in trees.iter().filter(|(other, _)| other != engine) {
            for name in other_folders.keys().filter(|name| !folders.contains_key(*name)) {
                problems.push(format!("migration {name} is in {other}/ but missing from {engine}/"));
            }
        }
        for (name, files) in folders {
            for file in MIGRATION_FILES.iter().filter(|file| !files.contains(**file)) {
                problems.push(format!("{engine}/{name}/ has no {file}"));
            }
        }
    }
    problems
}

/// `schema/migrations/sqlite/` and `schema/migrations/postgres/` list the same migrations (the
/// same folder names, each with `up.sql` and `down.sql`): a change made for one engine only
/// would leave the other with another schema.
#[test]
fn the_sqlite_and_postgres_migration_trees_list_the_same_migrations() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema/migrations");
    assert!(!migration_folders(&root.join("sqlite")).is_empty(), "no migrations found in {}", root.display());
    let problems = migration_tree_differences(&root);
    assert!(
        problems.is_empty(),
        "the migration trees in schema/migrations/ differ; give each engine the same migrations:\n{}",
        problems.join("\n")
    );
}

/// The comparison names a migration missing from either tree and a missing file.
#[test]
fn a_migration_missing_from_one_tree_is_named_with_where_it_is_missing() {
    let root = tempfile::tempdir().expect("a temporary folder");
    let add = |path: &str| {
        let path = root.path().join(path);
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("a migration folder");
        std::fs::write(path, "SELECT 1;").expect("a migration file");
    };
    for file in ["up.sql", "down.sql"] {
        for tree in ["sqlite", "postgres"] {
            add(&format!("{tree}/2026-01-01-000001_both/{file}"));
        }
        add(&format!("sqlite/2026-01-02-000002_sqlite_only/{file}"));
        add(&format!("postgres/2026-01-03-000003_postgres_only/{file}"));
    }
    add("postgres/2026-01-04-000004_half/up.sql");
    add("sqlite/2026-01-04-000004_half/up.sql");
    add("sqlite/2026-01-04-000004_half/down.sql");
    assert_eq!(
        migration_tree_differences(root.path()),
        [
            "migration 2026-01-03-000003_postgres_only is in postgres/ but missing from sqlite/",
            "migration 2026-01-02-000002_sqlite_only is in sqlite/ but missing from postgres/",
            "postgres/2026-01-04-000004_half/ has no down.sql",
        ]
    );
}
