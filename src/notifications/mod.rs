//! In-app notifications: every event that mails (or concerns a person) lands as a row in the
//! event's own transaction, filtered by the person's volume for that co-op (all / important /
//! none); the same volume decides whether the event's *optional* mail goes. Transactional
//! mail (reset, invitation, statement, meeting notice) never asks it.
//!
//! Also: the top bar's counters, the notifications page (newest first, keyset pages), reading
//! one (which marks it read), "mark all read", the settings page, and the daily digest
//! ([`digest`]).

pub mod digest;

use crate::domain::notification::{Kind, Volume};
use crate::mail::MailKind;
use crate::storage::notifications::{self as store, NewNotification, Setting};
use crate::storage::{DbConn, accounts, coops, members};
use chrono::NaiveDateTime;
use diesel::QueryResult;

/// Notifications per page.
pub const PAGE_SIZE: i64 = 50;

/// An event, as it lands in each recipient's notifications.
pub struct Event<'a> {
    pub kind: Kind,
    pub coop_id: i64,
    /// Who did it (a mention's author, the person who joined).
    pub actor_id: Option<i64>,
    /// What it is about, as it was then: a title, a month, a version.
    pub subject: &'a str,
    /// A key refining the kind: a verdict, a review's outcome.
    pub detail: Option<&'a str>,
    /// Where it links, without the server's address (`/c/SLUG/proposals/ID`).
    pub path: &'a str,
}

/// Lands `event` for each of `to` whose volume in the co-op lets it through, in the caller's
/// transaction. Answers those accounts: the ones whose optional mail about it may go.
pub fn land(
    conn: &mut DbConn,
    event: &Event<'_>,
    to: &[i64],
    now: NaiveDateTime,
) -> QueryResult<Vec<i64>> {
    let volumes = store::volumes(conn, event.coop_id, to)?;
    let through: Vec<i64> = to
        .iter()
        .copied()
        .filter(|a| {
            volumes
                .get(a)
                .copied()
                .unwrap_or_default()
                .lets_through(event.kind)
        })
        .collect();
    let rows: Vec<NewNotification<'_>> = through
        .iter()
        .map(|a| NewNotification {
            account_id: *a,
            coop_id: event.coop_id,
            kind: event.kind,
            actor_id: event.actor_id,
            subject: event.subject,
            detail: event.detail,
            path: event.path,
        })
        .collect();
    store::insert_many(conn, &rows, now)?;
    Ok(through)
}

/// Lands `event` for one person; true when their optional mail about it may go.
pub fn land_one(
    conn: &mut DbConn,
    event: &Event<'_>,
    to: i64,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    Ok(!land(conn, event, &[to], now)?.is_empty())
}

/// A payout rule adopted: every current member of the co-op (not guests) is told.
pub fn payout_rule_adopted(
    conn: &mut DbConn,
    coop: &coops::Coop,
    version: i64,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let to: Vec<i64> = members::directory(conn, coop.id)?
        .into_iter()
        .filter(|m| m.membership.college.is_some())
        .map(|m| m.membership.account_id)
        .collect();
    let path = format!("/c/{}/payout-rules", coop.slug);
    let subject = version.to_string();
    land(
        conn,
        &Event {
            kind: Kind::PayoutRuleAdopted,
            coop_id: coop.id,
            actor_id: None,
            subject: &subject,
            detail: None,
            path: &path,
        },
        &to,
        now,
    )?;
    Ok(())
}

/// Someone joined by an invitation: the person who invited them is told (not themselves).
pub fn invitation_accepted(
    conn: &mut DbConn,
    coop_id: i64,
    inviter: Option<i64>,
    joined: i64,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let Some(inviter) = inviter.filter(|i| *i != joined) else {
        return Ok(());
    };
    let Some(coop) = coops::by_id(conn, coop_id)? else {
        return Ok(());
    };
    let path = format!("/c/{}/members", coop.slug);
    land_one(
        conn,
        &Event {
            kind: Kind::InvitationAccepted,
            coop_id,
            actor_id: Some(joined),
            subject: &coop.name,
            detail: None,
            path: &path,
        },
        inviter,
        now,
    )?;
    Ok(())
}

/// What the top bar counts for a signed-in person.
#[derive(Debug, Clone, Copy, Default)]
pub struct Counters {
    /// Open ballots awaiting them, their own and those they hold a proxy for.
    pub to_vote: usize,
    /// Unread notifications, up to [`store::COUNT_CAP`] (shown "99+" past 99).
    pub unread: i64,
}

/// The top bar's counters: the unread count is one query on a partial index. Without
/// `with_votes` the votes are left at 0 for the caller to fill: Home counts them anyway.
pub fn counters(conn: &mut DbConn, account: i64, with_votes: bool) -> QueryResult<Counters> {
    let to_vote = if with_votes {
        let coops: Vec<i64> = coops::of_account(conn, account)?
            .iter()
            .map(|c| c.id)
            .collect();
        crate::members::day::count_open_to(conn, account, &coops)?
    } else {
        0
    };
    Ok(Counters {
        to_vote,
        unread: store::unread_count(conn, account)?,
    })
}

