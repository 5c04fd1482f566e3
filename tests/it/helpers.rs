//! The test harness: the real app on port 0 against a fresh database (SQLite file, or a
//! PostgreSQL database cloned from one migrated template when COLLEGIA_TEST_POSTGRES_URL is
//! set), with real mail (files, or a real SMTP server) and a cookie-keeping HTTP client.

use collegia::config::ConfigArgs;
use diesel::prelude::*;
use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::Duration;

/// True on CI, where a missing service is a failure rather than a skip.
pub fn on_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// Says why a test cannot run here; on CI that is a failure.
pub fn skip(test: &str, why: &str) {
    assert!(!on_ci(), "{test}: {why} (CI=true: a skip is a failure)");
    eprintln!("SKIPPED {test}: {why}");
}

pub fn postgres_url() -> Option<String> {
    std::env::var("COLLEGIA_TEST_POSTGRES_URL")
        .ok()
        .filter(|s| !s.is_empty())
}

fn unique(prefix: &str) -> String {
    format!(
        "{prefix}_{}_{}",
        std::process::id(),
        collegia::crypto::random_hex(6)
    )
}

/// Replaces the database name in a PostgreSQL URL.
pub fn with_database(url: &str, db: &str) -> String {
    let mut parsed = url::Url::parse(url).expect("COLLEGIA_TEST_POSTGRES_URL is a URL");
    parsed.set_path(&format!("/{db}"));
    parsed.to_string()
}

fn pg_admin(url: &str) -> PgConnection {
    PgConnection::establish(url).expect("PostgreSQL reachable at COLLEGIA_TEST_POSTGRES_URL")
}

/// Drops databases left by test processes that no longer run.
fn drop_stale(conn: &mut PgConnection) {
    #[derive(QueryableByName)]
    struct Name {
        #[diesel(sql_type = diesel::sql_types::Text)]
        datname: String,
    }
    let names: Vec<Name> = diesel::sql_query(
        "SELECT datname::text AS datname FROM pg_database WHERE datname LIKE 'collegia_t%'",
    )
    .load(conn)
    .unwrap_or_default();
    for Name { datname } in names {
        let pid = datname
            .split('_')
            .nth(2)
            .and_then(|p| p.parse::<u32>().ok());
        if pid.is_some_and(|p| {
            p != std::process::id() && !std::path::Path::new(&format!("/proc/{p}")).exists()
        }) {
            let _ = diesel::sql_query(format!(
                "DROP DATABASE IF EXISTS \"{datname}\" WITH (FORCE)"
            ))
            .execute(conn);
        }
    }
}

/// One migrated template per test process; each test clones it.
fn pg_template(base: &str) -> String {
    static TEMPLATE: OnceLock<String> = OnceLock::new();
    TEMPLATE
        .get_or_init(|| {
            let mut admin = pg_admin(base);
            drop_stale(&mut admin);
            let name = unique("collegia_tpl");
            diesel::sql_query(format!("CREATE DATABASE \"{name}\""))
                .execute(&mut admin)
                .expect("create template");
            let db = collegia::storage::Db::connect(&with_database(base, &name), 1)
                .expect("template reachable");
            let mut conn = db.get().expect("template connection");
            collegia::storage::migrate::run_pending(&mut conn).expect("migrate template");
            name
        })
        .clone()
}

/// A fresh database for one test, dropped when the guard goes.
pub struct TestDb {
    pub url: String,
    pg: Option<(String, String)>,
    _dir: tempfile::TempDir,
}

impl TestDb {
    pub fn new() -> TestDb {
        let dir = tempfile::tempdir().expect("temp dir");
        match postgres_url() {
            Some(base) => {
                let template = pg_template(&base);
                let name = unique("collegia_t");
                let mut admin = pg_admin(&base);
                // Cloning needs the template idle; retry briefly if another clone holds it.
                let mut tries = 0;
                while let Err(e) = diesel::sql_query(format!(
                    "CREATE DATABASE \"{name}\" TEMPLATE \"{template}\""
                ))
                .execute(&mut admin)
                {
                    tries += 1;
                    assert!(tries < 50, "cannot clone the template: {e}");
                    std::thread::sleep(Duration::from_millis(100));
                }
                TestDb {
                    url: with_database(&base, &name),
                    pg: Some((base, name)),
                    _dir: dir,
                }
            }
            None => {
                let url = format!("sqlite://{}", dir.path().join("test.db").display());
                TestDb {
                    url,
                    pg: None,
                    _dir: dir,
                }
            }
        }
    }

