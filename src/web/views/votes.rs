//! "My open votes": the proposals awaiting the reader's ballot, their own or as a proxy holder.

use super::coops::{CoopView, in_coop};
use super::layout::Chrome;
use super::proposals::closes_text;
use crate::i18n::{Arg, render, t};
use chrono::NaiveDateTime;
use maud::{Markup, html};

/// One proposal awaiting a ballot.
pub struct AwaitingVote {
    pub proposal_id: i64,
    pub title: String,
    pub closes_at: NaiveDateTime,
    /// Voting as a proxy holder: for whom, by name.
    pub giver: Option<String>,
    /// A ballot is already in (it may still be changed).
    pub voted: bool,
}

/// The reader's open votes in one co-op, own votes first.
pub struct MyVotes {
    pub coop: CoopView,
    pub votes: Vec<AwaitingVote>,
}

pub fn my_votes_page(chrome: &Chrome<'_>, v: &MyVotes) -> Markup {
    let l = chrome.locale;
    let coop = &v.coop;
    let body = html! {
        @if v.votes.is_empty() { p { (t(l, "votes-none")) } }
        ul.votes { @for w in &v.votes {
            li {
                a href=(format!("/c/{}/proposals/{}", coop.slug, w.proposal_id)) { (w.title) }
                @if let Some(name) = &w.giver { " (" (render(l, "votes-for", &[("name", Arg::from(name.as_str()))])) ")" }
                " — " (closes_text(l, coop, w.closes_at, chrome.now))
                " " @if w.voted { span.tag.closed { (t(l, "ballot-voted")) } } @else { strong.tag.soon { (t(l, "votes-awaiting")) } }
            }
        } }
    };
    in_coop(chrome, coop, &t(l, "votes-title"), body)
}
