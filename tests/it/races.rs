//! Requests that race: each check and the write that depends on it are one step, so parallel
//! requests cannot slip past a limit between the check and the write. On SQLite the one writer
//! serializes them anyway; on PostgreSQL these tests failed before the co-op row was locked.

use crate::support::voting::*;
use crate::support::*;
use collegia::storage::{accounts, coops, members, proxies};
use serde_json::json;

fn coop_id(app: &TestApp) -> i64 {
    let db = app.db.db();
    let mut conn = db.get().unwrap();
    coops::by_slug(&mut conn, SLUG).unwrap().unwrap().id
}

/// Two admins take each other's admin role at the same moment: one of them stays admin.
#[tokio::test]
async fn two_admins_demoting_each_other_at_once_leave_an_admin() {
    let c = coop().await;
    let id = coop_id(&c.app);
    let other = &c.members[0];
    let http = reqwest::Client::new();
    let url = |who: &Person| {
        format!(
            "{}/api/v1/coops/{SLUG}/members/{}/placement",
            c.app.address, who.public_id
        )
    };
    let (a, b) = (token(&c, c.admin.id), token(&c, other.id));
    for round in 0..8 {
        let db = c.app.db.db();
        let mut conn = db.get().unwrap();
        for account in [other.id, c.admin.id] {
            let now = members::current(&mut conn, id, account).unwrap().unwrap();
            let admin = members::Placement {
                college: now.college.clone(),
                is_admin: true,
                is_board: now.is_board,
            };
            collegia::storage::write_tx(&mut conn, |c| {
                members::change(c, id, account, &admin, None, None)
            })
            .unwrap();
        }
        assert_eq!(members::count_admins(&mut conn, id).unwrap(), 2);
        let demote = json!({"admin": false});
        let (x, y) = tokio::join!(
            http.post(url(other)).bearer_auth(&a).json(&demote).send(),
            http.post(url(&c.admin))
                .bearer_auth(&b)
                .json(&demote)
                .send(),
        );
        let statuses = [x.unwrap().status().as_u16(), y.unwrap().status().as_u16()];
        assert_eq!(
            members::count_admins(&mut conn, id).unwrap(),
            1,
            "round {round}: {statuses:?}"
        );
        // The second is refused: as the last admin (409), or as no longer an admin (403).
        assert!(
            statuses.contains(&204) && (statuses.contains(&409) || statuses.contains(&403)),
            "round {round}: {statuses:?}"
        );
    }
}

/// Many members give their proxy to one holder at once: the holder never holds more than the
/// rulebook's `max_per_holder`.
#[tokio::test]
async fn proxies_given_at_once_stop_at_the_holders_limit() {
    let c = coop().await;
    let id = coop_id(&c.app);
    let max = {
        let db = c.app.db.db();
        let mut conn = db.get().unwrap();
        let book = coops::current_rulebook(&mut conn, id).unwrap();
        assert!(book.proxies.allowed);
        i64::from(book.proxies.max_per_holder)
    };
    let holder = &c.members[0];
    let givers: Vec<Person> = (0..max + 4)
        .map(|i| {
            let p = person(
                &c.app,
                &format!("g{i}@example.org"),
                &format!("Giver {i}"),
                false,
            );
            admit(&c.app, SLUG, p.id, Some("workers"), false, false);
            p
        })
        .collect();
    let http = reqwest::Client::new();
    let url = format!("{}/api/v1/coops/{SLUG}/proxies", c.app.address);
    let sends = givers.iter().map(|g| {
        http.post(&url)
            .bearer_auth(token(&c, g.id))
            .json(&json!({"holder": holder.public_id}))
            .send()
    });
    let answers = futures_util::future::join_all(sends).await;
    let given = answers
        .into_iter()
        .filter(|r| r.as_ref().unwrap().status().is_success())
        .count();
    let db = c.app.db.db();
    let mut conn = db.get().unwrap();
    let held = proxies::held(&mut conn, id, holder.id).unwrap();
    assert_eq!(held, max, "{given} accepted");
    assert_eq!(given as i64, max);
}

/// Five first-run setups at once: one server admin, the others told setup is done.
#[tokio::test]
async fn setup_submitted_five_times_at_once_makes_one_admin() {
    let app = spawn_app().await;
    let mut forms = vec![];
    for i in 0..5 {
        let client = app.new_client();
        let page = client
            .get(app.url("/setup"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        forms.push((client, csrf_of(&page), i));
    }
    let sends = forms.iter().map(|(client, csrf, i)| {
        client
            .post(app.url("/setup"))
            .form(&[
                ("csrf", csrf.as_str()),
                ("display_name", "First"),
                ("email", &format!("first{i}@example.org")),
                ("password", "a long enough password"),
            ])
            .send()
    });
    futures_util::future::join_all(sends).await;
    let db = app.db.db();
    let mut conn = db.get().unwrap();
    assert_eq!(accounts::count(&mut conn).unwrap(), 1);
}
