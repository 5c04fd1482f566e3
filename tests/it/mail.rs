//! Mail through the outbox: a real SMTP server, reset links, unsubscribe, concurrent workers.

use crate::support::*;
use collegia::i18n::Locale;
use collegia::mail::{self, MailKind, Recipient, messages};
use collegia::storage::{accounts, outbox};

#[tokio::test]
async fn reset_mail_reaches_a_real_smtp_server_and_its_link_works_once() {
    let Some(smtpd) = Smtpd::start("reset_mail") else {
        return;
    };
    let app = spawn_with(Options {
        mail_url: Some(smtpd.url()),
        ..Options::default()
    })
    .await;
    app.setup_admin().await;
    app.logout().await;
    let res = app
        .submit(
            "/password/forgot",
            "/password/forgot",
            &[("email", ADMIN_EMAIL)],
        )
        .await;
    assert_eq!(res.status(), 200);
    // Unknown addresses get the same answer and no mail.
    let same = app
        .submit(
            "/password/forgot",
            "/password/forgot",
            &[("email", "nobody@example.org")],
        )
        .await;
    assert_eq!(same.status(), 200);
    let messages = smtpd.wait_for(1);
    assert_eq!(messages.len(), 1);
    let m = &messages[0];
    assert!(
        m.contains("Message-ID: <") || m.contains("Message-Id: <"),
        "{m}"
    );
    assert!(m.contains("Date: "));
    assert!(
        m.contains("From: \"Collegia Test\" <collegia@example.org>")
            || m.contains("From: Collegia Test <collegia@example.org>")
    );
    assert!(
        m.contains("text/plain") && m.contains("text/html"),
        "two parts"
    );
    assert!(m.contains("X-Collegia-Kind: password_reset"));
    assert!(
        !m.contains("List-Unsubscribe"),
        "transactional mail has no unsubscribe"
    );
    let link = link_in(m, &format!("{}/password/reset/", app.address));
    let path = link.trim_start_matches(&app.address).to_string();
    assert_eq!(app.get(&path).await.status(), 200);
    let res = app
        .submit(&path, &path, &[("password", "brand new password")])
        .await;
    assert_eq!(res.status(), 303);
    // Single use.
    assert_eq!(app.get(&path).await.status(), 410);
    assert_eq!(
        app.login(ADMIN_EMAIL, "brand new password").await.status(),
        303
    );
}

#[tokio::test]
async fn unsubscribe_link_stops_that_kind_of_mail() {
    let app = spawn_app().await;
    app.setup_admin().await;
    let db = app.db.db();
    let mut conn = db.get().unwrap();
    let account = accounts::by_email(&mut conn, ADMIN_EMAIL).unwrap().unwrap();
    let ctx = mail::MailContext {
        base_url: app.address.clone(),
        keys: app.keys.clone(),
        from: "c@example.org".parse().unwrap(),
    };
    let to = Recipient {
        account_id: Some(account.id),
        address: ADMIN_EMAIL,
        locale: Locale::En,
    };
    let email = messages::notification(Locale::En, "A proposal opened", "Vote now.", &app.address);
    assert!(mail::enqueue(&mut conn, &ctx, MailKind::ProposalOpened, &to, &email).unwrap());
    let url = ctx.unsubscribe_url(account.id, MailKind::ProposalOpened);
    let path = url.trim_start_matches(&app.address).to_string();

    // A tampered signature is refused.
    let flipped = if path.ends_with('0') { '1' } else { '0' };
    let bad = format!("{}{flipped}", &path[..path.len() - 1]);
    let anon = app.new_client();
    assert_eq!(anon.post(app.url(&bad)).send().await.unwrap().status(), 403);
    // GET only asks; a mail client's one-click POST needs no session and no CSRF token.
    assert_eq!(anon.get(app.url(&path)).send().await.unwrap().status(), 200);
    assert!(accounts::mail_enabled(&mut conn, account.id, "proposal_opened").unwrap());
    let res = anon
        .post(app.url(&path))
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(!accounts::mail_enabled(&mut conn, account.id, "proposal_opened").unwrap());
    assert!(
        !mail::enqueue(&mut conn, &ctx, MailKind::ProposalOpened, &to, &email).unwrap(),
        "no longer queued"
    );
    assert!(
        mail::enqueue(&mut conn, &ctx, MailKind::ProposalResult, &to, &email).unwrap(),
        "other kinds still go"
    );
    assert!(
        mail::enqueue(&mut conn, &ctx, MailKind::PasswordReset, &to, &email).unwrap(),
        "transactional always goes"
    );
    let rows = outbox::for_recipient(&mut conn, ADMIN_EMAIL).unwrap();
    assert_eq!(rows.iter().filter(|r| r.0 == "proposal_opened").count(), 1);
}

