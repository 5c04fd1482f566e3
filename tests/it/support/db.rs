//! Test databases: a fresh SQLite file per test, or a PostgreSQL database cloned from one
//! migrated template when COLLEGIA_TEST_POSTGRES_URL is set; and whether a missing service is
//! a skip (on a developer's machine) or a failure (on CI).

use diesel::prelude::*;
use std::sync::OnceLock;
use std::time::Duration;

/// True on CI, where a missing service is a failure rather than a skip.
pub fn on_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// Says why a test cannot run here; on CI that is a failure.
pub fn skip(test: &str, why: &str) {
    assert!(!on_ci(), "{test}: {why} (CI=true: a skip is a failure)");
    eprintln!("SKIPPED {test}: {why}");
}

pub fn postgres_url() -> Option<String> {
    std::env::var("COLLEGIA_TEST_POSTGRES_URL")
        .ok()
        .filter(|s| !s.is_empty())
}

fn unique(prefix: &str) -> String {
    format!(
        "{prefix}_{}_{}",
        std::process::id(),
        collegia::crypto::random_hex(6)
    )
}

/// Replaces the database name in a PostgreSQL URL.
pub fn with_database(url: &str, db: &str) -> String {
    let mut parsed = url::Url::parse(url).expect("COLLEGIA_TEST_POSTGRES_URL is a URL");
    parsed.set_path(&format!("/{db}"));
    parsed.to_string()
}

fn pg_admin(url: &str) -> PgConnection {
    PgConnection::establish(url).expect("PostgreSQL reachable at COLLEGIA_TEST_POSTGRES_URL")
}

/// Drops databases left by test processes that no longer run.
fn drop_stale(conn: &mut PgConnection) {
    #[derive(QueryableByName)]
    struct Name {
        #[diesel(sql_type = diesel::sql_types::Text)]
        datname: String,
    }
    let names: Vec<Name> = diesel::sql_query(
        "SELECT datname::text AS datname FROM pg_database WHERE datname LIKE 'collegia_t%'",
    )
    .load(conn)
    .unwrap_or_default();
    for Name { datname } in names {
        let pid = datname
            .split('_')
            .nth(2)
            .and_then(|p| p.parse::<u32>().ok());
        if pid.is_some_and(|p| {
            p != std::process::id() && !std::path::Path::new(&format!("/proc/{p}")).exists()
        }) {
            let _ = diesel::sql_query(format!(
                "DROP DATABASE IF EXISTS \"{datname}\" WITH (FORCE)"
            ))
            .execute(conn);
        }
    }
}

/// One migrated template per test process; each test clones it.
fn pg_template(base: &str) -> String {
    static TEMPLATE: OnceLock<String> = OnceLock::new();
    TEMPLATE
        .get_or_init(|| {
            let mut admin = pg_admin(base);
            drop_stale(&mut admin);
            let name = unique("collegia_tpl");
            diesel::sql_query(format!("CREATE DATABASE \"{name}\""))
                .execute(&mut admin)
                .expect("create template");
            let db = collegia::storage::Db::connect(&with_database(base, &name), 1)
                .expect("template reachable");
            let mut conn = db.get().expect("template connection");
            collegia::storage::migrate::run_pending(&mut conn).expect("migrate template");
            name
        })
        .clone()
}

/// A fresh database for one test, dropped when the guard goes.
pub struct TestDb {
    pub url: String,
    pg: Option<(String, String)>,
    _dir: tempfile::TempDir,
}

impl TestDb {
    pub fn new() -> TestDb {
        TestDb::create(true)
    }

    /// A database with nothing in it, not even the schema (a restore's target).
    pub fn empty() -> TestDb {
        TestDb::create(false)
    }

    fn create(migrated: bool) -> TestDb {
        let dir = tempfile::tempdir().expect("temp dir");
        match postgres_url() {
            Some(base) => {
                let template = if migrated {
                    pg_template(&base)
                } else {
                    "template0".to_string()
                };
                let name = unique("collegia_t");
                let mut admin = pg_admin(&base);
                // Cloning needs the template idle; retry briefly if another clone holds it.
                let mut tries = 0;
                while let Err(e) = diesel::sql_query(format!(
                    "CREATE DATABASE \"{name}\" TEMPLATE \"{template}\""
                ))
                .execute(&mut admin)
                {
                    tries += 1;
                    assert!(tries < 50, "cannot clone the template: {e}");
                    std::thread::sleep(Duration::from_millis(100));
                }
                TestDb {
                    url: with_database(&base, &name),
                    pg: Some((base, name)),
                    _dir: dir,
                }
            }
            None => {
                let url = format!("sqlite://{}", dir.path().join("test.db").display());
                TestDb {
                    url,
                    pg: None,
                    _dir: dir,
                }
            }
        }
    }

    /// Drops a PostgreSQL test database while the app still uses it (to test outages).
    pub fn drop_now(&self) {
        if let Some((base, name)) = &self.pg {
            let mut admin = pg_admin(base);
            diesel::sql_query(format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                .execute(&mut admin)
                .expect("drop");
        }
    }

    pub fn is_postgres(&self) -> bool {
        self.pg.is_some()
    }

    pub fn db(&self) -> collegia::storage::Db {
        collegia::storage::Db::connect(&self.url, 4).expect("test database")
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((base, name)) = &self.pg
            && let Ok(mut admin) = PgConnection::establish(base)
        {
            let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                .execute(&mut admin);
        }
    }
}

/// A fresh, migrated database without a server (for storage-level tests).
pub fn migrated_db() -> (TestDb, collegia::storage::Db) {
    let guard = TestDb::new();
    let db = guard.db();
    let mut conn = db.get().expect("connection");
    collegia::storage::migrate::run_pending(&mut conn).expect("migrations");
    drop(conn);
    (guard, db)
}
