//! Stored proxies: a member lets another member vote for them, for one proposal or until
//! revoked. The rulebook's limits are checked by `members::proxies`; the giver voting
//! themselves overrides a proxy (with proposals).

use super::DbConn;
use super::schema::{accounts, proxies};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::json;

#[derive(Debug, Clone, Queryable)]
pub struct Proxy {
    pub id: i64,
    pub giver_id: i64,
    pub giver_name: String,
    pub holder_id: i64,
    pub holder_name: String,
    pub proposal_id: Option<i64>,
    pub created_at: NaiveDateTime,
}

/// Live proxies of a co-op given or held by `account_id`.
pub fn of_member(conn: &mut DbConn, coop_id: i64, account_id: i64) -> QueryResult<Vec<Proxy>> {
    let (givers, holders) = diesel::alias!(accounts as givers, accounts as holders);
    proxies::table
        .inner_join(givers.on(givers.field(accounts::id).eq(proxies::giver_id)))
        .inner_join(holders.on(holders.field(accounts::id).eq(proxies::holder_id)))
        .filter(proxies::coop_id.eq(coop_id))
        .filter(proxies::revoked_at.is_null())
        .filter(
            proxies::giver_id
                .eq(account_id)
                .or(proxies::holder_id.eq(account_id)),
        )
        .order(proxies::id.asc())
        .select((
            proxies::id,
            proxies::giver_id,
            givers.field(accounts::display_name),
            proxies::holder_id,
            holders.field(accounts::display_name),
            proxies::proposal_id,
            proxies::created_at,
        ))
        .load(conn)
}

/// A live proxy as what awaits its holder's ballot reads it.
#[derive(Debug, Clone, Queryable)]
pub struct Held {
    pub coop_id: i64,
    pub giver_id: i64,
    pub giver_name: String,
    /// For one proposal only; `None` until revoked.
    pub proposal_id: Option<i64>,
}

/// Live proxies held by `holder` in any of these co-ops: one query, for what awaits a
/// person's ballot.
pub fn held_in(conn: &mut DbConn, coop_ids: &[i64], holder: i64) -> QueryResult<Vec<Held>> {
    proxies::table
        .inner_join(accounts::table.on(accounts::id.eq(proxies::giver_id)))
        .filter(proxies::coop_id.eq_any(coop_ids))
        .filter(proxies::holder_id.eq(holder))
        .filter(proxies::giver_id.ne(holder))
        .filter(proxies::revoked_at.is_null())
        .order(proxies::id.asc())
        .select((
            proxies::coop_id,
            proxies::giver_id,
            accounts::display_name,
            proxies::proposal_id,
        ))
        .load(conn)
}

pub fn held(conn: &mut DbConn, coop_id: i64, holder: i64) -> QueryResult<i64> {
    proxies::table
        .filter(proxies::coop_id.eq(coop_id))
        .filter(proxies::holder_id.eq(holder))
        .filter(proxies::revoked_at.is_null())
        .count()
        .get_result(conn)
}

/// Live proxies `giver` gave that would overlap a new one for `proposal_id` (one for the same
/// proposal or until revoked; `None`: one until revoked).
pub fn overlapping(
    conn: &mut DbConn,
    coop_id: i64,
    giver: i64,
    proposal_id: Option<i64>,
) -> QueryResult<i64> {
    let mut query = proxies::table
        .filter(proxies::coop_id.eq(coop_id))
        .filter(proxies::giver_id.eq(giver))
        .filter(proxies::revoked_at.is_null())
        .into_boxed();
    query = match proposal_id {
        Some(p) => query.filter(
            proxies::proposal_id
                .eq(p)
                .or(proxies::proposal_id.is_null()),
        ),
        None => query.filter(proxies::proposal_id.is_null()),
    };
    query.count().get_result(conn)
}

/// Stores a proxy and its audit event (in the caller's transaction).
pub fn insert(
    conn: &mut DbConn,
    coop_id: i64,
    giver: i64,
    holder: i64,
    proposal_id: Option<i64>,
) -> QueryResult<i64> {
    let id: i64 = diesel::insert_into(proxies::table)
        .values((
            proxies::coop_id.eq(coop_id),
            proxies::giver_id.eq(giver),
            proxies::holder_id.eq(holder),
            proxies::proposal_id.eq(proposal_id),
            proxies::created_at.eq(super::now()),
        ))
        .returning(proxies::id)
        .get_result(conn)?;
    super::audit::append(
        conn,
        coop_id,
        Some(giver),
        "proxy.given",
        json!({"proxy": id, "giver": giver, "holder": holder, "proposal": proposal_id}),
    )?;
    Ok(id)
}

/// Revokes a live proxy the account gave; false when there is none.
pub fn revoke(conn: &mut DbConn, coop_id: i64, giver: i64, id: i64) -> QueryResult<bool> {
    let n = diesel::update(
        proxies::table
            .filter(proxies::coop_id.eq(coop_id))
            .filter(proxies::id.eq(id))
            .filter(proxies::giver_id.eq(giver))
            .filter(proxies::revoked_at.is_null()),
    )
    .set(proxies::revoked_at.eq(Some(super::now())))
    .execute(conn)?;
    if n == 1 {
        super::audit::append(
            conn,
            coop_id,
            Some(giver),
            "proxy.revoked",
            json!({"proxy": id, "giver": giver}),
        )?;
    }
    Ok(n == 1)
}
