//! Ballots: one counted row per voter and proposal, enforced by `UNIQUE(proposal_id,
//! voter_tag)`. A secret ballot holds no account: only the tag (an HMAC of the server secret,
//! the proposal and the member), the college and the choice. Who voted (never what) is in
//! `who_voted`.

use super::DbConn;
use super::schema::{accounts, ballots, who_voted};
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// A ballot to store.
#[derive(Debug, Clone)]
pub struct NewBallot {
    pub coop_id: i64,
    pub proposal_id: i64,
    pub college: String,
    /// The choice as the election file writes it (JSON).
    pub choice: String,
    pub voter_tag: String,
    /// The member whose ballot this is (`None` on secret proposals).
    pub account_id: Option<i64>,
    /// On open proposals, the proxy holder who cast it for `account_id`.
    pub cast_by: Option<i64>,
    pub by_proxy: bool,
    pub reason: Option<String>,
    pub at: Option<NaiveDateTime>,
    /// Whose vote this is, for `who_voted`.
    pub voter: i64,
}

/// What is stored under a voter's tag: `Some(by_proxy)` when a ballot exists.
pub fn existing(conn: &mut DbConn, proposal_id: i64, voter_tag: &str) -> QueryResult<Option<bool>> {
    ballots::table
        .filter(ballots::proposal_id.eq(proposal_id))
        .filter(ballots::voter_tag.eq(voter_tag))
        .select(ballots::by_proxy)
        .get_result(conn)
        .optional()
}

/// Casts or replaces many ballots of distinct voters at once (two statements in all): the
/// ballot box's batch. Each ballot comes with the instant it was cast.
pub fn upsert_many(conn: &mut DbConn, list: &[(&NewBallot, NaiveDateTime)]) -> QueryResult<()> {
    use diesel::upsert::excluded;
    if list.is_empty() {
        return Ok(());
    }
    let rows: Vec<_> = list
        .iter()
        .map(|(b, _)| {
            (
                ballots::coop_id.eq(b.coop_id),
                ballots::proposal_id.eq(b.proposal_id),
                ballots::college.eq(&b.college),
                ballots::choice.eq(&b.choice),
                ballots::count.eq(1),
                ballots::voter_tag.eq(&b.voter_tag),
                ballots::account_id.eq(b.account_id),
                ballots::proxy_for.eq(b.cast_by),
                ballots::by_proxy.eq(b.by_proxy),
                ballots::reason.eq(&b.reason),
                ballots::cast_at.eq(b.at),
            )
        })
        .collect();
    let voted: Vec<_> = list
        .iter()
        .map(|(b, now)| {
            (
                who_voted::coop_id.eq(b.coop_id),
                who_voted::proposal_id.eq(b.proposal_id),
                who_voted::account_id.eq(b.voter),
                who_voted::at.eq(*now),
            )
        })
        .collect();
    let update = (
        ballots::college.eq(excluded(ballots::college)),
        ballots::choice.eq(excluded(ballots::choice)),
        ballots::account_id.eq(excluded(ballots::account_id)),
        ballots::proxy_for.eq(excluded(ballots::proxy_for)),
        ballots::by_proxy.eq(excluded(ballots::by_proxy)),
        ballots::reason.eq(excluded(ballots::reason)),
        ballots::cast_at.eq(excluded(ballots::cast_at)),
    );
    // Large batches go in slices, well under either backend's limit of bound parameters.
    for (rows, voted) in rows.chunks(500).zip(voted.chunks(500)) {
        let ballots = diesel::insert_into(ballots::table)
            .values(rows)
            .on_conflict((ballots::proposal_id, ballots::voter_tag))
            .do_update()
            .set(update);
        let voted = diesel::insert_into(who_voted::table)
            .values(voted)
            .on_conflict((who_voted::proposal_id, who_voted::account_id))
            .do_nothing();
        // Upserts go through each backend's own connection (the two-backend one has none).
        match conn {
            DbConn::Sqlite(c) => {
                ballots.execute(c)?;
                voted.execute(c)?;
            }
            DbConn::Postgresql(c) => {
                ballots.execute(c)?;
                voted.execute(c)?;
            }
        }
    }
    Ok(())
}

