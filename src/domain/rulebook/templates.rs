//! The six starting rulebooks (`shared/rules/templates.md`), with the sources of their values.
//!
//! Defaults, not legal advice: `unverified_defaults` lists the fields whose value rests on a
//! source marked [NV] (or on a design choice) in `sources.md`, so the UI can say "check against
//! your statutes" beside them.

use super::{
    College, CompanyForm, Decision, Decisions, FORMAT, Method, Proxies, Rulebook, Template,
};
use crate::domain::election::rules::{
    Abstentions, Aggregation, BlockMode, Cap, ClassConsent, EmptyCollege, Quorum, QuorumBasis,
    QuorumScope, Threshold, ThresholdBase, Weighting,
};
use crate::domain::fraction::Fraction;
use num_bigint::BigInt;

fn frac(p: i64, q: i64) -> Fraction {
    Fraction::new(BigInt::from(p), BigInt::from(q))
}

fn college(key: &str, name: &str, weight: Option<i64>, may_propose: bool) -> College {
    College {
        key: key.to_string(),
        name: name.to_string(),
        weight: weight.map(|w| Fraction::from_integer(BigInt::from(w))),
        may_start_threads: true,
        may_propose,
    }
}

fn threshold(p: i64, q: i64, strict: bool) -> Threshold {
    Threshold {
        share: frac(p, q),
        strict,
        base: ThresholdBase::Counted,
    }
}

fn quorum(p: i64, q: i64, basis: QuorumBasis) -> Quorum {
    Quorum {
        turnout: frac(p, q),
        scope: QuorumScope::Overall,
        basis,
    }
}

/// Day-to-day business: every method, a simple majority of the votes cast, a block vetoes.
fn ordinary(quorum: Option<Quorum>) -> Decision {
    Decision {
        methods: Method::ALL.to_vec(),
        threshold: threshold(1, 2, true),
        quorum,
        second_call_quorum: None,
        class_consent: None,
        block: BlockMode::Veto,
        min_open_hours: ORDINARY_MIN_OPEN_HOURS,
    }
}

/// Least open time of an ordinary proposal: a day, so everyone can see it at least once.
pub const ORDINARY_MIN_OPEN_HOURS: u32 = 24;
/// Least open time of an enacting one: 14 days, as the notice periods the law sets for
/// general meetings (15 days in French SA/SARL, 14 clear days in UK model rules), so a small
/// group cannot change the rules in minutes. Unverified for online votes: check the statutes.
pub const STATUTORY_MIN_OPEN_HOURS: u32 = 336;

/// Statute-level business: a proposal only, a qualified majority, a block counts against.
fn statutory(threshold: Threshold, quorum: Option<Quorum>, second: Option<Quorum>) -> Decision {
    Decision {
        methods: vec![Method::Proposal],
        threshold,
        quorum,
        second_call_quorum: second,
        class_consent: None,
        block: BlockMode::Disagree,
        min_open_hours: STATUTORY_MIN_OPEN_HOURS,
    }
}

/// The same statute-level rule for `extraordinary`, `rules_change` and `payout_rule`: changing
/// colleges, weights or the surplus rule amends the statutes (sources.md §1.2, §7).
fn decisions(ordinary: Decision, statutory: Decision) -> Decisions {
    Decisions {
        ordinary,
        extraordinary: statutory.clone(),
        rules_change: statutory.clone(),
        payout_rule: statutory,
    }
}

fn proxies(max_per_holder: u32, same_college: bool) -> Proxies {
    Proxies {
        allowed: true,
        max_per_holder,
        same_college,
    }
}

fn base(
    template: Template,
    colleges: Vec<College>,
    weighting: Weighting,
    decisions: Decisions,
) -> Rulebook {
    Rulebook {
        format: FORMAT.to_string(),
        template,
        company_form: None,
        colleges,
        weighting,
        aggregation: Aggregation::Proportional,
        caps: vec![],
        empty_college: EmptyCollege::Redistribute,
        abstentions: Abstentions::Excluded,
        decisions,
        proxies: Proxies::default(),
    }
}

