//! Reading `collegia-election/1`: one streaming pass with typed visitors, straight into
//! `Election` (no `serde_json::Value`), refusing unknown fields and duplicate keys.
//!
//! Ballots need the method, options and colleges to be resolved; when the file lists
//! `ballots` before those, the ballots are kept as borrowed raw JSON and read at the end.

use super::ballot_file::{BallotsSeed, Context};
use super::model::{Ballot, Election, ElectionError, Method, RankedRule};
use super::rules::Rules;
use serde::de::{self, DeserializeSeed, Deserializer, Error as _, MapAccess, Visitor};
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::fmt;

pub const FORMAT: &str = "collegia-election/1";

/// Parses an election file. Semantic checks (weights, electorate...) run in `tally`, or
/// call `Election::validate`.
pub fn parse_election(json: &str) -> Result<Election, ElectionError> {
    let mut de = serde_json::Deserializer::from_str(json);
    let election = de
        .deserialize_map(FileVisitor)
        .map_err(|e| ElectionError::new(clean(&e.to_string())))?;
    de.end()
        .map_err(|e| ElectionError::new(format!("malformed JSON: {e}")))?;
    Ok(election)
}

/// serde_json appends " at line L column C"; nested messages are re-wrapped, so keep one.
fn strip_position(msg: &str) -> &str {
    if let Some(i) = msg.rfind(" at line ") {
        let tail = &msg[i + 9..];
        let mut parts = tail.split(" column ");
        let ok = matches!((parts.next(), parts.next(), parts.next()),
            (Some(l), Some(c), None) if l.bytes().all(|b| b.is_ascii_digit()) && c.bytes().all(|b| b.is_ascii_digit()));
        if ok {
            return &msg[..i];
        }
    }
    msg
}

fn clean(msg: &str) -> String {
    msg.replace('\n', " ")
}

/// Prefixes a nested error with its place: `ballots` + `[3]` + `.choice: ...`.
pub(super) fn wrap<E: de::Error>(place: &str, inner: impl fmt::Display) -> E {
    let text = inner.to_string();
    let inner = strip_position(&text);
    if inner.starts_with(['.', '[', ':']) {
        E::custom(format!("{place}{inner}"))
    } else {
        E::custom(format!("{place}: {inner}"))
    }
}

/// A string that borrows from the input when it has no escapes.
pub(super) struct Text<'de>(pub(super) Cow<'de, str>);

impl<'de> de::Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(v.to_string())))
            }
        }
        d.deserialize_str(V)
    }
}

const FIELDS: &[&str] = &[
    "format",
    "method",
    "options",
    "ranked_rule",
    "score_range",
    "dots_per_voter",
    "rules",
    "electorate",
    "ballots",
];

struct FileVisitor;

