//! maud views: functions of loaded data (view structs), never touching the database.

pub mod accept;
pub mod account;
pub mod account_self;
pub mod admin;
pub mod audit;
pub mod auth;
pub mod coops;
pub mod forms;
pub mod founding;
pub mod home;
pub mod invitations;
pub mod layout;
pub mod members;
pub mod notification_settings;
pub mod notifications;
pub mod payload;
pub mod payouts;
pub mod positions;
pub mod proposal;
pub mod proposals;
pub mod proxies;
pub mod results;
pub mod search;
pub mod threads;
pub mod votes;
pub mod work;
