//! Threads and comments under `/api/v1`: the same rules and the same storage calls as the pages
//! (`web::posting`), comments paged by keyset cursor.

use super::run;
use crate::clock::rfc3339_micros;
use crate::markdown::to_safe_html;
use crate::threads::posts::{self, Comment, Thread};
use crate::threads::{Body, Title};
use crate::web::AppState;
use crate::web::authz::Access;
use crate::web::errors::AppError;
use actix_web::{HttpResponse, get, post, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// Who wrote a thread or comment.
#[derive(Serialize, ToSchema)]
pub struct AuthorDto {
    pub id: String,
    pub display_name: String,
}

/// A thread. A deleted thread keeps its place but not its text (`title` and `body` are null).
#[derive(Serialize, ToSchema)]
pub struct ThreadDto {
    pub id: i64,
    pub title: Option<String>,
    /// Markdown as written.
    pub body: Option<String>,
    /// The body rendered to sanitized HTML.
    pub body_html: Option<String>,
    pub author: AuthorDto,
    pub created_at: String,
    pub edited_at: Option<String>,
    pub deleted: bool,
    pub comment_count: i64,
    pub last_activity_at: String,
}

impl From<&Thread> for ThreadDto {
    fn from(t: &Thread) -> Self {
        let live = t.deleted_at.is_none();
        ThreadDto {
            id: t.id,
            title: live.then(|| t.title.clone()),
            body: live.then(|| t.body.clone()),
            body_html: live.then(|| to_safe_html(&t.body)),
            author: AuthorDto {
                id: t.author_public_id.clone(),
                display_name: t.author_name.clone(),
            },
            created_at: rfc3339_micros(t.created_at),
            edited_at: t.edited_at.map(rfc3339_micros),
            deleted: !live,
            comment_count: t.comment_count,
            last_activity_at: rfc3339_micros(t.last_activity_at),
        }
    }
}

/// A comment. A deleted comment keeps its place but not its text (`body` is null).
#[derive(Serialize, ToSchema)]
pub struct CommentDto {
    pub id: i64,
    pub thread_id: i64,
    pub body: Option<String>,
    pub body_html: Option<String>,
    pub author: AuthorDto,
    pub created_at: String,
    pub edited_at: Option<String>,
    pub deleted: bool,
}

impl From<&Comment> for CommentDto {
    fn from(c: &Comment) -> Self {
        let live = c.deleted_at.is_none();
        CommentDto {
            id: c.id,
            thread_id: c.thread_id,
            body: live.then(|| c.body.clone()),
            body_html: live.then(|| to_safe_html(&c.body)),
            author: AuthorDto {
                id: c.author_public_id.clone(),
                display_name: c.author_name.clone(),
            },
            created_at: rfc3339_micros(c.created_at),
            edited_at: c.edited_at.map(rfc3339_micros),
            deleted: !live,
        }
    }
}

/// A thread with one page of its comments, oldest first.
#[derive(Serialize, ToSchema)]
pub struct ThreadPage {
    pub thread: ThreadDto,
    pub comments: Vec<CommentDto>,
    /// Pass as `before` for the previous page; null on the first page.
    pub older: Option<i64>,
    /// Pass as `after` for the next page; null on the last page.
    pub newer: Option<i64>,
}

/// A page of threads, newest first.
#[derive(Serialize, ToSchema)]
pub struct ThreadList {
    pub threads: Vec<ThreadDto>,
    /// Pass as `before` for older threads; null when there are none.
    pub older: Option<i64>,
}

/// A thread to start or the new text of one.
#[derive(Deserialize, ToSchema)]
pub struct ThreadRequest {
    pub title: String,
    /// Markdown; `@name` mentions notify.
    pub body: String,
}

/// A comment to add or the new text of one.
#[derive(Deserialize, ToSchema)]
pub struct CommentRequest {
    /// Markdown; `@name` mentions notify.
    pub body: String,
}

/// The id of what was created.
#[derive(Serialize, ToSchema)]
pub struct Created {
    pub id: i64,
}

#[derive(Deserialize, IntoParams)]
pub struct ListParams {
    /// Threads with ids below this one.
    pub before: Option<i64>,
}

#[derive(Deserialize, IntoParams)]
pub struct PageParams {
    /// Comments after this id (the next page).
    pub after: Option<i64>,
    /// Comments before this id (the previous page).
    pub before: Option<i64>,
    /// `true`: the newest comments.
    pub latest: Option<bool>,
    /// Comments per page, 1 to 100 (default 50).
    pub limit: Option<i64>,
}

#[utoipa::path(get, path = "/coops/{slug}/threads", tag = "threads", security(("bearer" = [])),
    params(("slug" = String, Path, description = "The co-op's slug"), ListParams),
    responses((status = 200, body = ThreadList), (status = 403, description = "Not allowed")))]
