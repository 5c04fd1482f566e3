//! Payouts: the `collegia-payout/1` file in, `collegia-payout-result/1` out
//! (`/work/shared/spec/payout-file.md`).
//!
//! The web's monthly run and preview build a [`PayoutFile`] with [`PayoutFile::new`] and
//! [`WorkEntry::points`]; the command line reads one with [`PayoutFile::from_json`]. Both end
//! in [`compute`], which checks the file again so a hand-built file is held to the same rules.

pub mod calendar;
mod parse;
#[cfg(test)]
mod parse_tests;
#[cfg(test)]
mod proptests;
pub mod rule;
#[cfg(test)]
mod tests;

pub use calendar::YearMonth;
pub use parse::{FORMAT, parse_rule};
pub use rule::{PayoutRule, RuleError, scic_share_limit, validate_for_template};

use crate::domain::fraction::{Fraction, serde_exact};
use chrono::NaiveDate;
use num_bigint::{BigInt, BigUint};
use num_integer::Integer;
use num_traits::{ToPrimitive, Zero};
use serde::{Serialize, Serializer};
use std::collections::HashMap;
use std::fmt;

pub const RESULT_FORMAT: &str = "collegia-payout-result/1";

/// One approved piece of work. `member` is an opaque key (the web uses the stable public id).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WorkEntry {
    pub member: String,
    #[serde(serialize_with = "calendar::serialize_date")]
    pub date: NaiveDate,
    #[serde(flatten)]
    pub kind: WorkKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum WorkKind {
    /// Earns the rule's `support_points_per_day`.
    SupportDay,
    /// Earns its estimate, 1 to `task_max_points`.
    Task { estimate: u64 },
    /// Earns the given points (imported history, or entries already converted).
    Points { points: u64 },
}

impl WorkEntry {
    /// What the web's monthly run builds: an entry already converted to points.
    pub fn points(member: impl Into<String>, date: NaiveDate, points: u64) -> Self {
        WorkEntry {
            member: member.into(),
            date,
            kind: WorkKind::Points { points },
        }
    }

    pub fn support_day(member: impl Into<String>, date: NaiveDate) -> Self {
        WorkEntry {
            member: member.into(),
            date,
            kind: WorkKind::SupportDay,
        }
    }

    pub fn task(member: impl Into<String>, date: NaiveDate, estimate: u64) -> Self {
        WorkEntry {
            member: member.into(),
            date,
            kind: WorkKind::Task { estimate },
        }
    }

    fn earned(&self, rule: &PayoutRule) -> u64 {
        match self.kind {
            WorkKind::SupportDay => rule.support_points_per_day,
            WorkKind::Task { estimate } => estimate,
            WorkKind::Points { points } => points,
        }
    }
}

/// A `collegia-payout/1` file. Serializes back to that format (e.g. to archive a monthly run).
#[derive(Debug, Clone, PartialEq)]
pub struct PayoutFile {
    pub rule: PayoutRule,
    pub month: YearMonth,
    /// May be zero or negative: then nothing is paid.
    pub surplus_cents: i64,
    pub currency: String,
    pub work: Vec<WorkEntry>,
}

impl Serialize for PayoutFile {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Out<'a> {
            format: &'static str,
            rule: &'a PayoutRule,
            month: YearMonth,
            surplus_cents: i64,
            currency: &'a str,
            work: &'a [WorkEntry],
        }
        Out {
            format: FORMAT,
            rule: &self.rule,
            month: self.month,
            surplus_cents: self.surplus_cents,
            currency: &self.currency,
            work: &self.work,
        }
        .serialize(s)
    }
}

/// Why a file cannot be computed; `Display` is one English line naming the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PayoutError {
    /// Not JSON at all (serde_json's message, with line and column).
    Json(String),
    /// A field is missing, unknown, duplicated, of the wrong type or out of range.
    Field { path: String, message: String },
    /// The rule itself is refused (`path` is e.g. `rule.window_months`).
    Rule { path: String, error: RuleError },
}

impl fmt::Display for PayoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PayoutError::Json(message) => write!(f, "invalid JSON: {message}"),
            PayoutError::Field { path, message } if path.is_empty() => f.write_str(message),
            PayoutError::Field { path, message } => write!(f, "{path}: {message}"),
            PayoutError::Rule { path, error } => write!(f, "{path}: {error}"),
        }
    }
}

impl std::error::Error for PayoutError {}

impl PayoutFile {
    pub fn new(
        rule: PayoutRule,
        month: YearMonth,
        surplus_cents: i64,
        currency: impl Into<String>,
        work: Vec<WorkEntry>,
    ) -> Self {
        PayoutFile {
            rule,
            month,
            surplus_cents,
            currency: currency.into(),
            work,
        }
    }

    /// Reads a `collegia-payout/1` file strictly (unknown fields and duplicate keys are errors).
    pub fn from_json(text: &str) -> Result<Self, PayoutError> {
        parse::parse_file(text)
    }

    /// The window: `window_months` calendar months ending with `month`, both ends included.
    pub fn window(&self) -> Result<Window, PayoutError> {
        let first = self
            .rule
            .window_months
            .checked_sub(1)
            .and_then(|back| self.month.minus_months(back));
        match first {
            Some(first) => Ok(Window {
                from: first.first_day(),
                to: self.month.last_day(),
            }),
            None => Err(PayoutError::Field {
                path: "rule.window_months".into(),
                message: format!(
                    "{} months ending {} start before 0000-01",
                    self.rule.window_months, self.month
                ),
            }),
        }
    }

