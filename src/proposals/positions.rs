//! Positions: on a proposal that is not secret, once the reader may see its results, each
//! voter's choice, college and reason (a proxy vote says who cast it), latest first, filtered
//! by college or choice. Secret proposals have none: their ballots hold no names.

use crate::storage::DbConn;
use crate::storage::ballots::{self, Position};
use crate::storage::proposals::Proposal;
use diesel::QueryResult;

/// Positions shown at most on one page.
pub const SHOWN: i64 = 200;

/// Which positions: one college's, one choice's (the stored choice JSON), or all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub college: Option<String>,
    pub choice: Option<String>,
}

/// The positions the reader may see (`None`: none to show, secret or results not visible).
pub fn visible(
    conn: &mut DbConn,
    p: &Proposal,
    reader_voted: bool,
    filter: &Filter,
) -> QueryResult<Option<Vec<Position>>> {
    if p.secret || !super::results_visible(p, reader_voted) {
        return Ok(None);
    }
    ballots::positions(
        conn,
        p.id,
        filter.college.as_deref(),
        filter.choice.as_deref(),
        SHOWN,
    )
    .map(Some)
}
