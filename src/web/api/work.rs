//! Work entries, payout rules, monthly runs and statements under `/api/v1`, through the same
//! service functions as the pages (`work`, `work::records`).

use crate::clock::rfc3339_micros;
use crate::domain::refusal::Code;
use crate::web::AppState;
use crate::web::authz::{Access, Action};
use crate::web::errors::AppError;
use crate::work::records::{self, Listed, Run};
use crate::work::{self as work_service, Claim, Review};
use actix_web::{HttpResponse, get, post, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A work entry.
#[derive(Serialize, ToSchema)]
pub struct WorkEntryDto {
    pub id: i64,
    pub member: String,
    pub member_name: String,
    /// `support_day` or `task`.
    pub kind: String,
    pub date: String,
    pub title: Option<String>,
    pub estimate: Option<i64>,
    /// `claimed`, `approved`, `rejected` or `rescheduled`.
    pub status: String,
    /// The day the points are earned (approved entries).
    pub earned_on: Option<String>,
    pub points: Option<i64>,
    pub replaces: Option<i64>,
}

impl From<&Listed> for WorkEntryDto {
    fn from(l: &Listed) -> Self {
        let e = &l.entry;
        WorkEntryDto {
            id: e.id,
            member: l.member_public_id.clone(),
            member_name: l.member_name.clone(),
            kind: e.kind.key().into(),
            date: e.work_date.clone(),
            title: e.title.clone(),
            estimate: e.estimate,
            status: e.status.key().into(),
            earned_on: e.earned_on.clone(),
            points: e.points_awarded,
            replaces: e.replaces_entry,
        }
    }
}

/// A claim to record.
#[derive(Deserialize, ToSchema)]
pub struct NewWorkEntry {
    /// `support_day` or `task`.
    pub kind: String,
    /// `YYYY-MM-DD`; today (co-op time zone) when absent.
    pub date: Option<String>,
    pub title: Option<String>,
    pub estimate: Option<i64>,
}

/// A review: `approve` (optional `effort`), `reject`, or `reschedule` with `missing` points.
#[derive(Deserialize, ToSchema)]
pub struct ReviewRequest {
    pub decision: String,
    pub effort: Option<i64>,
    pub missing: Option<i64>,
}

/// An adopted payout rule version.
#[derive(Serialize, ToSchema)]
pub struct RuleVersionDto {
    pub version: i32,
    /// First month it applies to, `YYYY-MM`.
    pub in_force_from: String,
    pub adopted_at: String,
    pub proposal_id: Option<i64>,
    #[schema(value_type = Object)]
    pub rule: serde_json::Value,
}

/// A monthly run with its `collegia-payout-result/1` document.
#[derive(Serialize, ToSchema)]
pub struct RunDto {
    pub id: i64,
    pub month: String,
    pub surplus_cents: i64,
    pub currency: String,
    pub rule_version: i32,
    /// `draft` or `confirmed`.
    pub state: String,
    pub confirmed_at: Option<String>,
    #[schema(value_type = Object)]
    pub result: serde_json::Value,
}

impl RunDto {
    /// The run as answered; its stored result must read back.
    fn of(r: &Run) -> Result<RunDto, AppError> {
        Ok(RunDto {
            id: r.id,
            month: r.month.clone(),
            surplus_cents: r.surplus_cents,
            currency: r.currency.clone(),
            rule_version: r.rule_version,
            state: r.state.key().into(),
            confirmed_at: r.confirmed_at.map(rfc3339_micros),
            result: super::stored_json(&r.result, "payout run result")?,
        })
    }
}

/// A month's surplus to declare.
#[derive(Deserialize, ToSchema)]
pub struct DeclareRequest {
    /// `YYYY-MM`.
    pub month: String,
    pub surplus_cents: i64,
    pub currency: String,
}

/// The caller's line of a confirmed run.
#[derive(Serialize, ToSchema)]
pub struct StatementDto {
    pub month: String,
    pub points: i64,
    /// `p/q` of the window's points.
    pub share: String,
    pub amount_cents: i64,
    pub currency: String,
}

fn parse_id(id: &str) -> Result<i64, AppError> {
    id.parse().map_err(|_| AppError::NotFound)
}

#[utoipa::path(get, path = "/coops/{slug}/work", tag = "work", security(("bearer" = [])),
    params(("slug" = String, Path)),
    responses((status = 200, body = Vec<WorkEntryDto>, description = "The caller's entries, and every claim awaiting review for the board")))]
