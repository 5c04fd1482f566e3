//! Co-ops, rulebooks, members, the register, invitations and proxies under `/api/v1`, with the
//! same authorization as the pages (the route table gives each its action).

use super::run;
use crate::clock::rfc3339_micros;
use crate::coops;
use crate::domain::refusal::Code;
use crate::members::directory;
use crate::members::invitations::{self as member_invitations, Invite};
use crate::members::{placement, proxies as member_proxies};
use crate::web::AppState;
use crate::web::authz::Access;
use crate::web::errors::AppError;
use actix_web::{HttpResponse, get, post, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A co-op.
#[derive(Serialize, ToSchema)]
pub struct CoopDto {
    pub slug: String,
    pub name: String,
    pub time_zone: String,
    pub locale: String,
    /// RFC 3339, UTC.
    pub created_at: String,
}

impl From<&coops::Coop> for CoopDto {
    fn from(c: &coops::Coop) -> Self {
        CoopDto {
            slug: c.slug.clone(),
            name: c.name.clone(),
            time_zone: c.time_zone.clone(),
            locale: c.locale.code().to_string(),
            created_at: rfc3339_micros(c.created_at),
        }
    }
}

/// A co-op with its current rulebook (`collegia-rulebook/1`).
#[derive(Serialize, ToSchema)]
pub struct CoopDetail {
    pub coop: CoopDto,
    pub rulebook_version: i32,
    #[schema(value_type = Object)]
    pub rulebook: serde_json::Value,
}

/// One rulebook version.
#[derive(Serialize, ToSchema)]
pub struct RulebookVersion {
    pub version: i32,
    pub origin: String,
    pub created_at: String,
    #[schema(value_type = Object)]
    pub rulebook: serde_json::Value,
}

/// A current member or guest.
#[derive(Serialize, ToSchema)]
pub struct MemberDto {
    pub id: String,
    pub display_name: String,
    /// `null` for a guest.
    pub college: Option<String>,
    pub admin: bool,
    pub board: bool,
    pub since: String,
}

/// A line of the register of members.
#[derive(Serialize, ToSchema)]
pub struct RegisterLineDto {
    pub id: String,
    pub display_name: String,
    pub email: String,
    pub admitted_at: String,
    pub college: Option<String>,
    /// Shares subscribed: recorded, never a weighting input.
    pub shares_subscribed: i64,
    pub left_at: Option<String>,
}

/// An invitation.
#[derive(Serialize, ToSchema)]
pub struct InvitationDto {
    pub id: i64,
    pub email: String,
    pub college: Option<String>,
    pub role: String,
    pub sent_at: String,
    pub expires_at: String,
    pub accepted_at: Option<String>,
    pub revoked_at: Option<String>,
}

/// Addresses to invite into one college and role.
#[derive(Deserialize, ToSchema)]
pub struct InviteRequest {
    pub emails: Vec<String>,
    /// A college key; ignored for guests.
    pub college: Option<String>,
    /// `member`, `board`, `admin` or `guest`.
    pub role: String,
}

/// What happened to each address.
#[derive(Serialize, ToSchema)]
pub struct InviteReport {
    pub invited: usize,
    pub malformed: Vec<String>,
    pub duplicates: Vec<String>,
    pub already_invited_or_member: Vec<String>,
}

/// A live proxy given or held by the caller.
#[derive(Serialize, ToSchema)]
pub struct ProxyDto {
    pub id: i64,
    pub giver: String,
    pub holder: String,
    pub proposal_id: Option<i64>,
    pub created_at: String,
}

#[utoipa::path(get, path = "/coops", tag = "coops", security(("bearer" = [])),
    responses((status = 200, body = Vec<CoopDto>), (status = 401, description = "Missing or invalid token")))]
#[get("/coops")]
pub async fn list_coops(
    state: web::Data<AppState>,
    access: Access,
) -> Result<HttpResponse, AppError> {
    let id = access.account_id()?;
    let list = run(&state, move |c| Ok(coops::of_account(c, id)?)).await?;
    Ok(HttpResponse::Ok().json(list.iter().map(CoopDto::from).collect::<Vec<_>>()))
}

#[utoipa::path(get, path = "/coops/{slug}", tag = "coops", security(("bearer" = [])),
    params(("slug" = String, Path, description = "The co-op's slug")),
    responses((status = 200, body = CoopDetail), (status = 403, description = "Not allowed"), (status = 404, description = "No such co-op")))]
