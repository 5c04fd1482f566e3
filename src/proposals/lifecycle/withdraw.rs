//! Withdrawing a proposal before it closes (its author, the board, admins), with a reason:
//! it is recorded as `withdrawn`, so the closing job never tallies nor enacts it, and those
//! on the roll are told why.

use super::{Steerer, tell_roll};
use crate::domain::notification::Kind;
use crate::domain::refusal::Code;
use crate::mail::{MailContext, MailKind};
use crate::service::Answer;
use crate::storage::proposals::{self, Proposal};
use crate::storage::{DbConn, audit, proposal_versions, write_tx};
use chrono::NaiveDateTime;
use serde_json::json;

/// The longest reason kept.
pub const REASON_MAX: usize = 2000;

/// Withdraws `p` (open or scheduled) with `reason`, in its own transaction.
pub fn withdraw(
    conn: &mut DbConn,
    mail: &MailContext,
    p: &Proposal,
    who: Steerer,
    (reason, now): (&str, NaiveDateTime),
) -> Answer<()> {
    who.check(p)?;
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > REASON_MAX {
        return Err(Code::WithdrawReasonRequired.into());
    }
    write_tx(conn, |conn| {
        if !proposals::claim_withdraw(conn, p.id, now)? {
            return Err(Code::ProposalNotOpen.into());
        }
        if p.secret && p.is_open() {
            // As at closing: no row links a sealed ballot to its voter any more.
            super::super::sealing::unlink(conn, &mail.keys, p)?;
        }
        let detail = json!({"reason": reason, "state": p.state.key()});
        proposal_versions::record(conn, p.id, "withdrawn", (Some(who.account), now), &detail)?;
        audit::append(
            conn,
            p.coop_id,
            Some(who.account),
            "proposal.withdrawn",
            json!({"proposal": p.id, "reason": reason}),
        )?;
        let what = (
            Kind::ProposalWithdrawn,
            MailKind::ProposalResult,
            "mail-withdrawn",
        );
        tell_roll(conn, mail, (p, who.account, now), what, reason)?;
        Ok(())
    })
}
