//! One error type for the web layer, rendered in one place: an HTML page in the reader's
//! language, or `application/problem+json` under `/api/`. Causes are logged, never shown.

use crate::domain::refusal::{Code, Kind, Refused};
use crate::i18n::{Locale, t};
use crate::service::ServiceError;
use crate::storage::DbError;
use actix_web::body::{BoxBody, EitherBody, MessageBody};
use actix_web::dev::ServiceResponse;
use actix_web::http::{StatusCode, header};
use actix_web::middleware::ErrorHandlerResponse;
use actix_web::{HttpMessage, HttpResponse, ResponseError};

/// What went wrong, as a stable code and a catalog key for the sentence.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    /// Forbidden to a signed-in person, whom the page still names.
    #[error("forbidden")]
    ForbiddenFor(SignedIn),
    #[error("sign in required")]
    Unauthorized,
    #[error("invalid or missing CSRF token")]
    Csrf,
    /// A request that cannot be read (a malformed form or JSON body); not a refusal.
    #[error("bad request: {0}")]
    BadRequest(String),
    /// A refusal from the one vocabulary: answered with its stable code and its sentence in
    /// the reader's language.
    #[error("refused: {0}")]
    Refused(Refused),
    #[error("too many requests")]
    TooManyRequests { retry_after_secs: i64 },
    #[error("service unavailable")]
    Unavailable,
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<DbError> for AppError {
    fn from(e: DbError) -> Self {
        match e {
            DbError::Pool(_) => AppError::Unavailable,
            DbError::Query(q) => q.into(),
        }
    }
}

impl From<ServiceError> for AppError {
    fn from(e: ServiceError) -> Self {
        match e {
            ServiceError::Refused(r) => AppError::Refused(r),
            ServiceError::NotFound => AppError::NotFound,
            ServiceError::Forbidden => AppError::Forbidden,
            ServiceError::Unauthorized => AppError::Unauthorized,
            ServiceError::Storage(db) => db.into(),
        }
    }
}

impl From<Refused> for AppError {
    fn from(r: Refused) -> Self {
        AppError::Refused(r)
    }
}

impl From<Code> for AppError {
    fn from(c: Code) -> Self {
        AppError::Refused(Refused::new(c))
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> Self {
        match e {
            diesel::result::Error::NotFound => AppError::NotFound,
            other => AppError::Internal(other.to_string()),
        }
    }
}

/// Who is signed in, for an error page's header.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub display_name: String,
    pub is_server_admin: bool,
}

/// Stored in the response so the renderer knows the precise error.
#[derive(Debug, Clone)]
pub struct ErrorInfo {
    /// The person an error page is shown to, when known.
    pub signed_in: Option<SignedIn>,
    pub code: &'static str,
    pub detail: Option<String>,
    /// A refusal, rendered in the reader's language when the answer is written.
    pub refused: Option<Refused>,
}

impl AppError {
    pub fn code(&self) -> &'static str {
        match self {
            AppError::NotFound => "not_found",
            AppError::Forbidden | AppError::ForbiddenFor(_) => "forbidden",
            AppError::Unauthorized => "unauthorized",
            AppError::Csrf => "csrf_failed",
            AppError::BadRequest(_) => "bad_request",
            AppError::Refused(r) => r.code.as_str(),
            AppError::TooManyRequests { .. } => "too_many_requests",
            AppError::Unavailable => "unavailable",
            AppError::Internal(_) => "internal",
        }
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Forbidden | AppError::ForbiddenFor(_) | AppError::Csrf => {
                StatusCode::FORBIDDEN
            }
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Refused(r) => match r.code.kind() {
                Kind::Invalid => StatusCode::BAD_REQUEST,
                Kind::Conflict => StatusCode::CONFLICT,
            },
            AppError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let AppError::Internal(cause) = self {
            tracing::error!(%cause, "internal error");
        }
        let mut builder = HttpResponse::build(self.status_code());
        if let AppError::TooManyRequests { retry_after_secs } = self {
            builder.insert_header((header::RETRY_AFTER, retry_after_secs.max(&1).to_string()));
        }
        let detail = match self {
            AppError::BadRequest(d) => Some(d.clone()),
            _ => None,
        };
        let refused = match self {
            AppError::Refused(r) => Some(r.clone()),
            _ => None,
        };
        let mut response = builder.finish();
        response.extensions_mut().insert(ErrorInfo {
            signed_in: match self {
                AppError::ForbiddenFor(who) => Some(who.clone()),
                _ => None,
            },
            code: self.code(),
            detail,
            refused,
        });
        response
    }
}

