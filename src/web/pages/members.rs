//! The directory per college, moving members (dated), and the register of members.

use super::{html, see_other};
use crate::domain::refusal::Code;
use crate::domain::rulebook::Rulebook;
use crate::i18n::{Arg, render};
use crate::members::placement;
use crate::storage::coops::{self, Coop};
use crate::storage::members::{self, Listed, Placement};
use crate::web::authz::{Access, Action};
use crate::web::context::{CsrfForm, Ctx};
use crate::web::errors::AppError;
use crate::web::views::coops::CoopView;
use crate::web::views::coops::{college_name, nav, when};
use crate::web::views::forms::csrf;
use crate::web::views::layout::{Chrome, page};
use actix_web::{HttpResponse, web};
use maud::{Markup, html};
use serde::Deserialize;

fn member_row(ctx: &Ctx, access: &Access, book: &Rulebook, coop: &Coop, m: &Listed) -> Markup {
    let l = ctx.locale;
    let slug = &coop.slug;
    let row = &m.membership;
    let manage = access.may(Action::ManageMembers);
    html! {
        li.member {
            span.name { (m.display_name) }
            @if row.is_admin { " · " (ctx.t("role-admin")) }
            @if row.is_board { " · " (ctx.t("role-board")) }
            " · " span.since { (render(l, "members-since", &[("date", Arg::from(when(l, coop, row.valid_from)))])) }
            @if manage {
                form.inline method="post" action=(format!("/c/{slug}/members/{}/placement", m.public_id)) {
                    (csrf(&ctx.csrf))
                    select name="college" aria-label=(ctx.t("members-college")) {
                        @for c in &book.colleges {
                            option value=(c.key) selected[row.college.as_deref() == Some(c.key.as_str())] { (c.name) }
                        }
                        option value="" selected[row.college.is_none()] { (ctx.t("coop-guest")) }
                    }
                    label { input type="checkbox" name="admin" value="on" checked[row.is_admin]; " " (ctx.t("role-admin")) }
                    label { input type="checkbox" name="board" value="on" checked[row.is_board]; " " (ctx.t("role-board")) }
                    label { (ctx.t("members-shares")) " " input type="number" name="shares" min="0" value=(row.shares) size="5"; }
                    " " button type="submit" { (ctx.t("members-save")) }
                }
                form.inline method="post" action=(format!("/c/{slug}/members/{}/leave", m.public_id)) {
                    (csrf(&ctx.csrf))
                    button type="submit" { (ctx.t("members-leave")) }
                }
            }
        }
    }
}

pub async fn directory(ctx: Ctx, access: Access) -> Result<HttpResponse, AppError> {
    let coop = access.coop()?.clone();
    let id = coop.id;
    let (book, list) = ctx
        .state
        .db
        .run(move |c| {
            Ok::<_, AppError>((coops::current_rulebook(c, id)?, members::directory(c, id)?))
        })
        .await?;
    let l = ctx.locale;
    let guests: Vec<&Listed> = list.iter().filter(|m| m.membership.is_guest()).collect();
    let body = html! {
        (nav(l, &CoopView::of(&coop, &access)))
        @for college in &book.colleges {
            @let inside: Vec<&Listed> = list.iter().filter(|m| m.membership.college.as_deref() == Some(college.key.as_str())).collect();
            section.college id=(format!("college-{}", college.key)) {
                h2 { (college.name) " (" (inside.len()) ")" }
                @if inside.is_empty() { p { (ctx.t("members-none")) } }
                ul { @for m in inside { (member_row(&ctx, &access, &book, &coop, m)) } }
            }
        }
        @if !guests.is_empty() {
            section.college id="college-guests" {
                h2 { (ctx.t("members-guests")) " (" (guests.len()) ")" }
                ul { @for m in guests { (member_row(&ctx, &access, &book, &coop, m)) } }
            }
        }
    };
    let title = render(
        l,
        "members-title",
        &[("coop", Arg::from(coop.name.as_str()))],
    );
    Ok(html(page(&Chrome::from(&ctx), &title, body)))
}

#[derive(Deserialize)]
pub struct PlacementForm {
    #[serde(default)]
    college: String,
    admin: Option<String>,
    board: Option<String>,
    shares: Option<String>,
}

