//! The app under test: the real server on port 0 against a fresh database, with real mail
//! (files, or a real SMTP server), a settable clock and a cookie-keeping HTTP client.

use super::*;
use collegia::config::ConfigArgs;
use std::net::TcpListener;
use std::path::PathBuf;

/// A running app.
pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub db: TestDb,
    pub mail_dir: PathBuf,
    /// The server's clock: `app.clock.advance(Duration::days(14))` moves its time on.
    pub clock: collegia::clock::Clock,
    /// The server's keys, read from its key file (beside the mail directory, outside the database).
    pub keys: std::sync::Arc<collegia::keys::Keys>,
    pub secret_file: PathBuf,
    _mail_tmp: tempfile::TempDir,
    handle: actix_web::dev::ServerHandle,
}

#[derive(Default)]
pub struct Options {
    pub mail_url: Option<String>,
    pub trusted_proxies: String,
    /// The public address the server believes it has (default: its own http address).
    pub base_url: Option<String>,
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
        secret_file: None,
        secret: None,
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
    let base_url = options.base_url.unwrap_or_else(|| address.clone());
    let mut args = config_args(&db.url, &mail_url, &base_url);
    args.trusted_proxies = options.trusted_proxies;
    let secret_file = mail_tmp.path().join("collegia.key");
    args.secret_file = Some(secret_file.display().to_string());
    let mut config = args.validate().expect("valid test config");
    // Tests hold the server's clock and may move its time on.
    config.clock = collegia::clock::Clock::settable();
    let clock = config.clock.clone();
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
    let keys = collegia::keys::read(&collegia::config::SecretSource::File(secret_file.clone()))
        .expect("a readable key file")
        .expect("the server created its key file");
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("http client");
    TestApp {
        address,
        clock,
        keys: std::sync::Arc::new(keys),
        secret_file,
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

/// Waits until `ready` holds (checked every millisecond), failing the test after 10 seconds:
/// for tests that need a server's queue in a given state, not a guess at how long it takes.
pub async fn until(mut ready: impl FnMut() -> bool) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !ready() {
        assert!(
            std::time::Instant::now() < deadline,
            "the awaited state never came"
        );
        tokio::time::sleep(std::time::Duration::from_millis(1)).await;
    }
}
