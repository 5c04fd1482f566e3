//! Storage on both backends: migrations agree, write transactions serialize.

use crate::support::*;
use collegia::storage::{self, accounts, migrate};

#[test]
fn both_backends_end_with_the_same_tables_and_columns() {
    // Needs both engines: it runs in the PostgreSQL pass of the suite (CI runs both passes).
    let Some(base) = postgres_url() else {
        eprintln!("migration parity: runs when COLLEGIA_TEST_POSTGRES_URL is set");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let sqlite = storage::Db::connect(
        &format!("sqlite://{}", dir.path().join("p.db").display()),
        1,
    )
    .unwrap();
    let mut sc = sqlite.get().unwrap();
    migrate::run_pending(&mut sc).unwrap();
    let mut from_sqlite = migrate::columns(&mut sc).unwrap();

    let name = format!(
        "collegia_tparity_{}_{}",
        std::process::id(),
        collegia::crypto::random_hex(4)
    );
    {
        use diesel::prelude::*;
        let mut admin = diesel::PgConnection::establish(&base).unwrap();
        diesel::sql_query(format!("CREATE DATABASE \"{name}\""))
            .execute(&mut admin)
            .unwrap();
    }
    let pg = storage::Db::connect(&with_database(&base, &name), 1).unwrap();
    let mut pc = pg.get().unwrap();
    migrate::run_pending(&mut pc).unwrap();
    let mut from_pg = migrate::columns(&mut pc).unwrap();
    drop(pc);
    drop(pg);
    {
        use diesel::prelude::*;
        let mut admin = diesel::PgConnection::establish(&base).unwrap();
        diesel::sql_query(format!("DROP DATABASE \"{name}\" WITH (FORCE)"))
            .execute(&mut admin)
            .unwrap();
    }
    from_sqlite.sort();
    from_pg.sort();
    assert!(!from_sqlite.is_empty());
    assert_eq!(from_sqlite, from_pg);
}

#[test]
fn migrations_are_idempotent() {
    let (_guard, db) = migrated_db();
    let mut conn = db.get().unwrap();
    assert_eq!(migrate::run_pending(&mut conn).unwrap(), 0);
}

#[test]
fn concurrent_write_transactions_do_not_fail_or_lose_writes() {
    let (_guard, db) = migrated_db();
    let threads: Vec<_> = (0..4)
        .map(|t| {
            let db = db.clone();
            std::thread::spawn(move || {
                for i in 0..10 {
                    let mut conn = db.get().unwrap();
                    storage::write_tx(&mut conn, |c| {
                        // Read, then write: the pattern that fails at once under deferred SQLite transactions.
                        let n = accounts::count(c)?;
                        let email = format!("t{t}-{i}-{n}@example.org");
                        let new = accounts::NewAccount {
                            email: &email,
                            display_name: "T",
                            password_hash: "x",
                            locale: None,
                            is_server_admin: false,
                        };
                        accounts::insert(c, &new).map(|_| ())
                    })
                    .expect("write transaction");
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let mut conn = db.get().unwrap();
    assert_eq!(accounts::count(&mut conn).unwrap(), 40);
}

#[test]
fn a_failed_write_transaction_rolls_back() {
    let (_guard, db) = migrated_db();
    let mut conn = db.get().unwrap();
    let result: Result<(), diesel::result::Error> = storage::write_tx(&mut conn, |c| {
        let new = accounts::NewAccount {
            email: "a@example.org",
            display_name: "A",
            password_hash: "x",
            locale: None,
            is_server_admin: false,
        };
        accounts::insert(c, &new)?;
        accounts::insert(c, &new)?; // duplicate email: fails
        Ok(())
    });
    assert!(result.is_err());
    assert_eq!(accounts::count(&mut conn).unwrap(), 0);
}

#[test]
fn token_uses_are_written_in_one_batch_and_never_moved_back() {
    use collegia::auth::token_use::TokenUses;
    use collegia::crypto;
    use collegia::storage::schema::api_tokens;
    use diesel::prelude::*;

    let (_guard, db) = migrated_db();
    let mut conn = db.get().unwrap();
    let id = accounts::insert(
        &mut conn,
        &accounts::NewAccount {
            email: "t@example.org",
            display_name: "T",
            password_hash: "x",
            locale: None,
            is_server_admin: false,
        },
    )
    .unwrap();
    let hash = crypto::sha256_hex("secret-token");
    accounts::create_api_token(&mut conn, id, "t", &hash, None).unwrap();
    let now = storage::now();
    let live = accounts::live_api_token(&mut conn, &hash, now)
        .unwrap()
        .expect("a live token");
    assert_eq!((live.account.id, live.last_used_at), (id, None));

    let uses = TokenUses::default();
    uses.note(live.id, live.last_used_at, now);
    assert_eq!(uses.flush(&mut conn).unwrap(), 1);
    assert_eq!(uses.pending(), 0);
    let stored: Option<chrono::NaiveDateTime> = api_tokens::table
        .filter(api_tokens::id.eq(live.id))
        .select(api_tokens::last_used_at)
        .get_result(&mut **conn)
        .unwrap();
    assert_eq!(stored, Some(now));

    // A late flush of an older use leaves the newer one.
    uses.note(live.id, None, now - chrono::Duration::minutes(5));
    assert_eq!(uses.flush(&mut conn).unwrap(), 1);
    let again = accounts::live_api_token(&mut conn, &hash, now)
        .unwrap()
        .unwrap();
    assert_eq!(again.last_used_at, Some(now));
    // A revoked token is no longer live.
    assert!(accounts::revoke_api_token(&mut conn, id, live.id).unwrap());
    assert!(
        accounts::live_api_token(&mut conn, &hash, now)
            .unwrap()
            .is_none()
    );
}
