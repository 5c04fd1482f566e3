//! One's own account: name, address, sessions, personal API tokens and mail preferences, the
//! download of one's data, and deletion. Pages call these; the rules live here.
//!
//! Acts that could hand the account to someone else or take data out of it (a new address,
//! the export, deletion) ask for the password again ([`check_password`]).

pub mod delete;
pub mod email;
pub mod export;
pub mod profile;
pub mod sessions;

use crate::auth::password;
use crate::domain::refusal::Code;
use crate::service::{Answer, ServiceError};
use crate::storage::accounts::Account;

/// The password typed again, checked off the async threads.
pub async fn check_password(account: &Account, typed: String) -> Answer<()> {
    if password::verify(typed, Some(account.password_hash.clone())).await {
        Ok(())
    } else {
        Err(ServiceError::from(Code::CurrentPasswordWrong))
    }
}
