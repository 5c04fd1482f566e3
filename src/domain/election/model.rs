//! The election as values: what a `collegia-election/1` file says, resolved to indices.
//!
//! Ballots name colleges and options by index (rule order, option order) so a million of
//! them stay small and the tally counts integers, not strings.

use super::rules::Rules;
use std::fmt;

/// A voting method; in a rulebook and in JSON by its snake_case name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    Proposal,
    Consent,
    Single,
    Approval,
    Ranked,
    Score,
    Dot,
}

impl Method {
    pub const ALL: [Method; 7] = [
        Method::Proposal,
        Method::Consent,
        Method::Single,
        Method::Approval,
        Method::Ranked,
        Method::Score,
        Method::Dot,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Method::Proposal => "proposal",
            Method::Consent => "consent",
            Method::Single => "single",
            Method::Approval => "approval",
            Method::Ranked => "ranked",
            Method::Score => "score",
            Method::Dot => "dot",
        }
    }

    pub fn from_name(name: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.name() == name)
    }

    /// The name, as rulebooks spell it (the same as [`Method::name`]).
    pub fn key(self) -> &'static str {
        self.name()
    }

    /// Methods whose ballots name `options` (the others vote on one motion).
    pub fn has_options(self) -> bool {
        !matches!(self, Method::Proposal | Method::Consent)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum RankedRule {
    #[default]
    Schulze,
    Irv,
    Borda,
}

impl RankedRule {
    pub fn name(self) -> &'static str {
        match self {
            RankedRule::Schulze => "schulze",
            RankedRule::Irv => "irv",
            RankedRule::Borda => "borda",
        }
    }

    pub fn from_name(name: &str) -> Option<RankedRule> {
        [RankedRule::Schulze, RankedRule::Irv, RankedRule::Borda]
            .into_iter()
            .find(|r| r.name() == name)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProposalChoice {
    Agree,
    Disagree,
    Abstain,
    Block,
}

impl ProposalChoice {
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "agree" => Some(Self::Agree),
            "disagree" => Some(Self::Disagree),
            "abstain" => Some(Self::Abstain),
            "block" => Some(Self::Block),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ConsentChoice {
    Consent,
    Object,
    StandAside,
}

impl ConsentChoice {
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "consent" => Some(Self::Consent),
            "object" => Some(Self::Object),
            "stand_aside" => Some(Self::StandAside),
            _ => None,
        }
    }
}

/// One ballot's choice; option references are indices into `Election::options`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Choice {
    Proposal(ProposalChoice),
    Consent(ConsentChoice),
    /// `None` abstains.
    Single(Option<u32>),
    Approval(Vec<u32>),
    /// Most preferred first; may be partial.
    Ranked(Vec<u32>),
    /// Option -> score; options left out are not rated.
    Score(Vec<(u32, i64)>),
    /// Option -> dots.
    Dot(Vec<(u32, u64)>),
}

impl Choice {
    pub fn method(&self) -> Method {
        match self {
            Choice::Proposal(_) => Method::Proposal,
            Choice::Consent(_) => Method::Consent,
            Choice::Single(_) => Method::Single,
            Choice::Approval(_) => Method::Approval,
            Choice::Ranked(_) => Method::Ranked,
            Choice::Score(_) => Method::Score,
            Choice::Dot(_) => Method::Dot,
        }
    }
}

/// `count` identical ballots cast in college `college` (an index in rule order).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Ballot {
    pub college: u32,
    pub choice: Choice,
    pub count: u64,
}

/// Invalid input: one line naming the field or ballot at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ElectionError {
    pub message: String,
}

impl ElectionError {
    pub fn new(message: impl Into<String>) -> Self {
        ElectionError {
            message: message.into(),
        }
    }
}

impl fmt::Display for ElectionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ElectionError {}

/// The default college when `rules` defines none.
pub const ALL_COLLEGE: &str = "all";

/// A whole election, ready to tally. Build it from a file with `parse_election`, or
/// programmatically with `Election::new` and the `college_index`/`option_index` helpers;
/// `tally` validates it either way.
#[derive(Debug, Clone, PartialEq)]
pub struct Election {
    pub method: Method,
    pub options: Vec<String>,
    pub ranked_rule: RankedRule,
    /// Inclusive; `score` only.
    pub score_range: (i64, i64),
    pub dots_per_voter: Option<u64>,
    pub rules: Rules,
    /// Eligible voters per college, in `college_keys()` order.
    pub electorate: Option<Vec<u64>>,
    pub ballots: Vec<Ballot>,
}

impl Election {
    pub fn new(method: Method, options: Vec<String>, rules: Rules) -> Self {
        Election {
            method,
            options,
            ranked_rule: RankedRule::default(),
            score_range: (0, 5),
            dots_per_voter: None,
            rules,
            electorate: None,
            ballots: Vec::new(),
        }
    }

    /// College keys in rule order (`["all"]` when the rules define none).
    pub fn college_keys(&self) -> Vec<&str> {
        match &self.rules.colleges {
            Some(list) => list.iter().map(|c| c.key.as_str()).collect(),
            None => vec![ALL_COLLEGE],
        }
    }

    /// The index of a ballot's college; `None` means "no college given".
    pub fn college_index(&self, key: Option<&str>) -> Result<u32, ElectionError> {
        match (key, &self.rules.colleges) {
            (None, None) => Ok(0),
            (None, Some(_)) => Err(ElectionError::new(
                "college: missing (the rules define colleges)",
            )),
            (Some(k), _) => self
                .college_keys()
                .iter()
                .position(|c| *c == k)
                .map(|i| i as u32)
                .ok_or_else(|| ElectionError::new(format!("college: unknown college {k:?}"))),
        }
    }

    pub fn option_index(&self, name: &str) -> Result<u32, ElectionError> {
        self.options
            .iter()
            .position(|o| o == name)
            .map(|i| i as u32)
            .ok_or_else(|| ElectionError::new(format!("unknown option {name:?}")))
    }

    /// Sets the electorate from `(college key, eligible voters)` pairs.
    pub fn set_electorate(&mut self, pairs: &[(&str, u64)]) -> Result<(), ElectionError> {
        self.electorate = Some(super::validate::resolve_electorate(
            &self.college_keys(),
            pairs,
        )?);
        Ok(())
    }
}
