//! The `rules` object of `collegia-election/1`: how ballots become a decision.
//!
//! Shared by the tally engine (which reads it from election files) and the rulebook
//! (which produces it for a proposal's decision class). Defaults follow the spec.

use crate::domain::fraction::{Fraction, serde_exact};
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize};

/// Fraction and number fields name themselves in errors (`threshold.share: ...`), since
/// the derived visitors only know they are somewhere in `rules`.
macro_rules! named_fraction {
    ($name:ident, $inner:path, $ty:ty, $place:literal) => {
        fn $name<'de, D: Deserializer<'de>>(d: D) -> Result<$ty, D::Error> {
            $inner(d).map_err(|e| D::Error::custom(format!(concat!($place, ": {}"), e)))
        }
    };
}

named_fraction!(
    college_weight,
    serde_exact::deserialize_opt_number,
    Option<Fraction>,
    "colleges[].weight"
);
named_fraction!(
    cap_max_weight,
    serde_exact::deserialize_fraction,
    Fraction,
    "caps[].max_weight"
);
named_fraction!(
    threshold_share,
    serde_exact::deserialize_fraction,
    Fraction,
    "threshold.share"
);
named_fraction!(
    consent_share,
    serde_exact::deserialize_fraction,
    Fraction,
    "class_consent.threshold.share"
);
named_fraction!(
    quorum_turnout,
    serde_exact::deserialize_fraction,
    Fraction,
    "quorum.turnout"
);

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CollegeSpec {
    pub key: String,
    /// Percent under `fixed`; optional and ignored under `headcount`.
    #[serde(
        default,
        deserialize_with = "college_weight",
        serialize_with = "serde_exact::serialize_opt_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub weight: Option<Fraction>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Weighting {
    #[default]
    Fixed,
    Headcount,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Aggregation {
    #[default]
    Proportional,
    Bloc,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EmptyCollege {
    #[default]
    Redistribute,
    Zero,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Abstentions {
    #[default]
    Excluded,
    Against,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockMode {
    #[default]
    Veto,
    Disagree,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ThresholdBase {
    #[default]
    Counted,
    Electorate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QuorumScope {
    #[default]
    Overall,
    EachCollege,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QuorumBasis {
    #[default]
    Headcount,
    Weighted,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Cap {
    pub college: String,
    #[serde(
        deserialize_with = "cap_max_weight",
        serialize_with = "serde_exact::serialize_fraction"
    )]
    pub max_weight: Fraction,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Threshold {
    #[serde(
        deserialize_with = "threshold_share",
        serialize_with = "serde_exact::serialize_fraction"
    )]
    pub share: Fraction,
    #[serde(default = "yes")]
    pub strict: bool,
    #[serde(default)]
    pub base: ThresholdBase,
}

/// A class-consent threshold: a share and strictness (its base is always the college's counted ballots).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ConsentThreshold {
    #[serde(
        deserialize_with = "consent_share",
        serialize_with = "serde_exact::serialize_fraction"
    )]
    pub share: Fraction,
    #[serde(default = "yes")]
    pub strict: bool,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Quorum {
    #[serde(
        deserialize_with = "quorum_turnout",
        serialize_with = "serde_exact::serialize_fraction"
    )]
    pub turnout: Fraction,
    #[serde(default)]
    pub scope: QuorumScope,
    #[serde(default)]
    pub basis: QuorumBasis,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ClassConsent {
    pub colleges: Vec<String>,
    /// Default: more than half of the college's counted ballots.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<ConsentThreshold>,
}

/// The election file's `rules`. `None` / empty means "as the spec's defaults say".
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    /// Absent: one college `all` of weight 100.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub colleges: Option<Vec<CollegeSpec>>,
    #[serde(default)]
    pub weighting: Weighting,
    #[serde(default)]
    pub empty_college: EmptyCollege,
    #[serde(default)]
    pub abstentions: Abstentions,
    #[serde(default)]
    pub aggregation: Aggregation,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub caps: Vec<Cap>,
    /// Present or not matters: option methods check a threshold only when one is given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<Threshold>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quorum: Option<Quorum>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class_consent: Option<ClassConsent>,
    #[serde(default)]
    pub block: BlockMode,
}
