//! `single`, `approval`, `dot` and `score`: a share per option per college, weighted.

use super::model::{Choice, Election, ElectionError, Method};
use super::reason::Reason;
use super::result::Verdict;
use super::tally::{Decision, named, tier_names};
use super::weights::{Plan, bloc_top, combine, passes, tiers};
use crate::domain::fraction::Fraction;
use num_bigint::BigInt;
use num_traits::Zero;

/// One college's (or the pool's) integers. For `score`, `values` are score sums and
/// `raters` the ballots rating each option; otherwise `den` is the share's base.
#[derive(Clone)]
struct Counts {
    values: Vec<i128>,
    raters: Vec<u128>,
    den: u128,
    counted: u128,
}

fn too_large() -> ElectionError {
    ElectionError::new("ballots: totals too large to count")
}

impl Counts {
    fn new(n: usize) -> Self {
        Counts {
            values: vec![0; n],
            raters: vec![0; n],
            den: 0,
            counted: 0,
        }
    }

    fn add_value(&mut self, option: u32, v: i128) -> Result<(), ElectionError> {
        let slot = self.values.get_mut(option as usize).ok_or_else(too_large)?;
        *slot = slot.checked_add(v).ok_or_else(too_large)?;
        Ok(())
    }

    fn merge(&mut self, other: &Counts) -> Result<(), ElectionError> {
        for (i, v) in other.values.iter().enumerate() {
            self.add_value(i as u32, *v)?;
        }
        for (a, b) in self.raters.iter_mut().zip(&other.raters) {
            *a += b;
        }
        self.den += other.den;
        self.counted += other.counted;
        Ok(())
    }

    fn shares(&self, method: Method) -> Vec<Option<Fraction>> {
        let frac =
            |n: i128, d: u128| (d != 0).then(|| Fraction::new(BigInt::from(n), BigInt::from(d)));
        if method == Method::Score {
            self.values
                .iter()
                .zip(&self.raters)
                .map(|(s, r)| frac(*s, *r))
                .collect()
        } else {
            self.values.iter().map(|v| frac(*v, self.den)).collect()
        }
    }
}

fn count(e: &Election) -> Result<Vec<Counts>, ElectionError> {
    let n = e.options.len();
    let mut colleges = vec![Counts::new(n); e.college_keys().len()];
    for b in &e.ballots {
        let Some(col) = colleges.get_mut(b.college as usize) else {
            continue;
        };
        let c = u128::from(b.count);
        let voted = match &b.choice {
            Choice::Single(Some(i)) => {
                col.add_value(*i, c as i128)?;
                col.den += c;
                true
            }
            Choice::Approval(list) if !list.is_empty() => {
                for i in list {
                    col.add_value(*i, c as i128)?;
                }
                col.den += c;
                true
            }
            Choice::Dot(list) => {
                let mut spent: u128 = 0;
                for (i, d) in list {
                    let dots = u128::from(*d).checked_mul(c).ok_or_else(too_large)?;
                    col.add_value(*i, i128::try_from(dots).map_err(|_| too_large())?)?;
                    spent += u128::from(*d);
                }
                col.den = col
                    .den
                    .checked_add(spent.checked_mul(c).ok_or_else(too_large)?)
                    .ok_or_else(too_large)?;
                spent > 0
            }
            Choice::Score(list) if !list.is_empty() => {
                for (i, s) in list {
                    col.add_value(
                        *i,
                        i128::from(*s)
                            .checked_mul(c as i128)
                            .ok_or_else(too_large)?,
                    )?;
                    if let Some(r) = col.raters.get_mut(*i as usize) {
                        *r += c;
                    }
                }
                true
            }
            _ => false,
        };
        if voted {
            col.counted += c;
        }
    }
    Ok(colleges)
}

pub(super) fn tally(e: &Election) -> Result<Decision, ElectionError> {
    let method = e.method;
    let colleges = count(e)?;
    let counted: Vec<u128> = colleges.iter().map(|c| c.counted).collect();
    let plan = Plan::new(e, &counted);
    let n = e.options.len();
    let mut units = vec![Counts::new(n); plan.units()];
    for (c, col) in colleges.iter().enumerate() {
        if let Some(u) = units.get_mut(plan.unit_of(c)) {
            u.merge(col)?;
        }
    }
    let weighted: Vec<(Fraction, Vec<Option<Fraction>>)> = units
        .iter()
        .enumerate()
        .map(|(u, counts)| {
            let mut shares = counts.shares(method);
            let empty = counts.counted == 0;
            if empty && plan.zero && !plan.pooled && method != Method::Score {
                shares = vec![Some(Fraction::zero()); n];
            } else if plan.bloc && !empty {
                shares = bloc_top(&shares);
            }
            (plan.unit_weight(u), shares)
        })
        .collect();
    let combined = combine(&weighted, n);
    let takes_part: Vec<bool> = (0..colleges.len())
        .map(|c| {
            if plan.pooled {
                counted[c] > 0
            } else {
                weighted
                    .get(c)
                    .is_some_and(|(_, s)| s.iter().any(Option::is_some))
            }
        })
        .collect();
    let names: Vec<&str> = e.options.iter().map(String::as_str).collect();
    let powered: u128 = counted
        .iter()
        .zip(&plan.power)
        .filter(|(_, p)| **p)
        .map(|(c, _)| *c)
        .sum();
    let any = powered > 0 && combined.iter().any(Option::is_some);
    let mut reasons = Vec::new();
    let (verdict, winner, ranking) = if !any {
        reasons.push(Reason::NoCountedBallots);
        reasons.push(Reason::Tie {
            options: e.options.clone(),
        });
        (Verdict::Tie, None, vec![e.options.clone()])
    } else {
        let ranking = tier_names(&names, &combined);
        let top = tiers(&combined).into_iter().next().unwrap_or_default();
        match top.as_slice() {
            [w] => {
                let option = e.options.get(*w).cloned().unwrap_or_default();
                let share = combined.get(*w).cloned().flatten().unwrap_or_default();
                match &e.rules.threshold {
                    Some(t) if method != Method::Score => {
                        let (required, strict) = (t.share.clone(), t.strict);
                        if passes(&share, &required, strict) {
                            reasons.push(Reason::OptionThresholdPassed {
                                option: option.clone(),
                                share,
                                required,
                                strict,
                            });
                            reasons.push(Reason::Winner {
                                option: option.clone(),
                            });
                            (Verdict::Decided, Some(option), ranking)
                        } else {
                            reasons.push(Reason::NoMajority {
                                option,
                                share,
                                required,
                                strict,
                            });
                            (Verdict::NoMajority, None, ranking)
                        }
                    }
                    _ => {
                        reasons.push(Reason::Winner {
                            option: option.clone(),
                        });
                        (Verdict::Decided, Some(option), ranking)
                    }
                }
            }
            tied => {
                let options = tied
                    .iter()
                    .filter_map(|i| e.options.get(*i).cloned())
                    .collect();
                reasons.push(Reason::Tie { options });
                (Verdict::Tie, None, ranking)
            }
        }
    };
    Ok(Decision {
        verdict,
        winner,
        ranking,
        shares: named(&names, &combined),
        effective: plan.effective(&takes_part, &counted),
        counted,
        college_shares: colleges
            .iter()
            .map(|c| named(&names, &c.shares(method)))
            .collect(),
        adopted: vec![],
        rounds: vec![],
        reasons,
    })
}
