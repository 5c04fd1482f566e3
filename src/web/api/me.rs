//! `GET /api/v1/me`: who the token belongs to.

use crate::web::authz::Access;
use crate::web::errors::AppError;
use actix_web::{HttpResponse, get};
use serde::Serialize;
use utoipa::ToSchema;

/// The token's owner.
#[derive(Serialize, ToSchema)]
pub struct Me {
    /// Stable public identifier.
    pub id: String,
    pub email: String,
    pub display_name: String,
    /// `en` or `fr`, when chosen.
    pub locale: Option<String>,
    pub is_server_admin: bool,
}

#[utoipa::path(
    get, path = "/me", tag = "account",
    security(("bearer" = [])),
    responses((status = 200, body = Me), (status = 401, description = "Missing or invalid token", content_type = "application/problem+json"))
)]
#[get("/me")]
pub async fn me(access: Access) -> Result<HttpResponse, AppError> {
    let account = access.account()?.clone();
    Ok(HttpResponse::Ok().json(Me {
        id: account.public_id,
        email: account.email,
        display_name: account.display_name,
        locale: account.locale.map(|l| l.code().to_string()),
        is_server_admin: account.is_server_admin,
    }))
}
