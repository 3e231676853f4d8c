//! Prepares a database for the consultation load runs (`tests/load/consultations.sh`): a
//! verified government organization, a published consultation with an open public round,
//! `--users` verified accounts with access tokens signed with `AGORA_JWT_SECRET`, and
//! `--comments` comments generated inside the database (a recursive query, so a million rows
//! take seconds, not hours). `--explain` prints the plan of the first page of the listing.
//!
//! Usage: `load_seed --database-url URL --out DIR [--users N] [--comments N] [--explain]`.
//! Writes `DIR/seed.json` (IDs) and `DIR/tokens.txt` (one token per line); a second run adds
//! comments to the consultation the first one created.

use std::path::PathBuf;

use agora::auth::access_token::AccessTokens;
use agora::config::DatabaseTarget;
use agora::consultations::model::{
    CommentRound, ConsultationId, ConsultationInsertForm, ConsultationTranslation, RoundId, Section, SectionId,
    SectionTranslation, SectionVersion, SectionVersionId,
};
use agora::consultations::store;
use agora::db::schema::{comments, users};
use agora::db::{Db, DbConnection, time};
use agora::graphql::node::GlobalId;
use agora::identity::model::{UserId, UserInsertForm};
use agora::organizations::model::{MembershipId, MembershipInsertForm, OrganizationId, OrganizationInsertForm};
use agora::organizations::store as organizations;
use anyhow::{Context, bail};
use chrono::TimeDelta;
use diesel::prelude::*;
use serde_json::json;

const SLUG: &str = "load-test-consultation";
/// Generated comments are spread over this many participants (`--users` must be at least this).
const AUTHORS: usize = 64;

struct Args {
    database_url: String,
    out: PathBuf,
    users: usize,
    comments: u64,
    explain: bool,
}

fn parse_args() -> anyhow::Result<Args> {
    let mut args =
        Args { database_url: String::new(), out: PathBuf::from("."), users: 64, comments: 0, explain: false };
    let mut raw = std::env::args().skip(1);
    while let Some(flag) = raw.next() {
        let mut value = || raw.next().with_context(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--database-url" => args.database_url = value()?,
            "--out" => args.out = PathBuf::from(value()?),
            "--users" => args.users = value()?.parse()?,
            "--comments" => args.comments = value()?.parse()?,
            "--explain" => args.explain = true,
            other => bail!("unknown argument {other}"),
        }
    }
    if args.database_url.is_empty() {
        bail!("--database-url is required");
    }
    if args.users < AUTHORS {
        bail!("--users must be at least {AUTHORS}");
    }
    Ok(args)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = parse_args()?;
    let target = DatabaseTarget::parse(&args.database_url).map_err(anyhow::Error::msg)?;
    let db = Db::connect(&target, 2)?;
    db.migrate().await?;
    let secret = std::env::var("AGORA_JWT_SECRET").context("AGORA_JWT_SECRET must be set (the server's secret)")?;
    let tokens = AccessTokens::new(&secrecy::SecretString::from(secret));
    let users_wanted = args.users;
    let (world, user_ids) = db.run_task(move |connection| prepare(connection, users_wanted)).await?;
    if args.comments > 0 {
        let started = std::time::Instant::now();
        let (round, section) = (world.round.clone(), world.section.clone());
        let (consultation, count) = (world.consultation.clone(), args.comments);
        let total = db
            .run_task(move |connection| generate_comments(connection, &consultation, &round, &section, count))
            .await?;
        eprintln!(
            "generated {count} comments in {:.1} s ({total} in the consultation)",
            started.elapsed().as_secs_f64()
        );
    }
    std::fs::create_dir_all(&args.out)?;
    let now = chrono::Utc::now();
    let mut lines = String::new();
    for user in &user_ids {
        // Fresh accounts: their credentials are of the first generation.
        lines.push_str(&tokens.issue(user, 0, now).map_err(|error| anyhow::anyhow!("{error:?}"))?.0);
        lines.push('\n');
    }
    std::fs::write(args.out.join("tokens.txt"), lines)?;
    let seed = json!({
        "consultationId": GlobalId::new("Consultation", world.consultation.as_str()).encode().0,
        "roundId": GlobalId::new("CommentRound", world.round.as_str()).encode().0,
        "sectionId": GlobalId::new("Section", world.section.as_str()).encode().0,
        "slug": SLUG,
    });
    std::fs::write(args.out.join("seed.json"), serde_json::to_string_pretty(&seed)?)?;
    if args.explain {
        let consultation = world.consultation.clone();
        let plan = db.run_task(move |connection| explain(connection, &consultation)).await?;
        std::io::Write::write_all(&mut std::io::stdout(), format!("{plan}\n").as_bytes())?;
    }
    Ok(())
}

/// What the load runs act on.
struct World {
    consultation: ConsultationId,
    round: RoundId,
    section: SectionId,
}

