//! In-app notifications (one row per person and event) and each person's settings per co-op
//! (volume, daily digest). It stores; the notifications service decides what lands.

use super::schema::{accounts, coops, notification_settings, notifications};
use super::{DbConn, corrupt};
use crate::domain::notification::{Kind, Volume};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use std::collections::HashMap;

/// Most unread notifications counted for the top bar: past this it says "99+".
pub const COUNT_CAP: i64 = 100;

/// A notification to store.
pub struct NewNotification<'a> {
    pub account_id: i64,
    pub coop_id: i64,
    pub kind: Kind,
    pub actor_id: Option<i64>,
    pub subject: &'a str,
    pub detail: Option<&'a str>,
    pub path: &'a str,
}

/// A stored notification.
#[derive(Debug, Clone)]
pub struct Notification {
    pub id: i64,
    pub account_id: i64,
    pub coop_id: i64,
    pub kind: Kind,
    pub actor_id: Option<i64>,
    pub subject: String,
    pub detail: Option<String>,
    pub path: String,
    pub created_at: NaiveDateTime,
    pub read_at: Option<NaiveDateTime>,
}

type Row = (
    i64,
    i64,
    i64,
    String,
    Option<i64>,
    String,
    Option<String>,
    String,
    NaiveDateTime,
    Option<NaiveDateTime>,
);

const COLUMNS: (
    notifications::id,
    notifications::account_id,
    notifications::coop_id,
    notifications::kind,
    notifications::actor_id,
    notifications::subject,
    notifications::detail,
    notifications::path,
    notifications::created_at,
    notifications::read_at,
) = (
    notifications::id,
    notifications::account_id,
    notifications::coop_id,
    notifications::kind,
    notifications::actor_id,
    notifications::subject,
    notifications::detail,
    notifications::path,
    notifications::created_at,
    notifications::read_at,
);

fn from_row(r: Row) -> QueryResult<Notification> {
    let kind = Kind::parse(&r.3)
        .ok_or_else(|| corrupt("notifications", r.0, format!("kind '{}'", r.3)))?;
    Ok(Notification {
        id: r.0,
        account_id: r.1,
        coop_id: r.2,
        kind,
        actor_id: r.4,
        subject: r.5,
        detail: r.6,
        path: r.7,
        created_at: r.8,
        read_at: r.9,
    })
}

/// Stores notifications (batched), all stamped `now`.
pub fn insert_many(
    conn: &mut DbConn,
    rows: &[NewNotification<'_>],
    now: NaiveDateTime,
) -> QueryResult<()> {
    for chunk in rows.chunks(500) {
        let values: Vec<_> = chunk
            .iter()
            .map(|n| {
                (
                    notifications::account_id.eq(n.account_id),
                    notifications::coop_id.eq(n.coop_id),
                    notifications::kind.eq(n.kind.key()),
                    notifications::actor_id.eq(n.actor_id),
                    notifications::subject.eq(n.subject),
                    notifications::detail.eq(n.detail),
                    notifications::path.eq(n.path),
                    notifications::created_at.eq(now),
                )
            })
            .collect();
        crate::insert_batch!(conn, notifications::table, values)?;
    }
    Ok(())
}

/// Unread notifications of `account`, counted up to [`COUNT_CAP`]: one query on the partial
/// index `notifications_unread`.
pub fn unread_count(conn: &mut DbConn, account: i64) -> QueryResult<i64> {
    let ids: Vec<i64> = notifications::table
        .filter(notifications::account_id.eq(account))
        .filter(notifications::read_at.is_null())
        .select(notifications::id)
        .limit(COUNT_CAP)
        .load(conn)?;
    Ok(ids.len() as i64)
}

/// A page of `account`'s notifications, newest first, older than `before` (keyset on id).
pub fn page(
    conn: &mut DbConn,
    account: i64,
    before: Option<i64>,
    limit: i64,
) -> QueryResult<Vec<Notification>> {
    let mut q = notifications::table
        .filter(notifications::account_id.eq(account))
        .select(COLUMNS)
        .order(notifications::id.desc())
        .limit(limit)
        .into_boxed();
    if let Some(b) = before {
        q = q.filter(notifications::id.lt(b));
    }
    q.load::<Row>(conn)?.into_iter().map(from_row).collect()
}

/// `account`'s notification `id` (none when it is another person's).
pub fn of_account(conn: &mut DbConn, account: i64, id: i64) -> QueryResult<Option<Notification>> {
    notifications::table
        .filter(notifications::id.eq(id))
        .filter(notifications::account_id.eq(account))
        .select(COLUMNS)
        .first::<Row>(conn)
        .optional()?
        .map(from_row)
        .transpose()
}

/// Marks one notification read (if unread).
pub fn mark_read(conn: &mut DbConn, account: i64, id: i64, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(
        notifications::table
            .filter(notifications::id.eq(id))
            .filter(notifications::account_id.eq(account))
            .filter(notifications::read_at.is_null()),
    )
    .set(notifications::read_at.eq(now))
    .execute(conn)?;
    Ok(())
}

/// Marks every unread notification of `account` read; returns how many.
pub fn mark_all_read(conn: &mut DbConn, account: i64, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        notifications::table
            .filter(notifications::account_id.eq(account))
            .filter(notifications::read_at.is_null()),
    )
    .set(notifications::read_at.eq(now))
    .execute(conn)
}

