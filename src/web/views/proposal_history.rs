//! A proposal's history on its page: each step with its time and who took it; an edit shows
//! the words of the title and details removed (`<del>`) and added (`<ins>`), each also named
//! in words for those who read without strike-through or underline.

use super::coops::CoopView;
use super::forms::csrf;
use crate::domain::proposal_state::ProposalState;
use crate::i18n::format::in_zone;
use crate::i18n::{Arg, Locale, render, t};
use crate::proposals::closing::verdict_text;
use crate::proposals::lifecycle::history::{Entry, Piece, Step};
use maud::{Markup, html};

fn diff(l: Locale, pieces: &[Piece]) -> Markup {
    html! {
        @for p in pieces {
            @match p {
                Piece::Same(s) => (s),
                Piece::Added(s) => ins { span.visually-hidden { "[" (t(l, "proposal-diff-added")) " " } (s) span.visually-hidden { "]" } },
                Piece::Removed(s) => del { span.visually-hidden { "[" (t(l, "proposal-diff-removed")) " " } (s) span.visually-hidden { "]" } },
            }
        }
    }
}

fn verdict(l: Locale, v: Option<&str>) -> String {
    v.map_or_else(
        || t(l, "proposal-history-closed-plain"),
        |v| verdict_text(l, v, None),
    )
}

fn step(l: Locale, coop: &CoopView, s: &Step) -> Markup {
    let when = |at| in_zone(l, coop.tz, at);
    html! {
        @match s {
            Step::Opened => (t(l, "proposal-history-opened")),
            Step::Edited { title, details, options, closes, .. } => {
                (t(l, "proposal-history-edited"))
                @if !title.is_empty() { div.diff { strong { (t(l, "proposal-history-title")) } " " (diff(l, title)) } }
                @if !details.is_empty() { div.diff { strong { (t(l, "proposal-history-details")) } div.diff-text { (diff(l, details)) } } }
                @if let Some((before, after)) = options {
                    div.diff { strong { (t(l, "proposal-history-options")) } " "
                        del { span.visually-hidden { "[" (t(l, "proposal-diff-removed")) " " } (before.join(", ")) span.visually-hidden { "]" } } " → "
                        ins { span.visually-hidden { "[" (t(l, "proposal-diff-added")) " " } (after.join(", ")) span.visually-hidden { "]" } } }
                }
                @if let Some((from, to)) = closes {
                    div.diff { (render(l, "proposal-history-closes-changed", &[("from", Arg::from(when(*from))), ("to", Arg::from(when(*to)))])) }
                }
            }
            Step::Withdrawn { reason } => (render(l, "proposal-history-withdrawn", &[("reason", Arg::from(reason.as_str()))])),
            Step::Reminded => (t(l, "proposal-history-reminded")),
            Step::Reopened { verdict: v, closes_at, ballots_sha256, result_sha256, .. } => {
                (render(l, "proposal-history-reopened", &[
                    ("to", Arg::from(closes_at.map(when).unwrap_or_default())),
                    ("verdict", Arg::from(verdict(l, v.as_deref()))),
                ]))
                @if let (Some(b), Some(r)) = (ballots_sha256, result_sha256) {
                    div.seal { small { (render(l, "proposal-history-seal", &[("ballots", Arg::from(b.as_str())), ("result", Arg::from(r.as_str()))])) } }
                }
            }
            Step::Closed { verdict: v } => {
                @match v {
                    Some(v) => (render(l, "proposal-history-closed", &[("verdict", Arg::from(verdict_text(l, v, None)))])),
                    None => (t(l, "proposal-history-closed-plain")),
                }
            }
        }
    }
}

