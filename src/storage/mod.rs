//! Storage: one connection type over SQLite and PostgreSQL, a pool, migrations, and one
//! module per aggregate. Functions take `&mut DbConn` so callers compose transactions.

pub mod accounts;
pub mod audit;
pub mod ballots;
pub mod coops;
pub mod invitations;
pub mod members;
pub mod migrate;
pub mod outbox;
pub mod payout_runs;
pub mod payouts;
pub mod proposals;
pub mod proxies;
pub mod schema;
pub mod settings;
pub mod threads;
pub mod work;

use crate::config::{Backend, backend_of, sqlite_path};
use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::prelude::*;
use diesel::r2d2::{self, ManageConnection, PooledConnection};
use std::time::Duration;

/// A multi-row `INSERT` of `values` (a `Vec` of column assignments) into `table`, dispatched
/// per backend so each gets its native batch syntax. Keep batches under ~1,000 rows.
#[macro_export]
macro_rules! insert_batch {
    ($conn:expr, $table:expr, $values:expr) => {
        match $conn {
            $crate::storage::DbConn::Sqlite(c) => {
                diesel::insert_into($table).values($values).execute(c)
            }
            $crate::storage::DbConn::Postgresql(c) => {
                diesel::insert_into($table).values($values).execute(c)
            }
        }
    };
}

/// One connection, to whichever backend the URL named.
#[derive(diesel::MultiConnection)]
pub enum DbConn {
    Postgresql(diesel::PgConnection),
    Sqlite(diesel::SqliteConnection),
}

/// Opens connections for the pool, dispatching on the URL scheme so a failure keeps its real cause.
#[derive(Debug, Clone)]
pub struct Manager {
    url: String,
    backend: Backend,
}

impl ManageConnection for Manager {
    type Connection = DbConn;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<DbConn, r2d2::Error> {
        match self.backend {
            Backend::Sqlite => {
                let mut conn = diesel::SqliteConnection::establish(sqlite_path(&self.url))
                    .map_err(r2d2::Error::ConnectionError)?;
                // WAL lets readers run beside the writer; foreign keys are off by default in SQLite.
                conn.batch_execute(
                    "PRAGMA busy_timeout = 10000; PRAGMA journal_mode = WAL; \
                     PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;",
                )
                .map_err(r2d2::Error::QueryError)?;
                Ok(DbConn::Sqlite(conn))
            }
            Backend::Postgres => diesel::PgConnection::establish(&self.url)
                .map(DbConn::Postgresql)
                .map_err(r2d2::Error::ConnectionError),
        }
    }

    fn is_valid(&self, conn: &mut DbConn) -> Result<(), r2d2::Error> {
        conn.batch_execute("SELECT 1")
            .map_err(r2d2::Error::QueryError)
    }

    fn has_broken(&self, _conn: &mut DbConn) -> bool {
        false
    }
}

pub type Pool = r2d2::Pool<Manager>;
pub type Conn = PooledConnection<Manager>;

/// The database handle shared by the web server, the jobs and the CLI.
#[derive(Clone)]
pub struct Db {
    pool: Pool,
    backend: Backend,
}

/// Why the database could not be reached or used.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("database unavailable: {0}")]
    Pool(String),
    #[error(transparent)]
    Query(#[from] diesel::result::Error),
}

impl Db {
    /// Opens a pool; fails at once (with the cause) when the database cannot be reached.
    pub fn connect(url: &str, max_size: u32) -> Result<Db, String> {
        let backend = backend_of(url)?;
        let manager = Manager {
            url: url.to_string(),
            backend,
        };
        // One direct attempt first: the pool would retry for seconds and log each failure.
        manager
            .connect()
            .map_err(|e| format!("cannot open the database: {}", one_line(&e.to_string())))?;
        let pool = r2d2::Pool::builder()
            .error_handler(Box::new(r2d2::NopErrorHandler))
            .max_size(max_size)
            .min_idle(Some(1))
            .connection_timeout(Duration::from_secs(5))
            .build(manager)
            .map_err(|e| format!("cannot open the database: {}", one_line(&e.to_string())))?;
        Ok(Db { pool, backend })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn get(&self) -> Result<Conn, DbError> {
        self.pool
            .get()
            .map_err(|e| DbError::Pool(one_line(&e.to_string())))
    }

    /// Runs blocking database work on actix's blocking thread pool, never on the executor.
    pub async fn run<T, E, F>(&self, f: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
        F: FnOnce(&mut DbConn) -> Result<T, E> + Send + 'static,
    {
        let db = self.clone();
        let span = tracing::Span::current();
        match actix_web::web::block(move || {
            let _entered = span.enter();
            let mut conn = db.get()?;
            f(&mut conn)
        })
        .await
        {
            Ok(result) => result,
            Err(_) => Err(DbError::Pool("database worker stopped".to_string()).into()),
        }
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Runs `f` in a write transaction: `BEGIN IMMEDIATE` on SQLite (a deferred transaction that
/// reads then writes fails at once when another writer got there first), plain on PostgreSQL.
pub fn write_tx<T, E, F>(conn: &mut DbConn, f: F) -> Result<T, E>
where
    E: From<diesel::result::Error>,
    F: FnOnce(&mut DbConn) -> Result<T, E>,
{
    if let DbConn::Postgresql(_) = conn {
        return conn.transaction(f);
    }
    if let DbConn::Sqlite(c) = conn {
        AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")?;
    }
    let result = f(conn);
    if let DbConn::Sqlite(c) = conn {
        match &result {
            Ok(_) => <AnsiTransactionManager as TransactionManager<diesel::SqliteConnection>>::commit_transaction(c)?,
            Err(_) => {
                let _ = <AnsiTransactionManager as TransactionManager<diesel::SqliteConnection>>::rollback_transaction(c);
            }
        }
    }
    result
}

/// The current instant, as stored: UTC without offset, to the microsecond.
pub fn now() -> chrono::NaiveDateTime {
    let now = chrono::Utc::now().naive_utc();
    now.with_nanosecond_floor()
}

trait MicrosFloor {
    fn with_nanosecond_floor(self) -> Self;
}

impl MicrosFloor for chrono::NaiveDateTime {
    fn with_nanosecond_floor(self) -> Self {
        use chrono::Timelike;
        let micros = self.nanosecond() / 1000 * 1000;
        self.with_nanosecond(micros).unwrap_or(self)
    }
}
