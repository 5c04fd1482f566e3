//! Starting Collegia: configuration → database → migrations → mail → HTTP server + jobs.
//! Used by `collegia serve` and by the integration tests (which listen on port 0).

use crate::auth::token_use::TokenUses;
use crate::config::Config;
use crate::mail::Mailer;
use crate::storage::{Db, migrate};
use crate::web::{self, AppState};
use actix_web::dev::ServerHandle;
use std::net::TcpListener;

/// A running server.
pub struct Running {
    pub port: u16,
    pub handle: ServerHandle,
    pub server: actix_web::dev::Server,
}

/// Opens the database and applies pending migrations; errors are one line.
pub fn open_database(config: &Config) -> Result<Db, String> {
    if config.backend == crate::config::Backend::Sqlite {
        let path = std::path::Path::new(crate::config::sqlite_path(&config.database_url));
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty())
            && !parent.is_dir()
        {
            return Err(format!(
                "cannot open the database: folder {} does not exist",
                parent.display()
            ));
        }
    }
    let db = Db::connect(&config.database_url, 8)?.with_clock(config.clock.clone());
    let mut conn = db.get().map_err(|e| e.to_string())?;
    let applied = migrate::run_pending(&mut conn)?;
    if applied > 0 {
        tracing::info!(applied, backend = db.backend().name(), "migrations applied");
    }
    Ok(db)
}

/// Binds, builds the state and starts the server and its background jobs (inside an actix system).
pub fn start(config: Config) -> Result<Running, String> {
    let listener = TcpListener::bind(config.listen)
        .map_err(|e| format!("cannot listen on {}: {e}", config.listen))?;
    start_on(config, listener)
}

/// As [`start`], on a listener the caller bound (tests bind port 0 to learn the port first).
pub fn start_on(config: Config, listener: TcpListener) -> Result<Running, String> {
    let db = open_database(&config)?;
    let mailer = Mailer::new(&config.mail)?;
    let keys = {
        let mut conn = db.get().map_err(|e| e.to_string())?;
        std::sync::Arc::new(crate::keys::open(&config.secret, &mut conn)?)
    };
    let port = listener.local_addr().map_err(|e| e.to_string())?.port();
    let token_uses = std::sync::Arc::new(TokenUses::default());
    let state = actix_web::web::Data::new(AppState {
        config: config.clone(),
        db: db.clone(),
        keys: keys.clone(),
        clock: config.clock.clone(),
        token_uses: token_uses.clone(),
        ballot_box: Default::default(),
        open_elections: Default::default(),
        token_desk: Default::default(),
    });
    let server =
        web::server(state, listener).map_err(|e| format!("cannot start the server: {e}"))?;
    crate::jobs::spawn_token_flush(db.clone(), token_uses);
    crate::jobs::spawn(db, mailer, config, keys);
    Ok(Running {
        port,
        handle: server.handle(),
        server,
    })
}
