//! In-app notifications: what lands (proposal opened, result, mention with the comment's
//! anchor, work reviewed, statement, payout rule), the top bar's counters, reading one through
//! its link, "mark all read", another person's notification, the per-co-op volumes, the daily
//! digest by the app's clock, and the mail no setting ever suppresses.

use crate::support::threads::{post_comment, start_thread};
use crate::support::voting::*;
use crate::support::*;
use collegia::storage::{accounts, coops, notifications as store};

fn coop_id(app: &TestApp, slug: &str) -> i64 {
    let db = app.db.db();
    let mut conn = db.get().unwrap();
    coops::by_slug(&mut conn, slug).unwrap().unwrap().id
}

/// `account`'s notifications, newest first: (id, kind, path, unread).
fn landed(app: &TestApp, account: i64) -> Vec<(i64, String, String, bool)> {
    let db = app.db.db();
    let mut conn = db.get().unwrap();
    store::page(&mut conn, account, None, 500)
        .unwrap()
        .into_iter()
        .map(|n| (n.id, n.kind.key().to_string(), n.path, n.read_at.is_none()))
        .collect()
}

fn kinds(app: &TestApp, account: i64) -> Vec<String> {
    landed(app, account).into_iter().map(|n| n.1).collect()
}

/// The top bar's "Notifications (n)" and "To vote (n)" as the page says them.
fn top_counts(page: &str) -> (String, String) {
    let count_after = |label: &str| {
        let at = page
            .find(label)
            .unwrap_or_else(|| panic!("no {label}: {page}"));
        let rest = &page[at..];
        let open = rest.find("class=\"count\">(").expect("a count") + "class=\"count\">(".len();
        rest[open..open + rest[open..].find(')').unwrap()].to_string()
    };
    (
        count_after(">Notifications <span"),
        count_after(">To vote <span"),
    )
}

/// Saves the settings form: every optional mail kind on, `volume` and `digest` for the co-op.
async fn set_volume(p: &Person, coop: i64, volume: &str, digest: bool) {
    let page = "/account/notifications";
    let volume_key = format!("volume-{coop}");
    let digest_key = format!("digest-{coop}");
    let mut fields = vec![
        ("proposal_opened", "on"),
        ("proposal_result", "on"),
        ("mention", "on"),
        ("reminder", "on"),
        ("digest", "on"),
        (volume_key.as_str(), volume),
    ];
    if digest {
        fields.push((digest_key.as_str(), "on"));
    }
    let res = p.submit(page, page, &fields).await;
    assert_eq!(res.status(), 303, "{}", res.text().await.unwrap());
}

#[tokio::test]
async fn events_land_are_counted_read_through_their_link_and_marked_read() {
    let c = coop().await;
    let (reader, other) = (&c.members[0], &c.members[1]);
    let before = reader.text("/").await;
    assert_eq!(top_counts(&before), ("0".into(), "0".into()));

    // Proposal opened: it lands for everyone on the roll, is counted, and is listed in bold.
    let id = propose(&c.admin, "approval", "Solar\nWind", &[]).await;
    let proposal_path = format!("/c/{SLUG}/proposals/{id}");
    let rows = landed(&c.app, reader.id);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(
        (rows[0].1.as_str(), rows[0].2.as_str(), rows[0].3),
        ("proposal_opened", proposal_path.as_str(), true)
    );
    let page = reader.text("/notifications").await;
    assert_eq!(top_counts(&page), ("1".into(), "1".into()));
    // Home fills the top bar's "To vote" from its own count: the same figure.
    assert_eq!(
        top_counts(&reader.text("/").await),
        ("1".into(), "1".into())
    );
    assert!(
        page.contains("class=\"unread\"") && page.contains("Vote open: “Vote by approval”"),
        "{page}"
    );
    assert!(page.contains("class=\"visually-hidden\">Unread:"), "{page}");

    // Another person's notification is not found, and stays unread.
    let link = format!("/notifications/{}", rows[0].0);
    assert_eq!(other.get(&link).await.status(), 404);
    assert!(landed(&c.app, reader.id)[0].3);

    // Its link marks it read and goes to the proposal.
    let res = reader.get(&link).await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], proposal_path.as_str());
    assert!(!landed(&c.app, reader.id)[0].3);
    let page = reader.text("/notifications").await;
    assert_eq!(top_counts(&page).0, "0");
    assert!(!page.contains("class=\"unread\""), "{page}");

    // A mention: it links to the comment's anchor.
    let thread = start_thread(&c.admin, SLUG, "Roof works", "When?").await;
    post_comment(other, SLUG, thread, "Ask @Member0 about it").await;
    let rows = landed(&c.app, reader.id);
    assert_eq!(rows[0].1, "mention");
    let res = reader.get(&format!("/notifications/{}", rows[0].0)).await;
    let to = res.headers()["location"].to_str().unwrap().to_string();
    assert!(
        to.starts_with(&format!("/c/{SLUG}/threads/{thread}?after=")) && to.contains("#comment-"),
        "{to}"
    );
    let page = reader.text("/notifications").await;
    assert!(
        page.contains("Member 1 mentioned you in “Roof works”"),
        "{page}"
    );

    // The result lands when the job closes the proposal.
    vote(reader, id, &[("choice", "Solar")]).await;
    run_job_in(&c.app, 4);
    let rows = landed(&c.app, reader.id);
    assert_eq!(rows[0].1, "proposal_result", "{rows:?}");
    assert_eq!(rows[0].2, proposal_path);
    let page = reader.text("/notifications").await;
    assert!(page.contains("Result of “Vote by approval”:"), "{page}");
    assert_eq!(top_counts(&page), ("1".into(), "0".into()));

    // Mark all read.
    post_comment(
        other,
        SLUG,
        thread,
        "And @Member0 again? No: only new mentions.",
    )
    .await;
    let res = reader
        .submit("/notifications", "/notifications/read", &[])
        .await;
    assert_eq!(res.status(), 303);
    assert!(landed(&c.app, reader.id).iter().all(|n| !n.3));
    let page = reader.text("/notifications?marked=1").await;
    assert!(page.contains("All notifications are marked as read."));
    assert_eq!(top_counts(&page).0, "0");
    // A bad cursor is a clear 400, not a crash.
    assert_eq!(reader.get("/notifications?before=x").await.status(), 400);
}

