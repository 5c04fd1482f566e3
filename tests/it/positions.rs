//! Positions: who chose what and why, on proposals that are not secret, once the reader may
//! see the results; filtered by choice and by college; never on a secret proposal.

use crate::support::voting::*;

#[tokio::test]
async fn positions_show_choices_and_reasons_and_filter_by_choice_and_college() {
    let c = coop().await;
    let id = propose(
        &c.admin,
        "proposal",
        "",
        &[("results_visibility", "after_vote")],
    )
    .await;
    let base = format!("/c/{SLUG}/proposals/{id}");
    // Before voting, with results after one's vote: no positions.
    let page = c.members[0].text(&base).await;
    assert!(!page.contains("id=\"positions\""), "{page}");
    let plan = [
        (0, "agree", "The roof faces south"),
        (2, "disagree", "Too dear this year"),
        (4, "agree", "Good for the neighbours"),
    ];
    for (m, choice, reason) in plan {
        let (status, body) =
            vote(&c.members[m], id, &[("choice", choice), ("reason", reason)]).await;
        assert_eq!(status, 303, "{body}");
    }
    let page = c.members[0].text(&base).await;
    assert!(page.contains("id=\"positions\""), "{page}");
    for (m, _, reason) in plan {
        assert!(page.contains(&format!("Member {m}")), "{page}");
        assert!(page.contains(reason));
    }
    // By choice: the stored choice, as a GET parameter.
    let agree = c.members[0]
        .text(&format!("{base}?choice=%22agree%22"))
        .await;
    let section = &agree[agree.find("id=\"positions\"").unwrap()..];
    assert!(
        section.contains("The roof faces south") && section.contains("Good for the neighbours")
    );
    assert!(!section.contains("Too dear this year"), "{section}");
    // By college: the beneficiaries (member 2) only.
    let college = c.members[0]
        .text(&format!("{base}?college=beneficiaries"))
        .await;
    let section = &college[college.find("id=\"positions\"").unwrap()..];
    assert!(section.contains("Too dear this year"));
    assert!(!section.contains("The roof faces south"), "{section}");
}

#[tokio::test]
async fn a_secret_proposal_shows_no_positions() {
    let c = coop().await;
    let id = propose(&c.admin, "proposal", "", &[("secret", "true")]).await;
    for m in &c.members[..3] {
        assert_eq!(
            vote(m, id, &[("choice", "agree"), ("reason", "Mine alone")])
                .await
                .0,
            303
        );
    }
    let base = format!("/c/{SLUG}/proposals/{id}");
    let res = c.admin.submit(&base, &format!("{base}/close"), &[]).await;
    assert_eq!(res.status(), 303);
    let page = c.members[0].text(&base).await;
    assert!(page.contains("Results") || page.contains("results"));
    assert!(!page.contains("id=\"positions\""), "{page}");
    assert!(!page.contains("Mine alone"));
}
