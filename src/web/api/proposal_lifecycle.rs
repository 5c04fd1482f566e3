//! A proposal's lifecycle over the API, with the pages' authorization and refusals: edit,
//! withdraw, remind now, reopen, its history, and the input of a copy.

use crate::domain::refusal::Code;
use crate::proposals::create::{ProposalInput, parse_local};
use crate::proposals::lifecycle::edit::{self, EditInput};
use crate::proposals::lifecycle::{Steerer, When, copy, history, remind, reopen, withdraw};
use crate::proposals::reading::{self, Proposal};
use crate::web::AppState;
use crate::web::authz::{Access, Action};
use crate::web::context::request_locale;
use crate::web::errors::AppError;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use serde::Deserialize;
use utoipa::ToSchema;

async fn load(state: &web::Data<AppState>, access: &Access, id: i64) -> Result<Proposal, AppError> {
    let coop = access.coop()?.id;
    Ok(state.db.run(move |c| reading::by_id(c, coop, id)).await?)
}

fn when(state: &AppState, access: &Access, req: &HttpRequest) -> Result<When, AppError> {
    Ok(When {
        now: state.clock.now(),
        locale: request_locale(req),
        tz: access.coop()?.tz(),
    })
}

fn steerer(access: &Access) -> Result<Steerer, AppError> {
    Ok(Steerer {
        account: access.account_id()?,
        board: access.may(Action::ManageProposals),
    })
}

#[utoipa::path(post, path = "/coops/{slug}/proposals/{id}/edit", tag = "proposals", security(("bearer" = [])),
    params(("slug" = String, Path, description = "The co-op's slug"), ("id" = i64, Path, description = "The proposal")),
    request_body = EditInput,
    responses((status = 204, description = "Edited (or nothing changed)"), (status = 403, description = "Neither its author nor the board"),
        (status = 409, description = "Refused: the code and the reason")))]
#[post("/coops/{slug}/proposals/{id}/edit")]
pub async fn edit_proposal(
    state: web::Data<AppState>,
    access: Access,
    req: HttpRequest,
    path: web::Path<(String, i64)>,
    body: web::Json<EditInput>,
) -> Result<HttpResponse, AppError> {
    let p = load(&state, &access, path.into_inner().1).await?;
    let (who, when, mail, pid) = (
        steerer(&access)?,
        when(&state, &access, &req)?,
        state.mail_context(),
        p.id,
    );
    let input = body.into_inner();
    state
        .db
        .run(move |c| edit::edit(c, &mail, &p, who, &input, when))
        .await?;
    state.open_elections.forget(pid);
    Ok(HttpResponse::NoContent().finish())
}

/// Why a proposal is withdrawn.
#[derive(Debug, Deserialize, ToSchema)]
pub struct WithdrawRequest {
    pub reason: String,
}

#[utoipa::path(post, path = "/coops/{slug}/proposals/{id}/withdraw", tag = "proposals", security(("bearer" = [])),
    params(("slug" = String, Path, description = "The co-op's slug"), ("id" = i64, Path, description = "The proposal")),
    request_body = WithdrawRequest,
    responses((status = 204, description = "Withdrawn"), (status = 403, description = "Neither its author nor the board"),
        (status = 409, description = "Refused: the code and the reason")))]
#[post("/coops/{slug}/proposals/{id}/withdraw")]
pub async fn withdraw_proposal(
    state: web::Data<AppState>,
    access: Access,
    path: web::Path<(String, i64)>,
    body: web::Json<WithdrawRequest>,
) -> Result<HttpResponse, AppError> {
    let p = load(&state, &access, path.into_inner().1).await?;
    let (who, now, mail) = (steerer(&access)?, state.clock.now(), state.mail_context());
    let reason = body.into_inner().reason;
    state
        .db
        .run(move |c| withdraw::withdraw(c, &mail, &p, who, (&reason, now)))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

#[utoipa::path(post, path = "/coops/{slug}/proposals/{id}/remind", tag = "proposals", security(("bearer" = [])),
    params(("slug" = String, Path, description = "The co-op's slug"), ("id" = i64, Path, description = "The proposal")),
    responses((status = 204, description = "Those who have not voted are reminded"),
        (status = 409, description = "Refused: `reminder_too_soon` names when it becomes possible")))]
