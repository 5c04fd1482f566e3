//! The one route table: every URL the server answers is here, each with the [`Action`] that
//! authorizes it (checked by `authz::Authorize` before any handler runs).

use super::api::{self, ApiDoc, OpenApiDocument};
use super::authz::Action;
use super::pages::{
    accept, account, account_data, account_email, account_sessions, admin, audit, auth, comments,
    coops, exports, home, invitations, members, password, proposal, proposals, proxies, search,
    threads, unsubscribe, voting,
};
use super::pages::{coop_settings, notification_settings, notifications};
use super::pages::{payout_rules, payout_runs, proposal_lifecycle, signup, work};
use crate::domain::refusal::{Area, Code};
use actix_web::{guard, http::Method, web};
use utoipa::OpenApi;
use utoipa_actix_web::OpenApiFactory;

/// One route: method (lower case), path pattern as actix matches it, and what it does.
#[derive(Debug, Clone, Copy)]
pub struct RouteSpec {
    pub method: &'static str,
    pub path: &'static str,
    pub action: Action,
}

/// Largest invitation list accepted in one submission (10,000 addresses fit).
pub const INVITATION_BODY_LIMIT: usize = 1024 * 1024;

/// Largest thread or comment form: a body of `threads::MAX_BODY` characters, URL-encoded.
pub const POST_BODY_LIMIT: usize = 256 * 1024;

/// Largest proposal accepted (a complete rulebook as payload fits).
pub const PROPOSAL_BODY_LIMIT: usize = 512 * 1024;

/// Every API route, once: `method "path under /api/v1" => handler, Action;`. The list is
/// handed to a macro that registers the routes ([`api_v1`]) and to one that builds
/// [`API_ROUTES`] (the authorization table; a test checks it against the OpenAPI document), so
/// adding an API route is this one line beside its handler. Macros, not functions, because the
/// scope's type cannot be named.
macro_rules! with_api_routes {
    ($then:ident) => {
        $then! {
            get "/me" => me::me, SignedIn;
            get "/openapi.json" => openapi_json, Public;
            get "/coops" => coops::list_coops, SignedIn;
            get "/coops/{slug}" => coops::show_coop, ViewCoop;
            get "/coops/{slug}/rulebooks" => coops::list_rulebooks, ViewCoop;
            get "/coops/{slug}/members" => coops::list_members, ViewDirectory;
            get "/coops/{slug}/register" => coops::list_register, ViewRegister;
            get "/coops/{slug}/invitations" => coops::list_invitations, Invite;
            post "/coops/{slug}/invitations" => coops::create_invitations, Invite;
            post "/coops/{slug}/invitations/{id}/resend" => coops::resend_invitation, Invite;
            post "/coops/{slug}/invitations/{id}/revoke" => coops::revoke_invitation, Invite;
            post "/coops/{slug}/members/{member}/placement" => coops::place_member, ManageMembers;
            get "/coops/{slug}/proxies" => coops::list_proxies, OwnProxies;
            get "/coops/{slug}/proposals" => proposals::list_proposals, ViewProposals;
            post "/coops/{slug}/proposals" => proposals::create_proposal, Propose;
            get "/coops/{slug}/proposals/{id}" => proposals::show_proposal, ViewProposals;
            post "/coops/{slug}/proposals/{id}/ballot" => proposals::cast_ballot, Vote;
            post "/coops/{slug}/proposals/{id}/ballot/withdraw" => proposals::withdraw_ballot, Vote;
            get "/coops/{slug}/proposals/{id}/results" => proposals::results, ViewProposals;
            get "/coops/{slug}/proposals/{id}/ballots.json" => proposals::ballots_json, ViewProposals;
            get "/coops/{slug}/proposals/{id}/votes" => proposals::named_votes, ManageProposals;
            post "/coops/{slug}/proposals/{id}/edit" => proposal_lifecycle::edit_proposal, SteerProposals;
            post "/coops/{slug}/proposals/{id}/withdraw" => proposal_lifecycle::withdraw_proposal, SteerProposals;
            post "/coops/{slug}/proposals/{id}/remind" => proposal_lifecycle::remind_voters, ManageProposals;
            post "/coops/{slug}/proposals/{id}/reopen" => proposal_lifecycle::reopen_proposal, ManageProposals;
            get "/coops/{slug}/proposals/{id}/history" => proposal_lifecycle::proposal_history, ViewProposals;
            get "/coops/{slug}/proposals/{id}/copy" => proposal_lifecycle::copy_proposal, Propose;
            post "/coops/{slug}/proxies" => coops::give_proxy, OwnProxies;
            post "/coops/{slug}/proxies/{id}/revoke" => coops::revoke_proxy, OwnProxies;
            get "/coops/{slug}/work" => work::list_work, LogWork;
            post "/coops/{slug}/work" => work::log_work, LogWork;
            post "/coops/{slug}/work/{id}/review" => work::review_work, ReviewWork;
            get "/coops/{slug}/payout-rules" => work::list_rules, LogWork;
            get "/coops/{slug}/payouts" => work::list_runs, RunPayouts;
            post "/coops/{slug}/payouts" => work::declare_run, RunPayouts;
            get "/coops/{slug}/payouts/{id}" => work::show_run, RunPayouts;
            post "/coops/{slug}/payouts/{id}/confirm" => work::confirm_run, RunPayouts;
            get "/coops/{slug}/statements" => work::my_statements, LogWork;
            get "/coops/{slug}/threads" => threads::list_threads, ViewThreads;
            post "/coops/{slug}/threads" => threads::create_thread, StartThread;
            get "/coops/{slug}/threads/{id}" => threads::show_thread, ViewThreads;
            post "/coops/{slug}/threads/{id}/edit" => threads::edit_thread, EditPosts;
            post "/coops/{slug}/threads/{id}/delete" => threads::delete_thread, EditPosts;
            post "/coops/{slug}/threads/{id}/comments" => threads::create_comment, Comment;
            post "/coops/{slug}/comments/{id}/edit" => threads::edit_comment, EditPosts;
            post "/coops/{slug}/comments/{id}/delete" => threads::delete_comment, EditPosts;
            get "/coops/{slug}/threads/{id}/versions" => threads::thread_versions, ViewThreads;
            get "/coops/{slug}/comments/{id}/versions" => threads::comment_versions, ViewThreads;
        }
    };
}

