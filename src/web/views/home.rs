//! The home page: for a signed-in person, what needs them across their co-ops — the votes
//! waiting for their ballot (a banner when one closes within a day), what was decided lately,
//! where the discussion is, and their co-ops; for the others, a way in.

use super::coops::CoopView;
use super::layout::{Chrome, page};
use super::proposals::{closes_text, status_tag};
use crate::domain::proposal_state::ProposalState;
use crate::i18n::format::relative;
use crate::i18n::{Arg, render, t};
use chrono::NaiveDateTime;
use maud::{Markup, html};

/// Votes listed on Home, soonest closing first; the rest are on each co-op's open votes.
const WAITING_SHOWN: usize = 10;

/// A co-op as the home page names it.
pub struct CoopLine {
    pub slug: String,
    pub name: String,
    pub tz: chrono_tz::Tz,
    /// Discussions holding something unread.
    pub unread: i64,
    /// Votes waiting for the reader's ballot there (own and proxy).
    pub waiting: usize,
}

/// A proposal waiting for the reader's ballot.
pub struct WaitingLine {
    pub coop: usize,
    pub id: i64,
    pub title: String,
    pub closes_at: NaiveDateTime,
    /// Voting as a proxy holder: for whom.
    pub giver: Option<String>,
}

/// A proposal decided lately.
pub struct DecidedLine {
    pub coop: usize,
    pub id: i64,
    pub title: String,
    pub verdict: Option<String>,
    pub closed_at: Option<NaiveDateTime>,
    pub statement: Option<String>,
}

/// A discussion lately active.
pub struct ThreadLine {
    pub coop: usize,
    pub id: i64,
    pub title: String,
    pub comments: i64,
    pub last_activity_at: NaiveDateTime,
    /// Never opened, and comments since the last visit.
    pub unread: Option<(bool, i64)>,
}

/// What a signed-in person's home shows; `coop` fields index `coops`.
pub struct Day {
    pub coops: Vec<CoopLine>,
    /// The soonest closing of the waiting votes (the first [`WAITING_SHOWN`] are listed).
    pub waiting: Vec<WaitingLine>,
    /// How many votes wait in all.
    pub waiting_total: usize,
    /// Open proposals where a ballot is in.
    pub voted: usize,
    /// Waiting votes closing within 24 hours.
    pub closing_soon: usize,
    pub decided: Vec<DecidedLine>,
    pub threads: Vec<ThreadLine>,
}

/// What the home page shows: the day for the signed-in, a way in for the others.
pub struct HomeView<'a> {
    /// The signed-in person's name.
    pub name: Option<&'a str>,
    pub is_server_admin: bool,
    pub day: Option<Day>,
}

fn zone(c: &CoopLine) -> CoopView {
    CoopView {
        name: c.name.clone(),
        slug: c.slug.clone(),
        tz: c.tz,
        may: vec![],
    }
}

/// The first words of an outcome statement.
fn excerpt(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() <= 30 {
        return words.join(" ");
    }
    format!("{} …", words[..30].join(" "))
}

