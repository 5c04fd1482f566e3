//! A member's day: what the home page says needs them, across every co-op they belong to —
//! the votes waiting for their ballot (their own, and those they hold a proxy for), what was
//! decided lately, and where the discussion is.

use crate::storage::coops::{self, Coop};
use crate::storage::proposals::{self, Proposal};
use crate::storage::threads::{self, Thread};
use crate::storage::{DbConn, proxies};
use chrono::{Duration, NaiveDateTime};
use diesel::QueryResult;

/// Decisions shown as "recently decided": closed in the last two weeks, five at most.
const DECIDED_DAYS: i64 = 14;
const DECIDED_SHOWN: i64 = 5;
const THREADS_SHOWN: i64 = 5;

/// A proposal waiting for a ballot the person may cast.
pub struct Waiting {
    pub proposal: Proposal,
    /// Voting as a proxy holder: for whom, by name.
    pub giver: Option<String>,
}

/// Everything the home page shows, co-ops by name.
pub struct Day {
    pub coops: Vec<Coop>,
    /// Not yet voted, soonest closing first.
    pub waiting: Vec<Waiting>,
    /// Open proposals where a ballot is in (it may still be changed).
    pub voted: usize,
    pub decided: Vec<Proposal>,
    pub threads: Vec<Thread>,
    /// What is unread in those threads.
    pub unread: std::collections::HashMap<i64, crate::threads::reading::Unread>,
    /// Per co-op, how many of its discussions hold something unread.
    pub unread_threads: std::collections::HashMap<i64, i64>,
}

impl Day {
    /// The co-op a proposal or thread belongs to.
    pub fn coop(&self, id: i64) -> Option<&Coop> {
        self.coops.iter().find(|c| c.id == id)
    }

    /// Waiting votes that close within a day of `now`.
    pub fn closing_soon(&self, now: NaiveDateTime) -> usize {
        self.waiting
            .iter()
            .filter(|w| w.proposal.closes_at - now <= Duration::hours(24))
            .count()
    }
}

/// The open proposals on which `account` may cast a ballot in these co-ops: their own (giver
/// `None`), then those they hold a proxy for (the giver's name); each with whether a ballot is
/// in. The home page and "My open votes" both read this.
pub fn ballots_open_to(
    conn: &mut DbConn,
    account: i64,
    coops: &[Coop],
) -> QueryResult<Vec<(Proposal, Option<String>, bool)>> {
    let mut list: Vec<(Proposal, Option<String>, bool)> = proposals::awaiting(conn, account)?
        .into_iter()
        .filter(|(p, _)| coops.iter().any(|c| c.id == p.coop_id))
        .map(|(p, voted)| (p, None, voted))
        .collect();
    for c in coops {
        for x in proxies::of_member(conn, c.id, account)? {
            if x.holder_id != account {
                continue;
            }
            for (p, voted) in proposals::awaiting(conn, x.giver_id)? {
                if p.coop_id == c.id && x.proposal_id.is_none_or(|id| id == p.id) {
                    list.push((p, Some(x.giver_name.clone()), voted));
                }
            }
        }
    }
    Ok(list)
}

/// The day of `account` at `now`.
pub fn of(conn: &mut DbConn, account: i64, now: NaiveDateTime) -> QueryResult<Day> {
    let coops = coops::of_account(conn, account)?;
    let ids: Vec<i64> = coops.iter().map(|c| c.id).collect();
    let mut waiting = vec![];
    let mut voted = 0;
    for (proposal, giver, done) in ballots_open_to(conn, account, &coops)? {
        if done {
            voted += 1;
        } else {
            waiting.push(Waiting { proposal, giver });
        }
    }
    waiting.sort_by_key(|w| w.proposal.closes_at);
    let since = now - Duration::days(DECIDED_DAYS);
    let threads = threads::recently_active(conn, &ids, THREADS_SHOWN)?;
    let thread_ids: Vec<i64> = threads.iter().map(|t| t.id).collect();
    Ok(Day {
        waiting,
        voted,
        decided: proposals::decided_since(conn, &ids, since, DECIDED_SHOWN)?,
        unread: crate::threads::reading::unread(conn, account, &thread_ids)?,
        unread_threads: crate::storage::reads::unread_threads_by_coop(conn, account, &ids)?,
        threads,
        coops,
    })
}

/// An open proposal on the co-op's overview.
pub struct OpenLine {
    pub proposal: Proposal,
    pub on_roll: i64,
    pub voted: i64,
    /// Whether the reader's own ballot is in.
    pub mine: bool,
}

/// What a co-op's overview shows above its colleges: what is open, decided, discussed.
pub struct Overview {
    pub open: Vec<OpenLine>,
    pub decided: Vec<Proposal>,
    pub threads: Vec<Thread>,
}

/// The overview of co-op `coop` for `account` at `now`.
pub fn overview(
    conn: &mut DbConn,
    coop: i64,
    account: i64,
    now: NaiveDateTime,
) -> QueryResult<Overview> {
    let mut open = vec![];
    for (p, on_roll, voted) in proposals::open_with_turnout(conn, coop)? {
        let mine = crate::storage::ballots::has_voted(conn, p.id, account)?;
        open.push(OpenLine {
            proposal: p,
            on_roll,
            voted,
            mine,
        });
    }
    let since = now - Duration::days(DECIDED_DAYS);
    Ok(Overview {
        open,
        decided: proposals::decided_since(conn, &[coop], since, DECIDED_SHOWN)?,
        threads: threads::recently_active(conn, &[coop], THREADS_SHOWN)?,
    })
}
