//! Proxies, enactment of rules and payout rules, second call, and the recount: the exported
//! `ballots.json` re-tallied by `collegia tally` gives exactly the stored result.

use crate::support::voting::*;
use crate::support::*;
use std::process::Command;

#[tokio::test]
async fn a_proxy_holder_votes_for_the_giver_and_the_givers_own_vote_replaces_it() {
    let c = coop().await;
    let (giver, holder) = (&c.members[0], &c.members[1]);
    let res = giver
        .submit(
            &format!("/c/{SLUG}/proxies"),
            &format!("/c/{SLUG}/proxies"),
            &[("holder", &holder.public_id)],
        )
        .await;
    assert_eq!(res.status(), 303);
    let id = propose(&c.admin, "proposal", "", &[]).await;
    let page = holder.text(&format!("/c/{SLUG}/proposals/{id}")).await;
    assert!(page.contains("for Member 0 (proxy)"), "{page}");
    let giver_id = giver.id.to_string();
    assert_eq!(vote(holder, id, &[("choice", "agree")]).await.0, 303);
    assert_eq!(
        vote(holder, id, &[("for", &giver_id), ("choice", "disagree")])
            .await
            .0,
        303
    );
    let page = holder.text(&format!("/c/{SLUG}/proposals/{id}")).await;
    assert!(page.contains("2 counted ballots"), "{page}");
    // The giver votes: their ballot replaces the proxy's, and the holder cannot undo it.
    assert_eq!(vote(giver, id, &[("choice", "agree")]).await.0, 303);
    let (status, body) = vote(holder, id, &[("for", &giver_id), ("choice", "disagree")]).await;
    assert_eq!(status, 422);
    assert!(body.contains("voted themselves"), "{body}");
    let page = holder.text(&format!("/c/{SLUG}/proposals/{id}")).await;
    assert!(page.contains("2 counted ballots"), "{page}");
    // Someone without a proxy cannot vote for the giver.
    let (status, _) = vote(
        &c.members[2],
        id,
        &[("for", &giver_id), ("choice", "agree")],
    )
    .await;
    assert_eq!(status, 422);
}

async fn everyone_agrees(c: &Coop, id: i64) {
    assert_eq!(vote(&c.admin, id, &[("choice", "agree")]).await.0, 303);
    for m in &c.members {
        assert_eq!(vote(m, id, &[("choice", "agree")]).await.0, 303);
    }
}

#[tokio::test]
async fn an_adopted_rules_change_becomes_the_next_rulebook_version() {
    let c = coop().await;
    let mut next = scic();
    next.colleges[2].name = "Sympathisants".into();
    let payload = next.to_json_pretty();
    // An invalid payload is refused at creation.
    let fields = vec![
        ("title".to_string(), "Rename".to_string()),
        ("decision_class".into(), "rules_change".into()),
        ("method".into(), "proposal".into()),
        ("closes_at".into(), local_in(15)),
        ("payload".into(), "{\"format\": 1}".into()),
    ];
    let new = format!("/c/{SLUG}/proposals/new");
    let res = c
        .admin
        .submit_owned(&new, &format!("/c/{SLUG}/proposals"), fields)
        .await;
    assert_eq!(res.status(), 422);
    let id = propose(
        &c.admin,
        "proposal",
        "",
        &[("decision_class", "rules_change"), ("payload", &payload)],
    )
    .await;
    // Members read what they vote on: the sentences of the rules that change, in full below.
    let page = c.members[0]
        .text(&format!("/c/{SLUG}/proposals/{id}"))
        .await;
    let changes = page
        .split("<section id=\"changes\">")
        .nth(1)
        .expect("a section saying what changes");
    let (added, rest) = changes.split_once("<ul class=\"removed\">").unwrap();
    assert!(
        added.contains("What this proposal changes") && added.contains("Sympathisants"),
        "{changes}"
    );
    let (removed, fields) = rest.split_once("<ul class=\"fields\">").unwrap();
    assert!(!removed.contains("Sympathisants"), "{removed}");
    // Then every changed field, field by field.
    assert!(
        fields
            .split("</ul>")
            .next()
            .unwrap()
            .contains("Soutiens → Sympathisants"),
        "{fields}"
    );
    everyone_agrees(&c, id).await;
    run_job_in(&c.app, 16);
    assert_eq!(stored(&c.app, id).verdict.as_deref(), Some("adopted"));
    let db = c.app.db.db();
    let mut conn = db.get().unwrap();
    let v =
        collegia::storage::coops::current_version(&mut conn, stored(&c.app, id).coop_id).unwrap();
    assert_eq!(v.version, 2);
    assert_eq!(v.origin, format!("proposal:{id}"));
    assert_eq!(v.rulebook().unwrap().colleges[2].name, "Sympathisants");
    let rules = c.members[0].text(&format!("/c/{SLUG}/rules")).await;
    assert!(
        rules.contains(&format!("/c/{SLUG}/proposals/{id}")),
        "{rules}"
    );
}

