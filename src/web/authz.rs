//! Authorization in one place: who may do what ([`allowed`]), and one middleware that resolves
//! the visitor's roles for the route being called and refuses before any handler runs.
//!
//! Every route is listed in `routes::PAGE_ROUTES` or `routes::API_ROUTES` with its [`Action`];
//! the middleware looks the route up by method and pattern, so a route missing from the tables
//! is refused (500) rather than silently open. `tests/it/authz.rs` walks every route × role.

use super::AppState;
use super::context::SESSION_COOKIE;
use super::errors::{AppError, SignedIn};
pub use crate::access::{
    Access, Action, Policy, Role, allowed, is_coop_action, may_propose, may_start_threads, roles_of,
};
use crate::crypto;
use crate::domain::device;
use crate::storage::accounts::{self, Account};
use crate::storage::coops::{self, Coop};
use crate::storage::members::{self, Membership};
use crate::storage::settings;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Payload, Service, ServiceRequest, ServiceResponse, Transform, forward_ready};
use actix_web::http::header;
use actix_web::web::Data;
use actix_web::{Error, FromRequest, HttpMessage, HttpRequest};
use std::future::{Future, Ready, ready};
use std::pin::Pin;
use std::rc::Rc;

impl FromRequest for Access {
    type Error = AppError;
    type Future = Ready<Result<Access, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(
            req.extensions()
                .get::<Access>()
                .cloned()
                .ok_or_else(|| AppError::Internal("route not authorized".into())),
        )
    }
}

/// The value of `{slug}` in `path` when `pattern` has one.
pub fn slug_in(pattern: &str, path: &str) -> Option<String> {
    let index = pattern.split('/').position(|s| s == "{slug}")?;
    path.split('/').nth(index).map(str::to_string)
}

async fn resolve(
    state: Data<AppState>,
    action: Action,
    session: Option<String>,
    bearer: Option<String>,
    slug: Option<String>,
    user_agent: Option<String>,
) -> Result<Access, AppError> {
    // Public routes need no lookup (and keep answering, e.g. the health check, when the
    // database does not).
    if action == Action::Public {
        return Ok(Access {
            account: None,
            coop: None,
            membership: None,
            roles: vec![Role::Anonymous],
        });
    }
    let uses = state.token_uses.clone();
    // An API call to a co-op learns its token, the co-op and the membership from the token
    // desk (one query for the calls arriving together); other requests read them one after
    // the other below.
    if let (Some(token), Some(s)) = (&bearer, &slug)
        && is_coop_action(action)
    {
        let found = state
            .token_desk
            .look_up(&state.db, crypto::sha256_hex(token), s.clone())
            .await?;
        let Some((t, in_coop)) = found else {
            return Err(AppError::Unauthorized);
        };
        uses.note(t.id, t.last_used_at, state.clock.now());
        let (coop, membership) = in_coop.ok_or(AppError::NotFound)?;
        return authorized(
            action,
            Some(t.account),
            Some(coop),
            membership,
            Policy::default(),
        );
    }
    state
        .db
        .run(move |c| {
            let now = crate::storage::now();
            let account = match (bearer, session) {
                (Some(token), _) => {
                    let live = accounts::live_api_token(c, &crypto::sha256_hex(&token), now)?;
                    live.map(|t| {
                        uses.note(t.id, t.last_used_at, now);
                        t.account
                    })
                }
                (None, Some(id)) => {
                    let hash = crypto::sha256_hex(&id);
                    let found = crate::storage::own_account::session_with_use(c, &hash)?;
                    found.map(|(account, last_used)| {
                        let device = user_agent.as_deref().and_then(device::describe);
                        uses.note_session(&hash, last_used, now, device);
                        account
                    })
                }
                (None, None) => None,
            };
            // Anonymous visitors learn nothing about which co-ops exist.
            if account.is_none() && !allowed(action, Role::Anonymous, Policy::default()) {
                return Err(AppError::Unauthorized);
            }
            let (coop, membership) = match (&slug, &account) {
                (Some(s), Some(a)) if is_coop_action(action) => {
                    let (coop, membership) =
                        members::coop_and_membership(c, s, a.id)?.ok_or(AppError::NotFound)?;
                    (Some(coop), membership)
                }
                (Some(s), None) if is_coop_action(action) => {
                    (Some(coops::by_slug(c, s)?.ok_or(AppError::NotFound)?), None)
                }
                _ => (None, None),
            };
            let policy = Policy {
                anyone_may_found: action == Action::FoundCoop
                    && settings::flag(c, settings::ANYONE_MAY_FOUND)?,
            };
            authorized(action, account, coop, membership, policy)
        })
        .await
}

