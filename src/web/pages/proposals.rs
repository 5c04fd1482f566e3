//! Proposals: the list, the creation form (optionally from a thread) and creating one.
//! The proposal page itself (ballot form and results) is in `proposal.rs`.

use super::{html, see_other, unprocessable};
use crate::domain::refusal::Code;
use crate::i18n::{Arg, render};
use crate::proposals::closing::verdict_text;
use crate::proposals::create::{self, ProposalInput};
use crate::service::ServiceError;
use crate::storage::coops;
use crate::storage::proposals;
use crate::web::authz::{Access, may_propose};
use crate::web::context::{CsrfForm, Ctx};
use crate::web::errors::AppError;
use crate::web::views::coops::{CoopView, nav, when};
use crate::web::views::forms::alert;
use crate::web::views::layout::{Chrome, page};
use crate::web::views::proposals::proposal_form;
use actix_web::{HttpResponse, web};
use maud::html;
use serde::Deserialize;

/// Board and admins may always propose; members when their college may.
pub fn may_create(access: &Access, book: &crate::domain::rulebook::Rulebook) -> bool {
    access
        .membership
        .as_ref()
        .is_some_and(|m| m.is_admin || m.is_board || may_propose(book, m))
}

pub fn state_label(ctx: &Ctx, state: &str) -> String {
    ctx.t(&format!("proposal-state-{state}"))
}

pub async fn list(ctx: Ctx, access: Access) -> Result<HttpResponse, AppError> {
    let coop = access.coop()?.clone();
    let id = coop.id;
    let (list, book) = ctx
        .state
        .db
        .run(move |c| Ok::<_, AppError>((proposals::list(c, id)?, coops::current_rulebook(c, id)?)))
        .await?;
    let l = ctx.locale;
    let body = html! {
        (nav(l, &CoopView::of(&coop, &access)))
        @if may_create(&access, &book) {
            p { a.button href=(format!("/c/{}/proposals/new", coop.slug)) { (ctx.t("proposal-new")) } }
        }
        @if list.is_empty() { p { (ctx.t("proposals-none")) } }
        table.proposals {
            thead { tr { th scope="col" { (ctx.t("proposal-field-title")) } th scope="col" { (ctx.t("proposal-state")) } th scope="col" { (ctx.t("proposal-field-closes")) } } }
            tbody { @for p in &list {
                tr {
                    td { a href=(format!("/c/{}/proposals/{}", coop.slug, p.id)) { (p.title) } }
                    td { (state_label(&ctx, p.state.key())) @if let Some(v) = &p.verdict { " — " (verdict_text(l, v, None)) } }
                    td { (when(l, &coop, p.closes_at)) }
                }
            } }
        }
    };
    let title = render(
        l,
        "proposals-title",
        &[("coop", Arg::from(coop.name.as_str()))],
    );
    Ok(html(page(&Chrome::from(&ctx), &title, body)))
}

#[derive(Deserialize)]
pub struct NewQuery {
    thread: Option<i64>,
}

async fn form_page(
    ctx: &Ctx,
    access: &Access,
    input: &ProposalInput,
    error: Option<String>,
) -> Result<HttpResponse, AppError> {
    let coop = access.coop()?.clone();
    let id = coop.id;
    let book = ctx
        .state
        .db
        .run(move |c| Ok::<_, AppError>(coops::current_rulebook(c, id)?))
        .await?;
    let l = ctx.locale;
    if !may_create(access, &book) {
        // Allowed by the table (a member), refused by the rulebook: say so, with no form.
        let body = html! { (nav(l, &CoopView::of(&coop, access))) p.error role="alert" { (ctx.refusal(&Code::ProposeNotAllowed.into())) } };
        let markup = page(&Chrome::from(ctx), &ctx.t("proposal-new"), body);
        return Ok(if error.is_some() {
            unprocessable(markup)
        } else {
            html(markup)
        });
    }
    let body = html! {
        (nav(l, &CoopView::of(&coop, access)))
        (alert(error.as_deref()))
        p.hint { (render(l, "proposal-time-zone", &[("zone", Arg::from(coop.time_zone.as_str()))])) }
        (proposal_form(l, &format!("/c/{}/proposals", coop.slug), &ctx.csrf, &book, input))
    };
    let markup = page(&Chrome::from(ctx), &ctx.t("proposal-new"), body);
    Ok(if error.is_some() {
        unprocessable(markup)
    } else {
        html(markup)
    })
}

pub async fn new_page(
    ctx: Ctx,
    access: Access,
    query: web::Query<NewQuery>,
) -> Result<HttpResponse, AppError> {
    let input = ProposalInput {
        method: "proposal".into(),
        decision_class: "ordinary".into(),
        results_visibility: "after_close".into(),
        thread_id: query.thread,
        ..Default::default()
    };
    form_page(&ctx, &access, &input, None).await
}

/// The form's fields: checkboxes arrive as `true` or not at all, numbers may be empty.
#[derive(Deserialize)]
pub struct ProposalForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    details: String,
    #[serde(default)]
    method: String,
    #[serde(default)]
    options: String,
    #[serde(default)]
    ranked_rule: String,
    #[serde(default)]
    score_min: String,
    #[serde(default)]
    score_max: String,
    #[serde(default)]
    dots_per_voter: String,
    #[serde(default)]
    decision_class: String,
    #[serde(default)]
    opens_at: String,
    #[serde(default)]
    closes_at: String,
    #[serde(default)]
    secret: Option<String>,
    #[serde(default)]
    results_visibility: String,
    #[serde(default)]
    reason_required: Option<String>,
    #[serde(default)]
    payload: String,
    #[serde(default)]
    thread_id: String,
}

impl From<ProposalForm> for ProposalInput {
    fn from(f: ProposalForm) -> Self {
        ProposalInput {
            title: f.title,
            details: f.details,
            method: f.method,
            options: f.options,
            ranked_rule: f.ranked_rule,
            score_min: f.score_min.trim().parse().ok(),
            score_max: f.score_max.trim().parse().ok(),
            dots_per_voter: f.dots_per_voter.trim().parse().ok(),
            decision_class: f.decision_class,
            opens_at: f.opens_at,
            closes_at: f.closes_at,
            secret: f.secret.is_some(),
            results_visibility: f.results_visibility,
            reason_required: f.reason_required.is_some(),
            payload: f.payload,
            thread_id: f.thread_id.trim().parse().ok(),
        }
    }
}

pub async fn create(
    ctx: Ctx,
    access: Access,
    CsrfForm(form): CsrfForm<ProposalForm>,
) -> Result<HttpResponse, AppError> {
    let input: ProposalInput = form.into();
    let slug = access.coop()?.slug.clone();
    let now = ctx.state.clock.now();
    let (mail, who, asked, locale) = (
        ctx.state.mail_context(),
        access.clone(),
        input.clone(),
        ctx.locale,
    );
    let created = ctx
        .state
        .db
        .run(move |c| create::create(c, &mail, &who, &asked, locale, now))
        .await;
    match created {
        Ok(id) => Ok(see_other(&format!("/c/{slug}/proposals/{id}"))),
        Err(ServiceError::Refused(r)) => {
            form_page(&ctx, &access, &input, Some(ctx.refusal(&r))).await
        }
        Err(e) => Err(e.into()),
    }
}
