//! The tables behind a proposal's result (pairwise support and strongest paths, IRV rounds,
//! Borda points, each college's part) and, while it is open, how many more ballots reach
//! the quorum: both from the engine, on the same election file the verdict is tallied from
//! (`super::outcome`), so the page's tables and its verdict cannot disagree. Computed when
//! the page is shown; never part of the sealed result.

use super::{Proposal, election_file};
use crate::domain::election::{
    ElectionError, Explanation, QuorumNeed, Turnout, explain, parse_election, quorum_needed,
    turnout,
};

/// What the engine says about a proposal's ballots beyond its verdict.
pub struct Explained {
    pub explanation: Explanation,
    /// Eligible voters and ballots cast, per college in rule order.
    pub turnout: Vec<Turnout>,
    pub quorum: QuorumNeed,
}

/// Explains the tally of ballots `(college, choice JSON, count)` under the proposal's
/// frozen rules.
pub fn explained(
    p: &Proposal,
    grouped: &[(String, String, i64)],
) -> Result<Explained, ElectionError> {
    let e = parse_election(&election_file(p, grouped).to_string())?;
    Ok(Explained {
        explanation: explain(&e)?,
        turnout: turnout(&e),
        quorum: quorum_needed(&e),
    })
}
