//! Reading a ballot from a form (every method, no JavaScript) and casting it: the voter on
//! the roll or a proxy holder for a giver on the roll, one counted ballot per voter.

use super::{check_ballot, method_of, voter_tag};
use crate::domain::election::Method;
use crate::keys::Keys;
use crate::storage::proposals::Proposal;
use crate::storage::{DbConn, ballots, proposals, proxies};
use chrono::NaiveDateTime;
use serde_json::{Map, Value, json};
use std::collections::HashMap;
use std::collections::hash_map::Entry;

/// Why a ballot is refused (said to people as a [`crate::domain::refusal::Refused`]; for
/// engine refusals, with the engine's message).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    NotOpen,
    NotOnRoll,
    NoProxy,
    GiverVoted,
    ReasonRequired,
    /// Two options share a position (ranked).
    SamePosition,
    /// A field is not a number where one is needed.
    NotANumber,
    /// No choice was made (proposal, consent).
    NoChoice,
    /// More dots than the budget (dot voting): the budget.
    OverBudget(i64),
    /// The engine refused the ballot; its message says why.
    Invalid(String),
    NothingToWithdraw,
}

fn field<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.trim())
        .filter(|v| !v.is_empty())
}

/// The choice of a ballot form: `choice` for proposal, consent and single; `opt-N` per
/// option for approval (checked), ranked (position), score (score) and dot (dots).
pub fn choice_from_form(p: &Proposal, pairs: &[(String, String)]) -> Result<Value, Refusal> {
    let options = p.option_list();
    let per_option = |i: usize| field(pairs, &format!("opt-{i}"));
    Ok(match method_of(p) {
        Method::Proposal | Method::Consent => json!(field(pairs, "choice").unwrap_or("")),
        Method::Single => match field(pairs, "choice") {
            Some(c) => json!(c),
            None => Value::Null,
        },
        Method::Approval => json!(
            (0..options.len())
                .filter(|i| per_option(*i).is_some())
                .map(|i| options[i].clone())
                .collect::<Vec<_>>()
        ),
        Method::Ranked => {
            let mut ranked: Vec<(u64, &String)> = vec![];
            for (i, name) in options.iter().enumerate() {
                if let Some(v) = per_option(i) {
                    let pos: u64 = v.parse().map_err(|_| Refusal::NotANumber)?;
                    if ranked.iter().any(|(p, _)| *p == pos) {
                        return Err(Refusal::SamePosition);
                    }
                    ranked.push((pos, name));
                }
            }
            ranked.sort();
            json!(ranked.into_iter().map(|(_, n)| n).collect::<Vec<_>>())
        }
        Method::Score | Method::Dot => {
            let mut m = Map::new();
            for (i, name) in options.iter().enumerate() {
                if let Some(v) = per_option(i) {
                    let n: i64 = v.parse().map_err(|_| Refusal::NotANumber)?;
                    m.insert(name.clone(), json!(n));
                }
            }
            Value::Object(m)
        }
    })
}

/// The mistakes a ballot form lets one make, said in the voter's language; everything else
/// the engine checks and says in its own words.
fn common_mistake(p: &Proposal, choice: &Value) -> Option<Refusal> {
    match method_of(p) {
        Method::Proposal | Method::Consent => choice
            .as_str()
            .is_none_or(|c| c.trim().is_empty())
            .then_some(Refusal::NoChoice),
        Method::Dot => {
            let budget = p.dots_per_voter?;
            let spent: i64 = choice
                .as_object()?
                .values()
                .filter_map(Value::as_i64)
                .filter(|n| *n > 0)
                .fold(0i64, |a, n| a.saturating_add(n));
            (spent > budget).then_some(Refusal::OverBudget(budget))
        }
        _ => None,
    }
}

/// Who a ballot is for: the voter themselves, or a giver whose proxy the voter holds.
pub struct Cast<'a> {
    pub proposal: &'a Proposal,
    pub voter: i64,
    /// The giver, when the voter votes as a proxy holder.
    pub giver: Option<i64>,
    pub choice: Value,
    pub reason: Option<String>,
    pub now: NaiveDateTime,
}

