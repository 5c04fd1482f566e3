//! The web server: pages (maud) and the JSON API, over one route table.

pub mod api;
pub mod authz;
pub mod context;
pub mod errors;
pub mod middleware;
pub mod pages;
pub mod routes;
pub mod views;

use crate::config::Config;
use crate::mail::MailContext;
use crate::storage::Db;
use actix_web::dev::Server;
use actix_web::middleware::ErrorHandlers;
use actix_web::{App, HttpServer, web};
use std::net::TcpListener;

/// Shared by every handler: configuration, database, and the server's keys.
pub struct AppState {
    pub config: Config,
    pub db: Db,
    pub keys: std::sync::Arc<crate::keys::Keys>,
    /// The time for services (the system clock outside tests).
    pub clock: crate::clock::Clock,
    /// API token uses waiting to be written.
    pub token_uses: std::sync::Arc<crate::auth::token_use::TokenUses>,
    /// API tokens presented at the same moment, looked up together.
    pub token_desk: std::sync::Arc<crate::auth::token_desk::TokenDesk>,
    /// Ballots cast at the same moment, written together.
    pub ballot_box: std::sync::Arc<crate::proposals::ballot_box::BallotBox>,
    /// Open proposals' frozen elections and rolls.
    pub open_elections: std::sync::Arc<crate::proposals::open_elections::OpenElections>,
}

impl AppState {
    pub fn mail_context(&self) -> MailContext {
        MailContext {
            base_url: self.config.base_url.clone(),
            keys: self.keys.clone(),
            from: self.config.mail_from.clone(),
        }
    }
}

/// Largest request body accepted by default; a route may raise its own.
pub const DEFAULT_BODY_LIMIT: usize = 64 * 1024;

/// Builds the HTTP server on an already-bound listener (port 0 in tests).
pub fn server(state: web::Data<AppState>, listener: TcpListener) -> std::io::Result<Server> {
    let server = HttpServer::new(move || {
        App::new()
            .app_data(state.clone())
            .app_data(web::PayloadConfig::new(DEFAULT_BODY_LIMIT))
            .app_data(web::FormConfig::default().limit(DEFAULT_BODY_LIMIT))
            .app_data(web::JsonConfig::default().limit(DEFAULT_BODY_LIMIT))
            .configure(routes::configure)
            .wrap(authz::Authorize)
            .wrap(ErrorHandlers::new().default_handler(errors::render))
            .wrap(middleware::SecurityHeaders {
                https: state.config.secure_cookies(),
            })
            .wrap(middleware::CsrfCookie {
                secure: state.config.secure_cookies(),
            })
            .wrap(middleware::RequestLog)
    })
    .listen(listener)?
    .shutdown_timeout(5)
    .run();
    Ok(server)
}
