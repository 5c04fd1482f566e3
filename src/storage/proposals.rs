//! Proposals: created scheduled or open, opened once (roll and rules frozen), closed once
//! (result frozen). State changes are conditional updates, so several servers may race and
//! exactly one wins each step.

use super::DbConn;
use super::schema::{proposals, roll, who_voted};
use crate::domain::election::{Method, RankedRule};
use crate::domain::proposal_state::{ProposalState, ResultsVisibility};
use crate::domain::rulebook::{Call, DecisionClass};
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// The state column's values, for queries (one spelling: the enum's).
pub const SCHEDULED: &str = ProposalState::Scheduled.key();
pub const OPEN: &str = ProposalState::Open.key();
pub const CLOSED: &str = ProposalState::Closed.key();
pub const WITHDRAWN: &str = ProposalState::Withdrawn.key();

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = proposals)]
/// A proposal as stored: enum-like columns as text, read into a [`Proposal`] once.
struct ProposalRow {
    id: i64,
    coop_id: i64,
    thread_id: Option<i64>,
    author_id: Option<i64>,
    title: String,
    details: String,
    method: String,
    options: String,
    ranked_rule: String,
    score_min: i64,
    score_max: i64,
    dots_per_voter: Option<i64>,
    decision_class: String,
    call_kind: String,
    reruns_id: Option<i64>,
    opens_at: NaiveDateTime,
    closes_at: NaiveDateTime,
    state: String,
    secret: bool,
    results_visibility: String,
    reason_required: bool,
    payload: Option<String>,
    rules: Option<String>,
    electorate: Option<String>,
    result: Option<String>,
    verdict: Option<String>,
    outcome_statement: Option<String>,
    reminded_at: Option<NaiveDateTime>,
    closed_at: Option<NaiveDateTime>,
    created_at: NaiveDateTime,
}

/// A stored proposal, read: enum-like columns as enums, the options as a list. The frozen
/// rules, electorate, result and payload stay JSON text: the engine reads the text itself
/// (a vote checks its ballot against the stored text as it is), and the result is what was
/// frozen, byte for byte.
#[derive(Debug, Clone)]
pub struct Proposal {
    pub id: i64,
    pub coop_id: i64,
    pub thread_id: Option<i64>,
    pub author_id: Option<i64>,
    pub title: String,
    pub details: String,
    pub method: Method,
    pub options: Vec<String>,
    pub ranked_rule: RankedRule,
    pub score_min: i64,
    pub score_max: i64,
    pub dots_per_voter: Option<i64>,
    pub decision_class: DecisionClass,
    pub call: Call,
    pub reruns_id: Option<i64>,
    pub opens_at: NaiveDateTime,
    pub closes_at: NaiveDateTime,
    pub state: ProposalState,
    pub secret: bool,
    pub results_visibility: ResultsVisibility,
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
        self.options.clone()
    }

    pub fn is_open(&self) -> bool {
        self.state == ProposalState::Open
    }

    pub fn is_closed(&self) -> bool {
        self.state == ProposalState::Closed
    }

    pub fn is_withdrawn(&self) -> bool {
        self.state == ProposalState::Withdrawn
    }
}

impl TryFrom<ProposalRow> for Proposal {
    type Error = diesel::result::Error;

