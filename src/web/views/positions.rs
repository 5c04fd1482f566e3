//! The Positions part of a proposal's page: who chose what and why (not secret, results
//! visible), filtered by choice and by college with GET links, 50 a page with an "Older
//! positions" link (a keyset cursor); and who has not voted yet when every reader may see it.

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
    /// When it was cast, or last changed.
    pub cast_at: Option<NaiveDateTime>,
    /// Changed since first cast ("changed their vote" at `cast_at`).
    pub changed: bool,
}

/// The Positions section: the lines, the filters (GET links) and where older ones start.
pub struct PositionsView {
    pub items: Vec<PositionLine>,
    /// `(key, name)` of each college.
    pub colleges: Vec<(String, String)>,
    /// `(stored choice, words)` of each choice cast.
    pub choices: Vec<(String, String)>,
    pub college: Option<String>,
    pub choice: Option<String>,
    /// This page starts below a cursor (not the latest).
    pub paged: bool,
    /// The cursor of the next, older page, as the link carries it.
    pub older: Option<String>,
}

/// Positions, and who has not voted yet when shown to every reader (not secret, co-op setting).
#[derive(Default)]
pub struct Positions {
    pub list: Option<PositionsView>,
    /// The names (a bounded list) and how many in all.
    pub not_voted: Option<(Vec<String>, i64)>,
}

/// A link to the positions with these filters, from the top or below `older`.
fn link(base: &str, college: Option<&str>, choice: Option<&str>, older: Option<&str>) -> String {
    let mut q: Vec<(&str, &str)> = vec![];
    if let Some(c) = college {
        q.push(("college", c));
    }
    if let Some(c) = choice {
        q.push(("choice", c));
    }
    if let Some(c) = older {
        q.push(("older", c));
    }
    let query = serde_urlencoded::to_string(&q).unwrap_or_default();
    if query.is_empty() {
        format!("{base}#positions")
    } else {
        format!("{base}?{query}#positions")
    }
}

/// The whole part: "Not voted yet" (when shown to all), then the positions.
pub fn part(l: Locale, coop: &CoopView, base: &str, v: &Positions) -> Markup {
    html! {
        @if let Some((names, total)) = &v.not_voted {
            section #not-voted aria-labelledby="not-voted-title" {
                h2 #not-voted-title { (t(l, "proposal-not-voted-title")) }
                p { (render(l, "proposal-not-voted", &[("count", Arg::from(*total))])) }
                @if !names.is_empty() {
                    p { (names.join(", ")) @if (names.len() as i64) < *total { " …" } }
                }
            }
        }
        @if let Some(list) = &v.list { (section(l, coop, base, list)) }
    }
}

pub fn section(l: Locale, coop: &CoopView, base: &str, v: &PositionsView) -> Markup {
    let current = |on: bool| if on { Some("true") } else { None };
    let (college, choice) = (v.college.as_deref(), v.choice.as_deref());
    html! {
        section #positions aria-labelledby="positions-title" {
            h2 #positions-title { (t(l, "proposal-positions")) }
            nav aria-label=(t(l, "proposal-positions-by-choice")) { ul.inline {
                li { a href=(link(base, college, None, None)) aria-current=[current(choice.is_none())] { (t(l, "proposal-positions-all")) } }
                @for (key, words) in &v.choices {
                    li { a href=(link(base, college, Some(key), None)) aria-current=[current(choice == Some(key.as_str()))] { (words) } }
                }
            } }
            nav aria-label=(t(l, "proposal-positions-by-college")) { ul.inline {
                li { a href=(link(base, None, choice, None)) aria-current=[current(college.is_none())] { (t(l, "proposal-positions-all-colleges")) } }
                @for (key, name) in &v.colleges {
                    li { a href=(link(base, Some(key), choice, None)) aria-current=[current(college == Some(key.as_str()))] { (name) } }
                }
            } }
            @if v.items.is_empty() { p { (t(l, "proposal-positions-none")) } }
            ul.positions { @for x in &v.items {
                li {
                    strong { (super::account_self::person_name(l, &x.name)) } " · " (x.college) " · " strong.choice { (x.choice) }
                    @if let Some(h) = &x.holder { " · " (render(l, "proposal-positions-by-proxy", &[("holder", Arg::from(h.as_str()))])) }
                    @if let Some(at) = x.cast_at {
                        " · " span.when {
                            @if x.changed { span.changed { (t(l, "proposal-positions-changed")) } " · " }
                            (super::coops::when(l, coop, at))
                        }
                    }
                    @if let Some(r) = &x.reason { blockquote { (r) } }
                }
            } }
            @if v.paged || v.older.is_some() {
                nav.pager aria-label=(t(l, "proposal-positions-pages")) { ul.inline {
                    @if v.paged { li { a href=(link(base, college, choice, None)) { (t(l, "proposal-positions-latest")) } } }
                    @if let Some(c) = &v.older { li { a rel="next" href=(link(base, college, choice, Some(c))) { (t(l, "proposal-positions-older")) } } }
                } }
            }
        }
    }
}
