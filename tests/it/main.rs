//! One integration test binary: each module drives the real app or the real binary.

mod auth;
mod authz;
mod browser;
mod cli;
mod coops;
mod coops_browser;
mod helpers;
mod invitations;
mod mail;
mod payouts;
mod people;
mod rules;
mod storage;
mod tally;
