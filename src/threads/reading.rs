//! Unread: what a person has not read yet in their co-op's threads. Opening a thread marks read
//! what the page shows; a thread list says, per thread, whether it is new and how many comments
//! came since one's last visit (one's own comments are never unread); "mark all as read" does
//! it for a whole co-op.

use crate::storage::{DbConn, reads, write_tx};
use diesel::QueryResult;
use std::collections::HashMap;

/// What is unread in a thread.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Unread {
    /// Never opened.
    pub new: bool,
    /// Comments by others since the last visit.
    pub comments: i64,
    /// The first of them (where "jump to first unread" goes).
    pub first: Option<i64>,
    /// The newest comment seen (the page that starts after it starts at the first unread).
    pub seen: i64,
}

/// Unread per thread, for these threads.
pub fn unread(
    conn: &mut DbConn,
    account: i64,
    thread_ids: &[i64],
) -> QueryResult<HashMap<i64, Unread>> {
    let seen = reads::seen_in(conn, account, thread_ids)?;
    let mut out = HashMap::new();
    for id in thread_ids {
        let last = seen.get(id).copied();
        let (comments, first) = reads::after(conn, account, *id, last.unwrap_or(0))?;
        out.insert(
            *id,
            Unread {
                new: last.is_none(),
                comments,
                first,
                seen: last.unwrap_or(0),
            },
        );
    }
    Ok(out)
}

/// A thread opened on a page showing comments up to `shown_upto`: what was unread before this
/// visit, then that page marked read.
pub fn open(conn: &mut DbConn, account: i64, thread: i64, shown_upto: i64) -> QueryResult<Unread> {
    let before = unread(conn, account, &[thread])?
        .remove(&thread)
        .unwrap_or_default();
    write_tx(conn, |c| reads::mark(c, account, thread, shown_upto))?;
    Ok(before)
}

/// Marks every thread of a co-op read; how many threads.
pub fn mark_all(conn: &mut DbConn, account: i64, coop: i64) -> QueryResult<usize> {
    write_tx(conn, |c| reads::mark_coop(c, account, coop))
}
