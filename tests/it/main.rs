//! One integration test binary: each module drives the real app or the real binary.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches: a failed unwrap is a failure

mod auth;
mod authz;
mod ballot_box;
mod browser;
mod cli;
mod coops;
mod coops_browser;
mod invitations;
mod mail;
mod payouts;
mod payouts_web;
mod proposals;
mod proposals_api;
mod proposals_browser;
mod proposals_enact;
mod proposals_limits;
mod proposals_min_open;
mod proposals_page;
mod proposals_rush;
mod proposals_secret;
mod proposals_voting;
mod refusals;
mod reset_links;
mod rules;
mod secret_copy;
mod storage;
mod support;
mod tally;
mod threads;
mod threads_proposals;
mod token_desk;
mod trust;
mod work;
mod work_api;
mod work_browser;
