//! One integration test binary: each module drives the real app or the real binary.

mod auth;
mod authz;
mod browser;
mod cli;
mod coops_browser;
mod helpers;
mod mail;
mod payouts;
mod rules;
mod storage;
mod tally;
