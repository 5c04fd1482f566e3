use super::*;
use crate::domain::election::rules::{
    Cap, ClassConsent, Quorum, QuorumBasis, QuorumScope, Rules, ThresholdBase, Weighting,
};
use crate::domain::fraction::Fraction;
use num_bigint::BigInt;

fn frac(p: i64, q: i64) -> Fraction {
    Fraction::new(BigInt::from(p), BigInt::from(q))
}

fn int(n: i64) -> Option<Fraction> {
    Some(Fraction::from_integer(BigInt::from(n)))
}

fn every_template() -> Vec<Rulebook> {
    let mut all: Vec<_> = Template::ALL.iter().map(|t| template(*t, None)).collect();
    all.extend(
        CompanyForm::ALL
            .iter()
            .map(|f| template(Template::Scic, Some(*f))),
    );
    all
}

fn codes(book: &Rulebook) -> Vec<&'static str> {
    validate(book)
        .err()
        .unwrap_or_default()
        .iter()
        .map(|v| v.code)
        .collect()
}

fn refused(book: &Rulebook, code: &str) -> Violation {
    let violations = validate(book).expect_err("accepted");
    violations
        .into_iter()
        .find(|v| v.code == code)
        .unwrap_or_else(|| panic!("no {code} in {:?}", codes(book)))
}

#[test]
fn every_template_validates() {
    for book in every_template() {
        assert_eq!(validate(&book), Ok(()), "{:?}", book.template);
    }
}

#[test]
fn every_template_round_trips_through_json() {
    for book in every_template() {
        let text = book.to_json_pretty();
        assert_eq!(parse(&text).unwrap(), book, "{text}");
    }
}

#[test]
fn the_spec_example_parses_and_validates() {
    let statutory = r#"{ "methods": ["proposal"], "threshold": { "share": "2/3", "strict": false },
      "quorum": { "turnout": "1/4", "scope": "overall", "basis": "weighted" },
      "second_call_quorum": { "turnout": "1/5", "scope": "overall", "basis": "weighted" },
      "class_consent": null, "block": "disagree" }"#;
    let text = format!(
        r#"{{ "format": "collegia-rulebook/1", "template": "scic", "company_form": "sa",
  "colleges": [
    {{ "key": "workers", "name": "Salariés et producteurs", "weight": 40, "may_start_threads": true, "may_propose": true }},
    {{ "key": "beneficiaries", "name": "Bénéficiaires", "weight": 40, "may_start_threads": true, "may_propose": false }},
    {{ "key": "supporters", "name": "Soutiens", "weight": 20, "may_start_threads": true, "may_propose": false }} ],
  "weighting": "fixed", "aggregation": "proportional", "caps": [], "empty_college": "redistribute", "abstentions": "excluded",
  "decisions": {{
    "ordinary": {{ "methods": ["proposal", "consent", "single", "approval", "ranked", "score", "dot"],
      "threshold": {{ "share": "1/2", "strict": true }},
      "quorum": {{ "turnout": "1/5", "scope": "overall", "basis": "weighted" }},
      "second_call_quorum": null, "class_consent": null, "block": "veto" }},
    "extraordinary": {statutory}, "rules_change": {statutory}, "payout_rule": {statutory} }},
  "proxies": {{ "allowed": true, "max_per_holder": 2, "same_college": true }} }}"#
    );
    let book = parse(&text).unwrap();
    assert_eq!(validate(&book), Ok(()));
    // The example predates `min_open_hours` (absent = 0); the template adds its defaults.
    let mut expected = template(Template::Scic, Some(CompanyForm::Sa));
    for class in DecisionClass::ALL {
        expected.decisions.get_mut(class).min_open_hours = 0;
    }
    assert_eq!(book, expected);
}

