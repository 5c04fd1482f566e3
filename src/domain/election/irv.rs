//! Instant-runoff rounds on weighted ballots.

use super::model::{Choice, Election};
use super::reason::Reason;
use super::result::{Round, Verdict};
use super::tally::{Decision, named};
use super::weights::{Plan, tiers};
use crate::domain::fraction::Fraction;
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Zero};

/// Runs the rounds; fills `d`'s verdict, winner, ranking, shares, rounds and reasons.
pub(super) fn run(d: &mut Decision, e: &Election, plan: &Plan, factor: &[Option<Fraction>]) {
    let n = e.options.len();
    let units = plan.units();
    let ballots: Vec<(usize, &[u32], u128)> = e
        .ballots
        .iter()
        .filter_map(|b| match &b.choice {
            Choice::Ranked(list) if !list.is_empty() => {
                let u = plan.unit_of(b.college as usize);
                factor
                    .get(u)
                    .is_some_and(Option::is_some)
                    .then(|| (u, list.as_slice(), u128::from(b.count)))
            }
            _ => None,
        })
        .collect();
    let name = |o: usize| e.options.get(o).cloned().unwrap_or_default();
    // Every factor is g_u / lcm with g_u an integer: rounds are counted and compared in
    // integers (the scale changes no comparison) and turned into weights for display.
    let lcm = factor
        .iter()
        .flatten()
        .fold(BigInt::one(), |l, f| l.lcm(f.denom()));
    let scale = Fraction::new(BigInt::one(), lcm.clone());
    let g: Vec<Option<BigInt>> = factor
        .iter()
        .map(|f| f.as_ref().map(|f| f.numer() * (&lcm / f.denom())))
        .collect();
    let mut continuing = vec![true; n];
    let mut history: Vec<Vec<BigInt>> = Vec::new();
    let mut out_order: Vec<Vec<usize>> = Vec::new();
    let mut cnt = vec![0u128; units * n];
    loop {
        cnt.iter_mut().for_each(|c| *c = 0);
        for (u, list, k) in &ballots {
            if let Some(top) = list
                .iter()
                .map(|o| *o as usize)
                .find(|o| continuing.get(*o) == Some(&true))
                && let Some(c) = cnt.get_mut(u * n + top)
            {
                *c += k;
            }
        }
        let mut counts = vec![BigInt::zero(); n];
        for (u, gu) in g.iter().enumerate() {
            let Some(gu) = gu else { continue };
            for (o, slot) in counts.iter_mut().enumerate() {
                let v = cnt.get(u * n + o).copied().unwrap_or(0);
                if v != 0 {
                    *slot += gu * BigInt::from(v);
                }
            }
        }
        let cont: Vec<usize> = (0..n).filter(|o| continuing[*o]).collect();
        let total: BigInt = cont.iter().map(|o| &counts[*o]).sum();
        let round_counts: Vec<(String, Fraction)> = cont
            .iter()
            .map(|o| {
                (
                    name(*o),
                    Fraction::from_integer(counts[*o].clone()) * &scale,
                )
            })
            .collect();
        history.push(counts.clone());
        let round_no = history.len();
        let push_round = |d: &mut Decision, eliminated: &[usize]| {
            d.rounds.push(Round {
                counts: round_counts.clone(),
                eliminated: eliminated.iter().map(|o| name(*o)).collect(),
            })
        };
        if let Some(w) = cont.iter().find(|o| &counts[**o] * 2 > total) {
            push_round(d, &[]);
            d.verdict = Verdict::Decided;
            d.winner = Some(name(*w));
            d.reasons.push(Reason::IrvMajority {
                option: name(*w),
                round: round_no,
            });
            d.reasons.push(Reason::Winner { option: name(*w) });
            break;
        }
        let zeros: Vec<usize> = cont
            .iter()
            .copied()
            .filter(|o| counts[*o].is_zero())
            .collect();
        if !zeros.is_empty() && zeros.len() < cont.len() {
            push_round(d, &zeros);
            zeros.iter().for_each(|o| continuing[*o] = false);
            out_order.push(zeros);
            continue;
        }
        if total.is_zero() {
            push_round(d, &[]);
            d.verdict = Verdict::Tie;
            d.reasons.push(Reason::Tie {
                options: cont.iter().map(|o| name(*o)).collect(),
            });
            break;
        }
        let least = cont
            .iter()
            .map(|o| &counts[*o])
            .min()
            .cloned()
            .unwrap_or_default();
        let mut tied: Vec<usize> = cont
            .iter()
            .copied()
            .filter(|o| counts[*o] == least)
            .collect();
        for earlier in history.iter().rev().skip(1) {
            if tied.len() <= 1 {
                break;
            }
            let m = tied
                .iter()
                .map(|o| &earlier[*o])
                .min()
                .cloned()
                .unwrap_or_default();
            tied.retain(|o| earlier[*o] == m);
        }
        if let [loser] = tied.as_slice() {
            push_round(d, &[*loser]);
            continuing[*loser] = false;
            out_order.push(vec![*loser]);
            continue;
        }
        push_round(d, &[]);
        d.verdict = Verdict::Tie;
        d.reasons.push(Reason::IrvEliminationTie {
            options: tied.iter().map(|o| name(*o)).collect(),
            round: round_no,
        });
        break;
    }
    let last: Vec<Fraction> = history
        .last()
        .map(|l| {
            l.iter()
                .map(|v| Fraction::from_integer(v.clone()))
                .collect()
        })
        .unwrap_or_else(|| vec![Fraction::zero(); n]);
    let total: Fraction = (0..n)
        .filter(|o| continuing[*o])
        .map(|o| last[o].clone())
        .sum();
    let shares: Vec<Option<Fraction>> = (0..n)
        .map(|o| {
            Some(if continuing[o] && !total.is_zero() {
                &last[o] / &total
            } else {
                Fraction::zero()
            })
        })
        .collect();
    let names: Vec<&str> = e.options.iter().map(String::as_str).collect();
    d.shares = named(&names, &shares);
    let finals: Vec<Option<Fraction>> = (0..n)
        .map(|o| continuing[o].then(|| last[o].clone()))
        .collect();
    let mut ranking: Vec<Vec<usize>> = tiers(&finals)
        .into_iter()
        .filter(|t| t.iter().all(|o| continuing[*o]))
        .collect();
    ranking.extend(out_order.into_iter().rev());
    d.ranking = ranking
        .iter()
        .map(|t| t.iter().map(|o| name(*o)).collect())
        .collect();
}
