//! Accounts, sessions, CSRF, throttling, API tokens, errors and headers, over real HTTP.

use crate::support::*;

#[tokio::test]
async fn health_reports_the_backend_after_a_real_query() {
    let app = spawn_app().await;
    let res = app.get("/healthz").await;
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.unwrap();
    let backend = if app.db.is_postgres() {
        "postgres"
    } else {
        "sqlite"
    };
    assert_eq!(
        body,
        serde_json::json!({"status": "ok", "database": backend})
    );
}

#[tokio::test]
async fn first_run_leads_to_setup_once_then_login_logout_login() {
    let app = spawn_app().await;
    let res = app.get("/").await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/setup");
    app.setup_admin().await;
    let home = app.get_text("/").await;
    assert!(home.contains("Ada Admin"), "signed in after setup");
    // The setup page is one-time.
    let again = app.get("/setup").await;
    assert_eq!(again.status(), 303);
    let token = app.csrf("/login").await;
    let res = app
        .post_form(
            "/setup",
            &[
                ("csrf", &token),
                ("display_name", "Mallory"),
                ("email", "m@example.org"),
                ("password", "12345678"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let other = app.new_client();
    let r = other.get(app.url("/login")).send().await.unwrap();
    let page = r.text().await.unwrap();
    let t = csrf_of(&page);
    let r = other
        .post(app.url("/login"))
        .form(&[
            ("csrf", t.as_str()),
            ("email", "m@example.org"),
            ("password", "12345678"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422, "a second setup created no account");

    app.logout().await;
    assert!(!app.get_text("/").await.contains("Ada Admin"));
    let res = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await;
    assert_eq!(res.status(), 303);
    assert!(app.get_text("/").await.contains("Ada Admin"));
}

#[tokio::test]
async fn session_cookie_is_http_only_lax_and_renewed_at_login_and_deleted_at_logout() {
    let app = spawn_app().await;
    app.setup_admin().await;
    app.logout().await;
    let res = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await;
    let cookie = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("collegia_session="))
        .expect("session cookie");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert!(
        !cookie.contains("Secure"),
        "plain http base URL: not Secure"
    );
    let id = cookie
        .split(';')
        .next()
        .unwrap()
        .trim_start_matches("collegia_session=")
        .to_string();
    // A stolen cookie stops working once its owner logs out: the row is gone.
    app.logout().await;
    let thief = app.new_client();
    let page = thief
        .get(app.url("/account"))
        .header("cookie", format!("collegia_session={id}"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 303, "redirected to login");
    assert!(
        page.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/login")
    );
}

#[tokio::test]
async fn post_without_csrf_token_is_403_and_changes_nothing() {
    let app = spawn_app().await;
    app.get("/setup").await;
    let res = app
        .post_form(
            "/setup",
            &[
                ("display_name", "X"),
                ("email", "x@example.org"),
                ("password", "password123"),
            ],
        )
        .await;
    assert_eq!(res.status(), 403);
    assert!(
        res.text().await.unwrap().contains("form"),
        "explains the refusal"
    );
    let res = app
        .post_form(
            "/setup",
            &[
                ("csrf", "forged"),
                ("display_name", "X"),
                ("email", "x@example.org"),
                ("password", "password123"),
            ],
        )
        .await;
    assert_eq!(res.status(), 403);
    // Still a fresh server: nothing was created.
    assert_eq!(app.get("/").await.headers()["location"], "/setup");
    app.setup_admin().await;
    let res = app
        .post_form(
            "/login",
            &[("email", ADMIN_EMAIL), ("password", ADMIN_PASSWORD)],
        )
        .await;
    assert_eq!(res.status(), 403);
}

#[tokio::test]
async fn sixth_wrong_password_is_429_with_retry_after() {
    let app = spawn_app().await;
    app.setup_admin().await;
    app.logout().await;
    for _ in 0..5 {
        let res = app.login(ADMIN_EMAIL, "wrong password").await;
        assert_eq!(res.status(), 422);
    }
    let res = app.login(ADMIN_EMAIL, "wrong password").await;
    assert_eq!(res.status(), 429);
    let retry: i64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry > 0 && retry <= 15 * 60, "{retry}");
    // Even the right password waits now.
    assert_eq!(app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.status(), 429);
}

#[tokio::test]
async fn twenty_failures_from_one_address_block_that_address() {
    let app = spawn_app().await;
    app.setup_admin().await;
    app.logout().await;
    for i in 0..20 {
        let res = app
            .login(&format!("nobody{i}@example.org"), "wrong password")
            .await;
        assert_eq!(
            res.status(),
            422,
            "unknown emails fail like wrong passwords"
        );
    }
    assert_eq!(
        app.login("someone@example.org", "whatever1").await.status(),
        429
    );
}

#[tokio::test]
async fn forwarded_address_is_believed_only_from_trusted_proxies() {
    let app = spawn_with(Options {
        trusted_proxies: "127.0.0.1".into(),
        ..Options::default()
    })
    .await;
    app.setup_admin().await;
    app.logout().await;
    for i in 0..20 {
        let t = app.csrf("/login").await;
        let res = app
            .client
            .post(app.url("/login"))
            .header("x-forwarded-for", "203.0.113.9")
            .form(&[
                ("csrf", t.as_str()),
                ("email", &format!("n{i}@example.org")),
                ("password", "badpassword"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422);
    }
    let t = app.csrf("/login").await;
    let other = app
        .client
        .post(app.url("/login"))
        .header("x-forwarded-for", "203.0.113.10")
        .form(&[
            ("csrf", t.as_str()),
            ("email", ADMIN_EMAIL),
            ("password", ADMIN_PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), 303, "another client address is not blocked");
}

#[tokio::test]
async fn password_change_needs_the_current_one() {
    let app = spawn_app().await;
    app.setup_admin().await;
    let res = app
        .submit(
            "/account",
            "/account/password",
            &[("current", "not it at all"), ("password", "new password 1")],
        )
        .await;
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("current password is not right")
    );
    let res = app
        .submit(
            "/account",
            "/account/password",
            &[("current", ADMIN_PASSWORD), ("password", "short")],
        )
        .await;
    assert!(res.text().await.unwrap().contains("at least 8"));
    let res = app
        .submit(
            "/account",
            "/account/password",
            &[("current", ADMIN_PASSWORD), ("password", "new password 1")],
        )
        .await;
    assert_eq!(res.status(), 200);
    app.logout().await;
    assert_eq!(app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.status(), 422);
    assert_eq!(app.login(ADMIN_EMAIL, "new password 1").await.status(), 303);
}

#[tokio::test]
async fn emails_are_unique_case_insensitively() {
    let app = spawn_app().await;
    app.setup_admin().await;
    app.logout().await;
    assert_eq!(
        app.login("ADMIN@Example.ORG", ADMIN_PASSWORD)
            .await
            .status(),
        303
    );
}

#[tokio::test]
async fn api_uses_bearer_tokens_only_and_answers_problem_json() {
    let app = spawn_app().await;
    app.setup_admin().await;
    // Cookies are ignored under /api.
    let res = app.get("/api/v1/me").await;
    assert_eq!(res.status(), 401);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    let problem: serde_json::Value = res.json().await.unwrap();
    assert_eq!(problem["code"], "unauthorized");

    let page = app
        .submit(
            "/account",
            "/account/tokens",
            &[("name", "script"), ("days", "30")],
        )
        .await
        .text()
        .await
        .unwrap();
    let start =
        page.find("id=\"new-token\">").expect("token shown once") + "id=\"new-token\">".len();
    let token = page[start..start + 64].to_string();
    let me: serde_json::Value = app
        .new_client()
        .get(app.url("/api/v1/me"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["email"], ADMIN_EMAIL);
    assert_eq!(me["is_server_admin"], true);
    assert!(
        !app.get_text("/account").await.contains(&token),
        "shown only once"
    );

    // Revoked: refused.
    let account = app.get_text("/account").await;
    let action = account
        .split("action=\"/account/tokens/")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let res = app
        .submit("/account", &format!("/account/tokens/{action}"), &[])
        .await;
    assert_eq!(res.status(), 200);
    let res = app
        .new_client()
        .get(app.url("/api/v1/me"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
}

#[tokio::test]
async fn openapi_document_lists_every_api_route() {
    let app = spawn_app().await;
    let doc: serde_json::Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    let paths = doc["paths"].as_object().expect("paths");
    for route in ["/api/v1/me", "/api/v1/openapi.json"] {
        assert!(
            paths.contains_key(route),
            "{route} missing from the OpenAPI document"
        );
    }
    // And every documented path is served (not 404).
    for path in paths.keys() {
        let res = app.get(path).await;
        assert_ne!(res.status(), 404, "{path} documented but not served");
    }
    let generated = collegia::web::routes::openapi_document();
    assert_eq!(generated.paths.paths.len(), paths.len());
}

#[tokio::test]
async fn errors_are_pages_or_problem_json_never_500() {
    let app = spawn_app().await;
    let res = app.get("/no/such/page").await;
    assert_eq!(res.status(), 404);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let res = app.get("/api/v1/nothing").await;
    assert_eq!(res.status(), 404);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    // Oversized body: refused cleanly.
    let t = app.csrf("/setup").await;
    let big = "x".repeat(200_000);
    let res = app
        .post_form(
            "/login",
            &[
                ("csrf", t.as_str()),
                ("email", big.as_str()),
                ("password", "x"),
            ],
        )
        .await;
    assert!(res.status().is_client_error(), "{}", res.status());
    // Garbage form encoding.
    let res = app
        .client
        .post(app.url("/login"))
        .body("%%%&&=")
        .header("content-type", "application/x-www-form-urlencoded")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let res = app
        .client
        .post(app.url("/account/tokens/notanumber/revoke"))
        .send()
        .await
        .unwrap();
    assert!(res.status().is_client_error() || res.status().is_redirection());
}

#[tokio::test]
async fn security_headers_are_on_every_response() {
    let app = spawn_app().await;
    for path in [
        "/",
        "/setup",
        "/healthz",
        "/nope",
        "/api/v1/me",
        "/static/collegia.css",
    ] {
        let res = app.get(path).await;
        let h = res.headers();
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"),
            "{path}: {csp}"
        );
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert!(h.contains_key("referrer-policy"));
    }
    let css = app.get("/static/collegia.css").await;
    assert!(
        css.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("max-age")
    );
}

#[tokio::test]
async fn language_follows_accept_language_then_the_persons_choice() {
    let app = spawn_app().await;
    let fr = app
        .client
        .get(app.url("/setup"))
        .header("accept-language", "fr-FR,fr;q=0.9")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(fr.contains("lang=\"fr\"") && fr.contains("Installer Collegia"));
    app.setup_admin().await;
    let res = app
        .submit(
            "/account",
            "/language",
            &[("lang", "fr"), ("next", "/account")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let page = app
        .client
        .get(app.url("/account"))
        .header("accept-language", "en")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Votre compte"),
        "the account's language wins over the header"
    );
}

#[tokio::test]
async fn health_is_503_when_the_database_does_not_answer() {
    let app = spawn_app().await;
    assert_eq!(app.get("/healthz").await.status(), 200);
    // An embedded SQLite file cannot be taken away from open connections; this outage is
    // exercised in the PostgreSQL run of the suite (CI runs both).
    if !app.db.is_postgres() {
        return;
    }
    app.db.drop_now();
    let res = app.get("/healthz").await;
    assert_eq!(res.status(), 503);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["status"], "unavailable");
}

#[tokio::test]
async fn sign_up_is_open_only_when_the_server_allows_it() {
    let app = spawn_app().await;
    app.setup_admin().await;
    let visitor = app.new_client();
    assert_eq!(
        visitor
            .get(app.url("/signup"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    assert!(
        !visitor
            .get(app.url("/login"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
            .contains("/signup")
    );
    {
        let db = app.db.db();
        let mut conn = db.get().unwrap();
        collegia::storage::settings::set(
            &mut conn,
            collegia::storage::settings::OPEN_SIGNUP,
            "true",
        )
        .unwrap();
    }
    let login = visitor
        .get(app.url("/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(login.contains("href=\"/signup\""));
    let page = visitor
        .get(app.url("/signup"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let token = csrf_of(&page);
    let res = visitor
        .post(app.url("/signup"))
        .form(&[
            ("csrf", token.as_str()),
            ("display_name", "Sam"),
            ("email", "sam@example.org"),
            ("password", "sam password 1"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let home = visitor
        .get(app.url("/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(home.contains("Sam"), "signed in");
    // The same address again is refused, and no second account appears.
    let page = app.new_client();
    let t = csrf_of(
        &page
            .get(app.url("/signup"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    );
    let res = page
        .post(app.url("/signup"))
        .form(&[
            ("csrf", t.as_str()),
            ("display_name", "Sam 2"),
            ("email", "SAM@example.org"),
            ("password", "other password"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
}
