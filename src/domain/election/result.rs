//! The tally's answer, exact, and its `collegia-result/1` rendering (numbers rounded
//! for display only: every decision was taken on the exact values).

use super::model::Method;
use super::reason::Reason;
use crate::domain::fraction::{Fraction, to_display_f64};
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

pub const RESULT_FORMAT: &str = "collegia-result/1";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Adopted,
    Rejected,
    Blocked,
    Vetoed,
    NoQuorum,
    Decided,
    Tie,
    NoMajority,
}

impl Verdict {
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Adopted => "adopted",
            Verdict::Rejected => "rejected",
            Verdict::Blocked => "blocked",
            Verdict::Vetoed => "vetoed",
            Verdict::NoQuorum => "no_quorum",
            Verdict::Decided => "decided",
            Verdict::Tie => "tie",
            Verdict::NoMajority => "no_majority",
        }
    }
}

/// Named exact values in a fixed order (options in input order, or agree/disagree...).
pub type Shares = Vec<(String, Fraction)>;

#[derive(Debug, Clone, PartialEq)]
pub struct CollegeResult {
    pub key: String,
    /// As given in the rules (`None` under headcount without a weight).
    pub weight: Option<Fraction>,
    /// Percent of the weight that decided (0 when the college took no part).
    pub effective_weight: Fraction,
    pub eligible: Option<u64>,
    pub ballots: u128,
    pub counted: u128,
    pub turnout: Option<Fraction>,
    pub quorum_met: Option<bool>,
    pub shares: Shares,
    /// `proposal` only: whether the college, on its own, passes the threshold.
    pub adopted: Option<bool>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Round {
    /// Weighted first-continuing-preference counts of the options still in the race.
    pub counts: Shares,
    pub eliminated: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub method: Method,
    pub verdict: Verdict,
    pub winner: Option<String>,
    pub ranking: Vec<Vec<String>>,
    pub shares: Shares,
    /// Ballots cast over eligible voters, when an electorate is given.
    pub turnout: Option<Fraction>,
    pub colleges: Vec<CollegeResult>,
    pub rounds: Vec<Round>,
    pub reasons: Vec<Reason>,
}

struct Num<'a>(&'a Fraction);

impl Serialize for Num<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        crate::domain::fraction::serde_exact::serialize_number(self.0, s)
    }
}

struct ShareMap<'a>(&'a Shares);

impl Serialize for ShareMap<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0 {
            map.serialize_entry(k, &Num(v))?;
        }
        map.end()
    }
}

/// Counts beyond 2^64 are not expected from real files but must not break the output.
fn big_count(n: u128) -> serde_json::Value {
    match u64::try_from(n) {
        Ok(v) => v.into(),
        Err(_) => serde_json::Value::from(crate::domain::fraction::round_significant(n as f64, 9)),
    }
}

#[derive(Serialize)]
struct CollegeOut<'a> {
    key: &'a str,
    weight: Option<Num<'a>>,
    effective_weight: Num<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    eligible: Option<u64>,
    ballots: serde_json::Value,
    counted: serde_json::Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    turnout: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    quorum_met: Option<bool>,
    shares: ShareMap<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    adopted: Option<bool>,
}

#[derive(Serialize)]
struct RoundOut<'a> {
    counts: ShareMap<'a>,
    eliminated: &'a [String],
}

#[derive(Serialize)]
struct ResultOut<'a> {
    format: &'static str,
    method: &'static str,
    outcome: &'static str,
    winner: Option<&'a str>,
    ranking: &'a [Vec<String>],
    shares: ShareMap<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    turnout: Option<f64>,
    colleges: Vec<CollegeOut<'a>>,
    rounds: Vec<RoundOut<'a>>,
    reasons: Vec<String>,
}

impl Outcome {
    fn document<'a>(&'a self, render: &dyn Fn(&Reason) -> String) -> ResultOut<'a> {
        ResultOut {
            format: RESULT_FORMAT,
            method: self.method.name(),
            outcome: self.verdict.name(),
            winner: self.winner.as_deref(),
            ranking: &self.ranking,
            shares: ShareMap(&self.shares),
            turnout: self.turnout.as_ref().map(to_display_f64),
            colleges: self
                .colleges
                .iter()
                .map(|c| CollegeOut {
                    key: &c.key,
                    weight: c.weight.as_ref().map(Num),
                    effective_weight: Num(&c.effective_weight),
                    eligible: c.eligible,
                    ballots: big_count(c.ballots),
                    counted: big_count(c.counted),
                    turnout: c.turnout.as_ref().map(to_display_f64),
                    quorum_met: c.quorum_met,
                    shares: ShareMap(&c.shares),
                    adopted: c.adopted,
                })
                .collect(),
            rounds: self
                .rounds
                .iter()
                .map(|r| RoundOut {
                    counts: ShareMap(&r.counts),
                    eliminated: &r.eliminated,
                })
                .collect(),
            reasons: self.reasons.iter().map(render).collect(),
        }
    }

    /// The `collegia-result/1` document, pretty-printed (2 spaces).
    pub fn to_json(&self, render: &dyn Fn(&Reason) -> String) -> String {
        serde_json::to_string_pretty(&self.document(render)).unwrap_or_default()
    }

    /// The same document as a JSON value (for embedding in other documents).
    pub fn to_json_value(&self, render: &dyn Fn(&Reason) -> String) -> serde_json::Value {
        serde_json::to_value(self.document(render)).unwrap_or(serde_json::Value::Null)
    }
}
