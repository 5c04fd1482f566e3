//! Server configuration: flags and `COLLEGIA_*` variables, checked once at start-up.

use clap::Args;
use std::net::{IpAddr, SocketAddr};

/// Every option of `collegia serve` (and of the subcommands that reach the database or mail).
#[derive(Debug, Clone, Args)]
pub struct ConfigArgs {
    /// Address and port to listen on.
    #[arg(
        long,
        env = "COLLEGIA_LISTEN",
        default_value = "127.0.0.1:8080",
        global = true
    )]
    pub listen: String,
    /// Database: `sqlite://PATH` (created if missing) or `postgres://user@host/db`.
    #[arg(
        long,
        env = "COLLEGIA_DATABASE_URL",
        default_value = "sqlite://collegia.db",
        global = true
    )]
    pub database_url: String,
    /// Outgoing mail: `file://DIR` (writes .eml files), `smtp://[user:pass@]host:port` or `smtps://…`.
    #[arg(
        long,
        env = "COLLEGIA_MAIL_URL",
        default_value = "file://outbox",
        global = true
    )]
    pub mail_url: String,
    /// The public address of this server, used for links in mail; https makes cookies `Secure`.
    #[arg(
        long,
        env = "COLLEGIA_BASE_URL",
        default_value = "http://127.0.0.1:8080",
        global = true
    )]
    pub base_url: String,
    /// The `From` address of outgoing mail.
    #[arg(
        long,
        env = "COLLEGIA_MAIL_FROM",
        default_value = "Collegia <collegia@localhost>",
        global = true
    )]
    pub mail_from: String,
    /// Comma-separated proxy addresses whose `X-Forwarded-For` is believed (none by default).
    #[arg(
        long,
        env = "COLLEGIA_TRUSTED_PROXIES",
        default_value = "",
        global = true
    )]
    pub trusted_proxies: String,
    /// Default time zone for new co-ops and for pages outside a co-op (IANA name).
    #[arg(
        long,
        env = "COLLEGIA_TIME_ZONE",
        default_value = "Europe/Paris",
        global = true
    )]
    pub time_zone: String,
    /// Seconds between background job passes (closing, reminders, mail delivery).
    #[arg(
        long,
        env = "COLLEGIA_JOB_INTERVAL",
        default_value_t = 2,
        global = true
    )]
    pub job_interval: u64,
    /// The server's secret key file, created (mode 0600) at the first start. Default: beside
    /// the SQLite file (`collegia.db.key`), or `collegia.key` in the working directory.
    #[arg(long, env = "COLLEGIA_SECRET_FILE", global = true)]
    pub secret_file: Option<String>,
    /// The key itself, from `COLLEGIA_SECRET` only (a flag would show in the process list).
    #[arg(skip = std::env::var("COLLEGIA_SECRET").ok().filter(|s| !s.is_empty()))]
    pub secret: Option<String>,
}

/// Where the server's secret key comes from.
#[derive(Clone, PartialEq, Eq)]
pub enum SecretSource {
    /// `COLLEGIA_SECRET`: the key itself.
    Value(String),
    /// A key file, created at the first start if the database has no key yet.
    File(std::path::PathBuf),
}

/// Where the key is, as messages name it; never the key itself.
impl std::fmt::Display for SecretSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SecretSource::Value(_) => write!(f, "COLLEGIA_SECRET"),
            SecretSource::File(p) => write!(f, "{}", p.display()),
        }
    }
}

impl std::fmt::Debug for SecretSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

/// The backend, chosen from the database URL's scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// Where mail goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MailTarget {
    Directory(std::path::PathBuf),
    Smtp { url: String },
}

/// Validated configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub listen: SocketAddr,
    /// The URL as given (never logged whole: it may carry a password).
    pub database_url: String,
    pub backend: Backend,
    pub mail: MailTarget,
    pub base_url: String,
    pub mail_from: lettre::message::Mailbox,
    pub trusted_proxies: Vec<IpAddr>,
    pub time_zone: chrono_tz::Tz,
    pub job_interval: std::time::Duration,
    /// The time for services and jobs: the system clock, except in tests (`clock.rs`).
    pub clock: crate::clock::Clock,
    /// Where the secret key is (`keys.rs`).
    pub secret: SecretSource,
}

