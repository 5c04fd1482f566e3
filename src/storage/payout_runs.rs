//! Monthly payout runs: the board declares a month's surplus, the run builds the payout file
//! from approved work and computes it with `domain::payout::compute` (the same function as
//! `collegia payouts compute`), and stores a draft; confirming freezes it. One run per month.

use super::DbConn;
use super::corrupt;
use super::payouts::{RuleVersion, pick, rule_versions};
use super::schema::{accounts, payout_lines, payout_runs};
use super::work::{self, Earned};
use crate::domain::fraction::to_ratio_string;
use crate::domain::payout::{PayoutFile, PayoutResult, WorkEntry, YearMonth, compute};
use crate::domain::work::RunState;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde_json::json;
use std::collections::HashMap;

/// A run as stored; read once, here, into [`Run`].
#[derive(Queryable)]
struct RunRow {
    id: i64,
    coop_id: i64,
    month: String,
    surplus_cents: i64,
    currency: String,
    rule_version: i32,
    state: String,
    result: String,
    created_by: Option<i64>,
    created_at: NaiveDateTime,
    confirmed_by: Option<i64>,
    confirmed_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone)]
pub struct Run {
    pub id: i64,
    pub coop_id: i64,
    pub month: String,
    pub surplus_cents: i64,
    pub currency: String,
    pub rule_version: i32,
    pub state: RunState,
    /// The `collegia-payout-result/1` document.
    pub result: String,
    /// The result's pool and undistributed cents, read from it once.
    pub pool_cents: i64,
    pub undistributed_cents: i64,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
    pub confirmed_by: Option<i64>,
    pub confirmed_at: Option<NaiveDateTime>,
}

impl TryFrom<RunRow> for Run {
    type Error = diesel::result::Error;

    fn try_from(r: RunRow) -> QueryResult<Run> {
        let state = RunState::parse(&r.state)
            .ok_or_else(|| corrupt("payout_runs", r.id, format!("state '{}'", r.state)))?;
        let totals: serde_json::Value = serde_json::from_str(&r.result)
            .map_err(|e| corrupt("payout_runs", r.id, format!("result: {e}")))?;
        let cents = |k: &str| {
            totals
                .get(k)
                .and_then(serde_json::Value::as_i64)
                .ok_or_else(|| corrupt("payout_runs", r.id, format!("result has no {k}")))
        };
        Ok(Run {
            pool_cents: cents("pool_cents")?,
            undistributed_cents: cents("undistributed_cents")?,
            state,
            id: r.id,
            coop_id: r.coop_id,
            month: r.month,
            surplus_cents: r.surplus_cents,
            currency: r.currency,
            rule_version: r.rule_version,
            result: r.result,
            created_by: r.created_by,
            created_at: r.created_at,
            confirmed_by: r.confirmed_by,
            confirmed_at: r.confirmed_at,
        })
    }
}

impl Run {
    pub fn is_confirmed(&self) -> bool {
        self.state == RunState::Confirmed
    }

    /// The stored result's pool and undistributed cents.
    pub fn totals(&self) -> (i64, i64) {
        (self.pool_cents, self.undistributed_cents)
    }
}

const RUN: (
    payout_runs::id,
    payout_runs::coop_id,
    payout_runs::month,
    payout_runs::surplus_cents,
    payout_runs::currency,
    payout_runs::rule_version,
    payout_runs::state,
    payout_runs::result,
    payout_runs::created_by,
    payout_runs::created_at,
    payout_runs::confirmed_by,
    payout_runs::confirmed_at,
) = (
    payout_runs::id,
    payout_runs::coop_id,
    payout_runs::month,
    payout_runs::surplus_cents,
    payout_runs::currency,
    payout_runs::rule_version,
    payout_runs::state,
    payout_runs::result,
    payout_runs::created_by,
    payout_runs::created_at,
    payout_runs::confirmed_by,
    payout_runs::confirmed_at,
);

/// One member's line of a run, with their name.
#[derive(Debug, Clone)]
pub struct Line {
    pub account_id: i64,
    pub member_public_id: String,
    pub points: i64,
    pub share: String,
    pub amount_cents: i64,
    pub display_name: String,
    pub email: String,
    pub locale: Option<crate::i18n::Locale>,
}

type LineRow = (
    i64,
    String,
    i64,
    String,
    i64,
    String,
    String,
    Option<String>,
);

