//! Changing one's address: the password again, then a link to the new address, single use,
//! valid [`VALID_HOURS`]; the old address is told when the change is asked and when it is made.
//!
//! An address another account uses is refused in words ("already used"). Sign-up already
//! answers that question to anyone, so saying it here, to a signed-in person who typed their
//! password, tells nothing more; the limit of [`MAX_PER_HOUR`] requests per account keeps it
//! from being a faster way to ask. The check is made again when the link is used (someone may
//! have signed up with the address meanwhile).

use super::check_password;
use crate::crypto;
use crate::domain::account::EmailAddress;
use crate::domain::refusal::Code;
use crate::i18n::Locale;
use crate::mail::{self, MailContext, MailKind, Recipient, messages};
use crate::service::{Answer, ServiceError};
use crate::storage::accounts::Account;
use crate::storage::{self, Db, DbConn, accounts, own_account, write_tx};
use chrono::Duration;

/// How long a link works.
pub const VALID_HOURS: i64 = 24;
/// Changes one account may ask for per hour.
pub const MAX_PER_HOUR: i64 = 3;

fn locale_of(account: &Account, fallback: Locale) -> Locale {
    account.locale.unwrap_or(fallback)
}

fn reset_link(ctx: &MailContext) -> String {
    format!("{}/password/forgot", ctx.base_url)
}

/// Asks to move `account` to `new_email`: checks the password, then in one write transaction
/// checks the limit and the address, stores the link and queues both mails.
pub async fn request(
    db: &Db,
    ctx: MailContext,
    account: &Account,
    typed_password: String,
    new_email: &str,
    fallback: Locale,
) -> Answer<()> {
    let address = EmailAddress::parse(new_email)?;
    if address.as_str().to_lowercase() == account.email_lower {
        return Err(Code::EmailUnchanged.into());
    }
    check_password(account, typed_password).await?;
    let account = account.clone();
    db.run(move |c| {
        write_tx(c, |c| {
            storage::lock_key(c, &format!("email-change:{}", account.id))?;
            let now = storage::now();
            if own_account::email_changes_since(c, account.id, now - Duration::hours(1))?
                >= MAX_PER_HOUR
            {
                return Err(Code::EmailChangeLimited.into());
            }
            if own_account::email_used_by_other(c, address.as_str(), account.id)? {
                return Err(Code::EmailTaken.into());
            }
            let token = crypto::new_token();
            own_account::create_email_change(
                c,
                &crypto::sha256_hex(&token),
                account.id,
                address.as_str(),
                now + Duration::hours(VALID_HOURS),
            )?;
            let locale = locale_of(&account, fallback);
            let link = format!("{}/account/email/confirm/{token}", ctx.base_url);
            let to_new = Recipient {
                account_id: Some(account.id),
                address: address.as_str(),
                locale,
            };
            let confirm = messages::email_change(
                locale,
                &account.display_name,
                address.as_str(),
                &link,
                VALID_HOURS,
            );
            mail::enqueue(c, &ctx, MailKind::EmailChange, &to_new, &confirm)?;
            notify_old(c, &ctx, &account, address.as_str(), false, locale)?;
            Ok::<_, ServiceError>(())
        })
    })
    .await
}

fn notify_old(
    c: &mut DbConn,
    ctx: &MailContext,
    account: &Account,
    new_address: &str,
    confirmed: bool,
    locale: Locale,
) -> Result<(), diesel::result::Error> {
    let to_old = Recipient {
        account_id: Some(account.id),
        address: &account.email,
        locale,
    };
    let notice = messages::email_changed(
        locale,
        &account.display_name,
        new_address,
        confirmed,
        &reset_link(ctx),
    );
    mail::enqueue(c, ctx, MailKind::EmailChanged, &to_old, &notice).map(|_| ())
}

/// The new address a link would set, while it works.
pub fn link_works(c: &mut DbConn, token: &str) -> Answer<Option<String>> {
    Ok(own_account::valid_email_change(c, &crypto::sha256_hex(token))?.map(|(_, email)| email))
}

/// Uses a link: the account's address becomes the new one, its other links and outstanding
/// password-reset links end, and the old address is told. Not found when the link does not
/// work (unknown, used or expired); refused when the address was taken meanwhile.
pub fn confirm(c: &mut DbConn, ctx: &MailContext, token: &str, fallback: Locale) -> Answer<String> {
    let hash = crypto::sha256_hex(token);
    write_tx(c, |c| {
        let Some((account_id, new_email)) = own_account::valid_email_change(c, &hash)? else {
            return Err(ServiceError::NotFound);
        };
        if !own_account::use_email_change(c, &hash)? {
            return Err(ServiceError::NotFound);
        }
        if own_account::email_used_by_other(c, &new_email, account_id)? {
            return Err(Code::EmailTaken.into());
        }
        let account = accounts::by_id(c, account_id)?.ok_or(ServiceError::NotFound)?;
        own_account::set_email(c, account_id, &new_email)?;
        own_account::end_email_changes(c, account_id)?;
        // A reset link went to the old address: it must not reach the account any more.
        accounts::end_resets(c, account_id)?;
        let locale = locale_of(&account, fallback);
        notify_old(c, ctx, &account, &new_email, true, locale)?;
        Ok(new_email)
    })
}
