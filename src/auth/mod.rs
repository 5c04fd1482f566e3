//! Passwords and tokens: the only places secrets are made or checked.

pub mod password;
pub mod reset;
pub mod sign_in;
pub mod token_desk;
pub mod token_use;