/// The member's language read once here: an unknown one is a corrupt `accounts` row.
impl<ST, DB: diesel::backend::Backend> diesel::deserialize::Queryable<ST, DB> for Line
where
    LineRow: diesel::deserialize::FromStaticSqlRow<ST, DB>,
{
    type Row = LineRow;

    fn build(r: LineRow) -> diesel::deserialize::Result<Line> {
        Ok(Line {
            locale: match &r.7 {
                Some(code) => Some(super::stored_locale_boxed("accounts", r.0, code)?),
                None => None,
            },
            account_id: r.0,
            member_public_id: r.1,
            points: r.2,
            share: r.3,
            amount_cents: r.4,
            display_name: r.5,
            email: r.6,
        })
    }
}

/// A payout file built from the co-op's approved work, ready for `compute`.
#[derive(Debug, Clone)]
pub struct Built {
    pub file: PayoutFile,
    /// The version in force on the month's last day (window and share come from it).
    pub rule_version: i32,
    /// Member key (public id) → account.
    pub accounts: HashMap<String, i64>,
}

/// Converts approved entries to `points` entries, each with the version in force on its date.
pub fn to_work(versions: &[RuleVersion], earned: &[Earned]) -> Vec<WorkEntry> {
    let mut out = Vec::with_capacity(earned.len());
    for e in earned {
        let Some(date) = e
            .earned_on
            .as_deref()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        else {
            continue;
        };
        let points = work::points_for(versions, e.kind, e.estimate, date);
        if points > 0 {
            out.push(WorkEntry::points(e.member_public_id.clone(), date, points));
        }
    }
    out
}

/// Builds a month's payout file; `None` when no rule is in force on the month's last day.
pub fn build(
    conn: &mut DbConn,
    coop_id: i64,
    month: YearMonth,
    surplus_cents: i64,
    currency: &str,
) -> QueryResult<Option<Built>> {
    let versions = rule_versions(conn, coop_id)?;
    let Some(version) = pick(&versions, month) else {
        return Ok(None);
    };
    let mut rule = version.rule.clone();
    rule.effective_from = None;
    let empty = PayoutFile::new(rule, month, surplus_cents, currency, vec![]);
    let window = empty.window().map_err(|e| {
        corrupt(
            "payout_rule_versions",
            i64::from(version.version),
            format!("window: {e}"),
        )
    })?;
    let earned = work::earned_between(conn, coop_id, window.from, window.to)?;
    let accounts: HashMap<String, i64> = earned
        .iter()
        .map(|e| (e.member_public_id.clone(), e.account_id))
        .collect();
    let file = PayoutFile {
        work: to_work(&versions, &earned),
        ..empty
    };
    Ok(Some(Built {
        file,
        rule_version: version.version,
        accounts,
    }))
}

/// Why a run cannot be stored.
#[derive(Debug)]
pub enum RunError {
    /// The month's run is already confirmed: it is frozen.
    Confirmed,
    /// No payout rule is in force on the month's last day.
    NoRule,
    /// The file does not compute (a message naming the field).
    Invalid(String),
    Db(diesel::result::Error),
}

impl From<diesel::result::Error> for RunError {
    fn from(e: diesel::result::Error) -> Self {
        RunError::Db(e)
    }
}

pub fn by_month(conn: &mut DbConn, coop_id: i64, month: &str) -> QueryResult<Option<Run>> {
    payout_runs::table
        .filter(payout_runs::coop_id.eq(coop_id))
        .filter(payout_runs::month.eq(month))
        .select(RUN)
        .get_result::<RunRow>(conn)
        .optional()?
        .map(Run::try_from)
        .transpose()
}

pub fn by_id(conn: &mut DbConn, coop_id: i64, id: i64) -> QueryResult<Option<Run>> {
    payout_runs::table
        .filter(payout_runs::coop_id.eq(coop_id))
        .filter(payout_runs::id.eq(id))
        .select(RUN)
        .get_result::<RunRow>(conn)
        .optional()?
        .map(Run::try_from)
        .transpose()
}

/// The co-op's runs, latest month first.
pub fn list(conn: &mut DbConn, coop_id: i64) -> QueryResult<Vec<Run>> {
    payout_runs::table
        .filter(payout_runs::coop_id.eq(coop_id))
        .order(payout_runs::month.desc())
        .select(RUN)
        .load::<RunRow>(conn)?
        .into_iter()
        .map(Run::try_from)
        .collect()
}

