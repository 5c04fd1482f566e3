//! Who weighs what: fixed weights, headcount pooling, caps, and the quorum.

use super::model::Election;
use super::reason::Reason;
use super::rules::{EmptyCollege, QuorumBasis, QuorumScope, Weighting};
use crate::domain::fraction::Fraction;
use num_bigint::BigInt;
use num_traits::{One, Zero};

pub(super) fn int(n: u128) -> Fraction {
    Fraction::from_integer(BigInt::from(n))
}

/// `n / d`, or `None` when `d` is zero (the caller decides what "no base" means).
pub(super) fn ratio(n: u128, d: u128) -> Option<Fraction> {
    (d != 0).then(|| Fraction::new(BigInt::from(n), BigInt::from(d)))
}

/// `share > required` when strict, else `>=`: the one comparison every threshold uses.
pub(super) fn passes(share: &Fraction, required: &Fraction, strict: bool) -> bool {
    if strict {
        share > required
    } else {
        share >= required
    }
}

/// How colleges combine. `pooled`: headcount, the electorate is one college.
/// Otherwise each college is a unit of weight `weights[c]` (fixed, or computed by caps).
pub(super) struct Plan {
    pub pooled: bool,
    pub weights: Vec<Fraction>,
    pub bloc: bool,
    /// `empty_college: zero`: a college without counted ballots still takes part.
    pub zero: bool,
    /// Whether a college's ballots carry any power (a weight-0 college is consultative).
    pub power: Vec<bool>,
}

impl Plan {
    pub(super) fn new(e: &Election, counted: &[u128]) -> Plan {
        let rules = &e.rules;
        let n = counted.len();
        let bloc = rules.aggregation == super::rules::Aggregation::Bloc;
        let zero = rules.empty_college == EmptyCollege::Zero;
        match rules.weighting {
            Weighting::Fixed => {
                let weights: Vec<Fraction> = match &rules.colleges {
                    Some(cs) => cs
                        .iter()
                        .map(|c| c.weight.clone().unwrap_or_else(Fraction::zero))
                        .collect(),
                    None => vec![int(100)],
                };
                let power = weights.iter().map(|w| !w.is_zero()).collect();
                Plan {
                    pooled: false,
                    weights,
                    bloc,
                    zero,
                    power,
                }
            }
            Weighting::Headcount if rules.caps.is_empty() => Plan {
                pooled: true,
                weights: vec![Fraction::one(); n],
                bloc: false,
                zero: false,
                power: vec![true; n],
            },
            Weighting::Headcount => {
                let keys = e.college_keys();
                let listed: std::collections::HashMap<&str, &Fraction> = rules
                    .caps
                    .iter()
                    .map(|c| (c.college.as_str(), &c.max_weight))
                    .collect();
                let caps: Vec<Option<Fraction>> = keys
                    .iter()
                    .map(|k| listed.get(k).map(|m| (*m).clone()))
                    .collect();
                let power = caps
                    .iter()
                    .map(|c| c.as_ref().is_none_or(|m| !m.is_zero()))
                    .collect();
                Plan {
                    pooled: false,
                    weights: capped_weights(counted, &caps),
                    bloc,
                    zero,
                    power,
                }
            }
        }
    }

    /// Each college's unit: `Some(u)` for weighted plans, unit 0 for the pool.
    pub(super) fn units(&self) -> usize {
        if self.pooled { 1 } else { self.weights.len() }
    }

    pub(super) fn unit_of(&self, college: usize) -> usize {
        if self.pooled { 0 } else { college }
    }

    pub(super) fn unit_weight(&self, unit: usize) -> Fraction {
        if self.pooled {
            Fraction::one()
        } else {
            self.weights
                .get(unit)
                .cloned()
                .unwrap_or_else(Fraction::zero)
        }
    }

    /// Percent of the deciding weight per college (0 for colleges taking no part).
    pub(super) fn effective(&self, takes_part: &[bool], counted: &[u128]) -> Vec<Fraction> {
        let hundred = int(100);
        if self.pooled {
            let total: u128 = counted.iter().sum();
            return counted
                .iter()
                .map(|c| ratio(*c, total).map(|r| r * &hundred).unwrap_or_default())
                .collect();
        }
        let sum: Fraction = self
            .weights
            .iter()
            .zip(takes_part)
            .filter(|(_, p)| **p)
            .map(|(w, _)| w.clone())
            .sum();
        self.weights
            .iter()
            .zip(takes_part)
            .map(|(w, p)| {
                if *p && !sum.is_zero() {
                    w * &hundred / &sum
                } else {
                    Fraction::zero()
                }
            })
            .collect()
    }
}

