//! Proposals, ballots, results and exports under `/api/v1`, with the same rules as the pages
//! (the same storage and voting functions). Secret ballots: no answer links a voter to a choice.

use crate::clock::rfc3339_micros;
use crate::domain::refusal::Code;
use crate::proposals::create::{self, ProposalInput};
use crate::proposals::reading::{self, Proposal};
use crate::proposals::vote::{self, Choice, Desk, Giver, Vote};
use crate::proposals::{exports, secrecy};
use crate::web::AppState;
use crate::web::authz::Access;
use crate::web::context::request_locale;
use crate::web::errors::AppError;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A proposal.
#[derive(Serialize, ToSchema)]
pub struct ProposalDto {
    pub id: i64,
    pub title: String,
    pub details: String,
    pub method: String,
    pub options: Vec<String>,
    pub decision_class: String,
    /// `first` or `second` (a re-run for lack of quorum).
    pub call: String,
    pub reruns: Option<i64>,
    pub thread_id: Option<i64>,
    /// `scheduled`, `open` or `closed`.
    pub state: String,
    pub secret: bool,
    pub results_visibility: String,
    pub reason_required: bool,
    pub opens_at: String,
    pub closes_at: String,
    pub verdict: Option<String>,
    pub outcome_statement: Option<String>,
    /// What a `rules_change` (a complete rulebook) or `payout_rule` (a payout rule) proposal
    /// would enact.
    #[schema(value_type = Option<Object>)]
    pub payload: Option<serde_json::Value>,
    /// Counted ballots so far.
    pub ballots: Option<i64>,
    /// Whether the caller has a counted ballot.
    pub voted: Option<bool>,
}

impl From<&Proposal> for ProposalDto {
    fn from(p: &Proposal) -> Self {
        ProposalDto {
            id: p.id,
            title: p.title.clone(),
            details: p.details.clone(),
            method: p.method.name().to_string(),
            options: p.option_list(),
            decision_class: p.decision_class.key().to_string(),
            call: p.call.key().to_string(),
            reruns: p.reruns_id,
            thread_id: p.thread_id,
            state: p.state.key().to_string(),
            secret: p.secret,
            results_visibility: p.results_visibility.key().to_string(),
            reason_required: p.reason_required,
            opens_at: rfc3339_micros(p.opens_at),
            closes_at: rfc3339_micros(p.closes_at),
            verdict: p.verdict.clone(),
            outcome_statement: p.outcome_statement.clone(),
            payload: p
                .payload
                .as_deref()
                .and_then(|text| serde_json::from_str(text).ok()),
            ballots: None,
            voted: None,
        }
    }
}

/// A ballot: the choice as the election file writes it (`"agree"`, `"Lyon"`, `["a","b"]`,
/// `{"a": 3}`…), an optional reason, and `for` (a member id) to vote as their proxy holder.
#[derive(Deserialize, ToSchema)]
pub struct BallotRequest {
    #[schema(value_type = Object)]
    pub choice: serde_json::Value,
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default, rename = "for")]
    pub for_member: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct Created {
    pub id: i64,
}

async fn load(state: &web::Data<AppState>, access: &Access, id: i64) -> Result<Proposal, AppError> {
    let coop = access.coop()?.id;
    state
        .db
        .run(move |c| reading::by_id(c, coop, id))
        .await
        .map_err(AppError::from)
}

#[utoipa::path(get, path = "/coops/{slug}/proposals", tag = "proposals", security(("bearer" = [])),
    params(("slug" = String, Path, description = "The co-op's slug")),
    responses((status = 200, body = Vec<ProposalDto>), (status = 403, description = "Not allowed")))]
#[get("/coops/{slug}/proposals")]
pub async fn list_proposals(
    state: web::Data<AppState>,
    access: Access,
) -> Result<HttpResponse, AppError> {
    let id = access.coop()?.id;
    let list = state.db.run(move |c| reading::list(c, id)).await?;
    Ok(HttpResponse::Ok().json(list.iter().map(ProposalDto::from).collect::<Vec<_>>()))
}

#[utoipa::path(post, path = "/coops/{slug}/proposals", tag = "proposals", security(("bearer" = [])),
    params(("slug" = String, Path, description = "The co-op's slug")), request_body = ProposalInput,
    responses((status = 201, body = Created), (status = 409, description = "Refused: the code and the reason")))]
