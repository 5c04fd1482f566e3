//! The canonical form of a valid ballot's choice, so equal votes are equal rows: a voter who
//! writes `["C","A"]` and one who writes `["A","C"]` cast the same approval ballot, and no
//! voter can mark a secret ballot by the order they wrote it in.
//!
//! - approval: the approved options, in option order, each once;
//! - dot: option → dots, zero entries dropped (giving none is not voting for it);
//! - score: option → score, zeros kept (0 is a rating; a missing key means "not rated");
//! - ranked: as given (the order is the vote); single, proposal, consent: as given.
//!
//! Objects are written with their keys in one fixed order (the JSON map's sorted order), the
//! same for every equal vote.

use super::Method;
use serde_json::Value;

/// The canonical form of `choice` for `method` over `options` (a choice the engine accepted).
pub fn canonical_choice(method: Method, options: &[String], choice: &Value) -> Value {
    match (method, choice) {
        (Method::Approval, Value::Array(list)) => Value::Array(
            options
                .iter()
                .filter(|o| list.iter().any(|v| v.as_str() == Some(o.as_str())))
                .map(|o| Value::String(o.clone()))
                .collect(),
        ),
        (Method::Dot, Value::Object(map)) => Value::Object(
            map.iter()
                .filter(|(_, v)| v.as_i64() != Some(0) && v.as_u64() != Some(0))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        ),
        _ => choice.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn opts() -> Vec<String> {
        ["A", "B", "C"].iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn equal_votes_are_equal_whatever_order_they_were_written_in() {
        let a = canonical_choice(Method::Approval, &opts(), &json!(["C", "A"]));
        let b = canonical_choice(Method::Approval, &opts(), &json!(["A", "C"]));
        assert_eq!(a, json!(["A", "C"]));
        assert_eq!(a.to_string(), b.to_string());
        let d1 = canonical_choice(Method::Dot, &opts(), &json!({"C": 2, "A": 0, "B": 1}));
        let d2 = canonical_choice(Method::Dot, &opts(), &json!({"B": 1, "C": 2}));
        assert_eq!(d1.to_string(), d2.to_string());
        assert_eq!(d1, json!({"B": 1, "C": 2}));
        // A score of 0 is a rating, kept; key order is fixed.
        let s1 = canonical_choice(Method::Score, &opts(), &json!({"C": 0, "A": 5}));
        let s2 = canonical_choice(Method::Score, &opts(), &json!({"A": 5, "C": 0}));
        assert_eq!(s1.to_string(), s2.to_string());
        assert_eq!(s1, json!({"A": 5, "C": 0}));
        // Ranked order is the vote.
        let r = canonical_choice(Method::Ranked, &opts(), &json!(["C", "A", "B"]));
        assert_eq!(r, json!(["C", "A", "B"]));
    }
}
