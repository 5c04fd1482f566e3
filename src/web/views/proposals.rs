//! Proposal pieces: the list, the creation form, the ballot form for every method (no
//! JavaScript). The tables behind a result are in `results_tables`. No database here: handlers pass view structs.

use crate::domain::election::{Method, RankedRule};
use crate::domain::proposal_state::ProposalState;
use crate::domain::refusal::Code;
use crate::domain::rulebook::{DecisionClass, Rulebook};
use crate::i18n::format::{relative, spoken};
use crate::i18n::{Arg, Locale, render, t};
use crate::proposals::closing::verdict_text;
use crate::proposals::create::{MAX_DOTS_PER_VOTER, MAX_SCORE_VALUES, ProposalInput};
use crate::web::views::coops::{CoopView, in_coop};
use crate::web::views::forms::{alert, csrf};
use crate::web::views::layout::Chrome;
use chrono::NaiveDateTime;
use maud::{Markup, html};
use serde_json::Value;

/// A voting method's plain name (`ranked` -> "ranked choice").
pub fn method_label(l: Locale, method: &str) -> String {
    t(l, &format!("rulebook-method-{method}"))
}

/// A decision class's plain name (`rules_change` -> "Changes to these rules").
pub fn class_label(l: Locale, class: &str) -> String {
    t(l, &format!("rulebook-class-{class}"))
}

/// A proposal state's plain name (`open` -> "open").
pub fn state_label(l: Locale, state: &str) -> String {
    t(l, &format!("proposal-state-{state}"))
}

/// A proposal's status as a tag: scheduled, open, closing soon (within a day), or its stored
/// verdict. The word is always written: colour never carries the meaning alone.
pub fn status_tag(l: Locale, state: ProposalState, verdict: Option<&str>, soon: bool) -> Markup {
    let (class, text) = match (state, verdict) {
        // A stored verdict is said whatever the state (a failed tally leaves one on an open
        // proposal).
        (_, Some(v)) => (
            match v {
                "adopted" | "decided" => "tag adopted",
                "rejected" | "blocked" | "vetoed" => "tag rejected",
                _ => "tag closed",
            },
            verdict_text(l, v, None),
        ),
        (ProposalState::Scheduled, None) => ("tag draft", state_label(l, state.key())),
        (ProposalState::Open, None) if soon => ("tag soon", t(l, "proposal-closing-soon")),
        (ProposalState::Open, None) => ("tag open", state_label(l, state.key())),
        (ProposalState::Closed, None) => ("tag closed", state_label(l, state.key())),
        (ProposalState::Withdrawn, None) => ("tag rejected", state_label(l, state.key())),
    };
    html! { strong class=(class) { (text) } }
}

/// Closing within a day: an open proposal's tag says "closing soon".
pub fn closes_soon(closes_at: NaiveDateTime, now: NaiveDateTime) -> bool {
    closes_at - now < chrono::Duration::hours(24)
}

/// When a proposal closes or closed, as people say it: "Closes in 3 days, on Friday
/// 12 December at 18:00 CET".
pub fn closes_text(l: Locale, coop: &CoopView, at: NaiveDateTime, now: NaiveDateTime) -> String {
    let key = if at > now {
        "proposal-closes-spoken"
    } else {
        "proposal-closed-spoken"
    };
    spoken_text(l, coop, key, at, now)
}

/// A message taking `relative` ("in 3 days") and `date` ("Friday 12 December at 18:00 CET").
pub fn spoken_text(
    l: Locale,
    coop: &CoopView,
    key: &str,
    at: NaiveDateTime,
    now: NaiveDateTime,
) -> String {
    render(
        l,
        key,
        &[
            ("relative", Arg::from(relative(l, coop.tz, at, now))),
            ("date", Arg::from(spoken(l, coop.tz, at, now))),
        ],
    )
}

/// One proposal in the list.
pub struct ProposalItem {
    pub id: i64,
    pub title: String,
    pub state: ProposalState,
    pub verdict: Option<String>,
    pub closes_at: NaiveDateTime,
}

/// The co-op's proposals.
pub struct ProposalList {
    pub coop: CoopView,
    /// The visitor may start a proposal.
    pub may_create: bool,
    pub proposals: Vec<ProposalItem>,
}

