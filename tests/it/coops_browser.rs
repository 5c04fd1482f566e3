//! The co-op journey in a real browser asking for French: found an SCIC co-op, invite two
//! people into two colleges, both accept by the links mailed through a real SMTP server, and
//! the directory shows them in their colleges.

use crate::support::browser::{browser_in, chromedriver, fill, press, sessions, wait_for_text};
use crate::support::*;
use fantoccini::{Client, Locator};

async fn choose(c: &Client, select: &str, value: &str) {
    c.find(Locator::Css(&format!(
        "select[name='{select}'] option[value='{value}']"
    )))
    .await
    .expect(value)
    .click()
    .await
    .expect("choose");
}

async fn type_into(c: &Client, css: &str, text: &str) {
    let field = c.find(Locator::Css(css)).await.expect(css);
    field.clear().await.ok();
    field.send_keys(text).await.expect("typing");
}

async fn accept(c: &Client, link: &str, name: &str) {
    c.goto(link).await.unwrap();
    wait_for_text(c, "Créer mon compte et rejoindre").await;
    fill(c, "display_name", name).await;
    fill(c, "password", "un mot de passe").await;
    press(c, "main button[type=submit]").await;
    wait_for_text(c, "Votre collège").await;
    press(c, "header form[action='/logout'] button").await;
    wait_for_text(c, "Connexion").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn found_invite_accept_and_see_the_directory_in_french_in_a_real_browser() {
    let Some(port) = chromedriver() else {
        skip(
            "coops_browser",
            "chromium and chromium-driver are not installed",
        );
        return;
    };
    let Some(smtpd) = Smtpd::start("coops_browser") else {
        return;
    };
    let _permit = sessions().acquire().await.expect("browser slot");
    let app = spawn_with(Options {
        mail_url: Some(smtpd.url()),
        ..Options::default()
    })
    .await;
    let profile = tempfile::tempdir().unwrap();
    let c = browser_in(port, profile.path(), Some("fr-FR,fr")).await;

    // First run, then found the co-op from the SCIC template (pre-filled).
    c.goto(&app.url("/")).await.unwrap();
    fill(&c, "display_name", "Camille Admin").await;
    fill(&c, "email", "camille@example.org").await;
    fill(&c, "password", "first password 1").await;
    press(&c, "main button[type=submit]").await;
    wait_for_text(&c, "Vos coopératives").await;
    c.goto(&app.url("/coops/new?template=scic")).await.unwrap();
    wait_for_text(&c, "Fonder une coopérative").await;
    fill(&c, "name", "Terre Vive").await;
    fill(&c, "slug", "terre-vive").await;
    press(&c, "main form button[type=submit]").await;
    wait_for_text(&c, "Vue d’ensemble").await;

    // Two invitations, into two colleges.
    for (email, college) in [
        ("leo@example.org", "beneficiaries"),
        ("mia@example.org", "supporters"),
    ] {
        c.goto(&app.url("/c/terre-vive/invitations")).await.unwrap();
        type_into(&c, "textarea[name='emails']", email).await;
        choose(&c, "college", college).await;
        press(&c, "main form button[type=submit]").await;
        wait_for_text(&c, "Une invitation envoyée").await;
    }
    press(&c, "header form[action='/logout'] button").await;
    wait_for_text(&c, "Connexion").await;

    let mails = smtpd.wait_for(2);
    let prefix = format!("{}/invitations/", app.address);
    let leo = mails
        .iter()
        .find(|m| m.contains("To: leo@example.org"))
        .expect("Léo's mail");
    let mia = mails
        .iter()
        .find(|m| m.contains("To: mia@example.org"))
        .expect("Mia's mail");
    accept(&c, &link_in(leo, &prefix), "Léo Lefèvre").await;
    accept(&c, &link_in(mia, &prefix), "Mia Moreau").await;

    // Mia signs in again and opens the directory: each in their college, in French.
    fill(&c, "email", "mia@example.org").await;
    fill(&c, "password", "un mot de passe").await;
    press(&c, "main button[type=submit]").await;
    wait_for_text(&c, "Bienvenue").await;
    c.goto(&app.url("/c/terre-vive/members")).await.unwrap();
    wait_for_text(&c, "Membres de Terre Vive").await;
    let page = c.source().await.unwrap();
    let section = |key: &str| {
        let start = page.find(&format!("id=\"college-{key}\"")).expect(key);
        let end = page[start..].find("</section>").unwrap() + start;
        page[start..end].to_string()
    };
    assert!(section("beneficiaries").contains("Léo Lefèvre"), "{page}");
    assert!(section("supporters").contains("Mia Moreau"), "{page}");
    assert!(section("workers").contains("Camille Admin"), "{page}");
    c.close().await.unwrap();
}
