//! The search page: a GET form (words, co-op, kind, open/closed) and the results, newest first,
//! each with its highlighted excerpt. Highlights arrive as pieces of plain text, escaped here
//! like any text: a post can never become markup.

use super::layout::{Chrome, page};
use crate::i18n::{Arg, render, t};
use maud::{Markup, html};

/// A stretch of a title or excerpt, highlighted or not.
pub struct Piece {
    pub text: String,
    pub marked: bool,
}

/// One result.
pub struct Hit {
    /// `thread`, `comment`, `proposal` or `statement`.
    pub kind: &'static str,
    pub coop_name: String,
    pub href: String,
    /// Its own title (threads, proposals), highlighted; empty for comments and statements.
    pub title: Vec<Piece>,
    /// The thread of a comment, the proposal of a statement.
    pub context_title: String,
    pub excerpt: Vec<Piece>,
    /// Proposals and statements: `open` or `closed`.
    pub state: Option<&'static str>,
}

pub struct SearchView {
    pub q: String,
    /// The co-op filter (a slug), the kind and the state: `""` for all.
    pub coop: String,
    pub kind: &'static str,
    pub state: &'static str,
    pub page: i64,
    /// The person's co-ops: slug and name.
    pub coops: Vec<(String, String)>,
    /// Why nothing was searched: a catalog key.
    pub problem: Option<&'static str>,
    pub max_chars: usize,
    pub hits: Vec<Hit>,
    pub more: bool,
}

const KINDS: [&str; 4] = ["thread", "comment", "proposal", "statement"];
const STATES: [&str; 2] = ["open", "closed"];

fn pieces(p: &[Piece]) -> Markup {
    html! { @for x in p { @if x.marked { mark { (x.text) } } @else { (x.text) } } }
}

/// The address of the same search at another page.
fn page_href(v: &SearchView, page: i64) -> String {
    let pairs = [
        ("q", v.q.as_str()),
        ("coop", v.coop.as_str()),
        ("kind", v.kind),
        ("state", v.state),
    ];
    let mut query: Vec<(&str, String)> = pairs
        .iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(k, value)| (*k, value.to_string()))
        .collect();
    query.push(("page", page.to_string()));
    format!(
        "/search?{}",
        serde_urlencoded::to_string(&query).unwrap_or_default()
    )
}

fn form(chrome: &Chrome<'_>, v: &SearchView) -> Markup {
    let l = chrome.locale;
    html! {
        form.search method="get" action="/search" role="search" aria-label=(t(l, "search-title")) {
            p.field {
                label for="search-q" { (t(l, "search-words")) }
                span.hint #search-q-hint { (render(l, "search-words-hint", &[("max", Arg::from(v.max_chars as i64))])) }
                input #search-q type="search" name="q" value=(v.q) aria-describedby="search-q-hint";
            }
            div.filters {
                p.field {
                    label for="search-coop" { (t(l, "search-coop")) }
                    select #search-coop name="coop" {
                        option value="" { (t(l, "search-all-coops")) }
                        @for (slug, name) in &v.coops {
                            option value=(slug) selected[*slug == v.coop] { (name) }
                        }
                    }
                }
                p.field {
                    label for="search-kind" { (t(l, "search-kind")) }
                    select #search-kind name="kind" {
                        option value="" { (t(l, "search-all-kinds")) }
                        @for k in KINDS {
                            option value=(k) selected[k == v.kind] { (t(l, &format!("search-kind-{k}"))) }
                        }
                    }
                }
                p.field {
                    label for="search-state" { (t(l, "search-state")) }
                    select #search-state name="state" {
                        option value="" { (t(l, "search-any-state")) }
                        @for s in STATES {
                            option value=(s) selected[s == v.state] { (t(l, &format!("search-state-{s}"))) }
                        }
                    }
                }
            }
            p { button type="submit" { (t(l, "search-submit")) } }
        }
    }
}

fn hit(chrome: &Chrome<'_>, h: &Hit) -> Markup {
    let l = chrome.locale;
    html! {
        li {
            p.meta {
                span { (t(l, &format!("search-kind-{}", h.kind))) }
                span { (h.coop_name) }
                @if let Some(s) = h.state {
                    strong class=(format!("tag {s}")) { (t(l, &format!("search-state-{s}"))) }
                }
            }
            p.title {
                a href=(h.href) {
                    @if h.title.is_empty() {
                        (render(l, &format!("search-in-{}", h.kind), &[("title", Arg::from(h.context_title.as_str()))]))
                    } @else {
                        (pieces(&h.title))
                    }
                }
            }
            @if !h.excerpt.is_empty() { p.excerpt { (pieces(&h.excerpt)) } }
        }
    }
}

pub fn search_page(chrome: &Chrome<'_>, v: &SearchView) -> Markup {
    let l = chrome.locale;
    let body = html! {
        (form(chrome, v))
        @if let Some(key) = v.problem {
            p.notice role="status" { (render(l, key, &[("max", Arg::from(v.max_chars as i64))])) }
        } @else {
            h2 #results { (t(l, "search-results")) }
            @if v.hits.is_empty() {
                p { (t(l, "search-none")) }
            } @else {
                ol.results aria-labelledby="results" {
                    @for h in &v.hits { (hit(chrome, h)) }
                }
            }
            @if v.page > 1 || v.more {
                nav.pager aria-label=(t(l, "search-pages")) {
                    @if v.page > 1 {
                        a rel="prev" href=(page_href(v, v.page - 1)) { (t(l, "search-previous")) } " "
                    }
                    @if v.more {
                        a rel="next" href=(page_href(v, v.page + 1)) { (t(l, "search-more")) }
                    }
                }
            }
        }
    };
    page(chrome, &t(l, "search-title"), body)
}