pub fn list_page(chrome: &Chrome<'_>, v: &ProposalList) -> Markup {
    let l = chrome.locale;
    let coop = &v.coop;
    let body = html! {
        @if v.may_create {
            p { a.button href=(format!("/c/{}/proposals/new", coop.slug)) { (t(l, "proposal-new")) } }
        }
        @if v.proposals.is_empty() { p { (t(l, "proposals-none")) } }
        @let (state_h, closes_h) = (t(l, "proposal-state"), t(l, "proposal-field-closes"));
        @if !v.proposals.is_empty() { table.proposals.stack {
            thead { tr { th scope="col" { (t(l, "proposal-field-title")) } th scope="col" { (state_h) } th scope="col" { (closes_h) } } }
            tbody { @for p in &v.proposals {
                tr {
                    th scope="row" { a href=(format!("/c/{}/proposals/{}", coop.slug, p.id)) { (p.title) } }
                    td data-label=(state_h) { (status_tag(l, p.state, p.verdict.as_deref(), closes_soon(p.closes_at, chrome.now))) }
                    td data-label=(closes_h) { (closes_text(l, coop, p.closes_at, chrome.now)) }
                }
            } }
        } }
    };
    let title = render(
        l,
        "proposals-title",
        &[("coop", Arg::from(coop.name.as_str()))],
    );
    in_coop(chrome, coop, &title, body)
}

/// The page to start a proposal: the form, or why the visitor may not.
pub struct NewProposal<'a> {
    pub coop: CoopView,
    /// The co-op's time zone, as stored (dates are entered in it).
    pub time_zone: String,
    /// The rulebook refuses this visitor a proposal: no form.
    pub refused: bool,
    /// Why the last submission was refused.
    pub error: Option<&'a str>,
    pub book: &'a Rulebook,
    pub input: &'a ProposalInput,
}

pub fn new_page(chrome: &Chrome<'_>, v: &NewProposal<'_>) -> Markup {
    let l = chrome.locale;
    let coop = &v.coop;
    let body = if v.refused {
        // Allowed by the table (a member), refused by the rulebook: say so, with no form.
        html! { p.error role="alert" { (crate::i18n::refusal(l, &Code::ProposeNotAllowed.into())) } }
    } else {
        html! {
            (alert(v.error))
            p.hint { (render(l, "proposal-time-zone", &[("zone", Arg::from(v.time_zone.as_str()))])) }
            (proposal_form(l, &format!("/c/{}/proposals", coop.slug), chrome.csrf, v.book, v.input))
        }
    };
    in_coop(chrome, coop, &t(l, "proposal-new"), body)
}

