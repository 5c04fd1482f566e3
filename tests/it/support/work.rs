//! A co-op for the work log and payouts: a founder, two board members, two members in two
//! colleges and a guest; and a payout rule adopted as an enacted proposal would adopt it.

use super::*;
use collegia::storage::{coops, work};

pub const RULE: &str = r#"{"support_points_per_day": 10, "task_max_points": 8,
    "task_tolerance_points": 1, "window_months": 12, "distributable_share": "2/5"}"#;

/// A SCIC co-op `slug` with its founder (admin), two board members, Alice, Bob and a guest.
pub struct Coop {
    pub id: i64,
    pub admin: Person,
    pub board: Person,
    pub board2: Person,
    pub alice: Person,
    pub bob: Person,
    pub guest: Person,
}

pub async fn coop(app: &TestApp, slug: &str) -> Coop {
    let keys: Vec<String> = scic().colleges.iter().map(|c| c.key.clone()).collect();
    let admin = person(app, &format!("admin@{slug}.org"), "Ada Admin", true);
    found_scic(&admin, slug, "en").await;
    let mk = |email: &str, name: &str| person(app, &format!("{email}@{slug}.org"), name, false);
    let (board, board2, alice, bob, guest) = (
        mk("board", "Bea Board"),
        mk("board2", "Ben Board"),
        mk("alice", "Alice"),
        mk("bob", "Bob"),
        mk("guest", "Gus Guest"),
    );
    admit(app, slug, board.id, Some(&keys[0]), false, true);
    admit(app, slug, board2.id, Some(&keys[0]), false, true);
    admit(app, slug, alice.id, Some(&keys[0]), false, false);
    admit(app, slug, bob.id, Some(&keys[1]), false, false);
    admit(app, slug, guest.id, None, false, false);
    let db = app.db.db();
    let mut conn = db.get().unwrap();
    let id = coops::by_slug(&mut conn, slug).unwrap().unwrap().id;
    Coop {
        id,
        admin,
        board,
        board2,
        alice,
        bob,
        guest,
    }
}

/// Adopts a rule as the closing job of an adopted proposal would.
pub fn adopt(app: &TestApp, coop_id: i64, rule: &str, from: Option<&str>) -> i64 {
    let db = app.db.db();
    let mut conn = db.get().unwrap();
    collegia::proposals::enact::adopt_payout_rule(
        &mut conn,
        coop_id,
        rule,
        from,
        None,
        collegia::storage::now(),
    )
    .unwrap()
}

pub fn entries(app: &TestApp, coop_id: i64, account: i64) -> Vec<work::Listed> {
    let db = app.db.db();
    let mut conn = db.get().unwrap();
    work::list(&mut conn, coop_id, Some(account), None, 100).unwrap()
}
