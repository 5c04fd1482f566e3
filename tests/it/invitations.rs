//! Invitations: by email through the outbox to a real SMTP server, in the co-op's language;
//! accepting creates or links an account; resend, revoke, expiry; 10,000 at once.

use crate::support::*;
use collegia::storage::schema::{invitations, outbox};
use collegia::storage::{coops, members};
use diesel::prelude::*;

#[tokio::test]
async fn invitations_reach_smtp_in_the_coops_language_and_accepting_admits() {
    let Some(smtpd) = Smtpd::start("invitations_smtp") else {
        return;
    };
    let app = spawn_with(Options {
        mail_url: Some(smtpd.url()),
        ..Options::default()
    })
    .await;
    let ada = person(&app, "ada@example.org", "Ada Admin", true);
    found_scic(&ada, "terre-vive", "fr").await;
    let keys: Vec<String> = scic().colleges.iter().map(|c| c.key.clone()).collect();
    let existing = person(&app, "zoe@example.org", "Zoé", false);
    let res = ada
        .submit(
            "/c/terre-vive/invitations",
            "/c/terre-vive/invitations",
            &[
                ("emails", "Léo <leo@example.org>, zoe@example.org\nnot-an-address\nleo@example.org; ada@example.org"),
                ("college", &keys[1]),
                ("role", "member"),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    let page = res.text().await.unwrap();
    assert!(page.contains("2 invitations sent"), "{page}");
    assert!(page.contains("not-an-address"));
    assert!(page.contains("Given twice (1): leo@example.org"));
    assert!(page.contains("Already invited or members (1): ada@example.org"));

    let mails = smtpd.wait_for(2);
    let leo = mails
        .iter()
        .find(|m| m.contains("To: leo@example.org"))
        .expect("mail to leo");
    assert!(leo.contains("X-Collegia-Kind: invitation"));
    assert!(leo.contains("text/plain") && leo.contains("text/html"));
    assert!(
        leo.contains("vous invite"),
        "in the co-op's language (French): {leo}"
    );
    let link = link_in(leo, &format!("{}/invitations/", app.address));
    let path = link.trim_start_matches(&app.address).to_string();

    // A new person: the link creates the account and admits them.
    let anon = client_with_session(&app.address, None, None);
    let page = anon
        .get(app.url(&path))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Terre Vive"), "{page}");
    let token = csrf_of(&page);
    let res = anon
        .post(app.url(&path))
        .form(&[
            ("csrf", token.as_str()),
            ("display_name", "Léo"),
            ("password", "leo password 1"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/c/terre-vive");
    // Single use.
    assert_eq!(anon.get(app.url(&path)).send().await.unwrap().status(), 410);

    // An existing account accepts while signed in: linked, not duplicated.
    let zoe_mail = mails
        .iter()
        .find(|m| m.contains("To: zoe@example.org"))
        .unwrap();
    let zoe_path = link_in(zoe_mail, &format!("{}/invitations/", app.address))
        .trim_start_matches(&app.address)
        .to_string();
    let res = existing.submit(&zoe_path, &zoe_path, &[]).await;
    assert_eq!(res.status(), 303);

    let db = app.db.db();
    let mut conn = db.get().unwrap();
    let coop = coops::by_slug(&mut conn, "terre-vive").unwrap().unwrap();
    let leo_account = collegia::storage::accounts::by_email(&mut conn, "leo@example.org")
        .unwrap()
        .unwrap();
    let m = members::current(&mut conn, coop.id, leo_account.id)
        .unwrap()
        .unwrap();
    assert_eq!(m.college.as_deref(), Some(keys[1].as_str()));
    assert!(
        members::current(&mut conn, coop.id, existing.id)
            .unwrap()
            .is_some()
    );
    let dir = ada.text("/c/terre-vive/members").await;
    assert!(dir.contains("Léo") && dir.contains("Zoé"));

    // Links last 14 days.
    let (created, expires): (chrono::NaiveDateTime, chrono::NaiveDateTime) = invitations::table
        .select((invitations::created_at, invitations::expires_at))
        .first(&mut **conn)
        .unwrap();
    assert_eq!(expires - created, chrono::Duration::days(14));
}

#[tokio::test]
async fn resend_replaces_the_link_revoke_and_expiry_end_it() {
    let app = spawn_app().await;
    let ada = person(&app, "ada@example.org", "Ada Admin", true);
    found_scic(&ada, "terre-vive", "en").await;
    let key = scic().colleges[2].key.clone();
    let res = ada
        .submit(
            "/c/terre-vive/invitations",
            "/c/terre-vive/invitations",
            &[
                ("emails", "a@example.org\nb@example.org"),
                ("college", &key),
                ("role", "board"),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    let db = app.db.db();
    let mut conn = db.get().unwrap();
    let first_links = || -> Vec<String> {
        outbox_mail(&app, "invitation")
            .iter()
            .map(|m| {
                link_in(&m.text, &format!("{}/invitations/", app.address))
                    .trim_start_matches(&app.address)
                    .to_string()
            })
            .collect()
    };
    let links = first_links();
    assert_eq!(links.len(), 2);
    let ids: Vec<i64> = invitations::table
        .order(invitations::id.asc())
        .select(invitations::id)
        .load(&mut **conn)
        .unwrap();
    let anon = client_with_session(&app.address, None, None);
    let status = |path: String| {
        let anon = anon.clone();
        let url = app.url(&path);
        async move { anon.get(url).send().await.unwrap().status().as_u16() }
    };
    assert_eq!(status(links[0].clone()).await, 200);

    // Resend: a new mail, the old link dies.
    let resend = format!("/c/terre-vive/invitations/{}/resend", ids[0]);
    assert_eq!(
        ada.submit("/c/terre-vive/invitations", &resend, &[])
            .await
            .status(),
        200
    );
    let after = first_links();
    assert_eq!(after.len(), 3);
    assert_eq!(status(links[0].clone()).await, 410);
    assert_eq!(status(after[2].clone()).await, 200);

    // Revoke.
    let revoke = format!("/c/terre-vive/invitations/{}/revoke", ids[0]);
    assert_eq!(
        ada.submit("/c/terre-vive/invitations", &revoke, &[])
            .await
            .status(),
        200
    );
    assert_eq!(status(after[2].clone()).await, 410);

    // Expiry: a link past its date no longer works.
    diesel::update(invitations::table.filter(invitations::id.eq(ids[1])))
        .set(invitations::expires_at.eq(collegia::storage::now() - chrono::Duration::seconds(1)))
        .execute(&mut **conn)
        .unwrap();
    assert_eq!(status(links[1].clone()).await, 410);
    let coop = coops::by_slug(&mut conn, "terre-vive").unwrap().unwrap();
    assert!(
        collegia::storage::audit::verify(&mut conn, coop.id)
            .unwrap()
            .is_ok()
    );
}

#[tokio::test]
async fn ten_thousand_addresses_in_one_submission_are_stored_and_queued() {
    let app = spawn_app().await;
    let ada = person(&app, "ada@example.org", "Ada Admin", true);
    found_scic(&ada, "terre-vive", "en").await;
    let list: Vec<String> = (0..10_000)
        .map(|i| format!("person{i:05}@example.org"))
        .collect();
    let text = list.join("\n");
    assert!(text.len() > 64 * 1024, "over the default body limit");
    let key = scic().colleges[1].key.clone();
    let started = std::time::Instant::now();
    let res = ada
        .submit(
            "/c/terre-vive/invitations",
            "/c/terre-vive/invitations",
            &[("emails", &text), ("college", &key), ("role", "member")],
        )
        .await;
    let status = res.status();
    let body = res.text().await.unwrap();
    eprintln!(
        "10,000 invitations in one submission: {:?} (debug build)",
        started.elapsed()
    );
    assert_eq!(status, 200, "{}", &body[..body.len().min(2000)]);
    assert!(
        body.contains("10,000 invitations sent") || body.contains("10000 invitations sent"),
        "report"
    );
    let db = app.db.db();
    let mut conn = db.get().unwrap();
    let n: i64 = invitations::table.count().get_result(&mut **conn).unwrap();
    assert_eq!(n, 10_000);
    let queued: i64 = outbox::table
        .filter(outbox::kind.eq("invitation"))
        .count()
        .get_result(&mut **conn)
        .unwrap();
    assert_eq!(queued, 10_000);
    let coop = coops::by_slug(&mut conn, "terre-vive").unwrap().unwrap();
    assert_eq!(
        collegia::storage::audit::verify(&mut conn, coop.id).unwrap(),
        Ok(10_003)
    );
}

#[tokio::test]
async fn board_members_invite_but_only_admins_make_admins() {
    let app = spawn_app().await;
    let ada = person(&app, "ada@example.org", "Ada Admin", true);
    found_scic(&ada, "terre-vive", "en").await;
    let key = scic().colleges[0].key.clone();
    let bob = person(&app, "bob@example.org", "Bob Board", false);
    admit(&app, "terre-vive", bob.id, Some(&key), false, true);
    let invite = |role: &'static str| {
        let key = key.clone();
        let bob = &bob;
        async move {
            bob.submit(
                "/c/terre-vive/invitations",
                "/c/terre-vive/invitations",
                &[
                    ("emails", "new@example.org"),
                    ("college", &key),
                    ("role", role),
                ],
            )
            .await
            .status()
            .as_u16()
        }
    };
    assert_eq!(invite("admin").await, 403);
    assert_eq!(invite("board").await, 200);
    let guest = person(&app, "g@example.org", "Guest", false);
    admit(&app, "terre-vive", guest.id, None, false, false);
    assert_eq!(guest.get("/c/terre-vive/invitations").await.status(), 403);
    assert_eq!(guest.get("/c/terre-vive/rules").await.status(), 200);
    assert!(
        guest
            .text("/c/terre-vive")
            .await
            .contains("you do not vote")
    );
}
