//! The form that edits an open proposal: title, details, options (while nobody has voted)
//! and closing time, prefilled; a refusal is shown beside it in the reader's language.

use super::coops::{CoopView, in_coop};
use super::forms::{alert, csrf};
use super::layout::Chrome;
use crate::i18n::{Arg, render, t};
use crate::proposals::lifecycle::edit::EditInput;
use maud::{Markup, html};

/// What the edit page shows.
pub struct EditPage<'a> {
    pub coop: CoopView,
    pub id: i64,
    /// The title as it is (the page's heading).
    pub title: &'a str,
    pub input: &'a EditInput,
    /// The method takes options.
    pub has_options: bool,
    /// Someone has voted: the options are shown, not editable.
    pub options_locked: bool,
    pub error: Option<&'a str>,
}

pub fn edit_page(chrome: &Chrome<'_>, v: &EditPage<'_>) -> Markup {
    let l = chrome.locale;
    let base = format!("/c/{}/proposals/{}", v.coop.slug, v.id);
    let heading = render(l, "proposal-edit-title", &[("title", Arg::from(v.title))]);
    let body = html! {
        (alert(v.error))
        p.hint { (t(l, "proposal-edit-hint")) }
        form method="post" action=(format!("{base}/edit")) {
            (csrf(chrome.csrf))
            p.field { label for="f-title" { (t(l, "proposal-field-title")) } input #f-title name="title" required maxlength="200" value=(v.input.title); }
            p.field { label for="f-details" { (t(l, "proposal-field-details")) } textarea #f-details name="details" rows="8" { (v.input.details) } }
            @if v.has_options {
                @if v.options_locked {
                    p.hint #options-locked { (t(l, "proposal-edit-options-locked")) }
                    ul.options { @for o in v.input.options.lines() { li { (o) } } }
                } @else {
                    p.field {
                        label for="f-options" { (t(l, "proposal-field-options")) }
                        textarea #f-options name="options" rows="5" { (v.input.options) }
                    }
                }
            }
            p.field { label for="f-closes" { (t(l, "proposal-field-closes")) } input #f-closes name="closes_at" type="datetime-local" required value=(v.input.closes_at); }
            button type="submit" { (t(l, "proposal-edit-save")) }
        }
        p { a href=(base) { (t(l, "proposal-back")) } }
    };
    in_coop(chrome, &v.coop, &heading, body)
}
