//! Real headless Chromium through one chromedriver per test run (at most two sessions at once).

use super::*;
use fantoccini::{Client, ClientBuilder, Locator};
use std::sync::OnceLock;
use std::time::Duration;
use tokio::sync::Semaphore;

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM: &str = "/usr/bin/chromium";

/// The chromedriver of this test process; a watchdog shell ends it when the process ends.
pub fn chromedriver() -> Option<u16> {
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

pub fn sessions() -> &'static Semaphore {
    static SEM: OnceLock<Semaphore> = OnceLock::new();
    SEM.get_or_init(|| Semaphore::new(2))
}

pub async fn browser(port: u16, profile: &std::path::Path) -> Client {
    browser_in(port, profile, None).await
}

/// A browser session; `accept_language` sets what the browser asks for (e.g. "fr-FR,fr").
pub async fn browser_in(
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

pub async fn fill(c: &Client, name: &str, value: &str) {
    let field = c
        .find(Locator::Css(&format!("input[name='{name}']")))
        .await
        .expect(name);
    field.clear().await.ok();
    field.send_keys(value).await.expect("typing");
}

pub async fn press(c: &Client, css: &str) {
    c.find(Locator::Css(css))
        .await
        .expect(css)
        .click()
        .await
        .expect("click");
}

pub async fn wait_for_text(c: &Client, needle: &str) {
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

/// axe-core's script: `COLLEGIA_AXE_JS`, else the usual places an `npm install axe-core` leaves it.
pub fn axe_source() -> Option<String> {
    let mut places: Vec<String> = std::env::var("COLLEGIA_AXE_JS").into_iter().collect();
    places.extend(
        [
            "node_modules/axe-core/axe.min.js",
            ".ci/axe/node_modules/axe-core/axe.min.js",
            "/tmp/axe/node_modules/axe-core/axe.min.js",
            "/usr/share/nodejs/axe-core/axe.min.js",
        ]
        .map(String::from),
    );
    places.iter().find_map(|p| std::fs::read_to_string(p).ok())
}

/// axe-core's serious and critical findings on the current page, one line each.
pub async fn axe_findings(c: &Client, axe: &str) -> Vec<String> {
    c.execute(&format!("{axe}; return 1;"), vec![])
        .await
        .expect("axe injected");
    let found = c
        .execute_async(
            "const done = arguments[arguments.length - 1];\
             axe.run(document).then(r => done(r.violations\
               .filter(v => ['serious', 'critical'].includes(v.impact))\
               .map(v => v.id + ': ' + v.help + ' ' + v.nodes.map(n => n.target.join(' ')).join(' | '))),\
               e => done(['axe failed: ' + e]));",
            vec![],
        )
        .await
        .expect("axe ran");
    serde_json::from_value(found).unwrap_or_default()
}

/// The page's width and the window's.
pub async fn widths(c: &Client) -> (u64, u64) {
    let v = c
        .execute(
            "return [document.documentElement.scrollWidth, window.innerWidth];",
            vec![],
        )
        .await
        .unwrap();
    (v[0].as_u64().unwrap(), v[1].as_u64().unwrap())
}