fn day_body(chrome: &Chrome<'_>, name: &str, v: &HomeView<'_>, d: &Day) -> Markup {
    let l = chrome.locale;
    let now = chrome.now;
    let coop = |i: usize| &d.coops[i];
    html! {
        p { (render(l, "home-welcome", &[("name", name.into())])) }
        @if d.closing_soon > 0 {
            div.banner role="region" aria-labelledby="closing-soon" {
                h2 #closing-soon { (render(l, "home-closing-soon", &[("n", Arg::from(d.closing_soon))])) }
                p { (t(l, "home-closing-soon-hint")) }
            }
        }
        section #needs-vote aria-labelledby="needs-vote-title" {
            h2 #needs-vote-title { (render(l, "home-needs-vote", &[("n", Arg::from(d.waiting_total))])) }
            @if d.waiting.is_empty() {
                p { (t(l, "home-needs-vote-none")) " "
                    @if let Some(first) = d.coops.first() {
                        a href=(format!("/c/{}/threads/new", first.slug)) { (render(l, "home-start-discussion", &[("coop", Arg::from(first.name.as_str()))])) }
                    } @else {
                        a href="/coops" { (t(l, "home-coops-link")) }
                    }
                }
            }
            ul.home-list { @for w in d.waiting.iter().take(WAITING_SHOWN) {
                li {
                    a href=(format!("/c/{}/proposals/{}", coop(w.coop).slug, w.id)) { (w.title) }
                    " · " (coop(w.coop).name)
                    @if let Some(g) = &w.giver { " · " (render(l, "votes-for", &[("name", Arg::from(g.as_str()))])) }
                    br;
                    span.when { (closes_text(l, &zone(coop(w.coop)), w.closes_at, now)) }
                }
            } }
            @if d.waiting_total > WAITING_SHOWN {
                p {
                    (render(l, "home-needs-vote-more", &[("n", Arg::from(d.waiting_total - WAITING_SHOWN))]))
                    @for c in &d.coops {
                        @if c.waiting > 0 { " " a href=(format!("/c/{}/votes", c.slug)) { (c.name) " (" (c.waiting) ")" } }
                    }
                }
            }
            @if d.voted > 0 {
                p.hint { (render(l, "home-voted", &[("n", Arg::from(d.voted))])) }
            }
        }
        section aria-labelledby="decided-title" {
            h2 #decided-title { (t(l, "home-decided")) }
            @if d.decided.is_empty() { p { (t(l, "home-decided-none")) } }
            ul.home-list { @for x in &d.decided {
                li {
                    a href=(format!("/c/{}/proposals/{}", coop(x.coop).slug, x.id)) { (x.title) }
                    " · " (coop(x.coop).name) " "
                    (status_tag(l, ProposalState::Closed, x.verdict.as_deref(), false))
                    @if let Some(at) = x.closed_at { br; span.when { (relative(l, coop(x.coop).tz, at, now)) } }
                    @if let Some(s) = &x.statement { p.statement { (excerpt(s)) } }
                }
            } }
        }
        section aria-labelledby="threads-title" {
            h2 #threads-title { (t(l, "home-unread-threads")) }
            @if d.threads.is_empty() { p { (t(l, "home-unread-threads-none")) } }
            ul.home-list { @for x in &d.threads {
                li {
                    a href=(format!("/c/{}/threads/{}", coop(x.coop).slug, x.id)) { (x.title) }
                    (super::threads::unread_tag(l, x.unread))
                    " · " (coop(x.coop).name) br;
                    span.when {
                        (render(l, "home-thread-line", &[("n", Arg::from(x.comments)),
                            ("relative", Arg::from(relative(l, coop(x.coop).tz, x.last_activity_at, now)))]))
                    }
                }
            } }
        }
        section aria-labelledby="coops-title" {
            h2 #coops-title { (t(l, "home-coops-link")) }
            @if d.coops.is_empty() { p { (t(l, "home-coops-none")) } }
            ul { @for c in &d.coops { li {
                a href=(format!("/c/{}", c.slug)) { (c.name) }
                @if c.unread > 0 {
                    " · " a href=(format!("/c/{}/threads", c.slug)) {
                        (render(l, "home-coop-unread", &[("n", Arg::from(c.unread))]))
                    }
                }
            } } }
            p {
                a href="/account" { (t(l, "home-account-link")) }
                @if v.is_server_admin { " · " a href="/admin/settings" { (t(l, "home-settings-link")) } }
            }
        }
    }
}

pub fn home_page(chrome: &Chrome<'_>, v: &HomeView<'_>) -> Markup {
    let l = chrome.locale;
    let body = match (v.name, &v.day) {
        (Some(name), Some(day)) => day_body(chrome, name, v, day),
        (Some(name), None) => html! { p { (render(l, "home-welcome", &[("name", name.into())])) } },
        (None, _) => html! {
            p { (t(l, "home-intro")) }
            p { a.button href="/login" { (t(l, "layout-login")) } }
        },
    };
    page(chrome, &t(l, "home-title"), body)
}
