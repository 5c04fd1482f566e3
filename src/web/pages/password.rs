//! Forgotten passwords (an emailed single-use link, valid one hour: `auth::reset`) and
//! password changes.

use super::{html, unprocessable};
use crate::auth::sign_in;
use crate::auth::{password, reset};
use crate::domain::refusal::Code;
use crate::web::context::{CsrfForm, Ctx, client_ip};
use crate::web::errors::AppError;
use crate::web::views::auth as views;
use crate::web::views::layout::Chrome;
use actix_web::{HttpRequest, HttpResponse, web};
use maud::Markup;
use serde::Deserialize;

fn forgot_form(ctx: &Ctx, sent: bool) -> Markup {
    views::forgot_page(&Chrome::from(ctx), sent)
}

pub async fn forgot_page(ctx: Ctx) -> HttpResponse {
    html(forgot_form(&ctx, false))
}

#[derive(Deserialize)]
pub struct ForgotForm {
    email: String,
}

/// Always answers the same page, so it does not reveal which addresses have accounts, nor
/// which are over the limit.
pub async fn forgot_submit(
    req: HttpRequest,
    ctx: Ctx,
    CsrfForm(form): CsrfForm<ForgotForm>,
) -> Result<HttpResponse, AppError> {
    let mail_ctx = ctx.state.mail_context();
    let ip = client_ip(&req, &ctx.state.config.trusted_proxies);
    let locale = ctx.locale;
    let requested = ctx
        .state
        .db
        .run(move |c| Ok::<_, AppError>(reset::request(c, &mail_ctx, &form.email, &ip, locale)?))
        .await?;
    if requested == reset::Requested::Limited {
        tracing::info!("password reset request over the limit: no mail");
    }
    Ok(html(forgot_form(&ctx, true)))
}

fn reset_form(ctx: &Ctx, token: &str, error: Option<&str>) -> Markup {
    views::reset_page(&Chrome::from(ctx), token, error)
}

fn invalid_link(ctx: &Ctx) -> HttpResponse {
    HttpResponse::Gone()
        .content_type("text/html; charset=utf-8")
        .body(views::reset_invalid_page(&Chrome::from(ctx)).into_string())
}

async fn link_works(ctx: &Ctx, token: &str) -> Result<bool, AppError> {
    let token = token.to_string();
    let account = ctx
        .state
        .db
        .run(move |c| Ok::<_, AppError>(reset::account_of(c, &token)?))
        .await?;
    Ok(account.is_some())
}

pub async fn reset_page(ctx: Ctx, token: web::Path<String>) -> Result<HttpResponse, AppError> {
    Ok(match link_works(&ctx, &token).await? {
        true => html(reset_form(&ctx, &token, None)),
        false => invalid_link(&ctx),
    })
}

#[derive(Deserialize)]
pub struct ResetForm {
    password: String,
}

pub async fn reset_submit(
    ctx: Ctx,
    token: web::Path<String>,
    CsrfForm(form): CsrfForm<ResetForm>,
) -> Result<HttpResponse, AppError> {
    if let Err(refused) = crate::domain::account::check_new_password(&form.password) {
        return Ok(unprocessable(reset_form(
            &ctx,
            &token,
            Some(&ctx.refusal(&refused)),
        )));
    }
    if !link_works(&ctx, &token).await? {
        return Ok(invalid_link(&ctx));
    }
    let new_hash = password::hash(form.password)
        .await
        .map_err(AppError::Internal)?;
    let token = token.into_inner();
    let done = ctx
        .state
        .db
        .run(move |c| Ok::<_, AppError>(reset::complete(c, &token, &new_hash)?))
        .await?;
    let Some(done) = done else {
        return Ok(invalid_link(&ctx));
    };
    tracing::info!(
        other_links = done.other_links,
        api_tokens = done.api_tokens,
        "password reset: sessions ended, other links and API tokens revoked"
    );
    Ok(super::see_other("/login?notice=notice-password-reset"))
}

#[derive(Deserialize)]
pub struct ChangeForm {
    current: String,
    password: String,
}

pub async fn change_submit(
    ctx: Ctx,
    CsrfForm(form): CsrfForm<ChangeForm>,
) -> Result<HttpResponse, AppError> {
    let account = ctx.require_account()?.clone();
    if let Err(refused) = crate::domain::account::check_new_password(&form.password) {
        return super::account::render(&ctx, Some(ctx.refusal(&refused)), None, None).await;
    }
    if !password::verify(form.current, Some(account.password_hash.clone())).await {
        return super::account::render(
            &ctx,
            Some(ctx.refusal(&Code::CurrentPasswordWrong.into())),
            None,
            None,
        )
        .await;
    }
    let new_hash = password::hash(form.password)
        .await
        .map_err(AppError::Internal)?;
    let keep = ctx.session_hash.clone();
    ctx.state
        .db
        .run(move |c| sign_in::change_password(c, account.id, &new_hash, keep.as_deref()))
        .await?;
    super::account::render(&ctx, None, Some(ctx.t("notice-password-changed")), None).await
}
