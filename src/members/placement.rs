//! Placement: moving a current member between colleges, giving or taking roles, recording
//! shares, and recording a departure, dated and audited, never leaving a co-op without an admin.

use crate::domain::refusal::Code;
use crate::service::{Answer, ServiceError};
use crate::storage::members::{self, Placement};
use crate::storage::{DbConn, coops, write_tx};

/// Places a current member (college, roles, shares), dated and audited (the page and the
/// API); `next` gets the member's current row. Refuses an unknown college and removing the
/// last admin.
pub fn place(
    c: &mut DbConn,
    id: i64,
    by: i64,
    member: &str,
    next: impl FnOnce(&members::Membership) -> Placement,
    shares: Option<i64>,
) -> Answer<()> {
    write_tx(c, |c| {
        coops::lock(c, id)?;
        let account = members::account_by_public_id(c, member)?.ok_or(ServiceError::NotFound)?;
        let Some(now) = members::current(c, id, account)? else {
            return Err(ServiceError::NotFound);
        };
        let next = next(&now);
        let book = coops::current_rulebook(c, id)?;
        if let Some(k) = &next.college
            && book.college(k).is_none()
        {
            return Err(Code::CollegeUnknown.into());
        }
        if now.is_admin && !next.is_admin && members::count_admins(c, id)? <= 1 {
            return Err(Code::LastAdmin.into());
        }
        members::change(c, id, account, &next, shares, Some(by))?;
        Ok(())
    })
}

/// Records that a current member leaves (the admin's act); refuses to leave the co-op without
/// an admin. False when they are not a current member.
pub fn leave(c: &mut DbConn, coop_id: i64, by: i64, member: &str) -> Answer<bool> {
    write_tx(c, |c| {
        coops::lock(c, coop_id)?;
        let account = members::account_by_public_id(c, member)?.ok_or(ServiceError::NotFound)?;
        if members::current(c, coop_id, account)?.is_some_and(|m| m.is_admin)
            && members::count_admins(c, coop_id)? <= 1
        {
            return Err(Code::LastAdmin.into());
        }
        Ok(members::leave(c, coop_id, account, Some(by))?)
    })
}
