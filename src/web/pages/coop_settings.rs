//! `/c/{slug}/settings`: the co-op's own settings (board and admins).

use super::{html, see_other};
use crate::coops::{self, Settings};
use crate::web::authz::Access;
use crate::web::context::{CsrfForm, Ctx};
use crate::web::errors::AppError;
use crate::web::views::coop_settings::{CoopSettingsView, coop_settings_page};
use crate::web::views::coops::CoopView;
use crate::web::views::layout::Chrome;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct ShowQuery {
    saved: Option<String>,
}

pub async fn show(
    ctx: Ctx,
    access: Access,
    q: web::Query<ShowQuery>,
) -> Result<HttpResponse, AppError> {
    let coop = access.coop()?.clone();
    let id = coop.id;
    let s = ctx.state.db.run(move |c| coops::settings(c, id)).await?;
    let view = CoopSettingsView {
        coop: CoopView::of(&coop, &access),
        show_not_voted: s.show_not_voted,
        saved: q.saved.is_some(),
    };
    Ok(html(coop_settings_page(&Chrome::from(&ctx), &view)))
}

/// The form: a checkbox is sent only when ticked.
#[derive(Deserialize)]
pub struct SettingsForm {
    show_not_voted: Option<String>,
}

pub async fn save(
    ctx: Ctx,
    access: Access,
    CsrfForm(form): CsrfForm<SettingsForm>,
) -> Result<HttpResponse, AppError> {
    let coop = access.coop()?;
    let (id, slug) = (coop.id, coop.slug.clone());
    let actor = access.account_id()?;
    let new = Settings {
        show_not_voted: form.show_not_voted.is_some(),
    };
    ctx.state
        .db
        .run(move |c| coops::save_settings(c, id, actor, new))
        .await?;
    Ok(see_other(&format!("/c/{slug}/settings?saved=1")))
}
