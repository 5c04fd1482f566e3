//! Unit tests: every method, rule option and error, on small hand-computed elections.

use super::*;
use crate::domain::fraction::{Fraction, to_display_f64};
use serde_json::{Value, json};

pub(super) fn run(doc: Value) -> Result<Outcome, ElectionError> {
    tally_json(&doc.to_string())
}

pub(super) fn ok(doc: Value) -> Outcome {
    run(doc).unwrap_or_else(|e| panic!("unexpected error: {e}"))
}

pub(super) fn err(doc: Value) -> String {
    match run(doc) {
        Ok(o) => panic!("expected an error, got {:?}", o.verdict),
        Err(e) => e.message,
    }
}

pub(super) fn share(o: &Outcome, key: &str) -> f64 {
    o.shares
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| to_display_f64(v))
        .unwrap_or(f64::NAN)
}

pub(super) fn exact(o: &Outcome, key: &str) -> Fraction {
    o.shares
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.clone())
        .expect("share")
}

pub(super) fn frac(p: i64, q: i64) -> Fraction {
    Fraction::new(p.into(), q.into())
}

pub(super) fn proposal(rules: Value, ballots: Value) -> Value {
    json!({"format": "collegia-election/1", "method": "proposal", "rules": rules, "ballots": ballots})
}

pub(super) fn b(college: &str, choice: Value, count: u64) -> Value {
    json!({"college": college, "choice": choice, "count": count})
}

fn three(rules: Value) -> Value {
    let mut r = json!({"colleges": [{"key": "a", "weight": 50}, {"key": "b", "weight": 30}, {"key": "c", "weight": 20}]});
    if let (Value::Object(m), Value::Object(extra)) = (&mut r, rules) {
        m.extend(extra);
    }
    r
}

#[test]
fn proposal_simple_majority_is_strict() {
    let o = ok(proposal(
        json!({}),
        json!([{"choice": "agree", "count": 3}, {"choice": "disagree", "count": 2}]),
    ));
    assert_eq!(o.verdict, Verdict::Adopted);
    assert_eq!(share(&o, "agree"), 0.6);
    assert_eq!(
        o.ranking,
        vec![vec!["agree".to_string()], vec!["disagree".to_string()]]
    );
    let half =
        json!([{"choice": "agree"}, {"choice": "disagree"}, {"choice": "abstain", "count": 5}]);
    let o = ok(proposal(json!({}), half.clone()));
    assert_eq!(o.verdict, Verdict::Rejected);
    assert_eq!(
        o.ranking,
        vec![vec!["agree".to_string(), "disagree".to_string()]]
    );
    let o = ok(proposal(
        json!({"threshold": {"share": "1/2", "strict": false}}),
        half,
    ));
    assert_eq!(o.verdict, Verdict::Adopted);
}

#[test]
fn two_thirds_is_decided_exactly() {
    // 1/2·1 + 1/2·1/3 = 2/3 exactly; as f64 the sum is 0.6666666666666666 or ...67.
    let rules = |strict: bool| {
        json!({"colleges": [{"key": "a", "weight": 50}, {"key": "b", "weight": 50}],
               "threshold": {"share": "2/3", "strict": strict}})
    };
    let ballots = json!([
        b("a", json!("agree"), 1),
        b("b", json!("agree"), 1),
        b("b", json!("disagree"), 2)
    ]);
    let o = ok(proposal(rules(false), ballots.clone()));
    assert_eq!(exact(&o, "agree"), frac(2, 3));
    assert_eq!(o.verdict, Verdict::Adopted);
    assert_eq!(
        ok(proposal(rules(true), ballots)).verdict,
        Verdict::Rejected
    );
}

#[test]
fn abstentions_against_count_in_the_denominator() {
    let ballots =
        json!([{"choice": "agree", "count": 2}, {"choice": "disagree"}, {"choice": "abstain"}]);
    let o = ok(proposal(json!({"abstentions": "against"}), ballots.clone()));
    assert_eq!(exact(&o, "agree"), frac(1, 2));
    assert_eq!(exact(&o, "abstain"), frac(1, 4));
    assert_eq!(o.verdict, Verdict::Rejected);
    let o = ok(proposal(json!({}), ballots));
    assert_eq!(exact(&o, "agree"), frac(2, 3));
    assert_eq!(o.colleges[0].counted, 3);
    assert_eq!(o.colleges[0].ballots, 4);
}

#[test]
fn block_vetoes_or_counts_as_disagree() {
    let ballots = json!([{"choice": "agree", "count": 2}, {"choice": "block"}]);
    let o = ok(proposal(json!({}), ballots.clone()));
    assert_eq!(o.verdict, Verdict::Blocked);
    assert_eq!(o.reasons, vec![Reason::Blocked { blocks: 1 }]);
    let o = ok(proposal(json!({"block": "disagree"}), ballots));
    assert_eq!(o.verdict, Verdict::Adopted);
    assert_eq!(exact(&o, "disagree"), frac(1, 3));
}

