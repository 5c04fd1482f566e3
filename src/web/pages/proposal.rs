//! One proposal: what it is, the ballot form (two clicks: choose, submit), the results as
//! far as the reader may see them, and for the board who has not voted and the controls.

use super::proposals::state_label;
use super::{html, unprocessable};
use crate::domain::election::{Method, Outcome, RankedRule};
use crate::domain::proposal_state::ProposalState;
use crate::domain::rulebook::Call;
use crate::domain::rulebook::Rulebook;
use crate::i18n::{Arg, render};
use crate::proposals::{method_of, pairwise, results_visible, secrecy, voter_tag};
use crate::storage::proposals::{self, Proposal};
use crate::storage::{ballots, proxies};
use crate::web::authz::{Access, Action};
use crate::web::context::Ctx;
use crate::web::errors::AppError;
use crate::web::views::coops::{CoopView, nav, when};
use crate::web::views::forms::{alert, csrf};
use crate::web::views::layout::{Chrome, page};
use crate::web::views::proposals::{
    BallotForm, VoteAs, ballot_form, class_label, method_label, pairwise as pairwise_table, rounds,
};
use crate::web::views::results::{ResultView, result};
use actix_web::HttpResponse;
use maud::{Markup, PreEscaped, html};

/// Everything the page shows, loaded in one go.
pub struct Loaded {
    pub p: Proposal,
    pub on_roll: bool,
    pub voted: bool,
    pub as_whom: Vec<VoteAs>,
    pub grouped: Option<Vec<(String, String, i64)>>,
    pub not_voted: Option<(Vec<String>, i64)>,
    pub counted: i64,
    pub second_call: bool,
    /// The reader's own ballot (stored choice JSON), to start the form from.
    pub current: Option<serde_json::Value>,
    /// Adopted, but refused at enactment: why.
    pub not_enacted: Option<String>,
    /// The co-op's current rulebook (college names).
    pub book: Rulebook,
}

pub async fn load(ctx: &Ctx, access: &Access, pid: i64) -> Result<Loaded, AppError> {
    let coop_id = access.coop()?.id;
    let me = access.account_id()?;
    let secret = ctx.state.secret.clone();
    let board = access.may(Action::ManageProposals);
    ctx.state
        .db
        .run(move |c| {
            let p = proposals::by_id(c, coop_id, pid)?.ok_or(AppError::NotFound)?;
            let on_roll = proposals::college_on_roll(c, p.id, me)?.is_some();
            let tag = voter_tag(&secret, p.id, me);
            let stored = ballots::choice_of(c, p.id, &tag)?;
            let voted = stored.is_some();
            let current = stored
                .filter(|_| p.is_open())
                .and_then(|j| serde_json::from_str(&j).ok());
            let mut as_whom = vec![];
            if on_roll {
                as_whom.push(VoteAs {
                    giver: None,
                    name: String::new(),
                });
            }
            if p.is_open() {
                for x in proxies::of_member(c, coop_id, me)? {
                    let for_this = x.proposal_id.is_none_or(|id| id == p.id);
                    if x.holder_id == me
                        && for_this
                        && proposals::college_on_roll(c, p.id, x.giver_id)?.is_some()
                    {
                        as_whom.push(VoteAs {
                            giver: Some(x.giver_id.to_string()),
                            name: x.giver_name,
                        });
                    }
                }
            }
            let grouped = if results_visible(&p, voted) {
                Some(ballots::grouped(c, p.id)?)
            } else {
                None
            };
            let not_voted = if board && !p.is_closed() && p.is_open() {
                Some(proposals::not_voted(c, p.id, 200)?)
            } else {
                None
            };
            let counted = ballots::count(c, p.id)?;
            let book = crate::storage::coops::current_rulebook(c, coop_id)?;
            let second_call = p.verdict.as_deref() == Some("no_quorum")
                && p.call == Call::First
                && Some(p.decision_class)
                    .is_some_and(|k| crate::proposals::create::has_second_call(&book, k));
            let not_enacted = crate::proposals::enact::not_enacted(c, &p)?;
            Ok::<_, AppError>(Loaded {
                p,
                on_roll,
                voted,
                as_whom,
                grouped,
                not_voted,
                counted,
                second_call,
                current,
                not_enacted,
                book,
            })
        })
        .await
}

