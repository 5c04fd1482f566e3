//! What each person has read: per thread, the newest comment id they have seen. Unread is
//! what came after it (live comments only); a thread never opened is new as a whole.

use super::DbConn;
use super::schema::{comments, thread_reads, threads};
use diesel::prelude::*;
use std::collections::HashMap;

/// The newest comment `account` has seen in each of these threads (absent: never opened).
pub fn seen_in(
    conn: &mut DbConn,
    account: i64,
    thread_ids: &[i64],
) -> QueryResult<HashMap<i64, i64>> {
    let rows: Vec<(i64, i64)> = thread_reads::table
        .filter(thread_reads::account_id.eq(account))
        .filter(thread_reads::thread_id.eq_any(thread_ids))
        .select((thread_reads::thread_id, thread_reads::seen_comment_id))
        .load(conn)?;
    Ok(rows.into_iter().collect())
}

/// Live comments of a thread after comment `after`, by others than `account`: how many, and
/// the first of them.
pub fn after(
    conn: &mut DbConn,
    account: i64,
    thread: i64,
    after: i64,
) -> QueryResult<(i64, Option<i64>)> {
    let base = || {
        comments::table
            .filter(comments::thread_id.eq(thread))
            .filter(comments::id.gt(after))
            .filter(comments::deleted_at.is_null())
            .filter(comments::author_id.ne(account))
    };
    let n: i64 = base().count().get_result(conn)?;
    let first: Option<i64> = base()
        .select(comments::id)
        .order(comments::id.asc())
        .first(conn)
        .optional()?;
    Ok((n, first))
}

/// Records that `account` has seen thread `thread` up to comment `upto` (never moves back).
pub fn mark(conn: &mut DbConn, account: i64, thread: i64, upto: i64) -> QueryResult<()> {
    let key = thread_reads::table
        .filter(thread_reads::account_id.eq(account))
        .filter(thread_reads::thread_id.eq(thread));
    let seen: Option<i64> = key
        .select(thread_reads::seen_comment_id)
        .first(conn)
        .optional()?;
    match seen {
        Some(s) if s >= upto => {}
        Some(_) => {
            diesel::update(key)
                .set(thread_reads::seen_comment_id.eq(upto))
                .execute(conn)?;
        }
        None => {
            diesel::insert_into(thread_reads::table)
                .values((
                    thread_reads::account_id.eq(account),
                    thread_reads::thread_id.eq(thread),
                    thread_reads::seen_comment_id.eq(upto),
                ))
                .execute(conn)?;
        }
    }
    Ok(())
}

/// Marks every thread of a co-op read up to its newest comment; returns how many threads.
pub fn mark_coop(conn: &mut DbConn, account: i64, coop: i64) -> QueryResult<usize> {
    let ids: Vec<i64> = threads::table
        .filter(threads::coop_id.eq(coop))
        .select(threads::id)
        .load(conn)?;
    let newest: Vec<(i64, Option<i64>)> = comments::table
        .filter(comments::thread_id.eq_any(&ids))
        .group_by(comments::thread_id)
        .select((comments::thread_id, diesel::dsl::max(comments::id)))
        .load(conn)?;
    let newest: HashMap<i64, i64> = newest
        .into_iter()
        .map(|(t, m)| (t, m.unwrap_or(0)))
        .collect();
    for id in &ids {
        mark(conn, account, *id, newest.get(id).copied().unwrap_or(0))?;
    }
    Ok(ids.len())
}

#[derive(QueryableByName)]
struct CoopCount {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    coop_id: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// How many live threads of each co-op hold something `account` has not read: never opened,
/// or a live comment by someone else after the newest one they saw. One grouped query; the
/// inner test walks the (thread, id) index from the seen comment on.
pub fn unread_threads_by_coop(
    conn: &mut DbConn,
    account: i64,
    coop_ids: &[i64],
) -> QueryResult<HashMap<i64, i64>> {
    let rows: Vec<CoopCount> = load_unread(conn, account, coop_ids, |from| {
        format!("SELECT t.coop_id AS coop_id, COUNT(*) AS n {from} GROUP BY t.coop_id")
    })?;
    Ok(rows.into_iter().map(|r| (r.coop_id, r.n)).collect())
}

#[derive(QueryableByName)]
struct ThreadId {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    id: i64,
}

/// The threads of these co-ops holding something unread for `account`, latest activity
/// first, `limit` of them.
pub fn unread_threads(
    conn: &mut DbConn,
    account: i64,
    coop_ids: &[i64],
    limit: i64,
) -> QueryResult<Vec<i64>> {
    let rows: Vec<ThreadId> = load_unread(conn, account, coop_ids, |from| {
        format!(
            "SELECT t.id AS id {from} ORDER BY t.last_activity_at DESC, t.id DESC LIMIT {limit}"
        )
    })?;
    Ok(rows.into_iter().map(|r| r.id).collect())
}

/// Runs `select(from)`, where `from` is the FROM and WHERE clauses keeping the live threads of
/// these co-ops that hold something unread for `account` (see [`unread_threads_by_coop`]).
/// The co-op ids are integers from our own rows, listed inline; the account is bound, with
/// each engine's placeholder.
fn load_unread<R>(
    conn: &mut DbConn,
    account: i64,
    coop_ids: &[i64],
    select: impl Fn(&str) -> String,
) -> QueryResult<Vec<R>>
where
    R: QueryableByName<diesel::sqlite::Sqlite> + QueryableByName<diesel::pg::Pg> + 'static,
{
    if coop_ids.is_empty() {
        return Ok(vec![]);
    }
    let list = super::id_list(coop_ids);
    let from = |p: &str| {
        format!(
            "FROM threads t \
             LEFT JOIN thread_reads r ON r.thread_id = t.id AND r.account_id = {p} \
             WHERE t.coop_id IN ({list}) AND t.deleted_at IS NULL AND (r.thread_id IS NULL \
               OR EXISTS (SELECT 1 FROM comments c WHERE c.thread_id = t.id \
                 AND c.id > r.seen_comment_id AND c.deleted_at IS NULL AND c.author_id <> {p}))"
        )
    };
    match conn {
        DbConn::Sqlite(c) => diesel::sql_query(select(&from("?1")))
            .bind::<diesel::sql_types::BigInt, _>(account)
            .load(c),
        DbConn::Postgresql(c) => diesel::sql_query(select(&from("$1")))
            .bind::<diesel::sql_types::BigInt, _>(account)
            .load(c),
    }
}
