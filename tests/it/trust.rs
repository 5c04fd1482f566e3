//! Trust: holes found by trying the running server as an outsider would (issue "Trust"),
//! each shown closed: redirects stay on the site, equal secret votes are equal rows, work
//! cannot be logged twice or in the future, a task above the cap is refused at approval.

use crate::support::*;
use serde_json::{Value, json};

#[tokio::test]
async fn login_never_redirects_off_the_site() {
    let app = spawn_app().await;
    app.setup_admin().await;
    app.logout().await;
    for next in [
        "/\t/evil.example",
        "//evil.example",
        "/\\evil.example",
        "/\n/evil.example",
    ] {
        let res = app
            .submit(
                "/login",
                "/login",
                &[
                    ("email", ADMIN_EMAIL),
                    ("password", ADMIN_PASSWORD),
                    ("next", next),
                ],
            )
            .await;
        assert_eq!(res.status(), 303, "{next:?}");
        assert_eq!(res.headers()["location"], "/", "{next:?}");
        app.logout().await;
    }
    let res = app
        .submit(
            "/login",
            "/login",
            &[
                ("email", ADMIN_EMAIL),
                ("password", ADMIN_PASSWORD),
                ("next", "/account"),
            ],
        )
        .await;
    assert_eq!(res.headers()["location"], "/account");
}

