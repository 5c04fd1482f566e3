//! Plain-language explanations of a rulebook, as codes with arguments (catalog key
//! `rulebook-explain-CODE`), so pages, mail and the CLI say the same thing in every language.

use super::validate::{class_name_key, method_name_key};
use super::{ArgValue, Args, CompanyForm, DecisionClass, Method, Rulebook, Template};
use crate::domain::election::rules::{
    Abstentions, Aggregation, BlockMode, EmptyCollege, Quorum, QuorumBasis, QuorumScope,
    ThresholdBase, Weighting,
};
use crate::domain::fraction::Fraction;
use num_bigint::BigInt;
use num_traits::Zero;

/// One sentence about the rules: a code and its arguments.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    pub code: &'static str,
    pub args: Args,
}

/// Every code `explain` may produce (the catalog test walks this list).
pub const EXPLANATION_CODES: &[&str] = &[
    "template",
    "company-form",
    "college-fixed",
    "college-consultative",
    "headcount",
    "cap",
    "aggregation-proportional",
    "aggregation-bloc",
    "empty-redistribute",
    "empty-zero",
    "abstentions-excluded",
    "abstentions-against",
    "class-methods",
    "class-threshold",
    "class-quorum",
    "class-no-quorum",
    "class-second-call",
    "class-second-call-no-quorum",
    "class-consent",
    "class-block-veto",
    "class-block-disagree",
    "class-min-open",
    "proxies-forbidden",
    "proxies-allowed",
    "may-propose",
    "nobody-may-propose",
];

fn say(out: &mut Vec<Explanation>, code: &'static str, args: Args) {
    debug_assert!(EXPLANATION_CODES.contains(&code), "{code} not listed");
    out.push(Explanation { code, args });
}

fn text(s: &str) -> ArgValue {
    ArgValue::Text(s.to_string())
}

/// Common fractions have words ("two thirds"); the catalog selects on this name.
fn share_name(share: &Fraction) -> ArgValue {
    let is = |p: i64, q: i64| *share == Fraction::new(BigInt::from(p), BigInt::from(q));
    text(if is(1, 2) {
        "half"
    } else if is(2, 3) {
        "two_thirds"
    } else if is(3, 4) {
        "three_quarters"
    } else {
        "other"
    })
}

/// The rulebook in sentences, in a stable order: who weighs what, then each decision class,
/// then proxies and who may propose.
pub fn explain(book: &Rulebook) -> Vec<Explanation> {
    let mut out = Vec::new();
    let template_key = match book.template {
        Template::Scic => "rulebook-template-scic",
        Template::Somerset => "rulebook-template-somerset",
        Template::Fairshares => "rulebook-template-fairshares",
        Template::QuebecSolidarity => "rulebook-template-quebec_solidarity",
        Template::Sce => "rulebook-template-sce",
        Template::OneMemberOneVote => "rulebook-template-one_member_one_vote",
    };
    say(
        &mut out,
        "template",
        vec![("template", ArgValue::Key(template_key))],
    );
    if let Some(form) = book.company_form {
        let key = match form {
            CompanyForm::Sa => "rulebook-form-sa",
            CompanyForm::Sas => "rulebook-form-sas",
            CompanyForm::Sarl => "rulebook-form-sarl",
        };
        say(&mut out, "company-form", vec![("form", ArgValue::Key(key))]);
    }
    weights(book, &mut out);
    for class in DecisionClass::ALL {
        decision(book, class, &mut out);
    }
    if book.proxies.allowed {
        say(
            &mut out,
            "proxies-allowed",
            vec![
                ("max", ArgValue::Int(i64::from(book.proxies.max_per_holder))),
                (
                    "same_college",
                    text(if book.proxies.same_college {
                        "yes"
                    } else {
                        "no"
                    }),
                ),
            ],
        );
    } else {
        say(&mut out, "proxies-forbidden", vec![]);
    }
    let proposers: Vec<String> = book
        .colleges
        .iter()
        .filter(|c| c.may_propose)
        .map(|c| c.name.clone())
        .collect();
    if proposers.is_empty() {
        say(&mut out, "nobody-may-propose", vec![]);
    } else {
        say(
            &mut out,
            "may-propose",
            vec![("colleges", ArgValue::Texts(proposers))],
        );
    }
    out
}

