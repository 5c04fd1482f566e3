//! Invitations: inviting a list (parsing pasted addresses, reporting the bad ones, storing the
//! rest with their mails and audit events in one batched transaction), resending and revoking.
//! The pages and the API call these and nothing else.

use crate::access::{Access, Action};
use crate::crypto;
use crate::domain::account::EmailAddress;
use crate::domain::refusal::Code;
use crate::domain::rulebook::Rulebook;
use crate::i18n::format::{college_name, in_zone};
use crate::i18n::{Locale, t};
use crate::mail::{self, Email, MailKind, Recipient, messages};
use crate::service::{Answer, ServiceError};
use crate::storage::DbConn;
use crate::storage::accounts::Account;
use crate::storage::coops::{self, Coop};
use crate::storage::invitations::{self, InvitedRole, NewInvitation};
use crate::storage::{audit, write_tx};
use serde_json::json;
use std::collections::HashSet;

/// What happened to a submitted list.
#[derive(Debug, Default, Clone)]
pub struct Report {
    pub invited: usize,
    pub malformed: Vec<String>,
    pub duplicates: Vec<String>,
    pub already: Vec<String>,
}

/// Splits a pasted list on newlines, commas, semicolons and spaces; `Name <a@b>` gives `a@b`.
pub fn split_addresses(text: &str) -> Vec<String> {
    let mut out = vec![];
    for line in text.split(['\n', ',', ';']) {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if let (Some(a), Some(b)) = (line.find('<'), line.rfind('>'))
            && a < b
        {
            out.push(line[a + 1..b].trim().to_string());
            continue;
        }
        out.extend(line.split_whitespace().map(str::to_string));
    }
    out
}

/// The place an invitation offers, in words: "Workers (board)".
pub fn place_text(
    locale: Locale,
    book: &Rulebook,
    college: Option<&str>,
    role: InvitedRole,
) -> String {
    let college = college_name(book, college, locale);
    match role {
        InvitedRole::Member => college,
        InvitedRole::Guest => t(locale, "coop-guest"),
        other => format!(
            "{college} ({})",
            t(locale, &format!("role-{}", other.key()))
        ),
    }
}

/// What an inviter asks for: the addresses, the college (none for guests) and the role.
pub struct Invite<'a> {
    pub addresses: &'a [String],
    pub college: Option<&'a str>,
    pub role: &'a str,
}

/// Invites a list on behalf of `access` (board members invite; only admins make admins).
pub fn invite(
    conn: &mut DbConn,
    mail_ctx: &mail::MailContext,
    access: &Access,
    ask: &Invite<'_>,
) -> Answer<Report> {
    let coop = access.coop()?;
    let inviter = access.account()?;
    let role = InvitedRole::parse(ask.role).ok_or(Code::RoleUnknown)?;
    if role == InvitedRole::Admin && !access.may(Action::ManageMembers) {
        return Err(ServiceError::Forbidden);
    }
    if ask.addresses.is_empty() {
        return Err(Code::NoAddresses.into());
    }
    let college = ask.college.map(str::trim).filter(|c| !c.is_empty());
    invite_many(
        conn,
        mail_ctx,
        coop,
        (inviter.id, &inviter.display_name),
        ask.addresses,
        college,
        role,
    )
}

