//! `/account/notifications`: optional mail per kind, volume and digest per co-op.

use super::{html, see_other};
use crate::notifications;
use crate::web::context::{CsrfForm, Ctx};
use crate::web::errors::AppError;
use crate::web::views::layout::Chrome;
use crate::web::views::notification_settings::{CoopLine, SettingsView, settings_page};
use actix_web::{HttpResponse, web};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct ShowQuery {
    saved: Option<String>,
}

pub async fn show(ctx: Ctx, q: web::Query<ShowQuery>) -> Result<HttpResponse, AppError> {
    let account = ctx.require_account()?.id;
    let s = ctx
        .state
        .db
        .run(move |c| Ok::<_, AppError>(notifications::settings(c, account)?))
        .await?;
    let view = SettingsView {
        mail: s.mail.into_iter().map(|(k, on)| (k.key(), on)).collect(),
        coops: s
            .coops
            .into_iter()
            .map(|c| CoopLine {
                id: c.coop_id,
                name: c.name,
                volume: c.setting.volume.key(),
                digest: c.setting.digest,
            })
            .collect(),
        saved: q.saved.is_some(),
    };
    Ok(html(settings_page(&Chrome::from(&ctx), &view)))
}

pub async fn save(
    ctx: Ctx,
    CsrfForm(form): CsrfForm<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let account = ctx.require_account()?.id;
    ctx.state
        .db
        .run(move |c| Ok::<_, AppError>(notifications::save_settings(c, account, &form)?))
        .await?;
    Ok(see_other("/account/notifications?saved=1"))
}
