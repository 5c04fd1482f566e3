//! Threads: the list, starting one, a thread with a page of its comments (keyset pages of
//! [`threads::PAGE_SIZE`]), editing (versions kept), deleting (a marker), earlier versions.

use super::{html, see_other, unprocessable};
use crate::i18n::{Arg, render};
use crate::proposals::closing::verdict_text;
use crate::storage::threads::{self, Cursor, Thread};
use crate::storage::{coops, write_tx};
use crate::threads::{self as posting, Body, Title};
use crate::web::authz::{Access, Action, may_start_threads};
use crate::web::context::{CsrfForm, Ctx};
use crate::web::errors::AppError;
use crate::web::views::coops::{CoopView, nav, when};
use crate::web::views::forms::csrf;
use crate::web::views::layout::{Chrome, page};
use crate::web::views::threads::{self as view, CommentView, PostForm};
use actix_web::{HttpResponse, web};
use maud::html;
use serde::Deserialize;

/// 403 unless the visitor's college may start threads (the rulebook's `may_start_threads`).
pub async fn check_may_start(ctx: &Ctx, access: &Access) -> Result<(), AppError> {
    let coop_id = access.coop()?.id;
    let membership = access.membership.clone().ok_or(AppError::Forbidden)?;
    let book = ctx
        .state
        .db
        .run(move |c| Ok::<_, AppError>(coops::current_rulebook(c, coop_id)?))
        .await?;
    if may_start_threads(&book, &membership) {
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
    let (mut list, may_start) = ctx
        .state
        .db
        .run(move |c| {
            let list = threads::list(c, id, before, threads::PAGE_SIZE + 1)?;
            let book = coops::current_rulebook(c, id)?;
            let may = membership.is_some_and(|m| may_start_threads(&book, &m));
            Ok::<_, AppError>((list, may))
        })
        .await?;
    let more = list.len() as i64 > threads::PAGE_SIZE;
    list.truncate(threads::PAGE_SIZE as usize);
    let l = ctx.locale;
    let base = format!("/c/{}/threads", coop.slug);
    let body = html! {
        (nav(l, &CoopView::of(&coop, &access)))
        @if may_start && access.may(Action::StartThread) {
            p { a.button href=(format!("{base}/new")) { (ctx.t("threads-new")) } }
        }
        @if list.is_empty() { p { (ctx.t("threads-none")) } }
        ul.threads {
            @for t in &list {
                li {
                    @if t.deleted_at.is_some() {
                        a href=(format!("{base}/{}", t.id)) { em { (ctx.t("threads-thread-deleted")) } }
                    } @else {
                        a href=(format!("{base}/{}", t.id)) { (t.title) }
                    }
                    " · " (t.author_name) " · "
                    (render(l, "threads-count", &[("count", Arg::from(t.comment_count))]))
                    " · " (render(l, "threads-last-activity", &[("date", Arg::from(when(l, &coop, t.last_activity_at)))]))
                }
            }
        }
        @if let (true, Some(last)) = (more, list.last()) {
            p { a rel="next" href=(format!("{base}?before={}", last.id)) { (ctx.t("threads-older-threads")) } }
        }
    };
    let title = render(
        l,
        "threads-title",
        &[("coop", Arg::from(coop.name.as_str()))],
    );
    Ok(html(page(&Chrome::from(&ctx), &title, body)))
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
    let markup = html! {
        (nav(ctx.locale, &CoopView::of(coop, access)))
        (view::post_form(&PostForm {
            locale: ctx.locale,
            action: &action,
            csrf: &ctx.csrf,
            title: Some(title),
            body,
            submit: &ctx.t("threads-start"),
            error,
        }))
    };
    Ok(page(&Chrome::from(ctx), &ctx.t("threads-new"), markup))
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
    let mail_ctx = ctx.state.mail_context();
    let slug = coop.slug.clone();
    let id = ctx
        .state
        .db
        .run(move |c| {
            write_tx(c, |c| {
                Ok::<_, AppError>(posting::start_thread(
                    c, &mail_ctx, &coop, &author, &title, &body,
                )?)
            })
        })
        .await?;
    Ok(see_other(&format!("/c/{slug}/threads/{id}")))
}

/// The thread of this co-op, or 404.
pub async fn load(ctx: &Ctx, access: &Access, id: i64) -> Result<Thread, AppError> {
    let coop_id = access.coop()?.id;
    ctx.state
        .db
        .run(move |c| threads::get(c, coop_id, id)?.ok_or(AppError::NotFound))
        .await
}

#[derive(Deserialize)]
pub struct PageQuery {
    after: Option<i64>,
    before: Option<i64>,
    latest: Option<String>,
}

impl PageQuery {
    pub fn cursor(&self) -> Cursor {
        match (self.after, self.before, &self.latest) {
            (Some(a), _, _) => Cursor::After(a),
            (None, Some(b), _) => Cursor::Before(b),
            (None, None, Some(_)) => Cursor::Latest,
            _ => Cursor::First,
        }
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
    let (thread, comments, proposals, book) = ctx
        .state
        .db
        .run(move |c| {
            let thread = threads::get(c, coop_id, id)?.ok_or(AppError::NotFound)?;
            let page = threads::comments_page(c, coop_id, id, cursor, threads::PAGE_SIZE)?;
            let proposals = threads::proposals_from(c, coop_id, id)?;
            let book = coops::current_rulebook(c, coop_id)?;
            Ok::<_, AppError>((thread, page, proposals, book))
        })
        .await?;
    let may_propose = super::proposals::may_create(&access, &book);
    let l = ctx.locale;
    let base = format!("/c/{}/threads/{id}", coop.slug);
    let deleted = thread.deleted_at.is_some();
    let body = html! {
        (nav(l, &CoopView::of(&coop, &access)))
        p.byline {
            (thread.author_name) " · " (when(l, &coop, thread.created_at))
            @if let (false, Some(e)) = (deleted, thread.edited_at) {
                " · " a href=(format!("{base}/history")) { (render(l, "threads-edited", &[("date", Arg::from(when(l, &coop, e)))])) }
            }
        }
        @if deleted {
            p.deleted { em { (ctx.t("threads-thread-deleted")) } }
        } @else {
            (view::markdown(&thread.body))
            (proposals_list(&ctx, &coop.slug, &proposals))
            p.actions {
                @if may_propose {
                    a.button.proposal href=(format!("/c/{}/proposals/new?thread={id}", coop.slug)) { (ctx.t("threads-start-proposal")) }
                }
                @if posting::may_edit(&access, thread.author_id) {
                    " " a href=(format!("{base}/edit")) { (ctx.t("threads-edit")) }
                }
                @if posting::may_delete(&access, thread.author_id) {
                    " " form.inline method="post" action=(format!("{base}/delete")) {
                        (csrf(&ctx.csrf)) button type="submit" { (ctx.t("threads-delete")) }
                    }
                }
            }
            section.comments aria-label=(ctx.t("threads-comments")) {
                h2 { (render(l, "threads-count", &[("count", Arg::from(thread.comment_count))])) }
                (view::pager(l, &base, &comments))
                @for c in &comments.comments {
                    (view::comment(&CommentView {
                        locale: l,
                        coop: &coop,
                        comment: c,
                        may_edit: posting::may_edit(&access, c.author_id),
                        may_delete: posting::may_delete(&access, c.author_id),
                        csrf: &ctx.csrf,
                    }))
                }
                (view::pager(l, &base, &comments))
            }
            @if access.may(Action::Comment) {
                h2 { (ctx.t("threads-add-comment")) }
                (view::post_form(&PostForm {
                    locale: l,
                    action: &format!("{base}/comments"),
                    csrf: &ctx.csrf,
                    title: None,
                    body: "",
                    submit: &ctx.t("threads-comment"),
                    error: None,
                }))
            }
        }
    };
    let title = if deleted {
        ctx.t("threads-thread-deleted")
    } else {
        thread.title.clone()
    };
    Ok(html(page(&Chrome::from(&ctx), &title, body)))
}

/// The proposals started from a thread, each with its state (and verdict once closed).
fn proposals_list(ctx: &Ctx, slug: &str, list: &[threads::ProposalLink]) -> maud::Markup {
    html! {
        @if !list.is_empty() {
            section.proposals aria-labelledby="h-thread-proposals" {
                h2 #h-thread-proposals { (ctx.t("threads-proposals")) }
                ul { @for p in list {
                    li {
                        a href=(format!("/c/{slug}/proposals/{}", p.id)) { (p.title) }
                        " · " (super::proposals::state_label(ctx, &p.state))
                        @if let Some(v) = &p.verdict { " — " (verdict_text(ctx.locale, v, None)) }
                    }
                } }
            }
        }
    }
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
        .run(move |c| Ok::<_, AppError>(threads::thread_history(c, coop_id, id)?))
        .await?;
    let body = html! {
        (nav(ctx.locale, &CoopView::of(&coop, &access)))
        p { a href=(format!("/c/{}/threads/{id}", coop.slug)) { (thread.title) } }
        (view::versions(ctx.locale, &coop, &list))
    };
    Ok(html(page(
        &Chrome::from(&ctx),
        &ctx.t("threads-history"),
        body,
    )))
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
    let markup = html! {
        (nav(ctx.locale, &CoopView::of(coop, access)))
        (view::post_form(&PostForm {
            locale: ctx.locale,
            action: &action,
            csrf: &ctx.csrf,
            title: Some(fields.0),
            body: fields.1,
            submit: &ctx.t("threads-save"),
            error,
        }))
    };
    Ok(page(
        &Chrome::from(ctx),
        &ctx.t("threads-edit-thread"),
        markup,
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
    let thread = editable(&ctx, &access, id).await?;
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
    let coop = access.coop()?.clone();
    let editor = access.account()?.clone();
    let mail_ctx = ctx.state.mail_context();
    let target = format!("/c/{}/threads/{id}", coop.slug);
    ctx.state
        .db
        .run(move |c| {
            write_tx(c, |c| {
                Ok::<_, AppError>(posting::edit_thread(
                    c,
                    &mail_ctx,
                    &coop,
                    &editor,
                    &thread,
                    (&title, &body),
                )?)
            })
        })
        .await?;
    Ok(see_other(&target))
}

#[derive(Deserialize)]
pub struct Empty {}

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
    let coop = access.coop()?.clone();
    let by = access.account_id()?;
    let coop_id = coop.id;
    ctx.state
        .db
        .run(move |c| {
            write_tx(c, |c| {
                Ok::<_, AppError>(threads::delete(c, coop_id, id, by)?)
            })
        })
        .await?;
    Ok(see_other(&format!("/c/{}/threads/{id}", coop.slug)))
}
