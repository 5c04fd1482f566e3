//! The account page: language, mail preferences, password, personal API tokens.

use super::html;
use crate::crypto;
use crate::domain::refusal::Code;
use crate::mail::MailKind;
use crate::storage::{self, accounts};
use crate::web::context::{CsrfForm, Ctx};
use crate::web::errors::AppError;
use crate::web::views::account::{AccountView, MailPref, TokenRow, account_page};
use crate::web::views::layout::Chrome;
use actix_web::{HttpResponse, web};
use chrono::Duration;
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
    let (tokens, prefs) = ctx
        .state
        .db
        .run(move |c| {
            let tokens = accounts::list_api_tokens(c, id)?
                .into_iter()
                .map(|t| TokenRow {
                    id: t.id,
                    name: t.name,
                    created_at: t.created_at,
                    expires_at: t.expires_at,
                })
                .collect();
            let mut prefs = vec![];
            for kind in MailKind::NOTIFICATIONS {
                let enabled = accounts::mail_enabled(c, id, kind.key())?;
                prefs.push(MailPref {
                    key: kind.key(),
                    enabled,
                });
            }
            Ok::<_, AppError>((tokens, prefs))
        })
        .await?;
    let view = AccountView {
        display_name: account.display_name,
        email: account.email,
        tz: ctx.state.config.time_zone,
        prefs,
        tokens,
        new_token,
        error,
        done,
    };
    Ok(html(account_page(&Chrome::from(ctx), &view)))
}

pub async fn show(ctx: Ctx) -> Result<HttpResponse, AppError> {
    render(&ctx, None, None, None).await
}

pub async fn save_notifications(
    ctx: Ctx,
    CsrfForm(form): CsrfForm<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let id = ctx.require_account()?.id;
    ctx.state
        .db
        .run(move |c| {
            storage::write_tx(c, |c| {
                for kind in MailKind::NOTIFICATIONS {
                    let on = form.iter().any(|(k, v)| k == kind.key() && v == "on");
                    accounts::set_mail_enabled(c, id, kind.key(), on)?;
                }
                Ok::<_, AppError>(())
            })
        })
        .await?;
    render(&ctx, None, Some(ctx.t("notice-saved")), None).await
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
    let name = form.name.trim().to_string();
    if name.is_empty() || name.chars().count() > 100 {
        return render(
            &ctx,
            Some(ctx.refusal(&Code::TokenNameInvalid.into())),
            None,
            None,
        )
        .await;
    }
    let days = match form
        .days
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        None => None,
        Some(d) => match d.parse::<i64>() {
            Ok(n) if (1..=3650).contains(&n) => Some(n),
            _ => {
                return render(
                    &ctx,
                    Some(ctx.refusal(&Code::TokenDaysInvalid.into())),
                    None,
                    None,
                )
                .await;
            }
        },
    };
    let token = crypto::new_token();
    let hash = crypto::sha256_hex(&token);
    let expires = days.map(|d| ctx.state.clock.now() + Duration::days(d));
    ctx.state
        .db
        .run(move |c| Ok::<_, AppError>(accounts::create_api_token(c, id, &name, &hash, expires)?))
        .await?;
    render(&ctx, None, Some(ctx.t("notice-token-created")), Some(token)).await
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
    let revoked = ctx
        .state
        .db
        .run(move |c| Ok::<_, AppError>(accounts::revoke_api_token(c, id, token_id)?))
        .await?;
    if !revoked {
        return Err(AppError::NotFound);
    }
    render(&ctx, None, Some(ctx.t("notice-token-revoked")), None).await
}
