//! maud views: functions of loaded data, never touching the database.

pub mod coops;
pub mod forms;
pub mod layout;
pub mod payload;
pub mod proposal;
pub mod proposals;
pub mod results;
pub mod threads;
pub mod votes;
