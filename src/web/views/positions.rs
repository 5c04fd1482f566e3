//! The Positions section of a proposal's page: who chose what and why (not secret, results
//! visible), filtered by choice and by college with GET links.

use super::coops::CoopView;
use crate::i18n::{Arg, Locale, render, t};
use chrono::NaiveDateTime;
use maud::{Markup, html};
/// One voter's position.
pub struct PositionLine {
    pub name: String,
    /// The college, by name.
    pub college: String,
    /// The choice, in words.
    pub choice: String,
    /// Cast by a proxy holder: their name.
    pub holder: Option<String>,
    pub reason: Option<String>,
    pub cast_at: Option<NaiveDateTime>,
}

/// The Positions section: the lines and the filters (GET links).
pub struct PositionsView {
    pub items: Vec<PositionLine>,
    /// `(key, name)` of each college.
    pub colleges: Vec<(String, String)>,
    /// `(stored choice, words)` of each choice cast.
    pub choices: Vec<(String, String)>,
    pub college: Option<String>,
    pub choice: Option<String>,
}

pub fn section(l: Locale, coop: &CoopView, base: &str, v: &PositionsView) -> Markup {
    let link = |college: Option<&str>, choice: Option<&str>| {
        let mut q: Vec<(&str, &str)> = vec![];
        if let Some(c) = college {
            q.push(("college", c));
        }
        if let Some(c) = choice {
            q.push(("choice", c));
        }
        let query = serde_urlencoded::to_string(&q).unwrap_or_default();
        if query.is_empty() {
            format!("{base}#positions")
        } else {
            format!("{base}?{query}#positions")
        }
    };
    let current = |on: bool| if on { Some("true") } else { None };
    html! {
        section #positions aria-labelledby="positions-title" {
            h2 #positions-title { (t(l, "proposal-positions")) }
            nav aria-label=(t(l, "proposal-positions-by-choice")) { ul.inline {
                li { a href=(link(v.college.as_deref(), None)) aria-current=[current(v.choice.is_none())] { (t(l, "proposal-positions-all")) } }
                @for (key, words) in &v.choices {
                    li { a href=(link(v.college.as_deref(), Some(key))) aria-current=[current(v.choice.as_deref() == Some(key.as_str()))] { (words) } }
                }
            } }
            nav aria-label=(t(l, "proposal-positions-by-college")) { ul.inline {
                li { a href=(link(None, v.choice.as_deref())) aria-current=[current(v.college.is_none())] { (t(l, "proposal-positions-all-colleges")) } }
                @for (key, name) in &v.colleges {
                    li { a href=(link(Some(key), v.choice.as_deref())) aria-current=[current(v.college.as_deref() == Some(key.as_str()))] { (name) } }
                }
            } }
            @if v.items.is_empty() { p { (t(l, "proposal-positions-none")) } }
            ul.positions { @for x in &v.items {
                li {
                    strong { (super::account_self::person_name(l, &x.name)) } " · " (x.college) " · " strong.choice { (x.choice) }
                    @if let Some(h) = &x.holder { " · " (render(l, "proposal-positions-by-proxy", &[("holder", Arg::from(h.as_str()))])) }
                    @if let Some(at) = x.cast_at { " · " span.when { (super::coops::when(l, coop, at)) } }
                    @if let Some(r) = &x.reason { blockquote { (r) } }
                }
            } }
        }
    }
}
