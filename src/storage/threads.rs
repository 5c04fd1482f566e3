//! Threads and comments. Nothing is deleted: deleting sets `deleted_at` (pages then show a
//! marker, not the text) and editing appends a version, so every earlier text is kept in
//! `thread_versions` / `comment_versions` (version 1 is the original). The current text also
//! sits on the row itself, so a page of comments is one indexed range scan.
//!
//! Comments are paged by keyset on `(thread_id, id)` — never `OFFSET` — so the first page of a
//! 10,000-comment thread costs the same as that of a 10-comment one.

use super::DbConn;
use super::schema::{
    accounts, comment_versions, comments, memberships, proposals, thread_versions, threads,
};
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// Comments per page on the thread page (the API may ask for up to [`MAX_PAGE`]).
pub const PAGE_SIZE: i64 = 50;
pub const MAX_PAGE: i64 = 100;

/// A thread as pages show it (with its author's name).
#[derive(Debug, Clone, Queryable)]
pub struct Thread {
    pub id: i64,
    pub coop_id: i64,
    pub author_id: i64,
    pub title: String,
    pub body: String,
    pub created_at: NaiveDateTime,
    pub edited_at: Option<NaiveDateTime>,
    pub deleted_at: Option<NaiveDateTime>,
    pub comment_count: i64,
    pub last_activity_at: NaiveDateTime,
    pub author_public_id: String,
    pub author_name: String,
}

/// A comment as pages show it (with its author's name).
#[derive(Debug, Clone, Queryable)]
pub struct Comment {
    pub id: i64,
    pub thread_id: i64,
    pub author_id: i64,
    pub body: String,
    pub created_at: NaiveDateTime,
    pub edited_at: Option<NaiveDateTime>,
    pub deleted_at: Option<NaiveDateTime>,
    pub author_public_id: String,
    pub author_name: String,
}

/// One kept version of a thread (with a title) or of a comment (without).
#[derive(Debug, Clone)]
pub struct Version {
    pub version: i32,
    pub title: Option<String>,
    pub body: String,
    pub editor_name: Option<String>,
    pub edited_at: NaiveDateTime,
}

type ThreadColumns = (
    threads::id,
    threads::coop_id,
    threads::author_id,
    threads::title,
    threads::body,
    threads::created_at,
    threads::edited_at,
    threads::deleted_at,
    threads::comment_count,
    threads::last_activity_at,
    accounts::public_id,
    accounts::display_name,
);
const THREAD: ThreadColumns = (
    threads::id,
    threads::coop_id,
    threads::author_id,
    threads::title,
    threads::body,
    threads::created_at,
    threads::edited_at,
    threads::deleted_at,
    threads::comment_count,
    threads::last_activity_at,
    accounts::public_id,
    accounts::display_name,
);

type CommentColumns = (
    comments::id,
    comments::thread_id,
    comments::author_id,
    comments::body,
    comments::created_at,
    comments::edited_at,
    comments::deleted_at,
    accounts::public_id,
    accounts::display_name,
);
const COMMENT: CommentColumns = (
    comments::id,
    comments::thread_id,
    comments::author_id,
    comments::body,
    comments::created_at,
    comments::edited_at,
    comments::deleted_at,
    accounts::public_id,
    accounts::display_name,
);

/// Starts a thread (version 1 kept), in the caller's transaction. Returns its id.
pub fn create(
    conn: &mut DbConn,
    coop_id: i64,
    author: i64,
    title: &str,
    body: &str,
) -> QueryResult<i64> {
    let now = super::now();
    let id: i64 = diesel::insert_into(threads::table)
        .values((
            threads::coop_id.eq(coop_id),
            threads::author_id.eq(author),
            threads::title.eq(title),
            threads::body.eq(body),
            threads::created_at.eq(now),
            threads::last_activity_at.eq(now),
        ))
        .returning(threads::id)
        .get_result(conn)?;
    insert_thread_version(conn, coop_id, id, 1, title, body, author, now)?;
    Ok(id)
}

