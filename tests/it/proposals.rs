//! Proposals end to end: create, open (roll frozen, members mailed), vote and change the
//! vote, close by the job, result stored and mailed, results page, refusals.

use crate::support::voting::*;

#[tokio::test]
async fn a_proposal_opens_collects_changed_votes_and_closes_with_the_result_mailed() {
    let c = coop().await;
    let id = propose(&c.admin, "proposal", "", &[]).await;
    let p = stored(&c.app, id);
    assert_eq!(p.state.key(), "open");
    assert!(
        p.rules.is_some() && p.electorate.is_some(),
        "rules and electorate frozen"
    );
    // Everyone on the roll (admin + 6 members) is mailed, with a link to vote.
    let opened = mails(&c.app, "proposal_opened");
    assert_eq!(opened.len(), 7);
    assert!(opened[0].2.contains(&format!("/c/{SLUG}/proposals/{id}")));

    // m0 (workers) votes against, then changes to agree; m2 (beneficiaries) agrees.
    assert_eq!(
        vote(&c.members[0], id, &[("choice", "disagree")]).await.0,
        303
    );
    assert_eq!(vote(&c.members[0], id, &[("choice", "agree")]).await.0, 303);
    assert_eq!(vote(&c.members[2], id, &[("choice", "agree")]).await.0, 303);
    let page = c.members[0]
        .text(&format!("/c/{SLUG}/proposals/{id}"))
        .await;
    assert!(
        page.contains("2 counted ballots"),
        "one ballot per voter: {page}"
    );

    // Not due yet: the job leaves it open.
    run_job_in(&c.app, 0);
    assert_eq!(stored(&c.app, id).state.key(), "open");
    run_job_in(&c.app, 4);
    let p = stored(&c.app, id);
    assert_eq!(p.state.key(), "closed");
    assert_eq!(p.verdict.as_deref(), Some("adopted"));
    assert!(p.result.unwrap().contains("collegia-result/1"));
    // Closing twice does nothing.
    assert_eq!(run_job_in(&c.app, 5), 0);
    let results = mails(&c.app, "proposal_result");
    assert_eq!(results.len(), 7);
    assert!(results[0].1.contains("Adopted"), "{:?}", results[0]);
    assert!(
        results[0].2.contains("Salariés et producteurs: "),
        "per-college lines, by the rulebook's names: {}",
        results[0].2
    );

    let page = c.members[4]
        .text(&format!("/c/{SLUG}/proposals/{id}"))
        .await;
    assert!(page.contains("Adopted") && page.contains("<svg"), "{page}");
    assert!(page.contains("Bénéficiaires"), "colleges by name: {page}");
    // Voting after closing is refused.
    let (status, body) = vote(&c.members[4], id, &[("choice", "agree")]).await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("not open"));
}

#[tokio::test]
async fn colleges_that_may_not_propose_are_refused_and_methods_follow_the_class() {
    let c = coop().await;
    // Beneficiaries may not propose under SCIC.
    let text = c.members[2].text(&format!("/c/{SLUG}/proposals/new")).await;
    assert!(text.contains("does not let your college propose"), "{text}");
    let res = c.members[2]
        .submit(
            &format!("/c/{SLUG}/proposals"),
            &format!("/c/{SLUG}/proposals"),
            &[("title", "x")],
        )
        .await;
    assert_eq!(res.status(), 422);
    // Extraordinary decisions only allow `proposal`.
    let fields = vec![
        ("title".to_string(), "Merge".to_string()),
        ("decision_class".into(), "extraordinary".into()),
        ("method".into(), "single".into()),
        ("options".into(), "a\nb".into()),
        ("closes_at".into(), local_in(3)),
    ];
    let new = format!("/c/{SLUG}/proposals/new");
    let res = c.members[0]
        .submit_owned(&new, &format!("/c/{SLUG}/proposals"), fields)
        .await;
    assert_eq!(res.status(), 422);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("does not allow this method")
    );
}

#[tokio::test]
async fn invalid_ballots_are_refused_saying_what_is_wrong() {
    let c = coop().await;
    let id = propose(&c.admin, "dot", "Lyon\nParis", &[]).await;
    let (status, body) = vote(&c.members[0], id, &[("opt-0", "8"), ("opt-1", "5")]).await;
    assert_eq!(status, 422);
    assert!(
        body.contains("You gave out more points than the 10 you have."),
        "{body}"
    );
    // In the voter's language, as every refusal a form can lead to.
    {
        let db = c.app.db.db();
        let mut conn = db.get().unwrap();
        collegia::storage::accounts::set_locale(
            &mut conn,
            c.members[1].id,
            Some(collegia::i18n::Locale::Fr),
        )
        .unwrap();
    }
    let (status, body) = vote(&c.members[1], id, &[("opt-0", "11")]).await;
    assert_eq!(status, 422);
    assert!(
        body.contains("Vous avez réparti plus de points que les 10 dont vous disposez."),
        "{body}"
    );
    let consent = propose(&c.admin, "consent", "", &[]).await;
    let (status, body) = vote(&c.members[1], consent, &[]).await;
    assert_eq!(status, 422);
    assert!(
        body.contains("Choisissez une des réponses avant de voter."),
        "{body}"
    );
    let (status, _) = vote(&c.members[0], id, &[("opt-0", "6"), ("opt-1", "4")]).await;
    assert_eq!(status, 303);
    let id = propose(&c.admin, "ranked", "a\nb\nc", &[]).await;
    let (status, body) = vote(&c.members[0], id, &[("opt-0", "1"), ("opt-1", "1")]).await;
    assert_eq!(status, 422);
    assert!(body.contains("same position"), "{body}");
}

