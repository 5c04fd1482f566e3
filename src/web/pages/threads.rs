//! Threads: the list, starting one, a thread with a page of its comments (keyset pages of
//! [`posts::PAGE_SIZE`]), editing (versions kept), deleting (a marker), earlier versions.

use super::{html, see_other, unprocessable};
use crate::threads::posts::{self, Comment, Cursor, Thread, Version};
use crate::threads::{self as posting, Body, Title};
use crate::web::authz::{Access, Action};
use crate::web::context::{CsrfForm, Ctx};
use crate::web::errors::AppError;
use crate::web::views::coops::CoopView;
use crate::web::views::layout::Chrome;
use crate::web::views::threads::{
    self as view, CommentView, History, HistoryOf, Pager, PostForm, ProposalLink, ThreadItem,
    ThreadList, ThreadPage, VersionView,
};
use actix_web::{HttpResponse, web};
use serde::Deserialize;

/// 403 unless the visitor's college may start threads (the rulebook's `may_start_threads`).
pub async fn check_may_start(ctx: &Ctx, access: &Access) -> Result<(), AppError> {
    let coop_id = access.coop()?.id;
    let membership = access.membership.clone().ok_or(AppError::Forbidden)?;
    let may = ctx
        .state
        .db
        .run(move |c| posts::may_start(c, coop_id, &membership))
        .await?;
    if may {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

#[derive(Deserialize)]
pub struct ListQuery {
    before: Option<i64>,
}

pub async fn list(
    ctx: Ctx,
    access: Access,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    let coop = access.coop()?.clone();
    let (id, before) = (coop.id, query.before);
    let membership = access.membership.clone();
    let reader = access.account_id().ok();
    let posts::Listing {
        threads: list,
        more,
        may_start,
        unread,
    } = ctx
        .state
        .db
        .run(move |c| posts::list(c, id, before, membership.as_ref(), reader))
        .await?;
    let v = ThreadList {
        coop: CoopView::of(&coop, &access),
        may_start: may_start && access.may(Action::StartThread),
        older: list.last().filter(|_| more).map(|t| t.id),
        threads: list
            .into_iter()
            .map(|t| ThreadItem {
                unread: unread.get(&t.id).map(|u| (u.new, u.comments)),
                id: t.id,
                deleted: t.deleted_at.is_some(),
                title: t.title,
                author_name: t.author_name,
                comment_count: t.comment_count,
                last_activity_at: t.last_activity_at,
            })
            .collect(),
    };
    Ok(html(view::list_page(&Chrome::from(&ctx), &v)))
}

fn new_form(
    ctx: &Ctx,
    access: &Access,
    title: &str,
    body: &str,
    error: Option<&str>,
) -> Result<maud::Markup, AppError> {
    let coop = access.coop()?;
    let action = format!("/c/{}/threads/new", coop.slug);
    let form = PostForm {
        locale: ctx.locale,
        action: &action,
        csrf: &ctx.csrf,
        title: Some(title),
        body,
        submit: &ctx.t("threads-start"),
        error,
    };
    Ok(view::form_page(
        &Chrome::from(ctx),
        &CoopView::of(coop, access),
        &ctx.t("threads-new"),
        &form,
    ))
}

pub async fn new_page(ctx: Ctx, access: Access) -> Result<HttpResponse, AppError> {
    check_may_start(&ctx, &access).await?;
    Ok(html(new_form(&ctx, &access, "", "", None)?))
}

#[derive(Deserialize)]
pub struct PostFields {
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
}

pub async fn create(
    ctx: Ctx,
    access: Access,
    CsrfForm(form): CsrfForm<PostFields>,
) -> Result<HttpResponse, AppError> {
    check_may_start(&ctx, &access).await?;
    let parsed = Title::parse(&form.title).and_then(|t| Body::parse(&form.body).map(|b| (t, b)));
    let (title, body) = match parsed {
        Ok(p) => p,
        Err(refused) => {
            let error = ctx.refusal(&refused);
            return Ok(unprocessable(new_form(
                &ctx,
                &access,
                &form.title,
                &form.body,
                Some(&error),
            )?));
        }
    };
    let coop = access.coop()?.clone();
    let author = access.account()?.clone();
    let membership = access.membership.clone().ok_or(AppError::Forbidden)?;
    let mail_ctx = ctx.state.mail_context();
    let slug = coop.slug.clone();
    let id = ctx
        .state
        .db
        .run(move |c| posts::start(c, &mail_ctx, (&coop, &author, &membership), &title, &body))
        .await?;
    Ok(see_other(&format!("/c/{slug}/threads/{id}")))
}

/// The thread of this co-op, or 404.
pub async fn load(ctx: &Ctx, access: &Access, id: i64) -> Result<Thread, AppError> {
    let coop_id = access.coop()?.id;
    ctx.state
        .db
        .run(move |c| posts::thread(c, coop_id, id))
        .await
        .map_err(AppError::from)
}

#[derive(Deserialize)]
pub struct PageQuery {
    after: Option<i64>,
    before: Option<i64>,
    latest: Option<String>,
}

impl PageQuery {
    pub fn cursor(&self) -> Cursor {
        posts::cursor(self.after, self.before, self.latest.is_some())
    }
}

pub async fn show(
    ctx: Ctx,
    access: Access,
    path: web::Path<(String, i64)>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let coop = access.coop()?.clone();
    let (_, id) = path.into_inner();
    let (coop_id, cursor) = (coop.id, query.cursor());
    let reader = access.account_id().ok();
    // What was unread before this visit; then what this page shows is read.
    let posts::Shown {
        thread,
        page: comments,
        proposals,
        book,
        unread,
    } = ctx
        .state
        .db
        .run(move |c| posts::show(c, coop_id, id, cursor, reader))
        .await?;
    // "Jump to the first unread comment", when it is not on this page.
    let jump = unread
        .and_then(|u| u.first.map(|first| (u.seen, first)))
        .filter(|(_, first)| !comments.comments.iter().any(|x| x.id == *first))
        .map(|(seen, first)| format!("?after={seen}#comment-{first}"));
    let unread_count = unread.map_or(0, |u| u.comments);
    let v = ThreadPage {
        coop: CoopView::of(&coop, &access),
        id,
        deleted: thread.deleted_at.is_some(),
        comment_count: thread.comment_count,
        created_at: thread.created_at,
        edited_at: thread.edited_at,
        proposals: proposals.into_iter().map(proposal_link).collect(),
        may_propose: super::proposals::may_create(&access, &book),
        may_edit: posting::may_edit(&access, thread.author_id),
        may_delete: posting::may_delete(&access, thread.author_id),
        may_comment: access.may(Action::Comment),
        jump,
        unread: unread_count,
        pager: Pager {
            older: comments.older,
            newer: comments.newer,
        },
        comments: comments
            .comments
            .iter()
            .map(|c| comment_view(&access, c))
            .collect(),
        title: thread.title,
        body: thread.body,
        author_name: thread.author_name,
    };
    Ok(html(view::thread_page(&Chrome::from(&ctx), &v)))
}

fn proposal_link(p: posts::ProposalLink) -> ProposalLink {
    ProposalLink {
        id: p.id,
        title: p.title,
        state: p.state,
        verdict: p.verdict,
    }
}

/// A comment as the visitor sees it, with what they may do with it.
fn comment_view(access: &Access, c: &Comment) -> CommentView {
    CommentView {
        id: c.id,
        author_name: c.author_name.clone(),
        body: c.body.clone(),
        created_at: c.created_at,
        edited_at: c.edited_at,
        deleted: c.deleted_at.is_some(),
        may_edit: posting::may_edit(access, c.author_id),
        may_delete: posting::may_delete(access, c.author_id),
    }
}

/// The kept versions of a thread or a comment, as shown.
pub fn version_views(list: Vec<Version>) -> Vec<VersionView> {
    list.into_iter()
        .map(|v| VersionView {
            version: v.version,
            title: v.title,
            body: v.body,
            editor_name: v.editor_name,
            edited_at: v.edited_at,
        })
        .collect()
}

pub async fn history(
    ctx: Ctx,
    access: Access,
    path: web::Path<(String, i64)>,
) -> Result<HttpResponse, AppError> {
    let coop = access.coop()?.clone();
    let (_, id) = path.into_inner();
    let thread = load(&ctx, &access, id).await?;
    if thread.deleted_at.is_some() {
        return Err(AppError::NotFound);
    }
    let coop_id = coop.id;
    let list = ctx
        .state
        .db
        .run(move |c| posts::thread_versions(c, coop_id, id))
        .await?;
    let v = History {
        coop: CoopView::of(&coop, &access),
        of: HistoryOf::Thread {
            href: format!("/c/{}/threads/{id}", coop.slug),
            title: thread.title,
        },
        versions: version_views(list),
    };
    Ok(html(view::history_page(&Chrome::from(&ctx), &v)))
}

fn edit_form(
    ctx: &Ctx,
    access: &Access,
    id: i64,
    fields: (&str, &str),
    error: Option<&str>,
) -> Result<maud::Markup, AppError> {
    let coop = access.coop()?;
    let action = format!("/c/{}/threads/{id}/edit", coop.slug);
    let form = PostForm {
        locale: ctx.locale,
        action: &action,
        csrf: &ctx.csrf,
        title: Some(fields.0),
        body: fields.1,
        submit: &ctx.t("threads-save"),
        error,
    };
    Ok(view::form_page(
        &Chrome::from(ctx),
        &CoopView::of(coop, access),
        &ctx.t("threads-edit-thread"),
        &form,
    ))
}

/// The thread, when the visitor may edit it and it is not deleted.
async fn editable(ctx: &Ctx, access: &Access, id: i64) -> Result<Thread, AppError> {
    let thread = load(ctx, access, id).await?;
    if thread.deleted_at.is_some() {
        return Err(AppError::NotFound);
    }
    if !posting::may_edit(access, thread.author_id) {
        return Err(AppError::Forbidden);
    }
    Ok(thread)
}

pub async fn edit_page(
    ctx: Ctx,
    access: Access,
    path: web::Path<(String, i64)>,
) -> Result<HttpResponse, AppError> {
    let (_, id) = path.into_inner();
    let thread = editable(&ctx, &access, id).await?;
    Ok(html(edit_form(
        &ctx,
        &access,
        id,
        (&thread.title, &thread.body),
        None,
    )?))
}

pub async fn edit(
    ctx: Ctx,
    access: Access,
    path: web::Path<(String, i64)>,
    CsrfForm(form): CsrfForm<PostFields>,
) -> Result<HttpResponse, AppError> {
    let (_, id) = path.into_inner();
    editable(&ctx, &access, id).await?;
    let parsed = Title::parse(&form.title).and_then(|t| Body::parse(&form.body).map(|b| (t, b)));
    let (title, body) = match parsed {
        Ok(p) => p,
        Err(refused) => {
            let error = ctx.refusal(&refused);
            return Ok(unprocessable(edit_form(
                &ctx,
                &access,
                id,
                (&form.title, &form.body),
                Some(&error),
            )?));
        }
    };
    let editor = access.account()?.clone();
    let mail_ctx = ctx.state.mail_context();
    let target = format!("/c/{}/threads/{id}", access.coop()?.slug);
    ctx.state
        .db
        .run(move |c| posts::edit(c, &mail_ctx, (&access, &editor), id, (&title, &body)))
        .await?;
    Ok(see_other(&target))
}

#[derive(Deserialize)]
pub struct Empty {}

/// "Mark all as read": every thread of the co-op, up to its newest comment.
pub async fn mark_all_read(
    ctx: Ctx,
    access: Access,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<HttpResponse, AppError> {
    let coop = access.coop()?.clone();
    let me = access.account_id()?;
    let id = coop.id;
    ctx.state
        .db
        .run(move |c| posts::mark_all_read(c, me, id))
        .await?;
    Ok(see_other(&format!("/c/{}/threads", coop.slug)))
}

pub async fn delete(
    ctx: Ctx,
    access: Access,
    path: web::Path<(String, i64)>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<HttpResponse, AppError> {
    let (_, id) = path.into_inner();
    let thread = load(&ctx, &access, id).await?;
    if !posting::may_delete(&access, thread.author_id) {
        return Err(AppError::Forbidden);
    }
    let target = format!("/c/{}/threads/{id}", access.coop()?.slug);
    ctx.state
        .db
        .run(move |c| posts::delete(c, &access, id))
        .await?;
    Ok(see_other(&target))
}
