//! Strict reading of `collegia-payout/1`.
//!
//! serde_json's `Value` keeps the last of duplicate keys and reads `5.0` as a number like `5`, so objects
//! are read here as lists of raw values: a duplicate key is an error, and integers are checked
//! on their literal text. Every error names the field, e.g. `work[3].estimate`.

use super::calendar::{YearMonth, parse_date};
use super::rule::PayoutRule;
use super::{PayoutError, PayoutFile, WorkEntry, WorkKind};
use crate::domain::fraction::parse_fraction;
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;
use std::collections::HashSet;
use std::fmt;

pub const FORMAT: &str = "collegia-payout/1";

/// An object's members in order, and the first key seen twice.
struct Members<'a> {
    fields: Vec<(String, &'a RawValue)>,
    duplicate: Option<String>,
}

impl<'de: 'a, 'a> Deserialize<'de> for Members<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = Members<'a>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Members<'a>, M::Error> {
                let mut seen = HashSet::new();
                let mut members = Members {
                    fields: Vec::new(),
                    duplicate: None,
                };
                while let Some(key) = map.next_key::<String>()? {
                    let value: &'de RawValue = map.next_value()?;
                    if !seen.insert(key.clone()) && members.duplicate.is_none() {
                        members.duplicate = Some(key.clone());
                    }
                    members.fields.push((key, value));
                }
                Ok(members)
            }
        }
        d.deserialize_map(V(std::marker::PhantomData))
    }
}

struct Object<'a> {
    path: String,
    fields: Vec<(String, &'a RawValue)>,
}

fn err(path: &str, message: impl Into<String>) -> PayoutError {
    PayoutError::Field {
        path: path.to_string(),
        message: message.into(),
    }
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_string()
    } else {
        format!("{path}.{name}")
    }
}

fn found(raw: &RawValue) -> &'static str {
    match raw.get().as_bytes().first() {
        Some(b'{') => "an object",
        Some(b'[') => "an array",
        Some(b'"') => "a string",
        Some(b't' | b'f') => "a boolean",
        Some(b'n') => "null",
        _ => "a number",
    }
}

impl<'a> Object<'a> {
    fn read(raw: &'a RawValue, path: &str) -> Result<Self, PayoutError> {
        if !raw.get().starts_with('{') {
            return Err(err(
                path,
                format!("expected an object, found {}", found(raw)),
            ));
        }
        let members: Members<'a> = serde_json::from_str(raw.get())
            .map_err(|e| err(path, format!("invalid object: {e}")))?;
        if let Some(key) = members.duplicate {
            return Err(err(path, format!("duplicate key \"{key}\"")));
        }
        Ok(Object {
            path: path.to_string(),
            fields: members.fields,
        })
    }

    fn only(&self, allowed: &[&str]) -> Result<(), PayoutError> {
        match self
            .fields
            .iter()
            .find(|(k, _)| !allowed.contains(&k.as_str()))
        {
            Some((k, _)) => Err(err(&join(&self.path, k), "unknown field")),
            None => Ok(()),
        }
    }

    fn get(&self, name: &str) -> Option<(&'a RawValue, String)> {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| (*v, join(&self.path, name)))
    }

    fn req(&self, name: &str) -> Result<(&'a RawValue, String), PayoutError> {
        self.get(name)
            .ok_or_else(|| err(&join(&self.path, name), "missing field"))
    }
}

fn string(raw: &RawValue, path: &str) -> Result<String, PayoutError> {
    if !raw.get().starts_with('"') {
        return Err(err(
            path,
            format!("expected a string, found {}", found(raw)),
        ));
    }
    serde_json::from_str(raw.get()).map_err(|e| err(path, e.to_string()))
}

/// A JSON integer literal (no fraction, no exponent), as i128; wider literals are out of range.
fn integer(raw: &RawValue, path: &str) -> Result<i128, PayoutError> {
    let text = raw.get();
    if found(raw) != "a number" {
        return Err(err(
            path,
            format!("expected an integer, found {}", found(raw)),
        ));
    }
    if text.contains(['.', 'e', 'E']) {
        return Err(err(path, format!("expected an integer, found {text}")));
    }
    text.parse()
        .map_err(|_| err(path, format!("{text} is out of range")))
}

fn bounded<T: TryFrom<i128>>(
    raw: &RawValue,
    path: &str,
    min: i128,
    what: &str,
) -> Result<T, PayoutError> {
    let value = integer(raw, path)?;
    if value < min {
        return Err(err(path, format!("must be {what}, found {value}")));
    }
    T::try_from(value).map_err(|_| err(path, format!("{value} is out of range")))
}

fn month(raw: &RawValue, path: &str) -> Result<YearMonth, PayoutError> {
    let text = string(raw, path)?;
    YearMonth::parse(&text).ok_or_else(|| err(path, format!("\"{text}\" is not a month (YYYY-MM)")))
}

