//! Proposals: the list, the creation form (optionally from a thread) and creating one.
//! The proposal page itself (ballot form and results) is in `proposal.rs`.

use super::{html, see_other, unprocessable};
use crate::proposals::create::{self, ProposalInput};
use crate::proposals::reading;
use crate::service::ServiceError;
use crate::web::authz::{Access, may_propose};
use crate::web::context::{CsrfForm, Ctx};
use crate::web::errors::AppError;
use crate::web::views::coops::CoopView;
use crate::web::views::layout::Chrome;
use crate::web::views::proposals::{self as view, NewProposal, ProposalItem, ProposalList};
use actix_web::{HttpResponse, web};
use serde::Deserialize;

/// Board and admins may always propose; members when their college may.
pub fn may_create(access: &Access, book: &crate::domain::rulebook::Rulebook) -> bool {
    access
        .membership
        .as_ref()
        .is_some_and(|m| m.is_admin || m.is_board || may_propose(book, m))
}

pub async fn list(ctx: Ctx, access: Access) -> Result<HttpResponse, AppError> {
    let coop = access.coop()?.clone();
    let id = coop.id;
    let (list, book) = ctx
        .state
        .db
        .run(move |c| reading::list_with_rulebook(c, id))
        .await?;
    let v = ProposalList {
        coop: CoopView::of(&coop, &access),
        may_create: may_create(&access, &book),
        proposals: list
            .into_iter()
            .map(|p| ProposalItem {
                id: p.id,
                title: p.title,
                state: p.state,
                verdict: p.verdict,
                closes_at: p.closes_at,
            })
            .collect(),
    };
    Ok(html(view::list_page(&Chrome::from(&ctx), &v)))
}

#[derive(Deserialize)]
pub struct NewQuery {
    thread: Option<i64>,
    /// "Make a copy": prefill from this proposal.
    copy: Option<i64>,
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
        .run(move |c| crate::coops::rulebook(c, id))
        .await?;
    let v = NewProposal {
        coop: CoopView::of(&coop, access),
        time_zone: coop.time_zone.clone(),
        refused: !may_create(access, &book),
        error: error.as_deref(),
        book: &book,
        input,
    };
    let markup = view::new_page(&Chrome::from(ctx), &v);
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
    let input = match query.copy {
        Some(id) => {
            let (coop, l) = (access.coop()?.id, ctx.locale);
            ctx.state
                .db
                .run(move |c| crate::proposals::lifecycle::copy::input(c, coop, id, l))
                .await?
        }
        None => ProposalInput {
            method: "proposal".into(),
            decision_class: "ordinary".into(),
            results_visibility: "after_close".into(),
            thread_id: query.thread,
            ..Default::default()
        },
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
