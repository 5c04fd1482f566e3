//! The founding form: a template's rulebook with its colleges, weights, thresholds, quorums
//! and proxy limits editable. The handler reads the form back into a rulebook.

use super::coops::explanation;
use super::forms::{alert, csrf};
use super::layout::{Chrome, page};
use crate::domain::rulebook::{CompanyForm, DecisionClass, Rulebook, Template};
use crate::i18n::{Locale, t};
use maud::{Markup, html};

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

/// What the form holds, as typed (read and checked in `pages::founding`).
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

/// What the founding page shows.
pub struct FoundingView<'a> {
    pub draft: &'a Draft,
    /// The template the draft started from.
    pub template: Template,
    /// The template's rulebook, explained above the form.
    pub book: &'a Rulebook,
    /// Rulebook paths whose defaults the statutes must confirm.
    pub unverified: Vec<&'static str>,
    /// Why the last submission was refused.
    pub errors: &'a [String],
}

fn check_mark(unverified: &[&str], path: &str, locale: Locale) -> Markup {
    html! {
        @if unverified.contains(&path) {
            " " span.hint { (t(locale, "found-check-statutes")) }
        }
    }
}

/// The whole founding page: template choice, explanation, and the form.
pub fn founding_page(chrome: &Chrome<'_>, v: &FoundingView<'_>) -> Markup {
    let l = chrome.locale;
    let (draft, book, tpl, unverified) = (v.draft, v.book, v.template, &v.unverified);
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
        (errors_list(v.errors))
        form method="post" action="/coops/new" {
            (csrf(chrome.csrf))
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
                table.stack {
                    thead { tr { th { (t(l, "found-college-key")) } th { (t(l, "found-college-name")) } th { (t(l, "found-college-weight")) (check_mark(unverified, "colleges[].weight", l)) } } }
                    tbody {
                        @for (i, c) in draft.colleges.iter().enumerate() {
                            tr {
                                td data-label=(t(l, "found-college-key")) { input name=(format!("c{i}_key")) value=(c.key) aria-label=(t(l, "found-college-key")); }
                                td data-label=(t(l, "found-college-name")) { input name=(format!("c{i}_name")) value=(c.name) aria-label=(t(l, "found-college-name")); }
                                td data-label=(t(l, "found-college-weight")) { input name=(format!("c{i}_weight")) value=(c.weight) size="6" aria-label=(t(l, "found-college-weight")); }
                            }
                        }
                    }
                }
            }
            fieldset {
                legend { (t(l, "found-decisions")) }
                table.stack {
                    thead { tr { td {} th { (t(l, "found-threshold")) } th { (t(l, "found-strict")) } th { (t(l, "found-quorum")) } } }
                    tbody {
                        @for (class, row) in DecisionClass::ALL.iter().zip(&draft.classes) {
                            @let k = class.key();
                            tr {
                                th scope="row" { (t(l, &format!("rulebook-class-{k}"))) }
                                td data-label=(t(l, "found-threshold")) { input name=(format!("d_{k}_threshold")) value=(row.threshold) size="6" aria-label=(t(l, "found-threshold")); (check_mark(unverified, &format!("decisions.{k}.threshold"), l)) }
                                td data-label=(t(l, "found-strict")) { input type="checkbox" name=(format!("d_{k}_strict")) value="on" checked[row.strict] aria-label=(t(l, "found-strict")); }
                                td data-label=(t(l, "found-quorum")) { input name=(format!("d_{k}_quorum")) value=(row.quorum) size="6" aria-label=(t(l, "found-quorum")); (check_mark(unverified, &format!("decisions.{k}.quorum"), l)) }
                            }
                        }
                    }
                }
                p.hint { (t(l, "found-fraction-hint")) }
            }
            fieldset {
                legend { (t(l, "found-proxies")) }
                p.check { input #f-pa type="checkbox" name="proxies_allowed" value="on" checked[draft.proxies_allowed]; " " label for="f-pa" { (t(l, "found-proxies-allowed")) } }
                p.field { label for="f-pm" { (t(l, "found-proxies-max")) (check_mark(unverified, "proxies.max_per_holder", l)) } input #f-pm name="proxies_max" value=(draft.proxies_max) size="4"; }
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
    page(chrome, &t(l, "found-title"), body)
}

/// Shown where a refused edit lists its reasons.
pub fn errors_list(errors: &[String]) -> Markup {
    html! {
        @if !errors.is_empty() {
            (alert(Some(&errors.join(" · "))))
            ul.errors { @for e in errors { li { (e) } } }
        }
    }
}

/// The default language of a new co-op form.
pub fn locale_options(selected: &str) -> Markup {
    html! {
        @for l in Locale::ALL {
            option value=(l.code()) selected[l.code() == selected] {
                @match l { Locale::En => "English", Locale::Fr => "Français" }
            }
        }
    }
}
