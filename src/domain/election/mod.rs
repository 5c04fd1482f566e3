//! Elections: the `collegia-election/1` file, the tally engine and `collegia-result/1`
//! (spec: shared/spec/election-file.md).
//!
//! Pure: values in, values out. `parse_election` reads a file, `Election::new` builds one
//! in code (the web tallies stored ballots), `tally` validates and decides, and
//! `Outcome::to_json` writes the result with reasons rendered by the caller
//! (`i18n::reasons::render_reason` renders them in English or French).
//!
//! Where the spec is silent, the engine chooses:
//! - a weight-0 (consultative) college, or one capped at 0, cannot block a proposal or
//!   object to a consent: its ballots are reported, not counted;
//! - top-level `turnout` is ballots cast over all eligible voters (headcount) and is
//!   omitted without an electorate; with an electorate every college reports
//!   `eligible`, `turnout` (0 when nobody is eligible) and `quorum_met` (true when
//!   there is no quorum or the college has no eligible voter);
//! - `shares`: Schulze gives weighted first preferences; IRV the last round's share of the
//!   continuing weight (0 for eliminated options); IRV round counts are in weight units
//!   (100 under fixed weights, one per ballot under headcount);
//! - `score`: an option nobody rated ranks last (its share prints as 0);
//! - `consent`: `ranking` orders consent/object/stand_aside by share; `aggregation`
//!   does not apply; shares are over all of a college's ballots, but (as for every
//!   method) only a college with a counted ballot (consent or object) takes part, so one
//!   with only stand-asides is dropped, or counts for nothing under `empty_college: zero`;
//! - `bloc` with `ranked` or `score` is refused even under headcount;
//! - an explicit empty `options` list is refused for every method; thresholds and
//!   quorums outside [0, 1] are refused; `base: electorate` is ignored by option methods.

mod ballot_file;
mod canonical;
mod explain;
mod file;
mod irv;
mod model;
mod options;
mod proposal;
mod quorum_needed;
mod ranked;
pub mod reason;
pub mod result;
pub mod rules;
mod tally;
mod validate;
mod weights;

#[cfg(test)]
mod fuzz;
#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_errors;
#[cfg(test)]
mod tests_options;
#[cfg(test)]
mod tests_vectors;

pub use canonical::canonical_choice;
pub use explain::{Borda, Explanation, IrvRound, Pairwise, Tables, explain};
pub use file::{FORMAT, parse_election};
pub use model::{
    ALL_COLLEGE, Ballot, Choice, ConsentChoice, Election, ElectionError, Method, ProposalChoice,
    RankedRule,
};
pub use quorum_needed::{QuorumNeed, Turnout, quorum_needed, turnout};
pub use reason::{Reason, ReasonArg};
pub use result::{CollegeResult, Outcome, RESULT_FORMAT, Round, Shares, Verdict};
pub use tally::tally;

/// Parses and tallies a file in one go.
pub fn tally_json(json: &str) -> Result<Outcome, ElectionError> {
    tally(&parse_election(json)?)
}
