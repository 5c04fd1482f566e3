//! Everything Collegia holds about a person, as one JSON document they download: profile,
//! memberships, posts, named votes, work log and payout statements.
//!
//! Never anything that links a secret ballot: a secret proposal's ballots hold no account
//! (and the query keeps to proposals that are not secret), and `who_voted` — which says that a
//! person voted, never what — is left out too.

use super::check_password;
use crate::service::Answer;
use crate::storage::accounts::Account;
use crate::storage::{Db, DbConn, own_account};
use chrono::NaiveDateTime;
use serde_json::{Value, json};
use std::collections::HashMap;

/// The export's format name, first key of the document.
pub const FORMAT: &str = "collegia-account-export/1";

fn at(t: NaiveDateTime) -> String {
    t.and_utc().to_rfc3339()
}

/// The document, after the password is checked again.
pub async fn download(
    db: &Db,
    account: &Account,
    typed_password: String,
    now: NaiveDateTime,
) -> Answer<String> {
    check_password(account, typed_password).await?;
    let account = account.clone();
    let doc = db.run(move |c| document(c, &account, now)).await?;
    Ok(serde_json::to_string_pretty(&doc).unwrap_or_default())
}

/// The export of `account` as a JSON value.
pub fn document(c: &mut DbConn, account: &Account, now: NaiveDateTime) -> Answer<Value> {
    let coops: HashMap<i64, String> = own_account::coops_of(c, account.id)?
        .into_iter()
        .map(|(id, slug, _)| (id, slug))
        .collect();
    let coop = |id: i64| coops.get(&id).cloned().unwrap_or_else(|| id.to_string());
    let memberships: Vec<Value> = own_account::memberships_of(c, account.id)?
        .into_iter()
        .map(
            |(slug, name, college, admin, board, shares, admitted, from, to, change)| {
                json!({
                    "coop": slug, "coop_name": name, "college": college, "admin": admin,
                    "board": board, "shares": shares, "admitted_at": at(admitted),
                    "from": at(from), "to": to.map(at), "change": change,
                })
            },
        )
        .collect();
    let threads: Vec<Value> = own_account::threads_by(c, account.id)?
        .into_iter()
        .map(|(coop_id, id, title, body, created, deleted)| {
            // A deleted post's text is shown nowhere, here neither.
            let (title, body) = if deleted {
                (None, None)
            } else {
                (Some(title), Some(body))
            };
            json!({
                "coop": coop(coop_id), "thread": id, "title": title, "body": body,
                "created_at": at(created), "deleted": deleted,
            })
        })
        .collect();
    let comments: Vec<Value> = own_account::comments_by(c, account.id)?
        .into_iter()
        .map(|(coop_id, thread, id, body, created, deleted)| {
            json!({
                "coop": coop(coop_id), "thread": thread, "comment": id,
                "body": if deleted { None } else { Some(body) },
                "created_at": at(created), "deleted": deleted,
            })
        })
        .collect();
    let votes: Vec<Value> = own_account::named_ballots_of(c, account.id)?
        .into_iter()
        .map(|b| {
            let choice: Value = serde_json::from_str(&b.choice).unwrap_or(Value::String(b.choice));
            json!({
                "coop": coop(b.coop_id), "proposal": b.proposal_id, "title": b.title,
                "college": b.college, "choice": choice, "reason": b.reason,
                "cast_at": b.cast_at.map(at), "by_proxy": b.by_proxy,
            })
        })
        .collect();
    let work: Vec<Value> = own_account::work_of(c, account.id)?
        .into_iter()
        .map(|(coop_id, kind, date, title, estimate, status, points)| {
            json!({
                "coop": coop(coop_id), "kind": kind, "date": date, "title": title,
                "estimate": estimate, "status": status, "points": points,
            })
        })
        .collect();
    let statements: Vec<Value> = own_account::statements_of(c, account.id)?
        .into_iter()
        .map(|(coop_id, month, currency, points, share, cents)| {
            json!({
                "coop": coop(coop_id), "month": month, "currency": currency,
                "points": points, "share": share, "amount_cents": cents,
            })
        })
        .collect();
    Ok(json!({
        "format": FORMAT,
        "exported_at": at(now),
        "profile": {
            "id": account.public_id, "display_name": account.display_name,
            "email": account.email, "language": account.locale.map(crate::i18n::Locale::code),
            "created_at": at(account.created_at),
        },
        "memberships": memberships,
        "threads": threads,
        "comments": comments,
        "named_votes": votes,
        "work": work,
        "statements": statements,
    }))
}
