//! The proposal page as a reader meets it: plain names rather than keys, the ballot form
//! starting from one's current vote, a proxy holder off the roll, the board's controls.

use crate::support::voting::*;
use crate::support::*;

#[tokio::test]
async fn a_proxy_holder_off_the_roll_votes_for_their_one_giver() {
    let c = coop().await;
    let id = propose(&c.admin, "proposal", "", &[]).await;
    // Joined after the roll was frozen: not on it, but may hold a proxy from a colleague.
    let late = person(&c.app, "late@example.org", "Late Comer", false);
    admit(&c.app, SLUG, late.id, Some("workers"), false, false);
    let giver = &c.members[0];
    let proxies = format!("/c/{SLUG}/proxies");
    let res = giver
        .submit(&proxies, &proxies, &[("holder", &late.public_id)])
        .await;
    assert_eq!(res.status(), 303);
    // Their open votes list it, for the giver.
    let votes = late.text(&format!("/c/{SLUG}/votes")).await;
    assert!(
        votes.contains(&format!("/c/{SLUG}/proposals/{id}"))
            && votes.contains("for Member 0, by proxy")
            && votes.contains("awaiting your vote"),
        "{votes}"
    );
    let page = late.text(&format!("/c/{SLUG}/proposals/{id}")).await;
    assert!(
        page.contains(&format!(
            "<input type=\"hidden\" name=\"for\" value=\"{}\">",
            giver.id
        )),
        "the form says for whom: {page}"
    );
    assert!(!page.contains("name=\"for\"><option"), "no choice to make");
    // Exactly the fields the page gives: the hidden giver and a choice.
    let giver_id = giver.id.to_string();
    let (status, body) = vote(&late, id, &[("for", &giver_id), ("choice", "agree")]).await;
    assert_eq!(status, 303, "{body}");
    let page = late.text(&format!("/c/{SLUG}/proposals/{id}")).await;
    assert!(page.contains("One counted ballot."), "{page}");
    let votes = late.text(&format!("/c/{SLUG}/votes")).await;
    assert!(!votes.contains("awaiting your vote"), "{votes}");
}

#[tokio::test]
async fn names_are_plain_and_the_ballot_form_starts_from_the_current_vote() {
    let c = coop().await;
    let new = c.admin.text(&format!("/c/{SLUG}/proposals/new")).await;
    assert!(new.contains("Changes to these rules") && new.contains("ranked choice"));
    assert!(!new.contains(">rules_change"), "{new}");

    let id = propose(
        &c.admin,
        "score",
        "Solar\nWind",
        &[("results_visibility", "live")],
    )
    .await;
    let page = format!("/c/{SLUG}/proposals/{id}");
    let voter = &c.members[0];
    let shown = voter.text(&page).await;
    assert!(shown.contains("Ordinary decisions") && shown.contains("score"));
    assert!(
        !shown.contains("<option value=\"4\" selected>"),
        "nothing chosen yet: {shown}"
    );
    let (status, _) = vote(voter, id, &[("opt-0", "4"), ("opt-1", "1")]).await;
    assert_eq!(status, 303);
    let shown = voter.text(&page).await;
    assert!(shown.contains("<option value=\"4\" selected>"), "{shown}");
    assert!(shown.contains("<option value=\"1\" selected>"), "{shown}");
    // Results name colleges as the rulebook does, and say what "5 (4)" means.
    assert!(shown.contains("Salariés et producteurs"), "{shown}");
    assert!(!shown.contains("<th scope=\"row\">workers"), "{shown}");
    assert!(shown.contains("every ballot received in the college"));

    let id = propose(&c.admin, "proposal", "", &[]).await;
    let page = format!("/c/{SLUG}/proposals/{id}");
    assert_eq!(vote(voter, id, &[("choice", "block")]).await.0, 303);
    let shown = voter.text(&page).await;
    assert!(
        shown.contains("value=\"block\" required checked"),
        "{shown}"
    );
    assert!(!shown.contains("value=\"agree\" required checked"));
}

#[tokio::test]
async fn close_now_is_offered_only_while_open_and_a_failed_tally_is_named() {
    let c = coop().await;
    let open = propose(&c.admin, "proposal", "", &[]).await;
    let later = propose(
        &c.admin,
        "proposal",
        "",
        &[("opens_at", &local_in(1)), ("closes_at", &local_in(3))],
    )
    .await;
    assert_eq!(stored(&c.app, later).state.key(), "scheduled");
    let shown = c.admin.text(&format!("/c/{SLUG}/proposals/{later}")).await;
    assert!(
        !shown.contains(&format!("proposals/{later}/close\"")),
        "{shown}"
    );
    assert!(shown.contains(&format!("proposals/{later}/extend\"")));
    let shown = c.admin.text(&format!("/c/{SLUG}/proposals/{open}")).await;
    assert!(shown.contains(&format!("proposals/{open}/close\"")));

    // A stored "error" verdict (the tally failed) reads as a sentence, not a key.
    {
        let db = c.app.db.db();
        let mut conn = db.get().unwrap();
        collegia::storage::proposals::store_result(&mut conn, open, "{}", "error").unwrap();
    }
    let list = c.admin.text(&format!("/c/{SLUG}/proposals")).await;
    assert!(list.contains("Not tallied"), "{list}");
    assert!(!list.contains("results-verdict-error"));
}
