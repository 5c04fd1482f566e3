//! `/search`: a GET form and its results (filters are query parameters, so every search is a
//! URL). Parses the query, calls `search::run` once, renders `views::search`.

use super::html;
use crate::search::Kind;
use crate::search::{self, Asked, Outcome, Problem, State};
use crate::web::context::Ctx;
use crate::web::errors::AppError;
use crate::web::views::layout::Chrome;
use crate::web::views::search::{Hit, Piece, SearchView, search_page};
use actix_web::{HttpResponse, web};
use serde::Deserialize;

/// Every field optional and read as text: a bad value is ignored, never a 400.
#[derive(Deserialize)]
pub struct Params {
    q: Option<String>,
    coop: Option<String>,
    kind: Option<String>,
    state: Option<String>,
    page: Option<String>,
}

pub async fn page(ctx: Ctx, params: web::Query<Params>) -> Result<HttpResponse, AppError> {
    let account = ctx.require_account()?.clone();
    let p = params.into_inner();
    let asked = Asked {
        q: p.q.unwrap_or_default(),
        coop: p.coop.filter(|s| !s.is_empty()),
        kind: p.kind.as_deref().and_then(Kind::parse),
        state: p.state.as_deref().and_then(State::parse),
        page: p.page.and_then(|n| n.parse().ok()).unwrap_or(1),
    };
    let run = asked.clone();
    let outcome = ctx
        .state
        .db
        .run(move |c| Ok::<_, AppError>(search::run(c, &account, &run)?))
        .await?;
    Ok(html(search_page(
        &Chrome::from(&ctx),
        &view(&asked, outcome),
    )))
}

fn view(asked: &Asked, o: Outcome) -> SearchView {
    let pieces = |v: Vec<search::Piece>| {
        v.into_iter()
            .map(|p| Piece {
                text: p.text,
                marked: p.marked,
            })
            .collect()
    };
    SearchView {
        q: asked.q.clone(),
        coop: asked.coop.clone().unwrap_or_default(),
        kind: asked.kind.map(Kind::key).unwrap_or(""),
        state: asked.state.map(State::key).unwrap_or(""),
        page: asked.page.clamp(1, search::MAX_PAGE),
        coops: o.coops.into_iter().map(|c| (c.slug, c.name)).collect(),
        problem: o.problem.map(|p| match p {
            Problem::Empty => "search-empty",
            Problem::TooLong => "search-too-long",
            Problem::NoWords => "search-no-words",
        }),
        max_chars: search::MAX_QUERY_CHARS,
        hits: o
            .hits
            .into_iter()
            .map(|h| Hit {
                kind: h.kind.key(),
                coop_name: h.coop_name,
                href: h.href,
                title: pieces(h.title),
                context_title: h.context_title,
                excerpt: pieces(h.excerpt),
                state: h.state.map(State::key),
            })
            .collect(),
        more: o.more,
    }
}
