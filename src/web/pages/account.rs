//! The account page: name, language, password, personal API tokens (mail preferences are on
//! `/account/notifications`, `notification_settings`). The other pages of the account area: `account_email`, `account_sessions`, `account_data`.

use super::{html, unprocessable};
use crate::accounts::profile;
use crate::service::ServiceError;
use crate::web::context::{CsrfForm, Ctx};
use crate::web::errors::AppError;
use crate::web::views::account::{AccountView, TokenRow, account_page};
use crate::web::views::layout::Chrome;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

/// Renders the account page; `new_token` is shown once, right after creation.
pub async fn render(
    ctx: &Ctx,
    error: Option<String>,
    done: Option<String>,
    new_token: Option<String>,
) -> Result<HttpResponse, AppError> {
    let account = ctx.require_account()?.clone();
    let id = account.id;
    let overview = ctx.state.db.run(move |c| profile::overview(c, id)).await?;
    let refused = error.is_some();
    let view = AccountView {
        display_name: account.display_name,
        email: account.email,
        tz: ctx.state.config.time_zone,
        tokens: overview
            .tokens
            .into_iter()
            .map(|t| TokenRow {
                id: t.id,
                name: t.name,
                created_at: t.created_at,
                expires_at: t.expires_at,
            })
            .collect(),
        new_token,
        error,
        done,
    };
    let page = account_page(&Chrome::from(ctx), &view);
    Ok(if refused {
        unprocessable(page)
    } else {
        html(page)
    })
}

/// The account page again with a refusal, or the error itself when it is not one.
async fn refused(ctx: &Ctx, e: ServiceError) -> Result<HttpResponse, AppError> {
    match e {
        ServiceError::Refused(r) => render(ctx, Some(ctx.refusal(&r)), None, None).await,
        other => Err(other.into()),
    }
}

#[derive(Deserialize)]
pub struct ShowQuery {
    done: Option<String>,
}

/// The page; `?done=name` after the name was saved (a redirect, so the top bar shows it).
pub async fn show(ctx: Ctx, query: web::Query<ShowQuery>) -> Result<HttpResponse, AppError> {
    let done = match query.done.as_deref() {
        Some("name") => Some(ctx.t("notice-name-saved")),
        Some("email") => Some(ctx.t("notice-email-confirmed")),
        _ => None,
    };
    render(&ctx, None, done, None).await
}

#[derive(Deserialize)]
pub struct NameForm {
    display_name: String,
}

pub async fn rename(
    ctx: Ctx,
    CsrfForm(form): CsrfForm<NameForm>,
) -> Result<HttpResponse, AppError> {
    let id = ctx.require_account()?.id;
    let done = ctx
        .state
        .db
        .run(move |c| profile::rename(c, id, &form.display_name))
        .await;
    match done {
        Ok(()) => Ok(super::see_other("/account?done=name")),
        Err(e) => refused(&ctx, e).await,
    }
}

#[derive(Deserialize)]
pub struct TokenForm {
    name: String,
    days: Option<String>,
}

pub async fn create_token(
    ctx: Ctx,
    CsrfForm(form): CsrfForm<TokenForm>,
) -> Result<HttpResponse, AppError> {
    let id = ctx.require_account()?.id;
    let now = ctx.state.clock.now();
    let made = ctx
        .state
        .db
        .run(move |c| profile::create_token(c, now, id, &form.name, form.days.as_deref()))
        .await;
    match made {
        Ok(token) => render(&ctx, None, Some(ctx.t("notice-token-created")), Some(token)).await,
        Err(e) => refused(&ctx, e).await,
    }
}

#[derive(Deserialize)]
pub struct Empty {}

pub async fn revoke_token(
    ctx: Ctx,
    path: web::Path<i64>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<HttpResponse, AppError> {
    let id = ctx.require_account()?.id;
    let token_id = path.into_inner();
    ctx.state
        .db
        .run(move |c| profile::revoke_token(c, id, token_id))
        .await?;
    render(&ctx, None, Some(ctx.t("notice-token-revoked")), None).await
}
