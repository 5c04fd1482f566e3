//! What a rules change changes: every field whose value differs between two rulebooks, with
//! its old and new value. One function serves the rules-change explanation (every change is
//! shown, not only those the plain-language sentences happen to mention), and later the rules
//! composer's "current | proposed" table and the detection of entrenched clauses.
//!
//! Paths are written as validation names fields (`decisions.ordinary.quorum.turnout`), except
//! that a college is named by its key (`colleges[workers].may_propose`), so that a reordered
//! list is not reported as every college changing.

use super::Rulebook;
use serde_json::Value;

/// One changed field: its path and its values before and after (`None`: absent on that side).
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub path: String,
    pub old: Option<Value>,
    pub new: Option<Value>,
}

/// Every field that differs, in document order (`old`'s, then fields only `new` has).
pub fn diff(old: &Rulebook, new: &Rulebook) -> Vec<Change> {
    let (a, b) = (as_value(old), as_value(new));
    let mut out = Vec::new();
    walk("", Some(&a), Some(&b), &mut out);
    out
}

fn as_value(book: &Rulebook) -> Value {
    // A rulebook always serializes (plain data); an empty object would only hide changes.
    serde_json::to_value(book).unwrap_or(Value::Null)
}

fn join(path: &str, field: &str) -> String {
    if path.is_empty() {
        field.to_string()
    } else {
        format!("{path}.{field}")
    }
}

/// Arrays of objects that all have a `key` are compared by key (colleges).
fn keyed(list: &[Value]) -> Option<Vec<(&str, &Value)>> {
    list.iter()
        .map(|v| v.get("key").and_then(Value::as_str).map(|k| (k, v)))
        .collect()
}

fn walk(path: &str, a: Option<&Value>, b: Option<&Value>, out: &mut Vec<Change>) {
    // A missing field and a null one say the same (an optional rule that is not set).
    let a = a.filter(|v| !v.is_null());
    let b = b.filter(|v| !v.is_null());
    match (a, b) {
        (Some(Value::Object(x)), Some(Value::Object(y))) => {
            for (k, v) in x {
                walk(&join(path, k), Some(v), y.get(k), out);
            }
            for (k, v) in y {
                if !x.contains_key(k) {
                    walk(&join(path, k), None, Some(v), out);
                }
            }
        }
        (Some(Value::Array(x)), Some(Value::Array(y))) => match (keyed(x), keyed(y)) {
            (Some(xs), Some(ys)) => {
                for (k, v) in &xs {
                    let other = ys.iter().find(|(k2, _)| k2 == k).map(|(_, v)| *v);
                    walk(&format!("{path}[{k}]"), Some(v), other, out);
                }
                for (k, v) in &ys {
                    if !xs.iter().any(|(k2, _)| k2 == k) {
                        walk(&format!("{path}[{k}]"), None, Some(v), out);
                    }
                }
            }
            _ if x != y => out.push(Change {
                path: path.to_string(),
                old: a.cloned(),
                new: b.cloned(),
            }),
            _ => {}
        },
        (x, y) if x != y => out.push(Change {
            path: path.to_string(),
            old: x.cloned(),
            new: y.cloned(),
        }),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::rulebook::{DecisionClass, Template, template};
    use serde_json::json;

    #[test]
    fn the_same_rules_differ_in_nothing() {
        let book = template(Template::Scic, None);
        assert!(diff(&book, &book.clone()).is_empty());
    }

    #[test]
    fn every_college_that_may_no_longer_start_threads_is_named() {
        let old = template(Template::Scic, None);
        let mut new = old.clone();
        for c in &mut new.colleges {
            c.may_start_threads = false;
        }
        let changes = diff(&old, &new);
        assert_eq!(changes.len(), old.colleges.len(), "{changes:?}");
        assert_eq!(
            changes[0].path,
            format!("colleges[{}].may_start_threads", old.colleges[0].key)
        );
        assert_eq!(
            (changes[0].old.clone(), changes[0].new.clone()),
            (Some(json!(true)), Some(json!(false)))
        );
    }

    #[test]
    fn a_reordered_college_list_is_no_change_and_a_new_college_is_one() {
        let old = template(Template::Scic, None);
        let mut new = old.clone();
        new.colleges.reverse();
        assert!(diff(&old, &new).is_empty());
        let mut more = old.clone();
        let mut extra = old.colleges[0].clone();
        extra.key = "founders".into();
        more.colleges.push(extra);
        let changes = diff(&old, &more);
        assert_eq!(changes.len(), 1, "{changes:?}");
        assert_eq!(changes[0].path, "colleges[founders]");
        assert!(changes[0].old.is_none());
    }

    #[test]
    fn nested_and_optional_fields_are_named_by_path() {
        let old = template(Template::Scic, None);
        assert!(old.decisions.extraordinary.second_call_quorum.is_some());
        let mut new = old.clone();
        new.decisions
            .get_mut(DecisionClass::Ordinary)
            .min_open_hours = 48;
        new.decisions
            .get_mut(DecisionClass::Extraordinary)
            .second_call_quorum = None;
        let paths: Vec<String> = diff(&old, &new).into_iter().map(|c| c.path).collect();
        assert!(
            paths.contains(&"decisions.ordinary.min_open_hours".to_string()),
            "{paths:?}"
        );
        assert!(
            paths
                .iter()
                .any(|p| p.starts_with("decisions.extraordinary.second_call_quorum")),
            "{paths:?}"
        );
    }
}
