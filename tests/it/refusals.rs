//! One refusal vocabulary: the API answers each refusal with its stable `code` and the sentence
//! in the reader's language, and no code disappears (codes are part of the API).

use crate::support::voting::*;
use collegia::domain::refusal::Code;
use serde_json::{Value, json};

/// Every refusal code the API may answer, as published. A code may be added (append it
/// here), never renamed or removed.
const PUBLISHED: &str = include_str!("refusal_codes.txt");

#[test]
fn no_published_refusal_code_disappears_and_every_code_is_published() {
    let published: Vec<&str> = PUBLISHED
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    let now: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    for code in &published {
        assert!(now.contains(code), "published code {code} is gone");
    }
    for code in &now {
        assert!(
            published.contains(code),
            "{code} is not in refusal_codes.txt"
        );
    }
}

async fn problem(res: reqwest::Response) -> (u16, Value) {
    let status = res.status().as_u16();
    let kind = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    assert!(kind.starts_with("application/problem+json"), "{kind}");
    (status, res.json().await.unwrap())
}

#[tokio::test]
async fn a_refused_proposal_vote_and_proxy_each_answer_their_stable_code() {
    let c = coop().await;
    let client = reqwest::Client::new();
    let api = |path: &str| format!("{}/api/v1/coops/{SLUG}{path}", c.app.address);
    let admin = crate::support::voting::token(&c, c.admin.id);
    let member = crate::support::voting::token(&c, c.members[0].id);

    // A proposal without a title.
    let res = client
        .post(api("/proposals"))
        .bearer_auth(&admin)
        .header("accept-language", "fr")
        .json(
            &json!({"title": " ", "method": "single", "options": "Oui\nNon",
                      "decision_class": "ordinary", "closes_at": local_in(3)}),
        )
        .send()
        .await
        .unwrap();
    let (status, p) = problem(res).await;
    assert_eq!(
        (status, p["code"].as_str()),
        (409, Some("title_invalid")),
        "{p}"
    );
    let detail = p["detail"].as_str().unwrap();
    assert!(
        !detail.contains("title_invalid"),
        "a sentence, not the code: {detail}"
    );

    // A ballot the engine refuses, and a withdrawal with nothing to withdraw.
    let res = client
        .post(api("/proposals"))
        .bearer_auth(&admin)
        .json(
            &json!({"title": "Paint", "method": "single", "options": "Red\nBlue",
                      "decision_class": "ordinary", "closes_at": local_in(3)}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let res = client
        .post(api(&format!("/proposals/{id}/ballot")))
        .bearer_auth(&member)
        .json(&json!({"choice": "Green"}))
        .send()
        .await
        .unwrap();
    let (status, p) = problem(res).await;
    assert_eq!(
        (status, p["code"].as_str()),
        (409, Some("invalid_ballot")),
        "{p}"
    );
    let res = client
        .post(api(&format!("/proposals/{id}/ballot/withdraw")))
        .bearer_auth(&member)
        .send()
        .await
        .unwrap();
    let (status, p) = problem(res).await;
    assert_eq!(
        (status, p["code"].as_str()),
        (409, Some("no_ballot")),
        "{p}"
    );

    // A proxy to oneself.
    let res = client
        .post(api("/proxies"))
        .bearer_auth(&member)
        .json(&json!({"holder": c.members[0].public_id}))
        .send()
        .await
        .unwrap();
    let (status, p) = problem(res).await;
    assert_eq!(
        (status, p["code"].as_str()),
        (409, Some("proxy_to_self")),
        "{p}"
    );
}

#[tokio::test]
async fn the_sentence_follows_the_readers_language() {
    let c = coop().await;
    let client = reqwest::Client::new();
    let member = crate::support::voting::token(&c, c.members[0].id);
    let url = format!("{}/api/v1/coops/{SLUG}/proxies", c.app.address);
    let mut said = vec![];
    for lang in ["en", "fr"] {
        let res = client
            .post(&url)
            .bearer_auth(&member)
            .header("accept-language", lang)
            .json(&json!({"holder": c.members[0].public_id}))
            .send()
            .await
            .unwrap();
        let (_, p) = problem(res).await;
        assert_eq!(p["code"], "proxy_to_self");
        said.push(p["detail"].as_str().unwrap().to_string());
    }
    assert_eq!(
        said[0],
        collegia::i18n::refusal(collegia::i18n::Locale::En, &Code::ProxyToSelf.into())
    );
    assert_eq!(
        said[1],
        collegia::i18n::refusal(collegia::i18n::Locale::Fr, &Code::ProxyToSelf.into())
    );
}

#[tokio::test]
async fn a_corrupt_stored_row_answers_500_and_is_never_read_as_a_default() {
    let c = coop().await;
    let admin = crate::support::voting::token(&c, c.admin.id);
    let kept = propose(&c.admin, "proposal", "", &[]).await;
    let broken = propose(&c.admin, "proposal", "", &[]).await;
    {
        use diesel::prelude::*;
        let db = c.app.db.db();
        let mut conn = db.get().unwrap();
        diesel::sql_query(format!(
            "UPDATE proposals SET state = 'half-open' WHERE id = {broken}"
        ))
        .execute(&mut **conn)
        .unwrap();
        let read = collegia::storage::proposals::get(&mut conn, broken);
        let err = read.expect_err("an unknown state is an error");
        assert!(
            err.to_string().contains(&format!("proposals row {broken}")),
            "{err}"
        );
    }
    let client = reqwest::Client::new();
    let url = |id: i64| format!("{}/api/v1/coops/{SLUG}/proposals/{id}", c.app.address);
    let res = client
        .get(url(broken))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    let (status, p) = problem(res).await;
    assert_eq!((status, p["code"].as_str()), (500, Some("internal")), "{p}");
    let res = client
        .get(url(kept))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "the other proposal still reads");
}

#[test]
fn the_openapi_document_lists_the_codes_each_route_may_answer() {
    let doc = serde_json::to_value(collegia::web::routes::openapi_document()).unwrap();
    let codes = |path: &str, method: &str| -> Vec<String> {
        doc["paths"][path][method]["x-refusal-codes"]
            .as_array()
            .unwrap_or_else(|| panic!("{method} {path} lists no refusal codes"))
            .iter()
            .map(|c| c.as_str().unwrap().to_string())
            .collect()
    };
    let has = |list: &[String], code: &str| list.iter().any(|c| c == code);
    let create = codes("/api/v1/coops/{slug}/proposals", "post");
    assert!(has(&create, "title_invalid") && has(&create, "payload_invalid"));
    let ballot = codes("/api/v1/coops/{slug}/proposals/{id}/ballot", "post");
    assert!(has(&ballot, "invalid_ballot") && has(&ballot, "proposal_not_open"));
    assert!(
        !has(&ballot, "title_invalid"),
        "only the ballot's own codes"
    );
    let proxy = codes("/api/v1/coops/{slug}/proxies", "post");
    assert!(has(&proxy, "proxy_limit_reached"));
    // Every code the API can answer is listed on some route (accounts and founding are
    // refused on pages only).
    let listed: Vec<String> = doc["paths"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|item| item.as_object().unwrap().values())
        .filter_map(|op| op["x-refusal-codes"].as_array())
        .flatten()
        .map(|c| c.as_str().unwrap().to_string())
        .collect();
    for code in Code::ALL {
        use collegia::domain::refusal::Area;
        if matches!(code.area(), Area::Accounts | Area::Founding) {
            continue;
        }
        assert!(
            listed.iter().any(|c| c == code.as_str()),
            "{} is on no route",
            code.as_str()
        );
    }
}

/// Work entries, payout runs and invitations read their enum-like columns once, at the storage
/// boundary: an unknown value names its table and row, and is never read as a default (an
/// invitation with an unknown role used to become a guest's).
#[tokio::test]
async fn unknown_stored_kinds_states_and_roles_are_corrupt_rows_not_defaults() {
    use crate::support::work::coop as work_coop;
    use collegia::storage::{invitations, payout_runs, work};
    use diesel::prelude::*;
    let app = crate::support::spawn_app().await;
    let c = work_coop(&app, "typed").await;
    let db = app.db.db();
    let mut conn = db.get().unwrap();
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 3).unwrap();
    let entry = work::log(
        &mut conn,
        &work::NewEntry {
            coop_id: c.id,
            account_id: c.alice.id,
            kind: collegia::domain::work::WorkKind::SupportDay,
            date: day,
            title: None,
            estimate: None,
            replaces: None,
        },
    )
    .unwrap();
    let read = work::by_id(&mut conn, c.id, entry).unwrap().unwrap();
    assert_eq!(read.status, collegia::domain::work::WorkStatus::Claimed);
    for (sql, what) in [
        (
            format!("UPDATE work_entries SET status = 'maybe' WHERE id = {entry}"),
            format!("work_entries row {entry}"),
        ),
        (
            format!("UPDATE work_entries SET status = 'claimed', kind = 'nap' WHERE id = {entry}"),
            format!("work_entries row {entry}"),
        ),
    ] {
        diesel::sql_query(sql).execute(&mut **conn).unwrap();
        let err = work::by_id(&mut conn, c.id, entry).expect_err("corrupt");
        assert!(err.to_string().contains(&what), "{err}");
        assert!(work::list(&mut conn, c.id, None, None, 10).is_err());
    }
    // An invitation whose role is unknown.
    invitations::insert_many(
        &mut conn,
        c.id,
        c.board.id,
        None,
        invitations::InvitedRole::Guest,
        &[invitations::NewInvitation {
            email: "new@example.org".into(),
            token_hash: "h".repeat(64),
        }],
    )
    .unwrap();
    assert_eq!(invitations::list(&mut conn, c.id).unwrap().len(), 1);
    diesel::sql_query(format!(
        "UPDATE invitations SET role = 'overlord' WHERE coop_id = {}",
        c.id
    ))
    .execute(&mut **conn)
    .unwrap();
    let err = invitations::list(&mut conn, c.id).expect_err("corrupt");
    assert!(err.to_string().contains("invitations row"), "{err}");
    // A payout run whose state is unknown.
    diesel::sql_query(format!(
        "INSERT INTO payout_runs (coop_id, month, surplus_cents, currency, rule_version, state, \
         result, created_at) VALUES ({}, '2026-10', 100, 'EUR', 1, 'pending', '{{}}', '2026-11-01 00:00:00')",
        c.id
    ))
    .execute(&mut **conn)
    .unwrap();
    let err = payout_runs::list(&mut conn, c.id).expect_err("corrupt");
    assert!(err.to_string().contains("payout_runs row"), "{err}");
}

