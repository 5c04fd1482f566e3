//! HTML handlers: parse the request, call one service function, render a view.

pub mod accept;
pub mod account;
pub mod account_data;
pub mod account_email;
pub mod account_sessions;
pub mod admin;
pub mod audit;
pub mod auth;
pub mod comments;
pub mod coop_settings;
pub mod coops;
pub mod exports;
pub mod founding;
pub mod home;
pub mod invitations;
pub mod members;
pub mod notification_settings;
pub mod notifications;
pub mod password;
pub mod payout_rules;
pub mod payout_runs;
pub mod proposal;
pub mod proposal_lifecycle;
pub mod proposals;
pub mod proxies;
pub mod search;
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

/// Only same-site paths may be redirect targets: one `/`, not followed by `/` or `\`, and no
/// control character or white space anywhere (browsers drop a tab or a new line, so
/// `/\t/evil.example` would be read as `//evil.example`).
pub fn safe_next(next: Option<&str>) -> &str {
    match next {
        Some(n)
            if n.starts_with('/')
                && !n[1..].starts_with(['/', '\\'])
                && !n.chars().any(|c| c.is_control() || c.is_whitespace()) =>
        {
            n
        }
        _ => "/",
    }
}

/// The co-op as its pages show it: built here, where the stored row is at hand, so views
/// never see it.
impl crate::web::views::coops::CoopView {
    /// Built by a handler from the stored co-op and the visitor's access.
    pub fn of(
        coop: &crate::coops::Coop,
        access: &crate::access::Access,
    ) -> crate::web::views::coops::CoopView {
        crate::web::views::coops::CoopView {
            name: coop.name.clone(),
            slug: coop.slug.clone(),
            tz: coop.tz(),
            may: crate::web::views::coops::MENU
                .iter()
                .map(|(_, _, action)| *action)
                .filter(|a| access.may(*a))
                .collect(),
        }
    }
}

impl crate::web::views::coops::Zoned for crate::coops::Coop {
    fn zone(&self) -> chrono_tz::Tz {
        self.tz()
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_same_site_paths_are_redirect_targets() {
        for good in ["/", "/c/tv", "/c/tv/proposals?after=3#c-4", "/a%2F%2Fb"] {
            assert_eq!(safe_next(Some(good)), good);
        }
        for bad in [
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r/evil.example",
            "/ /evil.example",
            "/\u{0}/x",
            "/\u{a0}/evil.example",
            "https://evil.example",
            "evil.example",
            "",
            "\t/",
        ] {
            assert_eq!(safe_next(Some(bad)), "/", "{bad:?}");
        }
        assert_eq!(safe_next(None), "/");
    }
}
