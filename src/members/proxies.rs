//! Proxies: a member lets another vote for them, within the rulebook's limits (allowed at all,
//! same college, how many one may hold), until revoked or for one open proposal.

use crate::domain::refusal::{Code, Refused};
use crate::service::Answer;
use crate::storage::{DbConn, coops, members, proposals, proxies, write_tx};

/// Gives a proxy from `giver` to the member whose public id is `holder`, for one open proposal
/// (`Some`) or until revoked (`None`), audited. Returns the proxy's id.
pub fn give(
    conn: &mut DbConn,
    coop_id: i64,
    giver: i64,
    holder: &str,
    proposal_id: Option<i64>,
) -> Answer<i64> {
    write_tx(conn, |c| {
        let holder = members::account_by_public_id(c, holder)?.ok_or(Code::ProxyHolderNotMember)?;
        if let Some(pid) = proposal_id {
            let open = proposals::by_id(c, coop_id, pid)?.is_some_and(|p| p.is_open());
            if !open {
                return Err(Code::ProxyProposalNotOpen.into());
            }
        }
        coops::lock(c, coop_id)?;
        let rules = coops::current_rulebook(c, coop_id)?;
        if !rules.proxies.allowed {
            return Err(Code::ProxiesForbidden.into());
        }
        if giver == holder {
            return Err(Code::ProxyToSelf.into());
        }
        let giver_row = members::current(c, coop_id, giver)?;
        let holder_row = members::current(c, coop_id, holder)?;
        let (Some(g), Some(h)) = (giver_row, holder_row) else {
            return Err(Code::ProxyHolderNotMember.into());
        };
        if g.college.is_none() || h.college.is_none() {
            return Err(Code::ProxyHolderNotMember.into());
        }
        if rules.proxies.same_college && g.college != h.college {
            return Err(Code::ProxySameCollege.into());
        }
        if proxies::overlapping(c, coop_id, giver, proposal_id)? > 0 {
            return Err(Code::ProxyAlreadyGiven.into());
        }
        let max = rules.proxies.max_per_holder;
        if proxies::held(c, coop_id, holder)? >= i64::from(max) {
            return Err(Refused::new(Code::ProxyLimitReached)
                .with("max", max)
                .into());
        }
        Ok(proxies::insert(c, coop_id, giver, holder, proposal_id)?)
    })
}

/// Revokes a live proxy the account gave, audited; false when there is none.
pub fn revoke(conn: &mut DbConn, coop_id: i64, giver: i64, id: i64) -> Answer<bool> {
    write_tx(conn, |c| Ok(proxies::revoke(c, coop_id, giver, id)?))
}
