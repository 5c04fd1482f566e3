//! Positions: who chose what and why, on proposals that are not secret, once the reader may
//! see the results; filtered by choice and by college; never on a secret proposal.

use crate::support::voting::*;
use crate::support::{admit, person};

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

/// The Positions section of a page.
fn positions_of(page: &str) -> &str {
    let at = page.find("id=\"positions\"").expect("a Positions section");
    &page[at..]
}

/// The line (`<li>`) of the section that names `who`.
fn line_of<'a>(section: &'a str, who: &str) -> &'a str {
    section
        .split("<li>")
        .find(|l| l.contains(who))
        .unwrap_or_else(|| panic!("no line for {who}: {section}"))
}

#[tokio::test]
async fn a_changed_vote_says_so_with_its_time_and_comes_first() {
    let c = coop().await;
    let id = propose(&c.admin, "proposal", "", &[("results_visibility", "live")]).await;
    let base = format!("/c/{SLUG}/proposals/{id}");
    for (m, choice) in [(0, "agree"), (2, "disagree")] {
        let (status, body) = vote(&c.members[m], id, &[("choice", choice)]).await;
        assert_eq!(status, 303, "{body}");
    }
    let page = c.members[4].text(&base).await;
    assert!(
        !positions_of(&page).contains("changed their vote"),
        "{page}"
    );
    c.app.clock.advance(chrono::Duration::hours(2));
    let (status, body) = vote(
        &c.members[0],
        id,
        &[("choice", "disagree"), ("reason", "On second thought")],
    )
    .await;
    assert_eq!(status, 303, "{body}");
    let page = c.members[4].text(&base).await;
    let section = positions_of(&page);
    let changed = line_of(section, "Member 0");
    assert!(changed.contains("changed their vote"), "{changed}");
    assert!(changed.contains("On second thought"), "{changed}");
    // The choice in words, never its stored key.
    assert!(
        changed.contains("<strong class=\"choice\">Disagree</strong>"),
        "{changed}"
    );
    assert!(!line_of(section, "Member 2").contains("changed their vote"));
    // Latest first: the changed vote now leads.
    assert!(
        section.find("Member 0") < section.find("Member 2"),
        "{section}"
    );
    // In French too.
    let fr = c.members[4]
        .client
        .get(format!("{}{base}", c.members[4].base))
        .header("accept-language", "fr")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(fr.contains("a changé son vote"), "{fr}");
    assert!(
        fr.contains("<strong class=\"choice\">Contre</strong>"),
        "{fr}"
    );
}

#[tokio::test]
async fn secret_ballots_keep_no_instant_to_link_them() {
    use collegia::storage::schema::ballots;
    use diesel::prelude::*;
    let c = coop().await;
    let id = propose(&c.admin, "proposal", "", &[("secret", "true")]).await;
    for choice in ["agree", "disagree"] {
        assert_eq!(vote(&c.members[0], id, &[("choice", choice)]).await.0, 303);
    }
    assert_eq!(vote(&c.members[2], id, &[("choice", "agree")]).await.0, 303);
    let base = format!("/c/{SLUG}/proposals/{id}");
    let res = c.admin.submit(&base, &format!("{base}/close"), &[]).await;
    assert_eq!(res.status(), 303);
    let db = c.app.db.db();
    let mut conn = db.get().unwrap();
    type Instants = (Option<chrono::NaiveDateTime>, Option<chrono::NaiveDateTime>);
    let rows: Vec<Instants> = ballots::table
        .filter(ballots::proposal_id.eq(id))
        .select((ballots::cast_at, ballots::first_cast_at))
        .load(&mut **conn)
        .unwrap();
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().all(|r| *r == (None, None)), "{rows:?}");
}

