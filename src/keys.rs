//! The server's secret key, kept outside the database, and one key per purpose derived from it.
//!
//! A copy of the database alone must not link a secret ballot to its voter, so the key that
//! tags ballots and the key that seals them cannot live in the database. The key lives in a
//! file (mode 0600) beside the SQLite file, at `COLLEGIA_SECRET_FILE`, or in `COLLEGIA_SECRET`.
//! The database keeps only the key's fingerprint, so a server started without the key, or
//! with another one, refuses to start instead of minting a new key over existing data (which
//! would orphan every open ballot and break every signed link).
//!
//! Each purpose gets its own key by HKDF-SHA-256: a signature made for one purpose is never
//! valid for another, and the master key itself signs nothing.

use crate::config::SecretSource;
use crate::storage::{DbConn, settings, write_tx};
use hkdf::Hkdf;
use rand::RngCore;
use sha2::Sha256;
use std::path::Path;

/// Bytes of the master key and of each derived key.
pub const KEY_BYTES: usize = 32;

/// The settings row that records the key's fingerprint.
pub const FINGERPRINT: &str = "secret_fingerprint";

type Key = [u8; KEY_BYTES];

/// The master key and the keys derived from it.
#[derive(Clone)]
pub struct Keys {
    master: Key,
    /// Voter tags: HMAC(key, proposal, member).
    pub voter_tags: Key,
    /// Secret ballots while their proposal is open (AEAD).
    pub sealing: Key,
    /// CSRF tokens.
    pub csrf: Key,
    /// Signed links and cookies: unsubscribe links, the device cookie.
    pub links: Key,
    /// Mail bodies waiting in the outbox (AEAD): they hold reset and invitation links.
    pub mail: Key,
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Keys({})", self.fingerprint())
    }
}

fn derive(master: &Key, purpose: &str) -> Key {
    let hk = Hkdf::<Sha256>::new(Some(b"collegia"), master);
    let mut out = [0u8; KEY_BYTES];
    // 32 bytes is far under HKDF-SHA-256's limit of 255 × 32: this cannot fail.
    if hk.expand(purpose.as_bytes(), &mut out).is_err() {
        unreachable!("HKDF-SHA-256 expands to 32 bytes");
    }
    out
}

impl Keys {
    pub fn from_master(master: Key) -> Keys {
        Keys {
            master,
            voter_tags: derive(&master, "voter tags v1"),
            sealing: derive(&master, "ballot sealing v1"),
            csrf: derive(&master, "csrf v1"),
            links: derive(&master, "signed links v1"),
            mail: derive(&master, "mail bodies v1"),
        }
    }

    /// A new random key.
    pub fn generate() -> Keys {
        let mut master = [0u8; KEY_BYTES];
        rand::rng().fill_bytes(&mut master);
        Keys::from_master(master)
    }

    /// The key as `collegia admin secret export` prints it: 64 hex digits.
    pub fn parse(text: &str) -> Result<Keys, String> {
        let bytes = hex::decode(text.trim())
            .map_err(|_| "the secret key must be 64 hexadecimal digits".to_string())?;
        let master: Key = bytes
            .try_into()
            .map_err(|_| "the secret key must be 64 hexadecimal digits".to_string())?;
        Ok(Keys::from_master(master))
    }

    pub fn export(&self) -> String {
        hex::encode(self.master)
    }

    /// What the database records of the key: enough to recognise it, nothing to rebuild it.
    pub fn fingerprint(&self) -> String {
        hex::encode(&derive(&self.master, "fingerprint v1")[..16])
    }
}

