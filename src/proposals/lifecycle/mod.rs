//! A proposal's lifecycle after it starts: edit it, withdraw it, remind those who have not
//! voted, copy it into a new one, reopen it — each audited, recorded in the proposal's
//! history (`storage::proposal_versions`) and told to those on the roll.
//!
//! Who may: the route table lets in members for editing and withdrawing (`SteerProposals`)
//! and the board for reminding and reopening (`ManageProposals`); here an edit or a
//! withdrawal is then allowed to the proposal's author, the board and admins only.

pub mod copy;
pub mod edit;
pub mod history;
pub mod remind;
pub mod reopen;
pub mod withdraw;

use super::closing::{event, notify_each, path};
use crate::domain::notification::Kind;
use crate::i18n::{Arg, Locale, render};
use crate::mail::{MailContext, MailKind, messages};
use crate::service::{Answer, ServiceError};
use crate::storage::proposals::{self, Proposal};
use crate::storage::{DbConn, accounts, coops};
use chrono::NaiveDateTime;
use diesel::QueryResult;

pub use crate::storage::proposal_versions::{Event, Version};

/// Who acts on a proposal: their account, and whether they manage the co-op's proposals
/// (board or admin).
#[derive(Debug, Clone, Copy)]
pub struct Steerer {
    pub account: i64,
    pub board: bool,
}

impl Steerer {
    /// May they edit or withdraw `p`? Its author, the board and admins.
    pub fn may_steer(&self, p: &Proposal) -> bool {
        self.board || p.author_id == Some(self.account)
    }

    fn check(&self, p: &Proposal) -> Answer<()> {
        if self.may_steer(p) {
            Ok(())
        } else {
            Err(ServiceError::Forbidden)
        }
    }
}

/// The time, the reader's language and the co-op's zone: what a refusal naming a time needs.
#[derive(Debug, Clone, Copy)]
pub struct When {
    pub now: NaiveDateTime,
    pub locale: Locale,
    pub tz: chrono_tz::Tz,
}

/// The earliest closing time for a class open at least `min_hours` from `start`, to the
/// minute as closing times are typed ("in 24 hours" typed now is 24 hours).
fn earliest(start: NaiveDateTime, min_hours: u32) -> NaiveDateTime {
    use chrono::Timelike;
    let at = start + chrono::Duration::hours(i64::from(min_hours));
    at.with_second(0)
        .and_then(|t| t.with_nanosecond(0))
        .unwrap_or(at)
}

/// Tells everyone on the roll of `p` (a notification of `kind`, and the message
/// `{keys}-subject` / `{keys}-body` with the title, `name`, `reason` and closing time).
fn tell_roll(
    conn: &mut DbConn,
    mail: &MailContext,
    (p, actor, now): (&Proposal, i64, NaiveDateTime),
    (kind, mail_kind, keys): (Kind, MailKind, &str),
    reason: &str,
) -> QueryResult<()> {
    let coop = coops::by_id(conn, p.coop_id)?.ok_or(diesel::result::Error::NotFound)?;
    let name = accounts::by_id(conn, actor)?
        .map(|a| a.display_name)
        .unwrap_or_default();
    let ids: Vec<i64> = proposals::roll_of(conn, p.id)?
        .into_iter()
        .map(|(a, _)| a)
        .collect();
    let path = path(&coop.slug, p.id);
    let url = format!("{}{path}", mail.base_url);
    let mut e = event(kind, p, &path, None);
    e.actor_id = Some(actor);
    notify_each(conn, mail, (mail_kind, &e), &coop, (&ids, now), &|l| {
        let args = [
            ("title", Arg::from(p.title.as_str())),
            ("name", Arg::from(name.as_str())),
            ("reason", Arg::from(reason)),
            (
                "closes",
                Arg::from(crate::i18n::format::in_zone(l, coop.tz(), p.closes_at)),
            ),
        ];
        messages::notification(
            l,
            &render(l, &format!("{keys}-subject"), &args),
            &render(l, &format!("{keys}-body"), &args),
            &url,
        )
    })
}

/// What the proposal page shows of the lifecycle.
pub struct PagePart {
    pub history: Vec<history::Entry>,
    /// When the next reminder by hand may go out, if not now.
    pub remind_next: Option<NaiveDateTime>,
}

/// The history of `p` and when it may next be reminded.
pub fn page_part(conn: &mut DbConn, p: &Proposal, now: NaiveDateTime) -> Answer<PagePart> {
    Ok(PagePart {
        history: history::of(conn, p)?,
        remind_next: remind::next_at(conn, p, now)?,
    })
}
