//! What the board or admins do to a proposal: close it early, extend it, re-run it on second
//! call after a failure for lack of quorum. Each is audited.

use super::closing::{Closed, close, open};
use crate::domain::proposal_state::ProposalState;
use crate::domain::refusal::{Code, Refused};
use crate::domain::rulebook::Call;
use crate::mail::MailContext;
use crate::service::Answer;
use crate::storage::proposals::{self, Proposal};
use crate::storage::{DbConn, audit, coops, write_tx};
use chrono::NaiveDateTime;
use diesel::QueryResult;
use serde_json::json;

/// Why the board may not close this proposal now, if it may not: it is not open, or it is
/// of a statute-level class and some on the roll have not voted (an ordinary one may close
/// early at any time, audited).
pub fn early_close_refusal(conn: &mut DbConn, p: &Proposal) -> QueryResult<Option<Refused>> {
    if !p.is_open() {
        return Ok(Some(Refused::new(Code::ProposalNotOpen)));
    }
    if p.decision_class.may_close_early_with_votes_missing() {
        return Ok(None);
    }
    let (_, missing) = proposals::not_voted(conn, p.id, 0)?;
    Ok((missing > 0).then(|| Refused::new(Code::EarlyCloseNotAllowed).with("missing", missing)))
}

/// Closes now (board or admin), audited, in its own transaction; refused when it may not
/// close now (see [`early_close_refusal`]).
pub fn close_now(
    conn: &mut DbConn,
    mail: &MailContext,
    p: &Proposal,
    actor: i64,
    now: NaiveDateTime,
) -> Answer<Closed> {
    write_tx(conn, |conn| close_now_within(conn, mail, p, actor, now))
}

fn close_now_within(
    conn: &mut DbConn,
    mail: &MailContext,
    p: &Proposal,
    actor: i64,
    now: NaiveDateTime,
) -> Answer<Closed> {
    if let Some(refused) = early_close_refusal(conn, p)? {
        return Err(refused.into());
    }
    proposals::set_closes_at(conn, p.id, now)?;
    audit::append(
        conn,
        p.coop_id,
        Some(actor),
        "proposal.closed_early",
        json!({"proposal": p.id}),
    )?;
    // Another closer got there first: it is no longer open.
    close(conn, mail, p.id, now)?.ok_or_else(|| Refused::new(Code::ProposalNotOpen).into())
}

/// Moves the closing time later (board or admin), audited, in its own transaction. False
/// when closed or not later.
pub fn extend(
    conn: &mut DbConn,
    mail: &MailContext,
    p: &Proposal,
    actor: i64,
    until: NaiveDateTime,
) -> Answer<bool> {
    Ok(write_tx(conn, |conn| {
        extend_within(conn, mail, p, actor, until)
    })?)
}

fn extend_within(
    conn: &mut DbConn,
    mail: &MailContext,
    p: &Proposal,
    actor: i64,
    until: NaiveDateTime,
) -> QueryResult<bool> {
    // A withdrawn proposal is over as surely as a closed one: nothing to extend.
    if p.is_closed() || p.is_withdrawn() || until <= p.closes_at {
        return Ok(false);
    }
    proposals::set_closes_at(conn, p.id, until)?;
    if p.is_open() {
        super::closing::announce_extension(conn, mail, p.id)?;
    }
    audit::append(
        conn,
        p.coop_id,
        Some(actor),
        "proposal.extended",
        json!({"proposal": p.id, "from": audit::rfc3339_micros(p.closes_at), "to": audit::rfc3339_micros(until)}),
    )?;
    Ok(true)
}

/// Re-runs a proposal that failed for lack of quorum, on second call (the class's
/// `second_call_quorum`), closing at `closes_at`, in its own transaction. `None` when it
/// cannot be re-run.
pub fn second_call(
    conn: &mut DbConn,
    mail: &MailContext,
    old: &Proposal,
    actor: i64,
    (closes_at, now): (NaiveDateTime, NaiveDateTime),
) -> Answer<Option<i64>> {
    Ok(write_tx(conn, |conn| {
        second_call_within(conn, mail, old, actor, closes_at, now)
    })?)
}

fn second_call_within(
    conn: &mut DbConn,
    mail: &MailContext,
    old: &Proposal,
    actor: i64,
    closes_at: NaiveDateTime,
    now: NaiveDateTime,
) -> QueryResult<Option<i64>> {
    // Two second calls at once: the second waits, then sees the first's rerun.
    coops::lock(conn, old.coop_id)?;
    let book = coops::current_rulebook(conn, old.coop_id)?;
    let second = super::create::has_second_call(&book, old.decision_class);
    let rerun = proposals::list(conn, old.coop_id)?
        .iter()
        .any(|p| p.reruns_id == Some(old.id));
    if !old.is_closed()
        || old.verdict.as_deref() != Some("no_quorum")
        || old.call == Call::Second
        || !second
        || rerun
        || closes_at <= now
        || closes_at - now
            < chrono::Duration::hours(i64::from(
                book.decisions.get(old.decision_class).min_open_hours,
            ))
    {
        return Ok(None);
    }
    let new = proposals::NewProposal {
        coop_id: old.coop_id,
        thread_id: old.thread_id,
        author_id: Some(actor),
        title: old.title.clone(),
        details: old.details.clone(),
        method: old.method,
        options: old.options.clone(),
        ranked_rule: old.ranked_rule,
        score_min: old.score_min,
        score_max: old.score_max,
        dots_per_voter: old.dots_per_voter,
        decision_class: old.decision_class,
        call: Call::Second,
        reruns_id: Some(old.id),
        opens_at: now,
        closes_at,
        state: ProposalState::Scheduled,
        secret: old.secret,
        results_visibility: old.results_visibility,
        reason_required: old.reason_required,
        payload: old.payload.clone(),
        created_at: now,
    };
    let id = proposals::insert(conn, &new)?;
    audit::append(
        conn,
        old.coop_id,
        Some(actor),
        "proposal.second_call",
        json!({"proposal": id, "reruns": old.id}),
    )?;
    open(conn, mail, id, now)?;
    Ok(Some(id))
}

/// Writes the outcome statement of a closed proposal (board or admin), audited.
pub fn set_statement(conn: &mut DbConn, p: &Proposal, actor: i64, statement: &str) -> Answer<()> {
    if !p.is_closed() {
        return Err(Code::ProposalNotClosed.into());
    }
    write_tx(conn, |conn| {
        proposals::set_statement(conn, p.id, statement)?;
        audit::append(
            conn,
            p.coop_id,
            Some(actor),
            "proposal.statement",
            json!({"proposal": p.id}),
        )?;
        Ok(())
    })
}