/// The starting rulebook of `template`. `form` matters for `scic` only (default SA) and is
/// ignored elsewhere; the CLI refuses it there.
pub fn template(template: Template, form: Option<CompanyForm>) -> Rulebook {
    match template {
        Template::Scic => scic(form.unwrap_or(CompanyForm::Sa)),
        Template::Somerset => {
            let mut book = base(
                template,
                vec![
                    college("workers", "Workers", Some(50), true),
                    college("users", "Users", Some(25), true),
                    college("investors", "Investors", Some(25), false),
                ],
                Weighting::Fixed,
                decisions(
                    ordinary(None),
                    statutory(threshold(3, 4, false), None, None),
                ),
            );
            book.proxies = proxies(5, false);
            book
        }
        Template::Fairshares => {
            let members = Some(quorum(2, 5, QuorumBasis::Headcount));
            let mut special = statutory(threshold(3, 4, false), members.clone(), None);
            // A special resolution: a majority inside every class and 3/4 overall.
            special.class_consent = Some(ClassConsent {
                colleges: ["founders", "labour", "users", "investors"]
                    .map(String::from)
                    .to_vec(),
                threshold: None,
            });
            let mut book = base(
                template,
                vec![
                    college("founders", "Founders", None, true),
                    college("labour", "Labour", None, true),
                    college("users", "Users", None, true),
                    college("investors", "Investors", None, true),
                ],
                Weighting::Headcount,
                decisions(ordinary(members), special),
            );
            book.proxies = proxies(1, false);
            book
        }
        Template::QuebecSolidarity => base(
            template,
            vec![
                college("users", "Membres utilisateurs", None, true),
                college("workers", "Membres travailleurs", None, true),
                college("supporters", "Membres de soutien", None, true),
            ],
            Weighting::Headcount,
            decisions(
                ordinary(None),
                statutory(threshold(2, 3, false), None, None),
            ),
        ),
        Template::Sce => {
            // Art. 61: half of all members on first convocation, no quorum on the second.
            let first = Some(quorum(1, 2, QuorumBasis::Headcount));
            let second = Some(quorum(0, 1, QuorumBasis::Headcount));
            let mut book = base(
                template,
                vec![
                    college("users", "Users", None, true),
                    college("investors", "Investor members", None, false),
                ],
                Weighting::Headcount,
                decisions(
                    ordinary(None),
                    statutory(threshold(2, 3, false), first, second),
                ),
            );
            book.caps = vec![Cap {
                college: "investors".to_string(),
                max_weight: frac(1, 4),
            }];
            book.proxies = proxies(1, false);
            book
        }
        Template::OneMemberOneVote => {
            let mut book = base(
                template,
                vec![college("all", "All members", None, true)],
                Weighting::Headcount,
                decisions(
                    ordinary(None),
                    statutory(threshold(2, 3, false), None, None),
                ),
            );
            book.proxies = proxies(1, false);
            book
        }
    }
}

/// SCIC: company law per form (sources.md §1.3). SAS is free (statutes decide): it starts from
/// the SA figures, flagged as unverified. SARL ordinary decisions start from the second
/// consultation's rule (majority of votes cast, no quorum), also flagged.
fn scic(form: CompanyForm) -> Rulebook {
    let weighted = |p, q| Some(quorum(p, q, QuorumBasis::Weighted));
    let first_ordinary = match form {
        CompanyForm::Sa | CompanyForm::Sas => weighted(1, 5),
        CompanyForm::Sarl => None,
    };
    let mut book = base(
        Template::Scic,
        vec![
            college("workers", "Salariés et producteurs", Some(40), true),
            college("beneficiaries", "Bénéficiaires", Some(40), false),
            college("supporters", "Soutiens", Some(20), false),
        ],
        Weighting::Fixed,
        decisions(
            ordinary(first_ordinary),
            statutory(threshold(2, 3, false), weighted(1, 4), weighted(1, 5)),
        ),
    );
    book.company_form = Some(form);
    book.proxies = proxies(2, true);
    book
}

/// Field paths (as validation names them) whose default rests on an unverified source.
pub fn unverified_defaults(template: Template, form: Option<CompanyForm>) -> Vec<&'static str> {
    const STATUTORY: [&str; 6] = [
        "decisions.extraordinary.threshold",
        "decisions.extraordinary.quorum",
        "decisions.rules_change.threshold",
        "decisions.rules_change.quorum",
        "decisions.payout_rule.threshold",
        "decisions.payout_rule.quorum",
    ];
    // The minimum open periods are Collegia's choice, drawn from general-meeting notice
    // periods: to be checked against every co-op's statutes.
    let mut paths = vec![
        "decisions.ordinary.min_open_hours",
        "decisions.extraordinary.min_open_hours",
        "decisions.rules_change.min_open_hours",
        "decisions.payout_rule.min_open_hours",
    ];
    match template {
        Template::Scic => {
            // Proportional aggregation: no model statute was reachable (§1.2).
            paths.push("aggregation");
            match form.unwrap_or(CompanyForm::Sa) {
                CompanyForm::Sa => {}
                CompanyForm::Sas => {
                    paths.extend(["decisions.ordinary.threshold", "decisions.ordinary.quorum"]);
                    paths.extend(STATUTORY);
                    paths.extend([
                        "decisions.extraordinary.second_call_quorum",
                        "decisions.rules_change.second_call_quorum",
                        "decisions.payout_rule.second_call_quorum",
                    ]);
                }
                CompanyForm::Sarl => {
                    paths.extend(["decisions.ordinary.threshold", "decisions.ordinary.quorum"])
                }
            }
        }
        // No Somerset default was read in the model rules (§10.2): every figure is an input.
        Template::Somerset => {
            paths.extend([
                "colleges[].weight",
                "decisions.ordinary.threshold",
                "proxies.max_per_holder",
            ]);
            paths.extend(STATUTORY);
        }
        Template::Fairshares => {}
        // The general by-law amendment provision was not found (§10.4).
        Template::QuebecSolidarity => paths.extend(STATUTORY),
        // Art. 59 caps are [NV]; excluding abstentions is a design choice (§10.3).
        Template::Sce => paths.extend(["caps", "abstentions", "decisions.ordinary.threshold"]),
        Template::OneMemberOneVote => {}
    }
    paths
}
