//! A proposal as a reader finds it: the list, one proposal with what its page shows
//! (ballot, results as far as the reader may see them, the board's controls), ballot counts,
//! the outcome for the API, and named votes.

use crate::domain::election::{ElectionError, Outcome};
use crate::domain::refusal::{Code, Refused};
use crate::domain::rulebook::{Call, Rulebook};
use crate::keys::Keys;
use crate::service::{Answer, ServiceError};
use crate::storage::{DbConn, ballots, coops, proposals, proxies};

pub use super::positions::{Filter, NotVoted, Page as PositionsPage};
pub use crate::storage::ballots::{NamedVote, Position};
pub use crate::storage::proposals::Proposal;

/// The co-op's proposal, or not found.
pub fn by_id(c: &mut DbConn, coop_id: i64, id: i64) -> Answer<Proposal> {
    proposals::by_id(c, coop_id, id)?.ok_or(ServiceError::NotFound)
}

/// The co-op's proposals, newest first.
pub fn list(c: &mut DbConn, coop_id: i64) -> Answer<Vec<Proposal>> {
    Ok(proposals::list(c, coop_id)?)
}

/// The co-op's proposals with its current rulebook (who may propose).
pub fn list_with_rulebook(c: &mut DbConn, coop_id: i64) -> Answer<(Vec<Proposal>, Rulebook)> {
    Ok((
        proposals::list(c, coop_id)?,
        coops::current_rulebook(c, coop_id)?,
    ))
}

/// How many ballots are in, and whether `me`'s is one of them.
pub fn counts(c: &mut DbConn, proposal_id: i64, me: i64) -> Answer<(i64, bool)> {
    Ok((
        ballots::count(c, proposal_id)?,
        ballots::has_voted(c, proposal_id, me)?,
    ))
}

/// The outcome when `me` may see it (refused `results_not_visible` otherwise); the engine's
/// error as it is when the stored ballots do not tally.
pub fn outcome_for(
    c: &mut DbConn,
    keys: &Keys,
    p: &Proposal,
    me: i64,
) -> Answer<Result<Outcome, ElectionError>> {
    let voted = ballots::has_voted(c, p.id, me)?;
    if !super::results_visible(p, voted) {
        return Err(Code::ResultsNotVisible.into());
    }
    let grouped = super::sealing::grouped(c, keys, p)?;
    Ok(super::outcome(p, &grouped))
}

/// The named votes of an open-ballot proposal.
pub fn named_votes(c: &mut DbConn, proposal_id: i64) -> Answer<Vec<NamedVote>> {
    Ok(ballots::named(c, proposal_id)?)
}

/// Someone the reader may vote as: themselves (`giver` none), or a proxy giver.
pub struct Voter {
    pub giver: Option<i64>,
    pub name: String,
}

/// Everything a proposal's page shows, loaded in one go.
pub struct Loaded {
    pub p: Proposal,
    pub on_roll: bool,
    pub voted: bool,
    pub as_whom: Vec<Voter>,
    pub grouped: Option<Vec<(String, String, i64)>>,
    /// Who has not voted yet, as far as the reader may see it (board, or all: co-op setting).
    pub not_voted: Option<NotVoted>,
    pub counted: i64,
    pub second_call: bool,
    pub early_close: Option<Refused>,
    /// The reader's own ballot (stored choice JSON), to start the form from.
    pub current: Option<serde_json::Value>,
    /// Adopted, but refused at enactment: why.
    pub not_enacted: Option<String>,
    /// The co-op's current rulebook (college names).
    pub book: Rulebook,
    /// Named positions, when the proposal is not secret and its results are visible.
    pub positions: Option<PositionsPage>,
    pub filter: Filter,
}

/// The proposal's page for reader `me`; `board` for those who manage proposals.
pub fn page(
    c: &mut DbConn,
    keys: &Keys,
    (coop_id, pid): (i64, i64),
    (me, board): (i64, bool),
    filter: Filter,
) -> Answer<Loaded> {
    let p = by_id(c, coop_id, pid)?;
    let on_roll = proposals::college_on_roll(c, p.id, me)?.is_some();
    let tag = super::voter_tag(keys, p.id, me);
    let voted = ballots::has_voted(c, p.id, me)?;
    let current = match p.is_open() {
        true => super::sealing::own_choice(c, keys, &p, &tag)?,
        false => None,
    }
    .and_then(|j: String| serde_json::from_str(&j).ok());
    let as_whom = as_whom(c, coop_id, me, &p, on_roll)?;
    let grouped = if super::results_visible(&p, voted) {
        Some(super::sealing::grouped(c, keys, &p)?)
    } else {
        None
    };
    let not_voted = super::positions::not_voted(c, &p, board)?;
    let counted = ballots::count(c, p.id)?;
    let book = coops::current_rulebook(c, coop_id)?;
    let second_call = p.verdict.as_deref() == Some("no_quorum")
        && p.call == Call::First
        && Some(p.decision_class).is_some_and(|k| super::create::has_second_call(&book, k));
    let not_enacted = super::enact::not_enacted(c, &p)?;
    let positions = super::positions::visible(c, &p, voted, &filter)?;
    // Why the board may not close it now (said where the button would be).
    let early_close = if board && p.is_open() {
        super::manage::early_close_refusal(c, &p)?
    } else {
        None
    };
    Ok(Loaded {
        early_close,
        p,
        on_roll,
        voted,
        as_whom,
        grouped,
        not_voted,
        counted,
        second_call,
        current,
        not_enacted,
        book,
        positions,
        filter,
    })
}

/// For whom the reader may vote: themselves when on the roll, then (while open) the proxy
/// givers on the roll whose proxy covers this proposal.
fn as_whom(
    c: &mut DbConn,
    coop_id: i64,
    me: i64,
    p: &Proposal,
    on_roll: bool,
) -> Answer<Vec<Voter>> {
    let mut as_whom = vec![];
    if on_roll {
        as_whom.push(Voter {
            giver: None,
            name: String::new(),
        });
    }
    if p.is_open() {
        for x in proxies::of_member(c, coop_id, me)? {
            let for_this = x.proposal_id.is_none_or(|id| id == p.id);
            if x.holder_id == me
                && for_this
                && proposals::college_on_roll(c, p.id, x.giver_id)?.is_some()
            {
                as_whom.push(Voter {
                    giver: Some(x.giver_id),
                    name: x.giver_name,
                });
            }
        }
    }
    Ok(as_whom)
}
