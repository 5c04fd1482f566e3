//! Invitations by email into a college and role: one address or a pasted list (thousands at
//! once, batched by `inviting.rs`), resend, revoke. Accepting is in `accept.rs`.

use super::html;
use crate::i18n::{Arg, Locale, render};
use crate::members::invitations::{self as member_invitations, Invite};
pub use crate::members::invitations::{Report, place_text, split_addresses};
use crate::storage::coops;
use crate::storage::invitations::{self, InvitedRole};
use crate::web::authz::Access;
use crate::web::context::{CsrfForm, Ctx};
use crate::web::errors::AppError;
use crate::web::views::coops::{CoopView, nav, when};
use crate::web::views::forms::{csrf, notice};
use crate::web::views::layout::{Chrome, page};
use actix_web::{HttpResponse, web};
use maud::{Markup, html};
use serde::Deserialize;

/// Invitations shown on the page (the newest); the API lists them all.
const SHOWN: usize = 200;
/// Problem addresses quoted in the report, per kind.
const QUOTED: usize = 50;

fn quoted(list: &[String]) -> String {
    let mut text = list
        .iter()
        .take(QUOTED)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if list.len() > QUOTED {
        text.push_str(", …");
    }
    text
}

fn report_view(l: Locale, r: &Report) -> Markup {
    let line = |key: &str, list: &[String]| {
        render(
            l,
            key,
            &[
                ("count", Arg::from(list.len())),
                ("list", Arg::from(quoted(list))),
            ],
        )
    };
    html! {
        (notice(Some(&render(l, "invite-report-sent", &[("count", Arg::from(r.invited))]))))
        @if !r.malformed.is_empty() { p.error role="alert" { (line("invite-report-malformed", &r.malformed)) } }
        @if !r.duplicates.is_empty() { p.error { (line("invite-report-duplicates", &r.duplicates)) } }
        @if !r.already.is_empty() { p.error { (line("invite-report-already", &r.already)) } }
    }
}

async fn render_list(
    ctx: &Ctx,
    access: &Access,
    report: Option<Report>,
) -> Result<HttpResponse, AppError> {
    let coop = access.coop()?.clone();
    let id = coop.id;
    let (book, list) = ctx
        .state
        .db
        .run(move |c| {
            Ok::<_, AppError>((coops::current_rulebook(c, id)?, invitations::list(c, id)?))
        })
        .await?;
    let l = ctx.locale;
    let now = crate::storage::now();
    let status = |i: &invitations::Invitation| {
        if i.accepted_at.is_some() {
            "accepted"
        } else if i.revoked_at.is_some() {
            "revoked"
        } else if i.expires_at <= now {
            "expired"
        } else {
            "pending"
        }
    };
    let body = html! {
        (nav(l, &CoopView::of(&coop, access)))
        @if let Some(r) = &report { (report_view(l, r)) }
        form method="post" action=(format!("/c/{}/invitations", coop.slug)) {
            (csrf(&ctx.csrf))
            p.field {
                label for="f-emails" { (ctx.t("invite-emails")) }
                textarea #f-emails name="emails" rows="6" required {}
            }
            p.hint { (ctx.t("invite-emails-hint")) }
            p.field {
                label for="f-college" { (ctx.t("members-college")) }
                select #f-college name="college" {
                    @for c in &book.colleges { option value=(c.key) { (c.name) } }
                }
            }
            p.field {
                label for="f-role" { (ctx.t("invite-role")) }
                select #f-role name="role" {
                    @for r in InvitedRole::ALL { option value=(r.key()) { (ctx.t(&format!("role-{}", r.key()))) } }
                }
            }
            button type="submit" { (ctx.t("invite-submit")) }
        }
        h2 { (ctx.t("invite-list")) " (" (list.len()) ")" }
        table {
            thead { tr { th { (ctx.t("field-email")) } th { (ctx.t("members-college")) } th { (ctx.t("invite-status")) } th { (ctx.t("invite-sent")) } th {} } }
            tbody {
                @for i in list.iter().take(SHOWN) {
                    tr {
                        td { (i.email) }
                        td { (place_text(l, &book, i.college.as_deref(), i.role())) }
                        td { (ctx.t(&format!("invite-status-{}", status(i)))) }
                        td { (when(l, &coop, i.sent_at)) }
                        td {
                            @if i.accepted_at.is_none() && i.revoked_at.is_none() {
                                form.inline method="post" action=(format!("/c/{}/invitations/{}/resend", coop.slug, i.id)) {
                                    (csrf(&ctx.csrf)) button type="submit" { (ctx.t("invite-resend")) }
                                }
                                form.inline method="post" action=(format!("/c/{}/invitations/{}/revoke", coop.slug, i.id)) {
                                    (csrf(&ctx.csrf)) button type="submit" { (ctx.t("invite-revoke")) }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    let title = render(
        l,
        "invite-title",
        &[("coop", Arg::from(coop.name.as_str()))],
    );
    Ok(html(page(&Chrome::from(ctx), &title, body)))
}

pub async fn list(ctx: Ctx, access: Access) -> Result<HttpResponse, AppError> {
    render_list(&ctx, &access, None).await
}

#[derive(Deserialize)]
pub struct InviteForm {
    emails: String,
    #[serde(default)]
    college: String,
    role: String,
}

pub async fn create(
    ctx: Ctx,
    access: Access,
    CsrfForm(form): CsrfForm<InviteForm>,
) -> Result<HttpResponse, AppError> {
    let addresses = split_addresses(&form.emails);
    let mail_ctx = ctx.state.mail_context();
    let who = access.clone();
    let report = ctx
        .state
        .db
        .run(move |c| {
            let ask = Invite {
                addresses: &addresses,
                college: Some(&form.college),
                role: &form.role,
            };
            member_invitations::invite(c, &mail_ctx, &who, &ask)
        })
        .await?;
    render_list(&ctx, &access, Some(report)).await
}

#[derive(Deserialize)]
pub struct Empty {}

pub async fn resend(
    ctx: Ctx,
    access: Access,
    path: web::Path<(String, i64)>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<HttpResponse, AppError> {
    let coop = access.coop()?.clone();
    let account = access.account()?.clone();
    let (_, id) = path.into_inner();
    let mail_ctx = ctx.state.mail_context();
    let done = ctx
        .state
        .db
        .run(move |c| member_invitations::resend(c, &mail_ctx, &coop, &account, id))
        .await?;
    if !done {
        return Err(AppError::NotFound);
    }
    render_list(&ctx, &access, None).await
}

pub async fn revoke(
    ctx: Ctx,
    access: Access,
    path: web::Path<(String, i64)>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<HttpResponse, AppError> {
    let coop_id = access.coop()?.id;
    let by = access.account_id()?;
    let (_, id) = path.into_inner();
    let done = ctx
        .state
        .db
        .run(move |c| member_invitations::revoke(c, coop_id, by, id))
        .await?;
    if !done {
        return Err(AppError::NotFound);
    }
    render_list(&ctx, &access, None).await
}
