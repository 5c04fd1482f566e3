//! A proposal's lifecycle through the pages: withdraw (nothing tallied, voters told), remind
//! now (once a day), edit (ballots stay, options locked once voted, closing time rules, the
//! history's diff), make a copy, reopen (closes and seals again, both results in history).

use crate::support::voting::*;
use crate::support::*;
use chrono::Duration;
use collegia::domain::proposal_state::ProposalState;

/// A time `hours` from now, as typed in the co-op's zone.
fn local_in_hours(hours: i64) -> String {
    (chrono::Utc::now() + Duration::hours(hours))
        .with_timezone(&chrono_tz::Europe::Paris)
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

fn page(id: i64) -> String {
    format!("/c/{SLUG}/proposals/{id}")
}

/// Runs the closing job at the server's own (moved) time.
fn job_now(c: &Coop) -> usize {
    let db = c.app.db.db();
    collegia::jobs::proposals_pass(&db, &mail_context(&c.app), c.app.clock.now()).unwrap()
}

async fn post(who: &Person, id: i64, action: &str, fields: &[(&str, &str)]) -> (u16, String) {
    let res = who
        .submit(&page(id), &format!("{}/{action}", page(id)), fields)
        .await;
    (res.status().as_u16(), res.text().await.unwrap())
}

#[tokio::test]
async fn a_withdrawn_proposal_is_never_tallied_and_its_voters_are_told_why() {
    let c = coop().await;
    let author = &c.members[0];
    let id = propose(author, "proposal", "", &[]).await;
    assert_eq!(vote(&c.members[2], id, &[("choice", "agree")]).await.0, 303);
    // Neither the author nor the board: refused.
    let (status, _) = post(&c.members[1], id, "withdrawal", &[("reason", "No")]).await;
    assert_eq!(status, 403);
    // A reason is required, and said beside the form.
    let (status, body) = post(author, id, "withdrawal", &[("reason", "  ")]).await;
    assert_eq!(status, 422);
    assert!(body.contains("Say why the proposal is withdrawn"), "{body}");
    let (status, body) = post(
        author,
        id,
        "withdrawal",
        &[("reason", "We found a cheaper van")],
    )
    .await;
    assert_eq!(status, 303, "{body}");
    assert_eq!(stored(&c.app, id).state, ProposalState::Withdrawn);
    // Twice: it is no longer open.
    let (status, _) = post(author, id, "withdrawal", &[("reason", "Again")]).await;
    assert_eq!(status, 422);

    let shown = c.members[3].text(&page(id)).await;
    assert!(
        shown.contains("Withdrawn on") && shown.contains("by Member 0: We found a cheaper van"),
        "{shown}"
    );
    assert!(
        shown.contains("Withdrawn: We found a cheaper van"),
        "history: {shown}"
    );
    assert!(
        !shown.contains(&format!("{}/vote\"", page(id))),
        "no ballot form: {shown}"
    );
    assert!(
        !shown.contains("Results will be shown"),
        "nothing to wait for: {shown}"
    );

    // An extension posted by hand changes nothing: it is over.
    let before = stored(&c.app, id).closes_at;
    let (_, _) = post(&c.admin, id, "extend", &[("closes_at", &local_in(9))]).await;
    assert_eq!(stored(&c.app, id).closes_at, before);

    // The closing time passes: nothing is tallied.
    c.app.clock.advance(Duration::days(5));
    job_now(&c);
    let p = stored(&c.app, id);
    assert_eq!(p.state, ProposalState::Withdrawn);
    assert!(p.result.is_none() && p.verdict.is_none());
    let told = mails(&c.app, "proposal_result");
    assert!(
        told.iter().all(|(_, s, _)| s.starts_with("Withdrawn:")),
        "{told:?}"
    );
    // Everyone on the roll (the admin and six members) is told, with the reason.
    assert_eq!(told.len(), 7, "{told:?}");
    assert!(
        told[0].2.contains("We found a cheaper van"),
        "{}",
        told[0].2
    );
    // Lists do not show it as open.
    let list = c.members[3].text(&format!("/c/{SLUG}/proposals")).await;
    assert!(list.contains("Withdrawn"), "{list}");
}

#[tokio::test]
async fn remind_now_goes_to_those_who_have_not_voted_at_most_once_a_day() {
    let c = coop().await;
    let id = propose(&c.admin, "proposal", "", &[]).await;
    assert_eq!(vote(&c.members[0], id, &[("choice", "agree")]).await.0, 303);
    assert_eq!(post(&c.members[1], id, "remind", &[]).await.0, 403);
    assert_eq!(post(&c.admin, id, "remind", &[]).await.0, 303);
    let sent = mails(&c.app, "reminder");
    assert_eq!(sent.len(), 6, "all but the voter: {sent:?}");
    assert!(!sent.iter().any(|(to, _, _)| to == "m0@example.org"));
    let (status, body) = post(&c.admin, id, "remind", &[]).await;
    assert_eq!(status, 422);
    assert!(
        body.contains("A reminder went out less than 24 hours ago"),
        "{body}"
    );
    assert_eq!(mails(&c.app, "reminder").len(), 6);
    c.app.clock.advance(Duration::hours(25));
    assert_eq!(post(&c.admin, id, "remind", &[]).await.0, 303);
    assert_eq!(mails(&c.app, "reminder").len(), 12);
    let shown = c.admin.text(&page(id)).await;
    assert_eq!(
        shown
            .matches("Those who had not voted were reminded")
            .count(),
        2
    );
}

#[tokio::test]
async fn an_edit_keeps_ballots_and_history_and_follows_the_closing_rules() {
    let c = coop().await;
    let author = &c.members[0];
    let id = propose(author, "single", "Red van\nBlue van", &[]).await;
    let edit = format!("{}/edit", page(id));
    assert_eq!(c.members[1].get(&edit).await.status(), 403);
    let form = author.text(&edit).await;
    assert!(
        form.contains("value=\"Vote by single\"") && form.contains("Red van\nBlue van"),
        "{form}"
    );
    let closes = local_in(3);
    let fields = |details: &'static str, options: &'static str, closes: String| {
        vec![
            ("title".to_string(), "Vote by single".to_string()),
            ("details".to_string(), details.to_string()),
            ("options".to_string(), options.to_string()),
            ("closes_at".to_string(), closes),
        ]
    };
    // Options change while nobody has voted.
    let res = author
        .submit_owned(
            &edit,
            &edit,
            fields("Some *details*", "Red van\nBlue van\nBike", closes.clone()),
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(stored(&c.app, id).options.len(), 3);
    assert_eq!(vote(&c.members[2], id, &[("choice", "Bike")]).await.0, 303);
    let res = author
        .submit_owned(
            &edit,
            &edit,
            fields("Some *details*", "Red van\nBlue van", closes.clone()),
        )
        .await;
    assert_eq!(res.status(), 422);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("the options can no longer change")
    );
    // Earlier than the class's minimum open period (24 hours): refused, naming it.
    let res = author
        .submit_owned(
            &edit,
            &edit,
            fields("Some *details*", "", local_in_hours(12)),
        )
        .await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("at least 24 hours"));
    // The details change; the ballot stays; voters are told.
    let res = author
        .submit_owned(
            &edit,
            &edit,
            fields("Some *other* details", "", local_in(2)),
        )
        .await;
    assert_eq!(res.status(), 303);
    let shown = c.members[3].text(&page(id)).await;
    assert!(shown.contains("One counted ballot."), "{shown}");
    assert!(
        shown.contains("<del><span class=\"visually-hidden\">[removed: </span>details")
            || shown.contains("*details*"),
        "{shown}"
    );
    assert!(
        shown.contains("<ins>") && shown.contains("other"),
        "{shown}"
    );
    assert!(shown.contains("Closing time moved from"), "{shown}");
    let told = mails(&c.app, "proposal_opened");
    assert!(
        told.iter()
            .any(|(_, s, _)| s == "“Vote by single” has changed"),
        "{told:?}"
    );

    // A statute-level class: an edit may only move its closing time later.
    let payload = crate::support::scic().to_json_pretty();
    let rules = propose(
        &c.admin,
        "proposal",
        "",
        &[("decision_class", "rules_change"), ("payload", &payload)],
    )
    .await;
    let edit = format!("{}/edit", page(rules));
    let res = c
        .admin
        .submit_owned(&edit, &edit, fields("Some *details*", "", local_in(14)))
        .await;
    assert_eq!(res.status(), 422);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("an edit may only move its closing time later")
    );
    let res = c
        .admin
        .submit_owned(&edit, &edit, fields("Some *details*", "", local_in(20)))
        .await;
    assert_eq!(res.status(), 303);
}