/// A notification as listed: its stored values and the names it mentions, read now.
pub struct Listed {
    pub id: i64,
    pub kind: Kind,
    pub coop_name: String,
    pub actor: Option<String>,
    pub subject: String,
    pub detail: Option<String>,
    pub created_at: NaiveDateTime,
    pub unread: bool,
}

/// A page of notifications and the cursor of the next (older) page.
pub struct Page {
    pub items: Vec<Listed>,
    pub older: Option<i64>,
}

fn listed(conn: &mut DbConn, rows: Vec<store::Notification>) -> QueryResult<Vec<Listed>> {
    let mut actors: Vec<i64> = rows.iter().filter_map(|n| n.actor_id).collect();
    actors.sort_unstable();
    actors.dedup();
    let mut coop_ids: Vec<i64> = rows.iter().map(|n| n.coop_id).collect();
    coop_ids.sort_unstable();
    coop_ids.dedup();
    let names = store::names(conn, &actors)?;
    let coops = store::coop_names(conn, &coop_ids)?;
    Ok(rows
        .into_iter()
        .map(|n| Listed {
            id: n.id,
            kind: n.kind,
            coop_name: coops
                .get(&n.coop_id)
                .map(|c| c.0.clone())
                .unwrap_or_default(),
            actor: n.actor_id.and_then(|a| names.get(&a).cloned()),
            subject: n.subject,
            detail: n.detail,
            created_at: n.created_at,
            unread: n.read_at.is_none(),
        })
        .collect())
}

/// `account`'s notifications older than `before`, newest first.
pub fn page(conn: &mut DbConn, account: i64, before: Option<i64>) -> QueryResult<Page> {
    let mut rows = store::page(conn, account, before, PAGE_SIZE + 1)?;
    let more = rows.len() as i64 > PAGE_SIZE;
    rows.truncate(PAGE_SIZE as usize);
    let older = more.then(|| rows.last().map(|n| n.id)).flatten();
    Ok(Page {
        items: listed(conn, rows)?,
        older,
    })
}

/// Opens `account`'s notification `id`: marks it read and answers where it links. `None`
/// when there is no such notification of theirs (another person's is not found either).
pub fn open(
    conn: &mut DbConn,
    account: i64,
    id: i64,
    now: NaiveDateTime,
) -> QueryResult<Option<String>> {
    let Some(n) = store::of_account(conn, account, id)? else {
        return Ok(None);
    };
    store::mark_read(conn, account, id, now)?;
    Ok(Some(n.path))
}

/// Marks all of `account`'s notifications read.
pub fn mark_all_read(conn: &mut DbConn, account: i64, now: NaiveDateTime) -> QueryResult<usize> {
    store::mark_all_read(conn, account, now)
}

/// A co-op's line on the settings page.
pub struct CoopSetting {
    pub coop_id: i64,
    pub name: String,
    pub setting: Setting,
}

/// Everything the settings page shows: each optional mail kind and whether it is on, and
/// each co-op of the person with its volume and digest.
pub struct Settings {
    pub mail: Vec<(MailKind, bool)>,
    pub coops: Vec<CoopSetting>,
}

pub fn settings(conn: &mut DbConn, account: i64) -> QueryResult<Settings> {
    let mut mail = vec![];
    for kind in MailKind::NOTIFICATIONS {
        mail.push((kind, accounts::mail_enabled(conn, account, kind.key())?));
    }
    let stored = store::settings_of(conn, account)?;
    let coops = coops::of_account(conn, account)?
        .into_iter()
        .map(|c| CoopSetting {
            coop_id: c.id,
            setting: stored.get(&c.id).copied().unwrap_or_default(),
            name: c.name,
        })
        .collect();
    Ok(Settings { mail, coops })
}

/// Saves the settings form: `KIND=on` per mail kind kept, `volume-COOP=all|important|none`
/// and `digest-COOP=on` per co-op of the person (other co-ops are ignored; an unknown
/// volume keeps the stored one).
pub fn save_settings(
    conn: &mut DbConn,
    account: i64,
    form: &[(String, String)],
) -> QueryResult<()> {
    crate::storage::write_tx(conn, |conn| save_settings_in(conn, account, form))
}

fn save_settings_in(conn: &mut DbConn, account: i64, form: &[(String, String)]) -> QueryResult<()> {
    let on = |key: &str| form.iter().any(|(k, v)| k == key && v == "on");
    for kind in MailKind::NOTIFICATIONS {
        accounts::set_mail_enabled(conn, account, kind.key(), on(kind.key()))?;
    }
    let stored = store::settings_of(conn, account)?;
    for c in coops::of_account(conn, account)? {
        let before = stored.get(&c.id).copied().unwrap_or_default();
        let volume = form
            .iter()
            .find(|(k, _)| *k == format!("volume-{}", c.id))
            .and_then(|(_, v)| Volume::parse(v))
            .unwrap_or(before.volume);
        let digest = on(&format!("digest-{}", c.id));
        store::set(conn, account, c.id, Setting { volume, digest })?;
    }
    Ok(())
}
