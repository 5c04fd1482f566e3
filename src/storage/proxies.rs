//! Proxies: a member lets another member vote for them, for one proposal or until revoked,
//! within the rulebook's `proxies` limits. The giver voting themselves overrides it (with
//! proposals).

use super::DbConn;
use super::schema::{accounts, proxies};
use crate::domain::rulebook::Rulebook;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::json;

/// Why a proxy is refused: a catalog key suffix and its number argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    Forbidden,
    MaxPerHolder(u32),
    SameCollege,
    NotMember,
    ToSelf,
    AlreadyGiven,
    /// A proxy for one proposal names an open proposal of the co-op.
    ProposalNotOpen,
}

impl Refusal {
    pub fn key(self) -> &'static str {
        match self {
            Refusal::Forbidden => "proxy-refused-forbidden",
            Refusal::MaxPerHolder(_) => "proxy-refused-max",
            Refusal::SameCollege => "proxy-refused-same-college",
            Refusal::NotMember => "proxy-refused-not-member",
            Refusal::ToSelf => "proxy-refused-self",
            Refusal::AlreadyGiven => "proxy-refused-already",
            Refusal::ProposalNotOpen => "proxy-refused-proposal",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Refusal::Forbidden => "proxies_forbidden",
            Refusal::MaxPerHolder(_) => "proxy_max_per_holder",
            Refusal::SameCollege => "proxy_same_college",
            Refusal::NotMember => "proxy_holder_not_member",
            Refusal::ToSelf => "proxy_to_self",
            Refusal::AlreadyGiven => "proxy_already_given",
            Refusal::ProposalNotOpen => "proxy_proposal_not_open",
        }
    }
}

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

fn held(conn: &mut DbConn, coop_id: i64, holder: i64) -> QueryResult<i64> {
    proxies::table
        .filter(proxies::coop_id.eq(coop_id))
        .filter(proxies::holder_id.eq(holder))
        .filter(proxies::revoked_at.is_null())
        .count()
        .get_result(conn)
}

/// Gives a proxy (in the caller's transaction), or says which limit refuses it.
pub fn give(
    conn: &mut DbConn,
    coop_id: i64,
    rules: &Rulebook,
    giver: i64,
    holder: i64,
    proposal_id: Option<i64>,
) -> QueryResult<Result<i64, Refusal>> {
    if !rules.proxies.allowed {
        return Ok(Err(Refusal::Forbidden));
    }
    if giver == holder {
        return Ok(Err(Refusal::ToSelf));
    }
    let giver_row = super::members::current(conn, coop_id, giver)?;
    let holder_row = super::members::current(conn, coop_id, holder)?;
    let (Some(g), Some(h)) = (giver_row, holder_row) else {
        return Ok(Err(Refusal::NotMember));
    };
    if g.college.is_none() || h.college.is_none() {
        return Ok(Err(Refusal::NotMember));
    }
    if rules.proxies.same_college && g.college != h.college {
        return Ok(Err(Refusal::SameCollege));
    }
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
    let existing: i64 = query.count().get_result(conn)?;
    if existing > 0 {
        return Ok(Err(Refusal::AlreadyGiven));
    }
    let max = rules.proxies.max_per_holder;
    if held(conn, coop_id, holder)? >= i64::from(max) {
        return Ok(Err(Refusal::MaxPerHolder(max)));
    }
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
    Ok(Ok(id))
}

/// Gives a proxy for one open proposal of the co-op (`Some`) or until revoked (`None`).
pub fn give_for(
    conn: &mut DbConn,
    coop_id: i64,
    rules: &Rulebook,
    giver: i64,
    holder: i64,
    proposal_id: Option<i64>,
) -> QueryResult<Result<i64, Refusal>> {
    if let Some(pid) = proposal_id {
        let open = super::proposals::by_id(conn, coop_id, pid)?.is_some_and(|p| p.is_open());
        if !open {
            return Ok(Err(Refusal::ProposalNotOpen));
        }
    }
    give(conn, coop_id, rules, giver, holder, proposal_id)
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
