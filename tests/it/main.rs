//! One integration test binary: each module drives the real app or the real binary.

mod auth;
mod browser;
mod cli;
mod helpers;
mod mail;
mod rules;
mod storage;
