//! Cross-cutting HTTP behaviour: security headers, the CSRF cookie, request ids and logs.

use super::context::{CSRF_COOKIE, CsrfSeed};
use actix_web::body::MessageBody;
use actix_web::cookie::{Cookie, SameSite};
use actix_web::dev::{Service, ServiceRequest, ServiceResponse, Transform, forward_ready};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::{Error, HttpMessage};
use std::future::{Future, Ready, ready};
use std::pin::Pin;
use std::time::Instant;
use tracing::Instrument;

type LocalBoxFuture<T> = Pin<Box<dyn Future<Output = T>>>;

pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
    form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

macro_rules! middleware {
    ($name:ident, $svc:ident) => {
        impl<S, B> Transform<S, ServiceRequest> for $name
        where
            S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
            B: MessageBody + 'static,
        {
            type Response = ServiceResponse<B>;
            type Error = Error;
            type Transform = $svc<S>;
            type InitError = ();
            type Future = Ready<Result<Self::Transform, Self::InitError>>;

            fn new_transform(&self, service: S) -> Self::Future {
                ready(Ok($svc {
                    service,
                    config: self.clone(),
                }))
            }
        }
    };
}

/// CSP without inline script, no framing, no sniffing, a strict referrer policy; and, when
/// the server's address is https, Strict-Transport-Security (browsers then never try http).
#[derive(Clone)]
pub struct SecurityHeaders {
    pub https: bool,
}
pub struct SecurityHeadersService<S> {
    service: S,
    config: SecurityHeaders,
}
middleware!(SecurityHeaders, SecurityHeadersService);

impl<S, B> Service<ServiceRequest> for SecurityHeadersService<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<B>;
    type Error = Error;
    type Future = LocalBoxFuture<Result<Self::Response, Self::Error>>;

    forward_ready!(service);

    fn call(&self, req: ServiceRequest) -> Self::Future {
        // Pages that show a secret (a new API token, a reset or invitation form whose address
        // holds one) are never kept by a browser or a proxy.
        let path = req.path();
        let secret = path == "/account"
            || path.starts_with("/account/")
            || path.starts_with("/password/")
            || path.starts_with("/invitations/");
        let fut = self.service.call(req);
        let https = self.config.https;
        Box::pin(async move {
            let mut res = fut.await?;
            let headers = res.headers_mut();
            if secret {
                headers.insert(
                    HeaderName::from_static("cache-control"),
                    HeaderValue::from_static("no-store"),
                );
            }
            if https {
                headers.insert(
                    HeaderName::from_static("strict-transport-security"),
                    HeaderValue::from_static("max-age=31536000"),
                );
            }
            for (name, value) in [
                ("content-security-policy", CSP),
                ("x-content-type-options", "nosniff"),
                ("x-frame-options", "DENY"),
                ("referrer-policy", "same-origin"),
            ] {
                headers.insert(
                    HeaderName::from_static(name),
                    HeaderValue::from_static(value),
                );
            }
            Ok(res)
        })
    }
}

/// Gives every browser a random CSRF seed cookie the first time it comes.
#[derive(Clone)]
pub struct CsrfCookie {
    pub secure: bool,
}
pub struct CsrfCookieService<S> {
    service: S,
    config: CsrfCookie,
}
middleware!(CsrfCookie, CsrfCookieService);

impl<S, B> Service<ServiceRequest> for CsrfCookieService<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<B>;
    type Error = Error;
    type Future = LocalBoxFuture<Result<Self::Response, Self::Error>>;

    forward_ready!(service);

    fn call(&self, req: ServiceRequest) -> Self::Future {
        let fresh = if req.cookie(CSRF_COOKIE).is_none() && !req.path().starts_with("/api/") {
            let seed = crate::crypto::new_token();
            req.extensions_mut().insert(CsrfSeed(seed.clone()));
            Some(seed)
        } else {
            None
        };
        let secure = self.config.secure;
        let fut = self.service.call(req);
        Box::pin(async move {
            let mut res = fut.await?;
            if let Some(seed) = fresh {
                let cookie = Cookie::build(CSRF_COOKIE, seed)
                    .path("/")
                    .http_only(true)
                    .secure(secure)
                    .same_site(SameSite::Lax)
                    .finish();
                let _ = res.response_mut().add_cookie(&cookie);
            }
            Ok(res)
        })
    }
}

/// A request id on every log line of the request, and one line when it ends. The line names
/// the route pattern, not the path, so tokens in URLs never reach the logs.
#[derive(Clone)]
pub struct RequestLog;
pub struct RequestLogService<S> {
    service: S,
    #[allow(dead_code)]
    config: RequestLog,
}
middleware!(RequestLog, RequestLogService);

impl<S, B> Service<ServiceRequest> for RequestLogService<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<B>;
    type Error = Error;
    type Future = LocalBoxFuture<Result<Self::Response, Self::Error>>;

    forward_ready!(service);

    fn call(&self, req: ServiceRequest) -> Self::Future {
        let request_id = crate::crypto::random_hex(8);
        let span = tracing::info_span!("request", id = %request_id, method = %req.method(), account = tracing::field::Empty);
        let started = Instant::now();
        let fut = {
            let _entered = span.enter();
            self.service.call(req)
        };
        Box::pin(
            async move {
                let mut res = fut.await?;
                let route = res.request().match_pattern().unwrap_or_else(|| "(unmatched)".to_string());
                tracing::info!(%route, status = res.status().as_u16(), ms = started.elapsed().as_millis() as u64, "request");
                if let Ok(v) = HeaderValue::from_str(&request_id) {
                    res.headers_mut().insert(HeaderName::from_static("x-request-id"), v);
                }
                Ok(res)
            }
            .instrument(span),
        )
    }
}
