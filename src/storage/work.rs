//! The work log: support days and tasks claimed by members, approved or rejected by the
//! board. Only approved work earns points: a support day on its date, a task on the day it is
//! approved (`earned_on`, in the co-op's time zone). A task whose real effort exceeded its
//! estimate beyond the rule's tolerance is rescheduled: it closes with 0 points and a new
//! claim carries the estimate of the missing work.

use super::DbConn;
use super::corrupt;
use super::payouts::{RuleVersion, month_of, pick};
use super::schema::{accounts, work_entries};
use crate::domain::work::{WorkKind, WorkStatus};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

/// An entry as stored: its kind and status are read once, here, into [`Entry`].
#[derive(Queryable, Selectable)]
#[diesel(table_name = work_entries)]
struct EntryRow {
    id: i64,
    coop_id: i64,
    account_id: i64,
    kind: String,
    work_date: String,
    title: Option<String>,
    estimate: Option<i64>,
    status: String,
    created_at: NaiveDateTime,
    approved_by: Option<i64>,
    approved_at: Option<NaiveDateTime>,
    earned_on: Option<String>,
    points_awarded: Option<i64>,
    replaces_entry: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub id: i64,
    pub coop_id: i64,
    pub account_id: i64,
    pub kind: WorkKind,
    pub work_date: String,
    pub title: Option<String>,
    pub estimate: Option<i64>,
    pub status: WorkStatus,
    pub created_at: NaiveDateTime,
    pub approved_by: Option<i64>,
    pub approved_at: Option<NaiveDateTime>,
    pub earned_on: Option<String>,
    pub points_awarded: Option<i64>,
    pub replaces_entry: Option<i64>,
}

fn kind_of(id: i64, key: &str) -> QueryResult<WorkKind> {
    WorkKind::parse(key).ok_or_else(|| corrupt("work_entries", id, format!("kind '{key}'")))
}

impl TryFrom<EntryRow> for Entry {
    type Error = diesel::result::Error;

    fn try_from(r: EntryRow) -> QueryResult<Entry> {
        Ok(Entry {
            kind: kind_of(r.id, &r.kind)?,
            status: WorkStatus::parse(&r.status)
                .ok_or_else(|| corrupt("work_entries", r.id, format!("status '{}'", r.status)))?,
            id: r.id,
            coop_id: r.coop_id,
            account_id: r.account_id,
            work_date: r.work_date,
            title: r.title,
            estimate: r.estimate,
            created_at: r.created_at,
            approved_by: r.approved_by,
            approved_at: r.approved_at,
            earned_on: r.earned_on,
            points_awarded: r.points_awarded,
            replaces_entry: r.replaces_entry,
        })
    }
}

impl Entry {
    pub fn is_task(&self) -> bool {
        self.kind == WorkKind::Task
    }
}

/// An entry with the name and public id of whoever did the work.
#[derive(Debug, Clone)]
pub struct Listed {
    pub entry: Entry,
    pub member_public_id: String,
    pub member_name: String,
}

/// A new claim: a support day (`title`/`estimate` unset) or a task.
#[derive(Debug, Clone)]
pub struct NewEntry<'a> {
    pub coop_id: i64,
    pub account_id: i64,
    pub kind: WorkKind,
    pub date: NaiveDate,
    pub title: Option<&'a str>,
    pub estimate: Option<i64>,
    pub replaces: Option<i64>,
}

