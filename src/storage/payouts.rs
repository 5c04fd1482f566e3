//! Payout rule versions: adopted only by a `payout_rule` proposal (the closing job calls
//! [`adopt_rule`]), never edited; each is in force from its `effective_from` month, or else
//! from the month after its adoption in the co-op's time zone. Monthly runs are in
//! [`super::payout_runs`].

use super::DbConn;
use super::schema::payout_rule_versions;
use crate::domain::payout::{PayoutRule, YearMonth, parse_rule, validate_for_template};
use crate::domain::rulebook::Template;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::json;

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

/// A stored value the code refuses: reported as a deserialization error.
pub(crate) fn corrupt(what: impl std::fmt::Display) -> diesel::result::Error {
    diesel::result::Error::DeserializationError(what.to_string().into())
}

/// The month after the one containing `at` (UTC) in the co-op's time zone.
fn month_after(at: NaiveDateTime, tz: chrono_tz::Tz) -> QueryResult<YearMonth> {
    let local = at.and_utc().with_timezone(&tz).date_naive();
    YearMonth::of(local)
        .and_then(|m| m.last_day().succ_opt())
        .and_then(YearMonth::of)
        .ok_or_else(|| corrupt(format!("no month after {at}")))
}

/// Adopts the next payout rule version of a co-op, in the caller's transaction, and audits
/// it. `effective_from` (`YYYY-MM`) overrides the one in `rule_json`; with neither, the rule
/// is in force from the month after adoption. Refuses a rule that does not validate (the SCIC
/// limit included) with a deserialization error. Returns the new version number.
pub fn adopt_rule(
    conn: &mut DbConn,
    coop_id: i64,
    rule_json: &str,
    effective_from: Option<&str>,
    proposal_id: Option<i64>,
) -> QueryResult<i64> {
    let mut rule = parse_rule(rule_json).map_err(|e| corrupt(format!("payout rule: {e}")))?;
    if let Some(text) = effective_from {
        let month = YearMonth::parse(text)
            .ok_or_else(|| corrupt(format!("effective_from: \"{text}\" is not YYYY-MM")))?;
        rule.effective_from = Some(month);
    }
    let book = super::coops::current_rulebook(conn, coop_id)?;
    validate_for_template(&rule, book.template == Template::Scic)
        .map_err(|e| corrupt(format!("payout rule: {}: {e}", e.field())))?;
    let body = serde_json::to_string(&rule).map_err(corrupt)?;
    let last: Option<i32> = payout_rule_versions::table
        .filter(payout_rule_versions::coop_id.eq(coop_id))
        .select(diesel::dsl::max(payout_rule_versions::version))
        .first(conn)?;
    let version = last.unwrap_or(0) + 1;
    let now = super::now();
    diesel::insert_into(payout_rule_versions::table)
        .values((
            payout_rule_versions::coop_id.eq(coop_id),
            payout_rule_versions::version.eq(version),
            payout_rule_versions::body.eq(&body),
            payout_rule_versions::proposal_id.eq(proposal_id),
            payout_rule_versions::created_at.eq(now),
        ))
        .execute(conn)?;
    let coop = super::coops::by_id(conn, coop_id)?.ok_or(diesel::result::Error::NotFound)?;
    let from = match rule.effective_from {
        Some(m) => m,
        None => month_after(now, coop.tz())?,
    };
    let value: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
    super::audit::append(
        conn,
        coop_id,
        None,
        "payout_rule.adopted",
        json!({"version": version, "proposal": proposal_id, "in_force_from": from.to_string(),
            "rule": value}),
    )?;
    Ok(i64::from(version))
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
                .map_err(|e| corrupt(format!("stored payout rule {version}: {e}")))?;
            let in_force_from = match rule.effective_from {
                Some(m) => m,
                None => month_after(adopted_at, tz)?,
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

/// Today in the co-op's time zone.
pub fn today(tz: chrono_tz::Tz) -> chrono::NaiveDate {
    chrono::Utc::now().with_timezone(&tz).date_naive()
}

/// The month of a day of work (`None` only outside the years 0000 to 9999).
pub fn month_of(date: chrono::NaiveDate) -> Option<YearMonth> {
    YearMonth::of(date)
}
