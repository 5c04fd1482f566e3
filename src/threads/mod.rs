//! The threads service: the acts behind threads and comments, shared by the pages and the API
//! so both follow the same rules: parsing a title and a body, who may edit or delete, and mention notifications
//! (queued in the caller's transaction).
//!
//! Mentions: `@name` (see [`crate::markdown::mentions`]) reaches a current member or guest of the
//! co-op whose display name, without spaces and ignoring case, is `name` (`@AnaLima` or
//! `@analima` for "Ana Lima"), or whose account public id is `name`. Authors are not notified of
//! their own mentions; an edit notifies only the people it newly mentions.

pub mod posts;
pub mod reading;

use crate::access::{Access, Role};
use crate::domain::refusal::{Code, Refused};
use crate::i18n::{Arg, render};
use crate::mail::{self, MailContext, MailKind, Recipient};
use crate::markdown;
use crate::service::ServiceError;
use crate::storage::DbConn;
use crate::storage::accounts::Account;
use crate::storage::coops::Coop;
use crate::storage::threads::{self, Comment, Thread};

/// Longest thread title, in characters.
pub const MAX_TITLE: usize = 200;
/// Longest thread or comment body, in characters.
pub const MAX_BODY: usize = 20_000;

/// A thread title: trimmed, 1 to [`MAX_TITLE`] characters.
#[derive(Debug, Clone)]
pub struct Title(String);