#[tokio::test]
async fn reviewed_work_statements_and_payout_rules_land_for_their_people() {
    use crate::support::work::{RULE, adopt, coop};
    let app = spawn_app().await;
    let c = coop(&app, "wk").await;
    adopt(&app, c.id, RULE, Some("2025-01"));
    // A payout rule adopted: members are told, guests are not.
    assert_eq!(kinds(&app, c.alice.id), ["payout_rule_adopted"]);
    assert!(kinds(&app, c.guest.id).is_empty());

    let res = c
        .alice
        .submit(
            "/c/wk/work",
            "/c/wk/work/support",
            &[("date", "2026-11-02")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let entry = crate::support::work::entries(&app, c.id, c.alice.id)[0]
        .entry
        .id;
    let res = c
        .board
        .submit("/c/wk/work", &format!("/c/wk/work/{entry}/approve"), &[])
        .await;
    assert_eq!(res.status(), 303);
    let rows = landed(&app, c.alice.id);
    assert_eq!(rows[0].1, "work_reviewed");
    assert_eq!(rows[0].2, format!("/c/wk/work#work-{entry}"));
    let page = c.alice.text("/notifications").await;
    assert!(
        page.contains("Your work was approved: 2026-11-02"),
        "{page}"
    );
    let work = c.alice.text("/c/wk/work").await;
    assert!(
        work.contains(&format!("id=\"work-{entry}\"")),
        "the anchor exists"
    );

    // The statement: mailed, and it lands.
    let page = "/c/wk/payouts";
    let res = c
        .board
        .submit(
            page,
            page,
            &[
                ("month", "2026-11"),
                ("surplus", "1000"),
                ("currency", "EUR"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let run = res.headers()["location"].to_str().unwrap().to_string();
    let res = c.board.submit(&run, &format!("{run}/confirm"), &[]).await;
    assert_eq!(res.status(), 303);
    let rows = landed(&app, c.alice.id);
    assert_eq!(
        (rows[0].1.as_str(), rows[0].2.as_str()),
        ("statement_ready", "/c/wk/statements")
    );
    assert!(
        c.alice
            .text("/notifications")
            .await
            .contains("Your payout statement for 2026-11 is ready")
    );
}

#[tokio::test]
async fn volumes_none_and_important_filter_notifications_and_optional_mail() {
    let c = coop().await;
    let id = coop_id(&c.app, SLUG);
    let (silent, important, everything) = (&c.members[0], &c.members[1], &c.members[2]);
    set_volume(silent, id, "none", false).await;
    set_volume(important, id, "important", false).await;
    let settings = important.text("/account/notifications").await;
    assert!(
        settings.contains(&format!("name=\"volume-{id}\" value=\"important\" checked")),
        "{settings}"
    );

    propose(&c.admin, "approval", "Yes\nNo", &[]).await;
    assert!(kinds(&c.app, silent.id).is_empty());
    assert_eq!(kinds(&c.app, important.id), ["proposal_opened"]);
    assert_eq!(kinds(&c.app, everything.id), ["proposal_opened"]);
    let opened: Vec<String> = mails(&c.app, "proposal_opened")
        .into_iter()
        .map(|m| m.0)
        .collect();
    assert!(
        !opened.contains(&"m0@example.org".to_string()),
        "{opened:?}"
    );
    assert!(opened.contains(&"m1@example.org".to_string()));
    assert!(opened.contains(&"m2@example.org".to_string()));

    // A payout rule adopted is not important; a mention is.
    crate::support::work::adopt(&c.app, id, crate::support::work::RULE, None);
    assert_eq!(kinds(&c.app, important.id), ["proposal_opened"]);
    assert_eq!(
        kinds(&c.app, everything.id),
        ["payout_rule_adopted", "proposal_opened"]
    );
    let thread = start_thread(&c.admin, SLUG, "Hello", "Hi").await;
    post_comment(&c.admin, SLUG, thread, "@Member0 @Member1 look").await;
    assert_eq!(kinds(&c.app, important.id)[0], "mention");
    assert!(kinds(&c.app, silent.id).is_empty());
    let mentioned: Vec<String> = mails(&c.app, "mention").into_iter().map(|m| m.0).collect();
    assert_eq!(mentioned, ["m1@example.org"]);
}

#[tokio::test]
async fn no_setting_suppresses_a_reset_or_a_statement() {
    use crate::support::work::{RULE, adopt, coop};
    let app = spawn_app().await;
    let c = coop(&app, "legal").await;
    adopt(&app, c.id, RULE, Some("2025-01"));
    // Alice turns everything off: no optional mail, nothing from the co-op.
    let page = "/account/notifications";
    let res = c
        .alice
        .submit(page, page, &[(format!("volume-{}", c.id).as_str(), "none")])
        .await;
    assert_eq!(res.status(), 303);
    {
        let db = app.db.db();
        let mut conn = db.get().unwrap();
        for kind in collegia::mail::MailKind::NOTIFICATIONS {
            assert!(!accounts::mail_enabled(&mut conn, c.alice.id, kind.key()).unwrap());
        }
        collegia::storage::work::insert_approved(
            &mut conn,
            c.id,
            None,
            &[(
                c.alice.id,
                collegia::domain::work::WorkKind::SupportDay,
                chrono::NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(),
                None,
            )],
        )
        .unwrap();
    }
    // The statement is mailed (and no notification lands).
    let payouts = "/c/legal/payouts";
    let res = c
        .board
        .submit(
            payouts,
            payouts,
            &[
                ("month", "2026-10"),
                ("surplus", "100"),
                ("currency", "EUR"),
            ],
        )
        .await;
    let run = res.headers()["location"].to_str().unwrap().to_string();
    let res = c.board.submit(&run, &format!("{run}/confirm"), &[]).await;
    assert_eq!(res.status(), 303);
    let statements: Vec<String> = outbox_mail(&app, "statement")
        .into_iter()
        .map(|m| m.recipient)
        .collect();
    assert!(statements.contains(&"alice@legal.org".to_string()));
    assert_eq!(
        kinds(&app, c.alice.id),
        ["payout_rule_adopted"],
        "from before"
    );

    // A password reset is mailed.
    let anonymous = app.new_client();
    let forgot = format!("{}/password/forgot", app.address);
    let html = anonymous
        .get(&forgot)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let res = anonymous
        .post(&forgot)
        .form(&[
            ("csrf", csrf_of(&html).as_str()),
            ("email", "alice@legal.org"),
        ])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success() || res.status().is_redirection());
    let resets: Vec<String> = outbox_mail(&app, "password_reset")
        .into_iter()
        .map(|m| m.recipient)
        .collect();
    assert_eq!(resets, ["alice@legal.org"]);
}

#[tokio::test]
async fn the_daily_digest_says_yesterday_in_the_persons_language() {
    let c = coop().await;
    let id = coop_id(&c.app, SLUG);
    let (reader, quiet) = (&c.members[0], &c.members[1]);
    {
        let db = c.app.db.db();
        let mut conn = db.get().unwrap();
        accounts::set_locale(&mut conn, reader.id, Some(collegia::i18n::Locale::Fr)).unwrap();
    }
    set_volume(reader, id, "all", true).await;
    let settings = reader.text("/account/notifications").await;
    assert!(settings.contains(&format!("name=\"digest-{id}\" value=\"on\" checked")));
    // Today's first pass finds nothing from yesterday: no digest.
    let db = c.app.db.db();
    let ctx = mail_context(&c.app);
    collegia::jobs::digest_pass(&db, &ctx, c.app.clock.now()).unwrap();
    assert!(outbox_mail(&c.app, "digest").is_empty());

    propose(&c.admin, "approval", "Oui\nNon", &[]).await;
    let thread = start_thread(&c.admin, SLUG, "Toit", "Quand ?").await;
    post_comment(&c.admin, SLUG, thread, "@Member0 ton avis ?").await;

    // A day later, the server's own job sends one digest, in French, to the one who asked.
    c.app.clock.advance(chrono::Duration::days(1));
    until(|| !outbox_mail(&c.app, "digest").is_empty()).await;
    let digests = outbox_mail(&c.app, "digest");
    assert_eq!(digests.len(), 1);
    let d = &digests[0];
    assert_eq!(d.recipient, "m0@example.org");
    assert!(d.subject.starts_with("Hier dans "), "{}", d.subject);
    assert!(
        d.text.contains("Vote ouvert : « Vote by approval »")
            && d.text
                .contains("Ada Admin vous a mentionné·e dans « Toit »")
            && d.text.contains("/notifications/"),
        "{}",
        d.text
    );
    let _ = quiet;
    // The same day is never sent twice.
    collegia::jobs::digest_pass(&db, &ctx, c.app.clock.now()).unwrap();
    assert_eq!(outbox_mail(&c.app, "digest").len(), 1);
}

#[tokio::test]
async fn the_inviter_is_told_when_an_invitation_is_accepted() {
    let app = spawn_app().await;
    let ada = person(&app, "ada@example.org", "Ada Admin", true);
    found_scic(&ada, "inv", "en").await;
    let key = scic().colleges[2].key.clone();
    let page = "/c/inv/invitations";
    let fields = [
        ("emails", "leo@example.org"),
        ("college", key.as_str()),
        ("role", "member"),
    ];
    assert_eq!(ada.submit(page, page, &fields).await.status(), 200);
    let link = outbox_mail(&app, "invitation")
        .iter()
        .map(|m| link_in(&m.text, &format!("{}/invitations/", app.address)))
        .next()
        .unwrap();
    let anon = client_with_session(&app.address, None, None);
    let form = anon.get(&link).send().await.unwrap().text().await.unwrap();
    let res = anon
        .post(&link)
        .form(&[
            ("csrf", csrf_of(&form).as_str()),
            ("display_name", "Léo Martin"),
            ("password", "a long enough password 42"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303, "{}", res.text().await.unwrap());
    let rows = landed(&app, ada.id);
    assert_eq!(
        (rows[0].1.as_str(), rows[0].2.as_str()),
        ("invitation_accepted", "/c/inv/members")
    );
    let list = ada.text("/notifications").await;
    assert!(
        list.contains("Léo Martin accepted your invitation to "),
        "{list}"
    );
}

#[tokio::test]
async fn notifications_come_fifty_to_a_page_newest_first() {
    let c = coop().await;
    let reader = &c.members[0];
    let id = coop_id(&c.app, SLUG);
    {
        let db = c.app.db.db();
        let mut conn = db.get().unwrap();
        let subjects: Vec<String> = (0..60).map(|i| format!("Topic {i:02}")).collect();
        for s in &subjects {
            let n = store::NewNotification {
                account_id: reader.id,
                coop_id: id,
                kind: collegia::domain::notification::Kind::ProposalOpened,
                actor_id: None,
                subject: s,
                detail: None,
                path: "/",
            };
            store::insert_many(&mut conn, &[n], collegia::storage::now()).unwrap();
        }
    }
    let first = reader.text("/notifications").await;
    assert!(first.contains("Topic 59") && first.contains("Topic 10"));
    assert!(!first.contains("Topic 09"), "{first}");
    assert_eq!(top_counts(&first).0, "60");
    let marker = "href=\"/notifications?before=";
    let at = first.find(marker).expect("an older page") + marker.len();
    let cursor = &first[at..at + first[at..].find('"').unwrap()];
    let older = reader
        .text(&format!("/notifications?before={cursor}"))
        .await;
    assert!(older.contains("Topic 09") && older.contains("Topic 00"));
    assert!(!older.contains("Topic 10") && !older.contains("notifications?before="));
    assert!(older.contains("Back to the newest"));
}

#[tokio::test]
async fn reminders_land_for_those_who_have_not_voted() {
    let c = coop().await;
    let (voted, waiting) = (&c.members[0], &c.members[1]);
    let id = propose(&c.admin, "approval", "Yes\nNo", &[]).await;
    let (status, body) = vote(voted, id, &[("choice", "Yes")]).await;
    assert_eq!(status, 303, "{body}");
    run_job_in(&c.app, 2);
    assert_eq!(kinds(&c.app, waiting.id), ["reminder", "proposal_opened"]);
    assert_eq!(kinds(&c.app, voted.id), ["proposal_opened"]);
    let page = waiting.text("/notifications").await;
    assert!(
        page.contains("Closes within a day and your ballot is not in: “Vote by approval”"),
        "{page}"
    );
}
