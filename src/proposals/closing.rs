//! A proposal's life: opening (roll and rules frozen, members mailed), closing (tally,
//! result frozen, enactment if adopted, result mailed), reminders. Each step claims its row
//! with a conditional update in the caller's write transaction, so with several servers (or
//! the job racing a board member's "close now") exactly one does the work.

use super::enact::{Enactment, enact};
use super::secrecy::{college_names, is_withheld, public_reasons};
use super::{outcome, result_json};
use crate::domain::election::{Outcome, Verdict};
use crate::domain::notification::Kind;
use crate::domain::proposal_state::ProposalState;
use crate::domain::rulebook::{self, Call};
use crate::i18n::{Arg, Locale, render};
use crate::mail::{self, MailContext, MailKind, Recipient, messages};
use crate::notifications;
use crate::storage::proposals::{self, Proposal};
use crate::storage::{DbConn, accounts, audit, ballots, coops, members};
use chrono::NaiveDateTime;
use diesel::QueryResult;
use serde_json::{Map, json};
use std::collections::HashSet;

/// Why opening failed: the class has no second call, or the rulebook yields no rules.
fn frozen_rules(conn: &mut DbConn, p: &Proposal) -> QueryResult<Option<String>> {
    let book = coops::current_rulebook(conn, p.coop_id)?;
    let Some(class) = Some(p.decision_class) else {
        return Ok(None);
    };
    let call = if p.call == Call::Second {
        Call::Second
    } else {
        Call::First
    };
    Ok(rulebook::election_rules(&book, class, call).and_then(|r| serde_json::to_string(&r).ok()))
}

pub(super) fn path(coop_slug: &str, id: i64) -> String {
    format!("/c/{coop_slug}/proposals/{id}")
}

fn locale_of(a: &accounts::Account, coop: &coops::Coop) -> Locale {
    a.locale.unwrap_or_else(|| coop.locale())
}

/// Lands `event` in the notifications of each account (as their volume lets it) and mails
/// `kind` to those it lets through, each in their language — in the caller's transaction.
pub(super) fn notify_each(
    conn: &mut DbConn,
    mail: &MailContext,
    (kind, event): (MailKind, &notifications::Event<'_>),
    coop: &coops::Coop,
    (ids, now): (&[i64], NaiveDateTime),
    message: &dyn Fn(Locale) -> mail::Email,
) -> QueryResult<()> {
    for id in notifications::land(conn, event, ids, now)? {
        let Some(a) = accounts::by_id(conn, id)? else {
            continue;
        };
        let locale = locale_of(&a, coop);
        let to = Recipient {
            account_id: Some(a.id),
            address: &a.email,
            locale,
        };
        mail::enqueue(conn, mail, kind, &to, &message(locale))?;
    }
    Ok(())
}

/// The event of a proposal: its title, linked to its page.
pub(super) fn event<'a>(
    kind: Kind,
    p: &'a Proposal,
    path: &'a str,
    detail: Option<&'a str>,
) -> notifications::Event<'a> {
    notifications::Event {
        kind,
        coop_id: p.coop_id,
        actor_id: None,
        subject: &p.title,
        detail,
        path,
    }
}

/// Opens a scheduled proposal whose time has come. True when this call opened it.
pub fn open(
    conn: &mut DbConn,
    mail: &MailContext,
    id: i64,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let p = proposals::get(conn, id)?;
    if p.state != ProposalState::Scheduled || p.opens_at > now {
        return Ok(false);
    }
    let Some(rules) = frozen_rules(conn, &p)? else {
        return Ok(false);
    };
    let book = coops::current_rulebook(conn, p.coop_id)?;
    let roll = members::eligible_at(conn, p.coop_id, now)?;
    let mut electorate = Map::new();
    for c in &book.colleges {
        let n = roll.iter().filter(|(_, k)| *k == c.key).count();
        electorate.insert(c.key.clone(), json!(n));
    }
    let roll: Vec<(i64, String)> = roll
        .into_iter()
        .filter(|(_, k)| book.college(k).is_some())
        .collect();
    let electorate = serde_json::Value::Object(electorate).to_string();
    if !proposals::claim_open(conn, id, &rules, &electorate, now)? {
        return Ok(false);
    }
    proposals::insert_roll(conn, p.coop_id, id, &roll)?;
    audit::append(
        conn,
        p.coop_id,
        p.author_id,
        "proposal.opened",
        json!({"proposal": id, "title": p.title, "eligible": roll.len(),
               "closes_at": audit::rfc3339_micros(p.closes_at)}),
    )?;
    let coop = coops::by_id(conn, p.coop_id)?.ok_or(diesel::result::Error::NotFound)?;
    let path = path(&coop.slug, id);
    let url = format!("{}{path}", mail.base_url);
    let ids: Vec<i64> = roll.iter().map(|(a, _)| *a).collect();
    let closes = p.closes_at;
    let opened = event(Kind::ProposalOpened, &p, &path, None);
    let what = (MailKind::ProposalOpened, &opened);
    notify_each(conn, mail, what, &coop, (&ids, now), &|l| {
        let args = [
            ("coop", Arg::from(coop.name.as_str())),
            ("title", Arg::from(p.title.as_str())),
            (
                "closes",
                Arg::from(crate::i18n::format::in_zone(l, coop.tz(), closes)),
            ),
        ];
        messages::notification(
            l,
            &render(l, "mail-proposal-opened-subject", &args),
            &render(l, "mail-proposal-opened-body", &args),
            &url,
        )
    })?;
    Ok(true)
}