/// `account`'s notifications in co-op `coop` created in `[from, to)`, oldest first.
pub fn between(
    conn: &mut DbConn,
    account: i64,
    coop: i64,
    (from, to): (NaiveDateTime, NaiveDateTime),
) -> QueryResult<Vec<Notification>> {
    notifications::table
        .filter(notifications::account_id.eq(account))
        .filter(notifications::coop_id.eq(coop))
        .filter(notifications::created_at.ge(from))
        .filter(notifications::created_at.lt(to))
        .order(notifications::id.asc())
        .select(COLUMNS)
        .load::<Row>(conn)?
        .into_iter()
        .map(from_row)
        .collect()
}

/// Display names of these accounts.
pub fn names(conn: &mut DbConn, ids: &[i64]) -> QueryResult<HashMap<i64, String>> {
    let rows: Vec<(i64, String)> = accounts::table
        .filter(accounts::id.eq_any(ids))
        .select((accounts::id, accounts::display_name))
        .load(conn)?;
    Ok(rows.into_iter().collect())
}

/// Names and slugs of these co-ops.
pub fn coop_names(conn: &mut DbConn, ids: &[i64]) -> QueryResult<HashMap<i64, (String, String)>> {
    let rows: Vec<(i64, String, String)> = coops::table
        .filter(coops::id.eq_any(ids))
        .select((coops::id, coops::name, coops::slug))
        .load(conn)?;
    Ok(rows.into_iter().map(|(i, n, s)| (i, (n, s))).collect())
}

// ---- settings: a missing row means "all, no digest".

/// A person's settings for one co-op.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Setting {
    pub volume: Volume,
    pub digest: bool,
}

fn volume_of(account: i64, v: &str) -> QueryResult<Volume> {
    Volume::parse(v)
        .ok_or_else(|| corrupt("notification_settings", account, format!("volume '{v}'")))
}

/// The volume of each of these accounts in co-op `coop` (absent: all).
pub fn volumes(
    conn: &mut DbConn,
    coop: i64,
    accounts: &[i64],
) -> QueryResult<HashMap<i64, Volume>> {
    let mut out = HashMap::new();
    for chunk in accounts.chunks(500) {
        let rows: Vec<(i64, String)> = notification_settings::table
            .filter(notification_settings::coop_id.eq(coop))
            .filter(notification_settings::account_id.eq_any(chunk))
            .select((
                notification_settings::account_id,
                notification_settings::volume,
            ))
            .load(conn)?;
        for (a, v) in rows {
            out.insert(a, volume_of(a, &v)?);
        }
    }
    Ok(out)
}

/// `account`'s settings per co-op (only the co-ops with a row).
pub fn settings_of(conn: &mut DbConn, account: i64) -> QueryResult<HashMap<i64, Setting>> {
    let rows: Vec<(i64, String, bool)> = notification_settings::table
        .filter(notification_settings::account_id.eq(account))
        .select((
            notification_settings::coop_id,
            notification_settings::volume,
            notification_settings::digest,
        ))
        .load(conn)?;
    rows.into_iter()
        .map(|(c, v, digest)| {
            Ok((
                c,
                Setting {
                    volume: volume_of(account, &v)?,
                    digest,
                },
            ))
        })
        .collect()
}

/// Sets `account`'s settings for co-op `coop`.
pub fn set(conn: &mut DbConn, account: i64, coop: i64, s: Setting) -> QueryResult<()> {
    let key = notification_settings::table
        .filter(notification_settings::account_id.eq(account))
        .filter(notification_settings::coop_id.eq(coop));
    let changed = diesel::update(key)
        .set((
            notification_settings::volume.eq(s.volume.key()),
            notification_settings::digest.eq(s.digest),
        ))
        .execute(conn)?;
    if changed == 0 {
        diesel::insert_into(notification_settings::table)
            .values((
                notification_settings::account_id.eq(account),
                notification_settings::coop_id.eq(coop),
                notification_settings::volume.eq(s.volume.key()),
                notification_settings::digest.eq(s.digest),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// (account, co-op, last day sent) for every digest that is on: the caller works out each
/// co-op's day and claims it with [`claim_digest`].
pub fn digest_subscribers(conn: &mut DbConn) -> QueryResult<Vec<(i64, i64, Option<String>)>> {
    notification_settings::table
        .filter(notification_settings::digest.eq(true))
        .select((
            notification_settings::account_id,
            notification_settings::coop_id,
            notification_settings::digest_sent_on,
        ))
        .load(conn)
}

/// Claims the digest of `day` for (account, co-op): true for exactly one caller, once.
pub fn claim_digest(conn: &mut DbConn, account: i64, coop: i64, day: &str) -> QueryResult<bool> {
    let n = diesel::update(
        notification_settings::table
            .filter(notification_settings::account_id.eq(account))
            .filter(notification_settings::coop_id.eq(coop))
            .filter(notification_settings::digest.eq(true))
            .filter(
                notification_settings::digest_sent_on
                    .is_null()
                    .or(notification_settings::digest_sent_on.lt(day)),
            ),
    )
    .set(notification_settings::digest_sent_on.eq(day))
    .execute(conn)?;
    Ok(n == 1)
}
