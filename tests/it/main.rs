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
mod payouts_web;
mod people;
mod proposals;
mod proposals_api;
mod proposals_browser;
mod proposals_rush;
mod proposals_secret;
mod proposals_support;
mod proposals_voting;
mod rules;
mod storage;
mod tally;
mod threads;
mod work;
mod work_api;
mod work_browser;
