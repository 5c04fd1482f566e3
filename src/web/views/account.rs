//! The account page: language, password, personal API tokens; a link to the mail preferences.

use super::forms::{alert, csrf, field, notice};
use super::layout::{Chrome, page};
use crate::i18n::{Locale, render, t};
use chrono::NaiveDateTime;
use maud::{Markup, html};

/// One personal API token, as listed.
pub struct TokenRow {
    pub id: i64,
    pub name: String,
    pub created_at: NaiveDateTime,
    pub expires_at: Option<NaiveDateTime>,
}

/// What the account page shows.
pub struct AccountView {
    pub display_name: String,
    pub email: String,
    /// The server's time zone: token dates are shown in it.
    pub tz: chrono_tz::Tz,
    pub tokens: Vec<TokenRow>,
    /// A token just created, shown once.
    pub new_token: Option<String>,
    pub error: Option<String>,
    pub done: Option<String>,
}

/// A notification kind's name (`new_proposal` -> "New proposals").
pub fn mail_kind_name(l: Locale, key: &str) -> String {
    t(l, &format!("mail-kind-{}", key.replace('_', "-")))
}

pub fn account_page(chrome: &Chrome<'_>, v: &AccountView) -> Markup {
    let l = chrome.locale;
    let token = chrome.csrf;
    let when = |at: NaiveDateTime| crate::i18n::format::in_zone(l, v.tz, at);
    let body = html! {
        (notice(v.done.as_deref()))
        (alert(v.error.as_deref()))
        section aria-labelledby="h-name" {
            h2 #h-name { (t(l, "account-nav-profile")) }
            form method="post" action="/account/name" {
                (csrf(token))
                p.field {
                    label for="f-display_name" { (t(l, "account-name")) }
                    span.hint #hint-name { (t(l, "account-name-hint")) }
                    input #f-display_name name="display_name" type="text" value=(v.display_name)
                        autocomplete="name" required maxlength="200" aria-describedby="hint-name";
                }
                button type="submit" { (t(l, "account-name-save")) }
            }
            p {
                (render(l, "account-email-line", &[("address", v.email.as_str().into())])) " · "
                a href="/account/email" { (t(l, "account-email-change")) }
            }
        }
        section aria-labelledby="h-lang" {
            h2 #h-lang { (t(l, "account-language")) }
            form method="post" action="/language" {
                (csrf(token))
                input type="hidden" name="next" value="/account";
                label for="acc-lang" { (t(l, "layout-language")) } " "
                select #acc-lang name="lang" {
                    option value="en" selected[l == Locale::En] { "English" }
                    option value="fr" selected[l == Locale::Fr] { "Français" }
                }
                " " button type="submit" { (t(l, "layout-language-apply")) }
            }
        }
        // Mail preferences, per-co-op volume and the digest: their own page.
        section aria-labelledby="h-mail" {
            h2 #h-mail { (t(l, "account-mail")) }
            p { (t(l, "account-notifications-intro")) " " a href="/account/notifications" { (t(l, "account-notifications-link")) } }
        }
        section aria-labelledby="h-pass" {
            h2 #h-pass { (t(l, "account-password")) }
            form method="post" action="/account/password" {
                (csrf(token))
                (field("current", &t(l, "field-current-password"), "password", "", "current-password"))
                (field("password", &t(l, "field-new-password"), "password", "", "new-password"))
                p.hint { (t(l, "password-rule")) }
                button type="submit" { (t(l, "account-change-password")) }
            }
        }
        section aria-labelledby="h-tokens" {
            h2 #h-tokens { (t(l, "account-tokens")) }
            p { (t(l, "account-tokens-intro")) }
            @if let Some(new) = &v.new_token {
                p.notice role="status" { (t(l, "account-token-once")) }
                p { code #new-token { (new) } }
            }
            @if v.tokens.is_empty() {
                p { (t(l, "account-tokens-none")) }
            } @else {
                @let (created_h, expires_h) = (t(l, "account-token-created"), t(l, "account-token-expires"));
                table.stack {
                    thead { tr { th scope="col" { (t(l, "account-token-name")) } th scope="col" { (created_h) } th scope="col" { (expires_h) } td {} } }
                    tbody {
                        @for row in &v.tokens {
                            tr {
                                th scope="row" { (row.name) }
                                td data-label=(created_h) { (when(row.created_at)) }
                                td data-label=(expires_h) { @if let Some(e) = row.expires_at { (when(e)) } @else { "—" } }
                                td {
                                    form.inline method="post" action=(format!("/account/tokens/{}/revoke", row.id)) {
                                        (csrf(token))
                                        button type="submit" { (t(l, "account-token-revoke")) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            form method="post" action="/account/tokens" {
                (csrf(token))
                (field("name", &t(l, "account-token-name"), "text", "", "off"))
                p.field {
                    label for="f-days" { (t(l, "account-token-days")) }
                    input #f-days name="days" type="number" min="1" max="3650" inputmode="numeric";
                }
                button type="submit" { (t(l, "account-token-create")) }
            }
        }
    };
    super::account_self::account_frame(chrome, &render(l, "account-title", &[]), body)
}

/// The one-click unsubscribe page: the question (a button, so link scanners change nothing),
/// or (`done`) the answer.
pub struct UnsubscribeView {
    /// The notification kind's key (`new_proposal`).
    pub kind: &'static str,
    pub done: bool,
}

pub fn unsubscribe_page(chrome: &Chrome<'_>, v: &UnsubscribeView) -> Markup {
    let l = chrome.locale;
    let kind = mail_kind_name(l, v.kind);
    let body = if v.done {
        html! {
            p role="status" { (render(l, "unsubscribe-done", &[("kind", kind.into())])) }
            p { a href="/account" { (t(l, "unsubscribe-manage")) } }
        }
    } else {
        html! {
            p { (render(l, "unsubscribe-question", &[("kind", kind.into())])) }
            form method="post" { button type="submit" { (t(l, "unsubscribe-submit")) } }
        }
    };
    page(chrome, &t(l, "unsubscribe-title"), body)
}
