//! The founding form: a template's rulebook with its colleges, weights, thresholds, quorums
//! and proxy limits editable, turned back into a rulebook that validation checks.

use crate::domain::election::rules::{Quorum, QuorumBasis, QuorumScope};
use crate::domain::fraction::{Fraction, parse_fraction, to_ratio_string};
use crate::domain::refusal::Code;
use crate::domain::rulebook::{
    College, CompanyForm, DecisionClass, Rulebook, Template, template, unverified_defaults,
};
use crate::i18n::{Arg, Locale, render, t};
use crate::storage::coops::valid_slug;
use crate::web::context::Ctx;
use crate::web::pages::coops::{errors_list, locale_options};
use crate::web::views::coops::explanation;
use crate::web::views::forms::csrf;
use crate::web::views::layout::{Chrome, page as layout};
use maud::{Markup, html};

/// Extra empty college rows offered for adding colleges.
const SPARE_ROWS: usize = 2;

#[derive(Debug, Clone, Default)]
pub struct CollegeRow {
    pub key: String,
    pub name: String,
    pub weight: String,
}

#[derive(Debug, Clone, Default)]
pub struct ClassRow {
    pub threshold: String,
    pub strict: bool,
    pub quorum: String,
}

/// What the form holds, as typed.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    pub name: String,
    pub slug: String,
    pub time_zone: String,
    pub locale: String,
    pub template: String,
    pub company_form: String,
    pub founder_college: String,
    pub colleges: Vec<CollegeRow>,
    pub classes: Vec<ClassRow>,
    pub proxies_allowed: bool,
    pub proxies_max: String,
    pub proxies_same_college: bool,
}

fn frac_text(f: &Fraction) -> String {
    if f.is_integer() {
        f.numer().to_string()
    } else {
        to_ratio_string(f)
    }
}

impl Draft {
    pub fn from_template(book: &Rulebook, time_zone: &str, locale: Locale) -> Draft {
        let mut colleges: Vec<CollegeRow> = book
            .colleges
            .iter()
            .map(|c| CollegeRow {
                key: c.key.clone(),
                name: c.name.clone(),
                weight: c.weight.as_ref().map(frac_text).unwrap_or_default(),
            })
            .collect();
        colleges.extend((0..SPARE_ROWS).map(|_| CollegeRow::default()));
        let classes = DecisionClass::ALL
            .iter()
            .map(|k| {
                let d = book.decisions.get(*k);
                ClassRow {
                    threshold: frac_text(&d.threshold.share),
                    strict: d.threshold.strict,
                    quorum: d
                        .quorum
                        .as_ref()
                        .map(|q| frac_text(&q.turnout))
                        .unwrap_or_default(),
                }
            })
            .collect();
        Draft {
            time_zone: time_zone.to_string(),
            locale: locale.code().to_string(),
            template: book.template.key().to_string(),
            company_form: book
                .company_form
                .map(|f| f.key().to_string())
                .unwrap_or_default(),
            founder_college: book
                .colleges
                .first()
                .map(|c| c.key.clone())
                .unwrap_or_default(),
            colleges,
            classes,
            proxies_allowed: book.proxies.allowed,
            proxies_max: book.proxies.max_per_holder.to_string(),
            proxies_same_college: book.proxies.same_college,
            ..Draft::default()
        }
    }

