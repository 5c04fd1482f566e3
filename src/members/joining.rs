//! Accepting an invitation: finding a usable one by its link, admitting a signed-in account,
//! or creating the invited person's account and admitting it, each in one transaction.

use super::invitations::place_text;
use crate::domain::refusal::Code;
use crate::i18n::Locale;
use crate::service::{Answer, ServiceError};
use crate::storage::accounts::{self, NewAccount};
use crate::storage::invitations::{self, Invitation};
use crate::storage::{DbConn, audit, coops, members, write_tx};
use chrono::NaiveDateTime;
use serde_json::json;

pub use crate::storage::coops::Coop;

/// A usable invitation, its co-op, the place it gives (said in the reader's language) and
/// whether the invited address has an account already.
pub struct Found {
    pub invitation: Invitation,
    pub coop: Coop,
    pub place: String,
    pub account_exists: bool,
}

/// The invitation behind a link (by the token's hash), when still usable at `now`.
pub fn find(
    c: &mut DbConn,
    token_hash: &str,
    locale: Locale,
    now: NaiveDateTime,
) -> Answer<Option<Found>> {
    let Some(invitation) = invitations::by_token_hash(c, token_hash)? else {
        return Ok(None);
    };
    if !invitation.is_usable(now) {
        return Ok(None);
    }
    let coop = coops::by_id(c, invitation.coop_id)?.ok_or(ServiceError::NotFound)?;
    let book = coops::current_rulebook(c, coop.id)?;
    let place = place_text(
        locale,
        &book,
        invitation.college.as_deref(),
        invitation.role(),
    );
    let account_exists = accounts::by_email(c, &invitation.email)?.is_some();
    Ok(Some(Found {
        invitation,
        coop,
        place,
        account_exists,
    }))
}

/// Admits `account_id` by the invitation; false when the invitation was used meanwhile.
fn admit(c: &mut DbConn, inv: &Invitation, account_id: i64) -> Answer<bool> {
    if !invitations::mark_accepted(c, inv.id, account_id)? {
        return Ok(false);
    }
    audit::append(
        c,
        inv.coop_id,
        Some(account_id),
        "invitation.accepted",
        json!({"invitation": inv.id, "account": account_id}),
    )?;
    members::join(
        c,
        inv.coop_id,
        account_id,
        &inv.placement(),
        Some(account_id),
    )?;
    crate::notifications::invitation_accepted(
        c,
        inv.coop_id,
        inv.invited_by,
        account_id,
        crate::storage::now(),
    )?;
    Ok(true)
}

/// Admits a signed-in account by the invitation; false when it was used meanwhile.
pub fn accept(c: &mut DbConn, inv: &Invitation, account_id: i64) -> Answer<bool> {
    write_tx(c, |c| admit(c, inv, account_id))
}

/// Creates the invited person's account (password already hashed) and admits it; `None` when
/// an account for the address appeared meanwhile (then the person logs in first).
pub fn create_and_accept(
    c: &mut DbConn,
    inv: &Invitation,
    (name, password_hash): (&str, &str),
    locale: Locale,
) -> Answer<Option<i64>> {
    write_tx(c, |c| {
        if accounts::by_email(c, &inv.email)?.is_some() {
            return Ok(None);
        }
        let new = NewAccount {
            email: &inv.email,
            display_name: name,
            password_hash,
            locale: Some(locale),
            is_server_admin: false,
        };
        let id = accounts::insert(c, &new)?;
        if !admit(c, inv, id)? {
            return Err(Code::InvitationUsed.into());
        }
        Ok(Some(id))
    })
}
