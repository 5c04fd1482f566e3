//! The audit trail: one hash-chained sequence of events per co-op.
//!
//! Each event stores the SHA-256 of a canonical JSON document (keys sorted, no spaces) of its
//! sequence number, co-op id, actor, time (RFC 3339 UTC with microseconds), kind, data and the
//! previous event's hash, so SQLite and PostgreSQL hash identically and any edit breaks the chain.

use super::DbConn;
use super::schema::audit_events;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::Value;
use sha2::{Digest, Sha256};

/// The `prev_hash` of a co-op's first event.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[derive(Debug, Clone, Queryable)]
pub struct Event {
    pub id: i64,
    pub coop_id: i64,
    pub seq: i64,
    pub actor_id: Option<i64>,
    pub at: NaiveDateTime,
    pub kind: String,
    pub data: String,
    pub prev_hash: String,
    pub hash: String,
}

const COLUMNS: (
    audit_events::id,
    audit_events::coop_id,
    audit_events::seq,
    audit_events::actor_id,
    audit_events::at,
    audit_events::kind,
    audit_events::data,
    audit_events::prev_hash,
    audit_events::hash,
) = (
    audit_events::id,
    audit_events::coop_id,
    audit_events::seq,
    audit_events::actor_id,
    audit_events::at,
    audit_events::kind,
    audit_events::data,
    audit_events::prev_hash,
    audit_events::hash,
);

pub use crate::clock::rfc3339_micros;

/// JSON with object keys sorted at every level and no insignificant whitespace.
pub fn canonical_json(value: &Value) -> String {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            let parts: Vec<String> = keys
                .into_iter()
                .map(|k| {
                    format!(
                        "{}:{}",
                        Value::String(k.clone()),
                        canonical_json(&map[k.as_str()])
                    )
                })
                .collect();
            format!("{{{}}}", parts.join(","))
        }
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().map(canonical_json).collect();
            format!("[{}]", parts.join(","))
        }
        other => other.to_string(),
    }
}

/// The hash of one event's fields.
pub fn event_hash(
    seq: i64,
    coop_id: i64,
    actor_id: Option<i64>,
    at: NaiveDateTime,
    kind: &str,
    data: &Value,
    prev_hash: &str,
) -> String {
    let doc = serde_json::json!({
        "sequence": seq,
        "coop": coop_id,
        "actor": actor_id,
        "time": rfc3339_micros(at),
        "kind": kind,
        "data": data,
        "previous": prev_hash,
    });
    hex::encode(Sha256::digest(canonical_json(&doc).as_bytes()))
}

fn last(conn: &mut DbConn, coop_id: i64) -> QueryResult<(i64, String)> {
    let row: Option<(i64, String)> = audit_events::table
        .filter(audit_events::coop_id.eq(coop_id))
        .order(audit_events::seq.desc())
        .select((audit_events::seq, audit_events::hash))
        .first(conn)
        .optional()?;
    Ok(row.unwrap_or((0, GENESIS.to_string())))
}

/// Appends events in order, in the caller's transaction. Each attempt runs in a savepoint: a
/// writer that loses the race for the next sequence number (unique violation) re-reads the
/// chain's end and retries.
pub fn append_many(
    conn: &mut DbConn,
    coop_id: i64,
    actor_id: Option<i64>,
    events: &[(&str, Value)],
) -> QueryResult<()> {
    if events.is_empty() {
        return Ok(());
    }
    let at = super::now();
    // On PostgreSQL, queue behind other writers of this co-op's chain (the lock lasts until
    // the caller's transaction ends); SQLite writers are already serialized by BEGIN IMMEDIATE.
    // The retry below stays for callers outside a transaction.
    if let DbConn::Postgresql(c) = conn {
        super::schema::coops::table
            .filter(super::schema::coops::id.eq(coop_id))
            .select(super::schema::coops::id)
            .for_update()
            .load::<i64>(c)?;
    }
    let mut attempt = 0;
    loop {
        attempt += 1;
        let result = conn.transaction(|c| {
            let (mut seq, mut prev) = last(c, coop_id)?;
            let mut rows = Vec::with_capacity(events.len());
            for (kind, data) in events {
                seq += 1;
                let hash = event_hash(seq, coop_id, actor_id, at, kind, data, &prev);
                rows.push((
                    seq,
                    kind.to_string(),
                    canonical_json(data),
                    prev,
                    hash.clone(),
                ));
                prev = hash;
            }
            for chunk in rows.chunks(500) {
                let values: Vec<_> = chunk
                    .iter()
                    .map(|(seq, kind, data, prev, hash)| {
                        (
                            audit_events::coop_id.eq(coop_id),
                            audit_events::seq.eq(*seq),
                            audit_events::actor_id.eq(actor_id),
                            audit_events::at.eq(at),
                            audit_events::kind.eq(kind),
                            audit_events::data.eq(data),
                            audit_events::prev_hash.eq(prev),
                            audit_events::hash.eq(hash),
                        )
                    })
                    .collect();
                crate::insert_batch!(c, audit_events::table, values)?;
            }
            Ok(())
        });
        match result {
            Err(diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            )) if attempt < 20 => continue,
            other => return other,
        }
    }
}