/// The History section (nothing when there is no step yet).
pub fn section(l: Locale, coop: &CoopView, entries: &[Entry]) -> Markup {
    html! {
        @if !entries.is_empty() {
            section.history aria-labelledby="h-history" {
                h2 #h-history { (t(l, "proposal-history")) }
                ol.history {
                    @for e in entries {
                        li {
                            time datetime=(e.at.and_utc().to_rfc3339()) { (in_zone(l, coop.tz, e.at)) }
                            @if let Some(name) = &e.by { " " span.by { (render(l, "proposal-history-by", &[("name", Arg::from(name.as_str()))])) } }
                            " — " (step(l, coop, &e.step))
                        }
                    }
                }
            }
        }
    }
}

/// The lifecycle's part of the proposal page, for this reader.
pub struct Steering {
    pub history: Vec<Entry>,
    /// The reader may edit and withdraw it (author, board, admins).
    pub may_steer: bool,
    /// The reader manages proposals (remind now, reopen).
    pub board: bool,
    /// The reader may propose (make a copy).
    pub may_copy: bool,
    /// It may be reopened (closed, ordinary, not secret).
    pub reopenable: bool,
    /// When the next reminder by hand may go out, if not now.
    pub remind_next: Option<chrono::NaiveDateTime>,
}

/// "Withdrawn on … by …: reason", for a withdrawn proposal.
pub fn withdrawn_notice(l: Locale, coop: &CoopView, s: &Steering) -> Markup {
    let found = s.history.iter().rev().find_map(|e| match &e.step {
        Step::Withdrawn { reason } => Some((e.at, e.by.clone(), reason.clone())),
        _ => None,
    });
    html! {
        @if let Some((at, by, reason)) = found {
            p.notice #withdrawn { (render(l, "proposal-withdrawn-by", &[
                ("at", Arg::from(in_zone(l, coop.tz, at))),
                ("name", Arg::from(by.unwrap_or_else(|| t(l, "proposal-history-someone")))),
                ("reason", Arg::from(reason)),
            ])) }
        }
    }
}

/// The controls: edit, withdraw (author, board, admins), remind now, reopen (board), copy.
pub fn controls(
    l: Locale,
    (token, base, coop): (&str, &str, &CoopView),
    state: ProposalState,
    s: &Steering,
) -> Markup {
    let live = matches!(state, ProposalState::Open | ProposalState::Scheduled);
    html! {
        @if (live && (s.may_steer || s.board)) || (s.board && s.reopenable) || s.may_copy {
            section.steer aria-labelledby="h-steer" {
                h2 #h-steer { (t(l, "proposal-steer")) }
                @if state == ProposalState::Open && s.may_steer {
                    p { a href=(format!("{base}/edit")) { (t(l, "proposal-edit")) } }
                }
                @if state == ProposalState::Open && s.board {
                    @if let Some(next) = s.remind_next {
                        p.hint #remind-next { (render(l, "proposal-remind-next", &[("at", Arg::from(in_zone(l, coop.tz, next)))])) }
                    } @else {
                        form.inline method="post" action=(format!("{base}/remind")) { (csrf(token)) button type="submit" { (t(l, "proposal-remind-now")) } }
                    }
                }
                @if live && s.may_steer {
                    form method="post" action=(format!("{base}/withdrawal")) {
                        (csrf(token))
                        p.field { label for="f-withdraw-reason" { (t(l, "proposal-withdraw-reason")) } textarea #f-withdraw-reason name="reason" rows="2" required {} }
                        button type="submit" { (t(l, "proposal-withdraw")) }
                    }
                }
                @if state == ProposalState::Closed && s.board && s.reopenable {
                    form.inline method="post" action=(format!("{base}/reopen")) {
                        (csrf(token))
                        label for="f-reopen" { (t(l, "proposal-reopen-until")) } " "
                        input #f-reopen type="datetime-local" name="closes_at" required;
                        " " button type="submit" { (t(l, "proposal-reopen")) }
                    }
                }
                @if s.may_copy { p { a href=(format!("{base}/copy")) { (t(l, "proposal-copy")) } } }
            }
        }
    }
}