/// Validates and stores a list of invitations with their mails and audit events, in one
/// transaction. Refused when the college is unknown.
pub fn invite_many(
    conn: &mut DbConn,
    mail_ctx: &mail::MailContext,
    coop: &Coop,
    inviter: (i64, &str),
    addresses: &[String],
    college: Option<&str>,
    role: InvitedRole,
) -> Answer<Report> {
    write_tx(conn, |c| {
        let book = coops::current_rulebook(c, coop.id)?;
        let college = if role == InvitedRole::Guest {
            None
        } else {
            college
        };
        match college {
            None if role != InvitedRole::Guest => {
                return Err(Code::CollegeUnknown.into());
            }
            Some(k) if book.college(k).is_none() => {
                return Err(Code::CollegeUnknown.into());
            }
            _ => {}
        }
        let taken = invitations::taken_addresses(c, coop.id)?;
        let mut seen = HashSet::new();
        let mut report = Report::default();
        let mut accepted = vec![];
        for address in addresses {
            let lower = address.to_lowercase();
            if EmailAddress::parse(address).is_err() {
                report.malformed.push(address.clone());
            } else if !seen.insert(lower.clone()) {
                report.duplicates.push(address.clone());
            } else if taken.contains(&lower) {
                report.already.push(address.clone());
            } else {
                accepted.push(address.clone());
            }
        }
        let locale = coop.locale();
        let expires = in_zone(
            locale,
            coop.tz(),
            crate::storage::now() + chrono::Duration::days(invitations::VALID_DAYS),
        );
        let place = place_text(locale, &book, college, role);
        let mut rows = Vec::with_capacity(accepted.len());
        let mut mails: Vec<(String, Email)> = Vec::with_capacity(accepted.len());
        let mut events = Vec::with_capacity(accepted.len());
        for address in &accepted {
            let token = crypto::new_token();
            let link = format!("{}/invitations/{token}", mail_ctx.base_url);
            let text = messages::InvitationText {
                coop: &coop.name,
                inviter: inviter.1,
                place: &place,
                link: &link,
                expires: &expires,
            };
            mails.push((address.clone(), messages::invitation(locale, &text)));
            rows.push(NewInvitation {
                email: address.clone(),
                token_hash: crypto::sha256_hex(&token),
            });
            events.push((
                "invitation.created",
                json!({"email": address, "college": college, "role": role.key()}),
            ));
        }
        invitations::insert_many(c, coop.id, inviter.0, college, role, &rows)?;
        let recipients: Vec<(Recipient<'_>, Email)> = mails
            .iter()
            .map(|(address, email)| {
                (
                    Recipient {
                        account_id: None,
                        address,
                        locale,
                    },
                    email.clone(),
                )
            })
            .collect();
        mail::enqueue_batch(c, mail_ctx, MailKind::Invitation, &recipients)?;
        audit::append_many(c, coop.id, Some(inviter.0), &events)?;
        report.invited = accepted.len();
        Ok(report)
    })
}

/// Renews a pending invitation's link and mails it again (the page and the API); false when
/// there is no such pending invitation.
pub fn resend(
    c: &mut DbConn,
    mail_ctx: &mail::MailContext,
    c2: &Coop,
    account: &Account,
    id: i64,
) -> Answer<bool> {
    write_tx(c, |c| {
        let Some(inv) = invitations::by_id(c, c2.id, id)? else {
            return Ok::<_, ServiceError>(false);
        };
        let token = crypto::new_token();
        if !invitations::renew(c, c2.id, id, &crypto::sha256_hex(&token))? {
            return Ok(false);
        }
        let book = coops::current_rulebook(c, c2.id)?;
        let locale = c2.locale();
        let link = format!("{}/invitations/{token}", mail_ctx.base_url);
        let expires = in_zone(
            locale,
            c2.tz(),
            crate::storage::now() + chrono::Duration::days(invitations::VALID_DAYS),
        );
        let place = place_text(locale, &book, inv.college.as_deref(), inv.role());
        let text = messages::InvitationText {
            coop: &c2.name,
            inviter: &account.display_name,
            place: &place,
            link: &link,
            expires: &expires,
        };
        let email = messages::invitation(locale, &text);
        let to = Recipient {
            account_id: None,
            address: &inv.email,
            locale,
        };
        mail::enqueue(c, mail_ctx, MailKind::Invitation, &to, &email)?;
        audit::append(
            c,
            c2.id,
            Some(account.id),
            "invitation.resent",
            json!({"invitation": id, "email": inv.email}),
        )?;
        Ok(true)
    })
}

/// Revokes a pending invitation, audited (the page and the API); false when there is none.
pub fn revoke(c: &mut DbConn, coop_id: i64, by: i64, id: i64) -> Answer<bool> {
    write_tx(c, |c| {
        let done = invitations::revoke(c, coop_id, id)?;
        if done {
            audit::append(
                c,
                coop_id,
                Some(by),
                "invitation.revoked",
                json!({"invitation": id}),
            )?;
        }
        Ok::<_, ServiceError>(done)
    })
}
