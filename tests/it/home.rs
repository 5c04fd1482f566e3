//! The home page says what needs the person: votes waiting for their ballot (their own and as
//! a proxy holder), a banner when one closes within a day, what was decided, recent discussions.

use crate::support::threads::{post_comment, start_thread};
use crate::support::voting::*;

#[tokio::test]
async fn home_lists_the_votes_waiting_then_what_was_decided() {
    let c = coop().await;
    let m = &c.members[0];
    let empty = c.members[1].text("/").await;
    assert!(empty.contains("No vote waits for you."), "{empty}");
    assert!(empty.contains("Start a discussion in Terre Vive"));

    let id = propose(&c.admin, "proposal", "", &[]).await;
    let home = m.text("/").await;
    assert!(home.contains("Needs your vote (1)"), "{home}");
    assert!(home.contains(&format!("/c/{SLUG}/proposals/{id}\"")));
    assert!(home.contains("Closes in 3 days"), "{home}");
    assert!(!home.contains("close within 24 hours") && !home.contains("closes within 24 hours"));

    // A day before it closes, the banner says so.
    c.app.clock.advance(chrono::Duration::hours(50));
    let home = m.text("/").await;
    assert!(
        home.contains("A vote waiting for you closes within 24 hours"),
        "{home}"
    );

    // Voted: no longer waiting, but said.
    assert_eq!(vote(m, id, &[("choice", "agree")]).await.0, 303);
    let home = m.text("/").await;
    assert!(home.contains("Needs your vote (0)"), "{home}");
    assert!(
        home.contains("You have voted on one open proposal"),
        "{home}"
    );

    // Closed: recently decided, with its verdict.
    for other in &c.members[1..4] {
        assert_eq!(vote(other, id, &[("choice", "agree")]).await.0, 303);
    }
    run_job_in(&c.app, 4);
    let home = m.text("/").await;
    assert!(home.contains("Recently decided"), "{home}");
    assert!(home.contains("tag adopted"), "{home}");
    assert!(!home.contains("You have voted on"), "{home}");
}

#[tokio::test]
async fn a_proxy_holder_sees_the_vote_they_may_cast_for_the_giver() {
    let c = coop().await;
    let (giver, holder) = (&c.members[0], &c.members[1]);
    let http = reqwest::Client::new();
    let res = http
        .post(c.app.url(&format!("/api/v1/coops/{SLUG}/proxies")))
        .bearer_auth(token(&c, giver.id))
        .json(&serde_json::json!({"holder": holder.public_id}))
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "{}", res.text().await.unwrap());
    propose(&c.admin, "proposal", "", &[]).await;
    let home = holder.text("/").await;
    assert!(home.contains("Needs your vote (2)"), "{home}");
    assert!(home.contains("for Member 0"), "{home}");
}

#[tokio::test]
async fn the_coop_overview_opens_on_what_is_open_and_who_has_voted() {
    let c = coop().await;
    let page = c.members[0].text(&format!("/c/{SLUG}")).await;
    assert!(
        page.contains("Nothing is open for a vote right now."),
        "{page}"
    );
    let id = propose(&c.admin, "proposal", "", &[]).await;
    assert_eq!(vote(&c.members[1], id, &[("choice", "agree")]).await.0, 303);
    let page = c.members[0].text(&format!("/c/{SLUG}")).await;
    assert!(
        page.contains(&format!("/c/{SLUG}/proposals/{id}\"")),
        "{page}"
    );
    let roll = {
        let db = c.app.db.db();
        let mut conn = db.get().unwrap();
        collegia::storage::proposals::roll_of(&mut conn, id)
            .unwrap()
            .len()
    };
    assert!(page.contains(&format!("1 of {roll} voted")), "{page}");
    assert!(
        page.contains("tag soon"),
        "awaiting the reader's vote: {page}"
    );
    let voter = c.members[1].text(&format!("/c/{SLUG}")).await;
    assert!(
        voter.contains("tag closed"),
        "the voter's own ballot is in: {voter}"
    );
}

#[tokio::test]
async fn home_counts_each_coops_unread_discussions() {
    let c = coop().await;
    let m = &c.members[0];
    let home = m.text("/").await;
    assert!(!home.contains("unread discussion"));
    assert!(home.contains("You have read every discussion."), "{home}");

    // Someone else's new thread is unread; one's own thread is not.
    let t1 = start_thread(&c.admin, SLUG, "Roof repairs", "Who can help?").await;
    start_thread(m, SLUG, "My own question", "Anyone?").await;
    let home = m.text("/").await;
    assert!(home.contains("1 unread discussion<"), "{home}");
    assert!(home.contains("Unread discussions") && home.contains("Roof repairs"));
    assert!(!home.contains("My own question"), "{home}");

    // Opened: read. A comment by another makes it unread again; one's own reply does not.
    m.text(&format!("/c/{SLUG}/threads/{t1}")).await;
    let home = m.text("/").await;
    assert!(!home.contains("unread discussion") && !home.contains("Roof repairs"));
    post_comment(m, SLUG, t1, "I can, on Saturday.").await;
    assert!(!m.text("/").await.contains("unread discussion"));
    post_comment(&c.admin, SLUG, t1, "Thank you!").await;
    start_thread(&c.members[1], SLUG, "Bread oven", "Shall we build one?").await;
    let home = m.text("/").await;
    assert!(home.contains("2 unread discussions"), "{home}");
    // Latest activity first.
    let (oven, roof) = (home.find("Bread oven"), home.find("Roof repairs"));
    assert!(oven.is_some() && roof.is_some() && oven < roof, "{home}");
}
