//! When each API token and each session was last used. A minute's precision is enough, and writing it on every
//! call would turn every API read into a write transaction (and, in a rush of votes, double
//! the commits), so uses are noted in memory and written in one transaction every
//! [`FLUSH_EVERY`]. A crash loses at most that much of this bookkeeping, never a vote.

use crate::storage::{DbConn, accounts, own_account, write_tx};
use chrono::NaiveDateTime;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

/// How often noted uses are written.
pub const FLUSH_EVERY: Duration = Duration::from_secs(30);

/// Token uses not yet written: token id → last use; session uses: session hash → last use.
#[derive(Default)]
pub struct TokenUses {
    pending: Mutex<HashMap<i64, NaiveDateTime>>,
    /// Session hash → last use, and the browser it came from (`domain::device`).
    sessions: Mutex<HashMap<String, (NaiveDateTime, Option<String>)>>,
}

/// A use within this long of the stored one is not noted.
fn recent(stored: Option<NaiveDateTime>, now: NaiveDateTime) -> bool {
    stored.is_some_and(|t| t >= now - chrono::Duration::minutes(1))
}

impl TokenUses {
    /// Notes a use of token `id`, whose stored last use is `stored`, unless that is recent.
    pub fn note(&self, id: i64, stored: Option<NaiveDateTime>, now: NaiveDateTime) {
        if recent(stored, now) {
            return;
        }
        let mut pending = self.pending.lock().unwrap_or_else(|p| p.into_inner());
        pending.insert(id, now);
    }

    /// Notes a use of the session whose id hashes to `hash`, unless its stored last use is
    /// within a minute.
    pub fn note_session(
        &self,
        hash: &str,
        stored: Option<NaiveDateTime>,
        now: NaiveDateTime,
        device: Option<String>,
    ) {
        if recent(stored, now) {
            return;
        }
        let mut sessions = self.sessions.lock().unwrap_or_else(|p| p.into_inner());
        sessions.insert(hash.to_string(), (now, device));
    }

    /// How many uses wait to be written.
    pub fn pending(&self) -> usize {
        self.pending.lock().unwrap_or_else(|p| p.into_inner()).len()
            + self
                .sessions
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .len()
    }

    /// Writes the noted uses in one transaction; on failure they are noted again for the next
    /// flush (unless a newer use was noted meanwhile).
    pub fn flush(&self, conn: &mut DbConn) -> diesel::QueryResult<usize> {
        let taken = std::mem::take(&mut *self.pending.lock().unwrap_or_else(|p| p.into_inner()));
        let sessions =
            std::mem::take(&mut *self.sessions.lock().unwrap_or_else(|p| p.into_inner()));
        if taken.is_empty() && sessions.is_empty() {
            return Ok(0);
        }
        let written = write_tx(conn, |c| {
            for (id, at) in &taken {
                accounts::record_token_use(c, *id, *at)?;
            }
            for (hash, (at, device)) in &sessions {
                own_account::record_session_use(c, hash, *at, device.as_deref())?;
            }
            Ok::<_, diesel::result::Error>(taken.len() + sessions.len())
        });
        if written.is_err() {
            let mut pending = self.pending.lock().unwrap_or_else(|p| p.into_inner());
            for (id, at) in taken {
                pending.entry(id).or_insert(at);
            }
            let mut pending = self.sessions.lock().unwrap_or_else(|p| p.into_inner());
            for (hash, at) in sessions {
                pending.entry(hash).or_insert(at);
            }
        }
        written
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minute: u32) -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2026, 11, 26)
            .unwrap()
            .and_hms_opt(10, minute, 0)
            .unwrap()
    }

    #[test]
    fn a_use_within_a_minute_of_the_stored_one_is_not_noted() {
        let uses = TokenUses::default();
        uses.note(1, Some(at(10)), at(10));
        assert_eq!(uses.pending(), 0);
        uses.note(1, Some(at(10)), at(12));
        uses.note(2, None, at(12));
        uses.note(2, None, at(13));
        assert_eq!(uses.pending(), 2, "one entry per token, the latest use");
    }
}