#[allow(clippy::too_many_arguments)]
fn insert_thread_version(
    conn: &mut DbConn,
    coop_id: i64,
    thread_id: i64,
    version: i32,
    title: &str,
    body: &str,
    editor: i64,
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(thread_versions::table)
        .values((
            thread_versions::coop_id.eq(coop_id),
            thread_versions::thread_id.eq(thread_id),
            thread_versions::version.eq(version),
            thread_versions::title.eq(title),
            thread_versions::body.eq(body),
            thread_versions::editor_id.eq(Some(editor)),
            thread_versions::edited_at.eq(at),
        ))
        .execute(conn)
        .map(|_| ())
}

/// A thread of this co-op (deleted ones too: the page shows the marker).
pub fn get(conn: &mut DbConn, coop_id: i64, id: i64) -> QueryResult<Option<Thread>> {
    threads::table
        .inner_join(accounts::table)
        .filter(threads::coop_id.eq(coop_id))
        .filter(threads::id.eq(id))
        .select(THREAD)
        .get_result(conn)
        .optional()
}

/// Threads of a co-op, newest first, `limit` of them with ids below `before`.
pub fn list(
    conn: &mut DbConn,
    coop_id: i64,
    before: Option<i64>,
    limit: i64,
) -> QueryResult<Vec<Thread>> {
    let mut q = threads::table
        .inner_join(accounts::table)
        .filter(threads::coop_id.eq(coop_id))
        .select(THREAD)
        .order(threads::id.desc())
        .limit(limit)
        .into_boxed();
    if let Some(b) = before {
        q = q.filter(threads::id.lt(b));
    }
    q.load(conn)
}

/// The most recently active live threads of these co-ops, `limit` of them.
pub fn recently_active(
    conn: &mut DbConn,
    coop_ids: &[i64],
    limit: i64,
) -> QueryResult<Vec<Thread>> {
    threads::table
        .inner_join(accounts::table)
        .filter(threads::coop_id.eq_any(coop_ids))
        .filter(threads::deleted_at.is_null())
        .select(THREAD)
        .order(threads::last_activity_at.desc())
        .limit(limit)
        .load(conn)
}

/// These threads, latest activity first (gone ones left out).
pub fn listed(conn: &mut DbConn, ids: &[i64]) -> QueryResult<Vec<Thread>> {
    threads::table
        .inner_join(accounts::table)
        .filter(threads::id.eq_any(ids))
        .filter(threads::deleted_at.is_null())
        .select(THREAD)
        .order((threads::last_activity_at.desc(), threads::id.desc()))
        .load(conn)
}

/// Replaces a thread's title and body, keeping the earlier version. False when it is gone.
pub fn edit(
    conn: &mut DbConn,
    coop_id: i64,
    id: i64,
    editor: i64,
    title: &str,
    body: &str,
) -> QueryResult<bool> {
    let now = super::now();
    let n = diesel::update(
        threads::table
            .filter(threads::coop_id.eq(coop_id))
            .filter(threads::id.eq(id))
            .filter(threads::deleted_at.is_null()),
    )
    .set((
        threads::title.eq(title),
        threads::body.eq(body),
        threads::edited_at.eq(Some(now)),
    ))
    .execute(conn)?;
    if n == 0 {
        return Ok(false);
    }
    let last: Option<i32> = thread_versions::table
        .filter(thread_versions::thread_id.eq(id))
        .select(diesel::dsl::max(thread_versions::version))
        .first(conn)?;
    let next = last.unwrap_or(0) + 1;
    insert_thread_version(conn, coop_id, id, next, title, body, editor, now)?;
    Ok(true)
}

/// Marks a thread deleted. False when it was already.
pub fn delete(conn: &mut DbConn, coop_id: i64, id: i64, by: i64) -> QueryResult<bool> {
    diesel::update(
        threads::table
            .filter(threads::coop_id.eq(coop_id))
            .filter(threads::id.eq(id))
            .filter(threads::deleted_at.is_null()),
    )
    .set((
        threads::deleted_at.eq(Some(super::now())),
        threads::deleted_by.eq(Some(by)),
    ))
    .execute(conn)
    .map(|n| n == 1)
}

