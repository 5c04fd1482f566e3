//! `proposal`: agree/disagree shares per college, weighed; then block, class consent
//! and the threshold, in that order.

use super::model::{Choice, Election, ProposalChoice};
use super::reason::Reason;
use super::result::Verdict;
use super::rules::{Abstentions, BlockMode, ThresholdBase};
use super::tally::{Decision, named, tier_names};
use super::weights::{Plan, combine, passes, ratio};
use crate::domain::fraction::Fraction;
use num_traits::Zero;

const AGREE: usize = 0;
const DISAGREE: usize = 1;
const ABSTAIN: usize = 2;
const BLOCK: usize = 3;

pub(super) fn tally(e: &Election) -> Decision {
    let rules = &e.rules;
    let n = e.college_keys().len();
    let mut counts = vec![[0u128; 4]; n];
    for b in &e.ballots {
        if let (Choice::Proposal(c), Some(slot)) = (&b.choice, counts.get_mut(b.college as usize)) {
            let i = match c {
                ProposalChoice::Agree => AGREE,
                ProposalChoice::Disagree => DISAGREE,
                ProposalChoice::Abstain => ABSTAIN,
                ProposalChoice::Block => BLOCK,
            };
            slot[i] += u128::from(b.count);
        }
    }
    let against = rules.abstentions == Abstentions::Against;
    let block_disagrees = rules.block == BlockMode::Disagree;
    let threshold = rules.threshold.clone().unwrap_or(super::rules::Threshold {
        share: Fraction::new(1.into(), 2.into()),
        strict: true,
        base: ThresholdBase::Counted,
    });
    let by_electorate = threshold.base == ThresholdBase::Electorate && e.electorate.is_some();
    let keys: Vec<&str> = if against {
        vec!["agree", "disagree", "abstain"]
    } else {
        vec!["agree", "disagree"]
    };
    let abstain_if = |c: &[u128; 4]| if against { c[ABSTAIN] } else { 0 };
    let block_if = |c: &[u128; 4]| if block_disagrees { c[BLOCK] } else { 0 };
    let base_counted = |c: &[u128; 4]| c[AGREE] + c[DISAGREE] + block_if(c) + abstain_if(c);
    let counted: Vec<u128> = counts
        .iter()
        .map(|c| c[AGREE] + c[DISAGREE] + c[BLOCK] + abstain_if(c))
        .collect();
    let eligible: Vec<u128> = (0..n)
        .map(|c| {
            e.electorate
                .as_ref()
                .and_then(|el| el.get(c))
                .map_or(0, |v| u128::from(*v))
        })
        .collect();
    let plan = Plan::new(e, &counted);
    let over = |c: &[u128; 4], den: u128| -> Vec<Option<Fraction>> {
        let mut v = vec![ratio(c[AGREE], den), ratio(c[DISAGREE] + block_if(c), den)];
        if against {
            v.push(ratio(c[ABSTAIN], den));
        }
        v
    };
    let own_base = |c: usize| {
        if by_electorate {
            eligible[c]
        } else {
            base_counted(&counts[c])
        }
    };
    let mut units: Vec<([u128; 4], u128)> = vec![([0; 4], 0); plan.units()];
    for c in 0..n {
        let u = &mut units[plan.unit_of(c)];
        for (sum, v) in u.0.iter_mut().zip(counts[c]) {
            *sum += v;
        }
        u.1 += own_base(c);
    }
    let weighted: Vec<(Fraction, Vec<Option<Fraction>>)> = units
        .iter()
        .enumerate()
        .map(|(u, (c, den))| {
            let mut shares = over(c, *den);
            if *den == 0 && plan.zero && !plan.pooled && !by_electorate {
                shares = vec![Some(Fraction::zero()); keys.len()];
            } else if *den != 0 && plan.bloc {
                let (a, half) = (2 * c[AGREE], *den);
                let (yes, no) = match a.cmp(&half) {
                    std::cmp::Ordering::Greater => (1, 0),
                    std::cmp::Ordering::Equal => (1, 1),
                    std::cmp::Ordering::Less => (0, 1),
                };
                let split = yes + no;
                shares = vec![ratio(yes, split), ratio(no, split)];
                if against {
                    shares.push(Some(Fraction::zero()));
                }
            }
            (plan.unit_weight(u), shares)
        })
        .collect();
    let combined = combine(&weighted, keys.len());
    let takes_part: Vec<bool> = (0..n)
        .map(|c| {
            if plan.pooled {
                counted[c] > 0
            } else {
                weighted[c].1.first().is_some_and(Option::is_some)
            }
        })
        .collect();
    let college_shares: Vec<Vec<Option<Fraction>>> =
        (0..n).map(|c| over(&counts[c], own_base(c))).collect();
    let adopted = college_shares
        .iter()
        .map(|s| {
            Some(
                s[AGREE]
                    .as_ref()
                    .is_some_and(|a| passes(a, &threshold.share, threshold.strict)),
            )
        })
        .collect();
    let college_keys = e.college_keys();
    let blocks: u128 = (0..n)
        .filter(|c| plan.power[*c])
        .map(|c| counts[c][BLOCK])
        .sum();
    let mut reasons = Vec::new();
    let agree = combined[AGREE].clone();
    let verdict = if !block_disagrees && blocks > 0 {
        reasons.push(Reason::Blocked { blocks });
        Verdict::Blocked
    } else if let Some(vetoes) =
        class_consent(e, &counts, &base_counted, &college_keys, &mut reasons)
    {
        reasons = vetoes;
        Verdict::Vetoed
    } else if let Some(share) = agree {
        let (required, strict) = (threshold.share.clone(), threshold.strict);
        if passes(&share, &required, strict) {
            reasons.push(Reason::ThresholdPassed {
                share,
                required,
                strict,
            });
            Verdict::Adopted
        } else {
            reasons.push(Reason::ThresholdFailed {
                share,
                required,
                strict,
            });
            Verdict::Rejected
        }
    } else {
        reasons.push(Reason::NoCountedBallots);
        Verdict::Rejected
    };
    let pair = [
        combined[AGREE].clone().or(Some(Fraction::zero())),
        combined[DISAGREE].clone().or(Some(Fraction::zero())),
    ];
    Decision {
        verdict,
        winner: None,
        ranking: tier_names(&["agree", "disagree"], &pair),
        shares: named(&keys, &combined),
        effective: plan.effective(&takes_part, &counted),
        counted,
        college_shares: college_shares.iter().map(|s| named(&keys, s)).collect(),
        adopted,
        rounds: vec![],
        reasons,
    }
}

