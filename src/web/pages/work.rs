//! The work log: members record support days and tasks; the board reviews claims. And each
//! member's payout statements.

use super::{html, see_other, unprocessable};
use crate::domain::work::WorkKind;
use crate::web::authz::{Access, Action};
use crate::web::context::{CsrfForm, Ctx};
use crate::web::errors::AppError;
use crate::web::views::coops::CoopView;
use crate::web::views::layout::Chrome;
use crate::web::views::work::{
    EntryView, RuleInForce, StatementLine, StatementsPage, WorkPage, statements_page, work_page,
};
use crate::work::records::{self, Listed, WorkLog};
use crate::work::{self as work_service, Claim, Review};
use actix_web::{HttpResponse, web};
use maud::Markup;
use serde::Deserialize;

async fn load(ctx: &Ctx, access: &Access) -> Result<WorkLog, AppError> {
    let coop = access.coop()?.clone();
    let me = access.account_id()?;
    let review = access.may(Action::ReviewWork);
    let today = ctx.state.clock.today(coop.tz());
    Ok(ctx
        .state
        .db
        .run(move |c| records::work_log(c, coop.id, (me, review), today))
        .await?)
}

fn entry(e: &Listed) -> EntryView {
    let x = &e.entry;
    EntryView {
        id: x.id,
        is_task: x.is_task(),
        title: x.title.clone(),
        estimate: x.estimate,
        work_date: x.work_date.clone(),
        status: x.status.key().into(),
        points_awarded: x.points_awarded,
        member_name: e.member_name.clone(),
    }
}

fn render_page(
    ctx: &Ctx,
    access: &Access,
    data: &WorkLog,
    error: Option<&str>,
) -> Result<Markup, AppError> {
    let view = WorkPage {
        coop: CoopView::of(access.coop()?, access),
        error: error.map(str::to_string),
        rule: data.rule.as_ref().map(|v| RuleInForce {
            version: v.version,
            rule: v.rule.clone(),
        }),
        may_review: access.may(Action::ReviewWork),
        may_run_payouts: access.may(Action::RunPayouts),
        pending: data.pending.iter().map(entry).collect(),
        mine: data.mine.iter().map(entry).collect(),
    };
    Ok(work_page(&Chrome::from(ctx), &view))
}

pub async fn show(ctx: Ctx, access: Access) -> Result<HttpResponse, AppError> {
    let data = load(&ctx, &access).await?;
    Ok(html(render_page(&ctx, &access, &data, None)?))
}

/// A refused submission: the page again with the reason (422).
async fn refused(ctx: &Ctx, access: &Access, e: AppError) -> Result<HttpResponse, AppError> {
    let message = match e {
        AppError::Refused(r) => ctx.refusal(&r),
        other => return Err(other),
    };
    let data = load(ctx, access).await?;
    Ok(unprocessable(render_page(
        ctx,
        access,
        &data,
        Some(&message),
    )?))
}

#[derive(Deserialize)]
pub struct SupportForm {
    #[serde(default)]
    date: String,
}

#[derive(Deserialize)]
pub struct TaskForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    estimate: String,
    #[serde(default)]
    date: String,
}

async fn claim(ctx: Ctx, access: Access, claim: Claim) -> Result<HttpResponse, AppError> {
    let coop = access.coop()?.clone();
    let me = access.account_id()?;
    let now = ctx.state.clock.now();
    let slug = coop.slug.clone();
    let done = ctx
        .state
        .db
        .run(move |c| work_service::log_claim(c, &coop, me, &claim, now))
        .await;
    match done {
        Ok(_) => Ok(see_other(&format!("/c/{slug}/work"))),
        Err(e) => refused(&ctx, &access, e.into()).await,
    }
}

pub async fn log_support(
    ctx: Ctx,
    access: Access,
    CsrfForm(f): CsrfForm<SupportForm>,
) -> Result<HttpResponse, AppError> {
    let c = Claim {
        kind: WorkKind::SupportDay.key().into(),
        date: f.date,
        title: None,
        estimate: None,
    };
    claim(ctx, access, c).await
}

pub async fn log_task(
    ctx: Ctx,
    access: Access,
    CsrfForm(f): CsrfForm<TaskForm>,
) -> Result<HttpResponse, AppError> {
    let estimate = Some(f.estimate.trim().parse::<i64>().unwrap_or(0));
    let c = Claim {
        kind: WorkKind::Task.key().into(),
        date: f.date,
        title: Some(f.title),
        estimate,
    };
    claim(ctx, access, c).await
}

#[derive(Deserialize)]
pub struct ReviewForm {
    #[serde(default)]
    effort: String,
    #[serde(default)]
    missing: String,
}

async fn decide(
    ctx: Ctx,
    access: Access,
    id: String,
    decision: Review,
) -> Result<HttpResponse, AppError> {
    let coop = access.coop()?.clone();
    let me = access.account_id()?;
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let now = ctx.state.clock.now();
    let slug = coop.slug.clone();
    let done = ctx
        .state
        .db
        .run(move |c| work_service::review(c, &coop, me, id, &decision, now))
        .await;
    match done {
        Ok(()) => Ok(see_other(&format!("/c/{slug}/work#claims"))),
        Err(e) => refused(&ctx, &access, e.into()).await,
    }
}

pub async fn approve(
    ctx: Ctx,
    access: Access,
    path: web::Path<(String, String)>,
    CsrfForm(f): CsrfForm<ReviewForm>,
) -> Result<HttpResponse, AppError> {
    let effort = f.effort.trim().parse::<i64>().ok();
    decide(ctx, access, path.into_inner().1, Review::Approve { effort }).await
}

pub async fn reject(
    ctx: Ctx,
    access: Access,
    path: web::Path<(String, String)>,
    CsrfForm(_): CsrfForm<ReviewForm>,
) -> Result<HttpResponse, AppError> {
    decide(ctx, access, path.into_inner().1, Review::Reject).await
}

pub async fn reschedule(
    ctx: Ctx,
    access: Access,
    path: web::Path<(String, String)>,
    CsrfForm(f): CsrfForm<ReviewForm>,
) -> Result<HttpResponse, AppError> {
    let missing = f.missing.trim().parse::<i64>().unwrap_or(0);
    decide(
        ctx,
        access,
        path.into_inner().1,
        Review::Reschedule { missing },
    )
    .await
}

/// The signed-in member's statements: their line of every confirmed run.
pub async fn statements(ctx: Ctx, access: Access) -> Result<HttpResponse, AppError> {
    let coop = access.coop()?.clone();
    let me = access.account_id()?;
    let id = coop.id;
    let rows = ctx
        .state
        .db
        .run(move |c| records::statements_of(c, id, me))
        .await?;
    let view = StatementsPage {
        coop: CoopView::of(&coop, &access),
        lines: rows
            .into_iter()
            .map(|(run, points, share, amount_cents)| StatementLine {
                month: run.month,
                points,
                share,
                amount_cents,
                currency: run.currency,
            })
            .collect(),
    };
    Ok(html(statements_page(&Chrome::from(&ctx), &view)))
}
