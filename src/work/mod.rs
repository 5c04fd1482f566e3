//! The work service: what the work-log and payout pages and their API share: parsing the inputs, logging and
//! reviewing work, declaring and confirming a month (with the statements mailed in the same
//! transaction). Each function runs inside the caller's blocking database closure.

pub mod records;

use crate::domain::payout::calendar::parse_date;
use crate::domain::payout::{PayoutResult, YearMonth};
use crate::domain::refusal::{Code, Refused};
use crate::domain::work::{WorkKind, WorkStatus};
use crate::i18n::Locale;
use crate::mail::{self, MailContext, MailKind, Recipient};
use crate::service::ServiceError;
use crate::storage::coops::{self, Coop};
use crate::storage::payout_runs::{self, Run, RunError};
use crate::storage::payouts::{self, rule_versions};
use crate::storage::work::{self, NewEntry};
use crate::storage::{DbConn, write_tx};

/// `12`, `12.5`, `-3,20` → cents; at most two decimals.
pub fn parse_cents(text: &str) -> Option<i64> {
    let text = text.trim().replace(['\u{202f}', '\u{a0}', ' '], "");
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest.to_string()),
        None => (false, text.clone()),
    };
    let (whole, frac) = match digits.split_once(['.', ',']) {
        Some((w, f)) => (w.to_string(), f.to_string()),
        None => (digits, String::new()),
    };
    if whole.is_empty()
        || frac.len() > 2
        || !whole
            .bytes()
            .chain(frac.bytes())
            .all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let cents = whole.parse::<i64>().ok()?.checked_mul(100)?;
    let frac_cents = format!("{frac:0<2}").parse::<i64>().ok()?;
    let value = cents.checked_add(frac_cents)?;
    Some(if negative { -value } else { value })
}

/// Cents in the reader's number format with the currency: `1,234.50 EUR`.
pub fn money(locale: Locale, cents: i64, currency: &str) -> String {
    let value = crate::i18n::format::number(locale, cents as f64 / 100.0, 2);
    format!("{value} {currency}")
}

/// A three-letter currency code, upper-cased.
pub fn parse_currency(text: &str) -> Option<String> {
    let c = text.trim().to_ascii_uppercase();
    (c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase())).then_some(c)
}

/// What a member asks to record.
pub struct Claim {
    pub kind: String,
    pub date: String,
    pub title: Option<String>,
    pub estimate: Option<i64>,
}

/// Records a claim after checking it against the rule in force today (a task's estimate may not
/// exceed `task_max_points`: bigger work must be split). Returns the new entry's id.
pub fn log_claim(
    c: &mut DbConn,
    coop: &Coop,
    account_id: i64,
    claim: &Claim,
    now: chrono::NaiveDateTime,
) -> Result<i64, ServiceError> {
    let tz = coop.tz();
    let today = now.and_utc().with_timezone(&tz).date_naive();
    let date = if claim.date.trim().is_empty() {
        today
    } else {
        parse_date(claim.date.trim()).ok_or(Code::WorkDateInvalid)?
    };
    if date > today {
        return Err(Code::WorkDateInFuture.into());
    }
    // A month whose payouts are confirmed is frozen: no work is added to it.
    if let Some(month) = payouts::month_of(date)
        && payout_runs::by_month(c, coop.id, &month.to_string())?.is_some_and(|r| r.is_confirmed())
    {
        return Err(Code::RunConfirmed.into());
    }
    let (kind, title, estimate) = match WorkKind::parse(&claim.kind) {
        Some(WorkKind::SupportDay) => {
            if work::support_day_taken(c, coop.id, account_id, date)? {
                return Err(Code::SupportDayTaken.into());
            }
            (WorkKind::SupportDay, None, None)
        }
        Some(WorkKind::Task) => {
            let title = claim
                .title
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty() && s.chars().count() <= 200)
                .ok_or(Code::TaskTitleInvalid)?;
            let estimate = claim
                .estimate
                .filter(|e| *e >= 1)
                .ok_or(Code::EstimateInvalid)?;
            let rule = payouts::month_of(today)
                .map(|m| payouts::rule_in_force(c, coop.id, m))
                .transpose()?
                .flatten();
            if let Some(v) = rule
                && estimate as u64 > v.rule.task_max_points
            {
                return Err(Refused::new(Code::TaskTooBig)
                    .with("max", v.rule.task_max_points)
                    .into());
            }
            (WorkKind::Task, Some(title.to_string()), Some(estimate))
        }
        None => return Err(Code::WorkKindUnknown.into()),
    };
    Ok(work::log(
        c,
        &NewEntry {
            coop_id: coop.id,
            account_id,
            kind,
            date,
            title: title.as_deref(),
            estimate,
            replaces: None,
        },
    )?)
}

/// A board decision on a claim.
pub enum Review {
    /// Approve; for a task, `effort` (the real effort in points) is checked against the tolerance.
    Approve {
        effort: Option<i64>,
    },
    Reject,
    /// Close with 0 points; a new claim carries `missing` points.
    Reschedule {
        missing: i64,
    },
}