/// May `holder` vote for `giver` on this proposal (a live proxy for it or for all)?
pub fn holds_proxy(
    conn: &mut DbConn,
    p: &Proposal,
    holder: i64,
    giver: i64,
) -> diesel::QueryResult<bool> {
    Ok(proxies::of_member(conn, p.coop_id, holder)?
        .iter()
        .any(|x| {
            x.holder_id == holder
                && x.giver_id == giver
                && x.proposal_id.is_none_or(|id| id == p.id)
        }))
}

/// Checks a ballot with reads only (outside the write transaction, so the lock is held
/// briefly): the proposal is open, the owner is on the roll, the choice is valid.
pub fn prepare(
    conn: &mut DbConn,
    keys: &Keys,
    c: &Cast<'_>,
) -> Result<Result<ballots::NewBallot, Refusal>, diesel::result::Error> {
    let p = c.proposal;
    if !p.is_open() || c.now >= p.closes_at {
        return Ok(Err(Refusal::NotOpen));
    }
    let owner = c.giver.unwrap_or(c.voter);
    let college = proposals::college_on_roll(conn, p.id, owner)?;
    let ballot = fill(keys, c, college);
    if let Some(giver) = c.giver
        && ballot.is_ok()
        && !holds_proxy(conn, p, c.voter, giver)?
    {
        return Ok(Err(Refusal::NoProxy));
    }
    Ok(ballot)
}

/// The ballot of a voter on the roll of an open proposal, from its frozen roll: no reads.
/// Proxy votes go through [`prepare`]; whether the proposal is still open, [`store`] checks.
pub fn prepare_from_roll(
    keys: &Keys,
    c: &Cast<'_>,
    roll: &std::collections::HashMap<i64, String>,
) -> Result<ballots::NewBallot, Refusal> {
    debug_assert!(
        c.giver.is_none(),
        "proxy votes check the proxy: use prepare"
    );
    fill(keys, c, roll.get(&c.voter).cloned())
}

/// The checks that need no database: the roll's answer, the reason, the engine's verdict.
fn fill(keys: &Keys, c: &Cast<'_>, college: Option<String>) -> Result<ballots::NewBallot, Refusal> {
    let p = c.proposal;
    let owner = c.giver.unwrap_or(c.voter);
    let Some(college) = college else {
        return Err(Refusal::NotOnRoll);
    };
    if p.reason_required && c.reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
        return Err(Refusal::ReasonRequired);
    }
    if let Some(r) = common_mistake(p, &c.choice) {
        return Err(r);
    }
    if let Err(e) = check_ballot(p, &college, &c.choice) {
        return Err(Refusal::Invalid(e.message));
    }
    // Equal votes are equal rows (a secret ballot cannot be marked by its order).
    let choice =
        crate::domain::election::canonical_choice(p.method, &p.options, &c.choice).to_string();
    let reason = c.reason.clone().filter(|r| !r.trim().is_empty());
    let tag = voter_tag(keys, p.id, owner);
    let sealed = p
        .secret
        .then(|| super::sealing::seal(keys, p.id, &tag, &college, &choice, reason.as_deref()));
    Ok(ballots::NewBallot {
        coop_id: p.coop_id,
        proposal_id: p.id,
        college,
        choice,
        voter_tag: tag,
        account_id: (!p.secret).then_some(owner),
        cast_by: if p.secret {
            None
        } else {
            c.giver.map(|_| c.voter)
        },
        by_proxy: c.giver.is_some(),
        reason,
        at: (!p.secret).then_some(c.now),
        voter: owner,
        sealed,
    })
}