    /// A value the code does not know is a corrupt row: named with its id, never a default.
    fn try_from(r: ProposalRow) -> QueryResult<Proposal> {
        let id = r.id;
        let bad = |column: &str, value: &str| {
            super::corrupt("proposals", id, format!("{column} = {value:?}"))
        };
        Ok(Proposal {
            method: Method::from_name(&r.method).ok_or_else(|| bad("method", &r.method))?,
            options: serde_json::from_str(&r.options).map_err(|_| bad("options", &r.options))?,
            ranked_rule: RankedRule::from_name(&r.ranked_rule)
                .ok_or_else(|| bad("ranked_rule", &r.ranked_rule))?,
            decision_class: DecisionClass::parse(&r.decision_class)
                .ok_or_else(|| bad("decision_class", &r.decision_class))?,
            call: Call::parse(&r.call_kind).ok_or_else(|| bad("call_kind", &r.call_kind))?,
            state: ProposalState::parse(&r.state).ok_or_else(|| bad("state", &r.state))?,
            results_visibility: ResultsVisibility::parse(&r.results_visibility)
                .ok_or_else(|| bad("results_visibility", &r.results_visibility))?,
            id,
            coop_id: r.coop_id,
            thread_id: r.thread_id,
            author_id: r.author_id,
            title: r.title,
            details: r.details,
            score_min: r.score_min,
            score_max: r.score_max,
            dots_per_voter: r.dots_per_voter,
            reruns_id: r.reruns_id,
            opens_at: r.opens_at,
            closes_at: r.closes_at,
            secret: r.secret,
            reason_required: r.reason_required,
            payload: r.payload,
            rules: r.rules,
            electorate: r.electorate,
            result: r.result,
            verdict: r.verdict,
            outcome_statement: r.outcome_statement,
            reminded_at: r.reminded_at,
            closed_at: r.closed_at,
            created_at: r.created_at,
        })
    }
}

fn typed(rows: Vec<ProposalRow>) -> QueryResult<Vec<Proposal>> {
    rows.into_iter().map(Proposal::try_from).collect()
}

/// A proposal to store, typed as it is read back.
#[derive(Debug, Clone)]
pub struct NewProposal {
    pub coop_id: i64,
    pub thread_id: Option<i64>,
    pub author_id: Option<i64>,
    pub title: String,
    pub details: String,
    pub method: Method,
    pub options: Vec<String>,
    pub ranked_rule: RankedRule,
    pub score_min: i64,
    pub score_max: i64,
    pub dots_per_voter: Option<i64>,
    pub decision_class: DecisionClass,
    pub call: Call,
    pub reruns_id: Option<i64>,
    pub opens_at: NaiveDateTime,
    pub closes_at: NaiveDateTime,
    pub state: ProposalState,
    pub secret: bool,
    pub results_visibility: ResultsVisibility,
    pub reason_required: bool,
    pub payload: Option<String>,
    pub created_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = proposals)]
struct NewProposalRow<'a> {
    coop_id: i64,
    thread_id: Option<i64>,
    author_id: Option<i64>,
    title: &'a str,
    details: &'a str,
    method: &'a str,
    options: String,
    ranked_rule: &'a str,
    score_min: i64,
    score_max: i64,
    dots_per_voter: Option<i64>,
    decision_class: &'a str,
    call_kind: &'a str,
    reruns_id: Option<i64>,
    opens_at: NaiveDateTime,
    closes_at: NaiveDateTime,
    state: &'a str,
    secret: bool,
    results_visibility: &'a str,
    reason_required: bool,
    payload: Option<&'a str>,
    created_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConn, new: &NewProposal) -> QueryResult<i64> {
    let options = serde_json::to_string(&new.options)
        .map_err(|e| diesel::result::Error::SerializationError(e.into()))?;
    let row = NewProposalRow {
        coop_id: new.coop_id,
        thread_id: new.thread_id,
        author_id: new.author_id,
        title: &new.title,
        details: &new.details,
        method: new.method.name(),
        options,
        ranked_rule: new.ranked_rule.name(),
        score_min: new.score_min,
        score_max: new.score_max,
        dots_per_voter: new.dots_per_voter,
        decision_class: new.decision_class.key(),
        call_kind: new.call.key(),
        reruns_id: new.reruns_id,
        opens_at: new.opens_at,
        closes_at: new.closes_at,
        state: new.state.key(),
        secret: new.secret,
        results_visibility: new.results_visibility.key(),
        reason_required: new.reason_required,
        payload: new.payload.as_deref(),
        created_at: new.created_at,
    };
    diesel::insert_into(proposals::table)
        .values(&row)
        .returning(proposals::id)
        .get_result(conn)
}