fn rule(raw: &RawValue, path: &str) -> Result<PayoutRule, PayoutError> {
    let o = Object::read(raw, path)?;
    o.only(&[
        "support_points_per_day",
        "task_max_points",
        "task_tolerance_points",
        "window_months",
        "distributable_share",
        "effective_from",
    ])?;
    let non_negative = "a non-negative integer";
    let positive = "an integer of at least 1";
    let (v, p) = o.req("support_points_per_day")?;
    let support_points_per_day = bounded(v, &p, 0, non_negative)?;
    let (v, p) = o.req("task_max_points")?;
    let task_max_points = bounded(v, &p, 1, positive)?;
    let (v, p) = o.req("task_tolerance_points")?;
    let task_tolerance_points = bounded(v, &p, 0, non_negative)?;
    let (v, p) = o.req("window_months")?;
    let window_months = bounded(v, &p, 1, positive)?;
    let (v, p) = o.req("distributable_share")?;
    let text = string(v, &p)?;
    let distributable_share = parse_fraction(&text).map_err(|e| err(&p, e.to_string()))?;
    let effective_from = match o.get("effective_from") {
        Some((v, _)) if v.get() == "null" => None,
        Some((v, p)) => Some(month(v, &p)?),
        None => None,
    };
    let rule = PayoutRule {
        support_points_per_day,
        task_max_points,
        task_tolerance_points,
        window_months,
        distributable_share,
        effective_from,
    };
    rule.validate().map_err(|error| PayoutError::Rule {
        path: join(path, error.field()),
        error,
    })?;
    Ok(rule)
}

/// Reads a rule on its own (a `payout_rule` proposal's payload), with the same strictness.
pub fn parse_rule(text: &str) -> Result<PayoutRule, PayoutError> {
    let raw: &RawValue =
        serde_json::from_str(text).map_err(|e| PayoutError::Json(e.to_string()))?;
    rule(raw, "")
}

fn entry(raw: &RawValue, path: &str, rule: &PayoutRule) -> Result<WorkEntry, PayoutError> {
    let o = Object::read(raw, path)?;
    o.only(&["member", "date", "kind", "estimate", "points"])?;
    let (v, p) = o.req("kind")?;
    let kind_name = string(v, &p)?;
    if !["support_day", "task", "points"].contains(&kind_name.as_str()) {
        return Err(err(
            &p,
            format!("unknown kind \"{kind_name}\" (expected support_day, task or points)"),
        ));
    }
    for (field, owner) in [("estimate", "task"), ("points", "points")] {
        if kind_name != owner && o.get(field).is_some() {
            return Err(err(
                &join(path, field),
                format!("not allowed for kind {kind_name}"),
            ));
        }
    }
    let (v, p) = o.req("member")?;
    let member = string(v, &p)?;
    let (v, p) = o.req("date")?;
    let text = string(v, &p)?;
    let date = parse_date(&text)
        .ok_or_else(|| err(&p, format!("\"{text}\" is not a valid date (YYYY-MM-DD)")))?;
    let kind = match kind_name.as_str() {
        "task" => {
            let (v, p) = o.req("estimate")?;
            let value = integer(v, &p)?;
            if value > i128::from(rule.task_max_points) {
                return Err(err(
                    &p,
                    format!("{value} exceeds task_max_points {}", rule.task_max_points),
                ));
            }
            WorkKind::Task {
                estimate: bounded(v, &p, 1, "an integer of at least 1")?,
            }
        }
        "points" => {
            let (v, p) = o.req("points")?;
            WorkKind::Points {
                points: bounded(v, &p, 0, "a non-negative integer")?,
            }
        }
        _ => WorkKind::SupportDay,
    };
    Ok(WorkEntry { member, date, kind })
}

/// Reads a `collegia-payout/1` file; checks the rule and every entry, computes nothing.
pub fn parse_file(text: &str) -> Result<PayoutFile, PayoutError> {
    let raw: &RawValue =
        serde_json::from_str(text).map_err(|e| PayoutError::Json(e.to_string()))?;
    let o = Object::read(raw, "")?;
    o.only(&[
        "format",
        "rule",
        "month",
        "surplus_cents",
        "currency",
        "work",
    ])?;
    let (v, p) = o.req("format")?;
    let format = string(v, &p)?;
    if format != FORMAT {
        return Err(err(
            &p,
            format!("expected \"{FORMAT}\", found \"{format}\""),
        ));
    }
    let (v, p) = o.req("rule")?;
    let rule = rule(v, &p)?;
    let (v, p) = o.req("month")?;
    let month = month(v, &p)?;
    let (v, p) = o.req("surplus_cents")?;
    let value = integer(v, &p)?;
    let surplus_cents =
        i64::try_from(value).map_err(|_| err(&p, format!("{value} is out of range")))?;
    let (v, p) = o.req("currency")?;
    let currency = string(v, &p)?;
    let (v, p) = o.req("work")?;
    if !v.get().starts_with('[') {
        return Err(err(&p, format!("expected an array, found {}", found(v))));
    }
    let items: Vec<&RawValue> =
        serde_json::from_str(v.get()).map_err(|e| err(&p, e.to_string()))?;
    let work = items
        .iter()
        .enumerate()
        .map(|(i, item)| entry(item, &format!("work[{i}]"), &rule))
        .collect::<Result<Vec<_>, _>>()?;
    let file = PayoutFile {
        rule,
        month,
        surplus_cents,
        currency,
        work,
    };
    file.check()?;
    Ok(file)
}
