//! Why the outcome is what it is, as values: a code (a Fluent message id) with arguments.
//! The CLI renders them in English; pages and mail in the reader's language.

use crate::domain::fraction::Fraction;

/// An argument of a reason; the renderer formats percents for its language.
#[derive(Debug, Clone, PartialEq)]
pub enum ReasonArg {
    Text(String),
    /// A fraction shown as a percentage (`0.58` -> `58`).
    Percent(Fraction),
    Count(u128),
}

/// How a share compares with a threshold: `>` when strict, `>=` otherwise.
fn op(strict: bool) -> ReasonArg {
    ReasonArg::Text(if strict { ">" } else { ">=" }.into())
}

#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    QuorumMet {
        turnout: Fraction,
        required: Fraction,
    },
    QuorumNotMet {
        turnout: Fraction,
        required: Fraction,
    },
    QuorumEachMet {
        required: Fraction,
    },
    QuorumCollegeNotMet {
        college: String,
        turnout: Fraction,
        required: Fraction,
    },
    QuorumNoEligible,
    Blocked {
        blocks: u128,
    },
    ClassConsentGiven {
        college: String,
        share: Fraction,
        required: Fraction,
        strict: bool,
    },
    ClassVetoed {
        college: String,
        share: Fraction,
        required: Fraction,
        strict: bool,
    },
    ClassVetoedEmpty {
        college: String,
    },
    ThresholdPassed {
        share: Fraction,
        required: Fraction,
        strict: bool,
    },
    ThresholdFailed {
        share: Fraction,
        required: Fraction,
        strict: bool,
    },
    NoCountedBallots,
    Objected {
        objections: u128,
    },
    Consented {
        consents: u128,
    },
    NoConsent,
    Winner {
        option: String,
    },
    OptionThresholdPassed {
        option: String,
        share: Fraction,
        required: Fraction,
        strict: bool,
    },
    NoMajority {
        option: String,
        share: Fraction,
        required: Fraction,
        strict: bool,
    },
    Tie {
        options: Vec<String>,
    },
    IrvMajority {
        option: String,
        round: usize,
    },
    IrvEliminationTie {
        options: Vec<String>,
        round: usize,
    },
}

impl Reason {
    /// The Fluent message id (`src/i18n/*/tally.ftl`).
    pub fn key(&self) -> &'static str {
        match self {
            Reason::QuorumMet { .. } => "tally-quorum-met",
            Reason::QuorumNotMet { .. } => "tally-quorum-not-met",
            Reason::QuorumEachMet { .. } => "tally-quorum-each-met",
            Reason::QuorumCollegeNotMet { .. } => "tally-quorum-college-not-met",
            Reason::QuorumNoEligible => "tally-quorum-no-eligible",
            Reason::Blocked { .. } => "tally-blocked",
            Reason::ClassConsentGiven { .. } => "tally-class-consent-given",
            Reason::ClassVetoed { .. } => "tally-class-vetoed",
            Reason::ClassVetoedEmpty { .. } => "tally-class-vetoed-empty",
            Reason::ThresholdPassed { .. } => "tally-threshold-passed",
            Reason::ThresholdFailed { .. } => "tally-threshold-failed",
            Reason::NoCountedBallots => "tally-no-counted",
            Reason::Objected { .. } => "tally-consent-objected",
            Reason::Consented { .. } => "tally-consent-given",
            Reason::NoConsent => "tally-consent-none",
            Reason::Winner { .. } => "tally-winner",
            Reason::OptionThresholdPassed { .. } => "tally-option-threshold-passed",
            Reason::NoMajority { .. } => "tally-no-majority",
            Reason::Tie { .. } => "tally-tie",
            Reason::IrvMajority { .. } => "tally-irv-majority",
            Reason::IrvEliminationTie { .. } => "tally-irv-elimination-tie",
        }
    }

    /// Every key, for catalog completeness tests.
    pub const KEYS: [&'static str; 21] = [
        "tally-quorum-met",
        "tally-quorum-not-met",
        "tally-quorum-each-met",
        "tally-quorum-college-not-met",
        "tally-quorum-no-eligible",
        "tally-blocked",
        "tally-class-consent-given",
        "tally-class-vetoed",
        "tally-class-vetoed-empty",
        "tally-threshold-passed",
        "tally-threshold-failed",
        "tally-no-counted",
        "tally-consent-objected",
        "tally-consent-given",
        "tally-consent-none",
        "tally-winner",
        "tally-option-threshold-passed",
        "tally-no-majority",
        "tally-tie",
        "tally-irv-majority",
        "tally-irv-elimination-tie",
    ];

    pub fn args(&self) -> Vec<(&'static str, ReasonArg)> {
        use ReasonArg::{Count, Percent, Text};
        let pct = |f: &Fraction| Percent(f.clone());
        let text = |s: &String| Text(s.clone());
        match self {
            Reason::QuorumMet { turnout, required }
            | Reason::QuorumNotMet { turnout, required } => {
                vec![("turnout", pct(turnout)), ("required", pct(required))]
            }
            Reason::QuorumEachMet { required } => vec![("required", pct(required))],
            Reason::QuorumCollegeNotMet {
                college,
                turnout,
                required,
            } => {
                vec![
                    ("college", text(college)),
                    ("turnout", pct(turnout)),
                    ("required", pct(required)),
                ]
            }
            Reason::QuorumNoEligible | Reason::NoCountedBallots | Reason::NoConsent => vec![],
            Reason::Blocked { blocks } => vec![("count", Count(*blocks))],
            Reason::ClassConsentGiven {
                college,
                share,
                required,
                strict,
            }
            | Reason::ClassVetoed {
                college,
                share,
                required,
                strict,
            } => vec![
                ("college", text(college)),
                ("share", pct(share)),
                ("op", op(*strict)),
                ("required", pct(required)),
            ],
            Reason::ClassVetoedEmpty { college } => vec![("college", text(college))],
            Reason::ThresholdPassed {
                share,
                required,
                strict,
            }
            | Reason::ThresholdFailed {
                share,
                required,
                strict,
            } => {
                vec![
                    ("share", pct(share)),
                    ("op", op(*strict)),
                    ("required", pct(required)),
                ]
            }
            Reason::Objected { objections } => vec![("count", Count(*objections))],
            Reason::Consented { consents } => vec![("count", Count(*consents))],
            Reason::Winner { option } => vec![("option", text(option))],
            Reason::OptionThresholdPassed {
                option,
                share,
                required,
                strict,
            }
            | Reason::NoMajority {
                option,
                share,
                required,
                strict,
            } => vec![
                ("option", text(option)),
                ("share", pct(share)),
                ("op", op(*strict)),
                ("required", pct(required)),
            ],
            Reason::Tie { options } => vec![("options", Text(options.join(", ")))],
            Reason::IrvMajority { option, round } => {
                vec![("option", text(option)), ("round", Count(*round as u128))]
            }
            Reason::IrvEliminationTie { options, round } => {
                vec![
                    ("options", Text(options.join(", "))),
                    ("round", Count(*round as u128)),
                ]
            }
        }
    }
}