impl Title {
    pub fn parse(raw: &str) -> Result<Title, Refused> {
        let t = raw.trim();
        if t.is_empty() {
            return Err(Refused::new(Code::ThreadTitleEmpty));
        }
        if t.chars().count() > MAX_TITLE {
            return Err(Refused::new(Code::ThreadTitleTooLong));
        }
        Ok(Title(t.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A markdown body: not blank, at most [`MAX_BODY`] characters (kept as written, trailing
/// space trimmed).
#[derive(Debug, Clone)]
pub struct Body(String);

impl Body {
    pub fn parse(raw: &str) -> Result<Body, Refused> {
        let b = raw.trim_end();
        if b.trim().is_empty() {
            return Err(Refused::new(Code::BodyEmpty));
        }
        if b.chars().count() > MAX_BODY {
            return Err(Refused::new(Code::BodyTooLong));
        }
        Ok(Body(b.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Authors and co-op admins may edit.
pub fn may_edit(access: &Access, author_id: i64) -> bool {
    access.account.as_ref().is_some_and(|a| a.id == author_id)
        || access.roles.contains(&Role::CoopAdmin)
}

/// Authors, board members and co-op admins (moderation) may delete.
pub fn may_delete(access: &Access, author_id: i64) -> bool {
    may_edit(access, author_id) || access.roles.contains(&Role::Board)
}

/// The page showing a comment: its thread's page that starts with it.
pub fn comment_path(slug: &str, thread_id: i64, comment_id: i64) -> String {
    format!(
        "/c/{slug}/threads/{thread_id}?after={}#comment-{comment_id}",
        comment_id - 1
    )
}

/// What a mention is about.
pub struct Mentioned<'a> {
    pub coop: &'a Coop,
    pub author: (i64, &'a str),
    pub thread_title: &'a str,
    /// The path of the thread or comment (without the server's base URL).
    pub path: &'a str,
    /// The new text and, for an edit, the previous one (whose mentions were already sent).
    pub text: &'a str,
    pub previous: Option<&'a str>,
}

/// Lands a Mention notification and queues its mail for each person newly named in the text
/// (the recipient's volume for the co-op and mail preferences apply). Returns how many mails
/// were queued.
pub fn notify_mentions(
    conn: &mut DbConn,
    mail_ctx: &MailContext,
    m: &Mentioned<'_>,
) -> Result<usize, ServiceError> {
    let before = m.previous.map(markdown::mentions).unwrap_or_default();
    let names: Vec<String> = markdown::mentions(m.text)
        .into_iter()
        .filter(|n| !before.contains(n))
        .collect();
    let already: Vec<i64> = threads::mentioned(conn, m.coop.id, &before)?
        .into_iter()
        .map(|t| t.account_id)
        .collect();
    let link = format!("{}{}", mail_ctx.base_url, m.path);
    let event = crate::notifications::Event {
        kind: crate::domain::notification::Kind::Mention,
        coop_id: m.coop.id,
        actor_id: Some(m.author.0),
        subject: m.thread_title,
        detail: None,
        path: m.path,
    };
    let now = crate::storage::now();
    let mut queued = 0;
    for target in threads::mentioned(conn, m.coop.id, &names)? {
        if target.account_id == m.author.0 || already.contains(&target.account_id) {
            continue;
        }
        // The notification lands (as the person's volume for the co-op lets it); so does the
        // mail, under the same volume and the person's mail preferences.
        if !crate::notifications::land_one(conn, &event, target.account_id, now)? {
            continue;
        }
        let locale = target.locale.unwrap_or_else(|| m.coop.locale());
        let args = [
            ("author", Arg::from(m.author.1)),
            ("thread", Arg::from(m.thread_title)),
            ("coop", Arg::from(m.coop.name.as_str())),
        ];
        let email = mail::messages::notification(
            locale,
            &render(locale, "threads-mail-mention-subject", &args),
            &render(locale, "threads-mail-mention-body", &args),
            &link,
        );
        let to = Recipient {
            account_id: Some(target.account_id),
            address: &target.email,
            locale,
        };
        if mail::enqueue(conn, mail_ctx, MailKind::Mention, &to, &email)? {
            queued += 1;
        }
    }
    Ok(queued)
}

/// The texts of every kept version of a post and its current text, one after the other.
fn every_version(history: Vec<threads::Version>, current: &str) -> String {
    let mut all: Vec<String> = history.into_iter().map(|v| v.body).collect();
    all.push(current.to_string());
    all.join("\n")
}

/// Starts a thread and notifies its mentions (in the caller's transaction). Returns its id.
pub fn start_thread(
    conn: &mut DbConn,
    mail_ctx: &MailContext,
    coop: &Coop,
    author: &Account,
    title: &Title,
    body: &Body,
) -> Result<i64, ServiceError> {
    let id = threads::create(conn, coop.id, author.id, title.as_str(), body.as_str())?;
    // One's own thread is not new to oneself.
    crate::storage::reads::mark(conn, author.id, id, 0)?;
    let path = format!("/c/{}/threads/{id}", coop.slug);
    notify_mentions(
        conn,
        mail_ctx,
        &Mentioned {
            coop,
            author: (author.id, &author.display_name),
            thread_title: title.as_str(),
            path: &path,
            text: body.as_str(),
            previous: None,
        },
    )?;
    Ok(id)
}

/// Edits a thread (the earlier version is kept) and notifies newly mentioned people.
pub fn edit_thread(
    conn: &mut DbConn,
    mail_ctx: &MailContext,
    coop: &Coop,
    editor: &Account,
    thread: &Thread,
    (title, body): (&Title, &Body),
) -> Result<(), ServiceError> {
    // Everything it ever said: a name mentioned in any earlier version was notified then, so
    // editing a mention out and back in does not notify again.
    let earlier = every_version(
        threads::thread_history(conn, coop.id, thread.id)?,
        &thread.body,
    );
    if !threads::edit(
        conn,
        coop.id,
        thread.id,
        editor.id,
        title.as_str(),
        body.as_str(),
    )? {
        return Err(ServiceError::NotFound);
    }
    let path = format!("/c/{}/threads/{}", coop.slug, thread.id);
    notify_mentions(
        conn,
        mail_ctx,
        &Mentioned {
            coop,
            author: (editor.id, &editor.display_name),
            thread_title: title.as_str(),
            path: &path,
            text: body.as_str(),
            previous: Some(&earlier),
        },
    )?;
    Ok(())
}

/// Adds a comment to a live thread and notifies its mentions. Returns its id.
pub fn add_comment(
    conn: &mut DbConn,
    mail_ctx: &MailContext,
    coop: &Coop,
    author: &Account,
    thread: &Thread,
    body: &Body,
) -> Result<i64, ServiceError> {
    if thread.deleted_at.is_some() {
        return Err(ServiceError::NotFound);
    }
    let id = threads::add_comment(conn, coop.id, thread.id, author.id, body.as_str())?;
    notify_mentions(
        conn,
        mail_ctx,
        &Mentioned {
            coop,
            author: (author.id, &author.display_name),
            thread_title: &thread.title,
            path: &comment_path(&coop.slug, thread.id, id),
            text: body.as_str(),
            previous: None,
        },
    )?;
    Ok(id)
}

/// Edits a comment of a live thread (the earlier version is kept) and notifies newly
/// mentioned people.
pub fn edit_comment(
    conn: &mut DbConn,
    mail_ctx: &MailContext,
    coop: &Coop,
    editor: &Account,
    comment: &Comment,
    body: &Body,
) -> Result<(), ServiceError> {
    let thread = threads::get(conn, coop.id, comment.thread_id)?
        .filter(|t| t.deleted_at.is_none())
        .ok_or(ServiceError::NotFound)?;
    let earlier = every_version(
        threads::comment_history(conn, coop.id, comment.id)?,
        &comment.body,
    );
    if !threads::edit_comment(conn, coop.id, comment.id, editor.id, body.as_str())? {
        return Err(ServiceError::NotFound);
    }
    notify_mentions(
        conn,
        mail_ctx,
        &Mentioned {
            coop,
            author: (editor.id, &editor.display_name),
            thread_title: &thread.title,
            path: &comment_path(&coop.slug, thread.id, comment.id),
            text: body.as_str(),
            previous: Some(&earlier),
        },
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_and_bodies_are_parsed_at_the_edge() {
        assert_eq!(Title::parse("  Hello ").unwrap().as_str(), "Hello");
        assert!(Title::parse("   ").is_err());
        assert!(Title::parse(&"x".repeat(MAX_TITLE + 1)).is_err());
        assert!(Body::parse(" \n ").is_err());
        assert_eq!(Body::parse("  indented\n").unwrap().as_str(), "  indented");
    }
}
