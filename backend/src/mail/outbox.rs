//! The outbox table: queries that write, claim and settle messages.
//!
//! A message is inserted in the same transaction as the change that causes it, so it exists
//! exactly when the change does. Workers claim due messages by pushing `next_attempt_at`
//! forward by a lease: on PostgreSQL under `FOR UPDATE SKIP LOCKED`, so several instances
//! never claim the same message; on SQLite inside an immediate transaction.
//!
//! A message given up after its last attempt is `failed`, keeping its last error; its
//! `next_attempt_at` then says when it was given up. A platform admin can put it back in the
//! queue ([`requeue_failed`]).

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::page::{Page, PageRequest};
use crate::db::schema::mail_outbox;
use crate::db::{DbConnection, ids, time, write_transaction};

/// Delivery states stored in `mail_outbox.status`.
pub mod status {
    pub const PENDING: &str = "pending";
    pub const SENT: &str = "sent";
    pub const FAILED: &str = "failed";
}

/// A stored message.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = mail_outbox)]
pub struct OutboxMessage {
    pub id: String,
    pub message_id: String,
    pub template: String,
    pub recipient_address: String,
    pub recipient_name: Option<String>,
    pub locale: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    pub status: String,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub next_attempt_at: NaiveDateTime,
    pub created_at: NaiveDateTime,
    pub sent_at: Option<NaiveDateTime>,
    /// The one-click unsubscribe URL (`List-Unsubscribe`), for messages that have one.
    pub list_unsubscribe: Option<String>,
}

/// A rendered message ready to be stored.
#[derive(Debug, Clone)]
pub struct NewMessage {
    pub template: String,
    pub recipient_address: String,
    pub recipient_name: Option<String>,
    pub locale: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    /// The one-click unsubscribe URL (`List-Unsubscribe`), for messages that have one.
    pub list_unsubscribe: Option<String>,
}

#[derive(Insertable)]
#[diesel(table_name = mail_outbox)]
struct OutboxInsert<'a> {
    id: &'a str,
    message_id: &'a str,
    template: &'a str,
    recipient_address: &'a str,
    recipient_name: Option<&'a str>,
    locale: &'a str,
    subject: &'a str,
    body_text: &'a str,
    body_html: &'a str,
    status: &'a str,
    attempts: i32,
    next_attempt_at: NaiveDateTime,
    created_at: NaiveDateTime,
    list_unsubscribe: Option<&'a str>,
}

/// Stores a message for delivery; `message_domain` completes its stable Message-ID.
/// Returns the outbox ID.
pub fn insert(connection: &mut DbConnection, message: &NewMessage, message_domain: &str) -> QueryResult<String> {
    let mut ids = insert_all(connection, &[message], message_domain)?;
    Ok(ids.pop().unwrap_or_default())
}

/// Stores messages for delivery in one statement; returns their outbox IDs, in order.
pub fn insert_all(
    connection: &mut DbConnection,
    messages: &[&NewMessage],
    message_domain: &str,
) -> QueryResult<Vec<String>> {
    if messages.is_empty() {
        return Ok(Vec::new());
    }
    let now = time::now();
    let ids: Vec<(String, String)> = messages
        .iter()
        .map(|_| {
            let id = ids::new_id();
            let message_id = format!("<{id}@{message_domain}>");
            (id, message_id)
        })
        .collect();
    let rows: Vec<OutboxInsert<'_>> = messages
        .iter()
        .zip(&ids)
        .map(|(message, (id, message_id))| OutboxInsert {
            id,
            message_id,
            template: &message.template,
            recipient_address: &message.recipient_address,
            recipient_name: message.recipient_name.as_deref(),
            locale: &message.locale,
            subject: &message.subject,
            body_text: &message.body_text,
            body_html: &message.body_html,
            status: status::PENDING,
            attempts: 0,
            next_attempt_at: now,
            created_at: now,
            list_unsubscribe: message.list_unsubscribe.as_deref(),
        })
        .collect();
    let insert = diesel::insert_into(mail_outbox::table).values(&rows);
    match connection {
        DbConnection::Postgresql(pg) => insert.execute(pg)?,
        DbConnection::Sqlite(sqlite) => insert.execute(sqlite)?,
    };
    Ok(ids.into_iter().map(|(id, _)| id).collect())
}

