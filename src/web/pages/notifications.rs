//! The notifications page: list (newest first, keyset pages), open one (marks it read and
//! goes to the thing), mark all read.

use super::{html, see_other};
use crate::notifications;
use crate::web::context::{CsrfForm, Ctx};
use crate::web::errors::AppError;
use crate::web::views::layout::Chrome;
use crate::web::views::notifications::{Line, NotificationsView, notifications_page};
use actix_web::{HttpResponse, web};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct ListQuery {
    before: Option<String>,
    marked: Option<String>,
}

pub async fn list(ctx: Ctx, q: web::Query<ListQuery>) -> Result<HttpResponse, AppError> {
    let account = ctx.require_account()?.id;
    let before = match q.before.as_deref().filter(|b| !b.is_empty()) {
        None => None,
        Some(b) => Some(
            b.parse::<i64>()
                .map_err(|_| AppError::BadRequest("before".into()))?,
        ),
    };
    let page = ctx
        .state
        .db
        .run(move |c| Ok::<_, AppError>(notifications::page(c, account, before)?))
        .await?;
    let lines = page
        .items
        .into_iter()
        .map(|n| Line {
            id: n.id,
            kind: n.kind,
            coop: n.coop_name,
            actor: n.actor,
            subject: n.subject,
            detail: n.detail,
            at: n.created_at,
            unread: n.unread,
        })
        .collect();
    let view = NotificationsView {
        lines,
        older: page.older,
        paged: before.is_some(),
        marked: q.marked.is_some(),
        tz: ctx.state.config.time_zone,
    };
    Ok(html(notifications_page(&Chrome::from(&ctx), &view)))
}

/// Marks the notification read and goes where it links; another person's is not found.
pub async fn open(ctx: Ctx, id: web::Path<i64>) -> Result<HttpResponse, AppError> {
    let account = ctx.require_account()?.id;
    let (id, now) = (id.into_inner(), ctx.state.clock.now());
    let target = ctx
        .state
        .db
        .run(move |c| Ok::<_, AppError>(notifications::open(c, account, id, now)?))
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(see_other(&target))
}

#[derive(Deserialize)]
pub struct Empty {}

pub async fn mark_all_read(
    ctx: Ctx,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<HttpResponse, AppError> {
    let account = ctx.require_account()?.id;
    let now = ctx.state.clock.now();
    ctx.state
        .db
        .run(move |c| Ok::<_, AppError>(notifications::mark_all_read(c, account, now)?))
        .await?;
    Ok(see_other("/notifications?marked=1"))
}
