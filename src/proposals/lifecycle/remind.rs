//! "Remind now" (board, admins): mails those on the roll of an open proposal who have not
//! voted, as the closing job's reminder does, at most once every 24 hours per proposal.

use crate::domain::refusal::{Code, Refused};
use crate::i18n::format::in_zone;
use crate::mail::MailContext;
use crate::service::Answer;
use crate::storage::proposals::Proposal;
use crate::storage::{DbConn, audit, coops, proposal_versions, write_tx};
use chrono::{Duration, NaiveDateTime};
use diesel::QueryResult;
use serde_json::json;

/// The least time between two reminders of a proposal sent by hand.
pub fn gap() -> Duration {
    Duration::hours(24)
}

/// When the next reminder by hand may go out (`None`: now).
pub fn next_at(
    conn: &mut DbConn,
    p: &Proposal,
    now: NaiveDateTime,
) -> QueryResult<Option<NaiveDateTime>> {
    let last = proposal_versions::last_at(conn, p.id, "reminded")?;
    Ok(last.map(|at| at + gap()).filter(|next| *next > now))
}

/// Reminds, now, those who have not voted on open proposal `p`; answers how many.
pub fn remind(
    conn: &mut DbConn,
    mail: &MailContext,
    p: &Proposal,
    actor: i64,
    when: super::When,
) -> Answer<usize> {
    if !p.is_open() {
        return Err(Code::ProposalNotOpen.into());
    }
    write_tx(conn, |conn| {
        // Two board members at once: the second waits, then sees the first's reminder.
        coops::lock(conn, p.coop_id)?;
        if let Some(next) = next_at(conn, p, when.now)? {
            return Err(Refused::new(Code::ReminderTooSoon)
                .with("at", in_zone(when.locale, when.tz, next))
                .into());
        }
        let count = crate::proposals::closing::remind_not_voted(conn, mail, p.id, when.now)?;
        let detail = json!({"reminded": count});
        proposal_versions::record(conn, p.id, "reminded", (Some(actor), when.now), &detail)?;
        audit::append(
            conn,
            p.coop_id,
            Some(actor),
            "proposal.reminded",
            json!({"proposal": p.id, "reminded": count}),
        )?;
        Ok(count)
    })
}
