//! Server settings for server admins.

use super::forms::{csrf, notice};
use super::layout::{Chrome, page};
use crate::i18n::t;
use maud::{Markup, html};

/// The server's settings as stored.
pub struct SettingsView {
    pub anyone_may_found: bool,
    pub open_signup: bool,
    /// Right after saving.
    pub saved: bool,
}

pub fn settings_page(chrome: &Chrome<'_>, v: &SettingsView) -> Markup {
    let l = chrome.locale;
    let body = html! {
        @if v.saved { (notice(Some(&t(l, "notice-saved")))) }
        form method="post" action="/admin/settings" {
            (csrf(chrome.csrf))
            p.check { input #s-found type="checkbox" name="anyone_may_found" value="on" checked[v.anyone_may_found]; " " label for="s-found" { (t(l, "settings-anyone-may-found")) } }
            p.check { input #s-signup type="checkbox" name="open_signup" value="on" checked[v.open_signup]; " " label for="s-signup" { (t(l, "settings-open-signup")) } }
            button type="submit" { (t(l, "account-save")) }
        }
    };
    page(chrome, &t(l, "settings-title"), body)
}
