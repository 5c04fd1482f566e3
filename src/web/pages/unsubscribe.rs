//! One-click unsubscribe: the signature in the URL authorizes the change (no CSRF token,
//! no session), so mail clients can POST to it directly (RFC 8058).

use super::html;
use crate::auth::sign_in;
use crate::mail::{MailKind, unsubscribe_payload};
use crate::web::context::Ctx;
use crate::web::errors::AppError;
use crate::web::views::account::{UnsubscribeView, unsubscribe_page};
use crate::web::views::layout::Chrome;
use actix_web::{HttpResponse, web};

fn check(ctx: &Ctx, account_id: i64, kind: &str, sig: &str) -> Result<MailKind, AppError> {
    let kind = MailKind::parse(kind)
        .filter(|k| k.is_notification())
        .ok_or(AppError::NotFound)?;
    if !crate::crypto::verify(
        &ctx.state.keys.links,
        &unsubscribe_payload(account_id, kind),
        sig,
    ) {
        return Err(AppError::Forbidden);
    }
    Ok(kind)
}

fn show(ctx: &Ctx, kind: MailKind, done: bool) -> HttpResponse {
    let view = UnsubscribeView {
        kind: kind.key(),
        done,
    };
    html(unsubscribe_page(&Chrome::from(ctx), &view))
}

/// A GET only shows a button: link scanners must not unsubscribe anyone.
pub async fn confirm(
    ctx: Ctx,
    path: web::Path<(i64, String, String)>,
) -> Result<HttpResponse, AppError> {
    let (account_id, kind, sig) = path.into_inner();
    let kind = check(&ctx, account_id, &kind, &sig)?;
    Ok(show(&ctx, kind, false))
}

pub async fn apply(
    ctx: Ctx,
    path: web::Path<(i64, String, String)>,
) -> Result<HttpResponse, AppError> {
    let (account_id, kind, sig) = path.into_inner();
    let kind = check(&ctx, account_id, &kind, &sig)?;
    ctx.state
        .db
        .run(move |c| sign_in::unsubscribe(c, account_id, kind.key()))
        .await?;
    Ok(show(&ctx, kind, true))
}
