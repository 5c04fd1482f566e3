//! Enactment, in one place: an adopted `rules_change` or `payout_rule` proposal becomes a new
//! rulebook or payout rule version, checked once more against the rules in force and the
//! template, written with its audit event in the closing transaction. Storage only stores.

use super::create::{Context, check_payload};
use crate::domain::election::Verdict;
use crate::domain::payout::{YearMonth, parse_rule, validate_for_template};
use crate::domain::refusal::{Code, Refused};
use crate::domain::rulebook::{DecisionClass, Template};
use crate::i18n::Locale;
use crate::service::{Answer, ServiceError};
use crate::storage::proposals::{self, Proposal};
use crate::storage::{DbConn, DbError, audit, coops, members, payouts};
use chrono::NaiveDateTime;
use diesel::QueryResult;
use serde_json::json;

/// What enacting an adopted proposal did.
pub enum Enactment {
    /// Nothing to enact (no payload).
    Nothing,
    /// The version enacted (`rulebook:3`, `payout_rule:2`).
    Enacted(String),
    /// The payload failed its re-validation: why (English, as audited).
    Refused(String),
}

/// The audit kind that records a refused enactment, and where the page reads it back.
pub const ENACTMENT_REFUSED: &str = "proposal.enactment_refused";

/// Why an adopted proposal was not enacted (its payload refused at closing), read back from
/// the audit trail, which keeps the frozen result exactly what a recount gives.
pub fn not_enacted(conn: &mut DbConn, p: &Proposal) -> QueryResult<Option<String>> {
    if p.verdict.as_deref() != Some(Verdict::Adopted.name()) || p.payload.is_none() {
        return Ok(None);
    }
    let found = audit::of_kind(conn, p.coop_id, ENACTMENT_REFUSED)?
        .into_iter()
        .filter_map(|e| serde_json::from_str::<serde_json::Value>(&e.data).ok())
        .find(|d| d["proposal"].as_i64() == Some(p.id))
        .map(|d| d["reason"].as_str().unwrap_or_default().to_string());
    Ok(found)
}

/// Enacts an adopted `rules_change` or `payout_rule` payload, validated once more.
pub fn enact(conn: &mut DbConn, p: &Proposal, now: NaiveDateTime) -> QueryResult<Enactment> {
    let (Some(class), Some(payload)) = (Some(p.decision_class), p.payload.as_deref()) else {
        return Ok(Enactment::Nothing);
    };
    let book = coops::current_rulebook(conn, p.coop_id)?;
    let mut counts = std::collections::HashMap::new();
    for c in &book.colleges {
        counts.insert(
            c.key.clone(),
            members::count_in_college(conn, p.coop_id, &c.key)? as usize,
        );
    }
    let members_in = |k: &str| counts.get(k).copied().unwrap_or(0);
    let cx = Context {
        coop_id: p.coop_id,
        author: p.author_id.unwrap_or(0),
        book: &book,
        tz: chrono_tz::UTC,
        now,
        locale: Locale::En,
        members_in: &members_in,
    };
    let body = match check_payload(class, payload, &cx) {
        Ok(Some(body)) => body,
        Ok(None) => return Ok(Enactment::Nothing),
        Err(r) => {
            let reason = r
                .detail
                .clone()
                .unwrap_or_else(|| crate::i18n::refusal(Locale::En, &r));
            audit::append(
                conn,
                p.coop_id,
                None,
                ENACTMENT_REFUSED,
                json!({"proposal": p.id, "reason": reason}),
            )?;
            return Ok(Enactment::Refused(reason));
        }
    };
    if p.decision_class == DecisionClass::RulesChange {
        let v = proposals::insert_rulebook_version(conn, p.coop_id, &body, p.id, now)?;
        // `body` is the checked rulebook, just written by `check_payload`.
        let rules: serde_json::Value = serde_json::from_str(&body)
            .map_err(|e| diesel::result::Error::SerializationError(e.into()))?;
        audit::append(
            conn,
            p.coop_id,
            None,
            "rulebook.version",
            json!({"version": v, "origin": format!("proposal:{}", p.id), "rulebook": rules}),
        )?;
        Ok(Enactment::Enacted(format!("rulebook:{v}")))
    } else {
        match adopt_payout_rule(conn, p.coop_id, &body, None, Some(p.id), now) {
            Ok(v) => Ok(Enactment::Enacted(format!("payout_rule:{v}"))),
            Err(ServiceError::Refused(r)) => {
                Ok(Enactment::Refused(crate::i18n::refusal(Locale::En, &r)))
            }
            Err(ServiceError::Storage(DbError::Query(e))) => Err(e),
            Err(other) => Err(diesel::result::Error::QueryBuilderError(
                other.to_string().into(),
            )),
        }
    }
}

/// Adopts the next payout rule version of a co-op, in the caller's transaction, and audits
/// it. `effective_from` (`YYYY-MM`) overrides the one in `rule_json`; with neither, the rule
/// is in force from the month after adoption. Refuses a rule that does not validate (the SCIC
/// limit included). Answers the new version number.
pub fn adopt_payout_rule(
    conn: &mut DbConn,
    coop_id: i64,
    rule_json: &str,
    effective_from: Option<&str>,
    proposal_id: Option<i64>,
    now: NaiveDateTime,
) -> Answer<i64> {
    let invalid = |words: String| Refused::new(Code::PayoutRuleInvalid).detail(words);
    let mut rule = parse_rule(rule_json).map_err(|e| invalid(e.to_string()))?;
    if let Some(text) = effective_from {
        rule.effective_from = Some(YearMonth::parse(text).ok_or(Code::MonthInvalid)?);
    }
    let book = coops::current_rulebook(conn, coop_id)?;
    validate_for_template(&rule, book.template == Template::Scic)
        .map_err(|e| invalid(format!("{}: {e}", e.field())))?;
    let coop = coops::by_id(conn, coop_id)?.ok_or(ServiceError::NotFound)?;
    let version = payouts::insert_rule_version(conn, coop_id, &rule, proposal_id, now)?;
    let from = match rule.effective_from {
        Some(m) => m,
        None => payouts::month_after(now, coop.tz()).ok_or(Code::MonthInvalid)?,
    };
    let value = serde_json::to_value(&rule)
        .map_err(|e| DbError::Query(diesel::result::Error::SerializationError(e.into())))?;
    audit::append(
        conn,
        coop_id,
        None,
        "payout_rule.adopted",
        json!({"version": version, "proposal": proposal_id, "in_force_from": from.to_string(),
            "rule": value}),
    )?;
    crate::notifications::payout_rule_adopted(conn, &coop, i64::from(version), now)?;
    Ok(i64::from(version))
}