#[post("/coops/{slug}/proposals")]
pub async fn create_proposal(
    state: web::Data<AppState>,
    access: Access,
    req: HttpRequest,
    body: web::Json<ProposalInput>,
) -> Result<HttpResponse, AppError> {
    let locale = request_locale(&req);
    let mail = state.mail_context();
    let now = state.clock.now();
    let input = body.into_inner();
    let id = state
        .db
        .run(move |c| create::create(c, &mail, &access, &input, locale, now))
        .await?;
    Ok(HttpResponse::Created().json(Created { id }))
}

#[utoipa::path(get, path = "/coops/{slug}/proposals/{id}", tag = "proposals", security(("bearer" = [])),
    params(("slug" = String, Path, description = "The co-op's slug"), ("id" = i64, Path, description = "The proposal")),
    responses((status = 200, body = ProposalDto), (status = 404, description = "No such proposal")))]
#[get("/coops/{slug}/proposals/{id}")]
pub async fn show_proposal(
    state: web::Data<AppState>,
    access: Access,
    path: web::Path<(String, i64)>,
) -> Result<HttpResponse, AppError> {
    let p = load(&state, &access, path.into_inner().1).await?;
    let me = access.account_id()?;
    let pid = p.id;
    let (count, voted) = state.db.run(move |c| reading::counts(c, pid, me)).await?;
    let mut dto = ProposalDto::from(&p);
    dto.ballots = Some(count);
    dto.voted = Some(voted);
    Ok(HttpResponse::Ok().json(dto))
}

#[utoipa::path(post, path = "/coops/{slug}/proposals/{id}/ballot", tag = "proposals", security(("bearer" = [])),
    params(("slug" = String, Path, description = "The co-op's slug"), ("id" = i64, Path, description = "The proposal")),
    request_body = BallotRequest,
    responses((status = 204, description = "Cast or changed"), (status = 409, description = "Refused: the code and what is wrong")))]
#[post("/coops/{slug}/proposals/{id}/ballot")]
pub async fn cast_ballot(
    state: web::Data<AppState>,
    access: Access,
    path: web::Path<(String, i64)>,
    body: web::Json<BallotRequest>,
) -> Result<HttpResponse, AppError> {
    let body = body.into_inner();
    let vote = Vote {
        coop_id: access.coop()?.id,
        proposal_id: path.into_inner().1,
        voter: access.account_id()?,
        giver: body.for_member.map(Giver::PublicId),
        choice: Choice::Json(body.choice),
        reason: body.reason,
    };
    let desk = Desk {
        db: &state.db,
        ballot_box: &state.ballot_box,
        elections: &state.open_elections,
        keys: &state.keys,
    };
    vote::cast(&desk, vote, state.clock.now()).await?;
    Ok(HttpResponse::NoContent().finish())
}

#[utoipa::path(post, path = "/coops/{slug}/proposals/{id}/ballot/withdraw", tag = "proposals", security(("bearer" = [])),
    params(("slug" = String, Path, description = "The co-op's slug"), ("id" = i64, Path, description = "The proposal")),
    responses((status = 204, description = "Withdrawn"), (status = 409, description = "Refused")))]
#[post("/coops/{slug}/proposals/{id}/ballot/withdraw")]
pub async fn withdraw_ballot(
    state: web::Data<AppState>,
    access: Access,
    path: web::Path<(String, i64)>,
) -> Result<HttpResponse, AppError> {
    let p = load(&state, &access, path.into_inner().1).await?;
    let me = access.account_id()?;
    let keys = state.keys.clone();
    let now = state.clock.now();
    state
        .db
        .run(move |c| vote::withdraw(c, &keys, &p, me, now))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

#[utoipa::path(get, path = "/coops/{slug}/proposals/{id}/results", tag = "proposals", security(("bearer" = [])),
    params(("slug" = String, Path, description = "The co-op's slug"), ("id" = i64, Path, description = "The proposal")),
    responses((status = 200, description = "The result (`collegia-result/1`, reasons in the caller's language)"), (status = 409, description = "Not visible yet")))]