#[tokio::test]
async fn my_open_votes_lists_what_awaits_with_deadlines() {
    let c = coop().await;
    let id = propose(&c.admin, "consent", "", &[("title", "Adopt the logo")]).await;
    let page = c.members[1].text(&format!("/c/{SLUG}/votes")).await;
    assert!(
        page.contains("Adopt the logo") && page.contains("awaiting your vote"),
        "{page}"
    );
    assert_eq!(
        vote(&c.members[1], id, &[("choice", "stand_aside")])
            .await
            .0,
        303
    );
    let page = c.members[1].text(&format!("/c/{SLUG}/votes")).await;
    assert!(!page.contains("awaiting your vote"), "{page}");
}

#[tokio::test]
async fn the_board_closes_early_extends_and_sees_who_has_not_voted() {
    let c = coop().await;
    let id = propose(&c.admin, "proposal", "", &[]).await;
    let page = c.admin.text(&format!("/c/{SLUG}/proposals/{id}")).await;
    assert!(page.contains("7 members have not voted yet"), "{page}");
    let base = format!("/c/{SLUG}/proposals/{id}");
    let res = c
        .admin
        .submit(
            &base,
            &format!("{base}/extend"),
            &[("closes_at", &local_in(5))],
        )
        .await;
    assert_eq!(res.status(), 303);
    // Members may not.
    let res = c.members[0]
        .submit(&base, &format!("{base}/close"), &[])
        .await;
    assert_eq!(res.status(), 403);
    let res = c.admin.submit(&base, &format!("{base}/close"), &[]).await;
    assert_eq!(res.status(), 303);
    let p = stored(&c.app, id);
    assert_eq!(p.state.key(), "closed");
    assert_eq!(p.verdict.as_deref(), Some("no_quorum"));
    let audit = c.admin.text(&format!("/c/{SLUG}/audit")).await;
    assert!(
        audit.contains("proposal.extended") && audit.contains("proposal.closed_early"),
        "{audit}"
    );
}

#[tokio::test]
async fn one_reminder_goes_a_day_before_closing_to_those_who_have_not_voted() {
    let c = coop().await;
    let id = propose(&c.admin, "proposal", "", &[]).await;
    assert_eq!(vote(&c.members[0], id, &[("choice", "agree")]).await.0, 303);
    // Closing is 3 days away: nothing yet.
    run_job_in(&c.app, 0);
    assert!(mails(&c.app, "reminder").is_empty());
    // Two days later closing is within 24 hours: one reminder each, to the 6 who have not voted.
    run_job_in(&c.app, 2);
    run_job_in(&c.app, 2);
    let reminders = mails(&c.app, "reminder");
    assert_eq!(reminders.len(), 6);
    assert!(reminders.iter().all(|(to, _, _)| to != "m0@example.org"));
    assert_eq!(stored(&c.app, id).state.key(), "open");

    // The board gives three more days: everyone on the roll hears of it, and the reminder
    // goes again the day before the new closing.
    let base = format!("/c/{SLUG}/proposals/{id}");
    let res = c
        .admin
        .submit(
            &base,
            &format!("{base}/extend"),
            &[("closes_at", &local_in(6))],
        )
        .await;
    assert_eq!(res.status(), 303);
    let extended: Vec<_> = mails(&c.app, "reminder")
        .into_iter()
        .filter(|(_, subject, _)| subject.starts_with("More time to vote"))
        .collect();
    assert_eq!(extended.len(), 7, "{extended:?}");
    assert!(extended[0].2.contains("it now closes"), "{extended:?}");
    run_job_in(&c.app, 3);
    assert_eq!(
        mails(&c.app, "reminder").len(),
        6 + 7,
        "not yet: closing is 3 days away"
    );
    run_job_in(&c.app, 5);
    assert_eq!(mails(&c.app, "reminder").len(), 6 + 7 + 6);
}

#[tokio::test]
async fn a_proposal_set_to_open_later_opens_when_the_job_reaches_its_time() {
    let c = coop().await;
    let id = propose(&c.admin, "proposal", "", &[("opens_at", &local_in(1))]).await;
    assert_eq!(stored(&c.app, id).state.key(), "scheduled");
    assert!(mails(&c.app, "proposal_opened").is_empty());
    let (status, _) = vote(&c.members[0], id, &[("choice", "agree")]).await;
    assert_eq!(status, 422, "not open yet: the vote is refused");
    assert!(stored(&c.app, id).rules.is_none());
    run_job_in(&c.app, 1);
    let p = stored(&c.app, id);
    assert_eq!(p.state.key(), "open");
    assert!(p.rules.is_some());
    assert_eq!(mails(&c.app, "proposal_opened").len(), 7);
}

#[tokio::test]
async fn the_servers_own_job_closes_a_proposal_when_its_clock_moves_fourteen_days_on() {
    let c = coop().await;
    let id = propose(&c.admin, "proposal", "", &[]).await;
    assert_eq!(vote(&c.members[0], id, &[("choice", "agree")]).await.0, 303);
    // No job is called by the test: the server's loop (every second here) runs on its clock.
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    assert_eq!(stored(&c.app, id).state.key(), "open", "3 days to go");
    assert!(c.app.clock.advance(chrono::Duration::days(14)));
    let mut state = String::new();
    for _ in 0..100 {
        state = stored(&c.app, id).state.key().to_string();
        if state == "closed" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(
        state, "closed",
        "closed by the job within 10 s of the clock moving"
    );
    // A vote at the server's time, after closing, is refused.
    let (status, body) = vote(&c.members[2], id, &[("choice", "agree")]).await;
    assert_eq!(status, 422, "{body}");
}
