//! Co-ops: the list of one's co-ops, founding one from a template, its front page and rules.

use super::{html, see_other, unprocessable};
use crate::domain::rulebook::{CompanyForm, Template, template, unverified_defaults, validate};
use crate::i18n::rulebook::render_violation;
use crate::i18n::{Arg, Locale, render};
use crate::storage::{coops, members, write_tx};
use crate::web::authz::{Access, may_propose, may_start_threads};
use crate::web::context::{CsrfForm, Ctx};
use crate::web::errors::AppError;
use crate::web::pages::founding::{self, Draft};
use crate::web::views::coops::CoopView;
use crate::web::views::coops::{college_name, explanation, nav, when};
use crate::web::views::forms::alert;
use crate::web::views::layout::{Chrome, page};
use actix_web::{HttpResponse, web};
use maud::html;
use serde::Deserialize;

pub async fn mine(ctx: Ctx, access: Access) -> Result<HttpResponse, AppError> {
    let id = access.account_id()?;
    let list = ctx
        .state
        .db
        .run(move |c| Ok::<_, AppError>(coops::of_account(c, id)?))
        .await?;
    let body = html! {
        @if list.is_empty() { p { (ctx.t("coops-none")) } }
        ul {
            @for coop in &list {
                li { a href=(format!("/c/{}", coop.slug)) { (coop.name) } }
            }
        }
        p { a.button href="/coops/new" { (ctx.t("coops-found")) } }
    };
    Ok(html(page(&Chrome::from(&ctx), &ctx.t("coops-title"), body)))
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
    let d = draft.clone();
    let saved = ctx
        .state
        .db
        .run(move |c| {
            write_tx(c, |c| {
                let new = coops::NewCoop {
                    slug: &d.slug,
                    name: d.name.trim(),
                    time_zone: d.time_zone.trim(),
                    locale: &d.locale,
                    founder,
                    founder_college: &d.founder_college,
                    rulebook: &book,
                };
                Ok::<_, AppError>(coops::found(c, &new)?)
            })
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
    let (book, counts) = ctx
        .state
        .db
        .run(move |c| {
            let book = coops::current_rulebook(c, id)?;
            let mut counts = vec![];
            for college in &book.colleges {
                counts.push((
                    college.name.clone(),
                    members::count_in_college(c, id, &college.key)?,
                ));
            }
            Ok::<_, AppError>((book, counts))
        })
        .await?;
    let l = ctx.locale;
    let mine = access.membership.as_ref();
    let body = html! {
        (nav(l, &CoopView::of(&coop, &access)))
        @if let Some(m) = mine {
            p {
                (render(l, "coop-you-are", &[("college", Arg::from(college_name(&book, m.college.as_deref(), l)))]))
                @if m.is_admin { " · " (ctx.t("role-admin")) }
                @if m.is_board { " · " (ctx.t("role-board")) }
            }
            @if m.is_guest() {
                p { (ctx.t("coop-guest-rights")) }
            } @else {
                p {
                    @if may_propose(&book, m) { (ctx.t("coop-may-propose")) } @else if may_start_threads(&book, m) { (ctx.t("coop-may-start-threads")) } @else { (ctx.t("coop-may-vote")) }
                }
            }
        }
        h2 { (ctx.t("coop-colleges")) }
        table {
            thead { tr { th { (ctx.t("coop-college")) } th { (ctx.t("coop-member-count")) } } }
            tbody {
                @for (name, n) in &counts { tr { td { (name) } td { (n) } } }
            }
        }
        p { (render(l, "coop-founded-on", &[("date", Arg::from(when(l, &coop, coop.created_at)))])) }
    };
    Ok(html(page(&Chrome::from(&ctx), &coop.name, body)))
}

pub async fn rules(ctx: Ctx, access: Access) -> Result<HttpResponse, AppError> {
    let coop = access.coop()?.clone();
    let id = coop.id;
    let versions = ctx
        .state
        .db
        .run(move |c| Ok::<_, AppError>(coops::versions(c, id)?))
        .await?;
    let current = versions.first().ok_or(AppError::NotFound)?;
    let book = current.rulebook()?;
    let l = ctx.locale;
    let unverified = unverified_defaults(book.template, book.company_form);
    let body = html! {
        (nav(l, &CoopView::of(&coop, &access)))
        p { (render(l, "rules-current", &[("version", Arg::from(i64::from(current.version)))])) }
        (explanation(l, &book))
        @if !unverified.is_empty() {
            p.hint { (ctx.t("rules-check-statutes")) " (" (unverified.join(", ")) ")" }
        }
        details { summary { (ctx.t("rules-json")) } pre { code { (book.to_json_pretty()) } } }
        h2 { (ctx.t("rules-history")) }
        ol reversed {
            @for v in &versions {
                // `proposal:ID` for a version adopted by a `rules_change` proposal: link to it.
                @let (origin, proposal) = v.origin.split_once(':').unwrap_or((v.origin.as_str(), ""));
                li {
                    (render(l, "rules-version-line", &[
                        ("version", Arg::from(i64::from(v.version))),
                        ("date", Arg::from(when(l, &coop, v.created_at))),
                        ("origin", Arg::from(ctx.t(&format!("rules-origin-{origin}")))),
                    ]))
                    @if !proposal.is_empty() { " — " a href=(format!("/c/{}/proposals/{proposal}", coop.slug)) { "#" (proposal) } }
                }
            }
        }
        p.hint { (ctx.t("rules-how-to-change")) }
    };
    let title = render(l, "rules-title", &[("coop", Arg::from(coop.name.as_str()))]);
    Ok(html(page(&Chrome::from(&ctx), &title, body)))
}

/// Shown where a refused edit lists its reasons.
pub fn errors_list(errors: &[String]) -> maud::Markup {
    html! {
        @if !errors.is_empty() {
            (alert(Some(&errors.join(" · "))))
            ul.errors { @for e in errors { li { (e) } } }
        }
    }
}

/// The default language of a new co-op form.
pub fn locale_options(selected: &str) -> maud::Markup {
    html! {
        @for l in Locale::ALL {
            option value=(l.code()) selected[l.code() == selected] {
                @match l { Locale::En => "English", Locale::Fr => "Français" }
            }
        }
    }
}
