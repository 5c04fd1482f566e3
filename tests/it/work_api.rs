//! Work entries, payout rules, runs and statements through the JSON API.

use crate::support::work::{RULE, adopt, coop};
use crate::support::*;

#[tokio::test]
async fn the_api_logs_reviews_runs_and_shows_statements() {
    let app = spawn_app().await;
    let c = coop(&app, "apiw").await;
    adopt(&app, c.id, RULE, Some("2025-01"));
    let token = |p: &crate::support::Person| {
        let t = collegia::crypto::new_token();
        let db = app.db.db();
        let mut conn = db.get().unwrap();
        collegia::storage::accounts::create_api_token(
            &mut conn,
            p.id,
            "t",
            &collegia::crypto::sha256_hex(&t),
            None,
        )
        .unwrap();
        t
    };
    let (alice, board) = (token(&c.alice), token(&c.board));
    let http = reqwest::Client::new();
    let url = |p: &str| app.url(&format!("/api/v1/coops/apiw{p}"));
    let res = http
        .post(url("/work"))
        .bearer_auth(&alice)
        .json(&serde_json::json!({"kind": "support_day", "date": "2026-10-04"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let id = res.json::<serde_json::Value>().await.unwrap()["id"]
        .as_i64()
        .unwrap();
    let res = http
        .post(url("/work"))
        .bearer_auth(&alice)
        .json(&serde_json::json!({"kind": "task", "title": "Huge", "estimate": 20}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    let res = http
        .post(url(&format!("/work/{id}/review")))
        .bearer_auth(&alice)
        .json(&serde_json::json!({"decision": "approve"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let res = http
        .post(url(&format!("/work/{id}/review")))
        .bearer_auth(&board)
        .json(&serde_json::json!({"decision": "approve"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    let rules: serde_json::Value = http
        .get(url("/payout-rules"))
        .bearer_auth(&alice)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(rules[0]["in_force_from"], "2025-01");
    let res = http
        .post(url("/payouts"))
        .bearer_auth(&board)
        .json(&serde_json::json!({"month": "2026-10", "surplus_cents": 1001, "currency": "eur"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let run: serde_json::Value = res.json().await.unwrap();
    assert_eq!(run["result"]["pool_cents"], 400);
    assert_eq!(
        run["result"]["lines"][0]["member"],
        c.alice.public_id.as_str()
    );
    let rid = run["id"].as_i64().unwrap();
    let res = http
        .post(url(&format!("/payouts/{rid}/confirm")))
        .bearer_auth(&board)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let st: serde_json::Value = http
        .get(url("/statements"))
        .bearer_auth(&alice)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(st[0]["amount_cents"], 400);
    assert_eq!(st[0]["share"], "1/1");
    assert_eq!(
        http.get(url("/payouts"))
            .bearer_auth(&alice)
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
}

/// End to end: the rule form's payload opened as a `payout_rule` proposal, everyone agrees,
/// the closing job adopts it, and it is the next version, linked to its proposal.
#[tokio::test]
async fn an_adopted_payout_rule_proposal_becomes_the_next_version() {
    use crate::support::voting::{SLUG, coop as voting_coop, propose, run_job_in, stored, vote};
    let c = voting_coop().await;
    let payload = r#"{"distributable_share":"2/5","effective_from":"2027-01","support_points_per_day":3,"task_max_points":8,"task_tolerance_points":1,"window_months":12}"#;
    let id = propose(
        &c.admin,
        "proposal",
        "",
        &[("decision_class", "payout_rule"), ("payload", payload)],
    )
    .await;
    for m in &c.members {
        let (status, body) = vote(m, id, &[("choice", "agree")]).await;
        assert_eq!(status, 303, "{body}");
    }
    let (status, body) = vote(&c.admin, id, &[("choice", "agree")]).await;
    assert_eq!(status, 303, "{body}");
    run_job_in(&c.app, 16);
    assert_eq!(stored(&c.app, id).verdict.as_deref(), Some("adopted"));
    let db = c.app.db.db();
    let mut conn = db.get().unwrap();
    let coop_id = collegia::storage::coops::by_slug(&mut conn, SLUG)
        .unwrap()
        .unwrap()
        .id;
    let versions = collegia::storage::payouts::rule_versions(&mut conn, coop_id).unwrap();
    assert_eq!(versions.len(), 1);
    assert_eq!(versions[0].proposal_id, Some(id));
    assert_eq!(versions[0].in_force_from.to_string(), "2027-01");
    assert_eq!(versions[0].rule.support_points_per_day, 3);
    let page = c.members[0].text(&format!("/c/{SLUG}/payout-rules")).await;
    assert!(
        page.contains(&format!("href=\"/c/{SLUG}/proposals/{id}\"")),
        "{page}"
    );
}