/// Every kept version of a thread, oldest first.
pub fn thread_history(conn: &mut DbConn, coop_id: i64, id: i64) -> QueryResult<Vec<Version>> {
    let rows: Vec<(i32, String, String, Option<String>, NaiveDateTime)> = thread_versions::table
        .left_join(accounts::table.on(accounts::id.nullable().eq(thread_versions::editor_id)))
        .filter(thread_versions::coop_id.eq(coop_id))
        .filter(thread_versions::thread_id.eq(id))
        .order(thread_versions::version.asc())
        .select((
            thread_versions::version,
            thread_versions::title,
            thread_versions::body,
            accounts::display_name.nullable(),
            thread_versions::edited_at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(version, title, body, editor_name, edited_at)| Version {
            version,
            title: Some(title),
            body,
            editor_name,
            edited_at,
        })
        .collect())
}

/// Adds a comment (version 1 kept) and counts it on the thread. Returns its id.
pub fn add_comment(
    conn: &mut DbConn,
    coop_id: i64,
    thread_id: i64,
    author: i64,
    body: &str,
) -> QueryResult<i64> {
    let now = super::now();
    let id: i64 = diesel::insert_into(comments::table)
        .values((
            comments::coop_id.eq(coop_id),
            comments::thread_id.eq(thread_id),
            comments::author_id.eq(author),
            comments::body.eq(body),
            comments::created_at.eq(now),
        ))
        .returning(comments::id)
        .get_result(conn)?;
    insert_comment_version(conn, coop_id, id, 1, body, author, now)?;
    diesel::update(threads::table.filter(threads::id.eq(thread_id)))
        .set((
            threads::comment_count.eq(threads::comment_count + 1),
            threads::last_activity_at.eq(now),
        ))
        .execute(conn)?;
    Ok(id)
}

fn insert_comment_version(
    conn: &mut DbConn,
    coop_id: i64,
    comment_id: i64,
    version: i32,
    body: &str,
    editor: i64,
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(comment_versions::table)
        .values((
            comment_versions::coop_id.eq(coop_id),
            comment_versions::comment_id.eq(comment_id),
            comment_versions::version.eq(version),
            comment_versions::body.eq(body),
            comment_versions::editor_id.eq(Some(editor)),
            comment_versions::edited_at.eq(at),
        ))
        .execute(conn)
        .map(|_| ())
}

/// A comment of this co-op.
pub fn comment(conn: &mut DbConn, coop_id: i64, id: i64) -> QueryResult<Option<Comment>> {
    comments::table
        .inner_join(accounts::table)
        .filter(comments::coop_id.eq(coop_id))
        .filter(comments::id.eq(id))
        .select(COMMENT)
        .get_result(conn)
        .optional()
}

/// A comment that is still readable: neither it nor its thread deleted (a deleted thread
/// hides its comments, their earlier versions included).
pub fn live_comment(conn: &mut DbConn, coop_id: i64, id: i64) -> QueryResult<Option<Comment>> {
    let Some(comment) = comment(conn, coop_id, id)?.filter(|c| c.deleted_at.is_none()) else {
        return Ok(None);
    };
    let thread_live = threads::table
        .filter(threads::id.eq(comment.thread_id))
        .filter(threads::deleted_at.is_null())
        .select(threads::id)
        .first::<i64>(conn)
        .optional()?
        .is_some();
    Ok(thread_live.then_some(comment))
}

/// A proposal started from a thread, as the thread page links it.
#[derive(Debug, Clone, Queryable)]
pub struct ProposalLink {
    pub id: i64,
    pub title: String,
    pub state: String,
    pub verdict: Option<String>,
}

/// The proposals started from a thread, oldest first.
pub fn proposals_from(
    conn: &mut DbConn,
    coop_id: i64,
    thread_id: i64,
) -> QueryResult<Vec<ProposalLink>> {
    proposals::table
        .filter(proposals::coop_id.eq(coop_id))
        .filter(proposals::thread_id.eq(thread_id))
        .order(proposals::id.asc())
        .select((
            proposals::id,
            proposals::title,
            proposals::state,
            proposals::verdict,
        ))
        .load(conn)
}

