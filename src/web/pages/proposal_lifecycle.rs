//! A proposal's lifecycle from its page: the edit form, withdraw, remind now, reopen, and
//! "make a copy" (to the new-proposal form, prefilled).

use super::proposal::render_page;
use super::{html, see_other, unprocessable};
use crate::mail::MailContext;
use crate::proposals::create::parse_local;
use crate::proposals::lifecycle::edit::{self, EditInput};
use crate::proposals::lifecycle::{Steerer, When, remind, reopen, withdraw};
use crate::proposals::reading::{self, Proposal};
use crate::service::ServiceError;
use crate::web::authz::{Access, Action};
use crate::web::context::{CsrfForm, Ctx};
use crate::web::errors::AppError;
use crate::web::views::coops::CoopView;
use crate::web::views::layout::Chrome;
use crate::web::views::proposal_edit::{EditPage, edit_page as view};
use actix_web::{HttpResponse, web};
use serde::Deserialize;

type Path = web::Path<(String, i64)>;

fn base(access: &Access, pid: i64) -> Result<String, AppError> {
    Ok(format!("/c/{}/proposals/{pid}", access.coop()?.slug))
}

async fn proposal(ctx: &Ctx, access: &Access, pid: i64) -> Result<Proposal, AppError> {
    let coop = access.coop()?.id;
    Ok(ctx
        .state
        .db
        .run(move |c| reading::by_id(c, coop, pid))
        .await?)
}

fn steerer(access: &Access) -> Result<Steerer, AppError> {
    Ok(Steerer {
        account: access.account_id()?,
        board: access.may(Action::ManageProposals),
    })
}

fn when(ctx: &Ctx, access: &Access) -> Result<When, AppError> {
    Ok(When {
        now: ctx.state.clock.now(),
        locale: ctx.locale,
        tz: access.coop()?.tz(),
    })
}

/// What a lifecycle action needs: the actor, the time (language and zone), the mail context.
fn act(ctx: &Ctx, access: &Access) -> Result<(i64, When, MailContext), AppError> {
    Ok((
        access.account_id()?,
        when(ctx, access)?,
        ctx.state.mail_context(),
    ))
}

/// Back to the proposal page when done; the page again with the refusal when refused.
async fn done<T>(
    ctx: &Ctx,
    access: &Access,
    pid: i64,
    answer: Result<T, ServiceError>,
) -> Result<HttpResponse, AppError> {
    match answer {
        Ok(_) => Ok(see_other(&base(access, pid)?)),
        Err(e) => refused(ctx, access, pid, e).await,
    }
}

/// The proposal page again with a refusal, or the error as it is.
async fn refused(
    ctx: &Ctx,
    access: &Access,
    pid: i64,
    e: ServiceError,
) -> Result<HttpResponse, AppError> {
    match e {
        ServiceError::Refused(r) => render_page(ctx, access, pid, Some(ctx.refusal(&r))).await,
        e => Err(e.into()),
    }
}

async fn form(
    ctx: &Ctx,
    access: &Access,
    p: &Proposal,
    input: &EditInput,
    error: Option<String>,
) -> Result<HttpResponse, AppError> {
    let pid = p.id;
    let voted = ctx
        .state
        .db
        .run(move |c| edit::anyone_voted(c, pid))
        .await?;
    let v = EditPage {
        coop: CoopView::of(access.coop()?, access),
        id: p.id,
        title: &p.title,
        input,
        has_options: p.method.has_options(),
        options_locked: voted,
        error: error.as_deref(),
    };
    let markup = view(&Chrome::from(ctx), &v);
    Ok(if error.is_some() {
        unprocessable(markup)
    } else {
        html(markup)
    })
}

pub async fn edit_page(ctx: Ctx, access: Access, path: Path) -> Result<HttpResponse, AppError> {
    let p = proposal(&ctx, &access, path.into_inner().1).await?;
    if !steerer(&access)?.may_steer(&p) {
        return Err(ServiceError::Forbidden.into());
    }
    if !p.is_open() {
        return Ok(see_other(&base(&access, p.id)?));
    }
    form(
        &ctx,
        &access,
        &p,
        &EditInput::of(&p, access.coop()?.tz()),
        None,
    )
    .await
}

pub async fn edit(
    ctx: Ctx,
    access: Access,
    path: Path,
    CsrfForm(input): CsrfForm<EditInput>,
) -> Result<HttpResponse, AppError> {
    let p = proposal(&ctx, &access, path.into_inner().1).await?;
    let (who, when, mail) = (
        steerer(&access)?,
        when(&ctx, &access)?,
        ctx.state.mail_context(),
    );
    let (q, i) = (p.clone(), input.clone());
    let done = ctx
        .state
        .db
        .run(move |c| edit::edit(c, &mail, &q, who, &i, when))
        .await;
    match done {
        Ok(_) => {
            ctx.state.open_elections.forget(p.id);
            Ok(see_other(&base(&access, p.id)?))
        }
        Err(ServiceError::Refused(r)) => {
            form(&ctx, &access, &p, &input, Some(ctx.refusal(&r))).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct ReasonForm {
    #[serde(default)]
    reason: String,
}

pub async fn withdraw(
    ctx: Ctx,
    access: Access,
    path: Path,
    CsrfForm(form): CsrfForm<ReasonForm>,
) -> Result<HttpResponse, AppError> {
    let p = proposal(&ctx, &access, path.into_inner().1).await?;
    let (who, (_, when, mail), pid) = (steerer(&access)?, act(&ctx, &access)?, p.id);
    let answer = ctx
        .state
        .db
        .run(move |c| withdraw::withdraw(c, &mail, &p, who, (&form.reason, when.now)))
        .await;
    done(&ctx, &access, pid, answer).await
}

#[derive(Deserialize)]
pub struct Empty {}

pub async fn remind(
    ctx: Ctx,
    access: Access,
    path: Path,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<HttpResponse, AppError> {
    let p = proposal(&ctx, &access, path.into_inner().1).await?;
    let ((me, when, mail), pid) = (act(&ctx, &access)?, p.id);
    let answer = ctx
        .state
        .db
        .run(move |c| remind::remind(c, &mail, &p, me, when))
        .await;
    done(&ctx, &access, pid, answer).await
}

#[derive(Deserialize)]
pub struct UntilForm {
    #[serde(default)]
    closes_at: String,
}

pub async fn reopen(
    ctx: Ctx,
    access: Access,
    path: Path,
    CsrfForm(form): CsrfForm<UntilForm>,
) -> Result<HttpResponse, AppError> {
    let p = proposal(&ctx, &access, path.into_inner().1).await?;
    let ((me, when, mail), pid) = (act(&ctx, &access)?, p.id);
    let Some(until) = parse_local(&form.closes_at, when.tz) else {
        let r = crate::domain::refusal::Code::ClosesAtInvalid.into();
        return refused(&ctx, &access, pid, r).await;
    };
    let answer = ctx
        .state
        .db
        .run(move |c| reopen::reopen(c, &mail, &p, me, until, when))
        .await;
    if answer.is_ok() {
        ctx.state.open_elections.forget(pid);
    }
    done(&ctx, &access, pid, answer).await
}

/// "Make a copy": the new-proposal form, prefilled from this one.
pub async fn copy(ctx: Ctx, access: Access, path: Path) -> Result<HttpResponse, AppError> {
    let p = proposal(&ctx, &access, path.into_inner().1).await?;
    Ok(see_other(&format!(
        "/c/{}/proposals/new?copy={}",
        access.coop()?.slug,
        p.id
    )))
}
