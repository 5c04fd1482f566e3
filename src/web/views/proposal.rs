//! One proposal's page: what it is, the ballot form (two clicks: choose, submit), the results
//! as far as the reader may see them, and for the board who has not voted and the controls.

use super::coops::{CoopView, in_coop};
use super::forms::{alert, csrf};
use super::layout::Chrome;
use super::payload;
use super::positions::Positions;
use super::proposal_history::{self, Steering};
use super::proposals::{
    BallotForm, BallotSpec, VoteAs, ballot_form, class_label, closes_soon, closes_text,
    method_label, spoken_text, status_tag,
};
use super::results::{ResultView, result};
use super::results_tables::{LiveView, TablesView, live, method_name, tables};
use crate::domain::election::{Method, Outcome, RankedRule};
use crate::domain::proposal_state::ProposalState;
use crate::domain::rulebook::{Call, DecisionClass, Rulebook};
use crate::i18n::{Arg, Locale, render, t};
use crate::markdown::to_safe_html;
use crate::proposals::pairwise::Explained;
use crate::proposals::secrecy;
use chrono::NaiveDateTime;
use maud::{Markup, PreEscaped, html};
use serde_json::Value;

/// Everything the proposal page shows.
pub struct ProposalPage {
    pub coop: CoopView,
    /// Why the last submission was refused.
    pub error: Option<String>,
    pub id: i64,
    pub title: String,
    pub details: String,
    pub state: ProposalState,
    pub method: Method,
    pub decision_class: DecisionClass,
    pub call: Call,
    pub secret: bool,
    pub thread_id: Option<i64>,
    pub opens_at: NaiveDateTime,
    pub closes_at: NaiveDateTime,
    /// What the proposal would enact (`rules_change`, `payout_rule`).
    pub payload: Option<String>,
    /// The co-op's current rulebook (the payload against it, college names).
    pub book: Rulebook,
    pub options: Vec<String>,
    pub ballot: Ballot,
    /// Ballots counted so far.
    pub counted: i64,
    pub results: Results,
    pub outcome_statement: Option<String>,
    /// The board's part, for those who manage proposals.
    pub board: Option<Board>,
    /// Who chose what and why (not secret, results visible), and who has not voted yet when
    /// every reader may see it.
    pub positions: Positions,
    /// Its history and the lifecycle's controls (edit, withdraw, remind, reopen, copy).
    pub steering: Steering,
}

/// The reader's ballot: for whom they may vote, whether they have, and their current choice.
pub struct Ballot {
    pub spec: BallotSpec,
    /// Themselves (`giver: None`, when on the roll) and the proxy givers, by name.
    pub as_whom: Vec<VoteAs>,
    pub voted: bool,
    /// The reader's own ballot (stored choice JSON), to start the form from.
    pub current: Option<Value>,
}

/// The results as far as the reader may see them.
pub enum Results {
    /// Not visible to this reader yet.
    Hidden,
    /// The ballots could not be tallied: why.
    Error(String),
    Shown(Box<Tally>),
}

/// A tally, secrecy applied.
pub struct Tally {
    pub outcome: Outcome,
    /// The reasons, rendered, secrecy applied.
    pub reasons: Vec<String>,
    /// Adopted, but refused at enactment: why.
    pub not_enacted: Option<String>,
    /// The engine's tables (pairwise, rounds, points, by college) and the live turnout;
    /// none on a secret ballot with a withheld college.
    pub explained: Option<Explained>,
    /// How a ranked ballot is counted (named beside the method).
    pub rule: RankedRule,
}

/// What the board sees: who has not voted, and whether a second call may be held.
pub struct Board {
    /// The names (a bounded list) and how many in all, while the proposal is open.
    pub not_voted: Option<(Vec<String>, i64)>,
    pub second_call: bool,
    /// Why it may not close early now, in the reader's words (no button then).
    pub early_close_refused: Option<String>,
}

