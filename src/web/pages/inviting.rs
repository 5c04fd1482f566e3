//! Inviting a list: parsing pasted addresses, reporting the bad ones, and storing the rest
//! with their mails and audit events in one batched transaction (pages and API share it).

use crate::auth::tokens;
use crate::domain::rulebook::Rulebook;
use crate::i18n::{Locale, t};
use crate::mail::{self, Email, MailKind, Recipient, messages};
use crate::storage::coops::{self, Coop};
use crate::storage::invitations::{self, InvitedRole, NewInvitation};
use crate::storage::{audit, write_tx};
use crate::web::errors::AppError;
use crate::web::pages::auth::looks_like_email;
use crate::web::views::coops::{college_name, when};
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

/// Validates and stores a list of invitations with their mails and audit events, in one
/// transaction. `Err` when the college or role is unknown.
pub fn invite_many(
    conn: &mut crate::storage::DbConn,
    mail_ctx: &mail::MailContext,
    coop: &Coop,
    inviter: (i64, &str),
    addresses: &[String],
    college: Option<&str>,
    role: InvitedRole,
) -> Result<Report, AppError> {
    write_tx(conn, |c| {
        let book = coops::current_rulebook(c, coop.id)?;
        let college = if role == InvitedRole::Guest {
            None
        } else {
            college
        };
        match college {
            None if role != InvitedRole::Guest => {
                return Err(AppError::BadRequest("college".into()));
            }
            Some(k) if book.college(k).is_none() => {
                return Err(AppError::BadRequest("college".into()));
            }
            _ => {}
        }
        let taken = invitations::taken_addresses(c, coop.id)?;
        let mut seen = HashSet::new();
        let mut report = Report::default();
        let mut accepted = vec![];
        for address in addresses {
            let lower = address.to_lowercase();
            if !looks_like_email(address) {
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
        let expires = when(
            locale,
            coop,
            crate::storage::now() + chrono::Duration::days(invitations::VALID_DAYS),
        );
        let place = place_text(locale, &book, college, role);
        let mut rows = Vec::with_capacity(accepted.len());
        let mut mails: Vec<(String, Email)> = Vec::with_capacity(accepted.len());
        let mut events = Vec::with_capacity(accepted.len());
        for address in &accepted {
            let token = tokens::new_token();
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
                token_hash: tokens::sha256_hex(&token),
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
