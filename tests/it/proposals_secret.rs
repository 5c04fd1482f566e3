//! Secret ballots: the ballot row holds a tag, the college and the choice, never a member;
//! after a secret vote no page, export or mail links a voter to a choice.

use crate::support::voting::*;
use collegia::storage::schema::{ballots, sealed_ballots};
use diesel::prelude::*;

#[tokio::test]
async fn after_a_secret_vote_nothing_links_a_voter_to_a_choice() {
    let c = coop().await;
    let id = propose(
        &c.admin,
        "single",
        "Zanzibar\nYokohama",
        &[("secret", "true"), ("results_visibility", "live")],
    )
    .await;
    let p = stored(&c.app, id);
    assert!(p.secret);
    assert_eq!(
        p.results_visibility.key(),
        "after_close",
        "secret: results only after closing"
    );
    assert_eq!(
        vote(&c.members[0], id, &[("choice", "Zanzibar")]).await.0,
        303
    );
    assert_eq!(
        vote(&c.members[0], id, &[("choice", "Yokohama")]).await.0,
        303
    );
    assert_eq!(
        vote(&c.members[0], id, &[("choice", "Zanzibar")]).await.0,
        303
    );
    for m in &c.members[1..] {
        assert_eq!(vote(m, id, &[("choice", "Yokohama")]).await.0, 303);
    }
    let base = format!("/c/{SLUG}/proposals/{id}");
    // While open: no results, no results CSV, no named votes.
    let page = c.admin.text(&base).await;
    assert!(page.contains("Results will be shown"), "{page}");
    assert_eq!(
        c.admin.get(&format!("{base}/results.csv")).await.status(),
        409
    );
    assert_eq!(
        c.admin.get(&format!("{base}/ballots.json")).await.status(),
        409
    );

    // While open: six sealed rows (a tag and a sealed text), no plain one.
    let db = c.app.db.db();
    let mut conn = db.get().unwrap();
    let sealed: i64 = sealed_ballots::table
        .filter(sealed_ballots::proposal_id.eq(id))
        .count()
        .get_result(&mut **conn)
        .unwrap();
    assert_eq!(sealed, 6);
    let plain: i64 = ballots::table
        .filter(ballots::proposal_id.eq(id))
        .count()
        .get_result(&mut **conn)
        .unwrap();
    assert_eq!(plain, 0);

    assert_eq!(
        c.admin
            .submit(&base, &format!("{base}/close"), &[])
            .await
            .status(),
        303
    );
    // Closed: the rows are a college and a choice; no account, no proxy, no time.
    let rows: Vec<(Option<i64>, Option<i64>, Option<chrono::NaiveDateTime>)> = ballots::table
        .filter(ballots::proposal_id.eq(id))
        .select((ballots::account_id, ballots::proxy_for, ballots::cast_at))
        .load(&mut **conn)
        .unwrap();
    assert_eq!(rows.len(), 6);
    assert!(rows.iter().all(|r| *r == (None, None, None)), "{rows:?}");
    let mut outputs = vec![];
    for path in [
        base.clone(),
        format!("{base}/ballots.json"),
        format!("{base}/results.csv"),
        format!("/c/{SLUG}/proposals"),
        format!("/c/{SLUG}/votes"),
        format!("/c/{SLUG}/audit"),
        format!("/c/{SLUG}/audit.csv"),
        format!("/api/v1/coops/{SLUG}/proposals/{id}"),
        format!("/api/v1/coops/{SLUG}/proposals/{id}/results"),
    ] {
        outputs.push((path.clone(), c.admin.text(&path).await));
    }
    assert_eq!(
        c.admin.get(&format!("{base}/votes.csv")).await.status(),
        404
    );
    for (_, subject, text) in mails(&c.app, "proposal_result") {
        outputs.push(("mail".into(), format!("{subject}\n{text}")));
    }
    for m in &c.members {
        let account = collegia::storage::accounts::by_id(&mut conn, m.id)
            .unwrap()
            .unwrap();
        for (path, text) in &outputs {
            for id_text in [&account.display_name, &account.email, &account.public_id] {
                let named = text.contains(id_text.as_str());
                let with_choice = text.contains("Zanzibar\"")
                    || text.contains("\"Zanzibar")
                    || text.contains(",Zanzibar");
                assert!(
                    !(named && with_choice),
                    "{path} names {id_text} next to a choice"
                );
            }
        }
    }
    // The audit trail says who voted? No: only that the proposal opened and closed.
    let audit = &outputs[5].1;
    assert!(
        !audit.contains("Zanzibar") && !audit.contains("Yokohama"),
        "{audit}"
    );
    // Small colleges are hidden on the page (supporters cast 2 counted ballots).
    assert!(outputs[0].1.contains("fewer than 3 counted ballots"));
}

