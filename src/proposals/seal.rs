//! The sealed result of a closed proposal: SHA-256 of its `ballots.json` as exported (college,
//! choice, count, with the frozen rules and electorate; no names, no tags) and of the stored
//! result's bytes, written in the `proposal.closed` audit event. The audit chain keeps the seal
//! from being rewritten; [`check`] recomputes it, so ballots or a result edited after closing
//! are found (`collegia audit verify`).

use super::exports::election_text;
use crate::service::{Answer, ServiceError};
use crate::storage::proposals::{self, Proposal};
use crate::storage::{DbConn, audit};

/// The two digests of a closed proposal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seal {
    pub ballots_sha256: String,
    pub result_sha256: String,
}

impl Seal {
    /// The seal of a closed proposal with its grouped ballots and stored result.
    pub fn of(
        p: &Proposal,
        grouped: &[(String, String, i64)],
        result: &str,
    ) -> diesel::QueryResult<Seal> {
        Ok(Seal {
            ballots_sha256: crate::crypto::sha256_hex(&election_text(p, grouped)?),
            result_sha256: crate::crypto::sha256_hex(result),
        })
    }
}

/// A proposal whose ballots or result no longer match their seal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsealed {
    pub proposal: i64,
    /// `ballots` or `result`.
    pub what: &'static str,
}

/// Every sealed proposal of the co-op whose ballots or stored result changed since closing
/// (proposals closed before seals existed carry none and are skipped). A reopened proposal
/// is checked against its latest seal once closed again (its earlier result and seal are
/// kept in its history); while it is open again it is not checked.
pub fn check(conn: &mut DbConn, coop_id: i64) -> Answer<Vec<Unsealed>> {
    let mut broken = Vec::new();
    let mut events = Vec::new();
    for event in audit::of_kind(conn, coop_id, "proposal.closed")? {
        let data: serde_json::Value = serde_json::from_str(&event.data).map_err(|e| {
            ServiceError::from(crate::storage::corrupt("audit_events", event.seq, e))
        })?;
        events.push((event.seq, data));
    }
    let mut latest = std::collections::HashMap::new();
    for (seq, data) in &events {
        if let Some(id) = data["proposal"].as_i64() {
            latest.insert(id, *seq);
        }
    }
    for (seq, data) in &events {
        let (Some(id), Some(ballots), Some(result)) = (
            data["proposal"].as_i64(),
            data["ballots_sha256"].as_str(),
            data["result_sha256"].as_str(),
        ) else {
            continue;
        };
        let p = proposals::get(conn, id)?;
        if !p.is_closed() || latest.get(&id) != Some(seq) {
            continue;
        }
        let grouped = crate::storage::ballots::grouped(conn, id)?;
        let now = Seal::of(&p, &grouped, p.result.as_deref().unwrap_or(""))?;
        if now.ballots_sha256 != ballots {
            broken.push(Unsealed {
                proposal: id,
                what: "ballots",
            });
        }
        if now.result_sha256 != result {
            broken.push(Unsealed {
                proposal: id,
                what: "result",
            });
        }
    }
    Ok(broken)
}
