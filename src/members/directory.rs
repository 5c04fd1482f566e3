//! Who is in a co-op, as its pages and the API list them: the directory of current members
//! per college, the register of members (admission, college, shares, leaving), pending and
//! past invitations, and the proxies a member gave or holds.

use crate::domain::rulebook::Rulebook;
use crate::service::Answer;
use crate::storage::{DbConn, coops, invitations, members, proposals, proxies};

pub use crate::storage::invitations::{Invitation, InvitationStatus, InvitedRole};
pub use crate::storage::members::{Listed, Membership, Placement, RegisterLine};
pub use crate::storage::proposals::Proposal;
pub use crate::storage::proxies::Proxy;

/// The current members, with their places.
pub fn members(c: &mut DbConn, coop_id: i64) -> Answer<Vec<Listed>> {
    Ok(members::directory(c, coop_id)?)
}

/// The directory with the current rulebook (college names and weights).
pub fn directory(c: &mut DbConn, coop_id: i64) -> Answer<(Rulebook, Vec<Listed>)> {
    Ok((
        coops::current_rulebook(c, coop_id)?,
        members::directory(c, coop_id)?,
    ))
}

/// Every member who ever joined, with the current rulebook (college names) — past members
/// too, for names in payout rules and statements.
pub fn everyone(c: &mut DbConn, coop_id: i64) -> Answer<Vec<Listed>> {
    Ok(members::history(c, coop_id)?)
}

/// The register of members, one line per membership.
pub fn register(c: &mut DbConn, coop_id: i64) -> Answer<Vec<RegisterLine>> {
    Ok(members::register(c, coop_id)?)
}

/// The register with the current rulebook (college names).
pub fn register_with_rulebook(
    c: &mut DbConn,
    coop_id: i64,
) -> Answer<(Rulebook, Vec<RegisterLine>)> {
    Ok((
        coops::current_rulebook(c, coop_id)?,
        members::register(c, coop_id)?,
    ))
}

/// The co-op's invitations, the newest first.
pub fn invitations(c: &mut DbConn, coop_id: i64) -> Answer<Vec<Invitation>> {
    Ok(invitations::list(c, coop_id)?)
}

/// The invitations with the current rulebook (college names).
pub fn invitations_with_rulebook(
    c: &mut DbConn,
    coop_id: i64,
) -> Answer<(Rulebook, Vec<Invitation>)> {
    Ok((
        coops::current_rulebook(c, coop_id)?,
        invitations::list(c, coop_id)?,
    ))
}

/// The proxies `me` gave or holds in the co-op.
pub fn proxies_of(c: &mut DbConn, coop_id: i64, me: i64) -> Answer<Vec<Proxy>> {
    Ok(proxies::of_member(c, coop_id, me)?)
}

/// What the proxies page shows `me`: the rulebook (its proxy rule), their proxies, the
/// members they may give one to, and the open proposals one may be limited to.
pub struct ProxyChoices {
    pub book: Rulebook,
    pub mine: Vec<Proxy>,
    pub others: Vec<Listed>,
    pub open: Vec<Proposal>,
}

/// The proxies page for `me`.
pub fn proxy_choices(c: &mut DbConn, coop_id: i64, me: i64) -> Answer<ProxyChoices> {
    let book = coops::current_rulebook(c, coop_id)?;
    let mine = proxies::of_member(c, coop_id, me)?;
    let others: Vec<_> = members::directory(c, coop_id)?
        .into_iter()
        .filter(|m| m.membership.account_id != me && !m.membership.is_guest())
        .collect();
    let open: Vec<_> = proposals::list(c, coop_id)?
        .into_iter()
        .filter(|p| p.is_open())
        .collect();
    Ok(ProxyChoices {
        book,
        mine,
        others,
        open,
    })
}