/// The access of a caller whose roles allow `action`; else why not.
fn authorized(
    action: Action,
    account: Option<Account>,
    coop: Option<Coop>,
    membership: Option<Membership>,
    policy: Policy,
) -> Result<Access, AppError> {
    let roles = roles_of(account.as_ref(), membership.as_ref());
    if !roles.iter().any(|r| allowed(action, *r, policy)) {
        return Err(match account {
            None => AppError::Unauthorized,
            // The refusal page still shows who is signed in (and a way out), not "Log in".
            Some(a) => AppError::ForbiddenFor(SignedIn {
                display_name: a.display_name,
                is_server_admin: a.is_server_admin,
            }),
        });
    }
    Ok(Access {
        account,
        coop,
        membership,
        roles,
    })
}

/// The middleware: finds the route's action, resolves roles, refuses or records [`Access`].
#[derive(Clone)]
pub struct Authorize;

pub struct AuthorizeService<S> {
    service: Rc<S>,
}

impl<S, B> Transform<S, ServiceRequest> for Authorize
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<EitherBody<B>>;
    type Error = Error;
    type Transform = AuthorizeService<S>;
    type InitError = ();
    type Future = Ready<Result<Self::Transform, Self::InitError>>;

    fn new_transform(&self, service: S) -> Self::Future {
        ready(Ok(AuthorizeService {
            service: Rc::new(service),
        }))
    }
}

impl<S, B> Service<ServiceRequest> for AuthorizeService<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<EitherBody<B>>;
    type Error = Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Self::Error>>>>;

    forward_ready!(service);

    fn call(&self, req: ServiceRequest) -> Self::Future {
        let service = Rc::clone(&self.service);
        Box::pin(async move {
            let Some(pattern) = req.match_pattern() else {
                // Unmatched: the default service answers 404.
                return service.call(req).await.map(|r| r.map_into_left_body());
            };
            let method = req.method().as_str().to_string();
            let Some(action) = super::routes::action_for(&method, &pattern) else {
                let err = AppError::Internal(format!("{method} {pattern} has no authorization"));
                return Ok(req.error_response(err).map_into_right_body());
            };
            let state = req.app_data::<Data<AppState>>().cloned();
            let Some(state) = state else {
                let err = AppError::Internal("state missing".into());
                return Ok(req.error_response(err).map_into_right_body());
            };
            let api = pattern.starts_with("/api/");
            let bearer = if api {
                req.headers()
                    .get(header::AUTHORIZATION)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.strip_prefix("Bearer "))
                    .map(|t| t.trim().to_string())
            } else {
                None
            };
            let session = if api {
                None
            } else {
                req.cookie(SESSION_COOKIE).map(|c| c.value().to_string())
            };
            let slug = slug_in(&pattern, req.path());
            let user_agent = req
                .headers()
                .get(header::USER_AGENT)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string);
            match resolve(state, action, session, bearer, slug, user_agent).await {
                Ok(access) => {
                    // One rule for the language, pages and API alike: the account's choice,
                    // then the language cookie, then Accept-Language (`request_locale`).
                    if let Some(locale) = access.account.as_ref().and_then(|a| a.locale) {
                        req.extensions_mut().insert(locale);
                    }
                    req.extensions_mut().insert(access);
                    service.call(req).await.map(|r| r.map_into_left_body())
                }
                Err(err) => Ok(req.error_response(err).map_into_right_body()),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_found_by_pattern_position() {
        assert_eq!(
            slug_in("/c/{slug}/members", "/c/terre-vive/members").as_deref(),
            Some("terre-vive")
        );
        assert_eq!(
            slug_in("/api/v1/coops/{slug}", "/api/v1/coops/x1").as_deref(),
            Some("x1")
        );
        assert_eq!(slug_in("/account", "/account"), None);
    }

    #[test]
    fn colleges_say_who_may_propose_and_guests_never_do() {
        let book = crate::domain::rulebook::template(crate::domain::rulebook::Template::Scic, None);
        let now = crate::storage::now();
        let row = |college: Option<&str>| Membership {
            id: 1,
            coop_id: 1,
            account_id: 1,
            college: college.map(str::to_string),
            is_admin: false,
            is_board: false,
            shares: 0,
            admitted_at: now,
            valid_from: now,
            valid_to: None,
            change: "member.joined".into(),
            changed_by: None,
        };
        assert!(may_propose(&book, &row(Some("workers"))));
        assert!(!may_propose(&book, &row(Some("supporters"))));
        assert!(may_start_threads(&book, &row(Some("supporters"))));
        assert!(!may_propose(&book, &row(None)));
        assert!(!may_start_threads(&book, &row(None)));
    }

    #[test]
    fn founding_follows_the_server_setting() {
        let closed = Policy::default();
        let open = Policy {
            anyone_may_found: true,
        };
        assert!(!allowed(Action::FoundCoop, Role::OtherCoopMember, closed));
        assert!(allowed(Action::FoundCoop, Role::OtherCoopMember, open));
        assert!(allowed(Action::FoundCoop, Role::ServerAdmin, closed));
        assert!(!allowed(Action::FoundCoop, Role::Anonymous, open));
    }
}
