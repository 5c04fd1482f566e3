//! From rulebook to the election file's `rules`: what a proposal copies when it opens.

use super::{Call, DecisionClass, Rulebook};
use crate::domain::election::rules::{CollegeSpec, Rules};

/// The `rules` of a proposal of `class` (spec: rulebook.md, "From rulebook to election rules").
/// `None` on second call when the class has no second call (`second_call_quorum: null`).
/// Expects a valid rulebook: validation is what keeps the result acceptable to the tally.
pub fn election_rules(book: &Rulebook, class: DecisionClass, call: Call) -> Option<Rules> {
    let decision = book.decisions.get(class);
    let quorum = match call {
        Call::First => decision.quorum.clone(),
        Call::Second => Some(decision.second_call_quorum.clone()?),
    };
    Some(Rules {
        colleges: Some(
            book.colleges
                .iter()
                .map(|c| CollegeSpec {
                    key: c.key.clone(),
                    weight: c.weight.clone(),
                })
                .collect(),
        ),
        weighting: book.weighting,
        empty_college: book.empty_college,
        abstentions: book.abstentions,
        aggregation: book.aggregation,
        caps: book.caps.clone(),
        threshold: Some(decision.threshold.clone()),
        quorum,
        class_consent: decision.class_consent.clone(),
        block: decision.block,
    })
}