    /// Drops a PostgreSQL test database while the app still uses it (to test outages).
    pub fn drop_now(&self) {
        if let Some((base, name)) = &self.pg {
            let mut admin = pg_admin(base);
            diesel::sql_query(format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                .execute(&mut admin)
                .expect("drop");
        }
    }

    pub fn is_postgres(&self) -> bool {
        self.pg.is_some()
    }

    pub fn db(&self) -> collegia::storage::Db {
        collegia::storage::Db::connect(&self.url, 4).expect("test database")
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((base, name)) = &self.pg
            && let Ok(mut admin) = PgConnection::establish(base)
        {
            let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                .execute(&mut admin);
        }
    }
}

/// A fresh, migrated database without a server (for storage-level tests).
pub fn migrated_db() -> (TestDb, collegia::storage::Db) {
    let guard = TestDb::new();
    let db = guard.db();
    let mut conn = db.get().expect("connection");
    collegia::storage::migrate::run_pending(&mut conn).expect("migrations");
    drop(conn);
    (guard, db)
}

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

/// A running app.
pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub db: TestDb,
    pub mail_dir: PathBuf,
    _mail_tmp: tempfile::TempDir,
    handle: actix_web::dev::ServerHandle,
}

#[derive(Default)]
pub struct Options {
    pub mail_url: Option<String>,
    pub trusted_proxies: String,
}

pub fn config_args(db_url: &str, mail_url: &str, base_url: &str) -> ConfigArgs {
    ConfigArgs {
        listen: "127.0.0.1:0".into(),
        database_url: db_url.into(),
        mail_url: mail_url.into(),
        base_url: base_url.into(),
        mail_from: "Collegia Test <collegia@example.org>".into(),
        trusted_proxies: String::new(),
        time_zone: "Europe/Paris".into(),
        job_interval: 1,
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_with(Options::default()).await
}

pub async fn spawn_with(options: Options) -> TestApp {
    let db = TestDb::new();
    let mail_tmp = tempfile::tempdir().expect("mail dir");
    let mail_dir = mail_tmp.path().join("outbox");
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind port 0");
    let port = listener.local_addr().expect("local addr").port();
    let address = format!("http://127.0.0.1:{port}");
    let mail_url = options
        .mail_url
        .unwrap_or_else(|| format!("file://{}", mail_dir.display()));
    let mut args = config_args(&db.url, &mail_url, &address);
    args.trusted_proxies = options.trusted_proxies;
    let config = args.validate().expect("valid test config");
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
    let handle = rx.recv().expect("server thread").expect("app starts");
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("http client");
    TestApp {
        address,
        client,
        db,
        mail_dir,
        _mail_tmp: mail_tmp,
        handle,
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        // Stop accepting and close the pool's users before the database is dropped.
        let stop = self.handle.stop(false);
        std::thread::spawn(move || futures_executor(stop));
    }
}

fn futures_executor<F: std::future::Future>(f: F) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build();
    if let Ok(rt) = rt {
        rt.block_on(f);
    }
}

/// The CSRF token in a page.
pub fn csrf_of(html: &str) -> String {
    let marker = "name=\"csrf\" value=\"";
    let start = html
        .find(marker)
        .map(|i| i + marker.len())
        .expect("a CSRF field in the page");
    html[start..]
        .split('"')
        .next()
        .unwrap_or_default()
        .to_string()
}

pub const ADMIN_EMAIL: &str = "admin@example.org";
pub const ADMIN_PASSWORD: &str = "correct horse battery";

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("GET")
    }

    pub async fn get_text(&self, path: &str) -> String {
        self.get(path).await.text().await.expect("body")
    }

    /// The CSRF token of a page this client just loaded.
    pub async fn csrf(&self, path: &str) -> String {
        csrf_of(&self.get_text(path).await)
    }

    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .form(fields)
            .send()
            .await
            .expect("POST")
    }

    /// POSTs a form with the CSRF token taken from `page`.
    pub async fn submit(
        &self,
        page: &str,
        action: &str,
        fields: &[(&str, &str)],
    ) -> reqwest::Response {
        let token = self.csrf(page).await;
        let mut all: Vec<(&str, &str)> = vec![("csrf", token.as_str())];
        all.extend_from_slice(fields);
        self.post_form(action, &all).await
    }

    /// First run: creates the server admin (and leaves this client signed in).
    pub async fn setup_admin(&self) {
        let res = self
            .submit(
                "/setup",
                "/setup",
                &[
                    ("display_name", "Ada Admin"),
                    ("email", ADMIN_EMAIL),
                    ("password", ADMIN_PASSWORD),
                ],
            )
            .await;
        assert_eq!(res.status(), 303, "setup redirects");
    }

    pub async fn login(&self, email: &str, password: &str) -> reqwest::Response {
        self.submit(
            "/login",
            "/login",
            &[("email", email), ("password", password)],
        )
        .await
    }

    pub async fn logout(&self) {
        let res = self.submit("/account", "/logout", &[]).await;
        assert_eq!(res.status(), 303);
    }

    /// A second client with its own cookies, against the same app.
    pub fn new_client(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("http client")
    }
}
