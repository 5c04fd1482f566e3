//! Unit tests of the option methods: single, approval, dot, score and the ranked rules.

use super::tests::*;
use super::*;
use serde_json::{Value, json};

pub(super) fn options_doc(method: &str, options: &[&str], extra: Value, ballots: Value) -> Value {
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
