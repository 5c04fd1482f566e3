//! What the outbox keeps of a message's bodies: sealed under the mail key, which lives outside
//! the database with the server's other keys, so a copy of the outbox holds no usable reset,
//! invitation, unsubscribe or other link. The worker opens them just before delivery; once a
//! message is delivered or given up its bodies are emptied (`storage::outbox`).
//!
//! Each part is bound to its message: the context is `outbox:<Message-ID>:<part>`, so a sealed
//! body copied to another row, or into another part, does not open.

use crate::keys::Keys;
use crate::storage::{DbConn, lock_key, outbox, settings, write_tx};

type Key = [u8; crate::keys::KEY_BYTES];

/// A message's bodies and unsubscribe link, in clear or sealed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bodies {
    pub text: String,
    pub html: String,
    pub unsubscribe_url: Option<String>,
}

fn context(message_id: &str, part: &str) -> String {
    format!("outbox:{message_id}:{part}")
}

fn seal_one(key: &Key, message_id: &str, part: &str, plain: &str) -> String {
    crate::crypto::seal(key, &context(message_id, part), plain.as_bytes())
}

fn open_one(key: &Key, message_id: &str, part: &str, sealed: &str) -> Result<String, String> {
    crate::crypto::open(key, &context(message_id, part), sealed)
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .ok_or_else(|| {
            format!(
                "the sealed {part} of this message does not open with this server's mail key \
                 (another key, or an altered row)"
            )
        })
}

impl Bodies {
    /// Seals each part for the message `message_id`.
    pub fn seal(&self, key: &Key, message_id: &str) -> Bodies {
        Bodies {
            text: seal_one(key, message_id, "text", &self.text),
            html: seal_one(key, message_id, "html", &self.html),
            unsubscribe_url: self
                .unsubscribe_url
                .as_deref()
                .map(|url| seal_one(key, message_id, "unsubscribe", url)),
        }
    }

    /// Opens what [`Bodies::seal`] made for the same message, or says which part does not open.
    pub fn open(&self, key: &Key, message_id: &str) -> Result<Bodies, String> {
        Ok(Bodies {
            text: open_one(key, message_id, "text", &self.text)?,
            html: open_one(key, message_id, "html", &self.html)?,
            unsubscribe_url: match &self.unsubscribe_url {
                Some(url) => Some(open_one(key, message_id, "unsubscribe", url)?),
                None => None,
            },
        })
    }
}

/// The outbox of a version that stored bodies in clear, made like a new one, once: bodies of
/// delivered and abandoned rows are emptied, those still waiting are sealed. Run when the
/// server's keys are opened, before anything is queued; a flag in the server settings says
/// it was done, and a lock keeps two servers starting together from sealing twice.
pub fn seal_outbox_once(conn: &mut DbConn, keys: &Keys) -> Result<(), diesel::result::Error> {
    if settings::get(conn, settings::OUTBOX_SEALED)?.is_some() {
        return Ok(());
    }
    write_tx(conn, |c| {
        lock_key(c, settings::OUTBOX_SEALED)?;
        if settings::get(c, settings::OUTBOX_SEALED)?.is_some() {
            return Ok(());
        }
        let purged = outbox::purge_finished(c)?;
        let waiting = outbox::waiting_bodies(c)?;
        for row in &waiting {
            let clear = Bodies {
                text: row.text_body.clone(),
                html: row.html_body.clone(),
                unsubscribe_url: row.unsubscribe_url.clone(),
            };
            let sealed = clear.seal(&keys.mail, &row.message_id);
            outbox::set_bodies(
                c,
                &outbox::StoredBodies {
                    id: row.id,
                    message_id: row.message_id.clone(),
                    text_body: sealed.text,
                    html_body: sealed.html,
                    unsubscribe_url: sealed.unsubscribe_url,
                },
            )?;
        }
        settings::set(c, settings::OUTBOX_SEALED, "true")?;
        if purged > 0 || !waiting.is_empty() {
            tracing::warn!(
                emptied = purged,
                sealed = waiting.len(),
                "mail bodies in the outbox are now sealed; older database backups still hold them in clear"
            );
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bodies() -> Bodies {
        Bodies {
            text: "Reset: https://x/password/reset/abc".into(),
            html: "<a href=\"https://x/password/reset/abc\">go</a>".into(),
            unsubscribe_url: Some("https://x/unsubscribe/1/mention/sig".into()),
        }
    }

    #[test]
    fn sealed_bodies_hide_the_link_and_open_for_their_message_only() {
        let key = [3u8; 32];
        let sealed = bodies().seal(&key, "<a@x>");
        for part in [
            &sealed.text,
            &sealed.html,
            sealed.unsubscribe_url.as_ref().unwrap(),
        ] {
            assert!(!part.contains("reset") && !part.contains("unsubscribe"));
        }
        assert_eq!(sealed.open(&key, "<a@x>").unwrap(), bodies());
        assert!(sealed.open(&key, "<b@x>").is_err(), "another message");
        assert!(sealed.open(&[4u8; 32], "<a@x>").is_err(), "another key");
        let swapped = Bodies {
            text: sealed.html.clone(),
            html: sealed.text.clone(),
            unsubscribe_url: None,
        };
        let error = swapped.open(&key, "<a@x>").unwrap_err();
        assert!(error.contains("sealed text"), "{error}");
    }
}
