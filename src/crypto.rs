//! Random tokens (sessions, resets, invitations, API), HMAC signatures, and sealing (an AEAD
//! cipher, XChaCha20-Poly1305, whose random 192-bit nonces never repeat in practice).
//!
//! Tokens are 256-bit random values; the database keeps only their SHA-256, so a leaked
//! table does not let anyone log in.

use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::{Digest, Sha256};

/// `bytes` random bytes from the OS generator, as lower-case hex.
pub fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buf);
    hex::encode(buf)
}

/// A new 256-bit token.
pub fn new_token() -> String {
    random_hex(32)
}

pub fn sha256_hex(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// HMAC-SHA-256 of `message` under `secret`, as hex.
pub fn sign(secret: &[u8], message: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).unwrap_or_else(|_| {
        // HMAC accepts keys of any length; this branch cannot be taken.
        Hmac::<Sha256>::new_from_slice(&[0u8; 32]).unwrap_or_else(|_| unreachable!())
    });
    mac.update(message.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// Constant-time check of a signature made by [`sign`].
pub fn verify(secret: &[u8], message: &str, signature: &str) -> bool {
    let Ok(expected) = hex::decode(signature) else {
        return false;
    };
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret) else {
        return false;
    };
    mac.update(message.as_bytes());
    mac.verify_slice(&expected).is_ok()
}

/// Seals `plain` under `key`, bound to `context` (a sealed text moved to another context does
/// not open): hex of nonce and ciphertext.
pub fn seal(key: &[u8; 32], context: &str, plain: &[u8]) -> String {
    use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
    let cipher = chacha20poly1305::XChaCha20Poly1305::new(key.into());
    let nonce = chacha20poly1305::XChaCha20Poly1305::generate_nonce(&mut OsRng);
    let payload = Payload {
        msg: plain,
        aad: context.as_bytes(),
    };
    // Encryption fails only past 256 GiB of plaintext.
    let sealed = cipher.encrypt(&nonce, payload).unwrap_or_default();
    let mut out = hex::encode(nonce);
    out.push_str(&hex::encode(sealed));
    out
}

/// Opens a text made by [`seal`] with the same key and context; `None` if it was not.
pub fn open(key: &[u8; 32], context: &str, sealed: &str) -> Option<Vec<u8>> {
    use chacha20poly1305::aead::{Aead, KeyInit, Payload};
    let bytes = hex::decode(sealed).ok()?;
    if bytes.len() < 24 {
        return None;
    }
    let (nonce, msg) = bytes.split_at(24);
    let cipher = chacha20poly1305::XChaCha20Poly1305::new(key.into());
    let payload = Payload {
        msg,
        aad: context.as_bytes(),
    };
    cipher
        .decrypt(chacha20poly1305::XNonce::from_slice(nonce), payload)
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_256_bit_and_distinct() {
        let a = new_token();
        assert_eq!(a.len(), 64);
        assert_ne!(a, new_token());
    }

    #[test]
    fn signatures_verify_only_their_message() {
        let s = sign(b"k", "m");
        assert!(verify(b"k", "m", &s));
        assert!(!verify(b"k", "n", &s));
        assert!(!verify(b"other", "m", &s));
        assert!(!verify(b"k", "m", "zz"));
    }

    #[test]
    fn sealed_texts_open_only_with_their_key_and_context() {
        let key = [7u8; 32];
        let a = seal(&key, "ballot:1:t", b"agree");
        assert_ne!(
            a,
            seal(&key, "ballot:1:t", b"agree"),
            "a fresh nonce each time"
        );
        assert_eq!(open(&key, "ballot:1:t", &a).as_deref(), Some(&b"agree"[..]));
        assert_eq!(open(&key, "ballot:2:t", &a), None);
        assert_eq!(open(&[8u8; 32], "ballot:1:t", &a), None);
        assert_eq!(open(&key, "ballot:1:t", "00"), None);
        let mut tampered = a.clone();
        tampered.replace_range(60..61, if &a[60..61] == "0" { "1" } else { "0" });
        assert_eq!(open(&key, "ballot:1:t", &tampered), None);
    }
}