#[get("/coops/{slug}")]
pub async fn show_coop(
    state: web::Data<AppState>,
    access: Access,
) -> Result<HttpResponse, AppError> {
    let coop = access.coop()?.clone();
    let id = coop.id;
    let v = run(&state, move |c| Ok(coops::current_version(c, id)?)).await?;
    Ok(HttpResponse::Ok().json(CoopDetail {
        coop: CoopDto::from(&coop),
        rulebook_version: v.version,
        rulebook: super::stored_json(&v.body, "rulebook version")?,
    }))
}

#[utoipa::path(get, path = "/coops/{slug}/rulebooks", tag = "coops", security(("bearer" = [])),
    params(("slug" = String, Path, description = "The co-op's slug")),
    responses((status = 200, body = Vec<RulebookVersion>), (status = 403, description = "Not allowed")))]
#[get("/coops/{slug}/rulebooks")]
pub async fn list_rulebooks(
    state: web::Data<AppState>,
    access: Access,
) -> Result<HttpResponse, AppError> {
    let id = access.coop()?.id;
    let versions = run(&state, move |c| Ok(coops::versions(c, id)?)).await?;
    let out = versions
        .into_iter()
        .map(|v| {
            Ok(RulebookVersion {
                version: v.version,
                origin: v.origin,
                created_at: rfc3339_micros(v.created_at),
                rulebook: super::stored_json(&v.body, "rulebook version")?,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    Ok(HttpResponse::Ok().json(out))
}

#[utoipa::path(get, path = "/coops/{slug}/members", tag = "coops", security(("bearer" = [])),
    params(("slug" = String, Path, description = "The co-op's slug")),
    responses((status = 200, body = Vec<MemberDto>), (status = 403, description = "Not allowed")))]
#[get("/coops/{slug}/members")]
pub async fn list_members(
    state: web::Data<AppState>,
    access: Access,
) -> Result<HttpResponse, AppError> {
    let id = access.coop()?.id;
    let list = run(&state, move |c| Ok(directory::members(c, id)?)).await?;
    let out: Vec<MemberDto> = list
        .into_iter()
        .map(|m| MemberDto {
            id: m.public_id,
            display_name: m.display_name,
            college: m.membership.college,
            admin: m.membership.is_admin,
            board: m.membership.is_board,
            since: rfc3339_micros(m.membership.valid_from),
        })
        .collect();
    Ok(HttpResponse::Ok().json(out))
}

#[utoipa::path(get, path = "/coops/{slug}/register", tag = "coops", security(("bearer" = [])),
    params(("slug" = String, Path, description = "The co-op's slug")),
    responses((status = 200, body = Vec<RegisterLineDto>), (status = 403, description = "Not allowed")))]
#[get("/coops/{slug}/register")]
pub async fn list_register(
    state: web::Data<AppState>,
    access: Access,
) -> Result<HttpResponse, AppError> {
    let id = access.coop()?.id;
    let lines = run(&state, move |c| Ok(directory::register(c, id)?)).await?;
    let out: Vec<RegisterLineDto> = lines
        .into_iter()
        .map(|l| RegisterLineDto {
            id: l.public_id,
            display_name: l.display_name,
            email: l.email,
            admitted_at: rfc3339_micros(l.admitted_at),
            college: l.college,
            shares_subscribed: l.shares,
            left_at: l.left_at.map(rfc3339_micros),
        })
        .collect();
    Ok(HttpResponse::Ok().json(out))
}

#[utoipa::path(get, path = "/coops/{slug}/invitations", tag = "coops", security(("bearer" = [])),
    params(("slug" = String, Path, description = "The co-op's slug")),
    responses((status = 200, body = Vec<InvitationDto>), (status = 403, description = "Not allowed")))]
#[get("/coops/{slug}/invitations")]
pub async fn list_invitations(
    state: web::Data<AppState>,
    access: Access,
) -> Result<HttpResponse, AppError> {
    let id = access.coop()?.id;
    let list = run(&state, move |c| Ok(directory::invitations(c, id)?)).await?;
    let out: Vec<InvitationDto> = list
        .into_iter()
        .map(|i| InvitationDto {
            id: i.id,
            email: i.email,
            college: i.college,
            role: i.role.key().into(),
            sent_at: rfc3339_micros(i.sent_at),
            expires_at: rfc3339_micros(i.expires_at),
            accepted_at: i.accepted_at.map(rfc3339_micros),
            revoked_at: i.revoked_at.map(rfc3339_micros),
        })
        .collect();
    Ok(HttpResponse::Ok().json(out))
}

