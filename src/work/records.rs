//! What the work pages and the work API read: a member's work log and what waits for review,
//! the payout rule in force and its versions, payout runs with their lines, a member's
//! statements, and the points earned in a window (a rule's preview).

use crate::domain::payout::YearMonth;
use crate::domain::rulebook::Template;
use crate::domain::work::WorkStatus;
use crate::service::{Answer, ServiceError};
use crate::storage::{DbConn, coops, members, payout_runs, payouts, work};
use chrono::NaiveDate;
use std::collections::HashMap;

pub use crate::storage::payout_runs::{Line, Run};
pub use crate::storage::payouts::RuleVersion;
pub use crate::storage::work::{Earned, Listed};

/// The month a day belongs to.
pub fn month_of(date: NaiveDate) -> Option<YearMonth> {
    payouts::month_of(date)
}

/// The work page for `me`: the payout rule in force on `today`, their entries (the newest
/// 200) and, for reviewers, the claims waiting (the oldest 500).
pub struct WorkLog {
    pub rule: Option<RuleVersion>,
    pub mine: Vec<Listed>,
    pub pending: Vec<Listed>,
}

/// The work page's log.
pub fn work_log(
    c: &mut DbConn,
    coop_id: i64,
    (me, review): (i64, bool),
    today: NaiveDate,
) -> Answer<WorkLog> {
    let rule = match month_of(today) {
        Some(m) => payouts::rule_in_force(c, coop_id, m)?,
        None => None,
    };
    let pending = if review {
        work::list(c, coop_id, None, Some(WorkStatus::Claimed), 500)?
    } else {
        vec![]
    };
    Ok(WorkLog {
        rule,
        mine: work::list(c, coop_id, Some(me), None, 200)?,
        pending,
    })
}

/// The API's work list: `me`'s entries, then (for reviewers) others' claims waiting.
pub fn entries(c: &mut DbConn, coop_id: i64, me: i64, review: bool) -> Answer<Vec<Listed>> {
    let mut all = work::list(c, coop_id, Some(me), None, 1000)?;
    if review {
        all.extend(
            work::list(c, coop_id, None, Some(WorkStatus::Claimed), 1000)?
                .into_iter()
                .filter(|e| e.entry.account_id != me),
        );
    }
    Ok(all)
}

/// Every version of the co-op's payout rule.
pub fn rule_versions(c: &mut DbConn, coop_id: i64) -> Answer<Vec<RuleVersion>> {
    Ok(payouts::rule_versions(c, coop_id)?)
}

/// The payout rules page: every version, members' names by public id (past members too),
/// and whether the co-op is a SCIC (whose rule has legal limits).
pub struct Rules {
    pub versions: Vec<RuleVersion>,
    pub names: HashMap<String, String>,
    pub is_scic: bool,
}

/// The payout rules page's data.
pub fn rules(c: &mut DbConn, coop_id: i64) -> Answer<Rules> {
    let names = members::history(c, coop_id)?
        .into_iter()
        .map(|m| (m.public_id, m.display_name))
        .collect();
    Ok(Rules {
        versions: payouts::rule_versions(c, coop_id)?,
        names,
        is_scic: coops::current_rulebook(c, coop_id)?.template == Template::Scic,
    })
}

/// Points earned by each member between two days (a rule's preview).
pub fn earned_between(
    c: &mut DbConn,
    coop_id: i64,
    (from, to): (NaiveDate, NaiveDate),
) -> Answer<Vec<Earned>> {
    Ok(work::earned_between(c, coop_id, from, to)?)
}

/// The co-op's payout runs, the latest month first.
pub fn runs(c: &mut DbConn, coop_id: i64) -> Answer<Vec<Run>> {
    Ok(payout_runs::list(c, coop_id)?)
}

/// The co-op's payout run, or not found.
pub fn run(c: &mut DbConn, coop_id: i64, id: i64) -> Answer<Run> {
    payout_runs::by_id(c, coop_id, id)?.ok_or(ServiceError::NotFound)
}

/// The co-op's payout run with its lines, or not found.
pub fn run_with_lines(c: &mut DbConn, coop_id: i64, id: i64) -> Answer<(Run, Vec<Line>)> {
    let run = run(c, coop_id, id)?;
    let lines = payout_runs::lines(c, run.id)?;
    Ok((run, lines))
}

/// `me`'s line of every confirmed run (run, points, share, amount in cents), latest first.
pub fn statements_of(
    c: &mut DbConn,
    coop_id: i64,
    me: i64,
) -> Answer<Vec<(Run, i64, String, i64)>> {
    Ok(payout_runs::statements_of(c, coop_id, me)?)
}