/// Applies a review in a write transaction. Reviewers may not review their own work.
pub fn review(
    c: &mut DbConn,
    coop: &Coop,
    by: i64,
    id: i64,
    decision: &Review,
    now: chrono::NaiveDateTime,
) -> Result<(), ServiceError> {
    write_tx(c, |c| {
        let entry = work::by_id(c, coop.id, id)?.ok_or(ServiceError::NotFound)?;
        if entry.status != WorkStatus::Claimed {
            return Err(Code::AlreadyReviewed.into());
        }
        if entry.account_id == by {
            return Err(Code::OwnWork.into());
        }
        let today = now.and_utc().with_timezone(&coop.tz()).date_naive();
        let versions = rule_versions(c, coop.id)?;
        let in_force = payouts::month_of(today).and_then(|m| payouts::pick(&versions, m));
        let done = match decision {
            Review::Approve { effort } => {
                // A task claimed while no rule was in force is held to the rule in force now.
                if let (true, Some(v), Some(estimate)) = (entry.is_task(), in_force, entry.estimate)
                    && estimate as u64 > v.rule.task_max_points
                {
                    return Err(Refused::new(Code::TaskTooBig)
                        .with("max", v.rule.task_max_points)
                        .into());
                }
                if let (true, Some(effort), Some(v), Some(estimate)) =
                    (entry.is_task(), effort, in_force, entry.estimate)
                    && *effort > estimate + v.rule.task_tolerance_points as i64
                {
                    return Err(Refused::new(Code::OverTolerance)
                        .with("tolerance", v.rule.task_tolerance_points)
                        .into());
                }
                work::approve(c, &entry, by, today, &versions)?
            }
            Review::Reject => work::reject(c, &entry, by)?,
            Review::Reschedule { missing } => {
                let max = in_force.map_or(u64::MAX, |v| v.rule.task_max_points);
                if !entry.is_task() || *missing < 1 || *missing as u64 > max {
                    return Err(Refused::new(Code::MissingWorkInvalid)
                        .with("max", max.min(i64::MAX as u64))
                        .into());
                }
                work::reschedule(c, &entry, by, today, *missing)?.is_some()
            }
        };
        if !done {
            return Err(Code::AlreadyReviewed.into());
        }
        let outcome = match decision {
            Review::Approve { .. } => "approved",
            Review::Reject => "rejected",
            Review::Reschedule { .. } => "rescheduled",
        };
        let path = format!("/c/{}/work#work-{}", coop.slug, entry.id);
        let subject = entry
            .title
            .clone()
            .unwrap_or_else(|| entry.work_date.clone());
        let event = crate::notifications::Event {
            kind: crate::domain::notification::Kind::WorkReviewed,
            coop_id: coop.id,
            actor_id: Some(by),
            subject: &subject,
            detail: Some(outcome),
            path: &path,
        };
        crate::notifications::land_one(c, &event, entry.account_id, now)?;
        Ok(())
    })
}

/// Declares a month's surplus: builds, computes and stores the draft.
pub fn declare(
    c: &mut DbConn,
    coop: &Coop,
    by: i64,
    month: &str,
    surplus_cents: i64,
    currency: &str,
) -> Result<(i64, PayoutResult), ServiceError> {
    let month = YearMonth::parse(month.trim()).ok_or(Code::MonthInvalid)?;
    write_tx(c, |c| {
        // A month being confirmed is not redrafted under it (nor paid twice).
        coops::lock(c, coop.id)?;
        payout_runs::draft(c, coop.id, month, surplus_cents, currency, Some(by)).map_err(
            |e| match e {
                RunError::Confirmed => Code::RunConfirmed.into(),
                RunError::NoRule => Code::NoPayoutRule.into(),
                RunError::Invalid(m) => Refused::new(Code::PayoutRuleInvalid).detail(m).into(),
                RunError::Db(e) => e.into(),
            },
        )
    })
}

/// Confirms a draft and queues each member's statement (transactional mail, their language),
/// all in one transaction.
pub fn confirm(
    c: &mut DbConn,
    ctx: &MailContext,
    coop: &Coop,
    by: i64,
    id: i64,
) -> Result<Run, ServiceError> {
    write_tx(c, |c| {
        coops::lock(c, coop.id)?;
        let run = payout_runs::by_id(c, coop.id, id)?.ok_or(ServiceError::NotFound)?;
        if !payout_runs::confirm(c, &run, by)? {
            return Err(Code::RunConfirmed.into());
        }
        let lines = payout_runs::lines(c, run.id)?;
        let link = format!("{}/c/{}/statements", ctx.base_url, coop.slug);
        let total_points: i64 = lines.iter().map(|x| x.points).sum();
        let mails: Vec<(Recipient<'_>, mail::Email)> = lines
            .iter()
            .map(|line| {
                let locale = line.locale.unwrap_or_else(|| coop.locale());
                let email = mail::statement::statement(
                    locale,
                    &mail::statement::StatementText {
                        coop: &coop.name,
                        name: &line.display_name,
                        month: &run.month,
                        points: line.points,
                        total_points,
                        share: &line.share,
                        amount: &money(locale, line.amount_cents, &run.currency),
                        link: &link,
                    },
                );
                (
                    Recipient {
                        account_id: Some(line.account_id),
                        address: &line.email,
                        locale,
                    },
                    email,
                )
            })
            .collect();
        // The statement is transactional: mailed whatever the person's settings; its
        // notification lands as their volume lets it.
        mail::enqueue_batch(c, ctx, MailKind::Statement, &mails)?;
        let path = format!("/c/{}/statements", coop.slug);
        let event = crate::notifications::Event {
            kind: crate::domain::notification::Kind::StatementReady,
            coop_id: coop.id,
            actor_id: None,
            subject: &run.month,
            detail: None,
            path: &path,
        };
        let to: Vec<i64> = lines.iter().map(|x| x.account_id).collect();
        crate::notifications::land(c, &event, &to, crate::storage::now())?;
        Ok(payout_runs::by_id(c, coop.id, id)?.unwrap_or(run))
    })
}
