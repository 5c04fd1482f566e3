//! Forgotten passwords: an emailed link, single use, valid one hour.
//!
//! Asking for a link answers the same whatever happens (an account or not, limited or not),
//! so the answer does not tell which addresses have accounts; every request takes the same
//! path (a locked count and a recorded request in one write transaction, whose commit is
//! most of its time) and only an account under the limits also has its link and mail written
//! there. Requests are counted in the database, so the limits hold across every server of
//! one database; only requests let through are counted, so hammering an address does not
//! keep its owner from asking once the hour has passed.
//!
//! Using a link ends the account's other links, every session and every API token: whoever
//! held the old password, a session or a token loses them with it.

use crate::crypto;
use crate::i18n::Locale;
use crate::mail::{self, MailContext, MailKind, Recipient, messages};
use crate::storage::{self, DbConn, accounts, write_tx};
use chrono::Duration;

/// How long a link works.
pub const VALID_MINUTES: i64 = 60;
/// The window of the limits below.
pub const WINDOW_MINUTES: i64 = 60;
/// Links sent to one address (and to one account) per window.
pub const MAX_PER_ADDRESS: i64 = 3;
/// Requests from one client address per window, whatever addresses they name.
pub const MAX_PER_CLIENT: i64 = 10;

/// What became of a request; the person who asked sees the same page for each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Requested {
    /// A link was queued to the account's address.
    Sent,
    /// No account uses this address.
    NoAccount,
    /// Too many requests lately for this address, account or client address.
    Limited,
}

/// Handles a request for a link to `email` from the client address `ip`, in one write
/// transaction: the link and its mail (sealed in the outbox) are stored together.
pub fn request(
    conn: &mut DbConn,
    ctx: &MailContext,
    email: &str,
    ip: &str,
    fallback_locale: Locale,
) -> Result<Requested, diesel::result::Error> {
    let email_lower = email.trim().to_lowercase();
    write_tx(conn, |c| {
        // Email before client address, always: two requests never wait on each other in turn.
        storage::lock_key(c, &format!("reset:email:{email_lower}"))?;
        storage::lock_key(c, &format!("reset:ip:{ip}"))?;
        let now = storage::now();
        let window = Duration::minutes(WINDOW_MINUTES);
        let account = accounts::by_email(c, &email_lower)?;
        let account_id = account.as_ref().map(|a| a.id);
        let recent = accounts::reset_requests_since(c, &email_lower, account_id, ip, now - window)?;
        if recent.by_email >= MAX_PER_ADDRESS
            || recent.by_account >= MAX_PER_ADDRESS
            || recent.by_ip >= MAX_PER_CLIENT
        {
            return Ok(Requested::Limited);
        }
        accounts::record_reset_request(c, &email_lower, account_id, ip, now - window)?;
        let Some(account) = account else {
            return Ok(Requested::NoAccount);
        };
        let token = crypto::new_token();
        let expires = now + Duration::minutes(VALID_MINUTES);
        accounts::create_reset(c, &crypto::sha256_hex(&token), account.id, expires)?;
        let locale = account.locale.unwrap_or(fallback_locale);
        let link = format!("{}/password/reset/{token}", ctx.base_url);
        let message = messages::password_reset(locale, &account.display_name, &link);
        let to = Recipient {
            account_id: Some(account.id),
            address: &account.email,
            locale,
        };
        mail::enqueue(c, ctx, MailKind::PasswordReset, &to, &message)?;
        Ok(Requested::Sent)
    })
}

/// The account a link is for, while it works.
pub fn account_of(conn: &mut DbConn, token: &str) -> Result<Option<i64>, diesel::result::Error> {
    accounts::valid_reset(conn, &crypto::sha256_hex(token))
}

/// What a reset ended besides the old password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Done {
    pub account_id: i64,
    pub other_links: usize,
    pub api_tokens: usize,
}

/// Sets the password `new_hash` through the link `token`, in one write transaction: the link
/// is used, the account's other links end, every session ends (including the one of the
/// browser at hand, which signs in again), failed sign-ins are forgotten and every API token
/// is revoked. `None` when the link does not work (unknown, used or expired, or used by a
/// parallel request first).
pub fn complete(
    conn: &mut DbConn,
    token: &str,
    new_hash: &str,
) -> Result<Option<Done>, diesel::result::Error> {
    let hash = crypto::sha256_hex(token);
    write_tx(conn, |c| {
        let Some(account_id) = accounts::valid_reset(c, &hash)? else {
            return Ok(None);
        };
        if !accounts::use_reset(c, &hash)? {
            return Ok(None);
        }
        let other_links = accounts::end_resets(c, account_id)?;
        accounts::set_password(c, account_id, new_hash)?;
        accounts::delete_other_sessions(c, account_id, None)?;
        accounts::clear_login_failures_for(c, account_id)?;
        let api_tokens = accounts::revoke_all_api_tokens(c, account_id)?;
        Ok(Some(Done {
            account_id,
            other_links,
            api_tokens,
        }))
    })
}
