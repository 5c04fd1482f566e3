//! Mail: what a message says (`messages`), how it is queued (the outbox, in the caller's
//! transaction, bodies sealed: `sealed`) and how it leaves (`Mailer`: `.eml` files or SMTP,
//! chosen by URL).

pub mod messages;
pub mod sealed;
pub mod statement;
pub mod worker;

use crate::config::MailTarget;
use crate::i18n::Locale;
use crate::storage::{DbConn, accounts, outbox};
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::{FileTransport, Message, SmtpTransport, Transport};
use sealed::Bodies;

/// What a message is about. Transactional kinds always go out; notification kinds follow
/// the person's preferences and carry an unsubscribe link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MailKind {
    PasswordReset,
    Invitation,
    Statement,
    TestMail,
    ProposalOpened,
    ProposalResult,
    Mention,
    Reminder,
    /// The daily digest ("Yesterday in …"), for the co-ops where the person asked for it.
    Digest,
    /// The link that confirms a new address, sent to that address.
    EmailChange,
    /// The notice to the old address that the account's address changed.
    EmailChanged,
}

impl MailKind {
    pub const NOTIFICATIONS: [MailKind; 5] = [
        MailKind::ProposalOpened,
        MailKind::ProposalResult,
        MailKind::Mention,
        MailKind::Reminder,
        MailKind::Digest,
    ];

    pub fn key(self) -> &'static str {
        match self {
            MailKind::PasswordReset => "password_reset",
            MailKind::Invitation => "invitation",
            MailKind::Statement => "statement",
            MailKind::TestMail => "test_mail",
            MailKind::ProposalOpened => "proposal_opened",
            MailKind::ProposalResult => "proposal_result",
            MailKind::Mention => "mention",
            MailKind::Reminder => "reminder",
            MailKind::Digest => "digest",
            MailKind::EmailChange => "email_change",
            MailKind::EmailChanged => "email_changed",
        }
    }

    pub fn parse(key: &str) -> Option<MailKind> {
        [
            MailKind::PasswordReset,
            MailKind::Invitation,
            MailKind::Statement,
            MailKind::TestMail,
            MailKind::ProposalOpened,
            MailKind::ProposalResult,
            MailKind::Mention,
            MailKind::Reminder,
            MailKind::Digest,
            MailKind::EmailChange,
            MailKind::EmailChanged,
        ]
        .into_iter()
        .find(|k| k.key() == key)
    }

    pub fn is_notification(self) -> bool {
        Self::NOTIFICATIONS.contains(&self)
    }
}

/// A rendered message, before it is queued.
#[derive(Debug, Clone)]
pub struct Email {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Who receives a message.
pub struct Recipient<'a> {
    pub account_id: Option<i64>,
    pub address: &'a str,
    pub locale: Locale,
}

/// Everything needed to queue mail: links, signatures, the sender's domain.
#[derive(Clone)]
pub struct MailContext {
    pub base_url: String,
    /// The server's keys: signed links, sealed ballots at closing, sealed mail bodies.
    pub keys: std::sync::Arc<crate::keys::Keys>,
    pub from: Mailbox,
}

impl MailContext {
    /// The signed one-click unsubscribe URL for (account, kind).
    pub fn unsubscribe_url(&self, account_id: i64, kind: MailKind) -> String {
        let payload = unsubscribe_payload(account_id, kind);
        let sig = crate::crypto::sign(&self.keys.links, &payload);
        format!(
            "{}/unsubscribe/{}/{}/{}",
            self.base_url,
            account_id,
            kind.key(),
            sig
        )
    }

    fn new_message_id(&self) -> String {
        let domain = self.from.email.domain().to_string();
        format!("<{}@{}>", crate::crypto::random_hex(16), domain)
    }
}

pub fn unsubscribe_payload(account_id: i64, kind: MailKind) -> String {
    format!("unsubscribe:{account_id}:{}", kind.key())
}

/// Queues a message in the caller's transaction. Returns false when the person has turned
/// this notification kind off (nothing is queued then).
pub fn enqueue(
    conn: &mut DbConn,
    ctx: &MailContext,
    kind: MailKind,
    to: &Recipient<'_>,
    email: &Email,
) -> Result<bool, diesel::result::Error> {
    let mut unsubscribe = None;
    if kind.is_notification()
        && let Some(account_id) = to.account_id
    {
        if !accounts::mail_enabled(conn, account_id, kind.key())? {
            return Ok(false);
        }
        unsubscribe = Some(ctx.unsubscribe_url(account_id, kind));
    }
    let (text, html) = match &unsubscribe {
        Some(url) => messages::with_unsubscribe_footer(to.locale, email, url),
        None => (email.text.clone(), email.html.clone()),
    };
    let message_id = ctx.new_message_id();
    let sealed = Bodies {
        text,
        html,
        unsubscribe_url: unsubscribe,
    }
    .seal(&ctx.keys.mail, &message_id);
    outbox::insert(
        conn,
        &outbox::NewMail {
            kind: kind.key(),
            account_id: to.account_id,
            recipient: to.address,
            subject: &email.subject,
            text_body: &sealed.text,
            html_body: &sealed.html,
            unsubscribe_url: sealed.unsubscribe_url.as_deref(),
            message_id: &message_id,
        },
    )?;
    Ok(true)
}

