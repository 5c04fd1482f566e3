//! Monthly runs: the board declares a month's surplus, reviews the draft, confirms it (frozen,
//! audited, statements mailed); CSV export for the accountant.

use super::members::{csv_field, csv_response};
use super::{html, see_other, unprocessable};
use crate::domain::refusal::Code;
use crate::i18n::{Arg, render};
use crate::storage::payout_runs::{self, Line, Run};
use crate::web::authz::Access;
use crate::web::context::{CsrfForm, Ctx};
use crate::web::errors::AppError;
use crate::web::views::coops::{CoopView, nav, when};
use crate::web::views::forms::{alert, csrf};
use crate::web::views::layout::{Chrome, page};
use crate::work::{self as work_service, money, parse_cents, parse_currency};
use actix_web::{HttpResponse, web};
use maud::{Markup, html};
use serde::Deserialize;

fn list_page(
    ctx: &Ctx,
    access: &Access,
    runs: &[Run],
    error: Option<&str>,
) -> Result<Markup, AppError> {
    let coop = access.coop()?;
    let l = ctx.locale;
    let slug = &coop.slug;
    let body = html! {
        (nav(l, &CoopView::of(coop, access)))
        (alert(error))
        section #declare {
            h2 { (ctx.t("payouts-declare-title")) }
            form method="post" action=(format!("/c/{slug}/payouts")) {
                (csrf(&ctx.csrf))
                p { label for="month" { (ctx.t("payouts-month")) } " " input #month type="text" name="month" placeholder="YYYY-MM" pattern="[0-9]{4}-[0-9]{2}" required; }
                p { label for="surplus" { (ctx.t("payouts-surplus")) } " " input #surplus type="text" name="surplus" inputmode="decimal" required; }
                p { label for="currency" { (ctx.t("payouts-currency")) } " " input #currency type="text" name="currency" value="EUR" maxlength="3" size="4" required; }
                button type="submit" { (ctx.t("payouts-declare")) }
            }
        }
        section #runs {
            h2 { (ctx.t("payouts-runs-title")) }
            @if runs.is_empty() { p { (ctx.t("payouts-runs-none")) } }
            ul { @for r in runs {
                li { a href=(format!("/c/{slug}/payouts/{}", r.id)) { (r.month) } " · "
                    (money(l, r.surplus_cents, &r.currency)) " · " (ctx.t(&format!("payouts-state-{}", r.state))) }
            } }
        }
    };
    let title = render(
        l,
        "payouts-title",
        &[("coop", Arg::from(coop.name.as_str()))],
    );
    Ok(page(&Chrome::from(ctx), &title, body))
}

async fn runs(ctx: &Ctx, coop_id: i64) -> Result<Vec<Run>, AppError> {
    ctx.state
        .db
        .run(move |c| Ok::<_, AppError>(payout_runs::list(c, coop_id)?))
        .await
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
        .run(move |c| {
            let run = payout_runs::by_id(c, coop_id, id)?.ok_or(AppError::NotFound)?;
            let lines = payout_runs::lines(c, run.id)?;
            Ok::<_, AppError>((run, lines))
        })
        .await
}

pub async fn show(
    ctx: Ctx,
    access: Access,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (run, lines) = load_run(&ctx, &access, &path.1).await?;
    let coop = access.coop()?;
    let l = ctx.locale;
    let (pool, undistributed) = run.totals();
    let base = format!("/c/{}/payouts/{}", coop.slug, run.id);
    let body = html! {
        (nav(l, &CoopView::of(coop, &access)))
        p #run-state { (ctx.t(&format!("payouts-state-{}", run.state)))
            @if let Some(at) = run.confirmed_at { " · " (when(l, coop, at)) } }
        dl {
            dt { (ctx.t("payouts-surplus")) } dd { (money(l, run.surplus_cents, &run.currency)) }
            dt { (ctx.t("payouts-pool")) } dd #pool { (money(l, pool, &run.currency)) }
            dt { (ctx.t("payouts-rule-version")) } dd { (run.rule_version) }
        }
        @if lines.is_empty() {
            p.notice #nothing role="status" { (render(l, "payouts-nothing", &[("amount", Arg::from(money(l, undistributed, &run.currency)))])) }
        } @else {
            table #lines {
                thead { tr { th { (ctx.t("payouts-member")) } th { (ctx.t("payouts-points")) } th { (ctx.t("payouts-share")) } th { (ctx.t("payouts-amount")) } } }
                tbody { @for line in &lines {
                    tr { td { (line.display_name) } td { (line.points) } td { (crate::mail::statement::share_percent(l, &line.share)) " %" } td { (money(l, line.amount_cents, &run.currency)) } }
                } }
            }
        }
        p { a href=(format!("{base}/export.csv")) download { (ctx.t("payouts-csv")) } }
        @if !run.is_confirmed() {
            form method="post" action=(format!("{base}/confirm")) {
                (csrf(&ctx.csrf))
                p.hint { (ctx.t("payouts-confirm-hint")) }
                button type="submit" { (ctx.t("payouts-confirm")) }
            }
        }
    };
    let title = render(
        l,
        "payouts-run-title",
        &[("month", Arg::from(run.month.as_str()))],
    );
    Ok(html(page(&Chrome::from(&ctx), &title, body)))
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
            run.state.clone(),
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
