//! Monthly runs through the web: the worked example, the window's bounds, a loss month, a month
//! without points, confirming (frozen, audited, statements mailed), members who have left, the
//! SCIC limit on the rule form and opening the payout_rule proposal.

use crate::support::work::{RULE, adopt, coop};
use crate::support::*;
use chrono::NaiveDate;
use collegia::storage::payout_runs;
use collegia::storage::{audit, members, work};

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// `n` approved support days for `account`, one per day from `first`.
fn support_days(app: &TestApp, coop_id: i64, account: i64, first: &str, n: i64) {
    let db = app.db.db();
    let mut conn = db.get().unwrap();
    let start = day(first);
    let rows: Vec<(
        i64,
        collegia::domain::work::WorkKind,
        NaiveDate,
        Option<i64>,
    )> = (0..n)
        .map(|i| {
            (
                account,
                collegia::domain::work::WorkKind::SupportDay,
                start + chrono::Duration::days(i),
                None,
            )
        })
        .collect();
    work::insert_approved(&mut conn, coop_id, None, &rows).unwrap();
}

/// Declares a month as a board member; returns the run id.
async fn declare(p: &crate::support::Person, slug: &str, month: &str, surplus: &str) -> i64 {
    let page = format!("/c/{slug}/payouts");
    let res = p
        .submit(
            &page,
            &page,
            &[("month", month), ("surplus", surplus), ("currency", "EUR")],
        )
        .await;
    let status = res.status();
    let location = res
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_string());
    assert_eq!(status, 303, "{}", res.text().await.unwrap());
    location
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

fn run(app: &TestApp, coop_id: i64, id: i64) -> (payout_runs::Run, Vec<payout_runs::Line>) {
    let db = app.db.db();
    let mut conn = db.get().unwrap();
    let r = payout_runs::by_id(&mut conn, coop_id, id).unwrap().unwrap();
    let lines = payout_runs::lines(&mut conn, id).unwrap();
    (r, lines)
}

#[tokio::test]
async fn the_worked_example_ten_percent_then_still_ten_percent() {
    let app = spawn_app().await;
    let c = coop(&app, "worked").await;
    adopt(&app, c.id, RULE, Some("2025-01"));
    // October: Alice 10 support days (100 points), Bob 90 (900 points).
    support_days(&app, c.id, c.alice.id, "2026-10-01", 10);
    support_days(&app, c.id, c.bob.id, "2026-06-01", 90);
    let id = declare(&c.board, "worked", "2026-10", "10000.00").await;
    let (r, lines) = run(&app, c.id, id);
    assert_eq!(r.state.key(), "draft");
    let alice = lines.iter().find(|l| l.account_id == c.alice.id).unwrap();
    assert_eq!(
        (alice.points, alice.share.as_str(), alice.amount_cents),
        (100, "1/10", 40_000)
    );
    assert_eq!(lines.iter().map(|l| l.amount_cents).sum::<i64>(), 400_000);
    assert_eq!(
        alice.member_public_id, c.alice.public_id,
        "the member key is the stable public id"
    );
    let page = c.board.text(&format!("/c/worked/payouts/{id}")).await;
    assert!(
        page.contains("4,000.00 EUR") && page.contains("400.00 EUR") && page.contains("10 %"),
        "{page}"
    );
    // November: another 100 for Alice, the window totals 2000 → still 10 %.
    support_days(&app, c.id, c.alice.id, "2026-11-01", 10);
    support_days(&app, c.id, c.bob.id, "2026-09-01", 90);
    let id = declare(&c.board, "worked", "2026-11", "10000").await;
    let (_, lines) = run(&app, c.id, id);
    let alice = lines.iter().find(|l| l.account_id == c.alice.id).unwrap();
    assert_eq!((alice.points, alice.share.as_str()), (200, "1/10"));
    // The CSV for the accountant.
    let csv = c
        .board
        .text(&format!("/c/worked/payouts/{id}/export.csv"))
        .await;
    assert!(
        csv.starts_with("month,member_id,name,points,share,amount_cents,amount,currency,state")
    );
    assert!(
        csv.contains(&format!(
            "2026-11,{},Alice,200,1/10,40000,400.00,EUR,draft",
            c.alice.public_id
        )),
        "{csv}"
    );
}

