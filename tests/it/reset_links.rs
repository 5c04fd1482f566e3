//! Links in mail and password resets (issue 12, point 9): the outbox holds no usable link
//! (bodies sealed until delivered, emptied after), reset requests are limited without telling
//! which addresses exist, one used link ends the others, and a reset ends sessions and API
//! tokens after the form has said so.

use crate::support::voting::mail_context;
use crate::support::*;
use collegia::i18n::Locale;
use collegia::mail::{self, MailKind, Recipient, messages};
use collegia::storage::schema::{outbox, server_settings};
use collegia::storage::{accounts, settings};
use diesel::prelude::*;

async fn ask_reset(app: &TestApp, email: &str) -> String {
    let res = app
        .submit("/password/forgot", "/password/forgot", &[("email", email)])
        .await;
    assert_eq!(res.status(), 200);
    res.text().await.unwrap()
}

fn reset_links(app: &TestApp) -> Vec<String> {
    outbox_mail(app, "password_reset")
        .iter()
        .map(|m| {
            link_in(&m.text, &format!("{}/password/reset/", app.address))
                .trim_start_matches(&app.address)
                .to_string()
        })
        .collect()
}

/// Queues a notification (it carries a signed unsubscribe link) to `account`.
fn notify(app: &TestApp, account: i64, address: &str) {
    let db = app.db.db();
    let mut conn = db.get().unwrap();
    let to = Recipient {
        account_id: Some(account),
        address,
        locale: Locale::En,
    };
    let email = messages::notification(Locale::En, "A proposal opened", "Vote now.", &app.address);
    let ctx = mail_context(app);
    assert!(mail::enqueue(&mut conn, &ctx, MailKind::ProposalOpened, &to, &email).unwrap());
}

fn admin_id(app: &TestApp) -> i64 {
    let db = app.db.db();
    let mut conn = db.get().unwrap();
    accounts::by_email(&mut conn, ADMIN_EMAIL)
        .unwrap()
        .unwrap()
        .id
}

