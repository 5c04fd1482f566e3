//! A thread and the proposals started from it (links both ways, only for those who may
//! propose, never to another co-op's thread); a deleted thread's comments stay unreadable;
//! page cursors at the ends of i64.

use crate::support::voting::local_in;
use crate::support::*;

/// A co-op "tv": Ada (workers, admin, may propose) and Bob (beneficiaries, who may not
/// propose under the SCIC template).
struct Coop {
    app: TestApp,
    ada: Person,
    bob: Person,
}

async fn coop() -> Coop {
    let app = spawn_app().await;
    let ada = person(&app, "ada@tv.org", "Ada Admin", true);
    found_scic(&ada, "tv", "en").await;
    let bob = person(&app, "bob@tv.org", "Bob Martin", false);
    admit(&app, "tv", bob.id, Some("beneficiaries"), false, false);
    Coop { app, ada, bob }
}

fn id_in(res: &reqwest::Response, after: char) -> i64 {
    res.headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .and_then(|l| l.rsplit(after).next())
        .and_then(|s| s.parse().ok())
        .expect("an id in the location")
}

async fn start(p: &Person, slug: &str, title: &str) -> i64 {
    let new = format!("/c/{slug}/threads/new");
    let res = p
        .submit(&new, &new, &[("title", title), ("body", "Let us talk")])
        .await;
    assert_eq!(res.status(), 303, "thread refused");
    id_in(&res, '/')
}

/// Posts the proposal form from `thread`; the response.
async fn propose_from(p: &Person, thread: i64) -> reqwest::Response {
    let closes = local_in(3);
    let thread = thread.to_string();
    p.submit(
        &format!("/c/tv/proposals/new?thread={thread}"),
        "/c/tv/proposals",
        &[
            ("title", "Install solar panels"),
            ("decision_class", "ordinary"),
            ("method", "proposal"),
            ("closes_at", &closes),
            ("thread_id", &thread),
        ],
    )
    .await
}

#[tokio::test]
async fn a_thread_lists_its_proposals_and_offers_to_propose_only_to_those_who_may() {
    let c = coop().await;
    let thread = start(&c.ada, "tv", "Solar roof").await;
    let page = format!("/c/tv/threads/{thread}");
    let start_link = format!("/c/tv/proposals/new?thread={thread}");
    assert!(c.ada.text(&page).await.contains(&start_link));
    let shown = c.bob.text(&page).await;
    assert!(
        !shown.contains(&start_link),
        "Bob's college may not propose: no link to a refused form"
    );

    let res = propose_from(&c.ada, thread).await;
    assert_eq!(res.status(), 303);
    let pid = id_in(&res, '/');
    for reader in [&c.ada, &c.bob] {
        let shown = reader.text(&page).await;
        assert!(
            shown.contains(&format!("href=\"/c/tv/proposals/{pid}\"")),
            "{shown}"
        );
        assert!(shown.contains("Install solar panels") && shown.contains("Open"));
    }
}

#[tokio::test]
async fn a_proposal_cannot_name_another_coops_thread() {
    let c = coop().await;
    found_scic(&c.ada, "ot", "en").await;
    let foreign = start(&c.ada, "ot", "Elsewhere").await;
    for thread in [foreign, 999_999] {
        let res = propose_from(&c.ada, thread).await;
        assert_eq!(res.status(), 422, "thread {thread}");
        let body = res.text().await.unwrap();
        assert!(body.contains("not a thread of this co-op"), "{body}");
    }
    // The API goes through the same check.
    let db = c.app.db.db();
    let mut conn = db.get().unwrap();
    let token = collegia::crypto::new_token();
    collegia::storage::accounts::create_api_token(
        &mut conn,
        c.ada.id,
        "t",
        &collegia::crypto::sha256_hex(&token),
        None,
    )
    .unwrap();
    let res = c
        .app
        .client
        .post(c.app.url("/api/v1/coops/tv/proposals"))
        .bearer_auth(&token)
        .json(
            &serde_json::json!({"title": "x", "decision_class": "ordinary",
            "method": "proposal", "closes_at": local_in(3), "thread_id": foreign}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 409);
    let body = res.text().await.unwrap();
    assert!(body.contains("\"code\":\"thread_not_in_coop\""), "{body}");
}

#[tokio::test]
async fn a_deleted_threads_comment_history_is_gone_from_page_and_api() {
    let c = coop().await;
    let thread = start(&c.bob, "tv", "Private matter").await;
    let page = format!("/c/tv/threads/{thread}");
    let res = c
        .bob
        .submit(
            &page,
            &format!("{page}/comments"),
            &[("body", "First words")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let cid = id_in(&res, '-');
    let res = c
        .bob
        .submit(
            &page,
            &format!("/c/tv/comments/{cid}/edit"),
            &[("body", "Second words")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let history = format!("/c/tv/comments/{cid}/history");
    assert!(c.ada.text(&history).await.contains("First words"));

    let db = c.app.db.db();
    let mut conn = db.get().unwrap();
    let token = collegia::crypto::new_token();
    collegia::storage::accounts::create_api_token(
        &mut conn,
        c.ada.id,
        "t",
        &collegia::crypto::sha256_hex(&token),
        None,
    )
    .unwrap();
    let versions = c
        .app
        .url(&format!("/api/v1/coops/tv/comments/{cid}/versions"));
    let api = |url: String| c.app.client.get(url).bearer_auth(&token).send();
    assert_eq!(api(versions.clone()).await.unwrap().status(), 200);

    let res = c.bob.submit(&page, &format!("{page}/delete"), &[]).await;
    assert_eq!(res.status(), 303);
    let res = c.ada.get(&history).await;
    assert_eq!(res.status(), 404);
    assert!(!res.text().await.unwrap().contains("First words"));
    let res = api(versions).await.unwrap();
    assert_eq!(res.status(), 404);
    assert!(!res.text().await.unwrap().contains("First words"));
}

#[tokio::test]
async fn page_cursors_at_the_ends_of_i64_give_an_empty_page() {
    let c = coop().await;
    let thread = start(&c.ada, "tv", "Cursors").await;
    let page = format!("/c/tv/threads/{thread}");
    let res = c
        .ada
        .submit(
            &page,
            &format!("{page}/comments"),
            &[("body", "Zebra crossing")],
        )
        .await;
    assert_eq!(res.status(), 303);
    for query in [
        format!("after={}", i64::MAX),
        format!("before={}", i64::MIN),
    ] {
        let res = c.ada.get(&format!("{page}?{query}")).await;
        assert_eq!(res.status(), 200, "{query}");
        let body = res.text().await.unwrap();
        assert!(!body.contains("Zebra crossing"), "{query}: past the end");
    }
}
