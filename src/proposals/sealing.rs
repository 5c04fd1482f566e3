//! Secret ballots that a copy of the database cannot link to their voters.
//!
//! While a secret proposal is open, each ballot is sealed (AEAD, under the sealing key kept
//! outside the database) and stored under its voter tag, so a voter can change or withdraw it.
//! The sealed text is padded to a fixed size, so its length does not tell the choice. At
//! closing, in the closing transaction, the sealed ballots are opened, shuffled and written as
//! plain rows (college, choice, reason) under fresh random tags, and the sealed rows deleted:
//! from then on nobody, not even with the key, can tell whose ballot a row is. The plain rows
//! are written in one statement per 500 in shuffled order, so neither their ids nor their
//! physical order (nor, on PostgreSQL, their transaction id) follow the order of voting.

use crate::keys::Keys;
use crate::storage::ballots::{self, Stored, Unlinked};
use crate::storage::proposals::Proposal;
use crate::storage::{DbConn, corrupt, proposals};
use diesel::QueryResult;
use rand::seq::SliceRandom;
use serde::{Deserialize, Serialize};

/// Sealed ballots are padded to a multiple of this many bytes before sealing.
const PAD_TO: usize = 1024;

/// What a sealed text holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Content {
    college: String,
    choice: String,
    reason: Option<String>,
}

/// The context a ballot is sealed in: a sealed text copied under another tag does not open.
fn context(proposal_id: i64, voter_tag: &str) -> String {
    format!("ballot:{proposal_id}:{voter_tag}")
}

/// Seals a secret ballot of proposal `proposal_id` stored under `voter_tag`.
pub fn seal(
    keys: &Keys,
    proposal_id: i64,
    voter_tag: &str,
    college: &str,
    choice: &str,
    reason: Option<&str>,
) -> String {
    let content = Content {
        college: college.to_string(),
        choice: choice.to_string(),
        reason: reason.map(str::to_string),
    };
    let mut plain = serde_json::to_vec(&content).unwrap_or_default();
    // JSON ignores trailing white space: pad with spaces up to the next multiple of PAD_TO.
    let padded = plain.len().div_ceil(PAD_TO).max(1) * PAD_TO;
    plain.resize(padded, b' ');
    crate::crypto::seal(&keys.sealing, &context(proposal_id, voter_tag), &plain)
}

fn open(keys: &Keys, proposal_id: i64, voter_tag: &str, sealed: &str) -> QueryResult<Content> {
    crate::crypto::open(&keys.sealing, &context(proposal_id, voter_tag), sealed)
        .and_then(|plain| serde_json::from_slice(&plain).ok())
        .ok_or_else(|| {
            corrupt(
                "sealed_ballots",
                proposal_id,
                "a sealed ballot does not open with this server's key",
            )
        })
}

/// The sealed ballots of an open proposal, opened.
fn opened(conn: &mut DbConn, keys: &Keys, p: &Proposal) -> QueryResult<Vec<Unlinked>> {
    ballots::sealed_of(conn, p.id)?
        .into_iter()
        .map(|(tag, sealed)| {
            open(keys, p.id, &tag, &sealed).map(|c| Unlinked {
                college: c.college,
                choice: c.choice,
                reason: c.reason,
            })
        })
        .collect()
}

/// Ballots grouped by college and choice, sorted: `(college, choice, count)`. Sealed ballots
/// are opened in memory (an open secret proposal whose results are shown while it runs).
pub fn grouped(
    conn: &mut DbConn,
    keys: &Keys,
    p: &Proposal,
) -> QueryResult<Vec<(String, String, i64)>> {
    let plain = ballots::grouped(conn, p.id)?;
    let sealed = opened(conn, keys, p)?;
    if sealed.is_empty() {
        return Ok(plain);
    }
    let mut counts: std::collections::BTreeMap<(String, String), i64> = plain
        .into_iter()
        .map(|(college, choice, n)| ((college, choice), n))
        .collect();
    for b in sealed {
        *counts.entry((b.college, b.choice)).or_default() += 1;
    }
    Ok(counts.into_iter().map(|((a, b), n)| (a, b, n)).collect())
}

/// The choice stored under a voter's tag (to show them their own ballot): while a secret
/// proposal is open it is opened with the key; once closed it is no longer anyone's.
pub fn own_choice(
    conn: &mut DbConn,
    keys: &Keys,
    p: &Proposal,
    voter_tag: &str,
) -> QueryResult<Option<String>> {
    Ok(match ballots::stored_under(conn, p.id, voter_tag)? {
        Some(Stored::Plain(choice)) => Some(choice),
        Some(Stored::Sealed(sealed)) => Some(open(keys, p.id, voter_tag, &sealed)?.choice),
        None => None,
    })
}

/// Closing a secret proposal, in the closing transaction: every ballot (sealed, or plain from
/// before sealing existed) becomes a plain row under a random tag, in random order.
pub fn unlink(conn: &mut DbConn, keys: &Keys, p: &Proposal) -> QueryResult<()> {
    let mut all = opened(conn, keys, p)?;
    all.extend(ballots::plain_of(conn, p.id)?);
    all.shuffle(&mut rand::rng());
    let rows: Vec<(String, Unlinked)> = all
        .into_iter()
        .map(|b| (format!("unlinked:{}", crate::crypto::random_hex(16)), b))
        .collect();
    ballots::replace_all(conn, p.coop_id, p.id, &rows)
}

/// The first start with the key outside the database, in its transaction: ballots of open
/// proposals move to the tags of the derived key (so a voter's change still replaces their
/// ballot), and secret ballots of closed proposals are unlinked as closing now does.
pub fn after_key_moved(conn: &mut DbConn, legacy: &[u8], keys: &Keys) -> QueryResult<()> {
    for id in proposals::open_ids(conn)? {
        for voter in ballots::voters(conn, id)? {
            let old = crate::crypto::sign(legacy, &format!("ballot:{id}:{voter}"));
            ballots::retag(conn, id, &old, &super::voter_tag(keys, id, voter))?;
        }
    }
    for p in proposals::secret_not_open(conn)? {
        unlink(conn, keys, &p)?;
    }
    Ok(())
}