/// Creates the organization, consultation, round and users once; later runs reuse them.
fn prepare(connection: &mut DbConnection, users_wanted: usize) -> anyhow::Result<(World, Vec<UserId>)> {
    let now = time::now();
    let world = match store::find_consultation_by_slug(connection, SLUG)? {
        Some(consultation) => {
            let round = store::rounds_of(connection, &consultation.id)?.into_iter().next().context("no round")?;
            let section = store::sections_of(connection, &consultation.id)?.into_iter().next().context("no section")?;
            World { consultation: consultation.id, round: round.id, section: section.id }
        }
        None => create_world(connection, now)?,
    };
    let existing: Vec<UserId> = users::table
        .filter(users::email.like("load-%@example.org"))
        .order(users::id)
        .select(users::id)
        .load(connection)?;
    let mut ids = existing;
    let countries = ["KE", "IN", "BR", "DE", "NG", "ID", "FR", "BD", "MX", "US"];
    for index in ids.len()..users_wanted {
        let id = UserId::generate();
        let email = format!("load-{index}@example.org");
        let name = format!("Participant {index}");
        agora::identity::store::insert_user(
            connection,
            &UserInsertForm {
                id: &id,
                email: &email,
                email_normalized: &email,
                display_name: &name,
                password_hash: "",
                locale: "en",
                country_code: Some(countries[index % countries.len()]),
                email_verified_at: Some(now),
                created_at: now,
                updated_at: now,
            },
        )?;
        ids.push(id);
    }
    ids.truncate(users_wanted);
    Ok((world, ids))
}

fn create_world(connection: &mut DbConnection, now: chrono::NaiveDateTime) -> anyhow::Result<World> {
    let official = UserId::generate();
    agora::identity::store::insert_user(
        connection,
        &UserInsertForm {
            id: &official,
            email: "official@example.org",
            email_normalized: "official@example.org",
            display_name: "Load-test official",
            password_hash: "",
            locale: "en",
            country_code: Some("KE"),
            email_verified_at: Some(now),
            created_at: now,
            updated_at: now,
        },
    )?;
    let organization = OrganizationId::generate();
    organizations::insert_organization(
        connection,
        &OrganizationInsertForm {
            id: &organization,
            name: "Ministry of ICT",
            kind: "GOVERNMENT",
            country_code: Some("KE"),
            website: None,
            created_by: Some(&official),
            created_at: now,
            updated_at: now,
        },
    )?;
    organizations::set_verification(connection, &organization, Some(&official), None, now)?;
    organizations::insert_membership(
        connection,
        &MembershipInsertForm {
            id: &MembershipId::generate(),
            organization_id: &organization,
            user_id: Some(&official),
            invited_email: None,
            invitation_token_hash: None,
            invitation_expires_at: None,
            role: "OFFICIAL",
            status: "ACTIVE",
            invited_by: None,
            created_at: now,
            accepted_at: Some(now),
        },
    )?;
    let consultation = ConsultationId::generate();
    store::insert_consultation(
        connection,
        &ConsultationInsertForm {
            id: &consultation,
            organization_id: &organization,
            slug: SLUG,
            country_code: Some("KE"),
            topics: "[\"AI governance\"]",
            original_locale: "en",
            status: "PUBLISHED",
            created_by: Some(&official),
            created_at: now,
            updated_at: now,
        },
    )?;
    store::put_consultation_translations(
        connection,
        &consultation,
        &[ConsultationTranslation {
            consultation_id: consultation.clone(),
            locale: "en".into(),
            title: "Draft AI Act (load test)".into(),
            summary: "A consultation for load runs".into(),
            body: "Full text.".into(),
        }],
    )?;
    let section = Section {
        id: SectionId::generate(),
        consultation_id: consultation.clone(),
        position: 1,
        current_version: 1,
        created_at: now,
        updated_at: now,
    };
    store::insert_section(connection, &section)?;
    let version = SectionVersion {
        id: SectionVersionId::generate(),
        section_id: section.id.clone(),
        version: 1,
        created_by: Some(official.clone()),
        created_at: now,
    };
    store::insert_section_version(connection, &version)?;
    store::put_section_translations(
        connection,
        &version.id,
        &[SectionTranslation {
            section_version_id: version.id.clone(),
            locale: "en".into(),
            heading: "Scope".into(),
            body: "This act applies to AI systems placed on the market.".into(),
        }],
    )?;
    let round = CommentRound {
        id: RoundId::generate(),
        consultation_id: consultation.clone(),
        title: "First reading".into(),
        opens_at: now - TimeDelta::days(1),
        closes_at: now + TimeDelta::days(30),
        closed_at: None,
        extension_reason: None,
        audience: "PUBLIC".into(),
        allowed_organization_kinds: "[]".into(),
        created_by: Some(official),
        created_at: now,
        updated_at: now,
    };
    store::insert_round(connection, &round)?;
    Ok(World { consultation, round: round.id, section: section.id })
}

