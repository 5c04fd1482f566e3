//! Forgotten passwords (an emailed single-use link, valid one hour) and password changes.

use super::{html, unprocessable};
use crate::auth::password;
use crate::crypto;
use crate::domain::refusal::Code;
use crate::i18n::Locale;
use crate::mail::{self, MailKind, Recipient, messages};
use crate::storage::{self, accounts, write_tx};
use crate::web::context::{CsrfForm, Ctx};
use crate::web::errors::AppError;
use crate::web::views::auth as views;
use crate::web::views::layout::Chrome;
use actix_web::{HttpResponse, web};
use chrono::Duration;
use maud::Markup;
use serde::Deserialize;

pub const RESET_VALID_MINUTES: i64 = 60;

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

/// Always answers the same, so the page does not reveal which addresses have accounts.
pub async fn forgot_submit(
    ctx: Ctx,
    CsrfForm(form): CsrfForm<ForgotForm>,
) -> Result<HttpResponse, AppError> {
    let mail_ctx = ctx.state.mail_context();
    let email = form.email;
    let fallback_locale = ctx.locale;
    ctx.state
        .db
        .run(move |c| {
            write_tx(c, |c| {
                let Some(account) = accounts::by_email(c, &email)? else {
                    return Ok::<_, AppError>(());
                };
                let token = crypto::new_token();
                let expires = storage::now() + Duration::minutes(RESET_VALID_MINUTES);
                accounts::create_reset(c, &crypto::sha256_hex(&token), account.id, expires)?;
                let locale = account
                    .locale
                    .as_deref()
                    .and_then(Locale::parse)
                    .unwrap_or(fallback_locale);
                let link = format!("{}/password/reset/{token}", mail_ctx.base_url);
                let email = messages::password_reset(locale, &account.display_name, &link);
                let to = Recipient {
                    account_id: Some(account.id),
                    address: &account.email,
                    locale,
                };
                mail::enqueue(c, &mail_ctx, MailKind::PasswordReset, &to, &email)?;
                Ok(())
            })
        })
        .await?;
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

pub async fn reset_page(ctx: Ctx, token: web::Path<String>) -> Result<HttpResponse, AppError> {
    let hash = crypto::sha256_hex(&token);
    let valid = ctx
        .state
        .db
        .run(move |c| Ok::<_, AppError>(accounts::valid_reset(c, &hash)?))
        .await?;
    Ok(match valid {
        Some(_) => html(reset_form(&ctx, &token, None)),
        None => invalid_link(&ctx),
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
    let hash = crypto::sha256_hex(&token);
    let check = hash.clone();
    if ctx
        .state
        .db
        .run(move |c| Ok::<_, AppError>(accounts::valid_reset(c, &check)?))
        .await?
        .is_none()
    {
        return Ok(invalid_link(&ctx));
    }
    let new_hash = password::hash(form.password)
        .await
        .map_err(AppError::Internal)?;
    let done = ctx
        .state
        .db
        .run(move |c| {
            write_tx(c, |c| {
                let Some(account_id) = accounts::valid_reset(c, &hash)? else {
                    return Ok::<_, AppError>(false);
                };
                if !accounts::use_reset(c, &hash)? {
                    return Ok(false);
                }
                accounts::set_password(c, account_id, &new_hash)?;
                accounts::delete_other_sessions(c, account_id, None)?;
                accounts::clear_login_failures_for(c, account_id)?;
                Ok(true)
            })
        })
        .await?;
    if !done {
        return Ok(invalid_link(&ctx));
    }
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
        .run(move |c| {
            write_tx(c, |c| {
                accounts::set_password(c, account.id, &new_hash)?;
                accounts::delete_other_sessions(c, account.id, keep.as_deref())?;
                Ok::<_, AppError>(())
            })
        })
        .await?;
    super::account::render(&ctx, None, Some(ctx.t("notice-password-changed")), None).await
}
