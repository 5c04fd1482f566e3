//! A member's day: what the home page says needs them, across every co-op they belong to —
//! the votes waiting for their ballot (their own, and those they hold a proxy for), what was
//! decided lately, and where the discussion is.

use crate::storage::coops::{self, Coop};
use crate::storage::proposals::{self, Awaiting, Proposal};
use crate::storage::threads::{self, Thread};
use crate::storage::{DbConn, proxies};
use chrono::{Duration, NaiveDateTime};
use diesel::QueryResult;

/// Decisions shown as "recently decided": closed in the last two weeks, five at most.
const DECIDED_DAYS: i64 = 14;
const DECIDED_SHOWN: i64 = 5;
const THREADS_SHOWN: i64 = 5;
/// One's own waiting votes Home lists (the rest are counted, and listed on each co-op's votes).
pub const WAITING_SHOWN: usize = 10;
/// Open proposals listed on a co-op's overview; the proposals page lists them all.
pub const OPEN_SHOWN: i64 = 20;

/// A proposal waiting for a ballot the person may cast.
pub struct Waiting {
    pub proposal: Awaiting,
    /// Voting as a proxy holder: for whom, by name.
    pub giver: Option<String>,
}

/// Everything the home page shows, co-ops by name.
pub struct Day {
    pub coops: Vec<Coop>,
    /// Not yet voted, soonest closing first: [`WAITING_SHOWN`] of one's own, and every proxy
    /// vote held (few).
    pub waiting: Vec<Waiting>,
    /// How many votes wait in all, and per co-op (own and proxy).
    pub waiting_total: usize,
    pub waiting_by_coop: std::collections::HashMap<i64, usize>,
    /// Waiting votes that close within a day.
    pub closing_soon: usize,
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
}

/// The open proposals on which `account` may cast a ballot in these co-ops: their own (giver
/// `None`), then those they hold a proxy for (the giver's name); each with whether a ballot is
/// in, soonest closing first within each. The home page and "My open votes" both read this.
pub fn ballots_open_to(
    conn: &mut DbConn,
    account: i64,
    coops: &[Coop],
) -> QueryResult<Vec<(Awaiting, Option<String>, bool)>> {
    let ids: Vec<i64> = coops.iter().map(|c| c.id).collect();
    let mut list: Vec<(Awaiting, Option<String>, bool)> = proposals::awaiting(conn, account, &ids)?
        .into_iter()
        .map(|(p, voted)| (p, None, voted))
        .collect();
    for x in proxies::held_in(conn, &ids, account)? {
        for (p, voted) in proposals::awaiting(conn, x.giver_id, &[x.coop_id])? {
            if x.proposal_id.is_none_or(|id| id == p.id) {
                list.push((p, Some(x.giver_name.clone()), voted));
            }
        }
    }
    Ok(list)
}

/// How many of [`ballots_open_to`] still wait for a ballot: what the top bar's "To vote (n)"
/// says on every page, so a count, not the list (plus one small query per proxy held).
pub fn count_open_to(conn: &mut DbConn, account: i64, coop_ids: &[i64]) -> QueryResult<usize> {
    let mut n = proposals::awaiting_count(conn, account, coop_ids)?;
    for x in proxies::held_in(conn, coop_ids, account)? {
        n += match x.proposal_id {
            None => proposals::awaiting_count(conn, x.giver_id, &[x.coop_id])?,
            Some(id) => proposals::awaiting(conn, x.giver_id, &[x.coop_id])?
                .iter()
                .filter(|(p, voted)| p.id == id && !voted)
                .count() as i64,
        };
    }
    Ok(usize::try_from(n).unwrap_or(0))
}

/// The day of `account` at `now`. One's own waiting votes are counted in SQL and only the
/// soonest [`WAITING_SHOWN`] are loaded: a member of ten busy co-ops has thousands open.
pub fn of(conn: &mut DbConn, account: i64, now: NaiveDateTime) -> QueryResult<Day> {
    let coops = coops::of_account(conn, account)?;
    let ids: Vec<i64> = coops.iter().map(|c| c.id).collect();
    let soon = now + Duration::hours(24);
    let mut waiting_by_coop = std::collections::HashMap::new();
    let (mut waiting_total, mut voted, mut closing_soon) = (0, 0, 0);
    let mut count = |coop: i64, waits: usize, done: usize, closing: usize| {
        *waiting_by_coop.entry(coop).or_insert(0) += waits;
        waiting_total += waits;
        voted += done;
        closing_soon += closing;
    };
    for t in proposals::awaiting_by_coop(conn, account, &ids, soon)? {
        let n = |x: i64| usize::try_from(x).unwrap_or(0);
        count(t.coop_id, n(t.waiting), n(t.voted), n(t.closing_soon));
    }
    let mut waiting: Vec<Waiting> =
        proposals::awaiting_soonest(conn, account, &ids, WAITING_SHOWN as i64)?
            .into_iter()
            .map(|proposal| Waiting {
                proposal,
                giver: None,
            })
            .collect();
    for x in proxies::held_in(conn, &ids, account)? {
        for (p, done) in proposals::awaiting(conn, x.giver_id, &[x.coop_id])? {
            if x.proposal_id.is_some_and(|id| id != p.id) {
                continue;
            }
            let closing = usize::from(!done && p.closes_at <= soon);
            count(p.coop_id, usize::from(!done), usize::from(done), closing);
            if !done {
                waiting.push(Waiting {
                    proposal: p,
                    giver: Some(x.giver_name.clone()),
                });
            }
        }
    }
    waiting.sort_by_key(|w| w.proposal.closes_at);
    let since = now - Duration::days(DECIDED_DAYS);
    // Home lists the discussions holding something unread, latest activity first.
    let unread_ids = crate::storage::reads::unread_threads(conn, account, &ids, THREADS_SHOWN)?;
    let threads = threads::listed(conn, &unread_ids)?;
    let thread_ids: Vec<i64> = threads.iter().map(|t| t.id).collect();
    Ok(Day {
        waiting,
        waiting_total,
        waiting_by_coop,
        closing_soon,
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
    /// The soonest closing, [`OPEN_SHOWN`] at most; `open_count` says how many are open.
    pub open: Vec<OpenLine>,
    pub open_count: i64,
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
    let listed = proposals::open_with_turnout(conn, coop, OPEN_SHOWN)?;
    let ids: Vec<i64> = listed.iter().map(|(p, _, _)| p.id).collect();
    let mine = proposals::voted_among(conn, account, &ids)?;
    let open = listed
        .into_iter()
        .map(|(p, on_roll, voted)| OpenLine {
            mine: mine.contains(&p.id),
            proposal: p,
            on_roll,
            voted,
        })
        .collect();
    let since = now - Duration::days(DECIDED_DAYS);
    Ok(Overview {
        open,
        open_count: proposals::open_count(conn, coop)?,
        decided: proposals::decided_since(conn, &[coop], since, DECIDED_SHOWN)?,
        threads: threads::recently_active(conn, &[coop], THREADS_SHOWN)?,
    })
}