#[tokio::test]
async fn an_adopted_payout_rule_becomes_the_next_payout_rule_version() {
    let c = coop().await;
    let rule = r#"{ "support_points_per_day": 2, "task_max_points": 8, "task_tolerance_points": 1,
                    "window_months": 12, "distributable_share": "2/5" }"#;
    let id = propose(
        &c.admin,
        "proposal",
        "",
        &[("decision_class", "payout_rule"), ("payload", rule)],
    )
    .await;
    let page = c.members[0]
        .text(&format!("/c/{SLUG}/proposals/{id}"))
        .await;
    assert!(
        page.contains(
            "2 points per support day, tasks up to 8 points (tolerance 1), a window of 12 months"
        ),
        "{page}"
    );
    everyone_agrees(&c, id).await;
    run_job_in(&c.app, 16);
    use collegia::storage::schema::payout_rule_versions as prv;
    use diesel::prelude::*;
    let db = c.app.db.db();
    let mut conn = db.get().unwrap();
    let rows: Vec<(i32, Option<i64>)> = prv::table
        .select((prv::version, prv::proposal_id))
        .load(&mut **conn)
        .unwrap();
    assert_eq!(rows, vec![(1, Some(id))]);
}

#[tokio::test]
async fn a_proposal_without_quorum_is_rerun_on_second_call() {
    let c = coop().await;
    let id = propose(
        &c.admin,
        "proposal",
        "",
        &[("decision_class", "extraordinary")],
    )
    .await;
    run_job_in(&c.app, 16);
    assert_eq!(stored(&c.app, id).verdict.as_deref(), Some("no_quorum"));
    let base = format!("/c/{SLUG}/proposals/{id}");
    let res = c
        .admin
        .submit(
            &base,
            &format!("{base}/second-call"),
            &[("closes_at", &local_in(16))],
        )
        .await;
    assert_eq!(res.status(), 303);
    let next: i64 = res.headers()["location"]
        .to_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let p = stored(&c.app, next);
    assert_eq!(
        (p.call.key(), p.reruns_id, p.state.key()),
        ("second", Some(id), "open")
    );
    assert!(p.rules.unwrap().contains("\"turnout\":\"1/5\""));
    // Only once.
    let res = c
        .admin
        .submit(
            &base,
            &format!("{base}/second-call"),
            &[("closes_at", &local_in(16))],
        )
        .await;
    assert_eq!(res.status(), 422);
}

/// The fields of one ballot form.
type Fields = Vec<(&'static str, &'static str)>;

