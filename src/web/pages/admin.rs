//! Server settings for server admins: who may found co-ops, open sign-up.

use super::html;
use crate::storage::settings;
use crate::web::context::{CsrfForm, Ctx};
use crate::web::errors::AppError;
use crate::web::views::admin::{SettingsView, settings_page as settings_page_view};
use crate::web::views::layout::Chrome;
use actix_web::HttpResponse;

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
    let view = SettingsView {
        anyone_may_found: found,
        open_signup: signup,
        saved: done,
    };
    Ok(html(settings_page_view(&Chrome::from(ctx), &view)))
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
