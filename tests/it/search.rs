//! Search (`/search`): full-text over threads, comments, proposals and outcome statements that
//! the reader may read now, on the engine under test (SQLite FTS5, or PostgreSQL tsvector when
//! COLLEGIA_TEST_POSTGRES_URL is set). Words are exact (engines differ on inflected forms).

use crate::support::people::{Person, admit, found_scic, person};
use crate::support::threads::{post_comment, start_thread};
use crate::support::voting::{self, SLUG, propose, vote};
use crate::support::*;

fn search_path(q: &str, extra: &str) -> String {
    format!(
        "/search?{}{extra}",
        serde_urlencoded::to_string([("q", q)]).unwrap()
    )
}

async fn search(p: &Person, q: &str) -> String {
    search_with(p, q, "").await
}

async fn search_with(p: &Person, q: &str, extra: &str) -> String {
    let res = p.get(&search_path(q, extra)).await;
    assert_eq!(res.status(), 200, "search {q:?}");
    res.text().await.unwrap()
}

fn coop_id(app: &TestApp, slug: &str) -> i64 {
    let db = app.db.db();
    let mut conn = db.get().unwrap();
    collegia::storage::coops::by_slug(&mut conn, slug)
        .unwrap()
        .unwrap()
        .id
}

/// The ids of a thread's comments, oldest first.
fn comment_ids(app: &TestApp, thread: i64) -> Vec<i64> {
    let db = app.db.db();
    let mut conn = db.get().unwrap();
    let c: &mut collegia::storage::DbConn = &mut conn;
    use collegia::storage::schema::comments;
    use diesel::prelude::*;
    comments::table
        .filter(comments::thread_id.eq(thread))
        .order(comments::id.asc())
        .select(comments::id)
        .load::<i64>(c)
        .unwrap()
}

#[tokio::test]
async fn a_word_of_an_older_thread_is_found_whatever_its_case_and_accents() {
    let app = spawn_app().await;
    let admin = person(&app, "ada@example.org", "Ada Admin", true);
    found_scic(&admin, "tv", "fr").await;
    let member = person(&app, "bea@example.org", "Béa Membre", false);
    admit(&app, "tv", member.id, Some("workers"), false, false);
    let old = start_thread(
        &admin,
        "tv",
        "Budget de l'année",
        "Le Résumé du trésorier est prêt.",
    )
    .await;
    for i in 0..5 {
        start_thread(&admin, "tv", &format!("Autre sujet {i}"), "Rien à voir").await;
    }
    for q in ["resume", "RÉSUMÉ", "Resume TRESORIER", "budget"] {
        let page = search(&member, q).await;
        assert!(
            page.contains(&format!("href=\"/c/tv/threads/{old}\"")),
            "{q}: {page}"
        );
        assert!(page.contains("<mark>"), "{q}: highlighted");
        assert!(!page.contains("Autre sujet"), "{q}: only what matches");
    }
    // Every word must match.
    let page = search(&member, "résumé licorne").await;
    assert!(!page.contains(&format!("/c/tv/threads/{old}")));
    // The co-op filter keeps to one co-op; a kind filter keeps to that kind.
    let page = search_with(&member, "resume", "&coop=tv&kind=thread").await;
    assert!(page.contains(&format!("/c/tv/threads/{old}")));
    let page = search_with(&member, "resume", "&kind=comment").await;
    assert!(!page.contains(&format!("/c/tv/threads/{old}")));
    // Signed out: the login form, coming back here after.
    let res = app.get("/search?q=resume").await;
    assert_eq!(res.status(), 303);
    let to = res.headers()["location"].to_str().unwrap();
    assert!(to.starts_with("/login?next="), "{to}");
}

