//! maud views: functions of loaded data, never touching the database.

pub mod coops;
pub mod format;
pub mod forms;
pub mod layout;
pub mod results;