pub fn by_id(conn: &mut DbConn, coop_id: i64, id: i64) -> QueryResult<Option<Proposal>> {
    proposals::table
        .filter(proposals::coop_id.eq(coop_id))
        .filter(proposals::id.eq(id))
        .select(ProposalRow::as_select())
        .get_result(conn)
        .optional()?
        .map(Proposal::try_from)
        .transpose()
}

pub fn get(conn: &mut DbConn, id: i64) -> QueryResult<Proposal> {
    proposals::table
        .filter(proposals::id.eq(id))
        .select(ProposalRow::as_select())
        .get_result(conn)?
        .try_into()
}

/// A co-op's proposals, newest first.
pub fn list(conn: &mut DbConn, coop_id: i64) -> QueryResult<Vec<Proposal>> {
    proposals::table
        .filter(proposals::coop_id.eq(coop_id))
        .order(proposals::id.desc())
        .select(ProposalRow::as_select())
        .load(conn)
        .and_then(typed)
}

/// Every open proposal's id.
pub fn open_ids(conn: &mut DbConn) -> QueryResult<Vec<i64>> {
    proposals::table
        .filter(proposals::state.eq(OPEN))
        .select(proposals::id)
        .load(conn)
}

/// The open proposals of a co-op, soonest closing first, each with the size of its roll and
/// how many on it have voted: `(proposal, on the roll, voted)`.
pub fn open_with_turnout(
    conn: &mut DbConn,
    coop_id: i64,
    limit: i64,
) -> QueryResult<Vec<(Proposal, i64, i64)>> {
    let list: Vec<Proposal> = proposals::table
        .filter(proposals::coop_id.eq(coop_id))
        .filter(proposals::state.eq(OPEN))
        .order((proposals::closes_at.asc(), proposals::id.asc()))
        .limit(limit)
        .select(ProposalRow::as_select())
        .load(conn)
        .and_then(typed)?;
    let ids: Vec<i64> = list.iter().map(|p| p.id).collect();
    let rolls: Vec<(i64, i64)> = roll::table
        .filter(roll::proposal_id.eq_any(&ids))
        .group_by(roll::proposal_id)
        .select((roll::proposal_id, diesel::dsl::count_star()))
        .load(conn)?;
    let voted: Vec<(i64, i64)> = who_voted::table
        .filter(who_voted::proposal_id.eq_any(&ids))
        .group_by(who_voted::proposal_id)
        .select((who_voted::proposal_id, diesel::dsl::count_star()))
        .load(conn)?;
    let of =
        |pairs: &[(i64, i64)], id: i64| pairs.iter().find(|(p, _)| *p == id).map_or(0, |(_, n)| *n);
    Ok(list
        .into_iter()
        .map(|p| {
            let (on_roll, done) = (of(&rolls, p.id), of(&voted, p.id));
            (p, on_roll, done)
        })
        .collect())
}

/// How many proposals of a co-op are open.
pub fn open_count(conn: &mut DbConn, coop_id: i64) -> QueryResult<i64> {
    proposals::table
        .filter(proposals::coop_id.eq(coop_id))
        .filter(proposals::state.eq(OPEN))
        .count()
        .get_result(conn)
}

/// Which of these proposals `account_id` has voted on (never what): one query.
pub fn voted_among(conn: &mut DbConn, account_id: i64, ids: &[i64]) -> QueryResult<Vec<i64>> {
    who_voted::table
        .filter(who_voted::proposal_id.eq_any(ids))
        .filter(who_voted::account_id.eq(account_id))
        .select(who_voted::proposal_id)
        .load(conn)
}