impl Config {
    pub fn secure_cookies(&self) -> bool {
        self.base_url.starts_with("https://")
    }
}

/// Picks the backend from the URL scheme; bare paths are refused as ambiguous.
pub fn backend_of(url: &str) -> Result<Backend, String> {
    if url.starts_with("sqlite://") {
        Ok(Backend::Sqlite)
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Backend::Postgres)
    } else {
        Err("the database URL must start with sqlite:// or postgres://".to_string())
    }
}

/// The file path of a `sqlite://PATH` URL.
pub fn sqlite_path(url: &str) -> &str {
    url.strip_prefix("sqlite://").unwrap_or(url)
}

impl ConfigArgs {
    /// Checks every value; the error is one line for the person starting the server.
    pub fn validate(&self) -> Result<Config, String> {
        let listen: SocketAddr = self
            .listen
            .parse()
            .map_err(|_| format!("--listen: '{}' is not an address:port", self.listen))?;
        let backend = backend_of(&self.database_url).map_err(|e| format!("--database-url: {e}"))?;
        if backend == Backend::Sqlite && sqlite_path(&self.database_url).is_empty() {
            return Err("--database-url: sqlite:// needs a file path".to_string());
        }
        if backend == Backend::Postgres {
            url::Url::parse(&self.database_url).map_err(|e| format!("--database-url: {e}"))?;
        }
        let mail = parse_mail_url(&self.mail_url)?;
        let base = url::Url::parse(&self.base_url).map_err(|e| format!("--base-url: {e}"))?;
        if !matches!(base.scheme(), "http" | "https") {
            return Err("--base-url: must be an http:// or https:// address".to_string());
        }
        let mail_from = self
            .mail_from
            .parse()
            .map_err(|e| format!("--mail-from: '{}' is not an address ({e})", self.mail_from))?;
        let trusted_proxies = self
            .trusted_proxies
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| {
                s.parse()
                    .map_err(|_| format!("--trusted-proxies: '{s}' is not an IP address"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let time_zone = self
            .time_zone
            .parse()
            .map_err(|_| format!("--time-zone: '{}' is not an IANA time zone", self.time_zone))?;
        let secret = match (&self.secret, &self.secret_file) {
            (Some(value), _) => SecretSource::Value(value.clone()),
            (None, Some(file)) if !file.trim().is_empty() => SecretSource::File(file.into()),
            (None, _) if backend == Backend::Sqlite => {
                SecretSource::File(format!("{}.key", sqlite_path(&self.database_url)).into())
            }
            (None, _) => SecretSource::File("collegia.key".into()),
        };
        Ok(Config {
            secret,
            listen,
            database_url: self.database_url.clone(),
            backend,
            mail,
            base_url: self.base_url.trim_end_matches('/').to_string(),
            mail_from,
            trusted_proxies,
            time_zone,
            job_interval: std::time::Duration::from_secs(self.job_interval.max(1)),
            clock: crate::clock::Clock::system(),
        })
    }
}

fn parse_mail_url(url: &str) -> Result<MailTarget, String> {
    if let Some(dir) = url.strip_prefix("file://") {
        if dir.is_empty() {
            return Err("--mail-url: file:// needs a directory".to_string());
        }
        return Ok(MailTarget::Directory(dir.into()));
    }
    let parsed = url::Url::parse(url).map_err(|e| format!("--mail-url: {e}"))?;
    match parsed.scheme() {
        "smtp" | "smtps" if parsed.host_str().is_some() => Ok(MailTarget::Smtp {
            url: url.to_string(),
        }),
        _ => Err("--mail-url: use file://DIR, smtp://host:port or smtps://host:port".to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backend_follows_the_scheme() {
        assert_eq!(backend_of("sqlite://x.db"), Ok(Backend::Sqlite));
        assert_eq!(backend_of("postgres://u@h/db"), Ok(Backend::Postgres));
        assert!(backend_of("x.db").is_err());
        assert!(backend_of("mysql://h/db").is_err());
    }

    #[test]
    fn mail_urls() {
        assert_eq!(
            parse_mail_url("file://outbox"),
            Ok(MailTarget::Directory("outbox".into()))
        );
        assert!(parse_mail_url("smtp://127.0.0.1:2525").is_ok());
        assert!(parse_mail_url("ftp://x").is_err());
        assert!(parse_mail_url("file://").is_err());
    }
}
