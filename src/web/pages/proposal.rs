//! One proposal: what it is, the ballot form (two clicks: choose, submit), the results as
//! far as the reader may see them, and for the board who has not voted and the controls.

use super::{html, unprocessable};
use crate::domain::election::{Method, RankedRule};
use crate::domain::rulebook::Call;
use crate::domain::rulebook::Rulebook;
use crate::i18n::Locale;
use crate::proposals::positions::Filter;
use crate::proposals::{method_of, pairwise, results_visible, sealing, secrecy, voter_tag};
use crate::storage::proposals::{self, Proposal};
use crate::storage::{DbConn, ballots, proxies};
use crate::web::authz::{Access, Action};
use crate::web::context::Ctx;
use crate::web::errors::AppError;
use crate::web::views::coops::CoopView;
use crate::web::views::layout::Chrome;
use crate::web::views::proposal::{
    self as view, Ballot, Board, PositionLine, PositionsView, ProposalPage, Results, Tally,
};
use crate::web::views::proposals::{BallotSpec, VoteAs};
use actix_web::HttpResponse;

/// Everything the page shows, loaded in one go.
pub struct Loaded {
    pub p: Proposal,
    pub on_roll: bool,
    pub voted: bool,
    pub as_whom: Vec<VoteAs>,
    pub grouped: Option<Vec<(String, String, i64)>>,
    pub not_voted: Option<(Vec<String>, i64)>,
    pub counted: i64,
    pub second_call: bool,
    pub early_close: Option<crate::domain::refusal::Refused>,
    /// The reader's own ballot (stored choice JSON), to start the form from.
    pub current: Option<serde_json::Value>,
    /// Adopted, but refused at enactment: why.
    pub not_enacted: Option<String>,
    /// The co-op's current rulebook (college names).
    pub book: Rulebook,
    /// Named positions, when the proposal is not secret and its results are visible.
    pub positions: Option<Vec<crate::storage::ballots::Position>>,
    pub filter: Filter,
}

pub async fn load(
    ctx: &Ctx,
    access: &Access,
    pid: i64,
    filter: Filter,
) -> Result<Loaded, AppError> {
    let coop_id = access.coop()?.id;
    let me = access.account_id()?;
    let keys = ctx.state.keys.clone();
    let board = access.may(Action::ManageProposals);
    ctx.state
        .db
        .run(move |c| {
            let p = proposals::by_id(c, coop_id, pid)?.ok_or(AppError::NotFound)?;
            let on_roll = proposals::college_on_roll(c, p.id, me)?.is_some();
            let tag = voter_tag(&keys, p.id, me);
            let voted = ballots::has_voted(c, p.id, me)?;
            let current = match p.is_open() {
                true => sealing::own_choice(c, &keys, &p, &tag)?,
                false => None,
            }
            .and_then(|j: String| serde_json::from_str(&j).ok());
            let as_whom = as_whom(c, coop_id, me, &p, on_roll)?;
            let grouped = if results_visible(&p, voted) {
                Some(sealing::grouped(c, &keys, &p)?)
            } else {
                None
            };
            let not_voted = if board && !p.is_closed() && p.is_open() {
                Some(proposals::not_voted(c, p.id, 200)?)
            } else {
                None
            };
            let counted = ballots::count(c, p.id)?;
            let book = crate::storage::coops::current_rulebook(c, coop_id)?;
            let second_call = p.verdict.as_deref() == Some("no_quorum")
                && p.call == Call::First
                && Some(p.decision_class)
                    .is_some_and(|k| crate::proposals::create::has_second_call(&book, k));
            let not_enacted = crate::proposals::enact::not_enacted(c, &p)?;
            let positions = crate::proposals::positions::visible(c, &p, voted, &filter)?;
            // Why the board may not close it now (said where the button would be).
            let early_close = if board && p.is_open() {
                crate::proposals::manage::early_close_refusal(c, &p)?
            } else {
                None
            };
            Ok::<_, AppError>(Loaded {
                early_close,
                p,
                on_roll,
                voted,
                as_whom,
                grouped,
                not_voted,
                counted,
                second_call,
                current,
                not_enacted,
                book,
                positions,
                filter,
            })
        })
        .await
}

/// For whom the reader may vote: themselves when on the roll, then (while open) the proxy
/// givers on the roll whose proxy covers this proposal.
fn as_whom(
    c: &mut DbConn,
    coop_id: i64,
    me: i64,
    p: &Proposal,
    on_roll: bool,
) -> Result<Vec<VoteAs>, AppError> {
    let mut as_whom = vec![];
    if on_roll {
        as_whom.push(VoteAs {
            giver: None,
            name: String::new(),
        });
    }
    if p.is_open() {
        for x in proxies::of_member(c, coop_id, me)? {
            let for_this = x.proposal_id.is_none_or(|id| id == p.id);
            if x.holder_id == me
                && for_this
                && proposals::college_on_roll(c, p.id, x.giver_id)?.is_some()
            {
                as_whom.push(VoteAs {
                    giver: Some(x.giver_id.to_string()),
                    name: x.giver_name,
                });
            }
        }
    }
    Ok(as_whom)
}