#[tokio::test]
async fn positions_come_fifty_a_page_with_an_older_link_that_keeps_the_filters() {
    let c = coop().await;
    let mut voters = vec![];
    for i in 0..54 {
        let p = person(
            &c.app,
            &format!("v{i}@example.org"),
            &format!("Voter {i:02}"),
            false,
        );
        admit(&c.app, SLUG, p.id, Some("workers"), false, false);
        voters.push(p);
    }
    // Fresh clients after the setup: an idle pooled connection may have been closed meanwhile.
    let admin = person(&c.app, "admin@example.org", "Ada Admin", true);
    let id = propose(&admin, "proposal", "", &[("results_visibility", "live")]).await;
    for (i, v) in voters.iter().enumerate() {
        let choice = if i % 9 == 0 { "disagree" } else { "agree" };
        assert_eq!(vote(v, id, &[("choice", choice)]).await.0, 303);
        if i % 10 == 0 {
            c.app.clock.advance(chrono::Duration::minutes(1));
        }
    }
    let base = format!("/c/{SLUG}/proposals/{id}");
    let reader = person(&c.app, "m0@example.org", "Member 0", false);
    let first = reader
        .text(&format!("{base}?college=workers&choice=%22agree%22"))
        .await;
    let section = positions_of(&first);
    let agree: Vec<usize> = (0..54).filter(|i| i % 9 != 0).collect();
    assert_eq!(agree.len(), 48);
    // 48 agree: one page, no link.
    assert!(!section.contains("rel=\"next\""), "{section}");
    for i in &agree {
        assert!(section.contains(&format!("Voter {i:02}")));
    }
    // All 54 workers' voters (and no other): 50, then 4 older.
    let first = reader.text(&format!("{base}?college=workers")).await;
    let section = positions_of(&first);
    let shown = |s: &str| -> Vec<usize> {
        (0..54)
            .filter(|i| s.contains(&format!("Voter {i:02}")))
            .collect()
    };
    assert_eq!(shown(section), (4..54).collect::<Vec<_>>(), "latest first");
    assert!(
        section.find("Voter 53") < section.find("Voter 04"),
        "{section}"
    );
    let at = section.find("rel=\"next\" href=\"").expect("an Older link") + 17;
    let href = section[at..][..section[at..].find('"').unwrap()].replace("&amp;", "&");
    assert!(href.contains("college=workers"), "{href}");
    assert!(href.contains("older="), "{href}");
    let older = reader.text(&href).await;
    let section = positions_of(&older);
    assert_eq!(shown(section), (0..4).collect::<Vec<_>>());
    assert!(!section.contains("rel=\"next\""), "{section}");
    assert!(section.contains("Latest positions"));
    // A cursor that is not one shows the latest page, never an error.
    let res = reader.get(&format!("{base}?older=nonsense_x")).await;
    assert_eq!(res.status(), 200);
    assert!(positions_of(&res.text().await.unwrap()).contains("Voter 53"));
}

#[tokio::test]
async fn members_see_who_has_not_voted_unless_the_coop_turns_it_off() {
    let c = coop().await;
    let id = propose(&c.admin, "proposal", "", &[]).await;
    assert_eq!(vote(&c.members[0], id, &[("choice", "agree")]).await.0, 303);
    let base = format!("/c/{SLUG}/proposals/{id}");
    // Results after closing: no positions yet, but who has not voted is shown to members.
    let page = c.members[0].text(&base).await;
    assert!(!page.contains("id=\"positions\""));
    let at = page.find("id=\"not-voted\"").expect("Not voted yet");
    let part = &page[at..];
    assert!(
        part.contains("Member 5") && part.contains("Ada Admin"),
        "{part}"
    );
    assert!(!part[..part.find("</section>").unwrap()].contains("Member 0"));
    // The board sees it once, in the same place.
    let board = c.admin.text(&base).await;
    assert_eq!(
        board.matches("members have not voted yet").count(),
        1,
        "{board}"
    );

    // Members may not change the setting; the board may.
    let settings = format!("/c/{SLUG}/settings");
    assert_eq!(c.members[0].get(&settings).await.status(), 403);
    let res = c.admin.submit(&settings, &settings, &[]).await;
    assert_eq!(res.status(), 303);
    let page = c.admin.text(&settings).await;
    assert!(!page.contains("checked"), "{page}");
    let page = c.members[0].text(&base).await;
    assert!(!page.contains("id=\"not-voted\""));
    assert!(!page.contains("Member 5"), "{page}");
    let board = c.admin.text(&base).await;
    assert!(board.contains("members have not voted yet") && board.contains("Member 5"));
    let res = c
        .admin
        .submit(&settings, &settings, &[("show_not_voted", "on")])
        .await;
    assert_eq!(res.status(), 303);
    assert!(c.members[0].text(&base).await.contains("id=\"not-voted\""));

    // Secret: the board alone sees who has voted.
    let secret = propose(&c.admin, "proposal", "", &[("secret", "true")]).await;
    let base = format!("/c/{SLUG}/proposals/{secret}");
    let page = c.members[0].text(&base).await;
    assert!(!page.contains("id=\"not-voted\"") && !page.contains("Member 5"));
    assert!(
        c.admin
            .text(&base)
            .await
            .contains("members have not voted yet")
    );
}
