//! The proposals API: create, cast, change, withdraw, results and exports with a token.

use crate::support::voting::*;
use serde_json::{Value, json};

#[tokio::test]
async fn the_api_creates_casts_changes_withdraws_and_shows_results() {
    let c = coop().await;
    let client = reqwest::Client::new();
    let api = |path: &str| format!("{}/api/v1/coops/{SLUG}{path}", c.app.address);
    let admin = token(&c, c.admin.id);
    let res = client
        .post(api("/proposals"))
        .bearer_auth(&admin)
        .json(&json!({"title": "Paint", "method": "single", "options": "Red\nBlue",
                      "decision_class": "ordinary", "closes_at": local_in(3), "results_visibility": "live"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let m0 = token(&c, c.members[0].id);
    let cast = |t: &str, choice: Value| {
        client
            .post(api(&format!("/proposals/{id}/ballot")))
            .bearer_auth(t.to_string())
            .json(&json!({ "choice": choice }))
            .send()
    };
    assert_eq!(cast(&m0, json!("Red")).await.unwrap().status(), 204);
    assert_eq!(cast(&m0, json!("Blue")).await.unwrap().status(), 204);
    let bad = cast(&m0, json!("Green")).await.unwrap();
    assert_eq!(bad.status(), 409);
    assert!(bad.text().await.unwrap().contains("invalid_ballot"));
    let shown: Value = client
        .get(api(&format!("/proposals/{id}")))
        .bearer_auth(&m0)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        (shown["ballots"].as_i64(), shown["voted"].as_bool()),
        (Some(1), Some(true))
    );
    let results: Value = client
        .get(api(&format!("/proposals/{id}/results")))
        .bearer_auth(&m0)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(results["ranking"][0][0], "Blue", "{results}");
    let res = client
        .post(api(&format!("/proposals/{id}/ballot/withdraw")))
        .bearer_auth(&m0)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    let shown: Value = client
        .get(api(&format!("/proposals/{id}")))
        .bearer_auth(&m0)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(shown["ballots"].as_i64(), Some(0));
    // Named votes are the board's; the export waits for closing.
    let res = client
        .get(api(&format!("/proposals/{id}/votes")))
        .bearer_auth(&m0)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let res = client
        .get(api(&format!("/proposals/{id}/ballots.json")))
        .bearer_auth(&m0)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 409);
    assert_eq!(cast(&m0, json!("Red")).await.unwrap().status(), 204);
    let early = client
        .get(api(&format!("/proposals/{id}/votes")))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(early.status(), 409, "named votes wait for closing too");
    run_job_in(&c.app, 4);
    assert!(stored(&c.app, id).is_closed());
    let votes: Value = client
        .get(api(&format!("/proposals/{id}/votes")))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(votes[0]["member"], "Member 0");
    assert_eq!(votes[0]["choice"], "Red");
}

#[tokio::test]
async fn a_proposal_shows_the_payout_rule_it_would_enact() {
    let c = coop().await;
    let client = reqwest::Client::new();
    let api = |path: &str| format!("{}/api/v1/coops/{SLUG}{path}", c.app.address);
    let admin = token(&c, c.admin.id);
    let rule = r#"{"support_points_per_day": 2, "task_max_points": 8, "task_tolerance_points": 1, "window_months": 12, "distributable_share": "2/5"}"#;
    let res = client
        .post(api("/proposals"))
        .bearer_auth(&admin)
        .json(
            &json!({"title": "Pay the work", "method": "proposal", "decision_class": "payout_rule",
                      "closes_at": local_in(15), "payload": rule}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let shown: Value = client
        .get(api(&format!("/proposals/{id}")))
        .bearer_auth(token(&c, c.members[0].id))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(shown["payload"]["task_max_points"], 8, "{shown}");
    assert_eq!(shown["payload"]["distributable_share"], "2/5", "{shown}");
}
