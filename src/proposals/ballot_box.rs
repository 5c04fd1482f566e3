//! The ballot box: ballots cast at the same moment are written in one transaction.
//!
//! A vote is a few reads and one small write, so under a rush its cost is the commit, and
//! commits queue behind one another (SQLite has one writer; PostgreSQL flushes its log at
//! each). Here each voter drops a prepared ballot in the box and awaits the outcome without
//! holding a thread; one writer takes everything in the box (see [`crate::batcher`]) and
//! writes it in one transaction, checking each ballot exactly as alone (proposal still open,
//! a proxy never replacing the giver's own). If that transaction fails as a whole, each
//! ballot is written on its own, so one bad ballot never costs another voter theirs.

use super::ballot::{self, Refusal};
use crate::batcher::{Batcher, Stats};
use crate::storage::{Db, DbConn, DbError, ballots, write_tx};
use chrono::NaiveDateTime;
use std::sync::Arc;

/// What a cast comes to: stored, or refused with a reason.
pub type Counted = Result<(), Refusal>;

/// Ballots written by one transaction at most.
const AT_ONCE: usize = 1000;

/// One voter's ballot, waiting for the writer.
type Slip = (ballots::NewBallot, NaiveDateTime);

#[derive(Default)]
pub struct BallotBox {
    slips: Arc<Batcher<Slip, Result<Counted, DbError>>>,
}

impl BallotBox {
    /// How many write transactions carried how many ballots (a batch written ballot by
    /// ballot, after its transaction failed, counts once).
    pub fn stats(&self) -> Stats {
        self.slips.stats()
    }

    /// Ballots waiting for the next transaction, and whether one is being written.
    pub fn queue(&self) -> (usize, bool) {
        self.slips.queue()
    }

    /// A checked ballot goes in the box ([`BallotBox::drop_in`]); a refused one is refused.
    pub async fn cast(
        &self,
        db: &Db,
        checked: Result<ballots::NewBallot, Refusal>,
        now: NaiveDateTime,
    ) -> Result<Counted, DbError> {
        match checked {
            Ok(ballot) => self.drop_in(db, ballot, now).await,
            Err(r) => Ok(Err(r)),
        }
    }

    /// Puts a prepared ballot in the box and awaits its outcome: written with whatever else
    /// is cast at the same moment, or refused.
    pub async fn drop_in(
        &self,
        db: &Db,
        ballot: ballots::NewBallot,
        now: NaiveDateTime,
    ) -> Result<Counted, DbError> {
        let db = db.clone();
        let written = self
            .slips
            .ask((ballot, now), AT_ONCE, move |slips| write(&db, &slips))
            .await;
        written.unwrap_or_else(|| Err(DbError::Pool("the ballot box stopped".into())))
    }
}

/// Writes `slips` in one transaction, or each alone if that fails: one outcome per slip.
/// On the batcher's worker thread, stamped by the server's clock (as [`Db::run`] would).
fn write(db: &Db, slips: &[Slip]) -> Vec<Result<Counted, DbError>> {
    db.stamping(|| write_now(db, slips))
}

fn write_now(db: &Db, slips: &[Slip]) -> Vec<Result<Counted, DbError>> {
    let mut conn = match db.get() {
        Ok(conn) => conn,
        Err(e) => {
            let e = e.to_string();
            return slips
                .iter()
                .map(|_| Err(DbError::Pool(e.clone())))
                .collect();
        }
    };
    let conn: &mut DbConn = &mut conn;
    let cast: Vec<_> = slips.iter().map(|(b, now)| (b, *now)).collect();
    if let Ok(outcomes) = write_tx(conn, |c| ballot::store_all(c, &cast)) {
        return outcomes.into_iter().map(Ok).collect();
    }
    slips
        .iter()
        .map(|(b, now)| write_tx(conn, |c| ballot::store(c, b, *now)).map_err(DbError::from))
        .collect()
}
