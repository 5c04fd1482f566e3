//! Server-wide settings, kept in the database so that every server behind a load balancer
//! shares them. The secret key is not among them: it lives outside the database (`keys.rs`).

use super::{DbConn, schema::server_settings::dsl as s};
use diesel::prelude::*;

/// Where versions before the key file kept the server secret; moved out at the first start.
pub const LEGACY_SECRET: &str = "server_secret";
pub const OPEN_SIGNUP: &str = "open_signup";
pub const ANYONE_MAY_FOUND: &str = "anyone_may_found";
/// Set once the outbox holds sealed bodies only (`mail::sealed::seal_outbox_once`).
pub const OUTBOX_SEALED: &str = "outbox_sealed";

pub fn get(conn: &mut DbConn, key: &str) -> QueryResult<Option<String>> {
    s::server_settings
        .filter(s::key.eq(key))
        .select(s::value)
        .get_result(conn)
        .optional()
}

pub fn set(conn: &mut DbConn, key: &str, value: &str) -> QueryResult<()> {
    let updated = diesel::update(s::server_settings.filter(s::key.eq(key)))
        .set(s::value.eq(value))
        .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(s::server_settings)
            .values((s::key.eq(key), s::value.eq(value)))
            .execute(conn)?;
    }
    Ok(())
}

/// Deletes a setting.
pub fn remove(conn: &mut DbConn, key: &str) -> QueryResult<()> {
    diesel::delete(s::server_settings.filter(s::key.eq(key))).execute(conn)?;
    Ok(())
}

pub fn flag(conn: &mut DbConn, key: &str) -> QueryResult<bool> {
    Ok(get(conn, key)?.as_deref() == Some("true"))
}
