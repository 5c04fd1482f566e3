//! Server-wide settings, including the secret that signs CSRF and unsubscribe tokens.
//! Kept in the database so that every server behind a load balancer shares them.

use super::{DbConn, schema::server_settings::dsl as s};
use diesel::prelude::*;

pub const SECRET_KEY: &str = "server_secret";
pub const OPEN_SIGNUP: &str = "open_signup";
pub const ANYONE_MAY_FOUND: &str = "anyone_may_found";

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

/// The server secret, created on first use (a racing second server re-reads the winner's).
pub fn server_secret(conn: &mut DbConn) -> QueryResult<Vec<u8>> {
    if let Some(hex_secret) = get(conn, SECRET_KEY)?
        && let Ok(bytes) = hex::decode(hex_secret)
    {
        return Ok(bytes);
    }
    let fresh = crate::crypto::random_hex(32);
    let inserted = diesel::insert_into(s::server_settings)
        .values((s::key.eq(SECRET_KEY), s::value.eq(&fresh)))
        .execute(conn);
    if inserted.is_err() {
        let existing = get(conn, SECRET_KEY)?.unwrap_or(fresh);
        return Ok(hex::decode(existing).unwrap_or_default());
    }
    Ok(hex::decode(fresh).unwrap_or_default())
}

pub fn flag(conn: &mut DbConn, key: &str) -> QueryResult<bool> {
    Ok(get(conn, key)?.as_deref() == Some("true"))
}
