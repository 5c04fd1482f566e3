//! The first run in a real browser: admin setup, logout, login, reset by mail.

use crate::support::browser::{browser, chromedriver, fill, press, sessions, wait_for_text};
use crate::support::*;

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
    press(&c, "header form[action='/logout'] button").await;
    wait_for_text(&c, "You are logged out").await;
    fill(&c, "email", "camille@example.org").await;
    fill(&c, "password", "first password 1").await;
    press(&c, "main button[type=submit]").await;
    wait_for_text(&c, "Welcome, Camille Admin").await;

    // Forgot the password: the link arrives at the SMTP server.
    press(&c, "header form[action='/logout'] button").await;
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
