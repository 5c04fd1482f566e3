//! A proposal's exports: `ballots.json` (the election file, once closed), the results as CSV,
//! and for the board the named votes of an open-ballot proposal.

use super::members::{csv_field, csv_response};
use super::voting::proposal;
use crate::domain::refusal::Code;
use crate::proposals::exports;
use crate::web::authz::Access;
use crate::web::context::Ctx;
use crate::web::errors::AppError;
use actix_web::{HttpResponse, web};

pub fn csv_body(rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    for row in rows {
        let fields: Vec<String> = row.iter().map(|f| csv_field(f)).collect();
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    out
}

pub async fn ballots_json(
    ctx: Ctx,
    access: Access,
    path: web::Path<(String, i64)>,
) -> Result<HttpResponse, AppError> {
    let p = proposal(&ctx, &access, path.into_inner().1).await?;
    let id = p.id;
    let body = ctx
        .state
        .db
        .run(move |c| exports::ballots_json(c, &p))
        .await?;
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .insert_header((
            "content-disposition",
            format!("attachment; filename=\"proposal-{id}-ballots.json\""),
        ))
        .body(body))
}

pub async fn results_csv(
    ctx: Ctx,
    access: Access,
    path: web::Path<(String, i64)>,
) -> Result<HttpResponse, AppError> {
    let p = proposal(&ctx, &access, path.into_inner().1).await?;
    if !crate::proposals::results_visible(&p, false) {
        return Err(AppError::from(Code::ResultsNotVisible));
    }
    let id = p.id;
    let rows = ctx
        .state
        .db
        .run(move |c| Ok::<_, AppError>(exports::results_rows(c, &p)?))
        .await?;
    Ok(csv_response(
        &format!("proposal-{id}-results.csv"),
        csv_body(&rows),
    ))
}

pub async fn votes_csv(
    ctx: Ctx,
    access: Access,
    path: web::Path<(String, i64)>,
) -> Result<HttpResponse, AppError> {
    let p = proposal(&ctx, &access, path.into_inner().1).await?;
    let id = p.id;
    let rows = ctx
        .state
        .db
        .run(move |c| Ok::<_, AppError>(exports::named_rows(c, &p)?))
        .await?;
    let rows = rows.ok_or(AppError::NotFound)?;
    Ok(csv_response(
        &format!("proposal-{id}-votes.csv"),
        csv_body(&rows),
    ))
}
