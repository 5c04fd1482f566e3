//! Invitations by email into a college and role: one address or a pasted list (thousands at
//! once, batched by `inviting.rs`), resend, revoke. Accepting is in `accept.rs`.

use super::html;
use crate::members::directory::{self, InvitedRole};
use crate::members::invitations::{self as member_invitations, Invite};
pub use crate::members::invitations::{Report, place_text, split_addresses};
use crate::web::authz::Access;
use crate::web::context::{CsrfForm, Ctx};
use crate::web::errors::AppError;
use crate::web::views::coops::CoopView;
use crate::web::views::invitations::{
    InvitationRow, InvitationsPage, ReportView, invitations_page,
};
use crate::web::views::layout::Chrome;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

/// Invitations shown on the page (the newest); the API lists them all.
const SHOWN: usize = 200;

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
        .run(move |c| directory::invitations_with_rulebook(c, id))
        .await?;
    let l = ctx.locale;
    let now = ctx.state.clock.now();
    let rows = list
        .iter()
        .take(SHOWN)
        .map(|i| InvitationRow {
            id: i.id,
            email: i.email.clone(),
            place: place_text(l, &book, i.college.as_deref(), i.role()),
            status: i.status(now),
            sent_at: i.sent_at,
            open: i.accepted_at.is_none() && i.revoked_at.is_none(),
        })
        .collect();
    let view = InvitationsPage {
        coop: CoopView::of(&coop, access),
        report: report.map(|r| ReportView {
            invited: r.invited,
            malformed: r.malformed,
            duplicates: r.duplicates,
            already: r.already,
        }),
        roles: InvitedRole::ALL.iter().map(|r| r.key()).collect(),
        total: list.len(),
        rows,
        colleges: book.colleges,
    };
    Ok(html(invitations_page(&Chrome::from(ctx), &view)))
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
