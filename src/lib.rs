//! Collegia: decision-making and voting for multi-stakeholder cooperatives.
//!
//! Layers (arrows point down only):
//! - `cli` (clap) and `web` (actix-web, maud), with `jobs` and `mail`;
//! - `storage` (diesel over SQLite or PostgreSQL);
//! - `domain`: pure Rust — rulebooks, tallies, payouts. No actix, diesel, lettre, maud,
//!   tokio or I/O there; CI checks it.

pub mod access;
pub mod accounts;
pub mod app;
pub mod auth;
pub mod batcher;
pub mod cli;
pub mod clock;
pub mod config;
pub mod coops;
pub mod crypto;
pub mod domain;
pub mod i18n;
pub mod jobs;
pub mod keys;
pub mod mail;
pub mod markdown;
pub mod members;
pub mod notifications;
pub mod proposals;
pub mod search;
pub mod server_settings;
pub mod service;
pub mod storage;
pub mod telemetry;
pub mod threads;
pub mod web;
pub mod work;
