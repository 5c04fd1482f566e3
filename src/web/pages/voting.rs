//! Casting, changing and withdrawing a ballot; "my open votes"; the board's controls (close
//! now, extend, second call, outcome statement).

use super::proposal::render_page;
use super::{html, see_other};
use crate::domain::refusal::Code;
use crate::proposals::create::parse_local;
use crate::proposals::manage;
use crate::proposals::reading::{self, Proposal};
use crate::proposals::vote::{self, Choice, Desk, Giver, Vote};
use crate::service::ServiceError;
use crate::web::authz::Access;
use crate::web::context::{CsrfForm, Ctx};
use crate::web::errors::AppError;
use crate::web::views::coops::CoopView;
use crate::web::views::layout::Chrome;
use crate::web::views::votes::{AwaitingVote, MyVotes, my_votes_page};
use actix_web::{HttpResponse, web};
use serde::Deserialize;

fn base(access: &Access, pid: i64) -> Result<String, AppError> {
    Ok(format!("/c/{}/proposals/{pid}", access.coop()?.slug))
}

pub async fn proposal(ctx: &Ctx, access: &Access, pid: i64) -> Result<Proposal, AppError> {
    let coop = access.coop()?.id;
    ctx.state
        .db
        .run(move |c| reading::by_id(c, coop, pid))
        .await
        .map_err(AppError::from)
}

pub async fn cast(
    ctx: Ctx,
    access: Access,
    path: web::Path<(String, i64)>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let pid = path.into_inner().1;
    let field = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    let vote = Vote {
        coop_id: access.coop()?.id,
        proposal_id: pid,
        voter: access.account_id()?,
        giver: field("for")
            .and_then(|v| v.trim().parse::<i64>().ok())
            .map(Giver::Account),
        reason: field("reason"),
        choice: Choice::Form(pairs),
    };
    let state = &ctx.state;
    let desk = Desk {
        db: &state.db,
        ballot_box: &state.ballot_box,
        elections: &state.open_elections,
        keys: &state.keys,
    };
    match vote::cast(&desk, vote, ctx.state.clock.now()).await {
        Ok(()) => Ok(see_other(&base(&access, pid)?)),
        Err(ServiceError::Refused(r)) => {
            render_page(&ctx, &access, pid, Some(ctx.refusal(&r))).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct Empty {}

pub async fn withdraw(
    ctx: Ctx,
    access: Access,
    path: web::Path<(String, i64)>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<HttpResponse, AppError> {
    let pid = path.into_inner().1;
    let me = access.account_id()?;
    let p = proposal(&ctx, &access, pid).await?;
    let now = ctx.state.clock.now();
    let keys = ctx.state.keys.clone();
    let outcome = ctx
        .state
        .db
        .run(move |c| vote::withdraw(c, &keys, &p, me, now))
        .await;
    match outcome {
        Ok(()) => Ok(see_other(&base(&access, pid)?)),
        Err(ServiceError::Refused(r)) => {
            render_page(&ctx, &access, pid, Some(ctx.refusal(&r))).await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn my_votes(ctx: Ctx, access: Access) -> Result<HttpResponse, AppError> {
    let coop = access.coop()?.clone();
    let me = access.account_id()?;
    // Own votes first, then the votes one may cast as a proxy holder (for whom, by name).
    let here = coop.clone();
    let list = ctx
        .state
        .db
        .run(move |c| {
            Ok::<_, AppError>(crate::members::day::ballots_open_to(
                c,
                me,
                std::slice::from_ref(&here),
            )?)
        })
        .await?;
    let v = MyVotes {
        coop: CoopView::of(&coop, &access),
        votes: list
            .into_iter()
            .map(|(p, giver, voted)| AwaitingVote {
                proposal_id: p.id,
                title: p.title,
                closes_at: p.closes_at,
                giver,
                voted,
            })
            .collect(),
    };
    Ok(html(my_votes_page(&Chrome::from(&ctx), &v)))
}

pub async fn close(
    ctx: Ctx,
    access: Access,
    path: web::Path<(String, i64)>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<HttpResponse, AppError> {
    let pid = path.into_inner().1;
    let me = access.account_id()?;
    let p = proposal(&ctx, &access, pid).await?;
    let now = ctx.state.clock.now();
    let mail = ctx.state.mail_context();
    let closed = ctx
        .state
        .db
        .run(move |c| manage::close_now(c, &mail, &p, me, now))
        .await;
    match closed {
        Ok(_) => Ok(see_other(&base(&access, pid)?)),
        Err(ServiceError::Refused(r)) => {
            render_page(&ctx, &access, pid, Some(ctx.refusal(&r))).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct UntilForm {
    #[serde(default)]
    closes_at: String,
}

pub async fn extend(
    ctx: Ctx,
    access: Access,
    path: web::Path<(String, i64)>,
    CsrfForm(form): CsrfForm<UntilForm>,
) -> Result<HttpResponse, AppError> {
    let pid = path.into_inner().1;
    let me = access.account_id()?;
    let p = proposal(&ctx, &access, pid).await?;
    let Some(until) = parse_local(&form.closes_at, access.coop()?.tz()) else {
        return render_page(
            &ctx,
            &access,
            pid,
            Some(ctx.refusal(&Code::ClosesAtInvalid.into())),
        )
        .await;
    };
    let mail = ctx.state.mail_context();
    let done = ctx
        .state
        .db
        .run(move |c| manage::extend(c, &mail, &p, me, until))
        .await?;
    if !done {
        return render_page(
            &ctx,
            &access,
            pid,
            Some(ctx.refusal(&Code::ExtendInvalid.into())),
        )
        .await;
    }
    Ok(see_other(&base(&access, pid)?))
}

pub async fn second_call(
    ctx: Ctx,
    access: Access,
    path: web::Path<(String, i64)>,
    CsrfForm(form): CsrfForm<UntilForm>,
) -> Result<HttpResponse, AppError> {
    let pid = path.into_inner().1;
    let me = access.account_id()?;
    let p = proposal(&ctx, &access, pid).await?;
    let now = ctx.state.clock.now();
    let until = parse_local(&form.closes_at, access.coop()?.tz());
    let mail = ctx.state.mail_context();
    let id = match until {
        None => None,
        Some(until) => {
            ctx.state
                .db
                .run(move |c| manage::second_call(c, &mail, &p, me, (until, now)))
                .await?
        }
    };
    match id {
        Some(id) => Ok(see_other(&base(&access, id)?)),
        None => {
            render_page(
                &ctx,
                &access,
                pid,
                Some(ctx.refusal(&Code::SecondCallInvalid.into())),
            )
            .await
        }
    }
}

#[derive(Deserialize)]
pub struct StatementForm {
    #[serde(default)]
    statement: String,
}

pub async fn statement(
    ctx: Ctx,
    access: Access,
    path: web::Path<(String, i64)>,
    CsrfForm(form): CsrfForm<StatementForm>,
) -> Result<HttpResponse, AppError> {
    let pid = path.into_inner().1;
    let me = access.account_id()?;
    let p = proposal(&ctx, &access, pid).await?;
    ctx.state
        .db
        .run(move |c| manage::set_statement(c, &p, me, form.statement.trim()))
        .await?;
    Ok(see_other(&base(&access, pid)?))
}
