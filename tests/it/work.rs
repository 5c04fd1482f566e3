//! The work log through the web: support days and tasks, the board's review (approve, reject,
//! reschedule beyond the tolerance), the task cap, and who may do what.

use crate::support::work::*;
use crate::support::*;
use collegia::storage::work;

#[tokio::test]
async fn support_days_and_tasks_are_logged_and_approved_by_the_board() {
    let app = spawn_app().await;
    let c = coop(&app, "log").await;
    let page = c.alice.text("/c/log/work").await;
    assert!(
        page.contains("No payout rule has been adopted yet"),
        "{page}"
    );
    adopt(&app, c.id, RULE, Some("2025-01"));
    let page = c.alice.text("/c/log/work").await;
    assert!(page.contains("10 points per support day"), "{page}");

    let res = c
        .alice
        .submit(
            "/c/log/work",
            "/c/log/work/support",
            &[("date", "2026-11-02")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let res = c
        .alice
        .submit(
            "/c/log/work",
            "/c/log/work/tasks",
            &[("title", "Fix the roof"), ("estimate", "5")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let mine = entries(&app, c.id, c.alice.id);
    assert_eq!(mine.len(), 2);
    assert!(mine.iter().all(|e| e.entry.status.key() == "claimed"));

    // The board sees the claims; a board member approves both.
    let claims = c.board.text("/c/log/work").await;
    assert!(
        claims.contains("Fix the roof") && claims.contains("Claims to review"),
        "{claims}"
    );
    for e in &mine {
        let res = c
            .board
            .submit(
                "/c/log/work",
                &format!("/c/log/work/{}/approve", e.entry.id),
                &[],
            )
            .await;
        assert_eq!(res.status(), 303, "{}", res.text().await.unwrap());
    }
    let mine = entries(&app, c.id, c.alice.id);
    let support = mine.iter().find(|e| !e.entry.is_task()).unwrap();
    let task = mine.iter().find(|e| e.entry.is_task()).unwrap();
    assert_eq!(support.entry.status.key(), "approved");
    assert_eq!(
        support.entry.earned_on.as_deref(),
        Some("2026-11-02"),
        "a support day earns on its date"
    );
    assert_eq!(support.entry.points_awarded, Some(10));
    assert_eq!(task.entry.points_awarded, Some(5));
    let today = collegia::clock::Clock::system().today(chrono_tz::Europe::Paris);
    assert_eq!(
        task.entry.earned_on,
        Some(work::iso(today)),
        "a task earns on the day it is approved"
    );

    // Approving twice is refused.
    let res = c
        .board2
        .submit(
            "/c/log/work",
            &format!("/c/log/work/{}/approve", task.entry.id),
            &[],
        )
        .await;
    assert_eq!(res.status(), 422);
}

#[tokio::test]
async fn a_task_above_the_cap_must_be_split() {
    let app = spawn_app().await;
    let c = coop(&app, "split").await;
    adopt(&app, c.id, RULE, Some("2025-01"));
    let res = c
        .alice
        .submit(
            "/c/split/work",
            "/c/split/work/tasks",
            &[("title", "Rebuild the barn"), ("estimate", "9")],
        )
        .await;
    assert_eq!(res.status(), 422);
    let body = res.text().await.unwrap();
    assert!(
        body.contains("split it into smaller tasks") && body.contains("at most 8 points"),
        "{body}"
    );
    assert!(entries(&app, c.id, c.alice.id).is_empty());
    // Without a rule in force the cap is unknown: the task is logged.
    let app2 = spawn_app().await;
    let c2 = coop(&app2, "split2").await;
    let res = c2
        .alice
        .submit(
            "/c/split2/work",
            "/c/split2/work/tasks",
            &[("title", "Big"), ("estimate", "9")],
        )
        .await;
    assert_eq!(res.status(), 303);
}

#[tokio::test]
async fn a_task_beyond_the_tolerance_is_rescheduled_not_approved() {
    let app = spawn_app().await;
    let c = coop(&app, "resched").await;
    adopt(&app, c.id, RULE, Some("2025-01"));
    c.alice
        .submit(
            "/c/resched/work",
            "/c/resched/work/tasks",
            &[("title", "Paint the hall"), ("estimate", "5")],
        )
        .await;
    let id = entries(&app, c.id, c.alice.id)[0].entry.id;
    // Real effort 7 > 5 + 1: it cannot be approved as done.
    let res = c
        .board
        .submit(
            "/c/resched/work",
            &format!("/c/resched/work/{id}/approve"),
            &[("effort", "7")],
        )
        .await;
    assert_eq!(res.status(), 422);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("reschedule the task instead")
    );
    // Within the tolerance it could; instead the board reschedules with 3 points missing.
    let res = c
        .board
        .submit(
            "/c/resched/work",
            &format!("/c/resched/work/{id}/reschedule"),
            &[("missing", "3")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let mine = entries(&app, c.id, c.alice.id);
    assert_eq!(mine.len(), 2);
    let old = mine.iter().find(|e| e.entry.id == id).unwrap();
    let new = mine.iter().find(|e| e.entry.id != id).unwrap();
    assert_eq!(old.entry.status.key(), "rescheduled");
    assert_eq!(old.entry.points_awarded, Some(0));
    assert_eq!(new.entry.status.key(), "claimed");
    assert_eq!(new.entry.estimate, Some(3));
    assert_eq!(new.entry.replaces_entry, Some(id));
    assert_eq!(new.entry.title.as_deref(), Some("Paint the hall"));
    // Missing work above the cap is refused; the new claim is then approved (effort within 1).
    let res = c
        .board
        .submit(
            "/c/resched/work",
            &format!("/c/resched/work/{}/reschedule", new.entry.id),
            &[("missing", "9")],
        )
        .await;
    assert_eq!(res.status(), 422);
    let res = c
        .board
        .submit(
            "/c/resched/work",
            &format!("/c/resched/work/{}/approve", new.entry.id),
            &[("effort", "4")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let approved = entries(&app, c.id, c.alice.id)
        .into_iter()
        .find(|e| e.entry.id == new.entry.id)
        .unwrap();
    assert_eq!(approved.entry.points_awarded, Some(3));
}

#[tokio::test]
async fn only_the_board_reviews_and_never_its_own_work() {
    let app = spawn_app().await;
    let c = coop(&app, "authw").await;
    c.board
        .submit(
            "/c/authw/work",
            "/c/authw/work/support",
            &[("date", "2026-11-03")],
        )
        .await;
    c.alice
        .submit(
            "/c/authw/work",
            "/c/authw/work/support",
            &[("date", "2026-11-03")],
        )
        .await;
    let own = entries(&app, c.id, c.board.id)[0].entry.id;
    let alices = entries(&app, c.id, c.alice.id)[0].entry.id;
    // A member may not review; a guest may not even open the log.
    let res = c
        .bob
        .submit(
            "/c/authw/work",
            &format!("/c/authw/work/{alices}/approve"),
            &[],
        )
        .await;
    assert_eq!(res.status(), 403);
    assert_eq!(c.guest.get("/c/authw/work").await.status(), 403);
    assert_eq!(c.bob.get("/c/authw/payouts").await.status(), 403);
    // Board members do not approve their own claims.
    let res = c
        .board
        .submit(
            "/c/authw/work",
            &format!("/c/authw/work/{own}/approve"),
            &[],
        )
        .await;
    assert_eq!(res.status(), 422);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("cannot review your own work")
    );
    let res = c
        .board2
        .submit("/c/authw/work", &format!("/c/authw/work/{own}/reject"), &[])
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        entries(&app, c.id, c.board.id)[0].entry.status.key(),
        "rejected"
    );
    // The admin (co-op admins review like the board) approves Alice's; the API shows it.
    let res = c
        .admin
        .submit(
            "/c/authw/work",
            &format!("/c/authw/work/{alices}/approve"),
            &[],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        entries(&app, c.id, c.alice.id)[0].entry.status.key(),
        "approved"
    );
}
