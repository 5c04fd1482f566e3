//! An adopted payload that fails its re-validation at closing: the rulebook stays as it was,
//! and the page and the result mail say "adopted, but not enacted" with the reason.

use crate::support::voting::*;
use crate::support::*;
use collegia::domain::fraction::Fraction;
use collegia::domain::rulebook::College;

fn weight(w: i64) -> Option<Fraction> {
    Some(Fraction::from_integer(w.into()))
}

#[tokio::test]
async fn a_rules_change_refused_at_closing_is_adopted_but_not_enacted() {
    let app = spawn_app().await;
    let admin = person(&app, "admin@example.org", "Ada Admin", true);
    // An SCIC with a fourth, empty college "partners".
    let mut book = scic();
    book.colleges[1].weight = weight(30);
    book.colleges.push(College {
        key: "partners".into(),
        name: "Partenaires".into(),
        weight: weight(10),
        may_start_threads: true,
        may_propose: false,
    });
    let res = admin
        .submit_owned(
            "/coops/new",
            "/coops/new",
            founding_fields(&book, "Terre Vive", SLUG, "en"),
        )
        .await;
    assert_eq!(res.status(), 303, "{}", res.text().await.unwrap());

    // Removing the empty college is valid when proposed...
    let payload = scic().to_json_pretty();
    let id = propose(
        &admin,
        "proposal",
        "",
        &[("decision_class", "rules_change"), ("payload", &payload)],
    )
    .await;
    assert_eq!(vote(&admin, id, &[("choice", "agree")]).await.0, 303);
    // ...but not once someone has joined it.
    let partner = person(&app, "pat@example.org", "Pat Partner", false);
    admit(&app, SLUG, partner.id, Some("partners"), false, false);
    run_job_in(&app, 16);

    let p = stored(&app, id);
    assert_eq!(p.verdict.as_deref(), Some("adopted"));
    let db = app.db.db();
    let mut conn = db.get().unwrap();
    let v = collegia::storage::coops::current_version(&mut conn, p.coop_id).unwrap();
    assert_eq!(v.version, 1, "nothing enacted");

    let page = admin.text(&format!("/c/{SLUG}/proposals/{id}")).await;
    assert!(page.contains("Adopted, but not enacted:"), "{page}");
    assert!(page.contains("still has 1 members"), "{page}");
    let sent = mails(&app, "proposal_result");
    assert_eq!(sent.len(), 1, "the admin is the only one on the roll");
    let (_, subject, text) = &sent[0];
    assert!(subject.ends_with("Adopted"), "{subject}");
    assert!(text.contains("Adopted, but not enacted:"), "{text}");
    assert!(text.contains("still has 1 members"), "{text}");
}
