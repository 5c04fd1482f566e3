//! One's sessions: where one is signed in, since when, last used when; ending them.
//!
//! A session's last use is noted in memory at most once a minute and written with the API
//! tokens' every 30 s (`auth::token_use`), so reading a page costs no write; the list writes
//! what is noted before it reads.

use crate::auth::token_use::TokenUses;
use crate::service::{Answer, ServiceError};
use crate::storage::{DbConn, own_account};
use chrono::NaiveDateTime;

/// Characters of a session's hash that name it in forms (never the session id itself).
const HANDLE: usize = 16;

/// A session as the sessions page lists it.
pub struct Session {
    /// What names it in the "end" form.
    pub handle: String,
    pub signed_in_at: NaiveDateTime,
    pub last_used_at: Option<NaiveDateTime>,
    /// The browser and system it was last used from, when known ("Firefox, Linux").
    pub device: Option<String>,
    /// The browser at hand.
    pub current: bool,
}

fn handle_of(hash: &str) -> &str {
    hash.get(..HANDLE).unwrap_or(hash)
}

/// The account's live sessions, the most recently used first.
pub fn list(
    c: &mut DbConn,
    uses: &TokenUses,
    account_id: i64,
    current: Option<&str>,
) -> Answer<Vec<Session>> {
    uses.flush(c)?;
    Ok(own_account::sessions_of(c, account_id)?
        .into_iter()
        .map(|s| Session {
            handle: handle_of(&s.id_hash).to_string(),
            signed_in_at: s.created_at,
            last_used_at: s.last_used_at,
            device: s.device,
            current: current == Some(s.id_hash.as_str()),
        })
        .collect())
}

/// Ends the session named `handle`; not found when no session of the account has it.
pub fn end(c: &mut DbConn, account_id: i64, handle: &str) -> Answer<()> {
    let found = own_account::sessions_of(c, account_id)?
        .into_iter()
        .find(|s| handle.len() == HANDLE && handle_of(&s.id_hash) == handle);
    match found {
        Some(s) if own_account::end_session(c, account_id, &s.id_hash)? => Ok(()),
        _ => Err(ServiceError::NotFound),
    }
}

/// Ends every session of the account but the one at hand; answers how many.
pub fn end_others(c: &mut DbConn, account_id: i64, keep: &str) -> Answer<usize> {
    Ok(own_account::end_other_sessions(c, account_id, keep)?)
}
