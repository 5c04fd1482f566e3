//! HTML handlers: parse, authorize, call storage, render.

pub mod accept;
pub mod account;
pub mod admin;
pub mod audit;
pub mod auth;
pub mod comments;
pub mod coops;
pub mod exports;
pub mod founding;
pub mod home;
pub mod invitations;
pub mod members;
pub mod password;
pub mod payout_rules;
pub mod payout_runs;
pub mod proposal;
pub mod proposals;
pub mod proxies;
pub mod signup;
pub mod threads;
pub mod unsubscribe;
pub mod voting;
pub mod work;

use crate::web::context::SESSION_COOKIE;
use actix_web::HttpResponse;
use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::http::header;

/// Session lifetime: the row expires then, whatever the cookie says.
pub const SESSION_DAYS: i64 = 30;

pub fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location.to_string()))
        .finish()
}

pub fn html(markup: maud::Markup) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(markup.into_string())
}

/// A page shown after a refused submission (the form again, with the reason).
pub fn unprocessable(markup: maud::Markup) -> HttpResponse {
    HttpResponse::UnprocessableEntity()
        .content_type("text/html; charset=utf-8")
        .body(markup.into_string())
}

pub fn session_cookie(id: &str, secure: bool) -> Cookie<'static> {
    Cookie::build(SESSION_COOKIE, id.to_string())
        .path("/")
        .http_only(true)
        .secure(secure)
        .same_site(SameSite::Lax)
        .max_age(CookieDuration::days(SESSION_DAYS))
        .finish()
}

pub fn expired_session_cookie(secure: bool) -> Cookie<'static> {
    let mut c = session_cookie("", secure);
    c.make_removal();
    c
}

/// Only same-site relative paths may be redirect targets.
pub fn safe_next(next: Option<&str>) -> &str {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.starts_with("/\\") => n,
        _ => "/",
    }
}