pub fn iso(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// Records a claim; returns its id.
pub fn log(conn: &mut DbConn, new: &NewEntry<'_>) -> QueryResult<i64> {
    diesel::insert_into(work_entries::table)
        .values((
            work_entries::coop_id.eq(new.coop_id),
            work_entries::account_id.eq(new.account_id),
            work_entries::kind.eq(new.kind.key()),
            work_entries::work_date.eq(iso(new.date)),
            work_entries::title.eq(new.title),
            work_entries::estimate.eq(new.estimate),
            work_entries::status.eq(WorkStatus::Claimed.key()),
            work_entries::created_at.eq(super::now()),
            work_entries::replaces_entry.eq(new.replaces),
        ))
        .returning(work_entries::id)
        .get_result(conn)
}

/// Has `account` already claimed a support day on `date` (not rejected)?
pub fn support_day_taken(
    conn: &mut DbConn,
    coop_id: i64,
    account_id: i64,
    date: NaiveDate,
) -> QueryResult<bool> {
    let n: i64 = work_entries::table
        .filter(work_entries::coop_id.eq(coop_id))
        .filter(work_entries::account_id.eq(account_id))
        .filter(work_entries::kind.eq(WorkKind::SupportDay.key()))
        .filter(work_entries::work_date.eq(iso(date)))
        .filter(work_entries::status.ne(WorkStatus::Rejected.key()))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

pub fn by_id(conn: &mut DbConn, coop_id: i64, id: i64) -> QueryResult<Option<Entry>> {
    work_entries::table
        .filter(work_entries::coop_id.eq(coop_id))
        .filter(work_entries::id.eq(id))
        .select(EntryRow::as_select())
        .get_result(conn)
        .optional()?
        .map(Entry::try_from)
        .transpose()
}

/// The co-op's log, newest first: one member's (`Some(account)`) or everyone's, `limit` rows.
pub fn list(
    conn: &mut DbConn,
    coop_id: i64,
    account: Option<i64>,
    status: Option<WorkStatus>,
    limit: i64,
) -> QueryResult<Vec<Listed>> {
    let mut q = work_entries::table
        .inner_join(accounts::table)
        .filter(work_entries::coop_id.eq(coop_id))
        .into_boxed();
    if let Some(a) = account {
        q = q.filter(work_entries::account_id.eq(a));
    }
    if let Some(s) = status {
        q = q.filter(work_entries::status.eq(s.key()));
    }
    let rows: Vec<(EntryRow, String, String)> = q
        .order(work_entries::id.desc())
        .limit(limit)
        .select((
            EntryRow::as_select(),
            accounts::public_id,
            accounts::display_name,
        ))
        .load(conn)?;
    rows.into_iter()
        .map(|(row, member_public_id, member_name)| {
            Ok(Listed {
                entry: Entry::try_from(row)?,
                member_public_id,
                member_name,
            })
        })
        .collect()
}

/// Points an approved entry earns on `earned_on` under the versions adopted (0 without a rule
/// in force that day): a support day the rule's points per day, a task its estimate.
pub fn points_for(
    versions: &[RuleVersion],
    kind: WorkKind,
    estimate: Option<i64>,
    earned_on: NaiveDate,
) -> u64 {
    let Some(version) = month_of(earned_on).and_then(|m| pick(versions, m)) else {
        return 0;
    };
    if kind == WorkKind::SupportDay {
        version.rule.support_points_per_day
    } else {
        estimate.and_then(|e| u64::try_from(e).ok()).unwrap_or(0)
    }
}

/// Closes a claim (conditional on it still being claimed, so two reviewers cannot both act).
fn close(
    conn: &mut DbConn,
    entry: &Entry,
    status: WorkStatus,
    by: i64,
    earned_on: Option<NaiveDate>,
    points: Option<i64>,
) -> QueryResult<bool> {
    let n = diesel::update(
        work_entries::table
            .filter(work_entries::id.eq(entry.id))
            .filter(work_entries::status.eq(WorkStatus::Claimed.key())),
    )
    .set((
        work_entries::status.eq(status.key()),
        work_entries::approved_by.eq(Some(by)),
        work_entries::approved_at.eq(Some(super::now())),
        work_entries::earned_on.eq(earned_on.map(iso)),
        work_entries::points_awarded.eq(points),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Approves a claim: a support day earns on its date, a task on `today`. False when it was
/// not (or no longer) a claim.
pub fn approve(
    conn: &mut DbConn,
    entry: &Entry,
    by: i64,
    today: NaiveDate,
    versions: &[RuleVersion],
) -> QueryResult<bool> {
    let earned_on = if entry.is_task() {
        today
    } else {
        NaiveDate::parse_from_str(&entry.work_date, "%Y-%m-%d")
            .map_err(|e| super::corrupt("work_entries", entry.id, format!("work_date: {e}")))?
    };
    let points = points_for(versions, entry.kind, entry.estimate, earned_on);
    close(
        conn,
        entry,
        WorkStatus::Approved,
        by,
        Some(earned_on),
        Some(i64::try_from(points).unwrap_or(i64::MAX)),
    )
}

pub fn reject(conn: &mut DbConn, entry: &Entry, by: i64) -> QueryResult<bool> {
    close(conn, entry, WorkStatus::Rejected, by, None, None)
}

/// Reschedules a task: it closes with 0 points and a new claim for the same member carries
/// `missing` points of remaining work. Returns the new entry's id (`None`: no longer a claim).
pub fn reschedule(
    conn: &mut DbConn,
    entry: &Entry,
    by: i64,
    today: NaiveDate,
    missing: i64,
) -> QueryResult<Option<i64>> {
    if !close(
        conn,
        entry,
        WorkStatus::Rescheduled,
        by,
        Some(today),
        Some(0),
    )? {
        return Ok(None);
    }
    let id = log(
        conn,
        &NewEntry {
            coop_id: entry.coop_id,
            account_id: entry.account_id,
            kind: WorkKind::Task,
            date: today,
            title: entry.title.as_deref(),
            estimate: Some(missing),
            replaces: Some(entry.id),
        },
    )?;
    Ok(Some(id))
}

/// One approved entry in a window, as the monthly run reads it.
#[derive(Debug, Clone)]
pub struct Earned {
    pub account_id: i64,
    pub member_public_id: String,
    pub kind: WorkKind,
    pub estimate: Option<i64>,
    pub earned_on: Option<String>,
}

/// `(entry id, account, public id, kind, estimate, earned on)`, as read.
type EarnedRow = (i64, i64, String, String, Option<i64>, Option<String>);

/// Approved entries earned between `from` and `to` (both included), whoever did them —
/// members who have left since included.
pub fn earned_between(
    conn: &mut DbConn,
    coop_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<Vec<Earned>> {
    let rows: Vec<EarnedRow> = work_entries::table
        .inner_join(accounts::table)
        .filter(work_entries::coop_id.eq(coop_id))
        .filter(work_entries::status.eq(WorkStatus::Approved.key()))
        .filter(work_entries::earned_on.ge(iso(from)))
        .filter(work_entries::earned_on.le(iso(to)))
        .select((
            work_entries::id,
            work_entries::account_id,
            accounts::public_id,
            work_entries::kind,
            work_entries::estimate,
            work_entries::earned_on,
        ))
        .load(conn)?;
    rows.into_iter()
        .map(
            |(id, account_id, member_public_id, kind, estimate, earned_on)| {
                Ok(Earned {
                    account_id,
                    member_public_id,
                    kind: kind_of(id, &kind)?,
                    estimate,
                    earned_on,
                })
            },
        )
        .collect()
}

/// Already-approved history in bulk (imports, the benchmark): `(account, kind, date, estimate)`.
pub fn insert_approved(
    conn: &mut DbConn,
    coop_id: i64,
    by: Option<i64>,
    rows: &[(i64, WorkKind, NaiveDate, Option<i64>)],
) -> QueryResult<()> {
    let now = super::now();
    for chunk in rows.chunks(500) {
        let values: Vec<_> = chunk
            .iter()
            .map(|(account, kind, date, estimate)| {
                (
                    work_entries::coop_id.eq(coop_id),
                    work_entries::account_id.eq(*account),
                    work_entries::kind.eq(kind.key()),
                    work_entries::work_date.eq(iso(*date)),
                    work_entries::estimate.eq(*estimate),
                    work_entries::status.eq(WorkStatus::Approved.key()),
                    work_entries::created_at.eq(now),
                    work_entries::approved_by.eq(by),
                    work_entries::approved_at.eq(Some(now)),
                    work_entries::earned_on.eq(Some(iso(*date))),
                )
            })
            .collect();
        crate::insert_batch!(conn, work_entries::table, values)?;
    }
    Ok(())
}