#[get("/coops/{slug}/work")]
pub async fn list_work(
    state: web::Data<AppState>,
    access: Access,
) -> Result<HttpResponse, AppError> {
    let coop = access.coop()?.id;
    let me = access.account_id()?;
    let review = access.may(Action::ReviewWork);
    let list = state
        .db
        .run(move |c| records::entries(c, coop, me, review))
        .await?;
    Ok(HttpResponse::Ok().json(list.iter().map(WorkEntryDto::from).collect::<Vec<_>>()))
}

#[utoipa::path(post, path = "/coops/{slug}/work", tag = "work", security(("bearer" = [])),
    params(("slug" = String, Path)), request_body = NewWorkEntry,
    responses((status = 201, description = "Recorded; body has the id"), (status = 400, description = "Refused (e.g. estimate above task_max_points)")))]
#[post("/coops/{slug}/work")]
pub async fn log_work(
    state: web::Data<AppState>,
    access: Access,
    body: web::Json<NewWorkEntry>,
) -> Result<HttpResponse, AppError> {
    let coop = access.coop()?.clone();
    let me = access.account_id()?;
    let b = body.into_inner();
    let claim = Claim {
        kind: b.kind,
        date: b.date.unwrap_or_default(),
        title: b.title,
        estimate: b.estimate,
    };
    let now = state.clock.now();
    let id = state
        .db
        .run(move |c| work_service::log_claim(c, &coop, me, &claim, now))
        .await?;
    Ok(HttpResponse::Created().json(serde_json::json!({ "id": id })))
}

#[utoipa::path(post, path = "/coops/{slug}/work/{id}/review", tag = "work", security(("bearer" = [])),
    params(("slug" = String, Path), ("id" = i64, Path)), request_body = ReviewRequest,
    responses((status = 204, description = "Reviewed"), (status = 409, description = "Already reviewed, own work, or beyond the tolerance")))]
#[post("/coops/{slug}/work/{id}/review")]
pub async fn review_work(
    state: web::Data<AppState>,
    access: Access,
    path: web::Path<(String, String)>,
    body: web::Json<ReviewRequest>,
) -> Result<HttpResponse, AppError> {
    let coop = access.coop()?.clone();
    let me = access.account_id()?;
    let id = parse_id(&path.1)?;
    let decision = match body.decision.as_str() {
        "approve" => Review::Approve {
            effort: body.effort,
        },
        "reject" => Review::Reject,
        "reschedule" => Review::Reschedule {
            missing: body.missing.unwrap_or(0),
        },
        _ => {
            return Err(Code::DecisionUnknown.into());
        }
    };
    let now = state.clock.now();
    state
        .db
        .run(move |c| work_service::review(c, &coop, me, id, &decision, now))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

#[utoipa::path(get, path = "/coops/{slug}/payout-rules", tag = "work", security(("bearer" = [])),
    params(("slug" = String, Path)), responses((status = 200, body = Vec<RuleVersionDto>)))]
#[get("/coops/{slug}/payout-rules")]
pub async fn list_rules(
    state: web::Data<AppState>,
    access: Access,
) -> Result<HttpResponse, AppError> {
    let coop = access.coop()?.id;
    let versions = state
        .db
        .run(move |c| records::rule_versions(c, coop))
        .await?;
    let out: Vec<RuleVersionDto> = versions
        .iter()
        .map(|v| RuleVersionDto {
            version: v.version,
            in_force_from: v.in_force_from.to_string(),
            adopted_at: rfc3339_micros(v.adopted_at),
            proposal_id: v.proposal_id,
            rule: serde_json::to_value(&v.rule).unwrap_or_default(),
        })
        .collect();
    Ok(HttpResponse::Ok().json(out))
}

