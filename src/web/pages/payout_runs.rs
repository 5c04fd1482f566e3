//! Monthly runs: the board declares a month's surplus, reviews the draft, confirms it (frozen,
//! audited, statements mailed); CSV export for the accountant.

use super::members::{csv_field, csv_response};
use super::{html, see_other, unprocessable};
use crate::domain::refusal::Code;
use crate::web::authz::Access;
use crate::web::context::{CsrfForm, Ctx};
use crate::web::errors::AppError;
use crate::web::views::coops::CoopView;
use crate::web::views::layout::Chrome;
use crate::web::views::payouts::{RunLine, RunPage, RunRow, RunsPage, run_page, runs_page};
use crate::work::records::{self, Line, Run};
use crate::work::{self as work_service, parse_cents, parse_currency};
use actix_web::{HttpResponse, web};
use maud::Markup;
use serde::Deserialize;

fn list_page(
    ctx: &Ctx,
    access: &Access,
    runs: &[Run],
    error: Option<&str>,
) -> Result<Markup, AppError> {
    let view = RunsPage {
        coop: CoopView::of(access.coop()?, access),
        error: error.map(str::to_string),
        runs: runs
            .iter()
            .map(|r| RunRow {
                id: r.id,
                month: r.month.clone(),
                surplus_cents: r.surplus_cents,
                currency: r.currency.clone(),
                state: r.state.key().into(),
            })
            .collect(),
    };
    Ok(runs_page(&Chrome::from(ctx), &view))
}

async fn runs(ctx: &Ctx, coop_id: i64) -> Result<Vec<Run>, AppError> {
    ctx.state
        .db
        .run(move |c| records::runs(c, coop_id))
        .await
        .map_err(AppError::from)
}

pub async fn list(ctx: Ctx, access: Access) -> Result<HttpResponse, AppError> {
    let list = runs(&ctx, access.coop()?.id).await?;
    Ok(html(list_page(&ctx, &access, &list, None)?))
}

#[derive(Deserialize)]
pub struct DeclareForm {
    #[serde(default)]
    month: String,
    #[serde(default)]
    surplus: String,
    #[serde(default)]
    currency: String,
}

pub async fn declare(
    ctx: Ctx,
    access: Access,
    CsrfForm(f): CsrfForm<DeclareForm>,
) -> Result<HttpResponse, AppError> {
    let coop = access.coop()?.clone();
    let me = access.account_id()?;
    let slug = coop.slug.clone();
    let parsed = parse_cents(&f.surplus)
        .ok_or(AppError::from(Code::SurplusInvalid))
        .and_then(|s| {
            Ok((
                s,
                parse_currency(&f.currency).ok_or(AppError::from(Code::CurrencyInvalid))?,
            ))
        });
    let done = match parsed {
        Ok((surplus, currency)) => ctx
            .state
            .db
            .run(move |c| work_service::declare(c, &coop, me, &f.month, surplus, &currency))
            .await
            .map_err(AppError::from),
        Err(e) => Err(e),
    };
    match done {
        Ok((id, _)) => Ok(see_other(&format!("/c/{slug}/payouts/{id}"))),
        Err(AppError::Refused(r)) => {
            let list = runs(&ctx, access.coop()?.id).await?;
            Ok(unprocessable(list_page(
                &ctx,
                &access,
                &list,
                Some(&ctx.refusal(&r)),
            )?))
        }
        Err(e) => Err(e),
    }
}

async fn load_run(ctx: &Ctx, access: &Access, id: &str) -> Result<(Run, Vec<Line>), AppError> {
    let coop_id = access.coop()?.id;
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    ctx.state
        .db
        .run(move |c| records::run_with_lines(c, coop_id, id))
        .await
        .map_err(AppError::from)
}

pub async fn show(
    ctx: Ctx,
    access: Access,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (run, lines) = load_run(&ctx, &access, &path.1).await?;
    let (pool_cents, undistributed_cents) = run.totals();
    let view = RunPage {
        coop: CoopView::of(access.coop()?, &access),
        id: run.id,
        confirmed: run.is_confirmed(),
        confirmed_at: run.confirmed_at,
        surplus_cents: run.surplus_cents,
        pool_cents,
        undistributed_cents,
        rule_version: run.rule_version,
        lines: lines
            .into_iter()
            .map(|line| RunLine {
                display_name: line.display_name,
                points: line.points,
                share: line.share,
                amount_cents: line.amount_cents,
            })
            .collect(),
        month: run.month,
        state: run.state.key().into(),
        currency: run.currency,
    };
    Ok(html(run_page(&Chrome::from(&ctx), &view)))
}

#[derive(Deserialize)]
pub struct Empty {}

pub async fn confirm(
    ctx: Ctx,
    access: Access,
    path: web::Path<(String, String)>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<HttpResponse, AppError> {
    let coop = access.coop()?.clone();
    let me = access.account_id()?;
    let id: i64 = path.1.parse().map_err(|_| AppError::NotFound)?;
    let mail = ctx.state.mail_context();
    let slug = coop.slug.clone();
    ctx.state
        .db
        .run(move |c| work_service::confirm(c, &mail, &coop, me, id))
        .await?;
    Ok(see_other(&format!("/c/{slug}/payouts/{id}")))
}

/// The run for the accountant: one line per member, amounts in cents and in units.
pub async fn csv(
    ctx: Ctx,
    access: Access,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (run, lines) = load_run(&ctx, &access, &path.1).await?;
    let mut out =
        String::from("month,member_id,name,points,share,amount_cents,amount,currency,state\r\n");
    for line in &lines {
        let amount = format!("{}.{:02}", line.amount_cents / 100, line.amount_cents % 100);
        let fields = [
            run.month.clone(),
            line.member_public_id.clone(),
            line.display_name.clone(),
            line.points.to_string(),
            line.share.clone(),
            line.amount_cents.to_string(),
            amount,
            run.currency.clone(),
            run.state.key().to_string(),
        ];
        let row: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    let coop = access.coop()?;
    Ok(csv_response(
        &format!("{}-payouts-{}.csv", coop.slug, run.month),
        out,
    ))
}