/// The API scope with every route of [`with_api_routes`].
macro_rules! api_scope {
    ($($method:ident $path:literal => $handler:path, $action:ident;)*) => {
        utoipa_actix_web::scope("/api/v1")
            .app_data(web::JsonConfig::default().limit(INVITATION_BODY_LIMIT))
            $(.service({ use api::*; $handler }))*
    };
}

macro_rules! api_v1 {
    () => {
        with_api_routes!(api_scope)
    };
}

/// [`API_ROUTES`] from the list of [`with_api_routes`].
macro_rules! api_route_table {
    ($($method:ident $path:literal => $handler:path, $action:ident;)*) => {
        /// Every API route and its action; a test checks this list against the OpenAPI document.
        pub const API_ROUTES: &[RouteSpec] = &[
            $(RouteSpec {
                method: stringify!($method),
                path: concat!("/api/v1", $path),
                action: Action::$action,
            },)*
        ];
    };
}

with_api_routes!(api_route_table);

/// The pages: `method "pattern" => handler, Action [, body limit];` — one list registers the
/// routes and feeds [`PAGE_ROUTES`], so a page cannot exist without its authorization.
macro_rules! page_routes {
    ($($method:ident $path:literal => $handler:path, $action:ident $(, $limit:expr)?;)*) => {
        /// Every page route and its action, in registration order.
        pub const PAGE_ROUTES: &[RouteSpec] = &[
            $(RouteSpec { method: stringify!($method), path: $path, action: Action::$action },)*
        ];

        fn register_pages(cfg: &mut web::ServiceConfig) {
            $(
                let limit = super::DEFAULT_BODY_LIMIT $(.max($limit))?;
                add(cfg, stringify!($method), $path, limit, web::$method().to($handler));
            )*
        }
    };
}

