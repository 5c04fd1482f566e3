//! Positions: on a proposal that is not secret, once the reader may see its results, each
//! voter's choice, college and reason (a proxy vote says who cast it), latest first, 50 a page
//! by keyset (the page below a cursor), filtered by college or choice; a changed vote says so.
//! Secret proposals have none: their ballots hold no names. Also who on the roll has not voted
//! yet: the board always sees it while open; members too on a non-secret proposal, unless the
//! co-op turned that off (`show_not_voted`).

use crate::storage::DbConn;
use crate::storage::ballots::{self, Position};
use crate::storage::proposals::{self as stored, Proposal};
use chrono::{DateTime, NaiveDateTime};
use diesel::QueryResult;

pub use crate::storage::ballots::Cursor;

/// Positions shown on one page.
pub const PAGE: i64 = 50;

/// Names of those who have not voted shown at most.
pub const NOT_VOTED_SHOWN: i64 = 200;

/// Which positions: one college's, one choice's (the stored choice JSON), or all; from the
/// top or below a cursor.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub college: Option<String>,
    pub choice: Option<String>,
    pub after: Option<Cursor>,
}

/// One page of positions, and where the next (older) one starts.
#[derive(Debug, Clone)]
pub struct Page {
    pub items: Vec<Position>,
    pub older: Option<Cursor>,
}

/// The positions the reader may see (`None`: none to show, secret or results not visible).
pub fn visible(
    conn: &mut DbConn,
    p: &Proposal,
    reader_voted: bool,
    filter: &Filter,
) -> QueryResult<Option<Page>> {
    if p.secret || !super::results_visible(p, reader_voted) {
        return Ok(None);
    }
    let by = (filter.college.as_deref(), filter.choice.as_deref());
    let mut items = ballots::positions(conn, p.id, by, filter.after, PAGE + 1)?;
    let older = if items.len() as i64 > PAGE {
        items.truncate(PAGE as usize);
        items.last().and_then(|x| x.cast_at.map(|at| (at, x.id)))
    } else {
        None
    };
    Ok(Some(Page { items, older }))
}

/// Who on the roll has not voted yet, as far as the reader may see it.
#[derive(Debug, Clone)]
pub struct NotVoted {
    /// The names (at most [`NOT_VOTED_SHOWN`]), by name.
    pub names: Vec<String>,
    pub total: i64,
    /// Shown to every reader (not secret, and the co-op shows it), not to the board alone.
    pub public: bool,
}

/// Who has not voted yet on an open proposal: for the board always, for every reader on a
/// non-secret proposal when the co-op shows it.
pub fn not_voted(conn: &mut DbConn, p: &Proposal, board: bool) -> QueryResult<Option<NotVoted>> {
    if !p.is_open() {
        return Ok(None);
    }
    let public = !p.secret && crate::storage::coops::show_not_voted(conn, p.coop_id)?;
    if !public && !board {
        return Ok(None);
    }
    let (names, total) = stored::not_voted(conn, p.id, NOT_VOTED_SHOWN)?;
    Ok(Some(NotVoted {
        names,
        total,
        public,
    }))
}

/// A cursor as a link carries it: `MICROSECONDS_ID`.
pub fn cursor_text((at, id): Cursor) -> String {
    format!("{}_{id}", at.and_utc().timestamp_micros())
}

/// A cursor from a link; `None` when it is not one (the first page then).
pub fn parse_cursor(text: &str) -> Option<Cursor> {
    let (micros, id) = text.split_once('_')?;
    let at: NaiveDateTime = DateTime::from_timestamp_micros(micros.parse().ok()?)?.naive_utc();
    Some((at, id.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_reads_back_and_bad_ones_are_none() {
        let at = DateTime::from_timestamp_micros(1_765_148_400_123_456)
            .map(|t| t.naive_utc())
            .unwrap_or_default();
        assert_eq!(parse_cursor(&cursor_text((at, 42))), Some((at, 42)));
        for bad in [
            "",
            "_",
            "12",
            "x_1",
            "1_x",
            "99999999999999999999_1",
            "1_2_3",
        ] {
            assert_eq!(parse_cursor(bad), None, "{bad}");
        }
    }
}