/// Casts or replaces a ballot (one upsert on `UNIQUE(proposal_id, voter_tag)`, so two
/// requests of one voter racing still leave one row), and records that the voter voted.
pub fn upsert(conn: &mut DbConn, b: &NewBallot, now: NaiveDateTime) -> QueryResult<()> {
    upsert_many(conn, &[(b, now)])
}

/// Withdraws a ballot; true when there was one.
pub fn withdraw(
    conn: &mut DbConn,
    proposal_id: i64,
    voter_tag: &str,
    voter: i64,
) -> QueryResult<bool> {
    let n = diesel::delete(
        ballots::table
            .filter(ballots::proposal_id.eq(proposal_id))
            .filter(ballots::voter_tag.eq(voter_tag)),
    )
    .execute(conn)?;
    diesel::delete(
        who_voted::table
            .filter(who_voted::proposal_id.eq(proposal_id))
            .filter(who_voted::account_id.eq(voter)),
    )
    .execute(conn)?;
    Ok(n > 0)
}

/// The choice stored under a tag (to show a voter their own ballot).
pub fn choice_of(
    conn: &mut DbConn,
    proposal_id: i64,
    voter_tag: &str,
) -> QueryResult<Option<String>> {
    ballots::table
        .filter(ballots::proposal_id.eq(proposal_id))
        .filter(ballots::voter_tag.eq(voter_tag))
        .select(ballots::choice)
        .get_result(conn)
        .optional()
}

/// Ballots grouped by college and choice: `(college, choice JSON, count)`, sorted.
pub fn grouped(conn: &mut DbConn, proposal_id: i64) -> QueryResult<Vec<(String, String, i64)>> {
    ballots::table
        .filter(ballots::proposal_id.eq(proposal_id))
        .group_by((ballots::college, ballots::choice))
        .select((ballots::college, ballots::choice, diesel::dsl::count_star()))
        .order((ballots::college.asc(), ballots::choice.asc()))
        .load(conn)
}

/// Every choice with its college (for pairwise tables).
pub fn choices(conn: &mut DbConn, proposal_id: i64) -> QueryResult<Vec<(String, String)>> {
    ballots::table
        .filter(ballots::proposal_id.eq(proposal_id))
        .select((ballots::college, ballots::choice))
        .load(conn)
}

/// Counted ballots of a proposal.
pub fn count(conn: &mut DbConn, proposal_id: i64) -> QueryResult<i64> {
    ballots::table
        .filter(ballots::proposal_id.eq(proposal_id))
        .count()
        .get_result(conn)
}

/// Accounts that have voted (or had a proxy vote for them).
pub fn voters(conn: &mut DbConn, proposal_id: i64) -> QueryResult<Vec<i64>> {
    who_voted::table
        .filter(who_voted::proposal_id.eq(proposal_id))
        .select(who_voted::account_id)
        .load(conn)
}

/// `(name, college, choice JSON, proxy holder name, reason)`.
pub type NamedVote = (String, String, String, Option<String>, Option<String>);

/// Named votes of an open-ballot proposal: `(name, college, choice, proxy holder name)`.
pub fn named(conn: &mut DbConn, proposal_id: i64) -> QueryResult<Vec<NamedVote>> {
    let (voter, holder) = diesel::alias!(accounts as voter, accounts as holder);
    ballots::table
        .inner_join(voter.on(ballots::account_id.eq(voter.field(accounts::id).nullable())))
        .left_join(holder.on(ballots::proxy_for.eq(holder.field(accounts::id).nullable())))
        .filter(ballots::proposal_id.eq(proposal_id))
        .order(voter.field(accounts::display_name).asc())
        .select((
            voter.field(accounts::display_name),
            ballots::college,
            ballots::choice,
            holder.field(accounts::display_name).nullable(),
            ballots::reason,
        ))
        .load(conn)
}