#[get("/coops/{slug}/proposals/{id}/results")]
pub async fn results(
    state: web::Data<AppState>,
    access: Access,
    req: HttpRequest,
    path: web::Path<(String, i64)>,
) -> Result<HttpResponse, AppError> {
    let p = load(&state, &access, path.into_inner().1).await?;
    let me = access.account_id()?;
    let keys = state.keys.clone();
    let l = request_locale(&req);
    let secret = p.secret;
    let o = state
        .db
        .run(move |c| reading::outcome_for(c, &keys, &p, me))
        .await?
        .map_err(|e| AppError::Internal(e.message))?;
    let mut json = o.to_json_value(&|r| crate::i18n::reasons::render_reason(l, r));
    if secrecy::any_withheld(&o, secret) {
        withhold(&mut json, &o, l);
    }
    Ok(HttpResponse::Ok().json(json))
}

/// Secret ballots: the result document without what would reveal a small college's votes —
/// its figures, reasons naming it, and every total from which it could be subtracted out.
fn withhold(
    v: &mut serde_json::Value,
    o: &crate::domain::election::Outcome,
    l: crate::i18n::Locale,
) {
    if let Some(list) = v.get_mut("colleges").and_then(|c| c.as_array_mut()) {
        for (c, r) in list.iter_mut().zip(&o.colleges) {
            if secrecy::is_withheld(r, true) {
                *c = serde_json::json!({"key": r.key, "withheld": true});
            }
        }
    }
    if let Some(doc) = v.as_object_mut() {
        let keys = |k: &str| k.to_string();
        doc.insert(
            "reasons".into(),
            serde_json::json!(secrecy::public_reasons(l, o, true, &keys)),
        );
        for total in ["shares", "rounds"] {
            doc.remove(total);
        }
        doc.insert("totals_withheld".into(), serde_json::json!(true));
    }
}

#[utoipa::path(get, path = "/coops/{slug}/proposals/{id}/ballots.json", tag = "proposals", security(("bearer" = [])),
    params(("slug" = String, Path, description = "The co-op's slug"), ("id" = i64, Path, description = "The proposal")),
    responses((status = 200, description = "The election file (`collegia-election/1`) of a closed proposal"), (status = 409, description = "Not closed")))]
#[get("/coops/{slug}/proposals/{id}/ballots.json")]
pub async fn ballots_json(
    state: web::Data<AppState>,
    access: Access,
    path: web::Path<(String, i64)>,
) -> Result<HttpResponse, AppError> {
    let p = load(&state, &access, path.into_inner().1).await?;
    let body = state.db.run(move |c| exports::ballots_json(c, &p)).await?;
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .body(body))
}

/// A named vote (open-ballot proposals).
#[derive(Serialize, ToSchema)]
pub struct NamedVoteDto {
    pub member: String,
    pub college: String,
    #[schema(value_type = Object)]
    pub choice: serde_json::Value,
    pub proxy_holder: Option<String>,
    pub reason: Option<String>,
}

#[utoipa::path(get, path = "/coops/{slug}/proposals/{id}/votes", tag = "proposals", security(("bearer" = [])),
    params(("slug" = String, Path, description = "The co-op's slug"), ("id" = i64, Path, description = "The proposal")),
    responses((status = 200, body = Vec<NamedVoteDto>), (status = 404, description = "No such open-ballot proposal"), (status = 409, description = "Not closed yet")))]
#[get("/coops/{slug}/proposals/{id}/votes")]
pub async fn named_votes(
    state: web::Data<AppState>,
    access: Access,
    path: web::Path<(String, i64)>,
) -> Result<HttpResponse, AppError> {
    let p = load(&state, &access, path.into_inner().1).await?;
    if p.secret {
        return Err(AppError::NotFound);
    }
    if !p.is_closed() {
        return Err(AppError::from(Code::ProposalNotClosed));
    }
    let rows = state.db.run(move |c| reading::named_votes(c, p.id)).await?;
    let out = rows
        .into_iter()
        .map(|(member, college, choice, proxy_holder, reason)| {
            Ok::<_, AppError>(NamedVoteDto {
                member,
                college,
                choice: super::stored_json(&choice, "ballot choice")?,
                proxy_holder,
                reason,
            })
        })
        .collect::<Result<Vec<NamedVoteDto>, AppError>>()?;
    Ok(HttpResponse::Ok().json(out))
}
