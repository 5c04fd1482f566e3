//! The JSON API under `/api/v1`: personal API tokens only (cookies are ignored, so no CSRF),
//! errors as `application/problem+json`, documented by the OpenAPI document it serves.

pub mod coops;
pub mod me;
pub mod proposal_lifecycle;
pub mod proposals;
pub mod threads;
pub mod work;

use actix_web::{HttpResponse, get, web};
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(title = "Collegia API", version = "1", description = "Decisions for multi-stakeholder cooperatives."),
    components(schemas(me::Me)),
    modifiers(&BearerAuth)
)]
pub struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// Database work for an API handler, with errors as [`AppError`] (so `?` needs no annotation).
pub(crate) async fn run<T: Send + 'static>(
    state: &web::Data<crate::web::AppState>,
    f: impl FnOnce(&mut crate::service::DbConn) -> Result<T, crate::web::errors::AppError>
    + Send
    + 'static,
) -> Result<T, crate::web::errors::AppError> {
    state.db.run(f).await
}

/// Stored JSON read back for an answer: unreadable is a corrupt row (logged, answered 500
/// once), never an empty value.
pub(crate) fn stored_json(
    text: &str,
    what: &str,
) -> Result<serde_json::Value, crate::web::errors::AppError> {
    serde_json::from_str(text)
        .map_err(|e| crate::web::errors::AppError::Internal(format!("corrupt {what}: {e}")))
}

/// The OpenAPI document, built from the registered routes.
pub struct OpenApiDocument(pub String);

#[utoipa::path(get, path = "/openapi.json", tag = "meta", responses((status = 200, description = "This document")))]
#[get("/openapi.json")]
pub async fn openapi_json(doc: web::Data<OpenApiDocument>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .body(doc.0.clone())
}