page_routes! {
    get "/" => home::home, Public;
    get "/healthz" => home::healthz, Public;
    get "/static/{file}" => home::static_file, Public;
    post "/language" => home::set_language, Public;
    get "/setup" => auth::setup_page, Public;
    post "/setup" => auth::setup_submit, Public;
    get "/signup" => signup::signup_page, Public;
    post "/signup" => signup::signup_submit, Public;
    get "/login" => auth::login_page, Public;
    post "/login" => auth::login_submit, Public;
    post "/logout" => auth::logout, Public;
    get "/password/forgot" => password::forgot_page, Public;
    post "/password/forgot" => password::forgot_submit, Public;
    get "/password/reset/{token}" => password::reset_page, Public;
    post "/password/reset/{token}" => password::reset_submit, Public;
    get "/account" => account::show, SignedIn;
    post "/account/password" => password::change_submit, SignedIn;
    get "/account/notifications" => notification_settings::show, SignedIn;
    post "/account/notifications" => notification_settings::save, SignedIn;
    get "/notifications" => notifications::list, SignedIn;
    post "/notifications/read" => notifications::mark_all_read, SignedIn;
    get "/notifications/{id}" => notifications::open, SignedIn;
    post "/account/tokens" => account::create_token, SignedIn;
    post "/account/tokens/{id}/revoke" => account::revoke_token, SignedIn;
    post "/account/name" => account::rename, SignedIn;
    get "/account/email" => account_email::page, SignedIn;
    post "/account/email" => account_email::submit, SignedIn;
    get "/account/email/confirm/{token}" => account_email::confirm_page, Public;
    post "/account/email/confirm/{token}" => account_email::confirm_submit, Public;
    get "/account/sessions" => account_sessions::page, SignedIn;
    post "/account/sessions/others/end" => account_sessions::end_others, SignedIn;
    post "/account/sessions/{handle}/end" => account_sessions::end, SignedIn;
    get "/account/data" => account_data::page, SignedIn;
    post "/account/data" => account_data::download, SignedIn;
    get "/account/coops" => account_data::coops, SignedIn;
    get "/account/coops/{coop}/leave" => account_data::leave_question, SignedIn;
    post "/account/coops/{coop}/leave" => account_data::leave, SignedIn;
    get "/account/delete" => account_data::delete_question, SignedIn;
    post "/account/delete" => account_data::delete, SignedIn;
    get "/unsubscribe/{account}/{kind}/{sig}" => unsubscribe::confirm, Public;
    post "/unsubscribe/{account}/{kind}/{sig}" => unsubscribe::apply, Public;
    get "/admin/settings" => admin::settings_page, ManageServer;
    post "/admin/settings" => admin::settings_submit, ManageServer;
    get "/coops" => coops::mine, SignedIn;
    get "/search" => search::page, SignedIn;
    get "/coops/new" => coops::new_page, FoundCoop;
    post "/coops/new" => coops::create, FoundCoop;
    get "/invitations/{token}" => accept::accept_page, Public;
    post "/invitations/{token}" => accept::accept_submit, Public;
    get "/c/{slug}" => coops::show, ViewCoop;
    get "/c/{slug}/rules" => coops::rules, ViewCoop;
    get "/c/{slug}/members" => members::directory, ViewDirectory;
    post "/c/{slug}/members/{member}/placement" => members::place, ManageMembers;
    post "/c/{slug}/members/{member}/leave" => members::leave, ManageMembers;
    get "/c/{slug}/register" => members::register, ViewRegister;
    get "/c/{slug}/register.csv" => members::register_csv, ViewRegister;
    get "/c/{slug}/invitations" => invitations::list, Invite;
    post "/c/{slug}/invitations" => invitations::create, Invite, INVITATION_BODY_LIMIT;
    post "/c/{slug}/invitations/{id}/resend" => invitations::resend, Invite;
    post "/c/{slug}/invitations/{id}/revoke" => invitations::revoke, Invite;
    get "/c/{slug}/settings" => coop_settings::show, ManageProposals;
    post "/c/{slug}/settings" => coop_settings::save, ManageProposals;
    get "/c/{slug}/audit" => audit::show, ViewAudit;
    get "/c/{slug}/audit.csv" => audit::csv, ViewAudit;
    get "/c/{slug}/proxies" => proxies::page, OwnProxies;
    post "/c/{slug}/proxies" => proxies::give, OwnProxies;
    post "/c/{slug}/proxies/{id}/revoke" => proxies::revoke, OwnProxies;
    get "/c/{slug}/work" => work::show, LogWork;
    post "/c/{slug}/work/support" => work::log_support, LogWork;
    post "/c/{slug}/work/tasks" => work::log_task, LogWork;
    post "/c/{slug}/work/{id}/approve" => work::approve, ReviewWork;
    post "/c/{slug}/work/{id}/reject" => work::reject, ReviewWork;
    post "/c/{slug}/work/{id}/reschedule" => work::reschedule, ReviewWork;
    get "/c/{slug}/statements" => work::statements, LogWork;
    get "/c/{slug}/payout-rules" => payout_rules::show, LogWork;
    post "/c/{slug}/payout-rules/preview" => payout_rules::preview_submit, LogWork;
    get "/c/{slug}/payouts" => payout_runs::list, RunPayouts;
    post "/c/{slug}/payouts" => payout_runs::declare, RunPayouts;
    get "/c/{slug}/payouts/{id}" => payout_runs::show, RunPayouts;
    post "/c/{slug}/payouts/{id}/confirm" => payout_runs::confirm, RunPayouts;
    get "/c/{slug}/payouts/{id}/export.csv" => payout_runs::csv, RunPayouts;
    get "/c/{slug}/proposals" => proposals::list, ViewProposals;
    get "/c/{slug}/proposals/new" => proposals::new_page, Propose;
    post "/c/{slug}/proposals" => proposals::create, Propose, PROPOSAL_BODY_LIMIT;
    get "/c/{slug}/proposals/{id}" => proposal::show, ViewProposals;
    post "/c/{slug}/proposals/{id}/vote" => voting::cast, Vote;
    post "/c/{slug}/proposals/{id}/withdraw" => voting::withdraw, Vote;
    post "/c/{slug}/proposals/{id}/close" => voting::close, ManageProposals;
    post "/c/{slug}/proposals/{id}/extend" => voting::extend, ManageProposals;
    post "/c/{slug}/proposals/{id}/second-call" => voting::second_call, ManageProposals;
    post "/c/{slug}/proposals/{id}/statement" => voting::statement, ManageProposals;
    get "/c/{slug}/proposals/{id}/ballots.json" => exports::ballots_json, ViewProposals;
    get "/c/{slug}/proposals/{id}/results.csv" => exports::results_csv, ViewProposals;
    get "/c/{slug}/proposals/{id}/votes.csv" => exports::votes_csv, ManageProposals;
    get "/c/{slug}/proposals/{id}/edit" => proposal_lifecycle::edit_page, SteerProposals;
    post "/c/{slug}/proposals/{id}/edit" => proposal_lifecycle::edit, SteerProposals, PROPOSAL_BODY_LIMIT;
    post "/c/{slug}/proposals/{id}/withdrawal" => proposal_lifecycle::withdraw, SteerProposals;
    post "/c/{slug}/proposals/{id}/remind" => proposal_lifecycle::remind, ManageProposals;
    post "/c/{slug}/proposals/{id}/reopen" => proposal_lifecycle::reopen, ManageProposals;
    get "/c/{slug}/proposals/{id}/copy" => proposal_lifecycle::copy, Propose;
    get "/c/{slug}/votes" => voting::my_votes, Vote;
    get "/c/{slug}/threads" => threads::list, ViewThreads;
    get "/c/{slug}/threads/new" => threads::new_page, StartThread;
    post "/c/{slug}/threads/new" => threads::create, StartThread, POST_BODY_LIMIT;
    post "/c/{slug}/threads/read" => threads::mark_all_read, ViewThreads;
    get "/c/{slug}/threads/{id}" => threads::show, ViewThreads;
    get "/c/{slug}/threads/{id}/history" => threads::history, ViewThreads;
    get "/c/{slug}/threads/{id}/edit" => threads::edit_page, EditPosts;
    post "/c/{slug}/threads/{id}/edit" => threads::edit, EditPosts, POST_BODY_LIMIT;
    post "/c/{slug}/threads/{id}/delete" => threads::delete, EditPosts;
    post "/c/{slug}/threads/{id}/comments" => comments::create, Comment, POST_BODY_LIMIT;
    get "/c/{slug}/comments/{id}/history" => comments::history, ViewThreads;
    get "/c/{slug}/comments/{id}/edit" => comments::edit_page, EditPosts;
    post "/c/{slug}/comments/{id}/edit" => comments::edit, EditPosts, POST_BODY_LIMIT;
    post "/c/{slug}/comments/{id}/delete" => comments::delete, EditPosts;
}

