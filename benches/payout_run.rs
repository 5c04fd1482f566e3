//! A monthly run through storage: 1,000 members, 100,000 approved work entries in the
//! 12-month window; times building the payout file from the database, computing it with
//! `domain::payout::compute` and storing the draft with its 1,000 lines.
//!
//! `cargo bench --bench payout_run` (a fresh SQLite file; set COLLEGIA_BENCH_DATABASE_URL to an
//! empty PostgreSQL database to measure that instead).
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches: a failed unwrap is a failure
use chrono::{Days, NaiveDate};
use collegia::domain::payout::YearMonth;
use collegia::domain::rulebook::{CompanyForm, Template, template};
use collegia::domain::work::WorkKind;
use collegia::storage::{self, Db, accounts, coops, members, payout_runs, work};
use std::time::Instant;

const MEMBERS: usize = 1_000;
const ENTRIES: usize = 100_000;
const RULE: &str = r#"{"support_points_per_day": 2, "task_max_points": 8,
    "task_tolerance_points": 1, "window_months": 12, "distributable_share": "2/5"}"#;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let url = std::env::var("COLLEGIA_BENCH_DATABASE_URL")
        .unwrap_or_else(|_| format!("sqlite://{}", dir.path().join("bench.db").display()));
    let db = Db::connect(&url, 2)?;
    let mut conn = db.get()?;
    storage::migrate::run_pending(&mut conn)?;

    let setup = Instant::now();
    let book = template(Template::Scic, Some(CompanyForm::Sa));
    let founder = accounts::insert(
        &mut conn,
        &accounts::NewAccount {
            email: "founder@bench.org",
            display_name: "Founder",
            password_hash: "-",
            locale: None,
            is_server_admin: false,
        },
    )?;
    let college = book.colleges[0].key.clone();
    let coop = coops::found(
        &mut conn,
        &coops::NewCoop {
            slug: "bench",
            name: "Bench",
            time_zone: "Europe/Paris",
            locale: collegia::i18n::Locale::En,
            founder,
            founder_college: &college,
            rulebook: &book,
        },
    )?
    .ok_or("slug taken")?;
    collegia::proposals::enact::adopt_payout_rule(
        &mut conn,
        coop.id,
        RULE,
        Some("2020-01"),
        None,
        storage::now(),
    )?;
    let mut ids = Vec::with_capacity(MEMBERS);
    storage::write_tx(&mut conn, |c| {
        let placement = members::Placement {
            college: Some(college.clone()),
            is_admin: false,
            is_board: false,
        };
        for i in 0..MEMBERS {
            let email = format!("member-{i:04}@bench.org");
            let id = accounts::insert(
                c,
                &accounts::NewAccount {
                    email: &email,
                    display_name: &email,
                    password_hash: "-",
                    locale: None,
                    is_server_admin: false,
                },
            )?;
            members::join(c, coop.id, id, &placement, None)?;
            ids.push(id);
        }
        Ok::<_, diesel::result::Error>(())
    })?;
    // A fixed LCG: the same history on every run.
    let mut state: u64 = 0x5eed;
    let mut next = move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        state >> 33
    };
    let start = NaiveDate::from_ymd_opt(2025, 11, 1).ok_or("date")?;
    let rows: Vec<(i64, WorkKind, NaiveDate, Option<i64>)> = (0..ENTRIES)
        .map(|_| {
            let account = ids[(next() % MEMBERS as u64) as usize];
            let date = start + Days::new(next() % 365);
            if next() % 2 == 0 {
                (account, WorkKind::SupportDay, date, None)
            } else {
                (account, WorkKind::Task, date, Some(1 + (next() % 8) as i64))
            }
        })
        .collect();
    storage::write_tx(&mut conn, |c| {
        work::insert_approved(c, coop.id, None, &rows)
    })?;
    println!(
        "setup ({MEMBERS} members, {ENTRIES} entries): {:?}",
        setup.elapsed()
    );

    let month = YearMonth::parse("2026-10").ok_or("month")?;
    for round in 1..=3 {
        let t = Instant::now();
        let (id, result) = storage::write_tx(&mut conn, |c| {
            payout_runs::draft(c, coop.id, month, 123_456_789, "EUR", None)
        })
        .map_err(|e| format!("{e:?}"))?;
        let elapsed = t.elapsed();
        println!(
            "monthly run {round} (build + compute + store, run {id}): {elapsed:?} — {} lines, {} points, pool {} cents",
            result.lines.len(),
            result.total_points,
            result.pool_cents
        );
    }
    Ok(())
}
