//! Co-ops: founding from a template, rules, members with dated history, the register,
//! proxies, the audit trail and its verification, the API, the demo data.

use crate::support::*;
use collegia::storage::{audit, coops, members};
use diesel::prelude::*;

fn coop_id(app: &TestApp, slug: &str) -> i64 {
    let db = app.db.db();
    let mut conn = db.get().unwrap();
    coops::by_slug(&mut conn, slug).unwrap().unwrap().id
}

#[tokio::test]
async fn founding_a_scic_creates_rulebook_version_1_with_the_founder_as_admin() {
    let app = spawn_app().await;
    let ada = person(&app, "ada@example.org", "Ada Admin", true);
    // The form shows the template's rules in the reader's language, and the unverified marks.
    let form = ada.text("/coops/new?template=scic&form=sas").await;
    assert!(form.contains("Salariés"), "{form}");
    assert!(form.contains("check against your statutes"));
    found_scic(&ada, "terre-vive", "fr").await;

    let db = app.db.db();
    let mut conn = db.get().unwrap();
    let coop = coops::by_slug(&mut conn, "terre-vive").unwrap().unwrap();
    let v = coops::current_version(&mut conn, coop.id).unwrap();
    assert_eq!(v.version, 1);
    assert_eq!(v.origin, "founding");
    assert_eq!(v.rulebook().unwrap(), scic());
    let me = members::current(&mut conn, coop.id, ada.id)
        .unwrap()
        .unwrap();
    assert!(me.is_admin);
    assert_eq!(me.college.as_deref(), Some(scic().colleges[0].key.as_str()));
    assert_eq!(audit::verify(&mut conn, coop.id).unwrap(), Ok(3));

    // The Rules page explains the rules and lists the history.
    let rules = ada.text("/c/terre-vive/rules").await;
    assert!(rules.contains("Current version: 1"), "{rules}");
    assert!(rules.contains("at founding"));
    assert!(rules.contains("<li>"), "explanation sentences");
    // Founding again with the same slug is refused, not a 500.
    let again = founding_fields(&scic(), "Autre", "terre-vive", "en");
    let res = ada.submit_owned("/coops/new", "/coops/new", again).await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("already used"));
}

#[tokio::test]
async fn a_refused_edit_names_the_broken_rule_and_its_source_in_the_readers_language() {
    let app = spawn_app().await;
    let ada = person(&app, "ada@example.org", "Ada Admin", true);
    let mut fields = founding_fields(&scic(), "Terre Vive", "terre-vive", "fr");
    for (k, v) in fields.iter_mut() {
        if k == "c0_weight" {
            *v = "60".into();
        }
        if k == "c1_weight" {
            *v = "20".into();
        }
    }
    let res = ada
        .submit_owned("/coops/new", "/coops/new", fields.clone())
        .await;
    assert_eq!(res.status(), 422);
    let body = res.text().await.unwrap();
    assert!(
        body.contains("no more than 50 % of the votes (loi 47-1775, art. 19 octies)"),
        "{body}"
    );
    // Valid edits within the constraints are kept.
    for (k, v) in fields.iter_mut() {
        if k == "c0_weight" {
            *v = "50".into();
        }
        if k == "c1_weight" {
            *v = "30".into();
        }
        if k == "d_ordinary_threshold" {
            *v = "3/5".into();
        }
    }
    let res = ada.submit_owned("/coops/new", "/coops/new", fields).await;
    assert_eq!(res.status(), 303);
    let db = app.db.db();
    let mut conn = db.get().unwrap();
    let id = coops::by_slug(&mut conn, "terre-vive").unwrap().unwrap().id;
    let book = coops::current_rulebook(&mut conn, id).unwrap();
    assert_eq!(
        book.colleges[0].weight,
        Some(num_rational::BigRational::from_integer(50.into()))
    );
    assert_eq!(
        book.decisions.ordinary.threshold.share,
        num_rational::BigRational::new(3.into(), 5.into())
    );
}

