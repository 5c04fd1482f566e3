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

/// A member leaves a co-op of their own accord (from their account): dated and audited like
/// an admin's record of it; refused when they are its last admin. Not found when they are not
/// a current member of the co-op named `slug`.
pub fn leave_self(c: &mut DbConn, account_id: i64, slug: &str) -> Answer<String> {
    write_tx(c, |c| {
        let coop = coops::by_slug(c, slug)?.ok_or(ServiceError::NotFound)?;
        coops::lock(c, coop.id)?;
        let Some(now) = members::current(c, coop.id, account_id)? else {
            return Err(ServiceError::NotFound);
        };
        if now.is_admin && members::count_admins(c, coop.id)? <= 1 {
            return Err(Code::LastAdmin.into());
        }
        members::leave(c, coop.id, account_id, Some(account_id))?;
        Ok(coop.name)
    })
}
