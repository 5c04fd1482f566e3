//! The audit trail of a co-op, as a page and as CSV (board and admins).

use super::html;
use super::members::{csv_field, csv_response};
use crate::i18n::{Arg, render};
use crate::storage::accounts;
use crate::storage::audit::{self, Event};
use crate::web::authz::Access;
use crate::web::context::Ctx;
use crate::web::errors::AppError;
use crate::web::views::coops::{CoopView, nav, when};
use crate::web::views::layout::{Chrome, page};
use actix_web::HttpResponse;
use maud::html;
use std::collections::BTreeMap;

/// Events shown on the page (the newest); the CSV has them all.
const SHOWN: usize = 500;

type Loaded = (
    Vec<Event>,
    Result<usize, audit::Broken>,
    BTreeMap<i64, String>,
);

/// The events, the chain's verdict, and the actors' names.
async fn load(ctx: &Ctx, coop_id: i64) -> Result<Loaded, AppError> {
    ctx.state
        .db
        .run(move |c| {
            let events = audit::list(c, coop_id)?;
            let mut names = BTreeMap::new();
            for id in events.iter().filter_map(|e| e.actor_id) {
                if let std::collections::btree_map::Entry::Vacant(slot) = names.entry(id)
                    && let Some(a) = accounts::by_id(c, id)?
                {
                    slot.insert(a.display_name);
                }
            }
            Ok::<_, AppError>((events, audit::verify(c, coop_id)?, names))
        })
        .await
}

pub async fn show(ctx: Ctx, access: Access) -> Result<HttpResponse, AppError> {
    let coop = access.coop()?.clone();
    let (events, verdict, names) = load(&ctx, coop.id).await?;
    let l = ctx.locale;
    let body = html! {
        (nav(l, &CoopView::of(&coop, &access)))
        @match &verdict {
            Ok(n) => p.notice role="status" { (render(l, "audit-chain-ok", &[("count", Arg::from(*n))])) },
            Err(b) => p.error role="alert" { (render(l, "audit-chain-broken", &[("seq", Arg::from(b.seq))])) },
        }
        p { a href=(format!("/c/{}/audit.csv", coop.slug)) download { (ctx.t("audit-csv")) } }
        table {
            thead { tr { th { "#" } th { (ctx.t("audit-time")) } th { (ctx.t("audit-actor")) } th { (ctx.t("audit-kind")) } th { (ctx.t("audit-data")) } } }
            tbody {
                @for e in events.iter().rev().take(SHOWN) {
                    tr {
                        td { (e.seq) }
                        td { (when(l, &coop, e.at)) }
                        td { @if let Some(a) = e.actor_id { (names.get(&a).cloned().unwrap_or_else(|| a.to_string())) } @else { "—" } }
                        td { code { (e.kind) } }
                        td { code.data { (e.data) } }
                    }
                }
            }
        }
    };
    let title = render(l, "audit-title", &[("coop", Arg::from(coop.name.as_str()))]);
    Ok(html(page(&Chrome::from(&ctx), &title, body)))
}

pub async fn csv(ctx: Ctx, access: Access) -> Result<HttpResponse, AppError> {
    let coop = access.coop()?.clone();
    let (events, _, _) = load(&ctx, coop.id).await?;
    let mut out = String::from("sequence,time,actor,kind,data,previous_hash,hash\r\n");
    for e in &events {
        let fields = [
            e.seq.to_string(),
            audit::rfc3339_micros(e.at),
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
