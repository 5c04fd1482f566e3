//! Open sign-up: anyone may create an account, only while the server admin has turned the
//! `open_signup` setting on (off by default). Otherwise people join co-ops by invitation.

use super::auth::start_session;
use super::{html, unprocessable};
use crate::auth::password;
use crate::auth::sign_in::{self, NewPerson};
use crate::domain::account::check_new_account;
use crate::web::context::{CsrfForm, Ctx};
use crate::web::errors::AppError;
use crate::web::views::auth::{NewAccountForm, signup_page as signup_page_view};
use crate::web::views::layout::Chrome;
use actix_web::HttpResponse;
use maud::Markup;
use serde::Deserialize;

async fn open(ctx: &Ctx) -> Result<bool, AppError> {
    ctx.state
        .db
        .run(sign_in::signup_open)
        .await
        .map_err(AppError::from)
}

fn form(ctx: &Ctx, error: Option<&str>, email: &str, name: &str) -> Markup {
    let form = NewAccountForm {
        error,
        email,
        display_name: name,
    };
    signup_page_view(&Chrome::from(ctx), &form)
}

pub async fn signup_page(ctx: Ctx) -> Result<HttpResponse, AppError> {
    if !open(&ctx).await? {
        return Err(AppError::NotFound);
    }
    Ok(html(form(&ctx, None, "", "")))
}

#[derive(Deserialize)]
pub struct SignupForm {
    display_name: String,
    email: String,
    password: String,
}

pub async fn signup_submit(
    ctx: Ctx,
    CsrfForm(f): CsrfForm<SignupForm>,
) -> Result<HttpResponse, AppError> {
    if !open(&ctx).await? {
        return Err(AppError::NotFound);
    }
    let email = f.email.trim().to_string();
    if let Err(refused) = check_new_account(&email, &f.display_name, &f.password) {
        return Ok(unprocessable(form(
            &ctx,
            Some(&ctx.refusal(&refused)),
            &email,
            &f.display_name,
        )));
    }
    let hash = password::hash(f.password)
        .await
        .map_err(AppError::Internal)?;
    let new = NewPerson {
        email,
        display_name: f.display_name.trim().to_string(),
        password_hash: hash,
        locale: ctx.locale,
    };
    let created = ctx.state.db.run(move |c| sign_in::sign_up(c, &new)).await?;
    match created {
        Some(id) => start_session(&ctx, id, "/").await,
        // Same words whether or not the address is taken would hide nothing here: the login
        // form answers the same question. Say it plainly.
        None => Ok(unprocessable(form(
            &ctx,
            Some(&ctx.t("signup-taken")),
            f.email.trim(),
            &f.display_name,
        ))),
    }
}