/// Proposals of these co-ops closed since `since`, latest first, `limit` of them.
pub fn decided_since(
    conn: &mut DbConn,
    coop_ids: &[i64],
    since: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<Proposal>> {
    proposals::table
        .filter(proposals::coop_id.eq_any(coop_ids))
        .filter(proposals::state.eq(CLOSED))
        .filter(proposals::closed_at.ge(since))
        .order(proposals::closed_at.desc())
        .limit(limit)
        .select(ProposalRow::as_select())
        .load(conn)
        .and_then(typed)
}

/// Secret proposals that are not open (closed, withdrawn, or never opened).
pub fn secret_not_open(conn: &mut DbConn) -> QueryResult<Vec<Proposal>> {
    proposals::table
        .filter(proposals::secret.eq(true))
        .filter(proposals::state.ne(OPEN))
        .select(ProposalRow::as_select())
        .load(conn)
        .and_then(typed)
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
        .filter(proposals::state.eq_any([OPEN, SCHEDULED]))
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

/// An open proposal as the lists of what awaits a ballot name it.
#[derive(Debug, Clone, Queryable)]
pub struct Awaiting {
    pub id: i64,
    pub coop_id: i64,
    pub title: String,
    pub closes_at: NaiveDateTime,
}

/// The open proposals of `coop_ids` on whose roll `account_id` is, each joined to that
/// person's own `who_voted` row when there is one: what awaits their ballot, listed, counted or
/// shortened by the functions below (a macro, as the joined query's type has no short name).
macro_rules! open_on_roll_of {
    ($account_id:expr, $coop_ids:expr) => {
        proposals::table
            .inner_join(roll::table.on(roll::proposal_id.eq(proposals::id)))
            .left_join(
                who_voted::table.on(who_voted::proposal_id
                    .eq(proposals::id)
                    .and(who_voted::account_id.eq($account_id))),
            )
            .filter(roll::account_id.eq($account_id))
            .filter(proposals::coop_id.eq_any($coop_ids))
            .filter(proposals::state.eq(OPEN))
    };
}

/// Open proposals on whose roll `account` is, with whether they (or a proxy) voted.
pub fn awaiting(
    conn: &mut DbConn,
    account_id: i64,
    coop_ids: &[i64],
) -> QueryResult<Vec<(Awaiting, bool)>> {
    let rows: Vec<(Awaiting, Option<i64>)> = open_on_roll_of!(account_id, coop_ids)
        .order((proposals::closes_at.asc(), proposals::id.asc()))
        .select((
            (
                proposals::id,
                proposals::coop_id,
                proposals::title,
                proposals::closes_at,
            ),
            who_voted::proposal_id.nullable(),
        ))
        .load(conn)?;
    Ok(rows.into_iter().map(|(p, v)| (p, v.is_some())).collect())
}

/// The `limit` soonest-closing open proposals of these co-ops on whose roll `account_id` is
/// and where their own ballot is not in (what Home lists first).
pub fn awaiting_soonest(
    conn: &mut DbConn,
    account_id: i64,
    coop_ids: &[i64],
    limit: i64,
) -> QueryResult<Vec<Awaiting>> {
    open_on_roll_of!(account_id, coop_ids)
        .filter(who_voted::proposal_id.nullable().is_null())
        .order((proposals::closes_at.asc(), proposals::id.asc()))
        .limit(limit)
        .select((
            proposals::id,
            proposals::coop_id,
            proposals::title,
            proposals::closes_at,
        ))
        .load(conn)
}

/// Per co-op, the open proposals on whose roll `account_id` is: how many still wait for their
/// own ballot, how many have it, and how many of the waiting close by `soon`.
#[derive(Debug, Clone, PartialEq, Eq, QueryableByName)]
pub struct AwaitingTally {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub coop_id: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub waiting: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub voted: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub closing_soon: i64,
}

/// [`AwaitingTally`] for each of these co-ops where the account is on an open roll: one grouped
/// query, so Home counts without loading every open proposal. The co-op ids are integers from
/// our own rows, listed inline; the account and the time are bound. `CROSS JOIN` keeps SQLite
/// walking the person's own roll rows first (measured: left to itself, it may walk the
/// co-ops' open proposals in index order to spare the GROUP BY's sort, and probe the
/// two-million-row roll for each, several times slower); PostgreSQL plans it as a plain join.
pub fn awaiting_by_coop(
    conn: &mut DbConn,
    account_id: i64,
    coop_ids: &[i64],
    soon: NaiveDateTime,
) -> QueryResult<Vec<AwaitingTally>> {
    if coop_ids.is_empty() {
        return Ok(vec![]);
    }
    let list = super::id_list(coop_ids);
    let sql = |a: &str, t: &str| {
        format!(
            "SELECT p.coop_id AS coop_id, \
               COUNT(*) - COUNT(w.proposal_id) AS waiting, \
               COUNT(w.proposal_id) AS voted, \
               COALESCE(SUM(CASE WHEN w.proposal_id IS NULL AND p.closes_at <= {t} THEN 1 ELSE 0 END), 0) AS closing_soon \
             FROM roll r CROSS JOIN proposals p \
             LEFT JOIN who_voted w ON w.proposal_id = p.id AND w.account_id = {a} \
             WHERE r.account_id = {a} AND p.id = r.proposal_id \
               AND p.coop_id IN ({list}) AND p.state = '{OPEN}' \
             GROUP BY p.coop_id"
        )
    };
    match conn {
        DbConn::Sqlite(c) => diesel::sql_query(sql("?1", "?2"))
            .bind::<diesel::sql_types::BigInt, _>(account_id)
            .bind::<diesel::sql_types::Timestamp, _>(soon)
            .load(c),
        DbConn::Postgresql(c) => diesel::sql_query(sql("$1", "$2"))
            .bind::<diesel::sql_types::BigInt, _>(account_id)
            .bind::<diesel::sql_types::Timestamp, _>(soon)
            .load(c),
    }
}

/// How many open proposals of these co-ops still await `account_id`'s own ballot: one
/// counting query (the top bar asks it on every page).
pub fn awaiting_count(conn: &mut DbConn, account_id: i64, coop_ids: &[i64]) -> QueryResult<i64> {
    open_on_roll_of!(account_id, coop_ids)
        .filter(who_voted::proposal_id.nullable().is_null())
        .count()
        .get_result(conn)
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

/// Claims the withdrawal of a proposal not yet closed: true for exactly one caller; from
/// then on no closing claims it (they claim open proposals only).
pub fn claim_withdraw(conn: &mut DbConn, id: i64, now: NaiveDateTime) -> QueryResult<bool> {
    let n = diesel::update(proposals::table)
        .filter(proposals::id.eq(id))
        .filter(proposals::state.eq_any([OPEN, SCHEDULED]))
        .set((proposals::state.eq(WITHDRAWN), proposals::closed_at.eq(now)))
        .execute(conn)?;
    Ok(n == 1)
}

/// What an edit changes.
pub struct Edited<'a> {
    pub title: &'a str,
    pub details: &'a str,
    pub options: &'a [String],
    pub closes_at: NaiveDateTime,
}

/// Writes an edit of an open proposal; false when it is no longer open.
pub fn edit(conn: &mut DbConn, id: i64, e: &Edited<'_>) -> QueryResult<bool> {
    let options = serde_json::to_string(e.options)
        .map_err(|err| diesel::result::Error::SerializationError(err.into()))?;
    let n = diesel::update(proposals::table)
        .filter(proposals::id.eq(id))
        .filter(proposals::state.eq(OPEN))
        .set((
            proposals::title.eq(e.title),
            proposals::details.eq(e.details),
            proposals::options.eq(options),
            proposals::closes_at.eq(e.closes_at),
        ))
        .execute(conn)?;
    Ok(n == 1)
}

/// Reopens a closed proposal until `closes_at`: its result, verdict, statement and reminder
/// are cleared (the caller keeps them in the history first); false when it is not closed.
pub fn reopen(conn: &mut DbConn, id: i64, closes_at: NaiveDateTime) -> QueryResult<bool> {
    let n = diesel::update(proposals::table)
        .filter(proposals::id.eq(id))
        .filter(proposals::state.eq(CLOSED))
        .set((
            proposals::state.eq(OPEN),
            proposals::closes_at.eq(closes_at),
            proposals::result.eq(None::<String>),
            proposals::verdict.eq(None::<String>),
            proposals::outcome_statement.eq(None::<String>),
            proposals::reminded_at.eq(None::<NaiveDateTime>),
            proposals::closed_at.eq(None::<NaiveDateTime>),
        ))
        .execute(conn)?;
    Ok(n == 1)
}
