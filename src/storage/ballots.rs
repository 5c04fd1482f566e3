//! Ballots: one counted row per voter and proposal, enforced by `UNIQUE(proposal_id,
//! voter_tag)`. A secret ballot holds no account. While its proposal is open it is a sealed
//! row (`sealed_ballots`: the tag, an HMAC of the server key, the proposal and the member, and
//! an opaque sealed text); at closing the proposals service replaces the sealed rows by plain
//! ones (college, choice) under random tags. Who voted (never what) is in `who_voted`, by day.

use super::DbConn;
use super::schema::{accounts, ballots, sealed_ballots, who_voted};
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// Runs statements through each backend's own connection: upserts and multi-row inserts are
/// not available on the two-backend one.
macro_rules! execute_natively {
    ($conn:expr, $($statement:expr),+) => {
        match $conn {
            DbConn::Sqlite(c) => { $($statement.execute(c)?;)+ }
            DbConn::Postgresql(c) => { $($statement.execute(c)?;)+ }
        }
    };
}

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
    /// A secret ballot of an open proposal, sealed: stored as this text alone (with its tag).
    pub sealed: Option<String>,
}

/// What is stored under a voter's tag: `Some(by_proxy)` when a ballot exists.
pub fn existing(conn: &mut DbConn, proposal_id: i64, voter_tag: &str) -> QueryResult<Option<bool>> {
    let sealed = sealed_ballots::table
        .filter(sealed_ballots::proposal_id.eq(proposal_id))
        .filter(sealed_ballots::voter_tag.eq(voter_tag))
        .select(sealed_ballots::by_proxy)
        .get_result(conn)
        .optional()?;
    if sealed.is_some() {
        return Ok(sealed);
    }
    ballots::table
        .filter(ballots::proposal_id.eq(proposal_id))
        .filter(ballots::voter_tag.eq(voter_tag))
        .select(ballots::by_proxy)
        .get_result(conn)
        .optional()
}

/// Has this member voted (or had a proxy vote for them)?
pub fn has_voted(conn: &mut DbConn, proposal_id: i64, account_id: i64) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        who_voted::table
            .filter(who_voted::proposal_id.eq(proposal_id))
            .filter(who_voted::account_id.eq(account_id)),
    ))
    .get_result(conn)
}

/// Casts or replaces many ballots of distinct voters at once (two statements in all): the
/// ballot box's batch. Each ballot comes with the instant it was cast.
pub fn upsert_many(conn: &mut DbConn, list: &[(&NewBallot, NaiveDateTime)]) -> QueryResult<()> {
    use diesel::upsert::excluded;
    if list.is_empty() {
        return Ok(());
    }
    let (sealed, list): (Vec<_>, Vec<_>) = list.iter().partition(|(b, _)| b.sealed.is_some());
    upsert_sealed(conn, &sealed)?;
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
                // Kept on a change (not in the update below): "changed their vote".
                ballots::first_cast_at.eq(b.at),
            )
        })
        .collect();
    let voted = who_voted_rows(&list);
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
        execute_natively!(conn, ballots, voted);
    }
    Ok(())
}

/// `who_voted` rows of these ballots: the day only, since an instant could be matched with
/// the moment a sealed row was written.
#[allow(clippy::type_complexity)]
fn who_voted_rows(
    list: &[&(&NewBallot, NaiveDateTime)],
) -> Vec<(
    diesel::dsl::Eq<who_voted::coop_id, i64>,
    diesel::dsl::Eq<who_voted::proposal_id, i64>,
    diesel::dsl::Eq<who_voted::account_id, i64>,
    diesel::dsl::Eq<who_voted::at, NaiveDateTime>,
)> {
    list.iter()
        .map(|(b, now)| {
            (
                who_voted::coop_id.eq(b.coop_id),
                who_voted::proposal_id.eq(b.proposal_id),
                who_voted::account_id.eq(b.voter),
                who_voted::at.eq(day_of(*now)),
            )
        })
        .collect()
}

fn day_of(t: NaiveDateTime) -> NaiveDateTime {
    t.date().and_time(chrono::NaiveTime::MIN)
}

