//! The directory per college, moving members (dated), and the register of members.

use super::{html, see_other};
use crate::clock::rfc3339_micros;
use crate::domain::refusal::Code;
use crate::domain::rulebook::Rulebook;
use crate::members::directory::{self, Placement, RegisterLine};
use crate::members::placement;
use crate::web::authz::{Access, Action};
use crate::web::context::{CsrfForm, Ctx};
use crate::web::errors::AppError;
use crate::web::views::coops::CoopView;
use crate::web::views::layout::Chrome;
use crate::web::views::members::{
    DirectoryPage, MemberRow, RegisterPage, RegisterRow, directory_page, register_page,
};
use actix_web::{HttpResponse, web};
use serde::Deserialize;

pub async fn directory(ctx: Ctx, access: Access) -> Result<HttpResponse, AppError> {
    let coop = access.coop()?.clone();
    let id = coop.id;
    let (book, list) = ctx
        .state
        .db
        .run(move |c| directory::directory(c, id))
        .await?;
    let view = DirectoryPage {
        coop: CoopView::of(&coop, &access),
        book,
        members: list
            .into_iter()
            .map(|m| MemberRow {
                public_id: m.public_id,
                display_name: m.display_name,
                college: m.membership.college,
                is_admin: m.membership.is_admin,
                is_board: m.membership.is_board,
                shares: m.membership.shares,
                since: m.membership.valid_from,
            })
            .collect(),
        manage: access.may(Action::ManageMembers),
    };
    Ok(html(directory_page(&Chrome::from(&ctx), &view)))
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

async fn load_register(ctx: &Ctx, coop_id: i64) -> Result<(Rulebook, Vec<RegisterLine>), AppError> {
    Ok(ctx
        .state
        .db
        .run(move |c| directory::register_with_rulebook(c, coop_id))
        .await?)
}

pub async fn register(ctx: Ctx, access: Access) -> Result<HttpResponse, AppError> {
    let coop = access.coop()?.clone();
    let (book, lines) = load_register(&ctx, coop.id).await?;
    let view = RegisterPage {
        coop: CoopView::of(&coop, &access),
        book,
        lines: lines
            .into_iter()
            .map(|line| RegisterRow {
                display_name: line.display_name,
                admitted_at: line.admitted_at,
                college: line.college,
                shares: line.shares,
                left_at: line.left_at,
            })
            .collect(),
    };
    Ok(html(register_page(&Chrome::from(&ctx), &view)))
}

/// One CSV field, quoted when needed (RFC 4180); a leading formula character is neutralised.
/// One CSV cell, quoted when needed. A cell a spreadsheet would read as a formula (starting
/// with `=`, `+`, `-`, `@`, a tab or a carriage return) is neutralised with a leading `'`.
pub fn csv_field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
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
            rfc3339_micros(line.admitted_at),
            line.college.clone().unwrap_or_default(),
            line.shares.to_string(),
            line.left_at.map(rfc3339_micros).unwrap_or_default(),
        ];
        let row: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    Ok(csv_response(&format!("{}-register.csv", coop.slug), out))
}

#[cfg(test)]
mod csv_tests {
    use super::csv_field;

    #[test]
    fn formulas_are_neutralised_and_separators_quoted() {
        assert_eq!(csv_field("=1+1"), "'=1+1");
        assert_eq!(csv_field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_field("\t=cmd"), "'\t=cmd");
        assert_eq!(csv_field("\r=cmd"), "\"'\r=cmd\"");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("plain"), "plain");
    }
}
