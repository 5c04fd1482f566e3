//! Proposals, ballots, results and exports under `/api/v1`, with the same rules as the pages
//! (the same storage and voting functions). Secret ballots: no answer links a voter to a choice.

use crate::storage::audit::rfc3339_micros;
use crate::storage::proposals::{self, Proposal};
use crate::storage::{ballots, members, write_tx};
use crate::voting::ballot::{self, Cast};
use crate::voting::create::ProposalInput;
use crate::voting::open_elections::Found;
use crate::voting::{self, exports, results_visible, secrecy, voter_tag};
use crate::web::AppState;
use crate::web::authz::Access;
use crate::web::errors::AppError;
use actix_web::{HttpResponse, get, post, web};
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
            method: p.method.clone(),
            options: p.option_list(),
            decision_class: p.decision_class.clone(),
            call: p.call_kind.clone(),
            reruns: p.reruns_id,
            thread_id: p.thread_id,
            state: p.state.clone(),
            secret: p.secret,
            results_visibility: p.results_visibility.clone(),
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

fn locale(access: &Access) -> crate::i18n::Locale {
    access
        .account
        .as_ref()
        .and_then(|a| a.locale.as_deref())
        .and_then(crate::i18n::Locale::parse)
        .unwrap_or_default()
}

async fn load(state: &web::Data<AppState>, access: &Access, id: i64) -> Result<Proposal, AppError> {
    let coop = access.coop()?.id;
    state
        .db
        .run(move |c| proposals::by_id(c, coop, id)?.ok_or(AppError::NotFound))
        .await
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
    let list = state
        .db
        .run(move |c| Ok::<_, AppError>(proposals::list(c, id)?))
        .await?;
    Ok(HttpResponse::Ok().json(list.iter().map(ProposalDto::from).collect::<Vec<_>>()))
}

#[utoipa::path(post, path = "/coops/{slug}/proposals", tag = "proposals", security(("bearer" = [])),
    params(("slug" = String, Path, description = "The co-op's slug")), request_body = ProposalInput,
    responses((status = 201, body = Created), (status = 409, description = "Refused: the code and the reason")))]
#[post("/coops/{slug}/proposals")]
pub async fn create_proposal(
    state: web::Data<AppState>,
    access: Access,
    body: web::Json<ProposalInput>,
) -> Result<HttpResponse, AppError> {
    let l = locale(&access);
    match crate::web::pages::proposals::create_proposal(&state, &access, body.into_inner(), l)
        .await?
    {
        Ok(id) => Ok(HttpResponse::Created().json(Created { id })),
        Err(r) => {
            let text = crate::i18n::t(l, r.key);
            Err(AppError::Conflict(
                format!("{}: {text} {}", r.key, r.detail.unwrap_or_default())
                    .trim()
                    .to_string(),
            ))
        }
    }
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
    let tag = voter_tag(&state.secret, p.id, me);
    let pid = p.id;
    let (count, voted) = state
        .db
        .run(move |c| {
            Ok::<_, AppError>((
                ballots::count(c, pid)?,
                ballots::existing(c, pid, &tag)?.is_some(),
            ))
        })
        .await?;
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
    let coop = access.coop()?.id;
    let pid = path.into_inner().1;
    let me = access.account_id()?;
    let body = body.into_inner();
    let now = crate::storage::now();
    let secret = state.secret.clone();
    let elections = state.open_elections.clone();
    // A vote for oneself on a proposal whose election and roll are in memory is checked
    // here, reading nothing; otherwise on the database threads (a proxy vote reads the
    // proxies). Either way the ballot then waits in the box holding no connection or thread.
    let kept = match &body.for_member {
        None => elections.kept(coop, pid),
        Some(_) => None,
    };
    let prepared = match kept {
        Some(found) => prepare_own(&secret, found, me, body, now)?,
        None => {
            state
                .db
                .block(move |db| match &body.for_member {
                    None => {
                        let found = elections.get(db, coop, pid)?;
                        prepare_own(&secret, found, me, body, now)
                    }
                    Some(public) => {
                        let mut conn = db.get()?;
                        let c = &mut *conn;
                        let p = proposals::by_id(c, coop, pid)?.ok_or(AppError::NotFound)?;
                        let giver =
                            members::account_by_public_id(c, public)?.ok_or(AppError::NotFound)?;
                        let cast = Cast {
                            proposal: &p,
                            voter: me,
                            giver: Some(giver),
                            choice: body.choice,
                            reason: body.reason,
                            now,
                        };
                        Ok(ballot::prepare(c, &secret, &cast)?)
                    }
                })
                .await?
        }
    };
    let outcome = state.ballot_box.cast(&state.db, prepared, now).await?;
    refusal(&access, outcome)
}