/// Claims up to `limit` due messages for this worker until `lease_until`.
pub fn claim_due(
    connection: &mut DbConnection,
    now: NaiveDateTime,
    lease_until: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<OutboxMessage>> {
    write_transaction(connection, |connection| {
        let due = || {
            mail_outbox::table
                .filter(mail_outbox::status.eq(status::PENDING))
                .filter(mail_outbox::next_attempt_at.le(now))
                .order(mail_outbox::next_attempt_at.asc())
                .limit(limit)
        };
        let claimed: Vec<OutboxMessage> = match connection {
            DbConnection::Postgresql(pg) => {
                due().select(OutboxMessage::as_select()).for_update().skip_locked().load(pg)?
            }
            DbConnection::Sqlite(sqlite) => due().select(OutboxMessage::as_select()).load(sqlite)?,
        };
        if !claimed.is_empty() {
            let ids: Vec<&str> = claimed.iter().map(|message| message.id.as_str()).collect();
            diesel::update(mail_outbox::table.filter(mail_outbox::id.eq_any(ids)))
                .set(mail_outbox::next_attempt_at.eq(lease_until))
                .execute(connection)?;
        }
        Ok(claimed)
    })
}

/// Records successful deliveries, `(id, attempts)` each, in one transaction: one statement per
/// distinct attempt count (almost always one).
pub fn mark_sent(connection: &mut DbConnection, delivered: &[(String, i32)], at: NaiveDateTime) -> QueryResult<()> {
    let mut by_attempts: BTreeMap<i32, Vec<&str>> = BTreeMap::new();
    for (id, attempts) in delivered {
        by_attempts.entry(*attempts).or_default().push(id);
    }
    write_transaction(connection, |connection| {
        for (attempts, ids) in &by_attempts {
            diesel::update(mail_outbox::table.filter(mail_outbox::id.eq_any(ids)))
                .set((
                    mail_outbox::status.eq(status::SENT),
                    mail_outbox::attempts.eq(attempts),
                    mail_outbox::sent_at.eq(Some(at)),
                    mail_outbox::last_error.eq(None::<String>),
                ))
                .execute(connection)?;
        }
        Ok(())
    })
}

/// Records a failed attempt: retried at `retry_at`, or given up (`None`) keeping the error.
pub fn mark_failed_attempt(
    connection: &mut DbConnection,
    id: &str,
    attempts: i32,
    error: &str,
    retry_at: Option<NaiveDateTime>,
) -> QueryResult<()> {
    let target = mail_outbox::table.find(id);
    write_transaction(connection, |connection| {
        match retry_at {
            Some(at) => diesel::update(target)
                .set((
                    mail_outbox::attempts.eq(attempts),
                    mail_outbox::last_error.eq(Some(error)),
                    mail_outbox::next_attempt_at.eq(at),
                ))
                .execute(connection)?,
            None => diesel::update(target)
                .set((
                    mail_outbox::status.eq(status::FAILED),
                    mail_outbox::attempts.eq(attempts),
                    mail_outbox::last_error.eq(Some(error)),
                    mail_outbox::next_attempt_at.eq(time::now()),
                ))
                .execute(connection)?,
        };
        Ok(())
    })
}

/// How many messages wait for delivery (the `agora_mail_outbox_depth` gauge).
pub fn pending_count(connection: &mut DbConnection) -> QueryResult<i64> {
    mail_outbox::table.filter(mail_outbox::status.eq(status::PENDING)).count().get_result(connection)
}

/// How many messages were given up (the `agora_mail_failed` gauge); like [`pending_count`], the
/// `(status, next_attempt_at)` index answers it.
pub fn failed_count(connection: &mut DbConnection) -> QueryResult<i64> {
    mail_outbox::table.filter(mail_outbox::status.eq(status::FAILED)).count().get_result(connection)
}

/// Puts failed messages back in the queue, due at `now`, with their attempts counted afresh;
/// the last error stays for the record until a delivery succeeds. `ids: None` means every failed
/// message; messages that are not failed are left alone. Returns how many were requeued.
pub fn requeue_failed(connection: &mut DbConnection, ids: Option<&[String]>, now: NaiveDateTime) -> QueryResult<usize> {
    let failed = mail_outbox::status.eq(status::FAILED);
    let requeued =
        (mail_outbox::status.eq(status::PENDING), mail_outbox::attempts.eq(0), mail_outbox::next_attempt_at.eq(now));
    match ids {
        Some(ids) => diesel::update(mail_outbox::table.filter(failed).filter(mail_outbox::id.eq_any(ids)))
            .set(requeued)
            .execute(connection),
        None => diesel::update(mail_outbox::table.filter(failed)).set(requeued).execute(connection),
    }
}

/// Failed messages, oldest first (IDs grow with time), after the one with ID `after` if any.
pub fn failed_page(
    connection: &mut DbConnection,
    page: &PageRequest,
    after: Option<&str>,
) -> QueryResult<Page<OutboxMessage>> {
    let failed = || mail_outbox::table.filter(mail_outbox::status.eq(status::FAILED)).into_boxed();
    let total_count = page.total(|| failed().count().get_result(connection))?;
    let mut query = failed();
    if let Some(after) = after {
        query = query.filter(mail_outbox::id.gt(after.to_owned()));
    }
    let rows = query
        .order(mail_outbox::id.asc())
        .limit(page.fetch_limit())
        .select(OutboxMessage::as_select())
        .load(connection)?;
    Ok(Page::from_rows(rows, page, total_count))
}

/// Loads one message (operators and tests inspect delivery state).
pub fn find(connection: &mut DbConnection, id: &str) -> QueryResult<Option<OutboxMessage>> {
    mail_outbox::table.find(id).select(OutboxMessage::as_select()).get_result(connection).optional()
}