fn recount(json: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ballots.json");
    std::fs::write(&path, json).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_collegia"))
        .arg("tally")
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[tokio::test]
async fn ballots_json_recounts_to_the_stored_result_for_every_method() {
    let c = coop().await;
    let cases: Vec<(&str, &str, Vec<Fields>)> = vec![
        (
            "proposal",
            "",
            vec![
                vec![("choice", "agree")],
                vec![("choice", "disagree")],
                vec![("choice", "abstain")],
            ],
        ),
        (
            "consent",
            "",
            vec![
                vec![("choice", "consent")],
                vec![("choice", "object")],
                vec![("choice", "stand_aside")],
            ],
        ),
        (
            "single",
            "a\nb",
            vec![
                vec![("choice", "a")],
                vec![("choice", "b")],
                vec![("choice", "a")],
            ],
        ),
        (
            "approval",
            "a\nb\nc",
            vec![
                vec![("opt-0", "1"), ("opt-2", "1")],
                vec![("opt-1", "1")],
                vec![],
            ],
        ),
        (
            "ranked",
            "a\nb\nc",
            vec![
                vec![("opt-0", "1"), ("opt-1", "2")],
                vec![("opt-2", "1"), ("opt-0", "2")],
                vec![("opt-1", "1")],
            ],
        ),
        (
            "score",
            "a\nb",
            vec![
                vec![("opt-0", "5"), ("opt-1", "2")],
                vec![("opt-0", "1")],
                vec![("opt-1", "4")],
            ],
        ),
        (
            "dot",
            "a\nb",
            vec![
                vec![("opt-0", "7"), ("opt-1", "3")],
                vec![("opt-1", "10")],
                vec![("opt-0", "2")],
            ],
        ),
    ];
    for (method, options, ballots) in cases {
        let id = propose(&c.admin, method, options, &[]).await;
        for (i, fields) in ballots.iter().enumerate() {
            // Voters in three colleges: m0 workers, m2 beneficiaries, m4 supporters.
            let (status, body) = vote(&c.members[i * 2], id, fields).await;
            assert_eq!(status, 303, "{method}: {body}");
        }
        let base = format!("/c/{SLUG}/proposals/{id}");
        assert_eq!(
            c.admin
                .submit(&base, &format!("{base}/close"), &[])
                .await
                .status(),
            303
        );
        let export = c.members[1].text(&format!("{base}/ballots.json")).await;
        assert!(
            !export.contains("Member") && !export.contains("@example.org"),
            "{export}"
        );
        let stored = stored(&c.app, id).result.unwrap();
        assert_eq!(recount(&export).trim(), stored.trim(), "{method}");
        let csv = c.members[1].text(&format!("{base}/results.csv")).await;
        assert!(csv.starts_with("scope,college,option,share"), "{csv}");
    }
    // The ranked (schulze) page shows the pairwise table.
    let list = c.admin.text(&format!("/c/{SLUG}/proposals")).await;
    assert!(list.contains("Vote by ranked"));
}

#[tokio::test]
async fn a_proxy_for_one_open_proposal_is_chosen_on_the_page_and_through_the_api() {
    let c = coop().await;
    let id = propose(&c.admin, "proposal", "", &[]).await;
    let later = propose(&c.admin, "proposal", "", &[("title", "Another vote")]).await;
    let (giver, holder) = (&c.members[0], &c.members[1]);
    let page = giver.text(&format!("/c/{SLUG}/proxies")).await;
    assert!(page.contains("All votes, until revoked"), "{page}");
    assert!(page.contains(&format!("value=\"{id}\"")), "{page}");
    let proxies_page = format!("/c/{SLUG}/proxies");
    let proposal = id.to_string();
    let res = giver
        .submit(
            &proxies_page,
            &proxies_page,
            &[("holder", &holder.public_id), ("proposal", &proposal)],
        )
        .await;
    assert_eq!(res.status(), 303);
    let page = holder.text(&proxies_page).await;
    assert!(page.contains(&format!("(proposal #{id} only)")), "{page}");
    // The holder votes for the giver on that proposal only.
    let giver_id = giver.id.to_string();
    let for_giver = [("for", giver_id.as_str()), ("choice", "agree")];
    assert_eq!(vote(holder, id, &for_giver).await.0, 303);
    assert_ne!(vote(holder, later, &for_giver).await.0, 303);
    // A proposal that is not an open one of the co-op is refused, naming why.
    let res = giver
        .submit(
            &proxies_page,
            &proxies_page,
            &[("holder", &holder.public_id), ("proposal", "999999")],
        )
        .await;
    assert_eq!(res.status(), 422);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("open proposal of this co-op")
    );

    // The API takes an optional proposal id.
    let (giver, holder) = (&c.members[2], &c.members[3]);
    let t = crate::support::voting::token(&c, giver.id);
    let url = format!("{}/api/v1/coops/{SLUG}/proxies", c.app.address);
    let client = reqwest::Client::new();
    let give = |body: serde_json::Value| client.post(&url).bearer_auth(&t).json(&body).send();
    let res = give(serde_json::json!({"holder": holder.public_id, "proposal_id": 999999}))
        .await
        .unwrap();
    assert_eq!(res.status(), 409);
    let problem: serde_json::Value = res.json().await.unwrap();
    assert_eq!(problem["code"], "proxy_proposal_not_open", "{problem}");
    assert!(!problem["detail"].as_str().unwrap().is_empty(), "{problem}");
    let res = give(serde_json::json!({"holder": holder.public_id, "proposal_id": later}))
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let list: serde_json::Value = client
        .get(&url)
        .bearer_auth(&t)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list[0]["proposal_id"], serde_json::json!(later), "{list}");
}
