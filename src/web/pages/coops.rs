//! Co-ops: the list of one's co-ops, founding one from a template, its front page and rules.

use super::{html, see_other, unprocessable};
use crate::coops;
use crate::domain::rulebook::{CompanyForm, Template, template, validate};
use crate::i18n::rulebook::render_violation;
use crate::web::authz::{Access, Action, may_propose, may_start_threads};
use crate::web::context::{CsrfForm, Ctx};
use crate::web::errors::AppError;
use crate::web::pages::founding::{self, Draft};
use crate::web::views::coops::{
    Activity, CoopHome, CoopLink, CoopView, OpenItem, Place, Rights, RulesVersion, RulesView,
    college_name, coop_page, mine_page, rules_page,
};
use crate::web::views::layout::Chrome;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

pub async fn mine(ctx: Ctx, access: Access) -> Result<HttpResponse, AppError> {
    let id = access.account_id()?;
    let list = ctx.state.db.run(move |c| coops::of_account(c, id)).await?;
    let links: Vec<CoopLink> = list
        .into_iter()
        .map(|c| CoopLink {
            slug: c.slug,
            name: c.name,
        })
        .collect();
    Ok(html(mine_page(&Chrome::from(&ctx), &links)))
}

#[derive(Deserialize)]
pub struct NewQuery {
    template: Option<String>,
    form: Option<String>,
}

pub async fn new_page(ctx: Ctx, query: web::Query<NewQuery>) -> Result<HttpResponse, AppError> {
    let chosen = query
        .template
        .as_deref()
        .and_then(Template::parse)
        .unwrap_or(Template::Scic);
    let form = match chosen {
        Template::Scic => Some(
            query
                .form
                .as_deref()
                .and_then(CompanyForm::parse)
                .unwrap_or(CompanyForm::Sa),
        ),
        _ => None,
    };
    let book = template(chosen, form);
    let draft = Draft::from_template(&book, &ctx.state.config.time_zone.to_string(), ctx.locale);
    Ok(html(founding::page(&ctx, &draft, &book, &[])))
}

pub async fn create(
    ctx: Ctx,
    access: Access,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let founder = access.account_id()?;
    let draft = Draft::from_fields(&fields);
    let (book, mut errors) = draft.build(ctx.locale);
    if let Some(book) = &book
        && let Err(violations) = validate(book)
    {
        errors.extend(violations.iter().map(|v| render_violation(ctx.locale, v)));
    }
    errors.extend(draft.check_identity(ctx.locale));
    let Some(book) = book.filter(|_| errors.is_empty()) else {
        let shown = draft.template_book();
        return Ok(unprocessable(founding::page(&ctx, &draft, &shown, &errors)));
    };
    // The draft was checked: its language is one the catalogs know.
    let locale = crate::i18n::Locale::parse(&draft.locale)
        .ok_or_else(|| AppError::BadRequest("unknown language".into()))?;
    let d = draft.clone();
    let saved = ctx
        .state
        .db
        .run(move |c| {
            let new = coops::NewCoop {
                slug: &d.slug,
                name: d.name.trim(),
                time_zone: d.time_zone.trim(),
                locale,
                founder,
                founder_college: &d.founder_college,
                rulebook: &book,
            };
            coops::found(c, &new)
        })
        .await?;
    match saved {
        Some(coop) => Ok(see_other(&format!("/c/{}", coop.slug))),
        None => {
            let taken = vec![ctx.t("coops-slug-taken")];
            let shown = draft.template_book();
            Ok(unprocessable(founding::page(&ctx, &draft, &shown, &taken)))
        }
    }
}

pub async fn show(ctx: Ctx, access: Access) -> Result<HttpResponse, AppError> {
    let coop = access.coop()?.clone();
    let id = coop.id;
    // Only those who may see proposals see what is open (guests see the colleges).
    let reader = access
        .account_id()
        .ok()
        .filter(|_| access.may(Action::ViewProposals));
    let now = ctx.state.clock.now();
    let coops::FrontPage {
        book,
        members,
        overview,
    } = ctx
        .state
        .db
        .run(move |c| coops::front_page(c, id, reader, now))
        .await?;
    let counts: Vec<_> = book
        .colleges
        .iter()
        .zip(members)
        .map(|(college, members)| {
            (
                college.name.clone(),
                members,
                college.weight.as_ref().map_or_else(
                    || "—".to_string(),
                    // For display only: exact weights decide, floats print.
                    |w| crate::domain::fraction::to_display_f64(w).to_string(),
                ),
            )
        })
        .collect();
    let place = access.membership.as_ref().map(|m| Place {
        college: college_name(&book, m.college.as_deref(), ctx.locale),
        is_admin: m.is_admin,
        is_board: m.is_board,
        rights: if m.is_guest() {
            Rights::Guest
        } else if may_propose(&book, m) {
            Rights::Propose
        } else if may_start_threads(&book, m) {
            Rights::StartThreads
        } else {
            Rights::Vote
        },
    });
    let view = CoopHome {
        coop: CoopView::of(&coop, &access),
        founded_at: coop.created_at,
        place,
        counts,
        activity: overview.map(activity_view),
    };
    Ok(html(coop_page(&Chrome::from(&ctx), &view)))
}

fn activity_view(o: crate::members::day::Overview) -> Activity {
    Activity {
        open: o
            .open
            .into_iter()
            .map(|x| OpenItem {
                id: x.proposal.id,
                title: x.proposal.title,
                method: x.proposal.method.name().to_string(),
                class: x.proposal.decision_class.key().to_string(),
                closes_at: x.proposal.closes_at,
                on_roll: x.on_roll,
                voted: x.voted,
                mine: x.mine,
            })
            .collect(),
        open_count: o.open_count,
        decided: o
            .decided
            .into_iter()
            .map(|p| (p.id, p.title, p.verdict))
            .collect(),
        threads: o
            .threads
            .into_iter()
            .map(|t| (t.id, t.title, t.comment_count, t.last_activity_at))
            .collect(),
    }
}

pub async fn rules(ctx: Ctx, access: Access) -> Result<HttpResponse, AppError> {
    let coop = access.coop()?.clone();
    let id = coop.id;
    let versions = ctx.state.db.run(move |c| coops::versions(c, id)).await?;
    let book = versions.first().ok_or(AppError::NotFound)?.rulebook()?;
    let versions = versions
        .into_iter()
        .map(|v| RulesVersion {
            version: i64::from(v.version),
            created_at: v.created_at,
            origin: v.origin,
        })
        .collect();
    let view = RulesView {
        coop: CoopView::of(&coop, &access),
        book,
        versions,
    };
    Ok(html(rules_page(&Chrome::from(&ctx), &view)))
}