fn results_section(ctx: &Ctx, d: &Loaded) -> Markup {
    let l = ctx.locale;
    let Some(grouped) = &d.grouped else {
        return html! { p { (ctx.t("proposal-results-hidden")) } };
    };
    let outcome: Result<Outcome, _> = crate::proposals::outcome(&d.p, grouped);
    let o = match outcome {
        Ok(o) => o,
        Err(e) => return html! { p { (ctx.t("proposal-results-error")) " " (e.message) } },
    };
    let options = d.p.option_list();
    // Pairwise counts and IRV rounds are totals too: shown only when no college is withheld.
    let ranked = method_of(&d.p) == Method::Ranked && !secrecy::any_withheld(&o, d.p.secret);
    let name = secrecy::college_names(&d.book);
    let reasons = secrecy::public_reasons(l, &o, d.p.secret, &name);
    let view = ResultView {
        locale: l,
        outcome: &o,
        secret: d.p.secret,
        reasons: &reasons,
        college_name: &name,
        not_enacted: d.not_enacted.as_deref(),
    };
    html! {
        @if d.p.is_open() { p.notice { (ctx.t("proposal-results-live")) } }
        (result(&view))
        @if ranked && d.p.ranked_rule == RankedRule::Schulze { (pairwise_table(l, &options, &pairwise::table(&options, grouped))) }
        @if ranked && d.p.ranked_rule == RankedRule::Irv { (rounds(l, &o)) }
    }
}