/// What closing did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closed {
    pub verdict: String,
    /// The rulebook or payout rule version enacted, if any.
    pub enacted: Option<String>,
    /// Adopted, but the payload failed its re-validation: why (English).
    pub not_enacted: Option<String>,
}

/// Closes an open proposal whose closing time has come; `None` when another caller did (or
/// it is not due). Tallies, freezes the result, enacts if adopted, mails the verdict.
pub fn close(
    conn: &mut DbConn,
    mail: &MailContext,
    id: i64,
    now: NaiveDateTime,
) -> QueryResult<Option<Closed>> {
    if !proposals::claim_close(conn, id, now)? {
        return Ok(None);
    }
    let p = proposals::get(conn, id)?;
    if p.secret {
        // From here on no row links a ballot to its voter, even with the key.
        super::sealing::unlink(conn, &mail.keys, &p)?;
    }
    let grouped = ballots::grouped(conn, id)?;
    let (result, verdict, outcome) = match outcome(&p, &grouped) {
        Ok(o) => (result_json(&o), o.verdict.name().to_string(), Some(o)),
        Err(e) => (
            json!({"error": e.message}).to_string(),
            "error".to_string(),
            None,
        ),
    };
    proposals::store_result(conn, id, &result, &verdict)?;
    // The seal: what a recount reads (ballots.json as exported) and the result as stored, so
    // `collegia audit verify` catches either being edited after closing.
    let seal = super::seal::Seal::of(&p, &grouped, &result)?;
    audit::append(
        conn,
        p.coop_id,
        None,
        "proposal.closed",
        json!({"proposal": id, "verdict": verdict, "ballots": grouped.iter().map(|g| g.2).sum::<i64>(),
            "ballots_sha256": seal.ballots_sha256, "result_sha256": seal.result_sha256}),
    )?;
    let enactment = match &outcome {
        Some(o) if o.verdict == Verdict::Adopted => enact(conn, &p, now)?,
        _ => Enactment::Nothing,
    };
    let (enacted, not_enacted) = match enactment {
        Enactment::Nothing => (None, None),
        Enactment::Enacted(v) => (Some(v), None),
        Enactment::Refused(why) => (None, Some(why)),
    };
    if let Some(o) = &outcome {
        mail_result(conn, mail, (&p, now), o, not_enacted.as_deref())?;
    }
    Ok(Some(Closed {
        verdict,
        enacted,
        not_enacted,
    }))
}

/// The per-college lines of a result mail; secret proposals hide small colleges.
pub fn college_lines(
    l: Locale,
    o: &Outcome,
    secret: bool,
    name: &dyn Fn(&str) -> String,
) -> Vec<String> {
    o.colleges
        .iter()
        .map(|c| {
            let college = Arg::from(name(&c.key));
            if is_withheld(c, secret) {
                return render(l, "mail-result-college-hidden", &[("college", college)]);
            }
            let turnout = c
                .turnout
                .as_ref()
                .map(|t| {
                    format!(
                        "{:.1} %",
                        crate::domain::fraction::to_display_f64(t) * 100.0
                    )
                })
                .unwrap_or_else(|| "-".into());
            render(
                l,
                "mail-result-college",
                &[
                    ("college", college),
                    ("ballots", Arg::Number(c.ballots as f64)),
                    ("eligible", Arg::Number(c.eligible.unwrap_or(0) as f64)),
                    ("turnout", Arg::from(turnout)),
                ],
            )
        })
        .collect()
}

/// The verdict in `l`: "Adopted, but not enacted: why" when the enactment was refused.
pub fn verdict_text(l: Locale, verdict: &str, not_enacted: Option<&str>) -> String {
    match not_enacted {
        Some(why) => render(
            l,
            "results-verdict-adopted-not-enacted",
            &[("reason", Arg::from(why))],
        ),
        None => crate::i18n::t(l, &format!("results-verdict-{}", verdict.replace('_', "-"))),
    }
}

