//! The account page: language, mail preferences, password, personal API tokens.

use super::html;
use crate::crypto;
use crate::domain::refusal::Code;
use crate::i18n::{Locale, render as tr};
use crate::mail::MailKind;
use crate::storage::{self, accounts};
use crate::web::context::{CsrfForm, Ctx};
use crate::web::errors::AppError;
use crate::web::views::forms::{alert, csrf, field, notice};
use crate::web::views::layout::{Chrome, page};
use actix_web::{HttpResponse, web};
use chrono::Duration;
use maud::html;
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
    let (tokens_list, prefs) = ctx
        .state
        .db
        .run(move |c| {
            let list = accounts::list_api_tokens(c, id)?;
            let mut prefs = vec![];
            for kind in MailKind::NOTIFICATIONS {
                prefs.push((kind, accounts::mail_enabled(c, id, kind.key())?));
            }
            Ok::<_, AppError>((list, prefs))
        })
        .await?;
    let l = ctx.locale;
    let tz = ctx.state.config.time_zone;
    let when = |t: chrono::NaiveDateTime| crate::i18n::format::in_zone(l, tz, t);
    let body = html! {
        (notice(done.as_deref()))
        (alert(error.as_deref()))
        p { (account.display_name) " — " (account.email) }
        section aria-labelledby="h-lang" {
            h2 #h-lang { (ctx.t("account-language")) }
            form method="post" action="/language" {
                (csrf(&ctx.csrf))
                input type="hidden" name="next" value="/account";
                label for="acc-lang" { (ctx.t("layout-language")) } " "
                select #acc-lang name="lang" {
                    option value="en" selected[l == Locale::En] { "English" }
                    option value="fr" selected[l == Locale::Fr] { "Français" }
                }
                " " button type="submit" { (ctx.t("layout-language-apply")) }
            }
        }
        section aria-labelledby="h-mail" {
            h2 #h-mail { (ctx.t("account-mail")) }
            p { (ctx.t("account-mail-intro")) }
            form method="post" action="/account/notifications" {
                (csrf(&ctx.csrf))
                @for (kind, enabled) in &prefs {
                    p.check {
                        input type="checkbox" id=(format!("k-{}", kind.key())) name=(kind.key()) value="on" checked[*enabled];
                        " " label for=(format!("k-{}", kind.key())) { (ctx.t(&format!("mail-kind-{}", kind.key().replace('_', "-")))) }
                    }
                }
                button type="submit" { (ctx.t("account-save")) }
            }
        }
        section aria-labelledby="h-pass" {
            h2 #h-pass { (ctx.t("account-password")) }
            form method="post" action="/account/password" {
                (csrf(&ctx.csrf))
                (field("current", &ctx.t("field-current-password"), "password", "", "current-password"))
                (field("password", &ctx.t("field-new-password"), "password", "", "new-password"))
                p.hint { (ctx.t("password-rule")) }
                button type="submit" { (ctx.t("account-change-password")) }
            }
        }
        section aria-labelledby="h-tokens" {
            h2 #h-tokens { (ctx.t("account-tokens")) }
            p { (ctx.t("account-tokens-intro")) }
            @if let Some(token) = &new_token {
                p.notice role="status" { (ctx.t("account-token-once")) }
                p { code #new-token { (token) } }
            }
            @if tokens_list.is_empty() {
                p { (ctx.t("account-tokens-none")) }
            } @else {
                table {
                    thead { tr { th { (ctx.t("account-token-name")) } th { (ctx.t("account-token-created")) } th { (ctx.t("account-token-expires")) } th {} } }
                    tbody {
                        @for t in &tokens_list {
                            tr {
                                td { (t.name) }
                                td { (when(t.created_at)) }
                                td { @if let Some(e) = t.expires_at { (when(e)) } @else { "—" } }
                                td {
                                    form.inline method="post" action=(format!("/account/tokens/{}/revoke", t.id)) {
                                        (csrf(&ctx.csrf))
                                        button type="submit" { (ctx.t("account-token-revoke")) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            form method="post" action="/account/tokens" {
                (csrf(&ctx.csrf))
                (field("name", &ctx.t("account-token-name"), "text", "", "off"))
                p.field {
                    label for="f-days" { (ctx.t("account-token-days")) }
                    input #f-days name="days" type="number" min="1" max="3650" inputmode="numeric";
                }
                button type="submit" { (ctx.t("account-token-create")) }
            }
        }
    };
    let title = tr(l, "account-title", &[]);
    Ok(html(page(&Chrome::from(ctx), &title, body)))
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
    let expires = days.map(|d| storage::now() + Duration::days(d));
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
