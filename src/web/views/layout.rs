//! The one page layout: header with the signed-in person, main landmark, footer with the
//! language switch. Works without JavaScript.

use crate::i18n::{Locale, t};
use maud::{DOCTYPE, Markup, html};

/// What the layout needs to know about the visitor.
pub struct Chrome<'a> {
    pub locale: Locale,
    pub display_name: Option<&'a str>,
    pub is_server_admin: bool,
    pub csrf: &'a str,
    pub path: &'a str,
}

pub fn page(chrome: &Chrome<'_>, title: &str, body: Markup) -> Markup {
    let l = chrome.locale;
    html! {
        (DOCTYPE)
        html lang=(l.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · Collegia" }
                link rel="stylesheet" href="/static/collegia.css";
                link rel="icon" href="/static/favicon.svg" type="image/svg+xml";
            }
            body {
                a.skip href="#main" { (t(l, "layout-skip")) }
                header.site {
                    a.brand href="/" { img src="/static/favicon.svg" alt="" width="28" height="28"; " Collegia" }
                    nav aria-label=(t(l, "layout-nav")) {
                        @if let Some(name) = chrome.display_name {
                            a href="/account" { (name) }
                            form.inline method="post" action="/logout" {
                                input type="hidden" name="csrf" value=(chrome.csrf);
                                button.link type="submit" { (t(l, "layout-logout")) }
                            }
                        } @else {
                            a href="/login" { (t(l, "layout-login")) }
                        }
                    }
                }
                main #main { h1 { (title) } (body) }
                footer.site {
                    @if !chrome.csrf.is_empty() {
                    form.inline method="post" action="/language" {
                        input type="hidden" name="csrf" value=(chrome.csrf);
                        input type="hidden" name="next" value=(chrome.path);
                        label for="lang-select" { (t(l, "layout-language")) }
                        " "
                        select #lang-select name="lang" {
                            option value="en" selected[l == Locale::En] { "English" }
                            option value="fr" selected[l == Locale::Fr] { "Français" }
                        }
                        " "
                        button type="submit" { (t(l, "layout-language-apply")) }
                    }
                    }
                    p { (t(l, "layout-footer")) }
                }
            }
        }
    }
}

/// The page for any error, in the reader's language.
/// An error page; `signed_in` (name, server admin) keeps the header of whoever is signed in.
pub fn error_page(
    locale: Locale,
    signed_in: Option<(&str, bool)>,
    csrf: &str,
    status: u16,
    title: &str,
    detail: Option<&str>,
) -> Markup {
    let chrome = Chrome {
        locale,
        display_name: signed_in.map(|(name, _)| name),
        is_server_admin: signed_in.is_some_and(|(_, admin)| admin),
        csrf,
        path: "/",
    };
    page(
        &chrome,
        title,
        html! {
            p.error role="alert" { (title) " (" (status) ")" }
            @if let Some(d) = detail { p { (d) } }
            p { a href="/" { (t(locale, "error-home")) } }
        },
    )
}