/// Replaces a comment's body, keeping the earlier version. False when it is gone.
pub fn edit_comment(
    conn: &mut DbConn,
    coop_id: i64,
    id: i64,
    editor: i64,
    body: &str,
) -> QueryResult<bool> {
    let now = super::now();
    let n = diesel::update(
        comments::table
            .filter(comments::coop_id.eq(coop_id))
            .filter(comments::id.eq(id))
            .filter(comments::deleted_at.is_null()),
    )
    .set((comments::body.eq(body), comments::edited_at.eq(Some(now))))
    .execute(conn)?;
    if n == 0 {
        return Ok(false);
    }
    let last: Option<i32> = comment_versions::table
        .filter(comment_versions::comment_id.eq(id))
        .select(diesel::dsl::max(comment_versions::version))
        .first(conn)?;
    insert_comment_version(conn, coop_id, id, last.unwrap_or(0) + 1, body, editor, now)?;
    Ok(true)
}

/// Marks a comment deleted. False when it was already.
pub fn delete_comment(conn: &mut DbConn, coop_id: i64, id: i64, by: i64) -> QueryResult<bool> {
    diesel::update(
        comments::table
            .filter(comments::coop_id.eq(coop_id))
            .filter(comments::id.eq(id))
            .filter(comments::deleted_at.is_null()),
    )
    .set((
        comments::deleted_at.eq(Some(super::now())),
        comments::deleted_by.eq(Some(by)),
    ))
    .execute(conn)
    .map(|n| n == 1)
}

/// Every kept version of a comment, oldest first.
pub fn comment_history(conn: &mut DbConn, coop_id: i64, id: i64) -> QueryResult<Vec<Version>> {
    let rows: Vec<(i32, String, Option<String>, NaiveDateTime)> = comment_versions::table
        .left_join(accounts::table.on(accounts::id.nullable().eq(comment_versions::editor_id)))
        .filter(comment_versions::coop_id.eq(coop_id))
        .filter(comment_versions::comment_id.eq(id))
        .order(comment_versions::version.asc())
        .select((
            comment_versions::version,
            comment_versions::body,
            accounts::display_name.nullable(),
            comment_versions::edited_at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(version, body, editor_name, edited_at)| Version {
            version,
            title: None,
            body,
            editor_name,
            edited_at,
        })
        .collect())
}

/// Where a page of comments starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cursor {
    /// The oldest comments.
    First,
    /// The comments just after this id.
    After(i64),
    /// The comments just before this id.
    Before(i64),
    /// The newest comments.
    Latest,
}

/// A page of comments, oldest first, with the cursors of its neighbours.
#[derive(Debug, Clone)]
pub struct Page {
    pub comments: Vec<Comment>,
    /// `Cursor::Before(older)` gives the previous page, when there is one.
    pub older: Option<i64>,
    /// `Cursor::After(newer)` gives the next page, when there is one.
    pub newer: Option<i64>,
}

/// One page of a thread's comments by keyset on `(thread_id, id)`: at most `limit + 1` rows
/// read (the extra one says whether there is more), plus one probe for the other direction.
pub fn comments_page(
    conn: &mut DbConn,
    coop_id: i64,
    thread_id: i64,
    cursor: Cursor,
    limit: i64,
) -> QueryResult<Page> {
    let limit = limit.clamp(1, MAX_PAGE);
    let base = || {
        comments::table
            .inner_join(accounts::table)
            .filter(comments::thread_id.eq(thread_id))
            .filter(comments::coop_id.eq(coop_id))
            .select(COMMENT)
            .limit(limit + 1)
            .into_boxed()
    };
    let forward = matches!(cursor, Cursor::First | Cursor::After(_));
    let mut rows: Vec<Comment> = match cursor {
        Cursor::First => base().order(comments::id.asc()).load(conn)?,
        Cursor::After(a) => base()
            .filter(comments::id.gt(a))
            .order(comments::id.asc())
            .load(conn)?,
        Cursor::Before(b) => base()
            .filter(comments::id.lt(b))
            .order(comments::id.desc())
            .load(conn)?,
        Cursor::Latest => base().order(comments::id.desc()).load(conn)?,
    };
    let more = rows.len() as i64 > limit;
    rows.truncate(limit as usize);
    if !forward {
        rows.reverse();
    }
    let (first, last) = match (rows.first(), rows.last()) {
        (Some(f), Some(l)) => (f.id, l.id),
        _ => return empty_page(conn, thread_id, cursor),
    };
    let (older, newer) = match cursor {
        Cursor::First => (None, more.then_some(last)),
        Cursor::Latest => (more.then_some(first), None),
        Cursor::After(_) => (
            exists(conn, thread_id, first, true)?.then_some(first),
            more.then_some(last),
        ),
        Cursor::Before(_) => (
            more.then_some(first),
            exists(conn, thread_id, last, false)?.then_some(last),
        ),
    };
    Ok(Page {
        comments: rows,
        older,
        newer,
    })
}