fn board_section(ctx: &Ctx, slug: &str, d: &Loaded) -> Markup {
    let base = format!("/c/{slug}/proposals/{}", d.p.id);
    html! {
        @if let Some((names, total)) = &d.not_voted {
            h3 { (render(ctx.locale, "proposal-not-voted", &[("count", Arg::from(*total))])) }
            p { (names.join(", ")) }
        }
        // Closing early tallies the ballots cast: a scheduled proposal has none to tally.
        @if d.p.is_open() {
            form.inline method="post" action=(format!("{base}/close")) { (csrf(&ctx.csrf)) button type="submit" { (ctx.t("proposal-close-now")) } }
        }
        @if !d.p.is_closed() {
            form.inline method="post" action=(format!("{base}/extend")) {
                (csrf(&ctx.csrf))
                label for="f-until" { (ctx.t("proposal-extend-until")) } " "
                input #f-until type="datetime-local" name="closes_at" required;
                " " button type="submit" { (ctx.t("proposal-extend")) }
            }
        }
        @if d.second_call {
            form method="post" action=(format!("{base}/second-call")) {
                (csrf(&ctx.csrf))
                label for="f-second" { (ctx.t("proposal-field-closes")) } " "
                input #f-second type="datetime-local" name="closes_at" required;
                " " button type="submit" { (ctx.t("proposal-second-call")) }
            }
        }
        @if d.p.is_closed() {
            form method="post" action=(format!("{base}/statement")) {
                (csrf(&ctx.csrf))
                p.field { label for="f-statement" { (ctx.t("proposal-statement")) } textarea #f-statement name="statement" rows="3" { (d.p.outcome_statement.clone().unwrap_or_default()) } }
                button type="submit" { (ctx.t("proposal-statement-save")) }
            }
            @if !d.p.secret { p { a href=(format!("{base}/votes.csv")) { (ctx.t("proposal-export-named")) } } }
        }
    }
}

pub async fn render_page(
    ctx: &Ctx,
    access: &Access,
    pid: i64,
    error: Option<String>,
) -> Result<HttpResponse, AppError> {
    let coop = access.coop()?.clone();
    let d = load(ctx, access, pid).await?;
    let l = ctx.locale;
    let p = &d.p;
    let base = format!("/c/{}/proposals/{}", coop.slug, p.id);
    let as_whom = d.as_whom.clone_names(ctx);
    let body = html! {
        (nav(l, &CoopView::of(&coop, access)))
        (alert(error.as_deref()))
        p.meta {
            (state_label(ctx, p.state.key())) " · " (method_label(l, p.method.name())) " · " (class_label(l, p.decision_class.key()))
            @if p.call == Call::Second { " · " (ctx.t("proposal-second-call-label")) }
            @if p.secret { " · " (ctx.t("proposal-secret")) }
        }
        @if let Some(thread) = p.thread_id {
            p { a href=(format!("/c/{}/threads/{thread}", coop.slug)) { (ctx.t("proposal-from-thread")) } }
        }
        p { (render(l, "proposal-closes", &[("when", Arg::from(when(l, &coop, p.closes_at)))])) }
        @if p.state == ProposalState::Scheduled { p { (render(l, "proposal-opens", &[("when", Arg::from(when(l, &coop, p.opens_at)))])) } }
        div.details { (PreEscaped(crate::markdown::to_safe_html(&p.details))) }
        (crate::web::views::payload::section(l, p.decision_class.key(), p.payload.as_deref(), &d.book))
        @if let Some(opts) = Some(p.option_list()).filter(|o| !o.is_empty()) { ul.options { @for o in &opts { li { (o) } } } }
        @if p.is_open() && !as_whom.is_empty() {
            h2 { (ctx.t("ballot-title")) }
            @if d.voted { p.notice { (ctx.t("ballot-voted")) }
                form.inline method="post" action=(format!("{base}/withdraw")) { (csrf(&ctx.csrf)) button type="submit" { (ctx.t("ballot-withdraw")) } } }
            (ballot_form(&BallotForm {
                locale: l,
                action: &format!("{base}/vote"),
                token: &ctx.csrf,
                proposal: p,
                as_whom: &as_whom,
                current: d.current.as_ref(),
            }))
        }
        p { (render(l, "proposal-counted", &[("count", Arg::from(d.counted))])) }
        h2 { (ctx.t("proposal-results")) }
        (results_section(ctx, &d))
        @if let Some(s) = &p.outcome_statement { h3 { (ctx.t("proposal-statement")) } div.statement { (PreEscaped(crate::markdown::to_safe_html(s))) } }
        @if p.is_closed() { p {
            a href=(format!("{base}/ballots.json")) { (ctx.t("proposal-export-ballots")) } " · "
            a href=(format!("{base}/results.csv")) { (ctx.t("proposal-export-results")) }
        } }
        @if access.may(Action::ManageProposals) { (board_section(ctx, &coop.slug, &d)) }
    };
    let markup = page(&Chrome::from(ctx), &p.title, body);
    Ok(if error.is_some() {
        unprocessable(markup)
    } else {
        html(markup)
    })
}

trait Names {
    fn clone_names(&self, ctx: &Ctx) -> Vec<VoteAs>;
}

impl Names for Vec<VoteAs> {
    /// Names the voter's own entry ("myself") in the reader's language.
    fn clone_names(&self, ctx: &Ctx) -> Vec<VoteAs> {
        self.iter()
            .map(|w| VoteAs {
                giver: w.giver.clone(),
                name: match &w.giver {
                    None => ctx.t("ballot-vote-myself"),
                    Some(_) => render(
                        ctx.locale,
                        "ballot-vote-for",
                        &[("name", Arg::from(w.name.as_str()))],
                    ),
                },
            })
            .collect()
    }
}

pub async fn show(
    ctx: Ctx,
    access: Access,
    path: actix_web::web::Path<(String, i64)>,
) -> Result<HttpResponse, AppError> {
    render_page(&ctx, &access, path.into_inner().1, None).await
}