#[tokio::test]
async fn only_what_the_reader_may_read_now_is_found() {
    let app = spawn_app().await;
    let admin = person(&app, "ada@example.org", "Ada Admin", true);
    found_scic(&admin, "tv", "en").await;
    let member = person(&app, "bea@example.org", "Bea Member", false);
    admit(&app, "tv", member.id, Some("workers"), false, false);
    let guest = person(&app, "gus@example.org", "Gus Guest", false);
    admit(&app, "tv", guest.id, None, false, false);
    let former = person(&app, "fay@example.org", "Fay Former", false);
    admit(&app, "tv", former.id, Some("workers"), false, false);
    // Someone of another co-op (a server admin, who may found one), with a thread of their
    // own holding the same word.
    let other = person(&app, "otto@example.org", "Otto Other", true);
    found_scic(&other, "oc", "en").await;
    let theirs = start_thread(&other, "oc", "Platypus elsewhere", "Not yours").await;
    let ours = start_thread(&member, "tv", "Platypus plans", "A platypus pond").await;
    // Fay leaves the co-op.
    {
        let db = app.db.db();
        let mut conn = db.get().unwrap();
        let id = coop_id(&app, "tv");
        collegia::storage::write_tx(&mut conn, |c| {
            collegia::storage::members::leave(c, id, former.id, None)
        })
        .unwrap();
    }
    let mine = format!("/c/tv/threads/{ours}");
    let elsewhere = format!("/c/oc/threads/{theirs}");
    let page = search(&member, "platypus").await;
    assert!(page.contains(&mine) && !page.contains(&elsewhere), "{page}");
    // Guests may read the co-op's discussions (the access table), so they find them.
    let page = search(&guest, "platypus").await;
    assert!(page.contains(&mine) && !page.contains(&elsewhere));
    let page = search(&other, "platypus").await;
    assert!(page.contains(&elsewhere) && !page.contains(&mine));
    let page = search(&former, "platypus").await;
    assert!(!page.contains(&mine) && !page.contains(&elsewhere));
    // Asking for a co-op one is not in finds nothing either.
    let page = search_with(&other, "platypus", "&coop=tv").await;
    assert!(!page.contains(&mine) && !page.contains(&elsewhere));
    // A server admin outside the co-op reads nothing of it.
    let page = search(&admin, "elsewhere").await;
    assert!(!page.contains(&elsewhere));
}

