//! 200 members voting at once on one proposal, some changing their vote during the rush:
//! every member ends with exactly one counted ballot, no request fails, the tally matches.

use crate::support::voting::token;
use crate::support::voting::*;
use collegia::storage::{accounts, ballots, coops, members};
use serde_json::{Value, json};

#[tokio::test]
async fn two_hundred_members_vote_at_once_and_each_counts_once() {
    let c = coop().await;
    let db = c.app.db.db();
    let mut voters = vec![];
    {
        let mut conn = db.get().unwrap();
        let coop = coops::by_slug(&mut conn, SLUG).unwrap().unwrap();
        // One write transaction: the app's background jobs write too, and SQLite refuses a
        // deferred transaction that reads and then writes while another writer holds the lock.
        collegia::storage::write_tx(&mut conn, |conn| {
            for i in 0..200 {
                let email = format!("rush{i}@example.org");
                let id = accounts::insert(
                    conn,
                    &accounts::NewAccount {
                        email: &email,
                        display_name: &format!("Rush {i}"),
                        password_hash: "x",
                        locale: None,
                        is_server_admin: false,
                    },
                )?;
                let college = ["workers", "beneficiaries", "supporters"][i % 3];
                let placement = members::Placement {
                    college: Some(college.into()),
                    is_admin: false,
                    is_board: false,
                };
                members::join(conn, coop.id, id, &placement, None)?;
                voters.push(id);
            }
            Ok::<_, diesel::result::Error>(())
        })
        .unwrap();
    }
    let tokens: Vec<String> = voters.iter().map(|id| token(&c, *id)).collect();
    // A fresh client: the setup may outlast the server's keep-alive on the old connection.
    let admin = crate::support::person(&c.app, "admin@example.org", "Ada Admin", true);
    let id = propose(&admin, "single", "Lyon\nParis", &[]).await;
    let client = reqwest::Client::new();
    let url = format!(
        "{}/api/v1/coops/{SLUG}/proposals/{id}/ballot",
        c.app.address
    );
    let mut tasks = vec![];
    for (i, t) in tokens.iter().enumerate() {
        let (client, url, t) = (client.clone(), url.clone(), t.clone());
        tasks.push(tokio::spawn(async move {
            let first = if i % 2 == 0 { "Lyon" } else { "Paris" };
            let mut statuses = vec![];
            let res = client
                .post(&url)
                .bearer_auth(&t)
                .json(&json!({"choice": first}))
                .send()
                .await
                .unwrap();
            statuses.push(res.status().as_u16());
            // Every fifth member changes their mind during the rush.
            if i % 5 == 0 {
                let res = client
                    .post(&url)
                    .bearer_auth(&t)
                    .json(&json!({"choice": "Paris"}))
                    .send()
                    .await
                    .unwrap();
                statuses.push(res.status().as_u16());
            }
            statuses
        }));
    }
    for task in tasks {
        let statuses = task.await.unwrap();
        assert!(
            statuses.iter().all(|s| *s == 204),
            "a request failed: {statuses:?}"
        );
    }
    let mut conn = db.get().unwrap();
    assert_eq!(ballots::count(&mut conn, id).unwrap(), 200);
    assert_eq!(ballots::voters(&mut conn, id).unwrap().len(), 200);
    let expected_paris = (0..200).filter(|i| i % 2 == 1 || i % 5 == 0).count() as i64;
    let grouped = ballots::grouped(&mut conn, id).unwrap();
    let paris: i64 = grouped
        .iter()
        .filter(|g| g.1 == "\"Paris\"")
        .map(|g| g.2)
        .sum();
    assert_eq!(paris, expected_paris);
    drop(conn);
    run_job_in(&c.app, 4);
    let result: Value = serde_json::from_str(&stored(&c.app, id).result.unwrap()).unwrap();
    let counted: u64 = result["colleges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["ballots"].as_u64().unwrap())
        .sum();
    assert_eq!(counted, 200);
    assert_eq!(result["ranking"][0][0], "Paris", "{result}");
}
