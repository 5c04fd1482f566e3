//! Unit tests of refused input and of the result document.

use super::tests::*;
use super::tests_options::options_doc;
use super::*;
use serde_json::{Value, json};

#[test]
fn errors_name_the_field_or_ballot() {
    let base = |ballots: Value| json!({"format": "collegia-election/1", "method": "single", "options": ["Paris"], "ballots": ballots});
    let m = err(base(json!([{"choice": "Paris"}, {"choice": "Lyon"}])));
    assert!(
        m.starts_with("ballots[1].choice: unknown option \"Lyon\""),
        "{m}"
    );
    assert!(err(base(json!([{"choice": "Paris", "count": 3.0}]))).starts_with("ballots[0].count"));
    assert!(err(base(json!([{"choice": "Paris", "count": 0}]))).starts_with("ballots[0].count"));
    assert!(err(base(json!([{"choice": "Paris", "count": -1}]))).starts_with("ballots[0].count"));
    assert!(err(base(json!([{"count": 1}]))).starts_with("ballots[0]: missing choice"));
    assert!(
        err(base(json!([{"choice": "Paris", "college": "x"}]))).starts_with("ballots[0].college")
    );
    assert!(
        err(base(json!([{"choice": "Paris", "colege": "x"}])))
            .starts_with("ballots[0]: unknown field")
    );
    let text = r#"{"format": "collegia-election/1", "method": "single", "options": ["P"], "ballots": [{"choice": "P", "choice": "P"}]}"#;
    assert!(
        tally_json(text)
            .unwrap_err()
            .message
            .contains("duplicate field `choice`")
    );
    let text = r#"{"format": "collegia-election/1", "method": "single", "method": "single", "options": ["P"], "ballots": []}"#;
    assert!(
        tally_json(text)
            .unwrap_err()
            .message
            .contains("duplicate field `method`")
    );
    let text = r#"{"format": "collegia-election/1", "method": "proposal", "rules": {"block": "veto", "block": "veto"}, "ballots": []}"#;
    assert!(
        tally_json(text)
            .unwrap_err()
            .message
            .starts_with("rules: duplicate field")
    );
    let text = r#"{"format": "collegia-election/1", "method": "proposal", "electorate": {"all": 1, "all": 2}, "ballots": []}"#;
    assert!(
        tally_json(text)
            .unwrap_err()
            .message
            .starts_with("electorate.all: duplicate key")
    );
    let text = r#"{"format": "collegia-election/1", "method": "score", "options": ["P"], "ballots": [{"choice": {"P": 1, "P": 2}}]}"#;
    assert!(
        tally_json(text)
            .unwrap_err()
            .message
            .starts_with("ballots[0].choice")
    );
    assert!(tally_json("{").is_err());
    assert!(
        tally_json(r#"{"format": "collegia-election/1", "method": "proposal", "ballots": []} x"#)
            .is_err()
    );
}

#[test]
fn errors_in_setup() {
    let p = |rules: Value, extra: Value| {
        let mut d = proposal(rules, json!([]));
        if let (Value::Object(m), Value::Object(x)) = (&mut d, extra) {
            m.extend(x);
        }
        d
    };
    let none = json!({});
    assert!(
        err(p(
            json!({"colleges": [{"key": "a", "weight": 70}, {"key": "b", "weight": 20}]}),
            none.clone()
        ))
        .starts_with("rules.colleges")
    );
    assert!(err(p(json!({"colleges": []}), none.clone())).starts_with("rules.colleges"));
    assert!(
        err(p(
            json!({"colleges": [{"key": "a", "weight": 100}, {"key": "a", "weight": 0}]}),
            none.clone()
        ))
        .contains("duplicate")
    );
    assert!(
        err(p(
            json!({"colleges": [{"key": "a", "weight": "100"}]}),
            none.clone()
        ))
        .starts_with("rules")
    );
    assert!(err(p(json!({"colleges": [{"key": "a", "weight": 100}], "caps": [{"college": "a", "max_weight": "1/2"}]}), none.clone())).starts_with("rules.caps"));
    let head = json!({"colleges": [{"key": "a"}], "weighting": "headcount",
        "caps": [{"college": "a", "max_weight": "1/2"}, {"college": "a", "max_weight": "1/3"}]});
    assert!(err(p(head, none.clone())).starts_with("rules.caps[1]"));
    assert!(err(p(json!({"quorum": {"turnout": "1/4"}}), none.clone())).starts_with("electorate"));
    assert!(
        err(p(
            json!({"threshold": {"share": "1/2", "base": "electorate"}}),
            none.clone()
        ))
        .starts_with("electorate")
    );
    assert!(err(p(json!({"colors": 1}), none.clone())).starts_with("rules: unknown field"));
    assert!(
        err(p(json!({}), json!({"electorate": {"all": 1, "x": 2}}))).starts_with("electorate.x")
    );
    let two = json!({"colleges": [{"key": "a", "weight": 50}, {"key": "b", "weight": 50}]});
    assert!(err(p(two.clone(), json!({"electorate": {"a": 1}}))).starts_with("electorate"));
    let over = json!({"format": "collegia-election/1", "method": "proposal", "rules": two, "electorate": {"a": 1, "b": 5},
        "ballots": [b("a", json!("agree"), 2)]});
    assert!(err(over).starts_with("electorate.a"));
    assert!(err(p(json!({}), json!({"extra": 1}))).starts_with("unknown field `extra`"));
    assert!(err(p(json!({}), json!({"format": "collegia-election/2"}))).starts_with("format"));
    assert!(
        err(proposal(
            json!({"colleges": [{"key": "a", "weight": 100}]}),
            json!([{"choice": "agree"}])
        ))
        .starts_with("ballots[0]: missing college")
    );
    let bloc = options_doc(
        "ranked",
        &["A"],
        json!({"rules": {"aggregation": "bloc"}}),
        json!([]),
    );
    assert!(err(bloc).starts_with("rules.aggregation"));
    assert!(err(options_doc("single", &[], json!({}), json!([]))).starts_with("options"));
    assert!(err(options_doc("proposal", &[], json!({}), json!([]))).starts_with("options"));
    assert!(
        err(options_doc("single", &["A", "A"], json!({}), json!([]))).starts_with("options[1]")
    );
    assert!(
        err(options_doc(
            "approval",
            &["A"],
            json!({}),
            json!([{"choice": ["A", "A"]}])
        ))
        .starts_with("ballots[0].choice")
    );
    assert!(
        err(options_doc(
            "ranked",
            &["A"],
            json!({}),
            json!([{"choice": ["A", "A"]}])
        ))
        .starts_with("ballots[0].choice")
    );
    assert!(
        err(options_doc(
            "score",
            &["A"],
            json!({}),
            json!([{"choice": {"A": 6}}])
        ))
        .starts_with("ballots[0].choice")
    );
    assert!(
        err(options_doc(
            "score",
            &["A"],
            json!({"score_range": [-2, 2]}),
            json!([{"choice": {"A": -3}}])
        ))
        .starts_with("ballots[0]")
    );
    assert!(
        err(options_doc(
            "dot",
            &["A", "B"],
            json!({"dots_per_voter": 3}),
            json!([{"choice": {"A": 2, "B": 2}}])
        ))
        .starts_with("ballots[0].choice")
    );
    assert!(err(options_doc("dot", &["A"], json!({}), json!([]))).starts_with("dots_per_voter"));
    assert!(
        err(json!({"format": "collegia-election/1", "method": "vote", "ballots": []}))
            .starts_with("method")
    );
}

#[test]
fn ballots_before_the_rules_are_read_at_the_end() {
    let text = r#"{"ballots": [{"college": "b", "choice": "agree"}], "format": "collegia-election/1",
        "rules": {"colleges": [{"key": "a", "weight": 50}, {"key": "b", "weight": 50}]}, "method": "proposal"}"#;
    assert_eq!(tally_json(text).map(|o| o.verdict), Ok(Verdict::Adopted));
    let text = r#"{"ballots": [{"college": "b", "choice": "agree"}, {"choice": "x"}], "format": "collegia-election/1", "method": "proposal"}"#;
    assert!(
        tally_json(text)
            .unwrap_err()
            .message
            .starts_with("ballots[0].college")
    );
}