/// One resource per route, guarded by its method so that another method falls through to the
/// next resource of the same path; the resource carries the route's body limit.
fn add(
    cfg: &mut web::ServiceConfig,
    method: &str,
    path: &str,
    limit: usize,
    route: actix_web::Route,
) {
    let method = Method::from_bytes(method.to_ascii_uppercase().as_bytes()).unwrap_or(Method::GET);
    cfg.service(
        web::resource(path)
            .guard(guard::Method(method))
            .app_data(web::PayloadConfig::new(limit))
            .app_data(web::FormConfig::default().limit(limit))
            .route(route),
    );
}

/// The action of a route, by method and matched pattern.
pub fn action_for(method: &str, pattern: &str) -> Option<Action> {
    PAGE_ROUTES
        .iter()
        .chain(API_ROUTES)
        .find(|r| r.method.eq_ignore_ascii_case(method) && r.path == pattern)
        .map(|r| r.action)
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
    list_refusal_codes(&mut doc);
    doc
}

/// The refusal areas a route may answer from (problem+json `code`), by what it acts on.
pub fn refusal_areas(method: &str, path: &str) -> Vec<Area> {
    let has = |segment: &str| path.split('/').any(|s| s == segment);
    let post = method.eq_ignore_ascii_case("post");
    let mut areas = vec![];
    if has("ballot") {
        areas.push(Area::Ballots);
    } else if has("proposals") && (post || has("results") || has("votes")) {
        areas.push(Area::Proposals);
    }
    if has("proxies") && post {
        areas.push(Area::Proxies);
    }
    if (has("invitations") || has("members")) && post {
        areas.push(Area::Members);
    }
    if (has("threads") || has("comments")) && post {
        areas.push(Area::Threads);
    }
    if has("work") && post {
        areas.push(Area::Work);
    }
    if has("payouts") && post {
        areas.push(Area::Payouts);
    }
    areas
}

/// Adds `x-refusal-codes` to each operation: the stable codes its problem answers may carry.
fn list_refusal_codes(doc: &mut utoipa::openapi::OpenApi) {
    for (path, item) in doc.paths.paths.iter_mut() {
        for (method, operation) in [("get", &mut item.get), ("post", &mut item.post)] {
            let Some(operation) = operation.as_mut() else {
                continue;
            };
            let areas = refusal_areas(method, path);
            let codes: Vec<&str> = Code::ALL
                .iter()
                .filter(|c| areas.contains(&c.area()))
                .map(|c| c.as_str())
                .collect();
            if codes.is_empty() {
                continue;
            }
            operation
                .extensions
                .get_or_insert_with(Default::default)
                .insert("x-refusal-codes".into(), serde_json::json!(codes));
        }
    }
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    let doc =
        serde_json::to_string_pretty(&openapi_document()).unwrap_or_else(|_| "{}".to_string());
    cfg.app_data(web::Data::new(OpenApiDocument(doc)))
        .service(api_v1!());
    register_pages(cfg);
    cfg.default_service(web::to(not_found));
}

async fn not_found() -> Result<actix_web::HttpResponse, super::errors::AppError> {
    Err(super::errors::AppError::NotFound)
}
