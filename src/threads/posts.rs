//! What the thread pages and the thread API ask of the threads service, one function per
//! request: the list, a thread with a page of its comments, kept versions, and starting,
//! editing and deleting threads and comments (each in its own write transaction, the
//! permission checked inside it).

use super::reading::{self, Unread};
use super::{Body, Title, may_delete, may_edit};
use crate::access::Access;
use crate::domain::rulebook::Rulebook;
use crate::mail::MailContext;
use crate::service::{Answer, ServiceError};
use crate::storage::accounts::Account;
use crate::storage::coops::{self, Coop};
use crate::storage::members::Membership;
use crate::storage::threads;
use crate::storage::{DbConn, write_tx};
use std::collections::HashMap;

pub use crate::storage::threads::{
    Comment, Cursor, MAX_PAGE, PAGE_SIZE, Page, ProposalLink, Thread, Version,
};

/// Which page of comments a request asks for: after a comment, before one, the newest, or
/// (none of these) the first.
pub fn cursor(after: Option<i64>, before: Option<i64>, latest: bool) -> Cursor {
    match (after, before, latest) {
        (Some(a), _, _) => Cursor::After(a),
        (None, Some(b), _) => Cursor::Before(b),
        (None, None, true) => Cursor::Latest,
        _ => Cursor::First,
    }
}

/// A page of the co-op's threads (at most [`PAGE_SIZE`]), whether there are older ones,
/// whether the reader's college may start one, and what is unread for the reader.
pub struct Listing {
    pub threads: Vec<Thread>,
    pub more: bool,
    pub may_start: bool,
    pub unread: HashMap<i64, Unread>,
}

/// The rulebook's `may_start_threads` for this member's college, under the current version.
pub fn may_start(c: &mut DbConn, coop_id: i64, membership: &Membership) -> Answer<bool> {
    Ok(crate::access::may_start_threads(
        &coops::current_rulebook(c, coop_id)?,
        membership,
    ))
}

/// The threads before `before` (the newest first), for `reader` when signed in.
pub fn list(
    c: &mut DbConn,
    coop_id: i64,
    before: Option<i64>,
    membership: Option<&Membership>,
    reader: Option<i64>,
) -> Answer<Listing> {
    let mut list = threads::list(c, coop_id, before, PAGE_SIZE + 1)?;
    let more = list.len() as i64 > PAGE_SIZE;
    list.truncate(PAGE_SIZE as usize);
    let may_start = match membership {
        Some(m) => may_start(c, coop_id, m)?,
        None => false,
    };
    let ids: Vec<i64> = list.iter().map(|t| t.id).collect();
    let unread = match reader {
        Some(me) => reading::unread(c, me, &ids)?,
        None => HashMap::new(),
    };
    Ok(Listing {
        threads: list,
        more,
        may_start,
        unread,
    })
}

/// The thread of this co-op (deleted or not), or not found.
pub fn thread(c: &mut DbConn, coop_id: i64, id: i64) -> Answer<Thread> {
    threads::get(c, coop_id, id)?.ok_or(ServiceError::NotFound)
}

/// A comment neither deleted nor in a deleted thread, or not found.
pub fn live_comment(c: &mut DbConn, coop_id: i64, id: i64) -> Answer<Comment> {
    threads::live_comment(c, coop_id, id)?.ok_or(ServiceError::NotFound)
}

/// A thread as its page shows it.
pub struct Shown {
    pub thread: Thread,
    pub page: Page,
    pub proposals: Vec<ProposalLink>,
    pub book: Rulebook,
    /// What was unread before this visit (the reader's, when signed in).
    pub unread: Option<Unread>,
}

/// A thread with one page of its comments; what the page shows is then read by `reader`.
pub fn show(
    c: &mut DbConn,
    coop_id: i64,
    id: i64,
    cursor: Cursor,
    reader: Option<i64>,
) -> Answer<Shown> {
    let thread = thread(c, coop_id, id)?;
    let page = threads::comments_page(c, coop_id, id, cursor, PAGE_SIZE)?;
    let proposals = threads::proposals_from(c, coop_id, id)?;
    let book = coops::current_rulebook(c, coop_id)?;
    let shown = page.comments.iter().map(|x| x.id).max().unwrap_or(0);
    let unread = match reader {
        Some(me) => Some(reading::open(c, me, id, shown)?),
        None => None,
    };
    Ok(Shown {
        thread,
        page,
        proposals,
        book,
        unread,
    })
}