#[post("/coops/{slug}/proposals/{id}/remind")]
pub async fn remind_voters(
    state: web::Data<AppState>,
    access: Access,
    req: HttpRequest,
    path: web::Path<(String, i64)>,
) -> Result<HttpResponse, AppError> {
    let p = load(&state, &access, path.into_inner().1).await?;
    let (me, when, mail) = (
        access.account_id()?,
        when(&state, &access, &req)?,
        state.mail_context(),
    );
    state
        .db
        .run(move |c| remind::remind(c, &mail, &p, me, when))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The new closing time of a reopened proposal, in the co-op's zone (`YYYY-MM-DDTHH:MM`).
#[derive(Debug, Deserialize, ToSchema)]
pub struct ReopenRequest {
    pub closes_at: String,
}

#[utoipa::path(post, path = "/coops/{slug}/proposals/{id}/reopen", tag = "proposals", security(("bearer" = [])),
    params(("slug" = String, Path, description = "The co-op's slug"), ("id" = i64, Path, description = "The proposal")),
    request_body = ReopenRequest,
    responses((status = 204, description = "Open again"), (status = 409, description = "Refused: the code and the reason")))]
#[post("/coops/{slug}/proposals/{id}/reopen")]
pub async fn reopen_proposal(
    state: web::Data<AppState>,
    access: Access,
    req: HttpRequest,
    path: web::Path<(String, i64)>,
    body: web::Json<ReopenRequest>,
) -> Result<HttpResponse, AppError> {
    let p = load(&state, &access, path.into_inner().1).await?;
    let (me, when, mail, pid) = (
        access.account_id()?,
        when(&state, &access, &req)?,
        state.mail_context(),
        p.id,
    );
    let until = parse_local(&body.closes_at, when.tz)
        .ok_or(crate::service::ServiceError::from(Code::ClosesAtInvalid))?;
    state
        .db
        .run(move |c| reopen::reopen(c, &mail, &p, me, until, when))
        .await?;
    state.open_elections.forget(pid);
    Ok(HttpResponse::NoContent().finish())
}

#[utoipa::path(get, path = "/coops/{slug}/proposals/{id}/history", tag = "proposals", security(("bearer" = [])),
    params(("slug" = String, Path, description = "The co-op's slug"), ("id" = i64, Path, description = "The proposal")),
    responses((status = 200, description = "Its history, oldest first: `at`, `by`, `kind` (opened, edited with word diffs, withdrawn, reminded, reopened with the earlier result and seal, closed)")))]
#[get("/coops/{slug}/proposals/{id}/history")]
pub async fn proposal_history(
    state: web::Data<AppState>,
    access: Access,
    path: web::Path<(String, i64)>,
) -> Result<HttpResponse, AppError> {
    let p = load(&state, &access, path.into_inner().1).await?;
    let entries = state
        .db
        .run(move |c| Ok::<_, crate::service::ServiceError>(history::of(c, &p)?))
        .await?;
    Ok(HttpResponse::Ok().json(entries))
}

#[utoipa::path(get, path = "/coops/{slug}/proposals/{id}/copy", tag = "proposals", security(("bearer" = [])),
    params(("slug" = String, Path, description = "The co-op's slug"), ("id" = i64, Path, description = "The proposal")),
    responses((status = 200, body = ProposalInput, description = "A new proposal's input prefilled from this one (no times)")))]
#[get("/coops/{slug}/proposals/{id}/copy")]
pub async fn copy_proposal(
    state: web::Data<AppState>,
    access: Access,
    req: HttpRequest,
    path: web::Path<(String, i64)>,
) -> Result<HttpResponse, AppError> {
    let (coop, id, l) = (access.coop()?.id, path.into_inner().1, request_locale(&req));
    let input = state.db.run(move |c| copy::input(c, coop, id, l)).await?;
    Ok(HttpResponse::Ok().json(input))
}
