//! Changing one's email address (`accounts::email`): the form, then the link's page.

use super::{html, unprocessable};
use crate::accounts::email;
use crate::i18n::Arg;
use crate::service::ServiceError;
use crate::web::context::{CsrfForm, Ctx};
use crate::web::errors::AppError;
use crate::web::views::account_self::{Confirm, EmailView, email_confirm_page, email_page};
use crate::web::views::layout::Chrome;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

fn form(
    ctx: &Ctx,
    typed: &str,
    error: Option<String>,
    done: Option<String>,
) -> Result<HttpResponse, AppError> {
    let account = ctx.require_account()?;
    let refused = error.is_some();
    let view = EmailView {
        current: account.email.clone(),
        hours: email::VALID_HOURS,
        typed: typed.to_string(),
        error,
        done,
    };
    let page = email_page(&Chrome::from(ctx), &view);
    Ok(if refused {
        unprocessable(page)
    } else {
        html(page)
    })
}

pub async fn page(ctx: Ctx) -> Result<HttpResponse, AppError> {
    form(&ctx, "", None, None)
}

#[derive(Deserialize)]
pub struct EmailForm {
    email: String,
    password: String,
}

pub async fn submit(ctx: Ctx, CsrfForm(f): CsrfForm<EmailForm>) -> Result<HttpResponse, AppError> {
    let account = ctx.require_account()?.clone();
    let asked = email::request(
        &ctx.state.db,
        ctx.state.mail_context(),
        &account,
        f.password,
        &f.email,
        ctx.locale,
    )
    .await;
    match asked {
        Ok(()) => {
            let args = [("address", Arg::from(f.email.trim()))];
            let done = crate::i18n::render(ctx.locale, "notice-email-sent", &args);
            form(&ctx, "", None, Some(done))
        }
        Err(ServiceError::Refused(r)) => form(&ctx, &f.email, Some(ctx.refusal(&r)), None),
        Err(e) => Err(e.into()),
    }
}

fn invalid_link(ctx: &Ctx) -> HttpResponse {
    HttpResponse::Gone()
        .content_type("text/html; charset=utf-8")
        .body(email_confirm_page(&Chrome::from(ctx), Confirm::Invalid).into_string())
}

/// The link's page: a question and one button (a GET never changes anything).
pub async fn confirm_page(ctx: Ctx, token: web::Path<String>) -> Result<HttpResponse, AppError> {
    let token = token.into_inner();
    let address = ctx
        .state
        .db
        .run(move |c| email::link_works(c, &token))
        .await?;
    Ok(match address {
        Some(a) => html(email_confirm_page(&Chrome::from(&ctx), Confirm::Ask(&a))),
        None => invalid_link(&ctx),
    })
}

#[derive(Deserialize)]
pub struct Empty {}

pub async fn confirm_submit(
    ctx: Ctx,
    token: web::Path<String>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<HttpResponse, AppError> {
    let token = token.into_inner();
    let mail = ctx.state.mail_context();
    let locale = ctx.locale;
    let done = ctx
        .state
        .db
        .run(move |c| email::confirm(c, &mail, &token, locale))
        .await;
    match done {
        Ok(_) if ctx.account.is_some() => Ok(super::see_other("/account?done=email")),
        Ok(_) => Ok(super::see_other("/login?notice=notice-email-confirmed")),
        Err(ServiceError::NotFound) => Ok(invalid_link(&ctx)),
        Err(ServiceError::Refused(r)) => {
            let why = ctx.refusal(&r);
            Ok(unprocessable(email_confirm_page(
                &Chrome::from(&ctx),
                Confirm::Refused(&why),
            )))
        }
        Err(e) => Err(e.into()),
    }
}