    pub fn from_fields(fields: &[(String, String)]) -> Draft {
        let get = |name: &str| {
            fields
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.trim().to_string())
                .unwrap_or_default()
        };
        let on = |name: &str| fields.iter().any(|(k, v)| k == name && v == "on");
        let mut colleges = vec![];
        for i in 0..12 {
            if !fields.iter().any(|(k, _)| *k == format!("c{i}_key")) {
                break;
            }
            colleges.push(CollegeRow {
                key: get(&format!("c{i}_key")),
                name: get(&format!("c{i}_name")),
                weight: get(&format!("c{i}_weight")),
            });
        }
        let classes = DecisionClass::ALL
            .iter()
            .map(|k| ClassRow {
                threshold: get(&format!("d_{}_threshold", k.key())),
                strict: on(&format!("d_{}_strict", k.key())),
                quorum: get(&format!("d_{}_quorum", k.key())),
            })
            .collect();
        Draft {
            name: get("name"),
            slug: get("slug"),
            time_zone: get("time_zone"),
            locale: get("locale"),
            template: get("template"),
            company_form: get("company_form"),
            founder_college: get("founder_college"),
            colleges,
            classes,
            proxies_allowed: on("proxies_allowed"),
            proxies_max: get("proxies_max"),
            proxies_same_college: on("proxies_same_college"),
        }
    }

    fn chosen(&self) -> (Template, Option<CompanyForm>) {
        let tpl = Template::parse(&self.template).unwrap_or(Template::Scic);
        let form = match tpl {
            Template::Scic => {
                Some(CompanyForm::parse(&self.company_form).unwrap_or(CompanyForm::Sa))
            }
            _ => None,
        };
        (tpl, form)
    }

    /// The template this draft started from (to show its explanation again).
    pub fn template_book(&self) -> Rulebook {
        let (tpl, form) = self.chosen();
        template(tpl, form)
    }

    /// The rulebook the form describes, and the fields that could not be read.
    pub fn build(&self, locale: Locale) -> (Option<Rulebook>, Vec<String>) {
        let mut errors = vec![];
        let mut book = self.template_book();
        let base = book.clone();
        let fraction =
            |text: &str, label: &str, errors: &mut Vec<String>| match parse_fraction(text) {
                Ok(f) => Some(f),
                Err(_) => {
                    errors.push(render(
                        locale,
                        "found-error-number",
                        &[("field", Arg::from(label)), ("value", Arg::from(text))],
                    ));
                    None
                }
            };
        book.colleges = self
            .colleges
            .iter()
            .filter(|r| !(r.key.is_empty() && r.name.is_empty()))
            .map(|r| {
                let old = base.college(&r.key);
                College {
                    key: r.key.clone(),
                    name: r.name.clone(),
                    weight: if r.weight.is_empty() {
                        None
                    } else {
                        fraction(&r.weight, &r.key, &mut errors)
                    },
                    may_start_threads: old.is_none_or(|c| c.may_start_threads),
                    may_propose: old.is_none_or(|c| c.may_propose),
                }
            })
            .collect();
        for (class, row) in DecisionClass::ALL.iter().zip(&self.classes) {
            let label = t(locale, &format!("rulebook-class-{}", class.key()));
            let d = book.decisions.get_mut(*class);
            if let Some(share) = fraction(&row.threshold, &label, &mut errors) {
                d.threshold.share = share;
            }
            d.threshold.strict = row.strict;
            d.quorum = if row.quorum.is_empty() {
                None
            } else {
                let (scope, basis) = d
                    .quorum
                    .as_ref()
                    .map(|q| (q.scope, q.basis))
                    .unwrap_or((QuorumScope::Overall, QuorumBasis::Headcount));
                fraction(&row.quorum, &label, &mut errors).map(|turnout| Quorum {
                    turnout,
                    scope,
                    basis,
                })
            };
        }
        book.proxies.allowed = self.proxies_allowed;
        book.proxies.same_college = self.proxies_same_college;
        match self.proxies_max.parse::<u32>() {
            Ok(n) if n <= 100 => book.proxies.max_per_holder = n,
            _ if !self.proxies_allowed && self.proxies_max.is_empty() => {}
            _ => errors.push(render(
                locale,
                "found-error-number",
                &[
                    ("field", Arg::from(t(locale, "found-proxies-max"))),
                    ("value", Arg::from(self.proxies_max.as_str())),
                ],
            )),
        }
        (Some(book), errors)
    }

    /// Name, slug, time zone, language and the founder's college.
    pub fn check_identity(&self, locale: Locale) -> Vec<String> {
        let mut errors = vec![];
        if self.name.is_empty() || self.name.chars().count() > 200 {
            errors.push(crate::i18n::refusal(locale, &Code::CoopNameInvalid.into()));
        }
        if !valid_slug(&self.slug) {
            errors.push(crate::i18n::refusal(locale, &Code::SlugInvalid.into()));
        }
        if self.time_zone.parse::<chrono_tz::Tz>().is_err() {
            errors.push(crate::i18n::refusal(locale, &Code::TimeZoneInvalid.into()));
        }
        if Locale::parse(&self.locale).is_none() {
            errors.push(crate::i18n::refusal(locale, &Code::LanguageUnknown.into()));
        }
        if !self
            .colleges
            .iter()
            .any(|c| !c.key.is_empty() && c.key == self.founder_college)
        {
            errors.push(crate::i18n::refusal(
                locale,
                &Code::FounderCollegeInvalid.into(),
            ));
        }
        errors
    }
}

fn check_mark(unverified: &[&str], path: &str, locale: Locale) -> Markup {
    html! {
        @if unverified.contains(&path) {
            " " span.hint { (t(locale, "found-check-statutes")) }
        }
    }
}