#[test]
fn consultative_college_is_reported_not_counted() {
    let rules = json!({"colleges": [{"key": "a", "weight": 100}, {"key": "x", "weight": 0}]});
    let o = ok(proposal(
        rules.clone(),
        json!([b("a", json!("agree"), 1), b("x", json!("disagree"), 9)]),
    ));
    assert_eq!(o.verdict, Verdict::Adopted);
    assert_eq!(o.colleges[1].counted, 9);
    let o = ok(proposal(rules.clone(), json!([b("x", json!("agree"), 9)])));
    assert_eq!(o.verdict, Verdict::Rejected);
    let o = ok(proposal(
        rules,
        json!([b("a", json!("agree"), 1), b("x", json!("block"), 1)]),
    ));
    assert_eq!(
        o.verdict,
        Verdict::Adopted,
        "a weight-0 college has no veto"
    );
}

#[test]
fn class_consent_vetoes_even_when_silent() {
    let rules = three(json!({"class_consent": {"colleges": ["c"]}}));
    let o = ok(proposal(
        rules.clone(),
        json!([
            b("a", json!("agree"), 5),
            b("c", json!("agree"), 1),
            b("c", json!("disagree"), 1)
        ]),
    ));
    assert_eq!(o.verdict, Verdict::Vetoed);
    let o = ok(proposal(
        rules.clone(),
        json!([b("a", json!("agree"), 5), b("c", json!("abstain"), 1)]),
    ));
    assert_eq!(o.verdict, Verdict::Vetoed);
    assert_eq!(
        o.reasons,
        vec![Reason::ClassVetoedEmpty {
            college: "c".into()
        }]
    );
    let o = ok(proposal(
        rules,
        json!([
            b("a", json!("agree"), 5),
            b("c", json!("agree"), 2),
            b("c", json!("disagree"), 1)
        ]),
    ));
    assert_eq!(o.verdict, Verdict::Adopted);
    // block before class consent
    let rules = three(json!({"class_consent": {"colleges": ["c"]}}));
    assert_eq!(
        ok(proposal(rules, json!([b("a", json!("block"), 1)]))).verdict,
        Verdict::Blocked
    );
}

#[test]
fn empty_college_redistributes_or_counts_as_zero() {
    let rules = |mode: &str| json!({"colleges": [{"key": "a", "weight": 40}, {"key": "b", "weight": 60}], "empty_college": mode});
    let ballots = json!([b("a", json!("agree"), 3)]);
    let o = ok(proposal(rules("redistribute"), ballots.clone()));
    assert_eq!(o.verdict, Verdict::Adopted);
    assert_eq!(o.colleges[0].effective_weight, frac(100, 1));
    let o = ok(proposal(rules("zero"), ballots));
    assert_eq!(exact(&o, "agree"), frac(2, 5));
    assert_eq!(exact(&o, "disagree"), frac(0, 1));
    assert_eq!(o.verdict, Verdict::Rejected);
}

#[test]
fn bloc_gives_each_college_weight_to_its_majority() {
    // a 3-2 agree -> 50, b 1-3 -> disagree, c 1-1 -> split 10/10: agree 60%.
    let ballots = json!([
        b("a", json!("agree"), 3),
        b("a", json!("disagree"), 2),
        b("b", json!("agree"), 1),
        b("b", json!("disagree"), 3),
        b("c", json!("agree"), 1),
        b("c", json!("disagree"), 1)
    ]);
    let o = ok(proposal(
        three(json!({"aggregation": "bloc"})),
        ballots.clone(),
    ));
    assert_eq!(exact(&o, "agree"), frac(3, 5));
    assert_eq!(o.verdict, Verdict::Adopted);
    // proportional: .5·.6 + .3·.25 + .2·.5 = .475
    let o = ok(proposal(three(json!({})), ballots));
    assert_eq!(exact(&o, "agree"), frac(19, 40));
    assert_eq!(o.verdict, Verdict::Rejected);
}

#[test]
fn headcount_pools_every_ballot() {
    let rules = json!({"colleges": [{"key": "a"}, {"key": "b"}], "weighting": "headcount", "aggregation": "bloc"});
    let o = ok(proposal(
        rules,
        json!([
            b("a", json!("agree"), 3),
            b("b", json!("agree"), 1),
            b("b", json!("disagree"), 4)
        ]),
    ));
    assert_eq!(exact(&o, "agree"), frac(1, 2));
    assert_eq!(o.verdict, Verdict::Rejected);
    assert_eq!(o.colleges[0].effective_weight, frac(75, 2));
}

