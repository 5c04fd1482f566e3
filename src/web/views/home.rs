//! The home page.

use super::layout::{Chrome, page};
use crate::i18n::{render, t};
use maud::{Markup, html};

/// What the home page shows: links for the signed-in, a way in for the others.
pub struct HomeView<'a> {
    /// The signed-in person's name.
    pub name: Option<&'a str>,
    pub is_server_admin: bool,
}

pub fn home_page(chrome: &Chrome<'_>, v: &HomeView<'_>) -> Markup {
    let l = chrome.locale;
    let body = match v.name {
        Some(name) => html! {
            p { (render(l, "home-welcome", &[("name", name.into())])) }
            ul {
                li { a href="/coops" { (t(l, "home-coops-link")) } }
                li { a href="/account" { (t(l, "home-account-link")) } }
                @if v.is_server_admin { li { a href="/admin/settings" { (t(l, "home-settings-link")) } } }
            }
        },
        None => html! {
            p { (t(l, "home-intro")) }
            p { a.button href="/login" { (t(l, "layout-login")) } }
        },
    };
    page(chrome, &t(l, "home-title"), body)
}
