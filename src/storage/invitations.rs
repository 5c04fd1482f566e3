//! Invitations: a single-use link (only its SHA-256 stored) into a college and role, valid
//! 14 days; accepted, revoked or renewed (a resend issues a new link), never deleted.

use super::DbConn;
use super::schema::{accounts, invitations, memberships};
pub use crate::domain::invitation::InvitationStatus;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use std::collections::HashSet;

pub const VALID_DAYS: i64 = 14;

/// The role an invitation grants on top of membership (`guest`: no college, no vote).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvitedRole {
    Member,
    Board,
    Admin,
    Guest,
}

impl InvitedRole {
    pub const ALL: [InvitedRole; 4] = [
        InvitedRole::Member,
        InvitedRole::Board,
        InvitedRole::Admin,
        InvitedRole::Guest,
    ];

    pub fn key(self) -> &'static str {
        match self {
            InvitedRole::Member => "member",
            InvitedRole::Board => "board",
            InvitedRole::Admin => "admin",
            InvitedRole::Guest => "guest",
        }
    }

    pub fn parse(s: &str) -> Option<InvitedRole> {
        Self::ALL.into_iter().find(|r| r.key() == s)
    }
}

/// An invitation as stored; its role is read once, here, into [`Invitation`].
#[derive(Queryable)]
struct InvitationRow {
    id: i64,
    coop_id: i64,
    email: String,
    email_lower: String,
    college: Option<String>,
    role: String,
    token_hash: String,
    invited_by: Option<i64>,
    created_at: NaiveDateTime,
    sent_at: NaiveDateTime,
    expires_at: NaiveDateTime,
    accepted_at: Option<NaiveDateTime>,
    accepted_by: Option<i64>,
    revoked_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone)]
pub struct Invitation {
    pub id: i64,
    pub coop_id: i64,
    pub email: String,
    pub email_lower: String,
    pub college: Option<String>,
    pub role: InvitedRole,
    pub token_hash: String,
    pub invited_by: Option<i64>,
    pub created_at: NaiveDateTime,
    pub sent_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub accepted_at: Option<NaiveDateTime>,
    pub accepted_by: Option<i64>,
    pub revoked_at: Option<NaiveDateTime>,
}

impl TryFrom<InvitationRow> for Invitation {
    type Error = diesel::result::Error;

    fn try_from(r: InvitationRow) -> QueryResult<Invitation> {
        Ok(Invitation {
            role: InvitedRole::parse(&r.role)
                .ok_or_else(|| super::corrupt("invitations", r.id, format!("role '{}'", r.role)))?,
            id: r.id,
            coop_id: r.coop_id,
            email: r.email,
            email_lower: r.email_lower,
            college: r.college,
            token_hash: r.token_hash,
            invited_by: r.invited_by,
            created_at: r.created_at,
            sent_at: r.sent_at,
            expires_at: r.expires_at,
            accepted_at: r.accepted_at,
            accepted_by: r.accepted_by,
            revoked_at: r.revoked_at,
        })
    }
}

impl Invitation {
    pub fn role(&self) -> InvitedRole {
        self.role
    }

    /// Where it stands at `now`.
    pub fn status(&self, now: NaiveDateTime) -> InvitationStatus {
        InvitationStatus::of(
            self.accepted_at.is_some(),
            self.revoked_at.is_some(),
            self.expires_at,
            now,
        )
    }

    pub fn is_usable(&self, now: NaiveDateTime) -> bool {
        self.status(now) == InvitationStatus::Pending
    }

    /// The placement this invitation gives.
    pub fn placement(&self) -> super::members::Placement {
        let role = self.role();
        super::members::Placement {
            college: if role == InvitedRole::Guest {
                None
            } else {
                self.college.clone()
            },
            is_admin: role == InvitedRole::Admin,
            is_board: role == InvitedRole::Board,
        }
    }
}

type Columns = (
    invitations::id,
    invitations::coop_id,
    invitations::email,
    invitations::email_lower,
    invitations::college,
    invitations::role,
    invitations::token_hash,
    invitations::invited_by,
    invitations::created_at,
    invitations::sent_at,
    invitations::expires_at,
    invitations::accepted_at,
    invitations::accepted_by,
    invitations::revoked_at,
);

const ROW: Columns = (
    invitations::id,
    invitations::coop_id,
    invitations::email,
    invitations::email_lower,
    invitations::college,
    invitations::role,
    invitations::token_hash,
    invitations::invited_by,
    invitations::created_at,
    invitations::sent_at,
    invitations::expires_at,
    invitations::accepted_at,
    invitations::accepted_by,
    invitations::revoked_at,
);

pub struct NewInvitation {
    pub email: String,
    pub token_hash: String,
}

