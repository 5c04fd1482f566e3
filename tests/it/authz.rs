//! The authorization walk: every route × every role gets the answer the one table gives —
//! 2xx/3xx/4xx other than a refusal when allowed; when not, 403 (or the login redirect / 401
//! for anonymous visitors).

use crate::support::*;
use collegia::crypto;
use collegia::storage::{accounts, settings};
use collegia::web::authz::{Policy, Role, allowed};
use collegia::web::routes::{API_ROUTES, PAGE_ROUTES, RouteSpec, action_for};
use std::collections::BTreeSet;

fn concrete(path: &str, keys: &collegia::keys::Keys) -> String {
    let payload = collegia::mail::unsubscribe_payload(1, collegia::mail::MailKind::Mention);
    let sig = crypto::sign(&keys.links, &payload);
    path.replace("{slug}", "walk")
        .replace("{token}", "no-such-token")
        .replace("{id}", "999999")
        .replace("{member}", "nobody")
        .replace("{file}", "collegia.css")
        .replace("{account}", "1")
        .replace("{kind}", "mention")
        .replace("{sig}", &sig)
}

#[test]
fn every_api_route_in_the_openapi_document_is_in_the_authorization_table() {
    let doc = collegia::web::routes::openapi_document();
    let mut documented = BTreeSet::new();
    for (path, item) in &doc.paths.paths {
        let full = path.clone();
        if item.get.is_some() {
            documented.insert(("get".to_string(), full.clone()));
        }
        if item.post.is_some() {
            documented.insert(("post".to_string(), full.clone()));
        }
    }
    let listed: BTreeSet<_> = API_ROUTES
        .iter()
        .map(|r| (r.method.to_string(), r.path.to_string()))
        .collect();
    assert_eq!(documented, listed);
    // No route is listed twice with different actions.
    for r in PAGE_ROUTES.iter().chain(API_ROUTES) {
        assert_eq!(action_for(r.method, r.path), Some(r.action), "{r:?}");
    }
}

struct Visitor {
    role: Role,
    account: Option<i64>,
    api_token: Option<String>,
}

#[tokio::test]
async fn every_route_answers_every_role_as_the_table_says() {
    let app = spawn_app().await;
    {
        let db = app.db.db();
        let mut conn = db.get().unwrap();
        settings::set(&mut conn, settings::ANYONE_MAY_FOUND, "true").unwrap();
    }
    let keys: Vec<String> = scic().colleges.iter().map(|c| c.key.clone()).collect();
    let admin = person(&app, "admin@walk.org", "Admin", false);
    found_scic(&admin, "walk", "en").await;
    let other = person(&app, "other@walk.org", "Other", false);
    found_scic(&other, "elsewhere", "en").await;
    let board = person(&app, "board@walk.org", "Board", false);
    admit(&app, "walk", board.id, Some(&keys[1]), false, true);
    let member = person(&app, "member@walk.org", "Member", false);
    admit(&app, "walk", member.id, Some(&keys[2]), false, false);
    let guest = person(&app, "guest@walk.org", "Guest", false);
    admit(&app, "walk", guest.id, None, false, false);
    let server = person(&app, "server@walk.org", "Server", true);

    let db = app.db.db();
    let mut conn = db.get().unwrap();
    settings::set(&mut conn, settings::ANYONE_MAY_FOUND, "false").unwrap();
    let secret = app.keys.clone();
    let mut visitors = vec![Visitor {
        role: Role::Anonymous,
        account: None,
        api_token: None,
    }];
    for (role, p) in [
        (Role::OtherCoopMember, &other),
        (Role::Guest, &guest),
        (Role::Member, &member),
        (Role::Board, &board),
        (Role::CoopAdmin, &admin),
        (Role::ServerAdmin, &server),
    ] {
        let t = crypto::new_token();
        accounts::create_api_token(&mut conn, p.id, "walk", &crypto::sha256_hex(&t), None).unwrap();
        visitors.push(Visitor {
            role,
            account: Some(p.id),
            api_token: Some(t),
        });
    }
    assert_eq!(visitors.len(), Role::ALL.len());

    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let mut checked = 0;
    let mut failures = vec![];
    for route in PAGE_ROUTES.iter().chain(API_ROUTES) {
        for v in &visitors {
            let status = call(&app, &client, &mut conn, &secret, route, v).await;
            let expect = allowed(route.action, v.role, Policy::default());
            let (code, location) = status;
            // The refusal of a page to an anonymous visitor: the login form, coming back here after.
            let refused_login = code == 303 && location.starts_with("/login?next=");
            let ok = if expect {
                code < 500 && code != 401 && code != 403 && !refused_login
            } else if v.role == Role::Anonymous {
                if route.path.starts_with("/api/") {
                    code == 401
                } else {
                    refused_login
                }
            } else {
                code == 403
            };
            if !ok {
                failures.push(format!(
                    "{} {} as {:?}: got {code} {location}, expected {}",
                    route.method,
                    route.path,
                    v.role,
                    if expect { "allowed" } else { "refused" }
                ));
            }
            checked += 1;
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(
        checked,
        (PAGE_ROUTES.len() + API_ROUTES.len()) * Role::ALL.len()
    );
}

async fn call(
    app: &TestApp,
    client: &reqwest::Client,
    conn: &mut collegia::storage::DbConn,
    secret: &collegia::keys::Keys,
    route: &RouteSpec,
    v: &Visitor,
) -> (u16, String) {
    let url = app.url(&concrete(route.path, secret));
    let api = route.path.starts_with("/api/");
    let mut req = if route.method == "get" {
        client.get(&url)
    } else {
        client.post(&url)
    };
    if api {
        if let Some(t) = &v.api_token {
            req = req.bearer_auth(t);
        }
        if route.method == "post" {
            req = req.header("content-type", "application/json").body("{}");
        }
    } else {
        // A fresh session per request: some routes (log out) end the one they are given.
        let seed = crypto::new_token();
        let mut cookie = format!("collegia_csrf={seed}");
        if let Some(id) = v.account {
            let session = crypto::new_token();
            let expires = collegia::storage::now() + chrono::Duration::hours(1);
            accounts::create_session(conn, &crypto::sha256_hex(&session), id, expires).unwrap();
            cookie.push_str(&format!("; collegia_session={session}"));
        }
        req = req.header("cookie", cookie);
        if route.method == "post" {
            let token = crypto::sign(&secret.csrf, &format!("csrf:{seed}"));
            req = req.form(&[("csrf", token)]);
        }
    }
    let res = req.send().await.unwrap();
    let location = res
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .unwrap_or("")
        .to_string();
    (res.status().as_u16(), location)
}
