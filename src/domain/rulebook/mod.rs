//! The rulebook, `collegia-rulebook/1`: a co-op's voting rules as one JSON document.
//!
//! What `collegia rules show` prints, what `collegia rules check` validates, what a co-op is
//! founded with and the payload of a `rules_change` proposal (spec: `shared/spec/rulebook.md`).
//!
//! Required vs defaulted fields (unknown fields and duplicate keys are always errors):
//! - required: `format`, `template`, `colleges` (each `key` and `name`), `decisions` with all four
//!   classes, and in each class `methods` and `threshold`;
//! - `company_form`: required for `scic` (validation), refused for other templates;
//! - defaulted as in the election file's `rules`: `weighting` (fixed), `aggregation`
//!   (proportional), `caps` (none), `empty_college` (redistribute), `abstentions` (excluded);
//! - per college: `weight` absent (must be given under `fixed`), `may_start_threads` and
//!   `may_propose` true (a hand-written rulebook should not silently mute a college);
//! - per class: `quorum`, `second_call_quorum`, `class_consent` null, `block` veto;
//! - `proxies`: absent means no proxies; inside it `max_per_holder` 0 and `same_college` false.
//!
//! Everything here is pure: values in, values out; messages are codes rendered by the catalog.

mod constraints;
mod diff;
mod explain;
mod parse;
mod templates;
mod to_election;
mod validate;

#[cfg(test)]
mod props;
#[cfg(test)]
mod tests;

pub use constraints::LegalSource;
pub use diff::{Change, diff};
pub use explain::{EXPLANATION_CODES, Explanation, explain};
pub use parse::{ParseError, parse};
pub use templates::{template, unverified_defaults};
pub use to_election::election_rules;
pub use validate::{VIOLATION_CODES, Violation, is_valid_key, validate, validate_change};

use crate::domain::election::rules::{
    Abstentions, Aggregation, BlockMode, Cap, ClassConsent, EmptyCollege, Quorum, Threshold,
    ThresholdBase, Weighting,
};
use crate::domain::fraction::{Fraction, serde_exact};
use serde::{Deserialize, Serialize};

/// The value of `format`.
pub const FORMAT: &str = "collegia-rulebook/1";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Template {
    Scic,
    Somerset,
    Fairshares,
    QuebecSolidarity,
    Sce,
    OneMemberOneVote,
}

impl Template {
    pub const ALL: [Template; 6] = [
        Template::Scic,
        Template::Somerset,
        Template::Fairshares,
        Template::QuebecSolidarity,
        Template::Sce,
        Template::OneMemberOneVote,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Template::Scic => "scic",
            Template::Somerset => "somerset",
            Template::Fairshares => "fairshares",
            Template::QuebecSolidarity => "quebec_solidarity",
            Template::Sce => "sce",
            Template::OneMemberOneVote => "one_member_one_vote",
        }
    }

    pub fn parse(text: &str) -> Option<Template> {
        Template::ALL.into_iter().find(|t| t.key() == text)
    }
}

/// A SCIC's company form: company law sets different default quorums for each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CompanyForm {
    Sa,
    Sas,
    Sarl,
}

impl CompanyForm {
    pub const ALL: [CompanyForm; 3] = [CompanyForm::Sa, CompanyForm::Sas, CompanyForm::Sarl];

    pub fn key(self) -> &'static str {
        match self {
            CompanyForm::Sa => "sa",
            CompanyForm::Sas => "sas",
            CompanyForm::Sarl => "sarl",
        }
    }

    pub fn parse(text: &str) -> Option<CompanyForm> {
        CompanyForm::ALL.into_iter().find(|f| f.key() == text)
    }
}

/// The voting methods of `collegia-election/1`: the engine's own (one `Method` in the app).
pub use crate::domain::election::Method;

/// The four classes of decision a rulebook governs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DecisionClass {
    Ordinary,
    Extraordinary,
    RulesChange,
    PayoutRule,
}

impl DecisionClass {
    pub const ALL: [DecisionClass; 4] = [
        DecisionClass::Ordinary,
        DecisionClass::Extraordinary,
        DecisionClass::RulesChange,
        DecisionClass::PayoutRule,
    ];

    pub fn key(self) -> &'static str {
        match self {
            DecisionClass::Ordinary => "ordinary",
            DecisionClass::Extraordinary => "extraordinary",
            DecisionClass::RulesChange => "rules_change",
            DecisionClass::PayoutRule => "payout_rule",
        }
    }

    pub fn parse(key: &str) -> Option<DecisionClass> {
        DecisionClass::ALL.into_iter().find(|c| c.key() == key)
    }

    /// May the board close a proposal of this class before its time while some on the roll
    /// have not voted? Only ordinary ones: a statute-level decision runs its full period
    /// unless everyone has voted.
    pub fn may_close_early_with_votes_missing(self) -> bool {
        self == DecisionClass::Ordinary
    }

    /// Only an adopted `proposal` enacts, so these classes allow nothing else.
    pub fn proposal_only(self) -> bool {
        matches!(self, DecisionClass::RulesChange | DecisionClass::PayoutRule)
    }
}

