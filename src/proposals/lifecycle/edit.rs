//! Editing an open proposal (its author, the board, admins): title, details, closing time,
//! and the options while nobody has voted. The version it replaces is kept (the history shows
//! a word-level diff); those on the roll are told, and their ballots stay.
//!
//! The closing time may always move later. Earlier only for an ordinary decision, and never
//! before the class's minimum open period, so an edit is never a way round the early-close
//! rule of statute-level classes.

use super::{Steerer, When, tell_roll};
use crate::domain::notification::Kind;
use crate::domain::refusal::{Code, Refused};
use crate::domain::rulebook::DecisionClass;
use crate::i18n::format::in_zone;
use crate::mail::{MailContext, MailKind};
use crate::proposals::create::{options_of, parse_local};
use crate::service::Answer;
use crate::storage::proposal_versions::{self, Replaced};
use crate::storage::proposals::{self, Edited, Proposal};
use crate::storage::{DbConn, audit, ballots, coops, write_tx};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use serde_json::json;

/// An edit as typed: the closing time in the co-op's zone (`YYYY-MM-DDTHH:MM`, empty: as
/// it is), the options one per line (empty: as they are).
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct EditInput {
    pub title: String,
    /// Markdown.
    pub details: String,
    pub options: String,
    pub closes_at: String,
}

impl EditInput {
    /// The form prefilled from the proposal as it is.
    pub fn of(p: &Proposal, tz: chrono_tz::Tz) -> EditInput {
        EditInput {
            title: p.title.clone(),
            details: p.details.clone(),
            options: p.options.join("\n"),
            closes_at: p
                .closes_at
                .and_utc()
                .with_timezone(&tz)
                .format("%Y-%m-%dT%H:%M")
                .to_string(),
        }
    }
}

/// What the edit would write, checked.
fn checked(
    conn: &mut DbConn,
    p: &Proposal,
    input: &EditInput,
    when: When,
) -> Answer<(String, Vec<String>, NaiveDateTime)> {
    let title = input.title.trim();
    if title.is_empty() || title.chars().count() > 200 {
        return Err(Code::TitleInvalid.into());
    }
    let options = if input.options.trim().is_empty() {
        p.options.clone()
    } else {
        options_of(p.method, &input.options)?
    };
    if options != p.options && !ballots::voters(conn, p.id)?.is_empty() {
        return Err(Code::OptionsLocked.into());
    }
    let closes_at = if input.closes_at.trim().is_empty() {
        p.closes_at
    } else {
        parse_local(&input.closes_at, when.tz).ok_or(Code::ClosesAtInvalid)?
    };
    if closes_at != p.closes_at {
        if closes_at <= when.now {
            return Err(Code::ClosesTooEarly.into());
        }
        if closes_at < p.closes_at {
            if p.decision_class != DecisionClass::Ordinary {
                return Err(Code::EditEarlierNotAllowed.into());
            }
            let book = coops::current_rulebook(conn, p.coop_id)?;
            let hours = book.decisions.get(p.decision_class).min_open_hours;
            let earliest = super::earliest(p.opens_at, hours);
            if closes_at < earliest {
                return Err(Refused::new(Code::OpenTooShort)
                    .with("hours", hours)
                    .with("earliest", in_zone(when.locale, when.tz, earliest))
                    .into());
            }
        }
    }
    Ok((title.to_string(), options, closes_at))
}

/// Edits open proposal `p`, in its own transaction; answers the number of the version kept
/// (`None` when nothing changed).
pub fn edit(
    conn: &mut DbConn,
    mail: &MailContext,
    p: &Proposal,
    who: Steerer,
    input: &EditInput,
    when: When,
) -> Answer<Option<i64>> {
    who.check(p)?;
    if !p.is_open() {
        return Err(Code::ProposalNotOpen.into());
    }
    write_tx(conn, |conn| {
        // Checked in the transaction: a ballot cast meanwhile locks the options.
        let (title, options, closes_at) = checked(conn, p, input, when)?;
        let details = input.details.trim_end();
        if title == p.title
            && details == p.details
            && options == p.options
            && closes_at == p.closes_at
        {
            return Ok(None);
        }
        let version = proposal_versions::keep(
            conn,
            &Replaced {
                proposal_id: p.id,
                title: &p.title,
                details: &p.details,
                options: &p.options,
                closes_at: p.closes_at,
                edited_by: who.account,
                edited_at: when.now,
            },
        )?;
        let edited = Edited {
            title: &title,
            details,
            options: &options,
            closes_at,
        };
        if !proposals::edit(conn, p.id, &edited)? {
            return Err(Code::ProposalNotOpen.into());
        }
        if closes_at != p.closes_at {
            // The job's reminder goes out again before the new closing time.
            proposals::clear_reminder(conn, p.id)?;
        }
        let moved = (closes_at != p.closes_at).then(|| {
            json!({"from": audit::rfc3339_micros(p.closes_at), "to": audit::rfc3339_micros(closes_at)})
        });
        let detail = json!({"version": version, "closes": moved});
        proposal_versions::record(conn, p.id, "edited", (Some(who.account), when.now), &detail)?;
        audit::append(
            conn,
            p.coop_id,
            Some(who.account),
            "proposal.edited",
            json!({"proposal": p.id, "version": version, "title": title, "closes": moved}),
        )?;
        let now_p = proposals::get(conn, p.id)?;
        let what = (
            Kind::ProposalEdited,
            MailKind::ProposalOpened,
            "mail-edited",
        );
        tell_roll(conn, mail, (&now_p, who.account, when.now), what, "")?;
        Ok(Some(version))
    })
}

/// Has anyone voted on proposal `id` (the options are then locked)?
pub fn anyone_voted(conn: &mut DbConn, id: i64) -> Answer<bool> {
    Ok(!ballots::voters(conn, id)?.is_empty())
}
