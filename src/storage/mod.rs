//! Storage: one connection type over SQLite and PostgreSQL, a pool, migrations, and one
//! module per aggregate. Functions take `&mut DbConn` so callers compose transactions.
//!
//! Lookups by a unique key end in `.get_result`, not `.first`: `.first` adds `LIMIT ?`, and
//! SQLite (3.47 on) plans around a bound LIMIT's value, so it prepares such a statement
//! again every time it runs — measured at a third of a vote's CPU under load. `.first` is
//! kept where an ORDER BY picks one row of many.

pub mod accounts;
pub mod audit;
pub mod ballots;
pub mod coops;
pub mod invitations;
pub mod members;
pub mod migrate;
pub mod notifications;
pub mod outbox;
pub mod own_account;
pub mod payout_runs;
pub mod payouts;
pub mod proposal_versions;
pub mod proposals;
pub mod proxies;
pub mod reads;
pub mod schema;
pub mod search;
pub mod settings;
pub mod threads;
pub mod work;

use crate::config::{Backend, backend_of, sqlite_path};
use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::prelude::*;
use diesel::r2d2::{self, ManageConnection, PooledConnection};
use std::time::{Duration, Instant};

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

/// A pooled connection, and when it last went back to the pool.
pub struct Pooled {
    conn: DbConn,
    returned: Instant,
}

impl std::ops::Deref for Pooled {
    type Target = DbConn;
    fn deref(&self) -> &DbConn {
        &self.conn
    }
}

impl std::ops::DerefMut for Pooled {
    fn deref_mut(&mut self) -> &mut DbConn {
        &mut self.conn
    }
}

/// A connection back from work this recently is taken as alive without a round trip to
/// ask (as HikariCP does): checking each one cost a `SELECT 1` per request.
const TRUSTED_FOR: Duration = Duration::from_millis(500);

impl ManageConnection for Manager {
    type Connection = Pooled;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<Pooled, r2d2::Error> {
        let conn = match self.backend {
            Backend::Sqlite => {
                let mut conn = diesel::SqliteConnection::establish(sqlite_path(&self.url))
                    .map_err(r2d2::Error::ConnectionError)?;
                // WAL lets readers run beside the writer; foreign keys are off by default in
                // SQLite. FULL: a vote acknowledged is on disk, as PostgreSQL's commits are
                // (the ballot box shares one commit among the votes cast at once).
                conn.batch_execute(
                    "PRAGMA busy_timeout = 10000; PRAGMA journal_mode = WAL; \
                     PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;",
                )
                .map_err(r2d2::Error::QueryError)?;
                DbConn::Sqlite(conn)
            }
            Backend::Postgres => diesel::PgConnection::establish(&self.url)
                .map(DbConn::Postgresql)
                .map_err(r2d2::Error::ConnectionError)?,
        };
        Ok(Pooled {
            conn,
            returned: Instant::now(),
        })
    }

    fn is_valid(&self, pooled: &mut Pooled) -> Result<(), r2d2::Error> {
        // A SQLite connection is an open file: nothing to check. A PostgreSQL one may have
        // been cut while it sat idle.
        if matches!(pooled.conn, DbConn::Sqlite(_)) || pooled.returned.elapsed() < TRUSTED_FOR {
            return Ok(());
        }
        pooled
            .conn
            .batch_execute("SELECT 1")
            .map_err(r2d2::Error::QueryError)
    }

