//! A real SMTP server (aiosmtpd) for the tests that deliver mail over SMTP.

use super::*;
use std::net::TcpListener;
use std::path::PathBuf;
use std::time::Duration;

/// A real SMTP server (aiosmtpd with its Mailbox handler) for one test.
pub struct Smtpd {
    pub port: u16,
    pub maildir: PathBuf,
    child: std::process::Child,
    _dir: tempfile::TempDir,
}

impl Smtpd {
    /// Starts the server; `None` (after `skip`) where it is not installed.
    pub fn start(test: &str) -> Option<Smtpd> {
        let command = std::env::var("COLLEGIA_TEST_SMTPD")
            .unwrap_or_else(|_| "/usr/bin/python3 -m aiosmtpd".to_string());
        let mut parts = command.split_whitespace();
        let program = parts.next()?;
        let args: Vec<&str> = parts.collect();
        let dir = tempfile::tempdir().ok()?;
        let maildir = dir.path().join("mail");
        let port = free_port();
        let spawned = std::process::Command::new(program)
            .args(&args)
            .args([
                "-n",
                "-l",
                &format!("127.0.0.1:{port}"),
                "-c",
                "aiosmtpd.handlers.Mailbox",
            ])
            .arg(&maildir)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn();
        let Ok(child) = spawned else {
            skip(
                test,
                "no SMTP test server (install python3-aiosmtpd or set COLLEGIA_TEST_SMTPD)",
            );
            return None;
        };
        let mut smtpd = Smtpd {
            port,
            maildir,
            child,
            _dir: dir,
        };
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Some(smtpd);
            }
            if let Ok(Some(_)) = smtpd.child.try_wait() {
                skip(
                    test,
                    "the SMTP test server exited at start (is python3-aiosmtpd installed?)",
                );
                return None;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = smtpd.child.kill();
        skip(test, "the SMTP test server did not start");
        None
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every message received so far, as raw text.
    pub fn messages(&self) -> Vec<String> {
        let mut out = vec![];
        for sub in ["new", "cur"] {
            if let Ok(entries) = std::fs::read_dir(self.maildir.join(sub)) {
                for e in entries.flatten() {
                    if let Ok(text) = std::fs::read_to_string(e.path()) {
                        out.push(text);
                    }
                }
            }
        }
        out
    }

    /// Waits until `n` messages arrived (the background worker delivers within seconds).
    pub fn wait_for(&self, n: usize) -> Vec<String> {
        for _ in 0..300 {
            let got = self.messages();
            if got.len() >= n {
                return got;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!(
            "expected {n} message(s) at the SMTP server, got {}",
            self.messages().len()
        );
    }
}

impl Drop for Smtpd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// An outbox row as stored: what a copy of the database shows of a message.
#[derive(Debug, diesel::Queryable)]
pub struct StoredMail {
    pub kind: String,
    pub recipient: String,
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
    pub unsubscribe_url: Option<String>,
    pub message_id: String,
    pub sent: bool,
    pub failed: bool,
}

/// Every outbox row, oldest first, as stored.
pub fn stored_mail(db: &collegia::storage::Db) -> Vec<StoredMail> {
    use collegia::storage::schema::outbox;
    use diesel::prelude::*;
    let mut conn = db.get().unwrap();
    outbox::table
        .order(outbox::id.asc())
        .select((
            outbox::kind,
            outbox::recipient,
            outbox::subject,
            outbox::text_body,
            outbox::html_body,
            outbox::unsubscribe_url,
            outbox::message_id,
            outbox::sent_at.is_not_null(),
            outbox::failed_at.is_not_null(),
        ))
        .load(&mut **conn)
        .unwrap()
}

/// A message in the app's outbox, as its recipient reads it.
#[derive(Debug, Clone)]
pub struct Queued {
    pub recipient: String,
    pub subject: String,
    /// The text part, in clear.
    pub text: String,
}

/// The outbox's messages of `kind`, oldest first, with their text: a waiting message's sealed
/// body opened with the app's mail key; a delivered one (whose body the outbox no longer
/// keeps) read back from the `.eml` file the app wrote, found by its Message-ID. For apps
/// delivering to files (the default); an abandoned message's text is empty.
pub fn outbox_mail(app: &TestApp, kind: &str) -> Vec<Queued> {
    use collegia::mail::sealed::Bodies;
    stored_mail(&app.db.db())
        .into_iter()
        .filter(|m| m.kind == kind)
        .map(|m| {
            let text = if !m.text_body.is_empty() {
                let stored = Bodies {
                    text: m.text_body,
                    html: m.html_body,
                    unsubscribe_url: m.unsubscribe_url,
                };
                let opened = stored.open(&app.keys.mail, &m.message_id);
                opened
                    .unwrap_or_else(|e| panic!("{}: {e}", m.message_id))
                    .text
            } else if m.sent {
                delivered_text(app, &m.message_id)
            } else {
                String::new()
            };
            Queued {
                recipient: m.recipient,
                subject: m.subject,
                text,
            }
        })
        .collect()
}

/// The raw `.eml` file the app wrote for `message_id`.
pub fn delivered_eml(app: &TestApp, message_id: &str) -> String {
    let header = format!("Message-ID: {message_id}").to_ascii_lowercase();
    let files = std::fs::read_dir(&app.mail_dir)
        .unwrap_or_else(|e| panic!("no mail folder {}: {e}", app.mail_dir.display()));
    files
        .flatten()
        .filter(|f| f.path().extension().is_some_and(|e| e == "eml"))
        .filter_map(|f| std::fs::read_to_string(f.path()).ok())
        .find(|m| m.lines().any(|l| l.to_ascii_lowercase() == header))
        .unwrap_or_else(|| panic!("no .eml file with the Message-ID {message_id}"))
}

/// The text part of a delivered message, decoded.
pub fn delivered_text(app: &TestApp, message_id: &str) -> String {
    text_part(&delivered_eml(app, message_id))
}

/// The text/plain part of a message as lettre writes it (7bit or quoted-printable).
pub fn text_part(message: &str) -> String {
    let message = message.replace("\r\n", "\n");
    let start = message
        .find("Content-Type: text/plain")
        .expect("a text/plain part");
    let part = &message[start..];
    let (headers, body) = part.split_once("\n\n").expect("part headers");
    let body = body.split("\n--").next().unwrap_or_default();
    if headers
        .to_ascii_lowercase()
        .contains("content-transfer-encoding: quoted-printable")
    {
        let joined = body.replace("=\n", "");
        let bytes = joined.as_bytes();
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'='
                && let Some(Ok(b)) = joined.get(i + 1..i + 3).map(|h| u8::from_str_radix(h, 16))
            {
                out.push(b);
                i += 3;
                continue;
            }
            out.push(bytes[i]);
            i += 1;
        }
        String::from_utf8(out).expect("UTF-8 text")
    } else {
        body.to_string()
    }
}

/// The first link in a message that starts with `prefix` (quoted-printable soft breaks undone).
pub fn link_in(message: &str, prefix: &str) -> String {
    let text = message.replace("=\r\n", "").replace("=\n", "");
    let start = text.find(prefix).expect("link in the message");
    text[start..]
        .split(|c: char| c.is_whitespace() || c == '"' || c == '<' || c == '>')
        .next()
        .unwrap()
        .to_string()
}

/// A mail context with a fresh key, for tests that queue and deliver without an app.
pub fn bare_mail_context() -> collegia::mail::MailContext {
    collegia::mail::MailContext {
        base_url: "http://x".into(),
        keys: std::sync::Arc::new(collegia::keys::Keys::generate()),
        from: "c@example.org".parse().unwrap(),
    }
}

/// Queues the test message (`collegia admin test-mail`'s) to each address.
pub fn queue_test_mails<A: AsRef<str>>(
    conn: &mut collegia::storage::DbConn,
    ctx: &collegia::mail::MailContext,
    addresses: impl IntoIterator<Item = A>,
) {
    use collegia::i18n::Locale;
    use collegia::mail::{self, MailKind, Recipient, messages};
    for address in addresses {
        let to = Recipient {
            account_id: None,
            address: address.as_ref(),
            locale: Locale::En,
        };
        let message = messages::test_mail(Locale::En, "http://x");
        mail::enqueue(conn, ctx, MailKind::TestMail, &to, &message).unwrap();
    }
}
