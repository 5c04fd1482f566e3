//! Accepting an invitation: signed in, it links the current account; otherwise it creates an
//! account for the invited address (or asks to log in when one exists), then admits the person.

use super::{html, see_other, unprocessable};
use crate::auth::password;
use crate::crypto;
use crate::domain::account::check_new_account;
use crate::domain::refusal::Code;
use crate::members::invitations::place_text;
use crate::storage::accounts::{self, NewAccount};
use crate::storage::coops::{self, Coop};
use crate::storage::invitations::{self, Invitation};
use crate::storage::{audit, members, write_tx};
use crate::web::context::{CsrfForm, Ctx};
use crate::web::errors::AppError;
use crate::web::pages::auth::start_session;
use crate::web::views::accept::{AcceptView, accept_gone_page, accept_page as accept_page_view};
use crate::web::views::layout::Chrome;
use actix_web::{HttpResponse, web};
use serde::Deserialize;
use serde_json::json;

struct Found {
    invitation: Invitation,
    coop: Coop,
    place: String,
    account_exists: bool,
}

async fn find(ctx: &Ctx, token: &str) -> Result<Option<Found>, AppError> {
    let hash = crypto::sha256_hex(token);
    let locale = ctx.locale;
    ctx.state
        .db
        .run(move |c| {
            let Some(invitation) = invitations::by_token_hash(c, &hash)? else {
                return Ok::<_, AppError>(None);
            };
            if !invitation.is_usable(crate::storage::now()) {
                return Ok(None);
            }
            let coop = coops::by_id(c, invitation.coop_id)?.ok_or(AppError::NotFound)?;
            let book = coops::current_rulebook(c, coop.id)?;
            let place = place_text(
                locale,
                &book,
                invitation.college.as_deref(),
                invitation.role(),
            );
            let account_exists = accounts::by_email(c, &invitation.email)?.is_some();
            Ok(Some(Found {
                invitation,
                coop,
                place,
                account_exists,
            }))
        })
        .await
}

fn gone(ctx: &Ctx) -> HttpResponse {
    HttpResponse::Gone()
        .content_type("text/html; charset=utf-8")
        .body(accept_gone_page(&Chrome::from(ctx)).into_string())
}

fn form_page(ctx: &Ctx, token: &str, f: &Found, error: Option<&str>) -> maud::Markup {
    let action = format!("/invitations/{token}");
    let view = AcceptView {
        action: &action,
        coop_name: &f.coop.name,
        place: &f.place,
        invited_email: &f.invitation.email,
        signed_in_as: ctx.account.as_ref().map(|a| a.display_name.as_str()),
        account_exists: f.account_exists,
        error,
    };
    accept_page_view(&Chrome::from(ctx), &view)
}

pub async fn accept_page(ctx: Ctx, token: web::Path<String>) -> Result<HttpResponse, AppError> {
    Ok(match find(&ctx, &token).await? {
        Some(f) => html(form_page(&ctx, &token, &f, None)),
        None => gone(&ctx),
    })
}

#[derive(Deserialize)]
pub struct AcceptForm {
    display_name: Option<String>,
    password: Option<String>,
}

/// Admits `account_id` by the invitation; false when the invitation was used meanwhile.
fn admit(
    c: &mut crate::storage::DbConn,
    inv: &Invitation,
    account_id: i64,
) -> Result<bool, AppError> {
    if !invitations::mark_accepted(c, inv.id, account_id)? {
        return Ok(false);
    }
    audit::append(
        c,
        inv.coop_id,
        Some(account_id),
        "invitation.accepted",
        json!({"invitation": inv.id, "account": account_id}),
    )?;
    members::join(
        c,
        inv.coop_id,
        account_id,
        &inv.placement(),
        Some(account_id),
    )?;
    crate::notifications::invitation_accepted(
        c,
        inv.coop_id,
        inv.invited_by,
        account_id,
        crate::storage::now(),
    )?;
    Ok(true)
}

pub async fn accept_submit(
    ctx: Ctx,
    token: web::Path<String>,
    CsrfForm(form): CsrfForm<AcceptForm>,
) -> Result<HttpResponse, AppError> {
    let Some(found) = find(&ctx, &token).await? else {
        return Ok(gone(&ctx));
    };
    let slug = found.coop.slug.clone();
    let login_first = format!("/login?next=/invitations/{}", token.as_str());
    if let Some(account) = &ctx.account {
        let (id, inv) = (account.id, found.invitation.clone());
        let ok = ctx
            .state
            .db
            .run(move |c| write_tx(c, |c| admit(c, &inv, id)))
            .await?;
        return Ok(if ok {
            see_other(&format!("/c/{slug}"))
        } else {
            gone(&ctx)
        });
    }
    if found.account_exists {
        return Ok(see_other(&login_first));
    }
    let name = form.display_name.unwrap_or_default().trim().to_string();
    let pass = form.password.unwrap_or_default();
    if let Err(refused) = check_new_account(&found.invitation.email, &name, &pass) {
        let error = ctx.refusal(&refused);
        return Ok(unprocessable(form_page(&ctx, &token, &found, Some(&error))));
    }
    match create_and_admit(&ctx, found.invitation, name, pass).await? {
        Some(id) => start_session(&ctx, id, &format!("/c/{slug}")).await,
        None => Ok(see_other(&login_first)),
    }
}

/// Creates the invited person's account and admits it; `None` when an account for the
/// address appeared meanwhile (then the person logs in first).
async fn create_and_admit(
    ctx: &Ctx,
    inv: Invitation,
    name: String,
    pass: String,
) -> Result<Option<i64>, AppError> {
    let hash = password::hash(pass).await.map_err(AppError::Internal)?;
    let locale = ctx.locale.code();
    ctx.state
        .db
        .run(move |c| {
            write_tx(c, |c| {
                if accounts::by_email(c, &inv.email)?.is_some() {
                    return Ok::<_, AppError>(None);
                }
                let new = NewAccount {
                    email: &inv.email,
                    display_name: &name,
                    password_hash: &hash,
                    locale: Some(locale),
                    is_server_admin: false,
                };
                let id = accounts::insert(c, &new)?;
                if !admit(c, &inv, id)? {
                    return Err(AppError::from(Code::InvitationUsed));
                }
                Ok(Some(id))
            })
        })
        .await
}
