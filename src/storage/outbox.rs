//! The mail outbox: a row per message, written in the same transaction as the event that
//! causes it, then claimed with a lease and delivered by the background worker.
//!
//! Bodies and unsubscribe links are stored as the mail module gives them (sealed: they hold
//! reset and invitation links) and emptied once the message is delivered or given up, so a
//! finished row keeps only its headers, kind and times for the record.

use super::DbConn;
use super::schema::outbox;
use chrono::NaiveDateTime;
use diesel::prelude::*;

pub struct NewMail<'a> {
    pub kind: &'a str,
    pub account_id: Option<i64>,
    pub recipient: &'a str,
    pub subject: &'a str,
    pub text_body: &'a str,
    pub html_body: &'a str,
    pub unsubscribe_url: Option<&'a str>,
    pub message_id: &'a str,
}

#[derive(Debug, Clone, Queryable)]
pub struct OutboxRow {
    pub id: i64,
    pub kind: String,
    pub recipient: String,
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
    pub unsubscribe_url: Option<String>,
    pub message_id: String,
    pub created_at: NaiveDateTime,
    pub attempts: i32,
}

pub fn insert(conn: &mut DbConn, mail: &NewMail<'_>) -> QueryResult<i64> {
    let now = super::now();
    diesel::insert_into(outbox::table)
        .values((
            outbox::kind.eq(mail.kind),
            outbox::account_id.eq(mail.account_id),
            outbox::recipient.eq(mail.recipient),
            outbox::subject.eq(mail.subject),
            outbox::text_body.eq(mail.text_body),
            outbox::html_body.eq(mail.html_body),
            outbox::unsubscribe_url.eq(mail.unsubscribe_url),
            outbox::message_id.eq(mail.message_id),
            outbox::created_at.eq(now),
            outbox::attempts.eq(0),
            outbox::next_attempt_at.eq(now),
        ))
        .returning(outbox::id)
        .get_result(conn)
}

/// Claims up to `limit` due rows for `worker` until `lease_until`.
///
/// Each claim is a conditional update that succeeds only if no live lease exists, so two
/// servers never hold the same row; on PostgreSQL the candidates are first locked with
/// `FOR UPDATE SKIP LOCKED` so concurrent workers pick different rows instead of colliding.
pub fn claim_due(
    conn: &mut DbConn,
    worker: &str,
    limit: i64,
    lease_until: NaiveDateTime,
) -> QueryResult<Vec<OutboxRow>> {
    let now = super::now();
    super::write_tx(conn, |conn| {
        let due = outbox::table
            .filter(outbox::sent_at.is_null())
            .filter(outbox::failed_at.is_null())
            .filter(outbox::next_attempt_at.le(now))
            .filter(
                outbox::lease_until
                    .is_null()
                    .or(outbox::lease_until.lt(now)),
            )
            .order(outbox::id.asc())
            .limit(limit)
            .select(outbox::id);
        let ids: Vec<i64> = match conn {
            DbConn::Postgresql(c) => due.for_update().skip_locked().load(c)?,
            DbConn::Sqlite(c) => due.load(c)?,
        };
        let mut claimed = Vec::with_capacity(ids.len());
        for id in ids {
            let n = diesel::update(
                outbox::table
                    .filter(outbox::id.eq(id))
                    .filter(outbox::sent_at.is_null())
                    .filter(
                        outbox::lease_until
                            .is_null()
                            .or(outbox::lease_until.lt(now)),
                    ),
            )
            .set((
                outbox::lease_until.eq(lease_until),
                outbox::leased_by.eq(worker),
                outbox::attempts.eq(outbox::attempts + 1),
            ))
            .execute(conn)?;
            if n == 1 {
                claimed.push(id);
            }
        }
        outbox::table
            .filter(outbox::id.eq_any(&claimed))
            .select((
                outbox::id,
                outbox::kind,
                outbox::recipient,
                outbox::subject,
                outbox::text_body,
                outbox::html_body,
                outbox::unsubscribe_url,
                outbox::message_id,
                outbox::created_at,
                outbox::attempts,
            ))
            .order(outbox::id.asc())
            .load(conn)
    })
}

