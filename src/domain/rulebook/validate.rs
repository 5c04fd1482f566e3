//! Validation: every broken rule, each as a code with arguments and, when the rule comes
//! from law or a model constitution, its source (with the confidence mark of `sources.md`).

use super::constraints::{LegalSource, template_constraints};
use super::{ArgValue, Args, DecisionClass, FORMAT, Method, Rulebook, Template};
use crate::domain::election::rules::{Aggregation, ThresholdBase, Weighting};
use crate::domain::fraction::{Fraction, to_display_f64};
use num_bigint::BigInt;
use num_traits::{One, Zero};
use std::collections::BTreeSet;

/// One broken rule: the field at fault, a message code (catalog key `rulebook-violation-CODE`),
/// its arguments, and the legal source when the rule is law rather than Collegia's own.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    pub path: String,
    pub code: &'static str,
    pub args: Args,
    pub source: Option<LegalSource>,
}

/// Every code `validate` and `validate_change` may produce (the catalog test walks this list).
pub const VIOLATION_CODES: &[&str] = &[
    "format",
    "company-form-required",
    "company-form-not-scic",
    "colleges-empty",
    "college-key-invalid",
    "college-key-duplicate",
    "college-name-empty",
    "weight-missing",
    "weight-negative",
    "weights-sum",
    "caps-under-fixed",
    "cap-unknown-college",
    "cap-duplicate",
    "cap-out-of-range",
    "methods-empty",
    "method-duplicate",
    "proposal-only",
    "bloc-method",
    "threshold-out-of-range",
    "threshold-base-electorate",
    "quorum-out-of-range",
    "class-consent-empty",
    "class-consent-unknown-college",
    "class-consent-duplicate",
    "class-consent-threshold-out-of-range",
    "proxies-max-per-holder",
    "scic-college-count",
    "scic-fixed-weighting",
    "scic-college-weight-max",
    "scic-college-weight-min",
    "scic-beneficiaries-college",
    "scic-workers-college",
    "somerset-college-count",
    "somerset-fixed-weighting",
    "fairshares-class-missing",
    "fairshares-class-unknown",
    "quebec-categories",
    "quebec-proxies",
    "sce-investors-cap",
    "template-changed",
    "college-removed-with-members",
];

pub(super) struct Report(pub(super) Vec<Violation>);

impl Report {
    pub(super) fn add(
        &mut self,
        path: impl Into<String>,
        code: &'static str,
        args: Args,
        source: Option<LegalSource>,
    ) {
        debug_assert!(VIOLATION_CODES.contains(&code), "{code} not listed");
        self.0.push(Violation {
            path: path.into(),
            code,
            args,
            source,
        });
    }
}

/// Weights are written in percent: `int(50)` is 50 %.
pub(super) fn int(n: i64) -> Fraction {
    Fraction::from_integer(BigInt::from(n))
}

fn in_unit_range(value: &Fraction) -> bool {
    *value >= Fraction::zero() && *value <= Fraction::one()
}