#[tokio::test]
async fn deleted_posts_vanish_and_an_edit_is_searched_anew() {
    let app = spawn_app().await;
    let admin = person(&app, "ada@example.org", "Ada Admin", true);
    found_scic(&admin, "tv", "en").await;
    let member = person(&app, "bea@example.org", "Bea Member", false);
    admit(&app, "tv", member.id, Some("workers"), false, false);
    let thread = start_thread(&member, "tv", "Garden", "Plants").await;
    post_comment(&member, "tv", thread, "Plant a zanzibar tree").await;
    let cid = *comment_ids(&app, thread).last().unwrap();
    let page = search(&admin, "zanzibar").await;
    assert!(page.contains(&format!("#comment-{cid}")), "{page}");
    assert!(page.contains("Comment in “Garden”"));

    let res = member
        .submit(
            &format!("/c/tv/threads/{thread}"),
            &format!("/c/tv/comments/{cid}/edit"),
            &[("body", "Plant a quokka hedge")],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert!(!search(&admin, "zanzibar").await.contains("#comment-"));
    assert!(
        search(&admin, "quokka")
            .await
            .contains(&format!("#comment-{cid}"))
    );

    let res = member
        .submit(
            &format!("/c/tv/threads/{thread}"),
            &format!("/c/tv/comments/{cid}/delete"),
            &[],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert!(!search(&admin, "quokka").await.contains("#comment-"));

    // A deleted thread takes its comments with it.
    post_comment(&member, "tv", thread, "Wombat burrow").await;
    assert!(search(&admin, "wombat").await.contains("#comment-"));
    let res = member
        .submit(
            &format!("/c/tv/threads/{thread}"),
            &format!("/c/tv/threads/{thread}/delete"),
            &[],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert!(!search(&admin, "wombat").await.contains("#comment-"));
    assert!(
        !search(&admin, "garden")
            .await
            .contains(&format!("/c/tv/threads/{thread}\""))
    );
}

#[tokio::test]
async fn proposals_and_statements_are_found_but_never_a_secret_ballots_reason() {
    let c = voting::coop().await;
    let id = propose(
        &c.admin,
        "single",
        "Pergola\nGazebo",
        &[
            ("title", "Build a pergola"),
            ("details", "A xylophone-shaped pergola by the pond"),
            ("secret", "true"),
        ],
    )
    .await;
    let (status, body) = vote(
        &c.members[0],
        id,
        &[("choice", "Pergola"), ("reason", "Narwhal reasons")],
    )
    .await;
    assert!(status == 303 || status == 200, "{status}: {body}");
    let href = format!("/c/{SLUG}/proposals/{id}\"");
    let reader = &c.members[1];
    assert!(search(reader, "xylophone").await.contains(&href));
    assert!(search(reader, "PERGOLA").await.contains(&href));
    assert!(!search(reader, "narwhal").await.contains("/proposals/"));
    assert!(!search(&c.admin, "narwhal").await.contains("/proposals/"));
    // Filters: open / closed, and kind.
    assert!(
        search_with(reader, "xylophone", "&state=open")
            .await
            .contains(&href)
    );
    assert!(
        !search_with(reader, "xylophone", "&state=closed")
            .await
            .contains(&href)
    );
    assert!(
        !search_with(reader, "xylophone", "&kind=thread")
            .await
            .contains(&href)
    );
    // An outcome statement is indexed when written, and found by its own words.
    {
        let db = c.app.db.db();
        let mut conn = db.get().unwrap();
        collegia::storage::proposals::set_statement(
            &mut conn,
            id,
            "The quetzal committee builds it",
        )
        .unwrap();
    }
    let page = search_with(reader, "quetzal", "&kind=statement").await;
    assert!(page.contains(&href), "{page}");
    assert!(page.contains("Outcome statement of “Build a pergola”"));
}

#[tokio::test]
async fn hostile_queries_answer_200_and_excerpts_escape_html() {
    let app = spawn_app().await;
    let admin = person(&app, "ada@example.org", "Ada Admin", true);
    found_scic(&admin, "tv", "en").await;
    let thread = start_thread(&admin, "tv", "Markup", "Plain").await;
    post_comment(
        &admin,
        "tv",
        thread,
        "<script>alert(1)</script> the zebra <b>crossing</b>",
    )
    .await;
    let long = "word ".repeat(60);
    for q in [
        "",
        "\"",
        "\"unbalanced",
        "*",
        "zeb*",
        "-zebra",
        "NEAR(zebra crossing)",
        "zebra NEAR crossing",
        "(",
        ")",
        "a OR",
        "AND",
        "NOT zebra",
        "'; DROP TABLE comments; --",
        "title:zebra",
        "^zebra",
        "zebra + crossing",
        "!!",
        long.as_str(),
    ] {
        let res = admin.get(&search_path(q, "")).await;
        assert_eq!(res.status(), 200, "{q:?}");
        let page = res.text().await.unwrap();
        assert!(page.contains("<h1>Search</h1>"), "{q:?}");
    }
    assert!(search(&admin, "").await.contains("Type one or more words"));
    assert!(search(&admin, "*** ()").await.contains("has no word"));
    assert!(search(&admin, &long).await.contains("too long"));
    // Syntax characters are only text: the words around them are still found.
    assert!(search(&admin, "(zebra*)").await.contains("#comment-"));
    assert!(
        search(&admin, "\"zebra\" -crossing")
            .await
            .contains("#comment-")
    );
    let res = admin
        .get("/search?q=zebra&page=abc&kind=nope&state=%00")
        .await;
    assert_eq!(res.status(), 200);

    let page = search(&admin, "zebra").await;
    assert!(page.contains("<mark>zebra</mark>"), "{page}");
    // SQLite shows the text as written, escaped; PostgreSQL's ts_headline drops what looks
    // like a tag. Neither lets it through as markup.
    if !app.db.is_postgres() {
        assert!(page.contains("&lt;script&gt;"), "{page}");
    }
    assert!(!page.contains("<script>alert"));
    assert!(!page.contains("<b>crossing"));
}

#[tokio::test]
async fn many_hits_come_a_page_at_a_time() {
    let app = spawn_app().await;
    let admin = person(&app, "ada@example.org", "Ada Admin", true);
    found_scic(&admin, "tv", "en").await;
    let thread = start_thread(&admin, "tv", "Counting", "Numbers").await;
    for i in 0..25 {
        post_comment(&admin, "tv", thread, &format!("Capybara number {i}")).await;
    }
    let first = search(&admin, "capybara").await;
    assert_eq!(first.matches("#comment-").count(), 20);
    assert!(first.contains("number 24"), "newest first: {first}");
    assert!(first.contains("rel=\"next\""));
    let second = search_with(&admin, "capybara", "&page=2").await;
    assert_eq!(second.matches("#comment-").count(), 5);
    assert!(second.contains("number 0<") && !second.contains("rel=\"next\""));
}