pub fn proposal_page(chrome: &Chrome<'_>, v: &ProposalPage) -> Markup {
    let l = chrome.locale;
    let coop = &v.coop;
    let base = format!("/c/{}/proposals/{}", coop.slug, v.id);
    let is_open = v.state == ProposalState::Open;
    let as_whom = named(l, &v.ballot.as_whom);
    let body = html! {
        (alert(v.error.as_deref()))
        (proposal_history::withdrawn_notice(l, coop, &v.steering))
        // The summary: where it stands, how it is decided, when, how many have voted.
        dl.summary {
            dt { (t(l, "proposal-state")) }
            dd.meta {
                (status_tag(l, v.state, v.verdict(), closes_soon(v.closes_at, chrome.now)))
                @if v.call == Call::Second { span { (t(l, "proposal-second-call-label")) } }
                @if v.secret { span { (t(l, "proposal-secret")) } }
            }
            // A withdrawn proposal closes at no time: its notice says when it was withdrawn.
            @if v.state != ProposalState::Withdrawn { dt { (t(l, "proposal-summary-when")) }
            dd {
                @if v.state == ProposalState::Scheduled { span.when { (spoken_text(l, coop, "proposal-opens-spoken", v.opens_at, chrome.now)) } br; }
                span.when { (closes_text(l, coop, v.closes_at, chrome.now)) }
            } }
            dt { (t(l, "proposal-field-method")) }
            dd { (method_label(l, v.method.name())) }
            dt { (t(l, "proposal-summary-class")) }
            dd { (class_label(l, v.decision_class.key())) }
            dt { (t(l, "proposal-summary-ballots")) }
            dd { (render(l, "proposal-counted", &[("count", Arg::from(v.counted))])) }
        }
        @if let Some(thread) = v.thread_id {
            p { a href=(format!("/c/{}/threads/{thread}", coop.slug)) { (t(l, "proposal-from-thread")) } }
        }
        div.details { (PreEscaped(to_safe_html(&v.details))) }
        (payload::section(l, v.decision_class, v.payload.as_deref(), &v.book))
        @if !v.options.is_empty() { ul.options { @for o in &v.options { li { (o) } } } }
        @if is_open && !as_whom.is_empty() {
            h2 { (t(l, "ballot-title")) }
            @if v.ballot.voted { p.notice { (t(l, "ballot-voted")) }
                form.inline method="post" action=(format!("{base}/withdraw")) { (csrf(chrome.csrf)) button type="submit" { (t(l, "ballot-withdraw")) } } }
            (ballot_form(&BallotForm {
                locale: l,
                action: &format!("{base}/vote"),
                token: chrome.csrf,
                ballot: &v.ballot.spec,
                as_whom: &as_whom,
                current: v.ballot.current.as_ref(),
            }))
        }
        // A withdrawn proposal is never tallied: no results to wait for.
        @if v.state != ProposalState::Withdrawn {
            h2 { (t(l, "proposal-results")) }
            (results_section(l, v))
        }
        (super::positions::part(l, coop, &base, &v.positions))
        @if let Some(s) = &v.outcome_statement { h3 { (t(l, "proposal-statement")) } div.statement { (PreEscaped(to_safe_html(s))) } }
        @if v.state == ProposalState::Closed { p {
            a href=(format!("{base}/ballots.json")) { (t(l, "proposal-export-ballots")) } " · "
            a href=(format!("{base}/results.csv")) { (t(l, "proposal-export-results")) }
        } }
        @if let Some(board) = &v.board { (board_section(l, chrome.csrf, &base, v, board)) }
        (proposal_history::controls(l, (chrome.csrf, &base, coop), v.state, &v.steering))
        (proposal_history::section(l, coop, &v.steering.history))
    };
    in_coop(chrome, coop, &v.title, body)
}

