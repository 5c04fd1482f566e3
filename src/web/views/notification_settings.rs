//! The notification settings page (`/account/notifications`): optional mail per kind, then
//! per co-op how much reaches the person (all / important / none) and the daily digest; and
//! what is always sent whatever the choices.

use super::account::mail_kind_name;
use super::forms::{csrf, notice};
use super::layout::{Chrome, page};
use crate::i18n::{Arg, render, t};
use maud::{Markup, html};

/// One co-op's settings.
pub struct CoopLine {
    pub id: i64,
    pub name: String,
    /// `all`, `important` or `none`.
    pub volume: &'static str,
    pub digest: bool,
}

/// What the page shows.
pub struct SettingsView {
    /// Each optional mail kind's key and whether it is on.
    pub mail: Vec<(&'static str, bool)>,
    pub coops: Vec<CoopLine>,
    pub saved: bool,
}

const VOLUMES: [&str; 3] = ["all", "important", "none"];

fn coop_fields(l: crate::i18n::Locale, c: &CoopLine) -> Markup {
    let name = Arg::from(c.name.as_str());
    html! {
        fieldset.choices {
            legend { (render(l, "notification-volume", &[("coop", name.clone())])) }
            @for v in VOLUMES {
                @let id = format!("v-{}-{v}", c.id);
                p.check {
                    input type="radio" id=(id) name=(format!("volume-{}", c.id)) value=(v) checked[c.volume == v];
                    " " label for=(id) { (t(l, &format!("notification-volume-{v}"))) }
                }
            }
            @let id = format!("d-{}", c.id);
            p.check {
                input type="checkbox" id=(id) name=(format!("digest-{}", c.id)) value="on" checked[c.digest];
                " " label for=(id) { (render(l, "notification-digest", &[("coop", name)])) }
            }
        }
    }
}

pub fn settings_page(chrome: &Chrome<'_>, v: &SettingsView) -> Markup {
    let l = chrome.locale;
    let body = html! {
        @if v.saved { (notice(Some(&t(l, "notification-settings-saved")))) }
        p.banner { (t(l, "notification-settings-never")) }
        form method="post" action="/account/notifications" {
            (csrf(chrome.csrf))
            section aria-labelledby="h-coops" {
                h2 #h-coops { (t(l, "notification-settings-coops")) }
                p { (t(l, "notification-settings-coops-intro")) }
                @if v.coops.is_empty() { p.empty { (t(l, "notification-settings-no-coops")) } }
                @for c in &v.coops { (coop_fields(l, c)) }
            }
            section aria-labelledby="h-mail" {
                h2 #h-mail { (t(l, "notification-settings-mail")) }
                fieldset.choices {
                    legend { (t(l, "notification-settings-mail-intro")) }
                    @for (key, on) in &v.mail {
                        p.check {
                            input type="checkbox" id=(format!("k-{key}")) name=(key) value="on" checked[*on];
                            " " label for=(format!("k-{key}")) { (mail_kind_name(l, key)) }
                        }
                    }
                }
            }
            button type="submit" { (t(l, "notification-settings-save")) }
        }
        p { a href="/account" { (t(l, "notification-settings-back")) } }
    };
    page(chrome, &t(l, "notification-settings-title"), body)
}
