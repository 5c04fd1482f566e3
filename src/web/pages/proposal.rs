//! One proposal: what it is, the ballot form (two clicks: choose, submit), the results as
//! far as the reader may see them, and for the board who has not voted and the controls.

use super::{html, unprocessable};
use crate::i18n::Locale;
use crate::proposals::reading::Proposal;
use crate::proposals::reading::{self, Filter, Loaded};
use crate::proposals::{lifecycle, method_of, positions, secrecy};
use crate::web::authz::{Access, Action};
use crate::web::context::Ctx;
use crate::web::errors::AppError;
use crate::web::views::coops::CoopView;
use crate::web::views::layout::Chrome;
use crate::web::views::positions::{PositionLine, Positions, PositionsView};
use crate::web::views::proposal::{self as view, Ballot, Board, ProposalPage, Results, Tally};
use crate::web::views::proposal_history::Steering;
use crate::web::views::proposals::{BallotSpec, VoteAs};
use actix_web::HttpResponse;

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
    Ok(ctx
        .state
        .db
        .run(move |c| reading::page(c, &keys, (coop_id, pid), (me, board), filter))
        .await?)
}

/// The proposal's history and what the reader may do in its lifecycle.
async fn steering(ctx: &Ctx, access: &Access, p: &Proposal) -> Result<Steering, AppError> {
    let board = access.may(Action::ManageProposals);
    let me = access.account_id()?;
    let now = ctx.state.clock.now();
    let (may_steer, reopenable) = (
        board || p.author_id == Some(me),
        lifecycle::reopen::may_reopen(p),
    );
    let p = p.clone();
    let part = ctx
        .state
        .db
        .run(move |c| lifecycle::page_part(c, &p, now))
        .await?;
    Ok(Steering {
        history: part.history,
        may_steer,
        board,
        may_copy: access.may(Action::Propose),
        reopenable,
        remind_next: part.remind_next,
    })
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
    let name = secrecy::college_names(&d.book);
    let reasons = secrecy::public_reasons(l, &o, d.p.secret, &name);
    Results::Shown(Box::new(Tally {
        explained: secrecy::public_tables(&d.p, &o, grouped),
        rule: d.p.ranked_rule,
        reasons,
        not_enacted: d.not_enacted.clone(),
        outcome: o,
    }))
}

/// What the page shows of the loaded proposal; `board` for those who manage proposals.
fn page_view(
    l: Locale,
    coop: CoopView,
    (mut d, steering): (Loaded, Steering),
    board: bool,
    error: Option<String>,
) -> ProposalPage {
    let results = results(l, &d);
    let positions = positions_view(l, &mut d);
    // Shown to every reader in the Positions part, or to the board alone in its own.
    let board_not_voted = match d.not_voted.take() {
        Some(n) if !n.public => Some((n.names, n.total)),
        _ => None,
    };
    let p = d.p;
    ProposalPage {
        steering,
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
            as_whom: d
                .as_whom
                .into_iter()
                .map(|v| VoteAs {
                    giver: v.giver.map(|g| g.to_string()),
                    name: v.name,
                })
                .collect(),
            voted: d.voted,
            current: d.current,
        },
        counted: d.counted,
        results,
        board: board.then_some(Board {
            not_voted: board_not_voted,
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

/// The Positions part: each voter's choice, college and reason, with the filters and the
/// next page's cursor; and who has not voted yet when every reader may see it.
fn positions_view(l: Locale, d: &mut Loaded) -> Positions {
    let words = |json: &str| choice_words(l, &d.p, json);
    let not_voted = match &d.not_voted {
        Some(n) if n.public => Some((n.names.clone(), n.total)),
        _ => None,
    };
    let list = d.positions.take().map(|page| PositionsView {
        choices: grouped_choices(d.grouped.as_deref().unwrap_or_default(), &words),
        colleges: d
            .book
            .colleges
            .iter()
            .map(|c| (c.key.clone(), c.name.clone()))
            .collect(),
        college: d.filter.college.clone(),
        choice: d.filter.choice.clone(),
        paged: d.filter.after.is_some(),
        older: page.older.map(positions::cursor_text),
        items: page
            .items
            .into_iter()
            .map(|x| PositionLine {
                college: d
                    .book
                    .college(&x.college)
                    .map_or_else(|| x.college.clone(), |c| c.name.clone()),
                choice: words(&x.choice),
                changed: x
                    .first_cast_at
                    .is_some_and(|first| Some(first) != x.cast_at),
                name: x.name,
                holder: x.holder,
                reason: x.reason,
                cast_at: x.cast_at,
            })
            .collect(),
    });
    Positions { list, not_voted }
}

/// The distinct choices cast (stored JSON), for the Positions filter.
fn grouped_choices(
    grouped: &[(String, String, i64)],
    words: &dyn Fn(&str) -> String,
) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = vec![];
    for (_, choice, _) in grouped {
        if !out.iter().any(|(c, _)| c == choice) {
            out.push((choice.clone(), words(choice)));
        }
    }
    out
}

/// A stored choice in the reader's words: a proposal's or consent's answer from the catalog
/// (`"agree"` → Pour), an option-based choice as [`choice_text`] writes it.
fn choice_words(l: Locale, p: &reading::Proposal, json: &str) -> String {
    if !method_of(p).has_options()
        && let Ok(serde_json::Value::String(key)) = serde_json::from_str(json)
    {
        return crate::i18n::t(l, &format!("ballot-choice-{}", key.replace('_', "-")));
    }
    choice_text(json)
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

/// Which positions the page shows: `?college=KEY&choice=JSON&older=CURSOR`.
#[derive(Debug, Default, serde::Deserialize)]
pub struct PositionsQuery {
    college: Option<String>,
    choice: Option<String>,
    older: Option<String>,
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
    let steering = steering(ctx, access, &d.p).await?;
    let v = page_view(ctx.locale, coop, (d, steering), board, error);
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
        // A cursor that is not one shows the latest positions.
        after: q.older.as_deref().and_then(positions::parse_cursor),
    };
    render_filtered(&ctx, &access, path.into_inner().1, None, filter).await
}
