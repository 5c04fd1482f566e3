//! Password hashing: argon2id (m = 19456 KiB, t = 2, p = 1), never on the async executor,
//! and at most one hash per core at a time so a login storm cannot starve the server.

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::{Arc, OnceLock};
use tokio::sync::Semaphore;

fn hasher() -> Argon2<'static> {
    let params = Params::new(19_456, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes synchronously (call through [`hash`] from async code).
pub fn hash_blocking(password: &str) -> Result<String, String> {
    hasher()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| format!("password hashing failed: {e}"))
}

/// Verifies synchronously; a malformed stored hash is simply "no".
pub fn verify_blocking(password: &str, stored: &str) -> bool {
    match PasswordHash::new(stored) {
        Ok(parsed) => hasher()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// A hash of a password nobody knows, so an unknown email costs as much as a wrong password.
pub fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| hash_blocking(&crate::crypto::random_hex(16)).unwrap_or_default())
}

fn permits() -> Arc<Semaphore> {
    static SEM: OnceLock<Arc<Semaphore>> = OnceLock::new();
    SEM.get_or_init(|| {
        let cores = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2);
        Arc::new(Semaphore::new(cores))
    })
    .clone()
}

async fn limited<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    let permit = permits().acquire_owned().await.ok()?;
    let result = actix_web::web::block(f).await.ok();
    drop(permit);
    result
}

/// Hashes off the executor, through the per-core semaphore.
pub async fn hash(password: String) -> Result<String, String> {
    limited(move || hash_blocking(&password))
        .await
        .unwrap_or_else(|| Err("password hashing was interrupted".to_string()))
}

/// Verifies off the executor, through the per-core semaphore. `None` stored = unknown account.
pub async fn verify(password: String, stored: Option<String>) -> bool {
    limited(move || {
        let stored = stored.unwrap_or_else(|| dummy_hash().to_string());
        verify_blocking(&password, &stored)
    })
    .await
    .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_with_the_agreed_parameters() {
        let h = hash_blocking("correct horse").unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify_blocking("correct horse", &h));
        assert!(!verify_blocking("wrong horse", &h));
        assert!(!verify_blocking("x", "not a hash"));
    }

    #[test]
    fn length_is_counted_in_characters() {}
}
