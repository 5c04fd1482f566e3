//! First-run setup, log in, log out. Sessions are database rows; the cookie holds a random id.

use super::{SESSION_DAYS, html, safe_next, session_cookie, unprocessable};
use crate::auth::password;
use crate::crypto;
use crate::domain::refusal::Code;
use crate::storage::{self, accounts, write_tx};
use crate::web::context::{CsrfForm, Ctx, client_ip};
use crate::web::errors::AppError;
use crate::web::views::auth::{self as views, LoginView, NewAccountForm};
use crate::web::views::layout::Chrome;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Duration;
use maud::Markup;
use serde::Deserialize;

/// Failed logins allowed per account, and per address, within the window.
pub const MAX_FAILURES_PER_ACCOUNT: usize = 5;
pub const MAX_FAILURES_PER_ADDRESS: usize = 20;
pub const FAILURE_WINDOW_MINUTES: i64 = 15;

fn setup_form(ctx: &Ctx, error: Option<&str>, email: &str, name: &str) -> Markup {
    let form = NewAccountForm {
        error,
        email,
        display_name: name,
    };
    views::setup_page(&Chrome::from(ctx), &form)
}

pub async fn setup_page(ctx: Ctx) -> Result<HttpResponse, AppError> {
    let count = ctx
        .state
        .db
        .run(|c| Ok::<_, AppError>(accounts::count(c)?))
        .await?;
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
    let name = form.display_name.trim().to_string();
    let locale = ctx.locale.code();
    let created = ctx
        .state
        .db
        .run(move |c| {
            write_tx(c, |c| {
                if accounts::count(c)? > 0 {
                    return Ok::<_, AppError>(None);
                }
                let new = accounts::NewAccount {
                    email: &email,
                    display_name: &name,
                    password_hash: &hash,
                    locale: Some(locale),
                    is_server_admin: true,
                };
                Ok(Some(accounts::insert(c, &new)?))
            })
        })
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
        .run(move |c| Ok::<_, AppError>(accounts::create_session(c, &hash, account_id, expires)?))
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
    let (count, signup) = ctx
        .state
        .db
        .run(|c| {
            Ok::<_, AppError>((
                accounts::count(c)?,
                crate::storage::settings::flag(c, crate::storage::settings::OPEN_SIGNUP)?,
            ))
        })
        .await?;
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
    let (account, retry_after) = throttle(&ctx, email_lower.clone(), ip.clone()).await?;
    if let Some(secs) = retry_after {
        tracing::warn!("login throttled");
        return Err(AppError::TooManyRequests {
            retry_after_secs: secs,
        });
    }
    let stored = account.as_ref().map(|a| a.password_hash.clone());
    let valid = password::verify(form.password, stored).await;
    match account {
        Some(account) if valid => {
            let key = email_lower.clone();
            ctx.state
                .db
                .run(move |c| Ok::<_, AppError>(accounts::clear_login_failures(c, &key)?))
                .await?;
            start_session(&ctx, account.id, &next).await
        }
        _ => {
            ctx.state
                .db
                .run(move |c| {
                    Ok::<_, AppError>(accounts::record_login_failure(c, &email_lower, &ip)?)
                })
                .await?;
            let error = ctx.refusal(&Code::LoginFailed.into());
            let email = form.email.trim();
            let page = login_form(&ctx, Some(&error), email, &next, None, false);
            Ok(unprocessable(page))
        }
    }
}

/// The account for `email` (lowercased), and how many seconds to wait when too many logins
/// failed lately for that address or from `ip`.
async fn throttle(
    ctx: &Ctx,
    email: String,
    ip: String,
) -> Result<(Option<accounts::Account>, Option<i64>), AppError> {
    ctx.state
        .db
        .run(move |c| {
            let now = storage::now();
            let window = Duration::minutes(FAILURE_WINDOW_MINUTES);
            let (by_email, by_ip) = accounts::login_failures_since(c, &email, &ip, now - window)?;
            let mut retry = None;
            for (failures, limit) in [
                (&by_email, MAX_FAILURES_PER_ACCOUNT),
                (&by_ip, MAX_FAILURES_PER_ADDRESS),
            ] {
                if failures.len() >= limit {
                    // Blocked until enough failures leave the window.
                    let freeing = failures[failures.len() - limit];
                    let secs = (freeing + window - now).num_seconds().max(1);
                    retry = Some(retry.map_or(secs, |r: i64| r.max(secs)));
                }
            }
            Ok::<_, AppError>((accounts::by_email(c, &email)?, retry))
        })
        .await
}

#[derive(Deserialize)]
pub struct Empty {}

pub async fn logout(ctx: Ctx, CsrfForm(_): CsrfForm<Empty>) -> Result<HttpResponse, AppError> {
    if let Some(hash) = ctx.session_hash.clone() {
        ctx.state
            .db
            .run(move |c| Ok::<_, AppError>(accounts::delete_session(c, &hash)?))
            .await?;
    }
    let mut res = super::see_other("/login?notice=notice-logged-out");
    res.add_cookie(&super::expired_session_cookie(
        ctx.state.config.secure_cookies(),
    ))
    .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(res)
}
