//! Delivers the outbox: claim due rows with a lease, open their sealed bodies, send, record
//! (emptying the bodies); retry with exponential backoff up to a limit, keeping the last
//! error. Safe with several servers running.

use super::{MailContext, Mailer};
use crate::storage::{Db, outbox};
use chrono::Duration;

pub const MAX_ATTEMPTS: i32 = 8;
const LEASE: Duration = Duration::seconds(120);
const BATCH: i64 = 20;

/// Delay before attempt `attempts + 1`: 30 s, 1 min, 2 min, … capped at 6 h.
pub fn backoff(attempts: i32) -> Duration {
    let exp = attempts.clamp(1, 20) - 1;
    Duration::seconds((30i64 << exp).min(6 * 3600))
}

/// One pass: claims and delivers what is due; returns how many were delivered.
/// Blocking: run it on a blocking thread.
pub fn deliver_due(
    db: &Db,
    mailer: &Mailer,
    ctx: &MailContext,
    worker: &str,
) -> Result<usize, String> {
    pass(db, mailer, ctx, worker).map(|(_, delivered)| delivered)
}

/// Passes one after another while each finds a full batch, for at most about `budget`:
/// a proposal opening in a co-op of thousands queues a mail per member, and they should
/// leave in minutes, not at one batch per job interval. Returns how many were delivered.
/// Blocking: run it on a blocking thread.
pub fn drain(
    db: &Db,
    mailer: &Mailer,
    ctx: &MailContext,
    worker: &str,
    budget: std::time::Duration,
) -> Result<usize, String> {
    let started = std::time::Instant::now();
    let mut delivered = 0;
    loop {
        let (claimed, sent) = pass(db, mailer, ctx, worker)?;
        delivered += sent;
        if claimed < BATCH as usize || started.elapsed() >= budget {
            return Ok(delivered);
        }
    }
}

/// Claims up to a batch and delivers it: (claimed, delivered). The time is the server's
/// clock (the database's), for the lease and retries here and for what storage stamps.
fn pass(
    db: &Db,
    mailer: &Mailer,
    ctx: &MailContext,
    worker: &str,
) -> Result<(usize, usize), String> {
    db.stamping(|| pass_now(db, mailer, ctx, worker))
}

fn pass_now(
    db: &Db,
    mailer: &Mailer,
    ctx: &MailContext,
    worker: &str,
) -> Result<(usize, usize), String> {
    let clock = db.clock();
    let mut conn = db.get().map_err(|e| e.to_string())?;
    let lease_until = clock.now() + LEASE;
    let rows =
        outbox::claim_due(&mut conn, worker, BATCH, lease_until).map_err(|e| e.to_string())?;
    let claimed = rows.len();
    let mut delivered = 0;
    for row in rows {
        let message = match super::build_message(ctx, &row) {
            Ok(message) => message,
            Err(error) => {
                // Another attempt would meet the same error: give the row up now.
                tracing::error!(id = row.id, message_id = %row.message_id, kind = %row.kind, %error, "mail not deliverable, given up");
                let now = clock.now();
                outbox::mark_failed(&mut conn, row.id, worker, &error, now, true)
                    .map_err(|e| e.to_string())?;
                continue;
            }
        };
        match mailer.send(&message) {
            Ok(()) => {
                outbox::mark_sent(&mut conn, row.id, worker).map_err(|e| e.to_string())?;
                delivered += 1;
                tracing::info!(id = row.id, kind = %row.kind, to = %super::mask(&row.recipient), "mail delivered");
            }
            Err(error) => {
                let give_up = row.attempts >= MAX_ATTEMPTS;
                let next = clock.now() + backoff(row.attempts);
                tracing::warn!(id = row.id, attempts = row.attempts, give_up, %error, "mail delivery failed");
                outbox::mark_failed(&mut conn, row.id, worker, &error, next, give_up)
                    .map_err(|e| e.to_string())?;
            }
        }
    }
    Ok((claimed, delivered))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        assert_eq!(backoff(1), Duration::seconds(30));
        assert_eq!(backoff(2), Duration::seconds(60));
        assert_eq!(backoff(3), Duration::seconds(120));
        assert_eq!(backoff(20), Duration::seconds(6 * 3600));
    }
}
