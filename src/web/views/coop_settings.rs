//! The co-op's settings page (`/c/{slug}/settings`, board and admins): what members see of
//! a vote in progress.

use super::coops::{CoopView, in_coop};
use super::forms::{csrf, notice};
use super::layout::Chrome;
use crate::i18n::t;
use maud::{Markup, html};

/// What the page shows.
pub struct CoopSettingsView {
    pub coop: CoopView,
    pub show_not_voted: bool,
    pub saved: bool,
}

pub fn coop_settings_page(chrome: &Chrome<'_>, v: &CoopSettingsView) -> Markup {
    let l = chrome.locale;
    let body = html! {
        @if v.saved { (notice(Some(&t(l, "coop-settings-saved")))) }
        form method="post" action=(format!("/c/{}/settings", v.coop.slug)) {
            (csrf(chrome.csrf))
            fieldset.choices {
                legend { (t(l, "coop-settings-votes")) }
                p.check {
                    input #f-show-not-voted type="checkbox" name="show_not_voted" value="on" checked[v.show_not_voted];
                    " " label for="f-show-not-voted" { (t(l, "coop-settings-show-not-voted")) }
                }
                p.hint { (t(l, "coop-settings-show-not-voted-hint")) }
            }
            button type="submit" { (t(l, "coop-settings-save")) }
        }
    };
    in_coop(chrome, &v.coop, &t(l, "coop-settings-title"), body)
}
