//! Taking one's data out, leaving a co-op, deleting the account (`accounts::export`,
//! `members::placement::leave_self`, `accounts::delete`).

use super::{html, unprocessable};
use crate::accounts::{delete, export, profile};
use crate::i18n::{Arg, render};
use crate::members::placement;
use crate::service::ServiceError;
use crate::web::context::{CsrfForm, Ctx};
use crate::web::errors::AppError;
use crate::web::views::account_self::{CoopLine, coops_page, data_page, delete_page, leave_page};
use crate::web::views::layout::Chrome;
use actix_web::http::header;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

pub async fn page(ctx: Ctx) -> Result<HttpResponse, AppError> {
    ctx.require_account()?;
    Ok(html(data_page(&Chrome::from(&ctx), None)))
}

#[derive(Deserialize)]
pub struct PasswordForm {
    password: String,
}

/// The JSON document, as a download, once the password is typed again.
pub async fn download(
    ctx: Ctx,
    CsrfForm(f): CsrfForm<PasswordForm>,
) -> Result<HttpResponse, AppError> {
    let account = ctx.require_account()?.clone();
    let now = ctx.state.clock.now();
    match export::download(&ctx.state.db, &account, f.password, now).await {
        Ok(json) => Ok(HttpResponse::Ok()
            .content_type("application/json")
            .insert_header((
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"collegia-{}.json\"",
                    account.public_id
                ),
            ))
            .insert_header((header::CACHE_CONTROL, "no-store"))
            .body(json)),
        Err(ServiceError::Refused(r)) => Ok(unprocessable(data_page(
            &Chrome::from(&ctx),
            Some(&ctx.refusal(&r)),
        ))),
        Err(e) => Err(e.into()),
    }
}

async fn my_coops(ctx: &Ctx) -> Result<Vec<CoopLine>, AppError> {
    let id = ctx.require_account()?.id;
    let list = ctx
        .state
        .db
        .run(move |c| profile::current_coops(c, id))
        .await?;
    Ok(list
        .into_iter()
        .map(|(slug, name)| CoopLine { slug, name })
        .collect())
}

pub async fn coops(ctx: Ctx) -> Result<HttpResponse, AppError> {
    let list = my_coops(&ctx).await?;
    Ok(html(coops_page(&Chrome::from(&ctx), &list, None)))
}

pub async fn leave_question(ctx: Ctx, slug: web::Path<String>) -> Result<HttpResponse, AppError> {
    let slug = slug.into_inner();
    let list = my_coops(&ctx).await?;
    let coop = list
        .into_iter()
        .find(|c| c.slug == slug)
        .ok_or(AppError::NotFound)?;
    Ok(html(leave_page(&Chrome::from(&ctx), &coop, None)))
}

#[derive(Deserialize)]
pub struct Empty {}

pub async fn leave(
    ctx: Ctx,
    slug: web::Path<String>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<HttpResponse, AppError> {
    let id = ctx.require_account()?.id;
    let slug = slug.into_inner();
    let asked = slug.clone();
    let left = ctx
        .state
        .db
        .run(move |c| placement::leave_self(c, id, &asked))
        .await;
    match left {
        Ok(name) => {
            let done = render(ctx.locale, "notice-left", &[("coop", Arg::from(name))]);
            let list = my_coops(&ctx).await?;
            Ok(html(coops_page(&Chrome::from(&ctx), &list, Some(&done))))
        }
        Err(ServiceError::Refused(r)) => {
            let list = my_coops(&ctx).await?;
            let coop = list
                .into_iter()
                .find(|c| c.slug == slug)
                .ok_or(AppError::NotFound)?;
            let why = ctx.refusal(&r);
            Ok(unprocessable(leave_page(
                &Chrome::from(&ctx),
                &coop,
                Some(&why),
            )))
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn delete_question(ctx: Ctx) -> Result<HttpResponse, AppError> {
    ctx.require_account()?;
    Ok(html(delete_page(&Chrome::from(&ctx), None)))
}

#[derive(Deserialize)]
pub struct DeleteForm {
    password: String,
    confirm: Option<String>,
}

pub async fn delete(ctx: Ctx, CsrfForm(f): CsrfForm<DeleteForm>) -> Result<HttpResponse, AppError> {
    let account = ctx.require_account()?.clone();
    let confirmed = f.confirm.as_deref() == Some("yes");
    match delete::delete(&ctx.state.db, &account, f.password, confirmed).await {
        Ok(()) => {
            let mut res = super::see_other("/login?notice=notice-account-deleted");
            res.add_cookie(&super::expired_session_cookie(
                ctx.state.config.secure_cookies(),
            ))
            .map_err(|e| AppError::Internal(e.to_string()))?;
            Ok(res)
        }
        Err(ServiceError::Refused(r)) => Ok(unprocessable(delete_page(
            &Chrome::from(&ctx),
            Some(&ctx.refusal(&r)),
        ))),
        Err(e) => Err(e.into()),
    }
}
