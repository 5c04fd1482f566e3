//! One's sessions (`accounts::sessions`): the list, ending one, ending all the others.

use super::html;
use crate::accounts::sessions;
use crate::i18n::{Arg, render};
use crate::web::context::{CsrfForm, Ctx};
use crate::web::errors::AppError;
use crate::web::views::account_self::{SessionLine, SessionsView, sessions_page};
use crate::web::views::layout::Chrome;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

async fn render_list(ctx: &Ctx, done: Option<String>) -> Result<HttpResponse, AppError> {
    let id = ctx.require_account()?.id;
    let current = ctx.session_hash.clone();
    let uses = ctx.state.token_uses.clone();
    let list = ctx
        .state
        .db
        .run(move |c| sessions::list(c, &uses, id, current.as_deref()))
        .await?;
    let view = SessionsView {
        tz: ctx.state.config.time_zone,
        sessions: list
            .into_iter()
            .map(|s| SessionLine {
                handle: s.handle,
                signed_in_at: s.signed_in_at,
                last_used_at: s.last_used_at,
                device: s.device,
                current: s.current,
            })
            .collect(),
        done,
    };
    Ok(html(sessions_page(&Chrome::from(ctx), &view)))
}

pub async fn page(ctx: Ctx) -> Result<HttpResponse, AppError> {
    render_list(&ctx, None).await
}

#[derive(Deserialize)]
pub struct Empty {}

pub async fn end(
    ctx: Ctx,
    path: web::Path<String>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<HttpResponse, AppError> {
    let id = ctx.require_account()?.id;
    let handle = path.into_inner();
    ctx.state
        .db
        .run(move |c| sessions::end(c, id, &handle))
        .await?;
    render_list(&ctx, Some(ctx.t("notice-session-ended"))).await
}

pub async fn end_others(ctx: Ctx, CsrfForm(_): CsrfForm<Empty>) -> Result<HttpResponse, AppError> {
    let id = ctx.require_account()?.id;
    let keep = ctx.session_hash.clone().ok_or(AppError::Unauthorized)?;
    let ended = ctx
        .state
        .db
        .run(move |c| sessions::end_others(c, id, &keep))
        .await?;
    let done = render(
        ctx.locale,
        "notice-sessions-ended",
        &[("count", Arg::from(ended))],
    );
    render_list(&ctx, Some(done)).await
}
