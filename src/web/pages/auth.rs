//! First-run setup, log in, log out. Sessions are database rows; the cookie holds a random id.

use super::{SESSION_DAYS, html, safe_next, session_cookie, unprocessable};
use crate::auth::password;
use crate::auth::sign_in::{self, Account, NewPerson};
use crate::crypto;
use crate::domain::refusal::Code;
use crate::web::context::{CsrfForm, Ctx, client_ip};
use crate::web::errors::AppError;
use crate::web::views::auth::{self as views, LoginView, NewAccountForm};
use crate::web::views::layout::Chrome;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Duration;
use maud::Markup;
use serde::Deserialize;

fn setup_form(ctx: &Ctx, error: Option<&str>, email: &str, name: &str) -> Markup {
    let form = NewAccountForm {
        error,
        email,
        display_name: name,
    };
    views::setup_page(&Chrome::from(ctx), &form)
}

pub async fn setup_page(ctx: Ctx) -> Result<HttpResponse, AppError> {
    let count = ctx.state.db.run(sign_in::count).await?;
    if count > 0 {
        return Ok(super::see_other("/login"));
    }
    Ok(html(setup_form(&ctx, None, "", "")))
}

#[derive(Deserialize)]
pub struct SetupForm {
    display_name: String,
    email: String,
    password: String,
}

pub async fn setup_submit(
    ctx: Ctx,
    CsrfForm(form): CsrfForm<SetupForm>,
) -> Result<HttpResponse, AppError> {
    let email = form.email.trim().to_string();
    if let Err(refused) =
        crate::domain::account::check_new_account(&email, &form.display_name, &form.password)
    {
        return Ok(unprocessable(setup_form(
            &ctx,
            Some(&ctx.refusal(&refused)),
            &email,
            &form.display_name,
        )));
    }
    let hash = password::hash(form.password)
        .await
        .map_err(AppError::Internal)?;
    let new = NewPerson {
        email,
        display_name: form.display_name.trim().to_string(),
        password_hash: hash,
        locale: ctx.locale,
    };
    let created = ctx
        .state
        .db
        .run(move |c| sign_in::create_first_admin(c, &new))
        .await?;
    let Some(account_id) = created else {
        return Ok(super::see_other("/login"));
    };
    start_session(&ctx, account_id, "/").await
}

/// Creates a session row with a fresh id and sets the cookie.
pub(crate) async fn start_session(
    ctx: &Ctx,
    account_id: i64,
    next: &str,
) -> Result<HttpResponse, AppError> {
    let id = crypto::new_token();
    let hash = crypto::sha256_hex(&id);
    let expires = ctx.state.clock.now() + Duration::days(SESSION_DAYS);
    ctx.state
        .db
        .run(move |c| sign_in::open_session(c, &hash, account_id, expires))
        .await?;
    let mut res = super::see_other(next);
    res.add_cookie(&session_cookie(&id, ctx.state.config.secure_cookies()))
        .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(res)
}

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
    notice: Option<String>,
}

fn login_form(
    ctx: &Ctx,
    error: Option<&str>,
    email: &str,
    next: &str,
    notice_key: Option<&str>,
    signup_link: bool,
) -> Markup {
    // Only catalog notices may be named in the address.
    let notice = notice_key
        .filter(|k| k.starts_with("notice-"))
        .map(|k| ctx.t(k));
    let view = LoginView {
        notice: notice.as_deref(),
        error,
        email,
        next,
        signup_link,
    };
    views::login_page(&Chrome::from(ctx), &view)
}

pub async fn login_page(ctx: Ctx, query: web::Query<NextQuery>) -> Result<HttpResponse, AppError> {
    let (count, signup) = ctx.state.db.run(sign_in::login_page).await?;
    if count == 0 {
        return Ok(super::see_other("/setup"));
    }
    // The sign-up link is shown only while the server accepts sign-ups.
    let next = safe_next(query.next.as_deref());
    let notice = query.notice.as_deref();
    Ok(html(login_form(&ctx, None, "", next, notice, signup)))
}