/// Inserts `count` comments by the seeded participants, generated by the database itself.
/// Their IDs sort before any real comment's, as comments from before the load run would.
fn generate_comments(
    connection: &mut DbConnection,
    consultation: &ConsultationId,
    round: &RoundId,
    section: &SectionId,
    count: u64,
) -> anyhow::Result<i64> {
    let start: i64 = comments::table.filter(comments::tracking_number.like("SEED-%")).count().get_result(connection)?;
    let (padded, sequence) = match connection {
        DbConnection::Sqlite(_) => (
            "substr('000000000000' || n, -12, 12)",
            "WITH RECURSIVE seq(n) AS (SELECT ? UNION ALL SELECT n + 1 FROM seq WHERE n < ?)",
        ),
        DbConnection::Postgresql(_) => {
            ("lpad(n::text, 12, '0')", "WITH seq(n) AS (SELECT generate_series($1::bigint, $2::bigint))")
        }
    };
    let authors = "authors(id, k) AS (SELECT id, ROW_NUMBER() OVER (ORDER BY id) - 1 FROM users \
                   WHERE email LIKE 'load-%@example.org')";
    let sql = format!(
        "INSERT INTO comments (id, tracking_number, consultation_id, round_id, section_id, section_version_id, parent_id,
            depth, author_id, organization_id, stakeholder_kind, author_country, income_group, region, language, stance,
            confidential, status, body, version, endorsement_count, flag_count, review_requested_at, moderation_reason,
            created_at, edited_at, withdrawn_at)
         {sequence}, {authors}
         SELECT '00000000-0000-7000-8000-' || {padded}, 'SEED-' || {padded}, '{consultation}', '{round}',
            CASE WHEN n % 2 = 0 THEN '{section}' ELSE NULL END, NULL, NULL, 0, authors.id, NULL, 'INDIVIDUAL',
            CASE n % 4 WHEN 0 THEN 'KE' WHEN 1 THEN 'IN' WHEN 2 THEN 'BR' ELSE 'DE' END,
            CASE n % 4 WHEN 0 THEN 'LOWER_MIDDLE' WHEN 1 THEN 'LOWER_MIDDLE' WHEN 2 THEN 'UPPER_MIDDLE' ELSE 'HIGH' END,
            CASE n % 4 WHEN 0 THEN 'AFRICA' WHEN 1 THEN 'ASIA' WHEN 2 THEN 'AMERICAS' ELSE 'EUROPE' END,
            CASE n % 3 WHEN 0 THEN 'en' WHEN 1 THEN 'fr' ELSE 'es' END,
            CASE n % 3 WHEN 0 THEN 'SUPPORT' WHEN 1 THEN 'OPPOSE' ELSE 'NEUTRAL' END,
            FALSE, 'PUBLISHED', 'Seeded comment number ' || n || ': the definitions in section 1 are too broad.',
            1, n % 7, 0, NULL, NULL, '{created_at}', NULL, NULL
         FROM seq JOIN authors ON authors.k = n % {AUTHORS}",
        created_at = (time::now() - TimeDelta::days(1)).format("%Y-%m-%d %H:%M:%S"),
    );
    let first = start + 1;
    let last = start + count as i64;
    let query =
        diesel::sql_query(sql).bind::<diesel::sql_types::BigInt, _>(first).bind::<diesel::sql_types::BigInt, _>(last);
    agora::db::write_transaction(connection, |connection| query.execute(connection))?;
    Ok(comments::table.filter(comments::consultation_id.eq(consultation)).count().get_result(connection)?)
}

#[derive(QueryableByName)]
struct SqlitePlan {
    #[diesel(sql_type = diesel::sql_types::Text)]
    detail: String,
}

#[derive(QueryableByName)]
struct PostgresPlan {
    #[diesel(sql_type = diesel::sql_types::Text, column_name = "QUERY PLAN")]
    plan: String,
}

/// The plan of the first page of the listing (50 newest published comments of the consultation),
/// with the query a `Consultation.comments(first: 50)` runs.
fn explain(connection: &mut DbConnection, consultation: &ConsultationId) -> anyhow::Result<String> {
    let listing = format!(
        "SELECT id, author_id, body FROM comments WHERE consultation_id = '{consultation}' AND status = 'PUBLISHED' \
         ORDER BY id DESC LIMIT 51"
    );
    let lines: Vec<String> = match connection {
        DbConnection::Sqlite(_) => diesel::sql_query(format!("EXPLAIN QUERY PLAN {listing}"))
            .load::<SqlitePlan>(connection)?
            .into_iter()
            .map(|row| row.detail)
            .collect(),
        DbConnection::Postgresql(_) => diesel::sql_query(format!("EXPLAIN (ANALYZE, BUFFERS) {listing}"))
            .load::<PostgresPlan>(connection)?
            .into_iter()
            .map(|row| row.plan)
            .collect(),
    };
    Ok(format!("{listing}\n{}", lines.join("\n")))
}
