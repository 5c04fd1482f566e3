//! The one page layout: a skip link, the top bar (Home · Co-ops · the signed-in person ·
//! language), an optional context bar (a co-op's sub-navigation and breadcrumbs), the main
//! landmark and the footer. Works without JavaScript.

use crate::i18n::{Locale, t};
use chrono::NaiveDateTime;
use maud::{DOCTYPE, Markup, html};

/// A digest of the stylesheet, computed when compiling (FNV-1a): its address carries it, so a
/// browser that keeps `/static/collegia.css` a day (`Cache-Control`) fetches a new version at once.
const STYLESHEET_DIGEST: u64 = {
    let bytes = include_str!("../../../static/collegia.css").as_bytes();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut i = 0;
    while i < bytes.len() {
        hash ^= bytes[i] as u64;
        hash = hash.wrapping_mul(0x0100_0000_01b3);
        i += 1;
    }
    hash
};

/// What the layout needs to know about the visitor.
pub struct Chrome<'a> {
    pub locale: Locale,
    pub display_name: Option<&'a str>,
    pub is_server_admin: bool,
    pub csrf: &'a str,
    pub path: &'a str,
    /// The server's time for this request (relative dates: "closes in 3 days").
    pub now: NaiveDateTime,
    /// The top bar's counters, when signed in (pages; absent after a form is refused).
    pub counters: Option<TopCounts>,
}

/// What the top bar counts for the signed-in person.
#[derive(Debug, Clone, Copy)]
pub struct TopCounts {
    /// Open ballots awaiting them (own and proxy).
    pub to_vote: usize,
    /// Unread notifications (counted up to 100).
    pub unread: i64,
}

/// A top bar link with its count in parentheses ("To vote (2)"); a count of zero is said too.
fn counted(l: Locale, label_key: &str, n: Option<String>) -> Markup {
    html! {
        (t(l, label_key))
        @if let Some(n) = n { " " span.count { "(" (n) ")" } }
    }
}

/// `aria-current` for a link of the top bar or a sub-navigation: `page` on the page itself,
/// `true` inside its section, nothing elsewhere.
pub fn current(path: &str, href: &str, prefix_of: &[&str]) -> Option<&'static str> {
    if path == href {
        Some("page")
    } else if prefix_of
        .iter()
        .any(|p| path == *p || path.starts_with(&format!("{p}/")))
    {
        Some("true")
    } else {
        None
    }
}

/// The language switch: one button per other language, named in that language.
fn language_switch(chrome: &Chrome<'_>) -> Markup {
    let l = chrome.locale;
    html! {
        form.lang method="post" action="/language" {
            input type="hidden" name="csrf" value=(chrome.csrf);
            input type="hidden" name="next" value=(chrome.path);
            @for other in Locale::ALL.into_iter().filter(|o| *o != l) {
                button.quiet type="submit" name="lang" value=(other.code()) lang=(other.code())
                    title=(t(other, "layout-language-to")) {
                    (t(other, "layout-language-name"))
                }
            }
        }
    }
}

fn top_bar(chrome: &Chrome<'_>) -> Markup {
    let l = chrome.locale;
    let path = chrome.path;
    html! {
        header.site {
            div.bar {
                a.brand href="/" { img src="/static/favicon.svg" alt="" width="28" height="28"; " Collegia" }
                @if chrome.display_name.is_some() {
                    nav.main aria-label=(t(l, "layout-main-nav")) {
                        ul {
                            li { a href="/" aria-current=[current(path, "/", &[])] { (t(l, "layout-home")) } }
                            li { a href="/#needs-vote" {
                                (counted(l, "layout-to-vote", chrome.counters.map(|c| c.to_vote.to_string())))
                            } }
                            li { a href="/notifications" aria-current=[current(path, "/notifications", &[])] {
                                (counted(l, "layout-notifications", chrome.counters.map(|c| match c.unread {
                                    n if n > 99 => t(l, "layout-count-many"),
                                    n => n.to_string(),
                                })))
                            } }
                            li { a href="/coops" aria-current=[current(path, "/coops", &["/c"])] { (t(l, "layout-coops")) } }
                        }
                    }
                }
                @if chrome.display_name.is_some() { (search_box(chrome)) }
                nav.account aria-label=(t(l, "layout-nav")) {
                    @if let Some(name) = chrome.display_name {
                        a.who href="/account" aria-current=[current(path, "/account", &[])] { (name) }
                        form.inline method="post" action="/logout" {
                            input type="hidden" name="csrf" value=(chrome.csrf);
                            button.quiet type="submit" { (t(l, "layout-logout")) }
                        }
                    } @else {
                        a href="/login" { (t(l, "layout-login")) }
                    }
                }
                @if !chrome.csrf.is_empty() { (language_switch(chrome)) }
            }
        }
    }
}

/// The top bar's search box: a GET form to `/search` (the search page has the filters).
fn search_box(chrome: &Chrome<'_>) -> Markup {
    let l = chrome.locale;
    html! {
        form.search-box method="get" action="/search" role="search" aria-label=(t(l, "search-box-label")) {
            label.visually-hidden for="top-search" { (t(l, "search-box-label")) }
            input #top-search type="search" name="q" size="12";
            button.quiet type="submit" { (t(l, "search-submit")) }
        }
    }
}

/// A page with the site's frame.
pub fn page(chrome: &Chrome<'_>, title: &str, body: Markup) -> Markup {
    framed(chrome, title, None, body)
}

/// A page with a context bar between the top bar and the main content (a co-op's
/// sub-navigation and breadcrumbs); the skip link passes over it.
pub fn framed(chrome: &Chrome<'_>, title: &str, context: Option<Markup>, body: Markup) -> Markup {
    let l = chrome.locale;
    html! {
        (DOCTYPE)
        html lang=(l.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="color-scheme" content="light dark";
                title { (title) " · Collegia" }
                link rel="stylesheet" href=(format!("/static/collegia.css?v={STYLESHEET_DIGEST:016x}"));
                link rel="icon" href="/static/favicon.svg" type="image/svg+xml";
            }
            body {
                a.skip href="#main" { (t(l, "layout-skip")) }
                (top_bar(chrome))
                @if let Some(context) = context { (context) }
                main #main tabindex="-1" { h1 { (title) } (body) }
                footer.site {
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
        // No page of the menu is current (the language switch then returns home).
        path: "",
        // An error page shows no date.
        now: NaiveDateTime::default(),
        counters: None,
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