/// A thread with `limit` of its comments from `cursor` (none when the thread is deleted).
pub fn with_comments(
    c: &mut DbConn,
    coop_id: i64,
    id: i64,
    cursor: Cursor,
    limit: i64,
) -> Answer<(Thread, Page)> {
    let thread = thread(c, coop_id, id)?;
    let page = if thread.deleted_at.is_some() {
        Page {
            comments: vec![],
            older: None,
            newer: None,
        }
    } else {
        threads::comments_page(c, coop_id, id, cursor, limit)?
    };
    Ok((thread, page))
}

/// The kept versions of a live thread, oldest first.
pub fn thread_versions(c: &mut DbConn, coop_id: i64, id: i64) -> Answer<Vec<Version>> {
    if thread(c, coop_id, id)?.deleted_at.is_some() {
        return Err(ServiceError::NotFound);
    }
    Ok(threads::thread_history(c, coop_id, id)?)
}

/// The kept versions of a live comment, oldest first.
pub fn comment_versions(c: &mut DbConn, coop_id: i64, id: i64) -> Answer<Vec<Version>> {
    live_comment(c, coop_id, id)?;
    Ok(threads::comment_history(c, coop_id, id)?)
}

/// Starts a thread when the author's college may; returns its id.
pub fn start(
    c: &mut DbConn,
    mail_ctx: &MailContext,
    (coop, author, membership): (&Coop, &Account, &Membership),
    title: &Title,
    body: &Body,
) -> Answer<i64> {
    write_tx(c, |c| {
        if !may_start(c, coop.id, membership)? {
            return Err(ServiceError::Forbidden);
        }
        super::start_thread(c, mail_ctx, coop, author, title, body)
    })
}

/// Edits a live thread, by its author or a co-op admin.
pub fn edit(
    c: &mut DbConn,
    mail_ctx: &MailContext,
    (access, editor): (&Access, &Account),
    id: i64,
    (title, body): (&Title, &Body),
) -> Answer<()> {
    let coop = access.coop()?;
    write_tx(c, |c| {
        let thread = thread(c, coop.id, id)?;
        if thread.deleted_at.is_some() {
            return Err(ServiceError::NotFound);
        }
        if !may_edit(access, thread.author_id) {
            return Err(ServiceError::Forbidden);
        }
        super::edit_thread(c, mail_ctx, coop, editor, &thread, (title, body))
    })
}

/// Marks a thread deleted, by its author, the board or a co-op admin; false when it already was.
pub fn delete(c: &mut DbConn, access: &Access, id: i64) -> Answer<bool> {
    let (coop_id, by) = (access.coop()?.id, access.account()?.id);
    write_tx(c, |c| {
        let thread = thread(c, coop_id, id)?;
        if !may_delete(access, thread.author_id) {
            return Err(ServiceError::Forbidden);
        }
        Ok(threads::delete(c, coop_id, id, by)?)
    })
}

/// Comments on a live thread; returns the comment's id.
pub fn comment(
    c: &mut DbConn,
    mail_ctx: &MailContext,
    (coop, author): (&Coop, &Account),
    thread_id: i64,
    body: &Body,
) -> Answer<i64> {
    write_tx(c, |c| {
        let thread = thread(c, coop.id, thread_id)?;
        super::add_comment(c, mail_ctx, coop, author, &thread, body)
    })
}

/// Edits a live comment, by its author or a co-op admin.
pub fn edit_comment(
    c: &mut DbConn,
    mail_ctx: &MailContext,
    (access, editor): (&Access, &Account),
    id: i64,
    body: &Body,
) -> Answer<()> {
    let coop = access.coop()?;
    write_tx(c, |c| {
        let comment = live_comment(c, coop.id, id)?;
        if !may_edit(access, comment.author_id) {
            return Err(ServiceError::Forbidden);
        }
        super::edit_comment(c, mail_ctx, coop, editor, &comment, body)
    })
}

/// Marks a live comment deleted, by its author, the board or a co-op admin.
pub fn delete_comment(c: &mut DbConn, access: &Access, id: i64) -> Answer<bool> {
    let (coop_id, by) = (access.coop()?.id, access.account()?.id);
    write_tx(c, |c| {
        let comment = live_comment(c, coop_id, id)?;
        if !may_delete(access, comment.author_id) {
            return Err(ServiceError::Forbidden);
        }
        Ok(threads::delete_comment(c, coop_id, id, by)?)
    })
}

/// Reads every thread of the co-op up to its newest comment ("Mark all as read").
pub fn mark_all_read(c: &mut DbConn, account: i64, coop_id: i64) -> Answer<usize> {
    Ok(reading::mark_all(c, account, coop_id)?)
}