#[utoipa::path(post, path = "/coops/{slug}/invitations", tag = "coops", security(("bearer" = [])),
    params(("slug" = String, Path, description = "The co-op's slug")),
    request_body = InviteRequest,
    responses((status = 200, body = InviteReport), (status = 400, description = "Unknown college or role"), (status = 403, description = "Not allowed")))]
#[post("/coops/{slug}/invitations")]
pub async fn create_invitations(
    state: web::Data<AppState>,
    access: Access,
    body: web::Json<InviteRequest>,
) -> Result<HttpResponse, AppError> {
    let body = body.into_inner();
    let mail_ctx = state.mail_context();
    let report = run(&state, move |c| {
        let ask = Invite {
            addresses: &body.emails,
            college: body.college.as_deref(),
            role: &body.role,
        };
        Ok(member_invitations::invite(c, &mail_ctx, &access, &ask)?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(InviteReport {
        invited: report.invited,
        malformed: report.malformed,
        duplicates: report.duplicates,
        already_invited_or_member: report.already,
    }))
}

#[utoipa::path(get, path = "/coops/{slug}/proxies", tag = "coops", security(("bearer" = [])),
    params(("slug" = String, Path, description = "The co-op's slug")),
    responses((status = 200, body = Vec<ProxyDto>), (status = 403, description = "Not allowed")))]
#[get("/coops/{slug}/proxies")]
pub async fn list_proxies(
    state: web::Data<AppState>,
    access: Access,
) -> Result<HttpResponse, AppError> {
    let id = access.coop()?.id;
    let me = access.account_id()?;
    let list = run(&state, move |c| Ok(directory::proxies_of(c, id, me)?)).await?;
    let out: Vec<ProxyDto> = list
        .into_iter()
        .map(|p| ProxyDto {
            id: p.id,
            giver: p.giver_name,
            holder: p.holder_name,
            proposal_id: p.proposal_id,
            created_at: rfc3339_micros(p.created_at),
        })
        .collect();
    Ok(HttpResponse::Ok().json(out))
}

/// A proxy to give: the holder's member id, and an open proposal it is for (none: until
/// revoked).
#[derive(Deserialize, ToSchema)]
pub struct GiveProxy {
    pub holder: String,
    #[serde(default)]
    pub proposal_id: Option<i64>,
}

/// The proxy given.
#[derive(Serialize, ToSchema)]
pub struct ProxyGiven {
    pub id: i64,
}

#[utoipa::path(post, path = "/coops/{slug}/proxies", tag = "coops", security(("bearer" = [])),
    params(("slug" = String, Path, description = "The co-op's slug")),
    request_body = GiveProxy,
    responses((status = 201, body = ProxyGiven), (status = 409, description = "Refused by the rulebook's limits; the detail names the limit"), (status = 403, description = "Not allowed")))]
#[post("/coops/{slug}/proxies")]
pub async fn give_proxy(
    state: web::Data<AppState>,
    access: Access,
    body: web::Json<GiveProxy>,
) -> Result<HttpResponse, AppError> {
    let id = access.coop()?.id;
    let me = access.account_id()?;
    let GiveProxy {
        holder,
        proposal_id,
    } = body.into_inner();
    let pid = run(&state, move |c| {
        Ok(member_proxies::give(c, id, me, &holder, proposal_id)?)
    })
    .await?;
    Ok(HttpResponse::Created().json(ProxyGiven { id: pid }))
}

#[utoipa::path(post, path = "/coops/{slug}/proxies/{id}/revoke", tag = "coops", security(("bearer" = [])),
    params(("slug" = String, Path, description = "The co-op's slug"), ("id" = i64, Path, description = "The proxy")),
    responses((status = 204, description = "Revoked"), (status = 404, description = "No such live proxy of yours")))]
#[post("/coops/{slug}/proxies/{id}/revoke")]
pub async fn revoke_proxy(
    state: web::Data<AppState>,
    access: Access,
    path: web::Path<(String, i64)>,
) -> Result<HttpResponse, AppError> {
    let id = access.coop()?.id;
    let me = access.account_id()?;
    let (_, pid) = path.into_inner();
    let done = run(&state, move |c| Ok(member_proxies::revoke(c, id, me, pid)?)).await?;
    if !done {
        return Err(AppError::NotFound);
    }
    Ok(HttpResponse::NoContent().finish())
}