/// Weights from counted ballots, each capped; what a cap removes goes to the uncapped
/// colleges in proportion to their ballots, until no cap is exceeded.
pub(super) fn capped_weights(counted: &[u128], caps: &[Option<Fraction>]) -> Vec<Fraction> {
    let n = counted.len();
    let mut fixed = vec![false; n];
    let mut weights = vec![Fraction::zero(); n];
    loop {
        let mut remaining = Fraction::one();
        for (c, cap) in caps.iter().enumerate() {
            if fixed.get(c).copied().unwrap_or(false) {
                remaining -= cap.clone().unwrap_or_default();
            }
        }
        let free: u128 = counted
            .iter()
            .zip(&fixed)
            .filter(|(_, f)| !**f)
            .map(|(n, _)| *n)
            .sum();
        let mut changed = false;
        for c in 0..n {
            if fixed[c] {
                weights[c] = caps[c].clone().unwrap_or_default();
                continue;
            }
            weights[c] = ratio(counted[c], free)
                .map(|r| r * &remaining)
                .unwrap_or_default();
            if let Some(cap) = &caps[c]
                && weights[c] > *cap
            {
                fixed[c] = true;
                changed = true;
            }
        }
        if !changed {
            return weights;
        }
    }
}

/// The quorum's verdict: `None` when there is no quorum rule.
pub(super) struct QuorumCheck {
    pub met: bool,
    pub reasons: Vec<Reason>,
    pub college_met: Vec<Option<bool>>,
}

pub(super) fn check_quorum(e: &Election, cast: &[u128]) -> Option<QuorumCheck> {
    let q = e.rules.quorum.as_ref()?;
    let electorate = e.electorate.as_ref()?;
    let required = q.turnout.clone();
    let turnouts: Vec<Option<Fraction>> = cast
        .iter()
        .zip(electorate)
        .map(|(b, n)| ratio(*b, u128::from(*n)))
        .collect();
    let college_met: Vec<Option<bool>> = turnouts
        .iter()
        .map(|t| t.as_ref().map(|t| *t >= required))
        .collect();
    let keys = e.college_keys();
    let any_eligible = electorate.iter().any(|n| *n > 0);
    if !any_eligible {
        return Some(QuorumCheck {
            met: false,
            reasons: vec![Reason::QuorumNoEligible],
            college_met,
        });
    }
    if q.scope == QuorumScope::EachCollege {
        let reasons: Vec<Reason> = keys
            .iter()
            .zip(&turnouts)
            .filter_map(|(k, t)| match t {
                Some(t) if *t < required => Some(Reason::QuorumCollegeNotMet {
                    college: k.to_string(),
                    turnout: t.clone(),
                    required: required.clone(),
                }),
                _ => None,
            })
            .collect();
        let met = reasons.is_empty();
        let reasons = if met {
            vec![Reason::QuorumEachMet { required }]
        } else {
            reasons
        };
        return Some(QuorumCheck {
            met,
            reasons,
            college_met,
        });
    }
    let weighted = q.basis == QuorumBasis::Weighted && e.rules.weighting == Weighting::Fixed;
    let turnout = if weighted {
        let plan = Plan::new(e, cast);
        let (mut num, mut den) = (Fraction::zero(), Fraction::zero());
        for (t, w) in turnouts.iter().zip(&plan.weights) {
            if let Some(t) = t {
                num += w * t;
                den += w;
            }
        }
        if den.is_zero() {
            Fraction::zero()
        } else {
            num / den
        }
    } else {
        let eligible: u128 = electorate.iter().map(|n| u128::from(*n)).sum();
        ratio(cast.iter().sum(), eligible).unwrap_or_default()
    };
    let met = turnout >= required;
    let reason = if met {
        Reason::QuorumMet { turnout, required }
    } else {
        Reason::QuorumNotMet { turnout, required }
    };
    Some(QuorumCheck {
        met,
        reasons: vec![reason],
        college_met,
    })
}

/// Combines per-unit shares: for each key, Σ w·s / Σ w over the units that take part
/// for it (`Some`). `None` when no unit takes part.
pub(super) fn combine(
    units: &[(Fraction, Vec<Option<Fraction>>)],
    keys: usize,
) -> Vec<Option<Fraction>> {
    (0..keys)
        .map(|k| {
            let (mut num, mut den) = (Fraction::zero(), Fraction::zero());
            for (w, shares) in units {
                if let Some(Some(s)) = shares.get(k) {
                    num += w * s;
                    den += w;
                }
            }
            (!den.is_zero()).then(|| num / den)
        })
        .collect()
}

/// `bloc`: the unit's whole weight to its top keys, split equally among ties.
pub(super) fn bloc_top(shares: &[Option<Fraction>]) -> Vec<Option<Fraction>> {
    let best = shares.iter().flatten().max().cloned();
    let Some(best) = best else {
        return shares.to_vec();
    };
    let tied = shares.iter().filter(|s| s.as_ref() == Some(&best)).count() as u128;
    shares
        .iter()
        .map(|s| {
            s.as_ref().map(|v| {
                if *v == best {
                    ratio(1, tied).unwrap_or_default()
                } else {
                    Fraction::zero()
                }
            })
        })
        .collect()
}

/// Tiers by value, best first; `None` (no part taken) ranks last; input order within a tier.
pub(super) fn tiers(values: &[Option<Fraction>]) -> Vec<Vec<usize>> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|a, b| values[*b].cmp(&values[*a]).then(a.cmp(b)));
    let mut out: Vec<Vec<usize>> = Vec::new();
    let mut last: Option<&Option<Fraction>> = None;
    for i in order {
        match (last, out.last_mut()) {
            (Some(v), Some(tier)) if *v == values[i] => tier.push(i),
            _ => out.push(vec![i]),
        }
        last = Some(&values[i]);
    }
    out
}