/// Stores a prepared ballot, in the caller's write transaction: the proposal must still be
/// open (on PostgreSQL its row is share-locked, so closing waits for ballots in flight), and a
/// proxy vote never replaces the giver's own.
pub fn store(
    conn: &mut DbConn,
    new: &ballots::NewBallot,
    now: NaiveDateTime,
) -> Result<Result<(), Refusal>, diesel::result::Error> {
    if !proposals::still_open(conn, new.proposal_id, now)? {
        return Ok(Err(Refusal::NotOpen));
    }
    store_while_open(conn, new, now)
}

/// As [`store`], once the caller has checked in this transaction that the proposal is open.
pub fn store_while_open(
    conn: &mut DbConn,
    new: &ballots::NewBallot,
    now: NaiveDateTime,
) -> Result<Result<(), Refusal>, diesel::result::Error> {
    if new.by_proxy && ballots::existing(conn, new.proposal_id, &new.voter_tag)? == Some(false) {
        return Ok(Err(Refusal::GiverVoted));
    }
    ballots::upsert(conn, new, now)?;
    Ok(Ok(()))
}

/// Stores ballots cast at the same moment, in the caller's write transaction, checking each
/// as [`store`] would; returns each one's outcome. Any order of simultaneous ballots is a
/// fair one, so own votes are written first, all together (a voter's later ballot replacing
/// their earlier one), then proxy votes one by one, so that a proxy vote never replaces the
/// giver's own.
pub fn store_all(
    conn: &mut DbConn,
    cast: &[(&ballots::NewBallot, NaiveDateTime)],
) -> Result<Vec<Result<(), Refusal>>, diesel::result::Error> {
    // Each proposal's state is read (and share-locked) once for all.
    let mut closes: HashMap<i64, Option<NaiveDateTime>> = HashMap::new();
    let mut outcomes = Vec::with_capacity(cast.len());
    let mut own: HashMap<(i64, &str), usize> = HashMap::new();
    let mut proxied = vec![];
    for (i, (b, now)) in cast.iter().enumerate() {
        let until = match closes.entry(b.proposal_id) {
            Entry::Occupied(e) => *e.get(),
            Entry::Vacant(e) => *e.insert(proposals::open_until(conn, b.proposal_id)?),
        };
        if until.is_none_or(|t| *now >= t) {
            outcomes.push(Err(Refusal::NotOpen));
            continue;
        }
        outcomes.push(Ok(()));
        if b.by_proxy {
            proxied.push(i);
        } else {
            own.insert((b.proposal_id, b.voter_tag.as_str()), i);
        }
    }
    let mut latest: Vec<usize> = own.into_values().collect();
    latest.sort_unstable();
    let rows: Vec<_> = latest.iter().map(|&i| cast[i]).collect();
    ballots::upsert_many(conn, &rows)?;
    for i in proxied {
        outcomes[i] = store_while_open(conn, cast[i].0, cast[i].1)?;
    }
    Ok(outcomes)
}

/// Prepares and stores a ballot, in the caller's write transaction.
pub fn cast(
    conn: &mut DbConn,
    keys: &Keys,
    c: &Cast<'_>,
) -> Result<Result<(), Refusal>, diesel::result::Error> {
    match prepare(conn, keys, c)? {
        Ok(new) => store(conn, &new, c.now),
        Err(r) => Ok(Err(r)),
    }
}

/// Withdraws the voter's own ballot while the proposal is open, in the caller's write
/// transaction.
pub fn withdraw(
    conn: &mut DbConn,
    keys: &Keys,
    p: &Proposal,
    voter: i64,
    now: NaiveDateTime,
) -> Result<Result<(), Refusal>, diesel::result::Error> {
    // Re-read (and on PostgreSQL share-lock) the row: a closed result never loses a ballot.
    if !proposals::still_open(conn, p.id, now)? {
        return Ok(Err(Refusal::NotOpen));
    }
    let tag = voter_tag(keys, p.id, voter);
    if ballots::withdraw(conn, p.id, &tag, voter)? {
        Ok(Ok(()))
    } else {
        Ok(Err(Refusal::NothingToWithdraw))
    }
}
