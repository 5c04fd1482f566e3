//! The tally: count ballots per college in integers, weigh colleges once, decide exactly.
//! Outcome checks run in the spec's order: quorum, block, class consent, threshold.

use super::model::{Choice, ConsentChoice, Election, ElectionError, Method, ProposalChoice};
use super::reason::Reason;
use super::result::{CollegeResult, Outcome, Round, Shares, Verdict};
use super::rules::{Abstentions, BlockMode, ThresholdBase};
use super::weights::{Plan, check_quorum, combine, passes, ratio, tiers};
use crate::domain::fraction::Fraction;
use num_traits::Zero;

/// What a method decides, before the quorum has its say.
pub(super) struct Decision {
    pub verdict: Verdict,
    pub winner: Option<String>,
    pub ranking: Vec<Vec<String>>,
    pub shares: Shares,
    pub counted: Vec<u128>,
    pub college_shares: Vec<Shares>,
    pub effective: Vec<Fraction>,
    pub adopted: Vec<Option<bool>>,
    pub rounds: Vec<Round>,
    pub reasons: Vec<Reason>,
}

/// Tallies a validated-on-the-way election.
pub fn tally(e: &Election) -> Result<Outcome, ElectionError> {
    e.validate()?;
    let keys = e.college_keys();
    let mut cast = vec![0u128; keys.len()];
    for b in &e.ballots {
        if let Some(n) = cast.get_mut(b.college as usize) {
            *n += u128::from(b.count);
        }
    }
    let quorum = check_quorum(e, &cast);
    let mut d = match e.method {
        Method::Proposal => proposal(e),
        Method::Consent => consent(e),
        Method::Ranked => super::ranked::tally(e),
        _ => super::options::tally(e)?,
    };
    if let Some(q) = &quorum {
        if q.met {
            let mut reasons = q.reasons.clone();
            reasons.append(&mut d.reasons);
            d.reasons = reasons;
        } else {
            d.verdict = Verdict::NoQuorum;
            d.winner = None;
            d.reasons = q.reasons.clone();
        }
    }
    let electorate = e.electorate.as_ref();
    let eligible_total: Option<u128> = electorate.map(|el| el.iter().map(|n| u128::from(*n)).sum());
    let given: Vec<Option<Fraction>> = match &e.rules.colleges {
        Some(cs) => cs.iter().map(|c| c.weight.clone()).collect(),
        None => vec![Some(Fraction::from_integer(100.into()))],
    };
    let colleges = keys
        .iter()
        .enumerate()
        .map(|(c, key)| {
            let eligible = electorate.and_then(|el| el.get(c).copied());
            let ballots = cast.get(c).copied().unwrap_or(0);
            CollegeResult {
                key: key.to_string(),
                weight: given.get(c).cloned().flatten(),
                effective_weight: d.effective.get(c).cloned().unwrap_or_default(),
                eligible,
                ballots,
                counted: d.counted.get(c).copied().unwrap_or(0),
                turnout: eligible.and_then(|n| ratio(ballots, u128::from(n))),
                quorum_met: quorum
                    .as_ref()
                    .and_then(|q| q.college_met.get(c).copied().flatten()),
                shares: d.college_shares.get(c).cloned().unwrap_or_default(),
                adopted: d.adopted.get(c).copied().flatten(),
            }
        })
        .collect();
    Ok(Outcome {
        method: e.method,
        verdict: d.verdict,
        winner: d.winner,
        ranking: d.ranking,
        shares: d.shares,
        turnout: eligible_total.and_then(|n| ratio(cast.iter().sum(), n)),
        colleges,
        rounds: d.rounds,
        reasons: d.reasons,
    })
}

pub(super) fn named(keys: &[&str], values: &[Option<Fraction>]) -> Shares {
    keys.iter()
        .zip(values)
        .map(|(k, v)| (k.to_string(), v.clone().unwrap_or_default()))
        .collect()
}

pub(super) fn tier_names(keys: &[&str], values: &[Option<Fraction>]) -> Vec<Vec<String>> {
    tiers(values)
        .into_iter()
        .map(|t| {
            t.into_iter()
                .filter_map(|i| keys.get(i).map(|k| k.to_string()))
                .collect()
        })
        .collect()
}

const AGREE: usize = 0;
const DISAGREE: usize = 1;
const ABSTAIN: usize = 2;
const BLOCK: usize = 3;

fn proposal(e: &Election) -> Decision {
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
        for k in 0..4 {
            u.0[k] += counts[c][k];
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
    for name in &cc.colleges {
        let Some(c) = keys.iter().position(|k| k == name) else {
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

fn consent(e: &Election) -> Decision {
    let n = e.college_keys().len();
    let mut counts = vec![[0u128; 3]; n];
    for b in &e.ballots {
        if let (Choice::Consent(c), Some(slot)) = (&b.choice, counts.get_mut(b.college as usize)) {
            slot[*c as usize] += u128::from(b.count);
        }
    }
    let keys = ["consent", "object", "stand_aside"];
    let counted: Vec<u128> = counts.iter().map(|c| c[0] + c[1]).collect();
    let plan = Plan::new(e, &counted);
    let over = |c: &[u128; 3]| -> Vec<Option<Fraction>> {
        let all = c[0] + c[1] + c[2];
        c.iter().map(|v| ratio(*v, all)).collect()
    };
    let mut units = vec![[0u128; 3]; plan.units()];
    for (c, count) in counts.iter().enumerate() {
        for k in 0..3 {
            units[plan.unit_of(c)][k] += count[k];
        }
    }
    let weighted: Vec<(Fraction, Vec<Option<Fraction>>)> = units
        .iter()
        .enumerate()
        .map(|(u, c)| {
            let mut s = over(c);
            if s[0].is_none() && plan.zero && !plan.pooled {
                s = vec![Some(Fraction::zero()); 3];
            }
            (plan.unit_weight(u), s)
        })
        .collect();
    let combined = combine(&weighted, 3);
    let takes_part: Vec<bool> = (0..n)
        .map(|c| {
            if plan.pooled {
                counted[c] > 0
            } else {
                weighted[c].1[0].is_some()
            }
        })
        .collect();
    let powered = |k: usize| -> u128 {
        (0..n)
            .filter(|c| plan.power[*c])
            .map(|c| counts[c][k])
            .sum()
    };
    let (objections, consents) = (
        powered(ConsentChoice::Object as usize),
        powered(ConsentChoice::Consent as usize),
    );
    let (verdict, reason) = if objections > 0 {
        (Verdict::Blocked, Reason::Objected { objections })
    } else if consents > 0 {
        (Verdict::Adopted, Reason::Consented { consents })
    } else {
        (Verdict::Rejected, Reason::NoConsent)
    };
    let ranked: Vec<Option<Fraction>> = combined
        .iter()
        .map(|s| s.clone().or(Some(Fraction::zero())))
        .collect();
    Decision {
        verdict,
        winner: None,
        ranking: tier_names(&keys, &ranked),
        shares: named(&keys, &combined),
        effective: plan.effective(&takes_part, &counted),
        counted,
        college_shares: counts.iter().map(|c| named(&keys, &over(c))).collect(),
        adopted: vec![],
        rounds: vec![],
        reasons: vec![reason],
    }
}
