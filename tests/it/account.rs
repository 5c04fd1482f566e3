//! One's own account: name, email change by a link to the new address, sessions, the data
//! download, leaving a co-op and deleting the account (pseudonymised).

use crate::support::threads::{post_comment, start_thread};
use crate::support::voting::{SLUG, coop, propose, vote};
use crate::support::*;
use collegia::storage::{accounts, audit, members};

const PW: &str = "my own password";

#[tokio::test]
async fn a_member_changes_their_display_name() {
    let app = spawn_app().await;
    let p = person(&app, "ana@example.org", "Ana", false);
    let res = p
        .submit("/account", "/account/name", &[("display_name", "  ")])
        .await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("role=\"alert\""));
    let res = p
        .submit("/account", "/account/name", &[("display_name", "Ana Lima")])
        .await;
    assert_eq!(res.status(), 303);
    let page = p.text("/account?done=name").await;
    assert!(page.contains("Your name is saved."), "{page}");
    assert!(page.contains("value=\"Ana Lima\""));
    let db = app.db.db();
    let mut conn = db.get().unwrap();
    let a = accounts::by_id(&mut conn, p.id).unwrap().unwrap();
    assert_eq!(a.display_name, "Ana Lima");
}

#[tokio::test]
async fn an_email_change_asks_the_password_and_is_confirmed_by_a_link_to_the_new_address() {
    let app = spawn_app().await;
    let p = person(&app, "ana@example.org", "Ana", false);
    set_password(&app, p.id, PW);
    person(&app, "taken@example.org", "Bea", false);

    // Wrong password, an address another account uses, the same address: refused, no mail.
    let res = p
        .submit(
            "/account/email",
            "/account/email",
            &[("email", "new@example.org"), ("password", "not it")],
        )
        .await;
    assert_eq!(res.status(), 422);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("current password is not right")
    );
    let res = p
        .submit(
            "/account/email",
            "/account/email",
            &[("email", "TAKEN@example.org"), ("password", PW)],
        )
        .await;
    assert_eq!(res.status(), 422);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("Another account already uses this address")
    );
    let res = p
        .submit(
            "/account/email",
            "/account/email",
            &[("email", "Ana@Example.org"), ("password", PW)],
        )
        .await;
    assert_eq!(res.status(), 422);
    assert!(outbox_mail(&app, "email_change").is_empty());

    let res = p
        .submit(
            "/account/email",
            "/account/email",
            &[("email", "new@example.org"), ("password", PW)],
        )
        .await;
    assert_eq!(res.status(), 200);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("We sent a link to new@example.org")
    );
    let to_new = outbox_mail(&app, "email_change");
    assert_eq!(to_new.len(), 1);
    assert_eq!(to_new[0].recipient, "new@example.org");
    let asked = outbox_mail(&app, "email_changed");
    assert_eq!(asked.len(), 1, "the old address is told at once");
    assert_eq!(asked[0].recipient, "ana@example.org");
    assert!(asked[0].text.contains("new@example.org"));

    // Until the link is used, nothing changes.
    let db = app.db.db();
    let email_of = |id| {
        let mut conn = db.get().unwrap();
        accounts::by_id(&mut conn, id).unwrap().unwrap().email
    };
    assert_eq!(email_of(p.id), "ana@example.org");
    let link = link_in(
        &to_new[0].text,
        &format!("{}/account/email/confirm/", app.address),
    );
    let path = link.trim_start_matches(&app.address).to_string();
    // Opening the link changes nothing (a GET); the button does, from any browser.
    let page = app.get_text(&path).await;
    assert!(page.contains("Use new@example.org"), "{page}");
    assert_eq!(email_of(p.id), "ana@example.org");
    let res = app.submit(&path, &path, &[]).await;
    assert_eq!(res.status(), 303);
    assert_eq!(email_of(p.id), "new@example.org");
    let changed = outbox_mail(&app, "email_changed");
    assert_eq!(changed.len(), 2, "and told again once it changed");
    assert_eq!(changed[1].recipient, "ana@example.org");

    // The link works once; sign-in takes the new address only.
    assert_eq!(app.get(&path).await.status(), 410);
    assert_eq!(app.login("ana@example.org", PW).await.status(), 422);
    assert_eq!(app.login("new@example.org", PW).await.status(), 303);
}

