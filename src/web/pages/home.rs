//! The home page, health check, language switch and static files.

use super::{html, see_other};
use crate::auth::sign_in;
use crate::i18n::Locale;
use crate::web::context::{CsrfForm, Ctx, LANG_COOKIE};
use crate::web::errors::AppError;
use crate::web::views::home::{
    CoopLine, Day, DecidedLine, HomeView, ThreadLine, WaitingLine, home_page,
};
use crate::web::views::layout::Chrome;
use actix_web::cookie::{Cookie, SameSite};
use actix_web::http::header;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

pub async fn home(mut ctx: Ctx) -> Result<HttpResponse, AppError> {
    // A server with no account yet sends its first visitor to set it up (someone signed in
    // proves there is one).
    if ctx.account.is_none() && ctx.state.db.run(sign_in::count).await? == 0 {
        return Ok(see_other("/setup"));
    }
    let day = match &ctx.account {
        Some(a) => {
            let (me, now) = (a.id, ctx.state.clock.now());
            let day = ctx
                .state
                .db
                .run(move |c| Ok::<_, AppError>(crate::members::day::of(c, me, now)?))
                .await?;
            if let Some(c) = ctx.counters.as_mut() {
                c.to_vote = day.waiting_total;
            }
            Some(day_view(day))
        }
        None => None,
    };
    let view = HomeView {
        name: ctx.account.as_ref().map(|a| a.display_name.as_str()),
        is_server_admin: ctx.account.as_ref().is_some_and(|a| a.is_server_admin),
        day,
    };
    Ok(html(home_page(&Chrome::from(&ctx), &view)))
}

/// The day as the view takes it: each line names its co-op by position.
fn day_view(d: crate::members::day::Day) -> Day {
    let at = |id: i64| d.coops.iter().position(|c| c.id == id).unwrap_or(0);
    Day {
        waiting: d
            .waiting
            .iter()
            .map(|w| WaitingLine {
                coop: at(w.proposal.coop_id),
                id: w.proposal.id,
                title: w.proposal.title.clone(),
                closes_at: w.proposal.closes_at,
                giver: w.giver.clone(),
            })
            .collect(),
        waiting_total: d.waiting_total,
        voted: d.voted,
        closing_soon: d.closing_soon,
        decided: d
            .decided
            .iter()
            .map(|p| DecidedLine {
                coop: at(p.coop_id),
                id: p.id,
                title: p.title.clone(),
                verdict: p.verdict.clone(),
                closed_at: p.closed_at,
                statement: p.outcome_statement.clone(),
            })
            .collect(),
        threads: d
            .threads
            .iter()
            .map(|x| ThreadLine {
                coop: at(x.coop_id),
                id: x.id,
                title: x.title.clone(),
                comments: x.comment_count,
                last_activity_at: x.last_activity_at,
                unread: d.unread.get(&x.id).map(|u| (u.new, u.comments)),
            })
            .collect(),
        coops: d
            .coops
            .iter()
            .map(|c| CoopLine {
                slug: c.slug.clone(),
                name: c.name.clone(),
                tz: c.tz(),
                unread: d.unread_threads.get(&c.id).copied().unwrap_or(0),
                waiting: d.waiting_by_coop.get(&c.id).copied().unwrap_or(0),
            })
            .collect(),
    }
}

pub async fn healthz(state: web::Data<crate::web::AppState>) -> HttpResponse {
    let backend = state.db.backend().name();
    let ok = state
        .db
        .run(|c| {
            use diesel::connection::SimpleConnection;
            c.batch_execute("SELECT 1")
                .map_err(crate::service::ServiceError::from)
        })
        .await
        .is_ok();
    let status = if ok { "ok" } else { "unavailable" };
    let body = serde_json::json!({ "status": status, "database": backend });
    if ok {
        HttpResponse::Ok().json(body)
    } else {
        // The JSON body is the answer here, so it must not be re-rendered as an error page.
        HttpResponse::ServiceUnavailable()
            .content_type("application/problem+json")
            .body(body.to_string())
    }
}

#[derive(Deserialize)]
pub struct LanguageForm {
    lang: String,
    next: Option<String>,
}

pub async fn set_language(
    ctx: Ctx,
    CsrfForm(form): CsrfForm<LanguageForm>,
) -> Result<HttpResponse, AppError> {
    let locale =
        Locale::parse(&form.lang).ok_or_else(|| AppError::BadRequest("unknown language".into()))?;
    if let Some(account) = &ctx.account {
        let id = account.id;
        ctx.state
            .db
            .run(move |c| sign_in::set_locale(c, id, locale))
            .await?;
    }
    let cookie = Cookie::build(LANG_COOKIE, locale.code())
        .path("/")
        .same_site(SameSite::Lax)
        .max_age(actix_web::cookie::time::Duration::days(365))
        .finish();
    let next = super::safe_next(form.next.as_deref());
    Ok(HttpResponse::SeeOther()
        .insert_header((header::LOCATION, next.to_string()))
        .cookie(cookie)
        .finish())
}

const CSS: &str = include_str!("../../../static/collegia.css");
const FAVICON: &str = include_str!("../../../static/favicon.svg");

/// Static files are compiled in, so the binary runs from any folder.
pub async fn static_file(path: web::Path<String>) -> Result<HttpResponse, AppError> {
    let (body, kind) = match path.as_str() {
        "collegia.css" => (CSS, "text/css; charset=utf-8"),
        "favicon.svg" => (FAVICON, "image/svg+xml"),
        _ => return Err(AppError::NotFound),
    };
    Ok(HttpResponse::Ok()
        .content_type(kind)
        .insert_header((header::CACHE_CONTROL, "public, max-age=86400"))
        .body(body))
}
