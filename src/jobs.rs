//! The background loop of each server process: open, remind and close proposals, send the
//! daily digests, then deliver the outbox. Every step is idempotent and safe with several servers running: work
//! is claimed with conditional updates and leases. Beside it, API token uses are written
//! every half minute.

use crate::auth::token_use::{self, TokenUses};
use crate::config::Config;
use crate::keys::Keys;
use crate::mail::{MailContext, Mailer, worker};
use crate::storage::{Db, DbError};
use std::sync::Arc;

/// The mail context of the jobs (links, signatures, keys): the web's.
pub fn mail_context(config: &Config, keys: Arc<Keys>) -> MailContext {
    MailContext {
        base_url: config.base_url.clone(),
        keys,
        from: config.mail_from.clone(),
    }
}

/// The proposals pass: opens, reminds and closes what is due at `now`.
pub fn proposals_pass(
    db: &Db,
    mail: &MailContext,
    now: chrono::NaiveDateTime,
) -> Result<usize, crate::storage::DbError> {
    crate::proposals::closing::run_due(db, mail, now)
}

/// The digest pass: each daily digest whose day has come ("Yesterday in …"), at `now`.
pub fn digest_pass(
    db: &Db,
    mail: &MailContext,
    now: chrono::NaiveDateTime,
) -> Result<usize, crate::storage::DbError> {
    crate::notifications::digest::run_due(db, mail, now)
}

/// Writes noted API token uses every [`token_use::FLUSH_EVERY`].
pub fn spawn_token_flush(db: Db, uses: Arc<TokenUses>) {
    actix_web::rt::spawn(async move {
        let mut tick = actix_web::rt::time::interval(token_use::FLUSH_EVERY);
        loop {
            tick.tick().await;
            if uses.pending() == 0 {
                continue;
            }
            let uses = uses.clone();
            let written = db.run(move |c| uses.flush(c).map_err(DbError::from)).await;
            if let Err(e) = written {
                tracing::warn!(error = %e, "token uses not written");
            }
        }
    });
}

/// Starts the loop on the current actix system.
pub fn spawn(db: Db, mailer: Mailer, config: Config, keys: Arc<Keys>) {
    let worker_id = format!("{}-{}", std::process::id(), crate::crypto::random_hex(4));
    actix_web::rt::spawn(async move {
        let mut tick = actix_web::rt::time::interval(config.job_interval);
        let mail_ctx = mail_context(&config, keys);
        loop {
            tick.tick().await;
            {
                let ctx = mail_ctx.clone();
                let db = db.clone();
                let now = config.clock.now();
                match actix_web::web::block(move || proposals_pass(&db, &ctx, now)).await {
                    Ok(Ok(_)) => {}
                    Ok(Err(e)) => tracing::warn!(error = %e, "proposals pass failed"),
                    Err(e) => tracing::warn!(error = %e, "proposals pass interrupted"),
                }
            }
            {
                let ctx = mail_ctx.clone();
                let db = db.clone();
                let now = config.clock.now();
                match actix_web::web::block(move || digest_pass(&db, &ctx, now)).await {
                    Ok(Ok(_)) => {}
                    Ok(Err(e)) => tracing::warn!(error = %e, "digest pass failed"),
                    Err(e) => tracing::warn!(error = %e, "digest pass interrupted"),
                }
            }
            let (db, mailer, ctx, id) = (
                db.clone(),
                mailer.clone(),
                mail_ctx.clone(),
                worker_id.clone(),
            );
            let budget = config.job_interval;
            match actix_web::web::block(move || worker::drain(&db, &mailer, &ctx, &id, budget))
                .await
            {
                Ok(Ok(_)) => {}
                Ok(Err(e)) => tracing::warn!(error = %e, "mail pass failed"),
                Err(e) => tracing::warn!(error = %e, "mail pass interrupted"),
            }
        }
    });
}
