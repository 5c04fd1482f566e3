//! What every handler needs about the request: the shared state, the signed-in person,
//! the language, the CSRF token; and the extractors that check them.

use super::AppState;
use super::errors::AppError;
use crate::crypto;
use crate::i18n::Locale;
use crate::storage::accounts::{self, Account};
use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::web::{Bytes, Data};
use actix_web::{FromRequest, HttpMessage, HttpRequest};
use serde::de::DeserializeOwned;
use std::future::Future;
use std::net::IpAddr;
use std::pin::Pin;

pub const SESSION_COOKIE: &str = "collegia_session";
pub const CSRF_COOKIE: &str = "collegia_csrf";
pub const LANG_COOKIE: &str = "collegia_lang";

/// The random value behind this browser's CSRF tokens (set by the middleware when missing).
#[derive(Debug, Clone)]
pub struct CsrfSeed(pub String);

fn state(req: &HttpRequest) -> Result<Data<AppState>, AppError> {
    req.app_data::<Data<AppState>>()
        .cloned()
        .ok_or_else(|| AppError::Internal("state missing".into()))
}

/// The language for this request: the account's choice, the language cookie, then `Accept-Language`.
pub fn request_locale(req: &HttpRequest) -> Locale {
    if let Some(locale) = req.extensions().get::<Locale>() {
        return *locale;
    }
    if let Some(l) = req
        .cookie(LANG_COOKIE)
        .and_then(|c| Locale::parse(c.value()))
    {
        return l;
    }
    req.headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(Locale::from_accept_language)
        .unwrap_or_default()
}

/// The client's address: the peer, or the first untrusted hop of `X-Forwarded-For` when the
/// peer is a trusted proxy.
pub fn client_ip(req: &HttpRequest, trusted: &[IpAddr]) -> String {
    let peer = req.peer_addr().map(|a| a.ip());
    let Some(peer) = peer else {
        return "unknown".into();
    };
    if !trusted.contains(&peer) {
        return peer.to_string();
    }
    let forwarded = req
        .headers()
        .get("x-forwarded-for")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    forwarded
        .split(',')
        .rev()
        .filter_map(|s| s.trim().parse::<IpAddr>().ok())
        .find(|ip| !trusted.contains(ip))
        .map(|ip| ip.to_string())
        .unwrap_or_else(|| peer.to_string())
}

/// The request as a page sees it.
pub struct Ctx {
    pub state: Data<AppState>,
    pub locale: Locale,
    pub account: Option<Account>,
    /// SHA-256 of the session id, when signed in.
    pub session_hash: Option<String>,
    pub csrf: String,
    pub path: String,
    /// The top bar's counters (to vote, unread notifications), for a signed-in GET.
    pub counters: Option<crate::notifications::Counters>,
}

impl Ctx {
    /// The signed-in account, or 401 (pages turn that into a redirect to the login form).
    pub fn require_account(&self) -> Result<&Account, AppError> {
        self.account.as_ref().ok_or(AppError::Unauthorized)
    }

    pub fn t(&self, key: &str) -> String {
        crate::i18n::t(self.locale, key)
    }

    /// A refusal in the reader's language (a form's inline error).
    pub fn refusal(&self, r: &crate::domain::refusal::Refused) -> String {
        crate::i18n::refusal(self.locale, r)
    }
}

pub(crate) fn csrf_token(state: &AppState, req: &HttpRequest) -> String {
    let seed = req
        .extensions()
        .get::<CsrfSeed>()
        .map(|s| s.0.clone())
        .or_else(|| req.cookie(CSRF_COOKIE).map(|c| c.value().to_string()))
        .unwrap_or_default();
    crypto::sign(&state.keys.csrf, &format!("csrf:{seed}"))
}

impl FromRequest for Ctx {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Ctx, AppError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let state = state(&req)?;
            let session_hash = req
                .cookie(SESSION_COOKIE)
                .map(|c| crypto::sha256_hex(c.value()));
            // A page (GET) also shows the top bar's counters: read with the session, on the
            // same connection (the unread count is one query on a partial index).
            let page = req.method() == actix_web::http::Method::GET;
            // Home counts the votes waiting for the reader itself and fills the top bar's
            // figure from that count (the same one): no need to count them twice.
            let with_votes = req.path() != "/";
            let (account, counters) = match session_hash.clone() {
                Some(hash) => {
                    state
                        .db
                        .run(move |conn| {
                            let account = accounts::session_account(conn, &hash)?;
                            let counters = match &account {
                                Some(a) if page => {
                                    Some(crate::notifications::counters(conn, a.id, with_votes)?)
                                }
                                _ => None,
                            };
                            Ok::<_, AppError>((account, counters))
                        })
                        .await?
                }
                None => (None, None),
            };
            let session_hash = account.as_ref().and(session_hash);
            let locale = account
                .as_ref()
                .and_then(|a| a.locale)
                .unwrap_or_else(|| request_locale(&req));
            req.extensions_mut().insert(locale);
            if let Some(a) = &account {
                tracing::Span::current().record("account", a.id);
            }
            Ok(Ctx {
                csrf: csrf_token(&state, &req),
                state,
                locale,
                account,
                session_hash,
                counters,
                path: req.path().to_string(),
            })
        })
    }
}

/// A form that passed the CSRF check. The token travels in the `csrf` field; a missing or
/// wrong token is 403 and the handler never runs.
pub struct CsrfForm<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for CsrfForm<T> {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<CsrfForm<T>, AppError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let body = Bytes::from_request(&req, payload);
        Box::pin(async move {
            let state = state(&req)?;
            let bytes = body.await.map_err(|e| {
                if e.as_response_error().status_code()
                    == actix_web::http::StatusCode::PAYLOAD_TOO_LARGE
                {
                    AppError::BadRequest("payload_too_large".into())
                } else {
                    AppError::BadRequest(e.to_string())
                }
            })?;
            let pairs: Vec<(String, String)> =
                serde_urlencoded::from_bytes(&bytes).map_err(|_| AppError::Csrf)?;
            let sent = pairs
                .iter()
                .find(|(k, _)| k == "csrf")
                .map(|(_, v)| v.as_str())
                .unwrap_or("");
            let seed = req
                .cookie(CSRF_COOKIE)
                .map(|c| c.value().to_string())
                .unwrap_or_default();
            if seed.is_empty() || !crypto::verify(&state.keys.csrf, &format!("csrf:{seed}"), sent) {
                return Err(AppError::Csrf);
            }
            let form = serde_urlencoded::from_bytes(&bytes)
                .map_err(|e| AppError::BadRequest(e.to_string()))?;
            Ok(CsrfForm(form))
        })
    }
}

/// What the page layout needs of the request (`views::layout::Chrome`).
impl<'a> From<&'a Ctx> for crate::web::views::layout::Chrome<'a> {
    fn from(ctx: &'a Ctx) -> Self {
        crate::web::views::layout::Chrome {
            locale: ctx.locale,
            display_name: ctx.account.as_ref().map(|a| a.display_name.as_str()),
            is_server_admin: ctx.account.as_ref().is_some_and(|a| a.is_server_admin),
            csrf: &ctx.csrf,
            path: &ctx.path,
            now: ctx.state.clock.now(),
            counters: ctx.counters.map(|c| crate::web::views::layout::TopCounts {
                to_vote: c.to_vote,
                unread: c.unread,
            }),
        }
    }
}