#[tokio::test]
async fn notification_mail_carries_list_unsubscribe_headers() {
    let Some(smtpd) = Smtpd::start("list_unsubscribe") else {
        return;
    };
    let app = spawn_with(Options {
        mail_url: Some(smtpd.url()),
        ..Options::default()
    })
    .await;
    app.setup_admin().await;
    let db = app.db.db();
    let mut conn = db.get().unwrap();
    let account = accounts::by_email(&mut conn, ADMIN_EMAIL).unwrap().unwrap();
    let ctx = mail::MailContext {
        base_url: app.address.clone(),
        keys: app.keys.clone(),
        from: "c@example.org".parse().unwrap(),
    };
    let to = Recipient {
        account_id: Some(account.id),
        address: ADMIN_EMAIL,
        locale: Locale::Fr,
    };
    let email = messages::notification(
        Locale::Fr,
        "Résultat",
        "La proposition est adoptée.",
        &app.address,
    );
    mail::enqueue(&mut conn, &ctx, MailKind::ProposalResult, &to, &email).unwrap();
    let m = &smtpd.wait_for(1)[0];
    assert!(m.contains("List-Unsubscribe: <"), "{m}");
    assert!(m.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
}

#[tokio::test]
async fn two_workers_on_one_database_deliver_each_row_once() {
    let Some(smtpd) = Smtpd::start("two_workers") else {
        return;
    };
    let (_guard, db) = migrated_db();
    let n = 40;
    let ctx = bare_mail_context();
    queue_test_mails(
        &mut db.get().unwrap(),
        &ctx,
        (0..n).map(|i| format!("member{i}@example.org")),
    );
    let target = collegia::config::MailTarget::Smtp { url: smtpd.url() };
    let workers: Vec<_> = (0..2)
        .map(|w| {
            let (db, mailer, ctx) = (db.clone(), mail::Mailer::new(&target).unwrap(), ctx.clone());
            std::thread::spawn(move || {
                let mut total = 0;
                for _ in 0..20 {
                    total +=
                        mail::worker::deliver_due(&db, &mailer, &ctx, &format!("w{w}")).unwrap();
                }
                total
            })
        })
        .collect();
    let delivered: usize = workers.into_iter().map(|h| h.join().unwrap()).sum();
    assert_eq!(
        delivered, n,
        "the two workers together delivered every row once"
    );
    smtpd.wait_for(n);
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert_eq!(
        smtpd.messages().len(),
        n,
        "the server received each row exactly once"
    );
    let mut conn = db.get().unwrap();
    assert_eq!(outbox::pending_count(&mut conn).unwrap(), 0);
}

#[tokio::test]
async fn a_retry_after_a_crash_reuses_the_message_id() {
    let (_guard, db) = migrated_db();
    let mut conn = db.get().unwrap();
    let ctx = bare_mail_context();
    queue_test_mails(&mut conn, &ctx, ["x@example.org"]);
    // A worker claims the row with an already-expired lease, then "crashes" before sending.
    let past = collegia::storage::now() - chrono::Duration::seconds(1);
    let first = outbox::claim_due(&mut conn, "crashed", 10, past).unwrap();
    assert_eq!(first.len(), 1);
    let second = outbox::claim_due(
        &mut conn,
        "survivor",
        10,
        collegia::storage::now() + chrono::Duration::minutes(2),
    )
    .unwrap();
    assert_eq!(second.len(), 1, "the expired lease is claimed again");
    assert_eq!(first[0].message_id, second[0].message_id);
    assert_eq!(second[0].attempts, 2);
    let a = String::from_utf8(mail::build_message(&ctx, &first[0]).unwrap().formatted()).unwrap();
    let b = String::from_utf8(mail::build_message(&ctx, &second[0]).unwrap().formatted()).unwrap();
    let id = |m: &str| {
        m.lines()
            .find(|l| l.to_ascii_lowercase().starts_with("message-id:"))
            .unwrap()
            .to_string()
    };
    assert_eq!(id(&a), id(&b));
    // While the survivor holds its lease, nobody else can claim it.
    assert!(
        outbox::claim_due(&mut conn, "third", 10, collegia::storage::now())
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn failed_delivery_is_retried_with_backoff_and_keeps_the_error() {
    let (_guard, db) = migrated_db();
    let mut conn = db.get().unwrap();
    let ctx = bare_mail_context();
    queue_test_mails(&mut conn, &ctx, ["x@example.org"]);
    drop(conn);
    // Nothing listens on this port: delivery fails.
    let target = collegia::config::MailTarget::Smtp {
        url: format!("smtp://127.0.0.1:{}", free_port()),
    };
    let mailer = mail::Mailer::new(&target).unwrap();
    let mut delivered = mail::worker::deliver_due(&db, &mailer, &ctx, "w").unwrap();
    delivered += mail::worker::deliver_due(&db, &mailer, &ctx, "w").unwrap();
    assert_eq!(delivered, 0);
    let mut conn = db.get().unwrap();
    assert_eq!(
        outbox::pending_count(&mut conn).unwrap(),
        1,
        "still pending, not yet due again"
    );
    let error = outbox::last_error(&mut conn, "x@example.org").unwrap();
    assert!(error.is_some_and(|e| !e.is_empty()));
}

#[tokio::test]
async fn the_default_transport_writes_eml_files() {
    let app = spawn_app().await;
    app.setup_admin().await;
    app.logout().await;
    app.submit(
        "/password/forgot",
        "/password/forgot",
        &[("email", ADMIN_EMAIL)],
    )
    .await;
    for _ in 0..100 {
        let files: Vec<_> = std::fs::read_dir(&app.mail_dir)
            .map(|d| d.flatten().collect())
            .unwrap_or_default();
        if let Some(file) = files
            .iter()
            .find(|f| f.path().extension().is_some_and(|e| e == "eml"))
        {
            let text = std::fs::read_to_string(file.path()).unwrap();
            assert!(text.contains("/password/reset/"));
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("no .eml file in {}", app.mail_dir.display());
}

#[test]
fn a_pass_delivers_one_batch_and_draining_delivers_the_whole_queue() {
    let (_guard, db) = migrated_db();
    let mut conn = db.get().unwrap();
    let ctx = bare_mail_context();
    queue_test_mails(
        &mut conn,
        &ctx,
        (0..45).map(|i| format!("m{i}@example.org")),
    );
    let dir = tempfile::tempdir().unwrap();
    let target = collegia::config::MailTarget::Directory(dir.path().to_path_buf());
    let mailer = mail::Mailer::new(&target).unwrap();
    let one = mail::worker::deliver_due(&db, &mailer, &ctx, "w").unwrap();
    assert!(one > 0 && one < 45, "one pass is one batch: {one}");
    assert_eq!(outbox::pending_count(&mut conn).unwrap(), 45 - one as i64);
    let rest =
        mail::worker::drain(&db, &mailer, &ctx, "w", std::time::Duration::from_secs(60)).unwrap();
    assert_eq!(one + rest, 45);
    assert_eq!(outbox::pending_count(&mut conn).unwrap(), 0);
    let files = std::fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(files, 45, "one file per message");
}

/// The mail worker runs on its own thread, not through `Db::run`, and still takes the time
/// from the server's clock: moved 30 days on, a delivery is stamped 30 days on, and a failed
/// one is retried 30 s after that moved time, not the system's.
#[test]
fn the_mail_worker_stamps_with_the_servers_clock() {
    use collegia::storage::schema::outbox;
    use diesel::prelude::*;
    let (_guard, db) = migrated_db();
    let clock = collegia::clock::Clock::settable();
    let db = db.with_clock(clock.clone());
    let ctx = bare_mail_context();
    let mut conn = db.get().unwrap();
    queue_test_mails(&mut conn, &ctx, ["late@example.org"]);
    assert!(clock.advance(chrono::Duration::days(30)));
    let dir = tempfile::tempdir().unwrap();
    let target = collegia::config::MailTarget::Directory(dir.path().to_path_buf());
    let mailer = mail::Mailer::new(&target).unwrap();
    assert_eq!(
        mail::worker::deliver_due(&db, &mailer, &ctx, "w").unwrap(),
        1
    );
    let sent: Option<chrono::NaiveDateTime> = outbox::table
        .filter(outbox::recipient.eq("late@example.org"))
        .select(outbox::sent_at)
        .first(&mut **conn)
        .unwrap();
    let system = chrono::Utc::now().naive_utc();
    let sent = sent.expect("delivered");
    assert!(
        sent > system + chrono::Duration::days(29),
        "sent at {sent}, system time {system}"
    );
    // A failed delivery: the next attempt is set from the moved clock.
    queue_test_mails(&mut conn, &ctx, ["nowhere@example.org"]);
    let target = collegia::config::MailTarget::Smtp {
        url: format!("smtp://127.0.0.1:{}", free_port()),
    };
    let failing = mail::Mailer::new(&target).unwrap();
    assert_eq!(
        mail::worker::deliver_due(&db, &failing, &ctx, "w").unwrap(),
        0
    );
    let next: chrono::NaiveDateTime = outbox::table
        .filter(outbox::recipient.eq("nowhere@example.org"))
        .select(outbox::next_attempt_at)
        .first(&mut **conn)
        .unwrap();
    assert!(
        next > system + chrono::Duration::days(29),
        "next attempt {next}, system time {system}"
    );
}
