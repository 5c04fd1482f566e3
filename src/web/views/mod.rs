//! maud views: functions of loaded data, never touching the database.

pub mod format;
pub mod forms;
pub mod layout;