#[tokio::test]
async fn a_copy_prefills_the_new_proposal_form() {
    let c = coop().await;
    let id = propose(
        &c.admin,
        "approval",
        "Solar\nWind",
        &[("reason_required", "true")],
    )
    .await;
    let res = c.members[0].get(&format!("{}/copy", page(id))).await;
    assert_eq!(res.status(), 303);
    let to = res.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(to, format!("/c/{SLUG}/proposals/new?copy={id}"));
    let form = c.members[0].text(&to).await;
    assert!(
        form.contains("value=\"Copy of Vote by approval\""),
        "{form}"
    );
    assert!(
        form.contains("Solar\nWind") && form.contains("Some *details*"),
        "{form}"
    );
}

#[tokio::test]
async fn a_reopened_proposal_closes_and_seals_again_with_both_results_in_history() {
    let c = coop().await;
    let id = propose(&c.admin, "proposal", "", &[]).await;
    let secret = propose(&c.admin, "proposal", "", &[("secret", "true")]).await;
    let payload = crate::support::scic().to_json_pretty();
    let rules = propose(
        &c.admin,
        "proposal",
        "",
        &[("decision_class", "rules_change"), ("payload", &payload)],
    )
    .await;
    for m in &c.members[..3] {
        assert_eq!(vote(m, id, &[("choice", "agree")]).await.0, 303);
    }
    c.app.clock.advance(Duration::days(4));
    job_now(&c);
    let first = stored(&c.app, id);
    assert_eq!(first.state, ProposalState::Closed);
    let first_verdict = first.verdict.clone().unwrap();
    assert_eq!(
        post(&c.members[0], id, "reopen", &[("closes_at", &local_in(7))])
            .await
            .0,
        403
    );
    let (status, body) = post(&c.admin, id, "reopen", &[("closes_at", &local_in(7))]).await;
    assert_eq!(status, 303, "{body}");
    let p = stored(&c.app, id);
    assert_eq!(p.state, ProposalState::Open);
    assert!(p.result.is_none());
    // The ballots stay; another is cast; the next closing tallies and seals again.
    assert_eq!(
        vote(&c.members[3], id, &[("choice", "disagree")]).await.0,
        303
    );
    c.app.clock.advance(Duration::days(4));
    job_now(&c);
    let second = stored(&c.app, id);
    assert_eq!(second.state, ProposalState::Closed);
    assert!(second.result.is_some());
    let shown = c.admin.text(&page(id)).await;
    assert!(shown.contains("Reopened until"), "{shown}");
    assert!(shown.contains("Seal of the earlier result"), "{shown}");
    assert_eq!(
        shown.matches("Closed: ").count(),
        2,
        "{first_verdict}: {shown}"
    );
    // Both seals in the audit trail, and the latest one checks.
    let db = c.app.db.db();
    let mut conn = db.get().unwrap();
    let coop = collegia::storage::coops::by_slug(&mut conn, SLUG)
        .unwrap()
        .unwrap();
    let closed = collegia::storage::audit::of_kind(&mut conn, coop.id, "proposal.closed").unwrap();
    let ours = closed
        .iter()
        .filter(|e| e.data.contains(&format!("\"proposal\":{id},")))
        .count();
    assert_eq!(ours, 2, "{closed:?}");
    assert!(
        collegia::proposals::seal::check(&mut conn, coop.id)
            .unwrap()
            .is_empty()
    );

    // Never a secret one, never a statute-level one.
    c.app.clock.advance(Duration::days(8));
    job_now(&c);
    for other in [secret, rules] {
        assert_eq!(stored(&c.app, other).state, ProposalState::Closed);
        let (status, body) = post(&c.admin, other, "reopen", &[("closes_at", &local_in(30))]).await;
        assert_eq!(status, 422);
        assert!(body.contains("Only a closed, ordinary proposal"), "{body}");
    }
}