#[test]
fn min_open_hours_defaults_to_zero_and_templates_set_a_day_and_fourteen() {
    for t in Template::ALL {
        let book = template(t, None);
        assert_eq!(book.decisions.ordinary.min_open_hours, 24, "{t:?}");
        for class in [
            DecisionClass::Extraordinary,
            DecisionClass::RulesChange,
            DecisionClass::PayoutRule,
        ] {
            assert_eq!(
                book.decisions.get(class).min_open_hours,
                336,
                "{t:?} {class:?}"
            );
        }
        // Printed, read back the same, and valid.
        let again = parse(&book.to_json_pretty()).unwrap();
        assert_eq!(again, book);
        assert_eq!(validate(&again), Ok(()));
        assert!(unverified_defaults(t, None).contains(&"decisions.rules_change.min_open_hours"));
    }
    // Absent: 0, and a 0 is not printed (old rulebooks print as they were written).
    let mut book = template(Template::Somerset, None);
    book.decisions.ordinary.min_open_hours = 0;
    let text = book.to_json_pretty();
    assert_eq!(text.matches("min_open_hours").count(), 3);
    assert_eq!(parse(&text).unwrap().decisions.ordinary.min_open_hours, 0);
    // Whole hours only.
    let bad = template(Template::Somerset, None)
        .to_json_pretty()
        .replacen("\"min_open_hours\": 24", "\"min_open_hours\": 1.5", 1);
    let e = parse(&bad).unwrap_err();
    assert_eq!(e.path, "decisions.ordinary.min_open_hours", "{e}");
    let negative = template(Template::Somerset, None)
        .to_json_pretty()
        .replacen("\"min_open_hours\": 24", "\"min_open_hours\": -1", 1);
    assert!(parse(&negative).is_err());
}

#[test]
fn the_rules_explain_the_least_open_time() {
    let book = template(Template::Scic, Some(CompanyForm::Sa));
    let said: Vec<_> = explain(&book)
        .into_iter()
        .filter(|e| e.code == "class-min-open")
        .collect();
    assert_eq!(said.len(), 4, "one sentence per class");
}

#[test]
fn parse_errors_name_the_field() {
    let good = template(Template::Somerset, None).to_json_pretty();
    let typo = good.replacen("\"block\"", "\"blok\"", 1);
    let e = parse(&typo).unwrap_err();
    assert_eq!(e.path, "decisions.ordinary.blok", "{e}");
    assert!(e.message.contains("unknown field"), "{e}");

    let missing = good.replacen("\"threshold\"", "\"quorum_x\"", 1);
    assert!(
        parse(&missing)
            .unwrap_err()
            .path
            .starts_with("decisions.ordinary")
    );

    let weight = good.replacen("\"weight\": 25", "\"weight\": \"lots\"", 1);
    assert_eq!(parse(&weight).unwrap_err().path, "colleges[1].weight");

    let duplicate = good.replacen("\"template\"", "\"template\": \"sce\", \"template\"", 1);
    assert!(
        parse(&duplicate)
            .unwrap_err()
            .message
            .contains("duplicate field")
    );

    for bad in ["", "{", "[]", "null", "{\"format\": 1}", "\u{feff}{}"] {
        assert!(parse(bad).is_err(), "{bad:?}");
    }
}

#[test]
fn generic_rules_are_enforced() {
    let mut book = template(Template::OneMemberOneVote, None);
    book.format = "collegia-rulebook/2".into();
    book.company_form = Some(CompanyForm::Sa);
    book.colleges.push(book.colleges[0].clone());
    book.colleges.push(College {
        key: "Bad Key".into(),
        name: " ".into(),
        ..book.colleges[0].clone()
    });
    book.caps.push(Cap {
        college: "ghosts".into(),
        max_weight: frac(3, 2),
    });
    book.decisions.rules_change.methods = vec![Method::Proposal, Method::Single, Method::Proposal];
    book.decisions.payout_rule.methods.clear();
    book.decisions.ordinary.threshold.share = frac(-1, 2);
    book.decisions.ordinary.quorum = Some(Quorum {
        turnout: frac(2, 1),
        scope: QuorumScope::Overall,
        basis: QuorumBasis::Headcount,
    });
    book.decisions.extraordinary.class_consent = Some(ClassConsent {
        colleges: vec!["nobody".into()],
        threshold: None,
    });
    book.decisions.payout_rule.class_consent = Some(ClassConsent {
        colleges: vec![],
        threshold: None,
    });
    book.proxies.max_per_holder = 0;
    let got = codes(&book);
    for code in [
        "format",
        "company-form-not-scic",
        "college-key-duplicate",
        "college-key-invalid",
        "college-name-empty",
        "cap-unknown-college",
        "cap-out-of-range",
        "proposal-only",
        "method-duplicate",
        "methods-empty",
        "threshold-out-of-range",
        "quorum-out-of-range",
        "class-consent-unknown-college",
        "class-consent-empty",
        "proxies-max-per-holder",
    ] {
        assert!(got.contains(&code), "{code} missing from {got:?}");
    }
    assert_eq!(
        refused(&book, "proposal-only").path,
        "decisions.rules_change.methods[1]"
    );
}

