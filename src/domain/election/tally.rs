//! The tally: count ballots per college in integers, weigh colleges once, decide exactly.
//! Outcome checks run in the spec's order: quorum, block, class consent, threshold.

use super::model::{Choice, ConsentChoice, Election, ElectionError, Method};
use super::reason::Reason;
use super::result::{CollegeResult, Outcome, Round, Shares, Verdict};
use super::weights::{Plan, check_quorum, combine, ratio, tiers};
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
        Method::Proposal => super::proposal::tally(e),
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
                // With an electorate every college reports these; a college without
                // eligible voters has turnout 0 and is not held to a quorum.
                turnout: eligible.map(|n| ratio(ballots, u128::from(n)).unwrap_or_default()),
                quorum_met: eligible.map(|_| {
                    quorum
                        .as_ref()
                        .is_none_or(|q| q.college_met.get(c).copied().flatten().unwrap_or(true))
                }),
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
        turnout: eligible_total.map(|n| ratio(cast.iter().sum(), n).unwrap_or_default()),
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
            // Shares are over all of the unit's ballots, but only a unit with a counted
            // ballot (consent or object) takes part; under `zero` one without counts for
            // nothing, like any empty college.
            let s = if c[0] + c[1] > 0 {
                over(c)
            } else if plan.zero && !plan.pooled {
                vec![Some(Fraction::zero()); 3]
            } else {
                vec![None; 3]
            };
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
