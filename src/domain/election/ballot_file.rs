//! Reading the `ballots` array: typed seeds that resolve names to indices as they go,
//! so a million ballots become compact values without an intermediate tree.

use super::file::{Text, wrap};
use super::model::{Ballot, Choice, ConsentChoice, Method, ProposalChoice};
use super::rules::Rules;
use serde::de::{
    self, DeserializeSeed, Deserializer, Error as _, IgnoredAny, MapAccess, SeqAccess, Visitor,
};
use std::collections::{HashMap, HashSet};
use std::fmt;

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

pub(super) struct BallotsSeed<'c, 'a>(pub(super) &'c Context<'a>);

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

/// Option indices seen in one ballot, refusing repeats: a scan for a few options (the
/// usual case), a set once the ballot grows long.
#[derive(Default)]
struct Distinct {
    list: Vec<u32>,
    set: Option<HashSet<u32>>,
}

impl Distinct {
    fn push<E: de::Error>(&mut self, index: u32, name: &str) -> Result<(), E> {
        let repeated = match &mut self.set {
            Some(set) => !set.insert(index),
            None => self.list.contains(&index),
        };
        if repeated {
            return Err(E::custom(format!("option {name:?} listed twice")));
        }
        self.list.push(index);
        if self.set.is_none() && self.list.len() >= 32 {
            self.set = Some(self.list.iter().copied().collect());
        }
        Ok(())
    }
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
        let mut seen = Distinct::default();
        while let Some(name) = seq.next_element::<Text<'de>>()? {
            seen.push::<S::Error>(ctx.option(&name.0)?, &name.0)?;
        }
        let list = seen.list;
        Ok(if ctx.method == Method::Ranked {
            Choice::Ranked(list)
        } else {
            Choice::Approval(list)
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Choice, A::Error> {
        let ctx = self.0;
        let mut seen = Distinct::default();
        match ctx.method {
            Method::Score => {
                let mut out = Vec::new();
                while let Some(name) = map.next_key::<Text<'de>>()? {
                    let index = ctx.option(&name.0)?;
                    seen.push::<A::Error>(index, &name.0)?;
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
                    seen.push::<A::Error>(index, &name.0)?;
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
