//! The account area's own pages: the sub-navigation, the email change, sessions, the data
//! download, leaving a co-op and deleting the account.

use super::forms::{alert, csrf, field, notice};
use super::layout::{Chrome, current, framed};
use crate::i18n::{Arg, Locale, render, t};
use chrono::NaiveDateTime;
use maud::{Markup, html};

/// The name a deleted account's row carries (`accounts::delete::FORMER_MEMBER`).
const FORMER_MEMBER: &str = "former member";

/// A person's name as pages show it: a deleted account's is "former member" in the reader's
/// language.
pub fn person_name(l: Locale, name: &str) -> String {
    if name == FORMER_MEMBER {
        t(l, "account-former-member")
    } else {
        name.to_string()
    }
}

const MENU: [(&str, &str); 6] = [
    ("/account", "account-nav-profile"),
    ("/account/email", "account-nav-email"),
    ("/account/sessions", "account-nav-sessions"),
    ("/account/data", "account-nav-data"),
    ("/account/coops", "account-nav-coops"),
    ("/account/delete", "account-nav-delete"),
];

/// A page of the account area: its sub-navigation above the content.
pub fn account_frame(chrome: &Chrome<'_>, title: &str, body: Markup) -> Markup {
    let l = chrome.locale;
    let context = html! {
        div.context {
            div.wrap {
                p.coopname { a href="/account" { (t(l, "account-nav")) } }
                nav.coop aria-label=(t(l, "account-nav")) {
                    ul {
                        @for (href, key) in MENU {
                            @let prefixes: &[&str] = if href == "/account" { &[] } else { &[href] };
                            li { a href=(href) aria-current=[current(chrome.path, href, prefixes)] { (t(l, key)) } }
                        }
                    }
                }
            }
        }
    };
    framed(chrome, title, Some(context), body)
}

/// The email change form.
pub struct EmailView {
    pub current: String,
    pub hours: i64,
    /// What was typed, shown again after a refusal.
    pub typed: String,
    pub error: Option<String>,
    pub done: Option<String>,
}

pub fn email_page(chrome: &Chrome<'_>, v: &EmailView) -> Markup {
    let l = chrome.locale;
    let body = html! {
        (notice(v.done.as_deref()))
        (alert(v.error.as_deref()))
        p { (render(l, "account-email-current", &[("address", Arg::from(v.current.as_str()))])) }
        p { (render(l, "account-email-intro", &[("hours", Arg::from(v.hours))])) }
        form method="post" action="/account/email" {
            (csrf(chrome.csrf))
            (field("email", &t(l, "account-email-new"), "email", &v.typed, "email"))
            (field("password", &t(l, "account-email-password"), "password", "", "current-password"))
            button type="submit" { (t(l, "account-email-submit")) }
        }
    };
    account_frame(chrome, &t(l, "account-email-title"), body)
}

