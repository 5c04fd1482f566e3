//! Unit tests: every method, rule option and error, on small hand-computed elections.

use super::*;
use crate::domain::fraction::{Fraction, to_display_f64};
use serde_json::{Value, json};

fn run(doc: Value) -> Result<Outcome, ElectionError> {
    tally_json(&doc.to_string())
}

fn ok(doc: Value) -> Outcome {
    run(doc).unwrap_or_else(|e| panic!("unexpected error: {e}"))
}

fn err(doc: Value) -> String {
    match run(doc) {
        Ok(o) => panic!("expected an error, got {:?}", o.verdict),
        Err(e) => e.message,
    }
}

fn share(o: &Outcome, key: &str) -> f64 {
    o.shares
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| to_display_f64(v))
        .unwrap_or(f64::NAN)
}

fn exact(o: &Outcome, key: &str) -> Fraction {
    o.shares
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.clone())
        .expect("share")
}

fn frac(p: i64, q: i64) -> Fraction {
    Fraction::new(p.into(), q.into())
}

fn proposal(rules: Value, ballots: Value) -> Value {
    json!({"format": "collegia-election/1", "method": "proposal", "rules": rules, "ballots": ballots})
}

fn b(college: &str, choice: Value, count: u64) -> Value {
    json!({"college": college, "choice": choice, "count": count})
}

/// Every shared vector, in process (the binary runs them again in tests/it/tally.rs).
#[test]
fn shared_vectors_hold() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors");
    let dir = if std::path::Path::new(dir).exists() {
        dir.to_string()
    } else {
        "/work/main/tests/vectors".into()
    };
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).expect("vectors folder") {
        let path = entry.expect("entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        seen += 1;
        let text = std::fs::read_to_string(&path).expect("read");
        // The election stays raw text: some vectors hold duplicate keys a Value would drop.
        #[derive(serde::Deserialize)]
        struct Vector<'a> {
            #[serde(borrow)]
            election: &'a serde_json::value::RawValue,
            expect: Value,
        }
        let v: Vector = serde_json::from_str(&text).expect("vector JSON");
        let got = tally_json(v.election.get());
        let expect = &v.expect;
        let name = path.display();
        if expect["error"] == json!(true) {
            assert!(got.is_err(), "{name}: expected an error");
            continue;
        }
        let o = got.unwrap_or_else(|e| panic!("{name}: {e}"));
        if let Some(x) = expect.get("outcome") {
            assert_eq!(o.verdict.name(), x, "{name}: outcome");
        }
        if let Some(x) = expect.get("winner") {
            assert_eq!(json!(o.winner), *x, "{name}: winner");
        }
        if let Some(x) = expect.get("ranking") {
            assert_eq!(json!(o.ranking), *x, "{name}: ranking");
        }
        if let Some(Value::Object(m)) = expect.get("shares") {
            for (k, x) in m {
                let s = share(&o, k);
                assert!(
                    (s - x.as_f64().unwrap_or(f64::NAN)).abs() < 1e-6,
                    "{name}: share {k} = {s}, want {x}"
                );
            }
        }
        if let Some(Value::Array(rounds)) = expect.get("rounds") {
            assert_eq!(rounds.len(), o.rounds.len(), "{name}: rounds");
            for (r, x) in o.rounds.iter().zip(rounds) {
                if let Some(el) = x.get("eliminated") {
                    assert_eq!(json!(r.eliminated), *el, "{name}: eliminated");
                }
            }
        }
    }
    assert!(seen > 0, "no vectors in {dir}");
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