/// Addresses that may not be invited again: a live invitation or a current membership.
pub fn taken_addresses(conn: &mut DbConn, coop_id: i64) -> QueryResult<HashSet<String>> {
    let now = super::now();
    let mut taken: HashSet<String> = invitations::table
        .filter(invitations::coop_id.eq(coop_id))
        .filter(invitations::accepted_at.is_null())
        .filter(invitations::revoked_at.is_null())
        .filter(invitations::expires_at.gt(now))
        .select(invitations::email_lower)
        .load::<String>(conn)?
        .into_iter()
        .collect();
    let members: Vec<String> = memberships::table
        .inner_join(accounts::table)
        .filter(memberships::coop_id.eq(coop_id))
        .filter(memberships::valid_to.is_null())
        .select(accounts::email_lower)
        .load(conn)?;
    taken.extend(members);
    Ok(taken)
}

/// Inserts invitations in batches (same college and role), in the caller's transaction.
pub fn insert_many(
    conn: &mut DbConn,
    coop_id: i64,
    by: i64,
    college: Option<&str>,
    role: InvitedRole,
    items: &[NewInvitation],
) -> QueryResult<()> {
    let now = super::now();
    let expires = now + chrono::Duration::days(VALID_DAYS);
    for chunk in items.chunks(500) {
        let values: Vec<_> = chunk
            .iter()
            .map(|i| {
                (
                    invitations::coop_id.eq(coop_id),
                    invitations::email.eq(&i.email),
                    invitations::email_lower.eq(i.email.to_lowercase()),
                    invitations::college.eq(college),
                    invitations::role.eq(role.key()),
                    invitations::token_hash.eq(&i.token_hash),
                    invitations::invited_by.eq(Some(by)),
                    invitations::created_at.eq(now),
                    invitations::sent_at.eq(now),
                    invitations::expires_at.eq(expires),
                )
            })
            .collect();
        crate::insert_batch!(conn, invitations::table, values)?;
    }
    Ok(())
}

/// Live invitations first, then the rest, newest first.
pub fn list(conn: &mut DbConn, coop_id: i64) -> QueryResult<Vec<Invitation>> {
    invitations::table
        .filter(invitations::coop_id.eq(coop_id))
        .order(invitations::id.desc())
        .select(ROW)
        .load::<InvitationRow>(conn)?
        .into_iter()
        .map(Invitation::try_from)
        .collect()
}

pub fn by_id(conn: &mut DbConn, coop_id: i64, id: i64) -> QueryResult<Option<Invitation>> {
    invitations::table
        .filter(invitations::coop_id.eq(coop_id))
        .filter(invitations::id.eq(id))
        .select(ROW)
        .get_result::<InvitationRow>(conn)
        .optional()?
        .map(Invitation::try_from)
        .transpose()
}

pub fn by_token_hash(conn: &mut DbConn, hash: &str) -> QueryResult<Option<Invitation>> {
    invitations::table
        .filter(invitations::token_hash.eq(hash))
        .select(ROW)
        .get_result::<InvitationRow>(conn)
        .optional()?
        .map(Invitation::try_from)
        .transpose()
}

/// Marks an invitation accepted; false if it was used, revoked or expired meanwhile.
pub fn mark_accepted(conn: &mut DbConn, id: i64, account_id: i64) -> QueryResult<bool> {
    let now = super::now();
    let n = diesel::update(
        invitations::table
            .filter(invitations::id.eq(id))
            .filter(invitations::accepted_at.is_null())
            .filter(invitations::revoked_at.is_null())
            .filter(invitations::expires_at.gt(now)),
    )
    .set((
        invitations::accepted_at.eq(Some(now)),
        invitations::accepted_by.eq(Some(account_id)),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

pub fn revoke(conn: &mut DbConn, coop_id: i64, id: i64) -> QueryResult<bool> {
    let n = diesel::update(
        invitations::table
            .filter(invitations::coop_id.eq(coop_id))
            .filter(invitations::id.eq(id))
            .filter(invitations::accepted_at.is_null())
            .filter(invitations::revoked_at.is_null()),
    )
    .set(invitations::revoked_at.eq(Some(super::now())))
    .execute(conn)?;
    Ok(n == 1)
}

/// A resend: a new link (the old one stops working) and 14 more days.
pub fn renew(conn: &mut DbConn, coop_id: i64, id: i64, token_hash: &str) -> QueryResult<bool> {
    let now = super::now();
    let n = diesel::update(
        invitations::table
            .filter(invitations::coop_id.eq(coop_id))
            .filter(invitations::id.eq(id))
            .filter(invitations::accepted_at.is_null())
            .filter(invitations::revoked_at.is_null()),
    )
    .set((
        invitations::token_hash.eq(token_hash),
        invitations::sent_at.eq(now),
        invitations::expires_at.eq(now + chrono::Duration::days(VALID_DAYS)),
    ))
    .execute(conn)?;
    Ok(n == 1)
}