impl ProposalPage {
    /// The verdict, once closed and shown (not a live tally's).
    fn verdict(&self) -> Option<&'static str> {
        match &self.results {
            Results::Shown(r) if self.state == ProposalState::Closed => {
                Some(r.outcome.verdict.name())
            }
            _ => None,
        }
    }
}

/// Names the voter's own entry ("myself") and the givers in the reader's language.
fn named(l: Locale, list: &[VoteAs]) -> Vec<VoteAs> {
    list.iter()
        .map(|w| VoteAs {
            giver: w.giver.clone(),
            name: match &w.giver {
                None => t(l, "ballot-vote-myself"),
                Some(_) => render(
                    l,
                    "ballot-vote-for",
                    &[("name", Arg::from(w.name.as_str()))],
                ),
            },
        })
        .collect()
}

fn results_section(l: Locale, v: &ProposalPage) -> Markup {
    let r = match &v.results {
        Results::Hidden => return html! { p { (t(l, "proposal-results-hidden")) } },
        Results::Error(e) => return html! { p { (t(l, "proposal-results-error")) " " (e) } },
        Results::Shown(r) => r,
    };
    let name = secrecy::college_names(&v.book);
    let view = ResultView {
        locale: l,
        outcome: &r.outcome,
        secret: v.secret,
        reasons: &r.reasons,
        college_name: &name,
        not_enacted: r.not_enacted.as_deref(),
    };
    let open = v.state == ProposalState::Open;
    html! {
        @if open { p.notice { (t(l, "proposal-results-live")) } }
        p { (t(l, "results-method")) " " (method_name(l, r.outcome.method, r.rule)) }
        @if let (true, Some(x)) = (open, &r.explained) {
            (live(&LiveView { locale: l, turnout: &x.turnout, quorum: &x.quorum, college_name: &name }))
        }
        (result(&view))
        @if let Some(x) = &r.explained {
            (tables(&TablesView { locale: l, rule: r.rule, explanation: &x.explanation, college_name: &name }))
        }
    }
}

fn board_section(l: Locale, token: &str, base: &str, v: &ProposalPage, b: &Board) -> Markup {
    let is_closed = v.state == ProposalState::Closed;
    html! {
        @if let Some((names, total)) = &b.not_voted {
            h3 { (render(l, "proposal-not-voted", &[("count", Arg::from(*total))])) }
            p { (names.join(", ")) }
        }
        // Closing early tallies the ballots cast: a scheduled proposal has none to tally.
        @if v.state == ProposalState::Open {
            @if let Some(why) = &b.early_close_refused {
                p.hint #early-close { (why) }
            } @else {
                form.inline method="post" action=(format!("{base}/close")) { (csrf(token)) button type="submit" { (t(l, "proposal-close-now")) } }
            }
        }
        @if matches!(v.state, ProposalState::Open | ProposalState::Scheduled) {
            form.inline method="post" action=(format!("{base}/extend")) {
                (csrf(token))
                label for="f-until" { (t(l, "proposal-extend-until")) } " "
                input #f-until type="datetime-local" name="closes_at" required;
                " " button type="submit" { (t(l, "proposal-extend")) }
            }
        }
        @if b.second_call {
            form method="post" action=(format!("{base}/second-call")) {
                (csrf(token))
                label for="f-second" { (t(l, "proposal-field-closes")) } " "
                input #f-second type="datetime-local" name="closes_at" required;
                " " button type="submit" { (t(l, "proposal-second-call")) }
            }
        }
        @if is_closed {
            form method="post" action=(format!("{base}/statement")) {
                (csrf(token))
                p.field { label for="f-statement" { (t(l, "proposal-statement")) } textarea #f-statement name="statement" rows="3" { (v.outcome_statement.clone().unwrap_or_default()) } }
                button type="submit" { (t(l, "proposal-statement-save")) }
            }
            @if !v.secret { p { a href=(format!("{base}/votes.csv")) { (t(l, "proposal-export-named")) } } }
        }
    }
}
