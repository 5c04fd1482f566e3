//! The token desk: API tokens presented together are looked up in one query, and each answer
//! is what the lookup alone would give.

use crate::support::voting::*;
use crate::support::{found_scic, person};
use collegia::auth::token_desk::TokenDesk;
use collegia::crypto;
use collegia::storage::{Db, accounts, members};
use std::sync::Arc;

fn new_token(db: &Db, account: i64, expires: Option<chrono::NaiveDateTime>) -> (i64, String) {
    let mut conn = db.get().unwrap();
    let t = crypto::new_token();
    accounts::create_api_token(&mut conn, account, "test", &crypto::sha256_hex(&t), expires)
        .unwrap();
    let newest = accounts::list_api_tokens(&mut conn, account).unwrap();
    let id = newest.iter().map(|k| k.id).max().unwrap();
    (id, crypto::sha256_hex(&t))
}

/// What an answer says, in short: (account, co-op slug, college), or None for no live token.
type Said = Option<(i64, Option<(String, Option<Option<String>>)>)>;

fn said(answer: &Option<members::TokenInCoop>) -> Said {
    answer.as_ref().map(|(token, in_coop)| {
        let coop = in_coop
            .as_ref()
            .map(|(coop, m)| (coop.slug.clone(), m.as_ref().map(|m| m.college.clone())));
        (token.account.id, coop)
    })
}

#[tokio::test]
async fn tokens_asked_together_are_answered_as_each_alone() {
    let c = coop().await;
    found_scic(&c.admin, "other", "en").await;
    let outsider = person(&c.app, "out@example.org", "Outsider", false);
    let db = c.app.db.db();
    let past = collegia::storage::now() - chrono::Duration::hours(1);
    let (m0, m2) = (c.members[0].id, c.members[2].id);
    let (_, live) = new_token(&db, m0, None);
    let (_, other) = new_token(&db, m2, None);
    let (revoked_id, revoked) = new_token(&db, m0, None);
    let (_, expired) = new_token(&db, m0, Some(past));
    let (_, outside) = new_token(&db, outsider.id, None);
    {
        let mut conn = db.get().unwrap();
        assert!(accounts::revoke_api_token(&mut conn, m0, revoked_id).unwrap());
    }
    let ask = |hash: &str, slug: &str| (hash.to_string(), slug.to_string());
    let asked = vec![
        ask(&live, SLUG),
        ask(&live, "other"),
        ask(&live, "no-such-coop"),
        ask(&revoked, SLUG),
        ask(&expired, SLUG),
        ask(&outside, SLUG),
        ask(&"0".repeat(64), SLUG),
        ask(&other, SLUG),
        ask(&other, "other"),
    ];
    let now = collegia::storage::now();
    let mut conn = db.get().unwrap();
    let together = members::tokens_in_coops(&mut conn, &asked, now).unwrap();
    let workers = Some(Some("workers".to_string()));
    let beneficiaries = Some(Some("beneficiaries".to_string()));
    let expected: Vec<Said> = vec![
        Some((m0, Some((SLUG.into(), workers)))),
        Some((m0, Some(("other".into(), None)))),
        Some((m0, None)),
        None,
        None,
        Some((outsider.id, Some((SLUG.into(), None)))),
        None,
        Some((m2, Some((SLUG.into(), beneficiaries)))),
        Some((m2, Some(("other".into(), None)))),
    ];
    assert_eq!(together.iter().map(said).collect::<Vec<_>>(), expected);
    for (pair, want) in asked.iter().zip(&expected) {
        let alone = members::tokens_in_coops(&mut conn, std::slice::from_ref(pair), now).unwrap();
        assert_eq!(&said(&alone[0]), want, "{pair:?} asked alone");
    }
}

#[tokio::test]
async fn lookups_arriving_while_one_is_answered_share_the_next_query() {
    let c = coop().await;
    let app_db = c.app.db.db();
    let hashes: Vec<(i64, String)> = c
        .members
        .iter()
        .map(|m| (m.id, new_token(&app_db, m.id, None).1))
        .collect();
    // A pool of one connection, held here: the first lookup's query waits for it while the
    // others arrive at the desk.
    let db = Db::connect(&c.app.db.url, 1).unwrap();
    let held = db.get().unwrap();
    let desk = Arc::new(TokenDesk::default());
    let mut asked = vec![];
    for (i, (account, hash)) in hashes.iter().enumerate() {
        let (at_desk, db, hash) = (desk.clone(), db.clone(), hash.clone());
        asked.push((
            *account,
            tokio::spawn(async move { at_desk.look_up(&db, hash, SLUG.to_string()).await }),
        ));
        if i == 0 {
            // The first is taken by the worker, which waits on what is held.
            crate::support::until(|| desk.queue() == (0, true)).await;
        }
    }
    // The five others wait in the queue for the next batch.
    crate::support::until(|| desk.queue() == (5, true)).await;
    drop(held);
    for (account, lookup) in asked {
        let answer = lookup.await.unwrap().unwrap();
        let (token, in_coop) = answer.expect("a live token");
        assert_eq!(
            token.account.id, account,
            "each lookup gets its own token's owner"
        );
        let (coop, membership) = in_coop.expect("the co-op");
        assert_eq!(coop.slug, SLUG);
        assert_eq!(membership.expect("a member").account_id, account);
    }
    let stats = desk.stats();
    assert_eq!(
        (stats.batches, stats.requests),
        (2, 6),
        "the first lookup alone, then the five that waited, in one query"
    );
}