/// `Some(reasons)` when a class vetoes; otherwise pushes one "consent given" per class.
fn class_consent(
    e: &Election,
    counts: &[[u128; 4]],
    base: &dyn Fn(&[u128; 4]) -> u128,
    keys: &[&str],
    reasons: &mut Vec<Reason>,
) -> Option<Vec<Reason>> {
    let cc = e.rules.class_consent.as_ref()?;
    let (required, strict) = match &cc.threshold {
        Some(t) => (t.share.clone(), t.strict),
        None => (Fraction::new(1.into(), 2.into()), true),
    };
    let mut vetoes = Vec::new();
    let mut given = Vec::new();
    let index: std::collections::HashMap<&str, usize> =
        keys.iter().enumerate().map(|(i, k)| (*k, i)).collect();
    for name in &cc.colleges {
        let Some(&c) = index.get(name.as_str()) else {
            continue;
        };
        let Some(count) = counts.get(c) else { continue };
        let college = name.clone();
        match ratio(count[AGREE], base(count)) {
            None => vetoes.push(Reason::ClassVetoedEmpty { college }),
            Some(share) if passes(&share, &required, strict) => {
                given.push(Reason::ClassConsentGiven {
                    college,
                    share,
                    required: required.clone(),
                    strict,
                })
            }
            Some(share) => vetoes.push(Reason::ClassVetoed {
                college,
                share,
                required: required.clone(),
                strict,
            }),
        }
    }
    if vetoes.is_empty() {
        reasons.append(&mut given);
        None
    } else {
        Some(vetoes)
    }
}