/// Languages are read once, at the storage boundary: an account's and a co-op's stored
/// language is a `Locale`; an unknown one is a corrupt row naming it (never English); an
/// account without one stays without (it follows its co-op or browser). An invitation's
/// status follows from its dates as an enum.
#[tokio::test]
async fn unknown_stored_languages_are_corrupt_rows_and_no_language_stays_none() {
    use crate::support::work::coop as work_coop;
    use collegia::i18n::Locale;
    use collegia::storage::{accounts, coops, invitations};
    use diesel::prelude::*;
    let app = crate::support::spawn_app().await;
    let c = work_coop(&app, "tongues").await;
    let db = app.db.db();
    let mut conn = db.get().unwrap();
    // No language chosen: None, not a default.
    diesel::sql_query(format!(
        "UPDATE accounts SET locale = NULL WHERE id = {}",
        c.alice.id
    ))
    .execute(&mut **conn)
    .unwrap();
    let alice = accounts::by_id(&mut conn, c.alice.id).unwrap().unwrap();
    assert_eq!(alice.locale, None);
    accounts::set_locale(&mut conn, c.alice.id, Some(Locale::Fr)).unwrap();
    let alice = accounts::by_id(&mut conn, c.alice.id).unwrap().unwrap();
    assert_eq!(alice.locale, Some(Locale::Fr));
    // A language the catalogs do not know.
    diesel::sql_query(format!(
        "UPDATE accounts SET locale = 'tlh' WHERE id = {}",
        c.alice.id
    ))
    .execute(&mut **conn)
    .unwrap();
    let err = accounts::by_id(&mut conn, c.alice.id).expect_err("corrupt");
    assert!(
        err.to_string()
            .contains(&format!("accounts row {}", c.alice.id)),
        "{err}"
    );
    // A co-op's language.
    assert_eq!(
        coops::by_id(&mut conn, c.id).unwrap().unwrap().locale,
        Locale::En
    );
    diesel::sql_query(format!(
        "UPDATE coops SET locale = 'xx' WHERE id = {}",
        c.id
    ))
    .execute(&mut **conn)
    .unwrap();
    let err = coops::by_id(&mut conn, c.id).expect_err("corrupt");
    assert!(
        err.to_string().contains(&format!("coops row {}", c.id)),
        "{err}"
    );
    diesel::sql_query(format!(
        "UPDATE coops SET locale = 'fr' WHERE id = {}",
        c.id
    ))
    .execute(&mut **conn)
    .unwrap();
    assert_eq!(
        coops::by_id(&mut conn, c.id).unwrap().unwrap().locale(),
        Locale::Fr
    );
    // An invitation's status, from its dates.
    invitations::insert_many(
        &mut conn,
        c.id,
        c.board.id,
        None,
        invitations::InvitedRole::Guest,
        &[invitations::NewInvitation {
            email: "status@example.org".into(),
            token_hash: "s".repeat(64),
        }],
    )
    .unwrap();
    let inv = invitations::list(&mut conn, c.id).unwrap().remove(0);
    let now = collegia::storage::now();
    assert_eq!(inv.status(now), invitations::InvitationStatus::Pending);
    assert_eq!(
        inv.status(inv.expires_at),
        invitations::InvitationStatus::Expired
    );
}
