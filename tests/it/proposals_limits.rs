//! Caps that keep a proposal (and its ballot form) small: score range, number and length of
//! options, dots per voter; refused with a clear message on the form and through the API.

use crate::support::voting::token;
use crate::support::voting::*;
use serde_json::json;

/// What the form answers to a proposal with `fields`: status and body.
async fn try_form(c: &Coop, method: &str, fields: &[(&str, &str)]) -> (u16, String) {
    let closes = local_in(3);
    let mut all = vec![
        ("title", "Capped"),
        ("decision_class", "ordinary"),
        ("method", method),
        ("options", "A\nB"),
        ("closes_at", closes.as_str()),
    ];
    for (k, v) in fields {
        all.retain(|(f, _)| f != k);
        all.push((k, v));
    }
    let res = c
        .admin
        .submit(
            &format!("/c/{SLUG}/proposals/new"),
            &format!("/c/{SLUG}/proposals"),
            &all,
        )
        .await;
    (res.status().as_u16(), res.text().await.unwrap())
}

#[tokio::test]
async fn huge_proposals_are_refused_on_the_form_and_through_the_api() {
    let c = coop().await;
    let many: Vec<String> = (0..51).map(|i| format!("Option {i}")).collect();
    let many = many.join("\n");
    let fifty: Vec<String> = (0..50).map(|i| format!("Option {i}")).collect();
    let fifty = fifty.join("\n");
    let long = format!("A\n{}", "x".repeat(201));
    let refused = [
        (
            "score",
            vec![("score_min", "0"), ("score_max", "100")],
            "at most 100 scores",
        ),
        (
            "score",
            vec![
                ("score_min", "-9223372036854775808"),
                ("score_max", "9223372036854775807"),
            ],
            "at most 100 scores",
        ),
        (
            "single",
            vec![("options", many.as_str())],
            "at most 50 options",
        ),
        (
            "approval",
            vec![("options", long.as_str())],
            "at most 200 characters",
        ),
        (
            "dot",
            vec![("dots_per_voter", "1001")],
            "between 1 and 1000 dots",
        ),
    ];
    for (method, fields, message) in &refused {
        let (status, body) = try_form(&c, method, fields).await;
        assert_eq!(status, 422, "{method} {fields:?}");
        assert!(body.contains(message), "{method} {fields:?}: {body}");
    }
    // At the caps: accepted, and the ballot form lists exactly the range.
    let at_caps = [
        ("score", vec![("score_min", "0"), ("score_max", "99")]),
        ("single", vec![("options", fifty.as_str())]),
        ("dot", vec![("dots_per_voter", "1000")]),
    ];
    for (method, fields) in &at_caps {
        let (status, body) = try_form(&c, method, fields).await;
        assert_eq!(status, 303, "{method} {fields:?}: {body}");
    }
    let list = c.admin.text(&format!("/c/{SLUG}/proposals")).await;
    assert_eq!(list.matches("Capped").count(), 3, "{list}");

    // The API goes through the same checks, with the key and the sentence.
    let api = format!("{}/api/v1/coops/{SLUG}/proposals", c.app.address);
    let t = token(&c, c.admin.id);
    let res = reqwest::Client::new()
        .post(&api)
        .bearer_auth(&t)
        .json(
            &json!({"title": "Wide", "method": "score", "options": "A\nB",
            "score_min": 1, "score_max": 1000, "decision_class": "ordinary",
            "closes_at": local_in(3)}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 409);
    let body = res.text().await.unwrap();
    assert!(body.contains("\"code\":\"score_range_too_wide\""), "{body}");
    assert!(body.contains("at most 100 scores"), "{body}");
}

#[tokio::test]
async fn a_wide_score_range_stored_before_the_cap_still_gives_a_small_ballot_form() {
    let c = coop().await;
    let db = c.app.db.db();
    let mut conn = db.get().unwrap();
    let now = collegia::storage::now();
    let coop = collegia::storage::coops::by_slug(&mut conn, SLUG)
        .unwrap()
        .unwrap();
    let new = collegia::storage::proposals::NewProposal {
        coop_id: coop.id,
        thread_id: None,
        author_id: Some(c.admin.id),
        title: "Rate from zero to a billion".into(),
        details: String::new(),
        method: collegia::domain::election::Method::Score,
        options: vec!["A".into(), "B".into()],
        ranked_rule: collegia::domain::election::RankedRule::Schulze,
        score_min: 0,
        score_max: 1_000_000_000,
        dots_per_voter: None,
        decision_class: collegia::domain::rulebook::DecisionClass::Ordinary,
        call: collegia::domain::rulebook::Call::First,
        reruns_id: None,
        opens_at: now,
        closes_at: now + chrono::Duration::days(3),
        state: collegia::domain::proposal_state::ProposalState::Scheduled,
        secret: false,
        results_visibility: collegia::domain::proposal_state::ResultsVisibility::AfterClose,
        reason_required: false,
        payload: None,
        created_at: now,
    };
    let id =
        collegia::storage::write_tx(&mut conn, |c| collegia::storage::proposals::insert(c, &new))
            .unwrap();
    let mail = mail_context(&c.app);
    collegia::storage::write_tx(&mut conn, |c| {
        collegia::proposals::closing::open(c, &mail, id, now)
    })
    .unwrap();
    let page = c.members[0]
        .text(&format!("/c/{SLUG}/proposals/{id}"))
        .await;
    assert!(page.len() < 100_000, "{} bytes", page.len());
    assert!(
        page.contains("type=\"number\" min=\"0\" max=\"1000000000\""),
        "a number field instead of a billion options"
    );
    let (status, body) = vote(&c.members[0], id, &[("opt-0", "123456789")]).await;
    assert_eq!(status, 303, "{body}");
}
