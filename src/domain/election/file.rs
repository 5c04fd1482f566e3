//! Reading `collegia-election/1`: one streaming pass with typed visitors, straight into
//! `Election` (no `serde_json::Value`), refusing unknown fields and duplicate keys.
//!
//! Ballots need the method, options and colleges to be resolved; when the file lists
//! `ballots` before those, the ballots are kept as borrowed raw JSON and read at the end.

use super::model::{
    Ballot, Choice, ConsentChoice, Election, ElectionError, Method, ProposalChoice, RankedRule,
};
use super::rules::Rules;
use serde::de::{
    self, DeserializeSeed, Deserializer, Error as _, IgnoredAny, MapAccess, SeqAccess, Visitor,
};
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::collections::HashMap;
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
fn wrap<E: de::Error>(place: &str, inner: impl fmt::Display) -> E {
    let text = inner.to_string();
    let inner = strip_position(&text);
    if inner.starts_with(['.', '[', ':']) {
        E::custom(format!("{place}{inner}"))
    } else {
        E::custom(format!("{place}: {inner}"))
    }
}

/// A string that borrows from the input when it has no escapes.
struct Text<'de>(Cow<'de, str>);

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

/// Name -> index, a linear scan for short lists (faster than hashing a few names).
pub(super) struct Lookup<'a> {
    names: Vec<&'a str>,
    map: Option<HashMap<&'a str, u32>>,
}

impl<'a> Lookup<'a> {
    pub(super) fn new(names: Vec<&'a str>) -> Self {
        let map = (names.len() > 12).then(|| {
            names
                .iter()
                .enumerate()
                .map(|(i, n)| (*n, i as u32))
                .collect()
        });
        Lookup { names, map }
    }

    pub(super) fn get(&self, name: &str) -> Option<u32> {
        match &self.map {
            Some(m) => m.get(name).copied(),
            None => self.names.iter().position(|n| *n == name).map(|i| i as u32),
        }
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
                    options = Some(
                        map.next_value()
                            .map_err(|e| wrap::<A::Error>("options", e))?,
                    )
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
        while let Some(key) = map.next_key::<Text<'de>>()? {
            if out.iter().any(|(k, _)| k.0 == key.0) {
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

/// What a ballot needs to be read: the method and the names it may use.
pub(super) struct Context<'a> {
    method: Method,
    options: Lookup<'a>,
    colleges: Option<Lookup<'a>>,
}

impl<'a> Context<'a> {
    pub(super) fn new(method: Method, options: &'a [String], rules: &'a Rules) -> Self {
        Context {
            method,
            options: Lookup::new(options.iter().map(String::as_str).collect()),
            colleges: rules
                .colleges
                .as_ref()
                .map(|cs| Lookup::new(cs.iter().map(|c| c.key.as_str()).collect())),
        }
    }

    fn option<E: de::Error>(&self, name: &str) -> Result<u32, E> {
        self.options
            .get(name)
            .ok_or_else(|| E::custom(format!("unknown option {name:?}")))
    }
}

struct BallotsSeed<'c, 'a>(&'c Context<'a>);

impl<'de> DeserializeSeed<'de> for BallotsSeed<'_, '_> {
    type Value = Vec<Ballot>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Vec<Ballot>, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for BallotsSeed<'_, '_> {
    type Value = Vec<Ballot>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of ballots")
    }
    fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<Vec<Ballot>, S::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1 << 20));
        loop {
            let index = out.len();
            match seq.next_element_seed(BallotSeed(self.0)) {
                Ok(Some(b)) => out.push(b),
                Ok(None) => return Ok(out),
                Err(e) => return Err(wrap(&format!("[{index}]"), e)),
            }
        }
    }
}

struct BallotSeed<'c, 'a>(&'c Context<'a>);

impl<'de> DeserializeSeed<'de> for BallotSeed<'_, '_> {
    type Value = Ballot;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Ballot, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for BallotSeed<'_, '_> {
    type Value = Ballot;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a ballot object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Ballot, A::Error> {
        let ctx = self.0;
        let mut college: Option<u32> = None;
        let mut choice: Option<Choice> = None;
        let mut count: Option<u64> = None;
        while let Some(key) = map.next_key::<Text<'de>>()? {
            match key.0.as_ref() {
                "college" => {
                    if college.is_some() {
                        return Err(A::Error::custom("duplicate field `college`"));
                    }
                    let name: Text = map
                        .next_value()
                        .map_err(|e| wrap::<A::Error>(".college", e))?;
                    let found = match &ctx.colleges {
                        Some(l) => l.get(&name.0),
                        None => (name.0 == super::model::ALL_COLLEGE).then_some(0),
                    };
                    college = Some(found.ok_or_else(|| {
                        A::Error::custom(format!(".college: unknown college {:?}", name.0))
                    })?);
                }
                "choice" => {
                    if choice.is_some() {
                        return Err(A::Error::custom("duplicate field `choice`"));
                    }
                    choice = Some(
                        map.next_value_seed(ChoiceSeed(ctx))
                            .map_err(|e| wrap::<A::Error>(".choice", e))?,
                    );
                }
                "count" => {
                    if count.is_some() {
                        return Err(A::Error::custom("duplicate field `count`"));
                    }
                    let n: u64 = map
                        .next_value()
                        .map_err(|e| wrap::<A::Error>(".count", e))?;
                    if n == 0 {
                        return Err(A::Error::custom(".count: must be a positive integer"));
                    }
                    count = Some(n);
                }
                other => {
                    map.next_value::<IgnoredAny>()?;
                    return Err(A::Error::custom(format!(
                        "unknown field `{other}`, expected college, choice, count"
                    )));
                }
            }
        }
        let choice = choice.ok_or_else(|| A::Error::custom(": missing choice"))?;
        let college = match (college, &ctx.colleges) {
            (Some(c), _) => c,
            (None, None) => 0,
            (None, Some(_)) => {
                return Err(A::Error::custom(
                    ": missing college (the rules define colleges)",
                ));
            }
        };
        Ok(Ballot {
            college,
            choice,
            count: count.unwrap_or(1),
        })
    }
}