pub fn append(
    conn: &mut DbConn,
    coop_id: i64,
    actor_id: Option<i64>,
    kind: &str,
    data: Value,
) -> QueryResult<()> {
    append_many(conn, coop_id, actor_id, &[(kind, data)])
}

pub fn list(conn: &mut DbConn, coop_id: i64) -> QueryResult<Vec<Event>> {
    audit_events::table
        .filter(audit_events::coop_id.eq(coop_id))
        .order(audit_events::seq.asc())
        .select(COLUMNS)
        .load(conn)
}

/// A co-op's events of one kind, oldest first (the page of a proposal reads back whether
/// its enactment was refused without loading the whole trail).
pub fn of_kind(conn: &mut DbConn, coop_id: i64, kind: &str) -> QueryResult<Vec<Event>> {
    audit_events::table
        .filter(audit_events::coop_id.eq(coop_id))
        .filter(audit_events::kind.eq(kind))
        .order(audit_events::seq.asc())
        .select(COLUMNS)
        .load(conn)
}

/// Why the chain is broken at an event.
#[derive(Debug, Clone, PartialEq)]
pub struct Broken {
    pub seq: i64,
    pub reason: &'static str,
}

/// Recomputes a co-op's chain; `Ok(n)` with the number of events, or the first broken event.
pub fn verify(conn: &mut DbConn, coop_id: i64) -> QueryResult<Result<usize, Broken>> {
    let events = list(conn, coop_id)?;
    let mut prev = GENESIS.to_string();
    for (i, e) in events.iter().enumerate() {
        let expected_seq = i64::try_from(i).unwrap_or(i64::MAX) + 1;
        let broken = |reason| Ok(Err(Broken { seq: e.seq, reason }));
        if e.seq != expected_seq {
            return broken("sequence gap");
        }
        if e.prev_hash != prev {
            return broken("previous hash does not match");
        }
        let Ok(data) = serde_json::from_str::<Value>(&e.data) else {
            return broken("data is not JSON");
        };
        let hash = event_hash(e.seq, e.coop_id, e.actor_id, e.at, &e.kind, &data, &prev);
        if hash != e.hash {
            return broken("hash does not match the content");
        }
        prev = e.hash.clone();
    }
    Ok(Ok(events.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_json_sorts_keys_at_every_level() {
        let v: Value =
            serde_json::from_str(r#"{"b":1,"a":{"d":[1,{"z":1,"y":2}],"c":"é"}}"#).unwrap();
        assert_eq!(
            canonical_json(&v),
            r#"{"a":{"c":"é","d":[1,{"y":2,"z":1}]},"b":1}"#
        );
    }

    #[test]
    fn times_have_microseconds_and_z() {
        let t = chrono::NaiveDate::from_ymd_opt(2026, 11, 26)
            .unwrap()
            .and_hms_micro_opt(6, 25, 0, 123_456)
            .unwrap();
        assert_eq!(rfc3339_micros(t), "2026-11-26T06:25:00.123456Z");
        let t0 = chrono::NaiveDate::from_ymd_opt(2026, 11, 26)
            .unwrap()
            .and_hms_opt(6, 25, 0)
            .unwrap();
        assert_eq!(rfc3339_micros(t0), "2026-11-26T06:25:00.000000Z");
    }
}
