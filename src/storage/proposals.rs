//! Proposals: created scheduled or open, opened once (roll and rules frozen), closed once
//! (result frozen). State changes are conditional updates, so several servers may race and
//! exactly one wins each step.

use super::DbConn;
use super::schema::{proposals, roll, who_voted};
use chrono::NaiveDateTime;
use diesel::prelude::*;

pub const SCHEDULED: &str = "scheduled";
pub const OPEN: &str = "open";
pub const CLOSED: &str = "closed";

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = proposals)]
pub struct Proposal {
    pub id: i64,
    pub coop_id: i64,
    pub thread_id: Option<i64>,
    pub author_id: Option<i64>,
    pub title: String,
    pub details: String,
    pub method: String,
    pub options: String,
    pub ranked_rule: String,
    pub score_min: i64,
    pub score_max: i64,
    pub dots_per_voter: Option<i64>,
    pub decision_class: String,
    pub call_kind: String,
    pub reruns_id: Option<i64>,
    pub opens_at: NaiveDateTime,
    pub closes_at: NaiveDateTime,
    pub state: String,
    pub secret: bool,
    pub results_visibility: String,
    pub reason_required: bool,
    pub payload: Option<String>,
    pub rules: Option<String>,
    pub electorate: Option<String>,
    pub result: Option<String>,
    pub verdict: Option<String>,
    pub outcome_statement: Option<String>,
    pub reminded_at: Option<NaiveDateTime>,
    pub closed_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

impl Proposal {
    /// The option names (empty for `proposal` and `consent`).
    pub fn option_list(&self) -> Vec<String> {
        serde_json::from_str(&self.options).unwrap_or_default()
    }

    pub fn is_open(&self) -> bool {
        self.state == OPEN
    }

    pub fn is_closed(&self) -> bool {
        self.state == CLOSED
    }
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = proposals)]
pub struct NewProposal {
    pub coop_id: i64,
    pub thread_id: Option<i64>,
    pub author_id: Option<i64>,
    pub title: String,
    pub details: String,
    pub method: String,
    pub options: String,
    pub ranked_rule: String,
    pub score_min: i64,
    pub score_max: i64,
    pub dots_per_voter: Option<i64>,
    pub decision_class: String,
    pub call_kind: String,
    pub reruns_id: Option<i64>,
    pub opens_at: NaiveDateTime,
    pub closes_at: NaiveDateTime,
    pub state: String,
    pub secret: bool,
    pub results_visibility: String,
    pub reason_required: bool,
    pub payload: Option<String>,
    pub created_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConn, new: &NewProposal) -> QueryResult<i64> {
    diesel::insert_into(proposals::table)
        .values(new)
        .returning(proposals::id)
        .get_result(conn)
}

pub fn by_id(conn: &mut DbConn, coop_id: i64, id: i64) -> QueryResult<Option<Proposal>> {
    proposals::table
        .filter(proposals::coop_id.eq(coop_id))
        .filter(proposals::id.eq(id))
        .select(Proposal::as_select())
        .get_result(conn)
        .optional()
}

pub fn get(conn: &mut DbConn, id: i64) -> QueryResult<Proposal> {
    proposals::table
        .filter(proposals::id.eq(id))
        .select(Proposal::as_select())
        .get_result(conn)
}

/// A co-op's proposals, newest first.
pub fn list(conn: &mut DbConn, coop_id: i64) -> QueryResult<Vec<Proposal>> {
    proposals::table
        .filter(proposals::coop_id.eq(coop_id))
        .order(proposals::id.desc())
        .select(Proposal::as_select())
        .load(conn)
}

