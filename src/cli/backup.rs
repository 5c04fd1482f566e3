//! `collegia admin backup FILE` and `collegia admin restore FILE`: a consistent copy of a living
//! database, and its restore into an empty one.
//!
//! SQLite: `VACUUM INTO` writes a consistent, compact copy while the server runs (readers and
//! writers go on; the copy is one read transaction). PostgreSQL: `pg_dump --format=custom`, one
//! consistent snapshot, and `pg_restore`. Neither copy holds the secret key: it lives outside
//! the database (see `keys.rs`), so the key file is backed up on its own.

use crate::config::{Backend, Config};
use crate::storage::{DbConn, migrate};
use diesel::RunQueryDsl;
use std::path::Path;
use std::process::Command;

/// Writes a consistent copy of the database to `file` (which must not exist).
pub fn backup(config: &Config, conn: &mut DbConn, file: &Path) -> Result<String, String> {
    if file.exists() {
        return Err(format!(
            "{} exists already; choose a new file",
            file.display()
        ));
    }
    match (config.backend, conn) {
        (Backend::Sqlite, DbConn::Sqlite(c)) => {
            let path = file
                .to_str()
                .ok_or_else(|| "the backup path is not valid UTF-8".to_string())?;
            diesel::sql_query("VACUUM INTO ?")
                .bind::<diesel::sql_types::Text, _>(path)
                .execute(c)
                .map_err(|e| format!("cannot write the backup: {e}"))?;
        }
        _ => run(
            Command::new("pg_dump")
                .arg("--format=custom")
                .arg("--no-owner")
                .arg(format!("--file={}", file.display()))
                .arg(format!("--dbname={}", config.database_url)),
            "pg_dump",
        )?,
    }
    Ok(format!(
        "backup written to {}. The secret key is not in it: back up {} too, and keep the two apart.",
        file.display(),
        config.secret
    ))
}

/// Restores `file` into the configured database, which must be empty; then applies the
/// migrations written since the backup.
pub fn restore(config: &Config, file: &Path) -> Result<String, String> {
    if !file.is_file() {
        return Err(format!("no backup file at {}", file.display()));
    }
    match config.backend {
        Backend::Sqlite => {
            let target = Path::new(crate::config::sqlite_path(&config.database_url));
            if std::fs::metadata(target).is_ok_and(|m| m.len() > 0) {
                return Err(format!(
                    "{} exists: restore into a new file (or move that one away first)",
                    target.display()
                ));
            }
            std::fs::copy(file, target)
                .map_err(|e| format!("cannot copy to {}: {e}", target.display()))?;
        }
        Backend::Postgres => {
            let db = crate::storage::Db::connect(&config.database_url, 1)?;
            let mut conn = db.get().map_err(|e| e.to_string())?;
            if tables_in(&mut conn)? > 0 {
                return Err("the target database has tables: restore into an empty one".into());
            }
            drop(conn);
            run(
                Command::new("pg_restore")
                    .arg("--no-owner")
                    .arg("--exit-on-error")
                    .arg(format!("--dbname={}", config.database_url))
                    .arg(file),
                "pg_restore",
            )?;
        }
    }
    let db = crate::storage::Db::connect(&config.database_url, 1)?;
    let mut conn = db.get().map_err(|e| e.to_string())?;
    let applied = migrate::run_pending(&mut conn)?;
    Ok(format!(
        "restored {} ({applied} migration(s) applied since). Put the secret key in place at {} \
         before starting the server (`collegia admin secret import`).",
        file.display(),
        config.secret
    ))
}

fn tables_in(conn: &mut DbConn) -> Result<i64, String> {
    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let DbConn::Postgresql(c) = conn else {
        return Ok(0);
    };
    diesel::sql_query(
        "SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'public'",
    )
    .get_result::<Count>(c)
    .map(|c| c.n)
    .map_err(|e| e.to_string())
}

fn run(command: &mut Command, name: &str) -> Result<(), String> {
    let out = command
        .output()
        .map_err(|e| format!("cannot run {name} (install the PostgreSQL client tools): {e}"))?;
    if out.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    Err(format!(
        "{name} failed: {}",
        stderr.lines().next().unwrap_or("no message")
    ))
}
