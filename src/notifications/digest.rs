//! The daily digest: once a day, for each person and co-op where they asked for it, one mail
//! "Yesterday in <co-op>" listing the notifications that landed for them there the day before
//! (the co-op's day, in its time zone, by the app's clock), in their language. Nothing landed,
//! nothing is sent. Each (person, co-op, day) is claimed by a conditional update, so with
//! several servers exactly one sends it.

use crate::i18n::{Arg, Locale, render, t};
use crate::mail::{self, MailContext, MailKind, Recipient};
use crate::storage::notifications as store;
use crate::storage::{Db, DbConn, DbError, accounts, coops, members, write_tx};
use chrono::{NaiveDate, NaiveDateTime, TimeZone};

/// The UTC instant a local day starts in `tz`.
fn day_start(tz: chrono_tz::Tz, day: NaiveDate) -> NaiveDateTime {
    let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    tz.from_local_datetime(&midnight)
        .earliest()
        .map(|t| t.naive_utc())
        .unwrap_or(midnight)
}

/// "Monday 7 December" / "lundi 7 décembre".
fn spoken_day(l: Locale, day: NaiveDate) -> String {
    use chrono::Datelike;
    render(
        l,
        "mail-digest-day",
        &[
            (
                "weekday",
                Arg::from(t(
                    l,
                    &format!("when-weekday-{}", day.weekday().num_days_from_monday()),
                )),
            ),
            ("day", Arg::from(day.day().to_string())),
            (
                "month",
                Arg::from(t(l, &format!("when-month-{}", day.month()))),
            ),
        ],
    )
}

/// Sends, if not yet sent, the digest of the day before `today` for (account, co-op).
/// True when a mail was queued.
fn send_one(
    conn: &mut DbConn,
    ctx: &MailContext,
    (account, coop): (i64, &coops::Coop),
    today: NaiveDate,
) -> Result<bool, DbError> {
    let day = today.to_string();
    if members::current(conn, coop.id, account)?.is_none()
        || !store::claim_digest(conn, account, coop.id, &day)?
    {
        return Ok(false);
    }
    let yesterday = today.pred_opt().unwrap_or(today);
    let tz = coop.tz();
    let rows = store::between(
        conn,
        account,
        coop.id,
        (day_start(tz, yesterday), day_start(tz, today)),
    )?;
    let Some(person) = accounts::by_id(conn, account)? else {
        return Ok(false);
    };
    if rows.is_empty() {
        return Ok(false);
    }
    let l = person.locale.unwrap_or_else(|| coop.locale());
    let mut actors: Vec<i64> = rows.iter().filter_map(|n| n.actor_id).collect();
    actors.dedup();
    let names = store::names(conn, &actors)?;
    let lines: Vec<(String, String)> = rows
        .iter()
        .map(|n| {
            let actor = n.actor_id.and_then(|a| names.get(&a)).map(String::as_str);
            (
                crate::i18n::notifications::sentence(
                    l,
                    n.kind,
                    &n.subject,
                    actor,
                    n.detail.as_deref(),
                ),
                format!("{}/notifications/{}", ctx.base_url, n.id),
            )
        })
        .collect();
    let spoken_day = spoken_day(l, yesterday);
    let email = mail::messages::digest(l, (&coop.name, &spoken_day), &lines, &ctx.base_url);
    let to = Recipient {
        account_id: Some(account),
        address: &person.email,
        locale: l,
    };
    Ok(mail::enqueue(conn, ctx, MailKind::Digest, &to, &email)?)
}

/// One pass: every digest due at `now` (the co-op's day has changed since the last one).
/// Each in its own write transaction. Answers how many mails were queued.
pub fn run_due(db: &Db, ctx: &MailContext, now: NaiveDateTime) -> Result<usize, DbError> {
    let mut conn = db.get()?;
    let mut sent = 0;
    let mut coops_seen: std::collections::HashMap<i64, Option<coops::Coop>> = Default::default();
    for (account, coop_id, last) in store::digest_subscribers(&mut conn)? {
        let coop = match coops_seen.entry(coop_id) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(coops::by_id(&mut conn, coop_id)?)
            }
        };
        let Some(coop) = coop.as_ref() else {
            continue;
        };
        let today = now.and_utc().with_timezone(&coop.tz()).date_naive();
        if last.as_deref() >= Some(today.to_string().as_str()) {
            continue;
        }
        if write_tx(&mut conn, |c| send_one(c, ctx, (account, coop), today))? {
            sent += 1;
        }
    }
    Ok(sent)
}