#[tokio::test]
async fn an_email_change_link_expires() {
    let app = spawn_app().await;
    let p = person(&app, "ana@example.org", "Ana", false);
    set_password(&app, p.id, PW);
    let res = p
        .submit(
            "/account/email",
            "/account/email",
            &[("email", "new@example.org"), ("password", PW)],
        )
        .await;
    assert_eq!(res.status(), 200);
    let mail = outbox_mail(&app, "email_change");
    let link = link_in(
        &mail[0].text,
        &format!("{}/account/email/confirm/", app.address),
    );
    let path = link.trim_start_matches(&app.address).to_string();
    assert_eq!(app.get(&path).await.status(), 200);
    app.clock.advance(chrono::Duration::hours(25));
    assert_eq!(app.get(&path).await.status(), 410);
    let res = app.submit("/login", &path, &[]).await;
    assert_eq!(res.status(), 410);
    let db = app.db.db();
    let mut conn = db.get().unwrap();
    let a = accounts::by_id(&mut conn, p.id).unwrap().unwrap();
    assert_eq!(a.email, "ana@example.org");
}

#[tokio::test]
async fn sessions_are_listed_with_their_last_use_and_can_be_ended() {
    let app = spawn_app().await;
    let laptop = person(&app, "ana@example.org", "Ana", false);
    let phone = person(&app, "ana@example.org", "Ana", false);
    let tablet = person(&app, "ana@example.org", "Ana", false);
    assert_eq!(phone.id, laptop.id);
    let res = phone
        .client
        .get(app.url("/account"))
        .header(
            "user-agent",
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) \
             Chrome/126.0 Mobile Safari/537.36",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let page = laptop.text("/account/sessions").await;
    assert!(
        page.contains("Chrome, Android"),
        "the phone's browser: {page}"
    );
    assert_eq!(page.matches("This browser").count(), 1, "{page}");
    assert_eq!(page.matches("Another browser").count(), 2);
    // Used since signing in: the laptop (this page) and the phone; the tablet not yet.
    assert_eq!(page.matches("not since signing in").count(), 1, "{page}");

    // End one session: the first other one listed (the phone, used most recently).
    let handle = page
        .split("action=\"/account/sessions/")
        .nth(1)
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .to_string();
    assert_ne!(handle, "others");
    let res = laptop
        .submit(
            "/account/sessions",
            &format!("/account/sessions/{handle}/end"),
            &[],
        )
        .await;
    assert_eq!(res.status(), 200);
    assert!(res.text().await.unwrap().contains("The session is ended."));
    assert_eq!(phone.get("/account").await.status(), 303, "signed out");
    assert_eq!(tablet.get("/account").await.status(), 200);
    // Someone else's handle, or a made-up one: not found.
    let res = laptop
        .submit(
            "/account/sessions",
            "/account/sessions/0123456789abcdef/end",
            &[],
        )
        .await;
    assert_eq!(res.status(), 404);

    let res = laptop
        .submit("/account/sessions", "/account/sessions/others/end", &[])
        .await;
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("One other session is ended.")
    );
    assert_eq!(tablet.get("/account").await.status(), 303);
    assert_eq!(laptop.get("/account").await.status(), 200);
    let page = laptop.text("/account/sessions").await;
    assert!(page.contains("You are signed in on this browser only."));
}

#[tokio::test]
async fn the_data_download_has_posts_and_named_votes_and_nothing_of_a_secret_ballot() {
    let c = coop().await;
    let m = &c.members[0];
    set_password(&c.app, m.id, PW);
    let thread = start_thread(m, SLUG, "Bread oven", "Shall we build one?").await;
    post_comment(m, SLUG, thread, "I can lay bricks.").await;
    let named = propose(&c.admin, "single", "Yes\nNo", &[("title", "Open question")]).await;
    let secret = propose(
        &c.admin,
        "single",
        "Zanzibar\nYokohama",
        &[("title", "Hidden question"), ("secret", "true")],
    )
    .await;
    assert_eq!(
        vote(m, named, &[("choice", "Yes"), ("reason", "Warm bread")])
            .await
            .0,
        303
    );
    assert_eq!(vote(m, secret, &[("choice", "Zanzibar")]).await.0, 303);

    let res = m
        .submit(
            "/account/data",
            "/account/data",
            &[("password", "wrong one")],
        )
        .await;
    assert_eq!(res.status(), 422);
    let res = m
        .submit("/account/data", "/account/data", &[("password", PW)])
        .await;
    assert_eq!(res.status(), 200);
    let disposition = res
        .headers()
        .get("content-disposition")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    assert!(disposition.starts_with("attachment; filename=\"collegia-"));
    let text = res.text().await.unwrap();
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["format"], "collegia-account-export/1");
    assert_eq!(doc["profile"]["email"], "m0@example.org");
    assert_eq!(doc["memberships"][0]["coop"], SLUG);
    assert_eq!(doc["threads"][0]["title"], "Bread oven");
    assert_eq!(doc["comments"][0]["body"], "I can lay bricks.");
    let votes = doc["named_votes"].as_array().unwrap();
    assert_eq!(votes.len(), 1, "{votes:?}");
    assert_eq!(votes[0]["proposal"], named);
    assert_eq!(votes[0]["choice"], "Yes");
    assert_eq!(votes[0]["reason"], "Warm bread");
    assert!(!text.contains("Hidden question"), "{text}");
    assert!(!text.contains("Zanzibar"));

    // Closed, the secret ballot is a plain row under a random tag: still not in the export.
    c.app.clock.advance(chrono::Duration::days(4));
    crate::support::voting::run_job_in(&c.app, 0);
    let text = m
        .submit("/account/data", "/account/data", &[("password", PW)])
        .await
        .text()
        .await
        .unwrap();
    assert!(!text.contains("Hidden question") && !text.contains("Zanzibar"));
    assert!(text.contains("Open question"));
}