    fn has_broken(&self, pooled: &mut Pooled) -> bool {
        pooled.returned = Instant::now();
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
    /// The time that storage stamps rows with, for work run through [`Db::run`] and
    /// [`Db::block`] (the server's clock: settable only by tests).
    clock: crate::clock::Clock,
}

thread_local! {
    /// The clock of the [`Db`] whose work this blocking thread is doing, if any.
    static CLOCK: std::cell::RefCell<Option<crate::clock::Clock>> =
        const { std::cell::RefCell::new(None) };
}

/// Puts back the thread's previous clock when a piece of database work ends (or panics).
struct ClockGuard(Option<crate::clock::Clock>);

impl Drop for ClockGuard {
    fn drop(&mut self) {
        let previous = self.0.take();
        CLOCK.with(|c| *c.borrow_mut() = previous);
    }
}

fn with_clock<T>(clock: &crate::clock::Clock, f: impl FnOnce() -> T) -> T {
    let previous = CLOCK.with(|c| c.borrow_mut().replace(clock.clone()));
    let _guard = ClockGuard(previous);
    f()
}

/// Why the database could not be reached or used.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("database unavailable: {0}")]
    Pool(String),
    #[error(transparent)]
    Query(#[from] diesel::result::Error),
}

/// A stored value that cannot be read back (bad JSON, an unknown enum value, a date that is
/// not one): storage's own error, carried through diesel's deserialization channel so every
/// query function keeps its `QueryResult`. The row is named in the log and the request
/// answered 500, never read as a default.
#[derive(Debug, thiserror::Error)]
#[error("corrupt {table} row {id}: {what}")]
pub struct Corrupt {
    pub table: &'static str,
    pub id: i64,
    pub what: String,
}

/// Reports a corrupt row (logged once, here) as a query error.
pub fn corrupt(
    table: &'static str,
    id: i64,
    what: impl std::fmt::Display,
) -> diesel::result::Error {
    let c = Corrupt {
        table,
        id,
        what: what.to_string(),
    };
    tracing::error!(table, id, what = %c.what, "corrupt stored row");
    diesel::result::Error::DeserializationError(Box::new(c))
}

/// A stored language: a code the catalogs know (as written: `en`, `fr`), or a corrupt row —
/// never a fallback language.
pub fn stored_locale(
    table: &'static str,
    id: i64,
    code: &str,
) -> Result<crate::i18n::Locale, diesel::result::Error> {
    crate::i18n::Locale::parse(code)
        .filter(|l| l.code() == code)
        .ok_or_else(|| corrupt(table, id, format!("locale '{code}'")))
}

/// [`stored_locale`] for a row built in `Queryable::build`, whose error is boxed.
pub(crate) fn stored_locale_boxed(
    table: &'static str,
    id: i64,
    code: &str,
) -> diesel::deserialize::Result<crate::i18n::Locale> {
    stored_locale(table, id, code).map_err(|e| match e {
        diesel::result::Error::DeserializationError(b) => b,
        other => Box::new(other),
    })
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
        Ok(Db {
            pool,
            backend,
            clock: crate::clock::Clock::system(),
        })
    }

    /// This handle, stamping with `clock` (the server's).
    pub fn with_clock(mut self, clock: crate::clock::Clock) -> Db {
        self.clock = clock;
        self
    }

    pub fn clock(&self) -> &crate::clock::Clock {
        &self.clock
    }

    /// Runs blocking work on the calling thread (a worker thread of its own: the mail
    /// worker, a batcher's) with this database's clock, so what storage stamps there follows
    /// the server's clock as it does inside [`Db::run`].
    pub fn stamping<T>(&self, f: impl FnOnce() -> T) -> T {
        with_clock(&self.clock, f)
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
        self.block(move |db| {
            let mut conn = db.get()?;
            f(&mut conn)
        })
        .await
    }
}

impl Db {
    /// As [`Db::run`], for work that takes its connections itself (so it can give one back
    /// before it waits on something else).
    pub async fn block<T, E, F>(&self, f: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
        F: FnOnce(&Db) -> Result<T, E> + Send + 'static,
    {
        let db = self.clone();
        let span = tracing::Span::current();
        match actix_web::web::block(move || {
            let _entered = span.enter();
            with_clock(&db.clock, || f(&db))
        })
        .await
        {
            Ok(result) => result,
            Err(_) => Err(DbError::Pool("database worker stopped".to_string()).into()),
        }
    }
}

/// Ids for an SQL `IN (…)` list written into a raw query: integers from our own rows, so
/// inlined (`NULL` for none, which matches nothing).
fn id_list(ids: &[i64]) -> String {
    if ids.is_empty() {
        return "NULL".into();
    }
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Serializes this process's SQLite write transactions (see [`write_tx`]). One lock for all
/// files: a process serves one database (tests with several only queue a little longer).
static SQLITE_WRITER: std::sync::Mutex<()> = std::sync::Mutex::new(());

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
    // SQLite has one writer per file; writers that find it busy sleep in its busy handler
    // (1 to 100 ms at a time), which under a rush costs far more than the writes. Queuing on
    // a mutex instead wakes the next writer the moment the lock is free.
    let _writer = SQLITE_WRITER
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
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

/// Serializes, until the write transaction ends, the work of every server on the thing `key`
/// names (an address being signed in, a one-time upgrade). SQLite: a write transaction
/// already holds the file's one writer lock. PostgreSQL: a transaction-scoped advisory lock.
pub fn lock_key(conn: &mut DbConn, key: &str) -> diesel::QueryResult<()> {
    if let DbConn::Postgresql(c) = conn {
        let key =
            i64::from_str_radix(&crate::crypto::sha256_hex(key)[..15], 16).unwrap_or_default();
        diesel::sql_query("SELECT pg_advisory_xact_lock($1)")
            .bind::<diesel::sql_types::BigInt, _>(key)
            .execute(c)?;
    }
    Ok(())
}

/// The current instant, as stored: UTC without offset, to the microsecond.
/// Inside work run by [`Db::run`] or [`Db::block`], the time of that database's clock (so a
/// test that moves the server's clock moves its stamps too); elsewhere the system's.
pub fn now() -> chrono::NaiveDateTime {
    if let Some(now) = CLOCK.with(|c| c.borrow().as_ref().map(crate::clock::Clock::now)) {
        return now;
    }
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
