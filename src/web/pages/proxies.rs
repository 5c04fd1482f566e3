//! Proxies: give one to another member (for one open proposal or until revoked), see and
//! revoke them.

use super::{html, see_other, unprocessable};
use crate::domain::refusal::Code;
use crate::i18n::{Arg, render};
use crate::members::proxies;
use crate::storage::proxies as stored_proxies;
use crate::storage::{coops, members, proposals};
use crate::web::authz::Access;
use crate::web::context::{CsrfForm, Ctx};
use crate::web::errors::AppError;
use crate::web::views::coops::{CoopView, nav, when};
use crate::web::views::forms::{alert, csrf};
use crate::web::views::layout::{Chrome, page as layout};
use actix_web::{HttpResponse, web};
use maud::html;
use serde::Deserialize;

async fn render_page(
    ctx: &Ctx,
    access: &Access,
    error: Option<String>,
) -> Result<HttpResponse, AppError> {
    let coop = access.coop()?.clone();
    let me = access.account_id()?;
    let id = coop.id;
    let (book, mine, others, open) = ctx
        .state
        .db
        .run(move |c| {
            let book = coops::current_rulebook(c, id)?;
            let mine = stored_proxies::of_member(c, id, me)?;
            let others: Vec<_> = members::directory(c, id)?
                .into_iter()
                .filter(|m| m.membership.account_id != me && !m.membership.is_guest())
                .collect();
            let open: Vec<_> = proposals::list(c, id)?
                .into_iter()
                .filter(|p| p.is_open())
                .collect();
            Ok::<_, AppError>((book, mine, others, open))
        })
        .await?;
    let l = ctx.locale;
    let p = &book.proxies;
    let body = html! {
        (nav(l, &CoopView::of(&coop, access)))
        (alert(error.as_deref()))
        @if p.allowed {
            p { (render(l, "proxies-rule", &[("max", Arg::from(u64::from(p.max_per_holder)))]))
                @if p.same_college { " " (ctx.t("proxies-rule-same-college")) } }
        } @else {
            p { (ctx.refusal(&Code::ProxiesForbidden.into())) }
        }
        h2 { (ctx.t("proxies-current")) }
        @if mine.is_empty() { p { (ctx.t("proxies-none")) } }
        ul {
            @for x in &mine {
                li {
                    (render(l, "proxies-line", &[("giver", Arg::from(x.giver_name.as_str())), ("holder", Arg::from(x.holder_name.as_str())), ("date", Arg::from(when(l, &coop, x.created_at)))]))
                    @if let Some(pid) = x.proposal_id {
                        " " (render(l, "proxies-for-proposal", &[("id", Arg::from(pid))]))
                    }
                    @if x.giver_id == me {
                        form.inline method="post" action=(format!("/c/{}/proxies/{}/revoke", coop.slug, x.id)) {
                            (csrf(&ctx.csrf)) " " button type="submit" { (ctx.t("proxies-revoke")) }
                        }
                    }
                }
            }
        }
        @if p.allowed {
            h2 { (ctx.t("proxies-give")) }
            form method="post" action=(format!("/c/{}/proxies", coop.slug)) {
                (csrf(&ctx.csrf))
                p.field {
                    label for="f-holder" { (ctx.t("proxies-holder")) }
                    select #f-holder name="holder" {
                        @for m in &others { option value=(m.public_id) { (m.display_name) } }
                    }
                }
                p.field {
                    label for="f-proposal" { (ctx.t("proxies-proposal")) }
                    select #f-proposal name="proposal" {
                        option value="" { (ctx.t("proxies-until-revoked")) }
                        @for x in &open { option value=(x.id) { (x.title) } }
                    }
                }
                button type="submit" { (ctx.t("proxies-give")) }
            }
        }
    };
    let title = render(
        l,
        "proxies-title",
        &[("coop", Arg::from(coop.name.as_str()))],
    );
    let markup = layout(&Chrome::from(ctx), &title, body);
    Ok(if error.is_some() {
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
