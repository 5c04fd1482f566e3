//! The background loop of each server process: deliver the outbox (and, as the product grows,
//! close due proposals and send reminders). Every step is idempotent and safe with several
//! servers running: work is claimed with conditional updates and leases.

use crate::config::Config;
use crate::mail::{Mailer, worker};
use crate::storage::Db;

/// Starts the loop on the current actix system.
pub fn spawn(db: Db, mailer: Mailer, config: Config) {
    let worker_id = format!(
        "{}-{}",
        std::process::id(),
        crate::auth::tokens::random_hex(4)
    );
    actix_web::rt::spawn(async move {
        let mut tick = actix_web::rt::time::interval(config.job_interval);
        loop {
            tick.tick().await;
            let (db, mailer, from, id) = (
                db.clone(),
                mailer.clone(),
                config.mail_from.clone(),
                worker_id.clone(),
            );
            match actix_web::web::block(move || worker::deliver_due(&db, &mailer, &from, &id)).await
            {
                Ok(Ok(_)) => {}
                Ok(Err(e)) => tracing::warn!(error = %e, "mail pass failed"),
                Err(e) => tracing::warn!(error = %e, "mail pass interrupted"),
            }
        }
    });
}