#[derive(Deserialize)]
pub struct LoginForm {
    email: String,
    password: String,
    next: Option<String>,
}

pub async fn login_submit(
    req: HttpRequest,
    ctx: Ctx,
    CsrfForm(form): CsrfForm<LoginForm>,
) -> Result<HttpResponse, AppError> {
    let ip = client_ip(&req, &ctx.state.config.trusted_proxies);
    let email_lower = form.email.trim().to_lowercase();
    let next = safe_next(form.next.as_deref()).to_string();
    let device = req.cookie(DEVICE_COOKIE).map(|c| c.value().to_string());
    let attempt = throttle(&ctx, email_lower.clone(), ip, device).await?;
    let (account, attempt) = match attempt {
        Ok(reserved) => reserved,
        Err(secs) => {
            tracing::warn!("login throttled");
            return Err(AppError::TooManyRequests {
                retry_after_secs: secs,
            });
        }
    };
    let stored = account.as_ref().map(|a| a.password_hash.clone());
    let valid = password::verify(form.password, stored).await;
    match account {
        Some(account) if valid => {
            let key = email_lower.clone();
            ctx.state
                .db
                .run(move |c| sign_in::signed_in(c, attempt, &key))
                .await?;
            let mut res = start_session(&ctx, account.id, &next).await?;
            res.add_cookie(&device_cookie(&ctx, account.id))
                .map_err(|e| AppError::Internal(e.to_string()))?;
            Ok(res)
        }
        _ => {
            // The attempt was recorded as a failure when it was let through.
            let error = ctx.refusal(&Code::LoginFailed.into());
            let email = form.email.trim();
            let page = login_form(&ctx, Some(&error), email, &next, None, false);
            Ok(unprocessable(page))
        }
    }
}

/// Lets a sign-in attempt through, or says how many seconds to wait when too many failed
/// lately for that address (unless this browser signed in to that account before: a locked
/// account is not locked out of its owner's own devices) or from `ip`. An attempt let through
/// is recorded as a failure at once, in the same transaction as the count and under a lock on
/// the address, so parallel attempts cannot all pass the count; a right password takes it
/// back. Answers the account and the attempt's id.
async fn throttle(
    ctx: &Ctx,
    email: String,
    ip: String,
    device: Option<String>,
) -> Result<Result<(Option<Account>, i64), i64>, AppError> {
    let keys = ctx.state.keys.clone();
    Ok(ctx
        .state
        .db
        .run(move |c| sign_in::attempt(c, &keys.links, (&email, &ip), device.as_deref()))
        .await?)
}

/// The cookie that tells a browser which has signed in to an account before: the account, a
/// random value and their signature. It opens nothing by itself; it only lets its owner sign
/// in while their account is locked by others' failed attempts.
const DEVICE_COOKIE: &str = "collegia_device";

fn device_cookie(ctx: &Ctx, account_id: i64) -> actix_web::cookie::Cookie<'static> {
    let value = sign_in::device_value(&ctx.state.keys.links, account_id);
    actix_web::cookie::Cookie::build(DEVICE_COOKIE, value)
        .path("/login")
        .http_only(true)
        .secure(ctx.state.config.secure_cookies())
        .same_site(actix_web::cookie::SameSite::Strict)
        .max_age(actix_web::cookie::time::Duration::days(365))
        .finish()
}

#[derive(Deserialize)]
pub struct Empty {}

pub async fn logout(ctx: Ctx, CsrfForm(_): CsrfForm<Empty>) -> Result<HttpResponse, AppError> {
    if let Some(hash) = ctx.session_hash.clone() {
        ctx.state
            .db
            .run(move |c| sign_in::end_session(c, &hash))
            .await?;
    }
    let mut res = super::see_other("/login?notice=notice-logged-out");
    res.add_cookie(&super::expired_session_cookie(
        ctx.state.config.secure_cookies(),
    ))
    .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(res)
}
