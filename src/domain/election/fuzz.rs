//! Structurally random election documents: near-valid JSON that reaches deep into the
//! parser and the tally (the proptest in proptests.rs feeds them and expects no panic).

use super::*;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use serde_json::{Value, json};

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        (-3i64..12).prop_map(Value::from),
        any::<f64>().prop_map(|f| json!(f)),
        prop::sample::select(vec![
            "agree",
            "disagree",
            "abstain",
            "block",
            "consent",
            "object",
            "stand_aside",
            "A",
            "B",
            "C",
            "a",
            "b",
            "all",
            "1/2",
            "2/3",
            "0",
            "1",
            "-1/2",
            "1/0",
            "headcount",
            "fixed",
            "bloc",
            "zero",
            "against",
            "electorate",
            "each_college",
            "weighted",
            "veto",
            "schulze",
            "irv",
            "borda",
        ])
        .prop_map(Value::from),
    ]
}

fn any_value() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map(
                prop::sample::select(vec![
                    "A",
                    "B",
                    "C",
                    "a",
                    "b",
                    "key",
                    "weight",
                    "share",
                    "strict",
                    "base",
                    "turnout",
                    "scope",
                    "basis",
                    "college",
                    "max_weight",
                    "colleges",
                    "threshold",
                ]),
                inner,
                0..4
            )
            .prop_map(|m| Value::Object(m.into_iter().map(|(k, v)| (k.to_string(), v)).collect())),
        ]
    })
}

fn fraction() -> impl Strategy<Value = Value> {
    (0i64..5, 1i64..5).prop_map(|(p, q)| Value::from(format!("{p}/{q}")))
}

fn caps_value() -> impl Strategy<Value = Value> {
    prop::collection::vec(
        (prop::sample::select(vec!["a", "b", "c"]), fraction()),
        0..3,
    )
    .prop_map(|v| {
        v.into_iter()
            .map(|(c, m)| json!({"college": c, "max_weight": m}))
            .collect()
    })
}

fn threshold_value() -> impl Strategy<Value = Value> {
    (
        fraction(),
        any::<bool>(),
        prop::sample::select(vec!["counted", "electorate"]),
    )
        .prop_map(|(share, strict, base)| json!({"share": share, "strict": strict, "base": base}))
}

fn quorum_value() -> impl Strategy<Value = Value> {
    (
        fraction(),
        prop::sample::select(vec!["overall", "each_college"]),
        prop::sample::select(vec!["headcount", "weighted"]),
    )
        .prop_map(|(t, scope, basis)| json!({"turnout": t, "scope": scope, "basis": basis}))
}

fn choice_value() -> impl Strategy<Value = Value> {
    let option = prop::sample::select(vec!["A", "B", "C"]);
    prop_oneof![
        leaf(),
        prop::collection::vec(option.clone(), 0..3).prop_map(Value::from),
        prop::collection::btree_map(option, 0u64..4, 0..3).prop_map(|m| json!(m)),
        any_value(),
    ]
}

fn rules_value() -> impl Strategy<Value = Value> {
    let colleges = prop::collection::vec(
        (
            prop::sample::select(vec!["a", "b", "c"]),
            prop::option::of(0u32..=100),
        )
            .prop_map(|(k, w)| match w {
                Some(w) => json!({"key": k, "weight": w}),
                None => json!({"key": k}),
            }),
        0..4,
    );
    (
        prop::option::of(colleges),
        prop::option::of(prop::sample::select(vec!["fixed", "headcount"])),
        prop::option::of(prop::sample::select(vec!["proportional", "bloc"])),
        prop::option::of(prop::sample::select(vec!["redistribute", "zero"])),
        prop::option::of(prop_oneof![caps_value(), any_value()]),
        prop::option::of(prop_oneof![threshold_value(), any_value()]),
        prop::option::of(prop_oneof![quorum_value(), any_value()]),
        prop::option::of(any_value()),
    )
        .prop_map(
            |(colleges, weighting, aggregation, empty, caps, threshold, quorum, cc)| {
                let mut m = serde_json::Map::new();
                let mut put = |k: &str, v: Option<Value>| {
                    if let Some(v) = v {
                        m.insert(k.into(), v);
                    }
                };
                put("colleges", colleges.map(Value::from));
                put("weighting", weighting.map(Value::from));
                put("aggregation", aggregation.map(Value::from));
                put("empty_college", empty.map(Value::from));
                put("caps", caps);
                put("threshold", threshold);
                put("quorum", quorum);
                put("class_consent", cc);
                Value::Object(m)
            },
        )
}

pub(super) fn document() -> impl Strategy<Value = Value> {
    let ballot = (
        prop::option::of(prop::sample::select(vec!["a", "b", "c", "all"])),
        choice_value(),
        prop::option::of(leaf()),
    )
        .prop_map(|(college, choice, count)| {
            let mut m = serde_json::Map::new();
            if let Some(c) = college {
                m.insert("college".into(), c.into());
            }
            m.insert("choice".into(), choice);
            if let Some(n) = count {
                m.insert("count".into(), n);
            }
            Value::Object(m)
        });
    (
        prop::sample::select(Method::ALL.to_vec()),
        prop::option::of(prop::collection::vec(prop::sample::select(vec!["A", "B", "C"]), 0..4)),
        prop::option::of(rules_value()),
        prop::option::of(prop_oneof![
            prop::collection::btree_map(prop::sample::select(vec!["a", "b", "c", "all"]), 0u64..6, 0..4).prop_map(|m| json!(m)),
            any_value(),
        ]),
        prop::collection::vec(ballot, 0..8),
        prop::option::of(leaf()),
        prop::option::of(prop::sample::select(vec!["schulze", "irv", "borda"])),
    )
        .prop_map(|(method, options, rules, electorate, ballots, dots, rule)| {
            let mut d = json!({"format": "collegia-election/1", "method": method.name(), "ballots": ballots});
            if let Value::Object(m) = &mut d {
                if let Some(o) = options {
                    m.insert("options".into(), o.into());
                }
                if let Some(r) = rules {
                    m.insert("rules".into(), r);
                }
                if let Some(e) = electorate {
                    m.insert("electorate".into(), e);
                }
                if let Some(x) = dots {
                    m.insert("dots_per_voter".into(), x);
                }
                if let Some(r) = rule {
                    m.insert("ranked_rule".into(), r.into());
                }
            }
            d
        })
}

#[test]
fn fuzz_finds_valid_documents_too() {
    // The document strategy must reach the tally, not only the parser's errors.
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = document();
    let mut valid = 0;
    for _ in 0..4000 {
        let doc = strategy.new_tree(&mut runner).expect("tree").current();
        if tally_json(&doc.to_string()).is_ok() {
            valid += 1;
        }
    }
    assert!(valid > 20, "only {valid} valid documents");
}