/// The whole founding page: template choice, explanation, and the form.
pub fn page(ctx: &Ctx, draft: &Draft, book: &Rulebook, errors: &[String]) -> Markup {
    let l = ctx.locale;
    let (tpl, form) = draft.chosen();
    let unverified = unverified_defaults(tpl, form);
    let body = html! {
        p { (t(l, "found-intro")) }
        nav aria-label=(t(l, "found-templates")) {
            ul.inline {
                @for tp in Template::ALL {
                    li { a href=(format!("/coops/new?template={}", tp.key())) aria-current=[(tp == tpl).then_some("true")] {
                        (t(l, &format!("rulebook-template-{}", tp.key())))
                    } }
                }
            }
        }
        @if tpl == Template::Scic {
            p { (t(l, "found-company-form")) ": "
                @for f in CompanyForm::ALL {
                    a href=(format!("/coops/new?template=scic&form={}", f.key())) { (t(l, &format!("rulebook-form-{}", f.key()))) } " "
                }
            }
        }
        h2 { (t(l, "found-template-rules")) }
        (explanation(l, book))
        @if !unverified.is_empty() { p.hint { (t(l, "found-unverified")) } }
        (errors_list(errors))
        form method="post" action="/coops/new" {
            (csrf(&ctx.csrf))
            input type="hidden" name="template" value=(draft.template);
            input type="hidden" name="company_form" value=(draft.company_form);
            p.field { label for="f-name" { (t(l, "found-name")) } input #f-name name="name" value=(draft.name) required; }
            p.field { label for="f-slug" { (t(l, "found-slug")) } input #f-slug name="slug" value=(draft.slug) required pattern="[a-z0-9][a-z0-9-]*[a-z0-9]"; }
            p.hint { (t(l, "found-slug-hint")) }
            p.field { label for="f-tz" { (t(l, "found-time-zone")) } input #f-tz name="time_zone" value=(draft.time_zone) required; }
            p.field { label for="f-locale" { (t(l, "found-locale")) } select #f-locale name="locale" { (locale_options(&draft.locale)) } }
            fieldset {
                legend { (t(l, "found-colleges")) }
                p.hint { (t(l, "found-colleges-hint")) }
                table {
                    thead { tr { th { (t(l, "found-college-key")) } th { (t(l, "found-college-name")) } th { (t(l, "found-college-weight")) (check_mark(&unverified, "colleges[].weight", l)) } } }
                    tbody {
                        @for (i, c) in draft.colleges.iter().enumerate() {
                            tr {
                                td { input name=(format!("c{i}_key")) value=(c.key) aria-label=(t(l, "found-college-key")); }
                                td { input name=(format!("c{i}_name")) value=(c.name) aria-label=(t(l, "found-college-name")); }
                                td { input name=(format!("c{i}_weight")) value=(c.weight) size="6" aria-label=(t(l, "found-college-weight")); }
                            }
                        }
                    }
                }
            }
            fieldset {
                legend { (t(l, "found-decisions")) }
                table {
                    thead { tr { th {} th { (t(l, "found-threshold")) } th { (t(l, "found-strict")) } th { (t(l, "found-quorum")) } } }
                    tbody {
                        @for (class, row) in DecisionClass::ALL.iter().zip(&draft.classes) {
                            @let k = class.key();
                            tr {
                                th scope="row" { (t(l, &format!("rulebook-class-{k}"))) }
                                td { input name=(format!("d_{k}_threshold")) value=(row.threshold) size="6" aria-label=(t(l, "found-threshold")); (check_mark(&unverified, &format!("decisions.{k}.threshold"), l)) }
                                td { input type="checkbox" name=(format!("d_{k}_strict")) value="on" checked[row.strict] aria-label=(t(l, "found-strict")); }
                                td { input name=(format!("d_{k}_quorum")) value=(row.quorum) size="6" aria-label=(t(l, "found-quorum")); (check_mark(&unverified, &format!("decisions.{k}.quorum"), l)) }
                            }
                        }
                    }
                }
                p.hint { (t(l, "found-fraction-hint")) }
            }
            fieldset {
                legend { (t(l, "found-proxies")) }
                p.check { input #f-pa type="checkbox" name="proxies_allowed" value="on" checked[draft.proxies_allowed]; " " label for="f-pa" { (t(l, "found-proxies-allowed")) } }
                p.field { label for="f-pm" { (t(l, "found-proxies-max")) (check_mark(&unverified, "proxies.max_per_holder", l)) } input #f-pm name="proxies_max" value=(draft.proxies_max) size="4"; }
                p.check { input #f-ps type="checkbox" name="proxies_same_college" value="on" checked[draft.proxies_same_college]; " " label for="f-ps" { (t(l, "found-proxies-same-college")) } }
            }
            p.field {
                label for="f-fc" { (t(l, "found-your-college")) }
                select #f-fc name="founder_college" {
                    @for c in draft.colleges.iter().filter(|c| !c.key.is_empty()) {
                        option value=(c.key) selected[c.key == draft.founder_college] { (c.name) }
                    }
                }
            }
            button type="submit" { (t(l, "found-submit")) }
        }
    };
    layout(&Chrome::from(ctx), &t(l, "found-title"), body)
}