fn default_code(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "bad_request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not_found",
        405 => "method_not_allowed",
        413 => "payload_too_large",
        415 => "unsupported_media_type",
        429 => "too_many_requests",
        503 => "unavailable",
        s if s >= 500 => "internal",
        _ => "bad_request",
    }
}

/// The general class of an answer, whose sentence is the problem's `title` (a refusal's own
/// sentence is its `detail`).
fn status_class(status: StatusCode) -> &'static str {
    if status == StatusCode::CONFLICT {
        "conflict"
    } else {
        default_code(status)
    }
}

/// Catalog key of the sentence explaining an error code.
fn message_key(code: &str) -> String {
    format!("error-{}", code.replace('_', "-"))
}

/// Renders every 4xx/5xx response, ours or actix's own (bad JSON, payload too large…).
pub fn render<B: MessageBody + 'static>(
    res: ServiceResponse<B>,
) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let status = res.status();
    let info = res.response().extensions().get::<ErrorInfo>().cloned();
    let content_type = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    // Pages and problem documents that a handler rendered itself (a form shown again with
    // its error, a health report) are already the answer.
    if info.is_none()
        && (content_type.starts_with("text/html")
            || content_type.starts_with("application/problem+json"))
    {
        return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
    }
    let code = info
        .as_ref()
        .map(|i| i.code)
        .unwrap_or_else(|| default_code(status));
    let who = info.as_ref().and_then(|i| i.signed_in.clone());
    let (req, old) = res.into_parts();
    let locale = crate::web::context::request_locale(&req);
    // A refusal's own sentence is the detail, under the general class of its status; any
    // other error is its code's sentence.
    let (title, detail) = match info {
        Some(ErrorInfo {
            refused: Some(r), ..
        }) => (
            t(locale, &message_key(status_class(status))),
            Some(crate::i18n::refusal(locale, &r)),
        ),
        other => (t(locale, &message_key(code)), other.and_then(|i| i.detail)),
    };
    let api = req.path().starts_with("/api/");
    let mut builder = HttpResponse::build(status);
    for (name, value) in old.headers() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            builder.append_header((name.clone(), value.clone()));
        }
    }
    let response: HttpResponse<BoxBody> = if api {
        let body = serde_json::json!({
            "type": "about:blank",
            "title": title,
            "status": status.as_u16(),
            "code": code,
            "detail": detail,
        });
        builder
            .content_type("application/problem+json")
            .body(body.to_string())
    } else if status == StatusCode::UNAUTHORIZED {
        // Pages send people to the login form rather than showing a bare 401.
        let next = req
            .uri()
            .path_and_query()
            .map(|p| p.as_str())
            .unwrap_or("/");
        let location = format!("/login?next={}", url_encode(next));
        HttpResponse::SeeOther()
            .insert_header((header::LOCATION, location))
            .finish()
    } else {
        // Error pages know who is signed in: from the refusal, or from the route's access.
        let who = who.or_else(|| {
            let ext = req.extensions();
            let account = ext.get::<crate::access::Access>()?.account.as_ref()?;
            Some(SignedIn {
                display_name: account.display_name.clone(),
                is_server_admin: account.is_server_admin,
            })
        });
        let csrf = req
            .app_data::<actix_web::web::Data<crate::web::AppState>>()
            .map(|state| crate::web::context::csrf_token(state, &req))
            .unwrap_or_default();
        let page = crate::web::views::layout::error_page(
            locale,
            who.as_ref()
                .map(|w| (w.display_name.as_str(), w.is_server_admin)),
            &csrf,
            status.as_u16(),
            &title,
            detail.as_deref(),
        );
        builder
            .content_type("text/html; charset=utf-8")
            .body(page.into_string())
    };
    let res = ServiceResponse::new(req, response).map_into_right_body();
    Ok(ErrorHandlerResponse::Response(res))
}

pub fn url_encode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// For `wrap(ErrorHandlers)`: the body types line up through `EitherBody`.
pub type Rendered<B> = EitherBody<B, BoxBody>;

/// A short sentence for a locale (used by views that show errors inline).
pub fn sentence(locale: Locale, code: &str) -> String {
    t(locale, &message_key(code))
}