#[tokio::test]
async fn the_window_bounds_a_loss_month_and_a_month_without_points() {
    let app = spawn_app().await;
    let c = coop(&app, "window").await;
    adopt(&app, c.id, RULE, Some("2020-01"));
    // For 2026-10 and 12 months: 2025-11-01 is in, 2025-10-31 out (and 2026-11-01 after it).
    support_days(&app, c.id, c.alice.id, "2025-11-01", 1);
    support_days(&app, c.id, c.bob.id, "2025-10-31", 1);
    support_days(&app, c.id, c.bob.id, "2026-11-01", 1);
    let id = declare(&c.board, "window", "2026-10", "100").await;
    let (_, lines) = run(&app, c.id, id);
    assert_eq!(lines.len(), 1);
    assert_eq!((lines[0].account_id, lines[0].points), (c.alice.id, 10));
    // A loss: nothing is paid.
    let id = declare(&c.board, "window", "2026-09", "-2500.50").await;
    let (r, lines) = run(&app, c.id, id);
    assert_eq!(r.surplus_cents, -250_050);
    assert_eq!(r.totals().0, 0);
    assert!(lines.iter().all(|l| l.amount_cents == 0));
    // No points in the window: nothing is paid and the page says so.
    let id = declare(&c.board, "window", "2024-06", "5000").await;
    let (r, lines) = run(&app, c.id, id);
    assert!(lines.is_empty());
    assert_eq!(r.totals(), (200_000, 200_000));
    let page = c.board.text(&format!("/c/window/payouts/{id}")).await;
    assert!(page.contains("Nobody has points"), "{page}");
    // Without a rule in force that month there is no run.
    let page = "/c/window/payouts";
    let res = c
        .board
        .submit(
            page,
            page,
            &[("month", "2019-12"), ("surplus", "10"), ("currency", "EUR")],
        )
        .await;
    assert_eq!(res.status(), 422);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("No payout rule is in force")
    );
}

fn statements_queued(app: &TestApp) -> Vec<(String, String, String)> {
    outbox_mail(app, "statement")
        .into_iter()
        .map(|m| (m.recipient, m.subject, m.text))
        .collect()
}

#[tokio::test]
async fn confirming_freezes_audits_and_mails_statements_and_left_members_are_paid() {
    let app = spawn_app().await;
    let c = coop(&app, "confirm").await;
    adopt(&app, c.id, RULE, Some("2025-01"));
    support_days(&app, c.id, c.alice.id, "2026-10-01", 3);
    support_days(&app, c.id, c.bob.id, "2026-10-05", 1);
    // Bob leaves before the run: he is still paid for his work in the window.
    {
        let db = app.db.db();
        let mut conn = db.get().unwrap();
        members::leave(&mut conn, c.id, c.bob.id, None).unwrap();
    }
    let id = declare(&c.board, "confirm", "2026-10", "1000").await;
    let (_, lines) = run(&app, c.id, id);
    assert_eq!(lines.len(), 2);
    let res = c
        .board
        .submit(
            &format!("/c/confirm/payouts/{id}"),
            &format!("/c/confirm/payouts/{id}/confirm"),
            &[],
        )
        .await;
    assert_eq!(res.status(), 303);
    let (r, _) = run(&app, c.id, id);
    assert!(r.is_confirmed());
    // Frozen: no second confirmation, no new draft for the month.
    let res = c
        .board2
        .submit(
            &format!("/c/confirm/payouts/{id}"),
            &format!("/c/confirm/payouts/{id}/confirm"),
            &[],
        )
        .await;
    assert_eq!(res.status(), 409);
    let page = "/c/confirm/payouts";
    let res = c
        .board
        .submit(
            page,
            page,
            &[("month", "2026-10"), ("surplus", "5"), ("currency", "EUR")],
        )
        .await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("frozen"));
    // Audited.
    let db = app.db.db();
    let mut conn = db.get().unwrap();
    let events = audit::list(&mut conn, c.id).unwrap();
    assert!(
        events.iter().any(|e| e.kind == "payout.confirmed"),
        "no audit event"
    );
    // Statements: one per member, in the outbox; on the member's page.
    let mails = statements_queued(&app);
    assert_eq!(mails.len(), 2);
    let alice_mail = mails.iter().find(|m| m.0 == "alice@confirm.org").unwrap();
    assert!(alice_mail.1.contains("2026-10"));
    assert!(
        alice_mail.2.contains("30 points of the 40 points")
            && alice_mail.2.contains("75 %")
            && alice_mail.2.contains("300.00 EUR"),
        "{}",
        alice_mail.2
    );
    assert!(
        mails.iter().any(|m| m.0 == "bob@confirm.org"),
        "the member who left gets a statement"
    );
    let page = c.alice.text("/c/confirm/statements").await;
    assert!(
        page.contains("2026-10") && page.contains("300.00 EUR"),
        "{page}"
    );
}

