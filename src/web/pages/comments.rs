//! Comments: adding one (mentions notify), editing (versions kept), deleting (a marker), and
//! the kept versions.

use super::threads::{Empty, load, version_views};
use super::{html, see_other, unprocessable};
use crate::threads::posts::{self, Comment};
use crate::threads::{self as posting, Body, comment_path};
use crate::web::authz::Access;
use crate::web::context::{CsrfForm, Ctx};
use crate::web::errors::AppError;
use crate::web::views::coops::CoopView;
use crate::web::views::layout::Chrome;
use crate::web::views::threads::{self as view, History, HistoryOf, PostForm};
use actix_web::{HttpResponse, web};
use maud::Markup;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct BodyField {
    #[serde(default)]
    body: String,
}

fn form_page(
    ctx: &Ctx,
    access: &Access,
    action: &str,
    body: &str,
    error: Option<&str>,
) -> Result<Markup, AppError> {
    let coop = access.coop()?;
    let form = PostForm {
        locale: ctx.locale,
        action,
        csrf: &ctx.csrf,
        title: None,
        body,
        submit: &ctx.t("threads-save"),
        error,
    };
    Ok(view::form_page(
        &Chrome::from(ctx),
        &CoopView::of(coop, access),
        &ctx.t("threads-edit-comment"),
        &form,
    ))
}

pub async fn create(
    ctx: Ctx,
    access: Access,
    path: web::Path<(String, i64)>,
    CsrfForm(form): CsrfForm<BodyField>,
) -> Result<HttpResponse, AppError> {
    let (_, thread_id) = path.into_inner();
    let thread = load(&ctx, &access, thread_id).await?;
    if thread.deleted_at.is_some() {
        return Err(AppError::NotFound);
    }
    let coop = access.coop()?.clone();
    let body = match Body::parse(&form.body) {
        Ok(b) => b,
        Err(refused) => {
            let action = format!("/c/{}/threads/{thread_id}/comments", coop.slug);
            let error = ctx.refusal(&refused);
            return Ok(unprocessable(form_page(
                &ctx,
                &access,
                &action,
                &form.body,
                Some(&error),
            )?));
        }
    };
    let author = access.account()?.clone();
    let mail_ctx = ctx.state.mail_context();
    let slug = coop.slug.clone();
    let id = ctx
        .state
        .db
        .run(move |c| posts::comment(c, &mail_ctx, (&coop, &author), thread_id, &body))
        .await?;
    Ok(see_other(&comment_path(&slug, thread_id, id)))
}

/// The comment of this co-op (404 when missing, deleted, or in a deleted thread).
async fn load_comment(ctx: &Ctx, access: &Access, id: i64) -> Result<Comment, AppError> {
    let coop_id = access.coop()?.id;
    ctx.state
        .db
        .run(move |c| posts::live_comment(c, coop_id, id))
        .await
        .map_err(AppError::from)
}

pub async fn history(
    ctx: Ctx,
    access: Access,
    path: web::Path<(String, i64)>,
) -> Result<HttpResponse, AppError> {
    let (_, id) = path.into_inner();
    let comment = load_comment(&ctx, &access, id).await?;
    let coop = access.coop()?.clone();
    let coop_id = coop.id;
    let list = ctx
        .state
        .db
        .run(move |c| posts::comment_versions(c, coop_id, id))
        .await?;
    let v = History {
        coop: CoopView::of(&coop, &access),
        of: HistoryOf::Comment {
            href: comment_path(&coop.slug, comment.thread_id, id),
        },
        versions: version_views(list),
    };
    Ok(html(view::history_page(&Chrome::from(&ctx), &v)))
}

async fn editable(ctx: &Ctx, access: &Access, id: i64) -> Result<Comment, AppError> {
    let comment = load_comment(ctx, access, id).await?;
    if !posting::may_edit(access, comment.author_id) {
        return Err(AppError::Forbidden);
    }
    Ok(comment)
}

pub async fn edit_page(
    ctx: Ctx,
    access: Access,
    path: web::Path<(String, i64)>,
) -> Result<HttpResponse, AppError> {
    let (slug, id) = path.into_inner();
    let comment = editable(&ctx, &access, id).await?;
    let action = format!("/c/{slug}/comments/{id}/edit");
    Ok(html(form_page(
        &ctx,
        &access,
        &action,
        &comment.body,
        None,
    )?))
}

pub async fn edit(
    ctx: Ctx,
    access: Access,
    path: web::Path<(String, i64)>,
    CsrfForm(form): CsrfForm<BodyField>,
) -> Result<HttpResponse, AppError> {
    let (slug, id) = path.into_inner();
    let comment = editable(&ctx, &access, id).await?;
    let body = match Body::parse(&form.body) {
        Ok(b) => b,
        Err(refused) => {
            let action = format!("/c/{slug}/comments/{id}/edit");
            let error = ctx.refusal(&refused);
            return Ok(unprocessable(form_page(
                &ctx,
                &access,
                &action,
                &form.body,
                Some(&error),
            )?));
        }
    };
    let editor = access.account()?.clone();
    let mail_ctx = ctx.state.mail_context();
    let target = comment_path(&access.coop()?.slug, comment.thread_id, id);
    ctx.state
        .db
        .run(move |c| posts::edit_comment(c, &mail_ctx, (&access, &editor), id, &body))
        .await?;
    Ok(see_other(&target))
}

pub async fn delete(
    ctx: Ctx,
    access: Access,
    path: web::Path<(String, i64)>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<HttpResponse, AppError> {
    let (slug, id) = path.into_inner();
    let comment = load_comment(&ctx, &access, id).await?;
    if !posting::may_delete(&access, comment.author_id) {
        return Err(AppError::Forbidden);
    }
    let target = comment_path(&slug, comment.thread_id, id);
    ctx.state
        .db
        .run(move |c| posts::delete_comment(c, &access, id))
        .await?;
    Ok(see_other(&target))
}
