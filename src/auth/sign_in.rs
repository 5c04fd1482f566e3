//! Accounts as the sign-in pages use them: the first server admin (setup), open sign-up,
//! signing in under the failure limits, sessions, changing one's password, one's language
//! and mail preferences.

use crate::crypto;
use crate::i18n::Locale;
use crate::service::{Answer, ServiceError};
use crate::storage::{self, DbConn, accounts, settings, write_tx};
use chrono::{Duration, NaiveDateTime};

pub use crate::storage::accounts::Account;

/// Failed logins allowed per account, and per address, within the window.
pub const MAX_FAILURES_PER_ACCOUNT: usize = 5;
pub const MAX_FAILURES_PER_ADDRESS: usize = 20;
pub const FAILURE_WINDOW_MINUTES: i64 = 15;

/// How many accounts there are (none: the server still needs its first admin).
pub fn count(c: &mut DbConn) -> Answer<i64> {
    Ok(accounts::count(c)?)
}

/// What the sign-in page needs: the number of accounts, and whether sign-up is open.
pub fn login_page(c: &mut DbConn) -> Answer<(i64, bool)> {
    Ok((
        accounts::count(c)?,
        settings::flag(c, settings::OPEN_SIGNUP)?,
    ))
}

/// A new account's fields, its password already hashed.
pub struct NewPerson {
    pub email: String,
    pub display_name: String,
    pub password_hash: String,
    pub locale: Locale,
}

/// Creates the first account, a server admin, unless one exists already (`None`).
pub fn create_first_admin(c: &mut DbConn, new: &NewPerson) -> Answer<Option<i64>> {
    write_tx(c, |c| {
        accounts::lock_setup(c)?;
        if accounts::count(c)? > 0 {
            return Ok(None);
        }
        Ok(Some(insert(c, new, true)?))
    })
}

/// Creates an account by open sign-up; `None` when the address has one already.
pub fn sign_up(c: &mut DbConn, new: &NewPerson) -> Answer<Option<i64>> {
    write_tx(c, |c| {
        if accounts::by_email(c, &new.email)?.is_some() {
            return Ok(None);
        }
        Ok(Some(insert(c, new, false)?))
    })
}

fn insert(c: &mut DbConn, new: &NewPerson, is_server_admin: bool) -> Answer<i64> {
    Ok(accounts::insert(
        c,
        &accounts::NewAccount {
            email: &new.email,
            display_name: &new.display_name,
            password_hash: &new.password_hash,
            locale: Some(new.locale),
            is_server_admin,
        },
    )?)
}

/// Whether the server admin has opened sign-up.
pub fn signup_open(c: &mut DbConn) -> Answer<bool> {
    Ok(settings::flag(c, settings::OPEN_SIGNUP)?)
}

/// Stores a session (by the SHA-256 of its id) until `expires`.
pub fn open_session(
    c: &mut DbConn,
    hash: &str,
    account: i64,
    expires: NaiveDateTime,
) -> Answer<()> {
    Ok(accounts::create_session(c, hash, account, expires)?)
}

/// Ends a session (logout).
pub fn end_session(c: &mut DbConn, hash: &str) -> Answer<()> {
    accounts::delete_session(c, hash)?;
    Ok(())
}

/// Lets a sign-in attempt through, or says how many seconds to wait when too many failed
/// lately for that address (unless this browser signed in to that account before: a locked
/// account is not locked out of its owner's own devices) or from `ip`. An attempt let through
/// is recorded as a failure at once, in the same transaction as the count and under a lock on
/// the address, so parallel attempts cannot all pass the count; a right password takes it
/// back ([`signed_in`]). Answers the account and the attempt's id. The failures are stamped
/// and counted by the database's time (`storage::now`), as they are stored.
pub fn attempt(
    c: &mut DbConn,
    links_key: &[u8],
    (email, ip): (&str, &str),
    device: Option<&str>,
) -> Answer<Result<(Option<Account>, i64), i64>> {
    write_tx(c, |c| {
        accounts::lock_login(c, email)?;
        let now = storage::now();
        let window = Duration::minutes(FAILURE_WINDOW_MINUTES);
        let account = accounts::by_email(c, email)?;
        let known_device = account
            .as_ref()
            .is_some_and(|a| device.is_some_and(|d| is_device_of(links_key, d, a.id)));
        let (by_email, by_ip) = accounts::login_failures_since(c, email, ip, now - window)?;
        let mut retry = None;
        for (failures, limit, applies) in [
            (&by_email, MAX_FAILURES_PER_ACCOUNT, !known_device),
            (&by_ip, MAX_FAILURES_PER_ADDRESS, true),
        ] {
            if applies && failures.len() >= limit {
                // Blocked until enough failures leave the window.
                let freeing = failures[failures.len() - limit];
                let secs = (freeing + window - now).num_seconds().max(1);
                retry = Some(retry.map_or(secs, |r: i64| r.max(secs)));
            }
        }
        if let Some(secs) = retry {
            return Ok(Err(secs));
        }
        let attempt = accounts::record_login_failure(c, email, ip)?;
        Ok(Ok((account, attempt)))
    })
}

/// The password was right: the attempt is not a failure, and the address's failures end.
pub fn signed_in(c: &mut DbConn, attempt: i64, email: &str) -> Answer<()> {
    accounts::forget_login_failure(c, attempt)?;
    accounts::clear_login_failures(c, email)?;
    Ok(())
}

/// The device cookie's value for an account: the account, a random value and their signature.
pub fn device_value(links_key: &[u8], account_id: i64) -> String {
    let nonce = crypto::random_hex(16);
    let sig = crypto::sign(links_key, &format!("device:{account_id}:{nonce}"));
    format!("{account_id}.{nonce}.{sig}")
}

fn is_device_of(secret: &[u8], value: &str, account_id: i64) -> bool {
    let mut parts = value.splitn(3, '.');
    let (Some(id), Some(nonce), Some(sig)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    id == account_id.to_string()
        && crypto::verify(secret, &format!("device:{account_id}:{nonce}"), sig)
}

/// A new password (hashed): the other sessions end (`keep` stays), and any reset link asked
/// for before the change dies, so it cannot undo it.
pub fn change_password(
    c: &mut DbConn,
    account: i64,
    new_hash: &str,
    keep: Option<&str>,
) -> Answer<()> {
    write_tx(c, |c| {
        accounts::set_password(c, account, new_hash)?;
        accounts::delete_other_sessions(c, account, keep)?;
        accounts::end_resets(c, account)?;
        Ok(())
    })
}

/// The account's language from now on.
pub fn set_locale(c: &mut DbConn, account: i64, locale: Locale) -> Answer<()> {
    Ok(accounts::set_locale(c, account, Some(locale))?)
}

/// Stops one kind of mail for an account (the one-click unsubscribe link).
pub fn unsubscribe(c: &mut DbConn, account: i64, kind: &str) -> Answer<()> {
    if accounts::by_id(c, account)?.is_none() {
        return Err(ServiceError::NotFound);
    }
    accounts::set_mail_enabled(c, account, kind, false)?;
    Ok(())
}