struct ChoiceSeed<'c, 'a>(&'c Context<'a>);

impl<'de> DeserializeSeed<'de> for ChoiceSeed<'_, '_> {
    type Value = Choice;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Choice, D::Error> {
        match self.0.method {
            Method::Approval | Method::Ranked => d.deserialize_seq(self),
            Method::Score | Method::Dot => d.deserialize_map(self),
            _ => d.deserialize_any(self),
        }
    }
}

/// Rejects a repeated option; a scan is cheapest for ballots of a few options.
fn push_distinct<E: de::Error>(list: &mut Vec<u32>, index: u32, name: &str) -> Result<(), E> {
    if list.contains(&index) {
        return Err(E::custom(format!("option {name:?} listed twice")));
    }
    list.push(index);
    Ok(())
}

impl<'de> Visitor<'de> for ChoiceSeed<'_, '_> {
    type Value = Choice;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self.0.method {
            Method::Proposal => f.write_str("\"agree\", \"disagree\", \"abstain\" or \"block\""),
            Method::Consent => f.write_str("\"consent\", \"object\" or \"stand_aside\""),
            Method::Single => f.write_str("an option name or null"),
            Method::Approval | Method::Ranked => f.write_str("an array of option names"),
            Method::Score | Method::Dot => f.write_str("an object of option -> integer"),
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Choice, E> {
        let bad = || {
            E::custom(format!(
                "{v:?} is not a choice for {}",
                self.0.method.name()
            ))
        };
        match self.0.method {
            Method::Proposal => ProposalChoice::from_name(v)
                .map(Choice::Proposal)
                .ok_or_else(bad),
            Method::Consent => ConsentChoice::from_name(v)
                .map(Choice::Consent)
                .ok_or_else(bad),
            Method::Single => Ok(Choice::Single(Some(self.0.option(v)?))),
            _ => Err(E::invalid_type(de::Unexpected::Str(v), &self)),
        }
    }

    fn visit_unit<E: de::Error>(self) -> Result<Choice, E> {
        match self.0.method {
            Method::Single => Ok(Choice::Single(None)),
            _ => Err(E::invalid_type(de::Unexpected::Unit, &self)),
        }
    }

    fn visit_none<E: de::Error>(self) -> Result<Choice, E> {
        self.visit_unit()
    }

    fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<Choice, S::Error> {
        let ctx = self.0;
        if !matches!(ctx.method, Method::Approval | Method::Ranked) {
            return Err(S::Error::invalid_type(de::Unexpected::Seq, &self));
        }
        let mut list = Vec::new();
        while let Some(name) = seq.next_element::<Text<'de>>()? {
            push_distinct::<S::Error>(&mut list, ctx.option(&name.0)?, &name.0)?;
        }
        Ok(if ctx.method == Method::Ranked {
            Choice::Ranked(list)
        } else {
            Choice::Approval(list)
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Choice, A::Error> {
        let ctx = self.0;
        let mut seen = Vec::new();
        match ctx.method {
            Method::Score => {
                let mut out = Vec::new();
                while let Some(name) = map.next_key::<Text<'de>>()? {
                    let index = ctx.option(&name.0)?;
                    push_distinct::<A::Error>(&mut seen, index, &name.0)?;
                    let v: i64 = map
                        .next_value()
                        .map_err(|e| wrap::<A::Error>(&format!(".{}", name.0), e))?;
                    out.push((index, v));
                }
                Ok(Choice::Score(out))
            }
            Method::Dot => {
                let mut out = Vec::new();
                while let Some(name) = map.next_key::<Text<'de>>()? {
                    let index = ctx.option(&name.0)?;
                    push_distinct::<A::Error>(&mut seen, index, &name.0)?;
                    let v: u64 = map
                        .next_value()
                        .map_err(|e| wrap::<A::Error>(&format!(".{}", name.0), e))?;
                    out.push((index, v));
                }
                Ok(Choice::Dot(out))
            }
            _ => Err(A::Error::invalid_type(de::Unexpected::Map, &self)),
        }
    }
}