/// The creation form, filled with `input` (after a refusal) or defaults.
pub fn proposal_form(
    l: Locale,
    action: &str,
    token: &str,
    book: &Rulebook,
    input: &ProposalInput,
) -> Markup {
    let methods: Vec<&str> = Method::ALL.iter().map(|m| m.name()).collect();
    html! {
        form method="post" action=(action) {
            (csrf(token))
            @if let Some(thread) = input.thread_id { input type="hidden" name="thread_id" value=(thread); }
            p.field { label for="f-title" { (t(l, "proposal-field-title")) } input #f-title name="title" required value=(input.title); }
            p.field { label for="f-details" { (t(l, "proposal-field-details")) } textarea #f-details name="details" rows="6" { (input.details) } }
            p.field { label for="f-class" { (t(l, "proposal-field-class")) }
                select #f-class name="decision_class" {
                    @for c in DecisionClass::ALL {
                        option value=(c.key()) selected[input.decision_class == c.key()] {
                            (class_label(l, c.key())) " — "
                            (book.decisions.get(c).methods.iter().map(|m| method_label(l, m.key())).collect::<Vec<_>>().join(", "))
                        }
                    }
                }
            }
            p.field { label for="f-method" { (t(l, "proposal-field-method")) }
                select #f-method name="method" {
                    @for m in &methods { option value=(m) selected[input.method == *m] { (method_label(l, m)) } }
                }
            }
            p.field { label for="f-options" { (t(l, "proposal-field-options")) } textarea #f-options name="options" rows="4" { (input.options) } }
            p.field { label for="f-ranked" { (t(l, "proposal-field-ranked-rule")) }
                select #f-ranked name="ranked_rule" { @for r in [RankedRule::Schulze, RankedRule::Irv, RankedRule::Borda] { option value=(r.name()) selected[input.ranked_rule == r.name()] { (super::results_tables::rule_name(l, r)) } } }
            }
            p.field { label for="f-smin" { (t(l, "proposal-field-score-range")) }
                input #f-smin name="score_min" type="number" value=(input.score_min.unwrap_or(0));
                " – " input name="score_max" type="number" aria-label=(t(l, "proposal-field-score-range")) value=(input.score_max.unwrap_or(5));
            }
            p.field { label for="f-dots" { (t(l, "proposal-field-dots")) } input #f-dots name="dots_per_voter" type="number" min="1" max=(MAX_DOTS_PER_VOTER) value=(input.dots_per_voter.unwrap_or(10)); }
            p.field { label for="f-opens" { (t(l, "proposal-field-opens")) } input #f-opens name="opens_at" type="datetime-local" value=(input.opens_at); }
            p.field { label for="f-closes" { (t(l, "proposal-field-closes")) } input #f-closes name="closes_at" type="datetime-local" required value=(input.closes_at); }
            p.field { label { input type="checkbox" name="secret" value="true" checked[input.secret]; " " (t(l, "proposal-field-secret")) } }
            p.hint { (t(l, "proposal-secret-warning")) }
            p.field { label for="f-vis" { (t(l, "proposal-field-visibility")) }
                select #f-vis name="results_visibility" {
                    @for v in ["after_close", "after_vote", "live"] { option value=(v) selected[input.results_visibility == v] { (t(l, &format!("proposal-visibility-{}", v.replace('_', "-")))) } }
                }
            }
            p.field { label { input type="checkbox" name="reason_required" value="true" checked[input.reason_required]; " " (t(l, "proposal-field-reason-required")) } }
            p.field { label for="f-payload" { (t(l, "proposal-field-payload")) } textarea #f-payload name="payload" rows="8" { (input.payload) } }
            button type="submit" { (t(l, "proposal-create")) }
        }
    }
}

/// A person the voter may vote for: themselves (`None`) or a proxy giver.
pub struct VoteAs {
    pub giver: Option<String>,
    pub name: String,
}

/// What a ballot asks: the method, its options and limits.
pub struct BallotSpec {
    pub method: Method,
    pub options: Vec<String>,
    pub score_min: i64,
    pub score_max: i64,
    pub dots_per_voter: Option<i64>,
    pub reason_required: bool,
}

/// What the ballot form needs: where it posts, for whom one may vote, and the voter's
/// current choice (the stored JSON) to start from.
pub struct BallotForm<'a> {
    pub locale: Locale,
    pub action: &'a str,
    pub token: &'a str,
    pub ballot: &'a BallotSpec,
    pub as_whom: &'a [VoteAs],
    pub current: Option<&'a Value>,
}

/// The voter's current choice, read per field of the form.
struct Current<'a>(Option<&'a Value>);

impl Current<'_> {
    /// The `choice` radio (proposal, consent, single; `None` is a blank single ballot).
    fn is(&self, choice: Option<&str>) -> bool {
        match self.0 {
            Some(Value::String(s)) => Some(s.as_str()) == choice,
            Some(Value::Null) => choice.is_none(),
            _ => false,
        }
    }

    /// Approval: the option is among those approved.
    fn approves(&self, option: &str) -> bool {
        self.position(option).is_some()
    }

    /// Ranked: the option's position, from 1.
    fn position(&self, option: &str) -> Option<usize> {
        let list = self.0?.as_array()?;
        list.iter()
            .position(|v| v.as_str() == Some(option))
            .map(|i| i + 1)
    }

    /// Score and dot: the number given to the option.
    fn number(&self, option: &str) -> Option<i64> {
        self.0?.get(option)?.as_i64()
    }
}

/// The ballot form for the proposal's method.
pub fn ballot_form(f: &BallotForm<'_>) -> Markup {
    let (l, p) = (f.locale, f.ballot);
    let options = &p.options;
    let method = p.method;
    let current = Current(f.current);
    // Every score is listed while the range is small (creation caps it); a wider range from
    // before the cap gets a number field, so the page stays bounded whatever is stored.
    let listed_scores = i128::from(p.score_max) - i128::from(p.score_min) < MAX_SCORE_VALUES;
    html! {
        form.ballot method="post" action=(f.action) {
            (csrf(f.token))
            @match f.as_whom {
                [] => {}
                // One entry: no choice to make, but a proxy holder off the roll must still
                // say for whom they vote.
                [only] => { @if let Some(giver) = &only.giver { input type="hidden" name="for" value=(giver); } }
                many => {
                    p.field { label for="f-for" { (t(l, "ballot-vote-as")) }
                        select #f-for name="for" { @for w in many { option value=(w.giver.clone().unwrap_or_default()) { (w.name) } } }
                    }
                }
            }
            fieldset {
                legend { (t(l, "ballot-legend")) }
                @match method {
                    Method::Proposal => { @for c in ["agree", "disagree", "abstain", "block"] {
                        label.choice { input type="radio" name="choice" value=(c) required checked[current.is(Some(c))]; " " (t(l, &format!("ballot-choice-{c}"))) } br; } }
                    Method::Consent => { @for c in ["consent", "object", "stand_aside"] {
                        label.choice { input type="radio" name="choice" value=(c) required checked[current.is(Some(c))]; " " (t(l, &format!("ballot-choice-{}", c.replace('_', "-")))) } br; } }
                    Method::Single => {
                        @for o in options { label.choice { input type="radio" name="choice" value=(o) required checked[current.is(Some(o))]; " " (o) } br; }
                        label.choice { input type="radio" name="choice" value="" checked[current.is(None)]; " " (t(l, "ballot-abstain")) } br;
                    }
                    Method::Approval => { @for (i, o) in options.iter().enumerate() {
                        label.choice { input type="checkbox" name=(format!("opt-{i}")) value="1" checked[current.approves(o)]; " " (o) } br; } }
                    Method::Ranked => {
                        p.hint { (t(l, "ballot-ranked-hint")) }
                        @for (i, o) in options.iter().enumerate() {
                            @let at = current.position(o);
                            p.field { label for=(format!("f-opt-{i}")) { (o) }
                                select id=(format!("f-opt-{i}")) name=(format!("opt-{i}")) {
                                    option value="" { "—" }
                                    @for pos in 1..=options.len() { option value=(pos) selected[at == Some(pos)] { (pos) } }
                                }
                            }
                        }
                    }
                    Method::Score => {
                        @for (i, o) in options.iter().enumerate() {
                            @let given = current.number(o);
                            p.field { label for=(format!("f-opt-{i}")) { (o) }
                                @if listed_scores {
                                    select id=(format!("f-opt-{i}")) name=(format!("opt-{i}")) {
                                        option value="" { "—" }
                                        @for s in p.score_min..=p.score_max { option value=(s) selected[given == Some(s)] { (s) } }
                                    }
                                } @else {
                                    input id=(format!("f-opt-{i}")) name=(format!("opt-{i}")) type="number" min=(p.score_min) max=(p.score_max) value=[given];
                                }
                            }
                        }
                    }
                    Method::Dot => {
                        p.hint { (render(l, "ballot-dots-budget", &[("dots", Arg::Number(p.dots_per_voter.unwrap_or(0) as f64))])) }
                        @for (i, o) in options.iter().enumerate() {
                            p.field { label for=(format!("f-opt-{i}")) { (o) }
                                input id=(format!("f-opt-{i}")) name=(format!("opt-{i}")) type="number" min="0" max=(p.dots_per_voter.unwrap_or(0)) value=(current.number(o).unwrap_or(0));
                            }
                        }
                    }
                }
            }
            p.field { label for="f-reason" { (t(l, "ballot-reason")) @if p.reason_required { " *" } }
                textarea #f-reason name="reason" rows="2" required[p.reason_required] {} }
            button type="submit" { (t(l, "ballot-submit")) }
        }
    }
}