/// The sealed half of [`upsert_many`].
fn upsert_sealed(conn: &mut DbConn, list: &[&(&NewBallot, NaiveDateTime)]) -> QueryResult<()> {
    use diesel::upsert::excluded;
    if list.is_empty() {
        return Ok(());
    }
    let rows: Vec<_> = list
        .iter()
        .map(|(b, _)| {
            (
                sealed_ballots::proposal_id.eq(b.proposal_id),
                sealed_ballots::voter_tag.eq(&b.voter_tag),
                sealed_ballots::coop_id.eq(b.coop_id),
                sealed_ballots::sealed.eq(b.sealed.as_deref().unwrap_or_default()),
                sealed_ballots::by_proxy.eq(b.by_proxy),
            )
        })
        .collect();
    let voted = who_voted_rows(list);
    let update = (
        sealed_ballots::sealed.eq(excluded(sealed_ballots::sealed)),
        sealed_ballots::by_proxy.eq(excluded(sealed_ballots::by_proxy)),
    );
    for (rows, voted) in rows.chunks(500).zip(voted.chunks(500)) {
        let sealed = diesel::insert_into(sealed_ballots::table)
            .values(rows)
            .on_conflict((sealed_ballots::proposal_id, sealed_ballots::voter_tag))
            .do_update()
            .set(update);
        let voted = diesel::insert_into(who_voted::table)
            .values(voted)
            .on_conflict((who_voted::proposal_id, who_voted::account_id))
            .do_nothing();
        execute_natively!(conn, sealed, voted);
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
    .execute(conn)?
        + diesel::delete(
            sealed_ballots::table
                .filter(sealed_ballots::proposal_id.eq(proposal_id))
                .filter(sealed_ballots::voter_tag.eq(voter_tag)),
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

/// A ballot as stored under a tag: its choice, or sealed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stored {
    /// The choice (JSON).
    Plain(String),
    /// The sealed text, which only the proposals service can open.
    Sealed(String),
}

/// The ballot stored under a tag (to show a voter their own ballot).
pub fn stored_under(
    conn: &mut DbConn,
    proposal_id: i64,
    voter_tag: &str,
) -> QueryResult<Option<Stored>> {
    let sealed = sealed_ballots::table
        .filter(sealed_ballots::proposal_id.eq(proposal_id))
        .filter(sealed_ballots::voter_tag.eq(voter_tag))
        .select(sealed_ballots::sealed)
        .get_result(conn)
        .optional()?;
    if let Some(text) = sealed {
        return Ok(Some(Stored::Sealed(text)));
    }
    let plain = ballots::table
        .filter(ballots::proposal_id.eq(proposal_id))
        .filter(ballots::voter_tag.eq(voter_tag))
        .select(ballots::choice)
        .get_result(conn)
        .optional()?;
    Ok(plain.map(Stored::Plain))
}

/// The sealed ballots of a proposal: `(tag, sealed text)`.
pub fn sealed_of(conn: &mut DbConn, proposal_id: i64) -> QueryResult<Vec<(String, String)>> {
    sealed_ballots::table
        .filter(sealed_ballots::proposal_id.eq(proposal_id))
        .select((sealed_ballots::voter_tag, sealed_ballots::sealed))
        .load(conn)
}

/// A ballot with nothing that points to its voter: what a secret ballot becomes at closing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unlinked {
    pub college: String,
    pub choice: String,
    pub reason: Option<String>,
}

/// The plain ballots of a proposal, as [`Unlinked`] (closing a secret proposal re-reads them).
pub fn plain_of(conn: &mut DbConn, proposal_id: i64) -> QueryResult<Vec<Unlinked>> {
    let rows: Vec<(String, String, Option<String>)> = ballots::table
        .filter(ballots::proposal_id.eq(proposal_id))
        .select((ballots::college, ballots::choice, ballots::reason))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(college, choice, reason)| Unlinked {
            college,
            choice,
            reason,
        })
        .collect())
}