#[test]
fn weights_are_read_exactly() {
    let rules = json!({"colleges": [{"key": "a", "weight": 33.33}, {"key": "b", "weight": 33.33}, {"key": "c", "weight": 33.34}]});
    let o = ok(proposal(rules, json!([b("a", json!("agree"), 1)])));
    assert_eq!(o.colleges[0].weight, Some(frac(3333, 100)));
}

#[test]
fn every_reason_key_is_listed() {
    let keys: std::collections::BTreeSet<_> = Reason::KEYS.iter().collect();
    assert_eq!(keys.len(), Reason::KEYS.len());
}

#[test]
fn json_output_has_the_spec_fields() {
    let o = ok(with_electorate(
        json!({}),
        json!({"all": 4}),
        json!([{"choice": "agree", "count": 3}]),
    ));
    let v: Value = serde_json::from_str(&o.to_json(&|r| r.key().to_string())).expect("json");
    assert_eq!(v["format"], "collegia-result/1");
    assert_eq!(v["outcome"], "adopted");
    assert_eq!(v["turnout"], 0.75);
    assert_eq!(v["colleges"][0]["eligible"], 4);
    assert_eq!(v["colleges"][0]["adopted"], true);
    assert_eq!(v["colleges"][0]["effective_weight"], 100);
    assert_eq!(v["rounds"], json!([]));
    assert_eq!(v["reasons"], json!(["tally-threshold-passed"]));
}
