//! The proposal journey in a real browser: a member opens a thread, a board member starts a
//! proposal from it, two members in different colleges vote (one changes her vote), the closing
//! job closes it, both voters receive the result at a real SMTP server, and the results page
//! shows the table per college and the verdict.

use crate::support::browser::{browser_in, chromedriver, fill, press, sessions, wait_for_text};
use crate::support::voting::{local_in, run_job_in, stored};
use crate::support::*;
use collegia::storage::accounts;
use fantoccini::{Client, Locator};
use std::time::Duration;

const SLUG: &str = "tv";
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

/// Types into a textarea.
async fn fill_area(c: &Client, name: &str, value: &str) {
    let field = c
        .find(Locator::Css(&format!("textarea[name='{name}']")))
        .await
        .expect(name);
    field.clear().await.ok();
    field.send_keys(value).await.expect("typing");
}

/// Sets a field's value directly (selects and `datetime-local`, whose typing is locale-bound).
async fn set_value(c: &Client, css: &str, value: &str) {
    c.execute(
        "const e = document.querySelector(arguments[0]); e.value = arguments[1]; \
         e.dispatchEvent(new Event('change', { bubbles: true }));",
        vec![serde_json::json!(css), serde_json::json!(value)],
    )
    .await
    .expect(css);
}