#[tokio::test]
async fn a_member_leaves_a_coop_but_the_last_admin_may_not() {
    let c = coop().await;
    let m = &c.members[2];
    let page = m.text("/account/coops").await;
    assert!(
        page.contains(&format!("/account/coops/{SLUG}/leave")),
        "{page}"
    );
    let question = m.text(&format!("/account/coops/{SLUG}/leave")).await;
    assert!(question.contains("register of members"));
    let res = m
        .submit(
            "/account/coops",
            &format!("/account/coops/{SLUG}/leave"),
            &[],
        )
        .await;
    assert_eq!(res.status(), 200);
    let page = res.text().await.unwrap();
    assert!(page.contains("You left"), "{page}");
    assert!(page.contains("You are not a member of any co-op."));
    assert_eq!(m.get(&format!("/c/{SLUG}/proposals")).await.status(), 403);
    let register = c.admin.text(&format!("/c/{SLUG}/register.csv")).await;
    assert!(register.contains("Member 2"));

    let res = c
        .admin
        .submit(
            "/account/coops",
            &format!("/account/coops/{SLUG}/leave"),
            &[],
        )
        .await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("role=\"alert\""));
    // Leaving a co-op one is not in: not found.
    let res = m
        .submit(
            "/account/coops",
            &format!("/account/coops/{SLUG}/leave"),
            &[],
        )
        .await;
    assert_eq!(res.status(), 404);
}