#[test]
fn caps_redistribute_until_none_is_exceeded() {
    // counted 10/10/80: c capped at 1/2, then b (1/4) capped at 1/5, a gets 3/10.
    let rules = json!({"colleges": [{"key": "a"}, {"key": "b"}, {"key": "c"}], "weighting": "headcount",
        "caps": [{"college": "c", "max_weight": "1/2"}, {"college": "b", "max_weight": "0.2"}]});
    let o = ok(proposal(
        rules,
        json!([
            b("a", json!("agree"), 10),
            b("b", json!("agree"), 10),
            b("c", json!("disagree"), 80)
        ]),
    ));
    assert_eq!(exact(&o, "agree"), frac(1, 2));
    assert_eq!(o.verdict, Verdict::Rejected);
    let eff: Vec<Fraction> = o
        .colleges
        .iter()
        .map(|c| c.effective_weight.clone())
        .collect();
    assert_eq!(eff, vec![frac(30, 1), frac(20, 1), frac(50, 1)]);
}

#[test]
fn caps_apply_even_when_none_binds_and_then_bloc_applies() {
    let rules = json!({"colleges": [{"key": "a"}, {"key": "b"}], "weighting": "headcount", "aggregation": "bloc",
        "caps": [{"college": "b", "max_weight": "9/10"}]});
    // weights 3/5 and 2/5 from ballots; a agrees 2-1 -> all to agree; b disagrees.
    let o = ok(proposal(
        rules,
        json!([
            b("a", json!("agree"), 2),
            b("a", json!("disagree"), 1),
            b("b", json!("disagree"), 2)
        ]),
    ));
    assert_eq!(exact(&o, "agree"), frac(3, 5));
}

#[test]
fn electorate_base_counts_silence_as_not_agreeing() {
    let doc = json!({"format": "collegia-election/1", "method": "proposal",
        "rules": {"threshold": {"share": "1/2", "base": "electorate"}}, "electorate": {"all": 10},
        "ballots": [{"choice": "agree", "count": 4}, {"choice": "disagree"}]});
    let o = ok(doc);
    assert_eq!(exact(&o, "agree"), frac(2, 5));
    assert_eq!(exact(&o, "disagree"), frac(1, 10));
    assert_eq!(o.verdict, Verdict::Rejected);
    assert_eq!(o.turnout, Some(frac(1, 2)));
}

pub(super) fn with_electorate(rules: Value, electorate: Value, ballots: Value) -> Value {
    json!({"format": "collegia-election/1", "method": "proposal", "rules": rules, "electorate": electorate, "ballots": ballots})
}

#[test]
fn quorum_overall_each_college_and_weighted() {
    let q = |scope: &str, basis: &str, t: &str| {
        json!({"colleges": [{"key": "a", "weight": 80}, {"key": "b", "weight": 20}],
               "quorum": {"turnout": t, "scope": scope, "basis": basis}})
    };
    let el = json!({"a": 10, "b": 10});
    let ballots = json!([b("a", json!("agree"), 4), b("a", json!("abstain"), 1)]);
    // headcount turnout 5/20; weighted .8·.5 + .2·0 = .4
    assert_eq!(
        ok(with_electorate(
            q("overall", "headcount", "1/4"),
            el.clone(),
            ballots.clone()
        ))
        .verdict,
        Verdict::Adopted
    );
    assert_eq!(
        ok(with_electorate(
            q("overall", "headcount", "0.3"),
            el.clone(),
            ballots.clone()
        ))
        .verdict,
        Verdict::NoQuorum
    );
    assert_eq!(
        ok(with_electorate(
            q("overall", "weighted", "0.4"),
            el.clone(),
            ballots.clone()
        ))
        .verdict,
        Verdict::Adopted
    );
    let o = ok(with_electorate(
        q("each_college", "weighted", "0.1"),
        el.clone(),
        ballots.clone(),
    ));
    assert_eq!(o.verdict, Verdict::NoQuorum);
    assert_eq!(o.colleges[1].quorum_met, Some(false));
    let el0 = json!({"a": 10, "b": 0});
    assert_eq!(
        ok(with_electorate(
            q("each_college", "headcount", "1/2"),
            el0,
            ballots
        ))
        .verdict,
        Verdict::Adopted
    );
    let none = with_electorate(
        q("overall", "headcount", "0"),
        json!({"a": 0, "b": 0}),
        json!([]),
    );
    assert_eq!(ok(none).verdict, Verdict::NoQuorum);
}

#[test]
fn consent_blocks_adopts_or_rejects() {
    let c = |ballots: Value| json!({"format": "collegia-election/1", "method": "consent", "ballots": ballots});
    let o = ok(c(
        json!([{"choice": "consent", "count": 9}, {"choice": "object"}]),
    ));
    assert_eq!(o.verdict, Verdict::Blocked);
    let o = ok(c(
        json!([{"choice": "consent"}, {"choice": "stand_aside", "count": 3}]),
    ));
    assert_eq!(o.verdict, Verdict::Adopted);
    assert_eq!(exact(&o, "stand_aside"), frac(3, 4));
    assert_eq!(
        ok(c(json!([{"choice": "stand_aside"}]))).verdict,
        Verdict::Rejected
    );
}
