//! The co-ops service: the co-ops a person belongs to, founding one, the rulebook and its
//! versions, the numbers a co-op's front page shows, and its audit trail with the actors'
//! names.

use crate::domain::rulebook::Rulebook;
use crate::service::Answer;
use crate::storage::{DbConn, accounts, audit, coops, members, write_tx};
use std::collections::BTreeMap;

pub use crate::storage::audit::{Broken, Event};
pub use crate::storage::coops::{Coop, NewCoop, Version, valid_slug};

/// The co-ops `account` is a current member of.
pub fn of_account(c: &mut DbConn, account: i64) -> Answer<Vec<Coop>> {
    Ok(coops::of_account(c, account)?)
}

/// The co-op's current rulebook.
pub fn rulebook(c: &mut DbConn, coop_id: i64) -> Answer<Rulebook> {
    Ok(coops::current_rulebook(c, coop_id)?)
}

/// The current rulebook version (number, origin, text).
pub fn current_version(c: &mut DbConn, coop_id: i64) -> Answer<Version> {
    Ok(coops::current_version(c, coop_id)?)
}

/// Every rulebook version, the current first.
pub fn versions(c: &mut DbConn, coop_id: i64) -> Answer<Vec<Version>> {
    Ok(coops::versions(c, coop_id)?)
}

/// Founds a co-op (rulebook version 1, the founder its admin); `None` when the slug is taken.
pub fn found(c: &mut DbConn, new: &NewCoop<'_>) -> Answer<Option<Coop>> {
    write_tx(c, |c| Ok(coops::found(c, new)?))
}

/// Each college of the current rulebook with its number of current members.
pub fn colleges(c: &mut DbConn, coop_id: i64) -> Answer<(Rulebook, Vec<i64>)> {
    let book = coops::current_rulebook(c, coop_id)?;
    let mut counts = Vec::with_capacity(book.colleges.len());
    for college in &book.colleges {
        counts.push(members::count_in_college(c, coop_id, &college.key)?);
    }
    Ok((book, counts))
}

/// A co-op's front page: its rulebook, each college's number of current members, and for a
/// reader who may see proposals, what is open, decided and discussed.
pub struct FrontPage {
    pub book: Rulebook,
    pub members: Vec<i64>,
    pub overview: Option<crate::members::day::Overview>,
}

/// The co-op's front page, for `reader` when they may see its proposals.
pub fn front_page(
    c: &mut DbConn,
    coop_id: i64,
    reader: Option<i64>,
    now: chrono::NaiveDateTime,
) -> Answer<FrontPage> {
    let (book, members) = colleges(c, coop_id)?;
    let overview = match reader {
        Some(me) => Some(crate::members::day::overview(c, coop_id, me, now)?),
        None => None,
    };
    Ok(FrontPage {
        book,
        members,
        overview,
    })
}

/// The co-op's audit trail: its events, the chain's verdict, and the actors' names.
pub struct Trail {
    pub events: Vec<Event>,
    pub verdict: Result<usize, Broken>,
    pub names: BTreeMap<i64, String>,
}

/// The audit trail of the co-op, verified.
pub fn audit_trail(c: &mut DbConn, coop_id: i64) -> Answer<Trail> {
    let events = audit::list(c, coop_id)?;
    let mut names = BTreeMap::new();
    for id in events.iter().filter_map(|e| e.actor_id) {
        if let std::collections::btree_map::Entry::Vacant(slot) = names.entry(id)
            && let Some(a) = accounts::by_id(c, id)?
        {
            slot.insert(a.display_name);
        }
    }
    Ok(Trail {
        verdict: audit::verify(c, coop_id)?,
        events,
        names,
    })
}

/// The co-op's own settings (board and admins change them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    /// Members see who on the roll has not voted yet on a non-secret proposal (the board
    /// always does).
    pub show_not_voted: bool,
}

/// The co-op's settings.
pub fn settings(c: &mut DbConn, coop_id: i64) -> Answer<Settings> {
    Ok(Settings {
        show_not_voted: coops::show_not_voted(c, coop_id)?,
    })
}

/// Saves the co-op's settings, audited (`coop_settings_changed`) when they change.
pub fn save_settings(c: &mut DbConn, coop_id: i64, actor: i64, new: Settings) -> Answer<()> {
    write_tx(c, |c| {
        if coops::show_not_voted(c, coop_id)? != new.show_not_voted {
            coops::set_show_not_voted(c, coop_id, new.show_not_voted)?;
            audit::append(
                c,
                coop_id,
                Some(actor),
                "coop_settings_changed",
                serde_json::json!({"show_not_voted": new.show_not_voted}),
            )?;
        }
        Ok(())
    })
}
