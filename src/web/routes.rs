//! The one route table: every URL the server answers is here.

use super::api::{self, ApiDoc, OpenApiDocument};
use super::pages::{account, auth, home, password, unsubscribe};
use actix_web::web;
use utoipa::OpenApi;
use utoipa_actix_web::OpenApiFactory;

/// The API scope. A macro, not a function, because the scope's type cannot be named; used
/// once to register the routes and once to build the OpenAPI document, so the two agree.
macro_rules! api_v1 {
    () => {
        utoipa_actix_web::scope("/api/v1")
            .service(api::me::me)
            .service(api::openapi_json)
    };
}

/// The OpenAPI document of every route registered under `/api/v1`.
pub fn openapi_document() -> utoipa::openapi::OpenApi {
    let scope = api_v1!();
    let mut doc = ApiDoc::openapi();
    doc.paths.paths.extend(scope.paths().paths);
    let mut schemas = vec![];
    scope.schemas(&mut schemas);
    let components = doc.components.get_or_insert_with(Default::default);
    components.schemas.extend(schemas);
    doc
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    let doc =
        serde_json::to_string_pretty(&openapi_document()).unwrap_or_else(|_| "{}".to_string());
    cfg.app_data(web::Data::new(OpenApiDocument(doc)))
        .service(api_v1!())
        .route("/", web::get().to(home::home))
        .route("/healthz", web::get().to(home::healthz))
        .route("/static/{file}", web::get().to(home::static_file))
        .route("/language", web::post().to(home::set_language))
        .route("/setup", web::get().to(auth::setup_page))
        .route("/setup", web::post().to(auth::setup_submit))
        .route("/login", web::get().to(auth::login_page))
        .route("/login", web::post().to(auth::login_submit))
        .route("/logout", web::post().to(auth::logout))
        .route("/password/forgot", web::get().to(password::forgot_page))
        .route("/password/forgot", web::post().to(password::forgot_submit))
        .route(
            "/password/reset/{token}",
            web::get().to(password::reset_page),
        )
        .route(
            "/password/reset/{token}",
            web::post().to(password::reset_submit),
        )
        .route("/account", web::get().to(account::show))
        .route("/account/password", web::post().to(password::change_submit))
        .route(
            "/account/notifications",
            web::post().to(account::save_notifications),
        )
        .route("/account/tokens", web::post().to(account::create_token))
        .route(
            "/account/tokens/{id}/revoke",
            web::post().to(account::revoke_token),
        )
        .route(
            "/unsubscribe/{account}/{kind}/{sig}",
            web::get().to(unsubscribe::confirm),
        )
        .route(
            "/unsubscribe/{account}/{kind}/{sig}",
            web::post().to(unsubscribe::apply),
        )
        .default_service(web::to(not_found));
}

async fn not_found() -> Result<actix_web::HttpResponse, super::errors::AppError> {
    Err(super::errors::AppError::NotFound)
}
