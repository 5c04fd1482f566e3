//! What the HTTP benches share: sizes from the environment, a fixture account, the server's
//! configuration on a free port, the release server in this process, and timed GETs by any
//! number of concurrent readers. Each bench includes it with `mod common;` and uses the
//! parts it needs.
#![allow(dead_code)] // each bench uses some of these

use collegia::config::{Config, ConfigArgs};
use collegia::mail::MailContext;
use collegia::storage::{Db, DbConn, accounts, migrate};
use std::net::TcpListener;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A size from the environment, or its default.
pub fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// An account that never signs in with a password (benches sign in with a session row).
pub fn account(conn: &mut DbConn, email: &str, name: &str) -> i64 {
    accounts::insert(
        conn,
        &accounts::NewAccount {
            email,
            display_name: name,
            password_hash: "not-a-password",
            locale: None,
            is_server_admin: false,
        },
    )
    .expect("account")
}

/// A server about to start: its configuration on a free port (mail to files and the key in
/// `dir`), the bound listener, its address, and what the fill needs to mail as it would.
pub struct Boot {
    pub config: Config,
    pub listener: TcpListener,
    pub base: String,
    pub mail: MailContext,
}

/// Migrates the database at `url`, opens its key, and prepares the server's configuration.
pub fn boot(db: &Db, url: &str, dir: &Path) -> Boot {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let base = format!("http://127.0.0.1:{port}");
    let config = ConfigArgs {
        listen: "127.0.0.1:0".into(),
        database_url: url.to_string(),
        mail_url: format!("file://{}", dir.join("mail").display()),
        base_url: base.clone(),
        mail_from: "Collegia Load <load@example.org>".into(),
        trusted_proxies: String::new(),
        time_zone: "Europe/Paris".into(),
        job_interval: 3600,
        secret_file: Some(dir.join("collegia.key").display().to_string()),
        secret: None,
    }
    .validate()
    .expect("config");
    let keys = {
        let mut conn = db.get().expect("connection");
        migrate::run_pending(&mut conn).expect("migrations");
        collegia::keys::open(&config.secret, &mut conn).expect("keys")
    };
    let mail = MailContext {
        base_url: base.clone(),
        keys: Arc::new(keys),
        from: "Collegia Load <load@example.org>".parse().expect("address"),
    };
    Boot {
        config,
        listener,
        base,
        mail,
    }
}

/// Starts the release server on its own thread; answers its handle once it listens.
pub fn serve(config: Config, listener: TcpListener) -> actix_web::dev::ServerHandle {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            match collegia::app::start_on(config, listener) {
                Ok(running) => {
                    let _ = tx.send(Ok(running.handle.clone()));
                    let _ = running.server.await;
                }
                Err(e) => {
                    let _ = tx.send(Err(e));
                }
            }
        })
    });
    rx.recv().expect("server thread").expect("server starts")
}

/// The value at fraction `p` of `sorted` (nearest rank).
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// `requests` GETs of `url` spread over `readers` concurrent readers; each answer is checked
/// (a success holding `expect`). The durations, sorted.
pub async fn fetch(
    url: &str,
    cookie: &str,
    requests: usize,
    readers: usize,
    expect: &str,
) -> Vec<Duration> {
    let client = reqwest::Client::new();
    let mut tasks = Vec::new();
    for r in 0..readers {
        let (client, url, cookie, expect) = (
            client.clone(),
            url.to_string(),
            cookie.to_string(),
            expect.to_string(),
        );
        let share = requests / readers + usize::from(r < requests % readers);
        tasks.push(tokio::spawn(async move {
            let mut times = Vec::with_capacity(share);
            for _ in 0..share {
                let started = Instant::now();
                let res = client
                    .get(&url)
                    .header("cookie", &cookie)
                    .send()
                    .await
                    .expect("request");
                let status = res.status();
                let body = res.text().await.expect("body");
                times.push(started.elapsed());
                assert!(status.is_success(), "{url}: {status}");
                assert!(body.contains(&expect), "{url}: the page lacks {expect}");
            }
            times
        }));
    }
    let mut all = Vec::with_capacity(requests);
    for t in tasks {
        all.extend(t.await.expect("reader"));
    }
    all.sort();
    all
}