pub async fn place(
    ctx: Ctx,
    access: Access,
    path: web::Path<(String, String)>,
    CsrfForm(form): CsrfForm<PlacementForm>,
) -> Result<HttpResponse, AppError> {
    let coop = access.coop()?.clone();
    let by = access.account_id()?;
    let (_, member) = path.into_inner();
    let shares = match form
        .shares
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        None => None,
        Some(s) => Some(
            s.parse::<i64>()
                .ok()
                .filter(|n| *n >= 0)
                .ok_or(AppError::from(Code::SharesInvalid))?,
        ),
    };
    let college = Some(form.college.trim().to_string()).filter(|c| !c.is_empty());
    let next = Placement {
        college,
        is_admin: form.admin.as_deref() == Some("on"),
        is_board: form.board.as_deref() == Some("on"),
    };
    let id = coop.id;
    ctx.state
        .db
        .run(move |c| placement::place(c, id, by, &member, |_| next, shares))
        .await?;
    Ok(see_other(&format!("/c/{}/members", coop.slug)))
}

#[derive(Deserialize)]
pub struct Empty {}

pub async fn leave(
    access: Access,
    ctx: Ctx,
    path: web::Path<(String, String)>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<HttpResponse, AppError> {
    let coop = access.coop()?.clone();
    let by = access.account_id()?;
    let (_, member) = path.into_inner();
    let id = coop.id;
    let left = ctx
        .state
        .db
        .run(move |c| placement::leave(c, id, by, &member))
        .await?;
    if !left {
        return Err(AppError::NotFound);
    }
    Ok(see_other(&format!("/c/{}/members", coop.slug)))
}

async fn load_register(
    ctx: &Ctx,
    coop_id: i64,
) -> Result<(Rulebook, Vec<members::RegisterLine>), AppError> {
    ctx.state
        .db
        .run(move |c| {
            Ok::<_, AppError>((
                coops::current_rulebook(c, coop_id)?,
                members::register(c, coop_id)?,
            ))
        })
        .await
}

pub async fn register(ctx: Ctx, access: Access) -> Result<HttpResponse, AppError> {
    let coop = access.coop()?.clone();
    let (book, lines) = load_register(&ctx, coop.id).await?;
    let l = ctx.locale;
    let body = html! {
        (nav(l, &CoopView::of(&coop, &access)))
        p { a href=(format!("/c/{}/register.csv", coop.slug)) download { (ctx.t("register-csv")) } }
        p.hint { (ctx.t("register-shares-hint")) }
        table {
            thead { tr {
                th { (ctx.t("register-name")) } th { (ctx.t("register-admitted")) } th { (ctx.t("members-college")) }
                th { (ctx.t("members-shares")) } th { (ctx.t("register-left")) }
            } }
            tbody {
                @for line in &lines {
                    tr {
                        td { (line.display_name) }
                        td { (when(l, &coop, line.admitted_at)) }
                        td { (college_name(&book, line.college.as_deref(), l)) }
                        td { (line.shares) }
                        td { @if let Some(t) = line.left_at { (when(l, &coop, t)) } @else { "—" } }
                    }
                }
            }
        }
    };
    let title = render(
        l,
        "register-title",
        &[("coop", Arg::from(coop.name.as_str()))],
    );
    Ok(html(page(&Chrome::from(&ctx), &title, body)))
}

/// One CSV field, quoted when needed (RFC 4180); a leading formula character is neutralised.
pub fn csv_field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

pub fn csv_response(filename: &str, body: String) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "content-disposition",
            format!("attachment; filename=\"{filename}\""),
        ))
        .body(body)
}

pub async fn register_csv(ctx: Ctx, access: Access) -> Result<HttpResponse, AppError> {
    let coop = access.coop()?.clone();
    let (_, lines) = load_register(&ctx, coop.id).await?;
    let mut out =
        String::from("member_id,name,email,admitted_at,college,shares_subscribed,left_at\r\n");
    for line in &lines {
        let fields = [
            line.public_id.clone(),
            line.display_name.clone(),
            line.email.clone(),
            crate::storage::audit::rfc3339_micros(line.admitted_at),
            line.college.clone().unwrap_or_default(),
            line.shares.to_string(),
            line.left_at
                .map(crate::storage::audit::rfc3339_micros)
                .unwrap_or_default(),
        ];
        let row: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    Ok(csv_response(&format!("{}-register.csv", coop.slug), out))
}