/// An empty page past either end still links back towards the comments.
fn empty_page(conn: &mut DbConn, thread_id: i64, cursor: Cursor) -> QueryResult<Page> {
    let (older, newer) = match cursor {
        // The cursor comes from the query string: any i64, so step without overflowing.
        Cursor::After(a) => {
            let next = a.saturating_add(1);
            (exists(conn, thread_id, next, true)?.then_some(next), None)
        }
        Cursor::Before(b) => {
            let previous = b.saturating_sub(1);
            (
                None,
                exists(conn, thread_id, previous, false)?.then_some(previous),
            )
        }
        _ => (None, None),
    };
    Ok(Page {
        comments: vec![],
        older,
        newer,
    })
}

/// Is there a comment in the thread below (`older`) or above `id`?
fn exists(conn: &mut DbConn, thread_id: i64, id: i64, older: bool) -> QueryResult<bool> {
    let mut q = comments::table
        .filter(comments::thread_id.eq(thread_id))
        .select(comments::id)
        .limit(1)
        .into_boxed();
    q = if older {
        q.filter(comments::id.lt(id))
    } else {
        q.filter(comments::id.gt(id))
    };
    Ok(q.first::<i64>(conn).optional()?.is_some())
}

/// A co-op member (or guest) a mention may reach.
#[derive(Debug, Clone)]
pub struct MentionTarget {
    pub account_id: i64,
    pub email: String,
    pub display_name: String,
    pub locale: Option<crate::i18n::Locale>,
}

/// The handle a display name answers to: lower case, without spaces ("Ana Lima" → `analima`).
pub fn mention_handle(display_name: &str) -> String {
    display_name
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The current members and guests of the co-op that `names` (from `markdown::mentions`) name:
/// a name matches a display name without spaces, case-insensitively, or an account's public id.
pub fn mentioned(
    conn: &mut DbConn,
    coop_id: i64,
    names: &[String],
) -> QueryResult<Vec<MentionTarget>> {
    if names.is_empty() {
        return Ok(vec![]);
    }
    let wanted: Vec<String> = names.iter().map(|n| n.to_lowercase()).collect();
    let people: Vec<(i64, String, String, String, Option<String>)> = memberships::table
        .inner_join(accounts::table)
        .filter(memberships::coop_id.eq(coop_id))
        .filter(memberships::valid_to.is_null())
        .select((
            accounts::id,
            accounts::public_id,
            accounts::email,
            accounts::display_name,
            accounts::locale,
        ))
        .load(conn)?;
    people
        .into_iter()
        .filter(|(_, public_id, _, name, _)| {
            wanted.contains(&mention_handle(name)) || names.contains(public_id)
        })
        .map(|(account_id, _, email, display_name, locale)| {
            Ok(MentionTarget {
                locale: match locale {
                    Some(code) => Some(super::stored_locale("accounts", account_id, &code)?),
                    None => None,
                },
                account_id,
                email,
                display_name,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handles_drop_spaces_and_case() {
        assert_eq!(mention_handle("Ana Lima"), "analima");
        assert_eq!(mention_handle("Jean-Luc  Émile"), "jean-lucémile");
    }
}
