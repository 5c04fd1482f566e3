//! 1,000 members, 100,000 work entries in a 12-month window: one monthly computation.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches: a failed unwrap is a failure
use chrono::{Days, NaiveDate};
use collegia::domain::fraction::parse_fraction;
use collegia::domain::payout::{PayoutFile, PayoutRule, WorkEntry, YearMonth, compute};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

fn monthly_file() -> PayoutFile {
    let rule = PayoutRule {
        support_points_per_day: 2,
        task_max_points: 8,
        task_tolerance_points: 1,
        window_months: 12,
        distributable_share: parse_fraction("2/5").unwrap(),
        effective_from: None,
    };
    let start = NaiveDate::from_ymd_opt(2025, 11, 1).unwrap();
    // A fixed LCG instead of a RNG crate: the same file on every run.
    let mut state: u64 = 0x5eed;
    let mut next = move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        state >> 33
    };
    let work = (0..100_000)
        .map(|_| {
            let member = format!("member-{:04}", next() % 1000);
            let date = start + Days::new(next() % 365);
            match next() % 3 {
                0 => WorkEntry::support_day(member, date),
                1 => WorkEntry::task(member, date, 1 + next() % 8),
                _ => WorkEntry::points(member, date, next() % 20),
            }
        })
        .collect();
    PayoutFile::new(
        rule,
        YearMonth::parse("2026-10").unwrap(),
        123_456_789,
        "EUR",
        work,
    )
}

fn bench(c: &mut Criterion) {
    let file = monthly_file();
    let result = compute(&file).unwrap();
    assert_eq!(result.lines.len(), 1000);
    c.bench_function("payouts: 1,000 members, 100,000 entries", |b| {
        b.iter(|| compute(black_box(&file)).unwrap())
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