#[tokio::test]
async fn statements_reach_a_real_smtp_server_in_the_members_language() {
    let Some(smtpd) = Smtpd::start("statements_smtp") else {
        return;
    };
    let app = spawn_with(Options {
        mail_url: Some(smtpd.url()),
        ..Options::default()
    })
    .await;
    let c = coop(&app, "smtp").await;
    {
        let db = app.db.db();
        let mut conn = db.get().unwrap();
        collegia::storage::accounts::set_locale(
            &mut conn,
            c.alice.id,
            Some(collegia::i18n::Locale::Fr),
        )
        .unwrap();
    }
    adopt(&app, c.id, RULE, Some("2025-01"));
    support_days(&app, c.id, c.alice.id, "2026-10-01", 1);
    support_days(&app, c.id, c.bob.id, "2026-10-02", 7);
    let id = declare(&c.board, "smtp", "2026-10", "1000").await;
    let res = c
        .board
        .submit(
            &format!("/c/smtp/payouts/{id}"),
            &format!("/c/smtp/payouts/{id}/confirm"),
            &[],
        )
        .await;
    assert_eq!(res.status(), 303);
    let got = smtpd.wait_for(2);
    let alice = got
        .iter()
        .find(|m| m.contains("alice@smtp.org"))
        .expect("Alice's statement");
    let flat = alice.replace("=\r\n", "").replace("=\n", "");
    assert!(flat.contains("relev") && flat.contains("12,5"), "{flat}");
}

#[tokio::test]
async fn the_scic_limit_and_the_rule_form_preview() {
    let app = spawn_app().await;
    let c = coop(&app, "scicrule").await;
    let page = "/c/scicrule/payout-rules";
    let mut fields = vec![
        ("support_points_per_day", "2"),
        ("task_max_points", "8"),
        ("task_tolerance_points", "1"),
        ("window_months", "12"),
        ("distributable_share", "1/2"),
        ("effective_from", ""),
    ];
    let res = c
        .alice
        .submit(page, "/c/scicrule/payout-rules/preview", &fields)
        .await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("may not exceed 17/40"));
    // adopt_payout_rule refuses it too.
    {
        let db = app.db.db();
        let mut conn = db.get().unwrap();
        let rule = RULE.replace("2/5", "1/2");
        assert!(
            collegia::proposals::enact::adopt_payout_rule(
                &mut conn,
                c.id,
                &rule,
                None,
                None,
                collegia::storage::now()
            )
            .is_err()
        );
    }
    // 17/40 is fine; the preview uses last month's approved work.
    let last = collegia::storage::payouts::month_of(
        collegia::clock::Clock::system().today(chrono_tz::Europe::Paris),
    )
    .unwrap()
    .minus_months(1)
    .unwrap();
    support_days(&app, c.id, c.alice.id, &last.first_day().to_string(), 1);
    let later = last.first_day() + chrono::Duration::days(10);
    support_days(&app, c.id, c.bob.id, &later.to_string(), 7);
    fields[4] = ("distributable_share", "17/40");
    let res = c
        .alice
        .submit(page, "/c/scicrule/payout-rules/preview", &fields)
        .await;
    assert_eq!(res.status(), 200);
    let body = res.text().await.unwrap();
    assert!(
        body.contains("Alice would receive 12.5 % of the pool"),
        "{body}"
    );
    assert!(
        body.contains("name=\"decision_class\" value=\"payout_rule\""),
        "{body}"
    );
    // The form opens the payout_rule proposal with the rule as its payload.
    let payload = r#"{"distributable_share":"17/40","support_points_per_day":2,"task_max_points":8,"task_tolerance_points":1,"window_months":12}"#;
    let closes = (chrono::Utc::now() + chrono::Duration::days(15))
        .with_timezone(&chrono_tz::Europe::Paris)
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    let res = c
        .alice
        .submit(
            page,
            "/c/scicrule/proposals",
            &[
                ("decision_class", "payout_rule"),
                ("method", "proposal"),
                ("results_visibility", "after_close"),
                ("payload", payload),
                ("title", "Payout rule: 17/40"),
                ("closes_at", &closes),
            ],
        )
        .await;
    let status = res.status();
    assert_eq!(status, 303, "{}", res.text().await.unwrap());
    {
        let db = app.db.db();
        let mut conn = db.get().unwrap();
        let list = collegia::storage::proposals::list(&mut conn, c.id).unwrap();
        assert!(
            list.iter().any(|p| p.decision_class.key() == "payout_rule"
                && p.payload.as_deref() == Some(payload)),
            "no payout_rule proposal"
        );
    }
    // Versions and the proposal that adopted each are listed; nothing sets a rule directly.
    adopt(&app, c.id, RULE, None);
    let list = c.alice.text(page).await;
    assert!(list.contains("Version 1, in force from"), "{list}");
}
