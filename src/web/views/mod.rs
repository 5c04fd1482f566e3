//! maud views: functions of loaded data, never touching the database.

pub mod coops;
pub mod forms;
pub mod invitations;
pub mod layout;
pub mod members;
pub mod payload;
pub mod payouts;
pub mod proposals;
pub mod proxies;
pub mod results;
pub mod threads;
pub mod work;