#[test]
fn fixed_weights_must_be_given_non_negative_and_sum_to_100() {
    let mut book = template(Template::Somerset, None);
    book.colleges[0].weight = int(60);
    assert_eq!(refused(&book, "weights-sum").path, "colleges");
    book.colleges[0].weight = None;
    assert_eq!(refused(&book, "weight-missing").path, "colleges[0].weight");
    book.colleges[0].weight = int(-50);
    assert_eq!(refused(&book, "weight-negative").path, "colleges[0].weight");
    book.colleges[0].weight = Some(frac(4999, 100));
    book.colleges[1].weight = Some(frac(2501, 100));
    assert_eq!(validate(&book), Ok(()));
    book.caps.push(Cap {
        college: "users".into(),
        max_weight: frac(1, 4),
    });
    refused(&book, "caps-under-fixed");
}

#[test]
fn bloc_aggregation_refuses_ranked_and_score() {
    let mut book = template(Template::Scic, None);
    book.aggregation = crate::domain::election::rules::Aggregation::Bloc;
    let got = codes(&book);
    assert_eq!(got, vec!["bloc-method", "bloc-method"]);
}

#[test]
fn scic_constraints() {
    let scic = || template(Template::Scic, None);
    let mut book = scic();
    book.colleges[0].weight = int(60);
    book.colleges[2].weight = int(0);
    let v = refused(&book, "scic-college-weight-max");
    assert_eq!(
        (v.path.as_str(), v.source),
        ("colleges[0].weight", Some(LegalSource::Scic19Octies))
    );
    assert_eq!(
        refused(&book, "scic-college-weight-min").path,
        "colleges[2].weight"
    );

    let mut book = scic();
    book.colleges.pop();
    book.colleges[0].weight = int(50);
    book.colleges[1].weight = int(50);
    assert_eq!(codes(&book), vec!["scic-college-count"]);

    let mut book = scic();
    book.colleges[1].key = "users".into();
    book.colleges[0].key = "staff".into();
    assert_eq!(
        codes(&book),
        vec!["scic-beneficiaries-college", "scic-workers-college"]
    );
    book.colleges[0].key = "producers".into();
    assert_eq!(codes(&book), vec!["scic-beneficiaries-college"]);

    let mut book = scic();
    book.company_form = None;
    assert_eq!(codes(&book), vec!["company-form-required"]);

    // templates.md: each college 10–50 %; under headcount a college's share follows its size.
    let mut book = scic();
    book.weighting = Weighting::Headcount;
    let v = refused(&book, "scic-fixed-weighting");
    assert_eq!(
        (v.path.as_str(), v.source),
        ("weighting", Some(LegalSource::Scic19Octies))
    );
    assert_eq!(codes(&book), vec!["scic-fixed-weighting"]);
}

#[test]
fn a_missing_field_is_named_by_its_own_path() {
    let mut json: serde_json::Value =
        serde_json::from_str(&template(Template::Scic, None).to_json_pretty()).unwrap();
    json["decisions"]
        .as_object_mut()
        .unwrap()
        .remove("payout_rule");
    json["colleges"][2].as_object_mut().unwrap().remove("name");
    let pretty = serde_json::to_string_pretty(&json).unwrap();
    let e = parse(&pretty).unwrap_err();
    assert_eq!(
        (e.path.as_str(), e.message.as_str()),
        ("colleges[2].name", "missing field")
    );
    json["colleges"][2]["name"] = "Soutiens".into();
    let e = parse(&json.to_string()).unwrap_err();
    assert_eq!(e.path, "decisions.payout_rule");
    json["decisions"]["payout_rule"] = json["decisions"]["rules_change"].clone();
    assert!(parse(&json.to_string()).is_ok());
    json.as_object_mut().unwrap().remove("format");
    let e = parse(&json.to_string()).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!("format: missing field (line 1, column {})", e.column)
    );
    assert_eq!(parse("{}").unwrap_err().path, "format");
}