impl<'de> Visitor<'de> for FileVisitor {
    type Value = Election;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an election object (collegia-election/1)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Election, A::Error> {
        let mut seen = [false; 9];
        let mut format: Option<Text<'de>> = None;
        let mut method: Option<Method> = None;
        let mut options: Option<Vec<String>> = None;
        let mut ranked_rule = None;
        let mut score_range = None;
        let mut dots = None;
        let mut rules: Option<Rules> = None;
        let mut electorate: Option<Vec<(Text<'de>, u64)>> = None;
        let mut ballots: Option<Vec<Ballot>> = None;
        let mut deferred: Option<&'de RawValue> = None;
        while let Some(key) = map.next_key::<Text<'de>>()? {
            let key = key.0;
            let Some(field) = FIELDS.iter().position(|f| *f == key) else {
                return Err(A::Error::custom(format!(
                    "unknown field `{key}`, expected one of {}",
                    FIELDS.join(", ")
                )));
            };
            if std::mem::replace(&mut seen[field], true) {
                return Err(A::Error::custom(format!("duplicate field `{key}`")));
            }
            match field {
                0 => {
                    format = Some(
                        map.next_value()
                            .map_err(|e| wrap::<A::Error>("format", e))?,
                    )
                }
                1 => {
                    let name: Text = map
                        .next_value()
                        .map_err(|e| wrap::<A::Error>("method", e))?;
                    method = Some(Method::from_name(&name.0).ok_or_else(|| {
                        A::Error::custom(format!("method: unknown method {:?}", name.0))
                    })?);
                }
                2 => {
                    let list: Vec<String> = map
                        .next_value()
                        .map_err(|e| wrap::<A::Error>("options", e))?;
                    // Settled: an empty list is an error even where options are not used.
                    if list.is_empty() {
                        return Err(A::Error::custom("options: must not be empty"));
                    }
                    options = Some(list);
                }
                3 => {
                    let name: Text = map
                        .next_value()
                        .map_err(|e| wrap::<A::Error>("ranked_rule", e))?;
                    ranked_rule = Some(RankedRule::from_name(&name.0).ok_or_else(|| {
                        A::Error::custom(format!("ranked_rule: unknown rule {:?}", name.0))
                    })?);
                }
                4 => {
                    score_range = Some(
                        map.next_value::<(i64, i64)>()
                            .map_err(|e| wrap::<A::Error>("score_range", e))?,
                    )
                }
                5 => {
                    dots = Some(
                        map.next_value::<u64>()
                            .map_err(|e| wrap::<A::Error>("dots_per_voter", e))?,
                    )
                }
                6 => rules = Some(map.next_value().map_err(|e| wrap::<A::Error>("rules", e))?),
                7 => {
                    electorate = Some(
                        map.next_value_seed(ElectorateSeed)
                            .map_err(|e| wrap::<A::Error>("electorate", e))?,
                    )
                }
                _ => {
                    let ready = method.is_some_and(|m| !m.has_options() || options.is_some())
                        && rules.is_some();
                    match (ready, method, &rules) {
                        (true, Some(m), Some(r)) => {
                            let ctx = Context::new(m, options.as_deref().unwrap_or(&[]), r);
                            ballots = Some(
                                map.next_value_seed(BallotsSeed(&ctx))
                                    .map_err(|e| wrap::<A::Error>("ballots", e))?,
                            );
                        }
                        _ => {
                            deferred = Some(
                                map.next_value()
                                    .map_err(|e| wrap::<A::Error>("ballots", e))?,
                            )
                        }
                    }
                }
            }
        }
        let format = format.ok_or_else(|| A::Error::custom("format: missing"))?;
        if format.0 != FORMAT {
            return Err(A::Error::custom(format!(
                "format: expected {FORMAT:?}, found {:?}",
                format.0
            )));
        }
        let method = method.ok_or_else(|| A::Error::custom("method: missing"))?;
        let mut election = Election::new(
            method,
            options.unwrap_or_default(),
            rules.unwrap_or_default(),
        );
        election.ranked_rule = ranked_rule.unwrap_or_default();
        if let Some(range) = score_range {
            election.score_range = range;
        }
        election.dots_per_voter = dots;
        if let Some(raw) = deferred {
            let ctx = Context::new(method, &election.options, &election.rules);
            let mut de = serde_json::Deserializer::from_str(raw.get());
            let list = BallotsSeed(&ctx)
                .deserialize(&mut de)
                .map_err(|e| wrap::<A::Error>("ballots", e))?;
            ballots = Some(list);
        }
        election.ballots = ballots.ok_or_else(|| A::Error::custom("ballots: missing"))?;
        if let Some(pairs) = electorate {
            let pairs: Vec<(&str, u64)> = pairs.iter().map(|(k, n)| (k.0.as_ref(), *n)).collect();
            election
                .set_electorate(&pairs)
                .map_err(|e| A::Error::custom(e.message))?;
        }
        Ok(election)
    }
}

/// `electorate`: college key -> non-negative integer, refusing duplicate keys.
struct ElectorateSeed;

impl<'de> DeserializeSeed<'de> for ElectorateSeed {
    type Value = Vec<(Text<'de>, u64)>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ElectorateSeed {
    type Value = Vec<(Text<'de>, u64)>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object of college -> eligible voters")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out: Vec<(Text<'de>, u64)> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        while let Some(key) = map.next_key::<Text<'de>>()? {
            if !seen.insert(key.0.to_string()) {
                return Err(A::Error::custom(format!(".{}: duplicate key", key.0)));
            }
            let n: u64 = map
                .next_value()
                .map_err(|e| wrap::<A::Error>(&format!(".{}", key.0), e))?;
            out.push((key, n));
        }
        Ok(out)
    }
}