/// Scheduled proposals whose opening time has come.
pub fn due_to_open(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<Vec<i64>> {
    proposals::table
        .filter(proposals::state.eq(SCHEDULED))
        .filter(proposals::opens_at.le(now))
        .select(proposals::id)
        .load(conn)
}

/// Open proposals whose closing time has come.
pub fn due_to_close(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<Vec<i64>> {
    proposals::table
        .filter(proposals::state.eq(OPEN))
        .filter(proposals::closes_at.le(now))
        .select(proposals::id)
        .load(conn)
}

/// Lets the reminder go out again (the closing time moved).
pub fn clear_reminder(conn: &mut DbConn, id: i64) -> QueryResult<()> {
    diesel::update(proposals::table.filter(proposals::id.eq(id)))
        .set(proposals::reminded_at.eq(None::<NaiveDateTime>))
        .execute(conn)?;
    Ok(())
}

/// Open proposals closing within `until` that have not been reminded yet.
pub fn due_for_reminder(conn: &mut DbConn, until: NaiveDateTime) -> QueryResult<Vec<i64>> {
    proposals::table
        .filter(proposals::state.eq(OPEN))
        .filter(proposals::closes_at.le(until))
        .filter(proposals::reminded_at.is_null())
        .select(proposals::id)
        .load(conn)
}

/// Claims the opening: true for exactly one caller. Freezes rules and electorate.
pub fn claim_open(
    conn: &mut DbConn,
    id: i64,
    rules: &str,
    electorate: &str,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let n = diesel::update(proposals::table)
        .filter(proposals::id.eq(id))
        .filter(proposals::state.eq(SCHEDULED))
        .filter(proposals::opens_at.le(now))
        .set((
            proposals::state.eq(OPEN),
            proposals::rules.eq(rules),
            proposals::electorate.eq(electorate),
        ))
        .execute(conn)?;
    Ok(n == 1)
}

/// Claims the closing: true for exactly one caller, and only once the closing time has come.
pub fn claim_close(conn: &mut DbConn, id: i64, now: NaiveDateTime) -> QueryResult<bool> {
    let n = diesel::update(proposals::table)
        .filter(proposals::id.eq(id))
        .filter(proposals::state.eq(OPEN))
        .filter(proposals::closes_at.le(now))
        .set((proposals::state.eq(CLOSED), proposals::closed_at.eq(now)))
        .execute(conn)?;
    Ok(n == 1)
}

/// Claims the reminder: true for exactly one caller.
pub fn claim_reminder(conn: &mut DbConn, id: i64, now: NaiveDateTime) -> QueryResult<bool> {
    let n = diesel::update(proposals::table)
        .filter(proposals::id.eq(id))
        .filter(proposals::state.eq(OPEN))
        .filter(proposals::reminded_at.is_null())
        .set(proposals::reminded_at.eq(now))
        .execute(conn)?;
    Ok(n == 1)
}

pub fn store_result(conn: &mut DbConn, id: i64, result: &str, verdict: &str) -> QueryResult<()> {
    diesel::update(proposals::table.filter(proposals::id.eq(id)))
        .set((proposals::result.eq(result), proposals::verdict.eq(verdict)))
        .execute(conn)
        .map(|_| ())
}

/// Moves the closing time of a proposal that has not closed yet.
pub fn set_closes_at(conn: &mut DbConn, id: i64, at: NaiveDateTime) -> QueryResult<bool> {
    let n = diesel::update(proposals::table)
        .filter(proposals::id.eq(id))
        .filter(proposals::state.ne(CLOSED))
        .set(proposals::closes_at.eq(at))
        .execute(conn)?;
    Ok(n == 1)
}

pub fn set_statement(conn: &mut DbConn, id: i64, text: &str) -> QueryResult<()> {
    diesel::update(proposals::table.filter(proposals::id.eq(id)))
        .set(proposals::outcome_statement.eq(text))
        .execute(conn)
        .map(|_| ())
}

/// Freezes the roll: `(account, college)` pairs.
pub fn insert_roll(
    conn: &mut DbConn,
    coop_id: i64,
    proposal_id: i64,
    rows: &[(i64, String)],
) -> QueryResult<()> {
    for chunk in rows.chunks(500) {
        let values: Vec<_> = chunk
            .iter()
            .map(|(a, c)| {
                (
                    roll::coop_id.eq(coop_id),
                    roll::proposal_id.eq(proposal_id),
                    roll::account_id.eq(*a),
                    roll::college.eq(c),
                )
            })
            .collect();
        crate::insert_batch!(conn, roll::table, values)?;
    }
    Ok(())
}

/// The frozen roll: `(account, college)`.
pub fn roll_of(conn: &mut DbConn, proposal_id: i64) -> QueryResult<Vec<(i64, String)>> {
    roll::table
        .filter(roll::proposal_id.eq(proposal_id))
        .order(roll::account_id.asc())
        .select((roll::account_id, roll::college))
        .load(conn)
}

/// The college of `account` on the roll, if they are on it.
pub fn college_on_roll(
    conn: &mut DbConn,
    proposal_id: i64,
    account_id: i64,
) -> QueryResult<Option<String>> {
    roll::table
        .filter(roll::proposal_id.eq(proposal_id))
        .filter(roll::account_id.eq(account_id))
        .select(roll::college)
        .get_result(conn)
        .optional()
}

/// Open proposals on whose roll `account` is, with whether they (or a proxy) voted.
pub fn awaiting(conn: &mut DbConn, account_id: i64) -> QueryResult<Vec<(Proposal, bool)>> {
    let list: Vec<Proposal> = proposals::table
        .inner_join(roll::table.on(roll::proposal_id.eq(proposals::id)))
        .filter(roll::account_id.eq(account_id))
        .filter(proposals::state.eq(OPEN))
        .order(proposals::closes_at.asc())
        .select(Proposal::as_select())
        .load(conn)?;
    let ids: Vec<i64> = list.iter().map(|p| p.id).collect();
    let voted: Vec<i64> = who_voted::table
        .filter(who_voted::proposal_id.eq_any(&ids))
        .filter(who_voted::account_id.eq(account_id))
        .select(who_voted::proposal_id)
        .load(conn)?;
    Ok(list
        .into_iter()
        .map(|p| {
            let v = voted.contains(&p.id);
            (p, v)
        })
        .collect())
}

/// The next rulebook version, adopted by a `rules_change` proposal (origin `proposal:ID`).
pub fn insert_rulebook_version(
    conn: &mut DbConn,
    coop_id: i64,
    body: &str,
    proposal_id: i64,
    now: NaiveDateTime,
) -> QueryResult<i32> {
    use super::schema::rulebook_versions as rv;
    let version = super::coops::current_version(conn, coop_id)?.version + 1;
    diesel::insert_into(rv::table)
        .values((
            rv::coop_id.eq(coop_id),
            rv::version.eq(version),
            rv::body.eq(body),
            rv::origin.eq(format!("proposal:{proposal_id}")),
            rv::created_by.eq(None::<i64>),
            rv::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(version)
}

/// Names of those on the roll who have not voted (at most `limit`), and how many there are.
pub fn not_voted(
    conn: &mut DbConn,
    proposal_id: i64,
    limit: i64,
) -> QueryResult<(Vec<String>, i64)> {
    use super::schema::accounts;
    let voted = who_voted::table
        .filter(who_voted::proposal_id.eq(proposal_id))
        .filter(who_voted::account_id.eq(roll::account_id));
    let base = roll::table
        .filter(roll::proposal_id.eq(proposal_id))
        .filter(diesel::dsl::not(diesel::dsl::exists(voted)));
    let total: i64 = base.count().get_result(conn)?;
    let voted = who_voted::table
        .filter(who_voted::proposal_id.eq(proposal_id))
        .filter(who_voted::account_id.eq(roll::account_id));
    let names = roll::table
        .inner_join(accounts::table.on(accounts::id.eq(roll::account_id)))
        .filter(roll::proposal_id.eq(proposal_id))
        .filter(diesel::dsl::not(diesel::dsl::exists(voted)))
        .order(accounts::display_name.asc())
        .limit(limit)
        .select(accounts::display_name)
        .load(conn)?;
    Ok((names, total))
}

/// Is the proposal open and before its closing time? On PostgreSQL the row is share-locked
/// for the rest of the transaction, so a closing (an update of that row) waits for it.
pub fn still_open(conn: &mut DbConn, id: i64, now: NaiveDateTime) -> QueryResult<bool> {
    Ok(open_until(conn, id)?.is_some_and(|closes| now < closes))
}

/// When an open proposal closes (`None` if it is not open), share-locking its row on
/// PostgreSQL as [`still_open`] does.
pub fn open_until(conn: &mut DbConn, id: i64) -> QueryResult<Option<NaiveDateTime>> {
    let query = proposals::table
        .filter(proposals::id.eq(id))
        .select((proposals::state, proposals::closes_at));
    let row: Option<(String, NaiveDateTime)> = match conn {
        DbConn::Postgresql(c) => query.for_share().get_result(c).optional()?,
        DbConn::Sqlite(c) => query.get_result(c).optional()?,
    };
    Ok(row.and_then(|(state, closes)| (state == OPEN).then_some(closes)))
}
