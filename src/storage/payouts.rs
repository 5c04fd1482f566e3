//! Payout rule versions: adopted only by a `payout_rule` proposal (enacted by
//! `proposals::enact`), never edited; each is in force from its `effective_from` month, or else
//! from the month after its adoption in the co-op's time zone. Monthly runs are in
//! [`super::payout_runs`].

use super::schema::payout_rule_versions;
use super::{DbConn, corrupt};
use crate::domain::payout::{PayoutRule, YearMonth, parse_rule};
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// One adopted version of the co-op's payout rule.
#[derive(Debug, Clone)]
pub struct RuleVersion {
    pub version: i32,
    pub rule: PayoutRule,
    /// The first month it applies to.
    pub in_force_from: YearMonth,
    pub adopted_at: NaiveDateTime,
    pub proposal_id: Option<i64>,
}

/// The month after the one containing `at` (UTC) in the co-op's time zone.
pub fn month_after(at: NaiveDateTime, tz: chrono_tz::Tz) -> Option<YearMonth> {
    let local = at.and_utc().with_timezone(&tz).date_naive();
    YearMonth::of(local)
        .and_then(|m| m.last_day().succ_opt())
        .and_then(YearMonth::of)
}

/// Stores the next version of a co-op's payout rule (checked and audited by
/// `proposals::enact::adopt_payout_rule`); answers its number.
pub fn insert_rule_version(
    conn: &mut DbConn,
    coop_id: i64,
    rule: &PayoutRule,
    proposal_id: Option<i64>,
    now: NaiveDateTime,
) -> QueryResult<i32> {
    let body = serde_json::to_string(rule)
        .map_err(|e| diesel::result::Error::SerializationError(e.into()))?;
    let last: Option<i32> = payout_rule_versions::table
        .filter(payout_rule_versions::coop_id.eq(coop_id))
        .select(diesel::dsl::max(payout_rule_versions::version))
        .first(conn)?;
    let version = last.unwrap_or(0) + 1;
    diesel::insert_into(payout_rule_versions::table)
        .values((
            payout_rule_versions::coop_id.eq(coop_id),
            payout_rule_versions::version.eq(version),
            payout_rule_versions::body.eq(&body),
            payout_rule_versions::proposal_id.eq(proposal_id),
            payout_rule_versions::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(version)
}

/// Every version of the co-op's payout rule, oldest first.
pub fn rule_versions(conn: &mut DbConn, coop_id: i64) -> QueryResult<Vec<RuleVersion>> {
    let Some(coop) = super::coops::by_id(conn, coop_id)? else {
        return Ok(vec![]);
    };
    let rows: Vec<(i32, String, Option<i64>, NaiveDateTime)> = payout_rule_versions::table
        .filter(payout_rule_versions::coop_id.eq(coop_id))
        .order(payout_rule_versions::version.asc())
        .select((
            payout_rule_versions::version,
            payout_rule_versions::body,
            payout_rule_versions::proposal_id,
            payout_rule_versions::created_at,
        ))
        .load(conn)?;
    let tz = coop.tz();
    rows.into_iter()
        .map(|(version, body, proposal_id, adopted_at)| {
            let rule = parse_rule(&body)
                .map_err(|e| corrupt("payout_rule_versions", i64::from(version), e))?;
            let in_force_from = match rule.effective_from {
                Some(m) => m,
                None => month_after(adopted_at, tz).ok_or_else(|| {
                    corrupt(
                        "payout_rule_versions",
                        i64::from(version),
                        format!("no month after {adopted_at}"),
                    )
                })?,
            };
            Ok(RuleVersion {
                version,
                in_force_from,
                rule,
                adopted_at,
                proposal_id,
            })
        })
        .collect()
}

/// The version in force in `month` among `versions`: the latest adopted one whose first month
/// is not after it (a later version supersedes an earlier one from its first month on).
pub fn pick(versions: &[RuleVersion], month: YearMonth) -> Option<&RuleVersion> {
    versions
        .iter()
        .filter(|v| v.in_force_from <= month)
        .max_by_key(|v| v.version)
}

/// The payout rule version in force in `month`, if any.
pub fn rule_in_force(
    conn: &mut DbConn,
    coop_id: i64,
    month: YearMonth,
) -> QueryResult<Option<RuleVersion>> {
    let versions = rule_versions(conn, coop_id)?;
    Ok(pick(&versions, month).cloned())
}

/// The month of a day of work (`None` only outside the years 0000 to 9999).
pub fn month_of(date: chrono::NaiveDate) -> Option<YearMonth> {
    YearMonth::of(date)
}
