//! `collegia admin backup` during votes and `collegia admin restore` into an empty database:
//! the restored co-op's audit chain and seals verify, and every vote acknowledged before the
//! backup began is in it.

use crate::support::voting::*;
use crate::support::*;
use std::process::{Command, Output};

fn collegia(url: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_collegia"))
        .args(["--database-url", url])
        .args(args)
        .output()
        .unwrap()
}

fn ballots_of(url: &str, id: i64) -> i64 {
    let db = collegia::storage::Db::connect(url, 1).unwrap();
    let mut conn = db.get().unwrap();
    collegia::storage::ballots::count(&mut conn, id).unwrap()
}

#[tokio::test]
async fn a_backup_taken_during_votes_restores_whole_and_verifies() {
    let c = coop().await;
    let closed = propose(&c.admin, "proposal", "", &[]).await;
    for m in &c.members[..4] {
        assert_eq!(vote(m, closed, &[("choice", "agree")]).await.0, 303);
    }
    let base = format!("/c/{SLUG}/proposals/{closed}");
    let res = c.admin.submit(&base, &format!("{base}/close"), &[]).await;
    assert_eq!(res.status(), 303);
    let open = propose(&c.admin, "proposal", "", &[("secret", "true")]).await;
    for m in &c.members[..3] {
        assert_eq!(vote(m, open, &[("choice", "agree")]).await.0, 303);
    }
    // The backup runs while the other members vote.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("collegia.backup");
    let (url, path) = (c.app.db.url.clone(), file.display().to_string());
    let backup = tokio::task::spawn_blocking(move || collegia(&url, &["admin", "backup", &path]));
    for m in &c.members[3..] {
        assert_eq!(vote(m, open, &[("choice", "disagree")]).await.0, 303);
    }
    let out = backup.await.unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("secret key is not in it"));
    // A second backup to the same file is refused: a backup never overwrites.
    let again = collegia(
        &c.app.db.url,
        &["admin", "backup", &file.display().to_string()],
    );
    assert_eq!(again.status.code(), Some(2));

    // Restoring over a living database is refused; into an empty one, it verifies.
    let refused = collegia(
        &c.app.db.url,
        &["admin", "restore", &file.display().to_string()],
    );
    assert_eq!(refused.status.code(), Some(2), "{refused:?}");
    let target = TestDb::empty();
    let out = collegia(
        &target.url,
        &["admin", "restore", &file.display().to_string()],
    );
    assert!(out.status.success(), "{out:?}");
    let verify = collegia(&target.url, &["audit", "verify", SLUG]);
    assert!(verify.status.success(), "{verify:?}");
    assert!(String::from_utf8_lossy(&verify.stdout).contains("matches its seal"));
    assert_eq!(ballots_of(&target.url, closed), 4);
    let restored = ballots_of(&target.url, open);
    assert!(
        (3..=6).contains(&restored),
        "every vote acknowledged before the backup: {restored}"
    );
}
