//! The founding form: a template's rulebook with its colleges, weights, thresholds, quorums
//! and proxy limits editable, turned back into a rulebook that validation checks.

use crate::coops::valid_slug;
use crate::domain::election::rules::{Quorum, QuorumBasis, QuorumScope};
use crate::domain::fraction::{Fraction, parse_fraction, to_ratio_string};
use crate::domain::refusal::Code;
use crate::domain::rulebook::{
    College, CompanyForm, DecisionClass, Rulebook, Template, template, unverified_defaults,
};
use crate::i18n::{Arg, Locale, render, t};
use crate::web::context::Ctx;
pub use crate::web::views::founding::{ClassRow, CollegeRow, Draft};
use crate::web::views::founding::{FoundingView, founding_page};
use crate::web::views::layout::Chrome;
use maud::Markup;

/// Extra empty college rows offered for adding colleges.
const SPARE_ROWS: usize = 2;

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

/// The founding page for `draft`, explaining `book`, listing `errors`.
pub fn page(ctx: &Ctx, draft: &Draft, book: &Rulebook, errors: &[String]) -> Markup {
    let (template, form) = draft.chosen();
    let view = FoundingView {
        draft,
        template,
        book,
        unverified: unverified_defaults(template, form),
        errors,
    };
    founding_page(&Chrome::from(ctx), &view)
}