    /// Every check the parser makes on values, for files built in code.
    pub fn check(&self) -> Result<(), PayoutError> {
        let field = |path: String, message: String| PayoutError::Field { path, message };
        self.rule.validate().map_err(|error| PayoutError::Rule {
            path: format!("rule.{}", error.field()),
            error,
        })?;
        self.window()?;
        if self.currency.trim().is_empty() {
            return Err(field("currency".into(), "must not be empty".into()));
        }
        for (i, entry) in self.work.iter().enumerate() {
            if entry.member.is_empty() {
                return Err(field(
                    format!("work[{i}].member"),
                    "must not be empty".into(),
                ));
            }
            if let WorkKind::Task { estimate } = entry.kind {
                let max = self.rule.task_max_points;
                if estimate == 0 {
                    return Err(field(
                        format!("work[{i}].estimate"),
                        "must be an integer of at least 1, found 0".into(),
                    ));
                }
                if estimate > max {
                    return Err(field(
                        format!("work[{i}].estimate"),
                        format!("{estimate} exceeds task_max_points {max}"),
                    ));
                }
            }
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Window {
    #[serde(serialize_with = "calendar::serialize_date")]
    pub from: NaiveDate,
    #[serde(serialize_with = "calendar::serialize_date")]
    pub to: NaiveDate,
}

/// One member's payout; `share` is points / total points, reduced.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PayoutLine {
    pub member: String,
    pub points: u128,
    #[serde(serialize_with = "serde_exact::serialize_fraction")]
    pub share: Fraction,
    pub amount_cents: u64,
}

/// A `collegia-payout-result/1` document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PayoutResult {
    pub format: &'static str,
    pub month: YearMonth,
    pub window: Window,
    pub currency: String,
    pub pool_cents: u64,
    pub total_points: u128,
    pub undistributed_cents: u64,
    /// Sorted by member key, byte-wise; only members with points in the window.
    pub lines: Vec<PayoutLine>,
}

impl PayoutResult {
    /// Pretty JSON with two-space indentation, as the command line prints it.
    pub fn to_json_pretty(&self) -> String {
        // Every field serializes infallibly (strings, integers, fractions as strings).
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

/// floor(max(surplus, 0) × share); never above the surplus since the share is at most 1.
pub fn pool_cents(surplus_cents: i64, share: &Fraction) -> u64 {
    if surplus_cents <= 0 || share <= &Fraction::zero() {
        return 0;
    }
    let product = BigInt::from(surplus_cents) * share.numer();
    let pool = product.div_floor(share.denom());
    pool.to_u64().unwrap_or(0).min(surplus_cents as u64)
}

/// Computes a month's payouts: points in the window, shares, largest-remainder amounts.
pub fn compute(file: &PayoutFile) -> Result<PayoutResult, PayoutError> {
    file.check()?;
    let window = file.window()?;
    let pool = pool_cents(file.surplus_cents, &file.rule.distributable_share);

    let mut by_member: HashMap<&str, u128> = HashMap::new();
    for entry in &file.work {
        if entry.date < window.from || entry.date > window.to {
            continue;
        }
        let earned = entry.earned(&file.rule);
        if earned > 0 {
            // u128 cannot overflow: it would take 2^64 entries of u64::MAX points.
            *by_member.entry(entry.member.as_str()).or_insert(0) += u128::from(earned);
        }
    }
    let mut members: Vec<(&str, u128)> = by_member.into_iter().collect();
    members.sort_unstable_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    let total: u128 = members.iter().map(|(_, p)| p).sum();

    let mut lines = Vec::with_capacity(members.len());
    let mut remainders = Vec::with_capacity(members.len());
    let mut paid: u64 = 0;
    if total > 0 {
        let pool_big = BigUint::from(pool);
        let total_big = BigUint::from(total);
        for (i, (member, points)) in members.iter().enumerate() {
            let (quotient, remainder) = (&pool_big * BigUint::from(*points)).div_rem(&total_big);
            // quotient ≤ pool because points ≤ total.
            let amount = quotient.to_u64().unwrap_or(0);
            paid += amount;
            remainders.push((remainder, i));
            lines.push(PayoutLine {
                member: (*member).to_string(),
                points: *points,
                share: Fraction::new(BigInt::from(*points), BigInt::from(total)),
                amount_cents: amount,
            });
        }
        // Largest remainder first; ties to the smaller key, i.e. the smaller index (lines are sorted).
        remainders.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let leftover = pool - paid; // each floor loses less than one cent, so leftover < lines.len()
        for (_, i) in remainders.iter().take(leftover as usize) {
            lines[*i].amount_cents += 1;
        }
    }

    Ok(PayoutResult {
        format: RESULT_FORMAT,
        month: file.month,
        window,
        currency: file.currency.clone(),
        pool_cents: pool,
        total_points: total,
        undistributed_cents: if total == 0 { pool } else { 0 },
        lines,
    })
}

/// Reads and computes in one step, as `collegia payouts compute` does.
pub fn compute_json(text: &str) -> Result<PayoutResult, PayoutError> {
    compute(&PayoutFile::from_json(text)?)
}