#[utoipa::path(get, path = "/coops/{slug}/payouts", tag = "work", security(("bearer" = [])),
    params(("slug" = String, Path)), responses((status = 200, body = Vec<RunDto>)))]
#[get("/coops/{slug}/payouts")]
pub async fn list_runs(
    state: web::Data<AppState>,
    access: Access,
) -> Result<HttpResponse, AppError> {
    let coop = access.coop()?.id;
    let runs = state.db.run(move |c| records::runs(c, coop)).await?;
    Ok(HttpResponse::Ok().json(runs.iter().map(RunDto::of).collect::<Result<Vec<_>, _>>()?))
}

#[utoipa::path(post, path = "/coops/{slug}/payouts", tag = "work", security(("bearer" = [])),
    params(("slug" = String, Path)), request_body = DeclareRequest,
    responses((status = 201, body = RunDto), (status = 409, description = "Confirmed already, or no rule in force")))]
#[post("/coops/{slug}/payouts")]
pub async fn declare_run(
    state: web::Data<AppState>,
    access: Access,
    body: web::Json<DeclareRequest>,
) -> Result<HttpResponse, AppError> {
    let coop = access.coop()?.clone();
    let me = access.account_id()?;
    let b = body.into_inner();
    let currency = work_service::parse_currency(&b.currency).ok_or(Code::CurrencyInvalid)?;
    let run = state
        .db
        .run(move |c| {
            let (id, _) =
                work_service::declare(c, &coop, me, &b.month, b.surplus_cents, &currency)?;
            Ok::<_, AppError>(records::run(c, coop.id, id)?)
        })
        .await?;
    Ok(HttpResponse::Created().json(RunDto::of(&run)?))
}

#[utoipa::path(get, path = "/coops/{slug}/payouts/{id}", tag = "work", security(("bearer" = [])),
    params(("slug" = String, Path), ("id" = i64, Path)), responses((status = 200, body = RunDto), (status = 404)))]
#[get("/coops/{slug}/payouts/{id}")]
pub async fn show_run(
    state: web::Data<AppState>,
    access: Access,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let coop = access.coop()?.id;
    let id = parse_id(&path.1)?;
    let run = state.db.run(move |c| records::run(c, coop, id)).await?;
    Ok(HttpResponse::Ok().json(RunDto::of(&run)?))
}

#[utoipa::path(post, path = "/coops/{slug}/payouts/{id}/confirm", tag = "work", security(("bearer" = [])),
    params(("slug" = String, Path), ("id" = i64, Path)),
    responses((status = 200, body = RunDto), (status = 409, description = "Already confirmed")))]
#[post("/coops/{slug}/payouts/{id}/confirm")]
pub async fn confirm_run(
    state: web::Data<AppState>,
    access: Access,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let coop = access.coop()?.clone();
    let me = access.account_id()?;
    let id = parse_id(&path.1)?;
    let mail = state.mail_context();
    let run = state
        .db
        .run(move |c| work_service::confirm(c, &mail, &coop, me, id))
        .await?;
    Ok(HttpResponse::Ok().json(RunDto::of(&run)?))
}

#[utoipa::path(get, path = "/coops/{slug}/statements", tag = "work", security(("bearer" = [])),
    params(("slug" = String, Path)), responses((status = 200, body = Vec<StatementDto>)))]
#[get("/coops/{slug}/statements")]
pub async fn my_statements(
    state: web::Data<AppState>,
    access: Access,
) -> Result<HttpResponse, AppError> {
    let coop = access.coop()?.id;
    let me = access.account_id()?;
    let rows = state
        .db
        .run(move |c| records::statements_of(c, coop, me))
        .await?;
    let out: Vec<StatementDto> = rows
        .into_iter()
        .map(|(run, points, share, amount_cents)| StatementDto {
            month: run.month,
            points,
            share,
            amount_cents,
            currency: run.currency,
        })
        .collect();
    Ok(HttpResponse::Ok().json(out))
}