/// Queues many transactional messages (never a notification kind: those follow preferences)
/// with batched inserts, in the caller's transaction.
pub fn enqueue_batch(
    conn: &mut DbConn,
    ctx: &MailContext,
    kind: MailKind,
    messages: &[(Recipient<'_>, Email)],
) -> Result<(), diesel::result::Error> {
    debug_assert!(!kind.is_notification());
    let sealed: Vec<(String, Bodies)> = messages
        .iter()
        .map(|(_, email)| {
            let id = ctx.new_message_id();
            let bodies = Bodies {
                text: email.text.clone(),
                html: email.html.clone(),
                unsubscribe_url: None,
            }
            .seal(&ctx.keys.mail, &id);
            (id, bodies)
        })
        .collect();
    let rows: Vec<outbox::NewMail<'_>> = messages
        .iter()
        .zip(&sealed)
        .map(|((to, email), (id, bodies))| outbox::NewMail {
            kind: kind.key(),
            account_id: to.account_id,
            recipient: to.address,
            subject: &email.subject,
            text_body: &bodies.text,
            html_body: &bodies.html,
            unsubscribe_url: None,
            message_id: id,
        })
        .collect();
    outbox::insert_many(conn, &rows)
}

/// Delivers messages: to a folder of `.eml` files, or to an SMTP server.
#[derive(Clone)]
pub enum Mailer {
    Directory(FileTransport),
    Smtp(SmtpTransport),
}

impl Mailer {
    /// Builds the transport; a URL it cannot use is one line for the operator.
    pub fn new(target: &MailTarget) -> Result<Mailer, String> {
        match target {
            MailTarget::Directory(dir) => {
                std::fs::create_dir_all(dir)
                    .map_err(|e| format!("cannot create mail folder {}: {e}", dir.display()))?;
                Ok(Mailer::Directory(FileTransport::new(dir)))
            }
            MailTarget::Smtp { url } => SmtpTransport::from_url(url)
                .map(|b| Mailer::Smtp(b.timeout(Some(std::time::Duration::from_secs(20))).build()))
                .map_err(|e| format!("--mail-url: {e}")),
        }
    }

    /// Sends one message (blocking: call from a blocking thread).
    pub fn send(&self, message: &Message) -> Result<(), String> {
        match self {
            Mailer::Directory(t) => t.send(message).map(|_| ()).map_err(|e| e.to_string()),
            Mailer::Smtp(t) => t.send(message).map(|_| ()).map_err(|e| e.to_string()),
        }
    }
}

/// A multipart (text + HTML) message from a queued row, its bodies opened with the mail key,
/// with the row's stored `Message-ID`, so a retry after a crash is recognisably the same
/// message. An error here (a body that does not open, a malformed address) is the row's for
/// good: another attempt would meet it again.
pub fn build_message(ctx: &MailContext, row: &outbox::OutboxRow) -> Result<Message, String> {
    let to: Mailbox = row
        .recipient
        .parse()
        .map_err(|e| format!("bad recipient: {e}"))?;
    let bodies = Bodies {
        text: row.text_body.clone(),
        html: row.html_body.clone(),
        unsubscribe_url: row.unsubscribe_url.clone(),
    }
    .open(&ctx.keys.mail, &row.message_id)?;
    let date = std::time::SystemTime::from(row.created_at.and_utc());
    let mut message = Message::builder()
        .from(ctx.from.clone())
        .to(to)
        .subject(row.subject.clone())
        .message_id(Some(row.message_id.clone()))
        .date(date)
        .multipart(MultiPart::alternative_plain_html(bodies.text, bodies.html))
        .map_err(|e| e.to_string())?;
    let headers = message.headers_mut();
    headers.insert_raw(HeaderValue::new(
        HeaderName::new_from_ascii_str("X-Collegia-Kind"),
        row.kind.clone(),
    ));
    if let Some(url) = bodies.unsubscribe_url {
        headers.insert_raw(HeaderValue::new(
            HeaderName::new_from_ascii_str("List-Unsubscribe"),
            format!("<{url}>"),
        ));
        headers.insert_raw(HeaderValue::new(
            HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
            "List-Unsubscribe=One-Click".to_string(),
        ));
    }
    Ok(message)
}

/// `alice@example.org` → `a***@example.org`, for logs.
pub fn mask(address: &str) -> String {
    match address.split_once('@') {
        Some((local, domain)) => format!("{}***@{domain}", local.chars().next().unwrap_or('*')),
        None => "***".to_string(),
    }
}
