//! The payout rule (`../rules/templates.md`, "The payout rule") and its checks.
//!
//! The same checks run when a `payout_rule` proposal is created and when a payout file is
//! computed, so a rule the web accepted always computes.

use super::calendar::YearMonth;
use crate::domain::fraction::{Fraction, serde_exact};
use num_bigint::BigInt;
use num_traits::{One, Zero};
use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PayoutRule {
    pub support_points_per_day: u64,
    pub task_max_points: u64,
    /// Workflow only (approving a task); the computation never reads it.
    pub task_tolerance_points: u64,
    pub window_months: u32,
    #[serde(serialize_with = "serde_exact::serialize_fraction")]
    pub distributable_share: Fraction,
    /// The first month the rule applies to; the computation ignores it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub effective_from: Option<YearMonth>,
}

/// Why a rule is refused: a stable code for the web to translate, not a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RuleError {
    /// `task_max_points` is 0: no task could ever be estimated.
    TaskMaxPointsZero,
    /// `window_months` is 0: the window would be empty.
    WindowMonthsZero,
    /// `distributable_share` is below 0 or above 1.
    ShareOutOfRange,
    /// Under the SCIC template `distributable_share` is above 17/40 (57.5 % must stay in reserves).
    ScicShareAboveLimit,
}

impl RuleError {
    /// A stable identifier, e.g. for message catalogs: `payout-rule-window-months-zero`.
    pub fn code(self) -> &'static str {
        match self {
            RuleError::TaskMaxPointsZero => "payout-rule-task-max-points-zero",
            RuleError::WindowMonthsZero => "payout-rule-window-months-zero",
            RuleError::ShareOutOfRange => "payout-rule-share-out-of-range",
            RuleError::ScicShareAboveLimit => "payout-rule-scic-share-above-limit",
        }
    }

    /// The rule field at fault.
    pub fn field(self) -> &'static str {
        match self {
            RuleError::TaskMaxPointsZero => "task_max_points",
            RuleError::WindowMonthsZero => "window_months",
            RuleError::ShareOutOfRange | RuleError::ScicShareAboveLimit => "distributable_share",
        }
    }
}

/// English, for the command line; the web translates `code()` instead.
impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RuleError::TaskMaxPointsZero => "must be at least 1",
            RuleError::WindowMonthsZero => "must be at least 1",
            RuleError::ShareOutOfRange => "must be between 0 and 1",
            RuleError::ScicShareAboveLimit => "must be at most 17/40 under the SCIC template",
        })
    }
}

impl std::error::Error for RuleError {}

/// The most a SCIC may pay out of a surplus: 17/40 (it keeps at least 57.5 % in reserves).
pub fn scic_share_limit() -> Fraction {
    Fraction::new(BigInt::from(17), BigInt::from(40))
}

impl PayoutRule {
    /// Every problem with the rule, in field order (empty when it is valid).
    pub fn problems(&self, is_scic: bool) -> Vec<RuleError> {
        let mut found = Vec::new();
        if self.task_max_points == 0 {
            found.push(RuleError::TaskMaxPointsZero);
        }
        if self.window_months == 0 {
            found.push(RuleError::WindowMonthsZero);
        }
        let share = &self.distributable_share;
        if share < &Fraction::zero() || share > &Fraction::one() {
            found.push(RuleError::ShareOutOfRange);
        } else if is_scic && share > &scic_share_limit() {
            found.push(RuleError::ScicShareAboveLimit);
        }
        found
    }

    /// The checks every rule must pass, whatever the template.
    pub fn validate(&self) -> Result<(), RuleError> {
        self.problems(false).into_iter().next().map_or(Ok(()), Err)
    }
}

/// The checks for a rule proposed under a template: `validate` plus the SCIC limit.
pub fn validate_for_template(rule: &PayoutRule, is_scic: bool) -> Result<(), RuleError> {
    rule.problems(is_scic)
        .into_iter()
        .next()
        .map_or(Ok(()), Err)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fraction::parse_fraction;

    fn rule(share: &str) -> PayoutRule {
        PayoutRule {
            support_points_per_day: 2,
            task_max_points: 8,
            task_tolerance_points: 1,
            window_months: 12,
            distributable_share: parse_fraction(share).unwrap(),
            effective_from: None,
        }
    }

    #[test]
    fn share_bounds() {
        for ok in ["0", "1", "2/5", "0.4"] {
            assert_eq!(rule(ok).validate(), Ok(()), "{ok}");
        }
        for bad in ["-1/5", "11/10", "1.0001"] {
            assert_eq!(
                rule(bad).validate(),
                Err(RuleError::ShareOutOfRange),
                "{bad}"
            );
        }
    }

    #[test]
    fn scic_limit_is_seventeen_fortieths() {
        assert_eq!(validate_for_template(&rule("17/40"), true), Ok(()));
        assert_eq!(validate_for_template(&rule("0.425"), true), Ok(()));
        assert_eq!(
            validate_for_template(&rule("0.4251"), true),
            Err(RuleError::ScicShareAboveLimit)
        );
        assert_eq!(validate_for_template(&rule("1/2"), false), Ok(()));
        assert_eq!(
            RuleError::ScicShareAboveLimit.code(),
            "payout-rule-scic-share-above-limit"
        );
    }

    #[test]
    fn zero_window_and_task_max_are_refused() {
        let mut r = rule("2/5");
        r.window_months = 0;
        r.task_max_points = 0;
        assert_eq!(
            r.problems(false),
            vec![RuleError::TaskMaxPointsZero, RuleError::WindowMonthsZero]
        );
        assert_eq!(r.validate(), Err(RuleError::TaskMaxPointsZero));
    }
}
