//! No snap decisions: each decision class has a least open time (`min_open_hours`), and a
//! statute-level proposal closes early only once everyone on the roll has voted.

use crate::support::voting::*;
use serde_json::{Value, json};

#[tokio::test]
async fn a_rules_change_closing_before_fourteen_days_is_refused_naming_the_minimum() {
    let c = coop().await;
    let client = reqwest::Client::new();
    let admin = token(&c, c.admin.id);
    let payload = crate::support::scic().to_json_pretty();
    let ask = |days: i64, class: &str| {
        client
            .post(format!("{}/api/v1/coops/{SLUG}/proposals", c.app.address))
            .bearer_auth(&admin)
            .json(
                &json!({"title": "Rules", "method": "proposal", "decision_class": class,
                          "closes_at": local_in(days), "payload": payload}),
            )
            .send()
    };
    let res = ask(3, "rules_change").await.unwrap();
    assert_eq!(res.status(), 409);
    let p: Value = res.json().await.unwrap();
    assert_eq!(p["code"], "open_too_short", "{p}");
    assert!(p["detail"].as_str().unwrap().contains("336 hours"), "{p}");
    // Fifteen days is enough; an ordinary decision needs a day.
    assert_eq!(ask(15, "rules_change").await.unwrap().status(), 201);
    let ordinary = |closes: String| {
        client
            .post(format!("{}/api/v1/coops/{SLUG}/proposals", c.app.address))
            .bearer_auth(&admin)
            .json(
                &json!({"title": "Paint", "method": "proposal", "decision_class": "ordinary",
                          "closes_at": closes}),
            )
            .send()
    };
    let in_hours = |h: i64| {
        (chrono::Utc::now() + chrono::Duration::hours(h))
            .with_timezone(&chrono_tz::Europe::Paris)
            .format("%Y-%m-%dT%H:%M")
            .to_string()
    };
    assert_eq!(ordinary(in_hours(2)).await.unwrap().status(), 409);
    assert_eq!(ordinary(in_hours(25)).await.unwrap().status(), 201);
    // The form says it in the member's words.
    let new = format!("/c/{SLUG}/proposals/new");
    let res = c
        .admin
        .submit(
            &new,
            &format!("/c/{SLUG}/proposals"),
            &[
                ("title", "Rules"),
                ("decision_class", "payout_rule"),
                ("method", "proposal"),
                ("closes_at", &local_in(3)),
                ("payload", r#"{"support_points_per_day": 2, "task_max_points": 8, "task_tolerance_points": 1, "window_months": 12, "distributable_share": "2/5"}"#),
            ],
        )
        .await;
    assert_eq!(res.status(), 422);
    let body = res.text().await.unwrap();
    assert!(body.contains("at least 336 hours"), "{body}");
    // The rules page says it in plain words.
    let rules = c.members[0].text(&format!("/c/{SLUG}/rules")).await;
    assert!(rules.contains("stays open at least 14 days"), "{rules}");
    assert!(rules.contains("stays open at least one day"), "{rules}");
}

#[tokio::test]
async fn a_co_op_whose_rulebook_predates_the_minimum_keeps_its_rules() {
    let c = coop().await;
    {
        // A rulebook stored before min_open_hours existed: the field is absent.
        use diesel::prelude::*;
        let db = c.app.db.db();
        let mut conn = db.get().unwrap();
        let coop = collegia::storage::coops::by_slug(&mut conn, SLUG)
            .unwrap()
            .unwrap();
        let v = collegia::storage::coops::current_version(&mut conn, coop.id).unwrap();
        let mut old: Value = serde_json::from_str(&v.body).unwrap();
        for class in ["ordinary", "extraordinary", "rules_change", "payout_rule"] {
            old["decisions"][class]
                .as_object_mut()
                .unwrap()
                .remove("min_open_hours");
        }
        diesel::sql_query(format!(
            "UPDATE rulebook_versions SET body = '{}' WHERE coop_id = {} AND version = {}",
            old.to_string().replace('\'', "''"),
            coop.id,
            v.version
        ))
        .execute(&mut **conn)
        .unwrap();
    }
    let id = propose(
        &c.admin,
        "proposal",
        "",
        &[
            ("decision_class", "extraordinary"),
            ("closes_at", &local_in(1)),
        ],
    )
    .await;
    assert_eq!(stored(&c.app, id).state.key(), "open");
}

#[tokio::test]
async fn a_statute_level_proposal_closes_early_only_once_everyone_has_voted() {
    let c = coop().await;
    let id = propose(
        &c.admin,
        "proposal",
        "",
        &[("decision_class", "extraordinary")],
    )
    .await;
    let base = format!("/c/{SLUG}/proposals/{id}");
    let action = format!("{base}/close");
    let close = || c.admin.submit(&base, &action, &[]);
    assert_eq!(vote(&c.admin, id, &[("choice", "agree")]).await.0, 303);
    // The board's page says why there is no "close now", and a forced POST says it too.
    let page = c.admin.text(&base).await;
    assert!(page.contains("id=\"early-close\""), "{page}");
    assert!(!page.contains(&format!("action=\"{action}\"")), "{page}");
    let res = close().await;
    assert_eq!(res.status(), 422);
    let body = res.text().await.unwrap();
    assert!(body.contains("6 members have not"), "{body}");
    assert_eq!(stored(&c.app, id).state.key(), "open", "six have not voted");
    for m in &c.members {
        assert_eq!(vote(m, id, &[("choice", "agree")]).await.0, 303);
    }
    close().await;
    assert_eq!(stored(&c.app, id).state.key(), "closed", "everyone voted");
    // An ordinary one closes early at any time (audited).
    let ordinary = propose(&c.admin, "proposal", "", &[]).await;
    let base = format!("/c/{SLUG}/proposals/{ordinary}");
    c.admin.submit(&base, &format!("{base}/close"), &[]).await;
    assert_eq!(stored(&c.app, ordinary).state.key(), "closed");
}