#[get("/coops/{slug}/threads")]
pub async fn list_threads(
    state: web::Data<AppState>,
    access: Access,
    query: web::Query<ListParams>,
) -> Result<HttpResponse, AppError> {
    let (id, before) = (access.coop()?.id, query.before);
    let posts::Listing {
        threads: list,
        more,
        ..
    } = run(&state, move |c| Ok(posts::list(c, id, before, None, None)?)).await?;
    Ok(HttpResponse::Ok().json(ThreadList {
        older: list.last().filter(|_| more).map(|t| t.id),
        threads: list.iter().map(ThreadDto::from).collect(),
    }))
}

#[utoipa::path(post, path = "/coops/{slug}/threads", tag = "threads", security(("bearer" = [])),
    params(("slug" = String, Path, description = "The co-op's slug")),
    request_body = ThreadRequest,
    responses((status = 201, body = Created), (status = 400, description = "Empty or too long title or body"),
        (status = 403, description = "Not allowed (guests, or a college the rulebook keeps from starting threads)")))]
#[post("/coops/{slug}/threads")]
pub async fn create_thread(
    state: web::Data<AppState>,
    access: Access,
    body: web::Json<ThreadRequest>,
) -> Result<HttpResponse, AppError> {
    let coop = access.coop()?.clone();
    let author = access.account()?.clone();
    let membership = access.membership.clone().ok_or(AppError::Forbidden)?;
    let title = Title::parse(&body.title)?;
    let text = Body::parse(&body.body)?;
    let mail_ctx = state.mail_context();
    let id = run(&state, move |c| {
        Ok(posts::start(
            c,
            &mail_ctx,
            (&coop, &author, &membership),
            &title,
            &text,
        )?)
    })
    .await?;
    Ok(HttpResponse::Created().json(Created { id }))
}

#[utoipa::path(get, path = "/coops/{slug}/threads/{id}", tag = "threads", security(("bearer" = [])),
    params(("slug" = String, Path, description = "The co-op's slug"), ("id" = i64, Path, description = "The thread"), PageParams),
    responses((status = 200, body = ThreadPage), (status = 404, description = "No such thread")))]
#[get("/coops/{slug}/threads/{id}")]
pub async fn show_thread(
    state: web::Data<AppState>,
    access: Access,
    path: web::Path<(String, i64)>,
    query: web::Query<PageParams>,
) -> Result<HttpResponse, AppError> {
    let coop_id = access.coop()?.id;
    let (_, id) = path.into_inner();
    let cursor = posts::cursor(query.after, query.before, query.latest == Some(true));
    let limit = query.limit.unwrap_or(posts::PAGE_SIZE);
    let (thread, page) = run(&state, move |c| {
        Ok(posts::with_comments(c, coop_id, id, cursor, limit)?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(ThreadPage {
        thread: ThreadDto::from(&thread),
        comments: page.comments.iter().map(CommentDto::from).collect(),
        older: page.older,
        newer: page.newer,
    }))
}

#[utoipa::path(post, path = "/coops/{slug}/threads/{id}/edit", tag = "threads", security(("bearer" = [])),
    params(("slug" = String, Path, description = "The co-op's slug"), ("id" = i64, Path, description = "The thread")),
    request_body = ThreadRequest,
    responses((status = 204, description = "Saved; the earlier version is kept"), (status = 400, description = "Empty or too long"),
        (status = 403, description = "Only the author or a co-op admin"), (status = 404, description = "No such live thread")))]
#[post("/coops/{slug}/threads/{id}/edit")]
pub async fn edit_thread(
    state: web::Data<AppState>,
    access: Access,
    path: web::Path<(String, i64)>,
    body: web::Json<ThreadRequest>,
) -> Result<HttpResponse, AppError> {
    let editor = access.account()?.clone();
    let (_, id) = path.into_inner();
    let title = Title::parse(&body.title)?;
    let text = Body::parse(&body.body)?;
    let mail_ctx = state.mail_context();
    run(&state, move |c| {
        Ok(posts::edit(
            c,
            &mail_ctx,
            (&access, &editor),
            id,
            (&title, &text),
        )?)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

#[utoipa::path(post, path = "/coops/{slug}/threads/{id}/delete", tag = "threads", security(("bearer" = [])),
    params(("slug" = String, Path, description = "The co-op's slug"), ("id" = i64, Path, description = "The thread")),
    responses((status = 204, description = "Marked deleted"), (status = 403, description = "Only the author, the board or a co-op admin"),
        (status = 404, description = "No such live thread")))]
#[post("/coops/{slug}/threads/{id}/delete")]
pub async fn delete_thread(
    state: web::Data<AppState>,
    access: Access,
    path: web::Path<(String, i64)>,
) -> Result<HttpResponse, AppError> {
    let (_, id) = path.into_inner();
    if !run(&state, move |c| Ok(posts::delete(c, &access, id)?)).await? {
        return Err(AppError::NotFound);
    }
    Ok(HttpResponse::NoContent().finish())
}

#[utoipa::path(post, path = "/coops/{slug}/threads/{id}/comments", tag = "threads", security(("bearer" = [])),
    params(("slug" = String, Path, description = "The co-op's slug"), ("id" = i64, Path, description = "The thread")),
    request_body = CommentRequest,
    responses((status = 201, body = Created), (status = 400, description = "Empty or too long"), (status = 404, description = "No such live thread")))]