#[test]
fn somerset_fairshares_quebec_and_sce_constraints() {
    let mut book = template(Template::Somerset, None);
    book.colleges.truncate(1);
    book.colleges[0].weight = int(100);
    assert_eq!(codes(&book), vec!["somerset-college-count"]);
    book.weighting = Weighting::Headcount;
    assert!(codes(&book).contains(&"somerset-fixed-weighting"));

    let mut book = template(Template::Fairshares, None);
    book.colleges[1].key = "workers".into();
    book.decisions.ordinary.class_consent = None;
    for class in [
        DecisionClass::Extraordinary,
        DecisionClass::RulesChange,
        DecisionClass::PayoutRule,
    ] {
        book.decisions.get_mut(class).class_consent = None;
    }
    assert_eq!(
        codes(&book),
        vec!["fairshares-class-missing", "fairshares-class-unknown"]
    );

    let mut book = template(Template::QuebecSolidarity, None);
    book.colleges.retain(|c| c.key == "users");
    book.proxies = Proxies {
        allowed: true,
        max_per_holder: 1,
        same_college: false,
    };
    assert_eq!(codes(&book), vec!["quebec-categories", "quebec-proxies"]);

    let mut book = template(Template::Sce, None);
    book.caps[0].max_weight = frac(3, 10);
    assert_eq!(
        refused(&book, "sce-investors-cap").path,
        "caps[0].max_weight"
    );
    book.caps.clear();
    assert_eq!(refused(&book, "sce-investors-cap").path, "caps");
    book.weighting = Weighting::Fixed;
    book.colleges[0].weight = int(70);
    book.colleges[1].weight = int(30);
    assert_eq!(codes(&book), vec!["sce-investors-cap"]);
}

#[test]
fn a_change_may_not_drop_a_college_with_members() {
    let current = template(Template::Scic, None);
    let mut next = current.clone();
    next.colleges.retain(|c| c.key != "supporters");
    next.colleges.push(College {
        key: "partners".into(),
        name: "Partenaires".into(),
        ..current.colleges[2].clone()
    });
    let members = |key: &str| if key == "supporters" { 3 } else { 0 };
    let v = validate_change(&current, &next, &members).unwrap_err();
    assert_eq!(
        v.iter().map(|v| v.code).collect::<Vec<_>>(),
        vec!["college-removed-with-members"]
    );
    assert_eq!(validate_change(&current, &next, &|_| 0), Ok(()));
    let other = template(Template::Somerset, None);
    assert_eq!(
        validate_change(&current, &other, &|_| 0).unwrap_err()[0].code,
        "template-changed"
    );
}

#[test]
fn explanations_say_what_each_college_weighs_and_what_each_class_needs() {
    let book = template(Template::Scic, None);
    let out = explain(&book);
    let fixed: Vec<_> = out.iter().filter(|e| e.code == "college-fixed").collect();
    assert_eq!(fixed.len(), 3);
    assert_eq!(fixed[0].args[1], ("percent", ArgValue::Percent(frac(2, 5))));
    let rules_change = out
        .iter()
        .find(|e| {
            e.code == "class-threshold"
                && e.args[0].1 == ArgValue::Key("rulebook-class-rules_change")
        })
        .unwrap();
    assert!(
        rules_change
            .args
            .contains(&("share", ArgValue::Text("two_thirds".into())))
    );
    assert!(
        rules_change
            .args
            .contains(&("strict", ArgValue::Text("no".into())))
    );
    assert!(
        rules_change
            .args
            .contains(&("basis", ArgValue::Text("weighted".into())))
    );
    assert!(out.iter().any(|e| e.code == "class-second-call"));
    assert!(out.iter().any(|e| e.code == "proxies-allowed"));
    let quebec = explain(&template(Template::QuebecSolidarity, None));
    assert!(quebec.iter().any(|e| e.code == "proxies-forbidden"));
    assert!(
        explain(&template(Template::Fairshares, None))
            .iter()
            .any(|e| e.code == "class-consent")
    );
    for book in every_template() {
        assert!(
            explain(&book)
                .iter()
                .all(|e| EXPLANATION_CODES.contains(&e.code))
        );
    }
}