/// A FairShares co-op (class consent on extraordinary decisions: a majority inside every
/// college) whose "investors" college casts only 2 ballots on a secret proposal.
#[tokio::test]
async fn a_small_colleges_share_is_withheld_from_reasons_totals_and_mail() {
    use crate::support::spawn_app;
    use crate::support::*;
    use collegia::domain::rulebook::{Template, template};

    let app = spawn_app().await;
    let admin = person(&app, "admin@example.org", "Ada Admin", true);
    let book = template(Template::Fairshares, None);
    assert!(book.decisions.extraordinary.class_consent.is_some());
    let res = admin
        .submit_owned(
            "/coops/new",
            "/coops/new",
            founding_fields(&book, "Terre Vive", SLUG, "en"),
        )
        .await;
    assert_eq!(res.status(), 303);
    // (college, choices): founders 75 % agree, labour and users 67 %, investors 100 %.
    let plan = [
        ("founders", vec!["agree", "agree", "disagree"]),
        ("labour", vec!["agree", "agree", "disagree"]),
        ("users", vec!["agree", "agree", "disagree"]),
        ("investors", vec!["agree", "agree"]),
    ];
    let mut voters = vec![];
    for (college, choices) in &plan {
        for (i, choice) in choices.iter().enumerate() {
            let p = person(
                &app,
                &format!("{college}{i}@example.org"),
                &format!("{college} {i}"),
                false,
            );
            admit(&app, SLUG, p.id, Some(college), false, false);
            voters.push((p, *choice));
        }
    }
    let id = propose(
        &admin,
        "proposal",
        "",
        &[("decision_class", "extraordinary"), ("secret", "true")],
    )
    .await;
    assert_eq!(vote(&admin, id, &[("choice", "agree")]).await.0, 303);
    for (p, choice) in &voters {
        assert_eq!(vote(p, id, &[("choice", choice)]).await.0, 303);
    }
    run_job_in(&app, 16);
    assert!(stored(&app, id).verdict.is_some());

    let page = admin.text(&format!("/c/{SLUG}/proposals/{id}")).await;
    let mut texts = vec![("page".to_string(), page.clone())];
    for (to, subject, text) in mails(&app, "proposal_result") {
        texts.push((to, format!("{subject}\n{text}")));
    }
    assert_eq!(texts.len(), 1 + 12, "a result mail to each of the roll");
    for (whose, text) in &texts {
        // The investors' 100 % appears nowhere: neither in a reason nor in a total.
        assert!(!text.contains("share 100"), "{whose}: {text}");
        assert!(
            text.contains("detail of a college with fewer than 3 counted ballots is withheld"),
            "{whose}: {text}"
        );
        // The other colleges' reasons remain, naming them as the rulebook does.
        assert!(
            text.contains("class consent given by Founders"),
            "{whose}: {text}"
        );
        assert!(!text.contains("by Investors") && !text.contains("by investors"));
    }
    assert!(!page.contains("<svg"), "no weighted totals: {page}");
    assert!(page.contains("Totals over all colleges are not shown"));

    // The API answers the same: no figures, reasons or totals that reveal the investors.
    let token = api_token(&app, admin.id);
    let api: serde_json::Value = reqwest::Client::new()
        .get(format!(
            "{}/api/v1/coops/{SLUG}/proposals/{id}/results",
            app.address
        ))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let text = api.to_string();
    assert!(api.get("shares").is_none(), "{text}");
    assert_eq!(api["totals_withheld"], true, "{text}");
    let investors = api["colleges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["key"] == "investors")
        .unwrap();
    assert_eq!(investors["withheld"], true, "{text}");
    assert!(investors.get("shares").is_none(), "{text}");
    assert!(
        !text.contains("share 100") && !text.contains("by investors"),
        "{text}"
    );
    assert!(text.contains("class consent given by founders"), "{text}");
}
