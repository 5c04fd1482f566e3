//! The ballot box: ballots cast at once share one write transaction, and the rules of one
//! ballot at a time still hold (one counted ballot per voter, a proxy vote never replacing
//! the giver's own, nothing stored once the proposal is closed).

use crate::support::voting::*;
use collegia::proposals::ballot::{self, Cast, Refusal};
use collegia::proposals::ballot_box::BallotBox;
use collegia::storage::{ballots, proposals, write_tx};
use serde_json::json;
use std::sync::Arc;

/// A prepared ballot of `voter` (through the same checks as a real vote).
fn prepared(c: &Coop, p: &proposals::Proposal, voter: i64, choice: &str) -> ballots::NewBallot {
    let db = c.app.db.db();
    let mut conn = db.get().unwrap();
    let cast = Cast {
        proposal: p,
        voter,
        giver: None,
        choice: json!(choice),
        reason: None,
        now: collegia::storage::now(),
    };
    ballot::prepare(&mut conn, &c.app.keys, &cast)
        .unwrap()
        .unwrap()
}

#[tokio::test]
async fn simultaneous_ballots_keep_one_per_voter_and_the_givers_own_vote() {
    let c = coop().await;
    let id = propose(&c.admin, "proposal", "", &[]).await;
    let p = stored(&c.app, id);
    let (m0, m1, m2, m3) = (
        c.members[0].id,
        c.members[1].id,
        c.members[2].id,
        c.members[3].id,
    );
    let first = prepared(&c, &p, m0, "disagree");
    let changed = prepared(&c, &p, m0, "agree");
    let own = prepared(&c, &p, m1, "agree");
    // m3 holding proxies for m1 (who votes herself at the same moment) and for m2.
    let as_proxy = |mut b: ballots::NewBallot, choice: &str| {
        b.choice = json!(choice).to_string();
        b.by_proxy = true;
        b.cast_by = Some(m3);
        b
    };
    let over_own = as_proxy(own.clone(), "disagree");
    let for_m2 = as_proxy(prepared(&c, &p, m2, "agree"), "abstain");
    let now = collegia::storage::now();
    let db = c.app.db.db();
    let mut conn = db.get().unwrap();
    let cast = [
        (&first, now),
        (&over_own, now),
        (&changed, now),
        (&own, now),
        (&for_m2, now),
    ];
    let outcomes = write_tx(&mut conn, |c| ballot::store_all(c, &cast)).unwrap();
    assert_eq!(
        outcomes,
        vec![Ok(()), Err(Refusal::GiverVoted), Ok(()), Ok(()), Ok(())]
    );
    let mut stored = ballots::grouped(&mut conn, id).unwrap();
    stored.sort();
    assert_eq!(
        stored,
        vec![
            ("beneficiaries".to_string(), "\"abstain\"".to_string(), 1),
            ("workers".to_string(), "\"agree\"".to_string(), 2),
        ],
        "m0's later ballot replaced the earlier; m1's own stayed; m2's by proxy"
    );

    // Once the proposal is closed, nothing more is stored.
    drop(conn);
    run_job_in(&c.app, 4);
    let mut conn = db.get().unwrap();
    let late = prepared_anyway(&first);
    let outcomes = write_tx(&mut conn, |c| {
        ballot::store_all(c, &[(&late, collegia::storage::now())])
    })
    .unwrap();
    assert_eq!(outcomes, vec![Err(Refusal::NotOpen)]);
}

/// A ballot prepared earlier, kept for after closing (preparing checks the state itself).
fn prepared_anyway(b: &ballots::NewBallot) -> ballots::NewBallot {
    let mut late = b.clone();
    late.choice = json!("abstain").to_string();
    late
}

#[tokio::test]
async fn ballots_arriving_while_one_is_written_go_in_the_next_transaction_together() {
    let c = coop().await;
    let id = propose(&c.admin, "proposal", "", &[]).await;
    let p = stored(&c.app, id);
    let slips: Vec<_> = c
        .members
        .iter()
        .map(|m| prepared(&c, &p, m.id, "agree"))
        .collect();
    let db = c.app.db.db();
    // Something else holds the proposal (SQLite: the write lock; PostgreSQL: its row), so
    // the first ballot's writer waits while the others arrive in the box.
    let mut blocker = db.get().unwrap();
    let hold = match &mut **blocker {
        collegia::storage::DbConn::Sqlite(_) => "BEGIN IMMEDIATE".to_string(),
        collegia::storage::DbConn::Postgresql(_) => {
            format!("BEGIN; SELECT id FROM proposals WHERE id = {id} FOR UPDATE")
        }
    };
    {
        use diesel::connection::SimpleConnection;
        blocker.batch_execute(&hold).unwrap();
    }
    let ballot_box = Arc::new(BallotBox::default());
    let mut voters = vec![];
    for (i, slip) in slips.into_iter().enumerate() {
        let (in_box, db) = (ballot_box.clone(), db.clone());
        voters.push(tokio::spawn(async move {
            in_box.drop_in(&db, slip, collegia::storage::now()).await
        }));
        if i == 0 {
            // The first is taken by the worker, which waits on what is held.
            crate::support::until(|| ballot_box.queue() == (0, true)).await;
        }
    }
    // The five others wait in the queue for the next batch.
    crate::support::until(|| ballot_box.queue() == (5, true)).await;
    {
        use diesel::connection::SimpleConnection;
        blocker.batch_execute("COMMIT").unwrap();
    }
    for v in voters {
        assert_eq!(v.await.unwrap().unwrap(), Ok(()));
    }
    let stats = ballot_box.stats();
    assert_eq!(
        (stats.batches, stats.requests),
        (2, 6),
        "the first ballot alone, then the five that waited, in one transaction"
    );
    let mut conn = db.get().unwrap();
    assert_eq!(ballots::count(&mut conn, id).unwrap(), 6);
}