/// Reads the key from its source: `None` when the file does not exist.
pub fn read(source: &SecretSource) -> Result<Option<Keys>, String> {
    match source {
        SecretSource::Value(text) => Keys::parse(text)
            .map(Some)
            .map_err(|e| format!("COLLEGIA_SECRET: {e}")),
        SecretSource::File(path) => match std::fs::read_to_string(path) {
            Ok(text) => Keys::parse(&text)
                .map(Some)
                .map_err(|e| format!("{}: {e}", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(format!(
                "cannot read the secret key {}: {e}",
                path.display()
            )),
        },
    }
}

/// Writes a key file readable by its owner only; never over an existing file.
pub fn write_file(path: &Path, keys: &Keys) -> Result<(), String> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(path)
        .map_err(|e| format!("cannot create the secret key {}: {e}", path.display()))?;
    file.write_all(format!("{}\n", keys.export()).as_bytes())
        .and_then(|_| file.sync_all())
        .map_err(|e| format!("cannot write the secret key {}: {e}", path.display()))
}

/// The server's keys, for `serve` and the commands that sign or seal: read from their source
/// and checked against the database's fingerprint. A new database gets a new key (written to
/// the key file); a database that predates the key file has its stored secret moved out, once;
/// an outbox that predates sealed mail bodies is sealed, once (`mail::sealed`).
pub fn open(source: &SecretSource, conn: &mut DbConn) -> Result<Keys, String> {
    let keys = checked(source, conn)?;
    crate::mail::sealed::seal_outbox_once(conn, &keys)
        .map_err(|e| format!("cannot seal the mail waiting in the outbox: {e}"))?;
    Ok(keys)
}

/// The keys, read and checked against the database (see [`open`]).
fn checked(source: &SecretSource, conn: &mut DbConn) -> Result<Keys, String> {
    let found = read(source)?;
    let stored = settings::get(conn, settings::LEGACY_SECRET).map_err(db)?;
    if let Some(legacy) = stored {
        return move_out(source, conn, found, &legacy);
    }
    let recorded = settings::get(conn, FINGERPRINT).map_err(db)?;
    match (found, recorded) {
        (Some(keys), Some(print)) if keys.fingerprint() == print => Ok(keys),
        (Some(_), Some(_)) => Err(format!(
            "the secret key at {} is not the key this database was set up with; \
             restore the right key file (or COLLEGIA_SECRET) from the old server or a backup",
            source
        )),
        (None, Some(_)) => Err(format!(
            "this database was set up with a secret key and none is at {}; copy it from the \
             old server (`collegia admin secret export` there, `collegia admin secret import` \
             here) or restore the key file from a backup. A new key would make open secret \
             ballots unreadable, so none is created.",
            source
        )),
        (found, None) => {
            let keys = match found {
                Some(keys) => keys,
                None => mint(source)?,
            };
            record(conn, &keys)?;
            Ok(keys)
        }
    }
}

fn mint(source: &SecretSource) -> Result<Keys, String> {
    let SecretSource::File(path) = source else {
        unreachable!("a COLLEGIA_SECRET value is always found");
    };
    let keys = Keys::generate();
    write_file(path, &keys)?;
    tracing::info!(file = %path.display(), "created the server's secret key: back it up");
    Ok(keys)
}

/// Records the key's fingerprint; a second server racing with another key loses.
fn record(conn: &mut DbConn, keys: &Keys) -> Result<(), String> {
    let print = keys.fingerprint();
    let recorded = write_tx(conn, |c| {
        if settings::get(c, FINGERPRINT)?.is_none() {
            settings::set(c, FINGERPRINT, &print)?;
        }
        settings::get(c, FINGERPRINT)
    })
    .map_err(db)?;
    if recorded.as_deref() != Some(print.as_str()) {
        return Err("another server recorded a different secret key for this database".into());
    }
    Ok(())
}

/// First start after the upgrade: the secret stored in the database becomes the key file,
/// ballots are re-tagged under the derived key, and the stored copy is deleted.
fn move_out(
    source: &SecretSource,
    conn: &mut DbConn,
    found: Option<Keys>,
    legacy_hex: &str,
) -> Result<Keys, String> {
    let legacy = hex::decode(legacy_hex)
        .map_err(|_| "the secret stored in the database is not hexadecimal".to_string())?;
    let master: Key = legacy
        .clone()
        .try_into()
        .map_err(|_| "the secret stored in the database is not 32 bytes".to_string())?;
    let keys = Keys::from_master(master);
    match (found, source) {
        (Some(k), _) if k.export() != keys.export() => {
            return Err(format!(
                "the secret key at {} differs from the secret stored in this database; \
                 remove the key file to move the stored secret out",
                source
            ));
        }
        (Some(_), _) => {}
        (None, SecretSource::File(path)) => write_file(path, &keys)?,
        (None, SecretSource::Value(_)) => unreachable!("a COLLEGIA_SECRET value is always found"),
    }
    let print = keys.fingerprint();
    write_tx(conn, |c| {
        crate::proposals::sealing::after_key_moved(c, &legacy, &keys)?;
        settings::set(c, FINGERPRINT, &print)?;
        settings::remove(c, settings::LEGACY_SECRET)
    })
    .map_err(db)?;
    tracing::warn!(
        at = %source,
        "moved the server secret out of the database: back the key file up with the database"
    );
    Ok(keys)
}

/// `collegia admin secret import`: writes the key file of a database set up elsewhere.
pub fn import(source: &SecretSource, conn: &mut DbConn, keys: &Keys) -> Result<(), String> {
    let SecretSource::File(path) = source else {
        return Err(
            "COLLEGIA_SECRET is set: the key comes from it, there is no file to write".into(),
        );
    };
    if let Some(legacy) = settings::get(conn, settings::LEGACY_SECRET).map_err(db)?
        && legacy != keys.export()
    {
        return Err("this is not the secret stored in this database".into());
    }
    if let Some(print) = settings::get(conn, FINGERPRINT).map_err(db)?
        && print != keys.fingerprint()
    {
        return Err("this is not the key this database was set up with".into());
    }
    match read(source)? {
        Some(existing) if existing.export() == keys.export() => return Ok(()),
        Some(_) => {
            return Err(format!(
                "a different key is already at {}; the key is never replaced",
                path.display()
            ));
        }
        None => write_file(path, keys)?,
    }
    open(source, conn).map(|_| ())
}

fn db(e: diesel::result::Error) -> String {
    format!("cannot read server settings: {e}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_purpose_has_its_own_key() {
        let k = Keys::generate();
        let all = [k.voter_tags, k.sealing, k.csrf, k.links, k.mail, k.master];
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                assert_ne!(a, b);
            }
        }
    }

    #[test]
    fn the_exported_key_reads_back_to_the_same_keys() {
        let k = Keys::generate();
        let back = Keys::parse(&format!(" {}\n", k.export())).unwrap();
        assert_eq!(back.sealing, k.sealing);
        assert_eq!(back.fingerprint(), k.fingerprint());
        assert!(Keys::parse("abc").is_err());
        assert!(Keys::parse(&"zz".repeat(32)).is_err());
    }

    #[test]
    fn key_files_are_private_and_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k");
        let k = Keys::generate();
        write_file(&path, &k).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert!(write_file(&path, &Keys::generate()).is_err());
        let read_back = read(&SecretSource::File(path)).unwrap().unwrap();
        assert_eq!(read_back.export(), k.export());
    }
}
