//! Proxies: give one to another member (for one open proposal or until revoked), see and
//! revoke them.

use super::{html, see_other, unprocessable};
use crate::members::directory::{self, Proxy, ProxyChoices};
use crate::members::proxies;
use crate::web::authz::Access;
use crate::web::context::{CsrfForm, Ctx};
use crate::web::errors::AppError;
use crate::web::views::coops::CoopView;
use crate::web::views::layout::Chrome;
use crate::web::views::proxies::{Choice, ProxiesPage, ProxyRow, proxies_page};
use actix_web::{HttpResponse, web};
use serde::Deserialize;

fn proxy_row(x: Proxy, me: i64) -> ProxyRow {
    ProxyRow {
        id: x.id,
        given: x.giver_id == me,
        giver_name: x.giver_name,
        holder_name: x.holder_name,
        proposal_id: x.proposal_id,
        created_at: x.created_at,
    }
}

async fn render_page(
    ctx: &Ctx,
    access: &Access,
    error: Option<String>,
) -> Result<HttpResponse, AppError> {
    let coop = access.coop()?.clone();
    let me = access.account_id()?;
    let id = coop.id;
    let ProxyChoices {
        book,
        mine,
        others,
        open,
    } = ctx
        .state
        .db
        .run(move |c| directory::proxy_choices(c, id, me))
        .await?;
    let refused = error.is_some();
    let view = ProxiesPage {
        coop: CoopView::of(&coop, access),
        error,
        rule: book.proxies,
        mine: mine.into_iter().map(|x| proxy_row(x, me)).collect(),
        holders: others
            .into_iter()
            .map(|m| Choice {
                value: m.public_id,
                label: m.display_name,
            })
            .collect(),
        open: open
            .into_iter()
            .map(|x| Choice {
                value: x.id.to_string(),
                label: x.title,
            })
            .collect(),
    };
    let markup = proxies_page(&Chrome::from(ctx), &view);
    Ok(if refused {
        unprocessable(markup)
    } else {
        html(markup)
    })
}

pub async fn page(ctx: Ctx, access: Access) -> Result<HttpResponse, AppError> {
    render_page(&ctx, &access, None).await
}

#[derive(Deserialize)]
pub struct GiveForm {
    #[serde(default)]
    holder: String,
    /// An open proposal's id; empty: until revoked.
    #[serde(default)]
    proposal: String,
}

pub async fn give(
    ctx: Ctx,
    access: Access,
    CsrfForm(form): CsrfForm<GiveForm>,
) -> Result<HttpResponse, AppError> {
    let coop = access.coop()?.clone();
    let me = access.account_id()?;
    let id = coop.id;
    let outcome = ctx
        .state
        .db
        .run(move |c| {
            let proposal = match form.proposal.trim() {
                "" => None,
                // Not a number: no open proposal has it.
                text => Some(text.parse::<i64>().unwrap_or(0)),
            };
            proxies::give(c, id, me, &form.holder, proposal)
        })
        .await
        .map_err(AppError::from);
    match outcome {
        Ok(_) => Ok(see_other(&format!("/c/{}/proxies", coop.slug))),
        Err(AppError::Refused(r)) => render_page(&ctx, &access, Some(ctx.refusal(&r))).await,
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
pub struct Empty {}

pub async fn revoke(
    ctx: Ctx,
    access: Access,
    path: web::Path<(String, i64)>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<HttpResponse, AppError> {
    let coop = access.coop()?.clone();
    let me = access.account_id()?;
    let (_, pid) = path.into_inner();
    let id = coop.id;
    let done = ctx
        .state
        .db
        .run(move |c| proxies::revoke(c, id, me, pid))
        .await?;
    if !done {
        return Err(AppError::NotFound);
    }
    Ok(see_other(&format!("/c/{}/proxies", coop.slug)))
}
