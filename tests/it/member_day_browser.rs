//! A member's day in a real browser, in French, on a 360-pixel-wide phone, with the keyboard
//! where a form is sent: sign in, see on Home the vote waiting and an unread discussion,
//! follow the notification of a mention to the comment, find a word of an older thread,
//! vote, mark everything read, change one's name, take one's data. On every page axe-core
//! finds nothing serious or critical and the page is no wider than the window.

use crate::support::browser::{
    axe_findings, axe_source, browser_in, chromedriver, fill, sessions, wait_for_text, widths,
};
use crate::support::threads::{post_comment, start_thread};
use crate::support::voting::*;
use crate::support::*;
use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use std::time::Duration;

const PASSWORD: &str = "un mot de passe à moi";

/// Sends `key` to the element `css` (a button or a field: the form goes as with the keyboard).
async fn key(c: &Client, css: &str, key: Key) {
    c.find(Locator::Css(css))
        .await
        .expect(css)
        .send_keys(&key)
        .await
        .expect("a key");
}

/// Sends Enter to `css` (a submit button) and waits for the next document to load.
async fn enter_and_leave(c: &Client, css: &str) {
    c.execute("window.beforeEnter = true;", vec![])
        .await
        .unwrap();
    key(c, css, Key::Enter).await;
    for _ in 0..50 {
        let left = c
            .execute("return window.beforeEnter === undefined;", vec![])
            .await
            .map(|v| v == serde_json::json!(true))
            .unwrap_or(false);
        if left {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{css}: the form never led to a new page");
}

/// Waits until the browser's path (with its query and anchor) satisfies `ok`; returns the URL.
async fn wait_for_url(c: &Client, what: &str, ok: impl Fn(&url::Url) -> bool) -> url::Url {
    for _ in 0..50 {
        let now = c.current_url().await.unwrap();
        if ok(&now) {
            return now;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("never reached {what}: {}", c.current_url().await.unwrap());
}

/// The page's checks: French, axe-core clean, no wider than the window.
async fn check_page(c: &Client, axe: &str, problems: &mut Vec<String>) {
    let at = c.current_url().await.unwrap();
    let html = c.source().await.unwrap();
    assert!(html.contains("<html lang=\"fr\""), "{at}: French");
    let (page, window) = widths(c).await;
    assert!(window <= 400, "the window is narrow: {window}");
    if page > window {
        problems.push(format!("{at}: {page}px wide in {window}px"));
    }
    for finding in axe_findings(c, axe).await {
        problems.push(format!("{at}: {finding}"));
    }
}

/// The top bar's link to the notifications, as read ("Notifications (2)").
async fn notifications_link(c: &Client) -> String {
    c.find(Locator::Css("header nav.main a[href='/notifications']"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_members_day_in_french_on_a_phone_with_axe_clean_pages() {
    let Some(port) = chromedriver() else {
        skip(
            "member_day_browser",
            "chromium and chromium-driver are not installed",
        );
        return;
    };
    let Some(axe) = axe_source() else {
        skip(
            "member_day_browser",
            "axe-core is not installed (npm install axe-core, or set COLLEGIA_AXE_JS)",
        );
        return;
    };
    // The co-op's morning: an older thread, a proposal open for the member, a new thread
    // where another member mentions them.
    let coop = coop().await;
    let app = &coop.app;
    let (me, other) = (&coop.members[0], &coop.members[1]);
    set_password(app, me.id, PASSWORD);
    let old = start_thread(
        &coop.admin,
        SLUG,
        "Four à pain",
        "La briqueterie du village livre en mars.",
    )
    .await;
    post_comment(me, SLUG, old, "Je peux aider à monter le four.").await;
    post_comment(&coop.admin, SLUG, old, "Merci, rendez-vous samedi.").await;
    let meeting = start_thread(&coop.admin, SLUG, "Assemblée générale", "En juin ?").await;
    let proposal = propose(
        &coop.admin,
        "proposal",
        "",
        &[("title", "Acheter des panneaux solaires")],
    )
    .await;
    let roof = start_thread(&coop.admin, SLUG, "Toiture", "Quand refait-on le toit ?").await;
    post_comment(
        other,
        SLUG,
        roof,
        "Demandons à @Member0, qui connaît un couvreur.",
    )
    .await;
    let mention = {
        let db = app.db.db();
        let mut conn = db.get().unwrap();
        let c: &mut collegia::storage::DbConn = &mut conn;
        use collegia::storage::schema::comments;
        use diesel::prelude::*;
        comments::table
            .filter(comments::thread_id.eq(roof))
            .select(comments::id)
            .first::<i64>(c)
            .unwrap()
    };

    let _permit = sessions().acquire().await.expect("browser slot");
    let profile = tempfile::tempdir().unwrap();
    let c = browser_in(port, profile.path(), Some("fr-FR,fr")).await;
    c.set_window_size(360, 900).await.unwrap();
    let mut problems = vec![];

    // Signs in through the form, sent with Enter from the password field.
    c.goto(&app.url("/login")).await.unwrap();
    wait_for_text(&c, "Se connecter").await;
    check_page(&c, &axe, &mut problems).await;
    fill(&c, "email", "m0@example.org").await;
    fill(&c, "password", PASSWORD).await;
    key(&c, "input[name='password']", Key::Enter).await;
    wait_for_text(&c, "Votre vote est attendu (1)").await;

    // Home: the proposal waiting, the discussions unread (one with its new comment).
    assert_eq!(c.current_url().await.unwrap().path(), "/");
    let home = c.source().await.unwrap();
    let proposal_path = format!("/c/{SLUG}/proposals/{proposal}");
    assert!(
        home.contains(&format!("href=\"{proposal_path}\"")),
        "{home}"
    );
    assert!(home.contains("Acheter des panneaux solaires"), "{home}");
    assert!(home.contains(&format!("href=\"/c/{SLUG}/threads/{roof}\"")));
    assert!(home.contains(&format!("href=\"/c/{SLUG}/threads/{meeting}\"")));
    assert!(home.contains(">nouveau<"), "an unread discussion: {home}");
    assert!(home.contains("un nouveau commentaire"), "{home}");
    check_page(&c, &axe, &mut problems).await;

    // The top bar counts two notifications (the vote opened, the mention); the mention's
    // leads to the comment.
    assert_eq!(notifications_link(&c).await, "Notifications (2)");
    key(&c, "header nav.main a[href='/notifications']", Key::Enter).await;
    wait_for_url(&c, "/notifications", |u| u.path() == "/notifications").await;
    wait_for_text(&c, "vous a mentionné·e dans « Toiture »").await;
    check_page(&c, &axe, &mut problems).await;
    let items = c
        .find_all(Locator::Css("main a[href^='/notifications/']"))
        .await
        .unwrap();
    let mut followed = false;
    for item in items {
        if item.text().await.unwrap().contains("vous a mentionné") {
            item.send_keys(&Key::Enter).await.unwrap();
            followed = true;
            break;
        }
    }
    assert!(followed, "a link to the mention");
    let at = wait_for_url(&c, "the mentioned comment", |u| {
        u.path() == format!("/c/{SLUG}/threads/{roof}")
    })
    .await;
    assert_eq!(
        at.fragment(),
        Some(format!("comment-{mention}").as_str()),
        "{at}"
    );
    wait_for_text(&c, "qui connaît un couvreur").await;
    c.find(Locator::Css(&format!("article#comment-{mention}")))
        .await
        .expect("the comment under its anchor");
    check_page(&c, &axe, &mut problems).await;
    assert_eq!(notifications_link(&c).await, "Notifications (1)");

    // Search from the top bar's box: a word of the older thread.
    fill(&c, "q", "briqueterie").await;
    key(&c, "#top-search", Key::Enter).await;
    wait_for_url(&c, "/search", |u| u.path() == "/search").await;
    wait_for_text(&c, "<mark>").await;
    let found = c.source().await.unwrap();
    assert!(
        found.contains(&format!("href=\"/c/{SLUG}/threads/{old}\"")),
        "{found}"
    );
    assert!(found.contains("<mark>briqueterie</mark>"), "{found}");
    check_page(&c, &axe, &mut problems).await;

    // Votes through the proposal page: a choice with the space bar, the form with Enter.
    c.goto(&app.url("/")).await.unwrap();
    key(&c, &format!("main a[href='{proposal_path}']"), Key::Enter).await;
    wait_for_url(&c, "the proposal", |u| u.path() == proposal_path).await;
    check_page(&c, &axe, &mut problems).await;
    c.find(Locator::Css(
        "form.ballot input[name='choice'][value='agree']",
    ))
    .await
    .expect("the choice")
    .send_keys(" ")
    .await
    .unwrap();
    enter_and_leave(&c, "form.ballot button[type=submit]").await;
    wait_for_text(&c, "Vous avez voté").await;
    let checked = c
        .execute(
            "return document.querySelector(\"form.ballot input[value='agree']\").checked;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        checked,
        serde_json::json!(true),
        "the ballot shows the vote"
    );
    check_page(&c, &axe, &mut problems).await;
    {
        let db = app.db.db();
        let mut conn = db.get().unwrap();
        let c: &mut collegia::storage::DbConn = &mut conn;
        use collegia::storage::schema::ballots;
        use diesel::prelude::*;
        let mine: Vec<String> = ballots::table
            .filter(ballots::proposal_id.eq(proposal))
            .filter(ballots::account_id.eq(me.id))
            .select(ballots::choice)
            .load(c)
            .unwrap();
        assert_eq!(mine, ["\"agree\""], "the ballot is recorded");
    }
    c.goto(&app.url("/")).await.unwrap();
    wait_for_text(&c, "Votre vote est attendu (0)").await;

    // Marks everything read: the notifications, then the co-op's threads.
    c.goto(&app.url("/notifications")).await.unwrap();
    key(
        &c,
        "form[action='/notifications/read'] button[type=submit]",
        Key::Enter,
    )
    .await;
    wait_for_text(&c, "Toutes les notifications sont marquées comme lues.").await;
    assert_eq!(notifications_link(&c).await, "Notifications (0)");
    check_page(&c, &axe, &mut problems).await;
    let threads = format!("/c/{SLUG}/threads");
    c.goto(&app.url(&threads)).await.unwrap();
    wait_for_text(&c, "Tout marquer comme lu").await;
    let list = c.source().await.unwrap();
    assert!(
        list.contains(">nouveau<") && list.contains("un nouveau commentaire"),
        "{list}"
    );
    check_page(&c, &axe, &mut problems).await;
    enter_and_leave(
        &c,
        &format!("form[action='{threads}/read'] button[type=submit]"),
    )
    .await;
    let list = c.source().await.unwrap();
    assert!(
        !list.contains(">nouveau<") && !list.contains("nouveau commentaire"),
        "{list}"
    );
    c.goto(&app.url("/")).await.unwrap();
    let home = c.source().await.unwrap();
    assert!(
        !home.contains(">nouveau<") && !home.contains("nouveau commentaire"),
        "all read at home: {home}"
    );

    // Changes their name on /account: the top bar says the new one.
    c.goto(&app.url("/account")).await.unwrap();
    check_page(&c, &axe, &mut problems).await;
    fill(&c, "display_name", "Camille Lima").await;
    key(&c, "input[name='display_name']", Key::Enter).await;
    wait_for_text(&c, "Votre nom est enregistré.").await;
    let who = c
        .find(Locator::Css("header a.who"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(who, "Camille Lima");
    check_page(&c, &axe, &mut problems).await;

    // Downloads their data: the form is checked in the browser; the download itself is
    // fetched by an HTTP client carrying the browser's cookies (WebDriver has no downloads),
    // with the page's CSRF token and the password again.
    c.goto(&app.url("/account/data")).await.unwrap();
    wait_for_text(&c, "Télécharger vos données").await;
    check_page(&c, &axe, &mut problems).await;
    let page = c.source().await.unwrap();
    let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
    let base: reqwest::Url = app.address.parse().unwrap();
    for cookie in c.get_all_cookies().await.unwrap() {
        jar.add_cookie_str(
            &format!("{}={}; Path=/", cookie.name(), cookie.value()),
            &base,
        );
    }
    let http = reqwest::Client::builder()
        .cookie_provider(jar)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let res = http
        .post(app.url("/account/data"))
        .form(&[("csrf", csrf_of(&page).as_str()), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let disposition = res.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        disposition.starts_with("attachment; filename=\"collegia-"),
        "{disposition}"
    );
    let doc: serde_json::Value = res.json().await.unwrap();
    assert_eq!(doc["profile"]["email"], "m0@example.org");
    assert_eq!(doc["profile"]["display_name"], "Camille Lima", "{doc}");
    assert_eq!(doc["named_votes"][0]["proposal"], proposal, "{doc}");
    assert_eq!(
        doc["comments"][0]["body"],
        "Je peux aider à monter le four."
    );

    assert!(problems.is_empty(), "{problems:#?}");
    c.close().await.unwrap();
}