/// Valid keys are stable identifiers: lower-case ASCII letters, digits and `_`.
pub fn is_valid_key(key: &str) -> bool {
    !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// A weight as people write it (`40`, `33.33`), for messages.
pub(super) fn number_text(value: &Fraction) -> String {
    if value.is_integer() {
        value.numer().to_string()
    } else {
        to_display_f64(value).to_string()
    }
}

/// Every broken rule of `book`, or `Ok` when there is none.
pub fn validate(book: &Rulebook) -> Result<(), Vec<Violation>> {
    let mut report = Report(Vec::new());
    structure(book, &mut report);
    colleges(book, &mut report);
    for class in DecisionClass::ALL {
        decision(book, class, &mut report);
    }
    if book.proxies.allowed && book.proxies.max_per_holder < 1 {
        report.add(
            "proxies.max_per_holder",
            "proxies-max-per-holder",
            vec![],
            None,
        );
    }
    template_constraints(book, &mut report);
    if report.0.is_empty() {
        Ok(())
    } else {
        Err(report.0)
    }
}

/// Validates `next` as a `rules_change` payload against the `current` rulebook: `next` must be
/// valid, keep its template, and not drop a college that still has members (move them first).
pub fn validate_change(
    current: &Rulebook,
    next: &Rulebook,
    members_per_college: &dyn Fn(&str) -> usize,
) -> Result<(), Vec<Violation>> {
    let mut report = Report(validate(next).err().unwrap_or_default());
    if current.template != next.template {
        report.add(
            "template",
            "template-changed",
            vec![
                ("from", ArgValue::Text(current.template.key().into())),
                ("to", ArgValue::Text(next.template.key().into())),
            ],
            None,
        );
    }
    for (i, old) in current.colleges.iter().enumerate() {
        let members = members_per_college(&old.key);
        if members > 0 && next.college(&old.key).is_none() {
            report.add(
                format!("colleges[{i}]"),
                "college-removed-with-members",
                vec![
                    ("college", ArgValue::Text(old.key.clone())),
                    (
                        "members",
                        ArgValue::Int(i64::try_from(members).unwrap_or(i64::MAX)),
                    ),
                ],
                None,
            );
        }
    }
    if report.0.is_empty() {
        Ok(())
    } else {
        Err(report.0)
    }
}

fn structure(book: &Rulebook, report: &mut Report) {
    if book.format != FORMAT {
        report.add(
            "format",
            "format",
            vec![
                ("expected", ArgValue::Text(FORMAT.into())),
                ("found", ArgValue::Text(book.format.clone())),
            ],
            None,
        );
    }
    match (book.template, book.company_form) {
        (Template::Scic, None) => report.add("company_form", "company-form-required", vec![], None),
        (Template::Scic, Some(_)) | (_, None) => {}
        (_, Some(_)) => report.add("company_form", "company-form-not-scic", vec![], None),
    }
}

fn colleges(book: &Rulebook, report: &mut Report) {
    if book.colleges.is_empty() {
        report.add("colleges", "colleges-empty", vec![], None);
    }
    let mut seen = BTreeSet::new();
    let mut sum = Fraction::zero();
    let mut all_weighted = true;
    for (i, college) in book.colleges.iter().enumerate() {
        let key = || vec![("key", ArgValue::Text(college.key.clone()))];
        if !is_valid_key(&college.key) {
            report.add(
                format!("colleges[{i}].key"),
                "college-key-invalid",
                key(),
                None,
            );
        } else if !seen.insert(college.key.as_str()) {
            report.add(
                format!("colleges[{i}].key"),
                "college-key-duplicate",
                key(),
                None,
            );
        }
        if college.name.trim().is_empty() {
            report.add(
                format!("colleges[{i}].name"),
                "college-name-empty",
                key(),
                None,
            );
        }
        match &college.weight {
            Some(w) if *w < Fraction::zero() => {
                report.add(
                    format!("colleges[{i}].weight"),
                    "weight-negative",
                    key(),
                    None,
                );
                all_weighted = false;
            }
            Some(w) => sum += w,
            None if book.weighting == Weighting::Fixed => {
                report.add(
                    format!("colleges[{i}].weight"),
                    "weight-missing",
                    key(),
                    None,
                );
                all_weighted = false;
            }
            None => {}
        }
    }
    if book.weighting == Weighting::Fixed
        && all_weighted
        && !book.colleges.is_empty()
        && sum != int(100)
    {
        report.add(
            "colleges",
            "weights-sum",
            vec![("sum", ArgValue::Text(number_text(&sum)))],
            None,
        );
    }
    if book.weighting == Weighting::Fixed && !book.caps.is_empty() {
        report.add("caps", "caps-under-fixed", vec![], None);
    }
    let mut capped = BTreeSet::new();
    for (i, cap) in book.caps.iter().enumerate() {
        let args = || vec![("college", ArgValue::Text(cap.college.clone()))];
        if book.college(&cap.college).is_none() {
            report.add(
                format!("caps[{i}].college"),
                "cap-unknown-college",
                args(),
                None,
            );
        } else if !capped.insert(cap.college.as_str()) {
            report.add(format!("caps[{i}].college"), "cap-duplicate", args(), None);
        }
        if !in_unit_range(&cap.max_weight) {
            report.add(
                format!("caps[{i}].max_weight"),
                "cap-out-of-range",
                args(),
                None,
            );
        }
    }
}

fn decision(book: &Rulebook, class: DecisionClass, report: &mut Report) {
    let d = book.decisions.get(class);
    let at = |field: &str| format!("decisions.{}.{field}", class.key());
    let class_arg = || ("class", ArgValue::Key(class_name_key(class)));
    if d.methods.is_empty() {
        report.add(at("methods"), "methods-empty", vec![class_arg()], None);
    }
    let mut seen = BTreeSet::new();
    for (i, method) in d.methods.iter().enumerate() {
        let method_arg = ("method", ArgValue::Key(method_name_key(*method)));
        if !seen.insert(method.key()) {
            report.add(
                format!("{}[{i}]", at("methods")),
                "method-duplicate",
                vec![method_arg.clone()],
                None,
            );
        }
        if class.proposal_only() && *method != Method::Proposal {
            report.add(
                format!("{}[{i}]", at("methods")),
                "proposal-only",
                vec![class_arg(), method_arg.clone()],
                None,
            );
        }
        // The election spec refuses bloc with ranked or score wherever aggregation applies.
        let aggregates = book.weighting == Weighting::Fixed || !book.caps.is_empty();
        if aggregates
            && book.aggregation == Aggregation::Bloc
            && matches!(method, Method::Ranked | Method::Score)
        {
            report.add(
                format!("{}[{i}]", at("methods")),
                "bloc-method",
                vec![method_arg],
                None,
            );
        }
    }
    if !in_unit_range(&d.threshold.share) {
        report.add(
            at("threshold.share"),
            "threshold-out-of-range",
            vec![class_arg()],
            None,
        );
    }
    if d.threshold.base == ThresholdBase::Electorate
        && d.methods.iter().any(|m| *m != Method::Proposal)
    {
        report.add(
            at("threshold.base"),
            "threshold-base-electorate",
            vec![class_arg()],
            None,
        );
    }
    for (field, quorum) in [
        ("quorum", &d.quorum),
        ("second_call_quorum", &d.second_call_quorum),
    ] {
        if let Some(q) = quorum
            && !in_unit_range(&q.turnout)
        {
            report.add(
                at(&format!("{field}.turnout")),
                "quorum-out-of-range",
                vec![class_arg()],
                None,
            );
        }
    }
    if let Some(consent) = &d.class_consent {
        if consent.colleges.is_empty() {
            report.add(
                at("class_consent.colleges"),
                "class-consent-empty",
                vec![class_arg()],
                None,
            );
        }
        let mut named = BTreeSet::new();
        for (i, key) in consent.colleges.iter().enumerate() {
            let path = format!("{}[{i}]", at("class_consent.colleges"));
            let args = vec![("college", ArgValue::Text(key.clone()))];
            if book.college(key).is_none() {
                report.add(path, "class-consent-unknown-college", args, None);
            } else if !named.insert(key.as_str()) {
                report.add(path, "class-consent-duplicate", args, None);
            }
        }
        if let Some(t) = &consent.threshold
            && !in_unit_range(&t.share)
        {
            report.add(
                at("class_consent.threshold.share"),
                "class-consent-threshold-out-of-range",
                vec![class_arg()],
                None,
            );
        }
    }
}

pub(crate) fn class_name_key(class: DecisionClass) -> &'static str {
    match class {
        DecisionClass::Ordinary => "rulebook-class-ordinary",
        DecisionClass::Extraordinary => "rulebook-class-extraordinary",
        DecisionClass::RulesChange => "rulebook-class-rules_change",
        DecisionClass::PayoutRule => "rulebook-class-payout_rule",
    }
}

pub(crate) fn method_name_key(method: Method) -> &'static str {
    match method {
        Method::Proposal => "rulebook-method-proposal",
        Method::Consent => "rulebook-method-consent",
        Method::Single => "rulebook-method-single",
        Method::Approval => "rulebook-method-approval",
        Method::Ranked => "rulebook-method-ranked",
        Method::Score => "rulebook-method-score",
        Method::Dot => "rulebook-method-dot",
    }
}