/// Waits until the browser is on `prefix` followed by a number (a new thread's or proposal's
/// page, not the form it was posted from); returns the path and the number.
async fn wait_for_id(c: &Client, prefix: &str) -> (String, i64) {
    for _ in 0..50 {
        let path = c.current_url().await.unwrap().path().to_string();
        if let Some(Ok(id)) = path.strip_prefix(prefix).map(str::parse::<i64>) {
            return (path, id);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!(
        "never reached {prefix}<id>: {}",
        c.current_url().await.unwrap()
    );
}

/// Votes `choice` through the ballot form of the proposal page, and waits for the page the
/// vote leads to (a fresh document: the notice alone is already there when changing a vote).
async fn vote(c: &Client, page: &str, choice: &str) {
    c.goto(page).await.unwrap();
    press(
        c,
        &format!("form.ballot input[name='choice'][value='{choice}']"),
    )
    .await;
    c.execute("window.beforeVote = true;", vec![])
        .await
        .unwrap();
    press(c, "form.ballot button[type=submit]").await;
    let mut left = false;
    for _ in 0..50 {
        left = c
            .execute("return window.beforeVote === undefined;", vec![])
            .await
            .map(|v| v == serde_json::json!(true))
            .unwrap_or(false);
        if left {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(left, "the vote never left the ballot page");
    wait_for_text(c, "You have voted").await;
}

/// The result mail addressed to `email`, as raw text (soft line breaks undone).
fn result_mail_to(smtpd: &Smtpd, email: &str) -> Option<String> {
    smtpd
        .messages()
        .into_iter()
        .map(|m| m.replace("=\r\n", "").replace("=\n", ""))
        .find(|m| {
            m.contains("X-Collegia-Kind: proposal_result")
                && m.lines().any(|l| l.starts_with("To:") && l.contains(email))
        })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thread_proposal_votes_closing_result_mail_and_results_page_in_a_real_browser() {
    let Some(port) = chromedriver() else {
        skip(
            "proposals_browser",
            "chromium and chromium-driver are not installed",
        );
        return;
    };
    let Some(smtpd) = Smtpd::start("proposals_browser") else {
        return;
    };
    let _permit = sessions().acquire().await.expect("browser slot");
    let app = spawn_with(Options {
        mail_url: Some(smtpd.url()),
        ..Options::default()
    })
    .await;

    // An SCIC co-op: the admin and a board member (workers), Alice (workers), Ben
    // (beneficiaries) and Sam (supporters).
    let admin = person(&app, "admin@example.org", "Ada Admin", true);
    found_scic(&admin, SLUG, "en").await;
    let board = person(&app, "board@example.org", "Bea Board", false);
    admit(&app, SLUG, board.id, Some("workers"), false, true);
    let alice = person(&app, "alice@example.org", "Alice Worker", false);
    admit(&app, SLUG, alice.id, Some("workers"), false, false);
    let ben = person(&app, "ben@example.org", "Ben Beneficiary", false);
    admit(&app, SLUG, ben.id, Some("beneficiaries"), false, false);
    let sam = person(&app, "sam@example.org", "Sam Supporter", false);
    admit(&app, SLUG, sam.id, Some("supporters"), false, false);
    passwords(&app, &[board.id, alice.id, ben.id]);

    let profile = tempfile::tempdir().unwrap();
    let c = browser_in(port, profile.path(), None).await;

    // Alice opens a thread.
    sign_in(&c, &app, "alice@example.org").await;
    c.goto(&app.url(&format!("/c/{SLUG}/threads/new")))
        .await
        .unwrap();
    fill(&c, "title", "Solar panels on the barn").await;
    fill_area(&c, "body", "Shall we put *solar panels* on the barn roof?").await;
    press(&c, "form.post button[type=submit]").await;
    let (thread_path, thread) = wait_for_id(&c, &format!("/c/{SLUG}/threads/")).await;
    wait_for_text(&c, "<em>solar panels</em>").await;

    // A board member starts a proposal from the thread.
    sign_in(&c, &app, "board@example.org").await;
    c.goto(&app.url(&thread_path)).await.unwrap();
    wait_for_text(&c, "Solar panels on the barn").await;
    press(&c, "a.button.proposal").await;
    wait_for_text(&c, "name=\"thread_id\"").await;
    let hidden = c
        .find(Locator::Css("input[name='thread_id']"))
        .await
        .expect("the proposal form remembers the thread")
        .attr("value")
        .await
        .unwrap();
    assert_eq!(hidden.as_deref(), Some(thread.to_string().as_str()));
    fill(&c, "title", "Install solar panels").await;
    fill_area(&c, "details", "Twelve panels, paid from the reserve.").await;
    set_value(&c, "#f-class", "ordinary").await;
    set_value(&c, "#f-method", "proposal").await;
    set_value(&c, "#f-closes", &local_in(3)).await;
    set_value(&c, "#f-vis", "after_close").await;
    press(
        &c,
        &format!("form[action='/c/{SLUG}/proposals'] button[type=submit]"),
    )
    .await;
    let (_, id) = wait_for_id(&c, &format!("/c/{SLUG}/proposals/")).await;
    wait_for_text(&c, "Install solar panels").await;
    assert_eq!(stored(&app, id).state.key(), "open");
    wait_for_text(&c, &format!("href=\"{thread_path}\"")).await;
    let page = app.url(&format!("/c/{SLUG}/proposals/{id}"));

    // Alice (workers) votes against, then changes her mind; Ben (beneficiaries) agrees.
    sign_in(&c, &app, "alice@example.org").await;
    vote(&c, &page, "disagree").await;
    vote(&c, &page, "agree").await;
    sign_in(&c, &app, "ben@example.org").await;
    vote(&c, &page, "agree").await;
    wait_for_text(&c, "2 counted ballots").await;

    // The closing job, run as if the closing time had passed, closes it.
    run_job_in(&app, 4);
    let p = stored(&app, id);
    assert_eq!(p.state.key(), "closed");
    assert_eq!(p.verdict.as_deref(), Some("adopted"));

    // Both voters receive the result at the SMTP server.
    let (mut to_alice, mut to_ben) = (None, None);
    for _ in 0..300 {
        to_alice = result_mail_to(&smtpd, "alice@example.org");
        to_ben = result_mail_to(&smtpd, "ben@example.org");
        if to_alice.is_some() && to_ben.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    for mail in [to_alice, to_ben] {
        let mail = mail.expect("a result mail for each voter at the SMTP server");
        assert!(mail.contains("Install solar panels"), "{mail}");
        assert!(mail.contains("Adopted"), "{mail}");
        // By the rulebook's names (ASCII ones: the body may be quoted-printable).
        assert!(
            mail.contains("producteurs") && mail.contains("Soutiens"),
            "per-college lines: {mail}"
        );
        assert!(
            mail.contains(&format!("{}/c/{SLUG}/proposals/{id}", app.address)),
            "a link to the results: {mail}"
        );
    }

    // The results page shows the verdict and a row per college.
    c.goto(&page).await.unwrap();
    wait_for_text(&c, "table class=\"colleges").await;
    let verdict = c
        .find(Locator::Css("#h-verdict"))
        .await
        .expect("the verdict")
        .text()
        .await
        .unwrap();
    assert_eq!(verdict.trim(), "Adopted");
    let mut rows = vec![];
    for row in c
        .find_all(Locator::Css("table.colleges tbody tr"))
        .await
        .unwrap()
    {
        rows.push(row.text().await.unwrap());
    }
    assert_eq!(rows.len(), 3, "{rows:?}");
    // Rows name colleges as the rulebook does.
    let row = |name: &str| {
        rows.iter()
            .find(|r| r.starts_with(name))
            .unwrap_or_else(|| panic!("no row for {name}: {rows:?}"))
            .clone()
    };
    // Workers: admin, board, Alice eligible, Alice's one counted ballot (her changed vote).
    let workers = row("Salariés et producteurs");
    assert!(
        workers.contains("3") && workers.contains("1 (1)"),
        "{workers}"
    );
    // The choice in words, never its stored key.
    assert!(
        workers.contains("Agree 100") && !workers.contains("agree 100"),
        "{workers}"
    );
    let beneficiaries = row("Bénéficiaires");
    assert!(beneficiaries.contains("1 (1)"), "{beneficiaries}");
    let supporters = row("Soutiens");
    assert!(supporters.contains("0 (0)"), "{supporters}");
    c.close().await.unwrap();
}