#[utoipa::path(post, path = "/coops/{slug}/invitations/{id}/resend", tag = "coops", security(("bearer" = [])),
    params(("slug" = String, Path, description = "The co-op's slug"), ("id" = i64, Path, description = "The invitation")),
    responses((status = 204, description = "A new link was mailed; the old one no longer works"), (status = 404, description = "No such pending invitation"), (status = 403, description = "Not allowed")))]
#[post("/coops/{slug}/invitations/{id}/resend")]
pub async fn resend_invitation(
    state: web::Data<AppState>,
    access: Access,
    path: web::Path<(String, i64)>,
) -> Result<HttpResponse, AppError> {
    let coop = access.coop()?.clone();
    let account = access.account()?.clone();
    let (_, id) = path.into_inner();
    let mail = state.mail_context();
    let done = run(&state, move |c| {
        Ok(member_invitations::resend(c, &mail, &coop, &account, id)?)
    })
    .await?;
    if !done {
        return Err(AppError::NotFound);
    }
    Ok(HttpResponse::NoContent().finish())
}

#[utoipa::path(post, path = "/coops/{slug}/invitations/{id}/revoke", tag = "coops", security(("bearer" = [])),
    params(("slug" = String, Path, description = "The co-op's slug"), ("id" = i64, Path, description = "The invitation")),
    responses((status = 204, description = "Revoked"), (status = 404, description = "No such pending invitation"), (status = 403, description = "Not allowed")))]
#[post("/coops/{slug}/invitations/{id}/revoke")]
pub async fn revoke_invitation(
    state: web::Data<AppState>,
    access: Access,
    path: web::Path<(String, i64)>,
) -> Result<HttpResponse, AppError> {
    let coop_id = access.coop()?.id;
    let by = access.account_id()?;
    let (_, id) = path.into_inner();
    let done = run(&state, move |c| {
        Ok(member_invitations::revoke(c, coop_id, by, id)?)
    })
    .await?;
    if !done {
        return Err(AppError::NotFound);
    }
    Ok(HttpResponse::NoContent().finish())
}

/// A member's new place: a college key (`""` or `null`: guest), roles and shares subscribed.
/// Any field left out stays as it is.
#[derive(Deserialize, ToSchema)]
pub struct MemberPlacement {
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub college: Option<Option<String>>,
    #[serde(default)]
    pub admin: Option<bool>,
    #[serde(default)]
    pub board: Option<bool>,
    #[serde(default)]
    pub shares: Option<i64>,
}

#[utoipa::path(post, path = "/coops/{slug}/members/{member}/placement", tag = "coops", security(("bearer" = [])),
    params(("slug" = String, Path, description = "The co-op's slug"), ("member" = String, Path, description = "The member's id")),
    request_body = MemberPlacement,
    responses((status = 204, description = "Moved (a dated row; the history is kept)"), (status = 400, description = "Unknown college or negative shares"), (status = 404, description = "No such current member"), (status = 409, description = "The last admin would lose the role"), (status = 403, description = "Not allowed")))]
#[post("/coops/{slug}/members/{member}/placement")]
pub async fn place_member(
    state: web::Data<AppState>,
    access: Access,
    path: web::Path<(String, String)>,
    body: web::Json<MemberPlacement>,
) -> Result<HttpResponse, AppError> {
    let id = access.coop()?.id;
    let by = access.account_id()?;
    let (_, member) = path.into_inner();
    let MemberPlacement {
        college,
        admin,
        board,
        shares,
    } = body.into_inner();
    if shares.is_some_and(|n| n < 0) {
        return Err(Code::SharesInvalid.into());
    }
    // Absent: unchanged; null or "": guest.
    let college = college.map(|c| c.map(|k| k.trim().to_string()).filter(|k| !k.is_empty()));
    run(&state, move |c| {
        Ok(placement::place(
            c,
            id,
            by,
            &member,
            |now| directory::Placement {
                college: college.unwrap_or_else(|| now.college.clone()),
                is_admin: admin.unwrap_or(now.is_admin),
                is_board: board.unwrap_or(now.is_board),
            },
            shares,
        )?)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A field that was sent, even as `null` (`Some(None)`), apart from one left out (`None`).
fn present<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}