/// The voter's own ballot on a proposal as found: checked against its frozen roll.
fn prepare_own(
    secret: &[u8],
    found: Found,
    me: i64,
    body: BallotRequest,
    now: chrono::NaiveDateTime,
) -> Result<Result<ballots::NewBallot, ballot::Refusal>, AppError> {
    match found {
        Found::Missing => Err(AppError::NotFound),
        Found::NotOpen => Ok(Err(ballot::Refusal::NotOpen)),
        Found::Open(open) => {
            let cast = Cast {
                proposal: &open.proposal,
                voter: me,
                giver: None,
                choice: body.choice,
                reason: body.reason,
                now,
            };
            Ok(ballot::prepare_from_roll(secret, &cast, &open.roll))
        }
    }
}

fn refusal(
    access: &Access,
    outcome: Result<(), ballot::Refusal>,
) -> Result<HttpResponse, AppError> {
    match outcome {
        Ok(()) => Ok(HttpResponse::NoContent().finish()),
        Err(r) => Err(AppError::Conflict(format!(
            "{}: {}",
            r.code(),
            r.text(locale(access))
        ))),
    }
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
    let secret = state.secret.clone();
    let outcome = state
        .db
        .run(move |c| {
            write_tx(c, |c| {
                Ok::<_, AppError>(ballot::withdraw(c, &secret, &p, me, crate::storage::now())?)
            })
        })
        .await?;
    refusal(&access, outcome)
}

#[utoipa::path(get, path = "/coops/{slug}/proposals/{id}/results", tag = "proposals", security(("bearer" = [])),
    params(("slug" = String, Path, description = "The co-op's slug"), ("id" = i64, Path, description = "The proposal")),
    responses((status = 200, description = "The result (`collegia-result/1`, reasons in the caller's language)"), (status = 409, description = "Not visible yet")))]
#[get("/coops/{slug}/proposals/{id}/results")]
pub async fn results(
    state: web::Data<AppState>,
    access: Access,
    path: web::Path<(String, i64)>,
) -> Result<HttpResponse, AppError> {
    let p = load(&state, &access, path.into_inner().1).await?;
    let tag = voter_tag(&state.secret, p.id, access.account_id()?);
    let l = locale(&access);
    let json = state
        .db
        .run(move |c| {
            let voted = ballots::existing(c, p.id, &tag)?.is_some();
            if !results_visible(&p, voted) {
                return Err(AppError::Conflict("results_not_visible".into()));
            }
            let grouped = ballots::grouped(c, p.id)?;
            let o = voting::outcome(&p, &grouped).map_err(|e| AppError::Internal(e.message))?;
            let mut v = o.to_json_value(&|r| crate::cli::tally::render_reason(l, r));
            if secrecy::any_withheld(&o, p.secret) {
                withhold(&mut v, &o, l);
            }
            Ok(v)
        })
        .await?;
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
    let body = state
        .db
        .run(move |c| Ok::<_, AppError>(exports::ballots_json(c, &p)?))
        .await?;
    let body = body.ok_or(AppError::Conflict("proposal_not_closed".into()))?;
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
        return Err(AppError::Conflict("not_closed".into()));
    }
    let rows = state
        .db
        .run(move |c| Ok::<_, AppError>(ballots::named(c, p.id)?))
        .await?;
    let out: Vec<NamedVoteDto> = rows
        .into_iter()
        .map(
            |(member, college, choice, proxy_holder, reason)| NamedVoteDto {
                member,
                college,
                choice: serde_json::from_str(&choice).unwrap_or_default(),
                proxy_holder,
                reason,
            },
        )
        .collect();
    Ok(HttpResponse::Ok().json(out))
}
