//! Open proposals as they were frozen when they opened — the election and the roll — kept
//! in memory, so a vote is checked without reading them again. Nothing here can go stale:
//! what is kept never changes once a proposal is open, and what does change (its state, an
//! extended closing time) is read inside the ballot's write transaction.

use crate::storage::proposals::{self, Proposal};
use crate::storage::{Db, DbError};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Open proposals kept at once; past this the memory is cleared and refilled as votes come.
const KEPT: usize = 64;

/// An open proposal and its frozen roll (member → college).
pub struct OpenElection {
    pub proposal: Proposal,
    pub roll: HashMap<i64, String>,
}

/// The open elections of this server process.
#[derive(Default)]
pub struct OpenElections {
    kept: Mutex<HashMap<i64, Arc<OpenElection>>>,
    /// Held while a proposal is read in, so the voters of a rush read its roll once, not
    /// each of them.
    reading: Mutex<()>,
}

/// What a co-op's proposal is, for a vote.
pub enum Found {
    Open(Arc<OpenElection>),
    NotOpen,
    Missing,
}

impl OpenElections {
    /// Proposal `id` of co-op `coop`: kept if open, else read (and kept, if it is open now).
    pub fn get(&self, db: &Db, coop: i64, id: i64) -> Result<Found, DbError> {
        if let Some(found) = self.kept(coop, id) {
            return Ok(found);
        }
        let _reading = self.reading.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(found) = self.kept(coop, id) {
            return Ok(found);
        }
        let mut conn = db.get()?;
        let Some(p) = proposals::by_id(&mut conn, coop, id)? else {
            return Ok(Found::Missing);
        };
        if !p.is_open() {
            return Ok(Found::NotOpen);
        }
        let roll = proposals::roll_of(&mut conn, id)?.into_iter().collect();
        drop(conn);
        let election = Arc::new(OpenElection { proposal: p, roll });
        let mut kept = self.lock();
        if kept.len() >= KEPT {
            kept.clear();
        }
        kept.insert(id, election.clone());
        Ok(Found::Open(election))
    }

    /// The kept proposal `id`, if kept: open, or another co-op's (missing for this one). No
    /// reads: what [`OpenElections::get`] answers when it need not read.
    pub fn kept(&self, coop: i64, id: i64) -> Option<Found> {
        self.lock().get(&id).map(|e| {
            if e.proposal.coop_id == coop {
                Found::Open(e.clone())
            } else {
                Found::Missing
            }
        })
    }

    /// Forgets proposal `id`, read again at its next vote: an edit changed its options, or it
    /// was reopened.
    pub fn forget(&self, id: i64) {
        self.lock().remove(&id);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<i64, Arc<OpenElection>>> {
        self.kept.lock().unwrap_or_else(|p| p.into_inner())
    }
}
