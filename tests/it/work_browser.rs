//! The payout journey in a real browser: a member composes a payout rule and opens the
//! `payout_rule` proposal, the members agree and the closing job adopts it; she logs a task, a
//! board member approves it, the board runs the month and confirms it, and her statement
//! arrives at a real SMTP server.

use crate::support::browser::{browser_in, chromedriver, fill, press, sessions, wait_for_text};
use crate::support::work::coop;
use crate::support::*;
use collegia::storage::{accounts, payouts};
use fantoccini::{Client, Locator};

const PASSWORD: &str = "a long enough password";

/// Signs the browser in through the login form (after signing out whoever was signed in).
async fn sign_in(c: &Client, app: &TestApp, email: &str) {
    c.goto(&app.url("/login")).await.unwrap();
    if c.find(Locator::Css("header form[action='/logout'] button"))
        .await
        .is_ok()
    {
        press(c, "header form[action='/logout'] button").await;
        c.goto(&app.url("/login")).await.unwrap();
    }
    fill(c, "email", email).await;
    fill(c, "password", PASSWORD).await;
    press(c, "main button[type=submit]").await;
    wait_for_text(c, "Log out").await;
}

/// Gives these accounts the test password (the fixtures have none).
fn passwords(app: &TestApp, ids: &[i64]) {
    let hash = collegia::auth::password::hash_blocking(PASSWORD).unwrap();
    let db = app.db.db();
    let mut conn = db.get().unwrap();
    for id in ids {
        accounts::set_password(&mut conn, *id, &hash).unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn log_approve_run_confirm_and_read_the_statement_mail_in_a_real_browser() {
    let Some(port) = chromedriver() else {
        skip(
            "work_browser",
            "chromium and chromium-driver are not installed",
        );
        return;
    };
    let Some(smtpd) = Smtpd::start("work_browser") else {
        return;
    };
    let _permit = sessions().acquire().await.expect("browser slot");
    let app = spawn_with(Options {
        mail_url: Some(smtpd.url()),
        ..Options::default()
    })
    .await;
    let co = coop(&app, "journey").await;
    passwords(&app, &[co.alice.id, co.board.id]);
    let profile = tempfile::tempdir().unwrap();
    let c = browser_in(port, profile.path(), None).await;

    // Alice composes a rule (in force from 2025-01), previews it and opens the proposal.
    sign_in(&c, &app, "alice@journey.org").await;
    c.goto(&app.url("/c/journey/payout-rules")).await.unwrap();
    wait_for_text(&c, "No payout rule has been adopted yet").await;
    fill(&c, "effective_from", "2025-01").await;
    press(&c, "#compose form button[type=submit]").await;
    wait_for_text(&c, "With last month").await;
    press(&c, "#propose button[type=submit]").await;
    for _ in 0..50 {
        if c.current_url()
            .await
            .unwrap()
            .path()
            .contains("/proposals/")
        {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let url = c.current_url().await.unwrap();
    let id: i64 = url
        .path()
        .rsplit('/')
        .next()
        .unwrap()
        .parse()
        .expect("the proposal's page");
    // Everyone agrees; the closing job (run as if the vote had ended) adopts the rule.
    let page = format!("/c/journey/proposals/{id}");
    for p in [&co.admin, &co.board, &co.board2, &co.alice, &co.bob] {
        let res = p
            .submit(&page, &format!("{page}/vote"), &[("choice", "agree")])
            .await;
        assert_eq!(res.status(), 303, "{}", res.text().await.unwrap());
    }
    crate::support::voting::run_job_in(&app, 15);
    c.goto(&app.url("/c/journey/payout-rules")).await.unwrap();
    wait_for_text(&c, &format!("/c/journey/proposals/{id}")).await;

    // Alice logs a task.
    c.goto(&app.url("/c/journey/work")).await.unwrap();
    wait_for_text(&c, "Payout rule version 1 is in force").await;
    fill(&c, "title", "Mend the fence").await;
    fill(&c, "estimate", "4").await;
    press(&c, "#log-task button[type=submit]").await;
    wait_for_text(&c, "awaiting review").await;

    // A board member approves it as done.
    sign_in(&c, &app, "board@journey.org").await;
    c.goto(&app.url("/c/journey/work")).await.unwrap();
    wait_for_text(&c, "Mend the fence").await;
    press(&c, "#claims form[action$='/approve'] button[type=submit]").await;
    wait_for_text(&c, "No claim awaits review").await;

    // The board runs this month and confirms.
    let month = payouts::month_of(collegia::clock::Clock::system().today(chrono_tz::Europe::Paris))
        .unwrap();
    c.goto(&app.url("/c/journey/payouts")).await.unwrap();
    fill(&c, "month", &month.to_string()).await;
    fill(&c, "surplus", "1000").await;
    press(&c, "#declare button[type=submit]").await;
    wait_for_text(&c, "draft, to be confirmed").await;
    wait_for_text(&c, "400.00 EUR").await;
    press(&c, "form[action$='/confirm'] button[type=submit]").await;
    wait_for_text(&c, "confirmed").await;

    // Alice sees her statement and receives it by mail.
    sign_in(&c, &app, "alice@journey.org").await;
    c.goto(&app.url("/c/journey/statements")).await.unwrap();
    wait_for_text(&c, "400.00 EUR").await;
    let mut statement = None;
    for _ in 0..300 {
        statement = smtpd
            .messages()
            .into_iter()
            .find(|m| m.contains("X-Collegia-Kind: statement"));
        if statement.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let mail = statement
        .expect("the statement at the SMTP server")
        .replace("=\r\n", "")
        .replace("=\n", "");
    assert!(mail.contains("alice@journey.org"), "{mail}");
    assert!(mail.contains("Your payout statement for"), "{mail}");
    assert!(
        mail.contains("400.00 EUR") && mail.contains("100 %"),
        "{mail}"
    );
    assert!(
        mail.contains(&format!("{}/c/journey/statements", app.address)),
        "{mail}"
    );
    c.close().await.unwrap();
}