/// Records a delivery and empties the bodies; only the lease holder may.
pub fn mark_sent(conn: &mut DbConn, id: i64, worker: &str) -> QueryResult<bool> {
    let n = diesel::update(
        outbox::table
            .filter(outbox::id.eq(id))
            .filter(outbox::leased_by.eq(worker)),
    )
    .set((
        outbox::sent_at.eq(super::now()),
        outbox::lease_until.eq(None::<NaiveDateTime>),
        outbox::last_error.eq(None::<String>),
        outbox::text_body.eq(""),
        outbox::html_body.eq(""),
        outbox::unsubscribe_url.eq(None::<String>),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Records a failed attempt: retry at `next_attempt_at`, or give up (`give_up`: the bodies
/// are emptied), keeping the error.
pub fn mark_failed(
    conn: &mut DbConn,
    id: i64,
    worker: &str,
    error: &str,
    next_attempt_at: NaiveDateTime,
    give_up: bool,
) -> QueryResult<()> {
    let row = outbox::table
        .filter(outbox::id.eq(id))
        .filter(outbox::leased_by.eq(worker));
    let attempt = (
        outbox::last_error.eq(error),
        outbox::next_attempt_at.eq(next_attempt_at),
        outbox::lease_until.eq(None::<NaiveDateTime>),
    );
    if give_up {
        diesel::update(row)
            .set((
                attempt,
                outbox::failed_at.eq(super::now()),
                outbox::text_body.eq(""),
                outbox::html_body.eq(""),
                outbox::unsubscribe_url.eq(None::<String>),
            ))
            .execute(conn)?;
    } else {
        diesel::update(row).set(attempt).execute(conn)?;
    }
    Ok(())
}

/// Empties the bodies of every delivered or abandoned row; answers how many changed.
pub fn purge_finished(conn: &mut DbConn) -> QueryResult<usize> {
    diesel::update(
        outbox::table
            .filter(
                outbox::sent_at
                    .is_not_null()
                    .or(outbox::failed_at.is_not_null()),
            )
            .filter(
                outbox::text_body
                    .ne("")
                    .or(outbox::html_body.ne(""))
                    .or(outbox::unsubscribe_url.is_not_null()),
            ),
    )
    .set((
        outbox::text_body.eq(""),
        outbox::html_body.eq(""),
        outbox::unsubscribe_url.eq(None::<String>),
    ))
    .execute(conn)
}

/// What a waiting row says, as stored: its Message-ID, bodies and unsubscribe link.
pub struct StoredBodies {
    pub id: i64,
    pub message_id: String,
    pub text_body: String,
    pub html_body: String,
    pub unsubscribe_url: Option<String>,
}

/// The bodies of every row still to deliver.
pub fn waiting_bodies(conn: &mut DbConn) -> QueryResult<Vec<StoredBodies>> {
    let rows: Vec<(i64, String, String, String, Option<String>)> = outbox::table
        .filter(outbox::sent_at.is_null())
        .filter(outbox::failed_at.is_null())
        .select((
            outbox::id,
            outbox::message_id,
            outbox::text_body,
            outbox::html_body,
            outbox::unsubscribe_url,
        ))
        .order(outbox::id.asc())
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(id, message_id, text_body, html_body, unsubscribe_url)| StoredBodies {
                id,
                message_id,
                text_body,
                html_body,
                unsubscribe_url,
            },
        )
        .collect())
}

/// Replaces a row's bodies and unsubscribe link.
pub fn set_bodies(conn: &mut DbConn, bodies: &StoredBodies) -> QueryResult<()> {
    diesel::update(outbox::table.filter(outbox::id.eq(bodies.id)))
        .set((
            outbox::text_body.eq(&bodies.text_body),
            outbox::html_body.eq(&bodies.html_body),
            outbox::unsubscribe_url.eq(&bodies.unsubscribe_url),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Rows for an address (tests and the admin view).
pub fn for_recipient(
    conn: &mut DbConn,
    recipient: &str,
) -> QueryResult<Vec<(String, String, Option<NaiveDateTime>)>> {
    outbox::table
        .filter(outbox::recipient.eq(recipient))
        .select((outbox::kind, outbox::subject, outbox::sent_at))
        .order(outbox::id.asc())
        .load(conn)
}

pub fn pending_count(conn: &mut DbConn) -> QueryResult<i64> {
    outbox::table
        .filter(outbox::sent_at.is_null())
        .filter(outbox::failed_at.is_null())
        .count()
        .get_result(conn)
}

/// The last delivery error of the newest row for an address.
pub fn last_error(conn: &mut DbConn, recipient: &str) -> QueryResult<Option<String>> {
    outbox::table
        .filter(outbox::recipient.eq(recipient))
        .order(outbox::id.desc())
        .select(outbox::last_error)
        .first::<Option<String>>(conn)
        .optional()
        .map(Option::flatten)
}

/// Queues many messages with multi-row inserts (an invitation list), in the caller's transaction.
pub fn insert_many(conn: &mut DbConn, mails: &[NewMail<'_>]) -> QueryResult<()> {
    let now = super::now();
    for chunk in mails.chunks(500) {
        let values: Vec<_> = chunk
            .iter()
            .map(|mail| {
                (
                    outbox::kind.eq(mail.kind),
                    outbox::account_id.eq(mail.account_id),
                    outbox::recipient.eq(mail.recipient),
                    outbox::subject.eq(mail.subject),
                    outbox::text_body.eq(mail.text_body),
                    outbox::html_body.eq(mail.html_body),
                    outbox::unsubscribe_url.eq(mail.unsubscribe_url),
                    outbox::message_id.eq(mail.message_id),
                    outbox::created_at.eq(now),
                    outbox::attempts.eq(0),
                    outbox::next_attempt_at.eq(now),
                )
            })
            .collect();
        crate::insert_batch!(conn, outbox::table, values)?;
    }
    Ok(())
}