#[tokio::test]
async fn deleting_an_account_pseudonymises_it_and_ends_every_way_in() {
    let c = coop().await;
    let m = &c.members[0];
    set_password(&c.app, m.id, PW);
    let token = api_token(&c.app, m.id);
    let thread = start_thread(m, SLUG, "Bread oven", "Shall we build one?").await;
    post_comment(&c.admin, SLUG, thread, "Good idea.").await;
    let named = propose(
        &c.admin,
        "single",
        "Yes\nNo",
        &[("results_visibility", "live")],
    )
    .await;
    assert_eq!(vote(m, named, &[("choice", "Yes")]).await.0, 303);

    // Not confirmed, wrong password: refused, nothing changes.
    let res = m
        .submit("/account/delete", "/account/delete", &[("password", PW)])
        .await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("Tick the box"));
    let res = m
        .submit(
            "/account/delete",
            "/account/delete",
            &[("password", "wrong one"), ("confirm", "yes")],
        )
        .await;
    assert_eq!(res.status(), 422);
    assert_eq!(m.get("/account").await.status(), 200);

    let res = m
        .submit(
            "/account/delete",
            "/account/delete",
            &[("password", PW), ("confirm", "yes")],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        res.headers().get("location").unwrap(),
        "/login?notice=notice-account-deleted"
    );

    // No session, no token, no sign-in, no reset.
    assert_eq!(m.get("/account").await.status(), 303);
    let api = reqwest::Client::new()
        .get(c.app.url("/api/v1/me"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), 401);
    assert_eq!(c.app.login("m0@example.org", PW).await.status(), 422);
    let res = c
        .app
        .submit(
            "/password/forgot",
            "/password/forgot",
            &[("email", "m0@example.org")],
        )
        .await;
    assert_eq!(res.status(), 200);
    assert!(outbox_mail(&c.app, "password_reset").is_empty());

    // The row stays, pseudonymised; the register keeps the name; the audit records it.
    let db = c.app.db.db();
    let mut conn = db.get().unwrap();
    let a = accounts::by_id(&mut conn, m.id).unwrap().unwrap();
    assert_eq!(a.display_name, "former member");
    assert_eq!(a.email, "");
    assert_eq!(a.password_hash, "");
    assert!(
        accounts::by_email(&mut conn, "m0@example.org")
            .unwrap()
            .is_none()
    );
    let coop_id = collegia::storage::coops::by_slug(&mut conn, SLUG)
        .unwrap()
        .unwrap()
        .id;
    let register = members::register(&mut conn, coop_id).unwrap();
    let line = register
        .iter()
        .find(|l| l.public_id == m.public_id)
        .unwrap();
    assert_eq!(line.display_name, "Member 0");
    assert!(line.left_at.is_some(), "leaving is recorded");
    assert!(
        members::current(&mut conn, coop_id, m.id)
            .unwrap()
            .is_none()
    );
    let deleted = audit::of_kind(&mut conn, coop_id, "account.deleted").unwrap();
    assert_eq!(deleted.len(), 1);
    assert!(audit::verify(&mut conn, coop_id).unwrap().is_ok());

    // Posts stay under "former member" (in the reader's language); the named vote still counts.
    let page = c.admin.text(&format!("/c/{SLUG}/threads/{thread}")).await;
    assert!(page.contains("Shall we build one?"));
    assert!(page.contains("former member"), "{page}");
    assert!(!page.contains("Member 0"));
    let results = c.admin.text(&format!("/c/{SLUG}/proposals/{named}")).await;
    assert!(results.contains("former member"), "{results}");
    let count: i64 = collegia::storage::ballots::count(&mut conn, named).unwrap();
    assert_eq!(count, 1);
    drop(conn);

    // An invitation to the old address asks for a new account: the deleted one is not matched.
    let res = c
        .admin
        .submit(
            &format!("/c/{SLUG}/invitations"),
            &format!("/c/{SLUG}/invitations"),
            &[
                ("emails", "m0@example.org"),
                ("college", "workers"),
                ("role", "member"),
            ],
        )
        .await;
    assert!(res.text().await.unwrap().contains("One invitation sent"));
    let invitation = outbox_mail(&c.app, "invitation")
        .into_iter()
        .find(|m| m.recipient == "m0@example.org")
        .unwrap();
    let link = link_in(&invitation.text, &format!("{}/invitations/", c.app.address));
    let page = c
        .app
        .get_text(link.trim_start_matches(&c.app.address))
        .await;
    assert!(
        page.contains("Create your account for m0@example.org"),
        "{page}"
    );
}

#[tokio::test]
async fn the_last_admin_of_a_coop_cannot_delete_their_account() {
    let c = coop().await;
    set_password(&c.app, c.admin.id, PW);
    // Not the server's only admin: the co-op's rule is the one that holds here.
    person(&c.app, "root@example.org", "Root", true);
    let res = c
        .admin
        .submit(
            "/account/delete",
            "/account/delete",
            &[("password", PW), ("confirm", "yes")],
        )
        .await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("You are the last admin of"), "{page}");
    assert_eq!(c.admin.get("/account").await.status(), 200);
}

#[tokio::test]
async fn the_last_server_admin_cannot_delete_their_account() {
    let app = spawn_app().await;
    let admin = person(&app, "root@example.org", "Root", true);
    set_password(&app, admin.id, PW);
    let res = admin
        .submit(
            "/account/delete",
            "/account/delete",
            &[("password", PW), ("confirm", "yes")],
        )
        .await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("only administrator"));
    assert_eq!(admin.get("/account").await.status(), 200);
}

#[tokio::test]
async fn the_account_pages_speak_french() {
    let app = spawn_app().await;
    let p = person(&app, "ana@example.org", "Ana", false);
    let db = app.db.db();
    {
        let mut conn = db.get().unwrap();
        accounts::set_locale(&mut conn, p.id, Some(collegia::i18n::Locale::Fr)).unwrap();
    }
    for (path, words) in [
        ("/account", "Nom affiché"),
        ("/account/email", "Nouvelle adresse e-mail"),
        ("/account/sessions", "Où vous êtes connecté"),
        ("/account/data", "Télécharger vos données"),
        ("/account/coops", "Vous n’êtes membre d’aucune coopérative."),
        ("/account/delete", "Supprimer votre compte"),
    ] {
        let page = p.text(path).await;
        assert!(page.contains(words), "{path}: {page}");
        assert!(page.contains("aria-current=\"page\""), "{path}");
    }
}
