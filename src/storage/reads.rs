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
