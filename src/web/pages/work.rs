//! The work log: members record support days and tasks; the board reviews claims. And each
//! member's payout statements.

use super::{html, see_other, unprocessable};
use crate::i18n::{Arg, render};
use crate::storage::coops::Coop;
use crate::storage::payout_runs;
use crate::storage::payouts::{self, RuleVersion};
use crate::storage::work::{self, Listed};
use crate::web::authz::{Access, Action};
use crate::web::context::{CsrfForm, Ctx};
use crate::web::errors::AppError;
use crate::web::views::coops::CoopView;
use crate::web::views::coops::nav;
use crate::web::views::forms::{alert, csrf};
use crate::web::views::layout::{Chrome, page};
use crate::work::{self as work_service, Claim, Review, money};
use actix_web::{HttpResponse, web};
use maud::{Markup, html};
use serde::Deserialize;

struct Loaded {
    rule: Option<RuleVersion>,
    mine: Vec<Listed>,
    pending: Vec<Listed>,
}

async fn load(ctx: &Ctx, access: &Access) -> Result<Loaded, AppError> {
    let coop = access.coop()?.clone();
    let me = access.account_id()?;
    let review = access.may(Action::ReviewWork);
    let today = ctx.state.clock.today(coop.tz());
    ctx.state
        .db
        .run(move |c| {
            let month = payouts::month_of(today);
            let rule = match month {
                Some(m) => payouts::rule_in_force(c, coop.id, m)?,
                None => None,
            };
            let pending = if review {
                work::list(c, coop.id, None, Some(work::CLAIMED), 500)?
            } else {
                vec![]
            };
            Ok::<_, AppError>(Loaded {
                rule,
                mine: work::list(c, coop.id, Some(me), None, 200)?,
                pending,
            })
        })
        .await
}

fn entry_text(ctx: &Ctx, e: &Listed) -> Markup {
    let x = &e.entry;
    html! {
        @if x.is_task() {
            (ctx.t("work-kind-task")) " · " (x.title.as_deref().unwrap_or("")) " · "
            (render(ctx.locale, "work-estimate-points", &[("points", Arg::from(x.estimate.unwrap_or(0)))]))
        } @else {
            (ctx.t("work-kind-support-day"))
        }
        " · " (x.work_date)
    }
}

fn review_forms(ctx: &Ctx, coop: &Coop, e: &Listed) -> Markup {
    let base = format!("/c/{}/work/{}", coop.slug, e.entry.id);
    html! {
        form.inline method="post" action=(format!("{base}/approve")) {
            (csrf(&ctx.csrf))
            @if e.entry.is_task() {
                label { (ctx.t("work-effort")) " " input type="number" name="effort" min="1" size="4"; }
            }
            " " button type="submit" { (ctx.t("work-approve")) }
        }
        form.inline method="post" action=(format!("{base}/reject")) {
            (csrf(&ctx.csrf))
            button type="submit" { (ctx.t("work-reject")) }
        }
        @if e.entry.is_task() {
            form.inline method="post" action=(format!("{base}/reschedule")) {
                (csrf(&ctx.csrf))
                label { (ctx.t("work-missing")) " " input type="number" name="missing" min="1" size="4" required; }
                " " button type="submit" { (ctx.t("work-reschedule")) }
            }
        }
    }
}

fn render_page(
    ctx: &Ctx,
    access: &Access,
    data: &Loaded,
    error: Option<&str>,
) -> Result<Markup, AppError> {
    let coop = access.coop()?;
    let l = ctx.locale;
    let slug = &coop.slug;
    let body = html! {
        (nav(l, &CoopView::of(coop, access)))
        (alert(error))
        p { a href=(format!("/c/{slug}/payout-rules")) { (ctx.t("work-rules-link")) } " · "
            a href=(format!("/c/{slug}/statements")) { (ctx.t("work-statements-link")) }
            @if access.may(Action::RunPayouts) { " · " a href=(format!("/c/{slug}/payouts")) { (ctx.t("work-payouts-link")) } } }
        @match &data.rule {
            Some(v) => p.hint { (render(l, "work-rule-in-force", &[
                ("version", Arg::from(i64::from(v.version))),
                ("support", Arg::from(v.rule.support_points_per_day)),
                ("max", Arg::from(v.rule.task_max_points)),
                ("tolerance", Arg::from(v.rule.task_tolerance_points))])) },
            None => p.notice role="status" { (ctx.t("work-no-rule")) },
        }
        section #log-support {
            h2 { (ctx.t("work-support-title")) }
            form method="post" action=(format!("/c/{slug}/work/support")) {
                (csrf(&ctx.csrf))
                label for="support-date" { (ctx.t("work-date")) } " "
                input #support-date type="date" name="date" required;
                " " button type="submit" { (ctx.t("work-log-support")) }
            }
        }
        section #log-task {
            h2 { (ctx.t("work-task-title")) }
            form method="post" action=(format!("/c/{slug}/work/tasks")) {
                (csrf(&ctx.csrf))
                p { label for="task-title" { (ctx.t("work-title")) } " " input #task-title type="text" name="title" maxlength="200" required; }
                p { label for="task-estimate" { (ctx.t("work-estimate")) } " "
                    input #task-estimate type="number" name="estimate" min="1" max=[data.rule.as_ref().map(|v| v.rule.task_max_points)] required; }
                p.hint { (ctx.t("work-split-hint")) }
                button type="submit" { (ctx.t("work-log-task")) }
            }
        }
        @if access.may(Action::ReviewWork) {
            section #claims {
                h2 { (ctx.t("work-claims-title")) }
                @if data.pending.is_empty() { p { (ctx.t("work-claims-none")) } }
                ul { @for e in &data.pending {
                    li.claim { strong { (e.member_name) } " · " (entry_text(ctx, e)) " " (review_forms(ctx, coop, e)) }
                } }
            }
        }
        section #mine {
            h2 { (ctx.t("work-mine-title")) }
            @if data.mine.is_empty() { p { (ctx.t("work-mine-none")) } }
            ul { @for e in &data.mine {
                li { (entry_text(ctx, e)) " · " (ctx.t(&format!("work-status-{}", e.entry.status)))
                    @if let Some(p) = e.entry.points_awarded { " · " (render(l, "work-points-earned", &[("points", Arg::from(p))])) } }
            } }
        }
    };
    let title = render(
        l,
        "work-page-title",
        &[("coop", Arg::from(coop.name.as_str()))],
    );
    Ok(page(&Chrome::from(ctx), &title, body))
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
        kind: work::SUPPORT_DAY.into(),
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
        kind: work::TASK.into(),
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
        .run(move |c| Ok::<_, AppError>(payout_runs::statements_of(c, id, me)?))
        .await?;
    let l = ctx.locale;
    let body = html! {
        (nav(l, &CoopView::of(&coop, &access)))
        @if rows.is_empty() { p { (ctx.t("statements-none")) } }
        @else {
            table #statements {
                thead { tr { th { (ctx.t("payouts-month")) } th { (ctx.t("payouts-points")) } th { (ctx.t("payouts-share")) } th { (ctx.t("payouts-amount")) } } }
                tbody { @for (run, points, share, amount) in &rows {
                    tr { td { (run.month) } td { (points) } td { (crate::mail::statement::share_percent(l, share)) " %" } td { (money(l, *amount, &run.currency)) } }
                } }
            }
        }
    };
    let title = render(
        l,
        "statements-title",
        &[("coop", Arg::from(coop.name.as_str()))],
    );
    Ok(html(page(&Chrome::from(&ctx), &title, body)))
}
