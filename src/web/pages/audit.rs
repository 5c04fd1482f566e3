//! The audit trail of a co-op, as a page and as CSV (board and admins).

use super::html;
use super::members::{csv_field, csv_response};
use crate::clock::rfc3339_micros;
use crate::coops::{self, Trail};
use crate::web::authz::Access;
use crate::web::context::Ctx;
use crate::web::errors::AppError;
use crate::web::views::audit::{AuditView, EventRow, audit_page};
use crate::web::views::coops::CoopView;
use crate::web::views::layout::Chrome;
use actix_web::HttpResponse;

/// Events shown on the page (the newest); the CSV has them all.
const SHOWN: usize = 500;

/// The events, the chain's verdict, and the actors' names.
async fn load(ctx: &Ctx, coop_id: i64) -> Result<Trail, AppError> {
    Ok(ctx
        .state
        .db
        .run(move |c| coops::audit_trail(c, coop_id))
        .await?)
}

pub async fn show(ctx: Ctx, access: Access) -> Result<HttpResponse, AppError> {
    let coop = access.coop()?.clone();
    let Trail {
        events,
        verdict,
        names,
    } = load(&ctx, coop.id).await?;
    let events = events
        .iter()
        .rev()
        .take(SHOWN)
        .map(|e| EventRow {
            seq: e.seq,
            at: e.at,
            actor: e
                .actor_id
                .map(|a| names.get(&a).cloned().unwrap_or_else(|| a.to_string())),
            kind: e.kind.clone(),
            data: e.data.clone(),
        })
        .collect();
    let view = AuditView {
        coop: CoopView::of(&coop, &access),
        verdict: verdict.map_err(|b| b.seq),
        events,
    };
    Ok(html(audit_page(&Chrome::from(&ctx), &view)))
}

pub async fn csv(ctx: Ctx, access: Access) -> Result<HttpResponse, AppError> {
    let coop = access.coop()?.clone();
    let Trail { events, .. } = load(&ctx, coop.id).await?;
    let mut out = String::from("sequence,time,actor,kind,data,previous_hash,hash\r\n");
    for e in &events {
        let fields = [
            e.seq.to_string(),
            rfc3339_micros(e.at),
            e.actor_id.map(|a| a.to_string()).unwrap_or_default(),
            e.kind.clone(),
            e.data.clone(),
            e.prev_hash.clone(),
            e.hash.clone(),
        ];
        let row: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    Ok(csv_response(&format!("{}-audit.csv", coop.slug), out))
}