/// What the page a confirmation link opens says.
pub enum Confirm<'a> {
    /// The question, for this new address, and one button.
    Ask(&'a str),
    /// The link does not work (unknown, used or expired).
    Invalid,
    /// The change was refused (the address was taken meanwhile): the sentence.
    Refused(&'a str),
}

pub fn email_confirm_page(chrome: &Chrome<'_>, state: Confirm<'_>) -> Markup {
    let l = chrome.locale;
    let body = match state {
        Confirm::Ask(address) => html! {
            p { (render(l, "account-email-confirm-question", &[("address", Arg::from(address))])) }
            form method="post" {
                (csrf(chrome.csrf))
                button type="submit" { (t(l, "account-email-confirm-submit")) }
            }
        },
        Confirm::Invalid => html! {
            p role="alert" { (t(l, "account-email-link-invalid")) }
            p { a href="/account/email" { (t(l, "account-email-change")) } }
        },
        Confirm::Refused(why) => html! {
            p.error role="alert" { (why) }
            p { a href="/account/email" { (t(l, "account-email-change")) } }
        },
    };
    super::layout::page(chrome, &t(l, "account-email-confirm-title"), body)
}

/// One session, as listed.
pub struct SessionLine {
    pub handle: String,
    pub signed_in_at: NaiveDateTime,
    pub last_used_at: Option<NaiveDateTime>,
    /// "Firefox, Linux", when known.
    pub device: Option<String>,
    pub current: bool,
}

pub struct SessionsView {
    pub tz: chrono_tz::Tz,
    pub sessions: Vec<SessionLine>,
    pub done: Option<String>,
}

pub fn sessions_page(chrome: &Chrome<'_>, v: &SessionsView) -> Markup {
    let l = chrome.locale;
    let when = |at: NaiveDateTime| crate::i18n::format::in_zone(l, v.tz, at);
    let (who_h, since_h, used_h) = (
        t(l, "account-sessions-browser"),
        t(l, "account-sessions-signed-in"),
        t(l, "account-sessions-last-used"),
    );
    let others = v.sessions.iter().filter(|s| !s.current).count();
    let body = html! {
        (notice(v.done.as_deref()))
        p { (t(l, "account-sessions-intro")) }
        table.stack {
            thead { tr { th scope="col" { (who_h) } th scope="col" { (since_h) } th scope="col" { (used_h) } td {} } }
            tbody {
                @for s in &v.sessions {
                    tr {
                        th scope="row" {
                            @if s.current { strong { (t(l, "account-sessions-this")) } }
                            @else { (t(l, "account-sessions-other")) }
                            @if let Some(d) = &s.device { br; span.hint { (d) } }
                        }
                        td data-label=(since_h) { (when(s.signed_in_at)) }
                        td data-label=(used_h) {
                            @match s.last_used_at { Some(at) => (when(at)), None => (t(l, "account-sessions-never")) }
                        }
                        td {
                            @if !s.current {
                                form.inline method="post" action=(format!("/account/sessions/{}/end", s.handle)) {
                                    (csrf(chrome.csrf))
                                    button.secondary type="submit" { (t(l, "account-sessions-end")) }
                                }
                            }
                        }
                    }
                }
            }
        }
        @if others == 0 {
            p { (t(l, "account-sessions-only-this")) }
        } @else {
            form method="post" action="/account/sessions/others/end" {
                (csrf(chrome.csrf))
                button.warning type="submit" { (t(l, "account-sessions-end-others")) }
            }
        }
    };
    account_frame(chrome, &t(l, "account-sessions-title"), body)
}

pub fn data_page(chrome: &Chrome<'_>, error: Option<&str>) -> Markup {
    let l = chrome.locale;
    let body = html! {
        (alert(error))
        p { (t(l, "account-data-intro")) }
        p { (t(l, "account-data-secret")) }
        form method="post" action="/account/data" {
            (csrf(chrome.csrf))
            (field("password", &t(l, "account-data-password"), "password", "", "current-password"))
            button type="submit" { (t(l, "account-data-submit")) }
        }
    };
    account_frame(chrome, &t(l, "account-data-title"), body)
}

/// A co-op one belongs to.
pub struct CoopLine {
    pub slug: String,
    pub name: String,
}

pub fn coops_page(chrome: &Chrome<'_>, coops: &[CoopLine], done: Option<&str>) -> Markup {
    let l = chrome.locale;
    let body = html! {
        (notice(done))
        p { (t(l, "account-coops-intro")) }
        @if coops.is_empty() {
            p { (t(l, "account-coops-none")) }
        } @else {
            ul {
                @for c in coops {
                    li {
                        a href=(format!("/c/{}", c.slug)) { (c.name) } " — "
                        a href=(format!("/account/coops/{}/leave", c.slug)) {
                            (render(l, "account-coops-leave", &[("coop", Arg::from(c.name.as_str()))]))
                        }
                    }
                }
            }
        }
    };
    account_frame(chrome, &t(l, "account-coops-title"), body)
}

/// The question before leaving a co-op.
pub fn leave_page(chrome: &Chrome<'_>, coop: &CoopLine, error: Option<&str>) -> Markup {
    let l = chrome.locale;
    let args = [("coop", Arg::from(coop.name.as_str()))];
    let body = html! {
        (alert(error))
        p { (render(l, "account-leave-intro", &args)) }
        form method="post" action=(format!("/account/coops/{}/leave", coop.slug)) {
            (csrf(chrome.csrf))
            button.warning type="submit" { (t(l, "account-leave-submit")) }
        }
    };
    account_frame(chrome, &render(l, "account-leave-title", &args), body)
}

pub fn delete_page(chrome: &Chrome<'_>, error: Option<&str>) -> Markup {
    let l = chrome.locale;
    let body = html! {
        (alert(error))
        p { (t(l, "account-delete-intro")) }
        p { (t(l, "account-delete-keeps")) }
        ul {
            li { (t(l, "account-delete-keep-posts")) }
            li { (t(l, "account-delete-keep-votes")) }
            li { (t(l, "account-delete-keep-register")) }
            li { (t(l, "account-delete-keep-audit")) }
        }
        p { a href="/account/data" { (t(l, "account-delete-export")) } }
        form method="post" action="/account/delete" {
            (csrf(chrome.csrf))
            (field("password", &t(l, "account-delete-password"), "password", "", "current-password"))
            p.check {
                input type="checkbox" id="f-confirm" name="confirm" value="yes";
                " " label for="f-confirm" { (t(l, "account-delete-confirm")) }
            }
            button.warning type="submit" { (t(l, "account-delete-submit")) }
        }
    };
    account_frame(chrome, &t(l, "account-delete-title"), body)
}