fn mail_result(
    conn: &mut DbConn,
    mail: &MailContext,
    (p, now): (&Proposal, NaiveDateTime),
    o: &Outcome,
    not_enacted: Option<&str>,
) -> QueryResult<()> {
    let coop = coops::by_id(conn, p.coop_id)?.ok_or(diesel::result::Error::NotFound)?;
    let book = coops::current_rulebook(conn, p.coop_id)?;
    let name = college_names(&book);
    let path = path(&coop.slug, p.id);
    let url = format!("{}{path}", mail.base_url);
    let ids: Vec<i64> = proposals::roll_of(conn, p.id)?
        .into_iter()
        .map(|(a, _)| a)
        .collect();
    let result = event(Kind::ProposalResult, p, &path, Some(o.verdict.name()));
    let what = (MailKind::ProposalResult, &result);
    notify_each(conn, mail, what, &coop, (&ids, now), &|l| {
        // The subject stays short; the body says why an adopted payload was not enacted.
        let args = |verdict: String| {
            [
                ("coop", Arg::from(coop.name.as_str())),
                ("title", Arg::from(p.title.as_str())),
                ("verdict", Arg::from(verdict)),
            ]
        };
        let subject = args(verdict_text(l, o.verdict.name(), None));
        let full = args(verdict_text(l, o.verdict.name(), not_enacted));
        let mut body = vec![render(l, "mail-proposal-result-body", &full)];
        body.extend(public_reasons(l, o, p.secret, &name));
        body.extend(college_lines(l, o, p.secret, &name));
        messages::notification(
            l,
            &render(l, "mail-proposal-result-subject", &subject),
            &body.join("\n"),
            &url,
        )
    })
}

/// Reminds, once, those on the roll who have not voted, when closing is within `within`.
pub fn remind_due(
    conn: &mut DbConn,
    mail: &MailContext,
    now: NaiveDateTime,
    within: chrono::Duration,
) -> QueryResult<usize> {
    let mut done = 0;
    for id in proposals::due_for_reminder(conn, now + within)? {
        if !proposals::claim_reminder(conn, id, now)? {
            continue;
        }
        remind_not_voted(conn, mail, id, now)?;
        done += 1;
    }
    Ok(done)
}

/// Reminds those on the roll of proposal `id` who have not voted (the job's reminder, and
/// the board's "remind now"); answers how many are on the list.
pub fn remind_not_voted(
    conn: &mut DbConn,
    mail: &MailContext,
    id: i64,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let voted: HashSet<i64> = ballots::voters(conn, id)?.into_iter().collect();
    let to = |a: i64| !voted.contains(&a);
    mail_deadline(conn, mail, (id, now), &to, Kind::Reminder)?;
    let roll = proposals::roll_of(conn, id)?;
    Ok(roll.iter().filter(|(a, _)| to(*a)).count())
}

/// Tells those on the roll that voting now closes later (the reminder preference covers it),
/// and lets the reminder go out again before the new closing time.
pub fn announce_extension(conn: &mut DbConn, mail: &MailContext, id: i64) -> QueryResult<()> {
    proposals::clear_reminder(conn, id)?;
    let now = crate::storage::now();
    mail_deadline(conn, mail, (id, now), &|_| true, Kind::ProposalExtended)
}

/// Tells those on the roll whom `to` picks about the proposal's closing time (a reminder or
/// an extension): a notification, and the message `{keys}-subject` and `{keys}-body` with its
/// title and closing time in their zone.
fn mail_deadline(
    conn: &mut DbConn,
    mail: &MailContext,
    (id, now): (i64, NaiveDateTime),
    to: &dyn Fn(i64) -> bool,
    kind: Kind,
) -> QueryResult<()> {
    let keys = if kind == Kind::Reminder {
        "mail-reminder"
    } else {
        "mail-extended"
    };
    let p = proposals::get(conn, id)?;
    let coop = coops::by_id(conn, p.coop_id)?.ok_or(diesel::result::Error::NotFound)?;
    let ids: Vec<i64> = proposals::roll_of(conn, id)?
        .into_iter()
        .map(|(a, _)| a)
        .filter(|a| to(*a))
        .collect();
    let path = path(&coop.slug, id);
    let url = format!("{}{path}", mail.base_url);
    let deadline = event(kind, &p, &path, None);
    let what = (MailKind::Reminder, &deadline);
    notify_each(conn, mail, what, &coop, (&ids, now), &|l| {
        let args = [
            ("title", Arg::from(p.title.as_str())),
            (
                "closes",
                Arg::from(crate::i18n::format::in_zone(l, coop.tz(), p.closes_at)),
            ),
        ];
        messages::notification(
            l,
            &render(l, &format!("{keys}-subject"), &args),
            &render(l, &format!("{keys}-body"), &args),
            &url,
        )
    })
}

/// One pass of the background job: open what is due, remind 24 hours before closing, close
/// what is due. Each proposal in its own write transaction; safe with several servers.
pub fn run_due(
    db: &crate::storage::Db,
    mail: &MailContext,
    now: NaiveDateTime,
) -> Result<usize, crate::storage::DbError> {
    use crate::storage::write_tx;
    let mut conn = db.get()?;
    let mut done = 0;
    for id in proposals::due_to_open(&mut conn, now)? {
        if write_tx(&mut conn, |c| open(c, mail, id, now))? {
            done += 1;
        }
    }
    done += write_tx(&mut conn, |c| {
        remind_due(c, mail, now, chrono::Duration::hours(24))
    })?;
    for id in proposals::due_to_close(&mut conn, now)? {
        if write_tx(&mut conn, |c| close(c, mail, id, now))?.is_some() {
            done += 1;
        }
    }
    Ok(done)
}