fn weights(book: &Rulebook, out: &mut Vec<Explanation>) {
    let hundred = Fraction::from_integer(BigInt::from(100));
    let aggregates = match book.weighting {
        Weighting::Fixed => {
            for c in &book.colleges {
                let Some(w) = &c.weight else { continue };
                let college = ("college", ArgValue::Text(c.name.clone()));
                if w.is_zero() {
                    say(out, "college-consultative", vec![college]);
                } else {
                    say(
                        out,
                        "college-fixed",
                        vec![college, ("percent", ArgValue::Percent(w / &hundred))],
                    );
                }
            }
            true
        }
        Weighting::Headcount => {
            say(out, "headcount", vec![]);
            for cap in &book.caps {
                let name = book
                    .college(&cap.college)
                    .map_or(cap.college.clone(), |c| c.name.clone());
                say(
                    out,
                    "cap",
                    vec![
                        ("college", ArgValue::Text(name)),
                        ("percent", ArgValue::Percent(cap.max_weight.clone())),
                    ],
                );
            }
            !book.caps.is_empty()
        }
    };
    if aggregates && book.colleges.len() > 1 {
        say(
            out,
            match book.aggregation {
                Aggregation::Proportional => "aggregation-proportional",
                Aggregation::Bloc => "aggregation-bloc",
            },
            vec![],
        );
    }
    if book.weighting == Weighting::Fixed {
        let code = match book.empty_college {
            EmptyCollege::Redistribute => "empty-redistribute",
            EmptyCollege::Zero => "empty-zero",
        };
        say(out, code, vec![]);
    }
    let code = match book.abstentions {
        Abstentions::Excluded => "abstentions-excluded",
        Abstentions::Against => "abstentions-against",
    };
    say(out, code, vec![]);
}

fn decision(book: &Rulebook, class: DecisionClass, out: &mut Vec<Explanation>) {
    let d = book.decisions.get(class);
    let class_arg = || ("class", ArgValue::Key(class_name_key(class)));
    let methods = d.methods.iter().map(|m| method_name_key(*m)).collect();
    say(
        out,
        "class-methods",
        vec![class_arg(), ("methods", ArgValue::Keys(methods))],
    );
    let weighted = book.weighting == Weighting::Fixed || !book.caps.is_empty();
    let basis = match d.threshold.base {
        ThresholdBase::Electorate => "electorate",
        ThresholdBase::Counted if weighted => "weighted",
        ThresholdBase::Counted => "cast",
    };
    say(
        out,
        "class-threshold",
        vec![
            class_arg(),
            ("percent", ArgValue::Percent(d.threshold.share.clone())),
            ("share", share_name(&d.threshold.share)),
            (
                "strict",
                text(if d.threshold.strict { "yes" } else { "no" }),
            ),
            ("basis", text(basis)),
        ],
    );
    let quorum_args = |q: &Quorum| {
        let basis = match (q.scope, q.basis) {
            (QuorumScope::EachCollege, _) => "each_college",
            (QuorumScope::Overall, QuorumBasis::Weighted) if book.weighting == Weighting::Fixed => {
                "weighted"
            }
            (QuorumScope::Overall, _) => "headcount",
        };
        vec![
            class_arg(),
            ("percent", ArgValue::Percent(q.turnout.clone())),
            ("basis", text(basis)),
        ]
    };
    match &d.quorum {
        Some(q) => say(out, "class-quorum", quorum_args(q)),
        None => say(out, "class-no-quorum", vec![class_arg()]),
    }
    if d.min_open_hours > 0 {
        say(
            out,
            "class-min-open",
            vec![
                class_arg(),
                ("hours", ArgValue::Int(i64::from(d.min_open_hours))),
                ("days", ArgValue::Int(i64::from(d.min_open_hours / 24))),
                (
                    "whole_days",
                    text(if d.min_open_hours.is_multiple_of(24) {
                        "yes"
                    } else {
                        "no"
                    }),
                ),
            ],
        );
    }
    match &d.second_call_quorum {
        Some(q) if q.turnout.is_zero() => {
            say(out, "class-second-call-no-quorum", vec![class_arg()])
        }
        Some(q) => say(out, "class-second-call", quorum_args(q)),
        None => {}
    }
    if !d.methods.contains(&Method::Proposal) {
        return;
    }
    if let Some(consent) = &d.class_consent {
        let names = consent
            .colleges
            .iter()
            .map(|k| book.college(k).map_or(k.clone(), |c| c.name.clone()))
            .collect();
        say(
            out,
            "class-consent",
            vec![class_arg(), ("colleges", ArgValue::Texts(names))],
        );
    }
    let code = match d.block {
        BlockMode::Veto => "class-block-veto",
        BlockMode::Disagree => "class-block-disagree",
    };
    say(out, code, vec![class_arg()]);
}