#[post("/coops/{slug}/threads/{id}/comments")]
pub async fn create_comment(
    state: web::Data<AppState>,
    access: Access,
    path: web::Path<(String, i64)>,
    body: web::Json<CommentRequest>,
) -> Result<HttpResponse, AppError> {
    let coop = access.coop()?.clone();
    let author = access.account()?.clone();
    let (_, id) = path.into_inner();
    let text = Body::parse(&body.body)?;
    let mail_ctx = state.mail_context();
    let comment = run(&state, move |c| {
        Ok(posts::comment(c, &mail_ctx, (&coop, &author), id, &text)?)
    })
    .await?;
    Ok(HttpResponse::Created().json(Created { id: comment }))
}

#[utoipa::path(post, path = "/coops/{slug}/comments/{id}/edit", tag = "threads", security(("bearer" = [])),
    params(("slug" = String, Path, description = "The co-op's slug"), ("id" = i64, Path, description = "The comment")),
    request_body = CommentRequest,
    responses((status = 204, description = "Saved; the earlier version is kept"), (status = 400, description = "Empty or too long"),
        (status = 403, description = "Only the author or a co-op admin"), (status = 404, description = "No such live comment")))]
#[post("/coops/{slug}/comments/{id}/edit")]
pub async fn edit_comment(
    state: web::Data<AppState>,
    access: Access,
    path: web::Path<(String, i64)>,
    body: web::Json<CommentRequest>,
) -> Result<HttpResponse, AppError> {
    let editor = access.account()?.clone();
    let (_, id) = path.into_inner();
    let text = Body::parse(&body.body)?;
    let mail_ctx = state.mail_context();
    run(&state, move |c| {
        Ok(posts::edit_comment(
            c,
            &mail_ctx,
            (&access, &editor),
            id,
            &text,
        )?)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

#[utoipa::path(post, path = "/coops/{slug}/comments/{id}/delete", tag = "threads", security(("bearer" = [])),
    params(("slug" = String, Path, description = "The co-op's slug"), ("id" = i64, Path, description = "The comment")),
    responses((status = 204, description = "Marked deleted"), (status = 403, description = "Only the author, the board or a co-op admin"),
        (status = 404, description = "No such live comment")))]
#[post("/coops/{slug}/comments/{id}/delete")]
pub async fn delete_comment(
    state: web::Data<AppState>,
    access: Access,
    path: web::Path<(String, i64)>,
) -> Result<HttpResponse, AppError> {
    let (_, id) = path.into_inner();
    run(&state, move |c| Ok(posts::delete_comment(c, &access, id)?)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// One kept version of a thread (with its title) or of a comment.
#[derive(Serialize, ToSchema)]
pub struct VersionDto {
    pub version: i32,
    pub title: Option<String>,
    pub body: String,
    pub body_html: String,
    pub editor: Option<String>,
    pub edited_at: String,
}

fn versions_json(list: Vec<posts::Version>) -> HttpResponse {
    let out: Vec<VersionDto> = list
        .into_iter()
        .map(|v| VersionDto {
            version: v.version,
            title: v.title,
            body_html: to_safe_html(&v.body),
            body: v.body,
            editor: v.editor_name,
            edited_at: rfc3339_micros(v.edited_at),
        })
        .collect();
    HttpResponse::Ok().json(out)
}

#[utoipa::path(get, path = "/coops/{slug}/threads/{id}/versions", tag = "threads", security(("bearer" = [])),
    params(("slug" = String, Path, description = "The co-op's slug"), ("id" = i64, Path, description = "The thread")),
    responses((status = 200, body = Vec<VersionDto>, description = "Every kept version, oldest first"),
        (status = 404, description = "No such live thread")))]
#[get("/coops/{slug}/threads/{id}/versions")]
pub async fn thread_versions(
    state: web::Data<AppState>,
    access: Access,
    path: web::Path<(String, i64)>,
) -> Result<HttpResponse, AppError> {
    let coop_id = access.coop()?.id;
    let (_, id) = path.into_inner();
    let list = run(&state, move |c| Ok(posts::thread_versions(c, coop_id, id)?)).await?;
    Ok(versions_json(list))
}

#[utoipa::path(get, path = "/coops/{slug}/comments/{id}/versions", tag = "threads", security(("bearer" = [])),
    params(("slug" = String, Path, description = "The co-op's slug"), ("id" = i64, Path, description = "The comment")),
    responses((status = 200, body = Vec<VersionDto>, description = "Every kept version, oldest first"),
        (status = 404, description = "No such live comment")))]
#[get("/coops/{slug}/comments/{id}/versions")]
pub async fn comment_versions(
    state: web::Data<AppState>,
    access: Access,
    path: web::Path<(String, i64)>,
) -> Result<HttpResponse, AppError> {
    let coop_id = access.coop()?.id;
    let (_, id) = path.into_inner();
    let list = run(&state, move |c| {
        Ok(posts::comment_versions(c, coop_id, id)?)
    })
    .await?;
    Ok(versions_json(list))
}
