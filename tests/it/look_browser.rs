//! The look of a member's pages in a real browser: at 1280 and at 360 pixels, in English and
//! in French, no page is wider than the window (the results table stacks its rows), axe-core
//! finds nothing serious or critical, the co-op's menu marks the current section and nested
//! pages carry breadcrumbs.

use crate::support::browser::{
    axe_findings, axe_source, browser_in, chromedriver, sessions, widths,
};
use crate::support::voting::*;
use crate::support::*;
use collegia::crypto;
use collegia::storage::accounts;
use fantoccini::Client;

/// A fresh session for `account`, as the browser's cookie value.
fn session_for(app: &TestApp, account: i64) -> String {
    let db = app.db.db();
    let mut conn = db.get().unwrap();
    let session = crypto::new_token();
    let expires = collegia::storage::now() + chrono::Duration::days(30);
    accounts::create_session(&mut conn, &crypto::sha256_hex(&session), account, expires).unwrap();
    session
}

/// Sets a cookie for the whole site (from the page: WebDriver's own call wants a domain name).
async fn set_cookie(c: &Client, name: &str, value: String) {
    c.execute(
        "document.cookie = arguments[0] + '=' + arguments[1] + '; path=/';",
        vec![serde_json::json!(name), serde_json::json!(value)],
    )
    .await
    .expect("a cookie");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_fit_a_phone_and_axe_finds_nothing_serious_in_both_languages() {
    let Some(port) = chromedriver() else {
        skip(
            "look_browser",
            "chromium and chromium-driver are not installed",
        );
        return;
    };
    let Some(axe) = axe_source() else {
        skip(
            "look_browser",
            "axe-core is not installed (npm install axe-core, or set COLLEGIA_AXE_JS)",
        );
        return;
    };
    // A closed proposal with results in every college, and an open one.
    let coop = coop().await;
    let app = &coop.app;
    let closed = propose(&coop.admin, "proposal", "", &[]).await;
    for (i, m) in coop.members.iter().enumerate() {
        let choice = if i % 3 == 2 { "disagree" } else { "agree" };
        let (status, body) = vote(m, closed, &[("choice", choice)]).await;
        assert_eq!(status, 303, "{body}");
    }
    assert!(run_job_in(app, 4) >= 1, "the proposal closed");
    let open = propose(&coop.admin, "proposal", "", &[]).await;
    let results = format!("/c/{SLUG}/proposals/{closed}");
    let pages = [
        "/".to_string(),
        format!("/c/{SLUG}"),
        format!("/c/{SLUG}/proposals"),
        results.clone(),
        format!("/c/{SLUG}/proposals/{open}"),
        format!("/c/{SLUG}/members"),
        format!("/c/{SLUG}/register"),
        format!("/c/{SLUG}/work"),
        format!("/c/{SLUG}/audit"),
        "/account".to_string(),
        "/notifications".to_string(),
        "/account/notifications".to_string(),
    ];

    let _permit = sessions().acquire().await.expect("browser slot");
    let profile = tempfile::tempdir().unwrap();
    let c = browser_in(port, profile.path(), None).await;
    c.goto(&app.url("/healthz")).await.unwrap();
    set_cookie(&c, "collegia_session", session_for(app, coop.admin.id)).await;
    let mut problems = vec![];
    for lang in ["en", "fr"] {
        set_cookie(&c, "collegia_lang", lang.to_string()).await;
        for width in [1280u32, 360] {
            c.set_window_size(width, 900).await.unwrap();
            for path in &pages {
                c.goto(&app.url(path)).await.unwrap();
                let html = c.source().await.unwrap();
                assert!(html.contains(&format!("<html lang=\"{lang}\"")), "{path}");
                let (page, window) = widths(&c).await;
                if width == 360 {
                    assert!(window <= 400, "the window is narrow: {window}");
                }
                if page > window {
                    problems.push(format!(
                        "{lang} {width} {path}: {page}px wide in {window}px"
                    ));
                }
                for finding in axe_findings(&c, &axe).await {
                    problems.push(format!("{lang} {width} {path}: {finding}"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");

    // The results table stacks at 360 px: its cells carry their column's name.
    c.set_window_size(360, 900).await.unwrap();
    c.goto(&app.url(&results)).await.unwrap();
    let stacked = c
        .execute(
            "const td = document.querySelector('table.colleges tbody td[data-label]');\
             return [getComputedStyle(td).display, getComputedStyle(td, '::before').content];",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(stacked[0], "block", "{stacked}");
    assert!(
        stacked[1].as_str().unwrap_or("").contains("Poids"),
        "French column name before the cell: {stacked}"
    );
    // The co-op's menu marks the section; a proposal has its breadcrumbs.
    let html = c.source().await.unwrap();
    assert!(
        html.contains(&format!(
            "<a href=\"/c/{SLUG}/proposals\" aria-current=\"true\">"
        )),
        "{html}"
    );
    assert!(html.contains("<nav class=\"crumbs\""), "{html}");
    c.goto(&app.url(&format!("/c/{SLUG}/proposals")))
        .await
        .unwrap();
    let html = c.source().await.unwrap();
    assert!(
        html.contains(&format!(
            "<a href=\"/c/{SLUG}/proposals\" aria-current=\"page\">"
        )),
        "{html}"
    );
    assert!(html.len() < 30_000, "a light page: {} bytes", html.len());
    c.close().await.unwrap();
}