/// Replaces every ballot of a proposal (sealed and plain) by `rows`, written in the order
/// given under the given tags (so ids follow that order), in the caller's transaction.
pub fn replace_all(
    conn: &mut DbConn,
    coop_id: i64,
    proposal_id: i64,
    rows: &[(String, Unlinked)],
) -> QueryResult<()> {
    diesel::delete(sealed_ballots::table.filter(sealed_ballots::proposal_id.eq(proposal_id)))
        .execute(conn)?;
    diesel::delete(ballots::table.filter(ballots::proposal_id.eq(proposal_id))).execute(conn)?;
    for chunk in rows.chunks(500) {
        let values: Vec<_> = chunk
            .iter()
            .map(|(tag, b)| {
                (
                    ballots::coop_id.eq(coop_id),
                    ballots::proposal_id.eq(proposal_id),
                    ballots::college.eq(&b.college),
                    ballots::choice.eq(&b.choice),
                    ballots::count.eq(1),
                    ballots::voter_tag.eq(tag),
                    ballots::reason.eq(&b.reason),
                )
            })
            .collect();
        execute_natively!(conn, diesel::insert_into(ballots::table).values(values));
    }
    Ok(())
}

/// Moves a ballot from one tag to another (the key that makes tags changed).
pub fn retag(conn: &mut DbConn, proposal_id: i64, from: &str, to: &str) -> QueryResult<usize> {
    diesel::update(
        ballots::table
            .filter(ballots::proposal_id.eq(proposal_id))
            .filter(ballots::voter_tag.eq(from)),
    )
    .set(ballots::voter_tag.eq(to))
    .execute(conn)
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

/// Counted ballots of a proposal, sealed or plain.
pub fn count(conn: &mut DbConn, proposal_id: i64) -> QueryResult<i64> {
    let sealed: i64 = sealed_ballots::table
        .filter(sealed_ballots::proposal_id.eq(proposal_id))
        .count()
        .get_result(conn)?;
    let plain: i64 = ballots::table
        .filter(ballots::proposal_id.eq(proposal_id))
        .count()
        .get_result(conn)?;
    Ok(sealed + plain)
}

/// Accounts that have voted (or had a proxy vote for them).
pub fn voters(conn: &mut DbConn, proposal_id: i64) -> QueryResult<Vec<i64>> {
    who_voted::table
        .filter(who_voted::proposal_id.eq(proposal_id))
        .select(who_voted::account_id)
        .load(conn)
}

/// A named ballot as the Positions section shows it.
#[derive(Debug, Clone, Queryable)]
pub struct Position {
    pub id: i64,
    pub name: String,
    pub college: String,
    /// The choice (JSON).
    pub choice: String,
    /// Cast by a proxy holder: their name.
    pub holder: Option<String>,
    pub reason: Option<String>,
    /// When it was cast, or last changed.
    pub cast_at: Option<NaiveDateTime>,
    /// When it was first cast (differs from `cast_at` once changed).
    pub first_cast_at: Option<NaiveDateTime>,
}

/// Where a page of positions starts: below this `(cast_at, id)`, latest first.
pub type Cursor = (NaiveDateTime, i64);

/// Named ballots of an open-ballot proposal, latest first, `limit` of them from `after` (a
/// keyset cursor: the last position of the previous page), optionally only one college's or
/// one choice's.
pub fn positions(
    conn: &mut DbConn,
    proposal_id: i64,
    (college, choice): (Option<&str>, Option<&str>),
    after: Option<Cursor>,
    limit: i64,
) -> QueryResult<Vec<Position>> {
    let (voter, holder) = diesel::alias!(accounts as voter, accounts as holder);
    let mut q = ballots::table
        .inner_join(voter.on(ballots::account_id.eq(voter.field(accounts::id).nullable())))
        .left_join(holder.on(ballots::proxy_for.eq(holder.field(accounts::id).nullable())))
        .filter(ballots::proposal_id.eq(proposal_id))
        .filter(ballots::cast_at.is_not_null())
        .into_boxed();
    if let Some(c) = college {
        q = q.filter(ballots::college.eq(c.to_string()));
    }
    if let Some(c) = choice {
        q = q.filter(ballots::choice.eq(c.to_string()));
    }
    if let Some((at, id)) = after {
        q = q.filter(
            ballots::cast_at
                .lt(at)
                .or(ballots::cast_at.eq(at).and(ballots::id.lt(id))),
        );
    }
    q.order((ballots::cast_at.desc(), ballots::id.desc()))
        .limit(limit)
        .select((
            ballots::id,
            voter.field(accounts::display_name),
            ballots::college,
            ballots::choice,
            holder.field(accounts::display_name).nullable(),
            ballots::reason,
            ballots::cast_at,
            ballots::first_cast_at,
        ))
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
