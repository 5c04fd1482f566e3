//! maud views: functions of loaded data, never touching the database.

pub mod accept;
pub mod account;
pub mod admin;
pub mod audit;
pub mod auth;
pub mod coops;
pub mod forms;
pub mod founding;
pub mod home;
pub mod layout;
pub mod payload;
pub mod proposals;
pub mod results;
pub mod threads;
