//! What a proposal exports: the election file (`ballots.json`, college and choice only),
//! the results as CSV rows, and the named votes of an open-ballot proposal.

use super::{election_file, outcome};
use crate::domain::fraction::to_display_f64;
use crate::storage::proposals::Proposal;
use crate::storage::{DbConn, ballots};
use diesel::QueryResult;

/// The election file of a closed proposal, pretty-printed; refused while it is not closed.
pub fn ballots_json(conn: &mut DbConn, p: &Proposal) -> crate::service::Answer<String> {
    if !p.is_closed() {
        return Err(crate::domain::refusal::Code::ProposalNotClosed.into());
    }
    Ok(ballots_text(conn, p)?)
}

/// The election file's text as exported (what the seal of a closed proposal digests).
pub fn ballots_text(conn: &mut DbConn, p: &Proposal) -> QueryResult<String> {
    election_text(p, &ballots::grouped(conn, p.id)?)
}

/// The election file's text for ballots already grouped `(college, choice, count)`.
pub fn election_text(p: &Proposal, grouped: &[(String, String, i64)]) -> QueryResult<String> {
    serde_json::to_string_pretty(&election_file(p, grouped))
        .map_err(|e| crate::storage::corrupt("proposals", p.id, e))
}

/// Result rows: `scope, key, share` for the weighted totals, then one row per college.
/// Secret proposals leave out the shares of colleges with fewer than 3 counted ballots.
pub fn results_rows(conn: &mut DbConn, p: &Proposal) -> QueryResult<Vec<Vec<String>>> {
    let grouped = ballots::grouped(conn, p.id)?;
    let Ok(o) = outcome(p, &grouped) else {
        return Ok(vec![]);
    };
    let mut rows = vec![vec![
        "scope".to_string(),
        "college".into(),
        "option".into(),
        "share".into(),
        "ballots".into(),
        "eligible".into(),
        "verdict".into(),
    ]];
    for (name, v) in &o.shares {
        rows.push(vec![
            "total".into(),
            String::new(),
            name.clone(),
            format!("{:.6}", to_display_f64(v)),
            String::new(),
            String::new(),
            o.verdict.name().into(),
        ]);
    }
    for c in &o.colleges {
        let hidden = p.secret && c.counted < super::SECRET_MIN_COUNTED;
        let eligible = c.eligible.map(|e| e.to_string()).unwrap_or_default();
        if hidden {
            rows.push(vec![
                "college".into(),
                c.key.clone(),
                String::new(),
                String::new(),
                String::new(),
                eligible,
                String::new(),
            ]);
            continue;
        }
        for (name, v) in &c.shares {
            rows.push(vec![
                "college".into(),
                c.key.clone(),
                name.clone(),
                format!("{:.6}", to_display_f64(v)),
                c.ballots.to_string(),
                eligible.clone(),
                String::new(),
            ]);
        }
    }
    Ok(rows)
}

/// Named votes (open-ballot proposals only): `name, college, choice, cast by proxy holder, reason`.
pub fn named_rows(conn: &mut DbConn, p: &Proposal) -> QueryResult<Option<Vec<Vec<String>>>> {
    // Named votes are the result in another form: only once the proposal is closed.
    if p.secret || !p.is_closed() {
        return Ok(None);
    }
    let mut rows = vec![vec![
        "member".to_string(),
        "college".into(),
        "choice".into(),
        "proxy_holder".into(),
        "reason".into(),
    ]];
    for (name, college, choice, holder, reason) in ballots::named(conn, p.id)? {
        rows.push(vec![
            name,
            college,
            choice,
            holder.unwrap_or_default(),
            reason.unwrap_or_default(),
        ]);
    }
    Ok(Some(rows))
}
