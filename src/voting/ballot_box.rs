//! The ballot box: ballots cast at the same moment are written in one transaction.
//!
//! A vote is a few reads and one small write, so under a rush its cost is the commit, and
//! commits queue behind one another (SQLite has one writer; PostgreSQL flushes its log at
//! each). Here each voter drops a prepared ballot in the box and waits; whoever finds the
//! writer free takes everything in the box and writes it in one transaction, checking each
//! ballot exactly as alone (proposal still open, a proxy never replacing the giver's own).
//! If that transaction fails as a whole, each ballot is written on its own, so one bad
//! ballot never costs another voter theirs.

use super::ballot::{self, Cast, Refusal};
use crate::storage::{Db, DbConn, DbError, ballots, write_tx};
use chrono::NaiveDateTime;
use std::sync::{Arc, Condvar, Mutex};

/// What a cast comes to: stored, or refused with a reason.
pub type Counted = Result<(), Refusal>;

/// One voter's ballot, waiting for a writer.
struct Slip {
    ballot: ballots::NewBallot,
    now: NaiveDateTime,
    receipt: Arc<Receipt>,
}

/// Where the writer leaves a slip's outcome for its voter.
#[derive(Default)]
struct Receipt(Mutex<Option<Result<Counted, DbError>>>);

impl Receipt {
    fn set(&self, v: Result<Counted, DbError>) {
        *lock(&self.0) = Some(v);
    }

    fn take(&self) -> Option<Result<Counted, DbError>> {
        lock(&self.0).take()
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// The ballots waiting to be written, and whether one is being written.
#[derive(Default)]
pub struct BallotBox {
    state: Mutex<State>,
    /// Signalled when a writer is done: the voters it wrote for return, one other writes next.
    written: Condvar,
    stats: Mutex<Stats>,
}

#[derive(Default)]
struct State {
    waiting: Vec<Slip>,
    writing: bool,
}

/// How many write transactions carried how many ballots (for tests and the load test).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Stats {
    pub transactions: u64,
    pub ballots: u64,
}

impl BallotBox {
    pub fn stats(&self) -> Stats {
        *lock(&self.stats)
    }

    /// Checks a ballot (reads, on a pooled connection given back before waiting) and, if it
    /// is valid, writes it with whatever else is cast at the same moment. Blocking.
    pub fn cast(&self, db: &Db, secret: &[u8], c: &Cast<'_>) -> Result<Counted, DbError> {
        let prepared = {
            let mut conn = db.get()?;
            ballot::prepare(&mut conn, secret, c)?
        };
        match prepared {
            Ok(new) => self.drop_in(db, new, c.now),
            Err(r) => Ok(Err(r)),
        }
    }

    /// Puts a prepared ballot in the box and waits until a writer (perhaps this caller) has
    /// written or refused it. The caller must not hold a pooled connection.
    pub fn drop_in(
        &self,
        db: &Db,
        ballot: ballots::NewBallot,
        now: NaiveDateTime,
    ) -> Result<Counted, DbError> {
        let receipt = Arc::new(Receipt::default());
        let mut state = lock(&self.state);
        state.waiting.push(Slip {
            ballot,
            now,
            receipt: receipt.clone(),
        });
        loop {
            if let Some(done) = receipt.take() {
                return done;
            }
            if state.writing {
                state = self.written.wait(state).unwrap_or_else(|p| p.into_inner());
                continue;
            }
            // Ours is still in the box and no one is writing: write all that is there.
            state.writing = true;
            let slips = std::mem::take(&mut state.waiting);
            drop(state);
            let done = WriterDone(self);
            match db.get() {
                Ok(mut conn) => self.write(&mut conn, &slips),
                Err(e) => {
                    for s in &slips {
                        s.receipt.set(Err(DbError::Pool(e.to_string())));
                    }
                }
            }
            drop(done);
            state = lock(&self.state);
        }
    }

    /// Writes `slips` in one transaction, or each alone if that fails; fills every receipt.
    fn write(&self, conn: &mut DbConn, slips: &[Slip]) {
        let cast: Vec<_> = slips.iter().map(|s| (&s.ballot, s.now)).collect();
        let together = write_tx(conn, |c| ballot::store_all(c, &cast));
        if let Ok(outcomes) = together {
            for (s, o) in slips.iter().zip(outcomes) {
                s.receipt.set(Ok(o));
            }
            self.count(1, slips.len());
            return;
        }
        for s in slips {
            let alone = write_tx(conn, |c| ballot::store(c, &s.ballot, s.now));
            s.receipt.set(alone.map_err(DbError::from));
        }
        self.count(slips.len(), slips.len());
    }

    fn count(&self, transactions: usize, ballots: usize) {
        let mut stats = lock(&self.stats);
        stats.transactions += transactions as u64;
        stats.ballots += ballots as u64;
    }
}

/// Ends a writer's turn even if writing panicked, so the box never stays shut.
struct WriterDone<'a>(&'a BallotBox);

impl Drop for WriterDone<'_> {
    fn drop(&mut self) {
        lock(&self.0.state).writing = false;
        self.0.written.notify_all();
    }
}
