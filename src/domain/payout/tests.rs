//! Examples with hand-computed results, and the strict reader's error messages.

use super::*;
use crate::domain::fraction::parse_fraction;
use serde_json::{Value, json};

pub(super) fn date(text: &str) -> NaiveDate {
    calendar::parse_date(text).unwrap()
}

fn rule(window_months: u32, share: &str) -> PayoutRule {
    PayoutRule {
        support_points_per_day: 2,
        task_max_points: 8,
        task_tolerance_points: 1,
        window_months,
        distributable_share: parse_fraction(share).unwrap(),
        effective_from: None,
    }
}

pub(super) fn file(month: &str, surplus: i64, work: Vec<WorkEntry>) -> PayoutFile {
    PayoutFile::new(
        rule(12, "1"),
        YearMonth::parse(month).unwrap(),
        surplus,
        "EUR",
        work,
    )
}

fn amounts(result: &PayoutResult) -> Vec<(&str, u64)> {
    result
        .lines
        .iter()
        .map(|l| (l.member.as_str(), l.amount_cents))
        .collect()
}

pub(super) fn spec_example() -> Value {
    json!({
        "format": "collegia-payout/1",
        "rule": { "support_points_per_day": 2, "task_max_points": 8, "task_tolerance_points": 1,
                  "window_months": 12, "distributable_share": "2/5" },
        "month": "2026-10",
        "surplus_cents": 1000000,
        "currency": "EUR",
        "work": [
            { "member": "alice", "date": "2026-10-03", "kind": "support_day" },
            { "member": "bob",   "date": "2026-09-14", "kind": "task", "estimate": 5 },
            { "member": "carol", "date": "2026-01-20", "kind": "points", "points": 40 }
        ]
    })
}

#[test]
fn spec_example_computes_as_published() {
    let result = compute_json(&spec_example().to_string()).unwrap();
    let out: Value = serde_json::from_str(&result.to_json_pretty()).unwrap();
    assert_eq!(out["format"], "collegia-payout-result/1");
    assert_eq!(
        out["window"],
        json!({ "from": "2025-11-01", "to": "2026-10-31" })
    );
    assert_eq!(out["pool_cents"], 400000);
    assert_eq!(out["total_points"], 47);
    assert_eq!(out["undistributed_cents"], 0);
    // Remainders 13, 9 and 25 (in 47ths): the one leftover cent goes to carol.
    assert_eq!(
        out["lines"],
        json!([
            { "member": "alice", "points": 2, "share": "2/47", "amount_cents": 17021 },
            { "member": "bob", "points": 5, "share": "5/47", "amount_cents": 42553 },
            { "member": "carol", "points": 40, "share": "40/47", "amount_cents": 340426 }
        ])
    );
}

#[test]
fn worked_example_ten_percent_twice() {
    let mut work = vec![
        WorkEntry::points("me", date("2026-03-10"), 100),
        WorkEntry::points("others", date("2026-02-01"), 900),
    ];
    let first = compute(&file("2026-03", 50_000, work.clone())).unwrap();
    assert_eq!(first.lines[0].share, parse_fraction("1/10").unwrap());
    assert_eq!(amounts(&first), vec![("me", 5_000), ("others", 45_000)]);
    work.push(WorkEntry::points("me", date("2026-04-02"), 100));
    work.push(WorkEntry::points("others", date("2026-04-20"), 900));
    let second = compute(&file("2026-04", 70_000, work)).unwrap();
    assert_eq!(second.total_points, 2000);
    assert_eq!(second.lines[0].share, parse_fraction("1/10").unwrap());
    assert_eq!(amounts(&second), vec![("me", 7_000), ("others", 63_000)]);
}

#[test]
fn window_bounds_are_whole_months() {
    let work = vec![
        WorkEntry::points("in-first", date("2025-11-01"), 1),
        WorkEntry::points("in-last", date("2026-10-31"), 1),
        WorkEntry::points("out-before", date("2025-10-31"), 1),
        WorkEntry::points("out-after", date("2026-11-01"), 1),
    ];
    let result = compute(&file("2026-10", 100, work)).unwrap();
    assert_eq!(result.window.from, date("2025-11-01"));
    assert_eq!(result.window.to, date("2026-10-31"));
    assert_eq!(amounts(&result), vec![("in-first", 50), ("in-last", 50)]);
}

#[test]
fn one_month_window_and_year_crossing() {
    let work = vec![
        WorkEntry::points("dec", date("2025-12-31"), 3),
        WorkEntry::points("jan", date("2026-01-01"), 1),
        WorkEntry::points("feb", date("2026-02-01"), 1),
    ];
    let mut one = file("2026-01", 100, work.clone());
    one.rule.window_months = 1;
    let result = compute(&one).unwrap();
    assert_eq!(
        (result.window.from, result.window.to),
        (date("2026-01-01"), date("2026-01-31"))
    );
    assert_eq!(amounts(&result), vec![("jan", 100)]);
    let mut two = file("2026-01", 100, work);
    two.rule.window_months = 2;
    let result = compute(&two).unwrap();
    assert_eq!(result.window.from, date("2025-12-01"));
    assert_eq!(amounts(&result), vec![("dec", 75), ("jan", 25)]);
}

