//! Threads and comments: versions kept on edit, a marker on delete, sanitized markdown,
//! mention mail (with its preference), keyset pages, who may do what, and the API.

use crate::support::*;
use collegia::storage::{accounts, coops, threads};
use diesel::prelude::*;
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// A co-op "tv" with an admin (Ada Admin), a member (Bob Martin), a board member (Cleo Board)
/// and a guest (Gus Guest).
struct Coop {
    app: TestApp,
    admin: Person,
    member: Person,
    board: Person,
    guest: Person,
}

async fn coop() -> Coop {
    let app = spawn_app().await;
    let keys: Vec<String> = scic().colleges.iter().map(|c| c.key.clone()).collect();
    let admin = person(&app, "ada@tv.org", "Ada Admin", false);
    {
        let db = app.db.db();
        let mut conn = db.get().unwrap();
        collegia::storage::settings::set(
            &mut conn,
            collegia::storage::settings::ANYONE_MAY_FOUND,
            "true",
        )
        .unwrap();
    }
    found_scic(&admin, "tv", "en").await;
    let member = person(&app, "bob@tv.org", "Bob Martin", false);
    admit(&app, "tv", member.id, Some(&keys[1]), false, false);
    let board = person(&app, "cleo@tv.org", "Cleo Board", false);
    admit(&app, "tv", board.id, Some(&keys[2]), false, true);
    let guest = person(&app, "gus@tv.org", "Gus Guest", false);
    admit(&app, "tv", guest.id, None, false, false);
    Coop {
        app,
        admin,
        member,
        board,
        guest,
    }
}

fn coop_id(app: &TestApp) -> i64 {
    let db = app.db.db();
    let mut conn = db.get().unwrap();
    coops::by_slug(&mut conn, "tv").unwrap().unwrap().id
}

fn location(res: &reqwest::Response) -> String {
    res.headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .unwrap_or("")
        .to_string()
}

/// Starts a thread through the form; returns its id.
async fn start(p: &Person, title: &str, body: &str) -> i64 {
    let res = p
        .submit(
            "/c/tv/threads/new",
            "/c/tv/threads/new",
            &[("title", title), ("body", body)],
        )
        .await;
    assert_eq!(res.status(), 303, "thread refused");
    location(&res)
        .rsplit('/')
        .next()
        .and_then(|s| s.parse().ok())
        .expect("the new thread's id")
}

async fn comment(p: &Person, thread: i64, body: &str) -> reqwest::Response {
    p.submit(
        &format!("/c/tv/threads/{thread}"),
        &format!("/c/tv/threads/{thread}/comments"),
        &[("body", body)],
    )
    .await
}

fn comment_id_of(res: &reqwest::Response) -> i64 {
    location(res)
        .rsplit("#comment-")
        .next()
        .and_then(|s| s.parse().ok())
        .expect("a link to the comment")
}

fn token(app: &TestApp, account: i64) -> String {
    crate::support::api_token(app, account)
}

fn mentions_to(app: &TestApp, address: &str) -> Vec<(String, String)> {
    outbox_mail(app, "mention")
        .into_iter()
        .filter(|m| m.recipient == address)
        .map(|m| (m.subject, m.text))
        .collect()
}