/// First call uses `quorum`; a proposal re-run on second call uses `second_call_quorum`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Call {
    First,
    Second,
}

impl Call {
    pub fn key(self) -> &'static str {
        match self {
            Call::First => "first",
            Call::Second => "second",
        }
    }

    pub fn parse(key: &str) -> Option<Call> {
        [Call::First, Call::Second]
            .into_iter()
            .find(|c| c.key() == key)
    }
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct College {
    pub key: String,
    pub name: String,
    /// Percent under `fixed`; ignored under `headcount`.
    #[serde(
        default,
        deserialize_with = "serde_exact::deserialize_opt_number",
        serialize_with = "serde_exact::serialize_opt_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub weight: Option<Fraction>,
    #[serde(default = "yes")]
    pub may_start_threads: bool,
    #[serde(default = "yes")]
    pub may_propose: bool,
}

/// What one class of decision needs.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    pub methods: Vec<Method>,
    /// Printed as the spec's example writes it: `base` only when it is not the default.
    #[serde(serialize_with = "serialize_threshold")]
    pub threshold: Threshold,
    #[serde(default)]
    pub quorum: Option<Quorum>,
    /// `None`: no second call.
    #[serde(default)]
    pub second_call_quorum: Option<Quorum>,
    #[serde(default)]
    pub class_consent: Option<ClassConsent>,
    #[serde(default)]
    pub block: BlockMode,
    /// The least time, in whole hours, between a proposal's opening and its closing (absent:
    /// 0, so rulebooks written before the field stay valid and print unchanged).
    #[serde(default, skip_serializing_if = "is_zero_hours")]
    pub min_open_hours: u32,
}

fn is_zero_hours(hours: &u32) -> bool {
    *hours == 0
}

/// `{"share": "1/2", "strict": true}`, plus `"base": "electorate"` when that is the base.
fn serialize_threshold<S: serde::Serializer>(t: &Threshold, s: S) -> Result<S::Ok, S::Error> {
    #[derive(Serialize)]
    struct Out<'a> {
        #[serde(serialize_with = "serde_exact::serialize_fraction")]
        share: &'a Fraction,
        strict: bool,
        #[serde(skip_serializing_if = "is_counted")]
        base: ThresholdBase,
    }
    fn is_counted(base: &ThresholdBase) -> bool {
        *base == ThresholdBase::Counted
    }
    Out {
        share: &t.share,
        strict: t.strict,
        base: t.base,
    }
    .serialize(s)
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Decisions {
    pub ordinary: Decision,
    pub extraordinary: Decision,
    pub rules_change: Decision,
    pub payout_rule: Decision,
}

impl Decisions {
    pub fn get(&self, class: DecisionClass) -> &Decision {
        match class {
            DecisionClass::Ordinary => &self.ordinary,
            DecisionClass::Extraordinary => &self.extraordinary,
            DecisionClass::RulesChange => &self.rules_change,
            DecisionClass::PayoutRule => &self.payout_rule,
        }
    }

    pub fn get_mut(&mut self, class: DecisionClass) -> &mut Decision {
        match class {
            DecisionClass::Ordinary => &mut self.ordinary,
            DecisionClass::Extraordinary => &mut self.extraordinary,
            DecisionClass::RulesChange => &mut self.rules_change,
            DecisionClass::PayoutRule => &mut self.payout_rule,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Proxies {
    pub allowed: bool,
    /// Proxies one member may hold (at least 1 when allowed).
    #[serde(default)]
    pub max_per_holder: u32,
    /// Holder and giver must share a college.
    #[serde(default)]
    pub same_college: bool,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Rulebook {
    pub format: String,
    pub template: Template,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_form: Option<CompanyForm>,
    pub colleges: Vec<College>,
    #[serde(default)]
    pub weighting: Weighting,
    #[serde(default)]
    pub aggregation: Aggregation,
    #[serde(default)]
    pub caps: Vec<Cap>,
    #[serde(default)]
    pub empty_college: EmptyCollege,
    #[serde(default)]
    pub abstentions: Abstentions,
    pub decisions: Decisions,
    #[serde(default)]
    pub proxies: Proxies,
}

impl Rulebook {
    pub fn college(&self, key: &str) -> Option<&College> {
        self.colleges.iter().find(|c| c.key == key)
    }

    /// Pretty JSON, as `collegia rules show` prints it.
    pub fn to_json_pretty(&self) -> String {
        // Every field serializes infallibly (strings, numbers, enums), so this cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

/// An argument of a violation or explanation message; the renderer localizes it.
#[derive(Debug, Clone, PartialEq)]
pub enum ArgValue {
    Text(String),
    Int(i64),
    /// A fraction of the votes, shown as a percentage (`2/3` → `66.7`).
    Percent(Fraction),
    /// A catalog key to render in the reader's language (a class, method or template name).
    Key(&'static str),
    /// Catalog keys rendered and joined with commas.
    Keys(Vec<&'static str>),
    /// Texts joined with commas (college names).
    Texts(Vec<String>),
}

/// Named arguments of a message.
pub type Args = Vec<(&'static str, ArgValue)>;
