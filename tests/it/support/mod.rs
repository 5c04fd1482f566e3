//! The integration tests' fixtures, in one place: the app (`app`), databases (`db`), a real
//! SMTP server (`mail`), people and founding (`people`), a real browser (`browser`), and the
//! co-ops the proposal tests (`voting`) and work tests (`work`) start from. Test files use
//! these and never each other.

pub mod app;
pub mod browser;
pub mod db;
pub mod mail;
pub mod people;
pub mod threads;
pub mod voting;
pub mod work;

pub use app::*;
pub use db::*;
pub use mail::*;
pub use people::*;