#[tokio::test]
async fn editing_keeps_earlier_versions_and_deleting_leaves_a_marker() {
    let c = coop().await;
    let id = start(&c.member, "Solar roof", "First *draft*").await;
    let page = format!("/c/tv/threads/{id}");
    let res = c
        .member
        .submit(
            &format!("{page}/edit"),
            &format!("{page}/edit"),
            &[("title", "Solar roof, v2"), ("body", "Second draft")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let shown = c.member.text(&page).await;
    assert!(shown.contains("Solar roof, v2") && shown.contains("Second draft"));
    let history = c.member.text(&format!("{page}/history")).await;
    assert!(history.contains("<em>draft</em>") && history.contains("Second draft"));

    let res = comment(&c.guest, id, "I like the *idea*").await;
    assert_eq!(res.status(), 303);
    let cid = comment_id_of(&res);
    let res = c
        .guest
        .submit(
            &page,
            &format!("/c/tv/comments/{cid}/edit"),
            &[("body", "I love the idea")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let versions = {
        let db = c.app.db.db();
        let mut conn = db.get().unwrap();
        threads::comment_history(&mut conn, coop_id(&c.app), cid).unwrap()
    };
    let bodies: Vec<&str> = versions.iter().map(|v| v.body.as_str()).collect();
    assert_eq!(bodies, ["I like the *idea*", "I love the idea"]);
    let history = c.guest.text(&format!("/c/tv/comments/{cid}/history")).await;
    assert!(history.contains("I like the <em>idea</em>"));

    // Another member may neither edit nor delete it; the board may delete it (moderation).
    let res = c
        .member
        .submit(
            &page,
            &format!("/c/tv/comments/{cid}/edit"),
            &[("body", "hijacked")],
        )
        .await;
    assert_eq!(res.status(), 403);
    let res = c
        .member
        .submit(&page, &format!("/c/tv/comments/{cid}/delete"), &[])
        .await;
    assert_eq!(res.status(), 403);
    let res = c
        .board
        .submit(&page, &format!("/c/tv/comments/{cid}/delete"), &[])
        .await;
    assert_eq!(res.status(), 303);
    let shown = c.member.text(&page).await;
    assert!(shown.contains("This comment was deleted."));
    assert!(!shown.contains("I love the idea"));
    assert_eq!(
        c.member
            .get(&format!("/c/tv/comments/{cid}/history"))
            .await
            .status(),
        404,
        "a deleted comment's text is no longer shown anywhere"
    );

    // The author deletes the thread: a marker remains, the text is gone.
    let res = c.member.submit(&page, &format!("{page}/delete"), &[]).await;
    assert_eq!(res.status(), 303);
    let shown = c.member.text(&page).await;
    assert!(shown.contains("This thread was deleted."));
    assert!(!shown.contains("Second draft"));
    let list = c.member.text("/c/tv/threads").await;
    assert!(list.contains("This thread was deleted.") && !list.contains("Solar roof"));
}

#[tokio::test]
async fn markdown_is_rendered_and_script_removed() {
    let c = coop().await;
    let id = start(&c.member, "Safety", "**bold** <script>alert('x')</script>").await;
    comment(
        &c.member,
        id,
        "<img src=x onerror=alert(1)> [x](javascript:alert(1)) _fine_",
    )
    .await;
    let shown = c.member.text(&format!("/c/tv/threads/{id}")).await;
    assert!(shown.contains("<strong>bold</strong>"));
    assert!(shown.contains("<em>fine</em>"));
    assert!(!shown.contains("<script>alert"));
    assert!(!shown.contains("onerror"));
    assert!(!shown.contains("javascript:"));
}

#[tokio::test]
async fn a_mention_queues_mail_in_the_recipients_language_and_respects_the_preference() {
    let c = coop().await;
    {
        let db = c.app.db.db();
        let mut conn = db.get().unwrap();
        accounts::set_locale(&mut conn, c.member.id, Some(collegia::i18n::Locale::Fr)).unwrap();
    }
    let id = start(&c.admin, "Budget", "What do you think, @BobMartin?").await;
    let mails = mentions_to(&c.app, "bob@tv.org");
    assert_eq!(mails.len(), 1, "one mention mail for the thread");
    assert!(
        mails[0].0.contains("vous a mentionné"),
        "French: {}",
        mails[0].0
    );
    assert!(
        mails[0].1.contains(&format!("/c/tv/threads/{id}")),
        "links to the thread: {}",
        mails[0].1
    );

    // By public id too; the author is not told about themself; an edit re-mentioning is silent.
    let res = comment(
        &c.member,
        id,
        &format!("@{} agreed, and @bobmartin too", c.guest.public_id),
    )
    .await;
    assert_eq!(res.status(), 303);
    let cid = comment_id_of(&res);
    assert_eq!(mentions_to(&c.app, "gus@tv.org").len(), 1);
    let gus = &mentions_to(&c.app, "gus@tv.org")[0];
    assert!(gus.0.contains("Bob Martin mentioned you"), "{}", gus.0);
    assert!(gus.1.contains(&format!("#comment-{cid}")), "{}", gus.1);
    assert_eq!(mentions_to(&c.app, "bob@tv.org").len(), 1);
    let res = c
        .member
        .submit(
            &format!("/c/tv/threads/{id}"),
            &format!("/c/tv/comments/{cid}/edit"),
            &[(
                "body",
                &format!("@{} agreed; cc @CleoBoard", c.guest.public_id),
            )],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(mentions_to(&c.app, "gus@tv.org").len(), 1);
    assert_eq!(mentions_to(&c.app, "cleo@tv.org").len(), 1);
    // Editing Cleo out and back in does not tell her twice: once per comment.
    for body in ["agreed, without names", "agreed; cc @CleoBoard"] {
        let res = c
            .member
            .submit(
                &format!("/c/tv/threads/{id}"),
                &format!("/c/tv/comments/{cid}/edit"),
                &[("body", body)],
            )
            .await;
        assert_eq!(res.status(), 303);
    }
    assert_eq!(mentions_to(&c.app, "cleo@tv.org").len(), 1);

    // Bob turns mention mail off: nothing more is queued for him.
    {
        let db = c.app.db.db();
        let mut conn = db.get().unwrap();
        accounts::set_mail_enabled(&mut conn, c.member.id, "mention", false).unwrap();
    }
    assert_eq!(
        comment(&c.admin, id, "@bobmartin again").await.status(),
        303
    );
    assert_eq!(mentions_to(&c.app, "bob@tv.org").len(), 1);
}

/// The comment ids on a page, in order.
fn ids_on(html: &str) -> Vec<i64> {
    html.split("id=\"comment-")
        .skip(1)
        .filter_map(|s| s.split('"').next()?.parse().ok())
        .collect()
}

fn link(html: &str, rel: &str) -> Option<String> {
    let marker = format!("rel=\"{rel}\" href=\"");
    let start = html.find(&marker)? + marker.len();
    Some(html[start..].split('"').next()?.replace("&amp;", "&"))
}

#[tokio::test]
async fn pages_walk_120_comments_without_duplicates_or_gaps() {
    let c = coop().await;
    let id = start(&c.member, "Long", "A long thread").await;
    let coop = coop_id(&c.app);
    let mut all = vec![];
    {
        let db = c.app.db.db();
        let mut conn = db.get().unwrap();
        for i in 0..120 {
            let who = if i % 2 == 0 { c.member.id } else { c.guest.id };
            all.push(
                threads::add_comment(&mut conn, coop, id, who, &format!("comment {i}")).unwrap(),
            );
        }
    }
    // Forward through "newer" links.
    let mut seen = vec![];
    let mut next = Some(format!("/c/tv/threads/{id}"));
    let mut pages = 0;
    while let Some(path) = next {
        let html = c.guest.text(&path).await;
        let ids = ids_on(&html);
        assert!(ids.len() <= 50);
        seen.extend(ids);
        next = link(&html, "next");
        pages += 1;
        assert!(pages < 10, "the walk ends");
    }
    assert_eq!(pages, 3);
    assert_eq!(seen, all, "forward: every comment once, in order");
    // Backward from the latest page through "older" links.
    let mut back = vec![];
    let mut prev = Some(format!("/c/tv/threads/{id}?latest=1"));
    while let Some(path) = prev {
        let html = c.guest.text(&path).await;
        let mut ids = ids_on(&html);
        ids.extend(back);
        back = ids;
        prev = link(&html, "prev");
    }
    assert_eq!(back, all, "backward: every comment once, in order");
    // The API pages the same way.
    let t = token(&c.app, c.guest.id);
    let mut api_seen = vec![];
    let mut after: Option<i64> = None;
    loop {
        let mut url = c
            .app
            .url(&format!("/api/v1/coops/tv/threads/{id}?limit=40"));
        if let Some(a) = after {
            url.push_str(&format!("&after={a}"));
        }
        let page: Value = c
            .app
            .client
            .get(url)
            .bearer_auth(&t)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        for x in page["comments"].as_array().unwrap() {
            api_seen.push(x["id"].as_i64().unwrap());
        }
        match page["newer"].as_i64() {
            Some(n) => after = Some(n),
            None => break,
        }
    }
    assert_eq!(api_seen, all);
    let unique: BTreeSet<i64> = api_seen.iter().copied().collect();
    assert_eq!(unique.len(), 120);
}

#[tokio::test]
async fn guests_comment_but_cannot_start_threads() {
    let c = coop().await;
    let id = start(&c.member, "Open to guests", "Hello").await;
    assert_eq!(c.guest.get("/c/tv/threads").await.status(), 200);
    assert_eq!(
        c.guest.get(&format!("/c/tv/threads/{id}")).await.status(),
        200
    );
    assert_eq!(comment(&c.guest, id, "Thanks!").await.status(), 303);
    assert_eq!(c.guest.get("/c/tv/threads/new").await.status(), 403);
    let res = c
        .guest
        .submit(
            "/c/tv/threads",
            "/c/tv/threads/new",
            &[("title", "x"), ("body", "y")],
        )
        .await;
    assert_eq!(res.status(), 403);
    let list = c.guest.text("/c/tv/threads").await;
    assert!(
        !list.contains("/c/tv/threads/new"),
        "no link to a refused page"
    );
    let t = token(&c.app, c.guest.id);
    let res = c
        .app
        .client
        .post(c.app.url("/api/v1/coops/tv/threads"))
        .bearer_auth(&t)
        .json(&json!({"title": "x", "body": "y"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let res = c
        .app
        .client
        .post(
            c.app
                .url(&format!("/api/v1/coops/tv/threads/{id}/comments")),
        )
        .bearer_auth(&t)
        .json(&json!({"body": "by API"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
}

#[tokio::test]
async fn members_of_another_coop_are_refused() {
    let c = coop().await;
    let id = start(&c.member, "Ours", "Private").await;
    let outsider = person(&c.app, "out@else.org", "Out Sider", false);
    found_scic(&outsider, "else", "en").await;
    for path in [
        "/c/tv/threads".to_string(),
        format!("/c/tv/threads/{id}"),
        format!("/c/tv/threads/{id}/history"),
    ] {
        assert_eq!(outsider.get(&path).await.status(), 403, "{path}");
    }
    let res = outsider
        .submit(
            "/account",
            &format!("/c/tv/threads/{id}/comments"),
            &[("body", "let me in")],
        )
        .await;
    assert_eq!(res.status(), 403);
    let t = token(&c.app, outsider.id);
    let res = c
        .app
        .client
        .get(c.app.url(&format!("/api/v1/coops/tv/threads/{id}")))
        .bearer_auth(&t)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    // A thread id of another co-op is not found through this one.
    let theirs = start_in(&outsider, "else").await;
    assert_eq!(
        c.member
            .get(&format!("/c/tv/threads/{theirs}"))
            .await
            .status(),
        404
    );
}

async fn start_in(p: &Person, slug: &str) -> i64 {
    let res = p
        .submit(
            &format!("/c/{slug}/threads/new"),
            &format!("/c/{slug}/threads/new"),
            &[("title", "Elsewhere"), ("body", "Theirs")],
        )
        .await;
    assert_eq!(res.status(), 303);
    location(&res).rsplit('/').next().unwrap().parse().unwrap()
}

#[tokio::test]
async fn the_api_follows_the_same_rules_and_shows_what_the_pages_show() {
    let c = coop().await;
    let bob = token(&c.app, c.member.id);
    let cleo = token(&c.app, c.board.id);
    let api = |method: &str, path: &str, t: &str, body: Option<Value>| {
        let url = c.app.url(&format!("/api/v1/coops/tv{path}"));
        let mut req = if method == "get" {
            c.app.client.get(url)
        } else {
            c.app.client.post(url)
        };
        req = req.bearer_auth(t);
        if let Some(b) = body {
            req = req.json(&b);
        }
        req.send()
    };
    let res = api(
        "post",
        "/threads",
        &bob,
        Some(json!({"title": " ", "body": "x"})),
    )
    .await
    .unwrap();
    assert_eq!(res.status(), 400);
    let problem: Value = res.json().await.unwrap();
    assert!(problem.to_string().contains("title_empty"), "{problem}");
    let res = api(
        "post",
        "/threads",
        &bob,
        Some(json!({"title": "By API", "body": "**hi** <script>x</script>"})),
    )
    .await
    .unwrap();
    assert_eq!(res.status(), 201);
    let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let res = api(
        "post",
        &format!("/threads/{id}/comments"),
        &cleo,
        Some(json!({"body": "first"})),
    )
    .await
    .unwrap();
    assert_eq!(res.status(), 201);
    let cid = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    // Only the author (or an admin) edits; the board moderates.
    let res = api(
        "post",
        &format!("/comments/{cid}/edit"),
        &bob,
        Some(json!({"body": "mine now"})),
    )
    .await
    .unwrap();
    assert_eq!(res.status(), 403);
    let res = api(
        "post",
        &format!("/comments/{cid}/edit"),
        &cleo,
        Some(json!({"body": "first, edited"})),
    )
    .await
    .unwrap();
    assert_eq!(res.status(), 204);
    let res = api(
        "post",
        &format!("/threads/{id}/edit"),
        &bob,
        Some(json!({"title": "By API, v2", "body": "**hi**"})),
    )
    .await
    .unwrap();
    assert_eq!(res.status(), 204);

    let page: Value = api("get", &format!("/threads/{id}"), &bob, None)
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(page["thread"]["title"], "By API, v2");
    assert_eq!(page["thread"]["body_html"], "<p><strong>hi</strong></p>\n");
    assert_eq!(page["thread"]["comment_count"], 1);
    assert_eq!(page["comments"][0]["body"], "first, edited");
    assert!(page["comments"][0]["edited_at"].is_string());
    let html = c.member.text(&format!("/c/tv/threads/{id}")).await;
    assert!(html.contains("By API, v2") && html.contains("first, edited"));
    let versions: Value = api("get", &format!("/comments/{cid}/versions"), &bob, None)
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(versions[0]["body"], "first");
    assert_eq!(versions[1]["body"], "first, edited");
    let versions: Value = api("get", &format!("/threads/{id}/versions"), &bob, None)
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(versions[0]["title"], "By API");
    assert_eq!(versions[1]["title"], "By API, v2");
    // Bob's college (beneficiaries) may not propose: no link to a form he would be refused.
    let start_proposal = format!("/c/tv/proposals/new?thread={id}");
    assert!(!html.contains(&start_proposal));
    let html = c.admin.text(&format!("/c/tv/threads/{id}")).await;
    assert!(html.contains(&start_proposal));

    let list: Value = api("get", "/threads", &bob, None)
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list["threads"][0]["id"], id);

    let res = api("post", &format!("/comments/{cid}/delete"), &bob, None)
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let res = api("post", &format!("/comments/{cid}/delete"), &cleo, None)
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    let page: Value = api("get", &format!("/threads/{id}"), &bob, None)
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(page["comments"][0]["deleted"], true);
    assert!(page["comments"][0]["body"].is_null());
    let res = api("post", &format!("/threads/{id}/delete"), &bob, None)
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    let page: Value = api("get", &format!("/threads/{id}"), &bob, None)
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(page["thread"]["deleted"], true);
    assert!(page["thread"]["title"].is_null());
}

#[tokio::test]
async fn a_college_the_rulebook_keeps_from_starting_threads_may_still_comment() {
    let c = coop().await;
    let id = start(&c.admin, "Open", "Anyone may comment").await;
    {
        // Rulebook version 2: Bob's college may no longer start threads.
        use collegia::storage::schema::rulebook_versions;
        let mut book = scic();
        book.colleges[1].may_start_threads = false;
        let db = c.app.db.db();
        let mut conn = db.get().unwrap();
        diesel::insert_into(rulebook_versions::table)
            .values((
                rulebook_versions::coop_id.eq(coop_id(&c.app)),
                rulebook_versions::version.eq(2),
                rulebook_versions::body.eq(book.to_json_pretty()),
                rulebook_versions::origin.eq("test"),
                rulebook_versions::created_at.eq(collegia::storage::now()),
            ))
            .execute(&mut **conn)
            .unwrap();
    }
    assert_eq!(c.member.get("/c/tv/threads/new").await.status(), 403);
    let list = c.member.text("/c/tv/threads").await;
    assert!(!list.contains("/c/tv/threads/new"));
    let t = token(&c.app, c.member.id);
    let res = c
        .app
        .client
        .post(c.app.url("/api/v1/coops/tv/threads"))
        .bearer_auth(&t)
        .json(&json!({"title": "x", "body": "y"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    assert_eq!(comment(&c.member, id, "Still here").await.status(), 303);
    // The board member's college still may.
    start(&c.board, "Board topic", "Fine").await;
}

#[tokio::test]
async fn the_longest_body_fits_and_a_longer_one_is_refused_with_the_reason() {
    let c = coop().await;
    let id = start(&c.member, "Long texts", "Short").await;
    let longest = "é\n".repeat(10_000);
    assert_eq!(comment(&c.member, id, &longest).await.status(), 303);
    let res = comment(&c.member, id, &format!("{longest}x")).await;
    assert_eq!(res.status(), 422);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("longer than 20,000 characters")
    );
    let res = comment(&c.member, id, "   ").await;
    assert_eq!(res.status(), 422);
}