fn with_electorate(rules: Value, electorate: Value, ballots: Value) -> Value {
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

fn options_doc(method: &str, options: &[&str], extra: Value, ballots: Value) -> Value {
    let mut d = json!({"format": "collegia-election/1", "method": method, "options": options, "ballots": ballots});
    if let (Value::Object(m), Value::Object(x)) = (&mut d, extra) {
        m.extend(x);
    }
    d
}

#[test]
fn single_winner_threshold_and_ties() {
    let ballots =
        json!([{"choice": "A", "count": 3}, {"choice": "B", "count": 2}, {"choice": null}]);
    let o = ok(options_doc(
        "single",
        &["A", "B"],
        json!({}),
        ballots.clone(),
    ));
    assert_eq!(
        (o.verdict, o.winner.as_deref()),
        (Verdict::Decided, Some("A"))
    );
    assert_eq!(exact(&o, "A"), frac(3, 5));
    let o = ok(options_doc(
        "single",
        &["A", "B"],
        json!({"rules": {"threshold": {"share": "2/3"}}}),
        ballots,
    ));
    assert_eq!((o.verdict, o.winner), (Verdict::NoMajority, None));
    let tie = json!([{"choice": "A"}, {"choice": "B"}]);
    let o = ok(options_doc(
        "single",
        &["A", "B", "C"],
        json!({"rules": {"threshold": {"share": "9/10"}}}),
        tie,
    ));
    assert_eq!(o.verdict, Verdict::Tie);
    assert_eq!(
        o.ranking,
        vec![vec!["A".to_string(), "B".into()], vec!["C".into()]]
    );
    let o = ok(options_doc(
        "single",
        &["A", "B"],
        json!({}),
        json!([{"choice": null}]),
    ));
    assert_eq!(o.verdict, Verdict::Tie);
}

#[test]
fn approval_shares_are_over_non_empty_ballots() {
    let ballots = json!([{"choice": ["A", "B"], "count": 2}, {"choice": ["B"]}, {"choice": []}]);
    let o = ok(options_doc("approval", &["A", "B"], json!({}), ballots));
    assert_eq!(exact(&o, "A"), frac(2, 3));
    assert_eq!(exact(&o, "B"), frac(1, 1));
    assert_eq!(o.winner.as_deref(), Some("B"));
    assert_eq!(o.colleges[0].counted, 3);
}

#[test]
fn dot_shares_are_over_dots_spent() {
    let ballots = json!([{"choice": {"A": 3, "B": 2}}, {"choice": {"B": 5}}, {"choice": {"A": 0}}]);
    let o = ok(options_doc(
        "dot",
        &["A", "B"],
        json!({"dots_per_voter": 5}),
        ballots,
    ));
    assert_eq!(exact(&o, "A"), frac(3, 10));
    assert_eq!(o.winner.as_deref(), Some("B"));
    assert_eq!(o.colleges[0].counted, 2);
}

#[test]
fn dot_bloc_gives_weight_to_top_option() {
    let rules = json!({"colleges": [{"key": "a", "weight": 60}, {"key": "b", "weight": 40}], "aggregation": "bloc"});
    let ballots = json!([
        b("a", json!({"A": 3, "B": 2}), 1),
        b("b", json!({"B": 1, "C": 1}), 1)
    ]);
    let o = ok(options_doc(
        "dot",
        &["A", "B", "C"],
        json!({"dots_per_voter": 5, "rules": rules}),
        ballots,
    ));
    assert_eq!(exact(&o, "A"), frac(3, 5));
    assert_eq!(exact(&o, "B"), frac(1, 5));
}

#[test]
fn score_means_over_raters_and_unrated_last() {
    let ballots = json!([{"choice": {"A": 5, "B": 1}}, {"choice": {"A": 3}}, {"choice": {}}]);
    let o = ok(options_doc(
        "score",
        &["C", "A", "B"],
        json!({"rules": {"threshold": {"share": "1"}}}),
        ballots,
    ));
    assert_eq!(exact(&o, "A"), frac(4, 1));
    assert_eq!(exact(&o, "B"), frac(1, 1));
    assert_eq!(
        o.verdict,
        Verdict::Decided,
        "threshold does not apply to score"
    );
    assert_eq!(
        o.ranking,
        vec![vec!["A".to_string()], vec!["B".into()], vec!["C".into()]]
    );
    // a college that rated no B takes no part for B
    let rules = json!({"colleges": [{"key": "a", "weight": 50}, {"key": "b", "weight": 50}]});
    let ballots = json!([
        b("a", json!({"A": 4, "B": 2}), 1),
        b("b", json!({"A": 0}), 3)
    ]);
    let o = ok(options_doc(
        "score",
        &["A", "B"],
        json!({"rules": rules}),
        ballots,
    ));
    assert_eq!(exact(&o, "A"), frac(2, 1));
    assert_eq!(exact(&o, "B"), frac(2, 1));
}

fn ranked(rule: &str, options: &[&str], ballots: Value) -> Value {
    options_doc("ranked", options, json!({"ranked_rule": rule}), ballots)
}

#[test]
fn borda_shares_are_points_over_all_points() {
    let ballots = json!([{"choice": ["A", "B", "C"], "count": 2}, {"choice": ["B", "C", "A"]}]);
    let o = ok(ranked("borda", &["A", "B", "C"], ballots));
    assert_eq!(exact(&o, "A"), frac(4, 9));
    assert_eq!(exact(&o, "C"), frac(1, 9));
    assert_eq!(o.verdict, Verdict::Tie);
    let o = ok(ranked(
        "borda",
        &["A", "B", "C"],
        json!([{"choice": ["C"]}, {"choice": ["A", "B"]}]),
    ));
    assert_eq!((exact(&o, "A"), exact(&o, "C")), (frac(2, 5), frac(2, 5)));
}

#[test]
fn irv_rounds_and_tie_breaks_by_earlier_rounds() {
    // r1: A6 B4 C3 D1 -> D out; r2: A6 B4 C4 -> B,C tie, r1 has C lower -> C out; r3: A 6 of 10.
    let ballots = json!([{"choice": ["A"], "count": 6}, {"choice": ["B"], "count": 4}, {"choice": ["C"], "count": 3},
        {"choice": ["D", "C"]}]);
    let o = ok(ranked("irv", &["A", "B", "C", "D"], ballots));
    let elim: Vec<Vec<String>> = o.rounds.iter().map(|r| r.eliminated.clone()).collect();
    assert_eq!(elim, vec![vec!["D".to_string()], vec!["C".into()], vec![]]);
    assert_eq!(o.winner.as_deref(), Some("A"));
    assert_eq!(
        o.ranking,
        vec![
            vec!["A".to_string()],
            vec!["B".into()],
            vec!["C".into()],
            vec!["D".into()]
        ]
    );
    // zero-vote options go together; unbroken tie at the end
    let ballots =
        json!([{"choice": ["A"], "count": 2}, {"choice": ["B"], "count": 2}, {"choice": ["C"]}]);
    let o = ok(ranked("irv", &["A", "B", "C", "D", "E"], ballots));
    assert_eq!(o.rounds[0].eliminated, vec!["D".to_string(), "E".into()]);
    assert_eq!(o.verdict, Verdict::Tie);
    assert_eq!(o.winner, None);
}

#[test]
fn schulze_ties_and_weights() {
    let o = ok(ranked(
        "schulze",
        &["A", "B"],
        json!([{"choice": ["A"]}, {"choice": ["B"]}]),
    ));
    assert_eq!(o.verdict, Verdict::Tie);
    let rules = json!({"colleges": [{"key": "a", "weight": 50}, {"key": "b", "weight": 50}]});
    let doc = |rules: Value| {
        options_doc(
            "ranked",
            &["A", "B"],
            json!({"rules": rules}),
            json!([b("a", json!(["A", "B"]), 1), b("b", json!(["B", "A"]), 3)]),
        )
    };
    assert_eq!(ok(doc(rules)).verdict, Verdict::Tie);
    let head = json!({"colleges": [{"key": "a"}, {"key": "b"}], "weighting": "headcount"});
    assert_eq!(ok(doc(head)).winner.as_deref(), Some("B"));
    let o = ok(ranked("schulze", &["A", "B"], json!([])));
    assert_eq!(o.verdict, Verdict::Tie);
}

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
