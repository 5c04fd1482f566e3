//! The strict reader: every refusal names its field; accepted files round-trip.

use super::tests::spec_example;
use super::*;
use serde_json::{Value, json};

fn error_of(value: &Value) -> String {
    compute_json(&value.to_string()).unwrap_err().to_string()
}

#[test]
fn strict_parsing_errors_name_the_field() {
    let base = spec_example();
    let with = |pointer: &str, value: Value| {
        let mut v = base.clone();
        *v.pointer_mut(pointer).unwrap() = value;
        error_of(&v)
    };
    let cases = [
        (
            with("/work/1/estimate", json!(9)),
            "work[1].estimate: 9 exceeds task_max_points 8",
        ),
        (
            with("/work/1/estimate", json!(0)),
            "work[1].estimate: must be an integer of at least 1, found 0",
        ),
        (
            with("/work/1/estimate", json!(5.0)),
            "work[1].estimate: expected an integer, found 5.0",
        ),
        (
            with("/work/1/estimate", json!("5")),
            "work[1].estimate: expected an integer, found a string",
        ),
        (
            with("/work/2/points", json!(-1)),
            "work[2].points: must be a non-negative integer, found -1",
        ),
        (
            with("/work/0/date", json!("2026-02-30")),
            "work[0].date: \"2026-02-30\" is not a valid date (YYYY-MM-DD)",
        ),
        (
            with("/work/0/kind", json!("holiday")),
            "work[0].kind: unknown kind \"holiday\" (expected support_day, task or points)",
        ),
        (
            with("/work/0/member", json!("")),
            "work[0].member: must not be empty",
        ),
        (
            with("/month", json!("2026-13")),
            "month: \"2026-13\" is not a month (YYYY-MM)",
        ),
        (
            with("/format", json!("collegia-payout/2")),
            "format: expected \"collegia-payout/1\", found \"collegia-payout/2\"",
        ),
        (
            with("/surplus_cents", json!(1.5)),
            "surplus_cents: expected an integer, found 1.5",
        ),
        (
            with("/surplus_cents", json!(u64::MAX)),
            "surplus_cents: 18446744073709551615 is out of range",
        ),
        (with("/currency", json!("")), "currency: must not be empty"),
        (
            with("/currency", json!(978)),
            "currency: expected a string, found a number",
        ),
        (
            with("/work", json!({})),
            "work: expected an array, found an object",
        ),
        (
            with("/rule/window_months", json!(0)),
            "rule.window_months: must be an integer of at least 1, found 0",
        ),
        (
            with("/rule/distributable_share", json!("3/2")),
            "rule.distributable_share: must be between 0 and 1",
        ),
        (
            with("/rule/distributable_share", json!(0.4)),
            "rule.distributable_share: expected a string, found a number",
        ),
        (
            with("/rule/distributable_share", json!("1/0")),
            "rule.distributable_share: denominator is zero",
        ),
        (
            with("/rule/window_months", json!(30000)),
            "rule.window_months: 30000 months ending 2026-10 start before 0000-01",
        ),
    ];
    for (got, want) in cases {
        assert_eq!(got, want);
    }
    let mut v = base.clone();
    v["work"][0]["estimate"] = json!(3);
    assert_eq!(
        error_of(&v),
        "work[0].estimate: not allowed for kind support_day"
    );
    let mut v = base.clone();
    v["work"][1].as_object_mut().unwrap().remove("estimate");
    assert_eq!(error_of(&v), "work[1].estimate: missing field");
    let below = base.to_string().replace("1000000", "-9223372036854775809");
    assert_eq!(
        compute_json(&below).unwrap_err().to_string(),
        "surplus_cents: -9223372036854775809 is out of range"
    );
    let mut v = base.clone();
    v["rule"]["effective_from"] = json!("2027-1");
    assert_eq!(
        error_of(&v),
        "rule.effective_from: \"2027-1\" is not a month (YYYY-MM)"
    );
    let mut v = base.clone();
    v["extra"] = json!(1);
    assert_eq!(error_of(&v), "extra: unknown field");
    let mut v = base.clone();
    v["rule"]["bonus"] = json!(1);
    assert_eq!(error_of(&v), "rule.bonus: unknown field");
    let mut v = base;
    v.as_object_mut().unwrap().remove("currency");
    assert_eq!(error_of(&v), "currency: missing field");
}

#[test]
fn duplicate_keys_and_broken_json_are_errors() {
    let text = spec_example().to_string();
    let dup_top = text.replacen("\"month\":", "\"month\":\"2026-09\",\"month\":", 1);
    assert_eq!(
        compute_json(&dup_top).unwrap_err().to_string(),
        "duplicate key \"month\""
    );
    let dup_entry = text.replacen(
        "\"kind\":\"task\"",
        "\"kind\":\"task\",\"kind\":\"task\"",
        1,
    );
    assert_eq!(
        compute_json(&dup_entry).unwrap_err().to_string(),
        "work[1]: duplicate key \"kind\""
    );
    for broken in [
        "",
        "{",
        "[]",
        "null",
        "{\"format\":\"collegia-payout/1\"} x",
    ] {
        assert!(compute_json(broken).is_err(), "{broken:?}");
    }
}

#[test]
fn effective_from_is_ignored_and_null_accepted() {
    let mut v = spec_example();
    v["rule"]["effective_from"] = json!("2027-01");
    let with = compute_json(&v.to_string()).unwrap();
    v["rule"]["effective_from"] = Value::Null;
    assert_eq!(compute_json(&v.to_string()).unwrap(), with);
}

#[test]
fn a_file_round_trips_through_its_serialization() {
    let parsed = PayoutFile::from_json(&spec_example().to_string()).unwrap();
    let again = PayoutFile::from_json(&serde_json::to_string(&parsed).unwrap()).unwrap();
    assert_eq!(parsed, again);
    assert_eq!(
        parse_rule(&serde_json::to_string(&parsed.rule).unwrap()).unwrap(),
        parsed.rule
    );
}
