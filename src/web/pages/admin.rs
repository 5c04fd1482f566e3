//! Server settings for server admins: who may found co-ops, open sign-up.

use super::html;
use crate::storage::settings;
use crate::web::context::{CsrfForm, Ctx};
use crate::web::errors::AppError;
use crate::web::views::forms::{csrf, notice};
use crate::web::views::layout::{Chrome, page};
use actix_web::HttpResponse;
use maud::html;

async fn render(ctx: &Ctx, done: bool) -> Result<HttpResponse, AppError> {
    let (found, signup) = ctx
        .state
        .db
        .run(|c| {
            Ok::<_, AppError>((
                settings::flag(c, settings::ANYONE_MAY_FOUND)?,
                settings::flag(c, settings::OPEN_SIGNUP)?,
            ))
        })
        .await?;
    let body = html! {
        @if done { (notice(Some(&ctx.t("notice-saved")))) }
        form method="post" action="/admin/settings" {
            (csrf(&ctx.csrf))
            p.check { input #s-found type="checkbox" name="anyone_may_found" value="on" checked[found]; " " label for="s-found" { (ctx.t("settings-anyone-may-found")) } }
            p.check { input #s-signup type="checkbox" name="open_signup" value="on" checked[signup]; " " label for="s-signup" { (ctx.t("settings-open-signup")) } }
            button type="submit" { (ctx.t("account-save")) }
        }
    };
    Ok(html(page(
        &Chrome::from(ctx),
        &ctx.t("settings-title"),
        body,
    )))
}

pub async fn settings_page(ctx: Ctx) -> Result<HttpResponse, AppError> {
    render(&ctx, false).await
}

pub async fn settings_submit(
    ctx: Ctx,
    CsrfForm(form): CsrfForm<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let on = |k: &str| form.iter().any(|(key, v)| key == k && v == "on");
    let (found, signup) = (on("anyone_may_found"), on("open_signup"));
    ctx.state
        .db
        .run(move |c| {
            settings::set(
                c,
                settings::ANYONE_MAY_FOUND,
                if found { "true" } else { "false" },
            )?;
            settings::set(
                c,
                settings::OPEN_SIGNUP,
                if signup { "true" } else { "false" },
            )?;
            Ok::<_, AppError>(())
        })
        .await?;
    render(&ctx, true).await
}
