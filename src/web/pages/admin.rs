//! Server settings for server admins: who may found co-ops, open sign-up.

use super::html;
use crate::server_settings::{self, ServerSettings};
use crate::web::context::{CsrfForm, Ctx};
use crate::web::errors::AppError;
use crate::web::views::admin::{SettingsView, settings_page as settings_page_view};
use crate::web::views::layout::Chrome;
use actix_web::HttpResponse;

async fn render(ctx: &Ctx, done: bool) -> Result<HttpResponse, AppError> {
    let now = ctx.state.db.run(server_settings::read).await?;
    let view = SettingsView {
        anyone_may_found: now.anyone_may_found,
        open_signup: now.open_signup,
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
    let to = ServerSettings {
        anyone_may_found: on("anyone_may_found"),
        open_signup: on("open_signup"),
    };
    ctx.state
        .db
        .run(move |c| server_settings::write(c, &to))
        .await?;
    render(&ctx, true).await
}
