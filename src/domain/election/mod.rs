//! Elections: the `collegia-election/1` file, the tally engine and `collegia-result/1`.
//!
//! Pure: values in, values out. `parse_election` reads a file, `Election::new` builds one
//! in code (the web tallies stored ballots), `tally` validates and decides, and
//! `Outcome::to_json` writes the result with reasons rendered by the caller.

mod file;
mod irv;
mod model;
mod options;
mod ranked;
pub mod reason;
pub mod result;
pub mod rules;
mod tally;
mod validate;
mod weights;

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;

pub use file::{FORMAT, parse_election};
pub use model::{
    ALL_COLLEGE, Ballot, Choice, ConsentChoice, Election, ElectionError, Method, ProposalChoice,
    RankedRule,
};
pub use reason::{Reason, ReasonArg};
pub use result::{CollegeResult, Outcome, RESULT_FORMAT, Round, Shares, Verdict};
pub use tally::tally;

/// Parses and tallies a file in one go.
pub fn tally_json(json: &str) -> Result<Outcome, ElectionError> {
    tally(&parse_election(json)?)
}