#[tokio::test]
async fn equal_secret_approval_votes_are_one_row_whatever_order_they_were_written_in() {
    use crate::support::voting::*;
    let c = coop().await;
    let client = reqwest::Client::new();
    let api = |path: &str| format!("{}/api/v1/coops/{SLUG}{path}", c.app.address);
    let res = client
        .post(api("/proposals"))
        .bearer_auth(token(&c, c.admin.id))
        .json(
            &json!({"title": "Colours", "method": "approval", "options": "A\nB\nC",
                      "decision_class": "ordinary", "closes_at": local_in(3), "secret": true}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    // Two members of the same college approve A and C, written in either order.
    for (m, choice) in [(0, json!(["C", "A"])), (1, json!(["A", "C"]))] {
        let res = client
            .post(api(&format!("/proposals/{id}/ballot")))
            .bearer_auth(token(&c, c.members[m].id))
            .json(&json!({ "choice": choice }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 204);
    }
    let db = c.app.db.db();
    let mut conn = db.get().unwrap();
    // Sealed while open: opened with the key, equal votes are equal choices.
    let p = stored(&c.app, id);
    let grouped = collegia::proposals::sealing::grouped(&mut conn, &c.app.keys, &p).unwrap();
    assert_eq!(grouped.len(), 1, "{grouped:?}");
    assert_eq!(grouped[0].1, r#"["A","C"]"#);
    assert_eq!(grouped[0].2, 2);
}

#[tokio::test]
async fn work_is_logged_once_a_day_never_in_the_future_and_a_task_meets_the_cap_at_approval() {
    use crate::support::work::{RULE, adopt, coop};
    let app = spawn_app().await;
    let c = coop(&app, "trust").await;
    let token = |id: i64| api_token(&app, id);
    let (alice, board) = (token(c.alice.id), token(c.board.id));
    let http = reqwest::Client::new();
    let url = |p: &str| app.url(&format!("/api/v1/coops/trust{p}"));
    let log = |t: &str, body: Value| {
        http.post(url("/work"))
            .bearer_auth(t.to_string())
            .json(&body)
            .send()
    };
    let day = json!({"kind": "support_day", "date": "2026-10-04"});
    assert_eq!(log(&alice, day.clone()).await.unwrap().status(), 201);
    let again = log(&alice, day).await.unwrap();
    assert_eq!(again.status(), 409);
    assert_eq!(
        again.json::<Value>().await.unwrap()["code"],
        "support_day_taken"
    );
    let tomorrow = (chrono::Utc::now() + chrono::Duration::days(2))
        .date_naive()
        .to_string();
    let future = log(&alice, json!({"kind": "support_day", "date": tomorrow}))
        .await
        .unwrap();
    assert_eq!(future.status(), 400);
    assert_eq!(
        future.json::<Value>().await.unwrap()["code"],
        "work_date_in_future"
    );
    // With no rule in force a 20-point task is taken; once a rule caps tasks at 8, it cannot
    // be approved as it is.
    let res = log(
        &alice,
        json!({"kind": "task", "title": "Roof", "estimate": 20}),
    )
    .await
    .unwrap();
    assert_eq!(res.status(), 201);
    let task = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    adopt(&app, c.id, RULE, Some("2025-01"));
    let res = http
        .post(url(&format!("/work/{task}/review")))
        .bearer_auth(&board)
        .json(&json!({"decision": "approve"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    assert_eq!(res.json::<Value>().await.unwrap()["code"], "task_too_big");
}

#[tokio::test]
async fn an_https_server_asks_browsers_to_keep_to_https() {
    let plain = spawn_app().await;
    assert!(
        !plain
            .get("/healthz")
            .await
            .headers()
            .contains_key("strict-transport-security")
    );
    let app = spawn_with(Options {
        base_url: Some("https://coop.example".into()),
        ..Default::default()
    })
    .await;
    for path in ["/", "/healthz", "/nope", "/api/v1/me"] {
        let res = app.get(path).await;
        assert_eq!(
            res.headers()["strict-transport-security"],
            "max-age=31536000",
            "{path}"
        );
    }
}

#[tokio::test]
async fn a_rules_change_that_no_sentence_mentions_is_still_shown_field_by_field() {
    use crate::support::voting::*;
    let c = coop().await;
    let mut next = scic();
    for college in &mut next.colleges {
        college.may_start_threads = false;
    }
    let payload = next.to_json_pretty();
    let id = propose(
        &c.admin,
        "proposal",
        "",
        &[("decision_class", "rules_change"), ("payload", &payload)],
    )
    .await;
    let page = c.members[0]
        .text(&format!("/c/{SLUG}/proposals/{id}"))
        .await;
    assert!(!page.contains("say the same"), "{page}");
    let fields = page
        .split("<ul class=\"fields\">")
        .nth(1)
        .expect("the changes")
        .split("</ul>")
        .next()
        .unwrap();
    assert_eq!(fields.matches("<li>").count(), 3, "{fields}");
    assert!(
        fields.contains("may start discussions: yes → no"),
        "{fields}"
    );
}

#[tokio::test]
async fn a_refusal_page_still_knows_who_is_signed_in() {
    use crate::support::voting::*;
    let c = coop().await;
    let member = &c.members[0];
    let name = {
        let db = c.app.db.db();
        let mut conn = db.get().unwrap();
        collegia::storage::accounts::by_id(&mut conn, member.id)
            .unwrap()
            .unwrap()
            .display_name
    };
    let res = member.get("/admin/settings").await;
    assert_eq!(res.status(), 403);
    let body = res.text().await.unwrap();
    assert!(body.contains(&name), "{body}");
    assert!(!body.contains("href=\"/login"), "{body}");
    // A page that is not there, seen by a member of the co-op.
    let res = member.get(&format!("/c/{SLUG}/proposals/424242")).await;
    assert_eq!(res.status(), 404);
    assert!(res.text().await.unwrap().contains(&name));
}

#[tokio::test]
async fn pages_that_show_a_secret_are_never_stored() {
    let app = spawn_app().await;
    app.setup_admin().await;
    for path in [
        "/account",
        "/password/forgot",
        "/password/reset/nope",
        "/invitations/nope",
    ] {
        let res = app.get(path).await;
        assert_eq!(res.headers()["cache-control"], "no-store", "{path}");
    }
    let home = app.get("/").await;
    assert_ne!(
        home.headers()
            .get("cache-control")
            .map(|v| v.to_str().unwrap()),
        Some("no-store")
    );
}

#[tokio::test]
async fn audit_verify_finds_ballots_or_a_result_edited_after_closing() {
    use crate::support::voting::*;
    use diesel::prelude::*;
    let c = coop().await;
    let id = propose(&c.admin, "proposal", "", &[]).await;
    for m in &c.members[..3] {
        assert_eq!(vote(m, id, &[("choice", "agree")]).await.0, 303);
    }
    run_job_in(&c.app, 4);
    assert_eq!(stored(&c.app, id).state.key(), "closed");
    let verify = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_collegia"))
            .args(["--database-url", &c.app.db.url, "audit", "verify", SLUG])
            .output()
            .unwrap()
    };
    let out = verify();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("matches its seal"));
    let db = c.app.db.db();
    let mut conn = db.get().unwrap();
    let edit = |sql: String, conn: &mut collegia::storage::Conn| {
        diesel::sql_query(sql).execute(&mut ***conn).unwrap();
    };
    // One ballot quietly turned around.
    edit(
        format!(
            "UPDATE ballots SET choice = '\"disagree\"' WHERE id = (SELECT MIN(id) FROM ballots WHERE proposal_id = {id})"
        ),
        &mut conn,
    );
    let out = verify();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let said = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        said.contains(&format!("proposal {id}: its ballots changed")),
        "{said}"
    );
    // And a result rewritten.
    edit(
        format!("UPDATE proposals SET result = result || ' ' WHERE id = {id}"),
        &mut conn,
    );
    let said = String::from_utf8_lossy(&verify().stdout).to_string();
    assert!(
        said.contains(&format!("proposal {id}: its result changed")),
        "{said}"
    );
}

#[tokio::test]
async fn the_servers_clock_is_the_time_of_what_it_stores_and_checks() {
    let app = spawn_app().await;
    let ada = person(&app, "ada@example.org", "Ada", false);
    let token = collegia::crypto::new_token();
    {
        let db = app.db.db();
        let mut conn = db.get().unwrap();
        let tomorrow = app.clock.now() + chrono::Duration::days(1);
        collegia::storage::accounts::create_api_token(
            &mut conn,
            ada.id,
            "one day",
            &collegia::crypto::sha256_hex(&token),
            Some(tomorrow),
        )
        .unwrap();
    }
    let me = || {
        app.client
            .get(app.url("/api/v1/me"))
            .bearer_auth(&token)
            .send()
    };
    assert_eq!(me().await.unwrap().status(), 200);
    // Two days later by the server's clock the token has expired: the check runs in the
    // server's database work, whose time (`storage::now`) is the server's clock.
    app.clock.advance(chrono::Duration::days(2));
    assert_eq!(me().await.unwrap().status(), 401);
}

#[tokio::test]
async fn fifty_wrong_passwords_at_once_get_at_most_five_tries_and_the_owners_browser_still_signs_in()
 {
    let app = spawn_app().await;
    app.setup_admin().await;
    app.logout().await;
    // The owner signs in once from their own browser (it keeps a device cookie), then out.
    let owner = app.new_client();
    let login = |client: reqwest::Client, password: &'static str| {
        let url = app.url("/login");
        async move {
            let page = client.get(&url).send().await.unwrap().text().await.unwrap();
            let csrf = csrf_of(&page);
            client
                .post(&url)
                .form(&[
                    ("csrf", csrf.as_str()),
                    ("email", ADMIN_EMAIL),
                    ("password", password),
                ])
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    assert_eq!(login(owner.clone(), ADMIN_PASSWORD).await, 303);
    // An attacker fires fifty wrong passwords at once.
    let attacker = app.new_client();
    let page = attacker
        .get(app.url("/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = csrf_of(&page);
    let tries = (0..50).map(|_| {
        let (client, url, csrf) = (attacker.clone(), app.url("/login"), csrf.clone());
        tokio::spawn(async move {
            client
                .post(url)
                .form(&[
                    ("csrf", csrf.as_str()),
                    ("email", ADMIN_EMAIL),
                    ("password", "guess"),
                ])
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        })
    });
    let mut statuses = vec![];
    for t in tries {
        statuses.push(t.await.unwrap());
    }
    let let_through = statuses.iter().filter(|s| **s != 429).count();
    assert!(
        let_through <= 5,
        "{let_through} tries let through: {statuses:?}"
    );
    // Locked: even the right password from another browser waits…
    assert_eq!(login(app.new_client(), ADMIN_PASSWORD).await, 429);
    // …but not from the owner's own browser.
    assert_eq!(login(owner, ADMIN_PASSWORD).await, 303);
}
