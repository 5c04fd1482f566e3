//! Real headless Chromium through one chromedriver per test run (at most two sessions at once).

use crate::helpers::*;
use fantoccini::{Client, ClientBuilder, Locator};
use std::sync::OnceLock;
use std::time::Duration;
use tokio::sync::Semaphore;

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM: &str = "/usr/bin/chromium";

/// The chromedriver of this test process; a watchdog shell ends it when the process ends.
pub(crate) fn chromedriver() -> Option<u16> {
    static DRIVER: OnceLock<Option<u16>> = OnceLock::new();
    *DRIVER.get_or_init(|| {
        if !std::path::Path::new(CHROMEDRIVER).exists() || !std::path::Path::new(CHROMIUM).exists() {
            return None;
        }
        let port = free_port();
        let script = "\"$1\" --port=\"$2\" >/dev/null 2>&1 & d=$!; while kill -0 \"$3\" 2>/dev/null; do sleep 1; done; kill $d";
        std::process::Command::new("sh")
            .args(["-c", script, "sh", CHROMEDRIVER, &port.to_string(), &std::process::id().to_string()])
            .spawn()
            .ok()?;
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Some(port);
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        None
    })
}

pub(crate) fn sessions() -> &'static Semaphore {
    static SEM: OnceLock<Semaphore> = OnceLock::new();
    SEM.get_or_init(|| Semaphore::new(2))
}

async fn browser(port: u16, profile: &std::path::Path) -> Client {
    browser_in(port, profile, None).await
}

/// A browser session; `accept_language` sets what the browser asks for (e.g. "fr-FR,fr").
pub(crate) async fn browser_in(
    port: u16,
    profile: &std::path::Path,
    accept_language: Option<&str>,
) -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "prefs": { "intl.accept_languages": accept_language.unwrap_or("en-US,en") },
            "binary": CHROMIUM,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1200,900", format!("--user-data-dir={}", profile.display()),
            ]
        }),
    );
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    ClientBuilder::new(connector)
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .expect("a browser session")
}

pub(crate) async fn fill(c: &Client, name: &str, value: &str) {
    let field = c
        .find(Locator::Css(&format!("input[name='{name}']")))
        .await
        .expect(name);
    field.clear().await.ok();
    field.send_keys(value).await.expect("typing");
}

pub(crate) async fn press(c: &Client, css: &str) {
    c.find(Locator::Css(css))
        .await
        .expect(css)
        .click()
        .await
        .expect("click");
}

pub(crate) async fn wait_for_text(c: &Client, needle: &str) {
    for _ in 0..50 {
        if c.source()
            .await
            .map(|s| s.contains(needle))
            .unwrap_or(false)
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!(
        "the page never showed {needle:?}: {}",
        c.source().await.unwrap_or_default()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_run_admin_logout_login_and_reset_by_mail_in_a_real_browser() {
    let Some(port) = chromedriver() else {
        skip("browser", "chromium and chromium-driver are not installed");
        return;
    };
    let Some(smtpd) = Smtpd::start("browser") else {
        return;
    };
    let _permit = sessions().acquire().await.expect("browser slot");
    let app = spawn_with(Options {
        mail_url: Some(smtpd.url()),
        ..Options::default()
    })
    .await;
    let profile = tempfile::tempdir().unwrap();
    let c = browser(port, profile.path()).await;

    // First run: the home page leads to setup.
    c.goto(&app.url("/")).await.unwrap();
    assert!(c.current_url().await.unwrap().path().ends_with("/setup"));
    fill(&c, "display_name", "Camille Admin").await;
    fill(&c, "email", "camille@example.org").await;
    fill(&c, "password", "first password 1").await;
    press(&c, "main button[type=submit]").await;
    wait_for_text(&c, "Camille Admin").await;

    // Log out, log in.
    press(&c, "header form button").await;
    wait_for_text(&c, "You are logged out").await;
    fill(&c, "email", "camille@example.org").await;
    fill(&c, "password", "first password 1").await;
    press(&c, "main button[type=submit]").await;
    wait_for_text(&c, "Welcome, Camille Admin").await;

    // Forgot the password: the link arrives at the SMTP server.
    press(&c, "header form button").await;
    wait_for_text(&c, "You are logged out").await;
    press(&c, "a[href='/password/forgot']").await;
    fill(&c, "email", "camille@example.org").await;
    press(&c, "main button[type=submit]").await;
    wait_for_text(&c, "a link has been sent").await;
    let mail = smtpd
        .wait_for(1)
        .remove(0)
        .replace("=\r\n", "")
        .replace("=\n", "");
    let start = mail
        .find(&format!("{}/password/reset/", app.address))
        .expect("reset link in the mail");
    let link: String = mail[start..]
        .chars()
        .take_while(|ch| !ch.is_whitespace() && *ch != '"' && *ch != '<')
        .collect();
    c.goto(&link).await.unwrap();
    fill(&c, "password", "second password 2").await;
    press(&c, "main button[type=submit]").await;
    wait_for_text(&c, "Your password has been changed").await;
    fill(&c, "email", "camille@example.org").await;
    fill(&c, "password", "second password 2").await;
    press(&c, "main button[type=submit]").await;
    wait_for_text(&c, "Welcome, Camille Admin").await;

    // The link worked once.
    c.goto(&link).await.unwrap();
    wait_for_text(&c, "already been used").await;
    c.close().await.unwrap();
}