#[tokio::test]
async fn only_server_admins_found_co_ops_unless_the_server_allows_anyone() {
    let app = spawn_app().await;
    let ada = person(&app, "ada@example.org", "Ada Admin", true);
    let bob = person(&app, "bob@example.org", "Bob", false);
    assert_eq!(bob.get("/coops/new").await.status(), 403);
    let res = ada
        .submit(
            "/admin/settings",
            "/admin/settings",
            &[("anyone_may_found", "on")],
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(bob.get("/coops/new").await.status(), 200);
    found_scic(&bob, "bobs-coop", "en").await;
    assert_eq!(bob.get("/c/bobs-coop").await.status(), 200);
    // Open sign-up is off by default.
    let db = app.db.db();
    let mut conn = db.get().unwrap();
    assert!(!collegia::storage::settings::flag(&mut conn, "open_signup").unwrap());
}

#[tokio::test]
async fn moving_a_member_is_dated_and_eligibility_at_an_instant_is_answerable() {
    let app = spawn_app().await;
    let ada = person(&app, "ada@example.org", "Ada Admin", true);
    found_scic(&ada, "terre-vive", "en").await;
    let bea = person(&app, "bea@example.org", "Béa", false);
    let keys: Vec<String> = scic().colleges.iter().map(|c| c.key.clone()).collect();
    admit(&app, "terre-vive", bea.id, Some(&keys[1]), false, false);
    let id = coop_id(&app, "terre-vive");
    let before_move = collegia::storage::now();

    let dir = ada.text("/c/terre-vive/members").await;
    assert!(dir.contains("Béa"));
    let action = format!("/c/terre-vive/members/{}/placement", bea.public_id);
    let res = ada
        .submit(
            "/c/terre-vive/members",
            &action,
            &[("college", &keys[2]), ("board", "on"), ("shares", "3")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let db = app.db.db();
    let mut conn = db.get().unwrap();
    let then = members::eligible_at(&mut conn, id, before_move).unwrap();
    assert!(then.contains(&(bea.id, keys[1].clone())), "{then:?}");
    let now = members::eligible_at(&mut conn, id, collegia::storage::now()).unwrap();
    assert!(now.contains(&(bea.id, keys[2].clone())), "{now:?}");
    let history: Vec<_> = members::history(&mut conn, id)
        .unwrap()
        .into_iter()
        .filter(|l| l.membership.account_id == bea.id)
        .collect();
    assert_eq!(history.len(), 2);
    assert_eq!(
        history[0].membership.valid_to,
        Some(history[1].membership.valid_from)
    );

    // Leaving closes the row; the history stays, the register shows the leaving date.
    let leave = format!("/c/terre-vive/members/{}/leave", bea.public_id);
    assert_eq!(
        ada.submit("/c/terre-vive/members", &leave, &[])
            .await
            .status(),
        303
    );
    assert!(members::current(&mut conn, id, bea.id).unwrap().is_none());
    assert_eq!(members::history(&mut conn, id).unwrap().len(), 3);
    let csv = ada.text("/c/terre-vive/register.csv").await;
    let line = csv.lines().find(|l| l.contains("bea@example.org")).unwrap();
    let cols: Vec<&str> = line.split(',').collect();
    assert_eq!(cols[4], keys[2]);
    assert_eq!(cols[5], "3");
    assert!(cols[6].ends_with('Z'), "left_at: {line}");
    assert!(csv.starts_with("member_id,name,email,admitted_at,college,shares_subscribed,left_at"));
    assert_eq!(audit::verify(&mut conn, id).unwrap(), Ok(6));
    // The last administrator cannot step down or leave.
    let me = format!("/c/terre-vive/members/{}/placement", ada.public_id);
    let res = ada
        .submit("/c/terre-vive/members", &me, &[("college", &keys[0])])
        .await;
    assert_eq!(res.status(), 409);
    // A member who left is no longer in the co-op.
    assert_eq!(bea.get("/c/terre-vive/members").await.status(), 403);
}

#[tokio::test]
async fn a_tampered_audit_row_is_caught_by_the_page_and_the_command() {
    let app = spawn_app().await;
    let ada = person(&app, "ada@example.org", "Ada Admin", true);
    found_scic(&ada, "terre-vive", "en").await;
    let bea = person(&app, "bea@example.org", "Béa", false);
    admit(
        &app,
        "terre-vive",
        bea.id,
        Some(&scic().colleges[1].key),
        false,
        false,
    );
    let id = coop_id(&app, "terre-vive");
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_collegia"))
            .args(["--database-url", &app.db.url, "audit", "verify"])
            .args(args)
            .output()
            .unwrap()
    };
    let ok = run(&["terre-vive"]);
    assert_eq!(ok.status.code(), Some(0), "{ok:?}");
    assert!(String::from_utf8_lossy(&ok.stdout).starts_with("OK"));
    assert_eq!(run(&["nope"]).status.code(), Some(2));

    {
        use collegia::storage::schema::audit_events::dsl as a;
        let db = app.db.db();
        let mut conn = db.get().unwrap();
        diesel::update(
            a::audit_events
                .filter(a::coop_id.eq(id))
                .filter(a::seq.eq(4)),
        )
        .set(a::data.eq(r#"{"account":1,"admin":true,"board":false,"college":"workers"}"#))
        .execute(&mut **conn)
        .unwrap();
        assert_eq!(audit::verify(&mut conn, id).unwrap().unwrap_err().seq, 4);
    }
    let broken = run(&["terre-vive"]);
    assert_eq!(broken.status.code(), Some(2));
    let out = String::from_utf8_lossy(&broken.stdout);
    assert!(out.contains("event 4"), "{out}");
    let page = ada.text("/c/terre-vive/audit").await;
    assert!(page.contains("broken at event 4"), "{page}");
    let csv = ada.text("/c/terre-vive/audit.csv").await;
    assert_eq!(csv.lines().count(), 5);
}

#[test]
fn concurrent_audit_writers_keep_one_gapless_chain() {
    let (_guard, db) = migrated_db();
    let mut conn = db.get().unwrap();
    let founder = collegia::storage::accounts::insert(
        &mut conn,
        &collegia::storage::accounts::NewAccount {
            email: "f@example.org",
            display_name: "F",
            password_hash: "x",
            locale: None,
            is_server_admin: false,
        },
    )
    .unwrap();
    let book = scic();
    let coop = collegia::storage::write_tx(&mut conn, |c| {
        coops::found(
            c,
            &coops::NewCoop {
                slug: "race",
                name: "Race",
                time_zone: "UTC",
                locale: collegia::i18n::Locale::En,
                founder,
                founder_college: &book.colleges[0].key,
                rulebook: &book,
            },
        )
    })
    .unwrap()
    .unwrap();
    drop(conn);
    let threads: Vec<_> = (0..4)
        .map(|t| {
            let db = db.clone();
            std::thread::spawn(move || {
                let mut conn = db.get().unwrap();
                for i in 0..10 {
                    collegia::storage::write_tx(&mut conn, |c| {
                        audit::append(
                            c,
                            coop.id,
                            None,
                            "test.event",
                            serde_json::json!({"t": t, "i": i}),
                        )
                    })
                    .unwrap();
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let mut conn = db.get().unwrap();
    assert_eq!(audit::verify(&mut conn, coop.id).unwrap(), Ok(43));
}

async fn give(p: &Person, to: &Person) -> reqwest::Response {
    p.submit(
        "/c/terre-vive/proxies",
        "/c/terre-vive/proxies",
        &[("holder", &to.public_id)],
    )
    .await
}

#[tokio::test]
async fn proxies_follow_the_rulebook_and_a_refusal_names_the_limit() {
    let app = spawn_app().await;
    let ada = person(&app, "ada@example.org", "Ada Admin", true);
    found_scic(&ada, "terre-vive", "en").await;
    let keys: Vec<String> = scic().colleges.iter().map(|c| c.key.clone()).collect();
    let holder = person(&app, "h@example.org", "Holder", false);
    admit(&app, "terre-vive", holder.id, Some(&keys[0]), false, false);
    let mut givers = vec![];
    for i in 0..3 {
        let p = person(
            &app,
            &format!("g{i}@example.org"),
            &format!("Giver {i}"),
            false,
        );
        admit(&app, "terre-vive", p.id, Some(&keys[0]), false, false);
        givers.push(p);
    }
    let other = person(&app, "o@example.org", "Other College", false);
    admit(&app, "terre-vive", other.id, Some(&keys[1]), false, false);
    assert_eq!(give(&givers[0], &holder).await.status(), 303);
    assert_eq!(give(&givers[1], &holder).await.status(), 303);
    let third = give(&givers[2], &holder).await;
    assert_eq!(third.status(), 422);
    assert!(third.text().await.unwrap().contains("at most 2 proxies"));
    let cross = give(&other, &holder).await;
    assert_eq!(cross.status(), 422);
    assert!(
        cross
            .text()
            .await
            .unwrap()
            .contains("to be in your college")
    );
    let page = holder.text("/c/terre-vive/proxies").await;
    assert!(page.contains("Giver 0") && page.contains("Giver 1"));
    // Revoking frees a place.
    let db = app.db.db();
    let mut conn = db.get().unwrap();
    let id = coop_id(&app, "terre-vive");
    let mine = collegia::storage::proxies::of_member(&mut conn, id, givers[0].id).unwrap();
    let revoke = format!("/c/terre-vive/proxies/{}/revoke", mine[0].id);
    assert_eq!(
        givers[0]
            .submit("/c/terre-vive/proxies", &revoke, &[])
            .await
            .status(),
        303
    );
    assert_eq!(give(&givers[2], &holder).await.status(), 303);
    assert!(audit::verify(&mut conn, id).unwrap().is_ok());

    // The API gives the same refusal, with a stable code.
    let t = collegia::crypto::new_token();
    collegia::storage::accounts::create_api_token(
        &mut conn,
        other.id,
        "t",
        &collegia::crypto::sha256_hex(&t),
        None,
    )
    .unwrap();
    let res = app
        .client
        .post(app.url("/api/v1/coops/terre-vive/proxies"))
        .bearer_auth(&t)
        .json(&serde_json::json!({"holder": holder.public_id}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 409);
    let problem: serde_json::Value = res.json().await.unwrap();
    assert_eq!(problem["code"], "proxy_same_college", "{problem}");
    assert!(!problem["detail"].as_str().unwrap().is_empty(), "{problem}");
}

#[tokio::test]
async fn the_api_serves_co_ops_members_and_the_register_with_the_same_authorization() {
    let app = spawn_app().await;
    let ada = person(&app, "ada@example.org", "Ada Admin", false);
    {
        let db = app.db.db();
        let mut conn = db.get().unwrap();
        collegia::storage::settings::set(&mut conn, "anyone_may_found", "true").unwrap();
    }
    found_scic(&ada, "terre-vive", "en").await;
    let token = |p: &Person| {
        let db = app.db.db();
        let mut conn = db.get().unwrap();
        let t = collegia::crypto::new_token();
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
    let ada_token = token(&ada);
    let api = |path: &str, t: &str| app.client.get(app.url(path)).bearer_auth(t).send();
    let res = api("/api/v1/coops/terre-vive", &ada_token).await.unwrap();
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["rulebook_version"], 1);
    assert_eq!(body["rulebook"]["template"], "scic");
    let members: serde_json::Value = api("/api/v1/coops/terre-vive/members", &ada_token)
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(members.as_array().unwrap().len(), 1);
    let res = app
        .client
        .post(app.url("/api/v1/coops/terre-vive/invitations"))
        .bearer_auth(&ada_token)
        .json(&serde_json::json!({"emails": ["x@example.org", "bad", "x@example.org"], "college": scic().colleges[1].key, "role": "member"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let report: serde_json::Value = res.json().await.unwrap();
    assert_eq!(report["invited"], 1);
    assert_eq!(report["malformed"][0], "bad");
    assert_eq!(report["duplicates"][0], "x@example.org");

    let stranger = person(&app, "s@example.org", "Stranger", false);
    let st = token(&stranger);
    assert_eq!(
        api("/api/v1/coops/terre-vive", &st).await.unwrap().status(),
        403
    );
    assert_eq!(
        api("/api/v1/coops/terre-vive/register", &st)
            .await
            .unwrap()
            .status(),
        403
    );
    let anon = app
        .client
        .get(app.url("/api/v1/coops/terre-vive"))
        .send()
        .await
        .unwrap();
    assert_eq!(anon.status(), 401);
    assert_eq!(
        anon.headers()["content-type"].to_str().unwrap(),
        "application/problem+json"
    );
}

#[test]
fn admin_demo_fills_a_database_with_a_living_scic() {
    let dir = tempfile::tempdir().unwrap();
    // The demo is backend-neutral storage code (tested on both through the app tests).
    let url = format!("sqlite://{}", dir.path().join("demo.db").display());
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_collegia"))
            .args(["--database-url", &url])
            .args(args)
            .output()
            .unwrap()
    };
    let out = run(&["admin", "demo", "--members", "30"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let again = run(&["admin", "demo"]);
    assert_eq!(again.status.code(), Some(2));
    let verify = run(&["audit", "verify", "demo"]);
    assert_eq!(verify.status.code(), Some(0), "{verify:?}");
    let db = collegia::storage::Db::connect(&url, 1).unwrap();
    let mut conn = db.get().unwrap();
    let coop = coops::by_slug(&mut conn, "demo").unwrap().unwrap();
    let dir_list = members::directory(&mut conn, coop.id).unwrap();
    assert_eq!(dir_list.len(), 30);
    let colleges: std::collections::BTreeSet<_> = dir_list
        .iter()
        .filter_map(|m| m.membership.college.clone())
        .collect();
    assert_eq!(colleges.len(), 3);
    // A thread, an open proposal, and a closed one with a result.
    let threads = collegia::storage::threads::list(&mut conn, coop.id, None, 10).unwrap();
    assert_eq!(threads.len(), 1);
    let all = collegia::storage::proposals::list(&mut conn, coop.id).unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all.iter().filter(|p| p.is_open()).count(), 1);
    let closed: Vec<_> = all.iter().filter(|p| p.is_closed()).collect();
    assert_eq!(closed.len(), 1);
    assert_eq!(closed[0].verdict.as_deref(), Some("adopted"));
    assert!(
        closed[0]
            .result
            .as_deref()
            .is_some_and(|r| r.contains("agree"))
    );
}

#[tokio::test]
async fn the_api_resends_and_revokes_invitations_and_moves_a_member_like_the_pages() {
    let app = spawn_app().await;
    let ada = person(&app, "ada@example.org", "Ada Admin", true);
    found_scic(&ada, "terre-vive", "en").await;
    let keys: Vec<String> = scic().colleges.iter().map(|c| c.key.clone()).collect();
    let mover = person(&app, "mover@example.org", "Mover", false);
    admit(&app, "terre-vive", mover.id, Some(&keys[1]), false, false);
    let db = app.db.db();
    let mut conn = db.get().unwrap();
    let token = |conn: &mut collegia::storage::DbConn, id: i64| {
        let t = collegia::crypto::new_token();
        let hash = collegia::crypto::sha256_hex(&t);
        collegia::storage::accounts::create_api_token(conn, id, "t", &hash, None).unwrap();
        t
    };
    let (ada_t, mover_t) = (token(&mut conn, ada.id), token(&mut conn, mover.id));
    let post = |path: &str, t: &str, body: serde_json::Value| {
        app.client
            .post(app.url(&format!("/api/v1/coops/terre-vive{path}")))
            .bearer_auth(t)
            .json(&body)
            .send()
    };
    let res = post(
        "/invitations",
        &ada_t,
        serde_json::json!({"emails": ["x@example.org"], "college": keys[2], "role": "member"}),
    )
    .await
    .unwrap();
    assert_eq!(res.status(), 200);
    let id = coop_id(&app, "terre-vive");
    let inv = collegia::storage::invitations::list(&mut conn, id).unwrap()[0].clone();
    let resend = format!("/invitations/{}/resend", inv.id);
    let revoke = format!("/invitations/{}/revoke", inv.id);
    let none = serde_json::json!({});
    // A plain member may not; an admin may, and the old link stops working.
    let res = post(&resend, &mover_t, none.clone()).await.unwrap();
    assert_eq!(res.status(), 403);
    assert_eq!(
        post(&resend, &ada_t, none.clone()).await.unwrap().status(),
        204
    );
    let renewed = collegia::storage::invitations::by_id(&mut conn, id, inv.id)
        .unwrap()
        .unwrap();
    assert_ne!(renewed.token_hash, inv.token_hash);
    assert_eq!(
        post(&revoke, &ada_t, none.clone()).await.unwrap().status(),
        204
    );
    assert_eq!(
        post(&revoke, &ada_t, none.clone()).await.unwrap().status(),
        404
    );
    assert_eq!(
        post(&resend, &ada_t, none.clone()).await.unwrap().status(),
        404
    );

    // Moving a member to another college: a dated row, roles kept unless given.
    let placement = format!("/members/{}/placement", mover.public_id);
    let to = |k: &str| serde_json::json!({"college": k});
    assert_eq!(
        post(&placement, &mover_t, to(&keys[2]))
            .await
            .unwrap()
            .status(),
        403
    );
    assert_eq!(
        post(&placement, &ada_t, to("nowhere"))
            .await
            .unwrap()
            .status(),
        400
    );
    assert_eq!(
        post(&placement, &ada_t, to(&keys[2]))
            .await
            .unwrap()
            .status(),
        204
    );
    let now = collegia::storage::members::current(&mut conn, id, mover.id)
        .unwrap()
        .unwrap();
    assert_eq!(now.college.as_deref(), Some(keys[2].as_str()));
    assert!(!now.is_admin && !now.is_board);
    // A field left out stays as it is: giving a role without naming the college keeps it.
    let board_only = serde_json::json!({"board": true});
    assert_eq!(
        post(&placement, &ada_t, board_only).await.unwrap().status(),
        204
    );
    let now = collegia::storage::members::current(&mut conn, id, mover.id)
        .unwrap()
        .unwrap();
    assert_eq!(
        now.college.as_deref(),
        Some(keys[2].as_str()),
        "still a member"
    );
    assert!(now.is_board);
    // The last admin keeps the role.
    let ada_place = format!("/members/{}/placement", ada.public_id);
    let demote = serde_json::json!({"college": keys[0], "admin": false});
    assert_eq!(
        post(&ada_place, &ada_t, demote).await.unwrap().status(),
        409
    );
    assert!(audit::verify(&mut conn, id).unwrap().is_ok());
}