#[test]
fn loss_month_pays_nothing() {
    for surplus in [0, -1, i64::MIN] {
        let result = compute(&file(
            "2026-10",
            surplus,
            vec![WorkEntry::points("a", date("2026-10-01"), 5)],
        ))
        .unwrap();
        assert_eq!(result.pool_cents, 0);
        assert_eq!(result.undistributed_cents, 0);
        assert_eq!(amounts(&result), vec![("a", 0)]);
        assert_eq!(result.lines[0].share, parse_fraction("1").unwrap());
    }
}

#[test]
fn no_points_leaves_the_pool_undistributed() {
    let work = vec![
        WorkEntry::points("zero", date("2026-10-01"), 0),
        WorkEntry::support_day("old", date("2024-01-01")),
        WorkEntry::task("future", date("2026-11-01"), 3),
    ];
    let result = compute(&file("2026-10", 12_345, work)).unwrap();
    assert_eq!(
        (
            result.pool_cents,
            result.total_points,
            result.undistributed_cents
        ),
        (12_345, 0, 12_345)
    );
    assert!(result.lines.is_empty());
}

#[test]
fn member_with_only_zero_points_has_no_line() {
    let work = vec![
        WorkEntry::points("zero", date("2026-10-01"), 0),
        WorkEntry::points("one", date("2026-10-01"), 1),
    ];
    let result = compute(&file("2026-10", 10, work)).unwrap();
    assert_eq!(amounts(&result), vec![("one", 10)]);
}

#[test]
fn ties_go_to_the_first_key_byte_wise() {
    // Byte-wise: "B" < "a" < "z" < "é" (0xC3 …).
    let work = ["é", "z", "a", "B"]
        .iter()
        .map(|m| WorkEntry::points(*m, date("2026-10-01"), 1))
        .collect();
    let result = compute(&file("2026-10", 6, work)).unwrap();
    assert_eq!(
        amounts(&result),
        vec![("B", 2), ("a", 2), ("z", 1), ("é", 1)]
    );
}

#[test]
fn largest_remainder_beats_key_order() {
    // Pool 10 over 1:1:4 → 1.67, 1.67, 6.67: floors 1+1+6 = 8, the 2 cents go to "a" and "b".
    // Over 3:3:1 → 4.29, 4.29, 1.43: the one cent goes to "c", the largest remainder, though last.
    // Over 1:1:1 → 3.33 each: the one cent goes to "a", first by key.
    let make = |p: [u64; 3]| {
        let work = ["c", "b", "a"]
            .iter()
            .zip(p)
            .map(|(m, p)| WorkEntry::points(*m, date("2026-10-01"), p))
            .collect();
        compute(&file("2026-10", 10, work)).unwrap()
    };
    assert_eq!(
        amounts(&make([4, 1, 1])),
        vec![("a", 2), ("b", 2), ("c", 6)]
    );
    assert_eq!(
        amounts(&make([1, 3, 3])),
        vec![("a", 4), ("b", 4), ("c", 2)]
    );
    assert_eq!(
        amounts(&make([1, 1, 1])),
        vec![("a", 4), ("b", 3), ("c", 3)]
    );
    // 1:2 of 10 → 3.33, 6.67: the larger remainder ("b") wins although "a" comes first.
    let work = vec![
        WorkEntry::points("a", date("2026-10-01"), 1),
        WorkEntry::points("b", date("2026-10-01"), 2),
    ];
    assert_eq!(
        amounts(&compute(&file("2026-10", 10, work)).unwrap()),
        vec![("a", 3), ("b", 7)]
    );
}

#[test]
fn pool_is_floored_and_huge_values_do_not_overflow() {
    assert_eq!(pool_cents(1000, &parse_fraction("1/3").unwrap()), 333);
    assert_eq!(
        pool_cents(i64::MAX, &parse_fraction("1").unwrap()),
        i64::MAX as u64
    );
    assert_eq!(pool_cents(5, &parse_fraction("0").unwrap()), 0);
    let work = vec![
        WorkEntry::points("a", date("2026-10-01"), u64::MAX),
        WorkEntry::points("a", date("2026-10-02"), u64::MAX),
        WorkEntry::points("b", date("2026-10-01"), 1),
    ];
    let result = compute(&file("2026-10", i64::MAX, work)).unwrap();
    assert_eq!(result.total_points, 2 * u128::from(u64::MAX) + 1);
    assert_eq!(
        result.lines.iter().map(|l| l.amount_cents).sum::<u64>(),
        i64::MAX as u64
    );
}

#[test]
fn hand_built_files_are_checked_too() {
    let bad = file(
        "2026-10",
        10,
        vec![WorkEntry::task("a", date("2026-10-01"), 9)],
    );
    assert_eq!(
        compute(&bad).unwrap_err().to_string(),
        "work[0].estimate: 9 exceeds task_max_points 8"
    );
    let mut bad = file("2026-10", 10, vec![]);
    bad.rule.distributable_share = parse_fraction("-1/2").unwrap();
    assert_eq!(
        compute(&bad).unwrap_err().to_string(),
        "rule.distributable_share: must be between 0 and 1"
    );
}