#[tokio::test]
async fn the_api_edits_reminds_withdraws_copies_and_tells_the_history() {
    use serde_json::{Value, json};
    let c = coop().await;
    let client = reqwest::Client::new();
    let api = |path: &str| format!("{}/api/v1/coops/{SLUG}{path}", c.app.address);
    let author = token(&c, c.members[0].id);
    let other = token(&c, c.members[1].id);
    let admin = token(&c, c.admin.id);
    let id = propose(&c.members[0], "single", "Red\nBlue", &[]).await;
    let post = |t: &str, path: String, body: Value| {
        client
            .post(api(&path))
            .bearer_auth(t.to_string())
            .json(&body)
            .send()
    };
    let edit =
        json!({"title": "Paint the shed", "details": "Red or blue?", "closes_at": local_in(4)});
    let res = post(&other, format!("/proposals/{id}/edit"), edit.clone())
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let res = post(&author, format!("/proposals/{id}/edit"), edit)
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    assert_eq!(stored(&c.app, id).title, "Paint the shed");
    // Remind: the board only, once a day.
    let res = post(&author, format!("/proposals/{id}/remind"), json!({}))
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let res = post(&admin, format!("/proposals/{id}/remind"), json!({}))
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    let res = post(&admin, format!("/proposals/{id}/remind"), json!({}))
        .await
        .unwrap();
    assert_eq!(res.status(), 409);
    assert!(res.text().await.unwrap().contains("reminder_too_soon"));
    // The copy's input, then the withdrawal and the history.
    let get = |path: String, t: &str| {
        let req = client.get(api(&path)).bearer_auth(t.to_string());
        async move { req.send().await.unwrap().json::<Value>().await.unwrap() }
    };
    let copy = get(format!("/proposals/{id}/copy"), &other).await;
    assert_eq!(copy["title"], "Copy of Paint the shed");
    assert_eq!(copy["options"], "Red\nBlue");
    assert_eq!(copy["closes_at"], "");
    let res = post(
        &author,
        format!("/proposals/{id}/withdraw"),
        json!({"reason": ""}),
    )
    .await
    .unwrap();
    assert_eq!(res.status(), 409);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("withdraw_reason_required")
    );
    let res = post(
        &author,
        format!("/proposals/{id}/withdraw"),
        json!({"reason": "Done already"}),
    )
    .await
    .unwrap();
    assert_eq!(res.status(), 204);
    let res = post(
        &admin,
        format!("/proposals/{id}/reopen"),
        json!({"closes_at": local_in(5)}),
    )
    .await
    .unwrap();
    assert_eq!(res.status(), 409);
    let history = get(format!("/proposals/{id}/history"), &other).await;
    let kinds: Vec<&str> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["opened", "edited", "reminded", "withdrawn"],
        "{history}"
    );
    assert_eq!(history[3]["reason"], "Done already");
    assert_eq!(history[3]["by"], "Member 0");
    assert!(
        history[1]["title"].to_string().contains("\"added\""),
        "{history}"
    );
    // In the OpenAPI document, with their refusal codes.
    let doc: Value = client
        .get(format!("{}/api/v1/openapi.json", c.app.address))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let remind = &doc["paths"]["/api/v1/coops/{slug}/proposals/{id}/remind"]["post"];
    assert!(
        remind["x-refusal-codes"]
            .to_string()
            .contains("reminder_too_soon"),
        "{remind}"
    );
    assert!(doc["paths"]["/api/v1/coops/{slug}/proposals/{id}/history"]["get"].is_object());
}