/// Builds, computes and stores the month's draft (replacing an earlier draft of the month), in
/// the caller's transaction. Returns the run's id and the result.
pub fn draft(
    conn: &mut DbConn,
    coop_id: i64,
    month: YearMonth,
    surplus_cents: i64,
    currency: &str,
    by: Option<i64>,
) -> Result<(i64, PayoutResult), RunError> {
    let key = month.to_string();
    if let Some(old) = by_month(conn, coop_id, &key)? {
        if old.is_confirmed() {
            return Err(RunError::Confirmed);
        }
        diesel::delete(payout_lines::table.filter(payout_lines::run_id.eq(old.id)))
            .execute(conn)?;
        diesel::delete(payout_runs::table.filter(payout_runs::id.eq(old.id))).execute(conn)?;
    }
    let built = build(conn, coop_id, month, surplus_cents, currency)?.ok_or(RunError::NoRule)?;
    let result = compute(&built.file).map_err(|e| RunError::Invalid(e.to_string()))?;
    let id: i64 = diesel::insert_into(payout_runs::table)
        .values((
            payout_runs::coop_id.eq(coop_id),
            payout_runs::month.eq(&key),
            payout_runs::surplus_cents.eq(surplus_cents),
            payout_runs::currency.eq(currency),
            payout_runs::rule_version.eq(built.rule_version),
            payout_runs::state.eq(RunState::Draft.key()),
            payout_runs::result.eq(result.to_json_pretty()),
            payout_runs::created_by.eq(by),
            payout_runs::created_at.eq(super::now()),
        ))
        .returning(payout_runs::id)
        .get_result(conn)?;
    let rows: Vec<_> = result
        .lines
        .iter()
        .filter_map(|l| {
            let account = *built.accounts.get(&l.member)?;
            Some((
                payout_lines::coop_id.eq(coop_id),
                payout_lines::run_id.eq(id),
                payout_lines::account_id.eq(account),
                payout_lines::member_public_id.eq(l.member.clone()),
                payout_lines::points.eq(i64::try_from(l.points).unwrap_or(i64::MAX)),
                payout_lines::share.eq(to_ratio_string(&l.share)),
                payout_lines::amount_cents.eq(i64::try_from(l.amount_cents).unwrap_or(i64::MAX)),
            ))
        })
        .collect();
    for chunk in rows.chunks(500) {
        crate::insert_batch!(conn, payout_lines::table, chunk.to_vec())?;
    }
    Ok((id, result))
}

/// Confirms a draft (conditionally: two confirmations cannot both win) and audits it. False
/// when it is not a draft any more.
pub fn confirm(conn: &mut DbConn, run: &Run, by: i64) -> QueryResult<bool> {
    let n = diesel::update(
        payout_runs::table
            .filter(payout_runs::id.eq(run.id))
            .filter(payout_runs::state.eq(RunState::Draft.key())),
    )
    .set((
        payout_runs::state.eq(RunState::Confirmed.key()),
        payout_runs::confirmed_by.eq(Some(by)),
        payout_runs::confirmed_at.eq(Some(super::now())),
    ))
    .execute(conn)?;
    if n != 1 {
        return Ok(false);
    }
    let (pool, undistributed) = run.totals();
    let lines: i64 = payout_lines::table
        .filter(payout_lines::run_id.eq(run.id))
        .count()
        .get_result(conn)?;
    super::audit::append(
        conn,
        run.coop_id,
        Some(by),
        "payout.confirmed",
        json!({"run": run.id, "month": run.month, "surplus_cents": run.surplus_cents,
            "currency": run.currency, "rule_version": run.rule_version, "pool_cents": pool,
            "undistributed_cents": undistributed, "lines": lines}),
    )?;
    Ok(true)
}

/// A run's lines, by member key (the order of the result file).
pub fn lines(conn: &mut DbConn, run_id: i64) -> QueryResult<Vec<Line>> {
    payout_lines::table
        .inner_join(accounts::table)
        .filter(payout_lines::run_id.eq(run_id))
        .order(payout_lines::member_public_id.asc())
        .select((
            payout_lines::account_id,
            payout_lines::member_public_id,
            payout_lines::points,
            payout_lines::share,
            payout_lines::amount_cents,
            accounts::display_name,
            accounts::email,
            accounts::locale,
        ))
        .load(conn)
}

/// A member's statements: their line of every confirmed run, latest month first.
pub fn statements_of(
    conn: &mut DbConn,
    coop_id: i64,
    account_id: i64,
) -> QueryResult<Vec<(Run, i64, String, i64)>> {
    let rows: Vec<(RunRow, i64, String, i64)> = payout_runs::table
        .inner_join(payout_lines::table)
        .filter(payout_runs::coop_id.eq(coop_id))
        .filter(payout_runs::state.eq(RunState::Confirmed.key()))
        .filter(payout_lines::account_id.eq(account_id))
        .order(payout_runs::month.desc())
        .select((
            RUN,
            payout_lines::points,
            payout_lines::share,
            payout_lines::amount_cents,
        ))
        .load(conn)?;
    rows.into_iter()
        .map(|(run, points, share, cents)| Ok((Run::try_from(run)?, points, share, cents)))
        .collect()
}