#[test]
fn election_rules_copy_the_class_and_its_call() {
    let book = template(Template::Scic, None);
    let first = election_rules(&book, DecisionClass::Extraordinary, Call::First).unwrap();
    assert_eq!(first.quorum.as_ref().unwrap().turnout, frac(1, 4));
    assert_eq!(first.threshold.as_ref().unwrap().share, frac(2, 3));
    let second = election_rules(&book, DecisionClass::Extraordinary, Call::Second).unwrap();
    assert_eq!(second.quorum.unwrap().turnout, frac(1, 5));
    assert_eq!(
        election_rules(&book, DecisionClass::Ordinary, Call::Second),
        None
    );

    let json = serde_json::to_value(&first).unwrap();
    let allowed = [
        "colleges",
        "weighting",
        "empty_college",
        "abstentions",
        "aggregation",
        "caps",
        "threshold",
        "quorum",
        "class_consent",
        "block",
    ];
    for key in json.as_object().unwrap().keys() {
        assert!(allowed.contains(&key.as_str()), "{key}");
    }
    assert_eq!(
        json["colleges"][0],
        serde_json::json!({ "key": "workers", "weight": 40 })
    );
    assert_eq!(json["quorum"]["turnout"], "1/4");
    let back: Rules = serde_json::from_value(json).unwrap();
    assert_eq!(back, first);

    let fs = election_rules(
        &template(Template::Fairshares, None),
        DecisionClass::RulesChange,
        Call::First,
    )
    .unwrap();
    assert_eq!(fs.class_consent.unwrap().colleges.len(), 4);
    let sce = election_rules(
        &template(Template::Sce, None),
        DecisionClass::Ordinary,
        Call::First,
    )
    .unwrap();
    assert_eq!(sce.caps.len(), 1);
}

#[test]
fn unverified_defaults_name_real_fields() {
    assert!(!unverified_defaults(Template::Somerset, None).is_empty());
    assert!(
        unverified_defaults(Template::Scic, Some(CompanyForm::Sas)).len()
            > unverified_defaults(Template::Scic, None).len()
    );
    for t in Template::ALL {
        for path in unverified_defaults(t, None) {
            let root = path.split(['.', '[']).next().unwrap();
            let json = serde_json::to_value(template(t, None)).unwrap();
            assert!(json.get(root).is_some(), "{path}");
        }
    }
}

#[test]
fn the_tally_engine_accepts_every_class_of_every_template() {
    for book in every_template() {
        for class in DecisionClass::ALL {
            for call in [Call::First, Call::Second] {
                let Some(rules) = election_rules(&book, class, call) else {
                    continue;
                };
                let electorate: serde_json::Map<_, _> = book
                    .colleges
                    .iter()
                    .map(|c| (c.key.clone(), serde_json::json!(10)))
                    .collect();
                let ballots: Vec<_> = book
                    .colleges
                    .iter()
                    .map(|c| serde_json::json!({ "college": c.key, "choice": "agree", "count": 6 }))
                    .collect();
                let file = serde_json::json!({
                    "format": "collegia-election/1",
                    "method": "proposal",
                    "rules": rules,
                    "electorate": electorate,
                    "ballots": ballots,
                });
                let outcome = crate::domain::election::tally_json(&file.to_string());
                let outcome = outcome
                    .unwrap_or_else(|e| panic!("{:?} {class:?} {call:?}: {e:?}", book.template));
                assert_eq!(
                    format!("{:?}", outcome.verdict),
                    "Adopted",
                    "{:?} {class:?}",
                    book.template
                );
            }
        }
    }
}

#[test]
fn thresholds_print_as_the_spec_writes_them_and_keep_a_non_default_base() {
    let mut book = template(Template::OneMemberOneVote, None);
    let json: serde_json::Value = serde_json::from_str(&book.to_json_pretty()).unwrap();
    assert_eq!(
        json["decisions"]["ordinary"]["threshold"],
        serde_json::json!({"share": "1/2", "strict": true})
    );
    book.decisions.extraordinary.threshold.base = ThresholdBase::Electorate;
    let text = book.to_json_pretty();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        json["decisions"]["extraordinary"]["threshold"]["base"],
        "electorate"
    );
    assert_eq!(parse(&text).unwrap(), book);
}