/// The results as far as the reader may see them, secrecy applied.
fn results(l: Locale, d: &Loaded) -> Results {
    let Some(grouped) = &d.grouped else {
        return Results::Hidden;
    };
    let o = match crate::proposals::outcome(&d.p, grouped) {
        Ok(o) => o,
        Err(e) => return Results::Error(e.message),
    };
    // Pairwise counts and IRV rounds are totals too: shown only when no college is withheld.
    let ranked = method_of(&d.p) == Method::Ranked && !secrecy::any_withheld(&o, d.p.secret);
    let name = secrecy::college_names(&d.book);
    let reasons = secrecy::public_reasons(l, &o, d.p.secret, &name);
    let schulze = ranked && d.p.ranked_rule == RankedRule::Schulze;
    Results::Shown(Box::new(Tally {
        pairwise: schulze.then(|| pairwise::table(&d.p.option_list(), grouped)),
        rounds: ranked && d.p.ranked_rule == RankedRule::Irv,
        reasons,
        not_enacted: d.not_enacted.clone(),
        outcome: o,
    }))
}

/// What the page shows of the loaded proposal; `board` for those who manage proposals.
fn page_view(
    l: Locale,
    coop: CoopView,
    d: Loaded,
    board: bool,
    error: Option<String>,
) -> ProposalPage {
    let results = results(l, &d);
    let positions = d.positions.map(|list| PositionsView {
        choices: grouped_choices(d.grouped.as_deref().unwrap_or_default()),
        colleges: d
            .book
            .colleges
            .iter()
            .map(|c| (c.key.clone(), c.name.clone()))
            .collect(),
        college: d.filter.college.clone(),
        choice: d.filter.choice.clone(),
        items: list
            .into_iter()
            .map(|x| PositionLine {
                college: d
                    .book
                    .college(&x.college)
                    .map_or_else(|| x.college.clone(), |c| c.name.clone()),
                choice: choice_text(&x.choice),
                name: x.name,
                holder: x.holder,
                reason: x.reason,
                cast_at: x.cast_at,
            })
            .collect(),
    });
    let p = d.p;
    ProposalPage {
        positions,
        coop,
        error,
        id: p.id,
        state: p.state,
        method: p.method,
        decision_class: p.decision_class,
        call: p.call,
        secret: p.secret,
        thread_id: p.thread_id,
        opens_at: p.opens_at,
        closes_at: p.closes_at,
        options: p.option_list(),
        ballot: Ballot {
            spec: BallotSpec {
                method: method_of(&p),
                options: p.option_list(),
                score_min: p.score_min,
                score_max: p.score_max,
                dots_per_voter: p.dots_per_voter,
                reason_required: p.reason_required,
            },
            as_whom: d.as_whom,
            voted: d.voted,
            current: d.current,
        },
        counted: d.counted,
        results,
        board: board.then_some(Board {
            not_voted: d.not_voted,
            second_call: d.second_call,
            early_close_refused: d.early_close.map(|r| crate::i18n::refusal(l, &r)),
        }),
        book: d.book,
        title: p.title,
        details: p.details,
        payload: p.payload,
        outcome_statement: p.outcome_statement,
    }
}

/// The distinct choices cast (stored JSON), for the Positions filter.
fn grouped_choices(grouped: &[(String, String, i64)]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = vec![];
    for (_, choice, _) in grouped {
        if !out.iter().any(|(c, _)| c == choice) {
            out.push((choice.clone(), choice_text(choice)));
        }
    }
    out
}

/// A stored choice as words: `"agree"` → agree, `["A","C"]` → A, C, `{"A":3}` → A: 3.
fn choice_text(json: &str) -> String {
    match serde_json::from_str::<serde_json::Value>(json) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(serde_json::Value::Array(a)) => a
            .iter()
            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
            .collect::<Vec<_>>()
            .join(", "),
        Ok(serde_json::Value::Object(m)) => m
            .iter()
            .map(|(k, v)| format!("{k}: {v}"))
            .collect::<Vec<_>>()
            .join(", "),
        Ok(other) => other.to_string(),
        Err(_) => json.to_string(),
    }
}

/// Which positions the page shows: `?college=KEY&choice=JSON`.
#[derive(Debug, Default, serde::Deserialize)]
pub struct PositionsQuery {
    college: Option<String>,
    choice: Option<String>,
}

pub async fn render_page(
    ctx: &Ctx,
    access: &Access,
    pid: i64,
    error: Option<String>,
) -> Result<HttpResponse, AppError> {
    render_filtered(ctx, access, pid, error, Filter::default()).await
}

async fn render_filtered(
    ctx: &Ctx,
    access: &Access,
    pid: i64,
    error: Option<String>,
    filter: Filter,
) -> Result<HttpResponse, AppError> {
    let coop = CoopView::of(access.coop()?, access);
    let d = load(ctx, access, pid, filter).await?;
    let board = access.may(Action::ManageProposals);
    let v = page_view(ctx.locale, coop, d, board, error);
    let markup = view::proposal_page(&Chrome::from(ctx), &v);
    Ok(if v.error.is_some() {
        unprocessable(markup)
    } else {
        html(markup)
    })
}

pub async fn show(
    ctx: Ctx,
    access: Access,
    path: actix_web::web::Path<(String, i64)>,
    query: actix_web::web::Query<PositionsQuery>,
) -> Result<HttpResponse, AppError> {
    let q = query.into_inner();
    let filter = Filter {
        college: q.college.filter(|s| !s.is_empty()),
        choice: q.choice.filter(|s| !s.is_empty()),
    };
    render_filtered(&ctx, &access, path.into_inner().1, None, filter).await
}