#[tokio::test]
async fn mail_waiting_in_the_outbox_holds_no_usable_link() {
    // Nothing listens there: every message stays queued, as it is before delivery.
    let app = spawn_with(Options {
        mail_url: Some(format!("smtp://127.0.0.1:{}", free_port())),
        ..Options::default()
    })
    .await;
    app.setup_admin().await;
    let ada = person(&app, ADMIN_EMAIL, "Ada Admin", true);
    found_scic(&ada, "sealed", "en").await;
    let key = scic().colleges[2].key.clone();
    let res = ada
        .submit(
            "/c/sealed/invitations",
            "/c/sealed/invitations",
            &[
                ("emails", "bea@example.org\ncyd@example.org"),
                ("college", &key),
                ("role", "member"),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    notify(&app, ada.id, ADMIN_EMAIL);
    app.logout().await;
    ask_reset(&app, ADMIN_EMAIL).await;

    let rows = stored_mail(&app.db.db());
    let kinds: Vec<&str> = rows.iter().map(|r| r.kind.as_str()).collect();
    for kind in ["invitation", "proposal_opened", "password_reset"] {
        assert!(kinds.contains(&kind), "{kind} queued: {kinds:?}");
    }
    for row in &rows {
        assert!(!row.sent && !row.failed, "still waiting: {row:?}");
        let stored = [
            row.subject.as_str(),
            row.text_body.as_str(),
            row.html_body.as_str(),
            row.unsubscribe_url.as_deref().unwrap_or_default(),
        ];
        for part in stored {
            for secret in [
                app.address.as_str(),
                "/password/reset/",
                "/invitations/",
                "/unsubscribe/",
            ] {
                assert!(
                    !part.contains(secret),
                    "{} stores {secret}: {part}",
                    row.kind
                );
            }
        }
        assert_eq!(
            row.unsubscribe_url.is_some(),
            row.kind == "proposal_opened",
            "a sealed unsubscribe link for notifications only"
        );
    }
    // With the server's key, the same rows open to the links the messages carry.
    let reset = &reset_links(&app)[0];
    let token = reset.trim_start_matches("/password/reset/");
    assert_eq!(token.len(), 64);
    assert!(
        rows.iter()
            .all(|r| !r.text_body.contains(token) && !r.html_body.contains(token))
    );
    assert_eq!(app.get(reset).await.status(), 200, "the sealed link works");
    for invitation in outbox_mail(&app, "invitation") {
        let link = link_in(&invitation.text, &format!("{}/invitations/", app.address));
        let path = link.trim_start_matches(&app.address);
        assert_eq!(app.get(path).await.status(), 200, "{path}");
    }
}

#[tokio::test]
async fn delivered_mail_leaves_headers_only_and_the_delivered_message_keeps_its_link() {
    let app = spawn_app().await;
    app.setup_admin().await;
    notify(&app, admin_id(&app), ADMIN_EMAIL);
    app.logout().await;
    ask_reset(&app, ADMIN_EMAIL).await;
    let db = app.db.db();
    until(|| stored_mail(&db).iter().all(|r| r.sent)).await;

    let rows = stored_mail(&db);
    assert_eq!(rows.len(), 2);
    for row in &rows {
        assert_eq!(
            (row.text_body.as_str(), row.html_body.as_str()),
            ("", ""),
            "{}: bodies emptied once delivered",
            row.kind
        );
        assert_eq!(row.unsubscribe_url, None);
        assert!(!row.subject.is_empty() && row.message_id.starts_with('<'));
    }
    let reset = rows.iter().find(|r| r.kind == "password_reset").unwrap();
    assert_eq!(reset.subject, "Reset your Collegia password");
    let eml = delivered_eml(&app, &reset.message_id);
    let link = link_in(&eml, &format!("{}/password/reset/", app.address));
    let path = link.trim_start_matches(&app.address);
    assert_eq!(
        app.get(path).await.status(),
        200,
        "the delivered link works"
    );
    let notification = rows.iter().find(|r| r.kind == "proposal_opened").unwrap();
    let eml = delivered_eml(&app, &notification.message_id);
    assert!(
        eml.contains(&format!("List-Unsubscribe: <{}/unsubscribe/", app.address)),
        "{eml}"
    );
}

#[test]
fn a_body_that_does_not_open_fails_its_message_alone_with_the_reason() {
    let (_guard, db) = migrated_db();
    let ctx = bare_mail_context();
    let mut conn = db.get().unwrap();
    queue_test_mails(&mut conn, &ctx, ["altered@example.org", "fine@example.org"]);
    // Sealed under another key, as a row copied from another server would be.
    let other = collegia::crypto::seal(&[9u8; 32], "outbox:x:text", b"http://x/evil");
    diesel::update(outbox::table.filter(outbox::recipient.eq("altered@example.org")))
        .set(outbox::text_body.eq(other))
        .execute(&mut **conn)
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let target = collegia::config::MailTarget::Directory(dir.path().to_path_buf());
    let mailer = mail::Mailer::new(&target).unwrap();
    assert_eq!(
        mail::worker::deliver_due(&db, &mailer, &ctx, "w").unwrap(),
        1
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    let (failed, error, text): (bool, Option<String>, String) = outbox::table
        .filter(outbox::recipient.eq("altered@example.org"))
        .select((
            outbox::failed_at.is_not_null(),
            outbox::last_error,
            outbox::text_body,
        ))
        .get_result(&mut **conn)
        .unwrap();
    assert!(
        failed,
        "given up at once: another attempt cannot open it either"
    );
    let error = error.unwrap();
    assert!(error.contains("does not open"), "{error}");
    assert_eq!(text, "");
    assert_eq!(
        collegia::storage::outbox::pending_count(&mut conn).unwrap(),
        0
    );
}

#[test]
fn an_outbox_from_before_sealing_is_sealed_once_when_the_keys_open() {
    let (_guard, db) = migrated_db();
    let mut conn = db.get().unwrap();
    let link = "http://x/password/reset/0123456789abcdef";
    for (message_id, sent) in [("<waiting@x>", false), ("<sent@x>", true)] {
        let id = collegia::storage::outbox::insert(
            &mut conn,
            &collegia::storage::outbox::NewMail {
                kind: "password_reset",
                account_id: None,
                recipient: "old@example.org",
                subject: "Reset your Collegia password",
                text_body: &format!("Choose a new password:\n\n{link}\n"),
                html_body: &format!("<a href=\"{link}\">Choose</a>"),
                unsubscribe_url: None,
                message_id,
            },
        )
        .unwrap();
        if sent {
            diesel::update(outbox::table.filter(outbox::id.eq(id)))
                .set(outbox::sent_at.eq(collegia::storage::now()))
                .execute(&mut **conn)
                .unwrap();
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let source = collegia::config::SecretSource::File(dir.path().join("key"));
    let keys = collegia::keys::open(&source, &mut conn).unwrap();
    let after_first = stored_mail(&db);
    let again = collegia::keys::open(&source, &mut conn).unwrap();
    assert_eq!(again.fingerprint(), keys.fingerprint());
    let after_second = stored_mail(&db);
    assert_eq!(
        after_first.iter().map(|r| &r.text_body).collect::<Vec<_>>(),
        after_second
            .iter()
            .map(|r| &r.text_body)
            .collect::<Vec<_>>(),
        "sealed once, not twice"
    );
    let flag: Option<String> = server_settings::table
        .filter(server_settings::key.eq(settings::OUTBOX_SEALED))
        .select(server_settings::value)
        .get_result(&mut **conn)
        .optional()
        .unwrap();
    assert!(flag.is_some());
    let [waiting, sent] = &after_first[..] else {
        panic!("two rows: {after_first:?}");
    };
    assert_eq!((sent.text_body.as_str(), sent.html_body.as_str()), ("", ""));
    assert!(!waiting.text_body.contains("reset") && !waiting.html_body.contains("reset"));
    let ctx = mail::MailContext {
        base_url: "http://x".into(),
        keys: std::sync::Arc::new(keys),
        from: "c@example.org".parse().unwrap(),
    };
    let mail_dir = tempfile::tempdir().unwrap();
    let target = collegia::config::MailTarget::Directory(mail_dir.path().to_path_buf());
    let mailer = mail::Mailer::new(&target).unwrap();
    assert_eq!(
        mail::worker::deliver_due(&db, &mailer, &ctx, "w").unwrap(),
        1
    );
    let file = std::fs::read_dir(mail_dir.path())
        .unwrap()
        .flatten()
        .next()
        .unwrap();
    let eml = std::fs::read_to_string(file.path()).unwrap();
    assert_eq!(link_in(&eml, "http://x/password/reset/"), link);
}

#[tokio::test]
async fn a_fourth_reset_request_in_an_hour_sends_nothing_and_looks_like_an_unknown_address() {
    let app = spawn_app().await;
    app.setup_admin().await;
    app.logout().await;
    for _ in 0..3 {
        ask_reset(&app, ADMIN_EMAIL).await;
    }
    // In another spelling, the same address.
    let fourth = ask_reset(&app, "  Admin@Example.org").await;
    let unknown = ask_reset(&app, "nobody@example.org").await;
    assert_eq!(
        fourth, unknown,
        "the same page for a limited and an unknown address"
    );
    assert!(fourth.contains("No more than three links"));
    assert_eq!(
        outbox_mail(&app, "password_reset").len(),
        3,
        "no fourth mail"
    );

    // An hour later the address may ask again.
    app.clock.advance(chrono::Duration::minutes(61));
    ask_reset(&app, ADMIN_EMAIL).await;
    assert_eq!(outbox_mail(&app, "password_reset").len(), 4);
}

#[tokio::test]
async fn one_client_asking_for_many_addresses_is_limited_too() {
    let app = spawn_app().await;
    app.setup_admin().await;
    app.logout().await;
    for i in 0..10 {
        ask_reset(&app, &format!("probe{i}@example.org")).await;
    }
    ask_reset(&app, ADMIN_EMAIL).await;
    assert!(outbox_mail(&app, "password_reset").is_empty());
    app.clock.advance(chrono::Duration::minutes(61));
    ask_reset(&app, ADMIN_EMAIL).await;
    assert_eq!(outbox_mail(&app, "password_reset").len(), 1);
}

#[tokio::test]
async fn parallel_reset_requests_still_send_at_most_three_links() {
    let app = spawn_app().await;
    app.setup_admin().await;
    app.logout().await;
    let csrf = app.csrf("/password/forgot").await;
    let requests: Vec<_> = (0..8)
        .map(|_| {
            let (client, url, csrf) = (
                app.client.clone(),
                app.url("/password/forgot"),
                csrf.clone(),
            );
            tokio::spawn(async move {
                let form = [("csrf", csrf.as_str()), ("email", ADMIN_EMAIL)];
                client.post(url).form(&form).send().await.unwrap().status()
            })
        })
        .collect();
    for request in requests {
        assert_eq!(request.await.unwrap(), 200);
    }
    assert_eq!(outbox_mail(&app, "password_reset").len(), 3);
}

#[tokio::test]
async fn using_one_reset_link_ends_the_others_and_a_password_change_ends_them_all() {
    let app = spawn_app().await;
    app.setup_admin().await;
    app.logout().await;
    ask_reset(&app, ADMIN_EMAIL).await;
    ask_reset(&app, ADMIN_EMAIL).await;
    let links = reset_links(&app);
    let [a, b] = &links[..] else {
        panic!("two links: {links:?}");
    };
    assert_eq!(app.get(b).await.status(), 200, "B works before A is used");
    let res = app
        .submit(a, a, &[("password", "first new password")])
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(app.get(b).await.status(), 410, "B ended when A was used");
    let token = app.csrf("/password/forgot").await;
    let res = app
        .post_form(
            b,
            &[("csrf", token.as_str()), ("password", "attacker password")],
        )
        .await;
    assert_eq!(res.status(), 410);
    assert_eq!(
        app.login(ADMIN_EMAIL, "attacker password").await.status(),
        422
    );

    // A link asked for before a change of password dies with the change.
    ask_reset(&app, ADMIN_EMAIL).await;
    let c = reset_links(&app).pop().unwrap();
    assert_eq!(app.get(&c).await.status(), 200);
    assert_eq!(
        app.login(ADMIN_EMAIL, "first new password").await.status(),
        303
    );
    let res = app
        .submit(
            "/account",
            "/account/password",
            &[
                ("current", "first new password"),
                ("password", "second new password"),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(app.get(&c).await.status(), 410);
}

#[tokio::test]
async fn a_reset_says_it_will_revoke_api_tokens_then_does_and_ends_every_session() {
    let app = spawn_app().await;
    app.setup_admin().await;
    let me = admin_id(&app);
    let api = |token: String| {
        let client = app.new_client();
        let url = app.url("/api/v1/me");
        async move {
            client
                .get(url)
                .bearer_auth(token)
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    let token = api_token(&app, me);
    assert_eq!(api(token.clone()).await, 200);

    // A change of password while signed in keeps the tokens.
    let res = app
        .submit(
            "/account",
            "/account/password",
            &[
                ("current", ADMIN_PASSWORD),
                ("password", "changed password 1"),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(api(token.clone()).await, 200, "a change is not a reset");

    // Another browser stays signed in until the reset.
    let other = person(&app, ADMIN_EMAIL, "Ada Admin", true);
    assert_eq!(other.get("/account").await.status(), 200);
    app.logout().await;
    ask_reset(&app, ADMIN_EMAIL).await;
    let link = reset_links(&app).pop().unwrap();
    let page = app.get_text(&link).await;
    assert!(
        page.contains("revokes its API tokens"),
        "the form says so before it is sent: {page}"
    );
    let french = client_with_session(&app.address, None, Some("fr"));
    let page = french.get(app.url(&link)).send().await.unwrap();
    let page = page.text().await.unwrap();
    assert!(page.contains("révoque ses jetons d’API"), "{page}");

    let res = app
        .submit(&link, &link, &[("password", "after the reset")])
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(api(token).await, 401, "the token is revoked");
    assert_ne!(
        other.get("/account").await.status(),
        200,
        "other sessions end"
    );
    assert_eq!(
        app.login(ADMIN_EMAIL, "after the reset").await.status(),
        303
    );
    assert_eq!(api(api_token(&app, me)).await, 200, "a new token works");
}
