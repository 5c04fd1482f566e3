//! A vote, whether it comes from the ballot form or the API: one path. The voter's own ballot
//! is checked against the open election kept in memory (no reads); a proxy vote reads the
//! proxies. Either way the checked ballot then waits in the ballot box, which writes the
//! ballots cast at the same moment together.

use super::ballot::{self, Cast, Refusal};
use super::ballot_box::BallotBox;
use super::open_elections::{Found, OpenElections};
use crate::domain::refusal::{Code, Refused};
use crate::keys::Keys;
use crate::service::{Answer, ServiceError};
use crate::storage::proposals::{self, Proposal};
use crate::storage::{Db, ballots, members, write_tx};
use chrono::NaiveDateTime;
use serde_json::Value;
use std::sync::Arc;

impl From<Refusal> for Refused {
    fn from(r: Refusal) -> Refused {
        let code = match &r {
            Refusal::NotOpen => Code::ProposalNotOpen,
            Refusal::NotOnRoll => Code::NotOnRoll,
            Refusal::NoProxy => Code::NoProxy,
            Refusal::GiverVoted => Code::GiverVoted,
            Refusal::ReasonRequired => Code::ReasonRequired,
            Refusal::SamePosition => Code::SamePosition,
            Refusal::NotANumber => Code::NotANumber,
            Refusal::NoChoice => Code::NoChoice,
            Refusal::OverBudget(_) => Code::OverBudget,
            Refusal::Invalid(_) => Code::InvalidBallot,
            Refusal::NothingToWithdraw => Code::NoBallot,
        };
        match r {
            Refusal::OverBudget(budget) => Refused::new(code).with("budget", budget),
            Refusal::Invalid(words) => Refused::new(code).detail(words),
            _ => Refused::new(code),
        }
    }
}

impl From<Refusal> for ServiceError {
    fn from(r: Refusal) -> ServiceError {
        ServiceError::Refused(r.into())
    }
}

/// Whose ballot it is, when not the voter's own: the giver of a proxy the voter holds.
#[derive(Debug, Clone)]
pub enum Giver {
    /// By account id (the form's hidden field).
    Account(i64),
    /// By public member id (the API).
    PublicId(String),
}

/// The choice as sent: the engine's JSON (API), or the ballot form's fields.
#[derive(Debug, Clone)]
pub enum Choice {
    Json(Value),
    Form(Vec<(String, String)>),
}

impl Choice {
    fn read(self, p: &Proposal) -> Result<Value, Refusal> {
        match self {
            Choice::Json(v) => Ok(v),
            Choice::Form(pairs) => ballot::choice_from_form(p, &pairs),
        }
    }
}

/// A vote on proposal `proposal_id` of co-op `coop_id`.
#[derive(Debug, Clone)]
pub struct Vote {
    pub coop_id: i64,
    pub proposal_id: i64,
    pub voter: i64,
    pub giver: Option<Giver>,
    pub choice: Choice,
    pub reason: Option<String>,
}

/// What a vote needs of the server: the database, the box, the elections kept in memory and
/// the keys that tag and seal ballots.
pub struct Desk<'a> {
    pub db: &'a Db,
    pub ballot_box: &'a BallotBox,
    pub elections: &'a Arc<OpenElections>,
    pub keys: &'a Arc<Keys>,
}

/// Casts or changes a ballot: counted, or refused with a code.
pub async fn cast(desk: &Desk<'_>, vote: Vote, now: NaiveDateTime) -> Answer<()> {
    let kept = match vote.giver {
        None => desk.elections.kept(vote.coop_id, vote.proposal_id),
        Some(_) => None,
    };
    let prepared = match kept {
        Some(found) => own(desk.keys, found, vote, now)?,
        None => {
            let keys = desk.keys.clone();
            let elections = desk.elections.clone();
            desk.db
                .block(move |db| match vote.giver.clone() {
                    None => {
                        let found = elections.get(db, vote.coop_id, vote.proposal_id)?;
                        own(&keys, found, vote, now)
                    }
                    Some(giver) => {
                        let mut conn = db.get()?;
                        let c = &mut *conn;
                        let p = proposals::by_id(c, vote.coop_id, vote.proposal_id)?
                            .ok_or(ServiceError::NotFound)?;
                        let giver = match giver {
                            Giver::Account(id) => id,
                            Giver::PublicId(public) => members::account_by_public_id(c, &public)?
                                .ok_or(ServiceError::NotFound)?,
                        };
                        let choice = match vote.choice.read(&p) {
                            Ok(choice) => choice,
                            Err(r) => return Ok(Err(r)),
                        };
                        let cast = Cast {
                            proposal: &p,
                            voter: vote.voter,
                            giver: Some(giver),
                            choice,
                            reason: vote.reason,
                            now,
                        };
                        Ok(ballot::prepare(c, &keys, &cast)?)
                    }
                })
                .await?
        }
    };
    desk.ballot_box.cast(desk.db, prepared, now).await??;
    Ok(())
}

/// The voter's own ballot on a proposal as found: checked against its frozen roll.
fn own(
    keys: &Keys,
    found: Found,
    vote: Vote,
    now: NaiveDateTime,
) -> Answer<Result<ballots::NewBallot, Refusal>> {
    match found {
        Found::Missing => Err(ServiceError::NotFound),
        Found::NotOpen => Ok(Err(Refusal::NotOpen)),
        Found::Open(open) => {
            let choice = match vote.choice.read(&open.proposal) {
                Ok(choice) => choice,
                Err(r) => return Ok(Err(r)),
            };
            let cast = Cast {
                proposal: &open.proposal,
                voter: vote.voter,
                giver: None,
                choice,
                reason: vote.reason,
                now,
            };
            Ok(ballot::prepare_from_roll(keys, &cast, &open.roll))
        }
    }
}

/// Withdraws the voter's own ballot while the proposal is open.
pub fn withdraw(
    conn: &mut crate::storage::DbConn,
    keys: &Keys,
    p: &Proposal,
    voter: i64,
    now: NaiveDateTime,
) -> Answer<()> {
    write_tx(conn, |c| Ok(ballot::withdraw(c, keys, p, voter, now)??))
}
