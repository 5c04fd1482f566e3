//! Accepting an invitation: as the signed-in person, by logging in first, or with a new
//! account for the invited address.

use super::forms::{alert, csrf, field};
use super::layout::{Chrome, page};
use crate::i18n::{Arg, render, t};
use maud::{Markup, html};

/// What the acceptance page shows of a usable invitation.
pub struct AcceptView<'a> {
    /// The invitation's address (`/invitations/{token}`): the form posts there.
    pub action: &'a str,
    pub coop_name: &'a str,
    /// The college and role offered, in words.
    pub place: &'a str,
    pub invited_email: &'a str,
    /// The signed-in person's name, when someone is signed in.
    pub signed_in_as: Option<&'a str>,
    /// Whether an account exists for the invited address.
    pub account_exists: bool,
    pub error: Option<&'a str>,
}

pub fn accept_page(chrome: &Chrome<'_>, v: &AcceptView<'_>) -> Markup {
    let l = chrome.locale;
    let args = [
        ("coop", Arg::from(v.coop_name)),
        ("place", Arg::from(v.place)),
    ];
    let body = html! {
        p { (render(l, "accept-intro", &args)) }
        (alert(v.error))
        @if let Some(name) = v.signed_in_as {
            form method="post" action=(v.action) {
                (csrf(chrome.csrf))
                button type="submit" { (render(l, "accept-as", &[("name", Arg::from(name))])) }
            }
        } @else if v.account_exists {
            p { (t(l, "accept-login-first")) }
            p { a.button href=(format!("/login?next={}", crate::web::errors::url_encode(v.action))) { (t(l, "layout-login")) } }
        } @else {
            p { (render(l, "accept-new-account", &[("email", Arg::from(v.invited_email))])) }
            form method="post" action=(v.action) {
                (csrf(chrome.csrf))
                (field("display_name", &t(l, "field-display-name"), "text", "", "name"))
                (field("password", &t(l, "field-new-password"), "password", "", "new-password"))
                p.hint { (t(l, "password-rule")) }
                button type="submit" { (t(l, "accept-submit")) }
            }
        }
    };
    page(chrome, &t(l, "accept-title"), body)
}

/// An invitation that is unknown, used, revoked or expired.
pub fn accept_gone_page(chrome: &Chrome<'_>) -> Markup {
    let l = chrome.locale;
    let body = html! { p.error role="alert" { (t(l, "accept-invalid")) } };
    page(chrome, &t(l, "accept-title"), body)
}
