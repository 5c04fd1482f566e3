//! The members service: who joins a co-op and where they sit — invitations, placement in
//! colleges and roles, leaving, and the proxies members give each other.

pub mod day;
pub mod directory;
pub mod invitations;
pub mod joining;
pub mod placement;
pub mod proxies;
