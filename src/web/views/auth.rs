//! Setup, sign-up, log in, forgotten and reset passwords: the forms before one is signed in.

use super::forms::{alert, csrf, field, notice};
use super::layout::{Chrome, page};
use crate::i18n::t;
use maud::{Markup, html};

/// A new-account form (first-run setup or open sign-up), as typed so far.
pub struct NewAccountForm<'a> {
    pub error: Option<&'a str>,
    pub email: &'a str,
    pub display_name: &'a str,
}

/// The first-run form: the first account becomes the server admin.
pub fn setup_page(chrome: &Chrome<'_>, f: &NewAccountForm<'_>) -> Markup {
    new_account_page(
        chrome,
        f,
        "/setup",
        ["setup-title", "setup-intro", "setup-submit"],
    )
}

/// Open sign-up.
pub fn signup_page(chrome: &Chrome<'_>, f: &NewAccountForm<'_>) -> Markup {
    new_account_page(
        chrome,
        f,
        "/signup",
        ["signup-title", "signup-intro", "signup-submit"],
    )
}

/// `keys`: the catalog keys of the title, the introduction and the button.
fn new_account_page(
    chrome: &Chrome<'_>,
    f: &NewAccountForm<'_>,
    action: &str,
    keys: [&str; 3],
) -> Markup {
    let [title, intro, submit] = keys;
    let l = chrome.locale;
    page(
        chrome,
        &t(l, title),
        html! {
            p { (t(l, intro)) }
            (alert(f.error))
            form method="post" action=(action) {
                (csrf(chrome.csrf))
                (field("display_name", &t(l, "field-display-name"), "text", f.display_name, "name"))
                (field("email", &t(l, "field-email"), "email", f.email, "email"))
                (field("password", &t(l, "field-new-password"), "password", "", "new-password"))
                p.hint { (t(l, "password-rule")) }
                button type="submit" { (t(l, submit)) }
            }
        },
    )
}

/// The login form.
pub struct LoginView<'a> {
    /// A notice after a redirect ("you are logged out"), already in the reader's language.
    pub notice: Option<&'a str>,
    pub error: Option<&'a str>,
    pub email: &'a str,
    /// Where to go after logging in (a safe relative path).
    pub next: &'a str,
    /// Whether the server accepts sign-ups (then the page links to the form).
    pub signup_link: bool,
}

pub fn login_page(chrome: &Chrome<'_>, v: &LoginView<'_>) -> Markup {
    let l = chrome.locale;
    page(
        chrome,
        &t(l, "login-title"),
        html! {
            (notice(v.notice))
            (alert(v.error))
            form method="post" action="/login" {
                (csrf(chrome.csrf))
                input type="hidden" name="next" value=(v.next);
                (field("email", &t(l, "field-email"), "email", v.email, "username"))
                (field("password", &t(l, "field-password"), "password", "", "current-password"))
                button type="submit" { (t(l, "login-submit")) }
            }
            p { a href="/password/forgot" { (t(l, "login-forgot")) } }
            @if v.signup_link { p { a href="/signup" { (t(l, "login-signup")) } } }
        },
    )
}

/// The forgotten-password form, or (`sent`) the word that a link is on its way.
pub fn forgot_page(chrome: &Chrome<'_>, sent: bool) -> Markup {
    let l = chrome.locale;
    page(
        chrome,
        &t(l, "forgot-title"),
        html! {
            @if sent {
                (notice(Some(&t(l, "forgot-sent"))))
            } @else {
                p { (t(l, "forgot-intro")) }
                form method="post" action="/password/forgot" {
                    (csrf(chrome.csrf))
                    (field("email", &t(l, "field-email"), "email", "", "email"))
                    button type="submit" { (t(l, "forgot-submit")) }
                }
            }
        },
    )
}

/// The new-password form reached by an emailed link.
pub fn reset_page(chrome: &Chrome<'_>, token: &str, error: Option<&str>) -> Markup {
    let l = chrome.locale;
    page(
        chrome,
        &t(l, "reset-title"),
        html! {
            (alert(error))
            p { (t(l, "reset-ends-access")) }
            form method="post" action=(format!("/password/reset/{token}")) {
                (csrf(chrome.csrf))
                (field("password", &t(l, "field-new-password"), "password", "", "new-password"))
                p.hint { (t(l, "password-rule")) }
                button type="submit" { (t(l, "reset-submit")) }
            }
        },
    )
}

/// A reset link that is unknown, used or expired.
pub fn reset_invalid_page(chrome: &Chrome<'_>) -> Markup {
    let l = chrome.locale;
    let body = html! { p.error role="alert" { (t(l, "reset-invalid")) } p { a href="/password/forgot" { (t(l, "reset-again")) } } };
    page(chrome, &t(l, "reset-title"), body)
}
