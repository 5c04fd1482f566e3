//! Form pieces shared by pages.

use maud::{Markup, html};

pub fn csrf(token: &str) -> Markup {
    html! { input type="hidden" name="csrf" value=(token); }
}

/// A labelled input; `kind` is the HTML input type.
pub fn field(name: &str, label: &str, kind: &str, value: &str, autocomplete: &str) -> Markup {
    let id = format!("f-{name}");
    html! {
        p.field {
            label for=(id) { (label) }
            input id=(id) name=(name) type=(kind) value=(value) autocomplete=(autocomplete) required;
        }
    }
}

/// An inline message after a failed submission.
pub fn alert(text: Option<&str>) -> Markup {
    html! { @if let Some(text) = text { p.error role="alert" { (text) } } }
}

pub fn notice(text: Option<&str>) -> Markup {
    html! { @if let Some(text) = text { p.notice role="status" { (text) } } }
}
