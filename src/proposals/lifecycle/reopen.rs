//! Reopening a closed proposal (board, admins) with a new closing time: only an ordinary
//! decision (never one that enacts or changes the statutes) whose ballots are not secret.
//! The first result, its verdict, statement and seal stay in the proposal's history; the
//! proposal is open again with its roll and ballots, and the next closing tallies and seals
//! again.

use super::{When, tell_roll};
use crate::domain::notification::Kind;
use crate::domain::refusal::{Code, Refused};
use crate::domain::rulebook::DecisionClass;
use crate::i18n::format::in_zone;
use crate::mail::{MailContext, MailKind};
use crate::proposals::seal::Seal;
use crate::service::Answer;
use crate::storage::proposals::{self, Proposal};
use crate::storage::{DbConn, audit, ballots, coops, proposal_versions, write_tx};
use chrono::NaiveDateTime;
use serde_json::json;

/// May `p` be reopened at all (closed, ordinary, not secret)?
pub fn may_reopen(p: &Proposal) -> bool {
    p.is_closed() && !p.secret && p.decision_class == DecisionClass::Ordinary
}

/// Reopens closed proposal `p` until `closes_at`, in its own transaction.
pub fn reopen(
    conn: &mut DbConn,
    mail: &MailContext,
    p: &Proposal,
    actor: i64,
    closes_at: NaiveDateTime,
    when: When,
) -> Answer<()> {
    if !p.is_closed() {
        return Err(Code::ProposalNotClosed.into());
    }
    if !may_reopen(p) {
        return Err(Code::ReopenNotAllowed.into());
    }
    if closes_at <= when.now {
        return Err(Code::ClosesTooEarly.into());
    }
    write_tx(conn, |conn| {
        let book = coops::current_rulebook(conn, p.coop_id)?;
        let hours = book.decisions.get(p.decision_class).min_open_hours;
        let earliest = super::earliest(when.now, hours);
        if closes_at < earliest {
            return Err(Refused::new(Code::OpenTooShort)
                .with("hours", hours)
                .with("earliest", in_zone(when.locale, when.tz, earliest))
                .into());
        }
        let grouped = ballots::grouped(conn, p.id)?;
        let result = p.result.clone().unwrap_or_default();
        let seal = Seal::of(p, &grouped, &result)?;
        if !proposals::reopen(conn, p.id, closes_at)? {
            return Err(Code::ProposalNotClosed.into());
        }
        let detail = json!({
            "verdict": p.verdict, "result": result, "statement": p.outcome_statement,
            "closed_at": p.closed_at.map(audit::rfc3339_micros),
            "closes_at": audit::rfc3339_micros(closes_at),
            "ballots_sha256": seal.ballots_sha256, "result_sha256": seal.result_sha256,
        });
        proposal_versions::record(conn, p.id, "reopened", (Some(actor), when.now), &detail)?;
        audit::append(
            conn,
            p.coop_id,
            Some(actor),
            "proposal.reopened",
            json!({"proposal": p.id, "verdict": p.verdict, "closes_at": audit::rfc3339_micros(closes_at),
                "ballots_sha256": seal.ballots_sha256, "result_sha256": seal.result_sha256}),
        )?;
        let now_p = proposals::get(conn, p.id)?;
        let what = (
            Kind::ProposalOpened,
            MailKind::ProposalOpened,
            "mail-reopened",
        );
        tell_roll(conn, mail, (&now_p, actor, when.now), what, "")?;
        Ok(())
    })
}
