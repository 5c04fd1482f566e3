//! A proposal's lifecycle as stored: the versions an edit replaced, and the steps of its life
//! (edited, withdrawn, reminded, reopened…) with who took them, when, and what they carry
//! (a reason, the times moved, the earlier result and its seal) as JSON.

use super::DbConn;
use super::schema::{accounts, proposal_events, proposal_versions};
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// A version an edit replaced (the proposal as it was before edit number `version`).
#[derive(Debug, Clone, Queryable)]
pub struct Version {
    pub version: i64,
    pub title: String,
    pub details: String,
    /// The options, as JSON text (a list of names).
    pub options: String,
    pub closes_at: NaiveDateTime,
    pub edited_by: Option<String>,
    pub edited_at: NaiveDateTime,
}

/// What an edit replaced, to keep.
pub struct Replaced<'a> {
    pub proposal_id: i64,
    pub title: &'a str,
    pub details: &'a str,
    pub options: &'a [String],
    pub closes_at: NaiveDateTime,
    pub edited_by: i64,
    pub edited_at: NaiveDateTime,
}

/// Keeps the version an edit replaces; answers its number (1 for the first edit).
pub fn keep(conn: &mut DbConn, r: &Replaced<'_>) -> QueryResult<i64> {
    let last: Option<i64> = proposal_versions::table
        .filter(proposal_versions::proposal_id.eq(r.proposal_id))
        .select(diesel::dsl::max(proposal_versions::version))
        .get_result(conn)?;
    let version = last.unwrap_or(0) + 1;
    let options = serde_json::to_string(r.options)
        .map_err(|e| diesel::result::Error::SerializationError(e.into()))?;
    diesel::insert_into(proposal_versions::table)
        .values((
            proposal_versions::proposal_id.eq(r.proposal_id),
            proposal_versions::version.eq(version),
            proposal_versions::title.eq(r.title),
            proposal_versions::details.eq(r.details),
            proposal_versions::options.eq(options),
            proposal_versions::closes_at.eq(r.closes_at),
            proposal_versions::edited_by.eq(r.edited_by),
            proposal_versions::edited_at.eq(r.edited_at),
        ))
        .execute(conn)?;
    Ok(version)
}

/// The versions edits replaced, oldest first, with the editor's name.
pub fn versions(conn: &mut DbConn, proposal_id: i64) -> QueryResult<Vec<Version>> {
    proposal_versions::table
        .left_join(accounts::table.on(accounts::id.nullable().eq(proposal_versions::edited_by)))
        .filter(proposal_versions::proposal_id.eq(proposal_id))
        .order(proposal_versions::version.asc())
        .select((
            proposal_versions::version,
            proposal_versions::title,
            proposal_versions::details,
            proposal_versions::options,
            proposal_versions::closes_at,
            accounts::display_name.nullable(),
            proposal_versions::edited_at,
        ))
        .load(conn)
}

/// Has anyone edited the proposal? (one cheap read).
pub fn count(conn: &mut DbConn, proposal_id: i64) -> QueryResult<i64> {
    proposal_versions::table
        .filter(proposal_versions::proposal_id.eq(proposal_id))
        .count()
        .get_result(conn)
}

/// One step of a proposal's life, with the actor's name.
#[derive(Debug, Clone, Queryable)]
pub struct Event {
    pub id: i64,
    pub kind: String,
    pub actor: Option<String>,
    pub at: NaiveDateTime,
    /// JSON object.
    pub detail: String,
}

/// Records a step of a proposal's life.
pub fn record(
    conn: &mut DbConn,
    proposal_id: i64,
    kind: &str,
    (actor, at): (Option<i64>, NaiveDateTime),
    detail: &serde_json::Value,
) -> QueryResult<()> {
    diesel::insert_into(proposal_events::table)
        .values((
            proposal_events::proposal_id.eq(proposal_id),
            proposal_events::kind.eq(kind),
            proposal_events::actor_id.eq(actor),
            proposal_events::at.eq(at),
            proposal_events::detail.eq(detail.to_string()),
        ))
        .execute(conn)?;
    Ok(())
}

/// The steps of a proposal's life, in order.
pub fn events(conn: &mut DbConn, proposal_id: i64) -> QueryResult<Vec<Event>> {
    proposal_events::table
        .left_join(accounts::table.on(accounts::id.nullable().eq(proposal_events::actor_id)))
        .filter(proposal_events::proposal_id.eq(proposal_id))
        .order((proposal_events::at.asc(), proposal_events::id.asc()))
        .select((
            proposal_events::id,
            proposal_events::kind,
            accounts::display_name.nullable(),
            proposal_events::at,
            proposal_events::detail,
        ))
        .load(conn)
}

/// When a step of this kind was last taken on the proposal.
pub fn last_at(
    conn: &mut DbConn,
    proposal_id: i64,
    kind: &str,
) -> QueryResult<Option<NaiveDateTime>> {
    proposal_events::table
        .filter(proposal_events::proposal_id.eq(proposal_id))
        .filter(proposal_events::kind.eq(kind))
        .select(diesel::dsl::max(proposal_events::at))
        .get_result(conn)
}
