//! People for co-op tests: accounts with a session made directly in the database (no argon2 on
//! every test), each with its own cookie jar, and founding a co-op through the real form.

use super::*;
use collegia::crypto;
use collegia::domain::rulebook::{CompanyForm, DecisionClass, Rulebook, Template, template};
use collegia::storage::accounts;
use reqwest::cookie::Jar;
use std::sync::Arc;

pub struct Person {
    pub id: i64,
    pub public_id: String,
    pub client: reqwest::Client,
    pub base: String,
}

/// A personal API token for `account`, made directly in storage.
pub fn api_token(app: &TestApp, account: i64) -> String {
    let db = app.db.db();
    let mut conn = db.get().unwrap();
    let t = crypto::new_token();
    accounts::create_api_token(&mut conn, account, "test", &crypto::sha256_hex(&t), None).unwrap();
    t
}

/// A signed-in person (a fresh session row, its cookie in the jar).
pub fn person(app: &TestApp, email: &str, name: &str, server_admin: bool) -> Person {
    let db = app.db.db();
    let mut conn = db.get().unwrap();
    let id = match accounts::by_email(&mut conn, email).unwrap() {
        Some(a) => a.id,
        None => accounts::insert(
            &mut conn,
            &accounts::NewAccount {
                email,
                display_name: name,
                password_hash: "not-a-password",
                locale: None,
                is_server_admin: server_admin,
            },
        )
        .unwrap(),
    };
    let public_id = accounts::by_id(&mut conn, id).unwrap().unwrap().public_id;
    let session = crypto::new_token();
    // As long as a real session (30 days), so tests may move the server's clock on.
    let expires = collegia::storage::now() + chrono::Duration::days(30);
    accounts::create_session(&mut conn, &crypto::sha256_hex(&session), id, expires).unwrap();
    Person {
        id,
        public_id,
        client: client_with_session(&app.address, Some(&session), None),
        base: app.address.clone(),
    }
}

/// A client holding a session cookie and/or a language cookie.
pub fn client_with_session(
    base: &str,
    session: Option<&str>,
    lang: Option<&str>,
) -> reqwest::Client {
    let jar = Arc::new(Jar::default());
    let url: reqwest::Url = base.parse().unwrap();
    if let Some(s) = session {
        jar.add_cookie_str(&format!("collegia_session={s}; Path=/"), &url);
    }
    if let Some(l) = lang {
        jar.add_cookie_str(&format!("collegia_lang={l}; Path=/"), &url);
    }
    reqwest::Client::builder()
        .cookie_provider(jar)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

impl Person {
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap()
    }

    pub async fn text(&self, path: &str) -> String {
        self.get(path).await.text().await.unwrap()
    }

    /// POSTs `fields` to `action` with the CSRF token of `page`.
    pub async fn submit(
        &self,
        page: &str,
        action: &str,
        fields: &[(&str, &str)],
    ) -> reqwest::Response {
        let owned: Vec<(String, String)> = fields
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        self.submit_owned(page, action, owned).await
    }

    pub async fn submit_owned(
        &self,
        page: &str,
        action: &str,
        fields: Vec<(String, String)>,
    ) -> reqwest::Response {
        let token = csrf_of(&self.text(page).await);
        let mut all = vec![("csrf".to_string(), token)];
        all.extend(fields);
        self.client
            .post(format!("{}{action}", self.base))
            .form(&all)
            .send()
            .await
            .unwrap()
    }
}

fn number(f: &collegia::domain::fraction::Fraction) -> String {
    if f.is_integer() {
        f.numer().to_string()
    } else {
        format!("{}/{}", f.numer(), f.denom())
    }
}

/// The founding form's fields for a rulebook, as a browser would send them unchanged.
pub fn founding_fields(
    book: &Rulebook,
    name: &str,
    slug: &str,
    locale: &str,
) -> Vec<(String, String)> {
    let mut f: Vec<(String, String)> = vec![
        ("name".into(), name.into()),
        ("slug".into(), slug.into()),
        ("time_zone".into(), "Europe/Paris".into()),
        ("locale".into(), locale.into()),
        ("template".into(), book.template.key().into()),
        (
            "company_form".into(),
            book.company_form.map(|c| c.key()).unwrap_or("").into(),
        ),
        ("founder_college".into(), book.colleges[0].key.clone()),
    ];
    for (i, c) in book.colleges.iter().enumerate() {
        f.push((format!("c{i}_key"), c.key.clone()));
        f.push((format!("c{i}_name"), c.name.clone()));
        f.push((
            format!("c{i}_weight"),
            c.weight.as_ref().map(number).unwrap_or_default(),
        ));
    }
    for class in DecisionClass::ALL {
        let d = book.decisions.get(class);
        let k = class.key();
        f.push((format!("d_{k}_threshold"), number(&d.threshold.share)));
        if d.threshold.strict {
            f.push((format!("d_{k}_strict"), "on".into()));
        }
        f.push((
            format!("d_{k}_quorum"),
            d.quorum
                .as_ref()
                .map(|q| number(&q.turnout))
                .unwrap_or_default(),
        ));
    }
    if book.proxies.allowed {
        f.push(("proxies_allowed".into(), "on".into()));
    }
    f.push((
        "proxies_max".into(),
        book.proxies.max_per_holder.to_string(),
    ));
    if book.proxies.same_college {
        f.push(("proxies_same_college".into(), "on".into()));
    }
    f
}

pub fn scic() -> Rulebook {
    template(Template::Scic, Some(CompanyForm::Sa))
}

/// Founds an SCIC co-op through the form; the founder is its admin in the first college.
pub async fn found_scic(founder: &Person, slug: &str, locale: &str) {
    let fields = founding_fields(&scic(), "Terre Vive", slug, locale);
    let res = founder
        .submit_owned("/coops/new", "/coops/new", fields)
        .await;
    let status = res.status();
    let body = res.text().await.unwrap();
    assert_eq!(status, 303, "founding refused: {body}");
}

/// Puts an account into a co-op directly (storage), as acceptance would.
pub fn admit(
    app: &TestApp,
    slug: &str,
    account: i64,
    college: Option<&str>,
    admin: bool,
    board: bool,
) {
    let db = app.db.db();
    let mut conn = db.get().unwrap();
    let coop = collegia::storage::coops::by_slug(&mut conn, slug)
        .unwrap()
        .unwrap();
    let placement = collegia::storage::members::Placement {
        college: college.map(str::to_string),
        is_admin: admin,
        is_board: board,
    };
    // BEGIN IMMEDIATE: the app's background jobs may be writing at the same moment.
    collegia::storage::write_tx(&mut conn, |c| {
        collegia::storage::members::join(c, coop.id, account, &placement, None)
    })
    .unwrap();
}

/// Gives an account a real password (argon2id, as a sign-up would), for the forms that ask
/// for it again.
pub fn set_password(app: &TestApp, account: i64, password: &str) {
    let hash = collegia::auth::password::hash_blocking(password).unwrap();
    let db = app.db.db();
    let mut conn = db.get().unwrap();
    accounts::set_password(&mut conn, account, &hash).unwrap();
}
