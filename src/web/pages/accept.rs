//! Accepting an invitation: signed in, it links the current account; otherwise it creates an
//! account for the invited address (or asks to log in when one exists), then admits the person.

use super::{html, see_other, unprocessable};
use crate::auth::password;
use crate::crypto;
use crate::domain::account::check_new_account;
use crate::members::joining::{self, Found};
use crate::web::context::{CsrfForm, Ctx};
use crate::web::errors::AppError;
use crate::web::pages::auth::start_session;
use crate::web::views::accept::{AcceptView, accept_gone_page, accept_page as accept_page_view};
use crate::web::views::layout::Chrome;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

async fn find(ctx: &Ctx, token: &str) -> Result<Option<Found>, AppError> {
    let hash = crypto::sha256_hex(token);
    let (locale, now) = (ctx.locale, ctx.state.clock.now());
    Ok(ctx
        .state
        .db
        .run(move |c| joining::find(c, &hash, locale, now))
        .await?)
}

fn gone(ctx: &Ctx) -> HttpResponse {
    HttpResponse::Gone()
        .content_type("text/html; charset=utf-8")
        .body(accept_gone_page(&Chrome::from(ctx)).into_string())
}

fn form_page(ctx: &Ctx, token: &str, f: &Found, error: Option<&str>) -> maud::Markup {
    let action = format!("/invitations/{token}");
    let view = AcceptView {
        action: &action,
        coop_name: &f.coop.name,
        place: &f.place,
        invited_email: &f.invitation.email,
        signed_in_as: ctx.account.as_ref().map(|a| a.display_name.as_str()),
        account_exists: f.account_exists,
        error,
    };
    accept_page_view(&Chrome::from(ctx), &view)
}

pub async fn accept_page(ctx: Ctx, token: web::Path<String>) -> Result<HttpResponse, AppError> {
    Ok(match find(&ctx, &token).await? {
        Some(f) => html(form_page(&ctx, &token, &f, None)),
        None => gone(&ctx),
    })
}

#[derive(Deserialize)]
pub struct AcceptForm {
    display_name: Option<String>,
    password: Option<String>,
}

pub async fn accept_submit(
    ctx: Ctx,
    token: web::Path<String>,
    CsrfForm(form): CsrfForm<AcceptForm>,
) -> Result<HttpResponse, AppError> {
    let Some(found) = find(&ctx, &token).await? else {
        return Ok(gone(&ctx));
    };
    let slug = found.coop.slug.clone();
    let login_first = format!("/login?next=/invitations/{}", token.as_str());
    if let Some(account) = &ctx.account {
        let (id, inv) = (account.id, found.invitation.clone());
        let ok = ctx
            .state
            .db
            .run(move |c| joining::accept(c, &inv, id))
            .await?;
        return Ok(if ok {
            see_other(&format!("/c/{slug}"))
        } else {
            gone(&ctx)
        });
    }
    if found.account_exists {
        return Ok(see_other(&login_first));
    }
    let name = form.display_name.unwrap_or_default().trim().to_string();
    let pass = form.password.unwrap_or_default();
    if let Err(refused) = check_new_account(&found.invitation.email, &name, &pass) {
        let error = ctx.refusal(&refused);
        return Ok(unprocessable(form_page(&ctx, &token, &found, Some(&error))));
    }
    match create_and_admit(&ctx, found.invitation, name, pass).await? {
        Some(id) => start_session(&ctx, id, &format!("/c/{slug}")).await,
        None => Ok(see_other(&login_first)),
    }
}

/// Creates the invited person's account and admits it; `None` when an account for the
/// address appeared meanwhile (then the person logs in first).
async fn create_and_admit(
    ctx: &Ctx,
    inv: crate::members::directory::Invitation,
    name: String,
    pass: String,
) -> Result<Option<i64>, AppError> {
    let hash = password::hash(pass).await.map_err(AppError::Internal)?;
    let locale = ctx.locale;
    Ok(ctx
        .state
        .db
        .run(move |c| joining::create_and_accept(c, &inv, (&name, &hash), locale))
        .await?)
}
